"""The checking of one step under the derivation's assumptions: proof attempts, points in the common real domain,
exact or two-precision comparisons, and matrices checked entrywise."""

import itertools
import random
import re
from dataclasses import dataclass

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from numerics.errors import InvalidArgument, check_argument
from theorems.derivations import expectations, linear
from theorems.derivations.case_split import _KINKS, _SYMPY_FAILURES, _branch_value, _sign_cases, _smooth_proof, _split
from theorems.derivations.instances import (
    _integer_symbols, _random_function, _substitute_functions, _variables,
)
from theorems.derivations.report import SIGNS, StepResult
from theorems.symbolic.nets import logistic, relu

__all__ = []


def _parse_assumption(item, by_name):
    """``(name, sign)`` for a sign assumption, else a relational."""
    if isinstance(item, str):
        words = item.split()
        if len(words) >= 2 and all(w in SIGNS for w in words[1:]) and words[0] in by_name:
            return [(words[0], w) for w in words[1:]]
        try:
            item = sp.parse_expr(item, local_dict=dict(by_name), evaluate=False)
        except (SyntaxError, TypeError, ValueError, sp.SympifyError) as exc:
            raise InvalidArgument(f"cannot read the assumption {item!r}: {exc}") from None
    check_argument(isinstance(item, sp.core.relational.Relational) and not isinstance(item, sp.Eq),
                   f"an assumption is a sign ('x positive'), an inequality ('x > y') or a relational, "
                   f"not {item!r}")
    item = item.xreplace({s: by_name.get(s.name, s) for s in item.free_symbols})
    lhs, rhs = item.lhs, item.rhs
    strict = isinstance(item, (sp.StrictGreaterThan, sp.StrictLessThan))
    if isinstance(item, (sp.LessThan, sp.StrictLessThan)):
        lhs, rhs = rhs, lhs  # now lhs > rhs (or >=)
    if isinstance(item, sp.Ne):
        if lhs.is_Symbol and rhs == 0:
            return [(lhs.name, "nonzero")]
        return [item]
    if lhs.is_Symbol and rhs == 0:
        return [(lhs.name, "positive" if strict else "nonnegative")]
    if rhs.is_Symbol and lhs == 0:
        return [(rhs.name, "negative" if strict else "nonpositive")]
    return [sp.Gt(lhs, rhs) if strict else sp.Ge(lhs, rhs)]


def _one_variable_bound(d, relation):
    """A bound ``d <= 0`` (``<``, ``>=``, ``>``) in one real variable ``x``, proved by calculus on the interval its
    sign assumption gives, cut where a kink (``|u|``, ``max``, ``min``, ReLU) changes branch: on each piece ``d`` is
    continuous and differentiable, its critical points are finitely many and found exactly (``solveset``), and
    its values at them, at the closed ends and its limits at the open ends all have the sign claimed (strictly at
    the points the piece contains, for a strict bound).  None when any of that fails."""
    if len(d.free_symbols) != 1 or d.has(sp.Piecewise, sp.Sum, sp.Product, sp.Derivative, sp.Subs) or \
            d.atoms(AppliedUndef) or sp.count_ops(d) > 40:
        return None  # (an arbitrary function has no critical points to find)
    x = next(iter(d.free_symbols))
    low = sp.S.Zero if (x.is_positive or x.is_nonnegative) else -sp.oo
    high = sp.S.Zero if (x.is_negative or x.is_nonpositive) else sp.oo
    whole = sp.Interval(low, high, left_open=not x.is_nonnegative or x.is_positive or low == -sp.oo,
                        right_open=not x.is_nonpositive or x.is_negative or high == sp.oo)
    kinks = d.atoms(*_KINKS, sp.Max, sp.Min)
    cuts = set()
    for kink in kinks:  # where the branch may change: the argument's zero, or where two arguments of max meet
        for change in ([kink.args[0]] if len(kink.args) == 1 else [a - b for a in kink.args for b in kink.args
                                                                  if a != b]):
            zeros = sp.solveset(change, x, whole)
            if not isinstance(zeros, sp.FiniteSet) and zeros is not sp.S.EmptySet:
                return None
            cuts |= set(zeros)
    ends = sorted({whole.start, whole.end} | cuts, key=lambda e: float(e) if e.is_finite else float(e))
    found = []
    for a, b in zip(ends, ends[1:]):
        piece = sp.Interval(a, b, left_open=whole.left_open and a == whole.start,
                            right_open=whole.right_open and b == whole.end)
        middle = (a + b) / 2 if a.is_finite and b.is_finite else (b - 1 if a.is_infinite and b.is_finite else
                                                                 a + 1 if a.is_finite else sp.S.Zero)
        branches = {k: _branch(k, x, middle) for k in kinks}
        if any(v is None for v in branches.values()):
            return None
        critical = _bound_on(d.xreplace(branches), x, piece, relation)
        if critical is None:
            return None
        found += critical
    where = f"at its critical points {found} and " if found else "(no critical point) "
    cut = f", cut at {sorted(cuts, key=float)}" if cuts else ""
    return f"calculus in {x}: the sign of lhs - rhs {where}at the ends of {whole}{cut}"


def _two_variable_bound(d, relation):
    r"""A bound in two variables ``a, b`` that one variable decides: with ``b = a t`` (``a, b > 0``: AM-GM,
    :math:`\log\frac{a+b}{2} \ge \frac{\log a + \log b}{2}`) or ``b = a + t`` (:math:`e^{(a+b)/2} \le
    \frac{e^a + e^b}{2}`), ``lhs - rhs`` separates into a factor of ``a`` that is positive and a function of ``t``,
    whose sign :func:`_one_variable_bound` proves.  None otherwise."""
    if len(d.free_symbols) != 2 or d.atoms(AppliedUndef) or d.has(sp.Derivative, sp.Sum, sp.Product):
        return None
    for a, b in itertools.permutations(sorted(d.free_symbols, key=sp.default_sort_key)):
        ratio = sp.Symbol("t", positive=True) if a.is_positive and b.is_positive else None
        shift = sp.Symbol("t", real=True)
        for t, value in ((ratio, a * ratio if ratio is not None else None), (shift, a + shift)):
            if t is None:
                continue
            e = d.xreplace({b: value})
            e = sp.expand_log(sp.powsimp(e.replace(sp.log, lambda u: sp.log(sp.factor(u)))), force=False)
            parts = {"coeff": 1, a: 1, t: e} if e.free_symbols == {t} else \
                sp.separatevars(e, symbols=[a, t], dict=True, force=False)
            if not parts:
                continue
            scale, rest = sp.sympify(parts["coeff"] * parts.get(a, 1)), sp.sympify(parts.get(t, 1))
            if rest.free_symbols != {t} or not (scale.is_positive or scale.is_negative):
                continue
            flipped = relation if scale.is_positive else {"<=": ">=", "<": ">", ">=": "<=", ">": "<"}[relation]
            try:
                proof = _one_variable_bound(rest, flipped)
            except _Counterexample:  # a point in t, not in the user's variables: left to the evaluation
                proof = None
            if proof is not None:
                return f"{b} = {value}: a factor of constant sign times a function of {t}; {proof}"
    return None


def _branch(kink, x, point):
    """The smooth expression `kink` (``|u|``, ``max(a, b)`` ...) equals between two cuts, read at `point`."""
    if isinstance(kink, (sp.Max, sp.Min)):
        values = [a.subs(x, point) for a in kink.args]
        best = (max if isinstance(kink, sp.Max) else min)(range(len(values)), key=lambda k: float(values[k]))
        return kink.args[best]
    if isinstance(kink, (sp.sign, sp.Heaviside)):
        return None  # discontinuous: the value at a cut is not the branch's
    return _branch_value(kink, kink.args[0], bool(kink.args[0].subs(x, point) > 0))


def _bound_on(d, x, interval, relation):
    """The critical points of smooth `d` on `interval` when the bound holds there by calculus, else None."""
    slope = sp.diff(d, x)
    if any(sp.calculus.util.continuous_domain(e, x, interval) != interval for e in (d, slope)):
        return None  # a pole, a gap, or a point without a derivative (where a minimum could hide)
    critical = sp.solveset(slope, x, interval) if sp.simplify(slope) != 0 else sp.S.EmptySet  # constant: none
    if not isinstance(critical, sp.FiniteSet) and critical is not sp.S.EmptySet:
        return None
    critical = sorted(critical, key=sp.default_sort_key)
    low, high = interval.start, interval.end
    attained = critical + [e for e, open_ in ((low, interval.left_open), (high, interval.right_open)) if not open_]
    approached = [sp.limit(d, x, e, "+" if e == low else "-") for e, open_ in
                  ((low, interval.left_open), (high, interval.right_open)) if open_]
    sign = -1 if relation in ("<=", "<") else 1
    strict = relation in ("<", ">")
    for value in attained:
        v = sp.simplify(sign * d.subs(x, value))
        if (v.is_nonpositive if strict else v.is_negative) and value.is_finite:
            raise _Counterexample({x: value})  # the bound fails where the extremum is: a point to check
        if not (v.is_positive if strict else v.is_nonnegative):
            return None
    for value in approached:
        v = sign * value
        if v.has(sp.nan, sp.zoo) or not (v.is_nonnegative or v == sp.oo):
            return None
    return critical


def _canonical_sums(expr):
    """`expr` with each product of sums over distinct indices merged into one sum (``(sum_i a_i)(sum_j b_j)`` is
    ``sum_i sum_j a_i b_j``) and the limits of each sum put in one order where their bounds do not depend on each
    other (swapping finite sums): equal finite sums then look equal."""
    def merge(term):
        sums = [f for f in term.args if isinstance(f, sp.Sum)]
        if len(sums) < 2:
            return term
        variables = [v for s in sums for v in s.variables]
        if len(set(variables)) < len(variables) or any(
                set(s.variables) & (t.function.free_symbols | {b for lim in t.limits for b in lim[1:]})
                for s in sums for t in sums if s is not t):
            return term
        rest = sp.Mul(*[f for f in term.args if not isinstance(f, sp.Sum)])
        return rest * sp.Sum(sp.Mul(*[s.function for s in sums]), *[lim for s in sums for lim in s.limits])

    def order(s):
        variables = set(s.variables)
        if any((lim[1].free_symbols | lim[2].free_symbols) & variables for lim in s.limits):
            return s
        return sp.Sum(s.function, *sorted(s.limits, key=lambda lim: sp.default_sort_key(lim[0])))

    expr = expr.replace(lambda e: isinstance(e, sp.Mul) and e.has(sp.Sum), merge)
    return expr.replace(lambda e: isinstance(e, sp.Sum) and len(e.limits) > 1, order)


def _domain_region(a, b):
    """``; the left side is real on (-oo, 0), the right side is not`` for a step in one variable whose sides have
    different real domains (where SymPy finds them), else ``""``."""
    free = (a.free_symbols | b.free_symbols)
    if len(free) != 1 or a.has(sp.Sum, sp.Product, sp.Derivative, AppliedUndef):
        return ""
    x = next(iter(free))
    try:
        left, right = (sp.calculus.util.continuous_domain(e, x, sp.S.Reals) for e in (a, b))
        parts = [(side, sp.Complement(one, other)) for side, one, other in (("left", left, right),
                                                                          ("right", right, left))]
    except _SYMPY_FAILURES:
        return ""
    said = [f"the {side} side is real on {region}, the other is not" for side, region in parts
            if region is not sp.S.EmptySet and not isinstance(region, (sp.FiniteSet, sp.Complement))]
    return "; " + "; ".join(said) if said else ""


def _family(name, labels):
    """``p`` for ``p_i`` or ``p_{i}`` when ``p`` is an indexed family of the derivation, else `name`."""
    m = re.fullmatch(r"([A-Za-z]+)_\{?[A-Za-z0-9]+\}?", name)
    return m.group(1) if m and m.group(1) in labels else name


def _defined(expr, functions):
    """`expr` with each defined function replaced by its definition (derivatives done)."""
    for _ in range(len(functions) + 1):  # a definition may use another: L(w) = (sigma(wx) - y)^2 / 2
        pending = [(n, d) for n, d in functions.items() if d is not None and expr.has(sp.Function(n))]
        if not pending:
            return expr
        for name, definition in pending:
            try:
                expr = _substitute_functions(expr, {sp.Function(name): definition})
            except TypeError as exc:  # a Lambda applied to the wrong number of arguments
                raise InvalidArgument(f"{name} is defined as {definition}: {exc}") from None
    raise InvalidArgument(f"definitions that refer to each other without end: {', '.join(functions)}")


def _binds(expr, point):
    """Whether a sum or product of `expr` binds a symbol that `point` gives a value."""
    return any(limit[0] in point for s in expr.atoms(sp.Sum, sp.Product) for limit in s.limits)


class _Draws:
    """The seeded draws of the points and the random functions: Python's Mersenne Twister, so that checking a
    derivation needs no NumPy (a tenth of ``theorems check``'s start-up)."""

    def __init__(self, seed):
        self._random = random.Random(int(seed))

    def integers(self, low, high):
        """An integer in ``[low, high)``."""
        return self._random.randrange(low, high)

    def random(self):
        """A float in ``[0, 1)``."""
        return self._random.random()


class _Counterexample(Exception):
    """A point where calculus finds a bound fails (the extremum of a side's difference): checked by evaluation."""

    def __init__(self, point):
        super().__init__(point)
        self.point = point


class _Outside(Exception):
    """The point is outside the common real domain of the two sides."""


class _NotReal(_Outside):
    """The side is finite at the point but not real (a logarithm or an even root of a negative number)."""


def _odd_roots(expr):
    """Whether `expr` takes a root of odd degree (``x^{1/3}``): read as real by people, evaluated by SymPy as the
    principal complex value, so where it is not real the step's real domain cannot be told from the evaluation."""
    return any(p.exp.is_Rational and not p.exp.is_Integer and p.exp.q % 2 for p in expr.atoms(sp.Pow))


def _renamed(expr, rule):
    """`expr` with its symbols replaced by their canonical (real, signed) versions, all of them.

    SymPy's ``Subs`` compares and hashes equal when its points differ only in assumptions (``Subs(g'(t), t, x)`` and
    the same at a real ``x``), so its cache can hand back the product built before the renaming, with the old ``x``
    still in it: ``f'(g(x)) g'(x)`` was then evaluated at a point that gave ``x`` a second, random value, and the
    chain rule was "refuted".  When a symbol survives the renaming, the cache is cleared and the renaming redone.
    """
    renamed = expr.xreplace(rule)
    stale = {s for s in renamed.free_symbols if s in rule and rule[s].assumptions0 != s.assumptions0}
    if stale:
        sp.core.cache.clear_cache()
        renamed = expr.xreplace(rule)
        stale = {s for s in renamed.free_symbols if s in rule and rule[s].assumptions0 != s.assumptions0}
        if stale:
            raise InvalidArgument(f"cannot give the symbols {sorted(map(str, stale))} their assumptions in "
                                  f"{sp.sstr(expr)[:200]}")
    return renamed


@dataclass
class _Context:
    """What every step is checked under: the symbols (as real, with their signs), the assumptions, the seed."""

    canon: dict
    relations: list
    substitutions: dict
    functions: dict
    integers: set
    rng: "_Draws"
    points: int
    digits: int
    assumption_text: tuple

    @classmethod
    def build(cls, exprs, assumptions, functions, seed, points, digits):
        exprs = [_defined(e, functions) for e in exprs]
        names = {}
        for e in exprs:  # bound ones too: the j of d/dw_j is an integer, as the i of a sum is
            for s in e.atoms(sp.Symbol):
                if isinstance(s, sp.Symbol):
                    names.setdefault(s.name, s)
            for s in e.atoms(sp.Dummy):
                names.setdefault(s.name, s)
        by_name = {n: sp.Symbol(n) for n in names}
        labels = {a.base.label.name for e in exprs for a in e.atoms(sp.Indexed)}
        signs, relations, text = {}, [], []
        for item in assumptions:
            text.append(str(item))
            for parsed in _parse_assumption(item, by_name):
                if isinstance(parsed, tuple):
                    name = _family(parsed[0], labels) if parsed[0] not in names else parsed[0]
                    check_argument(name in names, "the assumption {!r} names {!r}, which is not in the "
                                   "derivation", item, parsed[0])
                    signs.setdefault(name, {})[parsed[1]] = True  # p_i > 0: every entry of the family p
                else:
                    relations.append(parsed)
        integers = {s.name for s in _integer_symbols(exprs)}
        symbols = {}
        for name, s in names.items():
            flags = {"real": True, **signs.get(name, {})}
            if name in integers or s.is_integer:
                flags["integer"] = True
            symbols[name] = sp.Symbol(name, **flags)
        canon = {s: symbols[s.name] for e in exprs for s in e.atoms(sp.Symbol)}
        relations = [r.xreplace({s: symbols[s.name] for s in r.free_symbols if s.name in symbols})
                     for r in relations]
        check_argument(sp.false not in relations, "the assumptions contradict each other: {}", ", ".join(text))
        relations = [r for r in relations if r != sp.true]
        missing = sorted({s.name for r in relations for s in r.free_symbols} - set(symbols))
        check_argument(not missing, "the assumptions name {}, which the derivation does not", ", ".join(missing))
        substitutions = {}
        for r in relations:  # s > expr (or >=) with s a plain symbol: s = expr + t, t > 0 (t >= 0)
            s, bound = r.lhs, r.rhs
            if s.is_Symbol and s not in bound.free_symbols and s not in substitutions and not signs.get(s.name):
                positive = {"positive": True} if isinstance(r, sp.Gt) else {"nonnegative": True}
                substitutions[s] = bound + sp.Symbol(f"{s.name}_excess", real=True, **positive)
        return cls(canon, relations, substitutions, functions, {symbols[n] for n in integers if n in symbols},
                   _Draws(seed), points, digits, tuple(text))

    # -- preparation ----------------------------------------------------------------------------------------

    def _prepare(self, expr):
        """`expr` with the definitions substituted, then its symbols made canonical: a definition's ``x`` and
        ``y`` are the chain's."""
        return _renamed(_defined(expr, self.functions), self.canon)

    def check(self, index, lhs, rhs, relation):
        a, b = self._prepare(lhs), self._prepare(rhs)
        common = dict(index=index, lhs=lhs, rhs=rhs, relation=relation)
        undefined = [e for e in (a, b) if isinstance(e, linear.Undefined)]
        if undefined:
            side = "left" if isinstance(a, linear.Undefined) else "right"
            return StepResult(verdict="refuted", method=f"the {side} side is undefined for the shapes of the sides "
                              f"before it: {undefined[0].reason}", **common)
        if any(e.atoms(expectations._Random) for e in (a, b)):
            return self._check_random(a, b, relation, common)
        if any(isinstance(e, (sp.MatrixBase, sp.MatrixExpr)) or e.atoms(sp.MatrixSymbol) for e in (a, b)):
            return self._check_matrix(a, b, relation, common)  # matrices, and scalars of them such as Trace(A*B)
        try:
            proof = self._prove(a, b, relation)
        except _Counterexample as found:
            refuted = self._at(a, b, relation, found.point, common)
            if refuted is not None:
                return refuted
            proof = None
        if proof is not None:
            return StepResult(verdict="proved", method=proof, **common)
        return self._evaluate(a, b, relation, common)

    def _at(self, a, b, relation, point, common):
        """The step refuted at `point` (in the variables of the proof attempt), when evaluating both sides there
        confirms it; else None."""
        original = {}
        for s, value in self.substitutions.items():  # x = -1 + x_excess: the user's x at the point
            if set(point) & value.free_symbols:
                original[s] = value.xreplace(point)
        original.update({s: v for s, v in point.items() if s not in {e for v in self.substitutions.values()
                                                                      for e in v.free_symbols}})
        if not all(r.xreplace(original) == sp.true for r in self.relations):
            return None  # the extremum lies outside what the assumptions allow (x = 5 under x < 1)
        try:
            holds, x, y, how = self._compare(a, b, original, {}, relation)
        except _Outside:
            return None
        if holds or not self._confirmed(a, b, original, {}, relation):
            return None
        shown = {str(k): str(v) for k, v in sorted(original.items(), key=lambda kv: sp.default_sort_key(kv[0]))}
        return StepResult(verdict="refuted", method=f"{how}, at the extremum calculus finds", point=shown,
                          values=(x, y), points=1, digits=2 * self.digits, **common)

    # -- symbolic -------------------------------------------------------------------------------------------

    def _prove(self, a, b, relation):
        try:
            d = sp.sympify((a - b).doit())
        except _SYMPY_FAILURES:
            return None
        ranged = d != 0 and relation == "=" and d.has(sp.KroneckerDelta, sp.Piecewise)
        if ranged:  # sum_i delta_ij x_i is x_j where the assumptions put j in the range
            try:
                d = self._in_range(d.doit())
            except _SYMPY_FAILURES:
                return None
        d = d.xreplace(self.substitutions)
        if relation != "=":
            return self._prove_bound(d, relation)
        if d == 0 or (ranged and sp.expand(d) == 0):
            return "doit, with the index ranges of the assumptions" if ranged else "doit"
        if d.has(sp.Sum) and sp.expand(_canonical_sums(sp.expand(d))) == 0:
            return "finite sums reordered and products of sums merged"
        d = _sign_cases(d)
        if d.atoms(*_KINKS):
            return _split(d, _smooth_proof)
        proof = _smooth_proof(d)
        if proof is not None:
            return proof
        try:
            return "simplify" if sp.simplify(d) == 0 else None
        except _SYMPY_FAILURES:
            return None

    def _in_range(self, expr):
        """`expr` with each condition of its piecewise parts that an assumption states (``j >= 1``, ``d >= j``)
        made true."""
        def key(r):
            lhs, rhs = (r.rhs, r.lhs) if isinstance(r, (sp.LessThan, sp.StrictLessThan)) else (r.lhs, r.rhs)
            return isinstance(r, (sp.StrictGreaterThan, sp.StrictLessThan)), sp.expand(lhs - rhs)

        known = {key(r) for r in self.relations}
        known |= {(False, k) for strict, k in known if strict}  # > implies >=

        def stated(r):
            return isinstance(r, (sp.GreaterThan, sp.StrictGreaterThan, sp.LessThan, sp.StrictLessThan)) and \
                key(r) in known
        if not expr.has(sp.Piecewise):
            return expr
        expr = expr.replace(stated, lambda r: sp.true)
        for r in self.relations:  # sum_k r^k: the case r = 1 is out when r < 1 is assumed
            expr = sp.refine(expr, r)
        return expr

    def _prove_bound(self, d, relation):
        """``d = lhs - rhs``: proved when its sign follows from the assumptions."""
        wanted = {"<=": "is_nonpositive", "<": "is_negative", ">=": "is_nonnegative", ">": "is_positive"}[relation]
        for name, form in (("lhs - rhs", lambda e: e), ("the factored lhs - rhs", sp.factor),
                           ("the simplified lhs - rhs", sp.simplify)):
            try:
                if getattr(form(d), wanted) is True:
                    return f"the sign of {name} follows from the assumptions"
            except _SYMPY_FAILURES:
                continue
        try:
            return _one_variable_bound(d, relation) or _two_variable_bound(d, relation)
        except _SYMPY_FAILURES:  # (a _Counterexample goes through, to be checked by evaluation)
            return None

    # -- numeric --------------------------------------------------------------------------------------------

    def _draw(self, variables):
        """A point: rationals respecting the signs, integers 1..6 for integer symbols, meeting the relations."""
        for _ in range(200):
            point = {}
            for v in sorted(variables, key=sp.default_sort_key):
                if v in self.integers or getattr(v, "is_integer", False):
                    low = 0 if v.is_nonnegative and not v.is_positive else 1
                    value = sp.Integer(int(self.rng.integers(low, 7)))
                    if v.is_negative or v.is_nonpositive:
                        value = -value
                else:
                    value = sp.Rational(int(self.rng.integers(1, 6)), int(self.rng.integers(1, 5)))
                    if v.is_nonnegative and not v.is_positive and self.rng.random() < 0.1:
                        value = sp.S.Zero
                    if v.is_negative or v.is_nonpositive or (not v.is_nonnegative and self.rng.random() < 0.5):
                        value = -value
                point[v] = value
            if all(r.xreplace(point) == sp.true for r in self.relations
                   if r.free_symbols <= set(point)):
                return point
        raise InvalidArgument("no point satisfying the assumptions was found in 200 draws: "
                              + ", ".join(self.assumption_text))

    def _instances(self, expr):
        """Concrete random functions for the undefined ones in `expr`: ``{Function: Lambda}``."""
        undefined = {}
        for f in expr.atoms(AppliedUndef):
            undefined[f.func] = len(f.args)
        for d in expr.atoms(sp.Derivative, sp.Subs):
            for f in d.atoms(AppliedUndef):
                undefined[f.func] = len(f.args)
        return {f: _random_function(arity, self.rng) for f, arity in sorted(undefined.items(), key=str)}

    def _value(self, expr, point, extra, dps):
        try:  # subs, not xreplace: a free i and the bound i of a sum are different things (x_i = sum_i ...)
            value = expr.subs(point).doit() if _binds(expr, point) else expr.xreplace(point).doit()
        except _SYMPY_FAILURES:
            raise _Outside() from None
        if isinstance(value, sp.MatrixBase):
            raise _Outside()
        variables = _variables(value)
        if variables:  # indexed elements that appear once the sums are expanded
            for v in sorted(variables - set(extra), key=sp.default_sort_key):
                extra[v] = sp.Rational(int(self.rng.integers(-5, 6)) or 1, int(self.rng.integers(1, 5)))
                if v.is_nonnegative or v.is_nonpositive:  # the entries of a family assumed positive
                    extra[v] = abs(extra[v]) * (-1 if v.is_nonpositive else 1)
            value = value.xreplace(extra)
        if not value.is_number:
            raise _Outside()
        if value.is_Rational:
            return value, True
        number = sp.N(value, dps)
        if number.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not number.is_finite:
            raise _Outside()
        re, im = number.as_real_imag()
        if im != 0 and abs(im) > sp.Float(10) ** (-dps // 2) * max(1, abs(re)):
            raise _NotReal()
        return mpmath.mpf(sp.Float(re, dps)._mpf_), False

    def _compare(self, a, b, point, extra, relation):
        """``(holds, lhs_text, rhs_text, how)`` at `point`, or raise _Outside."""
        exact = []
        high = []
        domains = not (_odd_roots(a) or _odd_roots(b))
        for dps in (self.digits, 2 * self.digits):
            with mpmath.workdps(2 * self.digits + 10):
                sides = []
                for side in (a, b):
                    try:
                        sides.append(self._value(side, point, extra, dps))
                    except _NotReal:
                        sides.append(None)
                if sides.count(None) == 1 and domains:  # one side is real here, the other is not, at both precisions
                    if dps == self.digits:
                        continue
                    real = next(s for s in sides if s is not None)[0]
                    text = [str(real) if isinstance(real, sp.Rational) else mpmath.nstr(real, self.digits)] * 2
                    text[sides.index(None)] = "not real"
                    which = "left" if sides[0] is not None else "right"
                    return False, *text, (f"the real domains differ: the {which} side is real here and the other "
                                          f"is not (at {self.digits} and {2 * self.digits} digits)")
                if None in sides:
                    raise _Outside()
                (x, ex), (y, ey) = sides
                if ex and ey:
                    exact = [x, y]
                    break
                high.append((mpmath.mpf(x), mpmath.mpf(y)))
        if exact:
            x, y = exact
            holds = {"=": x == y, "<=": x <= y, "<": x < y, ">=": x >= y, ">": x > y}[relation]
            return holds, str(x), str(y), "exact evaluation"
        with mpmath.workdps(2 * self.digits + 10):
            (x1, y1), (x2, y2) = high
            # each side is correct to its digits (SymPy's evalf raises its working precision as it needs): the
            # difference at 2 * digits is trusted when the one at `digits` agrees with it to its own accuracy
            d1, d2 = x1 - y1, x2 - y2
            scale = max(1, abs(x2), abs(y2))
            text = (mpmath.nstr(x2, self.digits), mpmath.nstr(y2, self.digits))
            if abs(d2) <= mpmath.mpf(10) ** (3 - 2 * self.digits) * scale:
                if relation in ("<", ">"):
                    raise _Outside()  # a strict bound at equality cannot be decided in floating point
                return True, *text, ""
            if abs(d1 - d2) > mpmath.mpf(10) ** (3 - self.digits) * scale:
                raise _Outside()  # the difference moved with the precision: not trusted either way
            holds = {"=": False, "<=": d2 < 0, "<": d2 < 0, ">=": d2 > 0, ">": d2 > 0}[relation]
            return holds, *text, f"mpmath at {self.digits} and {2 * self.digits} digits"

    def _evaluate(self, a, b, relation, common, shapes=""):
        tried = agreed = 0
        variables = _variables(a) | _variables(b)
        if not variables and not self._instances(sp.Tuple(a, b)) and not (a.has(sp.Sum) or b.has(sp.Sum)):
            return self._constant(a, b, relation, common)
        for draw in range(4):  # four draws of the arbitrary functions, a quarter of the points each
            instances = self._instances(sp.Tuple(a, b))
            fa, fb = (_substitute_functions(e, instances) for e in (a, b))
            target, attempts = -(-self.points * (draw + 1) // 4), 0
            while agreed < target and attempts < 3 * self.points:
                point, extra = self._draw(variables), {}
                tried, attempts = tried + 1, attempts + 1
                try:
                    holds, x, y, how = self._compare(fa, fb, point, extra, relation)
                except _Outside:
                    continue
                if not holds:
                    values = {**point, **extra}
                    if not self._confirmed(a, b, values, instances, relation):
                        continue  # the second evaluation does not see the difference: no verdict from this point
                    shown = {str(k): str(values[k]) for k in sorted(values, key=sp.default_sort_key)}
                    shown.update({str(f): str(g) for f, g in instances.items()})
                    if how.startswith("the real domains differ"):
                        how += _domain_region(fa, fb)
                    return StepResult(verdict="refuted", method=how + shapes, point=shown, values=(x, y),
                                      points=agreed + 1, digits=2 * self.digits, **common)
                agreed += 1
        if agreed >= self.points:
            return StepResult(verdict="numerically consistent", method=f"agrees at {agreed} points to "
                              f"{2 * self.digits} digits{shapes}", points=agreed, digits=2 * self.digits, **common)
        return StepResult(verdict="undecided", method=f"not proved; only {agreed} of {tried} points were in the "
                          f"common real domain of both sides{shapes}", points=agreed, digits=self.digits, **common)

    def _confirmed(self, a, b, values, instances, relation):
        """Whether a second evaluation of the step at `values`, by another route, sees it fail: the concrete
        functions put in, the point substituted by ``subs`` (which respects the indices sums bind), and both sides
        computed by mpmath at three times the digits through ``lambdify``, not by SymPy's ``evalf``.  A refutation is reported
        only when both evaluations agree that the step fails there."""
        sides = []
        for side in (a, b):
            try:
                e = _substitute_functions(side, instances)
                e = e.subs(values).doit().subs(values).doit()  # (the entries a sum shows once expanded)
                e = e.replace(lambda u: isinstance(u, relu), lambda u: sp.Max(0, u.args[0]))
                e = e.replace(lambda u: isinstance(u, logistic), lambda u: 1 / (1 + sp.exp(-u.args[0])))
                if e.free_symbols:
                    return False
                with mpmath.workdps(3 * self.digits + 10):
                    value = sp.lambdify([], e, modules="mpmath")()
                    if isinstance(value, mpmath.mpc):
                        if abs(value.imag) > mpmath.mpf(10) ** (-self.digits) * max(1, abs(value.real)):
                            sides.append(None)
                            continue
                        value = value.real
                    sides.append(mpmath.mpf(value))
            except (*_SYMPY_FAILURES, ZeroDivisionError, OverflowError, NameError):
                return False
        if sides.count(None) == 1:
            return True  # real on one side only: the domains differ here, as the first evaluation found
        if None in sides:
            return False
        x, y = sides
        with mpmath.workdps(3 * self.digits + 10):
            slack = mpmath.mpf(10) ** (3 - 2 * self.digits) * max(1, abs(x), abs(y))
            return {"=": abs(x - y) > slack, "<=": x > y + slack, "<": x >= y - slack, ">=": x < y - slack,
                    ">": x <= y + slack}[relation]

    def _constant(self, a, b, relation, common):
        """A step without variables: one evaluation decides it."""
        try:
            holds, x, y, how = self._compare(a, b, {}, {}, relation)
        except _Outside:
            return StepResult(verdict="undecided", method="not proved, and the sides are not both real and finite "
                              "or their difference is not resolved at this precision", **common)
        if not holds and self._confirmed(a, b, {}, {}, relation):
            return StepResult(verdict="refuted", method=how, point={}, values=(x, y), points=1,
                              digits=2 * self.digits, **common)
        return StepResult(verdict="numerically consistent", method=f"equal to {2 * self.digits} digits (no "
                          "variables)", points=1, digits=2 * self.digits, **common)

    # -- expectations ---------------------------------------------------------------------------------------

    def _check_random(self, a, b, relation, common):
        """A step between expectations: exact moments for named distributions; otherwise proved by linearity of
        expectation, or checked on random finite distributions."""
        law = _law(a, b)
        if law is None:
            raise InvalidArgument("the two sides of a step have different random variables")
        a, b = (expectations.expand_definitions(e) for e in (a, b))
        if law.named:
            if set(law.named) != set(law.variables):
                raise InvalidArgument("a chain mixes variables of named distributions with generic ones")
            try:
                a, b = (expectations.exact(e, law) for e in (a, b))
            except _SYMPY_FAILURES + (NotImplementedError,):
                return StepResult(verdict="undecided", method="sympy.stats could not compute an expectation",
                                  **common)
            try:
                proof = self._prove(a, b, relation)
            except _Counterexample:
                proof = None
            if proof is not None:
                return StepResult(verdict="proved", method=f"the exact moments of the named distribution "
                                  f"(sympy.stats), then {proof}", **common)
            result = self._evaluate(a, b, relation, common, shapes=" (exact moments of the named distribution)")
            return result
        try:
            (ma, table_a), (mb, table_b) = (expectations.moments(e, law) for e in (a, b))
        except (ValueError, *_SYMPY_FAILURES):
            ma = None
        if ma is not None:
            table = {**table_a, **table_b}
            d = sp.expand(ma - mb)
            if relation == "=" and (d == 0 or linear._zero(d)):
                return StepResult(verdict="proved", method="linearity of expectation" + (
                    " and independence" if law.groups and not _without_independence(a, b, law) else "") +
                    ": both sides are the same polynomial in the moments, for every distribution with them finite",
                    **common)
            if relation != "=":
                wanted = {"<=": "is_nonpositive", "<": "is_negative", ">=": "is_nonnegative",
                          ">": "is_positive"}[relation]
                form = expectations.variance_form(d, table)
                for candidate in (form, sp.factor(form)):
                    if getattr(candidate, wanted) is True:
                        return StepResult(verdict="proved", method="linearity of expectation, with each second "
                                          "moment a variance (nonnegative) plus a squared mean: lhs - rhs = "
                                          f"{sp.sstr(candidate)}", **common)
        positive = {v for v in law.variables if v.is_positive or v.is_nonnegative}
        centred = {v: m for v, m in law.means.items()}
        agreed, draws = [], 4
        for draw in range(draws):
            atoms = expectations.finite(law, self.rng, positive, centred)
            fa, fb = (expectations.on_finite(e, atoms) for e in (a, b))
            shown = expectations.describe(atoms)
            result = self._evaluate(fa, fb, relation, common, shapes=" on a random finite distribution (below)")
            if result.verdict == "refuted":
                import dataclasses

                return dataclasses.replace(result, point={**result.point, "distribution": shown})
            if result.verdict != "numerically consistent":
                return result
            agreed.append(result.points)
        return StepResult(verdict="numerically consistent", method=f"not proved; agrees on {draws} random finite "
                          f"distributions (shared atoms for dependent variables), {min(agreed)} or more points each,"
                          f" to {2 * self.digits} digits", points=min(agreed), digits=2 * self.digits, **common)

    # -- matrices -------------------------------------------------------------------------------------------

    def _check_matrix(self, a, b, relation, common):
        """A step between matrices, or between scalars made of matrices: proved by matrix algebra for every shape
        (:func:`theorems.derivations.linear.prove`), else compared entrywise on explicit matrices for several
        shapes (every dimension 2, every dimension 1, the dimensions 2, 3, 3, ... in both orders, a random draw
        from 1 to 3)."""
        kinds = [isinstance(e, (sp.MatrixBase, sp.MatrixExpr)) for e in (a, b)]
        if relation == "=" and kinds[0] == kinds[1]:
            try:
                d = (a - b).doit()
                if (isinstance(d, sp.MatrixExpr) and d.is_ZeroMatrix) or \
                        (isinstance(d, sp.MatrixBase) and all(sp.expand(x) == 0 for x in d)) or d == 0:
                    return StepResult(verdict="proved", method="doit", **common)
            except (sp.ShapeError, *_SYMPY_FAILURES):
                pass
            proof = linear.prove(a, b)
            if proof is not None:
                return StepResult(verdict="proved", method=proof, **common)
        sizes = sorted({s for e in (a, b) for node in sp.preorder_traversal(e) if isinstance(node, sp.MatrixExpr)
                        for size in node.shape for s in sp.sympify(size).free_symbols}, key=sp.default_sort_key)
        if kinds[0] != kinds[1]:
            shape = (a if kinds[0] else b).shape
            sides = [f"a {shape[0]} x {shape[1]} matrix", "a scalar"]
            if not kinds[0]:
                sides.reverse()
            return StepResult(verdict="refuted", method=f"the shapes differ: the left side is {sides[0]}, the right "
                              f"side {sides[1]} (a vector or matrix is never a scalar)", values=tuple(
                                  str(s) for s in ((a.shape if kinds[0] else "scalar"),
                                                   (b.shape if kinds[1] else "scalar"))), point={}, **common)
        ladder = tuple(min(2 + k, 3) for k in range(len(sizes)))  # unequal dimensions both ways: X^+ X = I fails
        assignments = [dict(zip(sizes, v)) for v in ([(2,) * len(sizes), (1,) * len(sizes), ladder, ladder[::-1]] + [
            tuple(int(self.rng.integers(1, 4)) for _ in sizes)])] if sizes else [{}]  # when rows < columns
        assignments = [dict(t) for t in dict.fromkeys(tuple(sorted(x.items(), key=str)) for x in assignments)]
        indices = _entry_indices(a, b)
        if indices:  # d/dW_{jk}: every entry of every shape tried
            assignments = [{**x, **dict(zip(indices, values))} for x in assignments
                           for values in itertools.product(*[range(1, int(sp.sympify(size).xreplace(x)) + 1)
                                                             for size in indices.values()])]
        proofs, points = [], []
        for assignment in assignments:
            shown = ", ".join(f"{k} = {v}" for k, v in assignment.items())
            try:
                A, B = (linear.explicit(e, assignment) for e in (a, b))
            except ZeroDivisionError:
                continue
            if not isinstance(A, sp.MatrixBase):
                A, B = sp.Matrix([[A]]), sp.Matrix([[B]])
            if A.shape != B.shape:
                return StepResult(verdict="refuted", method=f"the shapes differ{' at ' + shown if shown else ''}",
                                  values=(str(A.shape), str(B.shape)), point=dict(
                                      (str(k), str(v)) for k, v in assignment.items()), **common)
            entries = [self._prove(x, y, relation) if relation == "=" and sp.count_ops(x) + sp.count_ops(y) < 400
                       else None for x, y in zip(A, B)]  # (an explicit inverse's entries are evaluated, not simplified)
            if all(p is not None for p in entries):
                proofs.append(", ".join(f"{k} = {v}" for k, v in assignment.items() if k not in indices) +
                              (f" (every {', '.join(map(str, indices))})" if indices else ""))
                continue
            for (x, y), p in zip(zip(A, B), entries):
                if p is None:
                    result = self._evaluate(x, y, relation, common,
                                            shapes=f" (entrywise{', ' + shown if shown else ''})")
                    if result.verdict == "refuted":
                        return _with_matrices(result, assignment, (a, b))
                    if result.verdict != "numerically consistent":
                        return result
                    points.append(result.points)
        if not proofs and not points:
            return StepResult(verdict="undecided", method="not proved, and every shape tried made a matrix "
                              "singular", **common)
        if len(proofs) == len(assignments) and not sizes and not indices:
            return StepResult(verdict="proved", method="entrywise", **common)
        shapes = "; ".join(dict.fromkeys(a or "the given shapes" for a in proofs))
        if not points:
            method = f"exact entrywise for the shapes {shapes} (not a proof for every shape)"
        else:
            method = (f"exact entrywise for {shapes}; " if shapes else "") + \
                f"the other entries agree at {min(points)} or more points to {2 * self.digits} digits" + \
                (" (not a proof for every shape)" if sizes else "")
        return StepResult(verdict="numerically consistent", method=method, points=min(points, default=0),
                          digits=2 * self.digits, **common)


def _entry_indices(a, b):
    """``{j: rows of W, k: cols of W}`` for the free indices of entries ``W[j - 1, k - 1]`` in the step."""
    from sympy.matrices.expressions.matexpr import MatrixElement

    out = {}
    for e in (a, b):
        for element in e.atoms(MatrixElement):
            for index, size in zip((element.i, element.j), element.parent.shape):
                free = index.free_symbols
                if len(free) == 1 and sp.expand(index - next(iter(free))) == -1:
                    out.setdefault(next(iter(free)), size)
    bound = {v for e in (a, b) for s in e.atoms(sp.Sum) for v, *_ in s.limits}
    return {k: v for k, v in out.items() if k not in bound}


def _without_independence(a, b, law):
    """Whether the step holds by linearity alone (then the report does not credit independence)."""
    dependent = expectations.Law(sp.Tuple(*law.variables), sp.Tuple(), *law.args[2:])
    try:
        (ma, _), (mb, _) = (expectations.moments(e.xreplace({law: dependent}), dependent) for e in (a, b))
    except (ValueError, *_SYMPY_FAILURES):
        return False
    return linear._zero(sp.expand(ma - mb))


def _law(a, b):
    laws = {r.law for e in (a, b) for r in e.atoms(expectations._Random)}
    return next(iter(laws)) if len(laws) == 1 else None


def _with_matrices(result, assignment, sides):
    """A refutation's point with the entries of each matrix gathered as the matrix (``X = [[1, 2], [0, 1]]``)
    and the shapes first."""
    import dataclasses

    point = {str(k): str(v) for k, v in assignment.items()}
    entries = {}
    for key, value in result.point.items():
        m = re.fullmatch(r"(.+)\[(\d+), (\d+)\]", key)
        if m:
            entries.setdefault(m.group(1), {})[(int(m.group(2)), int(m.group(3)))] = value
        else:
            point[key] = value
    shapes = {m.name: m.shape for e in sides for m in e.atoms(sp.MatrixSymbol)}
    for name, values in entries.items():
        rows, cols = (int(sp.sympify(s).xreplace(assignment)) for s in shapes.get(name, (1, 1)))
        symmetric = any(isinstance(m, linear.Symmetric) and m.name == name for e in sides
                        for m in e.atoms(sp.MatrixSymbol))
        cell = lambda i, j: values.get((i, j)) or (values.get((j, i)) if symmetric else None) or "any"  # noqa: E731
        families = {c.args[0].name for e in sides for c in e.atoms(linear.Column)}
        key = f"{name}_1, ..., {name}_{cols} (the columns of)" if name in families else name
        point[key] = "[" + ", ".join("[" + ", ".join(cell(i, j) for j in range(cols)) + "]"
                                     for i in range(rows)) + "]"
    return dataclasses.replace(result, point=point)

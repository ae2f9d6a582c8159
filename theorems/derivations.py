r"""Check a user's derivation step by step: which step is wrong, with a counterexample, or that every step holds.

A derivation is a chain ``e0 = e1 = ... = ek`` (or with ``<=``, ``<``, ``>=``, ``>`` steps for bounds).  Each
step gets one of four verdicts:

``proved``
    The difference simplifies to 0 exactly (for a bound: is provably of the right sign) under the assumptions,
    by ``doit`` (derivatives, finite sums), ``expand``, ``cancel``, ``powsimp``, ``trigsimp``, a rewrite in
    ``exp``, a case split on the signs of the arguments of ``Max``/``Min``/``Abs``/ReLU, or ``simplify``.
``refuted``
    At a point (drawn to satisfy the assumptions, with concrete functions for the undefined ones) both sides are
    real and finite and differ: exactly, for rational values, or in mpmath arithmetic at two precisions whose
    differences agree, so that rounding can neither fake a difference nor hide one.
``numerically consistent``
    Not proved, but equal at every point tried, to the stated precision (the number of points and the digits are
    in the report).  Never called proved.
``undecided``
    Not proved, and too few points were in the common real domain of both sides to say more.

Conventions: the symbols are real; a step is checked where both of its sides are real and finite (``log x = 2
log sqrt x`` is consistent; with ``x < 0`` allowed, ``sqrt(x^2) = x`` is refuted at a negative point).  Undefined
functions (``sigma(x)``, ``f(x, y)``) are arbitrary smooth functions: symbolically SymPy's undefined functions,
numerically random entire functions (a quadratic plus a sine, several draws), so a refutation names the function
that breaks the step.  Symbols in the limits of a ``Sum``/``Product`` and in the indices of ``Indexed`` objects are
integers (ranges 1 to 6 are drawn); matrix steps are checked entrywise for several concrete shapes when the shapes
are symbolic.
"""

import itertools
from dataclasses import dataclass, field

import mpmath
import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement

from numerics.errors import InvalidArgument, check_argument, check_int
from theorems.symbolic import logistic, relu

__all__ = ["RELATIONS", "SIGNS", "VERDICTS", "DerivationReport", "StepResult", "check_derivation"]

VERDICTS = ("proved", "refuted", "numerically consistent", "undecided")

RELATIONS = {"=": sp.Eq, "<=": sp.Le, "<": sp.Lt, ">=": sp.Ge, ">": sp.Gt}
"""The relations a step may claim, as SymPy relational classes."""

SIGNS = {"positive", "negative", "nonnegative", "nonpositive", "nonzero", "integer", "real"}
"""The words of a sign assumption: ``"n positive integer"``."""

_STRING_NAMES = {"relu": relu, "ReLU": relu, "logistic": logistic, "Max": sp.Max, "Min": sp.Min, "Abs": sp.Abs,
                 "Heaviside": sp.Heaviside, "exp": sp.exp, "log": sp.log, "E": sp.E}


@dataclass(frozen=True)
class StepResult:
    """The verdict on one step ``lhs relation rhs`` of a derivation.

    Attributes
    ----------
    index : int
        1 for the step from ``e0`` to ``e1``, and so on.
    lhs, rhs : sympy.Basic
    relation : str
        ``"="`` or one of ``"<=", "<", ">=", ">"``.
    verdict : str
        One of :data:`VERDICTS`.
    method : str
        How it was decided: the simplification that proved it, or the evaluation that refuted or supports it.
    point : dict or None
        For a refutation: the values of the symbols (and the concrete functions) where the step fails.
    values : tuple of str or None
        For a refutation: both sides at `point`.
    points : int
        Points at which both sides were evaluated and compared.
    digits : int
        Working precision of the numeric comparison (significant digits).
    """

    index: int
    lhs: sp.Basic
    rhs: sp.Basic
    relation: str
    verdict: str
    method: str
    point: dict = None
    values: tuple = None
    points: int = 0
    digits: int = 0

    def to_dict(self):
        """A JSON-ready dict."""
        return {"index": self.index, "lhs": str(self.lhs), "rhs": str(self.rhs), "relation": self.relation,
                "verdict": self.verdict, "method": self.method, "point": self.point,
                "values": None if self.values is None else list(self.values), "points": self.points,
                "digits": self.digits}

    def __str__(self):
        head = f"step {self.index}: {sp.sstr(self.lhs)} {self.relation} {sp.sstr(self.rhs)}"
        text = f"{head}\n  {self.verdict}: {self.method}"
        if self.values is not None:
            where = ", ".join(f"{k} = {v}" for k, v in (self.point or {}).items())
            at = f"at {where}: " if where else ""
            text += f"\n  {at}left side {self.values[0]}, right side {self.values[1]}"
        return text


@dataclass(frozen=True)
class DerivationReport:
    """The verdicts on all the steps of a derivation.

    Attributes
    ----------
    steps : tuple of StepResult
    assumptions : tuple of str
        The assumptions the steps were checked under.
    """

    steps: tuple
    assumptions: tuple = field(default=())

    @property
    def ok(self):
        """True when every step is proved or numerically consistent."""
        return all(s.verdict in ("proved", "numerically consistent") for s in self.steps)

    @property
    def refuted(self):
        """The refuted steps."""
        return tuple(s for s in self.steps if s.verdict == "refuted")

    @property
    def verdicts(self):
        """The verdicts, in order."""
        return tuple(s.verdict for s in self.steps)

    def to_dict(self):
        """A JSON-ready dict."""
        return {"ok": self.ok, "assumptions": list(self.assumptions), "steps": [s.to_dict() for s in self.steps]}

    def __str__(self):
        lines = [str(s) for s in self.steps]
        if self.assumptions:
            lines.insert(0, "assuming " + ", ".join(self.assumptions))
        return "\n".join(lines)


def check_derivation(steps, *, assumptions=(), functions=None, seed=0, points=12, digits=30):
    """Check each step of a chain of equalities (or bounds) ``steps[0] = steps[1] = ...``.

    Parameters
    ----------
    steps : sequence
        The expressions ``e0, e1, ..., ek`` (SymPy objects, matrices or strings), claimed equal in turn; or
        ``(relation, expression)`` pairs after the first, with relation one of ``"=", "<=", "<", ">=", ">"``.
    assumptions : sequence
        Strings such as ``"x > 0"``, ``"n integer"``, ``"t nonnegative"``, ``"x > y"``, or SymPy relationals.
        Signs become symbol assumptions; other relations restrict the points drawn, and ``s > expr`` (or ``>=``)
        with ``s`` a symbol is also used symbolically, by ``s = expr + t`` with ``t > 0``.
    functions : mapping or sequence of str, optional
        Names that are functions (for string steps), or ``name -> definition`` (a SymPy ``Lambda`` or callable)
        to replace an undefined function by a given one.  Other undefined functions are arbitrary.
    seed : int
        Seeds the points and the random functions; the report is a function of the inputs and the seed.
    points : int
        Points per step at which both sides must agree for ``numerically consistent``.
    digits : int
        Significant digits of the numeric comparison (the differences are confirmed at twice as many).

    Returns
    -------
    DerivationReport

    Raises
    ------
    InvalidArgument
        On fewer than two steps, an unreadable string, an unknown assumption, or mismatched kinds of steps.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> report = check_derivation([(x + 1)**2, x**2 + 2*x + 1, x**2 + x + 1])
    >>> report.verdicts
    ('proved', 'refuted')
    >>> report.steps[1].values
    ('4/9', '19/9')
    >>> check_derivation(["sqrt(x**2)", "x"], assumptions=["x > 0"]).verdicts
    ('proved',)
    """
    check_int(seed, "seed")
    check_int(points, "points", minimum=1)
    check_int(digits, "digits", minimum=15)
    functions = _function_table(functions)
    exprs, relations = _chain(steps, functions)
    context = _Context.build(exprs, assumptions, functions, seed, points, digits)
    results = tuple(context.check(i + 1, a, b, relation)
                    for i, (a, b, relation) in enumerate(zip(exprs, exprs[1:], relations)))
    return DerivationReport(results, context.assumption_text)


# ---------------------------------------------------------------------------------------------------------------
# Input


def _function_table(functions):
    if functions is None:
        return {}
    if isinstance(functions, str):
        functions = [functions]
    if isinstance(functions, dict):
        table = {}
        for name, definition in functions.items():
            check_argument(isinstance(name, str), f"function names must be strings, not {name!r}")
            check_argument(definition is None or callable(definition),
                           f"the definition of {name} must be a SymPy Lambda or a callable")
            table[name] = definition
        return table
    return {str(name): None for name in functions}


def _sympify(value, functions):
    if isinstance(value, str):
        names = dict(_STRING_NAMES)
        names.update({n: sp.Function(n) for n in functions})
        try:
            return sp.parse_expr(value, local_dict=names)
        except (SyntaxError, TypeError, ValueError, sp.SympifyError) as exc:
            raise InvalidArgument(f"cannot read the step {value!r}: {exc}") from None
    if isinstance(value, (sp.MatrixBase, sp.MatrixExpr)):
        return value
    try:
        return sp.sympify(value, strict=True)
    except sp.SympifyError:
        raise InvalidArgument(f"a step must be a SymPy expression, a matrix or a string, not {value!r}") from None


def _chain(steps, functions):
    steps = list(steps)
    check_argument(len(steps) >= 2, f"a derivation needs at least two expressions, got {len(steps)}")
    exprs, relations = [_sympify(steps[0], functions)], []
    for step in steps[1:]:
        relation = "="
        if isinstance(step, tuple) and len(step) == 2 and isinstance(step[0], str) and step[0] in RELATIONS:
            relation, step = step
        relations.append(relation)
        exprs.append(_sympify(step, functions))
    matrices = {isinstance(e, (sp.MatrixBase, sp.MatrixExpr)) for e in exprs}
    check_argument(len(matrices) == 1, "a derivation mixes matrices and scalars")
    check_argument(not (matrices == {True} and set(relations) != {"="}), "matrix steps must be equalities")
    return exprs, relations


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


# ---------------------------------------------------------------------------------------------------------------
# The checker


def _variables(expr):
    """The quantities a point assigns: plain symbols, and indexed elements and matrix entries with numeric indices."""
    plain = {s for s in expr.free_symbols if type(s) is sp.Symbol or isinstance(s, sp.Dummy)}
    labels = {a.base.label for a in expr.atoms(sp.Indexed)}
    elements = {a for a in expr.atoms(sp.Indexed) if all(i.is_number for i in a.indices)}
    elements |= {a for a in expr.atoms(MatrixElement) if a.i.is_number and a.j.is_number}
    return (plain - labels) | elements


def _integer_symbols(exprs):
    """Symbols in the limits of sums and products, in indices, and in matrix shapes: integers."""
    found = set()
    for e in exprs:
        for s in e.atoms(sp.Sum, sp.Product):
            for limit in s.limits:
                for bound in limit[1:]:
                    found |= bound.free_symbols
        for a in e.atoms(sp.Indexed):
            for index in a.indices:
                found |= index.free_symbols
        for m in e.atoms(sp.MatrixSymbol):
            for size in m.shape:
                found |= sp.sympify(size).free_symbols
    return found


def _random_function(arity, rng):
    """A random entire function of `arity` arguments: a quadratic plus a sine, rational coefficients."""
    args = sp.symbols(f"t0:{arity}", real=True)

    def c():
        return sp.Rational(int(rng.integers(-3, 4)) or 1, int(rng.integers(1, 5)))

    body = c() + sum(c() * a for a in args) + sum(c() * a * b for a, b in itertools.combinations_with_replacement(
        args, 2)) + c() * sp.sin(sum(c() * a for a in args))
    return sp.Lambda(args, body)


def _at_symbols(derivative):
    """``d F / d u`` with ``u`` not a symbol (``u = g(x)``) as ``Subs(d F(t) / dt, t, u)``."""
    expr, replaced, points = derivative.expr, [], []
    variables = []
    for v, count in derivative.variable_count:
        if not v.is_Symbol:
            t = sp.Dummy("t")
            expr = expr.xreplace({v: t})
            replaced.append(t)
            points.append(v)
            v = t
        variables.append((v, count))
    return sp.Subs(sp.Derivative(expr, *variables), replaced, points)


def _substitute_functions(expr, instances):
    """`expr` with each undefined function replaced by its concrete instance, derivatives done."""
    expr = expr.replace(lambda e: isinstance(e, sp.Derivative) and not all(v.is_Symbol for v in e.variables),
                        _at_symbols)
    for function, instance in instances.items():
        expr = expr.replace(function, instance)
    return expr.doit()


def _explicit(expr, shapes):
    """`expr` (a matrix expression, a matrix, or a scalar of matrices) with concrete `shapes`, as an explicit Matrix
    of expressions in the entries."""
    expr = expr.subs(shapes)
    if isinstance(expr, sp.MatrixExpr):
        return sp.Matrix(expr.as_explicit())
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: e.doit())
    explicit = {m: m.as_explicit() for m in expr.atoms(sp.MatrixSymbol)}  # Trace(A*B) in the entries of A and B
    return sp.Matrix([[expr.xreplace(explicit).doit()]])


def _sign_cases(expr):
    """``relu``/``Max``/``Min``/``Abs``/``sign``/``Heaviside`` in canonical form: relu(a), Abs(a), sign(a), H(a)."""
    def max_(*args):
        out = args[0]
        for b in args[1:]:
            out = b + relu(out - b)
        return out

    def min_(*args):
        out = args[0]
        for b in args[1:]:
            out = out - relu(out - b)
        return out

    return expr.replace(sp.Max, max_).replace(sp.Min, min_)


_SYMPY_FAILURES = (TypeError, ValueError, NotImplementedError, ArithmeticError, RecursionError, sp.PolynomialError)
"""What SymPy's simplifiers raise on inputs they cannot handle (deep sums recurse): no proof by that route."""


_KINKS = (relu, sp.Abs, sp.sign, sp.Heaviside)
_DISCONTINUOUS = (sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Piecewise)


def _branch_value(atom, argument, positive):
    """`atom` (whose argument is ``+argument`` or ``-argument``) when ``argument > 0`` (or ``< 0``)."""
    a = atom.args[0]
    ratio = sp.cancel(a / argument)  # a positive (negative) multiple of the argument has its sign (the opposite)
    if ratio.is_positive:
        same = True
    elif ratio.is_negative:
        same = False
    else:
        return None
    up = positive == same  # the atom's own argument is positive
    if isinstance(atom, relu):
        return a if up else sp.S.Zero
    if isinstance(atom, sp.Abs):
        return a if up else -a
    if isinstance(atom, sp.sign):
        return sp.S.One if up else -sp.S.One
    return sp.S.One if up else sp.S.Zero  # Heaviside


def _on_boundary(argument):
    """``{s: value}`` that makes `argument` vanish, for a symbol ``s`` it is linear in with a non-zero constant
    coefficient (the boundary between two sign regions, parametrised by the other symbols); None if none."""
    for s in sorted(argument.free_symbols, key=sp.default_sort_key):
        if not argument.is_polynomial(s):
            continue
        poly = sp.Poly(argument, s)
        if poly.degree() == 1 and poly.LC().is_number and poly.LC() != 0:
            return {s: -poly.coeff_monomial(1) / poly.LC()}
    return None


_SPLIT = "case split on the signs of the kinks' arguments"


def _split(expr, prove, depth=0):
    """Prove ``expr == 0`` for each sign of the kinks' arguments (innermost first): positive, negative, and zero
    (by solving for a symbol, or by continuity when `expr` has no discontinuous function); None if not proved."""
    kinks = sorted((k for k in expr.atoms(*_KINKS) if not k.args[0].atoms(*_KINKS)), key=sp.default_sort_key)
    if not kinks:
        return prove(expr)
    if depth >= 6:
        return None
    argument = kinks[0].args[0]
    for positive in (True, False):
        values = {k: v for k in expr.atoms(*_KINKS) if (v := _branch_value(k, argument, positive)) is not None}
        if _split(expr.xreplace(values), prove, depth + 1) is None:
            return None
    boundary = _on_boundary(argument)
    if boundary is not None:
        return _SPLIT if _split(expr.xreplace(boundary), prove, depth + 1) is not None else None
    return None if expr.has(*_DISCONTINUOUS) else _SPLIT


def _smooth_proof(d):
    """The name of the simplification that takes `d` to 0, or None."""
    attempts = (("expand", sp.expand), ("cancel", sp.cancel), ("powsimp", lambda e: sp.expand(sp.powsimp(e))),
                ("trigsimp", sp.trigsimp), ("rewrite in exp", lambda e: sp.cancel(sp.expand(e.rewrite(sp.exp)))))
    for name, simplification in attempts:
        try:
            if simplification(d) == 0:
                return name
        except _SYMPY_FAILURES:
            continue
    return None


class _Outside(Exception):
    """The point is outside the common real domain of the two sides."""


@dataclass
class _Context:
    """What every step is checked under: the symbols (as real, with their signs), the assumptions, the seed."""

    canon: dict
    relations: list
    substitutions: dict
    functions: dict
    integers: set
    rng: np.random.Generator
    points: int
    digits: int
    assumption_text: tuple

    @classmethod
    def build(cls, exprs, assumptions, functions, seed, points, digits):
        names = {}
        for e in exprs:
            for s in e.free_symbols:
                if isinstance(s, sp.Symbol):
                    names.setdefault(s.name, s)
            for s in e.atoms(sp.Dummy):
                names.setdefault(s.name, s)
        by_name = {n: sp.Symbol(n) for n in names}
        signs, relations, text = {}, [], []
        for item in assumptions:
            text.append(str(item))
            for parsed in _parse_assumption(item, by_name):
                if isinstance(parsed, tuple):
                    check_argument(parsed[0] in names, f"the assumption {item!r} names {parsed[0]!r}, "
                                   f"which is not in the derivation")
                    signs.setdefault(parsed[0], {})[parsed[1]] = True
                else:
                    relations.append(parsed)
        integers = {s.name for s in _integer_symbols(exprs)}
        symbols = {}
        for name, s in names.items():
            flags = {"real": True, **signs.get(name, {})}
            if name in integers or s.is_integer:
                flags["integer"] = True
            symbols[name] = sp.Symbol(name, **flags)
        canon = {s: symbols[s.name] for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}
        relations = [r.xreplace({s: symbols[s.name] for s in r.free_symbols if s.name in symbols})
                     for r in relations]
        check_argument(sp.false not in relations, "the assumptions contradict each other: " + ", ".join(text))
        relations = [r for r in relations if r != sp.true]
        missing = sorted({s.name for r in relations for s in r.free_symbols} - set(symbols))
        check_argument(not missing, f"the assumptions name {', '.join(missing)}, which the derivation does not")
        substitutions = {}
        for r in relations:  # s > expr (or >=) with s a plain symbol: s = expr + t, t > 0 (t >= 0)
            s, bound = r.lhs, r.rhs
            if s.is_Symbol and s not in bound.free_symbols and s not in substitutions and not signs.get(s.name):
                positive = {"positive": True} if isinstance(r, sp.Gt) else {"nonnegative": True}
                substitutions[s] = bound + sp.Symbol(f"{s.name}_excess", real=True, **positive)
        return cls(canon, relations, substitutions, functions, {symbols[n] for n in integers if n in symbols},
                   np.random.default_rng(seed), points, digits, tuple(text))

    # -- preparation ----------------------------------------------------------------------------------------

    def _prepare(self, expr):
        expr = expr.xreplace(self.canon)
        for name, definition in self.functions.items():
            if definition is not None:
                expr = _substitute_functions(expr, {sp.Function(name): definition})
        return expr

    def check(self, index, lhs, rhs, relation):
        a, b = self._prepare(lhs), self._prepare(rhs)
        common = dict(index=index, lhs=lhs, rhs=rhs, relation=relation)
        if isinstance(a, (sp.MatrixBase, sp.MatrixExpr)) or (relation == "=" and (a - b).atoms(sp.MatrixSymbol)):
            return self._check_matrix(a, b, common)  # matrices, and scalars of them such as Trace(A*B)
        proof = self._prove(a, b, relation)
        if proof is not None:
            return StepResult(verdict="proved", method=proof, **common)
        return self._evaluate(a, b, relation, common)

    # -- symbolic -------------------------------------------------------------------------------------------

    def _prove(self, a, b, relation):
        try:
            d = sp.sympify((a - b).doit())
        except _SYMPY_FAILURES:
            return None
        d = d.xreplace(self.substitutions)
        if relation != "=":
            return self._prove_bound(d, relation)
        if d == 0:
            return "doit"
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
        try:
            value = expr.xreplace(point).doit()
        except _SYMPY_FAILURES:
            raise _Outside() from None
        if isinstance(value, sp.MatrixBase):
            raise _Outside()
        variables = _variables(value)
        if variables:  # indexed elements that appear once the sums are expanded
            for v in sorted(variables - set(extra), key=sp.default_sort_key):
                extra[v] = sp.Rational(int(self.rng.integers(-5, 6)) or 1, int(self.rng.integers(1, 5)))
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
            raise _Outside()
        return mpmath.mpf(sp.Float(re, dps)._mpf_), False

    def _compare(self, a, b, point, extra, relation):
        """``(holds, lhs_text, rhs_text, how)`` at `point`, or raise _Outside."""
        exact = []
        high = []
        for dps in (self.digits, 2 * self.digits):
            with mpmath.workdps(2 * self.digits + 10):
                (x, ex), (y, ey) = self._value(a, point, extra, dps), self._value(b, point, extra, dps)
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
                    shown = {str(k): str(values[k]) for k in sorted(values, key=sp.default_sort_key)}
                    shown.update({str(f): str(g) for f, g in instances.items()})
                    return StepResult(verdict="refuted", method=how + shapes, point=shown, values=(x, y),
                                      points=agreed + 1, digits=2 * self.digits, **common)
                agreed += 1
        if agreed >= self.points:
            return StepResult(verdict="numerically consistent", method=f"agrees at {agreed} points to "
                              f"{2 * self.digits} digits{shapes}", points=agreed, digits=2 * self.digits, **common)
        return StepResult(verdict="undecided", method=f"not proved; only {agreed} of {tried} points were in the "
                          f"common real domain of both sides{shapes}", points=agreed, digits=self.digits, **common)

    def _constant(self, a, b, relation, common):
        """A step without variables: one evaluation decides it."""
        try:
            holds, x, y, how = self._compare(a, b, {}, {}, relation)
        except _Outside:
            return StepResult(verdict="undecided", method="not proved, and the sides are not both real and finite "
                              "or their difference is not resolved at this precision", **common)
        if not holds:
            return StepResult(verdict="refuted", method=how, point={}, values=(x, y), points=1,
                              digits=2 * self.digits, **common)
        return StepResult(verdict="numerically consistent", method=f"equal to {2 * self.digits} digits (no "
                          "variables)", points=1, digits=2 * self.digits, **common)

    # -- matrices -------------------------------------------------------------------------------------------

    def _check_matrix(self, a, b, common):
        sizes = sorted({s for e in (a, b) for m in e.atoms(sp.MatrixSymbol) for size in m.shape
                        for s in sp.sympify(size).free_symbols}, key=sp.default_sort_key)
        try:
            d = (a - b).doit()
            if (isinstance(d, sp.MatrixExpr) and d.is_ZeroMatrix) or \
                    (isinstance(d, sp.MatrixBase) and all(sp.expand(x) == 0 for x in d)) or d == 0:
                return StepResult(verdict="proved", method="doit", **common)
        except (sp.ShapeError, *_SYMPY_FAILURES):
            pass
        assignments = [dict(zip(sizes, v)) for v in ([(2,) * len(sizes), (1,) * len(sizes)] + [
            tuple(int(self.rng.integers(1, 4)) for _ in sizes) for _ in range(2)])] if sizes else [{}]
        assignments = [dict(t) for t in dict.fromkeys(tuple(sorted(x.items(), key=str)) for x in assignments)]
        proofs, points = [], []
        for assignment in assignments:
            shown = ", ".join(f"{k} = {v}" for k, v in assignment.items())
            A, B = (_explicit(e, assignment) for e in (a, b))
            if A.shape != B.shape:
                return StepResult(verdict="refuted", method=f"the shapes differ{' at ' + shown if shown else ''}",
                                  values=(str(A.shape), str(B.shape)), point=dict(
                                      (str(k), str(v)) for k, v in assignment.items()), **common)
            entries = [self._prove(x, y, "=") for x, y in zip(A, B)]
            if all(p is not None for p in entries):
                proofs.append(shown)
                continue
            for (x, y), p in zip(zip(A, B), entries):
                if p is None:
                    result = self._evaluate(x, y, "=", common, shapes=f" (entrywise{', ' + shown if shown else ''})")
                    if result.verdict != "numerically consistent":
                        return result
                    points.append(result.points)
        if len(proofs) == len(assignments) and not sizes:
            return StepResult(verdict="proved", method="entrywise", **common)
        shapes = "; ".join(a or "the given shapes" for a in proofs)
        if len(proofs) == len(assignments):
            method = f"exact entrywise for the shapes {shapes} (not a proof for every shape)"
        else:
            method = (f"exact entrywise for {shapes}; " if shapes else "") + \
                f"the other entries agree at {min(points)} or more points to {2 * self.digits} digits"
        return StepResult(verdict="numerically consistent", method=method, points=min(points, default=0),
                          digits=2 * self.digits, **common)

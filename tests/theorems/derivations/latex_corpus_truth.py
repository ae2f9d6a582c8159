"""The truth of each step of the LaTeX corpus, established from its hand-written SymPy forms alone.

Nothing here reads LaTeX or calls the checker: each side of each step is evaluated at drawn points, to 50
digits, after the definitions are substituted, the undefined functions replaced by concrete random ones (a
quadratic plus a sine), the ranges of sums made concrete (2 to 5 terms) and the families given random entries.  A
step is *true* when its relation holds at every point (at least eight points in the domain, equality to 40
digits), *false* when it fails at one by more than rounding can explain.  The same points serve to compare the
reader's expressions with the forms (:func:`same_reading`).

Run ``python tests/theorems/derivations/latex_corpus_truth.py`` to check every label of the corpus.
"""

import random
import re

import sympy as sp

_SYMPY = {name: getattr(sp, name) for name in (
    "Sum", "Product", "Derivative", "Subs", "KroneckerDelta", "exp", "log", "sqrt", "sin", "cos", "tan", "sinh",
    "cosh", "tanh", "Abs", "Max", "Min", "pi", "Rational")}
_RELATION = re.compile(r" (<=|>=|=|<|>) ")
_NICE = [sp.Rational(v) for v in ("-2", "-1", "-1/2", "0", "1/2", "1", "2", "3")]
DIGITS = 50


def _namespace(text, functions):
    """Local names for ``parse_expr``: SymPy's functions, the case's functions, families (``x[i]``), symbols."""
    names = {}
    for name in dict.fromkeys(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", text)):
        if name in _SYMPY:
            names[name] = _SYMPY[name]
        elif name in functions:
            names[name] = sp.Function(name)
        elif re.search(rf"(?<![A-Za-z_0-9]){name}\[", text):
            names[name] = sp.IndexedBase(name)
        else:
            names[name] = sp.Symbol(name)
    return names


def parse(text, functions):
    return sp.parse_expr(text, local_dict=_namespace(text, functions), evaluate=False)


def chain(text, functions):
    """``[(lhs, relation, rhs), ...]`` of a chain written in SymPy's syntax."""
    parts = _RELATION.split(text)
    sides, relations = parts[::2], parts[1::2]
    exprs = [parse(s, functions) for s in sides]
    return [(exprs[k], relations[k], exprs[k + 1]) for k in range(len(relations))]


def definitions(case):
    """``{name: Lambda}`` of the case's definitions (``--define`` and those of the document)."""
    out = {}
    for text in [sympy for _, sympy in case.define] + list(case.defs):
        head, body = text.split(" = ", 1)
        m = re.fullmatch(r"(\w+)\((.*)\)", head.strip())
        name, args = m.group(1), [sp.Symbol(a.strip()) for a in m.group(2).split(",")]
        functions = set(case.functions) | {d for d in out}
        expr = parse(body, functions | {name})
        out[name] = sp.Lambda(tuple(args), expr.subs({sp.Function(n)(*args): 0 for n in ()}))
    return out


def functions_of(case):
    names = set(case.functions)
    for text in [sympy for _, sympy in case.define] + list(case.defs):
        names.add(text.split("(", 1)[0].strip())
    return names


class Point:
    """A draw of every free quantity: integers for ranges and indices, reals, random functions and family
    entries."""

    def __init__(self, rng, case, k):
        self.rng, self.case, self.k = rng, case, k
        self.ranges, self.values, self.entries, self.function_draws = {}, {}, {}, {}
        self.positive_families = {re.match(r"(\w+?)_\w+ > 0", a).group(1) for a in case.assume
                                  if re.fullmatch(r"\w+?_\w+ > 0", a)}

    def integer_symbols(self, expr):
        """The symbols that are range bounds or indices."""
        bounds, indices = set(), set()
        for s in expr.atoms(sp.Sum, sp.Product):
            for limit in s.limits:
                bounds |= (limit[1].free_symbols | limit[2].free_symbols) - {limit[0]}
        for e in expr.atoms(sp.Indexed):
            indices |= {i for i in e.free_symbols if isinstance(i, sp.Symbol)} - {e.base.label}
        for e in expr.atoms(sp.KroneckerDelta):
            indices |= {i for i in e.free_symbols if isinstance(i, sp.Symbol)}
        return bounds, indices

    def integers(self, expr):
        bounds, indices = self.integer_symbols(expr)
        for s in sorted(bounds, key=str):
            self.ranges.setdefault(s, self.rng.randint(2, 5))
        bounded = [s for s in indices if s not in bounds and s not in self._bound_variables(expr)]
        for s in sorted(bounded, key=str):
            if s not in self.ranges:
                top = min([self.ranges.get(sp.Symbol(b), 5) for b in self._upper_bounds(s)] or [2])
                self.ranges[s] = self.rng.randint(1, top)
        return self.ranges

    def _bound_variables(self, expr):
        return {limit[0] for s in expr.atoms(sp.Sum, sp.Product) for limit in s.limits}

    def _upper_bounds(self, s):
        return [m.group(1) for a in self.case.assume for m in [re.fullmatch(rf"{s} <= (\w+)", a)] if m]

    def function(self, name, arity):
        if name not in self.function_draws:
            c = [sp.Rational(self.rng.randint(-9, 9), 4) for _ in range(5)]
            args = sp.symbols(f"u0:{arity}")
            s = sum((k + 1) * a for k, a in enumerate(args)) / arity
            self.function_draws[name] = sp.Lambda(args, c[0] + c[1] * s + c[2] * s**2 / 2 + c[3] * sp.sin(s + c[4]))
        return self.function_draws[name]

    def real(self, s):
        if s not in self.values:
            if self.k < 2 * len(_NICE):  # the first points go through small values, all equal, then staggered
                shift = 0 if self.k < len(_NICE) else 3 * len(self.values)
                self.values[s] = _NICE[(self.k + shift) % len(_NICE)]
            elif self.rng.random() < 0.4:
                self.values[s] = self.rng.choice(_NICE)
            else:
                self.values[s] = sp.Rational(self.rng.randint(-3000, 3000), 1000)
        return self.values[s]

    def entry(self, key, family):
        if key not in self.entries:
            lo = 1 if family in self.positive_families else -3000
            self.entries[key] = sp.Rational(self.rng.randint(lo, 3000), 1000)
        return self.entries[key]


def value(expr, point, defs):
    """`expr` at `point`, to 50 digits, or None outside its real domain."""
    for _ in defs:  # a definition may use another
        for name, lam in defs.items():
            expr = expr.replace(sp.Function(name), lam)
    expr = expr.replace(lambda e: type(e).__name__ == "logistic", lambda e: 1 / (1 + sp.exp(-e.args[0])))
    expr = expr.replace(lambda e: type(e).__name__ == "relu", lambda e: sp.Max(0, e.args[0]))
    for f in {type(a) for a in expr.atoms(sp.core.function.AppliedUndef)}:
        arity = next(len(a.args) for a in expr.atoms(f))
        expr = expr.replace(f, point.function(f.__name__, arity))
    expr = expr.xreplace(point.integers(expr))
    expr = expr.doit()
    expr = expr.xreplace(point.integers(expr))
    expr = expr.doit()
    table = {}
    for e in expr.atoms(sp.Indexed):
        key = f"{e.base.label}_" + "".join(str(i) for i in e.indices)
        table[e] = point.entry(key, str(e.base.label))
    for s in expr.free_symbols:
        if isinstance(s, sp.Symbol):
            key = s.name.replace("{", "").replace("}", "")
            m = re.fullmatch(r"([A-Za-z]+)_(\d+)", key)
            table[s] = point.entry(key, m.group(1)) if m else point.real(sp.Symbol(key))
    try:
        expr = expr.xreplace(table).doit()
    except (TypeError, ValueError):  # Max(0, zoo): a pole inside a kink
        return None
    if expr.free_symbols:
        raise ValueError(f"not a number after substitution: {expr}")
    number = sp.N(expr, DIGITS)
    if not number.is_number or number.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        return None
    real, imaginary = number.as_real_imag()
    if abs(imaginary) > max(1, abs(real)) * sp.Float(10) ** (10 - DIGITS) or abs(real) > 10**40:
        return None  # outside the real domain (log of a negative number) or a pole
    return real


def assumptions_hold(case, point, defs):
    for text in case.assume:
        if re.fullmatch(r"\w+?_\w+ > 0", text):
            continue  # a positive family: drawn positive
        lhs, relation, rhs = chain(text, functions_of(case))[0]
        a, b = value(lhs, point, defs), value(rhs, point, defs)
        if a is None or b is None or not _holds(a, relation, b, 0):
            return False
    return True


def _holds(a, relation, b, slack):
    """Whether ``a relation b`` holds beyond rounding (a strict bound must hold by more than `slack`)."""
    return {"=": abs(a - b) <= slack, "<=": a <= b + slack, ">=": a >= b - slack, "<": a < b - slack,
            ">": a > b + slack}[relation]


def points(case, count=16, seed=0):
    """Points (with the same draws for every side) that satisfy the case's assumptions."""
    rng, found, tries = random.Random(f"{seed}:{case.latex}"), [], 0
    defs = definitions(case)
    while len(found) < count and tries < 40 * count:
        tries += 1
        point = Point(rng, case, tries - 1)
        if assumptions_hold(case, point, defs):
            found.append(point)
    return found


def truth(case, seed=0):
    """The truth of each step as the forms say, and a reason for each: ``[(bool or None, reason), ...]``."""
    if case.shapes or case.random or case.rvs:
        from tests.theorems.derivations import latex_corpus_truth_linear

        return latex_corpus_truth_linear.truth(case, seed)
    functions, defs = functions_of(case), definitions(case)
    out = []
    draws = points(case, seed=seed)
    for text in case.chains:
        for lhs, relation, rhs in chain(text, functions):
            valid, verdict = 0, (True, "holds at every point")
            for point in draws:
                a, b = value(lhs, point, defs), value(rhs, point, defs)
                if (a is None) != (b is None):
                    verdict = (False, f"one side only is defined at {point.values} {point.ranges} {point.entries}")
                    break
                if a is None:
                    continue
                valid += 1
                scale = max(1, abs(a), abs(b))
                if not _holds(a, relation, b, scale * sp.Float(10) ** (10 - DIGITS)):
                    verdict = (False, f"fails at {point.values} {point.ranges} {point.entries}: {a} vs {b}")
                    break
            if verdict[0] and valid < 8:
                verdict = (None, f"only {valid} points in the domain")
            out.append(verdict)
    return out


def same_reading(case, read_sides, seed=0):
    """Whether the reader's sides (one list of expressions per chain) equal the forms' at the case's points."""
    if case.shapes or case.random or case.rvs:
        from tests.theorems.derivations import latex_corpus_truth_linear

        return latex_corpus_truth_linear.same_reading(case, read_sides, seed)
    functions, defs = functions_of(case), definitions(case)
    forms = []
    for text in case.chains:
        steps = chain(text, functions)
        forms.append([steps[0][0]] + [rhs for _, _, rhs in steps])
    if [len(f) for f in forms] != [len(r) for r in read_sides]:
        return False
    draws = points(case, count=8, seed=seed)  # a misreading shows at the first points
    for form_sides, sides in zip(forms, read_sides):
        for form, read in zip(form_sides, sides):
            compared = 0
            for point in draws:
                try:
                    a, b = value(form, point, defs), value(read, point, defs)
                except (ValueError, TypeError):
                    return False
                if (a is None) != (b is None):
                    return False
                if a is None:
                    continue
                compared += 1
                if abs(a - b) > max(1, abs(a)) * sp.Float(10) ** (10 - DIGITS):
                    return False
            if compared == 0:
                return False
    return True


def main():
    import sys

    from tests.theorems.derivations.latex_corpus import CORPUS

    wrong = 0
    for case in CORPUS:
        try:
            found = truth(case)
        except Exception:
            print(case.latex)
            raise
        for k, (label, (verdict, reason)) in enumerate(zip(case.truths, found)):
            if verdict != label:
                wrong += 1
                print(f"LABEL {label} but {verdict} ({reason}): step {k + 1} of {case.latex[:90]!r}")
        if len(found) != len(case.truths):
            wrong += 1
            print(f"{len(case.truths)} labels for {len(found)} steps: {case.latex[:90]!r}")
    print(f"{len(CORPUS)} cases, {wrong} labels disagree with the forms")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()

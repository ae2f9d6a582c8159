"""The truth of the corpus's vector, matrix and expectation steps, from their hand-written forms alone.

Nothing here reads LaTeX or calls the checker.

* Vector and matrix forms are evaluated in Python on explicit SymPy matrices whose entries are symbols (so that
  ``grad`` differentiates by each entry), for several shapes (every dimension 2, every dimension 3, then random
  ones from 1 to 3), and then at random rational entries: two sides of different shapes make a step false, and a
  1 x 1 matrix is its entry.
* Expectation forms are evaluated on random finite distributions: a few atoms with random rational values and
  weights, shared by the dependent variables; independent variables get atoms of their own and the product of
  the weights; ``E[v] = 0`` in the assumptions centres ``v``.  A named distribution is integrated by mpmath
  (normal, uniform) or summed (Bernoulli) at random parameters.

A step is true when its relation holds at every point (40 digits), false when it fails at one.
"""

import random
import re

import mpmath
import sympy as sp
from sympy.matrices.exceptions import NonInvertibleMatrixError

from tests.theorems.derivations import latex_corpus_truth as scalar

DIGITS = 50
_RENAMED = {"lam": "lambda"}


class _Names(dict):
    """A namespace that makes a real symbol of every name it does not hold."""

    def __missing__(self, key):
        return sp.Symbol(_RENAMED.get(key, key))


def _scalar(m):
    return m[0, 0] if isinstance(m, sp.MatrixBase) and m.shape == (1, 1) else m


def _grad(f, w):
    f = _scalar(f)
    return sp.Matrix(w.rows, w.cols, lambda i, j: sp.diff(f, w[i, j]))


def _norm(m):
    return sp.sqrt(sum(e**2 for e in m))


def _functions(case):
    defs = scalar.definitions(case)
    names = {
        "T": lambda m: m.T, "s": _scalar, "grad": _grad, "tr": lambda m: m.trace(), "det": lambda m: m.det(),
        "inv": lambda m: m.inv(), "norm": _norm, "norm1": lambda m: sum(sp.Abs(e) for e in m),
        "had": lambda a, b: a.multiply_elementwise(b), "kron": sp.kronecker_product,
        "diag": lambda v: sp.diag(*v), "ones": lambda k: sp.ones(k, 1), "eye": sp.eye, "diff": sp.diff,
        "msum": lambda terms: sum(terms[1:], terms[0]) if isinstance(terms, list) else _msum(list(terms)),
        "exp": lambda u: sp.exp(_scalar(u)), "log": lambda u: sp.log(_scalar(u)), "Abs": lambda u: sp.Abs(_scalar(u)),
        "sqrt": lambda u: sp.sqrt(_scalar(u)), "sum": sum,
    }
    for name, lam in defs.items():
        names[name] = lambda u, lam=lam: lam(_scalar(u))
    return names


def _msum(terms):
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return total


def _dimensions(case):
    dims, families = set(), {}
    for name, spec in case.shapes.items():
        words = spec.replace("x", " ").split()
        if "family" in words:
            families[name] = words[words.index("family") + 1]
            dims.add(families[name])
            words = words[:words.index("family")]
        dims |= {w for w in words if w != "symmetric"}
    dims |= set(case.indices.values())
    return sorted(dims), families


def _draw_dims(dims, k, rng):
    if k == 0:
        return dict.fromkeys(dims, 2)
    if k == 1:
        return dict.fromkeys(dims, 3)
    return {d: rng.randint(1, 3) for d in dims}


def _matrices(case, sizes):
    out = {}
    for name, spec in case.shapes.items():
        words = spec.replace(" x ", " ").split()
        count = None
        if "family" in words:
            count = sizes[words[words.index("family") + 1]]
            words = words[:words.index("family")]
        symmetric = "symmetric" in words
        dims = [w for w in words if w != "symmetric"]
        rows, cols = sizes[dims[0]], (sizes[dims[1]] if len(dims) > 1 else 1)

        def build(tag):
            def entry(i, j):
                if symmetric and j < i:
                    i, j = j, i
                return sp.Symbol(f"{tag}[{i},{j}]")
            return sp.Matrix(rows, cols, entry)
        out[name] = [build(f"{name}{k}") for k in range(count)] if count is not None else build(name)
    return out


def _rational(rng, positive=False):
    value = sp.Rational(rng.randint(-3000, 3000), 1000)
    return abs(value) + sp.Rational(1, 100) if positive else value


def _compare(a, b, relation):
    """True, False, or None (outside the domain) for ``a relation b``, numbers or matrices of numbers."""
    a, b = _scalar(a), _scalar(b)
    if isinstance(a, sp.MatrixBase) != isinstance(b, sp.MatrixBase):
        return False
    if isinstance(a, sp.MatrixBase):
        if a.shape != b.shape:
            return False
        pairs = list(zip(a, b))
    else:
        pairs = [(a, b)]
    for x, y in pairs:
        x, y = (sp.N(v, DIGITS) for v in (x, y))
        if not (x.is_number and y.is_number) or x.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or \
                y.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return None
        (xr, xi), (yr, yi) = x.as_real_imag(), y.as_real_imag()
        if abs(xi) > 1e-30 or abs(yi) > 1e-30:
            return None
        slack = max(1, abs(xr), abs(yr)) * sp.Float(10) ** (10 - DIGITS)
        if not scalar._holds(xr, relation, yr, slack):
            return False
    return True


def _sides(case, text):
    parts = scalar._RELATION.split(text)
    return parts[::2], parts[1::2]


def linear_points(case, count=6, seed=0):
    """``[(namespace, values)]``: explicit symbolic matrices for drawn shapes, and rational values for them."""
    rng = random.Random(f"{seed}:{case.latex}")
    dims, _ = _dimensions(case)
    out = []
    for k in range(count):
        sizes = _draw_dims(dims, k, rng)
        namespace = _Names(_functions(case))
        namespace.update(sizes)
        namespace.update(_matrices(case, sizes))
        for index, dim in case.indices.items():
            namespace[index] = rng.randint(1, sizes[dim])
        out.append((namespace, rng))
    return out


def _numbers(expr, values, rng):
    expr = _scalar(expr)
    expr = expr if isinstance(expr, sp.MatrixBase) else sp.sympify(expr)
    atoms = expr.free_symbols if not isinstance(expr, sp.MatrixBase) else set().union(*(e.free_symbols for e in expr))
    for s in sorted(atoms, key=str):
        if s not in values:
            values[s] = _rational(rng)
    return expr.xreplace(values) if not isinstance(expr, sp.MatrixBase) else expr.applyfunc(lambda e: e.xreplace(values))


def _evaluate(text, namespace):
    try:
        names = dict(namespace)  # globals, which the generators of a form see
        names.update({n: namespace[n] for n in re.findall(r"[A-Za-z_]\w*", text) if n not in names and n != "for"
                      and n != "in" and n != "range"})
        names["__builtins__"] = {"range": range, "sum": sum, "abs": abs}
        return eval(text, names)  # noqa: S307
    except (ValueError, ZeroDivisionError, NonInvertibleMatrixError, sp.ShapeError, TypeError) \
            as exc:
        if "shape" in str(exc).lower() or isinstance(exc, sp.ShapeError) or "cannot add" in str(exc).lower():
            return "shape error"
        if "not callable" in str(exc):
            raise
        return None


def linear_truth(case, seed=0):
    out = []
    draws = linear_points(case, seed=seed)
    for text in case.chains:
        sides, relations = _sides(case, text)
        for k, relation in enumerate(relations):
            verdict, valid = (True, "holds at every point"), 0
            for namespace, rng in draws:
                a, b = _evaluate(sides[k], namespace), _evaluate(sides[k + 1], namespace)
                if a is None or b is None:
                    continue
                if "shape error" in (a, b):
                    verdict = (False, "a side has no shape")
                    break
                values = {}
                for _ in range(2):
                    held = _compare(_numbers(a, values, rng), _numbers(b, values, rng), relation)
                    values = {}
                    if held is None:
                        continue
                    valid += 1
                    if not held:
                        verdict = (False, f"fails at sizes {({d: namespace[d] for d in _dimensions(case)[0]})}")
                        break
                if not verdict[0]:
                    break
            if verdict[0] and valid < 6:
                verdict = (None, f"only {valid} points in the domain")
            out.append(verdict)
    return out


# -- expectations ---------------------------------------------------------------------------------------------

def _rv_name(text):
    r"""The name a form uses for a declared random variable: ``\hat\theta`` is ``theta_hat``."""
    text = text.split(r"\sim")[0].strip()
    m = re.fullmatch(r"\\(hat|bar|tilde)\s*\{?\s*\\?([A-Za-z]+)\s*\}?", text)
    return f"{m.group(2)}_{m.group(1)}" if m else text.lstrip("\\")


def random_variables(case):
    return tuple(case.rvs) or tuple(_rv_name(r) for r in case.random)


def _assumed(case):
    """``(centred, positive, bounds)`` from the assumptions: ``E[v] = 0``, ``v > 0``, and scalar bounds."""
    centred, positive, bounds = set(), set(), []
    for text in case.assume:
        m = re.fullmatch(r"\\mathbb\{E\}\[(.+)\] = 0", text)
        if m:
            centred.add(_rv_name(m.group(1)))
            continue
        plain = text.replace("\\", "")
        m = re.fullmatch(r"(\w+) > 0", plain)
        if m and m.group(1) in random_variables(case):
            positive.add(m.group(1))
        else:
            bounds.append(plain)
    return centred, positive, bounds


class _Finite:
    """A finite joint distribution: ``[(weight, {variable: value})]``."""

    def __init__(self, case, rng):
        names = random_variables(case)
        independent = {_rv_name(v) for group in case.independent for v in group}
        centred, positive, _ = _assumed(case)

        def value(name):
            v = _rational(rng)
            return abs(v) + sp.Rational(1, 10) if name in positive else v

        atoms = [(sp.Integer(1), {})]
        for name in sorted(independent & set(names)):
            count = rng.randint(2, 3)
            weights = [sp.Integer(rng.randint(1, 9)) for _ in range(count)]
            values = [value(name) for _ in range(count)]
            atoms = [(w * u / sum(weights), {**a, sp.Symbol(name): x}) for w, a in atoms
                     for u, x in zip(weights, values)]
        if len(atoms) == 1:
            count = rng.randint(3, 5)
            weights = [sp.Integer(rng.randint(1, 9)) for _ in range(count)]
            atoms = [(u / sum(weights), {}) for u in weights]
        for name in names:
            if name not in independent:
                atoms = [(w, {**a, sp.Symbol(name): value(name)}) for w, a in atoms]
        self.atoms = atoms
        for name in centred:
            mean = self.E(sp.Symbol(name))
            self.atoms = [(w, {**a, sp.Symbol(name): a[sp.Symbol(name)] - mean}) for w, a in self.atoms]

    def E(self, expr):
        expr = sp.sympify(expr)
        return sum(w * expr.xreplace(a) for w, a in self.atoms)


class _Named:
    """One random variable of a named distribution; its expectations by quadrature or summation."""

    def __init__(self, name, text, parameters):
        self.symbol = sp.Symbol(name)
        kind, args = re.fullmatch(r"(\w+)\((.*)\)", text).groups()
        self.kind = kind
        self.args = [(sp.Symbol(a.strip()) if a.strip().isidentifier() else sp.Integer(a)).xreplace(parameters)
                     for a in args.split(",")]

    def E(self, expr):
        expr = sp.sympify(expr)
        f = sp.lambdify(self.symbol, expr, modules="mpmath")
        with mpmath.workdps(40):
            if self.kind == "Bernoulli":
                p = mpmath.mpf(sp.Rational(self.args[0]))
                return sp.Float(p * f(1) + (1 - p) * f(0), 40)
            if self.kind == "Normal":
                mu, sigma = (mpmath.mpf(sp.N(a, 45)) for a in self.args)
                density = lambda x: mpmath.exp(-(x - mu) ** 2 / (2 * sigma**2)) / (sigma * mpmath.sqrt(2 * mpmath.pi))  # noqa: E731
                return sp.Float(mpmath.quad(lambda x: f(x) * density(x), [-mpmath.inf, mu, mpmath.inf]), 40)
            if self.kind == "Uniform":
                a, b = (mpmath.mpf(sp.N(v, 45)) for v in self.args)
                return sp.Float(mpmath.quad(f, [a, b]) / (b - a), 40)
        raise ValueError(self.kind)


def _scalars(case, rng, text):
    """Values of the non-random names of `text` meeting the scalar bounds of the assumptions."""
    _, _, bounds = _assumed(case)
    text = " ".join([text, *bounds, *case.dist.values()])
    names = set(re.findall(r"[A-Za-z_]\w*", text)) - set(random_variables(case)) - set(case.functions) - \
        {"E", "Var", "Cov", "exp", "log", "Abs", "sqrt", "Normal", "Uniform", "Bernoulli"}
    for _ in range(200):
        values = {sp.Symbol(_RENAMED.get(n, n)): _rational(rng) for n in sorted(names)}
        ok = True
        for b in bounds:
            lhs, relation, rhs = scalar.chain(b, ())[0]
            x, y = lhs.xreplace(values), rhs.xreplace(values)
            if not scalar._holds(x, relation, y, 0):
                ok = False
        if ok:
            return values
    raise ValueError(f"no scalars meet {bounds}")


def expectation_points(case, text, count=8, seed=0):
    rng = random.Random(f"{seed}:{case.latex}:{text}")
    out = []
    for k in range(count):
        values = _scalars(case, rng, text)
        if case.dist:
            (name, spec), = case.dist.items()
            law = _Named(name, spec, values)
        else:
            law = _Finite(case, rng)
        point = scalar.Point(rng, case, k)
        functions = {f: point.function(f, 1) for f in case.functions}
        out.append((law, values, functions))
    return out


def _expectation_namespace(law, values, functions):
    namespace = _Names({"E": law.E, "Var": lambda e: law.E((e - law.E(e)) ** 2),
                        "Cov": lambda a, b: law.E((a - law.E(a)) * (b - law.E(b))),
                        "exp": sp.exp, "log": sp.log, "Abs": sp.Abs, "sqrt": sp.sqrt, **functions})
    namespace.update({s.name if s.name != "lambda" else "lam": v for s, v in values.items()})
    return namespace


def expectation_truth(case, seed=0):
    out = []
    for text in case.chains:
        sides, relations = _sides(case, text)
        draws = expectation_points(case, text, seed=seed)
        for k, relation in enumerate(relations):
            verdict, valid = (True, "holds on every distribution"), 0
            for law, values, functions in draws:
                namespace = _expectation_namespace(law, values, functions)
                a, b = _evaluate(sides[k], namespace), _evaluate(sides[k + 1], namespace)
                if a is None or b is None:
                    continue
                held = _compare(a, b, relation)
                if held is None:
                    continue
                valid += 1
                if not held:
                    verdict = (False, f"fails at {values} on {getattr(law, 'atoms', law.__dict__)}")
                    break
            if verdict[0] and valid < 6:
                verdict = (None, f"only {valid} distributions in the domain")
            out.append(verdict)
    return out


def truth(case, seed=0):
    return linear_truth(case, seed) if case.shapes else expectation_truth(case, seed)


def same_reading(case, read_sides, seed=0):
    """Whether the reader's sides equal the forms' at the truth's points: the same explicit matrices (entries
    matched by name and position) or the same finite distributions."""
    try:
        return (_same_linear if case.shapes else _same_random)(case, read_sides, seed)
    except (ValueError, TypeError, KeyError, AttributeError, ZeroDivisionError, NonInvertibleMatrixError):
        return False


def _forms(case):
    return [_sides(case, text)[0] for text in case.chains]


def _same_linear(case, read_sides, seed):
    from theorems.derivations.linear import Undefined, explicit

    from sympy.matrices.expressions.matexpr import MatrixElement

    defs = scalar.definitions(case)
    for namespace, rng in linear_points(case, count=3, seed=seed):
        for texts, sides in zip(_forms(case), read_sides):
            for text, read in zip(texts, sides):
                form = _evaluate(text, namespace)
                if isinstance(read, Undefined) or form == "shape error":  # a product the shapes do not define
                    if isinstance(read, Undefined) != (form == "shape error"):
                        return False
                    continue
                if form is None:
                    continue
                sizes, table = {}, {}
                read = read.xreplace({x: namespace[x.name] for x in read.atoms(sp.Symbol)
                                      if x.name in case.indices})  # the entry the truth draws: W_{jk}
                for m in read.atoms(sp.MatrixSymbol):
                    name = m.name.replace("{", "").replace("}", "")
                    truth = namespace[name]
                    if isinstance(truth, list):  # a family: the matrix of its vectors as columns
                        truth = sp.Matrix.hstack(*truth)
                    for size, value in zip(m.shape, truth.shape):
                        for s in sp.sympify(size).free_symbols:
                            if sizes.setdefault(s, value) != value:
                                return False
                value = explicit(read, sizes)
                value = value.applyfunc(lambda x: sp.expand(x.doit())) if isinstance(value, sp.MatrixBase) else \
                    sp.expand(value.doit())
                for name, lam in defs.items():
                    value = value.replace(sp.Function(name), lam) if not isinstance(value, sp.MatrixBase) else \
                        value.applyfunc(lambda e: e.replace(sp.Function(name), lam))
                entries = value.atoms(MatrixElement) if not isinstance(value, sp.MatrixBase) else \
                    set().union(*(e.atoms(MatrixElement) for e in value))
                for e in entries:
                    i, j = int(e.i), int(e.j)
                    name = e.parent.name.replace("{", "").replace("}", "")
                    if "symmetric" in case.shapes.get(name, "") and j < i:
                        i, j = j, i
                    if "family" in case.shapes.get(name, ""):  # column j is the vector j + 1 of the family
                        table[e] = sp.Symbol(f"{name}{j}[{i},0]")
                    else:
                        table[e] = sp.Symbol(f"{name}[{i},{j}]")
                value = value.xreplace(table) if not isinstance(value, sp.MatrixBase) else \
                    value.applyfunc(lambda e: e.xreplace(table))
                values = {}
                held = _compare(_numbers(form, values, rng), _numbers(value, values, rng), "=")
                if held is False:
                    return False
    return True


def _same_random(case, read_sides, seed):
    from theorems.derivations import expectations

    for texts, sides in zip(_forms(case), read_sides):
        chain_text = " = ".join(texts)
        for law, values, functions in expectation_points(case, chain_text, count=3, seed=seed):
            namespace = _expectation_namespace(law, values, functions)
            for text, read in zip(texts, sides):
                form = _evaluate(text, namespace)
                value = expectations.expand_definitions(read)
                value = value.xreplace({s: values[sp.Symbol(s.name)] for s in value.free_symbols
                                        if sp.Symbol(s.name) in values})  # the scalars first
                while True:
                    inner = [e for e in value.atoms(expectations.Expectation)
                             if not e.args[0].atoms(expectations.Expectation)]
                    if not inner:
                        break
                    value = value.xreplace({e: law.E(e.args[0].xreplace(
                        {s: sp.Symbol(s.name) for s in e.args[0].free_symbols})) for e in inner})
                for name, f in functions.items():
                    value = value.replace(sp.Function(name), f)
                value = value.xreplace({sp.Symbol(s.name): v for s, v in values.items()})
                value = value.xreplace({s: values.get(sp.Symbol(s.name), s) for s in value.free_symbols})
                if form is None:
                    continue
                if _compare(form, value, "=") is False:
                    return False
    return True

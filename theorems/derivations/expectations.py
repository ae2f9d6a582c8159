r"""Expectations, variances and covariances in derivations: the random variables a chain declares, proofs by
linearity of expectation, and checks on random finite distributions or exact moments.

Conventions (docs/derivations.rst states them for users):

* random variables are real, and dependent unless declared independent (``--independent X Y``: mutually
  independent), so that :math:`\mathbb{E}[XY] = \mathbb{E}[X]\,\mathbb{E}[Y]` is refuted unless stated;
* :math:`\operatorname{Var}(Z) = \mathbb{E}[(Z - \mathbb{E}[Z])^2]` and :math:`\operatorname{Cov}(Y, Z) =
  \mathbb{E}[(Y - \mathbb{E}[Y])(Z - \mathbb{E}[Z])]`;
* a named distribution (:math:`\mathcal{N}(\mu, \sigma^2)` with its variance second, Bernoulli, uniform) has its
  exact moments (``sympy.stats``); any other is generic.

A step is *proved* when, by linearity of expectation (and the product rule of independent variables), both sides
are the same polynomial in the moments of the variables, which makes it hold for every distribution with those
moments finite; a bound is proved when the difference is of constant sign once each second moment is written as
a variance (nonnegative) plus the square of a mean.  Otherwise a step is checked on random finite distributions
(a few atoms with rational values and weights, shared by the dependent variables), exactly, and refuted with the
distribution that breaks it.
"""

import re

import sympy as sp

from numerics.errors import InvalidArgument

__all__ = ["Expectation", "Variance", "Covariance", "Law", "read_random"]

_NAMED = {
    "normal": ("Normal", 2), "gaussian": ("Normal", 2), "n": ("Normal", 2), "mathcal{n}": ("Normal", 2),
    "bernoulli": ("Bernoulli", 1), "bern": ("Bernoulli", 1), "ber": ("Bernoulli", 1),
    "uniform": ("Uniform", 2), "u": ("Uniform", 2), "mathcal{u}": ("Uniform", 2), "unif": ("Uniform", 2),
    "exponential": ("Exponential", 1), "exp": ("Exponential", 1),
}
_LAW = re.compile(r"\s*(?:\\(?:operatorname|mathrm|text|mathcal)\s*\{\s*([A-Za-z]+)\s*\}|\\?([A-Za-z]+))\s*"
                  r"\((.*)\)\s*$", re.S)


class Law(sp.Basic):
    """The random variables of a chain: ``Law(Tuple(variables), Tuple(independent groups), Tuple((variable,
    kind, parameters)...))``; symbols in it are renamed with the chain's."""

    @property
    def variables(self):
        return tuple(self.args[0])

    @property
    def groups(self):
        return [set(g) for g in self.args[1]]

    @property
    def named(self):
        return {v: (str(kind), tuple(params)) for v, kind, params in self.args[2]}

    @property
    def means(self):
        """The means the assumptions state: ``{variable: value}`` (``E[epsilon] = 0``)."""
        return dict(tuple(pair) for pair in self.args[3]) if len(self.args) > 3 else {}

    def independent(self, a, b):
        """Whether the variables `a` and `b` (distinct) are declared independent."""
        return a != b and any(a in g and b in g for g in self.groups)


class _Random(sp.Function):
    is_commutative = True
    is_real = True

    @classmethod
    def eval(cls, *args):
        return None

    @property
    def law(self):
        return self.args[-1]


class Expectation(_Random):
    r"""``\mathbb{E}[expr]`` under the chain's :class:`Law`."""

    nargs = 2

    def _latex(self, printer):
        return rf"\mathbb{{E}}\left[{printer._print(self.args[0])}\right]"

    def _sympystr(self, printer):
        return f"E[{printer._print(self.args[0])}]"


class Variance(_Random):
    r"""``\operatorname{Var}(expr)``: the expectation of the squared deviation (``doit`` writes it so)."""

    nargs = 2

    def doit(self, **hints):
        x, law = self.args[0].doit(**hints), self.law
        return Expectation((x - Expectation(x, law)) ** 2, law)

    def _latex(self, printer):
        return rf"\operatorname{{Var}}\left({printer._print(self.args[0])}\right)"

    def _sympystr(self, printer):
        return f"Var({printer._print(self.args[0])})"


class Covariance(_Random):
    r"""``\operatorname{Cov}(a, b)``: the expectation of the product of the deviations."""

    nargs = 3

    def doit(self, **hints):
        x, y, law = self.args[0].doit(**hints), self.args[1].doit(**hints), self.law
        return Expectation((x - Expectation(x, law)) * (y - Expectation(y, law)), law)

    def _latex(self, printer):
        return rf"\operatorname{{Cov}}\left({printer._print(self.args[0])}, {printer._print(self.args[1])}\right)"

    def _sympystr(self, printer):
        return f"Cov({printer._print(self.args[0])}, {printer._print(self.args[1])})"


def read_random(text):
    r"""``(name, law)`` of a declaration: ``"X"`` (generic: ``law`` is None), ``r"X \sim \mathcal{N}(\mu,
    \sigma^2)"``, ``"m ~ Bernoulli(p)"``; ``law`` is ``(kind, [parameter LaTeX, ...])``.

    Examples
    --------
    >>> read_random(r"X \sim \mathcal{N}(\mu, \sigma^2)")
    ('X', ('Normal', ['\\mu', '\\sigma^2']))
    >>> read_random(r"\hat\theta")
    ('theta_hat', None)
    """
    from theorems.derivations.linear import _name

    name, _, law = re.split(r"(\\sim|~)", text, maxsplit=1) if re.search(r"\\sim|~", text) else (text, "", "")
    return _name(name), read_law(law) if law.strip() else None


def read_law(text):
    """``(kind, parameters)`` of a named distribution, or None for a generic one (``p``, ``q``, ``p_\\theta``,
    ``\\mathcal{D}``); an unknown named one is an error."""
    m = _LAW.match(text)
    if m is None:
        if re.fullmatch(r"\s*(?:\\mathcal\s*\{\s*[A-Z]\s*\}|\\?[a-zA-Z]+(?:_\s*(?:\{[^{}]*\}|\\?[a-zA-Z]+))?)\s*",
                        text):
            return None
        raise InvalidArgument(f"cannot read the distribution {text.strip()!r}")
    word = (m.group(1) or m.group(2)).lower()
    word = "mathcal{" + word + "}" if m.group(1) and "mathcal" in m.group() else word
    if word not in _NAMED:
        raise InvalidArgument(f"unknown distribution {text.strip()!r}: the named ones are the normal "
                              "\\mathcal{N}(\\mu, \\sigma^2), Bernoulli(p), uniform \\mathcal{U}(a, b) and "
                              "exponential Exp(lambda); any other is generic (x \\sim p)")
    kind, count = _NAMED[word]
    from theorems.derivations.latex_text import _top_level_split

    parameters = [p.strip() for p in _top_level_split(m.group(3))]
    if len(parameters) != count:
        raise InvalidArgument(f"the {kind} distribution {text.strip()!r} takes {count} parameters")
    return kind, parameters


# -- proofs by linearity -----------------------------------------------------------------------------------------

def expand_definitions(expr):
    """`expr` with each variance and covariance written as an expectation."""
    return expr.replace(lambda e: isinstance(e, (Variance, Covariance)), lambda e: e.doit())


def moments(expr, law):
    """`expr` with each expectation, innermost first, written by linearity as a polynomial in the moments of the
    variables: ``{moment symbol: its expectation}`` is returned beside.  Raises ValueError when an expectation
    holds a sum it cannot expand (a function of a sum of variables is one moment)."""
    table = {}
    variables = set(law.variables)

    def expectation(e):
        body = sp.expand(e.args[0])
        total = sp.S.Zero
        for term in sp.Add.make_args(body):
            coefficient, factors = sp.S.One, []
            for factor in sp.Mul.make_args(term):
                if factor.free_symbols & variables:
                    factors.append(factor)
                else:
                    coefficient *= factor
            components = []  # factors that must stay together: they share or depend on a variable
            for factor in factors:
                group = [factor]
                kept = []
                for component in components:
                    if any(_dependent(law, f, g) for f in group for g in component):
                        group += component
                    else:
                        kept.append(component)
                components = kept + [group]
            product = coefficient
            for component in components:
                key = sp.Mul(*component)
                if key in law.means:
                    product *= law.means[key]
                    continue
                symbol = table.setdefault(key, sp.Symbol(f"E[{sp.sstr(key)}]", real=True))
                product *= symbol
            total += product
        return total

    while True:
        inner = [e for e in expr.atoms(Expectation) if not e.args[0].atoms(Expectation)]
        if not inner:
            break
        expr = expr.xreplace({e: expectation(e) for e in inner})
    return expr, {s: k for k, s in table.items()}


def _dependent(law, f, g):
    vf, vg = f.free_symbols & set(law.variables), g.free_symbols & set(law.variables)
    return any(not law.independent(a, b) for a in vf for b in vg)


def variance_form(d, table):
    """`d` with each second moment ``E[X**2]`` of a variable whose mean also appears written as ``V + E[X]**2``,
    ``V`` nonnegative: the form in which a bound's sign shows."""
    out = d
    for symbol, key in table.items():
        if key.is_Pow and key.exp == 2 and key.base.is_Symbol:
            mean = next((s for s, k in table.items() if k == key.base), None)
            if mean is not None:
                out = out.xreplace({symbol: sp.Symbol(f"Var[{key.base}]", nonnegative=True) + mean**2})
    return out


# -- finite distributions ----------------------------------------------------------------------------------------

def finite(law, rng, positive=(), centred=None):
    """A random finite joint distribution of the variables of `law`: ``[(weight, {variable: value})]``.

    Independent variables get atoms of their own (two or three) and the product of the weights; the others get a
    value at each joint atom (three to five when no variable is independent).  Values are rationals, positive for
    the variables in `positive`; `centred` maps variables to the mean they are shifted to."""

    def value(v):
        x = sp.Rational(int(rng.integers(-9, 10)) or 1, int(rng.integers(1, 5)))
        return abs(x) if v in positive else x

    independent = sorted({v for g in law.groups for v in g}, key=str)
    atoms = [(sp.S.One, {})]
    for v in independent:
        count = int(rng.integers(2, 4))
        weights = [sp.Integer(int(rng.integers(1, 10))) for _ in range(count)]
        values = [value(v) for _ in range(count)]  # the variable's own atoms, met with every atom of the others
        atoms = [(w * u / sum(weights), {**a, v: x}) for w, a in atoms for u, x in zip(weights, values)]
    if len(atoms) == 1:
        count = int(rng.integers(3, 6))
        weights = [sp.Integer(int(rng.integers(1, 10))) for _ in range(count)]
        atoms = [(u / sum(weights), {}) for u in weights]
    for v in law.variables:
        if v not in independent:
            atoms = [(w, {**a, v: value(v)}) for w, a in atoms]
    for v, mean in (centred or {}).items():
        shift = mean - sum(w * a[v] for w, a in atoms)
        atoms = [(w, {**a, v: a[v] + shift}) for w, a in atoms]
    return atoms


def on_finite(expr, atoms):
    """`expr` with each expectation (innermost first) the weighted sum over `atoms`."""
    while True:
        inner = [e for e in expr.atoms(Expectation) if not e.args[0].atoms(Expectation)]
        if not inner:
            return expr
        expr = expr.xreplace({e: sum(w * e.args[0].xreplace(a) for w, a in atoms) for e in inner})


def describe(atoms):
    """A finite distribution as text: ``P(X = 1, Y = -2) = 1/3; ...``."""
    return "; ".join("P(" + ", ".join(f"{v} = {x}" for v, x in sorted(a.items(), key=lambda t: str(t[0]))) +
                     f") = {w}" for w, a in atoms)


def exact(expr, law):
    """`expr` with each expectation computed under the named distributions of `law` (``sympy.stats``)."""
    import sympy.stats as stats

    named = law.named
    randoms = {}
    for v, (kind, params) in named.items():
        if kind == "Normal":
            mean, variance = params
            randoms[v] = stats.Normal(f"{v}_rv", mean, sp.sqrt(variance))
        elif kind == "Bernoulli":
            randoms[v] = stats.Bernoulli(f"{v}_rv", params[0])
        elif kind == "Uniform":
            randoms[v] = stats.Uniform(f"{v}_rv", *params)
        elif kind == "Exponential":
            randoms[v] = stats.Exponential(f"{v}_rv", params[0])
    while True:
        inner = [e for e in expr.atoms(Expectation) if not e.args[0].atoms(Expectation)]
        if not inner:
            return expr
        expr = expr.xreplace({e: _exact_one(e.args[0], randoms) for e in inner})


def _exact_one(body, randoms):
    """``E[body]`` under the named distributions; ``E[exp(a X + b)]`` through the moment generating function, whose
    closed form SymPy gives where its integral does not simplify."""
    import sympy.stats as stats

    if isinstance(body, sp.exp) and len(randoms) == 1:
        (v, rv), = randoms.items()
        argument = sp.expand(body.args[0])
        a = argument.coeff(v)
        b = sp.expand(argument - a * v)
        if v not in a.free_symbols | b.free_symbols:
            return sp.simplify(sp.exp(b) * stats.moment_generating_function(rv)(a))
    return sp.simplify(stats.E(body.xreplace(randoms)))


def build(exprs, declared, independent, means, parse):
    """The chain's expectation placeholders (``_L_E``, ``_L_var``, ``_L_cov``) as :class:`Expectation`,
    :class:`Variance` and :class:`Covariance` under one :class:`Law`.

    `declared` maps the names of the declared random variables to their law (or None), `independent` is a list of
    sets of names, `means` maps names to the LaTeX of their stated mean, and `parse` reads a LaTeX expression (for
    the parameters of a named distribution)."""
    from sympy.core.function import AppliedUndef

    from theorems.derivations.linear import _name

    declared = dict(declared)
    calls = [f for e in exprs for f in e.atoms(AppliedUndef) if type(f).__name__.startswith(("_L_E", "_L_var",
                                                                                              "_L_cov"))]
    for call in calls:
        _, _, law = type(call).__name__.partition("|")
        if not law:
            continue
        name, _, spec = re.split(r"(\\sim|~)", law, maxsplit=1) if re.search(r"\\sim|~", law) else (law, "", "")
        name = _name(name)
        if spec.strip():
            declared[name] = read_law(spec)
        elif any(s.name == name for s in call.free_symbols):
            declared.setdefault(name, None)
    if not calls:
        return exprs
    symbols = {s.name: s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}
    variables = [symbols.get(n, sp.Symbol(n)) for n in sorted(declared)]
    if not variables:
        raise InvalidArgument("an expectation, variance or covariance without a random variable: declare them "
                              "(--random X) or write E_{x \\sim p}[...]")
    named = []
    for v in variables:
        law = declared[v.name]
        if law is not None:
            kind, params = law
            values = [parse(p) for p in params]  # (a normal's second parameter is its variance)
            named.append(sp.Tuple(v, sp.core.symbol.Str(kind), sp.Tuple(*values)))
    by_name = {v.name: v for v in variables}
    groups = []
    for group in independent:
        names = [_name(n) for n in group]
        missing = [n for n in names if n not in by_name]
        if missing:
            raise InvalidArgument(f"--independent names {', '.join(missing)}, which is not a random variable "
                                  f"of the chain")
        groups.append(sp.Tuple(*(by_name[n] for n in names)))
    stated = [sp.Tuple(by_name[_name(n)], parse(v)) for n, v in means.items() if _name(n) in by_name]
    law = Law(sp.Tuple(*variables), sp.Tuple(*groups), sp.Tuple(*named), sp.Tuple(*stated))

    def convert(call):
        name = type(call).__name__
        args = call.args
        if name.startswith("_L_cov"):
            if len(args) != 2:
                raise InvalidArgument(f"Cov of {len(args)} arguments: write Cov(X, Y)")
            return Covariance(*args, law)
        if len(args) != 1:
            raise InvalidArgument("an expectation or variance of one expression, not of a list")
        return (Expectation if name.startswith("_L_E") else Variance)(args[0], law)

    out = []
    for e in exprs:
        e = e.replace(lambda f: isinstance(f, AppliedUndef) and type(f).__name__.startswith(
            ("_L_E", "_L_var", "_L_cov")), convert)
        outside = e.xreplace({r: sp.Dummy() for r in e.atoms(_Random)})  # (all at once: outer ones first)
        loose = sorted(v.name for v in variables if v in outside.free_symbols)
        if loose:
            raise InvalidArgument(f"{', '.join(loose)} is random: outside an expectation, variance or covariance "
                                  "a step between random variables is not supported")
        out.append(e)
    return out

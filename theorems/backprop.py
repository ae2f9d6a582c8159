"""Backpropagation and the learning-theory basics of the second seed lecture.

Source: "Seance 5: Deep learning" (seed 001): empirical risk minimisation, feedforward networks
``h = sigma_m o A_m o ... o sigma_1 o A_1``, SGD, backpropagation by the chain rule on a computational graph, the
logistic function, the gradient of a single logistic unit, the approximation-estimation-optimisation trade-off and
regularisation (claims A1-A4, A9-A15 and C01 of claims.md).

The public entry points on computational graphs are re-exported here (:func:`graph`, :func:`reverse_mode`,
:func:`forward_mode`, :func:`draw`; see :mod:`theorems.computational_graph`).  Numeric checks never reuse the
formula they test: gradients are compared with complex-step derivatives
(:func:`numerics.derivatives.complex_step`) or with :func:`numerics.derivatives.loss_gradient`, derivatives of the
logistic function with mpmath's high-precision differentiation.
"""

import functools
import itertools
import math
from dataclasses import dataclass
from typing import Callable

import mpmath
import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import derivatives, nets
from numerics.conventions import UNIT_ROUNDOFF, gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.computational_graph import draw, expressions, forward_mode, graph, operation_counts, reverse_mode
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.symbolic import logistic

__all__ = ["CHAIN_RULE", "ERM_SGD", "FEEDFORWARD_RECURSION", "LOGISTIC_DERIVATIVE", "LOGISTIC_UNIT_GRADIENT",
           "REGULARIZATION", "RISK_DECOMPOSITION", "ChainClaim", "DecompositionClaim", "ERMClaim",
           "LogisticClaim", "RecursionClaim", "RegularizationClaim", "UnitGradientClaim", "draw", "forward_mode",
           "graph", "reverse_mode"]

SOURCE_001 = "seeds/001 (Seance 5: Deep learning)"
GRIEWANK = ("A. Griewank, A. Walther, Evaluating Derivatives: Principles and Techniques of Algorithmic "
            "Differentiation, 2nd ed., SIAM 2008.")
RUMELHART = ("D. E. Rumelhart, G. E. Hinton, R. J. Williams, \"Learning representations by back-propagating errors\", "
             "Nature 323 (1986) 533-536.")
GOODFELLOW = "I. Goodfellow, Y. Bengio, A. Courville, Deep Learning, MIT Press 2016, chapter 6."


def _derivative(f):
    """``t -> f'(t)`` for an undefined SymPy function ``f``, as SymPy writes it in ``diff`` results."""
    x = sp.Dummy("x")
    return lambda t: sp.Derivative(f(x), x).subs(x, t)


def _mp_logistic(z):
    return 1 / (1 + mpmath.exp(-z))


# == backprop.chain_rule (claim A9) ==================================================================================


@dataclass(frozen=True)
class ChainClaim:
    """``(l o sigma o g)'(u) = product(l', sigma', g', l, sigma, g, u)``, each derivative a callable."""

    product: Callable = lambda dl, ds, dg, l, s, g, u: dl(s(g(u))) * ds(g(u)) * dg(u)  # noqa: E731


_TRIPLES = {  # name -> (function, derivative) pairs, in SymPy and in mpmath/numpy form
    "square loss (t - 1/3)^2": (lambda t: (t - sp.Rational(1, 3)) ** 2, lambda t: 2 * (t - sp.Rational(1, 3))),
    "logistic loss log(1 + e^-t)": (lambda t: sp.log(1 + sp.exp(-t)), lambda t: -1 / (1 + sp.exp(t))),
    "logistic": (lambda z: 1 / (1 + sp.exp(-z)), lambda z: sp.exp(-z) / (1 + sp.exp(-z)) ** 2),
    "tanh": (sp.tanh, lambda z: 1 - sp.tanh(z) ** 2),
    "affine 3u - 1/2": (lambda u: 3 * u - sp.Rational(1, 2), lambda u: 3),
    "cube u^3": (lambda u: u**3, lambda u: 3 * u**2),
}


def _chain_symbolic(claim, context):
    u = sp.Symbol("u", real=True)
    l, s, g = sp.Function("l"), sp.Function("sigma"), sp.Function("g")
    general = sp.diff(l(s(g(u))), u)
    stated = claim.product(_derivative(l), _derivative(s), _derivative(g), l, s, g, u)
    if sp.simplify(general - stated) != 0:
        return CheckResult(False, "refuted: the product differs from SymPy's derivative of l(sigma(g(u)))",
                           counterexample={"identity": "d/du l(sigma(g(u))) for undefined l, sigma, g",
                                           "lhs": sp.sstr(general), "rhs": sp.sstr(stated)})

    def identities():
        for (nl, (fl, dl)), (ns, (fs, ds)), (ng, (fg, dg)) in itertools.product(
                [(k, _TRIPLES[k]) for k in ("square loss (t - 1/3)^2", "logistic loss log(1 + e^-t)")],
                [(k, _TRIPLES[k]) for k in ("logistic", "tanh")],
                [(k, _TRIPLES[k]) for k in ("affine 3u - 1/2", "cube u^3")]):
            yield (f"l = {nl}, sigma = {ns}, g = {ng}", sp.diff(fl(fs(fg(u))), u),
                   claim.product(dl, ds, dg, fl, fs, fg, u))
        yield ("claims.md reference: l = (t - 1)^2, logistic, g = 2u at u = 0: f'(0) = -1/2",
               claim.product(lambda t_: 2 * (t_ - 1), _TRIPLES["logistic"][1], lambda u_: 2, lambda t_: (t_ - 1) ** 2,
                             _TRIPLES["logistic"][0], lambda u_: 2 * u_, sp.S.Zero), sp.Rational(-1, 2))

    result = identities_check(identities(), context, detail="{count} identities proved")
    if not result.passed:
        return result
    # the chain rule on computational graphs: reverse and forward accumulation against SymPy's diff
    x, y, z = sp.symbols("x y z", positive=True)
    rng = context.rng("graphs")

    def example(expr):
        from theorems.checks import decide_zero

        reverse, forward = reverse_mode(expr, [x, y, z]), forward_mode(expr, [x, y, z])
        wrong = [f"d/d{v}" for v in (x, y, z) for d in (reverse[v], forward[v])
                 if decide_zero(d - sp.diff(expr, v), rng) is not None]
        return (math.inf if wrong else 0.0), {"expression": sp.sstr(expr), "wrong": wrong}

    graphs = property_check(expressions([x, y, z], max_depth=4), example, context, tolerance=0.0,
                            max_examples=context.profile.pick(quick=20, default=100, thorough=1000), detail="")
    detail = (f"{result.detail.split(' identities')[0]} identities proved: d/du l(sigma(g(u))) for undefined "
              "functions l, sigma, g and for 8 concrete triples, and the reference value -1/2; reverse-mode "
              "(backpropagation) and forward-mode accumulation over the computational graph equal SymPy's diff, "
              f"exactly, on {graphs.examples} random expression trees in x, y, z (+, *, powers, exp, log, logistic, "
              "ReLU; depth <= 4)")
    return CheckResult(graphs.passed, detail if graphs.passed else graphs.detail, examples=graphs.examples,
                       counterexample=graphs.counterexample)


@st.composite
def _chain_instances(draw):
    return {"l": draw(st.sampled_from(["square loss (t - 1/3)^2", "logistic loss log(1 + e^-t)"])),
            "sigma": draw(st.sampled_from(["logistic", "tanh"])),
            "g": draw(st.sampled_from(["affine 3u - 1/2", "cube u^3"])),
            "u": draw(st.floats(-2.0, 2.0, allow_nan=False))}


def _chain_numeric(claim, context):
    t = sp.Symbol("t")

    def example(instance):
        (fl, dl), (fs, ds), (fg, dg) = (_TRIPLES[instance[k]] for k in ("l", "sigma", "g"))
        with mpmath.workdps(40):
            fl_, dl_, fs_, ds_, fg_, dg_ = (sp.lambdify(t, h(t), "mpmath") for h in (fl, dl, fs, ds, fg, dg))
            u = mpmath.mpf(instance["u"])
            claimed = claim.product(dl_, ds_, dg_, fl_, fs_, fg_, u)
            exact = mpmath.diff(lambda v: fl_(fs_(fg_(v))), u)
            error = float(abs(claimed - exact) / max(abs(exact), 1))  # the functions are O(1) on [-2, 2]
        return error / 1e-30, {"instance": instance, "claimed": str(claimed)[:20], "mpmath": str(exact)[:20]}

    return property_check(_chain_instances(), example, context, tolerance=1.0,
                          detail="the claimed product against mpmath's numerical derivative of the composition, both "
                                 "at 40 digits, error relative to max(|f'|, 1) in units of 1e-30; l in {square, logistic loss}, sigma "
                                 "in {logistic, tanh}, g in {3u - 1/2, u^3}, u in [-2, 2]")


CHAIN_RULE = register(Theorem(
    id="backprop.chain_rule",
    title="The chain rule for three functions, and its accumulation over computational graphs",
    topic="backprop",
    kind="theorem",
    source=SOURCE_001 + ', slide "Backpropagation - Background: Chain rule"',
    as_stated=(r"\begin{gathered}f(u) = \ell \circ \sigma \circ g(x), \quad t = \sigma \circ g(u), \quad z = g(u), "
               r"\\ \frac{df}{du}(u) = \frac{d\ell}{dt}(t) \frac{d\sigma}{dz}(z) \frac{dg}{du}(u) = "
               r"\ell'(\sigma \circ g(u))\, \sigma'(g(u))\, g'(u)\end{gathered}"),
    statement=(
        r"Let $f = \ell \circ \sigma \circ g$ with $g$ differentiable at $u$, $\sigma$ at $g(u)$ and $\ell$ at "
        r"$\sigma(g(u))$. Then",
        r"\[ f'(u) = \ell'(\sigma(g(u)))\, \sigma'(g(u))\, g'(u). \]",
        r"On a computational graph (a node per operation, on each edge the local partial derivative) the "
        r"derivative of the output with respect to an input is the sum over paths of the products of the "
        r"partials; reverse mode (backpropagation) accumulates it for all inputs in one sweep, forward mode in "
        r"one sweep per input.",
    ),
    hypotheses=(
        Assumption(r"Differentiability of each function at the point where it is evaluated (for ReLU at 0 the "
                   r"product rule fails for one-sided and Clarke derivatives)."),
    ),
    derivation=(
        Step(r"\frac{d}{du} \ell(\sigma(g(u)))", r"\ell'(\sigma(g(u))) \frac{d}{du} \sigma(g(u))",
             r"chain rule for two functions"),
        Step(r"\frac{d}{du} \sigma(g(u))", r"\sigma'(g(u))\, g'(u)", r"chain rule again"),
    ),
    errata=(
        r"``$f(u) = \ell \circ \sigma \circ g(x)$'': the variable is $u$, not $x$.",
        r"The differentiability hypotheses, at the points where each derivative is evaluated, are omitted.",
    ),
    references=(GRIEWANK, RUMELHART),
    claim=ChainClaim(),
    symbolic=_chain_symbolic,
    numeric=_chain_numeric,
    mutants=(
        Mutant("wrong point", "l' evaluated at g(u) instead of sigma(g(u))",
               ChainClaim(lambda dl, ds, dg, l, s, g, u: dl(g(u)) * ds(g(u)) * dg(u))),
        Mutant("sigma' at u", "sigma' evaluated at u instead of g(u)",
               ChainClaim(lambda dl, ds, dg, l, s, g, u: dl(s(g(u))) * ds(u) * dg(u))),
        Mutant("sum", "a sum of the derivatives instead of their product",
               ChainClaim(lambda dl, ds, dg, l, s, g, u: dl(s(g(u))) + ds(g(u)) + dg(u))),
    ),
))


# == backprop.logistic_derivative (claim A10) ========================================================================


@dataclass(frozen=True)
class LogisticClaim:
    """``sigma'(z) = first(sigma(z))`` and ``sigma''(z) = second(sigma(z))`` for the logistic function."""

    first: Callable = lambda s: s * (1 - s)  # noqa: E731
    second: Callable = lambda s: s * (1 - s) * (1 - 2 * s)  # noqa: E731


def _logistic_symbolic(claim, context):
    z = sp.Symbol("z", real=True)
    s = 1 / (1 + sp.exp(-z))
    critical = sp.solve(sp.diff(s, z, 2), z)
    return identities_check([
        ("sigma'(z) = first(sigma(z))", sp.diff(s, z), claim.first(s)),
        ("sigma''(z) = second(sigma(z))", sp.diff(s, z, 2), claim.second(s)),
        ("the claimed sigma'(0) is the derivative's maximum 1/4, at its only critical point z = 0",
         claim.first(sp.Rational(1, 2)), sp.Rational(1, 4) if critical == [0] else sp.nan),
        ("symmetry: sigma(-z) = 1 - sigma(z)", s.subs(z, -z), 1 - s),
        ("tanh(z) = 2 sigma(2z) - 1", sp.tanh(z).rewrite(sp.exp), 2 * s.subs(z, 2 * z) - 1),
    ], context, detail="{count} identities proved by differentiating 1/(1 + e^-z): sigma' = sigma (1 - sigma), "
                       "sigma'' = sigma (1 - sigma)(1 - 2 sigma), sigma'(0) = 1/4 = max sigma' (sigma'' = 0 only at "
                       "z = 0), sigma(-z) = 1 - sigma(z), tanh z = 2 sigma(2z) - 1")


def _logistic_numeric(claim, context):
    from scipy.special import expit

    z = np.concatenate([np.linspace(-30.0, 30.0, 1001), context.rng("z").uniform(-30.0, 30.0, 1000)])
    s = expit(z)  # correctly rounded to within an ulp; 1 - s is then exact (Sterbenz) for s >= 1/2
    claimed = np.array([claim.first(v) for v in s]), np.array([claim.second(v) for v in s])
    with mpmath.workdps(30):
        exact = [np.array([float(mpmath.diff(_mp_logistic, mpmath.mpf(v), n)) for v in z]) for n in (1, 2)]
    # s carries a relative error <= 2u; s(1 - s) and s(1 - s)(1 - 2s) are then within 8u of the exact value at
    # the rounded point in the absolute sense (|d/ds| <= 1 and 1.1 on [0, 1]), and moving z to the rounded point
    # changes nothing measurable here: the absolute bound 8u is honest and leaves the mutants (off by >= 4e-14 at
    # z = 30) far outside.
    error, witness = worst_comparison({"sigma' = first(sigma)": (claimed[0], exact[0], 8 * UNIT_ROUNDOFF),
                                       "sigma'' = second(sigma)": (claimed[1], exact[1], 8 * UNIT_ROUNDOFF)})
    return CheckResult(error <= 1.0, "the claimed forms evaluated at scipy's expit(z) against mpmath's derivatives "
                       "of 1/(1 + e^-z) at 30 digits, absolute error in units of 8 float64 roundings, at 2001 points "
                       "of [-30, 30] (a grid and uniform draws)", examples=z.size, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


LOGISTIC_DERIVATIVE = register(Theorem(
    id="backprop.logistic_derivative",
    title="The logistic function satisfies sigma' = sigma (1 - sigma)",
    topic="backprop",
    kind="identity",
    source=SOURCE_001 + ', slide "Backpropagation - Background: Activation function"',
    as_stated=r"\sigma(z) = \frac{1}{1 + e^{-z}}, \quad \sigma'(z) = \frac{d\sigma}{dz}(z) = \sigma(z)(1 - \sigma(z))",
    statement=(
        r"For $\sigma(z) = 1/(1 + e^{-z})$ and every real $z$,",
        r"\[ \sigma' = \sigma(1 - \sigma), \qquad \sigma'' = \sigma(1 - \sigma)(1 - 2\sigma), \]",
        r"so $0 < \sigma' \le \sigma'(0) = \tfrac14$; also $\sigma(-z) = 1 - \sigma(z)$ and "
        r"$\tanh z = 2\sigma(2z) - 1$.",
    ),
    hypotheses=(Assumption(r"$z \in \mathbb{R}$ (no other hypothesis: $\sigma$ is analytic)."),),
    derivation=(
        Step(r"\sigma'(z)", r"\frac{e^{-z}}{(1 + e^{-z})^2}", r"quotient rule"),
        Step(r"\frac{e^{-z}}{(1 + e^{-z})^2}", r"\frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}} = "
             r"\sigma(z)(1 - \sigma(z))", r"$1 - \sigma(z) = e^{-z}/(1 + e^{-z})$"),
    ),
    errata=(r"None: the slide is right. Numerically, evaluate $\sigma$ with a stable routine (scipy's expit): "
            r"$1/(1 + e^{-z})$ overflows for $z < -709$.",),
    references=(GOODFELLOW,),
    claim=LogisticClaim(),
    symbolic=_logistic_symbolic,
    numeric=_logistic_numeric,
    mutants=(
        Mutant("sigma (1 + sigma)", "a sign slip", LogisticClaim(first=lambda s: s * (1 + s))),
        Mutant("sigma^2 (1 - sigma)", "an extra factor sigma", LogisticClaim(first=lambda s: s**2 * (1 - s))),
        Mutant("1 - sigma^2", "tanh's identity applied to the logistic function",
               LogisticClaim(first=lambda s: 1 - s**2)),
        Mutant("half", "sigma (1 - sigma) / 2", LogisticClaim(first=lambda s: s * (1 - s) / 2)),
    ),
))


# == backprop.logistic_unit_gradient (claims A11, A12) ===============================================================


@dataclass(frozen=True)
class UnitGradientClaim:
    """For a unit ``z_i = sigma(a . X_i)`` and ``L(a) = (1/n) sum l(z_i, Y_i)``: ``general(dl, dsigma, X_ij)``
    is the summand of ``dL/da_j`` for any loss (A11); ``square(z, Y, X, j)`` the gradient's j-th entry for the
    square loss and the logistic function (A12)."""

    general: Callable = lambda dl, dsigma, x: dl * dsigma * x  # noqa: E731
    square: Callable = lambda z, Y, X, j: 2 * sum((zi - yi) * zi * (1 - zi) * xi[j]  # noqa: E731
                                                  for zi, yi, xi in zip(z, Y, X)) / len(z)


def _unit_symbolic(claim, context):
    n, d = 2, 2
    a = sp.symbols(f"a1:{d + 1}", real=True)
    X = [[sp.Symbol(f"X{i}{j}", real=True) for j in range(1, d + 1)] for i in range(1, n + 1)]
    Y = sp.symbols(f"Y1:{n + 1}", real=True)
    ell, s = sp.Function("ell"), sp.Function("sigma")
    pre = [sum(aj * xij for aj, xij in zip(a, Xi)) for Xi in X]
    t = sp.Symbol("t")
    # A11, any loss and activation: d/da_j (1/n) sum ell(sigma(a . X_i), Y_i)
    L = sum(ell(s(p), y) for p, y in zip(pre, Y)) / n
    for j in range(d):
        stated = sum(claim.general(sp.Derivative(ell(t, y), t).subs(t, s(p)), _derivative(s)(p), Xi[j])
                     for p, y, Xi in zip(pre, Y, X)) / n
        if sp.simplify(sp.diff(L, a[j]) - stated) != 0:
            return CheckResult(False, f"refuted: the general summand for dL/da_{j + 1}", counterexample={
                "identity": f"dL/da_{j + 1}, undefined ell and sigma", "lhs": sp.sstr(sp.diff(L, a[j])),
                "rhs": sp.sstr(stated)})
    z = [1 / (1 + sp.exp(-p)) for p in pre]
    square = sum((zi - y) ** 2 for zi, y in zip(z, Y)) / n
    cross = sum(-y * sp.log(zi) - (1 - y) * sp.log(1 - zi) for zi, y in zip(z, Y)) / n
    dlog = lambda p: sp.exp(-p) / (1 + sp.exp(-p)) ** 2  # noqa: E731

    # e_i = exp(-a . X_i) as independent positive symbols: both sides become rational functions (a stronger
    # identity, and one that cancel decides quickly)
    e = {sp.exp(-p): sp.Symbol(f"e{i + 1}", positive=True) for i, p in enumerate(pre)}

    def identities():
        for j in range(d):
            yield (f"A12: dL/da_{j + 1}, square loss, logistic", sp.diff(square, a[j]).xreplace(e),
                   sp.sympify(claim.square(z, Y, X, j)).xreplace(e))
            yield (f"A11 with the cross-entropy: dL/da_{j + 1}", sp.diff(cross, a[j]).xreplace(e),
                   sp.sympify(sum(claim.general(-y / zi + (1 - y) / (1 - zi), dlog(p), Xi[j])
                                  for zi, y, p, Xi in zip(z, Y, pre, X)) / n).xreplace(e))
        # the pinned reference of claims.md, exact up to the logistic values
        Xr, Yr, ar = [[1, 0], [0, 1], [1, 1]], [1, 0, 1], [sp.Rational(1, 2), sp.Rational(-1, 2)]
        zr = [1 / (1 + sp.exp(-sum(aj * xj for aj, xj in zip(ar, x)))) for x in Xr]
        for j, value in enumerate((-14248231, -2418436)):
            yield (f"reference: 10^8 dL/da_{j + 1} rounds to {value}",
                   sp.Integer(round(sp.N(claim.square(zr, Yr, Xr, j), 20) * 10**8)), value)

    result = identities_check(identities(), context, detail="{count}")
    detail = (f"dL/da_j = (1/n) sum l'(z_i, Y_i) sigma'(a . X_i) X_ij for undefined l and sigma (n = d = 2, both j); "
              f"{result.detail} identities proved: the square-loss logistic form (2/n) sum (z_i - Y_i) z_i "
              "(1 - z_i) X_ij and the cross-entropy case (the sigma' cancels: (1/n) sum (z_i - Y_i) X_ij) against "
              "SymPy's derivative, and the reference values of claims.md")
    return result if not result.passed else CheckResult(True, detail)


@st.composite
def _unit_instances(draw):
    n, d = draw(st.integers(1, 8)), draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    scale = draw(st.sampled_from([0.1, 1.0, 3.0]))
    return {"X": rng.standard_normal((n, d)) * scale, "Y": rng.uniform(0, 1, n), "a": rng.standard_normal(d)}


def _unit_numeric(claim, context):
    def loss(a, X, Y):
        z = 1 / (1 + np.exp(-(X @ a)))
        return np.mean((z - Y) ** 2)

    def example(instance):
        X, Y, a = instance["X"], instance["Y"], instance["a"]
        z = 1 / (1 + np.exp(-(X @ a)))
        claimed = np.array([claim.square(list(z), list(Y), list(X), j) for j in range(X.shape[1])])
        exact = derivatives.complex_step(lambda v: loss(v, X, Y), a)
        # Running error bound, for each side: the products and the sum of the summands (gamma_(16 + n) relative to
        # their absolute values) and the error of z itself, 4u z from exp and the division plus z (1 - z) times
        # the rounding of a . X_i, propagated by |d summand / d z| = 2 |z (1 - z) + (z - Y)(1 - 2z)|; the
        # complex-step side carries the same first-order errors, hence the factor 2.
        n = len(z)
        terms = 2 * np.abs((z - Y) * z * (1 - z))[:, None] * np.abs(X) / n
        dz = 4 * UNIT_ROUNDOFF * z + z * (1 - z) * gamma(X.shape[1] + 1) * (np.abs(X) @ np.abs(a))
        slope = 2 * np.abs(z * (1 - z) + (z - Y) * (1 - 2 * z))
        bound = 2 * (gamma(16 + n) * terms.sum(axis=0) + (slope * dz)[:, None].T @ np.abs(X) / n)[0] + 1e-300
        return worst_comparison({"dL/da": (claimed, exact, bound)})

    return property_check(_unit_instances(), example, context, tolerance=1.0,
                          detail="the claimed gradient in float64 against the complex-step derivative of L(a), in "
                                 "units of a running rounding bound; n = 1..8 points, d = 1..4, |X| scales "
                                 "0.1..3, Y uniform in [0, 1]")


LOGISTIC_UNIT_GRADIENT = register(Theorem(
    id="backprop.logistic_unit_gradient",
    title="The gradient of a single logistic unit under the square loss",
    topic="backprop",
    kind="identity",
    source=SOURCE_001 + ', slides "Backpropagation - Toy example", "Gradient computation", "Weight update"',
    as_stated=(r"\begin{gathered}\frac{\partial L}{\partial a_j}(a) = \frac1n \sum_{i=1}^n \frac{\partial \ell}"
               r"{\partial t}(\sigma(a^\top X_i), Y_i)\, \sigma'(a^\top X_i)\, X_{ij}, \\ \frac{\partial L}"
               r"{\partial a_j}(a) = \frac2n \sum_{i=1}^n (z_i - Y_i) z_i (1 - z_i) X_{ij}, \quad z_i = "
               r"\sigma(a^\top X_i)\end{gathered}"),
    statement=(
        r"For a unit $h(x, a) = \sigma(a^\top x)$ and $L(a) = \frac1n \sum_i \ell(\sigma(a^\top X_i), Y_i)$ with "
        r"$\ell(\cdot, y)$ and $\sigma$ differentiable,",
        r"\[ \frac{\partial L}{\partial a_j} = \frac1n \sum_{i=1}^n \partial_t \ell(z_i, Y_i)\, "
        r"\sigma'(a^\top X_i)\, X_{ij}, \qquad z_i = \sigma(a^\top X_i); \]",
        r"for the square loss and the logistic function this is $\frac2n \sum_i (z_i - Y_i) z_i (1 - z_i) "
        r"X_{ij}$, and for the cross-entropy $\frac1n \sum_i (z_i - Y_i) X_{ij}$.",
    ),
    hypotheses=(Assumption(r"No bias: $h = \sigma(a^\top x)$ (append a constant feature 1 for one)."),),
    derivation=(
        Step(r"\frac{\partial}{\partial a_j} \ell(\sigma(a^\top X_i), Y_i)",
             r"\partial_t \ell(z_i, Y_i)\, \sigma'(a^\top X_i)\, X_{ij}",
             r"backprop.chain\_rule with $g(a) = a^\top X_i$, linear, $\partial g / \partial a_j = X_{ij}$"),
        Step(r"\partial_t \ell(z_i, Y_i)\, \sigma'(a^\top X_i)", r"2(z_i - Y_i)\, z_i(1 - z_i)",
             r"square loss, backprop.logistic\_derivative"),
    ),
    errata=(
        r"``Apply the chain rule \dots\ where the last function is linear'': the linear map $a \mapsto a^\top X_i$ "
        r"is the first (innermost) function of the composition, not the last.",
        r"``The gradient update'' is the gradient; the update is $a \leftarrow a - \eta\, \partial L/\partial a$.",
    ),
    references=(GOODFELLOW, RUMELHART),
    claim=UnitGradientClaim(),
    symbolic=_unit_symbolic,
    numeric=_unit_numeric,
    mutants=(
        Mutant("1/n", "the factor 2 of the square loss dropped",
               UnitGradientClaim(square=lambda z, Y, X, j: sum((zi - yi) * zi * (1 - zi) * xi[j]
                                                               for zi, yi, xi in zip(z, Y, X)) / len(z))),
        Mutant("sign", "(Y_i - z_i) for (z_i - Y_i)",
               UnitGradientClaim(square=lambda z, Y, X, j: 2 * sum((yi - zi) * zi * (1 - zi) * xi[j]
                                                                   for zi, yi, xi in zip(z, Y, X)) / len(z))),
        Mutant("no sigma'", "z_i (1 - z_i) dropped (and the general summand without sigma')",
               UnitGradientClaim(general=lambda dl, ds, x: dl * x,
                                 square=lambda z, Y, X, j: 2 * sum((zi - yi) * xi[j]
                                                                   for zi, yi, xi in zip(z, Y, X)) / len(z))),
        Mutant("z for X", "X_ij replaced by z_i",
               UnitGradientClaim(square=lambda z, Y, X, j: 2 * sum((zi - yi) * zi * (1 - zi) * zi
                                                                   for zi, yi, xi in zip(z, Y, X)) / len(z))),
    ),
))

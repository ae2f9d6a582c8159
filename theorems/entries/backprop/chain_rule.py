"""``backprop.chain_rule``: The chain rule for three functions, and its accumulation over computational graphs."""

import itertools
import math
from dataclasses import dataclass
from typing import Callable

import mpmath
import sympy as sp
from hypothesis import strategies as st

from theorems.checks import identities_check, property_check
from theorems.symbolic.computational_graph import draw, expressions, forward_mode, graph, reverse_mode
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.backprop.references import GRIEWANK, RUMELHART
from theorems.entries.backprop.undefined_functions import _derivative
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite
from theorems.symbolic.nets import logistic

__all__ = ["CHAIN_RULE", "ChainClaim"]


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
        yield ("reference: l = (t - 1)^2, logistic, g = 2u at u = 0: f'(0) = -1/2",
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
                                 "at 40 digits, error relative to max(|f'|, 1) in units of 1e-30; l in {square, "
                                 "logistic loss}, sigma in {logistic, tanh}, g in {3u - 1/2, u^3}, u in [-2, 2]")


def _chain_figure(seed=0):
    """The computational graph of the lecture's single logistic unit under the square loss (deterministic)."""
    a1, a2, x1, x2, y = sp.symbols("a1 a2 x1 x2 y", real=True)
    return draw(graph((logistic(a1 * x1 + a2 * x2) - y) ** 2))


CHAIN_RULE = register(Theorem(
    id="backprop.chain_rule",
    title="The chain rule for three functions, and its accumulation over computational graphs",
    topic="backprop",
    kind="theorem",
    source=cite(SEANCE, 'slide "Backpropagation - Background: Chain rule"'),
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
    figure=_chain_figure,
    mutants=(
        Mutant("wrong point", "l' evaluated at g(u) instead of sigma(g(u))",
               ChainClaim(lambda dl, ds, dg, l, s, g, u: dl(g(u)) * ds(g(u)) * dg(u))),
        Mutant("sigma' at u", "sigma' evaluated at u instead of g(u)",
               ChainClaim(lambda dl, ds, dg, l, s, g, u: dl(s(g(u))) * ds(u) * dg(u))),
        Mutant("sum", "a sum of the derivatives instead of their product",
               ChainClaim(lambda dl, ds, dg, l, s, g, u: dl(s(g(u))) + ds(g(u)) + dg(u))),
    ),
))

"""``approximation.piecewise_linear_exact``:

Every continuous piecewise-linear function of one variable is a sum of ReLU units plus an affine part.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import approximation
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.approximation.references import PINKUS, TREFETHEN
from theorems.registry import register
from theorems.sources import POGGIO, cite
from theorems.symbolic.nets import relu

__all__ = ["PIECEWISE_LINEAR_EXACT", "PiecewiseLinearClaim"]

_before, _after = sp.symbols("s_before s_after", real=True)


@dataclass(frozen=True)
class PiecewiseLinearClaim:
    """A continuous piecewise-linear ``g`` with breakpoints ``t_1 < ... < t_k`` on ``[t_0, t_{k+1}]`` equals
    ``g(t_0) + s_0 (x - t_0) + sum_i c_i relu(x - t_i)`` with ``c_i = coefficient(s_{i-1}, s_i)``."""

    coefficient: sp.Expr = _after - _before


def _pl_pieces(claim, t, v):
    """Slopes and the claimed ReLU representation of the interpolant of ``(t_j, v_j)``, as a function of x."""
    slopes = [(v[j + 1] - v[j]) / (t[j + 1] - t[j]) for j in range(len(t) - 1)]
    c = [claim.coefficient.subs({_before: slopes[i - 1], _after: slopes[i]}) for i in range(1, len(t) - 1)]
    return slopes, lambda x: v[0] + slopes[0] * (x - t[0]) + sum(ci * relu(x - ti) for ci, ti in zip(c, t[1:-1]))


def _piecewise_linear_symbolic(claim, context):
    k = context.profile.pick(quick=2, default=3, thorough=5)  # breakpoints
    gaps = sp.symbols(f"g0:{k + 1}", positive=True)
    t0, w = sp.Symbol("t0", real=True), sp.Symbol("w", positive=True)
    t = [t0 + sum(gaps[:j]) for j in range(k + 2)]
    v = sp.symbols(f"v0:{k + 2}", real=True)
    slopes, represented = _pl_pieces(claim, t, v)

    def identities():
        for j in range(k + 1):  # x strictly inside [t_j, t_{j+1}]: every relu(x - t_i) has a known sign
            x = t[j] + gaps[j] / (1 + w)
            yield f"on (t_{j}, t_{j + 1})", represented(x), v[j] + slopes[j] * (x - t[j])
        for j in range(k + 2):
            yield f"at the knot t_{j}", represented(t[j]), v[j]
        p, a = sp.Symbol("p", positive=True), sp.Symbol("a", real=True)
        for z in (p, -p):
            yield f"|x| = relu(x) + relu(-x) at x = {z}", sp.Abs(z), relu(z) + relu(-z)
            yield f"max(a, b) = a + relu(b - a) at b = a + ({z})", sp.Max(a, a + z), a + relu(z)

    return identities_check(identities(), context, detail="{count} identities proved: the ReLU representation "
                            f"equals the interpolant on each of the {k + 1} open intervals and at the {k + 2} knots, "
                            f"symbolic knots t_j = t_0 + g_0 + ... + g_(j-1) (g > 0) and values v_j; |x| and max(a, b) "
                            "as ReLU sums on both signs")


@st.composite
def _pl_instances(draw):
    k = draw(st.integers(1, 8))
    gaps = draw(st.lists(st.floats(0.05, 2.0), min_size=k + 1, max_size=k + 1))
    start = draw(st.floats(-3.0, 3.0))
    values = draw(st.lists(st.floats(-5.0, 5.0), min_size=k + 2, max_size=k + 2))
    return {"knots": start + np.concatenate([[0.0], np.cumsum(gaps)]), "values": np.array(values)}


def _piecewise_linear_numeric(claim, context):
    coefficient = sp.lambdify((_before, _after), claim.coefficient, "numpy")

    def example(instance):
        t, v = instance["knots"], instance["values"]
        slopes = np.diff(v) / np.diff(t)
        c = np.asarray(coefficient(slopes[:-1], slopes[1:]), float) * np.ones(len(t) - 2)
        x = np.linspace(t[0], t[-1], 2001)
        claimed = approximation.relu_sum(x, v[0] - slopes[0] * t[0], slopes[0], t[1:-1], c)
        reference = np.interp(x, t, v)  # the interpolant, evaluated piece by piece by NumPy
        _, _, _, solved = approximation.relu_interpolant(t, v)  # the same coefficients by a triangular solve
        # rounding of sum_i |c_i| |x - t_i| + the affine part, k + 3 terms, plus np.interp's own
        scale = np.abs(v).max() + np.abs(v[0] - slopes[0] * t[0]) + np.abs(slopes[0] * x) + np.abs(solved) @ np.abs(
            x[None, :] - t[1:-1, None])
        # the triangular solve: each c_j divides a residual of k + 3 rounded terms, each at most |v| + (k + 2) max|s|
        # max|t| in size, by the gap t_j - t_(j-1), and passes its error on (first order: gamma_(4k) in front)
        terms = np.abs(v).max() + len(t) * np.abs(slopes).max() * np.abs(t).max()
        return worst_comparison({
            "ReLU sum against np.interp": (claimed, reference, 8 * gamma(len(t) + 3) * scale),
            "claimed coefficients against the triangular solve": (c, solved, gamma(4 * len(t)) * terms
                                                                   / np.diff(t).min()),
        })

    return property_check(_pl_instances(), example, context, tolerance=1.0,
                          detail="|claimed - reference| in units of the float64 rounding bound: the ReLU sum with "
                                 "the claimed coefficients (numerics.approximation.relu_sum) against NumPy's "
                                 "np.interp on 2001 points, and the claimed coefficients against "
                                 "relu_interpolant's triangular solve; 1-8 breakpoints")


PIECEWISE_LINEAR_EXACT = register(Theorem(
    id="approximation.piecewise_linear_exact",
    title="Every continuous piecewise-linear function of one variable is a sum of ReLU units plus an affine part",
    topic="approximation",
    kind="identity",
    source=cite(POGGIO, 'slide "Deep and shallow networks: universality"'),
    as_stated=r"\phi(x) = \sum_{i=1}^r c_i |\langle w_i, x \rangle + b_i|_+",
    statement=(
        r"Let $g$ be continuous on $[t_0, t_{k+1}]$ and affine with slope $s_j$ on each $[t_j, t_{j+1}]$. Then",
        r"\[ g(x) = g(t_0) + s_0 (x - t_0) + \sum_{i=1}^{k} (s_i - s_{i-1})\,\sigma(x - t_i), \]",
        r"a one-hidden-layer ReLU net with $k$ units, biases $-t_i$ and output weights the slope changes "
        r"(plus an affine part, itself $a + b\,\sigma(x - t_0)$ on the interval). In particular "
        r"$|x| = \sigma(x) + \sigma(-x)$ and $\max(a, b) = a + \sigma(b - a)$.",
    ),
    hypotheses=(
        Assumption(r"Each unit has its own bias $b_i = -t_i$ and output weight $c_i$ (a bias-free net is "
                   r"positively homogeneous and cannot place a breakpoint away from 0)."),
    ),
    derivation=(
        Step(r"\frac{d}{dx}\Big(\sum_i c_i \sigma(x - t_i)\Big)", r"\sum_{i : t_i < x} c_i",
             r"the slope on $(t_j, t_{j+1})$ is $s_0 + c_1 + \dots + c_j$, which must equal $s_j$"),
        Step(r"c_i", r"s_i - s_{i-1}", r"differences of consecutive slopes"),
    ),
    errata=(r"The slide uses $\phi$ both for the activation (in the theorem) and for the network function (in the "
            r"formula below it): notation only.",),
    references=(PINKUS, TREFETHEN),
    claim=PiecewiseLinearClaim(),
    symbolic=_piecewise_linear_symbolic,
    numeric=_piecewise_linear_numeric,
    mutants=(
        Mutant("slope, not slope change", "c_i = s_i, the slope after t_i", PiecewiseLinearClaim(coefficient=_after)),
        Mutant("half the change", "c_i = (s_i - s_{i-1}) / 2",
               PiecewiseLinearClaim(coefficient=(_after - _before) / 2)),
    ),
))

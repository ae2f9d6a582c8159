"""``approximation.relu_sum_universal``:

Sums of ReLU ridge functions with biases are universal; in one variable the interpolation error is quadratic in the
knot spacing.
"""

import functools
from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import approximation
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.approximation.references import PINKUS, TREFETHEN
from theorems.entries.approximation.symbols import _x
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POGGIO, cite

__all__ = ["InterpolationRateClaim", "RELU_SUM_UNIVERSAL"]

_h = sp.Symbol("h", positive=True)


@dataclass(frozen=True)
class InterpolationRateClaim:
    """The ReLU sum interpolating ``g`` in ``C^2`` on knots of spacing ``h`` has sup error
    ``<= constant h^exponent ||g''||``, with equality for ``g = x^2``."""

    constant: sp.Expr = sp.Rational(1, 8)
    exponent: sp.Expr = sp.Integer(2)


def _interpolation_symbolic(claim, context):
    # The interpolation error of g on [a, a + h] is -(x - a)(a + h - x) g''(xi)/2; its worst case over the
    # interval, derived here for g = x^2 (g'' = 2), is the claim's right-hand side.
    a = sp.Symbol("a", real=True)
    error = sp.expand((a**2 + (_x - a) * ((a + _h) ** 2 - a**2) / _h) - _x**2)  # chord minus x^2, concave
    (critical,) = sp.solve(sp.diff(error, _x), _x)
    worst = sp.simplify(error.subs(_x, critical))
    bound_on_x = sp.simplify(sp.maximum((_x - a) * (a + _h - _x) / 2, _x, sp.Interval(a, a + _h)))
    return identities_check([
        ("sup |chord - x^2| on [a, a + h] = constant h^exponent ||(x^2)''||", worst,
         claim.constant * _h**claim.exponent * 2),
        ("max (x - a)(a + h - x)/2 on [a, a + h] = constant h^exponent", bound_on_x,
         claim.constant * _h**claim.exponent),
    ], context, detail="{count} identities proved: SymPy solves d/dx (chord - x^2) = 0 on [a, a + h] (the worst "
                       "error h^2/4 at the midpoint) and maximizes (x - a)(a + h - x)/2 (h^2/8), the factor of "
                       "||g''|| in the interpolation error -(x - a)(a + h - x) g''(xi)/2")


@functools.lru_cache(maxsize=None)
def _interpolation_errors(knot_counts):
    errors = {}
    for r in knot_counts:
        knots = np.linspace(0.0, 1.0, r)
        alpha, beta, t, c = approximation.relu_interpolant(knots, knots**2)
        x = np.union1d(np.linspace(0.0, 1.0, 20001), (knots[:-1] + knots[1:]) / 2)  # the midpoints included
        errors[r] = float(np.abs(approximation.relu_sum(x, alpha, beta, t, c) - x**2).max())
    return errors


def _random_feature_errors(rng, widths):
    """Least-squares ReLU ridge sums with random slopes and biases fitted to sin(3x) on [-1, 1]: sup errors."""
    x = np.linspace(-1.0, 1.0, 4001)
    errors = {}
    for r in widths:
        w = rng.choice([-1.0, 1.0], r) * rng.uniform(0.5, 2.0, r)
        b = -w * rng.uniform(-1.0, 1.0, r)  # breakpoints spread over [-1, 1]
        features = np.column_stack([np.ones_like(x), x, np.maximum(0.0, np.outer(x, w) + b)])
        coefficients = np.linalg.lstsq(features, np.sin(3 * x), rcond=None)[0]
        errors[r] = float(np.abs(features @ coefficients - np.sin(3 * x)).max())
    return errors


def _interpolation_numeric(claim, context):
    counts = context.profile.pick(quick=(3, 5, 9, 17, 33), default=(3, 5, 9, 17, 33, 65, 129),
                                  thorough=(3, 5, 9, 17, 33, 65, 129, 257, 513))
    errors = _interpolation_errors(counts)
    h = np.array([1.0 / (r - 1) for r in counts])
    claimed = float(claim.constant) * h ** float(claim.exponent) * 2
    measured = np.array([errors[r] for r in counts])
    features = _random_feature_errors(context.rng("random features"), (10, 40, 160))
    # the sup error of a ReLU sum: a few roundings of terms of size <= 1 (x in [0, 1], |c_i| <= 2 h)
    error, witness = worst_comparison({
        "measured sup error against constant h^exponent ||g''||": (measured, claimed,
                                                                    64 * np.finfo(float).eps + 1e-9 * claimed),
        "random-feature sums: err(160) / err(10) < 0.2": (max(features[160] / features[10] - 0.2, 0.0), 0.0, 1e-12),
    })
    return CheckResult(error <= 1.0, "ReLU interpolants of x^2 on [0, 1] (numerics.approximation.relu_interpolant, "
                       "sup over 20001 points and the midpoints): " + ", ".join(
                           f"r = {r}: {e:.6g}" for r, e in errors.items()) + " against the claimed "
                       "constant h^exponent ||g''|| (units: float64 rounding + 1e-9 relative); universality on a "
                       "smooth target: least-squares ReLU ridge sums with random slopes and biases fitted to "
                       "sin(3x) on [-1, 1], sup error " + ", ".join(f"{r} units: {e:.3g}" for r, e in features.items()),
                       examples=sum(20000 + r for r in counts) + 3 * 4001, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


RELU_SUM_UNIVERSAL = register(Theorem(
    id="approximation.relu_sum_universal",
    title="Sums of ReLU ridge functions with biases are universal; in one variable the interpolation error is "
          "quadratic in the knot spacing",
    topic="approximation",
    kind="theorem",
    source=cite(POGGIO, 'slide "Deep and shallow networks: universality"'),
    as_stated=(r"\begin{gathered}\text{Shallow networks with a nonlinear } \phi \text{ which is not a polynomial are "
               r"universal;} \\ \phi(x) = \sum_{i=1}^r c_i |\langle w_i, x\rangle + b_i|_+\end{gathered}"),
    statement=(
        r"For every compact $K \subset \mathbb{R}^d$, the sums $\sum_{i=1}^r c_i\,\sigma(\langle w_i, x\rangle + b_i)$ "
        r"with per-unit weights, biases and output coefficients are dense in $C(K)$ (Leshno et al. 1993: for "
        r"continuous $\sigma$ iff $\sigma$ is not a polynomial). In one variable the rate is explicit: the sum "
        r"interpolating $g \in C^2[a, b]$ on knots of spacing $h$ has",
        r"\[ \| g - I_h g \|_\infty \le \frac{h^2}{8} \|g''\|_\infty, \]",
        r"with equality for $g = x^2$ ($h^2/4$), so the error decays like $r^{-2}$ in the number of units $r$.",
    ),
    hypotheses=(
        Assumption(r"Compact domain; per-unit biases $b_i$ and output coefficients $c_i$ (without biases the sum "
                   r"is positively homogeneous; without the $c_i$ it cannot take negative values)."),
        Assumption(r"The activation is not a polynomial (a polynomial $\sigma$ of degree $k$ spans only "
                   r"polynomials of degree $\le k$: approximation.polynomial\_activation)."),
    ),
    derivation=(
        Step(r"g(x) - I_h g(x)", r"-\frac{(x - a)(a + h - x)}{2}\, g''(\xi)", r"Rolle's theorem twice on "
             r"$[a, a + h]$"),
        Step(r"\max_{[a, a+h]} \frac{(x - a)(a + h - x)}{2}", r"\frac{h^2}{8}", r"at the midpoint"),
    ),
    errata=(r"The slide uses $\phi$ for both the activation and the network; the theorem needs the biases and "
            r"output coefficients written in its formula, and a compact domain.",),
    references=(PINKUS, "M. Leshno, V. Ya. Lin, A. Pinkus, S. Schocken, \"Multilayer feedforward networks with a "
                "nonpolynomial activation function can approximate any function\", Neural Networks 6 (1993) "
                "861-867.", TREFETHEN),
    claim=InterpolationRateClaim(),
    symbolic=_interpolation_symbolic,
    numeric=_interpolation_numeric,
    mutants=(
        Mutant("rate h (1/r)", "the error of the ReLU interpolant decays like h, sharply: h ||g''|| / 8",
               InterpolationRateClaim(exponent=sp.Integer(1))),
        Mutant("constant 1/16", "||g - I_h g|| <= h^2 ||g''|| / 16",
               InterpolationRateClaim(constant=sp.Rational(1, 16))),
    ),
))

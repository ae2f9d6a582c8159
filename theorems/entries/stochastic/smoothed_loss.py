"""``stochastic.smoothed_loss``:

SGD is GD on a smoothed loss, in expectation and for the auxiliary sequence y = x - eta nabla f(x).
"""

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.stochastic.symbols import _eta, _x
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POST, cite

__all__ = ["SMOOTHED_LOSS", "SmoothingClaim"]

_s, _w = sp.symbols("s omega", real=True)


_F = _x**4 - 2 * _x**2 + sp.Rational(3, 10) * _x  # a tilted double well, in the style of the post


@dataclass(frozen=True)
class SmoothingClaim:
    """SGD ``x' = x - eta (f'(x) + omega)`` is, in expectation, GD on ``E f(. - kernel omega)`` for the
    `sequence` ``y = x - eta f'(x)`` (or ``x`` itself); Gaussian smoothing of ``x^4 - 2x^2`` is convex iff
    ``s^2 >= threshold``."""

    kernel: sp.Expr = _eta
    sequence: str = "y"
    threshold: sp.Expr = sp.Rational(1, 3)


def _smoothing_symbolic(claim, context):
    f = sp.Lambda(_x, _F)
    fp = sp.Lambda(_x, sp.diff(_F, _x))
    x_next = {w: _x - _eta * (fp(_x) + w) for w in (_s, -_s)}  # omega = +-s, each with probability 1/2
    if claim.sequence == "y":
        start = _x - _eta * fp(_x)
        expected = sum(x_next[w] - _eta * fp(x_next[w]) for w in x_next) / 2
    else:
        start = _x
        expected = sum(x_next.values()) / 2
    u = sp.Symbol("u", real=True)
    smoothed = sp.Lambda(u, sum(f(u - claim.kernel * w) for w in (_s, -_s)) / 2)
    gd_step = start - _eta * sp.diff(smoothed(u), u).subs(u, start)
    y, v = sp.Symbol("y", real=True), sp.Symbol("v", positive=True)
    g = y**4 - 2 * y**2
    gaussian = sp.integrate(g.subs(y, y - _x) * sp.exp(-_x**2 / (2 * v)) / sp.sqrt(2 * sp.pi * v), (_x, -sp.oo, sp.oo))
    curvature = sp.Poly(sp.expand(gaussian), y).coeff_monomial(y**2)  # the quartic is convex iff this is >= 0
    (threshold,) = sp.solve(sp.Eq(curvature, 0), v)
    return identities_check([
        (f"E[{claim.sequence}_(t+1)] = GD step on the smoothed loss (omega = +-s)", sp.expand(expected),
         sp.expand(gd_step)),
        ("Gaussian smoothing of x^4 - 2x^2: convex iff s^2 >= threshold", threshold, claim.threshold),
    ], context, detail="{count} identities proved: the exact expectation over omega = +-s of one SGD step on "
                       "f = x^4 - 2x^2 + 3x/10 equals one GD step on f smoothed by the law of the claimed kernel "
                       "(SymPy expand), and the Gaussian convolution of x^4 - 2x^2 (SymPy integrate) is "
                       f"{sp.sstr(sp.expand(gaussian))}, convex iff s^2 >= {threshold}")


def _smoothing_numeric(claim, context):
    fp = sp.lambdify(_x, sp.diff(_F, _x), "numpy")
    kernel = sp.lambdify(_eta, claim.kernel, "numpy")
    rng = context.rng("smoothing")
    draws = context.profile.pick(quick=100_000, default=1_000_000, thorough=4_000_000)
    parts, notes = {}, []
    for x, eta, s in ((0.9, 0.1, 2.0), (-0.5, 0.05, 4.0), (0.2, 0.2, 1.0)):
        omega = rng.choice([-s, s], draws)
        x_next = x - eta * (fp(x) + omega)
        start, sample = (x - eta * fp(x), x_next - eta * fp(x_next)) if claim.sequence == "y" else (x, x_next)
        k = float(kernel(eta))
        predicted = start - eta * (fp(start - k * s) + fp(start + k * s)) / 2  # GD on E f(. - k omega), exactly
        se = sample.std() / math.sqrt(draws)
        parts[f"one step from x = {x}, eta = {eta}, s = {s}"] = (sample.mean(), predicted, 4 * se)
        notes.append(f"x = {x}: {sample.mean():.6f} +- {se:.1e} against {predicted:.6f}")
    # Gaussian smoothing by 40-point Gauss-Hermite quadrature (exact for this quartic): convex just above the
    # claimed threshold, not just below
    nodes, weights = np.polynomial.hermite_e.hermegauss(40)
    weights = weights / weights.sum()
    grid = np.linspace(-2, 2, 4001)
    threshold = float(claim.threshold)
    for v, convex in ((threshold * 1.02, True), (threshold * 0.98, False)):
        smoothed = (grid[:, None] - math.sqrt(v) * nodes) ** 4 - 2 * (grid[:, None] - math.sqrt(v) * nodes) ** 2
        values = smoothed @ weights
        second = np.diff(values, 2) / (grid[1] - grid[0]) ** 2
        is_convex = bool(second.min() >= -1e-9)  # differences of a quartic: exact to rounding
        parts[f"s^2 = {v:.4f} is {'' if convex else 'not '}convex"] = (float(is_convex == convex), 1.0, 0.5)
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, f"Monte Carlo of one SGD step ({draws} draws of omega = +-s) against one GD step "
                       "on the claimed smoothed loss, 4 s.e.: " + "; ".join(notes) + "; Gaussian smoothing of "
                       "x^4 - 2x^2 by Gauss-Hermite quadrature: convex at 1.02 x the claimed threshold, not at 0.98 x",
                       examples=3 * draws + 2, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


SMOOTHED_LOSS = register(Theorem(
    id="stochastic.smoothed_loss",
    title=r"SGD is GD on a smoothed loss, in expectation and for the auxiliary sequence $y = x - \eta "
          r"\nabla f(x)$",
    topic="stochastic",
    kind="identity",
    source=cite(POST, 'section "SGD modifies the loss function": "performing SGD is equivalent to '
                      'doing regular gradient descent on a convolved (thus smoothed) loss function"'),
    as_stated=r"\text{SGD} \equiv \text{GD on a convolved (smoothed) loss function}",
    statement=(
        r"Let $x_{t+1} = x_t - \eta(\nabla f(x_t) + \omega_t)$ with $\omega_t$ i.i.d., $\mathbb{E}\,\omega_t = 0$. "
        r"For the auxiliary sequence $y_t = x_t - \eta \nabla f(x_t)$,",
        r"\[ \mathbb{E}[y_{t+1} \mid y_t] = y_t - \eta \nabla_y\, \mathbb{E}_\omega f(y_t - \eta\omega), \]",
        r"one GD step on $f$ convolved with the law of $\eta\omega$ (Kleinberg, Li, Yuan 2018). For the iterates "
        r"themselves $\mathbb{E}[x_{t+1} \mid x_t] = x_t - \eta \nabla f(x_t)$: no smoothing. Gaussian smoothing "
        r"of $x^4 - 2x^2$ with variance $s^2$ is $x^4 + (6s^2 - 2)x^2 + 3s^4 - 2s^2$, convex iff $s^2 \ge 1/3$.",
    ),
    hypotheses=(
        Assumption(r"The noise is independent of the past with mean zero; the statement is in expectation, for "
                   r"the sequence $y_t$."),
        Assumption(r"Escaping to a neighbourhood of $x^*$ needs $f_\eta$ one-point strongly convex with respect "
                   r"to $x^*$ (KLY Theorem 1), and $x^*$ need not be a global minimiser of $f$."),
    ),
    derivation=(
        Step(r"y_{t+1}", r"y_t - \eta\omega_t - \eta\nabla f(y_t - \eta\omega_t)", r"$x_{t+1} = y_t - "
             r"\eta\omega_t$"),
        Step(r"\mathbb{E}[y_{t+1} \mid y_t]", r"y_t - \eta \nabla \mathbb{E}_\omega f(y_t - \eta\omega)",
             r"$\mathbb{E}\,\omega = 0$; differentiation under the expectation"),
    ),
    errata=(
        r"The equivalence holds only in expectation and for the auxiliary sequence $y_t$, not for the SGD "
        r"iterates $x_t$.",
        r"``Converge to a small region around a global minimum'' needs one-point convexity of $f_\eta$ with "
        r"respect to that point.",
        r"The smoothing kernel is the law of $\eta\omega$, not of $\omega$.",
    ),
    references=("R. Kleinberg, Y. Li, Y. Yuan, \"An alternative view: when does SGD escape local minima?\", ICML 2018, "
                "Section 3.",),
    claim=SmoothingClaim(),
    symbolic=_smoothing_symbolic,
    numeric=_smoothing_numeric,
    mutants=(
        Mutant("kernel omega", "smoothing by the law of omega instead of eta omega",
               SmoothingClaim(kernel=sp.Integer(1))),
        Mutant("x-sequence", "E[x_(t+1)] = x_t - eta grad f_eta(x_t) for the iterates",
               SmoothingClaim(sequence="x")),
        Mutant("threshold s^2 >= 1", "Gaussian convexification from s^2 >= 1", SmoothingClaim(threshold=sp.Integer(1))),
    ),
))

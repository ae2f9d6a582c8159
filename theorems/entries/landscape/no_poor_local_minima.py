"""``landscape.no_poor_local_minima``:

No poor local minima: true for deep linear nets, false for ReLU nets; deep linear saddles can be degenerate.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import derivatives
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.landscape.linear_descent import _gd_linear
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite
from theorems.symbolic.nets import relu

__all__ = ["NO_POOR_LOCAL_MINIMA", "PoorMinimaClaim"]


@dataclass(frozen=True)
class PoorMinimaClaim:
    """Which nets have no poor local minima: deep linear nets with square loss do; the claim may add that every
    critical point of ``(ab - 1)^2`` is a minimum, that ReLU nets have none, or that depth-3 saddles are strict."""

    critical_points_are_minima: bool = False
    relu_has_none: bool = False
    deep_saddles_strict: bool = False


def _poor_minima_symbolic(claim, context):
    a, b, c, w, u = sp.symbols("a b c w u", real=True)
    L = (a * b - 1) ** 2
    critical = sp.solve([sp.diff(L, a), sp.diff(L, b)], [a, b], dict=True)
    origin = sp.hessian(L, (a, b)).subs({a: 0, b: 0})
    if claim.critical_points_are_minima:
        return CheckResult(False, "refuted: (0, 0) is a critical point of (ab - 1)^2 and a saddle", counterexample={
            "critical points": str(critical), "lhs": f"Hessian eigenvalues at 0: {list(origin.eigenvals())}",
            "rhs": "all >= 0"})
    p = sp.Symbol("p", positive=True)
    dead = (relu(w + u) - 1) ** 2
    if claim.relu_has_none:
        return CheckResult(False, "refuted: the dead ReLU (relu(w + b) - 1)^2 is 1 on the open set w + b < 0, a "
                           "plateau of non-global local minima", counterexample={
                               "lhs": f"L on w + b = -p < 0: {dead.subs(u, -p - w)}", "rhs": "min L = 0 (w + b = 1)"})
    cubic = sp.hessian((a * b * c - 1) ** 2, (a, b, c)).subs({a: 0, b: 0, c: 0})
    if claim.deep_saddles_strict:
        return CheckResult(False, "refuted: the saddle at 0 of the depth-3 linear net (abc - 1)^2 is not strict",
                           counterexample={"lhs": f"Hessian at 0 = {cubic.tolist()}",
                                           "rhs": "a negative eigenvalue"})
    on_minima = sp.hessian(L, (a, b)).subs(b, 1 / a)
    saddle = sorted(origin.eigenvals(multiple=True))
    minima = sorted(on_minima.eigenvals(multiple=True), key=lambda e: sp.N(e.subs(a, 2)))
    return identities_check([
        ("(ab - 1)^2: smallest Hessian eigenvalue at the saddle (0, 0)", saddle[0], -2),
        ("(ab - 1)^2: largest Hessian eigenvalue at the saddle (0, 0)", saddle[1], 2),
        ("(ab - 1)^2 on ab = 1: a zero eigenvalue (the minimum set's direction)", minima[0], 0),
        ("(ab - 1)^2 on ab = 1: the other eigenvalue", minima[1], 2 * (a**2 + a**-2)),
        ("the dead ReLU plateau: L = 1 for w + b < 0", dead.subs(u, -p - w), 1),
        ("(abc - 1)^2: Hessian at 0", cubic.norm(), 0),
    ], context, detail="{count} identities: the critical points of (ab - 1)^2 are the global minima ab = 1 "
                       "(eigenvalues 0 and 2(a^2 + a^-2)) and the strict saddle (0, 0) (eigenvalues -2, 2): no poor "
                       "local minimum for this linear net; but the dead ReLU has a plateau of poor local minima, "
                       "and the depth-3 linear saddle at 0 is degenerate (zero Hessian)")


def _poor_minima_numeric(claim, context):
    rng = context.rng("poor minima")
    parts, notes = {}, []
    final = _gd_linear(rng.standard_normal((1000, 2)))
    parts["(ab - 1)^2: GD from 1000 Gaussian starts ends at loss 0"] = (final.max(), 0.0, 1e-20)
    notes.append(f"(ab - 1)^2: GD from 1000 Gaussian starts, largest final loss {final.max():.1e}")
    # the exact Hessians of the nets themselves (numerics.derivatives): the 1-1-1 linear net at (0, 0)
    H = derivatives.loss_hessian([np.zeros((1, 1)), np.zeros((1, 1))], np.ones((1, 1)), np.ones(1),
                                 activation="linear")
    smallest = float(np.linalg.eigvalsh(H).min())
    parts["(0, 0) is a minimum (as claimed)"] = (float((smallest >= 0) == claim.critical_points_are_minima), 1.0, 0.5)
    # the dead ReLU: (relu(w x + b) - 1)^2 at x = 1 is 1 with zero gradient on a box around (-1, -1)
    box = rng.uniform(-1.2, -0.8, (200, 2))
    # the unit relu(w x + b) at x = 1 as a 2-1-1 ReLU net on the input (1, 1) with output weight 1
    plateau = np.array([derivatives.loss([np.array([[w, u]]), np.ones((1, 1))], np.ones((1, 2)), np.ones(1))
                        for w, u in box])
    spurious = bool(np.all(plateau == 1.0))
    parts["ReLU nets have no spurious local minimum (as claimed)"] = (float((not spurious) == claim.relu_has_none),
                                                                      1.0, 0.5)
    # depth 3: the 1-1-1-1 linear net at 0 has a zero Hessian
    H3 = derivatives.loss_hessian([np.zeros((1, 1))] * 3, np.ones((1, 1)), np.ones(1), activation="linear")
    strict = bool(np.linalg.eigvalsh(H3).min() < 0)
    parts["depth-3 saddle at 0 is strict (as claimed)"] = (float(strict == claim.deep_saddles_strict), 1.0, 0.5)
    notes.append(f"exact Hessians: 1-1-1 linear net at 0 has smallest eigenvalue {smallest:g}; the 1-1-1-1 net at 0 "
                 f"has |H| = {np.abs(H3).max():g}; the dead ReLU is exactly 1 on 200 points of a box around (-1, -1)")
    # a matrix instance: W2 W1 (3 x 3) against the least-squares optimum, from 20 random starts by L-BFGS
    from scipy.optimize import minimize

    X, Y = rng.standard_normal((10, 3)), rng.standard_normal((10, 3))
    optimum = float(np.sum((Y - X @ np.linalg.lstsq(X, Y, rcond=None)[0]) ** 2))

    def loss(theta):
        W1, W2 = theta[:9].reshape(3, 3), theta[9:].reshape(3, 3)
        R = X @ W1.T @ W2.T - Y
        return float((R**2).sum()), np.concatenate([(2 * W2.T @ R.T @ X).ravel(), (2 * R.T @ X @ W1.T).ravel()])

    gaps = [minimize(loss, rng.standard_normal(18), jac=True, method="L-BFGS-B",
                     options={"gtol": 1e-12, "ftol": 1e-15, "maxiter": 10_000}).fun - optimum for _ in range(20)]
    parts["3-3-3 linear net: every L-BFGS run reaches the least-squares optimum"] = (max(gaps), 0.0, 1e-8 * optimum)
    notes.append(f"3-3-3 linear net: 20 L-BFGS runs end within {max(gaps):.1e} of the least-squares optimum "
                 f"{optimum:.4f}")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "; ".join(notes), examples=1000 + 200 + 20 + 2, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


NO_POOR_LOCAL_MINIMA = register(Theorem(
    id="landscape.no_poor_local_minima",
    title="No poor local minima: true for deep linear nets, false for ReLU nets; deep linear saddles can be degenerate",
    topic="landscape",
    kind="theorem",
    source=cite(SEANCE, 'slide "Facts about optimization in Deep Learning"'),
    as_stated=r"\text{Under certain conditions, no poor local minima; larger networks: local minima are global}",
    statement=(
        r"For deep linear networks with square loss (under rank conditions on the data), every local minimum is "
        r"global and every other critical point is a saddle (Baldi and Hornik 1989; Kawaguchi 2016); e.g. "
        r"$(ab - 1)^2$ has the global minima $ab = 1$ and the strict saddle $(0, 0)$. At depth 3 the saddle at 0 "
        r"of $(abc - 1)^2$ has a zero Hessian (not strict). Nonlinear networks do have spurious local minima: "
        r"$(\sigma(w + b) - 1)^2$ is 1 on the open set $w + b < 0$, a plateau of non-global local minima.",
    ),
    hypotheses=(
        Assumption(r"Linear networks, square loss, full-rank data; the positive results for nonlinear nets need "
                   r"specific activations, regularisers or over-parameterisation."),
    ),
    derivation=(
        Step(r"\nabla^2 (ab - 1)^2 \big|_{(0,0)}", r"\begin{pmatrix} 0 & -2 \\ -2 & 0 \end{pmatrix}",
             r"eigenvalues $\pm 2$: a strict saddle"),
        Step(r"(\sigma(w + b) - 1)^2", r"1 \quad (w + b < 0)", r"a dead unit"),
    ),
    errata=(r"``Under certain conditions'' hides that the rigorous results are for linear nets, specific "
            r"activations or architectures with a regulariser; ``local minima are global'' is false for general "
            r"nonlinear nets (the dead ReLU).",),
    references=("P. Baldi, K. Hornik, Neural Networks 2 (1989) 53-58.", "K. Kawaguchi, \"Deep learning without poor "
                "local minima\", NeurIPS 2016, Theorem 2.3.", "I. Safran, O. Shamir, \"Spurious local minima are "
                "common in two-layer ReLU neural networks\", ICML 2018."),
    claim=PoorMinimaClaim(),
    symbolic=_poor_minima_symbolic,
    numeric=_poor_minima_numeric,
    mutants=(
        Mutant("every critical point a minimum", "the critical points of (ab - 1)^2 are all minima",
               PoorMinimaClaim(critical_points_are_minima=True)),
        Mutant("ReLU: no spurious minima", "ReLU nets have no spurious local minima",
               PoorMinimaClaim(relu_has_none=True)),
        Mutant("strict deep saddles", "depth-3 linear nets have only strict saddles",
               PoorMinimaClaim(deep_saddles_strict=True)),
    ),
))

"""``landscape.gd_avoids_strict_saddles``:

GD avoids strict saddles for almost every initialisation, not every one, and not degenerate points.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp

from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.landscape.linear_descent import _gd_linear
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["GD_AVOIDS_STRICT_SADDLES", "SaddleAvoidanceClaim"]


@dataclass(frozen=True)
class SaddleAvoidanceClaim:
    """GD with ``lr < 1/L`` converges to a strict saddle only from a set of initialisations of measure zero;
    `never`: from no initialisation at all; `degenerate`: it also avoids degenerate critical points."""

    never: bool = False
    degenerate: bool = False


def _avoidance_symbolic(claim, context):
    a, b, y, eta = sp.symbols("a b y eta", real=True)
    L = (a * b - 1) ** 2
    step = {a: a - eta * sp.diff(L, a), b: b - eta * sp.diff(L, b)}
    on_line = sp.simplify((step[a] + step[b]).subs(b, -a))  # the line a = -b is invariant under the GD map
    contraction = sp.factor(step[a].subs(b, -a) / a)  # a' = a (1 - 2 eta (a^2 + 1)): towards the saddle
    if claim.never:
        return CheckResult(False, "refuted: GD on (ab - 1)^2 maps the line a = -b to itself and contracts it to the "
                           "saddle (0, 0)", counterexample={"lhs": f"a' + b' on b = -a: {on_line}; a'/a = "
                                                                   f"{contraction}", "rhs": "leaves the line"})
    eta0 = sp.Symbol("eta0", positive=True)
    cubic = y - 3 * eta0 * y**2  # GD on y^3 (a degenerate critical point at 0)
    if claim.degenerate:
        return CheckResult(False, "refuted: GD on y^3 converges to the degenerate critical point 0 from every "
                           "y_0 in (0, 1/(3 eta))", counterexample={"lhs": f"y' = {cubic} = y (1 - 3 eta y) in (0, y)",
                                                                    "rhs": "a basin of measure zero"})
    H = sp.hessian(L, (a, b)).subs({a: 0, b: 0})
    stable, unstable = H * sp.Matrix([1, -1]) - 2 * sp.Matrix([1, -1]), H * sp.Matrix([1, 1]) + 2 * sp.Matrix([1, 1])
    return identities_check([
        ("GD on (ab - 1)^2 keeps the line a = -b (the saddle's stable manifold)", on_line, 0),
        ("H (1, -1) = 2 (1, -1): the stable direction", stable.norm(), 0),
        ("H (1, 1) = -2 (1, 1): the unstable direction", unstable.norm(), 0),
    ], context, detail="{count} identities: the GD map of (ab - 1)^2 leaves the line a = -b invariant and "
                       "contracts it to (0, 0), whose stable direction (1, -1) is that line: a set of measure zero; "
                       "the unstable direction (1, 1) has eigenvalue -2 (a strict saddle)")


def _avoidance_numeric(claim, context):
    rng = context.rng("saddles")
    parts, notes = {}, []
    on_manifold = _gd_linear(np.array([[0.5, -0.5]]), steps=4000)[0]
    nudged = _gd_linear(np.array([[0.5, -0.5 + 1e-8]]), steps=4000)[0]
    parts["GD from (1/2, -1/2) ends at the saddle (loss 1) unless 'never' is claimed"] = (
        float((abs(on_manifold - 1) < 1e-12) != claim.never), 1.0, 0.5)
    random = _gd_linear(rng.standard_normal((1000, 2)), steps=4000)
    parts["GD from 1000 random starts never ends at the saddle"] = (float(np.sum(random > 0.5)), 0.0, 0.5)
    notes.append(f"(ab - 1)^2, lr 0.05: from (1/2, -1/2) final loss {on_manifold:.3g} (the saddle), from "
                 f"(1/2, -1/2 + 1e-8) {nudged:.1e}, from 1000 Gaussian starts {int(np.sum(random > 0.5))} at "
                 "the saddle")
    y = np.array([0.5, 3.0, 3.4])
    for _ in range(100_000):  # GD on y^3, lr 0.1: y' = y - 0.3 y^2
        y = np.where(np.abs(y) < 1e6, y - 0.3 * y**2, y)
    converges = bool(np.all(np.abs(y[:2]) < 1e-4))
    parts["GD on y^3 avoids the degenerate point 0 (as claimed)"] = (float((not converges) == claim.degenerate),
                                                                     1.0, 0.5)
    notes.append(f"y^3 with lr 0.1 after 1e5 steps: y_0 = 0.5 -> {y[0]:.2e}, 3.0 -> {y[1]:.2e} (converging to the "
                 f"degenerate 0 like 1/(3 lr t)), 3.4 > 1/(3 lr) -> diverges")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "; ".join(notes), examples=1000 + 2 + 3, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


GD_AVOIDS_STRICT_SADDLES = register(Theorem(
    id="landscape.gd_avoids_strict_saddles",
    title="GD avoids strict saddles for almost every initialisation, not every one, and not degenerate points",
    topic="landscape",
    kind="theorem",
    source=cite(SEANCE, 'slide "Facts about optimization in Deep Learning" (Panageas and Piliouras 2016)'),
    as_stated=r"\text{SGD avoids bad critical points}",
    statement=(
        r"If $f \in C^2$ has an $L$-Lipschitz gradient and $0 < \eta < 1/L$, the initialisations from which GD "
        r"converges to a strict saddle (a negative Hessian eigenvalue) form a set of Lebesgue measure zero (Lee, "
        r"Simchowitz, Jordan, Recht 2016; Panageas and Piliouras 2017). On $(ab - 1)^2$ that set is the line "
        r"$a = -b$, the saddle's stable manifold. Degenerate critical points can attract a set of positive "
        r"measure: GD on $y^3$ converges to 0 from every $y_0 \in (0, 1/(3\eta))$. Perturbed GD and SGD escape "
        r"strict saddles in polynomial time (Ge et al. 2015; Jin et al. 2017).",
    ),
    hypotheses=(
        Assumption(r"The strict-saddle property and $\eta < 1/L$; ``avoids'' means for almost every "
                   r"initialisation."),
    ),
    derivation=(
        Step(r"(a', b')\big|_{b = -a}", r"\big(a(1 - 2\eta(a^2 + 1)),\ -a(1 - 2\eta(a^2 + 1))\big)",
             r"the line $a = -b$ is invariant and contracted to the saddle"),
        Step(r"y' = y - 3\eta y^2", r"y(1 - 3\eta y) \in (0, y)", r"for $0 < y < 1/(3\eta)$: a monotone "
             r"convergence to the degenerate point 0"),
    ),
    errata=(r"The cited result (Panageas and Piliouras) is about GD, not SGD; it needs the strict-saddle "
            r"property and $\eta < 1/L$, and ``avoids'' means for almost every initialisation.",),
    references=("J. D. Lee, M. Simchowitz, M. I. Jordan, B. Recht, \"Gradient descent only converges to minimizers\", "
                "COLT 2016.", "I. Panageas, G. Piliouras, \"Gradient descent only converges to minimizers: "
                "non-isolated critical points and invariant regions\", ITCS 2017.", "C. Jin, R. Ge, P. Netrapalli, "
                "S. Kakade, M. Jordan, \"How to escape saddle points efficiently\", ICML 2017."),
    claim=SaddleAvoidanceClaim(),
    symbolic=_avoidance_symbolic,
    numeric=_avoidance_numeric,
    mutants=(
        Mutant("never", "GD never converges to a saddle, from any initialisation", SaddleAvoidanceClaim(never=True)),
        Mutant("degenerate too", "GD also avoids degenerate critical points", SaddleAvoidanceClaim(degenerate=True)),
    ),
))

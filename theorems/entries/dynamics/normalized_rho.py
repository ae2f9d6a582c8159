"""``dynamics.normalized_rho``:

The dynamics of the scale rho of a normalized network, equation (12), and its logarithmic growth.
"""

import numpy as np
import sympy as sp

from numerics import derivatives, nets
from numerics.conventions import gamma
from theorems.checks import property_check, worst_comparison
from theorems.core import Mutant, Step, Theorem
from theorems.entries.dynamics.normalized import (
    NormalizedClaim, _NORMALIZED_HYPOTHESES, _NORMALIZED_REFERENCES, _normalized_instances, _normalized_loss,
    _normalized_problem, _normalized_setup, _normalized_symbolic,
)
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["NORMALIZED_RHO"]


def _rho_identities(claim, sizes, N):
    net, _, f, y, rho, lam = _normalized_problem(sizes, N)
    L = _normalized_loss(claim, net, f, y, rho, lam)
    yield f"{'-'.join(map(str, sizes))}, N={N}: -dL/drho = claimed drho/dt", -sp.diff(L, rho), \
        claim.rho_rate(rho, f, y, sp.exp)
    # Frozen V with m support vectors at margin g: drho/dt = m g exp(-rho g), solved in closed form.
    t, g, m, rho0 = sp.Symbol("t", nonnegative=True), sp.Symbol("gamma", positive=True), \
        sp.Symbol("m", positive=True), sp.Symbol("rho_0", real=True)
    closed = sp.log(m * g**2 * t + sp.exp(g * rho0)) / g
    frozen = claim.rho_rate(closed, [g] * 1, [1], sp.exp) * m
    yield "frozen V: d/dt (log(m g^2 t + e^(g rho0)) / g) = claimed rate", sp.diff(closed, t), frozen
    yield "frozen V: rho(0) = rho_0", closed.subs(t, 0), rho0
    yield "reference (m = 2, g = 1, rho_0 = 0): rho(10^6) = log(2 10^6 + 1)", \
        closed.subs({m: 2, g: 1, rho0: 0, t: 10**6}), sp.log(2 * 10**6 + 1)


def _rho_numeric(claim, context):
    def example(instance):
        V, X, y, rho = instance["V"], instance["X"], instance["y"], instance["rho"]
        W, S, weight, m = _normalized_setup(instance)
        # dL/drho = <dL/dW_1, V_1> since W_1 = rho V_1 (the penalty does not depend on rho): numerics' backprop.
        gradient = nets.unflatten(derivatives.loss_gradient(W, X, y, loss="exp"), instance["sizes"])
        derived = -np.sum(gradient[0] * V[0])
        claimed = claim.rho_rate(rho, nets.forward(V, X), y, np.exp)
        bound = 4 * gamma(m) * np.sum(weight * S) * max(1.0, rho)
        return worst_comparison({"claimed drho/dt vs -dL/drho": (np.array([claimed]), np.array([derived]),
                                                                 np.array([bound]))})

    return property_check(
        _normalized_instances(), example, context, tolerance=1.0,
        detail="|claimed - derived| in units of 4 gamma_m sum_n e^{-rho y f~}(1 + rho S_n) S_n; derived "
        "-dL/drho = -<dL/dW_1, V_1> from numerics.loss_gradient of the net (rho V_1, V_2, ...); bias-free ReLU "
        "nets of depth 2-3, labels +-1, rho in [0.1, 3]",
    )


NORMALIZED_RHO = register(
    Theorem(
        id="dynamics.normalized_rho",
        title=r"The dynamics of the scale $\rho$ of a normalized network, equation (12), and its logarithmic "
              "growth",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "Maximize margin of normalized network", eqs. (11)-(13)'),
        as_stated=r"\rho(t+1) - \rho(t) = \sum_n \rho(t) e^{-\rho(t) \tilde{f}(x_n) y_n} \tilde{f}(x_n) \quad (12)",
        statement=(
            r"For $L(\rho, V) = \sum_{n=1}^N e^{-\rho y_n \tilde f(V; x_n)} + \sum_{k=1}^K \lambda_k \|V_k\|_F^2$ "
            r"(equation (11) corrected), gradient descent with step $\eta$ on $\rho$ is "
            r"$\rho(t+1) - \rho(t) = \eta \sum_n y_n \tilde f(x_n) e^{-\rho(t) y_n \tilde f(x_n)}$; its flow is",
            r"\[ \dot\rho = \sum_{n=1}^N y_n \tilde f(x_n)\, e^{-\rho\, y_n \tilde f(x_n)}. \]",
            r"With $V$ frozen at normalized margin $\tilde\gamma = \min_n y_n \tilde f(x_n) > 0$ attained by $m$ "
            r"data (the others negligible), $\rho(t) = \tilde\gamma^{-1} \ln(m \tilde\gamma^2 t + e^{\tilde\gamma "
            r"\rho_0})$, which grows like $\ln t / \tilde\gamma$.",
        ),
        hypotheses=_NORMALIZED_HYPOTHESES,
        derivation=(
            Step(r"\frac{\partial L}{\partial \rho}", r"-\sum_n y_n \tilde f(x_n) e^{-\rho y_n \tilde f(x_n)}",
                 r"chain rule; the penalty does not depend on $\rho$"),
            Step(r"\dot \rho", r"\sum_n y_n \tilde f(x_n) e^{-\rho y_n \tilde f(x_n)}", r"gradient flow"),
            Step(r"\frac{d}{dt} \frac{\ln(m\tilde\gamma^2 t + e^{\tilde\gamma\rho_0})}{\tilde\gamma}",
                 r"m \tilde\gamma e^{-\tilde\gamma \rho}", r"substitution: the frozen-$V$ flow"),
        ),
        errata=(
            r"The factor $\rho(t)$ in front of the sum is spurious: $-\partial L/\partial\rho$ has none (it would "
            r"appear only for $\dot\rho_k$ in a per-layer parametrization, as $\rho/\rho_k$).",
            r"The factor $y_n$ multiplying $\tilde f(x_n)$ is missing.",
            r"The step size $\eta$ is omitted (a unit step), and ``for $k = 1, \dots, K$'' precedes an equation "
            r"without $k$.",
        ),
        references=_NORMALIZED_REFERENCES,
        claim=NormalizedClaim(),
        symbolic=_normalized_symbolic(_rho_identities, "-dL/drho and the frozen-V closed form,"),
        numeric=_rho_numeric,
        mutants=(
            Mutant("the slide's form", "drho/dt = rho sum_n f~_n e^{-rho y_n f~_n}",
                   NormalizedClaim(rho_factor="rho", label_power=0)),
            Mutant("spurious rho", "drho/dt = rho sum_n y_n f~_n e^{-rho y_n f~_n}", NormalizedClaim(rho_factor="rho")),
            Mutant("y_n dropped", "drho/dt = sum_n f~_n e^{-rho y_n f~_n}", NormalizedClaim(label_power=0)),
        ),
    )
)

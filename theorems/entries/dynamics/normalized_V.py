"""``dynamics.normalized_V``:

The dynamics of the normalized layers V_k, equation (13), and the multiplier that keeps them on the sphere.
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

__all__ = ["NORMALIZED_V"]


def _v_identities(claim, sizes, N):
    net, data, f, y, rho, lam = _normalized_problem(sizes, N)
    L = _normalized_loss(claim, net, f, y, rho, lam)
    name = "-".join(map(str, sizes))
    for k, V in enumerate(net.weights):
        entries = list(V)
        grads = [[sp.diff(net.output, v).xreplace(point) for v in entries] for point in data]
        claimed = claim.v_rate(rho, f, grads, y, entries, lam[k], lambda u: sp.sqrt(sum(e**2 for e in u)), sp.exp)
        for v, rate in zip(entries, claimed):
            yield f"{name}, N={N}: -dL/d{v} = claimed d{v}/dt", -sp.diff(L, v), rate
    # The multiplier keeps ||V_k|| fixed: <V_k, dV_k/dt> = 0, on each activation region of one symbolic datum.
    y1 = sp.Symbol("y1", real=True)
    for k, V in enumerate(net.weights):
        entries = list(V)
        grads = [[sp.diff(net.output, v) for v in entries]]
        held = claim.v_rate(rho, [net.output], grads, [y1], entries,
                            claim.multiplier(rho, [net.output], [y1], entries, sp.exp),
                            lambda u: sp.sqrt(sum(e**2 for e in u)), sp.exp)
        inner = sum(v * r for v, r in zip(entries, held))
        for pattern in net.regions():
            yield f"{name}, layer {k + 1}, region {pattern}: <V_k, dV_k/dt> = 0 with the claimed lambda_k", \
                net.on_region(inner, pattern), 0


def _v_numeric(claim, context):
    def example(instance):
        V, X, y, rho, lam = instance["V"], instance["X"], instance["y"], instance["rho"], instance["lambda"]
        sizes = instance["sizes"]
        W, S, weight, m = _normalized_setup(instance)
        f = nets.forward(V, X)
        gradient = nets.unflatten(derivatives.loss_gradient(W, X, y, loss="exp"), sizes)
        jacobian = derivatives.jacobian(V, X)
        J_abs = derivatives.jacobian([abs(v) for v in V], abs(X), activation="linear")
        parts, start = {}, 0
        for k, v in enumerate(V):
            columns = slice(start, start + v.size)
            start += v.size
            # -dL/dV_k: the data term by the chain rule through W (W_1 = rho V_1, W_k = V_k), and the penalty's
            # gradient from numerics: ||V_k||^2 is the square loss of the linear model V_k on the inputs I.
            data = -(rho if k == 0 else 1.0) * gradient[k].ravel()
            squares = derivatives.loss_gradient([v.reshape(1, -1)], np.eye(v.size), np.zeros(v.size),
                                                activation="linear")
            norm = np.linalg.norm(v)
            penalty = lam[k] * squares if claim.penalty_power == 2 else lam[k] * squares / (2 * norm)
            derived = data - penalty
            claimed = np.array(claim.v_rate(rho, f, jacobian[:, columns], y, v.ravel(), lam[k],
                                            np.linalg.norm, np.exp))
            bound = 4 * gamma(m) * rho * (weight @ J_abs[:, columns]) + 4 * gamma(8) * lam[k] * (
                2 * np.abs(v.ravel()) + np.abs(v.ravel()) / norm)
            parts[f"claimed dV_{k + 1}/dt vs -dL/dV_{k + 1}"] = (claimed, derived, bound)
            held = np.array(claim.v_rate(rho, f, jacobian[:, columns], y, v.ravel(),
                                         claim.multiplier(rho, f, y, v.ravel(), np.exp), np.linalg.norm, np.exp))
            inner_bound = np.abs(v.ravel()) @ (4 * gamma(m) * rho * (weight @ J_abs[:, columns]) * 3) \
                + 4 * gamma(v.size) * np.abs(v.ravel()) @ np.abs(held)
            parts[f"<V_{k + 1}, dV_{k + 1}/dt> with the claimed lambda_{k + 1}"] = (
                np.array([v.ravel() @ held]), np.zeros(1), np.array([inner_bound]))
        return worst_comparison(parts)

    return property_check(
        _normalized_instances(), example, context, tolerance=1.0,
        detail="|claimed - derived| in units of its rounding bound; derived -dL/dV_k from numerics.loss_gradient "
        "of the net (rho V_1, V_2, ...) and the penalty's gradient from numerics (a linear square loss); "
        "<V_k, dV_k/dt> with the claimed multiplier against 0; bias-free ReLU nets of depth 2-3, labels +-1",
    )


NORMALIZED_V = register(
    Theorem(
        id="dynamics.normalized_V",
        title="The dynamics of the normalized layers $V_k$, equation (13), and the multiplier that keeps them "
              "on the sphere",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "Maximize margin of normalized network", eqs. (11)-(13)'),
        as_stated=r"\dot{V}_k \approx \rho(t) \sum_n e^{-\rho(t) \tilde{f}(x_n)} \frac{\partial \tilde{f}(x_n)}"
        r"{\partial V_k}(t) - 2\lambda_k(t)V_k(t) \quad (13)",
        statement=(
            r"For $L(\rho, V)$ of dynamics.normalized\_rho, the gradient flow in $V_k$ is",
            r"\[ \dot V_k = \rho \sum_{n=1}^N y_n e^{-\rho y_n \tilde f(x_n)} \frac{\partial \tilde f(x_n)}"
            r"{\partial V_k} - 2 \lambda_k V_k, \]",
            r"and the multiplier $\lambda_k = \frac{\rho}{2\|V_k\|_F^2} \sum_n y_n \tilde f(x_n) e^{-\rho y_n "
            r"\tilde f(x_n)}$ keeps $\|V_k\|_F$ constant ($\langle V_k, \dot V_k \rangle = 0$, by the per-layer "
            r"Euler identity), turning the flow into its projection on the sphere. With the unsquared penalty "
            r"$\lambda_k\|V_k\|_F$ of the slide the last term would be $\lambda_k V_k / \|V_k\|_F$.",
        ),
        hypotheses=_NORMALIZED_HYPOTHESES,
        derivation=(
            Step(r"\frac{\partial}{\partial V_k} e^{-\rho y_n \tilde f(x_n)}",
                 r"-\rho y_n e^{-\rho y_n \tilde f(x_n)} \frac{\partial \tilde f(x_n)}{\partial V_k}", r"chain rule"),
            Step(r"\frac{\partial}{\partial V_k} \lambda_k \|V_k\|_F^2", r"2 \lambda_k V_k", r"a sum of squares"),
            Step(r"\langle V_k, \dot V_k \rangle", r"\rho \sum_n y_n \tilde f(x_n) e^{-\rho y_n \tilde f(x_n)} "
                 r"- 2\lambda_k \|V_k\|_F^2", r"$\langle V_k, \partial \tilde f / \partial V_k \rangle = \tilde f$"),
        ),
        errata=(
            r"$y_n$ is missing twice, in the exponent and as a factor.",
            r"$-2\lambda_k V_k$ is the gradient of $\lambda_k\|V_k\|^2$, not of the $\lambda_k\|V_k\|$ of (11).",
            r"``$\approx$'' conflates the flow $\dot V_k$ with a unit-step update $V_k(t+1) - V_k(t)$.",
            r"The sum in (11) runs over $k = 0, \dots, K$, but the layers are $k = 1, \dots, K$.",
        ),
        references=_NORMALIZED_REFERENCES,
        claim=NormalizedClaim(),
        symbolic=_normalized_symbolic(_v_identities, "-dL/dV_k and <V_k, dV_k/dt> = 0 with the claimed "
                                      "multiplier (region by region),"),
        numeric=_v_numeric,
        mutants=(
            Mutant("the slide's form", "dV_k/dt = rho sum_n e^{-rho f~_n} df~_n/dV_k - 2 lambda_k V_k",
                   NormalizedClaim(label_power=0, exponent_label_power=0)),
            Mutant("unsquared penalty with -2 lambda V", "loss (11) with lambda_k ||V_k|| and the update of (13)",
                   NormalizedClaim(penalty_power=1)),
            Mutant("multiplier without 1/2", "lambda_k = rho / ||V_k||^2 sum_n y_n f~_n e^{-rho y_n f~_n}",
                   NormalizedClaim(multiplier_denominator=1)),
        ),
    )
)

"""``hessian.exp_loss_halpern``: The Jacobian of the Halpern flow of the exponential loss: minus the loss Hessian."""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume

from numerics import derivatives, nets
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.hessian.network_hessians import (
    _SYMBOLIC_CASES, _cases_text, _magnitudes, _matrix_identities, _nets_and_data, _symbolic_problem, network_hessians,
)
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["EXP_LOSS_HALPERN", "FlowJacobianClaim"]


@dataclass(frozen=True)
class FlowJacobianClaim:
    """The parameters of "the Jacobian of the Halpern flow of the exponential loss".

    Claimed: ``sum_n e^{-y_n f_n} (gn_sign y_n^gn_power grad f grad f^T + y_n^hess_power Hess f_n)
    - penalty_factor lambda I``; ``hess_power=None`` drops the second-order term (Gauss-Newton only).
    """

    gn_sign: int = -1
    gn_power: int = 2
    hess_power: int | None = 1
    penalty_factor: int = 2

    def matrix(self, f, grads, hessians, y, lam, exp, eye):
        """The claimed Jacobian (SymPy or NumPy); ``exp`` and ``eye`` from the matching library."""
        total = -self.penalty_factor * lam * eye(hessians[0].shape[0])
        for g, h, fn, yn in zip(grads, hessians, f, y):
            outer = g.T * g if isinstance(g, sp.MatrixBase) else np.outer(g, g)
            second = 0 * h if self.hess_power is None else yn**self.hess_power * h
            total = total + exp(-yn * fn) * (self.gn_sign * yn**self.gn_power * outer + second)
        return total


def _halpern_symbolic(claim, context):
    cases = context.profile.pick(**_SYMBOLIC_CASES)

    def identities():
        for sizes, N in cases:
            theta, f, grads, hessians, y = _symbolic_problem(sizes, N)
            theta0 = [sp.Symbol(f"{q.name}^0", real=True) for q in theta]
            lam = sp.Symbol("lambda", positive=True)
            L = sum(sp.exp(-yn * fn) for fn, yn in zip(f, y)) + lam * sum((q - q0) ** 2 for q, q0 in zip(theta, theta0))
            field = [-sp.diff(L, q) for q in theta]  # the flow, derived
            derived = sp.Matrix([[sp.diff(v, q) for q in theta] for v in field])  # its Jacobian, derived
            name = f"{'-'.join(map(str, sizes))}, N={N}: d(dtheta/dt)/dtheta = claimed"
            yield from _matrix_identities(name, derived, claim.matrix(f, grads, hessians, y, lam, sp.exp, sp.eye))

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: every entry of the Jacobian of the flow -grad L_lambda, both derived by "
        "SymPy differentiation of L_lambda = sum_n exp(-y_n f_n) + lambda sum ||W_k - W_k^0||^2 (symbolic data, "
        "real labels, anchor, lambda; nets " + _cases_text(cases) + "), equals the claimed formula almost everywhere (DiracDelta terms of relu'' dropped: sigma'' = 0)",
    )


def _halpern_numeric(claim, context):
    def example(instance):
        W, X, y, lam = instance["weights"], instance["X"], instance["y"], instance["lambda"]
        f = nets.forward(W, X)
        assume(np.max(np.abs(y * f)) <= 50.0)  # exp(-y f) well inside float64
        theta = nets.flatten(W)
        P = theta.size
        J, Hs = derivatives.jacobian(W, X), network_hessians(W, X)
        # The penalty's Hessian from numerics: lambda ||theta - theta0||^2 is the square loss of the linear model
        # theta on the inputs sqrt(lambda) I (its Hessian does not depend on theta0).
        root = np.sqrt(lam)
        penalty = derivatives.loss_hessian([theta[None, :]], root * np.eye(P), np.zeros(P), activation="linear")
        derived = -derivatives.loss_hessian(W, X, y, loss="exp") - penalty
        claimed = claim.matrix(f, J, Hs, y, lam, np.exp, np.eye)
        S, G, Habs = _magnitudes(W, X)
        m = 8 * (len(W) + 4) + P + X.shape[0]
        weight = np.exp(-y * f) * (1 + np.abs(y) * S)
        scale = (weight[:, None, None] * (np.einsum("ni,nj->nij", G, G) * (1 + y[:, None, None] ** 2)
                                          + np.abs(y)[:, None, None] * Habs)).sum(axis=0)
        bound = 4 * gamma(m) * scale + 4 * gamma(4) * lam * np.eye(P) + 1e-300
        return worst_comparison({"claimed Jacobian vs -numerics.loss_hessian": (claimed, derived, bound)})

    return property_check(
        _nets_and_data(labels="sign"),
        example,
        context,
        tolerance=1.0,
        detail="|claimed - derived| in units of its rounding bound 4 gamma_m sum_n e^{-y f}(1 + |y| S)(|grad f| "
        "|grad f|^T (1 + y^2) + |y| |Hess f|) + 4 gamma_4 lambda I; derived = -numerics.loss_hessian(exp) minus "
        "the penalty's Hessian (numerics, as a linear square loss); labels +-1; bias-free ReLU nets of depth "
        "2-4, widths 1-4, N <= 5",
    )


EXP_LOSS_HALPERN = register(
    Theorem(
        id="hessian.exp_loss_halpern",
        title="The Jacobian of the Halpern flow of the exponential loss: minus the loss Hessian",
        topic="hessian",
        kind="identity",
        source=cite(POGGIO, 'slide "Exponential loss, deep network with RELUs, with Halpern term"'),
        as_stated=r"H_{abk'}^{ijk} = \sum_n^N e^{-y_n f(x_n)} \left(-\frac{\partial f}{\partial w_k^{i,j}} "
        r"\frac{\partial f}{\partial w_{k'}^{a,b}} + \frac{\partial^2 f}{\partial w_k^{i,j} \partial w_{k'}^{a,b}}"
        r"\right) - \lambda(t) I",
        statement=(
            r"For $L_\lambda(W) = \sum_n e^{-y_n f(W; x_n)} + \lambda(t) \sum_k \|W_k - W_k^0\|_F^2$ the Jacobian "
            r"of the flow $\dot W = -\nabla L_\lambda(W)$ (dynamics.halpern\_flow) is $-\nabla^2 L_\lambda$:",
            r"\[ \frac{\partial \dot w_k^{i,j}}{\partial w_{k'}^{a,b}} = \sum_{n=1}^N e^{-y_n f(x_n)} \left( -y_n^2 "
            r"\frac{\partial f(x_n)}{\partial w_k^{i,j}} \frac{\partial f(x_n)}{\partial w_{k'}^{a,b}} + y_n "
            r"\frac{\partial^2 f(x_n)}{\partial w_k^{i,j} \partial w_{k'}^{a,b}} \right) - 2 \lambda(t)\, "
            r"\delta_{(k,i,j),(k',a,b)}, \]",
            r"with $y_n^2 = 1$ for labels $\pm 1$. For a bias-free ReLU net $\partial^2 f / \partial W_k^2 = 0$ "
            r"within a layer, but the blocks between different layers are not zero.",
        ),
        hypotheses=(
            Assumption(r"Bias-free ReLU network with $\sigma'(0) = 0$, $\sigma'' = 0$: the almost-everywhere "
                       r"Hessian (on each activation region $f$ is a polynomial in the weights)."),
            Assumption(r"$\lambda(t) \ge 0$ is given; the identity holds at each $t$."),
        ),
        derivation=(
            Step(r"\frac{\partial^2}{\partial \theta \partial \theta'} e^{-y_n f_n}",
                 r"e^{-y_n f_n}\left( y_n^2 \frac{\partial f_n}{\partial \theta}\frac{\partial f_n}{\partial \theta'}"
                 r" - y_n \frac{\partial^2 f_n}{\partial \theta \partial \theta'}\right)", r"chain and product rules"),
            Step(r"\frac{\partial^2}{\partial \theta \partial \theta'} \lambda \|\theta - \theta^0\|^2",
                 r"2 \lambda\, \delta_{\theta \theta'}", r"the penalty is a sum of squares"),
            Step(r"\frac{\partial \dot \theta}{\partial \theta'}", r"-\frac{\partial^2 L_\lambda}"
                 r"{\partial \theta \partial \theta'}", r"$\dot \theta = -\partial L_\lambda / \partial \theta$"),
        ),
        errata=(
            r"The second-order term lacks the factor $y_n$: for a datum with $y_n = -1$ its sign is wrong "
            r"(with $y = (1, -1)$ on a 2-2-1 net the entry $(w_{11}, a_1)$ of the difference is "
            r"$-2 x_{11} e^{f(x_1)}$, $x_1$ the datum with $y = -1$).",
            r"$\lambda I$ should be $2\lambda I$: the penalty $\lambda\|W - W^0\|^2$ has Hessian $2\lambda I$.",
            r"It is the Jacobian of the flow, $-\nabla^2 L_\lambda$, not the loss Hessian: naming it $H$ invites "
            r"sign errors (positive eigenvalues of the Jacobian mean instability). The Gauss-Newton term keeps "
            r"its $-y_n^2 = -1$ for labels $\pm 1$.",
        ),
        references=(
            "A. Banburski, Q. Liao, B. Miranda, L. Rosasco, J. Hidary, T. Poggio, \"Theory III: Dynamics and "
            "generalization in deep networks\", arXiv:1903.04991, 2019.",
            "C. M. Bishop, \"Pattern Recognition and Machine Learning\", Springer 2006, section 5.4.",
        ),
        claim=FlowJacobianClaim(),
        symbolic=_halpern_symbolic,
        numeric=_halpern_numeric,
        mutants=(
            Mutant("the slide's form", "sum_n e^{-y f}(-grad f grad f^T + Hess f) - lambda I (no y_n, lambda)",
                   FlowJacobianClaim(gn_power=0, hess_power=0, penalty_factor=1)),
            Mutant("Gauss-Newton sign", "sum_n e^{-y f}(+y^2 grad f grad f^T + y Hess f) - 2 lambda I",
                   FlowJacobianClaim(gn_sign=1)),
            Mutant("Gauss-Newton only", "the second-order term of the network dropped: -sum_n e^{-y f} y^2 grad f "
                   "grad f^T - 2 lambda I", FlowJacobianClaim(hess_power=None)),
            Mutant("lambda I", "the penalty's Hessian taken as lambda I instead of 2 lambda I",
                   FlowJacobianClaim(penalty_factor=1)),
        ),
    )
)

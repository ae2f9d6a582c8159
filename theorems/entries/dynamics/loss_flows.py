"""The gradient flows of the square and exponential losses of deep ReLU networks, and their checks (shared by three
entries).
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, nets, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption
from theorems.symbolic.nets import SymbolicNet

__all__ = ["LossFlowClaim"]


@dataclass(frozen=True)
class LossFlowClaim:
    """The parameters of "the gradient flow of L_lambda(W) = sum_n l(y_n, f(x_n)) + lambda sum_k ||W_k - W_k^0||^2".

    The claimed field for a parameter ``q`` (any weight ``w_k^{ij}``) is
    ``sum_n c_n df(x_n)/dq + p_q`` with ``c_n = sign * factor * (y_n - f_n)`` for the square
    loss and ``c_n = sign * factor * y_n ** label_power * exp(-y_n f_n)`` for the exponential
    loss, and the penalty term ``p_q``: ``none`` 0, ``gradient`` ``-2 lambda (q - q^0)`` (the
    penalty's gradient), ``half gradient`` ``-lambda (q - q^0)``, ``plus gradient``
    ``+2 lambda (q - q^0)``, ``value`` ``-lambda sum_k ||W_k - W_k^0||^2`` (the penalty itself).
    """

    loss: str = "square"
    factor: int = 2
    sign: int = 1
    label_power: int = 1
    penalty: str = "none"

    def coefficient(self, f, y, exp):
        """``c_n`` for one datum (SymPy or float), ``exp`` the matching exponential."""
        if self.loss == "square":
            return self.sign * self.factor * (y - f)
        return self.sign * self.factor * y**self.label_power * exp(-y * f)

    def field(self, f, jacobian, y, theta, theta0, lam, exp):
        """The claimed ``dtheta/dt`` as a list over the parameters.

        ``f`` and ``y`` hold one value per datum, ``jacobian[n][j]`` is ``df(x_n)/dtheta_j``,
        ``theta`` and ``theta0`` the flat parameters and the anchor; SymPy or NumPy entries.
        """
        c = [self.coefficient(fn, yn, exp) for fn, yn in zip(f, y)]
        gap = [q - q0 for q, q0 in zip(theta, theta0)]
        penalty = {
            "none": [0] * len(gap),
            "gradient": [-2 * lam * g for g in gap],
            "half gradient": [-lam * g for g in gap],
            "plus gradient": [2 * lam * g for g in gap],
            "value": [-lam * sum(g**2 for g in gap)] * len(gap),
        }[self.penalty]
        return [sum(c[n] * jacobian[n][j] for n in range(len(c))) + penalty[j] for j in range(len(gap))]


def _symbolic_loss(loss, f, y):
    """The slide's losses, a premise (not the formula under test): sum (y - f)^2 or sum exp(-y f)."""
    if loss == "square":
        return sum((yn - fn) ** 2 for fn, yn in zip(f, y))
    return sum(sp.exp(-yn * fn) for fn, yn in zip(f, y))


def _loss_flow_identities(claim, sizes, N):
    """-dL_lambda/dq derived by differentiation against the claimed field, for symbolic data, weights and anchor."""
    net = SymbolicNet(sizes)
    theta = net.parameters()
    data = [{xj: sp.Symbol(f"x{n + 1}_{j + 1}", real=True) for j, xj in enumerate(net.x)} for n in range(N)]
    y = sp.symbols(f"y1:{N + 1}", real=True)
    theta0 = [sp.Symbol(f"{q.name}^0", real=True) for q in theta]
    lam = sp.Symbol("lambda", positive=True) if claim.penalty != "none" else sp.S.Zero
    f = [net.output.xreplace(point) for point in data]
    penalty = lam * sum((q - q0) ** 2 for q, q0 in zip(theta, theta0))
    L = _symbolic_loss(claim.loss, f, y) + penalty
    jacobian = [[sp.diff(net.output, q).xreplace(point) for q in theta] for point in data]
    claimed = claim.field(f, jacobian, y, theta, theta0, lam, sp.exp)
    name = "-".join(map(str, sizes))
    for q, rhs in zip(theta, claimed):
        yield f"{name}, N={N}: -dL/d{q} = claimed d{q}/dt", -sp.diff(L, q), rhs


def _loss_flow_symbolic(claim, context):
    cases = context.profile.pick(quick=[([2, 2, 1], 2)], default=[([2, 2, 1], 2), ([2, 2, 2, 1], 2)],
                                 thorough=[([2, 2, 1], 2), ([2, 2, 1], 3), ([2, 2, 2, 1], 2), ([3, 2, 2, 1], 3)])

    def identities():
        for sizes, N in cases:
            yield from _loss_flow_identities(claim, sizes, N)

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: for every weight q, -dL/dq derived by SymPy differentiation of the "
        "loss (ReLU with relu' = Heaviside(u, 0)) equals the claimed field, with symbolic data, labels, anchor "
        "W^0 and lambda; nets and data sizes " + ", ".join(f"{'-'.join(map(str, s))} (N={N})" for s, N in cases),
    )


@st.composite
def _loss_flow_instances(draw, claim):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=4, max_input=3))
    weights = draw(strategies.weights(sizes, bound=1.0))
    anchor = draw(strategies.weights(sizes, bound=1.0))
    X, targets = draw(strategies.datasets(sizes[0], max_size=6))
    y = targets if claim.loss == "square" else np.where(targets >= 0, 1.0, -1.0)
    lam = draw(st.floats(0.01, 2.0)) if claim.penalty != "none" else 0.0
    return {"weights": weights, "anchor": anchor, "X": X, "y": y, "lambda": lam}


def _loss_flow_numeric(claim, context):
    def example(instance):
        W, X, y, lam = instance["weights"], instance["X"], instance["y"], instance["lambda"]
        f = nets.forward(W, X)
        assume(np.max(np.abs(y * f)) <= 50.0)  # exp(-y f) well inside float64
        theta, theta0 = nets.flatten(W), nets.flatten(instance["anchor"])
        J = derivatives.jacobian(W, X)
        claimed = np.array(claim.field(f, J, y, theta, theta0, lam, np.exp))
        # -grad L_lambda from numerics alone: the data term by backpropagation of the loss, and the penalty
        # lambda ||theta - theta^0||^2 as the square loss of the linear model theta on inputs sqrt(lambda) I.
        name = "square" if claim.loss == "square" else "exp"
        derived = -derivatives.loss_gradient(W, X, y, loss=name)
        if lam:
            root = np.sqrt(lam)
            eye = root * np.eye(theta.size)
            derived -= derivatives.loss_gradient([theta[None, :]], eye, root * theta0, activation="linear")
        # Rounding: every product in f and J is bounded by the absolute net (|W|, |X|, linear: |relu'| <= 1);
        # c_n is within gamma_m (|c_n| + |dc_n/df| S_n) of exact; the penalty, formed from sqrt(lambda) theta and
        # sqrt(lambda) theta0 before their difference, within gamma_8 lambda (|theta| + |theta0|).
        S = nets.forward([abs(w) for w in W], abs(X), activation="linear")
        J_abs = derivatives.jacobian([abs(w) for w in W], abs(X), activation="linear")
        c_scale = 2 * (np.abs(y) + S) if claim.loss == "square" else (1 + np.abs(y) * S) * np.exp(-y * f)
        m = 4 * len(W) + 16 + sum(w.size for w in W) + len(y)
        bound = 2 * gamma(m) * (c_scale @ J_abs) + 2 * gamma(8) * lam * (np.abs(theta) + np.abs(theta0))
        return worst_comparison({"claimed field vs -grad L (numerics)": (claimed, derived, bound)})

    return property_check(
        _loss_flow_instances(claim),
        example,
        context,
        tolerance=1.0,
        detail="|claimed - derived| in units of its float64 rounding bound 2 gamma_m (|c_n| + |c_n'| S_n) |J|_abs "
        "(+ the penalty's); claimed field from numerics.forward and numerics.derivatives.jacobian, derived "
        "-grad L from numerics.derivatives.loss_gradient (the penalty as a linear square loss); bias-free ReLU "
        "nets of depth 2-4, widths 1-4, N <= 6",
    )


_HYPOTHESES_FLOW = (
    Assumption(r"Bias-free ReLU network $f(W;x) = W_K\sigma(W_{K-1}\cdots\sigma(W_1x))$; at a kink the derivative "
               r"is taken with $\sigma'(0) = 0$, so the flow is the almost-everywhere gradient flow (a Clarke "
               r"subgradient flow at the kinks)."),
)


_FLOW_REFERENCES = (
    "A. Banburski, Q. Liao, B. Miranda, L. Rosasco, J. Hidary, T. Poggio, \"Theory III: Dynamics and "
    "generalization in deep networks\", arXiv:1903.04991, 2019.",
    "D. Davis, D. Drusvyatskiy, S. Kakade, J. D. Lee, \"Stochastic subgradient method converges on tame "
    "functions\", Foundations of Computational Mathematics 20, 2020 (Clarke subgradient flows of ReLU nets).",
)

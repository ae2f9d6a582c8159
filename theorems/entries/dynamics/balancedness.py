"""``dynamics.balancedness``:

Gradient flow keeps the layers of a ReLU network balanced: differences of squared layer norms are conserved.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, nets, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.dynamics.loss_flows import _symbolic_loss
from theorems.registry import register
from theorems.sources import POGGIO, cite
from theorems.symbolic.nets import SymbolicNet

__all__ = ["BALANCEDNESS", "BalanceClaim"]


@dataclass(frozen=True)
class BalanceClaim:
    """The parameters of "under gradient flow, q_k - q_1 is conserved for every layer k".

    ``q_k = ||W_k||_F ** power / n_k ** width_power`` (``n_k`` the number of rows of ``W_k``):
    the theorem is ``power = 2``, ``width_power = 0``.
    """

    power: int = 2
    width_power: int = 0

    def quantity(self, W, sqrt):
        """``q`` of one weight matrix (SymPy Matrix or NumPy array); ``sqrt`` from the matching library."""
        entries = W if isinstance(W, sp.MatrixBase) else np.ravel(W)
        return sqrt(sum(e**2 for e in entries)) ** self.power / W.shape[0] ** self.width_power


def _balance_identities(claim, sizes, loss):
    """On each activation region of a symbolic net with one symbolic datum: d/dt (q_k - q_1) = 0 along -grad L."""
    net = SymbolicNet(sizes)
    y = sp.Symbol("y1", real=True)
    L = _symbolic_loss(loss, [net.output], [y])
    velocity = {q: -sp.diff(L, q) for q in net.parameters()}  # the flow, derived from L
    rates = [sum(sp.diff(claim.quantity(W, sp.sqrt), q) * velocity[q] for q in W) for W in net.weights]
    name = "-".join(map(str, sizes))
    for pattern in net.regions():
        for k in range(1, net.depth):
            yield (f"{name}, {loss} loss, region {pattern}: d/dt q_{k + 1} = d/dt q_1",
                   net.on_region(rates[k], pattern), net.on_region(rates[0], pattern))


def _balance_symbolic(claim, context):
    architectures = context.profile.pick(quick=[[2, 2, 1]], default=[[2, 2, 1], [2, 2, 2, 1]],
                                         thorough=[[2, 2, 1], [3, 2, 1], [2, 2, 2, 1], [1, 2, 2, 2, 1]])

    def identities():
        for sizes in architectures:
            for loss in ("square", "exp"):
                yield from _balance_identities(claim, sizes, loss)

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: on every activation region of the nets "
        + ", ".join("-".join(map(str, s)) for s in architectures)
        + " with a symbolic datum and label, for the square and exponential losses, d/dt q_k along the flow "
        "-dL/dW (both derived by SymPy differentiation) is the same for every layer; an identity per region, "
        "so it holds everywhere with sigma'(0) = 0",
    )


@st.composite
def _balance_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=4, max_input=3))
    weights = draw(strategies.weights(sizes, bound=1.0))
    X, targets = draw(strategies.datasets(sizes[0], min_size=1, max_size=5))
    loss = draw(st.sampled_from(["square", "exp"]))
    y = targets if loss == "square" else np.where(targets >= 0, 1.0, -1.0)
    return {"sizes": sizes, "weights": weights, "X": X, "y": y, "loss": loss}


def _balance_numeric(claim, context):
    steps = context.profile.pick(quick=100, default=200, thorough=400)

    def example(instance):
        sizes, X, y, loss = instance["sizes"], instance["X"], instance["y"], instance["loss"]
        W = [w.copy() for w in instance["weights"]]
        assume(all(np.any(w != 0) for w in W))  # q_k is then differentiable for every power
        start = np.array([claim.quantity(w, np.sqrt) for w in W])
        eta = 1e-3 / max(1.0, np.linalg.norm(derivatives.loss_gradient(W, X, y, loss=loss)))
        second_order, rounding = 0.0, 0.0
        for _ in range(steps):  # gradient descent, the Euler discretisation of the flow
            G = nets.unflatten(derivatives.loss_gradient(W, X, y, loss=loss), sizes)
            second_order += eta**2 * sum(np.sum(g**2) for g in G)
            W = [w - eta * g for w, g in zip(W, G)]
            rounding += 4 * gamma(max(w.size for w in W) + 4) * sum(np.sum(w**2) for w in W)
        end = np.array([claim.quantity(w, np.sqrt) for w in W])
        # ||W_k - eta G_k||^2 = ||W_k||^2 - 2 eta <W_k, G_k> + eta^2 ||G_k||^2 and, by the theorem, the first-order
        # term is the same for every layer: the drift of ||W_k||^2 - ||W_1||^2 is at most eta^2 sum ||G||^2 (the
        # flow's limit eta -> 0 conserves it) plus the rounding of the updates and the sums of squares.
        return worst_comparison({
            f"drift of q_k - q_1 over {steps} GD steps": (end - end[0], start - start[0],
                                                         np.full(len(W), second_order + rounding)),
        })

    return property_check(
        _balance_instances(),
        example,
        context,
        tolerance=1.0,
        detail=f"drift of q_k - q_1 along {steps} gradient-descent steps of -numerics.loss_gradient (step 1e-3 / "
        "max(1, |grad L(0)|)), in units of the second-order term eta^2 sum_t ||G_t||^2 plus rounding: the "
        "first-order drift must cancel between layers; square and exponential losses, bias-free ReLU nets of "
        "depth 2-4 (explicit ODE solvers can stall on a ReLU flow that slides along a kink, so the "
        "discretisation is explicit)",
    )


BALANCEDNESS = register(
    Theorem(
        id="dynamics.balancedness",
        title="Gradient flow keeps the layers of a ReLU network balanced: differences of squared layer norms "
        "are conserved",
        topic="dynamics",
        kind="theorem",
        source=cite(POGGIO, 'slides "Maximize margin of normalized network" and "Deep nets \'puzzle\' '
                            'explained: rho grows and f~ does not" (implicit)'),
        as_stated=r"\dot\rho_k = \dots \quad \text{(the per-layer norms } \rho_k \text{ evolve together)}",
        statement=(
            r"Let $f$ be a bias-free ReLU network and $L(W) = \sum_n \ell(y_n, f(W; x_n))$ any loss differentiable "
            r"in $f$. Along the gradient flow $\dot W = -\nabla L(W)$, for every layer $k$,",
            r"\[ \frac{d}{dt} \|W_k\|_F^2 = -2 \sum_{n=1}^N \ell'(y_n, f(x_n))\, f(x_n), \]",
            r"the same for all layers, so $\|W_k\|_F^2 - \|W_j\|_F^2$ is constant in time.",
        ),
        hypotheses=(
            Assumption(r"Bias-free ReLU (positively homogeneous) network, with $\sigma'(0) = 0$: the per-layer "
                       r"Euler identity $\langle W_k, \partial f / \partial W_k\rangle = f$ then holds everywhere."),
            Assumption(r"Gradient flow (the continuous limit); gradient descent with step $\eta$ conserves it up to "
                       r"$\eta^2 (\|\nabla_{W_k} L\|^2 - \|\nabla_{W_j} L\|^2)$ per step."),
        ),
        derivation=(
            Step(r"\frac{d}{dt}\|W_k\|_F^2", r"2 \langle W_k, \dot W_k \rangle = -2 \sum_n \ell'_n \left\langle W_k, "
                 r"\frac{\partial f(x_n)}{\partial W_k} \right\rangle", r"chain rule along $\dot W_k = -\partial L / "
                 r"\partial W_k$"),
            Step(r"\left\langle W_k, \frac{\partial f(x_n)}{\partial W_k} \right\rangle", r"f(x_n)",
                 r"per-layer Euler identity (homogeneity.relu\_euler)"),
            Step(r"\frac{d}{dt}\left(\|W_k\|_F^2 - \|W_j\|_F^2\right)", r"0", r"the right-hand side does not depend on $k$"),
        ),
        errata=(
            r"The slides use per-layer norms $\rho_k$ whose ratios stay fixed only because of this conservation law, "
            r"which they do not state; it holds for the squared Frobenius norms, not for the norms themselves.",
        ),
        references=(
            "S. S. Du, W. Hu, J. D. Lee, \"Algorithmic regularization in learning deep homogeneous models: layers "
            "are automatically balanced\", NeurIPS 2018.",
            "K. Lyu, J. Li, \"Gradient descent maximizes the margin of homogeneous neural networks\", ICLR 2020.",
        ),
        claim=BalanceClaim(),
        symbolic=_balance_symbolic,
        numeric=_balance_numeric,
        mutants=(
            Mutant("norms, not squared", "||W_k||_F - ||W_j||_F is conserved", BalanceClaim(power=1)),
            Mutant("per unit of width", "||W_k||_F^2 / n_k - ||W_j||_F^2 / n_j is conserved",
                   BalanceClaim(width_power=1)),
        ),
    )
)

"""``hessian.rescaling_null_directions``:

At critical points of a ReLU network's loss, every rescaling orbit is a null direction of the Hessian.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import derivatives, nets, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.hessian.network_hessians import _almost_everywhere, _magnitudes
from theorems.registry import register
from theorems.sources import POGGIO, cite
from theorems.symbolic.nets import SymbolicNet

__all__ = ["NullDirectionClaim", "RESCALING_NULL_DIRECTIONS"]


@dataclass(frozen=True)
class NullDirectionClaim:
    """The parameters of "the tangent of a rescaling orbit is in the kernel of the Hessian at critical points".

    The tangent of unit ``i`` of hidden layer ``k`` (0-based) is row ``i`` of ``W_k`` and
    ``outgoing_sign`` times column ``i`` of ``W_{k+1}`` (the theorem: ``-1``, the derivative of
    ``(c W_k^i, W_{k+1}^{.i} / c)`` at ``c = 1``).  Claimed: ``H tau = -tau(grad L)`` everywhere,
    hence ``H tau = 0`` where ``grad L = 0``; with ``everywhere``, ``H tau = 0`` at every point.
    """

    outgoing_sign: int = -1
    everywhere: bool = False

    def tangent(self, weights, k, unit):
        """The tangent as a list of matrices shaped like `weights` (SymPy or NumPy); linear in `weights`."""
        out = [w * 0 for w in weights]
        out[k][unit, :] = weights[k][unit, :]
        out[k + 1][:, unit] = self.outgoing_sign * weights[k + 1][:, unit]
        return out

    def hessian_times_tangent(self, tangent_of_gradient):
        """The claimed ``H tau``: ``-tau(grad L)`` (tau is linear, so its derivative applied to grad L), or 0."""
        return [0 * g for g in tangent_of_gradient] if self.everywhere else [-g for g in tangent_of_gradient]


def _null_identities(claim, sizes):
    net = SymbolicNet(sizes)
    theta = net.parameters()
    y = sp.Symbol("y1", real=True)
    L = (y - net.output) ** 2
    gradient = sp.Matrix([sp.diff(L, q) for q in theta])
    H = sp.hessian(L, theta)
    name = "-".join(map(str, sizes))

    def as_weights(vector):
        out, start = [], 0
        for w in net.weights:
            out.append(sp.Matrix(w.shape[0], w.shape[1], list(vector[start:start + len(w)])))
            start += len(w)
        return out

    def flat(matrices):
        return sp.Matrix([e for m in matrices for e in m])

    for k in range(net.depth - 1):
        for unit in range(net.sizes[k + 1]):
            tau = flat(claim.tangent(net.weights, k, unit))
            claimed = flat(claim.hessian_times_tangent(claim.tangent(as_weights(gradient), k, unit)))
            for pattern in net.regions():
                where = f"{name}, unit {unit + 1} of layer {k + 1}, region {pattern}"
                yield f"{where}: grad L . tau = 0 (L is constant on the orbit)", \
                    net.on_region((gradient.T * tau)[0], pattern), 0
                product = H * tau
                for j, q in enumerate(theta):
                    yield f"{where}: (H tau)_{q} = claimed", _almost_everywhere(net.on_region(product[j], pattern)), \
                        net.on_region(claimed[j], pattern)


def _null_symbolic(claim, context):
    architectures = context.profile.pick(quick=[[2, 2, 1]], default=[[2, 2, 1], [1, 2, 2, 1]],
                                         thorough=[[2, 2, 1], [2, 3, 1], [1, 2, 2, 1]])
    return identities_check(
        (identity for sizes in architectures for identity in _null_identities(claim, sizes)), context,
        detail="{count} identities proved on every activation region of the nets "
        + ", ".join("-".join(map(str, s)) for s in architectures)
        + " (square loss, a symbolic datum): grad L . tau = 0 and H tau = -tau(grad L), both derived by SymPy; "
        "so H tau = 0 wherever grad L = 0",
    )


@st.composite
def _null_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=4, max_input=3))
    weights = draw(strategies.weights(sizes, bound=1.5))
    X, y = draw(strategies.datasets(sizes[0], max_size=5))
    k = draw(st.integers(0, len(sizes) - 3))
    unit = draw(st.integers(0, sizes[k + 1] - 1))
    return {"sizes": sizes, "weights": weights, "X": X, "y": y, "layer": k, "unit": unit}


def _null_numeric(claim, context):
    def example(instance):
        sizes, W, X, y = instance["sizes"], instance["weights"], instance["X"], instance["y"]
        k, unit = instance["layer"], instance["unit"]
        tau = nets.flatten(claim.tangent(W, k, unit))
        S, G, Habs = _magnitudes(W, X)
        m = 8 * (len(W) + 4) + tau.size + X.shape[0]
        parts = {}
        # At a critical point: y* = f(W; X) makes W a global minimum of the square loss (grad L = 0 exactly).
        # Elsewhere: the data y, where grad L != 0.
        for label, targets in (("critical point y* = f", nets.forward(W, X)), ("data y", y)):
            H = derivatives.loss_hessian(W, X, targets)
            gradient = nets.unflatten(derivatives.loss_gradient(W, X, targets), sizes)
            claimed = nets.flatten(claim.hessian_times_tangent(claim.tangent(gradient, k, unit)))
            scale = (np.einsum("ni,nj->ij", G, G) + ((np.abs(targets) + S)[:, None, None] * Habs).sum(axis=0))
            bound = 8 * gamma(m) * (scale @ np.abs(tau) + np.abs(G).T @ (np.abs(targets) + S)) + 1e-300
            parts[f"H tau vs claimed at the {label}"] = (H @ tau, claimed, bound)
        return worst_comparison(parts)

    return property_check(
        _null_instances(), example, context, tolerance=1.0,
        detail="|H tau - claimed| in units of its rounding bound (magnitudes of the absolute linear net); H and "
        "grad L from numerics.derivatives at a critical point (y* = f, a global minimum) and at the data; "
        "bias-free ReLU nets of depth 2-4, one hidden unit's orbit",
    )


RESCALING_NULL_DIRECTIONS = register(
    Theorem(
        id="hessian.rescaling_null_directions",
        title="At critical points of a ReLU network's loss, every rescaling orbit is a null direction of the Hessian",
        topic="hessian",
        kind="theorem",
        source=cite(POGGIO, 'slides "Global minima are degenerate" and "Dynamical Systems approach" '
                            '("degenerate equilibria")'),
        as_stated=r"\text{In the deep case, usually degenerate equilibria, degenerate Hessian}",
        statement=(
            r"Let $f$ be a bias-free ReLU network and $L$ a loss of its outputs. For hidden unit $i$ of layer $k$ "
            r"let $\tau(W)$ be the tangent of its rescaling orbit $c \mapsto (c\,W_k^{i\cdot}, W_{k+1}^{\cdot i}/c)$ "
            r"at $c = 1$: row $i$ of $W_k$ and minus column $i$ of $W_{k+1}$. Then, almost everywhere,",
            r"\[ \nabla L(W)^\top \tau(W) = 0, \qquad \nabla^2 L(W)\, \tau(W) = -D\tau^\top \nabla L(W), \]",
            r"so at every critical point $\nabla^2 L\, \tau = 0$: the Hessian has at least as many zero "
            r"eigenvalues as linearly independent orbit tangents, and no critical point is a strict minimum.",
        ),
        hypotheses=(
            Assumption(r"Bias-free ReLU network (with biases, the bias joins the incoming row); $\sigma'(0) = 0$, "
                       r"$\sigma'' = 0$: the almost-everywhere Hessian."),
            Assumption(r"The point is critical, $\nabla L(W) = 0$ (for the kernel statement)."),
        ),
        derivation=(
            Step(r"L(g_c W)", r"L(W)", r"homogeneity.rescaling\_symmetry, for all $c > 0$"),
            Step(r"\frac{d}{dc} L(g_c W) \Big|_{c=1}", r"\nabla L(W)^\top \tau(W) = 0", r"chain rule"),
            Step(r"\nabla_W \left(\nabla L(W)^\top \tau(W)\right)", r"\nabla^2 L\, \tau + D\tau^\top \nabla L = 0",
                 r"differentiate the identity in $W$; $\tau$ is linear in $W$"),
            Step(r"\nabla^2 L\, \tau \big|_{\nabla L = 0}", r"0", r"at a critical point"),
        ),
        errata=(
            r"``Usually degenerate'' is ``always degenerate'' for ReLU networks: every critical point carries the "
            r"rescaling orbits, whose tangents are null directions of the Hessian.",
            r"Away from critical points the orbit tangents are not null directions: $\nabla^2 L\,\tau = "
            r"-D\tau^\top\nabla L \ne 0$ in general.",
        ),
        references=(
            "L. Dinh, R. Pascanu, S. Bengio, Y. Bengio, \"Sharp minima can generalize for deep nets\", ICML 2017.",
            "Y. Cooper, \"The loss landscape of overparameterized neural networks\", arXiv:1804.10200, 2018.",
        ),
        claim=NullDirectionClaim(),
        symbolic=_null_symbolic,
        numeric=_null_numeric,
        mutants=(
            Mutant("everywhere", "H tau = 0 at every point, not only at critical points",
                   NullDirectionClaim(everywhere=True)),
            Mutant("wrong tangent", "the tangent taken as (row i of W_k, +column i of W_{k+1})",
                   NullDirectionClaim(outgoing_sign=1)),
        ),
    )
)

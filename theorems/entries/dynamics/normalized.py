"""The dynamics of normalized networks (the scale rho and the layers V_k) and their checks, shared by two entries."""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import nets, strategies
from theorems.checks import identities_check
from theorems.core import Assumption
from theorems.symbolic.nets import SymbolicNet

__all__ = ["NormalizedClaim"]


@dataclass(frozen=True)
class NormalizedClaim:
    """The parameters of the normalized dynamics (12)-(13) derived from loss (11), L(rho, V) =
    sum_n exp(-rho y_n f~_n) + sum_k lambda_k ||V_k||^penalty_power, f = rho f~(V).

    Claimed: ``drho/dt = rho_factor * sum_n y_n^label_power f~_n exp(-rho y_n f~_n)`` with
    ``rho_factor`` ``"1"`` or ``"rho"``; ``dV_k/dt = rho sum_n y_n^label_power
    exp(-rho y_n^exponent_label_power f~_n) df~_n/dV_k - update(V_k)`` with ``update``
    ``"2 lambda V"`` or ``"lambda V / ||V||"``; and the multiplier keeping ||V_k|| fixed,
    ``lambda_k = rho / (multiplier_denominator ||V_k||^2) sum_n y_n f~_n exp(-rho y_n f~_n)``.
    """

    penalty_power: int = 2
    rho_factor: str = "1"
    label_power: int = 1
    exponent_label_power: int = 1
    update: str = "2 lambda V"
    multiplier_denominator: int = 2

    def rho_rate(self, rho, f, y, exp):
        factor = rho if self.rho_factor == "rho" else 1
        return factor * sum(yn**self.label_power * fn * exp(-rho * yn * fn) for fn, yn in zip(f, y))

    def v_rate(self, rho, f, grads, y, V, lam, norm, exp):
        """``dV_k/dt`` as a flat list over V_k's entries; ``grads[n]`` lists df~_n/dV_k in the same order."""
        data = [rho * sum(yn**self.label_power * exp(-rho * yn**self.exponent_label_power * fn) * g[j]
                          for fn, yn, g in zip(f, y, grads)) for j in range(len(V))]
        penalty = [2 * lam * v for v in V] if self.update == "2 lambda V" else [lam * v / norm(V) for v in V]
        return [d - p for d, p in zip(data, penalty)]

    def multiplier(self, rho, f, y, V, exp):
        return rho / (self.multiplier_denominator * sum(v**2 for v in V)) * sum(
            yn * fn * exp(-rho * yn * fn) for fn, yn in zip(f, y))


def _normalized_problem(sizes, N):
    net = SymbolicNet(sizes, prefix="v")
    data = [{xj: sp.Symbol(f"x{n + 1}_{j + 1}", real=True) for j, xj in enumerate(net.x)} for n in range(N)]
    f = [net.output.xreplace(point) for point in data]
    y = sp.symbols(f"y1:{N + 1}", real=True)
    rho = sp.Symbol("rho", positive=True)
    lam = sp.symbols(f"lambda1:{net.depth + 1}", positive=True)
    return net, data, f, y, rho, lam


def _normalized_loss(claim, net, f, y, rho, lam):
    """Loss (11) with the layers indexed 1..K and the claim's penalty exponent (a premise, differentiated below)."""
    penalty = sum(l * sp.sqrt(sum(v**2 for v in V)) ** claim.penalty_power for l, V in zip(lam, net.weights))
    return sum(sp.exp(-rho * yn * fn) for fn, yn in zip(f, y)) + penalty


def _normalized_symbolic(identities_of, what):
    def check(claim, context):
        cases = context.profile.pick(quick=[([2, 2, 1], 2)], default=[([2, 2, 1], 2), ([1, 2, 2, 1], 1)],
                                     thorough=[([2, 2, 1], 2), ([2, 2, 1], 3), ([1, 2, 2, 1], 2)])
        return identities_check(
            (identity for sizes, N in cases for identity in identities_of(claim, sizes, N)), context,
            detail="{count} identities proved: " + what + " derived by SymPy differentiation of loss (11), "
            "L = sum_n exp(-rho y_n f~_n) + sum_k lambda_k ||V_k||^p, over symbolic data, labels, rho and lambda_k "
            "(nets " + ", ".join(f"{'-'.join(map(str, s))} N={N}" for s, N in cases) + ")",
        )
    return check


@st.composite
def _normalized_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=3, max_width=4, max_input=3))
    V = draw(strategies.weights(sizes, bound=1.0))
    X, targets = draw(strategies.datasets(sizes[0], max_size=5))
    rho = draw(st.floats(0.1, 3.0))
    lam = draw(st.lists(st.floats(0.01, 2.0), min_size=len(V), max_size=len(V)))
    return {"sizes": sizes, "V": V, "X": X, "y": np.where(targets >= 0, 1.0, -1.0), "rho": rho, "lambda": lam}


def _normalized_setup(instance):
    """f = rho f~(V): the net W = (rho V_1, V_2, ...) and the rounding scale of f~ (the absolute net's output)."""
    V, X = instance["V"], instance["X"]
    assume(all(np.any(v != 0) for v in V))
    W = [instance["rho"] * V[0]] + [v for v in V[1:]]
    S = nets.forward([abs(v) for v in V], abs(X), activation="linear")
    weight = np.exp(-instance["rho"] * instance["y"] * nets.forward(V, X)) * (1 + instance["rho"] * S)
    m = 8 * (len(V) + 4) + sum(v.size for v in V) + X.shape[0]
    return W, S, weight, m


_NORMALIZED_HYPOTHESES = (
    Assumption(r"$f(W; x) = \rho \tilde f(V; x)$ with $\tilde f$ the bias-free ReLU network of the normalized "
               r"layers $V_k$ and $\rho = \prod_k \rho_k$ one scalar (homogeneity.relu\_euler); gradient "
               r"descent on $(\rho, V)$ as independent variables, in the flow limit."),
    Assumption(r"The penalty of (11) is $\lambda_k \|V_k\|_F^2$ (the only form consistent with the "
               r"$-2\lambda_k V_k$ of (13)), over the layers $k = 1, \dots, K$."),
)


_NORMALIZED_REFERENCES = (
    "A. Banburski, Q. Liao, B. Miranda, L. Rosasco, J. Hidary, T. Poggio, \"Theory III: Dynamics and "
    "generalization in deep networks\", arXiv:1903.04991, 2019 (the Lagrange-multiplier section).",
    "K. Lyu, J. Li, \"Gradient descent maximizes the margin of homogeneous neural networks\", ICLR 2020.",
)

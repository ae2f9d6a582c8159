"""``capacity.min_norm_selection``:

Minimum-norm selection: weight decay over the rescalings of a net is minimised by balanced layers.
"""

import functools
from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import nets, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["BalanceClaim", "MIN_NORM_SELECTION"]

_Kb, _P = sp.Symbol("K", integer=True, positive=True), sp.Symbol("P", positive=True)


@dataclass(frozen=True)
class BalanceClaim:
    """Over the rescalings ``W_k -> c_k W_k`` with ``prod_k c_k = 1`` (which leave f unchanged), the least
    ``sum_k ||W_k||_F^2`` is ``minimum(K, P)`` with ``P = prod_k ||W_k||_F``."""

    minimum: sp.Expr = _Kb * _P ** (sp.Integer(2) / _Kb)

    def value(self, K, P):
        return float(self.minimum.subs({_Kb: K, _P: P}))


@functools.lru_cache(maxsize=None)
def _lagrange_values(K):
    """``sum_k r_k^2`` at every critical point of it on ``prod_k r_k = P`` (the claim's mutants reuse them)."""
    r = sp.symbols(f"r1:{K + 1}", positive=True)
    lam = sp.Symbol("lambda", positive=True)
    equations = [2 * ri - lam * _P / ri for ri in r] + [sp.Mul(*r) - _P]  # Lagrange: d/dr_k, constraint
    return tuple(sp.simplify(sum(ri**2 for ri in r).subs(solution))
                 for solution in sp.solve(equations, [*r, lam], dict=True))


def _balance_symbolic(claim, context):
    def identities():
        for K in range(2, context.profile.pick(quick=4, default=4, thorough=5)):
            for least in _lagrange_values(K):
                yield f"K = {K}: sum r_k^2 at the Lagrange point (r_k = P^(1/K)) = claimed minimum", least, \
                    claim.minimum.subs(_Kb, K)

    return identities_check(identities(), context, detail="{count} identities proved: the only critical point of "
                            "sum_k r_k^2 on prod_k r_k = P (Lagrange, SymPy solve) has equal r_k = P^(1/K) and value "
                            "K P^(2/K); the sum grows without bound at the boundary, so this is the minimum")


@st.composite
def _balance_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=4, max_input=3))
    W = draw(strategies.weights(sizes))
    X, _ = draw(strategies.datasets(sizes[0], max_size=5))
    return {"weights": W, "X": X}


def _balance_numeric(claim, context):
    from scipy.optimize import minimize

    def example(instance):
        W, X = instance["weights"], instance["X"]
        assume(all(np.linalg.norm(w) > 1e-3 for w in W))
        rho = np.array([np.linalg.norm(w) for w in W])
        K, P = len(W), float(np.prod(rho))

        def total(s):  # log-scalings s_1..s_{K-1}, s_K = -sum: prod c_k = 1
            c = np.exp(np.append(s, -s.sum()))
            return float(((c * rho) ** 2).sum())

        found = minimize(total, np.zeros(K - 1), method="BFGS", options={"gtol": 1e-12 * rho.max() ** 2})
        c = np.exp(np.append(found.x, -found.x.sum()))
        f, g = nets.forward(W, X), nets.forward([ci * w for ci, w in zip(c, W)], X)
        S = nets.forward([abs(ci * w) + abs(w) for ci, w in zip(c, W)], abs(X), activation="linear")
        m = 4 * K + 10 + sum(w.shape[1] for w in W)
        return worst_comparison({
            "min over rescalings of sum rho_k^2 - claimed": (found.fun, claim.value(K, P), 1e-8 * found.fun),
            "f after the optimal rescaling - f": (g, f, 4 * gamma(m) * S + 1e-300)})

    return property_check(_balance_instances(), example, context, tolerance=1.0,
                          detail="|min over prod c_k = 1 of sum ||c_k W_k||^2 (scipy BFGS on log c) - claimed| in "
                          "units of 1e-8 relative (the optimiser's accuracy), and f unchanged by that rescaling in "
                          "units of its rounding bound; bias-free ReLU nets of depth 2-4")


MIN_NORM_SELECTION = register(Theorem(
    id="capacity.min_norm_selection",
    title="Minimum-norm selection: weight decay over the rescalings of a net is minimised by balanced layers",
    topic="capacity",
    kind="theorem",
    source=cite(POGGIO, 'slide "Generalization bounds for regression: minimize empirical loss with '
                        'minimum norm"'),
    as_stated=r"\begin{gathered}\text{minimize the empirical error and select the minimum norm minimizer} \\ "
              r"\text{if the minimum is degenerate}\end{gathered}",
    statement=(
        r"The rescalings $W_k \mapsto c_k W_k$ with $\prod_k c_k = 1$ leave a bias-free ReLU network unchanged "
        r"(homogeneity.rescaling\_symmetry) and keep $P = \prod_k \|W_k\|_F$; over them",
        r"\[ \min \sum_{k=1}^K \|c_k W_k\|_F^2 = K P^{2/K}, \]",
        r"attained when all layers have norm $P^{1/K}$. So among the minimizers that compute the same function, "
        r"weight decay selects the balanced one, and minimising $\sum_k \|W_k\|_F^2$ over minimizers minimises "
        r"the product of norms that controls the complexity term of capacity.rademacher\_bound.",
    ),
    hypotheses=(Assumption(r"Bias-free ReLU networks with non-zero layers.",
                           lambda instance: all(np.linalg.norm(w) > 0 for w in instance["weights"])),),
    derivation=(
        Step(r"\nabla_{r}\Big(\sum_k r_k^2 - \lambda(\prod_k r_k - P)\Big)", r"0",
             r"Lagrange: $2 r_k^2 = \lambda P$ for every $k$"),
        Step(r"r_k", r"P^{1/K}", r"all equal, and their product is $P$"),
        Step(r"\sum_k r_k^2", r"K P^{2/K}", r"the arithmetic-geometric mean inequality, with equality"),
    ),
    errata=(r"The slide does not say which norm: minimising the product of layer norms and minimising weight "
            r"decay select the same minimizer only after balancing; for deep networks gradient descent does not "
            r"find the minimum-norm minimizer by itself (hessian.square\_loss), hence explicit regularisation.",),
    references=("B. Neyshabur, R. Salakhutdinov, N. Srebro, \"Path-SGD: path-normalized optimization in deep neural "
                "networks\", NeurIPS 2015.", "S. Du, W. Hu, J. Lee, \"Algorithmic regularization in learning deep "
                "homogeneous models\", NeurIPS 2018."),
    claim=BalanceClaim(),
    symbolic=_balance_symbolic,
    numeric=_balance_numeric,
    mutants=(
        Mutant("exponent dropped", "least sum of squares K P", BalanceClaim(_Kb * _P)),
        Mutant("2P at every depth", "least sum of squares 2 P (the two-layer value) for every K", BalanceClaim(2 * _P)),
    ),
))

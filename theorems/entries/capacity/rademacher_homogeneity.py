"""``capacity.rademacher_homogeneity``:

The Rademacher complexity of ReLU nets with fixed layer norms is the product of the norms times that of the
normalised class.
"""

import itertools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import capacity, nets, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.capacity.references import BARTLETT, GOLOWICH
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["HomogeneityClaim", "RADEMACHER_HOMOGENEITY"]


@dataclass(frozen=True)
class HomogeneityClaim:
    """``R_S(F_rho) = factor(rho) R_S(F~)`` for the class of bias-free ReLU nets with ``||W_k||_F = rho_k``.

    `factor` is ``"product"`` (the slide's, correct for norms fixed in advance),
    ``"sum"`` or ``"product of squares"``.
    """

    factor: str = "product"

    def value(self, rhos):
        return {"product": math.prod, "sum": sum, "product of squares": lambda r: math.prod(x**2 for x in r)}[
            self.factor](rhos)


def _symbolic_forward(weights, x):
    h = sp.Matrix(x)
    for W in weights[:-1]:
        h = (W * h).applyfunc(lambda u: sp.Max(0, u))
    return sp.expand((weights[-1] * h)[0])


def _exact_rademacher(values, N):
    """``E_s max_m (1/N) sum_n s_n values[m][n]`` with SymPy ``Max``, over all ``2^N`` sign vectors."""
    total = 0
    for signs in itertools.product([-1, 1], repeat=N):
        total += sp.Max(*[sum(s * v for s, v in zip(signs, row)) for row in values])
    return sp.simplify(total / (N * 2**N))


def _homogeneity_symbolic(claim, context):
    rng = context.rng("symbolic")
    cases = context.profile.pick(quick=[([2, 2, 1], 3)], default=[([2, 2, 1], 3), ([1, 2, 2, 1], 3)],
                                 thorough=[([2, 2, 1], 3), ([1, 2, 2, 1], 3), ([2, 3, 1], 4)])

    def rational(*shape):
        return sp.Matrix(*shape, lambda i, j: sp.Rational(int(rng.integers(-9, 10)), int(rng.integers(1, 5))))

    def identities():
        for sizes, N in cases:
            K = len(sizes) - 1
            rho = sp.symbols(f"rho1:{K + 1}", positive=True)
            X = [rational(sizes[0], 1) for _ in range(N)]
            nets_V = [[rational(m, n) for n, m in zip(sizes[:-1], sizes[1:])] for _ in range(3)]
            scaled = [[r * V for r, V in zip(rho, Vs)] for Vs in nets_V]
            lhs = _exact_rademacher([[_symbolic_forward(Ws, x) for x in X] for Ws in scaled], N)
            tilde = _exact_rademacher([[_symbolic_forward(Vs, x) for x in X] for Vs in nets_V], N)
            factor = {"product": sp.Mul(*rho), "sum": sp.Add(*rho), "product of squares": sp.Mul(*rho) ** 2}
            yield (f"{'-'.join(map(str, sizes))}, 3 nets, N = {N}: R_S(F_rho) = factor * R_S(F~)", lhs,
                   factor[claim.factor] * tilde)
        # The linear class {<w, .> : ||w|| <= rho} on the standard basis of R^N: E ||s|| = sqrt(N).
        for N in (4, 9):
            r = sp.Symbol("rho1", positive=True)
            lhs = sum(r * sp.sqrt(sum(s * s for s in signs)) for signs in itertools.product([-1, 1], repeat=N))
            yield f"linear class, x_n = e_n, N = {N}: R_S = rho / sqrt(N)", lhs / (N * 2**N), \
                {"product": r, "sum": r, "product of squares": r**2}[claim.factor] / sp.sqrt(N)

    return identities_check(identities(), context, detail="{count} identities proved: the exact empirical "
                            "Rademacher complexity (all sign vectors, SymPy Max) of classes of nets with rational "
                            "weights V_k scaled by symbolic rho_k > 0 equals the claimed factor times that of the "
                            "normalised class; and the linear class on the standard basis")


@st.composite
def _homogeneity_instances(draw):
    sizes = draw(strategies.architectures(min_depth=1, max_depth=3, max_width=4, max_input=3))
    count = draw(st.integers(1, 4))
    nets_W = [draw(strategies.weights(sizes)) for _ in range(count)]
    X, _ = draw(strategies.datasets(sizes[0], min_size=1, max_size=8))
    rhos = draw(st.lists(st.floats(0.2, 5.0), min_size=len(sizes) - 1, max_size=len(sizes) - 1))
    return {"sizes": sizes, "nets": nets_W, "X": X, "rhos": rhos}


def _homogeneity_numeric(claim, context):
    def example(instance):
        X, rhos = instance["X"], instance["rhos"]
        assume(all(np.any(w != 0) for Ws in instance["nets"] for w in Ws))
        normalised = [[w / np.linalg.norm(w) for w in Ws] for Ws in instance["nets"]]
        scaled = [[r * v for r, v in zip(rhos, Vs)] for Vs in normalised]
        tilde = capacity.empirical_rademacher([nets.forward(Vs, X) for Vs in normalised]).value
        measured = capacity.empirical_rademacher([nets.forward(Ws, X) for Ws in scaled]).value
        # Rounding: every output is within gamma_m S of its exact value, S the absolute path sum of its net.
        S = max(float(nets.forward([abs(w) for w in Ws], abs(X), activation="linear").max()) for Ws in scaled)
        m = 4 * len(rhos) + 10 + sum(instance["sizes"]) + X.shape[0]
        return worst_comparison({"R_S(F_rho) - factor R_S(F~)": (measured, claim.value(rhos) * tilde,
                                                                 4 * gamma(m) * S + 1e-300)})

    return property_check(_homogeneity_instances(), example, context, tolerance=1.0,
                          detail="|R_S(F_rho) - factor(rho) R_S(F~)| in units of its rounding bound 4 gamma_m S, "
                          "S the largest absolute path sum; classes of 1-4 bias-free ReLU nets of depth 1-3 with "
                          "layers normalised to ||V_k||_F = 1 and scaled by rho_k in [0.2, 5]; exact enumeration of "
                          "all 2^N sign vectors (empirical_rademacher of numerics.capacity), N <= 8")


RADEMACHER_HOMOGENEITY = register(Theorem(
    id="capacity.rademacher_homogeneity",
    title="The Rademacher complexity of ReLU nets with fixed layer norms is the product of the norms times that "
          "of the normalised class",
    topic="capacity",
    kind="identity",
    source=cite(POGGIO, 'slides "Generalization bounds for regression: minimize empirical loss with '
                        'minimum norm" and "Generalization bounds for classification: maximize margin at '
                        'unit norm"'),
    as_stated=r"\mathbb{R}_N(\mathbb{F}) = \rho_1 \cdots \rho_K \, \mathbb{R}_N(\tilde{\mathbb{F}})",
    statement=(
        r"Let $\hat R_S(F) = \mathbb{E}_\sigma \sup_{f \in F} \frac1N \sum_{n=1}^N \sigma_n f(x_n)$ "
        r"($\sigma_n$ independent uniform signs) and, for bias-free ReLU networks, "
        r"$F_\rho = \{f(W; \cdot) : \|W_k\|_F \le \rho_k\}$, $\tilde F = F_{(1, \dots, 1)}$. Then $F_\rho = "
        r"(\prod_k \rho_k) \tilde F$ and, for norms $\rho_k > 0$ fixed before the sample is drawn,",
        r"\[ \hat R_S(F_\rho) = \Big(\prod_{k=1}^K \rho_k\Big)\, \hat R_S(\tilde F) \]",
        r"and $\hat R_S(\tilde F) \le (\sqrt{2K\ln 2} + 1)\sqrt{\sum_n \|x_n\|^2} / N$ (Golowich, Rakhlin and "
        r"Shamir 2018).",
    ),
    hypotheses=(
        Assumption(r"Bias-free ReLU networks (positively homogeneous of degree 1 in each layer)."),
        Assumption(r"The layer norms $\rho_k$ are fixed in advance, not chosen after seeing the data."),
        Assumption(r"$\rho_k > 0$ for every layer.", lambda instance: all(r > 0 for r in instance["rhos"])),
    ),
    derivation=(
        Step(r"f(W; x)", r"\prod_k \rho_k \, f(V; x), \quad V_k = W_k / \rho_k",
             r"positive homogeneity of each layer (homogeneity.relu\_euler)"),
        Step(r"F_\rho", r"\Big(\prod_k \rho_k\Big) \tilde F",
             r"$W \mapsto V$ is a bijection between the two norm balls"),
        Step(r"\hat R_S(c\,G)", r"|c|\, \hat R_S(G)", r"$\sup_f \sum_n \sigma_n c f(x_n) = c \sup_f \sum_n "
             r"\sigma_n f(x_n)$ for $c > 0$"),
    ),
    errata=(
        r"Which class $\mathbb{F}$ is meant is unstated: the identity holds for the norm balls with $\rho_k$ "
        r"fixed in advance (equivalently for $\{\prod_k \|W_k\|_F \le B\}$, which is $B\tilde F$ by the rescaling "
        r"symmetry). For the norms of a trained network, chosen after seeing the data, it is not a "
        r"generalization statement without a union bound over a grid of $\rho$ (stratification, an extra "
        r"$O(\sqrt{\ln\ln\rho / N})$).",
        r"$\mathbb{R}_N(\mathbb{F})$ (a class) and $\mathfrak{R}(f)$ (the classification slide, a function) denote "
        r"the same object "
        r"with different arguments.",
    ),
    references=(GOLOWICH, BARTLETT, "B. Neyshabur, R. Tomioka, N. Srebro, \"Norm-based capacity control in "
                "neural networks\", COLT 2015."),
    claim=HomogeneityClaim(),
    symbolic=_homogeneity_symbolic,
    numeric=_homogeneity_numeric,
    mutants=(
        Mutant("sum of norms", "R(F) = (sum_k rho_k) R(F~)", HomogeneityClaim("sum")),
        Mutant("product of squared norms", "R(F) = prod_k rho_k^2 R(F~)", HomogeneityClaim("product of squares")),
    ),
))

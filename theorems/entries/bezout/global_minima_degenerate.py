"""``bezout.global_minima_degenerate``:

Global minima of overparametrized nets are degenerate: Hessian 2 J^top J of nullity W - N.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, nets, strategies
from numerics.conventions import gamma
from theorems.symbolic.algebra import groebner_count
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.bezout.polynomial_nets import _squared_linear
from theorems.entries.bezout.references import POGGIO_LIAO
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["DegenerateClaim", "GLOBAL_MINIMA_DEGENERATE"]


@dataclass(frozen=True)
class DegenerateClaim:
    """At an interpolating point, ``Hess L = factor J^T J`` and its nullity is ``nullity(W, N)`` (also the dimension
    of the zero-loss set)."""

    nullity: Callable = lambda W, N: W - N
    factor: int = 2


def _degenerate_symbolic(claim, context):
    def identities():
        a, w = sp.symbols("a w")
        w3 = sp.symbols("w1:4")
        cases = (("a w x, one datum (1, 2)", [a * w * 1 - 2], (a, w), {a: 1, w: 2}),
                 ("(w . (1, x, x^2))^2 at x = 1, 2", [_squared_linear(x, w3) - _squared_linear(x, (1, 1, 1))
                                                      for x in (1, 2)], w3, dict(zip(w3, (1, 1, 1)))))
        for name, residuals, weights, point in cases:
            W, N = len(weights), len(residuals)
            yield f"{name}: dimension of the zero-loss set", claim.nullity(W, N), \
                groebner_count(residuals, weights).dimension
            loss = sum(r ** 2 for r in residuals)
            H = sp.hessian(loss, weights).subs(point)
            J = sp.Matrix([[sp.diff(r, v) for v in weights] for r in residuals]).subs(point)
            yield f"{name}: Hess L - {claim.factor} J^T J at a zero (sum of squared entries)", \
                sum(e ** 2 for e in H - claim.factor * J.T * J), 0
            yield f"{name}: nullity of Hess L at a zero", claim.nullity(W, N), W - H.rank()

    return identities_check(identities(), context,
                            detail="{count} identities: Groebner dimension of {{f(x_i; w) = y_i}}, and the exact "
                                   "Hessian (sp.hessian) and its rank at an interpolating point")


@st.composite
def _interpolation_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=3, min_width=2, max_width=4, max_input=3))
    W = sum(a * b for a, b in zip(sizes, sizes[1:]))
    weights = draw(strategies.weights(sizes))
    X, _ = draw(strategies.datasets(sizes[0], max_size=min(W - 1, 6)))
    activation = draw(st.sampled_from(["relu", "poly"]))
    return {"weights": weights, "X": X, "activation": activation}


def _degenerate_numeric(claim, context):
    def example(instance):
        weights, X, activation = instance["weights"], instance["X"], instance["activation"]
        kw = {"activation": activation, "degree": 2 if activation == "poly" else None}
        y = nets.forward(weights, X, **kw)  # weights interpolate these labels exactly: L = 0
        J = derivatives.jacobian(weights, X, **kw)
        N, W = J.shape
        s = np.linalg.svd(J, compute_uv=False)
        assume(s[0] > 0 and s[N - 1] > 1e-3 * s[0])  # hypothesis: J has full rank N
        H = derivatives.loss_hessian(weights, X, y, **kw)
        eigenvalues = np.linalg.eigvalsh(H)
        # The zero eigenvalues are rounding-level (<= gamma_{W+N} ||H||); the N others are >= 2 s_N^2 >> that.
        nullity = int(np.sum(np.abs(eigenvalues) <= 1e-9 * np.abs(eigenvalues).max()))
        bound = 2 * gamma(W + N + 8) * (np.abs(J).T @ np.abs(J)) * 4
        return worst_comparison({
            "Hess L = c J^T J": (H, claim.factor * (J.T @ J), bound),
            "nullity of Hess L": (nullity, claim.nullity(W, N), 0.5),
        })

    return property_check(_interpolation_instances(), example, context, tolerance=1.0,
                          detail="|lhs - rhs| in units of its bound: the rounding bound of J^T J (numerics' exact "
                                 "Hessian and Jacobian, ReLU or z^2 nets of depth 2-3 with W > N), 1/2 for the "
                                 "nullity (eigenvalues below 1e-9 lambda_max)")


GLOBAL_MINIMA_DEGENERATE = register(Theorem(
    id="bezout.global_minima_degenerate",
    title=r"Global minima of overparametrized nets are degenerate: Hessian $2 J^\top J$ of nullity $W - N$",
    topic="bezout",
    kind="theorem",
    source=cite(POGGIO, 'slides "Global minima are degenerate" and "SGDL and SGD: summary"'),
    as_stated=r"\text{Global minima are degenerate}",
    statement=(
        r"If $W > N$ and $w^*$ interpolates ($f(x_i; w^*) = y_i$ for all $i$, so $L(w^*) = 0$), then",
        r"\[ \nabla^2 L(w^*) = 2 J^T J \]",
        r"with $J_{ij} = \partial f(x_i; w^*) / \partial w_j$, so the Hessian has rank at most $N$ and at least "
        r"$W - N$ zero eigenvalues. If $J$ has rank $N$, the zero-loss set is near $w^*$ a manifold of "
        r"dimension $W - N$ and the nullity is exactly $W - N$.",
    ),
    hypotheses=(
        Assumption("The minimum interpolates: zero residuals (a global minimum with L > 0 need not be degenerate)."),
        Assumption("J has full rank N at w* (for the equality nullity = W - N); otherwise the nullity is larger.",
                   lambda instance: np.linalg.matrix_rank(derivatives.jacobian(
                       instance["weights"], instance["X"], activation=instance["activation"],
                       degree=2 if instance["activation"] == "poly" else None)) == len(instance["X"])),
        Assumption("f is twice differentiable at w* (for ReLU: no pre-activation exactly 0 on the data)."),
    ),
    derivation=(
        Step(r"\nabla^2 L", r"2 J^T J + 2 \sum_i r_i \nabla^2 f_i", r"differentiate $L = \sum_i r_i^2$ twice"),
        Step(r"\nabla^2 L(w^*)", r"2 J^T J", r"$r_i = 0$ at an interpolating point"),
        Step(r"\dim \ker \nabla^2 L(w^*)", r"W - \operatorname{rank} J = W - N", r"$\ker J^T J = \ker J$"),
        Step(r"\dim \{w : f(x_i; w) = y_i\}", r"W - N", r"implicit function theorem at a point where $J$ has rank $N$ "
             r"(Cooper 2018, Thm 2.1)"),
    ),
    errata=(
        r"``Degenerate'' needs interpolation ($L = 0$) and $W > N$; for ReLU nets the rescaling orbits make even "
        r"$W \le N$ minima non-isolated (homogeneity.rescaling\_symmetry).",
    ),
    references=(POGGIO_LIAO, "Y. Cooper, \"The loss landscape of overparameterized neural networks\", "
                "arXiv:1804.10200, 2018, Thm 2.1."),
    claim=DegenerateClaim(),
    symbolic=_degenerate_symbolic,
    numeric=_degenerate_numeric,
    mutants=(
        Mutant("isolated minima", "the Hessian at a global minimum is non-singular (nullity 0)",
               DegenerateClaim(nullity=lambda W, N: 0)),
        Mutant("J^T J", "Hess L = J^T J at a global minimum (factor 2 dropped)", DegenerateClaim(factor=1)),
    ),
))

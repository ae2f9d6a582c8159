"""``bezout.polynomial_fit``:

Fitting N data with a polynomial network: at most D^N isolated solutions, D the degree in the weights.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import nets, strategies
from numerics.conventions import gamma
from numerics.polynomials import Polynomial, solve
from theorems.symbolic.algebra import groebner_count, network_degree, polynomial_network
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.bezout.polynomial_nets import _squared_linear
from theorems.entries.bezout.projective_counts import _counted
from theorems.entries.bezout.references import COX, POGGIO_LIAO
from theorems.entries.bezout.symbols import _i
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["FitClaim", "POLYNOMIAL_FIT"]


@dataclass(frozen=True)
class FitClaim:
    """``degree(K, k)``: the degree in its weights of a depth-K net with activation z^k; ``bound(D, N)``."""

    degree: Callable = network_degree
    bound: Callable = lambda D, N: D ** N


def _fit_symbolic(claim, context):
    shapes = context.profile.pick(quick=[(2, 2), (2, 3), (3, 2)], default=[(2, 2), (2, 3), (3, 2)],
                                  thorough=[(2, 2), (2, 3), (3, 2), (3, 3), (2, 4)])

    def identities():
        for k, K in shapes:
            f, weights, _ = polynomial_network([1] + [2 if K == 2 else 1] * (K - 1) + [1], k)
            yield f"depth {K}, activation z^{k}: degree of f in the weights", claim.degree(K, k), \
                sp.Poly(f, *weights).total_degree()
        for N in (2, 3):  # generic data: the Bezout bound is attained
            w = sp.symbols(f"w1:{N + 1}")
            xs, ys = range(1, N + 1), [sp.Integer(v) for v in (1, 4, 9, 2)[:N]]
            count = groebner_count([_squared_linear(xn, w) - yn for xn, yn in zip(xs, ys)], w)
            yield f"(w . (1, x, ..)^2 fit to {N} points: solutions", claim.bound(2, N), count.count
        a, w = sp.symbols("a w")
        fit = [a * (w ** 2 * xn ** 2 + xn) - yn for xn, yn in ((1, 3), (2, 5))]  # the lecture's example (b)
        degree = sp.Poly(fit[0], a, w).total_degree()
        count = groebner_count(fit, (a, w)).count
        yield "a (w^2 x^2 + x) fit to (1, 3), (2, 5): solutions <= bound", sp.Integer(count <= claim.bound(degree, 2)), 1

    return identities_check(identities(), context,
                            detail="{count} identities: degrees of nets z^k in their weights by sp.Poly; fitting "
                                   "counts by Groebner bases (the bound attained for (w . phi(x))^2; 2 of 9 for "
                                   "a (w^2 x^2 + x), whose structure puts solutions at infinity)")


@st.composite
def _fit_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=3, max_width=3, max_input=2))
    weights = draw(strategies.weights(sizes))
    X, _ = draw(strategies.datasets(sizes[0], max_size=4))
    return {"sizes": sizes, "k": draw(st.integers(2, 3)), "weights": weights, "X": X,
            "data_seed": draw(st.integers(0, 2**32 - 1))}


def _fit_numeric(claim, context):
    def example(instance):
        W, X, k = instance["weights"], instance["X"], instance["k"]
        K = len(W)
        D = claim.degree(K, k)
        f = nets.forward(W, X, activation="poly", degree=k)
        scaled = nets.forward([2.0 * w for w in W], X, activation="poly", degree=k)
        # Rounding: each of the m roundings on a path scales with |W|...|x| (S), and scaling by 2 is exact.
        S = nets.forward([abs(w) for w in W], abs(X), activation="poly", degree=k)
        m = sum((w.shape[1] + k + 2) for w in W)
        assume(np.abs(f).max() > 1e-6 * S.max())
        # The fit of (w . (1, x, x^2))^2 to 3 generic points: homotopy's count against the bound D^N.
        rng = np.random.default_rng(instance["data_seed"])
        w = Polynomial.variables(3)
        xs, ys = rng.standard_normal(3), rng.standard_normal(3) + 1j * rng.standard_normal(3)
        system = [(sum(wj * xn ** j for j, wj in enumerate(w)) ** 2 - yn).pair for xn, yn in zip(xs, ys)]
        counted = _counted(solve(system, seed=context.derived_seed("homotopy"), start="total-degree"), True)
        return worst_comparison({
            "f(2 W; x) = 2^D f(W; x)": (scaled, 2.0 ** D * f, 2 * gamma(m) * 2.0 ** D * S),
            "solutions of the fit = D^N": (counted, claim.bound(2, 3), 0.5),
        })

    return property_check(_fit_instances(), example, context, tolerance=1.0,
                          detail="|lhs - rhs| in units of its bound: the float64 rounding bound 2 gamma_m 2^D S for "
                                 "the degree of nets with activation z^k (numerics.forward, depth 2-3), 1/2 for the "
                                 "homotopy count of a 3-point fit")


POLYNOMIAL_FIT = register(Theorem(
    id="bezout.polynomial_fit",
    title="Fitting $N$ data with a polynomial network: at most $D^N$ isolated solutions, $D$ the degree "
          "in the weights",
    topic="bezout",
    kind="bound",
    source=cite(POGGIO, 'slides "Bezout theorem" and "RELU approximation by univariate polynomial '
                        'preserves deep nets properties"'),
    as_stated=r"p(x_n) - y_n = 0 \text{ for } n = 1, \dots, N, \quad k = \text{degree of } p(x), "
              r"\quad Z = k^N",
    statement=(
        r"Let $f(x; w)$ be a bias-free network with $K$ weight layers and activation $z^k$. Its degree in the "
        r"weights is",
        sp.Eq(sp.Symbol("D_K"), sp.Sum(sp.Symbol("k") ** _i, (_i, 0, sp.Symbol("K") - 1))),
        r"($D_1 = 1$, $D_{j+1} = k D_j + 1$), not $k$ and not the degree $k^{K-1}$ in $x$. If the net has "
        r"$W = N$ weights, the $N$ equations $f(x_n; w) = y_n$ have at most $D^N$ isolated solutions in "
        r"$\mathbb{C}^N$; network structure (symmetries, solutions at infinity) generally leaves fewer.",
    ),
    hypotheses=(
        Assumption("As many unknowns (weights) as equations (data): W = N; for W > N the solutions form a set "
                   r"of dimension at least W - N (bezout.global\_minima\_degenerate)."),
        Assumption(r"Only isolated solutions are bounded; a net with a homogeneous activation $z^k$ has whole "
                   "curves of solutions (rescaling of a unit), to which the bound does not apply."),
    ),
    derivation=(
        Step(r"\deg_w (W_1 x)", 1, r"linear in the first layer's weights"),
        Step(r"\deg_w W_{j+1} \sigma(h_j)", r"k \deg_w h_j + 1", r"$\sigma(z) = z^k$ multiplies degrees by $k$; "
             r"the next layer's weights add one"),
        Step(r"D_K", r"1 + k + \dots + k^{K-1} = \frac{k^K - 1}{k - 1}", r"solving the recursion from $D_1 = 1$"),
        Step(r"Z", r"\prod_{n=1}^N \deg_w (f(x_n; w) - y_n) = D^N", r"Bezout (bezout.theorem) on $N$ equations "
             r"of degree $D$ in $N$ unknowns"),
    ),
    errata=(
        r"The degree that counts is the degree in the unknowns (the weights), $D_K = (k^K - 1)/(k - 1)$, "
        r"not the degree $k$ of $p$ in $x$: for $a(w^2 x^2 + x)$ the degree in $x$ is 2 but the bound is $3^2 = 9$.",
        r"The slide leaves implicit that the number of unknowns must equal the number of equations $N$.",
        r"``Distinct zeros'' with multiplicity is contradictory (see bezout.theorem); and network-structured "
        r"systems are the ``degenerate cases'': $a(w^2 x^2 + x) = y$ at two points has 2 solutions, not 9.",
    ),
    references=(POGGIO_LIAO, COX),
    claim=FitClaim(),
    symbolic=_fit_symbolic,
    numeric=_fit_numeric,
    mutants=(
        Mutant("degree in x", "D = k^(K-1), the degree of the net in its input", FitClaim(degree=lambda K, k: k ** (K - 1))),
        Mutant("degree k", "D = k, the activation's degree (the slide's k)", FitClaim(degree=lambda K, k: k)),
        Mutant("bound D N", "Z = D N instead of D^N", FitClaim(bound=lambda D, N: D * N)),
    ),
))

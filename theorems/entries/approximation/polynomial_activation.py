"""``approximation.polynomial_activation``:

Nets with a polynomial activation have a degree fixed by their depth: universal only with unbounded depth.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import nets
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.approximation.references import PINKUS
from theorems.entries.approximation.symbols import _K, _k, _x
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["POLYNOMIAL_ACTIVATION", "PolynomialDepthClaim"]


@dataclass(frozen=True)
class PolynomialDepthClaim:
    """A net of ``K`` weight layers with activation ``z^k`` (and biases) on a scalar input is a polynomial of
    degree exactly ``degree(k, K)`` in x for generic weights, and at most that for all weights."""

    degree: sp.Expr = _k ** (_K - 1)

    def value(self, k, K):
        return int(self.degree.subs({_k: k, _K: K}))


def _polynomial_net(sizes, k, weights=None, biases=None):
    """``f(x)`` of a biased net with activation ``z^k``: symbolic weights by default, or the given ones."""
    h = sp.Matrix([_x])
    for layer, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), 1):
        W = (sp.Matrix(fan_out, fan_in, lambda i, j: sp.Symbol(f"w{layer}_{i + 1}{j + 1}")) if weights is None
             else sp.Matrix(weights[layer - 1]))
        b = (sp.Matrix(fan_out, 1, lambda i, j: sp.Symbol(f"b{layer}_{i + 1}")) if biases is None
             else sp.Matrix(biases[layer - 1]))
        h = W * h + b
        if layer < len(sizes) - 1:
            h = h.applyfunc(lambda z: z**k)
    return sp.expand(h[0])


def _polynomial_activation_symbolic(claim, context):
    rng = context.rng("polynomial nets")

    def integers(rows, columns):  # from a wide range: a cancelled top coefficient is an exact integer relation
        return [[sp.Integer(int(v)) for v in row] for row in rng.integers(-10**6, 10**6 + 1, (rows, columns))]

    def identities():
        for k, sizes in ((2, (1, 2, 1)), (3, (1, 2, 1)), (2, (1, 1, 1, 1)), (3, (1, 1, 1, 1))):
            K = len(sizes) - 1  # symbolic weights and biases: the bound for every weight
            yield (f"degree in x of a {'-'.join(map(str, sizes))} net with z^{k}, symbolic weights",
                   sp.degree(_polynomial_net(sizes, k), _x), claim.value(k, K))
        for k, sizes in context.profile.pick(quick=((3, (1, 2, 2, 1)),), default=((2, (1, 2, 2, 1)),
                                             (3, (1, 2, 2, 1)), (2, (1, 3, 2, 2, 1))),
                                             thorough=((2, (1, 2, 2, 1)), (3, (1, 2, 2, 1)), (2, (1, 3, 2, 2, 1)),
                                                       (3, (1, 3, 3, 1)))):
            K = len(sizes) - 1  # wider nets: integer weights, at which the degree is attained
            weights = [integers(o, i) for i, o in zip(sizes, sizes[1:])]
            biases = [integers(o, 1) for o in sizes[1:]]
            yield (f"degree in x of a {'-'.join(map(str, sizes))} net with z^{k}, integer weights",
                   sp.degree(_polynomial_net(sizes, k, weights, biases), _x), claim.value(k, K))
        for k in (2, 3, 4):  # a shallow net spans P_k exactly: rank of the coefficient matrix of (a_j x + b_j)^k
            rows = [sp.Poly((int(a) * _x + int(b)) ** k, _x).all_coeffs() for a, b in rng.integers(1, 9, (k + 3, 2))]
            yield (f"dimension of span{{(a x + b)^{k}}} = degree(k, 2) + 1", sp.Matrix(rows).rank(),
                   claim.value(k, 2) + 1)

    return identities_check(identities(), context, detail="{count} identities: degrees in x of expanded nets with "
                            "activation z^k and biases (symbolic weights for every weight; integer weights for "
                            "wider nets, where the degree is attained), and ranks of the coefficient matrices of "
                            "(a_j x + b_j)^k (k + 3 units span exactly P_k: a shallow polynomial net is not universal)")


@st.composite
def _polynomial_net_instances(draw):
    k = draw(st.integers(2, 3))
    depth = draw(st.integers(2, 3))
    widths = draw(st.lists(st.integers(1, 3), min_size=depth - 1, max_size=depth - 1))
    return {"k": k, "sizes": [1, *widths, 1], "seed": draw(st.integers(0, 2**32 - 1))}


def _polynomial_activation_numeric(claim, context):
    nodes = np.cos(np.pi * (np.arange(64) + 0.5) / 64)  # Chebyshev points: the fit is orthogonal there

    def example(instance):
        k, sizes = instance["k"], instance["sizes"]
        rng = np.random.default_rng(instance["seed"])
        # weights of magnitude in [1/2, 3/2]: a generic net whose top coefficient is not lost in rounding
        W = [rng.choice([-1.0, 1.0], (o, i)) * rng.uniform(0.5, 1.5, (o, i)) for i, o in zip(sizes, sizes[1:])]
        b = [rng.uniform(-1.0, 1.0, o) for o in sizes[1:]]
        X = nodes[:, None]
        f = nets.forward(W, X, activation="poly", degree=k, biases=b)
        # each value is a sum of products of |W|, |b|, |x| <= 1; its rounding is below 2 gamma_m S
        S = nets.forward([np.abs(w) for w in W], np.abs(X), activation="poly", degree=k, biases=[np.abs(v) for v in b])
        m = sum(w.shape[1] + k + 2 for w in W)
        noise = 2 * gamma(m) * float(S.max())
        c = np.polynomial.chebyshev.chebfit(nodes, f, 40)
        D = claim.value(k, len(W))
        beyond = float(np.abs(c[D + 1:]).max())
        # the degree is exact iff the Chebyshev coefficient D stands out of the rounding noise
        return max(beyond / (4 * noise), 4 * noise / max(abs(c[D]), 1e-300)), {
            "claimed degree": D, "max |c_j|, j > D": beyond, "|c_D|": abs(c[D]), "noise bound": noise}

    return property_check(_polynomial_net_instances(), example, context, tolerance=1.0,
                          detail="max(|c_j| for j > D, 4 noise^2 / |c_D|) over 4 noise: Chebyshev coefficients (degree "
                                 "40 fit at 64 Chebyshev points) of random nets with activation z^k and biases "
                                 "(numerics.forward), noise = the float64 rounding bound 2 gamma_m S; the degree D "
                                 "is exact when only c_0..c_D stand out of the noise")


POLYNOMIAL_ACTIVATION = register(Theorem(
    id="approximation.polynomial_activation",
    title="Nets with a polynomial activation have a degree fixed by their depth: universal only with unbounded depth",
    topic="approximation",
    kind="theorem",
    source=cite(POGGIO, 'slide "Deep and shallow networks: universality"'),
    as_stated=r"\text{Arbitrarily deep networks with a nonlinear } \phi(x) \text{ (including polynomials) are "
              r"universal}",
    statement=(
        r"A net $x \mapsto A_K \phi(A_{K-1} \cdots \phi(A_1 x))$ with affine $A_j$ and $\phi(z) = z^k$ on a scalar "
        r"input is a polynomial of degree at most $k^{K-1}$ in $x$ (exactly, for generic weights). A shallow net "
        r"($K = 2$) of any width spans exactly $\mathcal{P}_k$, so for a fixed depth the class is a "
        r"finite-dimensional space of polynomials and not dense in $C[a, b]$; with unbounded depth the degrees "
        r"are unbounded and (with width $d_{in} + d_{out} + 2$, Kidger and Lyons 2020) the nets are universal.",
    ),
    hypotheses=(
        Assumption(r"Universality needs the depth to grow with the accuracy (or a non-polynomial activation at a "
                   r"fixed depth, Leshno et al. 1993)."),
    ),
    derivation=(
        Step(r"\deg_x \phi(A_1 x)", r"k", r"$\phi(w x + b) = (w x + b)^k$"),
        Step(r"\deg_x \phi(A_{j+1} h_j)", r"k \deg_x h_j", r"an affine map keeps the degree, $z^k$ multiplies it"),
        Step(r"\dim \mathrm{span}\{(a x + b)^k\}", r"k + 1", r"the coefficient matrix of $k + 1$ generic units "
             r"is a Vandermonde matrix up to binomial factors"),
    ),
    errata=(r"``Arbitrarily deep networks with polynomial $\phi$ are universal'' holds only for unbounded depth "
            r"(or width growing with a non-polynomial activation): any fixed architecture computes polynomials "
            r"of bounded degree.",),
    references=(PINKUS, "P. Kidger, T. Lyons, \"Universal approximation with deep narrow networks\", COLT 2020, "
                "Theorem 3.2."),
    claim=PolynomialDepthClaim(),
    symbolic=_polynomial_activation_symbolic,
    numeric=_polynomial_activation_numeric,
    mutants=(
        Mutant("degree k (K - 1)", "depth adds degrees instead of multiplying them",
               PolynomialDepthClaim(degree=_k * (_K - 1))),
        Mutant("degree k^K", "the output layer raises the degree too", PolynomialDepthClaim(degree=_k**_K)),
    ),
))

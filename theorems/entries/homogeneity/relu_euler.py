"""``homogeneity.relu_euler``:

Deep ReLU networks are positively homogeneous: Euler's identity and the layer-norm factorisation.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, nets, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.homogeneity.symbols import _K, _c, _z
from theorems.registry import register
from theorems.sources import POGGIO, cite
from theorems.symbolic.nets import ACTIVATIONS, SymbolicNet

__all__ = ["HomogeneityClaim", "RELU_EULER"]


@dataclass(frozen=True)
class HomogeneityClaim:
    """The parameters of "a bias-free K-layer net factors as prod rho_k f(V)" that mutants vary.

    The claim: for nets with this `activation` (and biases if `biases`), with
    ``rho_k = ||W_k||_F ** norm_exponent`` and ``V_k = W_k / rho_k``,
    ``||V_k||_F = 1``, ``f(W; x) = prod_k rho_k ** factor_exponent * f(V; x)``,
    ``sigma(z) = z sigma'(z)``, ``<W_k, df/dW_k> = f`` for every layer and
    ``sum_k <W_k, df/dW_k> = degree(K) f``.
    """

    activation: str = "relu"
    degree: Callable[[int], int] = lambda K: K
    norm_exponent: int = 1
    factor_exponent: int = 1
    biases: bool = False


def _activation_identities(claim):
    """sigma(z) = z sigma'(z), split into the cases z > 0, z < 0 and z = 0; sigma' by differentiation."""
    z, p = sp.Symbol("z", real=True), sp.Symbol("p", positive=True)
    sigma = ACTIVATIONS[claim.activation](z)
    euler = z * sp.diff(sigma, z)
    for case, value in (("z > 0", p), ("z < 0", -p), ("z = 0", sp.S.Zero)):
        yield f"sigma(z) = z sigma'(z) for {case}", sigma.subs(z, value), euler.subs(z, value)


def _net_identities(claim, sizes):
    """Per activation region: norm of V_k, sign pattern and factorisation, per-layer and total Euler identities."""
    net = SymbolicNet(sizes, activation=claim.activation, biases=claim.biases, prefix="v")
    K = net.depth
    rho = sp.symbols(f"rho1:{K + 1}", positive=True)
    name = "-".join(map(str, sizes))
    for k, w in enumerate(net.weights):  # ||W_k / rho_k(W_k)||_F^2 = 1 with the claimed rho_k
        squares = sum(e**2 for e in w)
        scale = squares ** sp.Rational(claim.norm_exponent, 2)
        yield f"{name}: ||W_{k + 1} / rho_{k + 1}||_F^2 = 1", sum((e / scale) ** 2 for e in w), 1
    # The weights W_k = rho_k V_k with positive rho_k and the symbols of `net` standing for V_k.
    scaled = [r * w for r, w in zip(rho, net.weights)]
    factor = sp.Mul(*[r**claim.factor_exponent for r in rho])
    gradient = {q: sp.diff(net.output, q) for q in net.parameters()}
    for pattern in net.regions():
        where = f"{name}, region {pattern}" if pattern is not None else name
        pre_scaled, f_scaled = net.forward(scaled, net.biases, pattern)
        pre_v, f_v = net.forward(net.weights, net.biases, pattern)
        for k, (units_scaled, units_v) in enumerate(zip(pre_scaled, pre_v)):
            prefix = sp.Mul(*rho[: k + 1])
            for i, (u_scaled, u_v) in enumerate(zip(units_scaled, units_v)):  # same signs: same region
                yield f"{where}: u_{k + 1},{i + 1}(rho V) = rho_1..rho_{k + 1} u_{k + 1},{i + 1}(V)", u_scaled, prefix * u_v
        yield f"{where}: f(rho V; x) = prod rho_k^{claim.factor_exponent} f(V; x)", f_scaled, factor * f_v
        f_region = net.on_region(net.output, pattern)
        layer_sums = [sum(q * net.on_region(gradient[q], pattern) for q in w) for w in net.weights]
        for k, layer_sum in enumerate(layer_sums):
            yield f"{where}: <W_{k + 1}, df/dW_{k + 1}> = f", layer_sum, f_region
        yield f"{where}: sum_k <W_k, df/dW_k> = {claim.degree(K)} f", sum(layer_sums), claim.degree(K) * f_region


def _symbolic(claim, context):
    architectures = context.profile.pick(
        quick=[[2, 2, 1], [2, 2, 2, 1]],
        default=[[2, 2, 1], [3, 2, 1], [2, 2, 2, 1]],
        thorough=[[2, 2, 1], [3, 2, 1], [2, 3, 1], [2, 2, 2, 1], [2, 3, 2, 1], [2, 2, 2, 2, 1]],
    )

    def identities():
        yield from _activation_identities(claim)
        for sizes in architectures:
            yield from _net_identities(claim, sizes)

    nets_text = ", ".join("-".join(map(str, s)) for s in architectures)
    return identities_check(
        identities(),
        context,
        detail="{count} identities proved (difference expands to 0) on every activation region of the nets "
        + nets_text
        + "; each region's identity is a polynomial identity, valid at every point whose pattern [u > 0] "
        "is that region's, so with sigma'(0) = 0 they hold everywhere",
    )


@st.composite
def _instances(draw, with_biases):
    sizes = draw(strategies.architectures(min_depth=1, max_depth=4, max_width=5, max_input=3))
    weights = draw(strategies.weights(sizes))
    X, _ = draw(strategies.datasets(sizes[0], max_size=6))
    biases = draw(strategies.biases(sizes)) if with_biases else None
    return {"sizes": sizes, "weights": weights, "X": X, "biases": biases}


def _numeric(claim, context):
    def example(instance):
        W, X, b = instance["weights"], instance["X"], instance["biases"]
        assume(all(np.any(w != 0) for w in W))  # hypothesis: rho_k > 0
        K = len(W)
        kw = {"activation": claim.activation, "biases": b}
        rho = [np.linalg.norm(w) ** claim.norm_exponent for w in W]
        V = [w / r for w, r in zip(W, rho)]
        f = nets.forward(W, X, **kw)
        rhs = np.prod([r**claim.factor_exponent for r in rho]) * nets.forward(V, X, **kw)
        n_weights = sum(w.size for w in W)
        euler = derivatives.jacobian(W, X, **kw)[:, _weight_columns(W, b)] @ nets.flatten(W)
        # Rounding: S is the absolute path sum |W_K|...|W_1||x| (with |b|); every float64 quantity compared
        # below is within gamma_m S of its exact value, m counting the roundings of the longest chain.
        S = nets.forward([abs(w) for w in W], abs(X), activation="linear",
                         biases=None if b is None else [abs(v) for v in b])
        m = 4 * K + 10 + sum(w.shape[1] * (w.shape[0] + 1) for w in W)
        z = np.concatenate([X.ravel(), f])
        sigma, dsigma, _ = nets.activation_functions(claim.activation)
        parts = {
            "||V_k||_F - 1": (np.array([np.linalg.norm(v) for v in V]), np.ones(K), 2 * gamma(m) * np.ones(K)),
            "f(W;x) - prod rho_k f(V;x)": (f, rhs, 2 * gamma(m) * S),
            "sum_k <W_k, df/dW_k> - K f": (euler, claim.degree(K) * f, 2 * gamma(m + n_weights) * (K + 1) * S),
            "sigma(z) - z sigma'(z)": (sigma(z), z * dsigma(z), 2 * gamma(2) * abs(z)),
        }
        return worst_comparison(parts)

    return property_check(
        _instances(claim.biases),
        example,
        context,
        tolerance=1.0,
        detail="|lhs - rhs| in units of its float64 rounding bound 2 gamma_m S (Higham 2002, eq. (3.5)); "
        "S = absolute path sum |W_K|..|W_1||x|; nets of depth 1-4, widths 1-5, numerics.forward and "
        "numerics.derivatives.jacobian",
    )


def _weight_columns(weights, biases):
    """Boolean mask of the weight (not bias) entries in the flat order."""
    if biases is None:
        return np.ones(sum(w.size for w in weights), dtype=bool)
    return np.concatenate([np.r_[np.ones(w.size, bool), np.zeros(w.shape[0], bool)] for w in weights])


_k = sp.Symbol("k", integer=True, positive=True)


_rho_k = sp.Symbol("rho_k", positive=True)


_f = sp.Function("f")


_ftilde = sp.Function("ftilde")


_W, _V, _x = sp.symbols("W V x")


RELU_EULER = register(
    Theorem(
        id="homogeneity.relu_euler",
        title="Deep ReLU networks are positively homogeneous: Euler's identity and the layer-norm factorisation",
        topic="homogeneity",
        kind="identity",
        source=cite(POGGIO, 'slide "Deep RELU networks: definitions and homogeneity"'),
        as_stated=r"\sigma(z) = z \frac{\partial \sigma}{\partial z}, \qquad "
        r"f(W; x) = \prod \rho_k \tilde{f}(V; x) \text{ where } \rho_k v_k^{i,j} = w_k^{i,j}, "
        r"\quad \rho_k^2 = \sum_{i,j} (w_k^{i,j})^2",
        statement=(
            r"Let $f(W;x) = W_K \sigma(W_{K-1} \cdots \sigma(W_1 x))$ be a bias-free $K$-layer network with "
            r"$\sigma(z) = \max(0, z)$ and $\sigma'(0) = 0$. Then $\sigma(z) = z\sigma'(z)$ for every $z$, and "
            r"with $\rho_k = \|W_k\|_F > 0$ and $V_k = W_k / \rho_k$ (so $\|V_k\|_F = 1$):",
            sp.Eq(_f(_W, _x), sp.Product(_rho_k, (_k, 1, _K)) * _ftilde(_V, _x)),
            r"where $\tilde f(V; x) = f(V; x)$ is the same network with normalised weights. "
            r"Euler's identity for the degree-$K$ positive homogeneity holds at every $(W, x)$:",
            r"\[ \sum_{k=1}^K \left\langle W_k, \frac{\partial f}{\partial W_k}\right\rangle = K f(W; x) \]",
            r"and layer by layer, $\langle W_k, \partial f / \partial W_k \rangle = f$.",
        ),
        hypotheses=(
            Assumption(r"No biases (the slide: ``There are no biases''); a bias breaks both identities.",
                       lambda instance: instance.get("biases") is None),
            Assumption(r"The activation is positively 1-homogeneous: ReLU (or leaky ReLU); "
                       r"smooth activations (tanh, logistic, softplus) fail $\sigma(z) = z\sigma'(z)$."),
            Assumption(r"Every layer is non-zero, $\rho_k > 0$, so that $V_k$ is defined.",
                       lambda instance: all(np.any(np.asarray(w) != 0) for w in instance["weights"])),
            Assumption(r"Derivatives at ReLU kinks are taken with $\sigma'(0) = 0$; the identities then hold "
                       r"everywhere, not only almost everywhere."),
        ),
        derivation=(
            Step(ACTIVATIONS["relu"](_z), _z * sp.Derivative(ACTIVATIONS["relu"](_z), _z),
                 r"$z > 0$: both sides are $z$; $z \le 0$: both are $0$ (with $\sigma'(0) = 0$)"),
            Step(ACTIVATIONS["relu"](_c * _z), _c * ACTIVATIONS["relu"](_z),
                 r"$c > 0$ preserves the sign of $z$"),
            Step(r"f(W_K, \dots, c\,W_k, \dots, W_1; x)", r"c\, f(W; x)",
                 r"the pre-activations of layers $j \ge k$ scale by $c > 0$; the output layer is linear"),
            Step(r"f(W; x)", r"\prod_{k=1}^K \rho_k\, f(V; x)",
                 r"apply the previous step with $c = \rho_k$ to $W_k = \rho_k V_k$, for $k = 1, \dots, K$"),
            Step(r"\left\langle W_k, \frac{\partial f}{\partial W_k} \right\rangle",
                 r"\frac{d}{dc} f(W_K, \dots, c\,W_k, \dots, W_1; x) \Big|_{c=1} = f(W; x)",
                 r"chain rule, then the layer scaling"),
            Step(r"\sum_{k=1}^K \left\langle W_k, \frac{\partial f}{\partial W_k}\right\rangle", r"K f(W; x)",
                 r"sum over the $K$ layers: Euler's identity for positive homogeneity of degree $K$"),
        ),
        errata=(
            r"The product $\prod \rho_k$ has no index range: it runs over all $K$ layers, $k = 1, \dots, K$.",
            r"$\tilde f(V; x)$ is not defined on the slide: it is the same network $f$ evaluated at the "
            r"normalised weights $V_k = W_k / \|W_k\|_F$.",
            r"The identity needs $\rho_k > 0$ for every layer and no biases; with biases it fails "
            r"(e.g. $\sigma(2 \cdot 1 + 1) - 2\sigma(1 + 1) = -1$ for a one-unit layer scaled by $c = 2$).",
            r"$\sigma(z) = z\,\partial\sigma/\partial z$ at $z = 0$ needs a value of $\sigma'(0)$; any value in "
            r"$[0, 1]$ works since both sides vanish; the toolkit uses $\sigma'(0) = 0$.",
        ),
        references=(
            "T. Poggio, A. Banburski, Q. Liao, \"Theoretical issues in deep networks\", PNAS 117(48), 2020, "
            "section on homogeneity of deep ReLU networks.",
            "A. Banburski, Q. Liao, B. Miranda, L. Rosasco, J. Hidary, T. Poggio, \"Theory III: Dynamics and "
            "generalization in deep networks\", arXiv:1903.04991, 2019.",
            "B. Neyshabur, R. Salakhutdinov, N. Srebro, \"Path-SGD: path-normalized optimization in deep neural "
            "networks\", NeurIPS 2015.",
        ),
        claim=HomogeneityClaim(),
        symbolic=_symbolic,
        numeric=_numeric,
        mutants=(
            Mutant("degree K-1", "Euler's identity with degree K-1: sum_k <W_k, df/dW_k> = (K-1) f",
                   HomogeneityClaim(degree=lambda K: K - 1)),
            Mutant("rho_k squared norm", "rho_k taken as the squared norm sum w^2 (the slide's rho_k^2), "
                   "so that V_k = W_k / rho_k is claimed to have unit norm",
                   HomogeneityClaim(norm_exponent=2)),
            Mutant("factor prod rho_k^2", "f(W; x) = prod_k rho_k^2 f(V; x)", HomogeneityClaim(factor_exponent=2)),
            Mutant("with biases", "the same identities claimed for a net with biases (the hypothesis dropped)",
                   HomogeneityClaim(biases=True)),
            Mutant("tanh activation", "the same identities claimed for tanh, a smooth activation",
                   HomogeneityClaim(activation="tanh")),
        ),
    )
)

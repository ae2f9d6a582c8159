"""``homogeneity.rescaling_symmetry``:

The rescaling symmetry of ReLU networks: every unit's scale can move to the next layer.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import nets, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.homogeneity.symbols import _c, _z
from theorems.registry import register
from theorems.sources import POGGIO, cite
from theorems.symbolic.nets import ACTIVATIONS, SymbolicNet

__all__ = ["RESCALING_SYMMETRY", "RescalingClaim"]


@dataclass(frozen=True)
class RescalingClaim:
    """The parameters of "f is invariant under rescaling a hidden unit by c and its outgoing weights by 1/c".

    The claim: for nets with this `activation` and any ``c`` of sign `sign` (``+1``: ``c > 0``),
    multiplying row ``i`` of ``W_k`` (and ``b_k[i]`` if `scale_bias`) by ``c`` and column ``i``
    of ``W_{k+1}`` by ``1/c`` leaves ``f`` unchanged; so does ``(W_k, W_{k+1}) -> (c W_k, W_{k+1}/c)``
    (with ``b_k -> c b_k``).
    """

    activation: str = "relu"
    sign: int = 1
    scale_bias: bool = True

    def rescale(self, weights, biases, k, c, unit=None):
        """The rescaled weights and biases: hidden layer ``k`` (0-based, ``k < K - 1``), one unit or all."""
        rows = slice(None) if unit is None else slice(unit, unit + 1)
        W = [w.copy() for w in weights]
        W[k][rows, :] = W[k][rows, :] * c
        W[k + 1][:, rows] = W[k + 1][:, rows] / c
        if biases is None:
            return W, None
        b = [v.copy() for v in biases]
        if self.scale_bias:
            index = (rows, slice(None)) if isinstance(b[k], sp.MatrixBase) else rows  # a SymPy column or a vector
            b[k][index] = b[k][index] * c
        return W, b


def _rescaling_identities(claim, sizes):
    """Per activation region of a symbolic net: f after rescaling each unit, and each whole layer, equals f."""
    c = sp.Symbol("c", positive=True) * claim.sign
    net = SymbolicNet(sizes, activation=claim.activation, biases=True, prefix="v")
    name = "-".join(map(str, sizes))
    p = sp.Symbol("p", positive=True)
    sigma = ACTIVATIONS[claim.activation]
    for case, value in (("z > 0", p), ("z < 0", -p), ("z = 0", sp.S.Zero)):
        yield f"sigma(c z) = c sigma(z) for {case}", sigma(c * value), c * sigma(value)
    for k in range(net.depth - 1):
        for unit in [*range(net.sizes[k + 1]), None]:
            W, b = claim.rescale(net.weights, net.biases, k, c, unit)
            which = f"layer {k + 1}" if unit is None else f"unit {unit + 1} of layer {k + 1}"
            for pattern in net.regions():  # c > 0 keeps every pre-activation's sign: the same region
                _, f_scaled = net.forward(W, b, pattern)
                _, f = net.forward(net.weights, net.biases, pattern)
                region = "" if pattern is None else f", region {pattern}"
                yield f"{name}{region}: f after rescaling {which} = f", f_scaled, f


def _rescaling_symbolic(claim, context):
    architectures = context.profile.pick(quick=[[2, 2, 1]], default=[[2, 2, 1], [1, 2, 2, 1]],
                                         thorough=[[2, 2, 1], [2, 3, 1], [1, 2, 2, 1], [2, 2, 2, 1]])

    def identities():
        for sizes in architectures:
            yield from _rescaling_identities(claim, sizes)

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: sigma(c z) = c sigma(z) for z > 0, < 0, = 0, and on every activation "
        "region of the biased nets " + ", ".join("-".join(map(str, s)) for s in architectures)
        + " the output after rescaling each hidden unit and each hidden layer by c > 0 (bias scaled too) equals "
        "the original output; c > 0 preserves the signs of the pre-activations, hence the region",
    )


@st.composite
def _rescaling_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=5, max_input=3))
    weights = draw(strategies.weights(sizes))
    biases = draw(strategies.biases(sizes)) if draw(st.booleans()) else None
    X, _ = draw(strategies.datasets(sizes[0], max_size=6))
    k = draw(st.integers(0, len(sizes) - 3))
    unit = draw(st.one_of(st.none(), st.integers(0, sizes[k + 1] - 1)))
    c = draw(st.floats(0.1, 10.0))
    return {"weights": weights, "biases": biases, "X": X, "layer": k, "unit": unit, "c": c}


def _rescaling_numeric(claim, context):
    def example(instance):
        W, b, X = instance["weights"], instance["biases"], instance["X"]
        c = claim.sign * instance["c"]
        W_c, b_c = claim.rescale(W, b, instance["layer"], c, instance["unit"])
        kw = {"activation": claim.activation}
        f, f_c = nets.forward(W, X, biases=b, **kw), nets.forward(W_c, X, biases=b_c, **kw)
        # Rounding: both outputs are within gamma_m S of their exact (equal) values, S the absolute path sum
        # of the larger of the two nets; the rescaled weights carry one more rounding each.
        absolute = [np.maximum(abs(w), abs(v)) for w, v in zip(W, W_c)]
        abs_b = None if b is None else [np.maximum(abs(u), abs(v)) for u, v in zip(b, b_c)]
        S = nets.forward(absolute, abs(X), activation="linear", biases=abs_b)
        m = 4 * len(W) + 10 + sum(w.shape[1] for w in W)
        return worst_comparison({"f(rescaled) - f": (f_c, f, 2 * gamma(m) * S + 1e-300)})

    return property_check(
        _rescaling_instances(),
        example,
        context,
        tolerance=1.0,
        detail="|f(rescaled) - f| in units of its rounding bound 2 gamma_m S, S the absolute path sum; one hidden "
        "unit or a whole hidden layer rescaled by c in [0.1, 10]; nets of depth 2-4, widths 1-5, with or "
        "without biases; numerics.forward",
    )


RESCALING_SYMMETRY = register(
    Theorem(
        id="homogeneity.rescaling_symmetry",
        title="The rescaling symmetry of ReLU networks: every unit's scale can move to the next layer",
        topic="homogeneity",
        kind="theorem",
        source=cite(POGGIO, 'slides "Deep RELU networks: definitions and homogeneity" and "Dynamical Systems '
                            'approach" (implicit)'),
        as_stated=r"\text{For RELUs } \sigma(z) = z \frac{\partial \sigma}{\partial z} \text{ and homogeneity holds"
        r"} \;\dots\; \text{degenerate equilibria}",
        statement=(
            r"Let $f$ be a ReLU network (with or without biases) and $c > 0$. Multiplying the incoming weights "
            r"of hidden unit $i$ of layer $k$ (row $i$ of $W_k$, and its bias $b_k^i$) by $c$ and its outgoing "
            r"weights (column $i$ of $W_{k+1}$) by $1/c$ leaves $f(W; x)$ unchanged for every $x$; so does",
            r"\[ (W_k, b_k, W_{k+1}) \mapsto (c\,W_k,\; c\,b_k,\; W_{k+1} / c). \]",
            r"Hence every loss of $f$ is constant on these orbits, of dimension at least the number of hidden "
            r"units, and no critical point of a ReLU network's loss is isolated.",
        ),
        hypotheses=(
            Assumption(r"$c > 0$: ReLU commutes with positive scalings only, $\sigma(cz) = c\sigma(z)$; for "
                       r"$c < 0$, $\sigma(cz) \ne c\sigma(z)$."),
            Assumption(r"The activation is positively 1-homogeneous (ReLU, leaky ReLU); tanh, logistic and "
                       r"softplus are not."),
            Assumption(r"With biases, the unit's bias is scaled by $c$ too."),
        ),
        derivation=(
            Step(ACTIVATIONS["relu"](_c * _z), _c * ACTIVATIONS["relu"](_z), r"$c > 0$ preserves the sign of $z$"),
            Step(r"\sigma(c\, w_k^i \cdot h + c\, b_k^i)", r"c\, \sigma(w_k^i \cdot h + b_k^i)",
                 r"the unit's output scales by $c$"),
            Step(r"\sum_i \frac{W_{k+1}^{\cdot i}}{c}\, c\, \sigma(u_k^i)", r"\sum_i W_{k+1}^{\cdot i} \sigma(u_k^i)",
                 r"the next layer's pre-activations are unchanged, hence all later layers and $f$"),
        ),
        errata=(
            r"The slides use the symmetry (``degenerate equilibria'') without stating it; it needs $c > 0$ and, "
            r"with biases, the bias scaled with the unit.",
        ),
        references=(
            "L. Dinh, R. Pascanu, S. Bengio, Y. Bengio, \"Sharp minima can generalize for deep nets\", ICML 2017, "
            "section 3.",
            "B. Neyshabur, R. Salakhutdinov, N. Srebro, \"Path-SGD: path-normalized optimization in deep neural "
            "networks\", NeurIPS 2015.",
        ),
        claim=RescalingClaim(),
        symbolic=_rescaling_symbolic,
        numeric=_rescaling_numeric,
        mutants=(
            Mutant("c < 0", "the same symmetry claimed for negative c", RescalingClaim(sign=-1)),
            Mutant("tanh activation", "the same symmetry claimed for tanh", RescalingClaim(activation="tanh")),
            Mutant("bias not scaled", "with biases, only the weights rescaled (the bias kept)",
                   RescalingClaim(scale_bias=False)),
        ),
    )
)

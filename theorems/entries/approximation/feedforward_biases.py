"""``approximation.feedforward_biases``:

The feedforward network needs affine layers and a free output: biases, parameter count, output range.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import approximation, nets
from numerics.conventions import gamma
from theorems.checks import worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.approximation.references import PINKUS
from theorems.entries.approximation.symbols import _LOGISTIC, _z
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["FEEDFORWARD_BIASES", "FeedforwardClaim"]


@dataclass(frozen=True)
class FeedforwardClaim:
    """ReLU nets ``A_m o sigma o ... o sigma o A_1`` are universal and have ``count(d_0, ..., d_m)`` parameters.

    `biases` says whether the maps ``A_k`` are affine (True) or linear;
    `output` is the function applied after ``A_m`` (the lecture's ``sigma_m``).
    """

    biases: bool = True
    output: sp.Expr = _z
    count: str = "sum_k d_k (d_(k-1) + 1)"

    def parameters(self, sizes):
        if self.count == "sum_k d_k (d_(k-1) + 1)":
            return sum(n * (m + 1) for m, n in zip(sizes, sizes[1:]))
        return sum(n * m for m, n in zip(sizes, sizes[1:]))


_COUNT_SIZES = ((2, 3, 1), (1, 4, 4, 1), (3, 5, 2, 1))


def _feedforward_symbolic(claim, context):
    from theorems.symbolic.nets import SymbolicNet

    for sizes in _COUNT_SIZES:  # the parameters of the symbolic net with affine layers, counted one by one
        counted = len(SymbolicNet(list(sizes), biases=True).parameters())
        if claim.parameters(sizes) != counted:
            return CheckResult(False, f"refuted: the parameter count of a {'-'.join(map(str, sizes))} net",
                               counterexample={"lhs": f"claimed {claim.parameters(sizes)}",
                                               "rhs": f"{counted} weights and biases"})
    c = sp.Symbol("c", positive=True)
    if not claim.biases:
        # bias-free: h(c x) = c h(x) on every activation region of a 2-2-1 net, so on [1, 2] a one-input net is
        # h(1) x, and the best such line for the constant 1 is c x with 1 - c = -(1 - 2c): c = 2/3, error 1/3
        net = SymbolicNet([1, 2, 1])
        scaled = [net.on_region(net.output, pattern).subs(net.x[0], c * net.x[0]) - c * net.on_region(
            net.output, pattern) for pattern in net.regions()]
        (best,) = sp.solve(sp.Eq(1 - c, -(1 - 2 * c)), c)
        if all(sp.expand(s) == 0 for s in scaled):
            return CheckResult(False, "refuted: bias-free ReLU nets are positively homogeneous, h(c x) = c h(x) "
                               "(every region of a 2-2-1 net), so on [1, 2] they are lines h(1) x",
                               counterexample={"target": "1 on [1, 2]", "best line": f"{best} x",
                                               "lhs": f"min_c max |1 - c x| = {1 - best}", "rhs": "0 (universal)"})
    sigma = sp.Lambda(_z, claim.output)
    bounded = sp.limit(sigma(_z), _z, sp.oo)
    if bounded.is_finite:
        return CheckResult(False, "refuted: the output activation bounds the outputs", counterexample={
            "target": f"the constant {bounded + 1}", "lhs": f"sup sigma_m = {bounded}: error >= 1",
            "rhs": "0 (universal)"})
    # with affine maps and no output activation, 1 = relu(0 x + 1): the obstruction is gone, and every
    # piecewise-linear function is a ReLU sum (approximation.piecewise_linear_exact)
    return CheckResult(True, "parameter counts of symbolic nets with affine layers " + ", ".join(
        f"{'-'.join(map(str, s))}: {claim.parameters(s)}" for s in _COUNT_SIZES) + "; affine layers and an identity "
        "output: no homogeneity or range obstruction (relu(0 x + 1) = 1), and universality by "
        "approximation.piecewise_linear_exact and approximation.relu_sum_universal")


def _feedforward_numeric(claim, context):
    rng = context.rng("feedforward")
    parts = {}
    for sizes in _COUNT_SIZES:
        W = [rng.standard_normal((n, m)) for m, n in zip(sizes, sizes[1:])]
        b = [rng.standard_normal(n) for n in sizes[1:]]
        parts[f"parameters of a {'-'.join(map(str, sizes))} net"] = (len(nets.flatten(W, b)),
                                                                     claim.parameters(sizes), 0.5)
    # the best uniform fit of 1 on [1, 2] from one hidden layer of 41 x 21 ReLU units, with or without biases
    x, fine = np.linspace(1.0, 2.0, 201), np.linspace(1.0, 2.0, 4001)
    slopes, offsets = np.linspace(-4, 4, 41), (np.linspace(-4, 4, 21) if claim.biases else np.zeros(1))
    w, v = (u.ravel() for u in np.meshgrid(slopes, offsets))
    _, c = approximation.minimax_fit(np.ones_like(x), np.maximum(0.0, np.outer(x, w) + v))
    hidden_fit = np.maximum(0.0, np.outer(fine, w) + v) @ c
    output = sp.lambdify(_z, claim.output, "numpy")
    # the output activation: how close it comes to the constant 2 (its range, probed on [-50, 50])
    reach = float(np.abs(2.0 - output(np.linspace(-50.0, 50.0, 100_001))).min())
    error_one = float(np.abs(output(hidden_fit) - 1.0).max()) if claim.output == _z else 1.0
    parts["best error for 1 on [1, 2]"] = (error_one, 0.0, 1e-6)
    parts["best error for 2 through the output activation"] = (reach, 0.0, 1e-6)
    # bias-free nets are positively homogeneous: h(3 x) = 3 h(x), to rounding
    W = [rng.standard_normal((n, m)) for m, n in zip((1, 4, 4, 1), (4, 4, 1))]
    X = rng.uniform(-2, 2, (50, 1))
    S = nets.forward([np.abs(u) for u in W], np.abs(X))
    homogeneity = (nets.forward(W, 3 * X), 3 * nets.forward(W, X), 2 * gamma(10) * 3 * S)
    error, witness = worst_comparison({**parts, "bias-free h(3x) = 3 h(x)": homogeneity})
    return CheckResult(error <= 1.0, "parameter counts of numerics.nets.flatten (weights and biases) against the "
                       f"claimed count; sup error on 4001 points of the LP fit of 1 on [1, 2] from the claimed layers "
                       f"(biases: {claim.biases}): {error_one:.3g} (1/3 without biases); closest value to 2 of the "
                       f"output activation: {reach:.3g}; bias-free homogeneity in units of its rounding bound",
                       examples=4001 + 50 + len(_COUNT_SIZES), max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


FEEDFORWARD_BIASES = register(Theorem(
    id="approximation.feedforward_biases",
    title="The feedforward network needs affine layers and a free output: biases, parameter count, output range",
    topic="approximation",
    kind="definition",
    source=cite(SEANCE, 'slides "Deep Feedforward Network" and "Multilayer perceptron"'),
    as_stated=r"h(x, \theta) = \sigma_m \circ A_m \circ \sigma_{m-1} \circ \dots \circ A_2 \circ \sigma_1 \circ "
              r"A_1 x, \quad \theta = (A_1, \dots, A_m)",
    statement=(
        r"$h(x, \theta) = A_m \circ \sigma \circ A_{m-1} \circ \dots \circ \sigma \circ A_1(x)$ with affine maps "
        r"$A_k(u) = W_k u + b_k$, $W_k \in \mathbb{R}^{d_k \times d_{k-1}}$, $b_k \in \mathbb{R}^{d_k}$, and no "
        r"activation after $A_m$ (or a link matched to the loss). It has $\omega = \sum_k d_k (d_{k-1} + 1)$ "
        r"parameters. Without biases a ReLU net is positively homogeneous, $h(cx) = c\,h(x)$ for $c > 0$: on "
        r"$[1, 2]$ a one-input net is a line through 0, and the constant 1 stays $1/3$ away.",
    ),
    hypotheses=(
        Assumption(r"The architecture (the widths $d_k$) is fixed, so that $\theta$ lives in $\mathbb{R}^\omega$."),
    ),
    derivation=(
        Step(r"h(c x)", r"c\, h(x) \quad (c > 0,\ b_k = 0)", r"$\sigma(c u) = c\,\sigma(u)$ layer by layer"),
        Step(r"\min_c \max_{x \in [1, 2]} |1 - c x|", r"\frac13", r"equioscillation at $x = 1, 2$: $c = 2/3$"),
        Step(r"\omega", r"\sum_k d_k d_{k-1} + \sum_k d_k", r"weights and biases"),
    ),
    errata=(
        r"$A_1 x$ suggests linear maps: without biases the ReLU net is positively homogeneous and not universal "
        r"(the constant 1 on $[1, 2]$ stays $1/3$ away); the $A_k$ must be affine (or a constant 1 appended).",
        r"The final $\sigma_m$ confines the outputs to the range of $\sigma$ (e.g. $(0, 1)$ for the logistic): "
        r"regression targets outside it cannot be fitted.",
    ),
    references=("I. Goodfellow, Y. Bengio, A. Courville, Deep Learning, MIT Press 2016, chapter 6.", PINKUS),
    claim=FeedforwardClaim(),
    symbolic=_feedforward_symbolic,
    numeric=_feedforward_numeric,
    mutants=(
        Mutant("no biases", "linear A_k (the lecture's A_1 x) declared universal", FeedforwardClaim(biases=False)),
        Mutant("logistic output", "a sigma_m = logistic after the last layer, for regression targets",
               FeedforwardClaim(output=_LOGISTIC)),
        Mutant("count without biases", "omega = sum_k d_k d_(k-1)", FeedforwardClaim(count="sum_k d_k d_(k-1)")),
    ),
))

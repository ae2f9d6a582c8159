"""``backprop.feedforward_recursion``:

Backpropagation through a feedforward network: delta_k = (W_{k+1}^top delta_{k+1}) odot sigma'(z_k).
"""

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import derivatives, nets
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.symbolic.computational_graph import graph, operation_counts
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.backprop.references import GOODFELLOW, GRIEWANK, RUMELHART
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite
from theorems.symbolic.nets import logistic

__all__ = ["FEEDFORWARD_RECURSION", "RecursionClaim", "backprop_gradients"]


def _hadamard(a, b):
    return a.multiply_elementwise(b) if isinstance(a, sp.MatrixBase) else a * b


def _apply(f, a):
    return a.applyfunc(f) if isinstance(a, sp.MatrixBase) else f(a)


@dataclass(frozen=True)
class RecursionClaim:
    """Backpropagation for ``h = A_K o sigma o A_(K-1) o ... o sigma o A_1`` with affine ``A_k u = W_k u + b_k``:
    ``step(W_(k+1), delta_(k+1), z_k, a_k, dsigma)`` is ``delta_k = dL / dz_k`` (z pre-activations, a = sigma(z))
    and ``parameters(sizes)`` the number of weights and biases."""

    step: Callable = lambda W, delta, z, a, dsigma: _hadamard(W.T @ delta, _apply(dsigma, z))  # noqa: E731
    parameters: Callable = lambda sizes: sum(m * (n + 1) for n, m in zip(sizes[:-1], sizes[1:]))  # noqa: E731


def backprop_gradients(claim, weights, biases, x, y, sigma, dsigma):
    """Gradients of ``(h(x) - y)^2`` for one example by the claim's recursion: ``[(dW_k, db_k)]``.

    Works on SymPy matrices and on NumPy arrays alike (``x`` a column).
    """
    pre, post = [], [x]
    for k, (W, b) in enumerate(zip(weights, biases)):
        z = W @ post[-1] + b
        pre.append(z)
        post.append(_apply(sigma, z) if k < len(weights) - 1 else z)  # a linear output layer
    delta = 2 * (pre[-1] - y)
    grads = [None] * len(weights)
    for k in range(len(weights) - 1, -1, -1):
        grads[k] = (delta @ post[k].T, delta)
        if k:
            delta = claim.step(weights[k], delta, pre[k - 1], post[k], dsigma)
    return grads


def _recursion_symbolic(claim, context):
    u = sp.Symbol("u")
    dsigma = sp.Lambda(u, sp.diff(logistic(u), u))

    shapes = context.profile.pick(quick=([1, 1, 1, 1], [2, 3, 1]), default=([1, 1, 1, 1], [2, 3, 1], [2, 2, 2, 1]),
                                  thorough=([1, 1, 1, 1], [2, 3, 1], [2, 2, 2, 1], [3, 2, 2, 1]))

    def identities():
        yield "reference: widths (2, 3, 1) have 13 parameters", claim.parameters([2, 3, 1]), 13
        for sizes in shapes:
            net, bias, x, y, loss = _symbolic_net(sizes)
            yield (f"{'-'.join(map(str, sizes))}: parameter count", claim.parameters(sizes),
                   sum(W.rows * (W.cols + 1) for W in net))
            try:
                grads = backprop_gradients(claim, net, bias, x, sp.Matrix([[y]]), logistic, dsigma)
            except sp.ShapeError:  # W_(k+1) delta_(k+1) without the transpose: the shapes do not fit
                yield f"{'-'.join(map(str, sizes))}: the recursion's shapes fit", sp.Symbol("shape_mismatch"), 0
                return
            name = "-".join(map(str, sizes))
            for k, (W, b) in enumerate(zip(net, bias)):
                for (i, j), w in np.ndenumerate(np.array(W.tolist(), dtype=object)):
                    yield f"{name}: dL/d{w} by the recursion", grads[k][0][i, j], sp.diff(loss, w)
                for i, w in enumerate(b):
                    yield f"{name}: dL/d{w} by the recursion", grads[k][1][i, 0], sp.diff(loss, w)

    result = identities_check(identities(), context, detail="{count} identities proved: for logistic nets "
                            + ", ".join("-".join(map(str, sizes)) for sizes in shapes) + " with biases and symbolic "
                            "weights, data and label, every weight's and "
                            "bias's gradient of (h(x) - y)^2 by the recursion delta_k = (W_(k+1)^T delta_(k+1)) * "
                            "sigma'(z_k), dW_k = delta_k a_(k-1)^T, db_k = delta_k equals SymPy's derivative of the "
                            "composed net; the parameter counts sum_k d_k (d_(k-1) + 1)")
    if not result.passed:
        return result
    costs = []
    for sizes in context.profile.pick(quick=([2, 2, 1],), default=([2, 2, 1], [2, 8, 1], [4, 8, 8, 1]),
                                      thorough=([2, 2, 1], [2, 8, 1], [4, 8, 8, 1])):
        weights, bias, _, _, loss = _symbolic_net(sizes)
        counts = operation_counts(graph(loss), wrt=[s for W, b in zip(weights, bias) for s in list(W) + list(b)])
        costs.append(f"{'-'.join(map(str, sizes))}: {counts['reverse'] / counts['evaluation']:.2f} and "
                     f"{counts['forward'] / counts['evaluation']:.0f}")
    return CheckResult(True, result.detail + "; cost on the computational graph of the loss, reverse mode and "
                       "forward mode (all parameters) in units of one evaluation: " + ", ".join(costs))


def _symbolic_net(sizes):
    """A logistic net with biases and symbolic weights, input and label: ``(weights, biases, x, y, loss)`` with the
    square loss ``(h(x) - y)^2`` of the composed net."""
    weights = [sp.Matrix(m, n, lambda i, j, k=k: sp.Symbol(f"w{k + 1}_{i + 1}{j + 1}", real=True))
               for k, (n, m) in enumerate(zip(sizes[:-1], sizes[1:]))]
    bias = [sp.Matrix(m, 1, lambda i, j, k=k: sp.Symbol(f"b{k + 1}_{i + 1}", real=True))
            for k, m in enumerate(sizes[1:])]
    x, y = sp.Matrix(sizes[0], 1, lambda i, j: sp.Symbol(f"x{i + 1}", real=True)), sp.Symbol("y", real=True)
    h = x
    for k, (W, b) in enumerate(zip(weights, bias)):
        h = W @ h + b
        if k < len(weights) - 1:
            h = h.applyfunc(logistic)
    return weights, bias, x, y, (h[0, 0] - y) ** 2


@st.composite
def _recursion_instances(draw):
    from numerics import strategies

    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=5, max_input=3))
    weights = draw(strategies.weights(sizes, bound=1.5))
    bias = draw(strategies.biases(sizes, bound=1.0))
    X, y = draw(strategies.datasets(sizes[0], min_size=1, max_size=6))
    return {"sizes": sizes, "weights": weights, "biases": bias, "X": X, "y": y,
            "activation": draw(st.sampled_from(["tanh", "logistic"]))}


def _recursion_numeric(claim, context):
    def example(instance):
        sizes, W, b, X, y = (instance[k] for k in ("sizes", "weights", "biases", "X", "y"))
        sigma, dsigma, _ = nets.activation_functions(instance["activation"])
        total, absolute = 0.0, 0.0
        try:
            for xn, yn in zip(X, y):
                grads = backprop_gradients(claim, W, [c[:, None] for c in b], xn[:, None], yn, sigma, dsigma)
                total = total + np.concatenate([p for g, d in grads for p in (g.ravel(), d.ravel())])
                # the same recursion on absolute values: a running bound on every rounding's effect
                mags = backprop_gradients(RecursionClaim(), [abs(w) for w in W], [abs(c)[:, None] for c in b],
                                          abs(xn)[:, None], -abs(yn) - 1.0, lambda z: abs(sigma(z)) + 1.0,
                                          lambda z: abs(dsigma(z)) + 1.0)
                absolute = absolute + np.concatenate([abs(p) for g, d in mags for p in (g.ravel(), d.ravel())])
        except ValueError as error:  # a recursion that does not fit the layer shapes
            return math.inf, {"sizes": sizes, "error": str(error)}
        reference = derivatives.loss_gradient(W, X, y, activation=instance["activation"], biases=b)
        if total.shape != reference.shape:
            return math.inf, {"sizes": sizes, "shapes": (total.shape, reference.shape)}
        depth, width = len(W), max(sizes)
        bound = depth * gamma(8 * (depth * width + len(X) + 2)) * absolute
        error, witness = worst_comparison({"gradient": (total, reference, bound),
                                           "parameter count": (claim.parameters(sizes), reference.size, 0.5)})
        return error, {"sizes": sizes, **witness}

    return property_check(_recursion_instances(), example, context, tolerance=1.0,
                          detail="the claimed recursion in float64 against numerics.derivatives.loss_gradient, in "
                                 "units of a running rounding bound (the recursion on absolute values, with "
                                 "|sigma| + 1 and |sigma'| + 1); tanh and logistic nets with biases, 2 to 4 layers, "
                                 "widths <= 5, 1 to 6 examples; and the parameter count against the length of the "
                                 "gradient")


FEEDFORWARD_RECURSION = register(Theorem(
    id="backprop.feedforward_recursion",
    title=r"Backpropagation through a feedforward network: $\delta_k = (W_{k+1}^\top \delta_{k+1}) \odot "
          r"\sigma'(z_k)$",
    topic="backprop",
    kind="theorem",
    source=cite(SEANCE, 'slides "Deep Feedforward Network", "Multilayer perceptron" and "Backpropagation '
                        '- Discussion"'),
    as_stated=(r"\begin{gathered}h(x, \theta) = \sigma_m \circ A_m \circ \sigma_{m-1} \circ \dots \circ A_2 \circ "
               r"\sigma_1 \circ A_1 x, \quad \theta = (A_1, \dots, A_m); \\ \text{``in case of multiple layers, "
               r"it suffices to apply the chain rule upstream''}\end{gathered}"),
    statement=(
        r"Let $h(x) = A_K \circ \sigma \circ A_{K-1} \circ \dots \circ \sigma \circ A_1(x)$ with affine "
        r"$A_k u = W_k u + b_k$, $W_k \in \mathbb{R}^{d_k \times d_{k-1}}$: the parameter has "
        r"$\omega = \sum_k d_k (d_{k-1} + 1)$ entries. With $z_k = W_k a_{k-1} + b_k$, $a_k = \sigma(z_k)$, "
        r"$a_0 = x$ and $\delta_k = \partial \ell / \partial z_k$,",
        r"\[ \delta_K = \ell'(z_K), \quad \delta_k = (W_{k+1}^\top \delta_{k+1}) \odot \sigma'(z_k), \quad "
        r"\nabla_{W_k} \ell = \delta_k a_{k-1}^\top, \quad \nabla_{b_k} \ell = \delta_k. \]",
        r"One forward and one backward pass give the whole gradient, a small constant multiple of the cost of "
        r"evaluating $h$ (the cheap gradient principle), where forward mode needs $\omega$ passes.",
    ),
    hypotheses=(
        Assumption(r"$\sigma$ differentiable at every $z_k$ (for ReLU: almost everywhere, with $\sigma'(0) = 0$ "
                   r"as the convention)."),
        Assumption(r"The output layer is affine, without activation (a link function belongs to the loss)."),
    ),
    derivation=(
        Step(r"\frac{\partial \ell}{\partial z_k}", r"\Big(\frac{\partial z_{k+1}}{\partial a_k}\Big)^\top "
             r"\frac{\partial \ell}{\partial z_{k+1}} \odot \sigma'(z_k)", r"backprop.chain\_rule, through "
             r"$a_k = \sigma(z_k)$ (componentwise) and $z_{k+1} = W_{k+1} a_k + b_{k+1}$"),
        Step(r"\frac{\partial \ell}{\partial (W_k)_{ij}}", r"(\delta_k)_i (a_{k-1})_j",
             r"$z_k$ is linear in $W_k$"),
    ),
    errata=(
        r"The maps $A_k$ must be affine ($W_k u + b_k$): with linear maps, as $A_1 x$ suggests, a ReLU net is "
        r"positively homogeneous, $h(0) = 0$ (approximation.feedforward\_biases).",
        r"A final $\sigma_m$ confines the outputs to the range of $\sigma$: regression targets outside it cannot be "
        r"fitted under the square loss; the output layer is usually affine.",
        r"``It suffices to apply the chain rule upstream'' leaves out the recursion itself and its cost; supplied "
        r"above (Rumelhart, Hinton, Williams 1986).",
    ),
    references=(RUMELHART, GRIEWANK, GOODFELLOW),
    claim=RecursionClaim(),
    symbolic=_recursion_symbolic,
    numeric=_recursion_numeric,
    mutants=(
        Mutant("no sigma'", "delta_k = W_(k+1)^T delta_(k+1), the slope forgotten",
               RecursionClaim(step=lambda W, delta, z, a, dsigma: W.T @ delta)),
        Mutant("W not transposed", "delta_k = (W_(k+1) delta_(k+1)) * sigma'(z_k)",
               RecursionClaim(step=lambda W, delta, z, a, dsigma: _hadamard(W @ delta, _apply(dsigma, z)))),
        Mutant("sigma' of a", "sigma'(a_k) for sigma'(z_k): sigma (1 - sigma) applied to the activation",
               RecursionClaim(step=lambda W, delta, z, a, dsigma: _hadamard(W.T @ delta, _apply(dsigma, a)))),
        Mutant("no biases counted", "omega = sum_k d_k d_(k-1)",
               RecursionClaim(parameters=lambda sizes: sum(m * n for n, m in zip(sizes[:-1], sizes[1:])))),
    ),
))

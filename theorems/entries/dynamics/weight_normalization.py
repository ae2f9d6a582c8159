"""``dynamics.weight_normalization``: weight and batch normalization are gradient descent under a unit-norm
constraint only up to a radial drift.

Weight normalization writes a unit's weights as ``w = g v / ||v||`` (Salimans and Kingma 2016); batch normalization
makes the layer before it scale-invariant in its weights (Ioffe and Szegedy 2015).  Either way the loss does not
depend on the norm of ``v`` (or ``W``), so its gradient is orthogonal to it, and a gradient step
``v - eta grad`` *increases* the norm by exactly ``eta^2 ||grad||^2``: plain gradient descent on ``v`` is not
descent on the sphere, and its effective step on the sphere shrinks like ``1 / ||v||^2`` as the norm grows (the
auto rate-tuning of Arora, Li and Lyu 2019).

The symbolic side differentiates the composed losses with SymPy; the numeric side composes the exact gradient of
:func:`numerics.derivatives.loss_gradient` with a complex-step Jacobian of the normalization (weight norm), or
takes complex-step gradients through :func:`numerics.nets.batch_norm` (batch norm): neither side uses the
projection formula under test.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, nets
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["WEIGHT_NORMALIZATION", "UnitNormClaim"]


@dataclass(frozen=True)
class UnitNormClaim:
    """The parameters of the claim: for ``w = g v / ||v||``, ``grad_v L = (g / ||v||) P grad_w L`` with ``P`` the
    projection ``I - v v^T / ||v||^2`` (``projected``; else ``P = I``), a gradient step changes the squared norm by
    ``radial * eta^2 ||grad||^2``, and the gradient of a scale-invariant loss scales as ``lambda ** degree``."""

    projected: bool = True
    radial: int = 1
    degree: int = -1

    def v_gradient(self, g, v, gradient_w, sqrt):
        """The claimed ``grad_v L`` from ``grad_w L`` (SymPy matrices or NumPy vectors; ``sqrt`` to match)."""
        squared = v.dot(v)
        projected = gradient_w - v * (v.dot(gradient_w) / squared) if self.projected else gradient_w
        return projected * (g / sqrt(squared))


# -- symbolic: weight normalization of a linear unit, batch normalization of a unit ---------------------------------


def _weight_norm_identities(claim, d, data, loss):
    """``(label, lhs, rhs)``: the claimed gradient, the radial recursion and the scaling, all derived by SymPy."""
    v = sp.Matrix(sp.symbols(f"v1:{d + 1}", real=True))
    w = sp.Matrix(sp.symbols(f"w1:{d + 1}", real=True))
    g = sp.Symbol("g", real=True)
    eta, lam = sp.Symbol("eta", positive=True), sp.Symbol("lambda", positive=True)
    xs = [sp.Matrix(sp.symbols(f"x{n}_1:{d + 1}", real=True)) for n in range(1, data + 1)]
    ys = sp.symbols(f"y1:{data + 1}", real=True)

    def L(weights):
        if loss == "exp":
            return sum(sp.exp(-y * weights.dot(x)) for x, y in zip(xs, ys))
        return sum((y - weights.dot(x)) ** 2 for x, y in zip(xs, ys))

    normalized = g * v / sp.sqrt(v.dot(v))
    gradient = sp.Matrix([sp.diff(L(normalized), vi) for vi in v])  # d/dv of L(g v / ||v||)
    gradient_w = sp.Matrix([sp.diff(L(w), wi) for wi in w]).xreplace(dict(zip(w, normalized)))
    claimed = claim.v_gradient(g, v, gradient_w, sp.sqrt)
    name = f"weight norm, linear unit, v in R^{d}, {data} data, {loss} loss"
    for i in range(d):
        yield f"{name}: d L / d v_{i + 1} = the claimed gradient", gradient[i], claimed[i]
    step = v - eta * gradient
    yield (f"{name}: ||v - eta grad_v L||^2 = ||v||^2 + {claim.radial} eta^2 ||grad_v L||^2", step.dot(step),
           v.dot(v) + claim.radial * eta**2 * gradient.dot(gradient))
    scaled = gradient.xreplace({vi: lam * vi for vi in v})
    for i in range(d):
        yield f"{name}: grad_v L(lambda v)_{i + 1} = lambda^{claim.degree} grad_v L(v)_{i + 1}", scaled[i], \
            lam**claim.degree * gradient[i]
    yield f"{name}: <v, grad_v L> = 0", v.dot(gradient), 0


def _batch_norm_unit(w, xs):
    """The batch-normalized outputs of one unit ``z_n = <w, x_n>`` over the batch `xs` (population variance).

    The variance is factored (``lambda^2`` comes out of ``Var(lambda z)``), which SymPy needs to see the scale
    invariance; factoring does not change the function.
    """
    zs = [w.dot(x) for x in xs]
    mean = sum(zs) / len(zs)
    variance = sp.factor(sum((z - mean) ** 2 for z in zs) / len(zs))
    return [(z - mean) / sp.sqrt(variance) for z in zs]


def _batch_norm_identities(claim, d, batch):
    """``(label, lhs, rhs)`` for one unit ``w in R^d`` followed by batch norm and a square loss of ``a z_hat``."""
    w = sp.Matrix(sp.symbols(f"w1:{d + 1}", real=True))
    lam = sp.Symbol("lambda", positive=True)
    a = sp.Symbol("a", real=True)
    xs = [sp.Matrix(sp.symbols(f"u{n}_1:{d + 1}", real=True)) for n in range(1, batch + 1)]
    ys = sp.symbols(f"y1:{batch + 1}", real=True)
    outputs = _batch_norm_unit(w, xs)
    name = f"batch norm, unit w in R^{d}, batch of {batch}, square loss of a z_hat"
    for n, (scaled, plain) in enumerate(zip(_batch_norm_unit(lam * w, xs), outputs), 1):
        yield f"{name}: z_hat_{n}(lambda w) = z_hat_{n}(w) (the scale invariance)", scaled, plain
    loss = sum((a * z - y) ** 2 for z, y in zip(outputs, ys))
    gradient = sp.Matrix([sp.diff(loss, wi) for wi in w])
    at_scaled = gradient.xreplace({wi: lam * wi for wi in w}).replace(  # factor the radicands, as above
        lambda e: e.is_Pow and e.exp.is_Rational and e.exp.q == 2, lambda e: sp.factor(e.base) ** e.exp)
    for i in range(d):
        yield (f"{name}: grad L(lambda w)_{i + 1} = lambda^{claim.degree} grad L(w)_{i + 1}",
               sp.expand(sp.together(at_scaled[i] - lam**claim.degree * gradient[i])), 0)
    yield f"{name}: <w, grad_w L> = 0 (Euler's identity of degree 0)", sp.expand(sp.together(w.dot(gradient))), 0


def _symbolic(claim, context):
    weight_norm = context.profile.pick(quick=[(2, 1, "exp")], default=[(3, 1, "exp"), (2, 2, "square")],
                                       thorough=[(3, 2, "exp"), (3, 2, "square"), (4, 2, "square")])
    batch_norm = context.profile.pick(quick=[(2, 3)], default=[(2, 3)], thorough=[(2, 3), (3, 4)])

    def identities():
        for d, data, loss in weight_norm:
            yield from _weight_norm_identities(claim, d, data, loss)
        for d, batch in batch_norm:
            yield from _batch_norm_identities(claim, d, batch)

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved by SymPy on derived gradients: weight normalization of a linear unit ("
        + "; ".join(f"v in R^{d}, {n} data, {loss} loss" for d, n, loss in weight_norm)
        + "): d L(g v/||v||) / dv equals (g/||v||)(I - v v^T/||v||^2) grad_w L, a gradient step adds exactly "
        "eta^2 ||grad||^2 to ||v||^2, grad L(lambda v) = grad L(v)/lambda and <v, grad> = 0; batch normalization of "
        "a unit (" + "; ".join(f"w in R^{d}, batch of {b}" for d, b in batch_norm)
        + "): z_hat(lambda w) = z_hat(w), grad L(lambda w) = grad L(w)/lambda and <w, grad_w L> = 0",
    )


# -- numeric: complex-step Jacobians composed with numerics' exact gradients ----------------------------------------


@st.composite
def _instances(draw):
    d = draw(st.integers(2, 4))
    unit = st.floats(-2, 2, allow_nan=False, allow_infinity=False)
    v = np.array(draw(st.lists(unit, min_size=d, max_size=d)))
    g = draw(st.floats(0.25, 3) | st.floats(-3, -0.25))
    N = draw(st.integers(2, 6))
    X = np.array(draw(st.lists(st.lists(unit, min_size=d, max_size=d), min_size=N, max_size=N)))
    y = np.array(draw(st.lists(unit, min_size=N, max_size=N)))
    m = draw(st.integers(1, 3))
    W = np.array(draw(st.lists(st.lists(unit, min_size=d, max_size=d), min_size=m, max_size=m)))
    a = np.array(draw(st.lists(st.floats(0.25, 2) | st.floats(-2, -0.25), min_size=m, max_size=m)))
    return {"v": v, "g": g, "X": X, "y": y, "loss": draw(st.sampled_from(["square", "exp"])), "W": W, "a": a,
            "scale": draw(st.floats(0.1, 10))}


# The complex step's absolute error floor: Im f(x + i h e_j) is computed near h |f'| and, where that falls below
# the smallest normal number, in gradual underflow, with an absolute error of the smallest subnormal per
# operation; divided by h = 1e-200 that is 2^-1074 / h ~ 5e-124 per operation (it matters for data of 1e-116).
_UNDERFLOW = 2.0**-1074 / 1e-200


def _v_gradient(v, g, X, y, loss):
    """``grad_v L(g v / ||v||)`` by the chain rule: ``J^T grad_w L``, with ``grad_w L`` from numerics (exact) and the
    Jacobian ``J = d w / d v`` of the normalization by complex-step differentiation (no formula for it typed in)."""
    d = v.size
    w = g * v / np.sqrt(v @ v)
    gradient_w = derivatives.loss_gradient([w.reshape(1, d)], X, y, loss=loss, activation="linear")
    J = np.array([derivatives.complex_step(lambda z, i=i: g * z[i] / np.sqrt(np.sum(z**2)), v) for i in range(d)])
    # each entry of J is exact to a few roundings of g/||v||; J^T gradient_w adds d products
    error = gamma(4 * d + 16) * abs(g) / np.sqrt(v @ v) * np.sum(np.abs(gradient_w)) \
        + (4 * d + 16) * _UNDERFLOW * np.sum(np.abs(gradient_w))
    return J.T @ gradient_w, gradient_w, error


def _batch_norm_loss(W, X, a, y):
    """``sum_n (a . BN(X W^T)_n - y_n)^2``, complex-safe for complex-step gradients."""
    return np.sum((nets.batch_norm(X @ W.T) @ a - y) ** 2)


def _numeric(claim, context):
    steps = context.profile.pick(quick=20, default=100, thorough=300)

    def example(instance):
        v, g, X, y, loss = instance["v"], instance["g"], instance["X"], instance["y"], instance["loss"]
        assume(np.sqrt(v @ v) >= 0.1)
        if loss == "exp":
            y = np.where(y >= 0, 1.0, -1.0)
        d = v.size
        parts = {}
        gradient, gradient_w, error = _v_gradient(v, g, X, y, loss)
        assume(np.linalg.norm(gradient) > 1e3 * error)  # a gradient well above its rounding
        parts["claimed grad_v L against J^T grad_w L"] = (claim.v_gradient(g, v, gradient_w, np.sqrt), gradient,
                                                          error)
        parts["<v, grad_v L> against 0"] = (v @ gradient, 0.0, np.sqrt(v @ v) * error * d)
        # gradient descent on v with a step that moves v by 30% of its norm: the radial term is large
        eta = 0.3 * np.sqrt(v @ v) / np.linalg.norm(gradient)
        current, drift, bound, predicted = v.copy(), [], [], []
        for _ in range(steps):
            G, _, err = _v_gradient(current, g, X, y, loss)
            following = current - eta * G
            drift.append(following @ following - current @ current)
            predicted.append(claim.radial * eta**2 * (G @ G))
            # the two sums of squares and the update round; G's own error moves v by eta * err per entry
            bound.append(gamma(4 * d + 8) * (current @ current + following @ following)
                         + 2 * eta * np.sqrt(following @ following) * err * np.sqrt(d))
            current = following
        parts[f"||v_t+1||^2 - ||v_t||^2 against the claimed radial term, {steps} steps"] = (drift, predicted, bound)
        scale = instance["scale"]
        scaled, _, scaled_error = _v_gradient(scale * v, g, X, y, loss)
        parts[f"grad_v L({scale:.3g} v) against {scale:.3g}^{claim.degree} grad_v L(v)"] = (
            scaled, scale**claim.degree * gradient, scaled_error + scale**claim.degree * error)

        # batch normalization of a layer W (m units) with readout a: complex-step gradients through numerics
        W, a = instance["W"], instance["a"]
        Z = X @ W.T
        std = Z.std(axis=0)
        assume(np.all(std > 1e-2 * (np.abs(Z).max() + 1.0)))  # a batch variance far from 0 in every unit

        def bn_gradient(W):
            flat = derivatives.complex_step(lambda z: _batch_norm_loss(z.reshape(W.shape), X, a, y), W.ravel())
            Z = X @ W.T
            std = Z.std(axis=0)
            normalized = nets.batch_norm(Z)
            r = normalized @ a - y
            # rounding model: dL/dW_ij = sum_n 2 r_n a_i d z_hat_ni / dW_ij, and a weight moves the batch's mean and
            # variance too, so |d z_hat_ni / dW_ij| <= 3 (1 + |z_hat_ni|) max_m |x_mj| / std_i; each term perturbed
            # by (N + d) roundings, amplified by the cancellation in z - mean: kappa_i = (max |z| + |mean|) / std
            kappa = (np.abs(Z).max(axis=0) + np.abs(Z.mean(axis=0))) / std
            rows = (np.abs(r)[:, None] * (1 + np.abs(normalized))).sum(axis=0)  # (m,)
            terms = 6 * (np.abs(a) * rows * (1 + kappa) ** 2 / std)[:, None] * np.abs(X).max(axis=0)[None, :]
            operations = 8 * (X.shape[0] + d)
            return flat.reshape(W.shape), gamma(operations) * terms + operations * _UNDERFLOW * (1 + terms)

        GW, termsW = bn_gradient(W)
        parts["batch norm: <W, grad_W L> against 0"] = (np.sum(W * GW), 0.0, np.sum(np.abs(W) * termsW))
        etaW = 0.3 * np.linalg.norm(W) / max(np.linalg.norm(GW), 1e-300)
        assume(np.linalg.norm(GW) > 1e3 * np.sum(termsW))
        following = W - etaW * GW
        parts["batch norm: ||W - eta grad||^2 - ||W||^2 against the claimed radial term"] = (
            np.sum(following**2) - np.sum(W**2), claim.radial * etaW**2 * np.sum(GW**2),
            gamma(4 * W.size + 8) * (np.sum(W**2) + np.sum(following**2))
            + 2 * etaW * np.linalg.norm(following) * np.sum(termsW))
        GS, termsS = bn_gradient(scale * W)
        parts[f"batch norm: grad L({scale:.3g} W) against {scale:.3g}^{claim.degree} grad L(W)"] = (
            GS, scale**claim.degree * GW, termsS + scale**claim.degree * termsW)
        return worst_comparison(parts)

    return property_check(
        _instances(),
        example,
        context,
        tolerance=1.0,
        detail=f"worst error in units of a rounding bound: weight normalization of a linear unit (square and "
        f"exponential losses), grad_v L as J^T grad_w L with numerics' exact grad_w L and a complex-step Jacobian of "
        f"g v/||v||, {steps} gradient steps of 30% of ||v|| against the claimed radial growth, the gradient at a "
        f"rescaled v; a layer followed by batch normalization (numerics.nets.batch_norm, complex-step gradients): "
        f"<W, grad> = 0, one step's radial growth, the gradient at a rescaled W",
    )


WEIGHT_NORMALIZATION = register(
    Theorem(
        id="dynamics.weight_normalization",
        title=r"Weight and batch normalization are gradient descent on the sphere only up to a radial drift "
        r"$\eta^2 \|\nabla_v L\|^2$",
        topic="dynamics",
        kind="theorem",
        source=cite(POGGIO, 'slides "A unified view..." and "Deep Networks: three theory questions" (the closing '
                            'one: "Weight normalization and batch normalization are two of the (at least four) '
                            'techniques to do gradient descent under unit norm constraint")'),
        as_stated=r"\text{Weight normalization and batch normalization are two of the (at least four) techniques "
        r"to do gradient descent under unit norm constraint}",
        statement=(
            r"Weight normalization writes $w = g\, v / \|v\|$ ($v \neq 0$). For any loss $L$ differentiable in $w$,",
            r"\[ \nabla_v L = \frac{g}{\|v\|} \Big(I - \frac{v v^\top}{\|v\|^2}\Big) \nabla_w L, \qquad "
            r"\langle v, \nabla_v L \rangle = 0, \qquad \nabla_v L(\lambda v) = \lambda^{-1} \nabla_v L(v) "
            r"\ (\lambda > 0), \]",
            r"so a gradient step $v_{t+1} = v_t - \eta \nabla_v L(v_t)$ gives",
            r"\[ \|v_{t+1}\|^2 = \|v_t\|^2 + \eta^2 \|\nabla_v L(v_t)\|^2 : \]",
            r"the norm never decreases, and the step on the sphere of directions $v/\|v\|$ shrinks like "
            r"$\eta / \|v\|^2$. The same holds for the weights $W$ of a layer followed by batch normalization "
            r"(with $\epsilon = 0$): the loss is invariant under $W \mapsto cW$ for $c > 0$, hence "
            r"$\langle W, \nabla_W L \rangle = 0$ (Euler's identity of degree 0) and "
            r"$\|W - \eta \nabla_W L\|^2 = \|W\|^2 + \eta^2 \|\nabla_W L\|^2$. Both are gradient descent under a "
            r"unit-norm constraint only up to this $O(\eta^2)$ radial drift.",
        ),
        hypotheses=(
            Assumption(r"Weight normalization: $w = g v/\|v\|$ with $v \neq 0$, and $L$ differentiable in $w$."),
            Assumption(r"Batch normalization in training mode, with $\epsilon = 0$ and a batch on which every unit "
                       r"varies; with $\epsilon > 0$ the scale invariance, and all that follows, is approximate."),
            Assumption(r"Plain gradient descent on $v$ (or $W$) without weight decay; weight decay or Adam change the "
                       r"radial dynamics."),
        ),
        derivation=(
            Step(r"\frac{\partial w}{\partial v}", r"\frac{g}{\|v\|}\Big(I - \frac{v v^\top}{\|v\|^2}\Big)",
                 r"differentiate $g v / \|v\|$; the Jacobian is symmetric"),
            Step(r"\nabla_v L", r"\Big(\frac{\partial w}{\partial v}\Big)^\top \nabla_w L = \frac{g}{\|v\|}\Big(I - "
                 r"\frac{v v^\top}{\|v\|^2}\Big) \nabla_w L", r"chain rule"),
            Step(r"\langle v, \nabla_v L \rangle", r"0", r"$(I - v v^\top/\|v\|^2)\, v = 0$"),
            Step(r"\|v - \eta \nabla_v L\|^2", r"\|v\|^2 - 2\eta \langle v, \nabla_v L \rangle + \eta^2 "
                 r"\|\nabla_v L\|^2 = \|v\|^2 + \eta^2 \|\nabla_v L\|^2", r"expand the square"),
            Step(r"\langle W, \nabla_W L \rangle", r"\frac{d}{dc} L(cW)\Big|_{c=1} = 0",
                 r"chain rule, and $L(cW) = L(W)$ for all $c > 0$ under batch normalization"),
            Step(r"\nabla_W L(\lambda W)", r"\lambda^{-1} \nabla_W L(W)", r"differentiate $L(\lambda W) = L(W)$ "
                 r"in $W$"),
        ),
        errata=(
            r"Neither technique does gradient descent under a unit-norm constraint: gradient descent on $v$ never "
            r"keeps $\|v\|$ fixed, it adds $\eta^2 \|\nabla_v L\|^2$ to $\|v\|^2$ at every step, so the effective "
            r"learning rate on the sphere, $\eta g^2 / \|v\|^2$ for weight normalization, decays as training goes "
            r"on (the auto rate-tuning of Arora, Li and Lyu). It is projected gradient descent only to first order "
            r"in $\eta$.",
            r"``At least four techniques'' is not a count one can check: the slide ``A unified view...'' lists "
            r"Lagrange multipliers, weight normalization, batch normalization and Halpern iterations; an explicit "
            r"projection onto the sphere after each step is a fifth.",
        ),
        references=(
            "T. Salimans, D. P. Kingma, \"Weight normalization: a simple reparameterization to accelerate training "
            "of deep neural networks\", NeurIPS 2016, Section 2.1.",
            "S. Ioffe, C. Szegedy, \"Batch normalization: accelerating deep network training by reducing internal "
            "covariate shift\", ICML 2015, Algorithm 1.",
            "S. Arora, Z. Li, K. Lyu, \"Theoretical analysis of auto rate-tuning by batch normalization\", ICLR 2019.",
        ),
        claim=UnitNormClaim(),
        symbolic=_symbolic,
        numeric=_numeric,
        mutants=(
            Mutant("constant norm", "||v|| stays constant under gradient descent (a true unit-norm constraint)",
                   UnitNormClaim(radial=0)),
            Mutant("gradient not projected", "grad_v L = (g/||v||) grad_w L, without the projection",
                   UnitNormClaim(projected=False)),
            Mutant("scale-free gradient", "the gradient does not shrink as the norm grows: grad L(lambda v) = "
                   "grad L(v)", UnitNormClaim(degree=0)),
        ),
    )
)

"""Exact first and second derivatives of networks and of their losses, in closed form.

Everything is vectorized over the data: the backpropagated signal of layer k is
an ``(N, n_k)`` array and each layer's derivative block is an outer product with
its input.  No finite differences, no autodiff tape.  Conventions (shapes, flat
order, sums over the data, ``sigma'(0) = 0``) are those of :mod:`numerics.conventions`.
With no data (``N = 0``) the loss is the empty sum, 0, and every derivative is zero
(the Jacobian has shape ``(0, W)``).

Notation (0-based layers ``i = 0..K-1``): ``h_i`` is the input of layer ``i``
(``h_0 = x``), ``u_i = W_i h_i + b_i`` its pre-activation, ``h_{i+1} = sigma(u_i)``
and ``f = u_{K-1}``.  A bias is handled as one more input column equal to 1: the
*augmented* input ``[h_i, 1]`` and block ``[W_i | b_i]`` of shape ``(n_i, p_i)``;
:func:`_flat` maps augmented blocks to the flat order ``[W_i.ravel(), b_i]``.

The loss Hessian is (Bishop, *Pattern Recognition and Machine Learning*, 2006,
section 5.4; Pearlmutter, Neural Computation 6, 1994, for the product form)::

    H = sum_n l''_n grad f_n grad f_n^T  +  sum_n l'_n Hess f_n,

and the second term has two parts: a *cross-layer* part, from ``u_i`` being
bilinear in ``(W_i, h_i)`` while ``h_i`` depends on the earlier layers (for ReLU
it is the only second-order term, and it is non-zero between different layers),
and a *curvature* part from ``sigma''``, zero for ``relu`` and ``linear``.
"""

import math
from typing import NamedTuple

import numpy as np
from scipy.linalg.blas import dsyrk
from scipy.special import expit

from numerics.errors import InvalidArgument, check_argument, check_array, check_choice
from numerics.nets import _check_net, _propagate, activation_functions

__all__ = ["LOSSES", "complex_step", "gauss_newton", "hessian_operator", "hvp", "jacobian", "loss", "loss_gradient",
           "loss_hessian"]


def _square(f, y):
    r = f - y  # l = (y - f)^2
    return r**2, 2.0 * r, np.full_like(r, 2.0)


def _exp(f, y):
    e = np.exp(-y * f)  # l = exp(-y f)
    return e, -y * e, y**2 * e


def _logistic(f, y):
    m = y * f  # l = log(1 + exp(-m)), l' = -y sigmoid(-m), l'' = y^2 sigmoid(-m) sigmoid(m)
    return np.logaddexp(0.0, -m), -y * expit(-m), y**2 * expit(-m) * expit(m)


LOSSES = {"square": _square, "exp": _exp, "logistic": _logistic}
"""Loss name -> function ``(f, y) -> (l, dl/df, d2l/df2)``, elementwise over the data.

All three losses are convex in ``f``: ``d2l/df2 >= 0``.
"""


class _Net(NamedTuple):
    """A forward pass kept for differentiation (see the module's notation)."""

    weights: list  # W_i, (n_i, n_{i-1}), without the bias column
    biased: bool
    pre: list  # u_i, (N, n_i)
    inputs: list  # augmented h_i, (N, p_i)
    slopes: list  # sigma'(u_i), (N, n_i), hidden layers only
    curvatures: list  # sigma''(u_i), (N, n_i), hidden layers only; None when sigma'' = 0 (relu, linear)


def _evaluate(weights, X, biases, activation, degree, order=2):
    """The forward pass, with ``sigma'`` (``order >= 1``) and ``sigma''`` (``order == 2``) at every hidden layer."""
    sigma, dsigma, d2sigma = activation_functions(activation, degree)
    weights, X, biases = _check_net(weights, X, biases)
    pre, inputs = _propagate(weights, X, biases, sigma)
    biased = biases is not None
    if biased and order:
        inputs = [np.hstack([h, np.ones((h.shape[0], 1))]) for h in inputs]
    # relu and linear declare sigma'' = 0 by np.zeros_like (numerics.nets.ACTIVATIONS): skip its terms.
    curvatures = None if d2sigma is np.zeros_like or order < 2 else [d2sigma(u) for u in pre[:-1]]
    return _Net(weights, biased, pre, inputs, [dsigma(u) for u in pre[:-1]] if order else None, curvatures)


def _evaluate_loss(weights, X, y, loss_name, activation, degree, biases, order=2):
    """Validate everything, run the forward pass; return the net and ``l, l', l''`` per example."""
    check_choice(loss_name, "loss", LOSSES)
    net = _evaluate(weights, X, biases, activation, degree, order)
    y = check_array(y, "y", shape=(net.inputs[0].shape[0],))
    with np.errstate(over="ignore", invalid="ignore"):
        terms = LOSSES[loss_name](net.pre[-1][:, 0], y)
    if not all(np.all(np.isfinite(t)) for t in terms):
        raise InvalidArgument(
            f"loss={loss_name!r} or its derivatives overflow float64 at these weights "
            f"(outputs up to |f| = {np.abs(net.pre[-1]).max():.3g})"
        )
    return (net, *terms)


def _backward(net, seed):
    """Backpropagate ``seed`` (N,) from the output.

    Returns ``delta_i = seed_n d f(x_n) / d u_i``, an ``(N, n_i)`` array per layer:
    ``delta_{K-1} = seed`` (linear output) and
    ``delta_{i-1} = (delta_i W_i) * sigma'(u_{i-1})`` (Rumelhart, Hinton, Williams 1986).
    """
    deltas = [seed[:, None]]
    for i in range(len(net.weights) - 1, 0, -1):
        deltas.append((deltas[-1] @ net.weights[i]) * net.slopes[i - 1])
    return deltas[::-1]


def _flat(blocks, biased):
    """Augmented blocks ``(..., n_i, p_i)`` -> flat vectors ``(..., W)`` in the order of ``flatten``."""
    lead = blocks[0].shape[:-2]
    parts = []
    for g in blocks:
        n, p = g.shape[-2:]  # explicit sizes, not -1: with no data (a zero-sized lead) -1 is ambiguous
        parts += [g[..., :-1].reshape(*lead, n * (p - 1)), g[..., -1]] if biased else [g.reshape(*lead, n * p)]
    return np.concatenate(parts, axis=-1)


def _blocks(v, net):
    """A flat vector ``(W,)`` -> augmented blocks ``(n_i, p_i)``; the inverse of :func:`_flat`."""
    sizes = [(w.shape[0], w.shape[1] + net.biased) for w in net.weights]
    total = sum(n * p for n, p in sizes)
    v = check_array(v, "v", shape=(total,))
    blocks, start = [], 0
    for n, p in sizes:
        q = n * (p - net.biased)
        block = v[start : start + q].reshape(n, p - net.biased)
        if net.biased:
            block = np.hstack([block, v[start + q : start + q + n, None]])
        blocks.append(block)
        start += n * p
    return blocks


def jacobian(weights, X, *, activation="relu", degree=None, biases=None):
    """The Jacobian of the outputs with respect to the flat parameters.

    Parameters
    ----------
    weights : list of array_like
        ``W_k`` of shape ``(n_k, n_{k-1})``, the last of shape ``(1, n_{K-1})``.
    X : array_like, shape (N, d)
        Inputs.
    activation, degree, biases
        As in :func:`numerics.nets.forward`.

    Returns
    -------
    numpy.ndarray, shape (N, W)
        Row n is ``d f(x_n) / d theta`` in the flat order of :func:`numerics.nets.flatten`.
        For ReLU it is the almost-everywhere derivative with ``sigma'(0) = 0``.

    Notes
    -----
    ``d f / d W_i = delta_i h_i^T`` and ``d f / d b_i = delta_i`` with ``delta_i = d f / d u_i``
    (see :func:`_backward`).  Cost ``O(N W)`` time and memory.

    Examples
    --------
    For a linear one-layer net ``f(x) = <w, x>`` the Jacobian is ``X``:

    >>> jacobian([np.array([[3.0, -1.0]])], np.array([[1.0, 2.0]]), activation="linear")
    array([[1., 2.]])

    A 1-1-1 ReLU net ``f = a relu(w x)`` at ``w = 2, a = 3, x = 1``:

    >>> jacobian([np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]))
    array([[3., 2.]])
    """
    net = _evaluate(weights, X, biases, activation, degree, order=1)
    deltas = _backward(net, np.ones(net.inputs[0].shape[0]))
    return _flat([d[:, :, None] * h[:, None, :] for d, h in zip(deltas, net.inputs)], net.biased)


def loss(weights, X, y, *, loss="square", activation="relu", degree=None, biases=None):
    """The empirical loss, a sum over the data.

    Parameters
    ----------
    weights, X, activation, degree, biases
        As in :func:`numerics.nets.forward`.
    y : array_like, shape (N,)
        Targets (``square``) or labels, usually in ``{-1, +1}`` (``exp``, ``logistic``).
    loss : str
        ``square`` ``sum (y_n - f_n)^2``, ``exp`` ``sum exp(-y_n f_n)`` or
        ``logistic`` ``sum log(1 + exp(-y_n f_n))``.

    Returns
    -------
    float

    Raises
    ------
    InvalidArgument
        On shapes that do not chain, NaN or infinity, labels of the wrong length,
        or an unknown loss or activation.

    Examples
    --------
    >>> loss([np.array([[1.0, 1.0]])], np.eye(2), np.array([0.0, 3.0]), activation="linear")
    5.0
    """
    _, value, _, _ = _evaluate_loss(weights, X, y, loss, activation, degree, biases, order=0)
    return float(value.sum())


def loss_gradient(weights, X, y, *, loss="square", activation="relu", degree=None, biases=None):
    """The exact gradient of :func:`loss` with respect to the flat parameters.

    Returns
    -------
    numpy.ndarray, shape (W,)
        ``sum_n l'(f_n) d f(x_n) / d theta``, in the flat order of
        :func:`numerics.nets.flatten`, computed by one backward pass with the
        loss slopes as seed (``O(N W)`` time, ``O(N width)`` memory per layer).

    Examples
    --------
    For ``L(w) = sum_n (y_n - <w, x_n>)^2`` the gradient is ``-2 X^T (y - X w)``:

    >>> X, y = np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([1.0, 0.0])
    >>> loss_gradient([np.array([[0.0, 0.0]])], X, y, activation="linear")
    array([-2.,  0.])
    """
    net, _, slope, _ = _evaluate_loss(weights, X, y, loss, activation, degree, biases, order=1)
    return _flat([g.T @ h for g, h in zip(_backward(net, slope), net.inputs)], net.biased)


def gauss_newton(weights, X, y, *, loss="square", activation="relu", degree=None, biases=None):
    """The Gauss-Newton part ``J^T diag(l'') J`` of the loss Hessian.

    Returns
    -------
    numpy.ndarray, shape (W, W)
        Symmetric positive semi-definite (the losses are convex in ``f``), exactly
        symmetric in floating point.  It equals :func:`loss_hessian` where the
        network's own second-order term vanishes, e.g. for ``square`` loss at an
        interpolating point (``l' = 0``).

    Examples
    --------
    For a linear model and square loss it is the whole Hessian, ``2 X^T X``:

    >>> gauss_newton([np.array([[5.0, 7.0]])], np.array([[1.0, 0.0], [1.0, 1.0]]), np.zeros(2),
    ...              activation="linear")
    array([[4., 2.],
           [2., 2.]])
    """
    net, _, _, curvature = _evaluate_loss(weights, X, y, loss, activation, degree, biases, order=1)
    G = _gauss_newton_lower(net, curvature, augmented=False)
    _mirror_lower(G)
    return G


def _gauss_newton_lower(net, curvature, augmented):
    """``S^T S`` with ``S = diag(sqrt(l'')) J`` (``l'' >= 0``) by one BLAS ``syrk``; lower triangle only.

    When ``l''`` is the same for every example (square loss) it is ``l'' J^T J`` instead, with no square root.

    ``J`` is in the flat order, or in the augmented order (layer by layer, blocks
    ``(n_i, p_i)`` raveled) when `augmented`.  Returns a C-ordered ``(W, W)`` array
    whose strict upper triangle is not set.
    """
    n = len(curvature)
    constant = n > 0 and np.all(curvature == curvature[0])  # square loss: l'' = 2, kept out of the rounding
    deltas = _backward(net, np.ones(n) if constant else np.sqrt(curvature))
    blocks = [d[:, :, None] * h[:, None, :] for d, h in zip(deltas, net.inputs)]
    S = np.concatenate([b.reshape(n, math.prod(b.shape[1:])) for b in blocks], axis=1) if augmented else _flat(blocks, net.biased)
    if n == 0:
        return np.zeros((S.shape[1], S.shape[1]))
    # syrk fills the upper triangle of the F-ordered alpha S^T S: the lower triangle of its transpose.
    return dsyrk(curvature[0] if constant else 1.0, S.T).T


def loss_hessian(weights, X, y, *, loss="square", activation="relu", degree=None, biases=None):
    """The exact Hessian of :func:`loss` with respect to the flat parameters.

    Parameters
    ----------
    weights, X, y, loss, activation, degree, biases
        As in :func:`loss`.

    Returns
    -------
    numpy.ndarray, shape (W, W)
        ``d^2 L / d theta d theta^T`` in the flat order of :func:`numerics.nets.flatten`,
        exactly symmetric.  For ReLU it is the almost-everywhere Hessian: ``sigma'(0) = 0``
        and ``sigma'' = 0`` (the kinks, a set of measure zero in weight space for
        generic data, contribute nothing).

    Notes
    -----
    ``H = J^T diag(l'') J + sum_n l'_n Hess f_n``.  The first term is one ``syrk``.  In the
    second, block ``(i, j)``, ``j < i``, indexed by ``(a, b)`` of layer ``i`` and ``(c, d)``
    of layer ``j`` (augmented), is a sum over the data of::

        l' delta_i[a] E_ij[b, c] h_j[d]        (cross-layer: u_i is bilinear in W_i and h_i)
      + P_ij[a, c] h_i[b] h_j[d]               (activation curvature; also for j = i)

    where ``E_ij = d h_i / d u_j`` (diagonal when ``j = i - 1``), ``P_ij = R_i d u_i / d u_j``
    and ``R_i`` is the ``sigma''`` part of ``d^2 L / d u_i^2``, backpropagated as
    ``R_{i-1} = diag(sigma'_{i-1}) W_i^T R_i W_i diag(sigma'_{i-1}) + diag(sigma''_{i-1} * (g_i W_i))``
    with ``g_i = l' delta_i`` (Bishop, *Pattern Recognition and Machine Learning*, 2006,
    section 5.4, written per layer).  For ReLU the second term is the cross-layer part
    alone, which costs a factor of the width less than ``J^T J``: the whole Hessian costs
    about one ``syrk`` of ``J`` (``N W^2`` flops) plus ``O(W^2)`` memory traffic.

    Examples
    --------
    ``L = (y - a relu(w x))^2`` at ``w = 2, a = 3, x = 1, y = 5``: ``f = 6``, ``l' = 2``,
    so ``d^2 L / dw da = 2 * 3 * 2 + 2 * relu'(2) = 14``:

    >>> loss_hessian([np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]), np.array([5.0]))
    array([[18., 14.],
           [14.,  8.]])
    """
    net, _, slope, curvature = _evaluate_loss(weights, X, y, loss, activation, degree, biases)
    H = _gauss_newton_lower(net, curvature, augmented=True)
    deltas = _backward(net, np.ones(len(slope)))
    hs, K = net.inputs, len(net.weights)
    shapes = [(d.shape[1], h.shape[1]) for d, h in zip(deltas, hs)]
    offsets = np.cumsum([0] + [n * p for n, p in shapes])
    E = [dict() for _ in range(K)]  # E[i][j] = d h_i / d u_j, (N, n_{i-1}, n_j), j < i - 1
    R = _curvature_backward(net, deltas, slope)
    for i in range(K):
        width = net.weights[i].shape[1]  # of the non-bias inputs h_i, the only ones that depend on u_j
        for j in range(i + 1):
            block = H[offsets[i] : offsets[i + 1], offsets[j] : offsets[j + 1]].reshape(*shapes[i], *shapes[j])
            if j == i - 1:  # E = diag(sigma'(u_j)): only the entries with b == c
                diagonal = np.einsum("abbd->abd", block[:, :width, :, :])  # a writable view
                diagonal += _outer_sum(slope[:, None, None] * deltas[i][:, :, None] * net.slopes[j][:, None, :], hs[j])
            elif j < i:
                E[i][j] = net.slopes[i - 1][:, :, None] * _times_du(net, E, i - 1, j)
                g_h = slope[:, None, None] * deltas[i][:, :, None] * hs[j][:, None, :]
                block[:, :width] += _outer_sum(g_h, E[i][j]).transpose(0, 2, 3, 1)
            if R is not None:
                P = R[i] if i == j else np.einsum("nab,nbc->nac", R[i], _times_du(net, E, i, j))
                block += _outer_sum(P, hs[i][:, :, None] * hs[j][:, None, :]).transpose(0, 2, 1, 3)
    _mirror_lower(H)
    if net.biased:
        order = _flat([np.arange(a, a + n * p).reshape(n, p) for a, (n, p) in zip(offsets, shapes)], True)
        H = H[np.ix_(order, order)]
    return H


def _times_du(net, E, i, j):
    """``d u_i / d u_j = W_i E_ij`` per example, ``(N, n_i, n_j)``, for ``j < i``."""
    if j == i - 1:
        return net.weights[i] * net.slopes[j][:, None, :]
    return np.einsum("ab,nbc->nac", net.weights[i], E[i][j])


def _outer_sum(P, Q):
    """``sum_n P[n, ...] (outer) Q[n, ...]`` by one matrix product, of shape ``P.shape[1:] + Q.shape[1:]``."""
    n = P.shape[0]
    return (P.reshape(n, math.prod(P.shape[1:])).T @ Q.reshape(n, math.prod(Q.shape[1:]))).reshape(*P.shape[1:], *Q.shape[1:])


def _curvature_backward(net, deltas, slope):
    """The ``sigma''`` part ``R_i`` of ``d^2 L / d u_i^2``, (N, n_i, n_i) per layer; None if ``sigma'' = 0``."""
    if net.curvatures is None:
        return None
    R = [None] * len(net.weights)
    R[-1] = np.zeros((len(slope), 1, 1))
    for i in range(len(net.weights) - 1, 0, -1):
        W, s = net.weights[i], net.slopes[i - 1]
        R[i - 1] = s[:, :, None] * np.einsum("ba,nbc,cd->nad", W, R[i], W) * s[:, None, :]
        psi = (slope[:, None] * deltas[i]) @ W  # g_i W_i, the gradient of L with respect to h_i
        idx = np.arange(W.shape[1])
        R[i - 1][:, idx, idx] += net.curvatures[i - 1] * psi
    return R


def _mirror_lower(H, band=128):
    """Copy the lower triangle of the square `H` onto its upper triangle, in place.

    Band by band of `band` rows, so that the transposed reads stay in cache (a plain
    ``H.T`` copy of a 4096-wide block is several times slower, from cache-set conflicts).
    """
    for r in range(0, H.shape[0], band):
        H[:r, r : r + band] = H[r : r + band, :r].T
        d = H[r : r + band, r : r + band]
        d[...] = np.tril(d) + np.tril(d, -1).T


def hvp(weights, X, y, v, *, loss="square", activation="relu", degree=None, biases=None):
    """The exact Hessian-vector product ``loss_hessian(...) @ v``, without forming the Hessian.

    Parameters
    ----------
    weights, X, y, loss, activation, degree, biases
        As in :func:`loss`.
    v : array_like, shape (W,)
        A direction in the flat order of :func:`numerics.nets.flatten`.

    Returns
    -------
    numpy.ndarray, shape (W,)

    Notes
    -----
    Pearlmutter's R-operator (Neural Computation 6, 1994): one forward pass of the
    directional derivatives ``R{u_i} = V_i h_i + W_i R{h_i}``, ``R{h_{i+1}} = sigma'(u_i) R{u_i}``,
    then one backward pass of ``R{g_i}`` beside the gradient's ``g_i``.  Time ``O(N W)``,
    memory ``O(N width)`` per layer.

    Examples
    --------
    >>> W, X, y = [np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]), np.array([5.0])
    >>> hvp(W, X, y, np.array([1.0, 0.0]))
    array([18., 14.])
    """
    net, _, slope, curvature = _evaluate_loss(weights, X, y, loss, activation, degree, biases)
    return _hvp(net, slope, curvature, v)


def hessian_operator(weights, X, y, *, loss="square", activation="relu", degree=None, biases=None):
    """The loss Hessian as a :class:`scipy.sparse.linalg.LinearOperator` of exact Hessian-vector products.

    The forward pass is done once; each product then costs one R-forward and one
    backward pass (:func:`hvp`), ``O(N W)``, and accepts a matrix of columns.
    For Lanczos (:func:`scipy.sparse.linalg.eigsh`), Hutchinson and stochastic
    Lanczos quadrature (:mod:`numerics.spectrum`).

    Examples
    --------
    >>> W, X, y = [np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]), np.array([5.0])
    >>> H = hessian_operator(W, X, y)
    >>> H.shape, H @ np.array([1.0, 0.0])
    ((2, 2), array([18., 14.]))
    """
    from scipy.sparse.linalg import LinearOperator

    net, _, slope, curvature = _evaluate_loss(weights, X, y, loss, activation, degree, biases)
    size = sum(w.shape[0] * (w.shape[1] + net.biased) for w in net.weights)
    deltas = _deltas(net, slope)
    return LinearOperator((size, size), matvec=lambda v: _hvp(net, slope, curvature, np.ravel(v), deltas),
                          dtype=float)


def _deltas(net, slope):
    """The gradient's backward signals ``g_i`` (d L / d u_i) and ``psi_i = g_(i+1) W_(i+1)``: independent of the
    direction, so an operator computes them once."""
    K, W = len(net.weights), net.weights
    g, deltas, psis = slope[:, None], [None] * K, [None] * K
    deltas[K - 1] = g
    for i in range(K - 1, 0, -1):
        psis[i] = g @ W[i]
        g = psis[i] * net.slopes[i - 1]
        deltas[i - 1] = g
    return deltas, psis


def _hvp(net, slope, curvature, v, deltas=None):
    V = _blocks(v, net)
    K, hs, W = len(net.weights), net.inputs, net.weights
    deltas, psis = deltas if deltas is not None else _deltas(net, slope)
    r_pre, r_in = [], [None]  # R{u_i}; R{h_i} without the bias column (R{h_0} = 0: the data are fixed)
    for i in range(K):
        r = hs[i] @ V[i].T
        if i:
            r += r_in[i] @ W[i].T
        r_pre.append(r)
        if i < K - 1:
            r_in.append(net.slopes[i] * r)
    r_g = (curvature * r_pre[-1][:, 0])[:, None]  # R{d L / d f}
    out = [None] * K
    for i in range(K - 1, -1, -1):
        out[i] = r_g.T @ hs[i]
        if i:
            g, width = deltas[i], W[i].shape[1]
            out[i][:, :width] += g.T @ r_in[i]
            r_g = r_g @ W[i]
            r_g += g @ V[i][:, :width]
            r_g *= net.slopes[i - 1]
            if net.curvatures is not None:
                r_g += net.curvatures[i - 1] * r_pre[i - 1] * psis[i]
    return _flat(out, net.biased)


def complex_step(f, x, *, h=1e-200):
    """The gradient of a real-analytic ``f: R^n -> R`` by complex-step differentiation.

    ``d f / d x_j = Im f(x + i h e_j) / h + O(h^2)``: no difference of nearby values is formed, so for tiny `h`
    the result is as accurate as the evaluation of ``f`` itself (Squire and Trapp, SIAM Review 40 (1998)
    110-112; Martins, Sturdza and Alonso, ACM TOMS 29 (2003) 245-262).  ``f`` must be built from operations
    that extend analytically to complex arguments (``+ - * /``, powers, ``exp``, ``log``, ``tanh``; not
    ``abs``, ``maximum`` or :func:`scipy.special.expit`).  An independent check of analytic gradients.

    Examples
    --------
    >>> complex_step(lambda v: v[0] ** 2 * np.exp(v[1]), np.array([3.0, 0.0]))
    array([6., 9.])
    """
    x = check_array(x, "x", ndim=1)
    h = float(h)
    check_argument(0 < h <= 1e-8, "h={!r} must be in (0, 1e-8]: the O(h^2) error must be below rounding", h)
    gradient = np.empty_like(x)
    for j in range(x.size):
        z = x.astype(complex)
        z[j] += 1j * h
        value = f(z)
        check_argument(np.iscomplexobj(value), "f dropped the imaginary part: it is not analytic in x (abs, "
                       "maximum and expit are not)")
        gradient[j] = np.imag(value) / h
    return gradient

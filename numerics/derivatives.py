"""Exact first derivatives of networks and of their losses, by closed-form backpropagation.

Everything is vectorized over the data: the backpropagated signal of layer k is
an ``(N, n_k)`` array and each layer's derivative block is an outer product with
its input.  No finite differences, no autodiff tape.  Conventions (shapes, flat
order, sums over the data, ``sigma'(0) = 0``) are those of :mod:`numerics.conventions`.
"""

import numpy as np
from scipy.special import expit

from numerics.errors import check_array, check_choice
from numerics.nets import _check_net, _propagate, activation_functions

__all__ = ["LOSSES", "jacobian", "loss", "loss_gradient"]


def _square(f, y):
    return (y - f) ** 2, 2.0 * (f - y)  # l = (y - f)^2, dl/df = -2 (y - f)


def _exp(f, y):
    e = np.exp(-y * f)
    return e, -y * e  # l = exp(-y f), dl/df = -y exp(-y f)


def _logistic(f, y):
    return np.logaddexp(0.0, -y * f), -y * expit(-y * f)  # l = log(1 + exp(-y f)), dl/df = -y / (1 + exp(y f))


LOSSES = {"square": _square, "exp": _exp, "logistic": _logistic}
"""Loss name -> function ``(f, y) -> (l, dl/df)``, elementwise over the data."""


def _backward(weights, pre, inputs, seed, dsigma):
    """Backpropagate ``seed`` (N,) from the output: per-example parameter blocks.

    Yields, from the first layer to the last, ``(delta_k, h_{k-1})`` where
    ``delta_k`` (N, n_k) is ``seed_n * d f(x_n) / d u_k`` and ``h_{k-1}`` (N, n_{k-1})
    is the layer's input, so that ``d(seed . f)/dW_k = delta_k^T h_{k-1}``.
    """
    deltas = [None] * len(weights)
    delta = seed[:, None]  # d f / d u_K = 1 (linear output layer)
    for k in range(len(weights) - 1, -1, -1):
        deltas[k] = delta
        if k:
            delta = (delta @ weights[k]) * dsigma(pre[k - 1])  # chain rule through sigma(u_{k-1})
    return list(zip(deltas, inputs))


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
    With ``delta_K = 1`` and ``delta_k = (W_{k+1}^T delta_{k+1}) * sigma'(u_k)``,
    ``d f / d W_k = delta_k h_{k-1}^T`` and ``d f / d b_k = delta_k`` (Rumelhart,
    Hinton, Williams 1986).  Cost ``O(N W)`` time and memory.

    Examples
    --------
    For a linear one-layer net ``f(x) = <w, x>`` the Jacobian is ``X``:

    >>> jacobian([np.array([[3.0, -1.0]])], np.array([[1.0, 2.0]]), activation="linear")
    array([[1., 2.]])

    A 1-1-1 ReLU net ``f = a relu(w x)`` at ``w = 2, a = 3, x = 1``:

    >>> jacobian([np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]))
    array([[3., 2.]])
    """
    sigma, dsigma = activation_functions(activation, degree)
    weights, X, biases = _check_net(weights, X, biases)
    pre, inputs = _propagate(weights, X, biases, sigma)
    n = X.shape[0]
    blocks = []
    for delta, h in _backward(weights, pre, inputs, np.ones(n), dsigma):
        blocks.append((delta[:, :, None] * h[:, None, :]).reshape(n, -1))
        if biases is not None:
            blocks.append(delta)
    return np.concatenate(blocks, axis=1)


def _check_labels(y, X):
    return check_array(y, "y", shape=(X.shape[0],))


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

    Examples
    --------
    >>> loss([np.array([[1.0, 1.0]])], np.eye(2), np.array([0.0, 3.0]), activation="linear")
    5.0
    """
    value, _, _ = _loss_terms(weights, X, y, loss, activation, degree, biases)
    return float(value.sum())


def _loss_terms(weights, X, y, loss_name, activation, degree, biases):
    check_choice(loss_name, "loss", LOSSES)
    sigma, dsigma = activation_functions(activation, degree)
    weights, X, biases = _check_net(weights, X, biases)
    y = _check_labels(y, X)
    pre, inputs = _propagate(weights, X, biases, sigma)
    value, slope = LOSSES[loss_name](pre[-1][:, 0], y)
    return value, slope, (weights, biases, pre, inputs, dsigma)


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
    _, slope, (weights, biases, pre, inputs, dsigma) = _loss_terms(weights, X, y, loss, activation, degree, biases)
    parts = []
    for delta, h in _backward(weights, pre, inputs, slope, dsigma):
        parts.append((delta.T @ h).ravel())
        if biases is not None:
            parts.append(delta.sum(axis=0))
    return np.concatenate(parts)

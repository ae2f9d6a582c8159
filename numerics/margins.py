"""Margins of classifiers on separable data, and gradient descent on the exponential loss.

On linearly separable data the exponential loss has no minimizer: gradient descent
drives ``||w|| -> oo`` and only the direction converges, to the hard-margin SVM
(Soudry et al., JMLR 19, 2018, Theorem 3); for positively homogeneous networks the
normalized network converges while ``rho = prod_k ||W_k||_F`` grows like ``ln t``
(Lyu and Li, ICLR 2020).  This module computes the objects those theorems compare:
the bias-free hard-margin SVM (exactly, as a least-distance program), the
normalized margin of a network, and long gradient-descent runs whose step follows
the curvature of the loss, so that ``ln(1/L)`` can reach 40 in a few hundred steps.
"""

from typing import NamedTuple

import numpy as np
from scipy.optimize import nnls

from numerics.conventions import UNIT_ROUNDOFF
from numerics.derivatives import jacobian
from numerics.errors import InvalidArgument, check_array, check_int, check_positive
from numerics.nets import _check_net, flatten, forward, sizes_of, unflatten

__all__ = ["MaxMargin", "Trajectory", "exp_loss_descent", "max_margin", "normalized_margin"]


class MaxMargin(NamedTuple):
    """The bias-free hard-margin SVM ``argmin ||w||^2 / 2`` subject to ``y_n <w, x_n> >= 1``.

    Attributes
    ----------
    w : numpy.ndarray, shape (d,)
        The solution: its smallest margin is 1 and ``||w|| = 1 / gamma``.
    alpha : numpy.ndarray, shape (N,)
        Lagrange multipliers, ``alpha >= 0``, ``w = sum_n alpha_n y_n x_n``, zero off the support vectors.
    gamma : float
        The maximum normalized margin ``max_{||u|| = 1} min_n y_n <u, x_n>``.
    """

    w: np.ndarray
    alpha: np.ndarray
    gamma: float


def _labels(y, N):
    y = check_array(y, "y", shape=(N,))
    if not np.all(np.abs(y) == 1):
        raise InvalidArgument(f"y must hold labels in {{-1, +1}}, got {np.unique(y)[:5]}")
    return y


def max_margin(X, y):
    """The bias-free hard-margin SVM of labelled data, by an exact active-set method.

    Minimizing ``||w||`` subject to ``Z w >= 1`` (``Z = diag(y) X``) is a
    least-distance program; Lawson and Hanson (*Solving Least Squares Problems*,
    1974, chapter 23) reduce it to the non-negative least-squares problem
    ``min ||E u - e_{d+1}||``, ``u >= 0``, with ``E = [Z^T; 1^T]``, solved by their
    finite active-set algorithm (:func:`scipy.optimize.nnls`).  The residual
    ``r = E u - e_{d+1}`` gives ``w = -r[:d] / r[d]`` and the multipliers
    ``alpha = u / (1 - sum u)``; ``r = 0`` means the constraints are infeasible.

    Parameters
    ----------
    X : array_like, shape (N, d)
    y : array_like, shape (N,)
        Labels in ``{-1, +1}``.

    Returns
    -------
    MaxMargin

    Raises
    ------
    InvalidArgument
        If the data are not linearly separable through the origin (no ``w`` with
        every ``y_n <w, x_n> > 0``), or on malformed input.

    Examples
    --------
    A small instance: support vectors ``(1, 1)`` and ``(1.5, -0.5)``.

    >>> svm = max_margin(np.array([[1.0, 1.0], [1.5, -0.5], [2.0, 0.5]]), np.ones(3))
    >>> np.round(svm.w, 12), np.round(svm.alpha, 12), round(svm.gamma * 10**0.5, 12)
    (array([0.75, 0.25]), array([0.375, 0.25 , 0.   ]), 4.0)
    >>> max_margin(np.array([[1.0], [1.0]]), np.array([1.0, -1.0]))
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: the data are not linearly separable through the origin
    """
    X = check_array(X, "X", ndim=2)
    y = _labels(y, X.shape[0])
    Z = y[:, None] * X
    N, d = Z.shape
    E = np.vstack([Z.T, np.ones(N)])
    target = np.zeros(d + 1)
    target[-1] = 1.0
    u, _ = nnls(E, target, maxiter=50 * (N + d))
    r = E @ u - target
    scale = np.abs(E).max() * (N + d)
    # r[d] = sum(u) - 1 is -1 when u = 0 and tends to 0 as the margin vanishes (w -> oo).
    if not -r[-1] > 16 * UNIT_ROUNDOFF * scale:
        raise InvalidArgument("the data are not linearly separable through the origin")
    w = -r[:d] / r[-1]
    margins = Z @ w
    if not margins.min() >= 1 - 1e3 * UNIT_ROUNDOFF * scale * np.abs(w).max():
        raise InvalidArgument("the data are not linearly separable through the origin")
    return MaxMargin(w, u / -r[-1], float(1 / np.linalg.norm(w)))


def normalized_margin(weights, X, y, *, activation="relu", degree=None):
    """The normalized margin ``min_n y_n f(x_n) / prod_k ||W_k||_F`` of a bias-free network.

    For a network positively homogeneous of degree K it is the margin of the
    normalized network ``f~ = f(V_1, ..., V_K)``, ``V_k = W_k / ||W_k||_F``.

    Examples
    --------
    >>> normalized_margin([np.array([[3.0, 4.0]])], np.eye(2), np.array([1.0, 1.0]), activation="linear")
    0.6
    """
    weights, X, _ = _check_net(weights, X, None)
    y = _labels(y, X.shape[0])
    rho = np.prod([np.linalg.norm(W) for W in weights])
    if rho == 0:
        raise InvalidArgument("the normalized margin of a network with a zero layer is undefined")
    return float((y * forward(weights, X, activation=activation, degree=degree)).min() / rho)


class Trajectory(NamedTuple):
    """A gradient-descent run on the exponential loss, recorded at some of its steps.

    Attributes
    ----------
    t : numpy.ndarray, shape (R,)
        Gradient-flow time ``sum_j eta_j`` at each record (the first record is the start, ``t = 0``).
    loss : numpy.ndarray, shape (R,)
        ``L = sum_n exp(-y_n f(x_n))``.
    theta : numpy.ndarray, shape (R, W)
        The flat parameters.
    steps : int
        Steps taken.
    """

    t: np.ndarray
    loss: np.ndarray
    theta: np.ndarray
    steps: int


def exp_loss_descent(weights, X, y, *, target, h=0.05, activation="relu", degree=None, max_steps=100_000,
                     records=65):
    """Gradient descent on ``L = sum_n exp(-y_n f(x_n))`` until ``ln(1/L) >= target``.

    The step is ``eta = h / tr G``, where ``G = sum_n e^{-y_n f_n} grad f_n grad f_n^T``
    is the Gauss-Newton part of the Hessian (``tr G >= lambda_max(G)``): on separable
    data the loss decays like ``1/t`` and its curvature with it, so a fixed step
    would need ``~ e^target`` iterations, while this one takes ``O(target / h)``.
    It is gradient descent with steps that track the curvature (Nacson et al.,
    AISTATS 2019, study such schedules); a step that does not decrease the loss is
    halved.  ``t = sum eta`` is the time of the gradient flow it follows.

    Parameters
    ----------
    weights : sequence of numpy.ndarray
        A bias-free network (:func:`numerics.nets.forward`).
    X, y : array_like
        Data and labels in ``{-1, +1}``.
    target : float
        Stop once ``ln(1/L) >= target``.
    h : float
        The step in units of the inverse curvature, ``0 < h <= 1``.
    activation, degree
        As in :func:`numerics.nets.forward`.
    max_steps : int
        Raise if the target is not reached within this many steps.
    records : int
        States recorded: the start and every step at which ``ln(1/L)`` crosses
        ``j * target / (records - 1)`` for ``j = 1, 2, ...``.

    Returns
    -------
    Trajectory

    Raises
    ------
    InvalidArgument
        On malformed input, or when the target is not reached in ``max_steps``
        (a network that cannot fit the data stalls with ``L`` bounded below).

    Examples
    --------
    >>> run = exp_loss_descent([np.zeros((1, 2))], np.array([[1.0, 0.2], [1.0, -0.2]]), np.ones(2),
    ...                        target=20.0, activation="linear")
    >>> direction = run.theta[-1] / np.linalg.norm(run.theta[-1])  # (1, 0) by symmetry, up to roundings
    >>> bool(-np.log(run.loss[-1]) >= 20.0), bool(np.allclose(direction, [1.0, 0.0], rtol=0, atol=1e-12))
    (True, True)
    """
    weights, X, _ = _check_net(weights, X, None)
    y = _labels(y, X.shape[0])
    target = check_positive(target, "target")
    if target > 700:  # L = e^{-target} must stay a normal float64 (ln of the smallest is -708.4)
        raise InvalidArgument(f"target={target!r} must be <= 700: L = exp(-target) would underflow float64")
    h = check_positive(h, "h")
    if h > 1:
        raise InvalidArgument(f"h={h!r} must be <= 1")
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    records = check_int(records, "records", minimum=2)
    sizes = sizes_of(weights)
    theta = flatten(weights)
    kw = {"activation": activation, "degree": degree}

    def state(theta):
        ws = unflatten(theta, sizes)
        with np.errstate(over="ignore"):
            e = np.exp(-y * forward(ws, X, **kw))
        return ws, e, e.sum()

    ws, e, L = state(theta)
    t, ts, losses, thetas = 0.0, [0.0], [L], [theta]
    level = 1
    for step in range(1, max_steps + 1):
        J = jacobian(ws, X, **kw)
        curvature = e @ (J * J).sum(axis=1)
        if curvature == 0:
            raise InvalidArgument("the exponential loss has zero gradient here: every output is locally constant")
        grad = -(y * e) @ J
        eta = h / curvature
        while True:
            new = theta - eta * grad
            ws_new, e_new, L_new = state(new)
            if L_new < L:
                break
            eta /= 2
            if eta * curvature < 1e-12:
                raise InvalidArgument(f"gradient descent stalled at step {step}: no step decreases L = {L:.6g}")
        theta, ws, e, L, t = new, ws_new, e_new, L_new, t + eta
        if -np.log(L) >= level * target / (records - 1) or -np.log(L) >= target:
            ts.append(t), losses.append(L), thetas.append(theta)
            while level * target / (records - 1) <= -np.log(L):
                level += 1
        if -np.log(L) >= target:
            return Trajectory(np.array(ts), np.array(losses), np.array(thetas), step)
    raise InvalidArgument(f"ln(1/L) = {-np.log(L):.4g} after max_steps={max_steps}, short of target={target}")

"""Hessian spectra of network losses at scale: top eigenvalues, trace and spectral density.

Everything here runs on exact Hessian-vector products
(:func:`numerics.derivatives.hessian_operator`, Pearlmutter's R-operator), never
on finite differences and never forming the Hessian:

- :func:`top_eigenvalues`: the largest (or smallest, or largest in magnitude)
  eigenvalues by implicitly restarted Lanczos (ARPACK through
  :func:`scipy.sparse.linalg.eigsh`);
- :func:`hutchinson_trace`: ``tr H`` by Hutchinson's estimator with Rademacher
  probes, with its standard error;
- :func:`spectral_density`: the spectral measure by stochastic Lanczos
  quadrature (Gaussian quadrature nodes and weights averaged over probes), and
  :func:`wasserstein_distance` to compare two spectra.

What PyHessian computes with power iteration and autograd, exactly and in one
process.  References: C. Lanczos, J. Res. Nat. Bur. Standards 45 (1950); M. F.
Hutchinson, Comm. Statist. Simulation Comput. 18 (1989); S. Ubaru, J. Chen, Y.
Saad, SIAM J. Matrix Anal. Appl. 38 (2017) 1075-1099 (SLQ); B. Ghorbani, S.
Krishnan, Y. Xiao, ICML 2019; Z. Yao et al., PyHessian, IEEE BigData 2020.
"""

import math
from typing import NamedTuple

import numpy as np

from numerics.derivatives import hessian_operator
from numerics.errors import check_argument, check_array, check_choice, check_int
from numerics.nets import _check_rng

__all__ = ["Density", "Trace", "hutchinson_trace", "spectral_density", "top_eigenvalues", "wasserstein_distance"]


class Trace(NamedTuple):
    """A Hutchinson estimate of ``tr H`` with its standard error over ``samples`` probes."""

    value: float
    standard_error: float
    samples: int


class Density(NamedTuple):
    """A discrete spectral measure: ``nodes`` (eigenvalue estimates) with ``weights`` summing to 1.

    Multiplied by the dimension, the weights count eigenvalues; integrals of
    smooth functions against it converge quickly with the Lanczos steps.
    """

    nodes: np.ndarray
    weights: np.ndarray


def _operator(weights, X, y, loss, activation, degree, biases):
    return hessian_operator(weights, X, y, loss=loss, activation=activation, degree=degree, biases=biases)


def top_eigenvalues(weights, X, y, *, k=1, which="largest", loss="square", activation="relu", degree=None,
                    biases=None, tol=0.0, rng=0):
    r"""The ``k`` extreme eigenvalues of the loss Hessian, by Lanczos on exact Hessian-vector products.

    On :func:`numerics.derivatives.hessian_operator`.  For ``k = 1``, plain
    Lanczos with full reorthogonalisation, stopped as soon as the residual
    ``||H s - theta s|| = |beta_m s_m|`` of the extreme Ritz pair is at most
    ``max(tol, 4 eps) |theta|`` (then some eigenvalue lies within that distance
    of ``theta``, Parlett, *The Symmetric Eigenvalue Problem*, Theorem 4.5.1,
    and within its square over the spectral gap): a well separated top
    eigenvalue takes 6 to 12 products where a restarting method spends 20 on
    its first cycle.  For ``k > 1`` (where a single Lanczos vector can miss
    the copies of a repeated eigenvalue), or if 100 steps do not suffice,
    ARPACK's implicitly restarted Lanczos (:func:`scipy.sparse.linalg.eigsh`,
    whose relative accuracy on each Ritz value is `tol`, machine precision for 0).

    Parameters
    ----------
    weights, X, y, loss, activation, degree, biases
        As in :func:`numerics.derivatives.loss`.
    k : int
        How many, ``1 <= k < W``.
    which : {"largest", "smallest", "magnitude"}
        Algebraically largest, smallest, or largest in magnitude.
    tol : float
    rng : int or numpy.random.Generator
        Seeds the starting vector (results then reproduce exactly).

    Returns
    -------
    numpy.ndarray, shape (k,)
        Sorted from the most extreme.

    Raises
    ------
    ArithmeticError
        If ARPACK does not converge.

    Examples
    --------
    The 1-1-1 net ``f = a w x`` with square loss at ``(w, a) = (2, 3)``, ``x = 1``, ``y = 5``
    has the Hessian ``[[18, 14], [14, 8]]``, eigenvalues ``13 +- sqrt(221)``:

    >>> W, X, y = [np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]), np.array([5.0])
    >>> np.round(top_eigenvalues(W, X, y, k=1), 10)
    array([27.86606875])
    """
    H = _operator(weights, X, y, loss, activation, degree, biases)
    size = H.shape[0]
    k = check_int(k, "k", minimum=1)
    check_choice(which, "which", ["largest", "smallest", "magnitude"])
    rng = _check_rng(rng)
    if size <= 2 or k >= size - 1:  # ARPACK needs k < W - 1: do it densely (the net is tiny)
        check_argument(k <= size, "k={} exceeds the {} weights", k, size)
        values = np.linalg.eigvalsh(H @ np.eye(size))
        order = {"largest": values[::-1], "smallest": values, "magnitude": values[np.argsort(-np.abs(values))]}
        return order[which][:k]
    from scipy.sparse.linalg import ArpackError, eigsh

    code = {"largest": "LA", "smallest": "SA", "magnitude": "LM"}[which]
    start = rng.standard_normal(size)
    if not np.any(H @ start):  # H = 0 (e.g. zero weights and data): ARPACK cannot start from a null vector
        return np.zeros(k)
    if k == 1:
        value = _extreme_ritz_value(H, start, which, tol)
        if value is not None:
            return np.array([value])
    try:
        values = eigsh(H, k=k, which=code, tol=tol, v0=start, return_eigenvectors=False)
    except ArpackError as error:
        raise ArithmeticError(f"top_eigenvalues: ARPACK did not converge ({error}); try a larger tol") from None
    key = {"largest": -values, "smallest": values, "magnitude": -np.abs(values)}[which]
    return values[np.argsort(key)]


def hutchinson_trace(weights, X, y, *, samples=100, rng=None, loss="square", activation="relu", degree=None,
                     biases=None):
    r"""Hutchinson's estimate of ``tr H``: the mean of ``z^T H z`` over Rademacher probes ``z``.

    Unbiased; its variance is ``2 (||H||_F^2 - sum_i H_ii^2)`` per probe, and the
    returned standard error is the sample standard deviation over ``sqrt(samples)``.

    Parameters
    ----------
    samples : int
        Probes, ``>= 2``.
    rng : int or numpy.random.Generator
        Required: the estimate is random.

    Returns
    -------
    Trace

    Examples
    --------
    >>> W, X, y = [np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]), np.array([5.0])
    >>> t = hutchinson_trace(W, X, y, samples=400, rng=0)
    >>> abs(t.value - 26.0) <= 4 * t.standard_error
    True
    """
    check_argument(rng is not None, "hutchinson_trace needs an explicit rng (a seed or a numpy Generator)")
    rng = _check_rng(rng)
    samples = check_int(samples, "samples", minimum=2)
    H = _operator(weights, X, y, loss, activation, degree, biases)
    Z = rng.choice([-1.0, 1.0], (samples, H.shape[0]))
    quadratic = np.array([z @ (H @ z) for z in Z])
    return Trace(float(quadratic.mean()), float(quadratic.std(ddof=1) / math.sqrt(samples)), samples)


def _extreme_ritz_value(H, v, which, tol, max_steps=100):
    """The extreme Ritz value of a Lanczos run from ``v`` once converged (see :func:`top_eigenvalues`), or None
    after ``max_steps`` steps (or ``W`` steps: then it is exact)."""
    from scipy.linalg import eigh_tridiagonal

    n = H.shape[0]
    max_steps = min(max_steps, n)
    Q = np.empty((max_steps, n))
    alpha, beta = np.empty(max_steps), np.empty(max_steps)
    q = v / np.linalg.norm(v)
    for j in range(max_steps):
        Q[j] = q
        w = H @ q
        alpha[j] = q @ w
        w -= Q[: j + 1].T @ (Q[: j + 1] @ w)  # full reorthogonalisation, twice
        w -= Q[: j + 1].T @ (Q[: j + 1] @ w)
        beta[j] = np.linalg.norm(w)
        theta, S = eigh_tridiagonal(alpha[: j + 1], beta[:j]) if j else (alpha[:1], np.ones((1, 1)))
        pick = {"largest": -1, "smallest": 0, "magnitude": -1 if abs(theta[-1]) >= abs(theta[0]) else 0}[which]
        residual = abs(beta[j] * S[-1, pick])
        if residual <= max(tol, 4 * np.finfo(float).eps) * abs(theta[pick]) or j == n - 1:
            return float(theta[pick])
        if beta[j] <= 4 * np.finfo(float).eps * np.abs(theta).max():  # an invariant subspace: restart needed
            return None
        q = w / beta[j]
    return None


def _lanczos(H, v, steps):
    """``steps`` Lanczos steps from ``v`` with full reorthogonalisation: the tridiagonal ``(alpha, beta)``."""
    n = H.shape[0]
    Q = np.zeros((steps, n))
    alpha, beta = [], []
    q = v / np.linalg.norm(v)
    for j in range(steps):
        Q[j] = q
        w = H @ q
        a = float(q @ w)
        w = w - a * q - (beta[-1] * Q[j - 1] if j else 0.0)
        w -= Q[: j + 1].T @ (Q[: j + 1] @ w)  # reorthogonalise twice: Lanczos loses orthogonality quickly
        w -= Q[: j + 1].T @ (Q[: j + 1] @ w)
        alpha.append(a)
        b = float(np.linalg.norm(w))
        if j == steps - 1 or b <= 1e-12 * max(1.0, abs(a)):
            break
        beta.append(b)
        q = w / b
    return np.array(alpha), np.array(beta[: len(alpha) - 1])


def spectral_density(weights, X, y, *, steps=80, probes=10, rng=None, loss="square", activation="relu", degree=None,
                     biases=None):
    r"""The spectral measure ``(1/W) sum_i delta(lambda_i)`` of the Hessian by stochastic Lanczos quadrature.

    For each Rademacher probe ``v``, ``m = steps`` Lanczos steps give a
    tridiagonal ``T_m``; its eigenvalues ``theta_j`` with weights ``tau_j^2``
    (squared first components of its eigenvectors) are the Gauss quadrature rule
    of the measure ``v^T delta(H - lambda) v / ||v||^2``, exact for polynomials of
    degree ``2m - 1``.  Averaged over probes this estimates the spectral
    measure (Ubaru, Chen and Saad 2017); with ``steps >= W`` it is exact for
    each probe.

    Parameters
    ----------
    steps : int
        Lanczos steps per probe, ``>= 1`` (capped at W).
    probes : int
    rng : int or numpy.random.Generator
        Required.

    Returns
    -------
    Density

    Examples
    --------
    >>> W, X, y = [np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]), np.array([5.0])
    >>> d = spectral_density(W, X, y, steps=2, probes=3, rng=0)  # two steps: the exact eigenvalues
    >>> np.round(sorted(set(np.round(d.nodes, 8))), 6).tolist(), round(float(d.weights.sum()), 12)
    ([-1.866069, 27.866069], 1.0)
    """
    check_argument(rng is not None, "spectral_density needs an explicit rng (a seed or a numpy Generator)")
    rng = _check_rng(rng)
    probes = check_int(probes, "probes", minimum=1)
    H = _operator(weights, X, y, loss, activation, degree, biases)
    steps = min(check_int(steps, "steps", minimum=1), H.shape[0])
    nodes, masses = [], []
    for _ in range(probes):
        alpha, beta = _lanczos(H, rng.choice([-1.0, 1.0], H.shape[0]), steps)
        theta, vectors = np.linalg.eigh(np.diag(alpha) + np.diag(beta, 1) + np.diag(beta, -1))
        nodes.append(theta)
        masses.append(vectors[0] ** 2 / probes)
    return Density(np.concatenate(nodes), np.concatenate(masses))


def wasserstein_distance(a, b):
    r"""The Wasserstein-1 distance between two spectra: :class:`Density` objects or arrays of eigenvalues.

    ``W_1 = integral |F_a - F_b|`` of the cumulative distributions
    (:func:`scipy.stats.wasserstein_distance`).

    Examples
    --------
    >>> wasserstein_distance(np.array([0.0, 1.0]), Density(np.array([0.0, 2.0]), np.array([0.5, 0.5])))
    0.5
    """
    from scipy.stats import wasserstein_distance as w1

    def split(spectrum):
        if isinstance(spectrum, Density):
            return spectrum.nodes, spectrum.weights
        values = check_array(spectrum, "spectrum", ndim=1)
        return values, np.full(values.size, 1.0 / values.size)

    (u, wu), (v, wv) = split(a), split(b)
    return float(w1(u, v, wu, wv))

"""Stochastic dynamics: minibatch gradient noise, SGD on quadratics, Langevin dynamics and Gibbs masses.

- :func:`minibatch_moments`: the exact mean and covariance of the minibatch-mean
  gradient, by enumerating every minibatch (small problems) or by the closed
  form, for sampling with and without replacement;
- :func:`sgd_stationary_covariance`: the exact stationary covariance of SGD on a
  quadratic with additive gradient noise (a discrete Lyapunov equation);
- :func:`langevin`: Euler-Maruyama trajectories of ``dX = -grad V(X) dt +
  sqrt(2 T) dB``, for one point or a batch of particles, optionally
  Metropolis-adjusted (MALA);
- :func:`gibbs_masses`: the masses of intervals under ``exp(-V/T) / Z``, by
  adaptive quadrature.

Conventions (they fix the constants of the lectures' claims): the temperature
``T`` multiplies the diffusion as ``sqrt(2 T) dB``, so that ``exp(-V/T)`` is
stationary; one SGD step of size ``lr`` is ``lr`` units of time; the noise
covariance of a minibatch of size ``B`` drawn with replacement is ``C / B``
(``C`` the per-example gradient covariance), without replacement ``(n - B) /
(B (n - 1)) C``.

References: S. Mandt, M. Hoffman, D. Blei, JMLR 18 (2017) 1-35; P. Chaudhari, S.
Soatto, ICLR 2018; G. O. Roberts, R. L. Tweedie, Bernoulli 2 (1996) 341-363
(MALA); P. Kloeden, E. Platen, *Numerical Solution of Stochastic Differential
Equations*, Springer 1992.
"""

import itertools
import math
from typing import NamedTuple

import numpy as np

from numerics.errors import check_argument, check_array, check_int, check_positive
from numerics.nets import _check_rng

__all__ = ["Moments", "gibbs_masses", "langevin", "minibatch_moments", "sgd_stationary_covariance"]


class Moments(NamedTuple):
    """The mean and covariance of the minibatch-mean gradient, and how they were obtained."""

    mean: np.ndarray
    covariance: np.ndarray
    method: str


def _batches(n, b, replacement):
    if replacement:
        return itertools.product(range(n), repeat=b)  # ordered draws, each with probability n^-b
    return itertools.combinations(range(n), b)  # subsets, each with probability 1 / C(n, b)


def minibatch_moments(per_example_grads, batch_size, *, replacement, method="auto", limit=50_000):
    r"""Exact mean and covariance of ``(1/B) sum_{i in batch} g_i`` for a uniformly drawn minibatch.

    With replacement (``B`` independent uniform draws) the covariance is
    ``Sigma / B``; without (a uniform ``B``-subset) it is ``(n - B) / (B (n -
    1)) Sigma``, the finite-population correction, where ``Sigma = (1/n) sum_i
    (g_i - g) (g_i - g)^T``.  The mean is ``g = (1/n) sum_i g_i`` either way.

    Parameters
    ----------
    per_example_grads : array_like, shape (n, d)
        One gradient per example.
    batch_size : int
        ``1 <= B`` (and ``B <= n`` without replacement).
    replacement : bool
        Draw with replacement (ordered, independent) or a subset without.
    method : {"auto", "enumerate", "closed form"}
        ``enumerate`` averages over every minibatch (``n^B`` ordered draws or
        ``C(n, B)`` subsets); ``auto`` enumerates when there are at most
        `limit` of them.
    limit : int

    Returns
    -------
    Moments

    Examples
    --------
    Five scalar gradients, batches of two.

    >>> g = np.arange(5.0)[:, None]  # Sigma = 2
    >>> minibatch_moments(g, 2, replacement=False).covariance  # (3/8) Sigma
    array([[0.75]])
    >>> minibatch_moments(g, 2, replacement=True).covariance  # Sigma / 2
    array([[1.]])
    """
    G = check_array(per_example_grads, "per_example_grads", ndim=2)
    n, d = G.shape
    B = check_int(batch_size, "batch_size", minimum=1)
    check_argument(replacement or B <= n, "batch_size={} exceeds the {} examples (sampling without replacement)", B, n)
    check_argument(method in ("auto", "enumerate", "closed form"),
                   "method={!r} must be 'auto', 'enumerate' or 'closed form'", method)
    count = n**B if replacement else math.comb(n, B)
    if method == "enumerate" or (method == "auto" and count <= limit):
        means = np.array([G[list(batch)].mean(axis=0) for batch in _batches(n, B, replacement)])
        mean = means.mean(axis=0)
        centred = means - mean
        return Moments(mean, centred.T @ centred / len(means), "enumerate")
    mean = G.mean(axis=0)
    centred = G - mean
    sigma = centred.T @ centred / n
    factor = 1 / B if replacement else ((n - B) / (B * (n - 1)) if n > 1 else 0.0)
    return Moments(mean, factor * sigma, "closed form")


def sgd_stationary_covariance(H, noise_cov, lr, batch_size, *, population=None):
    r"""Exact stationary covariance of SGD on ``theta^T H theta / 2`` with additive minibatch gradient noise.

    The iteration ``theta' = (I - lr H) theta - lr xi``, ``Cov xi = noise_cov /
    batch_size`` (times ``(n - B)/(n - 1)`` without replacement from a
    `population` of ``n``), has the stationary covariance ``S`` solving the
    discrete Lyapunov equation ``S = (I - lr H) S (I - lr H)^T + lr^2 noise_cov /
    B`` (:func:`scipy.linalg.solve_discrete_lyapunov`); it exists iff every
    eigenvalue of ``I - lr H`` lies in the open unit disc.  To first order in
    ``lr``, ``H S + S H = (lr / B) noise_cov``: the SDE's continuous Lyapunov
    equation with temperature ``lr / (2 B)``.

    Parameters
    ----------
    H : array_like, shape (d, d)
        Symmetric.
    noise_cov : array_like, shape (d, d)
        The per-example gradient covariance ``C``, symmetric positive
        semi-definite.
    lr : float
    batch_size : int
    population : int, optional
        ``n`` for sampling without replacement.

    Returns
    -------
    numpy.ndarray, shape (d, d)

    Raises
    ------
    InvalidArgument
        On bad shapes, or when ``lr`` is too large for a stationary law
        (``|1 - lr lambda| >= 1`` for an eigenvalue ``lambda`` of ``H``).

    Examples
    --------
    One dimension, ``h = c = B = 1``, ``lr = 0.1``: ``lr c / (B h (2 - lr h)) = 1/19``.

    >>> round(float(sgd_stationary_covariance([[1.0]], [[1.0]], 0.1, 1)[0, 0]) * 19, 12)
    1.0
    """
    from scipy.linalg import solve_discrete_lyapunov

    H = check_array(H, "H", ndim=2)
    d = H.shape[0]
    check_argument(H.shape == (d, d) and np.allclose(H, H.T), "H must be a symmetric square matrix, got shape {}",
                   H.shape)
    C = check_array(noise_cov, "noise_cov", shape=(d, d))
    check_argument(np.allclose(C, C.T) and np.linalg.eigvalsh(C).min() >= -1e-12 * max(1.0, np.abs(C).max()),
                   "noise_cov must be symmetric positive semi-definite")
    lr = check_positive(lr, "lr")
    B = check_int(batch_size, "batch_size", minimum=1)
    factor = 1 / B
    if population is not None:
        n = check_int(population, "population", minimum=B)
        factor *= (n - B) / (n - 1) if n > 1 else 0.0
    A = np.eye(d) - lr * H
    radius = np.abs(np.linalg.eigvals(A)).max()
    check_argument(radius < 1, "lr={} is too large: |1 - lr lambda| = {:.6g} >= 1 for an eigenvalue of H, so SGD has "
                   "no stationary distribution", lr, radius)
    S = solve_discrete_lyapunov(A, lr**2 * factor * C)
    return (S + S.T) / 2


def langevin(grad, x0, *, temperature, dt, steps, rng, thin=1, potential=None):
    r"""Euler-Maruyama trajectory of the overdamped Langevin equation ``dX = -grad V(X) dt + sqrt(2 T) dB``.

    Each step is ``X' = X - dt grad V(X) + sqrt(2 T dt) N(0, I)``; its stationary
    law tends to ``exp(-V/T) / Z`` as ``dt -> 0`` (bias ``O(dt)``).  With a
    `potential` the step is a proposal accepted with the Metropolis-Hastings
    probability (MALA), which makes ``exp(-V/T)`` exactly stationary.

    Parameters
    ----------
    grad : callable
        ``grad(X)`` for ``X`` of the shape of `x0`, returning the same shape;
        vectorised over particles (the last axis holds the coordinates).
    x0 : array_like
        A point, shape ``(d,)``, or particles, shape ``(particles, d)``.
    temperature, dt : float
        ``T > 0``, ``dt > 0``.
    steps : int
    rng : numpy.random.Generator or int
    thin : int
        Keep every `thin`-th state.
    potential : callable, optional
        ``V(X)`` returning one value per particle, for MALA.

    Returns
    -------
    numpy.ndarray
        Shape ``(steps // thin + 1, *x0.shape)``: ``x0`` first.

    Examples
    --------
    >>> path = langevin(lambda x: x, np.zeros(1), temperature=0.5, dt=0.01, steps=1000, rng=0, thin=10)
    >>> path.shape
    (101, 1)
    """
    rng = _check_rng(rng)
    X = check_array(x0, "x0")
    check_argument(X.ndim in (1, 2), "x0 must be a point (d,) or particles (particles, d), got shape {}", X.shape)
    T = check_positive(temperature, "temperature")
    dt = check_positive(dt, "dt")
    steps = check_int(steps, "steps", minimum=0)
    thin = check_int(thin, "thin", minimum=1)
    scale = math.sqrt(2 * T * dt)
    out = np.empty((steps // thin + 1, *X.shape))
    out[0] = X
    drift = np.asarray(grad(X), float)
    check_argument(drift.shape == X.shape, "grad(x0) has shape {}, expected {}", drift.shape, X.shape)
    energy = None if potential is None else np.asarray(potential(X), float)
    for step in range(1, steps + 1):
        proposal = X - dt * drift + scale * rng.standard_normal(X.shape)
        new_drift = np.asarray(grad(proposal), float)
        if potential is None:
            X, drift = proposal, new_drift
        else:  # log q(x | y) - log q(y | x) for the Gaussian proposals, plus the energy difference
            new_energy = np.asarray(potential(proposal), float)
            forward = ((proposal - X + dt * drift) ** 2).reshape(*energy.shape, -1).sum(-1)
            backward = ((X - proposal + dt * new_drift) ** 2).reshape(*energy.shape, -1).sum(-1)
            log_ratio = (energy - new_energy) / T + (forward - backward) / (4 * T * dt)
            accept = np.log(rng.random(energy.shape)) < log_ratio
            mask = accept.reshape(*accept.shape, *([1] * (X.ndim - accept.ndim)))
            X = np.where(mask, proposal, X)
            drift = np.where(mask, new_drift, drift)
            energy = np.where(accept, new_energy, energy)
        if step % thin == 0:
            out[step // thin] = X
    check_argument(bool(np.all(np.isfinite(out))), "the trajectory diverged (dt={} too large for this potential?)", dt)
    return out


def gibbs_masses(potential, temperature, edges):
    r"""Masses of the intervals ``[edges[i], edges[i+1]]`` under ``exp(-V/T)``, normalised over the whole range.

    Adaptive quadrature (:func:`scipy.integrate.quad`) on each interval, with
    ``V`` shifted by its minimum on a grid so that nothing underflows; the
    outer edges may be infinite.

    Parameters
    ----------
    potential : callable
        Vectorised ``V(x)``.
    temperature : float
    edges : array_like
        Increasing.

    Returns
    -------
    numpy.ndarray
        ``len(edges) - 1`` masses summing to 1.

    Examples
    --------
    Equal-depth wells ``k_1 (x + 1)^2 / 2`` and ``k_2 (x - 1)^2 / 2`` with ``k_2 = 4 k_1``
    crossing at ``1/3``: masses in the ratio ``sqrt(k_2 / k_1) = 2``.

    >>> V = lambda x: np.minimum((x + 1) ** 2 / 2, 2 * (x - 1) ** 2)
    >>> m = gibbs_masses(V, 0.3, [-np.inf, 1 / 3, np.inf])
    >>> round(float(m[0] / m[1]), 10)
    2.0
    """
    from scipy.integrate import quad

    T = check_positive(temperature, "temperature")
    edges = np.asarray(edges, float)
    check_argument(edges.ndim == 1 and edges.size >= 2 and bool(np.all(np.diff(edges) > 0)) and
                   not np.isnan(edges).any(), "edges must be an increasing sequence of at least two numbers")
    finite = edges[np.isfinite(edges)]
    probe = np.linspace(finite.min() - 5, finite.max() + 5, 2001) if finite.size else np.linspace(-10, 10, 2001)
    shift = float(np.min(potential(probe)))

    def integrand(x):
        return math.exp(-(float(potential(np.array(x))) - shift) / T)

    def mass(a, b):  # infinite ends are split at the probe's range: quad is accurate on the finite part
        cuts = [a, *[c for c in (probe[0], probe[-1]) if a < c < b], b]
        return sum(quad(integrand, lo, hi, epsabs=0, epsrel=1e-13, limit=400)[0] for lo, hi in zip(cuts, cuts[1:]))

    masses = np.array([mass(a, b) for a, b in zip(edges[:-1], edges[1:])])
    check_argument(np.isfinite(masses.sum()) and masses.sum() > 0, "exp(-V/T) is not integrable on the edges")
    return masses / masses.sum()

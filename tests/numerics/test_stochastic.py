"""numerics.stochastic: enumeration against closed forms, Lyapunov against simulation, Langevin and MALA."""

import math

import numpy as np
import pytest

from numerics import stochastic
from numerics.errors import InvalidArgument


@pytest.mark.parametrize("replacement", [False, True])
def test_minibatch_moments_enumeration_matches_the_closed_form(replacement):
    G = np.random.default_rng(0).standard_normal((7, 3))
    for b in (1, 2, 3, 7 if not replacement else 4):
        exact = stochastic.minibatch_moments(G, b, replacement=replacement, method="enumerate")
        closed = stochastic.minibatch_moments(G, b, replacement=replacement, method="closed form")
        assert np.allclose(exact.mean, closed.mean, atol=1e-14) and np.allclose(exact.covariance, closed.covariance,
                                                                                 atol=1e-14)
    assert np.allclose(stochastic.minibatch_moments(G, 7, replacement=False).covariance, 0)  # B = n: no noise


def test_minibatch_moments_reference_values_and_errors():
    # reference: n = 5, B = 2: 3/8 Sigma without replacement, Sigma / 2 with
    g = np.arange(5.0)[:, None]
    assert stochastic.minibatch_moments(g, 2, replacement=False).covariance[0, 0] == pytest.approx(3 / 8 * 2)
    with pytest.raises(InvalidArgument, match="exceeds"):
        stochastic.minibatch_moments(g, 6, replacement=False)
    with pytest.raises(InvalidArgument, match="method"):
        stochastic.minibatch_moments(g, 2, replacement=True, method="exact")


def test_stationary_covariance_reference_values_and_simulation():
    # reference: 1/19 at h = c = B = 1, eta = 0.1; the fixed-ratio spread eta / B = 0.01
    assert stochastic.sgd_stationary_covariance([[1.0]], [[1.0]], 0.1, 1)[0, 0] == pytest.approx(1 / 19, rel=1e-12)
    spread = [stochastic.sgd_stationary_covariance([[1.0]], [[1.0]], eta, B)[0, 0]
              for eta, B in ((0.01, 1), (1.0, 100), (1.9, 190))]
    assert spread == pytest.approx([0.0050251256, 0.01, 0.1], rel=1e-8)
    rng = np.random.default_rng(1)
    H, C = np.array([[2.0, 0.5], [0.5, 1.0]]), np.array([[1.0, 0.3], [0.3, 0.5]])
    S = stochastic.sgd_stationary_covariance(H, C, 0.3, 4)
    theta = np.zeros((50_000, 2))
    L = np.linalg.cholesky(C / 4)
    for _ in range(300):
        theta = theta @ (np.eye(2) - 0.3 * H).T - 0.3 * rng.standard_normal((50_000, 2)) @ L.T
    se = np.sqrt((S**2 + np.outer(np.diag(S), np.diag(S))) / 50_000)  # s.e. of sample covariances (Gaussian)
    assert np.all(np.abs(np.cov(theta.T) - S) <= 4 * se)
    with pytest.raises(InvalidArgument, match="too large"):
        stochastic.sgd_stationary_covariance(H, C, 1.0, 4)


def test_langevin_ou_variance_and_shapes():
    # reference: dX = -2 X dt + dB (T = 1/2), dt = 1e-3: discrete stationary variance 0.2502502...
    path = stochastic.langevin(lambda x: 2 * x, np.zeros((40_000, 1)), temperature=0.5, dt=1e-3, steps=3000, rng=3,
                               thin=1000)
    assert path.shape == (4, 40_000, 1) and np.all(path[0] == 0)
    exact = 1e-3 / (1 - (1 - 2e-3) ** 2) * (1 - (1 - 2e-3) ** 6000)
    assert abs(path[-1].var() - exact) <= 4 * exact * math.sqrt(2 / 40_000)
    with pytest.raises(InvalidArgument, match="grad"):
        stochastic.langevin(lambda x: x[:1], np.zeros(2), temperature=1, dt=0.1, steps=1, rng=0)


def test_mala_is_exact_for_large_steps():
    # a step far too large for Euler-Maruyama's bias, yet MALA keeps N(0, T) exactly stationary
    end = stochastic.langevin(lambda x: x, np.zeros((20_000, 1)), temperature=0.7, dt=0.8, steps=200, rng=4,
                              thin=200, potential=lambda x: 0.5 * (x**2).sum(-1))[-1]
    assert abs(end.var() - 0.7) <= 4 * 0.7 * math.sqrt(2 / 20_000)


def test_gibbs_masses_against_gaussian_integrals():
    from scipy.stats import norm

    masses = stochastic.gibbs_masses(lambda x: x**2 / 2, 0.3, [-np.inf, -1, 0.5, np.inf])
    expected = np.diff(norm.cdf([-np.inf, -1, 0.5, np.inf], scale=math.sqrt(0.3)))
    assert masses == pytest.approx(expected, rel=1e-10)
    with pytest.raises(InvalidArgument, match="increasing"):
        stochastic.gibbs_masses(lambda x: x**2, 1.0, [1, 0])

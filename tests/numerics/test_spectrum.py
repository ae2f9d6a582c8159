"""numerics.spectrum against the dense eigenvalues of the exact Hessian on small nets."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numerics import derivatives, nets, spectrum, strategies
from numerics.errors import InvalidArgument


@st.composite
def problems(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=3, max_width=6, max_input=3))
    W = draw(strategies.weights(sizes))
    X, y = draw(strategies.datasets(sizes[0], min_size=2, max_size=8))
    activation = draw(st.sampled_from(["relu", "tanh", "logistic"]))
    loss = draw(st.sampled_from(["square", "logistic"]))
    if loss == "logistic":
        y = np.where(y >= 0, 1.0, -1.0)
    return W, X, y, activation, loss


@settings(max_examples=40, deadline=None)
@given(problems(), st.integers(0, 2**31))
def test_top_eigenvalues_match_the_dense_spectrum(problem, seed):
    W, X, y, activation, loss = problem
    H = derivatives.loss_hessian(W, X, y, loss=loss, activation=activation)
    dense = np.linalg.eigvalsh(H)
    scale = max(1.0, np.abs(dense).max())
    k = min(2, H.shape[0])
    for which, expected in (("largest", dense[::-1][:k]), ("smallest", dense[:k]),
                            ("magnitude", dense[np.argsort(-np.abs(dense))][:k])):
        found = spectrum.top_eigenvalues(W, X, y, k=k, which=which, loss=loss, activation=activation, rng=seed)
        if which == "magnitude":  # ties in |lambda| may come in either order
            found, expected = np.sort(np.abs(found)), np.sort(np.abs(expected))
        assert np.allclose(found, expected, atol=1e-8 * scale)


@settings(max_examples=20, deadline=None)
@given(problems(), st.integers(0, 2**31))
def test_hutchinson_is_unbiased_within_its_standard_error(problem, seed):
    W, X, y, activation, loss = problem
    H = derivatives.loss_hessian(W, X, y, loss=loss, activation=activation)
    estimate = spectrum.hutchinson_trace(W, X, y, samples=300, rng=seed, loss=loss, activation=activation)
    # z^T H z has variance 2 (||H||_F^2 - sum H_ii^2): the exact standard error of the mean
    exact_se = math.sqrt(2 * max((H**2).sum() - (np.diag(H) ** 2).sum(), 0.0) / 300)
    assert abs(estimate.value - np.trace(H)) <= 5 * exact_se + 1e-9 * max(1.0, np.abs(H).max())


def test_lanczos_quadrature_converges_to_the_spectrum():
    rng = np.random.default_rng(0)
    W = nets.init([3, 10, 10, 1], rng)
    X, y = rng.standard_normal((30, 3)), rng.standard_normal(30)
    dense = np.linalg.eigvalsh(derivatives.loss_hessian(W, X, y, activation="tanh"))
    width = np.ptp(dense)
    coarse = spectrum.wasserstein_distance(dense, spectrum.spectral_density(W, X, y, steps=8, probes=20, rng=1,
                                                                            activation="tanh"))
    fine = spectrum.wasserstein_distance(dense, spectrum.spectral_density(W, X, y, steps=40, probes=20, rng=1,
                                                                          activation="tanh"))
    exact = spectrum.wasserstein_distance(dense, spectrum.spectral_density(W, X, y, steps=len(dense), probes=200,
                                                                           rng=2, activation="tanh"))
    # with W steps each probe's quadrature is exact; the remaining error is the probes' sampling of the weights
    assert exact < fine < coarse and exact < 0.02 * width and fine < 0.05 * width
    # moments: the measure's mean is tr H / W, exactly for every probe count in expectation
    density = spectrum.spectral_density(W, X, y, steps=40, probes=50, rng=3, activation="tanh")
    assert abs(density.nodes @ density.weights - dense.mean()) < 0.1 * np.abs(dense).max()


def test_at_scale_the_top_eigenvalue_is_exact_against_power_iteration():
    rng = np.random.default_rng(1)
    W = nets.init([50, 200, 200, 1], rng)  # 50,200 weights
    X, y = rng.standard_normal((100, 50)), rng.standard_normal(100)
    H = derivatives.hessian_operator(W, X, y)
    top = spectrum.top_eigenvalues(W, X, y, k=1)[0]
    v = rng.standard_normal(H.shape[0])
    for _ in range(300):  # an independent estimate: power iteration on H + c I, shifted to the top
        v = H @ v + abs(top) * v
        v /= np.linalg.norm(v)
    assert abs(v @ (H @ v) - top) <= 1e-6 * abs(top)


def test_bad_input():
    W, X, y = [np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]), np.array([5.0])
    with pytest.raises(InvalidArgument, match="rng"):
        spectrum.hutchinson_trace(W, X, y)
    with pytest.raises(InvalidArgument, match="which"):
        spectrum.top_eigenvalues(W, X, y, which="top")
    with pytest.raises(InvalidArgument, match="k=3"):
        spectrum.top_eigenvalues(W, X, y, k=3)

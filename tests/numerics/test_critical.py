"""numerics.critical: symmetries, classification and censuses of critical points with known answers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numerics import critical, derivatives, nets, strategies
from numerics.errors import InvalidArgument

ACTIVATIONS = [("relu", None), ("tanh", None), ("poly", 2), ("poly", 3), ("poly", (0, 1, 1))]


def _transform(theta, sizes, rng, parity, homogeneity, biased):
    """Apply a random symmetry of the net: per hidden layer a permutation, allowed sign flips and rescalings."""
    if biased:
        W, b = nets.unflatten(theta, sizes, biases=True)
    else:
        W, b = nets.unflatten(theta, sizes), None
    W = [w.copy() for w in W]
    for i in range(len(W) - 1):
        n = W[i].shape[0]
        order = rng.permutation(n)
        c = rng.uniform(0.5, 2.0, n) if homogeneity is not None else np.ones(n)
        s = rng.choice([-1.0, 1.0], n) if parity is not None else np.ones(n)
        out = c**-homogeneity if homogeneity is not None else np.ones(n)
        out = out * np.where(s < 0, -1.0 if parity == -1 else 1.0, 1.0)
        W[i] = (W[i] * (c * s)[:, None])[order]
        if b is not None:
            b[i] = (b[i] * c * s)[order]
        W[i + 1] = (W[i + 1] * out[None, :])[:, order]
    return nets.flatten(W, b)


@settings(max_examples=60, deadline=None)
@given(strategies.architectures(min_depth=2, max_depth=3, max_width=4, max_input=3), st.sampled_from(ACTIVATIONS),
       st.booleans(), st.integers(0, 2**31))
def test_a_random_symmetry_is_recognised_and_a_perturbation_is_not(sizes, activation, biased, seed):
    rng = np.random.default_rng(seed)
    name, degree = activation
    parity, homogeneity = critical.symmetries(name, degree)
    size = sum(m * (n + biased) for n, m in zip(sizes[:-1], sizes[1:]))
    theta = rng.uniform(0.5, 2.0, size) * rng.choice([-1.0, 1.0], size)  # generic: no ties between units
    image = _transform(theta, sizes, rng, parity, homogeneity, biased)
    kw = {"activation": name, "degree": degree, "biases": biased}
    assert critical.equivalent(theta, image, sizes, **kw)
    moved = image.copy()
    moved[rng.integers(size)] += 1e-3 * (1 + np.linalg.norm(theta))
    assert not critical.equivalent(theta, moved, sizes, **kw)


def test_rescaling_is_a_symmetry_only_of_homogeneous_activations():
    a = np.array([1.0, 2.0, 3.0, 4.0])
    b = np.array([2.0, 2.0, 3.0 / 2**3, 4.0])  # the first unit rescaled by 2 for z^3
    assert critical.equivalent(a, b, [1, 2, 1], activation="poly", degree=3)
    assert critical.equivalent(a, b, [1, 2, 1], activation="poly", degree=(0, 0, 0, 1.5))  # 1.5 z^3: homogeneous too
    assert not critical.equivalent(a, b, [1, 2, 1], activation="poly", degree=(0, 1, 0, 1))
    assert not critical.equivalent(a, b, [1, 2, 1], activation="tanh")


def test_the_census_of_a_w_problem_is_exact():
    # L(a, w) = (a (w + w^2) - 1)^2: a curve of minima, and exactly the saddles (0, 0) and (0, -1)
    census = critical.critical_points([1, 1, 1], [[1.0]], [1.0], starts=60, rng=1, degree=(0, 1, 1))
    saddles = sorted(p.point[0] for p in census.points if not p.degenerate)  # the point is (w, a)
    assert census.counts() == {1: 2} and census.counts(degenerate=True) == {0: 1}
    np.testing.assert_allclose(saddles, [-1.0, 0.0], atol=1e-12)
    for p in census.points:
        np.testing.assert_allclose(p.eigenvalues, np.linalg.eigvalsh(derivatives.loss_hessian(
            nets.unflatten(p.point, [1, 1, 1]), [[1.0]], [1.0], activation="poly", degree=(0, 1, 1))))
    (minimum,) = [p for p in census.points if p.degenerate]
    w, a = minimum.point
    assert abs(a * (w + w * w) - 1) < 1e-9 and minimum.nullity == 1


def test_weight_decay_makes_every_critical_point_isolated_and_each_class_is_distinct():
    rng = np.random.default_rng(3)
    kw = {"activation": "poly", "degree": (0, 1, 1, 1)}
    X = rng.standard_normal((12, 2))
    y = nets.forward(nets.unflatten(rng.standard_normal(6), [2, 2, 1]), X, **kw) + 0.3 * rng.standard_normal(12)
    census = critical.critical_points([2, 2, 1], X, y, starts=40, rng=0, descent=30, decay=0.01, **kw)
    assert census.points and not census.counts(degenerate=True)
    assert sum(p.hits for p in census.points) + census.failures == census.starts
    for p in census.points:
        g = derivatives.loss_gradient(nets.unflatten(p.point, [2, 2, 1]), X, y, **kw) + 0.02 * p.point
        assert np.linalg.norm(g) <= 1e-9 * (1 + p.loss)
        assert p.kind == ("minimum" if p.index == 0 else "saddle")
    for i, p in enumerate(census.points):
        for q in census.points[i + 1:]:
            assert not critical.equivalent(p.point, q.point, [2, 2, 1], **kw)
        swapped = p.point[[2, 3, 0, 1, 5, 4]]  # the two hidden units exchanged: the same critical point
        assert critical.equivalent(p.point, swapped, [2, 2, 1], **kw)


def test_classify_counts_signs_with_a_relative_threshold():
    assert critical.classify([-2.0, 1e-15, 3.0]) == (1, 1)
    assert critical.classify([-2.0, 1e-6, 3.0]) == (1, 0)
    assert critical.classify([-2.0, 1e-6, 3.0], rtol=1e-5) == (1, 1)
    assert critical.classify([0.0, 0.0]) == (0, 2)


@pytest.mark.parametrize("call, match", [
    (lambda: critical.symmetries("linear"), "GL"),
    (lambda: critical.symmetries("poly", 1), "GL"),
    (lambda: critical.critical_points([2, 1, 1], np.ones((3, 1)), np.ones(3), rng=0, degree=2), "columns"),
    (lambda: critical.critical_points([1, 1, 1], [[1.0]], [1.0], rng=0, degree=2, decay=-1.0), "decay"),
    (lambda: critical.critical_points([1, 1, 1], [[1.0]], [np.nan], rng=0, degree=2), "NaN"),
    (lambda: critical.critical_points([1, 1, 1], [[1.0]], [1.0], rng=0, starts=0, degree=2), "starts"),
    (lambda: critical.equivalent([1.0, 2.0], [1.0], [1, 1, 1], activation="tanh"), "shape"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(InvalidArgument, match=match):
        call()

"""numerics.capacity: exact and Monte-Carlo Rademacher complexities, dichotomy counts, bounds, coverage."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numerics import capacity, strategies
from numerics.errors import InvalidArgument

FAST = settings(max_examples=25, deadline=None, database=None)


def brute_force_rademacher(values):
    """E_s max_m (1/N) sum_n s_n values[m, n] by a plain double loop."""
    values = np.asarray(values, float)
    M, N = values.shape
    total = 0.0
    for signs in itertools.product([-1.0, 1.0], repeat=N):
        total += max(sum(s * v for s, v in zip(signs, row)) for row in values) / N
    return total / 2**N


@FAST
@given(st.integers(1, 4), st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_exact_rademacher_matches_a_plain_loop(M, N, seed):
    values = np.random.default_rng(seed).standard_normal((M, N))
    assert capacity.empirical_rademacher(values).value == pytest.approx(brute_force_rademacher(values), abs=1e-12)


def test_monte_carlo_interval_covers_the_exact_value():
    values = np.random.default_rng(5).standard_normal((6, 12))
    exact = capacity.empirical_rademacher(values).value
    hits = 0
    for seed in range(40):
        low, high = capacity.empirical_rademacher(values, exact=False, samples=2000, rng=seed).interval(0.95)
        hits += low <= exact <= high
    assert hits >= 33  # 95% intervals: 38 expected, fewer than 33 has probability < 1e-3


def test_monte_carlo_reproduces_from_its_seed():
    values = np.random.default_rng(0).standard_normal((3, 30))
    first = capacity.empirical_rademacher(values, exact=False, rng=7)
    assert first == capacity.empirical_rademacher(values, exact=False, rng=7)
    assert first != capacity.empirical_rademacher(values, exact=False, rng=8)


def test_absolute_value_version_equals_the_plain_one_for_classes_closed_under_negation():
    values = np.random.default_rng(1).standard_normal((3, 8))
    both = np.vstack([values, -values])
    assert capacity.empirical_rademacher(values, absolute=True).value == pytest.approx(
        capacity.empirical_rademacher(both).value, abs=1e-12)
    assert capacity.empirical_rademacher(values).value < capacity.empirical_rademacher(values, absolute=True).value


@FAST
@given(st.integers(1, 9), st.integers(1, 4), st.integers(0, 2**32 - 1), st.floats(0.1, 10))
def test_linear_class_lies_between_khintchine_and_jensen(N, d, seed, bound):
    X = np.random.default_rng(seed).standard_normal((N, d))
    value = capacity.linear_rademacher(X, bound=bound).value
    limits = capacity.linear_rademacher_bounds(X, bound=bound)
    assert limits["lower"] * (1 - 1e-12) <= value <= limits["upper"] * (1 + 1e-12)


def test_linear_class_is_the_supremum_over_the_ball():
    # The closed form (B/N) E||sum s_n x_n|| against a finite net of the ball's boundary (a lower estimate).
    X = np.random.default_rng(2).standard_normal((6, 2))
    angles = np.linspace(0, 2 * np.pi, 20001)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    finite = capacity.empirical_rademacher(directions @ X.T).value
    exact = capacity.linear_rademacher(X).value
    assert finite <= exact + 1e-12 and exact - finite < 1e-6


def test_linear_class_on_the_standard_basis():
    for N in (4, 9):
        assert capacity.linear_rademacher(np.eye(N), bound=3.0).value == pytest.approx(3 / math.sqrt(N), rel=1e-14)


def test_relu_lower_estimate_is_below_the_norm_product_bounds_and_scales_with_the_norms():
    X = np.random.default_rng(3).standard_normal((8, 3))
    low = capacity.relu_rademacher_lower(X, [3, 4, 1], [1.0, 1.0], sign_samples=60, steps=100)
    scaled = capacity.relu_rademacher_lower(X, [3, 4, 1], [2.0, 3.0], sign_samples=60, steps=100)
    bounds = capacity.norm_product_bounds(X, [1.0, 1.0])
    assert low.kind == "lower estimate" and 0 < low.value < bounds["golowich"] < bounds["neyshabur"]
    assert scaled.value == pytest.approx(6 * low.value, rel=1e-6)


def test_relu_lower_estimate_of_a_linear_net_approaches_the_exact_value():
    X = np.random.default_rng(4).standard_normal((10, 3))
    low = capacity.relu_rademacher_lower(X, [3, 1], [2.0], sign_samples=400)
    assert abs(low.value - capacity.linear_rademacher(X, bound=2.0).value) < 4 * low.standard_error


@settings(max_examples=15, deadline=None, database=None)
@given(st.integers(1, 4).flatmap(lambda d: st.tuples(
    st.just(d), strategies.points_in_general_position(d, min_size=1, max_size=8 - d))))
def test_lp_counts_are_covers_counts(case):
    d, X = case
    N = len(X)
    assert capacity.count_separable_dichotomies(X) == capacity.cover_count(N, d)
    assert capacity.count_separable_dichotomies(X, homogeneous=False) == capacity.cover_count(N, d + 1)


def test_reference_counts_of_claims():
    rng = np.random.default_rng(0)
    for (N, d), expected in {(4, 2): 8, (5, 3): 22, (6, 3): 32, (7, 3): 44, (8, 4): 128}.items():
        assert capacity.count_separable_dichotomies(rng.standard_normal((N, d))) == expected
    assert capacity.cover_count(8, 4) == 2 ** 7  # C(2d, d) = 2^(2d - 1)


def test_degenerate_points_have_fewer_dichotomies():
    collinear = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    assert capacity.count_separable_dichotomies(collinear, homogeneous=False) == 8 < capacity.cover_count(4, 3)
    assert capacity.count_separable_dichotomies(np.zeros((2, 2))) == 0  # 0 is on every homogeneous hyperplane


def test_dichotomies_are_realised_by_their_separators():
    X = np.random.default_rng(6).standard_normal((6, 2))
    labels = capacity.separable_dichotomies(X, homogeneous=False)
    assert len({tuple(y) for y in labels}) == len(labels) == 32
    for y in labels:  # an independent check: the perceptron converges on each (separable) labelling
        w = np.zeros(3)
        Z = y[:, None] * np.column_stack([X, np.ones(6)])
        for _ in range(100_000):
            wrong = Z @ w <= 0
            if not wrong.any():
                break
            w += Z[np.argmax(wrong)]
        assert not (Z @ w <= 0).any()


def test_threshold_network_counts():
    hexagon = np.array([[np.cos(k * np.pi / 3), np.sin(k * np.pi / 3)] for k in range(6)])
    labels = capacity.threshold_network_dichotomies(hexagon, 2)
    missing = {tuple(y) for y in itertools.product([-1.0, 1.0], repeat=6)} - {tuple(y) for y in labels}
    assert missing == {(1.0, -1.0, 1.0, -1.0, 1.0, -1.0), (-1.0, 1.0, -1.0, 1.0, -1.0, 1.0)}
    rng = np.random.default_rng(3)
    counts = [len(capacity.threshold_network_dichotomies(rng.standard_normal((m, 2)), 2)) for m in range(4, 9)]
    assert counts == [16, 32, 64, 124, 216]  # reference (sequential draws from default_rng(3))
    xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert len(capacity.threshold_network_dichotomies(xor, 1)) == 14 and capacity.is_shattered(xor[:3])
    assert len(capacity.threshold_network_dichotomies(xor, 2)) == 16  # two hidden units compute XOR


def test_closed_forms_and_reference_values():
    assert [capacity.cover_count(N, 3) for N in (4, 5, 6, 7)] == [14, 22, 32, 44]
    assert capacity.sauer_shelah(10, 3) == 176
    assert capacity.vc_threshold_network_bound(9, 3) == pytest.approx(54.4978, abs=1e-4)
    assert capacity.mcdiarmid_deviation(1000, 0.05) == pytest.approx(math.sqrt(math.log(20) / 2000), rel=1e-15)
    assert capacity.mcdiarmid_deviation(1000, 0.05, two_sided=True, loss_range=2.0) == pytest.approx(
        2 * math.sqrt(math.log(40) / 2000), rel=1e-15)
    assert capacity.rademacher_generalization_bound(0.1, 100, 0.1, empirical=True) == pytest.approx(
        0.2 + 3 * math.sqrt(math.log(2 / 0.1) / 200), rel=1e-15)
    np.testing.assert_array_equal(capacity.ramp_loss(np.array([-1.0, 0.0, 1.0, 2.0, 5.0]), 2.0),
                                  [1.0, 1.0, 0.5, 0.0, 0.0])


def test_coverage_counts_failures():
    result = capacity.coverage(lambda rng: rng.random() < 0.25, 4000, rng=0)
    assert result.trials == 4000 and abs(result.rate - 0.25) < 4 * result.standard_error


@pytest.mark.parametrize("call, message", [
    (lambda: capacity.empirical_rademacher(np.ones(3)), "values must be 2-dimensional"),
    (lambda: capacity.empirical_rademacher([[1.0, np.nan]]), "NaN"),
    (lambda: capacity.empirical_rademacher(np.ones((2, 30))), "N <= 22"),
    (lambda: capacity.empirical_rademacher(np.ones((2, 3)), exact=False, samples=1), "samples"),
    (lambda: capacity.linear_rademacher(np.ones((2, 2)), bound=-1), "bound"),
    (lambda: capacity.relu_rademacher_lower(np.ones((3, 2)), [3, 1], [1.0]), "sizes must be"),
    (lambda: capacity.relu_rademacher_lower(np.ones((3, 2)), [2, 2, 1], [1.0]), "norms needs"),
    (lambda: capacity.count_separable_dichotomies(np.ones((0, 2))), "at least one row"),
    (lambda: capacity.threshold_network_dichotomies(np.ones((3, 2)), 4), "too many"),
    (lambda: capacity.vc_threshold_network_bound(10, 1), "nodes"),
    (lambda: capacity.mcdiarmid_deviation(10, 1.5), "delta"),
    (lambda: capacity.rademacher_generalization_bound(-1.0, 10, 0.1), "complexity"),
    (lambda: capacity.ramp_loss(np.ones(2), 0.0), "margin"),
    (lambda: strategies.points_in_general_position(2, max_size=20), "max_size"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(InvalidArgument, match=message):
        call()

"""Mixed volumes against volumes of Minkowski sums (an independent formula), Bernstein's root counts and the
Bezout number."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from scipy.spatial import ConvexHull, QhullError

from numerics.errors import InvalidArgument
from numerics.polyhedral import mixed_volume
from numerics.polynomials import Polynomial, cyclic, noon
from numerics.strategies import supports


def _volume(points):
    """The Euclidean volume of the convex hull of integer ``points`` (0 when they span less than full dimension)."""
    points = np.unique(np.asarray(points, float), axis=0)
    if len(points) <= points.shape[1]:
        return 0.0
    try:
        return ConvexHull(points).volume
    except QhullError:  # flat: contained in a hyperplane
        return 0.0


def _by_minkowski_sums(A):
    """``MV(P_1, .., P_n) = sum over nonempty S of (-1)^(n - |S|) vol(sum_{i in S} P_i)``."""
    n = len(A)
    total = 0.0
    for k in range(1, n + 1):
        for S in itertools.combinations(range(n), k):
            summed = [np.sum(choice, axis=0) for choice in itertools.product(*[A[i] for i in S])]
            total += (-1) ** (n - k) * _volume(summed)
    return total


@settings(max_examples=40, deadline=None)
@given(supports(2, max_points=5, max_degree=4))
def test_mixed_volume_in_the_plane_is_the_area_formula(A):
    assert mixed_volume(A) == round(_by_minkowski_sums(A))


@settings(max_examples=15, deadline=None)
@given(supports(3, max_points=4, max_degree=2))
def test_mixed_volume_in_space_is_the_inclusion_exclusion_of_volumes(A):
    assert mixed_volume(A) == round(_by_minkowski_sums(A))


def test_the_lifting_does_not_change_the_mixed_volume():
    A = [np.array([[0, 0], [3, 1], [1, 2], [2, 0]]), np.array([[0, 1], [2, 2], [1, 0]])]
    assert {mixed_volume(A, seed=seed) for seed in range(8)} == {round(_by_minkowski_sums(A))}


@pytest.mark.parametrize("n, degrees", [(1, (4,)), (2, (2, 3)), (3, (2, 2, 2)), (3, (1, 2, 3))])
def test_dense_supports_give_the_bezout_number(n, degrees):
    A = [np.array([e for e in itertools.product(range(d + 1), repeat=n) if sum(e) <= d]) for d in degrees]
    assert mixed_volume(A) == math.prod(degrees)


def test_bernstein_counts_of_standard_systems():
    # cyclic-5 has 70 isolated roots, all in the torus; noon-3 has 21 (both known and found by the solver)
    assert mixed_volume([e for e, _ in cyclic(5)]) == 70
    assert mixed_volume([e for e, _ in noon(3)]) == 21


def test_the_lectures_network_has_mixed_volume_7_against_bezout_25():
    # sum_n (a (w x_n + (w x_n)^2) - y_n)^2: 3 critical points, two of them with a = 0, outside the torus
    a, w = Polynomial.variables(2)
    loss = sum((a * (w * x + (w * x) ** 2) - y) ** 2 for x, y in [(0.7, 1.3), (1.9, -0.4)])
    A = [loss.diff(j).pair[0] for j in range(2)]
    assert mixed_volume(A) == 3
    assert mixed_volume([np.vstack([e, [[0, 0]]]) for e in A]) == 7


@pytest.mark.parametrize("A, message", [
    ([], "at least one support"),
    ([np.array([[0, 1]])], "expected \\(points, 1\\)"),
    ([np.array([[0, -1], [1, 0]]), np.array([[1, 1]])], "negative"),
    ([np.array([[0.5, 0], [1, 0]]), np.array([[1, 1]])], "not integers"),
    ([np.zeros((0, 2), int), np.array([[1, 1]])], "empty"),
])
def test_bad_supports_are_rejected_with_a_reason(A, message):
    with pytest.raises(InvalidArgument, match=message):
        mixed_volume(A)

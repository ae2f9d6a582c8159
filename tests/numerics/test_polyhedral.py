"""Mixed volumes against volumes of Minkowski sums (an independent formula), Bernstein's root counts and the
Bezout number."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.spatial import ConvexHull, QhullError

from numerics.errors import InvalidArgument
from numerics.homotopy import _polyhedral_start
from numerics.polyhedral import binomial_roots, mixed_cells, mixed_volume
from numerics.polynomials import Polynomial, cyclic, katsura, noon, normalize_system, solve
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


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, 2**32 - 1))))
def test_binomial_systems_have_det_many_distinct_roots(case):
    n, seed = case
    rng = np.random.default_rng(seed)
    V = rng.integers(-3, 4, (n, n))
    assume(round(abs(np.linalg.det(V))) > 0)
    b = rng.uniform(0.5, 2, n) * np.exp(2j * np.pi * rng.random(n))
    roots = binomial_roots(V, b)
    assert len(roots) == round(abs(np.linalg.det(V)))
    assert np.allclose(np.prod(roots[:, None, :] ** V[None], axis=2), b[None], rtol=1e-10, atol=0)
    distance = np.abs(roots[:, None, :] - roots[None]).max(axis=2) + np.eye(len(roots))
    assert distance.min() > 1e-6


def _network():
    a, w = Polynomial.variables(2)
    loss = sum((a * (w * x + (w * x) ** 2) - y) ** 2 for x, y in [(0.7, 1.3), (1.9, -0.4)])
    return [loss.diff(j).pair for j in range(2)]


@pytest.mark.parametrize("system", [_network(), katsura(3)], ids=["network", "katsura-3"])
def test_the_polyhedral_start_system_has_mixed_volume_many_distinct_roots(system):
    system = normalize_system(system)
    G, roots, reasons = _polyhedral_start(system, np.random.default_rng(5))
    with_origin = [np.vstack([e, np.zeros((1, len(system)), int)]) for e, _ in system]
    assert (reasons == "").all() and len(roots) == mixed_volume(with_origin)
    values = np.array([[c @ np.prod(r[None, :] ** A, axis=1) for A, c in G] for r in roots])
    assert np.abs(values).max() < 1e-12
    assert (np.abs(roots[:, None, :] - roots[None]).max(axis=2) + np.eye(len(roots))).min() > 1e-6


@pytest.mark.parametrize("name, system, counts", [
    ("network", _network(), {"finite_regular": 3, "finite_singular": 0, "at_infinity": 4, "failed": 0}),
    ("roots at infinity", [(np.array([[2, 0], [0, 0]]), np.array([1, -4])),  # x^2 = 4, x y = 2
                           (np.array([[1, 1], [0, 0]]), np.array([1, -2]))],
     {"finite_regular": 2, "finite_singular": 0, "at_infinity": 0, "failed": 0}),
    ("double root", [(np.array([[2, 0], [1, 0], [0, 0]]), np.array([1, -2, 1])),  # (x - 1)^2 = 0, y = x
                     (np.array([[0, 1], [1, 0]]), np.array([1, -1]))],
     {"finite_regular": 0, "finite_singular": 1, "at_infinity": 0, "failed": 0}),
])
def test_a_polyhedral_start_finds_the_roots_of_a_total_degree_start_with_no_more_paths(name, system, counts):
    for seed in range(3):
        polyhedral, total = solve(system, seed=seed, start="polyhedral"), solve(system, seed=seed)
        assert polyhedral.counts == counts, seed
        assert polyhedral.paths == polyhedral.mixed_volume <= total.paths
        assert np.array_equal(polyhedral.multiplicities, total.multiplicities)
        assert np.abs(polyhedral.roots - total.roots).max() < 1e-6, seed


def test_paths_of_the_cell_homotopies_that_end_together_are_followed_again(monkeypatch):
    # A jump (two paths to one root of the start system, which has distinct roots) is simulated: the paths are
    # followed again with small steps, and the start roots come out distinct and the same as without the jump.
    import numerics.homotopy as homotopy

    system = normalize_system(cyclic(5))
    _, clean, _ = _polyhedral_start(system, np.random.default_rng(7))
    follow, calls = homotopy._cell_paths, []

    def jumping(cells, start, paths, *, h_max):
        roots, why = follow(cells, start, paths, h_max=h_max)
        calls.append(len(paths))
        if len(calls) == 1:
            roots[1] = roots[0]
        return roots, why

    monkeypatch.setattr(homotopy, "_cell_paths", jumping)
    _, roots, reasons = _polyhedral_start(system, np.random.default_rng(7))
    assert calls == [70, 2] and (reasons == "").all()
    assert np.abs(roots - clean).max() < 1e-8


def test_mixed_volume_zero_means_no_path_and_no_isolated_root():
    # x y = 1, 2 x y = 2: a curve and no isolated root; the polyhedral start has no path (the curve is reported only
    # from a total-degree start)
    curve = [(np.array([[1, 1], [0, 0]]), np.array([1.0, -1.0])), (np.array([[1, 1], [0, 0]]), np.array([2.0, -2.0]))]
    result = solve(curve, start="polyhedral")
    assert (result.paths, result.mixed_volume, len(result.solutions), result.components) == (0, 0, 0, ())
    for start in ("total-degree", "auto"):  # auto: 4 paths are few enough for the total-degree start
        assert solve(curve, start=start).components == ({"dimension": 1, "paths": 4},)


def test_auto_start_takes_the_polyhedral_start_only_where_it_pays(monkeypatch):
    import numerics.homotopy as homotopy
    import numerics.polyhedral as polyhedral

    # cyclic-6: 720 paths from the total-degree start, 156 (its mixed volume and its roots) from the polyhedral one
    result = solve(cyclic(6), start="auto")
    assert (result.mixed_volume, result.counts["finite_regular"], result.counts["failed"]) == (156, 156, 0)
    # cyclic-5: 120 paths, few enough for the total-degree start
    assert solve(cyclic(5), start="auto").mixed_volume is None
    monkeypatch.setattr(homotopy, "_AUTO_PATHS", 0)
    # ... and without that rule: mixed volume 70, found with 39 of the 60 programs allowed
    assert solve(cyclic(5), start="auto").mixed_volume == 70
    # katsura-5: its mixed volume is its Bezout number, 32, and its cells need some 300 programs: more than 16
    auto, total = solve(katsura(5), start="auto"), solve(katsura(5), start="total-degree")
    assert auto.mixed_volume is None and auto.paths == 32
    assert np.abs(auto.roots - total.roots).max() < 1e-9
    # a dense system (every x_j^d_i present): no linear program at all

    def no_program(*arguments):
        raise AssertionError("a linear program was solved")

    monkeypatch.setattr(polyhedral, "_feasible", no_program)
    x, y = Polynomial.variables(2)
    dense = [(x ** 2 + 3 * x * y - y ** 2 + x - 2).pair, (2 * x ** 2 - y ** 2 + y - 1).pair]
    assert solve(dense, start="auto").mixed_volume is None


@pytest.mark.parametrize("budget", [0, -3, 2.5, True, "10"])
def test_a_budget_that_is_not_a_positive_int_is_rejected(budget):
    square = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
    with pytest.raises(InvalidArgument, match="budget="):
        mixed_cells([square, square], [np.arange(4.0)] * 2, budget=budget)


def test_an_unknown_start_system_is_rejected():
    with pytest.raises(InvalidArgument, match="start='linear'"):
        solve(_network(), start="linear")

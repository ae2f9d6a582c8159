"""numerics.compositional: trees, counts, evaluation, the propagation bound and grid interpolants."""

import numpy as np
import pytest

from numerics import compositional
from numerics.errors import InvalidArgument


def test_binary_tree_of_the_slide_and_its_counts():
    tree = compositional.binary_tree(8)
    assert compositional.tree_summary(tree) == {"constituents": 7, "distinct functions": 7, "depth": 3,
                                                "inputs": 8, "max arity": 2}
    shared = compositional.binary_tree(8, labels={"h13": "h11", "h14": "h12"})  # the slide's labelling
    assert compositional.tree_summary(shared)["distinct functions"] == 5
    with pytest.raises(InvalidArgument, match="power of 2"):
        compositional.binary_tree(6)


def test_parameter_counts_reference_values():
    # reference: n = 8, eps = 0.1: 1e8 against 700 (m = 1), 1e4 against 70 (m = 2)
    tree = compositional.binary_tree(8)
    assert compositional.parameter_counts(tree, 0.1, 1) == pytest.approx({"shallow": 1e8, "deep": 700})
    assert compositional.parameter_counts(tree, 0.1, 2) == pytest.approx({"shallow": 1e4, "deep": 70})
    with pytest.raises(InvalidArgument, match="eps"):
        compositional.parameter_counts(tree, 2.0, 1)


def test_propagation_bound_holds_for_perturbed_constituents():
    tree = compositional.binary_tree(8)
    rng = np.random.default_rng(1)
    exact = {v: (lambda a, b: np.tanh(a - 2 * b)) for v in tree if tree.in_degree(v)}
    errors = {v: float(rng.uniform(0, 0.01)) for v in exact}
    perturbed = {v: (lambda a, b, e=errors[v]: np.tanh(a - 2 * b) + e * np.cos(7 * a)) for v in exact}
    X = rng.uniform(-1, 1, (5000, 8))
    gap = np.abs(compositional.evaluate(tree, perturbed, X) - compositional.evaluate(tree, exact, X)).max()
    assert gap <= compositional.composition_bound(tree, errors, {v: 3.0 for v in exact})  # L = 1 + 2 in max norm


def test_grid_interpolant_is_exact_for_multilinear_functions_and_clips():
    p = compositional.grid_interpolant(lambda a, b, c: a * b - c, [0, 0, 0], [1, 2, 1], 3)
    X = np.random.default_rng(0).uniform(0, 1, (100, 3))
    assert np.allclose(p(*X.T), X[:, 0] * X[:, 1] - X[:, 2])
    assert p(np.array(5.0), np.array(1.0), np.array(0.0)) == pytest.approx(1.0)  # clipped to a = 1

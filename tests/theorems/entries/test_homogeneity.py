import dataclasses

import numpy as np

import theorems
from numerics import nets
from theorems.entries.homogeneity.relu_euler import HomogeneityClaim, RELU_EULER


def test_a_broken_formula_fails_verification():
    broken = dataclasses.replace(RELU_EULER, claim=HomogeneityClaim(degree=lambda K: K + 1))
    report = broken.verify(profile="quick")
    assert report.status == "failed"
    assert not report.checks["symbolic"].passed and not report.checks["numeric"].passed


def test_bias_counterexample_of_claims_md():
    # One unit, c = 2, w = (1, 0), x = (1, 0), b = 1: sigma(2*1 + 1) - 2 sigma(1 + 1) = -1.
    w, a, x, b = np.array([[1.0, 0.0]]), np.array([[1.0]]), np.array([[1.0, 0.0]]), [np.array([1.0]), np.zeros(1)]
    scaled = nets.forward([2 * w, a], x, biases=b)
    assert scaled[0] - 2 * nets.forward([w, a], x, biases=b)[0] == -1.0


def test_hypothesis_predicates():
    no_biases, _, nonzero, _ = RELU_EULER.hypotheses
    instance = {"weights": [np.ones((2, 2)), np.zeros((1, 2))], "biases": None}
    assert no_biases.predicate(instance)
    assert not no_biases.predicate({**instance, "biases": [np.zeros(2), np.zeros(1)]})
    assert not nonzero.predicate(instance)


def test_same_seed_same_report_and_seed_changes_examples():
    a = RELU_EULER.verify(seed=3, profile="quick").to_dict()
    b = RELU_EULER.verify(seed=3, profile="quick").to_dict()
    c = RELU_EULER.verify(seed=4, profile="quick").to_dict()
    a.pop("seconds"), b.pop("seconds"), c.pop("seconds")
    assert a == b
    assert a["checks"]["numeric"]["max_error"] != c["checks"]["numeric"]["max_error"]


def test_registered():
    assert theorems.get("homogeneity.relu_euler") is RELU_EULER

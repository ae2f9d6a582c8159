"""numerics.margins: the hard-margin SVM against an independent QP, and gradient descent on the exp loss."""

import numpy as np
import pytest
from hypothesis import given, settings
from scipy.optimize import minimize

from numerics import InvalidArgument, margins, strategies

ASYMMETRIC = np.array([[1.0, 1.0], [1.5, -0.5], [2.0, 0.5]])  # reference, all labels +1


def test_claims_reference_svm():
    svm = margins.max_margin(ASYMMETRIC, np.ones(3))
    np.testing.assert_allclose(svm.w, [0.75, 0.25], rtol=0, atol=1e-15)
    np.testing.assert_allclose(ASYMMETRIC @ svm.w, [1.0, 1.0, 1.625], rtol=0, atol=1e-15)
    assert abs(svm.gamma - 4 / np.sqrt(10)) < 1e-15  # 1.2649111


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(strategies.separable_datasets(3, max_size=8, margin=0.2))
def test_svm_matches_an_independent_qp(data):
    """SLSQP on the primal min ||w||^2 / 2 s.t. y_n <w, x_n> >= 1 reaches the same optimum; KKT holds."""
    X, y = data
    Z = y[:, None] * X
    svm = margins.max_margin(X, y)
    qp = minimize(lambda w: w @ w / 2, svm.w * 1.1, jac=lambda w: w, method="SLSQP",
                  constraints={"type": "ineq", "fun": lambda w: Z @ w - 1, "jac": lambda w: Z},
                  options={"ftol": 1e-14, "maxiter": 500})
    assert qp.success
    assert svm.w @ svm.w / 2 <= qp.fun * (1 + 1e-9)  # SLSQP's feasible point is no better
    assert (Z @ svm.w).min() >= 1 - 1e-9
    assert np.all(svm.alpha >= 0)
    np.testing.assert_allclose(Z.T @ svm.alpha, svm.w, rtol=1e-9, atol=1e-9)  # stationarity
    assert np.abs(svm.alpha * (Z @ svm.w - 1)).max() <= 1e-9 * max(1.0, svm.alpha.max())  # complementarity


@pytest.mark.parametrize("X, y, message", [
    (np.array([[1.0, 0.0], [1.0, 0.0]]), np.array([1.0, -1.0]), "not linearly separable"),
    (np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([1.0, 1.0]), "not linearly separable"),
    (np.array([[1.0, 0.0]]), np.array([0.5]), "labels"),
    (np.array([[1.0, np.nan]]), np.array([1.0]), "X"),
    (np.array([[1.0, 0.0]]), np.array([1.0, 1.0]), "y"),
])
def test_svm_bad_input(X, y, message):
    with pytest.raises(InvalidArgument, match=message):
        margins.max_margin(X, y)


def test_descent_loss_decreases_and_time_grows():
    run = margins.exp_loss_descent([np.zeros((1, 2))], ASYMMETRIC, np.ones(3), target=30.0, activation="linear")
    assert np.all(np.diff(run.loss) < 0) and np.all(np.diff(run.t) > 0)
    assert -np.log(run.loss[-1]) >= 30.0 and run.steps < 2000


def test_descent_follows_the_flow_asymptotics():
    """w(t) = w^ ln t + w~ + o(1) (Soudry et al. 2018): the slope against ln t is the SVM."""
    run = margins.exp_loss_descent([np.zeros((1, 2))], ASYMMETRIC, np.ones(3), target=40.0, activation="linear")
    levels = -np.log(run.loss)
    a, b = np.searchsorted(levels, 20.0), len(levels) - 1
    slope = (run.theta[b] - run.theta[a]) / np.log(run.t[b] / run.t[a])
    np.testing.assert_allclose(slope, [0.75, 0.25], atol=1e-5)


def test_descent_on_data_it_cannot_fit_raises():
    X, y = np.array([[1.0, 0.0], [1.0, 0.0]]), np.array([1.0, -1.0])
    with pytest.raises(InvalidArgument, match="max_steps"):
        margins.exp_loss_descent([np.array([[0.5, 0.5]])], X, y, target=5.0, activation="linear", max_steps=200)


@pytest.mark.parametrize("kwargs, message", [({"h": 2.0}, "h"), ({"h": 0.0}, "h"), ({"target": -1.0}, "target"),
                                             ({"target": 800.0}, "underflow"),
                                             ({"records": 1}, "records")])
def test_descent_bad_arguments(kwargs, message):
    arguments = {"target": 5.0, "activation": "linear", **kwargs}
    with pytest.raises(InvalidArgument, match=message):
        margins.exp_loss_descent([np.zeros((1, 2))], ASYMMETRIC, np.ones(3), **arguments)


def test_normalized_margin_is_scale_invariant():
    rng = np.random.default_rng(0)
    W = [rng.normal(size=(4, 2)), rng.normal(size=(1, 4))]
    X, y = rng.normal(size=(5, 2)), np.array([1.0, -1.0, 1.0, 1.0, -1.0])
    base = margins.normalized_margin(W, X, y)
    assert abs(margins.normalized_margin([3.0 * W[0], 0.5 * W[1]], X, y) - base) <= 1e-14 * max(1, abs(base))

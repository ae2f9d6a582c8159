"""Exact derivatives against central finite differences and mpmath (independent oracles, tests only)."""

import mpmath
import numpy as np
import pytest

from numerics import InvalidArgument, flatten, forward, init, jacobian, loss, loss_gradient, unflatten

CASES = [("relu", None, False), ("relu", None, True), ("tanh", None, True), ("logistic", None, False),
         ("linear", None, False), ("poly", 3, True)]


def _net(sizes, biases, seed=0):
    rng = np.random.default_rng(seed)
    ws = init(sizes, rng)
    bs = [rng.normal(size=n) for n in sizes[1:]] if biases else None
    return ws, bs, rng.normal(size=(6, sizes[0])), np.sign(rng.normal(size=6))


def _central(fun, theta, h):
    return np.array([(fun(theta + h * e) - fun(theta - h * e)) / (2 * h) for e in np.eye(theta.size)]).T


@pytest.mark.parametrize("activation, degree, biases", CASES)
def test_jacobian_matches_central_differences(activation, degree, biases):
    sizes = [3, 4, 3, 1]
    ws, bs, X, _ = _net(sizes, biases)
    theta = flatten(ws, bs)

    def f(t):
        if biases:
            w, b = unflatten(t, sizes, biases=True)
            return forward(w, X, activation=activation, degree=degree, biases=b)
        return forward(unflatten(t, sizes), X, activation=activation, degree=degree)

    exact = jacobian(ws, X, activation=activation, degree=degree, biases=bs)
    # Central differences: truncation O(h^2 f''') plus rounding O(u / h); h = 1e-6 gives ~1e-9 here.
    assert np.allclose(exact, _central(f, theta, 1e-6), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", ["square", "exp", "logistic"])
def test_loss_gradient_is_jacobian_times_slope(name):
    sizes = [2, 5, 1]
    ws, bs, X, y = _net(sizes, True, seed=1)
    f = forward(ws, X, biases=bs)
    slope = {"square": 2 * (f - y), "exp": -y * np.exp(-y * f), "logistic": -y / (1 + np.exp(y * f))}[name]
    assert np.allclose(loss_gradient(ws, X, y, loss=name, biases=bs), jacobian(ws, X, biases=bs).T @ slope,
                       rtol=1e-13, atol=1e-13)


def test_losses_against_mpmath():
    ws, _, X, y = _net([2, 3, 1], False, seed=2)
    f = forward(ws, X)
    with mpmath.workdps(40):
        exact = {"square": sum((mpmath.mpf(a) - mpmath.mpf(b)) ** 2 for a, b in zip(y, f)),
                 "exp": sum(mpmath.exp(-mpmath.mpf(a) * mpmath.mpf(b)) for a, b in zip(y, f)),
                 "logistic": sum(mpmath.log1p(mpmath.exp(-mpmath.mpf(a) * mpmath.mpf(b))) for a, b in zip(y, f))}
        for name, value in exact.items():
            assert abs(loss(ws, X, y, loss=name) - float(value)) <= 1e-14 * float(abs(value)) * len(y)


def test_bad_loss_and_labels():
    ws, _, X, y = _net([2, 3, 1], False)
    with pytest.raises(InvalidArgument, match="loss='sqaure' is not one of"):
        loss(ws, X, y, loss="sqaure")
    with pytest.raises(InvalidArgument, match=r"y.shape=\(5,\) does not match the expected shape \(6\)"):
        loss_gradient(ws, X, y[:5])
    with pytest.raises(InvalidArgument, match="y contains NaN"):
        loss(ws, X, np.full(6, np.nan))


@pytest.mark.parametrize("biased", [False, True])
def test_no_data_is_the_empty_sum(biased):
    """With N = 0 the loss is the empty sum 0: every derivative is zero (once a raw NumPy reshape error)."""
    from numerics import gauss_newton, hvp, loss_hessian

    weights = init([3, 4, 2, 1], np.random.default_rng(0))
    biases = [np.ones(w.shape[0]) for w in weights] if biased else None
    W = flatten(weights, biases).size
    X, y = np.zeros((0, 3)), np.zeros(0)
    assert loss(weights, X, y, biases=biases) == 0.0
    assert jacobian(weights, X, biases=biases).shape == (0, W)
    for derivative in (loss_gradient(weights, X, y, biases=biases), hvp(weights, X, y, np.ones(W), biases=biases)):
        assert derivative.shape == (W,) and not derivative.any()
    for matrix in (loss_hessian(weights, X, y, biases=biases), gauss_newton(weights, X, y, biases=biases)):
        assert matrix.shape == (W, W) and not matrix.any()

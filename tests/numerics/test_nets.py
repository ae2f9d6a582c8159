import numpy as np
import pytest

from numerics import InvalidArgument, flatten, forward, init, unflatten
from numerics.nets import activation_functions, sizes_of


def test_forward_by_hand():
    W1, a = np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([[2.0, -1.0]])
    X = np.array([[1.0, 0.0], [0.0, 1.0], [3.0, 3.0]])
    expected = [2 * max(0, x1 - x2) - max(0, 0.5 * x1 + 2 * x2) for x1, x2 in X]
    assert forward([W1, a], X).tolist() == expected
    assert forward([W1, a], X, activation="poly", degree=2).tolist() == [
        2 * (x1 - x2) ** 2 - (0.5 * x1 + 2 * x2) ** 2 for x1, x2 in X]


def test_relu_derivative_at_zero_is_zero():
    _, dsigma, _ = activation_functions("relu")
    assert dsigma(np.array([0.0, -0.0])).tolist() == [0.0, 0.0]


def test_flatten_unflatten_round_trip():
    rng = np.random.default_rng(0)
    ws = init([3, 4, 2, 1], rng)
    bs = [rng.normal(size=n) for n in (4, 2, 1)]
    theta = flatten(ws, bs)
    back_w, back_b = unflatten(theta, [3, 4, 2, 1], biases=True)
    assert all(np.array_equal(a, b) for a, b in zip(ws + bs, back_w + back_b))
    assert np.array_equal(flatten(unflatten(flatten(ws), [3, 4, 2, 1])), flatten(ws))


def test_init_is_reproducible_from_a_seed():
    assert all(np.array_equal(a, b) for a, b in zip(init([2, 3, 1], 7), init([2, 3, 1], np.random.default_rng(7))))
    assert sizes_of(init([5, 1], 0)) == [5, 1]


@pytest.mark.parametrize("call, message", [
    (lambda: forward([np.ones((3, 2)), np.ones((1, 4))], np.ones((1, 2))), r"weights\[1\].shape=\(1, 4\)"),
    (lambda: forward([np.ones((3, 2)), np.ones((2, 3))], np.ones((1, 2))), "must have one row"),
    (lambda: forward([np.ones((1, 2))], np.ones((1, 3))), r"X.shape=\(1, 3\) does not match the input width 2"),
    (lambda: forward([np.ones((1, 2))], np.ones(2)), "X must be 2-dimensional"),
    (lambda: forward([np.array([[np.nan, 1.0]])], np.ones((1, 2))), r"weights\[0\] contains NaN"),
    (lambda: forward([np.ones((1, 2))], np.array([[1.0, np.inf]])), "X contains NaN or infinity"),
    (lambda: forward(np.ones((1, 2)), np.ones((1, 2))), "weights must be a list"),
    (lambda: forward([], np.ones((1, 2))), "at least one matrix"),
    (lambda: forward([np.ones((1, 2))], np.ones((1, 2)), activation="rleu"), "closest matches: \\['relu'\\]"),
    (lambda: forward([np.ones((1, 2))], np.ones((1, 2)), activation="poly"), "needs degree"),
    (lambda: forward([np.ones((1, 2))], np.ones((1, 2)), degree=2), "only meaningful with activation='poly'"),
    (lambda: forward([np.ones((1, 2))], np.ones((1, 2)), biases=[np.ones(2)]), r"biases\[0\].shape=\(2,\)"),
    (lambda: forward([np.ones((1, 2))], [["a", "b"]]), "X must be a numeric array"),
    (lambda: init([2, 3], 0), "must end with 1"),
    (lambda: init([2, 0, 1], 0), r"sizes\[1\]=0 must be an int >= 1"),
    (lambda: init([2, 1], -1), "rng=-1 must be an int >= 0"),
    (lambda: unflatten(np.ones(3), [2, 2, 1]), "theta has 3 entries but sizes=\\[2, 2, 1\\]"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(InvalidArgument, match=message):
        call()

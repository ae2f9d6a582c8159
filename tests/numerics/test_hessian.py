"""Second derivatives (loss_hessian, hvp, gauss_newton) against independent oracles.

Oracles: central differences of ``loss`` and ``loss_gradient`` (with a Richardson estimate of the
truncation error and a rounding term u * magnitude / h), exact identities (symmetry, ``hvp = H v``,
``H = 2 J^T J`` at an interpolating point, Euler's ``J theta = K f``), and a 50-digit mpmath forward
pass differentiated by mpmath.  The tolerances are spelled out where they are used.
"""

import mpmath
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from numerics import InvalidArgument, flatten, forward, init, jacobian, loss, loss_gradient, strategies, unflatten
from numerics.conventions import gamma
from numerics.derivatives import gauss_newton, hvp, loss_hessian

PROPERTIES = settings(max_examples=60, database=None, deadline=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
ACTIVATIONS = [("relu", None), ("linear", None), ("tanh", None), ("logistic", None), ("poly", 2), ("poly", 3)]


@st.composite
def problems(draw, *, activations=ACTIVATIONS, losses=("square", "exp", "logistic"), biased=None):
    """A net (depth 1-4, widths 1-6), data, labels and the keyword arguments of the derivatives."""
    activation, degree = draw(st.sampled_from(activations))
    sizes = draw(strategies.architectures(max_depth=3 if activation == "poly" else 4, max_width=6))
    bound = 1.0 if activation == "poly" else 2.0
    ws = draw(strategies.weights(sizes, bound=bound))
    has_biases = draw(st.booleans()) if biased is None else biased
    bs = draw(strategies.biases(sizes, bound=bound)) if has_biases else None
    X, targets = draw(strategies.datasets(sizes[0], max_size=8, bound=bound))
    name = draw(st.sampled_from(losses))
    y = targets if name == "square" else np.where(targets >= 0, 1.0, -1.0)
    return sizes, ws, bs, X, y, dict(loss=name, activation=activation, degree=degree, biases=bs)


def _as_function(sizes, bs, fun):
    """``theta -> fun(weights, biases)`` over flat parameter vectors."""
    if bs is None:
        return lambda theta: fun(unflatten(theta, sizes), None)
    return lambda theta: fun(*unflatten(theta, sizes, biases=True))


def _pattern(ws, bs, X):
    """The signs of every hidden pre-activation (an independent little forward pass)."""
    signs, h = [], X
    for k, w in enumerate(ws[:-1]):
        u = h @ w.T + (0.0 if bs is None else bs[k])
        signs.append(np.sign(u))
        h = np.maximum(u, 0.0)
    return np.concatenate([s.ravel() for s in signs]) if signs else np.zeros(0)


def _smooth_near(sizes, ws, bs, X, kw, h):
    """False if a ReLU kink lies within 2h of theta along some coordinate (central differences would straddle it)."""
    if kw["activation"] != "relu":
        return True
    theta = flatten(ws, bs)
    pattern = _as_function(sizes, bs, lambda w, b: _pattern(w, b, X))
    here = pattern(theta)
    if np.any(here == 0):
        return False
    return all(np.array_equal(pattern(theta + s * h * e), here) for e in np.eye(theta.size) for s in (-2, -1, 1, 2))


def _central(fun, theta, h):
    """Central differences ``(fun(theta + h e_j) - fun(theta - h e_j)) / 2h`` as columns."""
    return np.stack([(fun(theta + h * e) - fun(theta - h * e)) / (2 * h) for e in np.eye(theta.size)], axis=-1)


def _absolute_output(ws, X, kw):
    """An upper bound on every partial sum of the forward pass: the net of |W_k|, |b_k| on |X|, with
    ``|sigma(u)|`` bounded through ``|u| <= z`` by z (relu, linear), min(z, 1) (tanh), 1 (logistic), z^k (poly)."""
    bound = {"relu": lambda z: z, "linear": lambda z: z, "tanh": lambda z: np.minimum(z, 1.0),
             "logistic": np.ones_like, "poly": lambda z: z ** (kw["degree"] or 1)}[kw["activation"]]
    h = np.abs(X)
    for k, w in enumerate(ws):
        h = h @ np.abs(w).T + (0.0 if kw["biases"] is None else np.abs(kw["biases"][k]))
        if k < len(ws) - 1:
            h = bound(h)
    return h[:, 0]


def _magnitudes(ws, X, y, kw):
    """Bounds on the magnitudes summed into the loss (a scalar) and into each gradient entry (a vector):
    sum_n |l_n| + |l'_n| F_n and sum_n (|l'_n| + |l''_n| F_n) |J_n|, with F_n the absolute output."""
    F = _absolute_output(ws, X, kw) + np.abs(y)
    f = forward(ws, X, activation=kw["activation"], degree=kw["degree"], biases=kw["biases"])
    J = np.abs(jacobian(ws, X, activation=kw["activation"], degree=kw["degree"], biases=kw["biases"]))
    e = np.exp(np.abs(f))  # bounds exp(-y f) and bounds the logistic loss's terms
    value, slope, curvature = {"square": ((f - y) ** 2, 2 * F, 2.0 * np.ones_like(f)),
                               "exp": (e, e, e), "logistic": (np.log1p(e), np.ones_like(f), np.ones_like(f))}[kw["loss"]]
    return np.sum(value + slope * F), (slope + curvature * F) @ J


def _rounds(sizes, n):
    """An upper count of the roundings on the longest chain of one derivative entry."""
    return 8 * (len(sizes) * (max(sizes) + 2) + n) + 16


def _matches_central_differences(problem, derivative, of, magnitude_of):
    """``derivative`` (a function like ``loss_gradient``) against central differences of ``of``.

    Truncation: D(h) - g = c h^2 + O(h^4) and D(2h) - g = 4 c h^2 + ..., so |D(2h) - D(h)| is about 3x
    the truncation error of D(h).  Rounding: each evaluation of ``of`` is within gamma_m * magnitude of
    its exact value (the magnitude of the terms it sums at theta, or of the values themselves where those
    vanish at theta), and the difference quotient divides that by h.
    """
    sizes, ws, bs, X, y, kw = problem
    h = 1e-5
    assume(_smooth_near(sizes, ws, bs, X, kw, h))
    fun = _as_function(sizes, bs, lambda w, b: of(w, X, y, **{**kw, "biases": b}))
    theta = flatten(ws, bs)
    d1, d2 = _central(fun, theta, h), _central(fun, theta, 2 * h)
    values = [np.max(np.abs(fun(theta + s * h * e))) for e in np.eye(theta.size) for s in (-2, -1, 1, 2)]
    magnitude = max(magnitude_of(_magnitudes(ws, X, y, kw)), *values)
    tolerance = np.abs(d2 - d1) + 2 * gamma(_rounds(sizes, len(y))) * magnitude / h
    assert np.all(np.abs(derivative(ws, X, y, **kw) - d1) <= tolerance)


@PROPERTIES
@given(problems())
def test_gradient_matches_central_differences(problem):
    _matches_central_differences(problem, loss_gradient, loss, lambda m: m[0])


@PROPERTIES
@given(problems())
def test_hessian_matches_central_differences_of_the_gradient(problem):
    _matches_central_differences(problem, loss_hessian, loss_gradient, lambda m: np.max(m[1]))


@PROPERTIES
@given(problems(), st.integers(0, 2**32 - 1))
def test_hessian_is_symmetric_and_hvp_is_its_product(problem, seed):
    sizes, ws, bs, X, y, kw = problem
    H = loss_hessian(ws, X, y, **kw)
    assert np.array_equal(H, H.T)  # filled once and mirrored: exactly symmetric
    v = np.random.default_rng(seed).normal(size=H.shape[0])
    # Both sides are sums of the same products in different orders, each within gamma_m of the absolute
    # sum; |H| |v| bounds it where H has no cancellation, and the gradient magnitudes times |v| where it has.
    m = _rounds(sizes, len(y)) * (H.shape[0] + 1)
    _, magnitude = _magnitudes(ws, X, y, kw)
    scale = np.abs(H) @ np.abs(v) + np.max(magnitude) * np.abs(v).sum()
    assert np.all(np.abs(hvp(ws, X, y, v, **kw) - H @ v) <= 2 * gamma(m) * scale)


@PROPERTIES
@given(problems(losses=("square",)))
def test_at_an_interpolating_point_the_hessian_is_2_JtJ(problem):
    sizes, ws, bs, X, _, kw = problem
    y = forward(ws, X, activation=kw["activation"], degree=kw["degree"], biases=bs)  # l' = 2 (f - y) = 0 exactly
    H = loss_hessian(ws, X, y, **kw)
    J = jacobian(ws, X, activation=kw["activation"], degree=kw["degree"], biases=bs)
    # H is (sqrt(2) J)^T (sqrt(2) J): each of the N products carries at most 6 roundings (sqrt(2), two scalings,
    # the product) and the sums N more, so both sides are within gamma_{N+6} 2 |J|^T |J| of 2 J^T J.
    assert np.all(np.abs(H - 2 * J.T @ J) <= 2 * gamma(len(y) + 6) * 2 * np.abs(J).T @ np.abs(J))
    assert np.array_equal(H, gauss_newton(ws, X, y, **kw))


@PROPERTIES
@given(problems(activations=[("relu", None)], losses=("square",), biased=False))
def test_euler_identity_for_the_jacobian(problem):
    sizes, ws, _, X, _, _ = problem
    K = len(ws)
    J = jacobian(ws, X)
    f = forward(ws, X)
    # J theta and K f agree in exact arithmetic (f is K-homogeneous); every partial product is bounded by
    # the absolute net's output, so each side is within gamma_m K |net|(|X|) of the exact value.
    absolute = forward([np.abs(w) for w in ws], np.abs(X), activation="linear")
    m = _rounds(sizes, 0) + J.shape[1]
    assert np.all(np.abs(J @ flatten(ws) - K * f) <= 2 * gamma(m) * K * absolute)


def test_relu_cross_layer_term_is_not_zero():
    """For ReLU the network's own Hessian is zero within a layer but not between layers."""
    W, X = [np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]])
    y = np.array([0.0])
    H, G = loss_hessian(W, X, y), gauss_newton(W, X, y)
    # L = (3 relu(2 x))^2 / ...: l' = 2 f = 12, and d^2 f / dw da = relu'(2) x = 1.
    assert H[0, 1] - G[0, 1] == 12.0
    assert H[0, 0] == G[0, 0] and H[1, 1] == G[1, 1]


def _mp_loss(ws, bs, X, y, activation, name):
    """The loss at 50 digits, written out from the definitions (no code shared with numerics)."""
    sigma = {"relu": lambda z: max(z, 0), "tanh": mpmath.tanh}[activation]
    total = mpmath.mpf(0)
    for x, t in zip(X, y):
        h = [mpmath.mpf(v) for v in x]
        for k, w in enumerate(ws):
            u = [mpmath.fsum(w[a][c] * h[c] for c in range(len(h))) + (bs[k][a] if bs else 0) for a in range(len(w))]
            h = u if k == len(ws) - 1 else [sigma(z) for z in u]
        f = h[0]
        total += {"square": (t - f) ** 2, "exp": mpmath.exp(-t * f), "logistic": mpmath.log1p(mpmath.exp(-t * f))}[name]
    return total


@pytest.mark.parametrize("activation, name, biased", [("relu", "square", False), ("tanh", "logistic", True),
                                                      ("relu", "exp", True)])
def test_hessian_against_mpmath_at_50_digits(activation, name, biased):
    sizes = [2, 3, 2, 1]
    rng = np.random.default_rng(5)
    ws = init(sizes, rng)
    bs = [rng.normal(size=n) for n in sizes[1:]] if biased else None
    X, y = rng.normal(size=(3, 2)), np.array([1.0, -1.0, 1.0])
    theta = flatten(ws, bs)
    H = loss_hessian(ws, X, y, loss=name, activation=activation, biases=bs)
    with mpmath.workdps(50):
        point = [mpmath.mpf(t) for t in theta]

        def L(*t):  # the flat order of numerics.conventions, sliced by hand over mpf entries
            w, b, start = [], [], 0
            for n_in, n_out in zip(sizes[:-1], sizes[1:]):
                w.append([list(t[start + a * n_in : start + (a + 1) * n_in]) for a in range(n_out)])
                start += n_in * n_out
                if biased:
                    b.append(list(t[start : start + n_out]))
                    start += n_out
            return _mp_loss(w, b if biased else None, X.tolist(), y.tolist(), activation, name)

        exact = np.array([[float(mpmath.diff(L, point, tuple(int(k in (i, j)) + int(i == j == k) for k in
                                                               range(len(point)))))
                           for j in range(len(point))] for i in range(len(point))])
    # mpmath.diff is accurate to far beyond float64 at 50 digits; our H is within a few ulps of |H| per entry.
    assert np.abs(H - exact).max() <= 1e-13 * np.abs(exact).max()


@pytest.mark.parametrize("fun", [loss_hessian, gauss_newton, lambda *a, **k: hvp(*a, np.ones(14), **k)])
@pytest.mark.parametrize("mutate, message", [
    (lambda ws, X, y: ([ws[0], ws[1].T, ws[2]], X, y), r"weights\[1\].shape=\(3, 2\) does not match width 3"),
    (lambda ws, X, y: (ws, X[:, :1], y), r"X.shape=\(3, 1\) does not match the input width 2"),
    (lambda ws, X, y: (ws, X, y[:2]), r"y.shape=\(2,\) does not match the expected shape \(3\)"),
    (lambda ws, X, y: (ws, np.where(X > 0, np.nan, X), y), "X contains NaN"),
    (lambda ws, X, y: ([ws[0], ws[1], ws[2] * np.inf], X, y), r"weights\[2\] contains"),
])
def test_bad_input_is_named(fun, mutate, message):
    ws, X, y = init([2, 3, 2, 1], 0), np.ones((3, 2)), np.ones(3)
    with pytest.raises(InvalidArgument, match=message):
        fun(*mutate(ws, X, y))


@pytest.mark.parametrize("fun", [loss_hessian, gauss_newton, lambda *a, **k: hvp(*a, np.ones(14), **k)])
def test_unknown_names_are_named(fun):
    ws, X, y = init([2, 3, 2, 1], 0), np.ones((3, 2)), np.ones(3)
    with pytest.raises(InvalidArgument, match="loss='hinge' is not one of"):
        fun(ws, X, y, loss="hinge")
    with pytest.raises(InvalidArgument, match="activation='elu' is not one of"):
        fun(ws, X, y, activation="elu")


def test_hvp_checks_the_direction():
    ws, X, y = init([2, 3, 2, 1], 0), np.ones((3, 2)), np.ones(3)
    with pytest.raises(InvalidArgument, match=r"v.shape=\(13,\) does not match the expected shape \(14\)"):
        hvp(ws, X, y, np.ones(13))
    with pytest.raises(InvalidArgument, match="v contains NaN"):
        hvp(ws, X, y, np.full(14, np.nan))


def test_overflow_is_an_error_not_a_nan():
    ws, X = [np.full((1, 1), 1e200), np.full((1, 1), 1e200)], np.ones((1, 1))
    with pytest.raises(InvalidArgument, match="overflow"):
        loss_hessian(ws, X, np.ones(1))
    with pytest.raises(InvalidArgument, match="loss='exp' or its derivatives overflow"):
        loss_hessian([np.full((1, 1), -800.0)], X, np.ones(1), loss="exp", activation="linear")

"""numerics.approximation: Remez against closed forms and linear programming, Bernstein, ReLU and sigmoid sums."""

import mpmath
import numpy as np
import pytest

from numerics import approximation
from numerics.errors import InvalidArgument


def test_remez_matches_closed_forms():
    best = approximation.remez(abs, 2)
    with mpmath.workdps(30):
        assert best.lower <= mpmath.mpf(1) / 8 <= best.error < (1 + mpmath.mpf(10) ** -25) / 8  # rtol 1e-25
    assert [float(c) for c in best.coefficients] == pytest.approx([0.125, 0.0, 1.0], abs=1e-30)
    with mpmath.workdps(40):
        e = mpmath.e
        line = (2 - e + (e - 1) * mpmath.log(e - 1)) / 2  # e^x on [0, 1] by a line
        assert abs(approximation.remez(mpmath.exp, 1, 0, 1).error - line) < mpmath.mpf(10) ** -25
    with mpmath.workdps(30):
        midrange = approximation.remez(mpmath.exp, 0, 0, 1)
        assert abs(midrange.error - (mpmath.e - 1) / 2) < mpmath.mpf(10) ** -25


@mpmath.workdps(30)  # the result carries 30 digits: compare at that precision
def test_remez_certifies_its_error_and_keeps_the_chebyshev_form():
    result = approximation.remez(mpmath.cos, 5, -2, 3)
    assert result.lower <= result.error <= result.lower * (1 + mpmath.mpf(10) ** -24)
    assert len(result.reference) == 5 + 2 and result.iterations >= 1
    for x in (mpmath.mpf(-2), mpmath.mpf("0.3"), mpmath.mpf(3)):
        t = (2 * x - 1) / 5
        chebyshev = sum(c * mpmath.chebyt(j, t) for j, c in enumerate(result.chebyshev))
        monomial = sum(c * x**k for k, c in enumerate(result.coefficients))
        assert abs(chebyshev - monomial) < mpmath.mpf(10) ** -25
        assert abs(mpmath.cos(x) - monomial) <= result.error * (1 + mpmath.mpf(10) ** -20)
    # the error alternates in sign on the reference, with magnitude error
    signs = [mpmath.sign(mpmath.cos(x) - sum(c * x**k for k, c in enumerate(result.coefficients)))
             for x in result.reference]
    assert all(s * t < 0 for s, t in zip(signs, signs[1:]))


def test_remez_agrees_with_linear_programming_and_the_even_reduction():
    # An independent algorithm: the LP minimax on a fine Chebyshev grid bounds E_n from below, and tightly.
    x = np.cos(np.pi * np.arange(4001) / 4000)
    lp, _ = approximation.minimax_fit(np.abs(x), np.polynomial.chebyshev.chebvander(x, 4))
    remez = approximation.remez(abs, 4).error
    assert lp <= float(remez) < lp + 1e-6 and round(float(remez), 6) == 0.067621  # reference
    even = approximation.remez(mpmath.sqrt, 3, 0, 1).error  # E_6(|x|) = E_3(sqrt t) on [0, 1]
    assert abs(approximation.remez(abs, 6).error - even) < mpmath.mpf(10) ** -25


def test_remez_returns_zero_error_for_polynomials():
    result = approximation.remez(lambda x: 3 * x**3 - x + 2, 4)
    assert result.error < mpmath.mpf(10) ** -30
    assert [round(float(c), 12) for c in result.coefficients] == [2.0, -1.0, 0.0, 3.0, 0.0]


@pytest.mark.parametrize("call, message", [
    (lambda: approximation.remez(abs, -1), "degree=-1"),
    (lambda: approximation.remez(abs, 2, 1, 1), "a < b"),
    (lambda: approximation.remez(abs, 2, dps=10), "dps=10"),
    (lambda: approximation.remez(lambda x: mpmath.nan, 2), "not finite"),
    (lambda: approximation.remez(lambda x: mpmath.mpc(1, 1), 2), "not a real number"),
    (lambda: approximation.remez("abs", 2), "callable"),
])
def test_remez_rejects_bad_input(call, message):
    with pytest.raises(InvalidArgument, match=message):
        call()


def test_bernstein_moments_and_reference_values():
    x = np.linspace(0, 1, 101)
    assert np.allclose(approximation.bernstein(np.square, 7, x), x**2 + x * (1 - x) / 7, atol=1e-15)
    assert approximation.bernstein(lambda t: 2 * t + 1, 3, x) == pytest.approx(2 * x + 1)  # affine: reproduced
    with pytest.raises(InvalidArgument, match=r"\[0, 1\]"):
        approximation.bernstein(np.square, 3, [1.5])
    with pytest.raises(InvalidArgument, match="shape"):
        approximation.bernstein(lambda t: 1.0, 3, [0.5, 0.6])


def test_relu_interpolant_interpolates_and_rejects_unsorted_knots():
    rng = np.random.default_rng(0)
    knots = np.sort(rng.uniform(-3, 3, 9))
    values = rng.standard_normal(9)
    alpha, beta, t, c = approximation.relu_interpolant(knots, values)
    x = np.linspace(knots[0], knots[-1], 1001)
    assert np.allclose(approximation.relu_sum(x, alpha, beta, t, c), np.interp(x, knots, values), atol=1e-12)
    with pytest.raises(InvalidArgument, match="increasing"):
        approximation.relu_interpolant([0, 2, 1], [0, 0, 0])


def test_sigmoid_staircase_reference_values():
    # reference: 0.25041, 0.025257, 0.0024712 for sin 2 pi x on 10001 points
    x = np.linspace(0, 1, 10001)
    errors = [np.abs(approximation.sigmoid_staircase(lambda t: np.sin(2 * np.pi * t), N, x)
                     - np.sin(2 * np.pi * x)).max() for N in (10, 100, 1000)]
    assert [round(e, 7) for e in errors] == [0.2504147, 0.0252570, 0.0024712] or np.allclose(
        errors, [0.25041, 0.025257, 0.0024712], rtol=1e-4)


def test_minimax_fit_span_and_cone():
    x = np.linspace(0, 1, 201)
    logistic = 1 / (1 + np.exp(-np.outer(x, np.linspace(-5, 5, 11))))
    error, c = approximation.minimax_fit(-np.ones_like(x), logistic, nonnegative=True)
    assert error == pytest.approx(1.0) and np.all(c >= 0)  # positive sums never come near -1
    error, c = approximation.minimax_fit(x**3, np.polynomial.polynomial.polyvander(x, 2))
    assert error == pytest.approx(1 / 32, abs=1e-9)  # reference: E_2(x^3) on [0, 1]
    assert np.abs(np.polynomial.polynomial.polyvander(x, 2) @ c - x**3).max() == pytest.approx(error)


def test_linear_pieces_counts_each_kink_once():
    # reference: 1-hidden-layer nets with N units have N + 1 pieces when their breakpoints lie inside
    rng = np.random.default_rng(5)
    for N in (3, 7, 20):
        w = rng.uniform(0.5, 2, N)
        W, b = [w[:, None], rng.choice([-1.0, 1.0], (1, N))], [-w * rng.uniform(-0.9, 0.9, N), np.zeros(1)]
        kinks = approximation.linear_pieces(W, b, -1, 1)
        assert len(kinks) + 1 == N + 1 and np.allclose(np.sort(kinks), np.sort(-b[0] / w))
    # a unit that never changes sign on the interval adds no kink
    assert approximation.linear_pieces([np.ones((1, 1)), np.ones((1, 1))], [np.array([5.0]), np.zeros(1)],
                                       -1, 1).size == 0
    with pytest.raises(InvalidArgument, match="biases"):
        approximation.linear_pieces([np.ones((1, 1)), np.ones((1, 1))], None, 0, 1)

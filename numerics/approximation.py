"""Approximation of functions: best uniform polynomials, Bernstein polynomials, ReLU and sigmoid sums.

The constructive side of the universality theorems of the lectures:

- :func:`remez`: the best uniform (minimax) polynomial approximation of a
  continuous function on an interval, by the Remez exchange algorithm in mpmath
  at any precision, computed in the Chebyshev basis;
- :func:`bernstein`: the Bernstein polynomial ``B_n f`` of Weierstrass's theorem;
- :func:`relu_interpolant`: the piecewise-linear interpolant of data as an
  affine part plus a sum of ReLU units ``c_i max(0, x - t_i)``, and
  :func:`relu_sum` to evaluate it;
- :func:`sigmoid_staircase`: Cybenko-style sums of steep sigmoids;
- :func:`minimax_fit`: the best uniform approximation on a grid from the span of
  given functions, by linear programming (HiGHS).

References: E. Ya. Remez, 1934; L. N. Trefethen, *Approximation Theory and
Approximation Practice*, SIAM 2013, chapters 10 and 25; R. Pachon, L. N.
Trefethen, "Barycentric-Remez algorithms for best polynomial approximation in
the chebfun system", BIT 49 (2009) 721-741; S. N. Bernstein, 1912 and 1914; R.
S. Varga, A. J. Carpenter, "On the Bernstein conjecture in approximation
theory", Constr. Approx. 1 (1985) 333-348; G. Cybenko, Math. Control Signals
Systems 2 (1989) 303-314.
"""

from typing import NamedTuple

import mpmath
import numpy as np

from numerics.errors import InvalidArgument, check_argument, check_array, check_int, check_positive
from numerics.nets import _check_net

__all__ = ["Minimax", "bernstein", "linear_pieces", "minimax_fit", "relu_interpolant", "relu_sum", "remez",
           "sigmoid_staircase"]


class Minimax(NamedTuple):
    """The result of :func:`remez`.

    Attributes
    ----------
    error : mpmath.mpf
        ``max |f - p|`` over ``[a, b]`` for the returned polynomial ``p``: an
        upper bound on the minimax error ``E_n(f)``.
    lower : mpmath.mpf
        ``min_i |f(x_i) - p(x_i)|`` over the final reference, a lower bound on
        ``E_n(f)`` (de la Vallee Poussin); ``error - lower <= rtol error``.
    coefficients : tuple of mpmath.mpf
        ``p(x) = sum_k coefficients[k] x^k`` (monomial basis about 0).
    chebyshev : tuple of mpmath.mpf
        ``p(x) = sum_j chebyshev[j] T_j((2x - a - b) / (b - a))``.
    reference : tuple of mpmath.mpf
        The ``degree + 2`` points where ``f - p`` alternates in sign with
        magnitude within ``rtol`` of ``error``.
    iterations : int
        Exchange steps taken.
    """

    error: mpmath.mpf
    lower: mpmath.mpf
    coefficients: tuple
    chebyshev: tuple
    reference: tuple
    iterations: int


def _clenshaw(c, t):
    """``sum_j c[j] T_j(t)`` by Clenshaw's recurrence."""
    b1 = b2 = mpmath.mpf(0)
    for cj in reversed(c[1:]):
        b1, b2 = 2 * t * b1 - b2 + cj, b1
    return t * b1 - b2 + c[0]


def _chebyshev_to_monomial(c, a, b):
    """Monomial coefficients in x of ``sum_j c[j] T_j(alpha x + beta)``, ``alpha x + beta = (2x - a - b)/(b - a)``."""
    alpha, beta = 2 / (b - a), -(a + b) / (b - a)
    u = [beta, alpha]  # t as a polynomial in x
    n = len(c)
    result = [mpmath.mpf(0)] * n
    previous, current = [mpmath.mpf(1)], u[:]  # T_0, T_1 as polynomials in x

    def add(target, poly, factor):
        for k, coefficient in enumerate(poly):
            target[k] += factor * coefficient

    add(result, previous, c[0])
    if n > 1:
        add(result, current, c[1])
    for j in range(2, n):
        following = [mpmath.mpf(0)] * (j + 1)  # 2 t T_{j-1} - T_{j-2}
        for k, coefficient in enumerate(current):
            following[k] += 2 * beta * coefficient
            following[k + 1] += 2 * alpha * coefficient
        for k, coefficient in enumerate(previous):
            following[k] -= coefficient
        previous, current = current, following
        add(result, current, c[j])
    return result


def _maximize(h, left, right, tolerance, value_tolerance):
    """A maximizer of `h` on ``[left, right]`` by golden-section search (the ends included).

    The bracket shrinks below `tolerance` (enough for the value at a smooth
    maximum, where it is quadratic in the position), and further while its two
    inner values differ by more than `value_tolerance` (a kink, where the value
    is linear in the position).
    """
    ratio = (mpmath.sqrt(5) - 1) / 2
    lo, hi = left, right
    x1, x2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    h1, h2 = h(x1), h(x2)
    floor = 4 * mpmath.eps * (1 + abs(left) + abs(right))
    while hi - lo > tolerance or (abs(h1 - h2) > value_tolerance and hi - lo > floor):
        if h1 >= h2:
            hi, x2, h2 = x2, x1, h1
            x1 = hi - ratio * (hi - lo)
            h1 = h(x1)
        else:
            lo, x1, h1 = x1, x2, h2
            x2 = lo + ratio * (hi - lo)
            h2 = h(x2)
    return max(((h(left), left), (h1, x1), (h2, x2), (h(right), right)), key=lambda pair: pair[0])[1]


def _alternating_extrema(points, values):
    """One point per run of equal sign (its largest |value|), as indices into `points`."""
    chosen = []
    for i, v in enumerate(values):
        if v == 0:
            continue
        if chosen and mpmath.sign(values[chosen[-1]]) == mpmath.sign(v):
            if abs(v) > abs(values[chosen[-1]]):
                chosen[-1] = i
        else:
            chosen.append(i)
    return chosen


def _trim(indices, values, count):
    """Drop extrema until `count` remain, keeping the signs alternating and the largest |value|."""
    indices = list(indices)
    while len(indices) > count:
        magnitudes = [abs(values[i]) for i in indices]
        if len(indices) == count + 1:
            del indices[0 if magnitudes[0] < magnitudes[-1] else -1]
            continue
        k = min(range(len(indices)), key=magnitudes.__getitem__)
        if k == 0 or k == len(indices) - 1:
            del indices[k]
        else:  # remove k with its smaller neighbour: the signs still alternate
            neighbour = k - 1 if magnitudes[k - 1] < magnitudes[k + 1] else k + 1
            for j in sorted((k, neighbour), reverse=True):
                del indices[j]
    return indices


def remez(f, degree, a=-1, b=1, *, dps=30, rtol=None, max_iterations=50, samples=12):
    r"""Best uniform polynomial approximation of a continuous `f` on ``[a, b]`` by the Remez algorithm.

    Finds the polynomial ``p`` of degree at most `degree` minimizing
    ``max_{a <= x <= b} |f(x) - p(x)|`` (unique by Chebyshev's alternation
    theorem: ``f - p`` equioscillates on ``degree + 2`` points).  Each step
    solves the levelled-error system ``p(x_i) + (-1)^i E = f(x_i)`` on the
    current reference in the Chebyshev basis of ``[a, b]`` (whose conditioning
    does not grow with the degree as the monomial basis does), locates the
    local extrema of ``f - p`` (sampling `samples` points between consecutive
    reference points, then golden-section search to a relative tolerance of
    ``10^(-dps/2)``, which fixes the extreme *values* to about `dps` digits),
    and exchanges the reference for ``degree + 2`` alternating extrema that
    include the largest (multi-point exchange).  All arithmetic is in mpmath at
    `dps` decimal digits (raised internally by 10 guard digits).

    Convergence criterion: the iteration stops when ``error - lower <= rtol *
    error``, where ``error = max |f - p|`` over the located extrema and ``lower
    = min |f - p|`` over the new reference.  By de la Vallee Poussin's theorem
    ``lower <= E_n(f) <= error``, so the returned `error` is the minimax error
    to a relative accuracy `rtol` (provided the sampling resolves every local
    extremum of ``f - p``, which holds for continuous `f` once ``f - p`` is
    close to equioscillation).  Convergence is quadratic for smooth `f` and
    slower, but steady, for `f` with kinks or singular derivatives such as
    ``|x|`` or ``sqrt(x)``.

    Parameters
    ----------
    f : callable
        ``f(x)`` for an mpmath number ``x`` in ``[a, b]``, returning a real
        number; continuous on ``[a, b]``.
    degree : int
        The degree ``n >= 0``.
    a, b : real
        The interval, ``a < b``, finite.
    dps : int
        Decimal digits of the result (``>= 15``).
    rtol : real, optional
        The convergence tolerance; default ``10^(5 - dps)``.
    max_iterations : int
        Exchange steps before giving up.
    samples : int
        Sample points between consecutive reference points.

    Returns
    -------
    Minimax
        Its numbers carry `dps` digits: compute with them inside
        ``mpmath.workdps(dps)`` to keep them.

    Raises
    ------
    InvalidArgument
        On a malformed argument, or when `f` returns a non-finite or complex
        value.
    ArithmeticError
        When the iteration does not meet the criterion within `max_iterations`
        steps or loses the alternation (a discontinuous `f`, or too few
        `samples`); the message gives the last ``error`` and ``lower``.

    Examples
    --------
    The best quadratic for ``|x|`` on ``[-1, 1]`` is ``x^2 + 1/8``, with error ``1/8``:

    >>> best = remez(abs, 2)
    >>> mpmath.nstr(best.error, 15), [mpmath.nstr(mpmath.chop(c), 15) for c in best.coefficients]
    ('0.125', ['0.125', '0.0', '1.0'])

    ``e^x`` on ``[0, 1]`` by a line: the error is ``(2 - e + (e - 1) ln(e - 1)) / 2``.

    >>> mpmath.nstr(remez(mpmath.exp, 1, 0, 1).error, 15)
    '0.105933416257783'

    References
    ----------
    E. Ya. Remez, "Sur le calcul effectif des polynomes d'approximation de
    Tschebyscheff", C. R. Acad. Sci. Paris 199 (1934) 337-340; L. N. Trefethen,
    *Approximation Theory and Approximation Practice*, SIAM 2013, chapter 10.
    """
    degree = check_int(degree, "degree", minimum=0)
    dps = check_int(dps, "dps", minimum=15)
    max_iterations = check_int(max_iterations, "max_iterations", minimum=1)
    samples = check_int(samples, "samples", minimum=2)
    check_argument(callable(f), "f={!r} must be callable", f)
    with mpmath.workdps(dps + 10):
        try:
            a, b = mpmath.mpf(a), mpmath.mpf(b)
        except (TypeError, ValueError):
            raise InvalidArgument(f"a={a!r} and b={b!r} must be real numbers") from None
        check_argument(mpmath.isfinite(a) and mpmath.isfinite(b) and a < b,
                       "need finite a < b, got a={}, b={}", a, b)
        rtol = mpmath.mpf(10) ** (5 - dps) if rtol is None else mpmath.mpf(rtol)
        check_argument(0 < rtol < 1, "rtol={} must be in (0, 1)", rtol)
        half, mid = (b - a) / 2, (a + b) / 2

        def g(t):
            value = f(mid + half * t)
            try:
                value = mpmath.mpf(value)
            except (TypeError, ValueError):
                raise InvalidArgument(f"f({mid + half * t}) = {value!r} is not a real number") from None
            check_argument(mpmath.isfinite(value), "f({}) = {} is not finite", mid + half * t, value)
            return value

        n = degree + 2
        # Chebyshev extrema, warped by t + (1 - t^2) / 20 (monotone, ends fixed): a symmetric start would give a
        # zero levelled error for every even f when n is even, and no alternation to exchange.
        reference = [t + (1 - t**2) / 20 for t in (-mpmath.cos(mpmath.pi * i / (n - 1)) for i in range(n))]
        tolerance = mpmath.mpf(10) ** (-(dps + 10) // 2)
        for iteration in range(1, max_iterations + 1):
            matrix = mpmath.matrix(n, n)
            for i, t in enumerate(reference):
                previous, current = mpmath.mpf(1), t
                for j in range(degree + 1):
                    matrix[i, j] = previous
                    previous, current = current, 2 * t * current - previous
                matrix[i, degree + 1] = (-1) ** i
            solution = mpmath.lu_solve(matrix, mpmath.matrix([g(t) for t in reference]))
            c = [solution[j] for j in range(degree + 1)]

            def error(t):
                return g(t) - _clenshaw(c, t)

            grid = [reference[0]]
            for left, right in zip(reference, reference[1:]):
                grid.extend(left + (right - left) * k / samples for k in range(1, samples))
                grid.append(right)
            grid = [mpmath.mpf(-1)] + [t for t in grid if -1 < t < 1] + [mpmath.mpf(1)]
            values = [error(t) for t in grid]
            scale = max(abs(g(t)) for t in grid)
            if max(abs(v) for v in values) <= mpmath.mpf(10) ** -dps * scale:  # f is a polynomial of this degree
                upper = lower = max(abs(v) for v in values)
                break
            chosen = _alternating_extrema(grid, values)
            if len(chosen) < n:
                raise ArithmeticError(f"remez: the error alternates on only {len(chosen)} < {n} points at step "
                                      f"{iteration}; is f continuous?  Try more samples")
            refined, refined_values = [], []
            for i in chosen:
                sign = mpmath.sign(values[i])
                left, right = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
                t = _maximize(lambda s: sign * error(s), left, right, tolerance, rtol * abs(values[i]) / 16)
                refined.append(t)
                refined_values.append(error(t))
            keep = _trim(range(len(refined)), refined_values, n)
            reference = [refined[i] for i in keep]
            magnitudes = [abs(refined_values[i]) for i in keep]
            upper, lower = max(abs(v) for v in refined_values), min(magnitudes)
            if upper - lower <= rtol * upper:
                break
        else:
            raise ArithmeticError(f"remez: no convergence in {max_iterations} steps (error {mpmath.nstr(upper, 8)}, "
                                  f"lower bound {mpmath.nstr(lower, 8)})")
        coefficients = _chebyshev_to_monomial(c, a, b) if degree else [c[0]]
    with mpmath.workdps(dps):
        result = Minimax(+upper, +lower, tuple(+x for x in coefficients), tuple(+x for x in c),
                         tuple(mid + half * t for t in reference), iteration)
    return result


def _function_values(f, x, name="f"):
    values = np.asarray(f(x), dtype=float)
    check_argument(values.shape == x.shape, "{}(x) has shape {}, expected {}", name, values.shape, x.shape)
    check_argument(bool(np.all(np.isfinite(values))), "{}(x) is not finite everywhere", name)
    return values


def bernstein(f, n, x):
    r"""The Bernstein polynomial ``B_n f(x) = sum_k f(k/n) C(n, k) x^k (1 - x)^(n - k)`` on ``[0, 1]``.

    The constructive proof of Weierstrass's theorem (Bernstein 1912): for ``f``
    continuous on ``[0, 1]``, ``B_n f -> f`` uniformly, with ``||B_n f - f|| <=
    (3/2) omega_f(n^(-1/2))`` (Popoviciu 1935).  The binomial weights come from
    :func:`scipy.stats.binom.pmf`, stable for ``n`` in the thousands.

    Parameters
    ----------
    f : callable
        Vectorised: ``f(array)`` returns an array of the same shape.
    n : int
        The degree, ``>= 1``.
    x : array_like
        Points of ``[0, 1]``.

    Returns
    -------
    numpy.ndarray
        ``B_n f(x)``, with the shape of `x`.

    Examples
    --------
    >>> bernstein(lambda t: t**2, 5, [0.0, 0.5, 1.0])  # x^2 + x (1 - x) / 5
    array([0. , 0.3, 1. ])
    >>> round(float(bernstein(lambda t: abs(t - 0.5), 10, 0.5)) * 512, 9)  # 63/512
    63.0
    """
    from scipy.stats import binom

    n = check_int(n, "n", minimum=1)
    x = check_array(x, "x")
    check_argument(bool(np.all((0 <= x) & (x <= 1))), "x must lie in [0, 1], got values in [{}, {}]",
                   x.min() if x.size else 0, x.max() if x.size else 0)
    k = np.arange(n + 1)
    weights = binom.pmf(k, n, x.reshape(-1, 1))
    return (weights @ _function_values(f, k / n)).reshape(x.shape)


def relu_interpolant(knots, values):
    r"""The piecewise-linear interpolant of ``(knots, values)`` as ``alpha + beta x + sum_i c_i max(0, x - t_i)``.

    Obtained by solving the interpolation conditions, a lower-triangular system
    (the unit ``max(0, x - t_i)`` vanishes at the knots up to ``t_i``): ``alpha,
    beta`` fit the first two knots and each further knot fixes one coefficient.
    On ``[t_0, t_k]`` the sum equals the interpolant exactly; a one-hidden-layer
    ReLU net with biases and ``k - 1`` hidden units computes it.

    Parameters
    ----------
    knots : array_like, shape (k + 1,)
        Strictly increasing, ``k >= 1``.
    values : array_like, shape (k + 1,)

    Returns
    -------
    tuple
        ``(alpha, beta, t, c)``: floats and the arrays of the interior knots
        ``t = knots[1:-1]`` and their coefficients.

    Examples
    --------
    ``x^2`` on the knots ``0, 1/2, 1``: ``x/2 + max(0, x - 1/2)``.

    >>> alpha, beta, t, c = relu_interpolant([0, 0.5, 1], [0, 0.25, 1])
    >>> alpha, beta, t.tolist(), c.tolist()
    (0.0, 0.5, [0.5], [1.0])
    """
    knots = check_array(knots, "knots", ndim=1)
    values = check_array(values, "values", shape=knots.shape)
    check_argument(knots.size >= 2, "need at least two knots, got {}", knots.size)
    check_argument(bool(np.all(np.diff(knots) > 0)), "knots must be strictly increasing")
    beta = (values[1] - values[0]) / (knots[1] - knots[0])
    alpha = values[0] - beta * knots[0]
    t = knots[1:-1]
    c = np.zeros(t.size)
    for j in range(2, knots.size):  # row j of the triangular system: the value at knot j
        partial = alpha + beta * knots[j] + c[: j - 2] @ (knots[j] - t[: j - 2])
        c[j - 2] = (values[j] - partial) / (knots[j] - t[j - 2])
    return float(alpha), float(beta), t, c


def relu_sum(x, alpha, beta, t, c):
    """Evaluate ``alpha + beta x + sum_i c_i max(0, x - t_i)``.

    Examples
    --------
    >>> relu_sum([0.0, 0.25, 0.75], 0.0, 0.5, [0.5], [1.0])
    array([0.   , 0.125, 0.625])
    """
    x = check_array(x, "x")
    t = check_array(t, "t", ndim=1)
    c = check_array(c, "c", shape=t.shape)
    return alpha + beta * x + np.maximum(0.0, x[..., None] - t) @ c


def sigmoid_staircase(f, N, x, *, steepness=50.0):
    r"""Cybenko's constructive approximation of `f` on ``[0, 1]`` by ``N`` logistic units.

    ``h_N(x) = f(0) + sum_{k=1}^N (f(k/N) - f((k-1)/N)) s(M (x - (k - 1/2)/N))``
    with ``s`` the logistic function and ``M = steepness N``: a staircase through
    the values ``f(k/N)`` whose steps are smoothed sigmoids.  Its error is at
    most ``omega_f(1/N)`` plus the sigmoid tails (``2 pi / N`` for ``sin 2 pi x``).

    Parameters
    ----------
    f : callable
        Vectorised on arrays.
    N : int
        Units, ``>= 1``.
    x : array_like
        Points of ``[0, 1]``.
    steepness : float
        ``M / N``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> x = np.linspace(0, 1, 10001)
    >>> round(float(np.abs(sigmoid_staircase(lambda t: np.sin(2 * np.pi * t), 10, x)
    ...                    - np.sin(2 * np.pi * x)).max()), 5)
    0.25041
    """
    from scipy.special import expit

    N = check_int(N, "N", minimum=1)
    steepness = check_positive(steepness, "steepness")
    x = check_array(x, "x")
    grid = _function_values(f, np.arange(N + 1) / N)
    centres = (np.arange(1, N + 1) - 0.5) / N
    return grid[0] + expit(steepness * N * (x[..., None] - centres)) @ np.diff(grid)


def minimax_fit(target, basis, *, nonnegative=False):
    r"""The best uniform approximation of `target` on a grid from the span of the columns of `basis`.

    Solves the linear program ``min e`` subject to ``-e <= target - basis @ c <= e``
    with HiGHS (:func:`scipy.optimize.linprog`).  On a grid the result is a lower
    bound on the error over the whole domain (the grid only removes
    constraints); it converges to it as the grid is refined.

    Parameters
    ----------
    target : array_like, shape (m,)
        The function's values at the grid points.
    basis : array_like, shape (m, p)
        The spanning functions' values at the same points.
    nonnegative : bool
        Restrict to the cone ``c >= 0`` instead of the span.

    Returns
    -------
    tuple
        ``(error, coefficients)``.

    Raises
    ------
    ArithmeticError
        If HiGHS does not report an optimal solution.

    Examples
    --------
    The best constant for ``x^2`` on ``[-1, 1]`` is ``1/2``, with error ``1/2``:

    >>> x = np.linspace(-1, 1, 201)
    >>> error, c = minimax_fit(x**2, np.ones((201, 1)))
    >>> round(error, 12), np.round(c, 12).tolist()
    (0.5, [0.5])
    """
    from scipy.optimize import linprog

    target = check_array(target, "target", ndim=1)
    basis = check_array(basis, "basis", ndim=2)
    check_argument(basis.shape[0] == target.size, "basis has {} rows for {} target values", basis.shape[0],
                   target.size)
    columns = basis
    if not nonnegative:  # the span has an orthonormal basis: dependent columns make HiGHS fail, this cannot
        U, singular, Vt = np.linalg.svd(basis, full_matrices=False)
        rank = int(np.sum(singular > max(basis.shape) * np.finfo(float).eps * singular[0])) if singular.size else 0
        columns = U[:, :rank]
    m, p = columns.shape
    ones = np.ones((m, 1))
    # variables (c, e): columns c - e <= target and -columns c - e <= -target
    A = np.block([[columns, -ones], [-columns, -ones]])
    cost = np.zeros(p + 1)
    cost[-1] = 1.0
    for method in ("highs-ds", "highs-ipm"):  # the interior-point method when the simplex gives up
        result = linprog(cost, A_ub=A, b_ub=np.concatenate([target, -target]),
                         bounds=[(0 if nonnegative else None, None)] * p + [(0, None)], method=method)
        if result.status == 0:
            break
    else:
        raise ArithmeticError(f"minimax_fit: the linear program was not solved: {result.message}")
    c = result.x[:-1] if nonnegative else Vt[:rank].T @ (result.x[:-1] / singular[:rank])
    return float(result.x[-1]), c


def linear_pieces(weights, biases, a, b, *, rtol=1e-9):
    r"""The kinks of a ReLU net with scalar input on ``[a, b]``: where its slope really changes.

    Layer by layer, the pre-activations are affine between the current
    breakpoints, so each sign change of a unit inside an interval adds one
    breakpoint (its root, by linear interpolation, exact up to rounding).  At
    the end the output is affine between consecutive breakpoints, and a
    breakpoint is a kink when the slopes on its two sides differ by more than
    ``rtol (1 + max |slope|)`` (a unit whose kink is cancelled by another, or
    that never changes sign, adds none).  The number of affine pieces is the
    number of kinks plus one.  Unlike counting slope changes on a grid, no kink
    is counted twice when it falls inside a grid cell.

    Parameters
    ----------
    weights, biases : list of array_like
        A net of :mod:`numerics.nets` with input dimension 1 and biases.
    a, b : float
        The interval, ``a < b``.
    rtol : float
        Relative tolerance on slope changes.

    Returns
    -------
    numpy.ndarray
        The kinks in ``(a, b)``, sorted.

    Examples
    --------
    The tent map ``2 relu(x) - 4 relu(x - 1/2)`` on ``[0, 1]``, and twice composed:

    >>> W, B = [np.array([[1.0], [1.0]]), np.array([[2.0, -4.0]])], [np.array([0.0, -0.5]), np.zeros(1)]
    >>> linear_pieces(W, B, 0, 1)
    array([0.5])
    >>> W2 = [W[0], np.array([[2.0, -4.0], [2.0, -4.0]]), W[1]]
    >>> linear_pieces(W2, [B[0], np.array([0.0, -0.5]), B[1]], 0, 1)
    array([0.25, 0.5 , 0.75])
    """
    check_argument(biases is not None, "linear_pieces needs the biases of the net (a bias-free net has one kink)")
    weights, _, biases = _check_net(weights, np.zeros((1, 1)), biases)
    check_argument(weights[0].shape[1] == 1, "the net must have a scalar input, got {} inputs", weights[0].shape[1])
    rtol = check_positive(rtol, "rtol")
    a, b = float(a), float(b)
    check_argument(np.isfinite(a) and np.isfinite(b) and a < b, "need finite a < b, got a={}, b={}", a, b)

    def hidden(x, depth):  # the post-activations of layer `depth` at the points x, shape (len(x), n)
        h = x[:, None]
        for W, v in zip(weights[:depth], biases[:depth]):
            h = np.maximum(0.0, h @ W.T + v)
        return h

    points = np.array([a, b])
    for depth in range(len(weights) - 1):
        z = hidden(points, depth) @ weights[depth].T + biases[depth]  # affine between consecutive points
        left, right = z[:-1], z[1:]
        i, unit = np.nonzero(left * right < 0)
        roots = points[i] + (points[i + 1] - points[i]) * left[i, unit] / (left[i, unit] - right[i, unit])
        points = np.unique(np.concatenate([points, roots]))
    f = hidden(points, len(weights) - 1) @ weights[-1].T + biases[-1]
    slopes = np.diff(f[:, 0]) / np.diff(points)
    change = np.abs(np.diff(slopes)) > rtol * (1 + np.abs(slopes).max(initial=0.0))
    return points[1:-1][change]

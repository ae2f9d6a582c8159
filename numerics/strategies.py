"""Hypothesis strategies for networks and data sets, in the style of ``hypothesis.extra.numpy``.

Bounds are keyword-only and checked when the strategy is built, so a bad
argument fails at once with :class:`numerics.errors.InvalidArgument`.  Floats are
finite; entries smaller in magnitude than ``1e-6 * bound`` are drawn as exact
zeros, so that products along deep paths never underflow (which would void the
rounding-error bounds the checks rely on) while zero, the case that matters for
ReLU kinks, stays likely.

Examples
--------
>>> from hypothesis import given
>>> @given(architectures(max_depth=2).flatmap(weights))
... def test_forward_shape(ws):
...     import numpy as np
...     from numerics.nets import forward
...     assert forward(ws, np.ones((3, ws[0].shape[1]))).shape == (3,)
>>> test_forward_shape()
"""

import itertools

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from numerics.errors import InvalidArgument, check_choice, check_int, check_interval, check_positive
from numerics.nets import _check_sizes

__all__ = ["architectures", "biases", "datasets", "points_in_general_position", "polynomial_systems",
           "separable_datasets", "supports", "systems_with_roots", "weights"]


def _entries(bound):
    """Finite floats in [-bound, bound]; tiny magnitudes are drawn as 0.0."""
    tiny = 1e-6 * bound
    floats = st.floats(-bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    return floats.map(lambda v: v if abs(v) >= tiny else 0.0)


def architectures(*, min_depth=1, max_depth=3, min_width=1, max_width=8, min_input=1, max_input=4):
    """Layer sizes ``[d, n_1, ..., n_{K-1}, 1]`` of a scalar-output net.

    Parameters
    ----------
    min_depth, max_depth : int
        Bounds on the number of weight layers ``K`` (``K = 1`` is a linear model).
    min_width, max_width : int
        Bounds on each hidden width ``n_k``.
    min_input, max_input : int
        Bounds on the input dimension ``d``.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of list of int
    """
    min_depth = check_int(min_depth, "min_depth", minimum=1)
    max_depth = check_int(max_depth, "max_depth", minimum=1)
    min_width = check_int(min_width, "min_width", minimum=1)
    max_width = check_int(max_width, "max_width", minimum=1)
    min_input = check_int(min_input, "min_input", minimum=1)
    max_input = check_int(max_input, "max_input", minimum=1)
    check_interval(min_depth, max_depth, "min_depth", "max_depth")
    check_interval(min_width, max_width, "min_width", "max_width")
    check_interval(min_input, max_input, "min_input", "max_input")

    @st.composite
    def build(draw):
        depth = draw(st.integers(min_depth, max_depth))
        d = draw(st.integers(min_input, max_input))
        hidden = draw(st.lists(st.integers(min_width, max_width), min_size=depth - 1, max_size=depth - 1))
        return [d, *hidden, 1]

    return build()


def weights(sizes, *, bound=2.0):
    """The weight matrices ``W_k`` of shape ``(sizes[k], sizes[k-1])``, entries in ``[-bound, bound]``.

    Parameters
    ----------
    sizes : sequence of int
        ``[d, n_1, ..., 1]``, e.g. drawn from :func:`architectures`.
    bound : float
        The largest magnitude of an entry.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of list of numpy.ndarray
    """
    sizes = _check_sizes(sizes)
    bound = check_positive(bound, "bound")
    return st.tuples(
        *[arrays(np.float64, (n_out, n_in), elements=_entries(bound)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    ).map(list)


def biases(sizes, *, bound=2.0):
    """Per-layer bias vectors ``b_k`` of shape ``(sizes[k],)``, entries in ``[-bound, bound]``.

    Parameters
    ----------
    sizes : sequence of int
        ``[d, n_1, ..., 1]``.
    bound : float
        The largest magnitude of an entry.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of list of numpy.ndarray
    """
    sizes = _check_sizes(sizes)
    bound = check_positive(bound, "bound")
    return st.tuples(*[arrays(np.float64, (n,), elements=_entries(bound)) for n in sizes[1:]]).map(list)


def datasets(d, *, min_size=1, max_size=20, bound=2.0):
    """Regression data ``(X, y)``: ``X`` of shape ``(N, d)``, real targets ``y`` of shape ``(N,)``.

    Parameters
    ----------
    d : int
        The input dimension.
    min_size, max_size : int
        Bounds on the number of examples ``N``.
    bound : float
        The largest magnitude of an entry of ``X`` or ``y``.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of tuple (numpy.ndarray, numpy.ndarray)
    """
    d = check_int(d, "d", minimum=1)
    min_size = check_int(min_size, "min_size", minimum=1)
    max_size = check_int(max_size, "max_size", minimum=1)
    check_interval(min_size, max_size, "min_size", "max_size")
    bound = check_positive(bound, "bound")
    return st.integers(min_size, max_size).flatmap(
        lambda n: st.tuples(
            arrays(np.float64, (n, d), elements=_entries(bound)), arrays(np.float64, (n,), elements=_entries(bound))
        )
    )


def separable_datasets(d, *, min_size=1, max_size=20, bound=2.0, margin=0.1):
    """Labelled data ``(X, y)``, ``y`` in ``{-1, +1}``, separable through the origin with a margin.

    Some unit vector ``w*`` satisfies ``y_n <w*, x_n> >= margin`` for every n:
    points are drawn in ``[-bound, bound]^d`` and those closer than `margin` to the
    hyperplane ``<w*, x> = 0`` are pushed away from it along ``w*``.

    Parameters
    ----------
    d : int
        The input dimension.
    min_size, max_size : int
        Bounds on the number of examples ``N``.
    bound : float
        The largest magnitude of an entry before the push (at most ``bound + margin`` after).
    margin : float
        The guaranteed margin of ``w*``.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of tuple (numpy.ndarray, numpy.ndarray)
    """
    d = check_int(d, "d", minimum=1)
    margin = check_positive(margin, "margin")
    points = datasets(d, min_size=min_size, max_size=max_size, bound=bound).map(lambda data: data[0])
    direction = arrays(np.float64, (d,), elements=st.floats(-1.0, 1.0)).filter(lambda v: np.linalg.norm(v) > 0.1)

    def separate(pair):
        X, v = pair
        w = v / np.linalg.norm(v)
        s = X @ w
        y = np.where(s >= 0, 1.0, -1.0)
        X = X + ((y * np.maximum(margin - y * s, 0.0))[:, None] * w)  # now y_n <w, x_n> >= margin
        return X, y

    return st.tuples(points, direction).map(separate)


def _general_position(X, affine, tolerance):
    """Whether every d rows (affine: every d + 1 rows with a column of ones) are independent, with the smallest
    |determinant| of the row subsets, each scaled by the product of its row norms, above `tolerance`."""
    Y = np.column_stack([X, np.ones(len(X))]) if affine else X
    k = Y.shape[1]
    for rows in itertools.combinations(range(len(Y)), min(k, len(Y))):
        block = Y[list(rows)]
        if len(rows) == k:
            size = abs(np.linalg.det(block)) / np.prod(np.linalg.norm(block, axis=1))
        else:
            size = np.linalg.svd(block / np.linalg.norm(block, axis=1, keepdims=True), compute_uv=False).min()
        if not size > tolerance:
            return False
    return True


def points_in_general_position(d, *, min_size=1, max_size=8, affine=True, tolerance=1e-3):
    """Point sets ``X`` of shape ``(N, d)`` in general position, for Cover's theorem and VC checks.

    Homogeneous general position: every ``min(N, d)`` points are linearly
    independent; affine (``affine=True``, the default): also every ``min(N, d + 1)``
    points are affinely independent.  The points are Gaussian from a
    Hypothesis-chosen seed (general position holds with probability one), and a
    draw whose normalised minors are not all above `tolerance` is rejected, so
    the property is guaranteed, not just likely.

    Parameters
    ----------
    d : int
        The dimension.
    min_size, max_size : int
        Bounds on ``N`` (at most 12: the check enumerates row subsets).
    affine : bool
        Require affine general position too.
    tolerance : float
        The smallest acceptable normalised minor.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of numpy.ndarray

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(points_in_general_position(2, min_size=3, max_size=5))
    ... def test_three_points_are_not_collinear(X):
    ...     assert abs(np.linalg.det(np.column_stack([X[:3], np.ones(3)]))) > 0
    >>> test_three_points_are_not_collinear()
    """
    d = check_int(d, "d", minimum=1)
    min_size = check_int(min_size, "min_size", minimum=1)
    max_size = check_int(max_size, "max_size", minimum=1)
    check_interval(min_size, max_size, "min_size", "max_size")
    if max_size > 12:
        raise InvalidArgument(f"max_size={max_size} must be <= 12 (general position is checked on every subset)")
    tolerance = check_positive(tolerance, "tolerance")

    def draw(pair):
        n, seed = pair
        return np.random.default_rng(seed).standard_normal((n, d))

    def ok(X):
        return _general_position(X, False, tolerance) and (not affine or _general_position(X, True, tolerance))

    return st.tuples(st.integers(min_size, max_size), st.integers(0, 2**32 - 1)).map(draw).filter(ok)


def _dense(rng, n, degree):
    """A polynomial in ``n`` variables with every monomial of degree <= `degree`, complex normal coefficients."""
    exponents = np.array([e for e in np.ndindex(*(degree + 1,) * n) if sum(e) <= degree], np.int64)
    return exponents, rng.standard_normal(len(exponents)) + 1j * rng.standard_normal(len(exponents))


def _square_of_linear(rng, n):
    """``(c_0 + c . x)^2`` with complex normal ``c``: every solution of a system containing it is a double root."""
    c = rng.standard_normal(n + 1) + 1j * rng.standard_normal(n + 1)
    rows = np.vstack([np.zeros(n, np.int64), np.eye(n, dtype=np.int64)])
    exponents = (rows[:, None, :] + rows[None, :, :]).reshape(-1, n)
    return exponents, np.outer(c, c).ravel()


def _check_system_bounds(min_variables, max_variables, min_degree, max_degree):
    for value, name in ((min_variables, "min_variables"), (max_variables, "max_variables"),
                        (min_degree, "min_degree"), (max_degree, "max_degree")):
        check_int(value, name, minimum=1)
    check_interval(min_variables, max_variables, "min_variables", "max_variables")
    check_interval(min_degree, max_degree, "min_degree", "max_degree")


def polynomial_systems(*, min_variables=1, max_variables=3, min_degree=1, max_degree=3, structure="dense"):
    """Square polynomial systems ``(exponents, coefficients)`` per equation, for :func:`numerics.polynomials.solve`.

    Hypothesis draws the size, the degrees and a seed; the coefficients are
    complex normal draws from that seed, so that a system is generic with
    probability one (Hypothesis' own floats favour zeros and repeated values,
    which make systems degenerate).

    Parameters
    ----------
    min_variables, max_variables : int
        Bounds on ``n``, the number of variables and of equations.
    min_degree, max_degree : int
        Bounds on each equation's total degree.
    structure : {"dense", "squared"}
        ``"dense"``: every monomial of each equation's degree present, so the
        system has ``prod d_i`` regular finite solutions (generically).
        ``"squared"``: the first equation is the square of a linear form
        (degree 2), so every solution is a double root: ``prod d_i`` paths end
        at ``prod d_i / 2`` distinct solutions.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of tuple of (numpy.ndarray, numpy.ndarray)

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(polynomial_systems(max_variables=2))
    ... def test_square(system):
    ...     assert len(system) == system[0][0].shape[1]
    >>> test_square()
    """
    _check_system_bounds(min_variables, max_variables, min_degree, max_degree)
    check_choice(structure, "structure", ("dense", "squared"))

    @st.composite
    def build(draw):
        n = draw(st.integers(min_variables, max_variables))
        degrees = draw(st.lists(st.integers(min_degree, max_degree), min_size=n, max_size=n))
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        system = [_dense(rng, n, d) for d in degrees]
        if structure == "squared":
            system[0] = _square_of_linear(rng, n)
        return tuple(system)

    return build()


def systems_with_roots(*, min_variables=1, max_variables=3, min_degree=1, max_degree=3):
    """Square systems with known roots: ``(system, roots)``, ``roots`` of shape ``(prod d_i, n)``.

    ``F_i(x) = prod_k (u_i - r_ik)`` with ``u = M x`` for a random complex ``M``:
    the roots are ``M^-1 (r_1k_1, ..., r_nk_n)``, all regular, and the expanded
    ``F_i`` is dense in ``x``.
    """
    _check_system_bounds(min_variables, max_variables, min_degree, max_degree)

    @st.composite
    def build(draw):
        from numerics.polynomials import Polynomial

        n = draw(st.integers(min_variables, max_variables))
        degrees = draw(st.lists(st.integers(min_degree, max_degree), min_size=n, max_size=n))
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        M = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
        x = Polynomial.variables(n)
        values = [rng.standard_normal(d) + 1j * rng.standard_normal(d) for d in degrees]
        system = []
        for i, r in enumerate(values):
            u = sum(M[i, j] * x[j] for j in range(n))
            f = u - r[0]
            for value in r[1:]:
                f = f * (u - value)
            system.append(f.pair)
        grid = np.array(np.meshgrid(*values, indexing="ij")).reshape(n, -1).T
        return tuple(system), np.linalg.solve(M, grid.T).T

    return build()


def supports(n, *, min_points=1, max_points=5, max_degree=3):
    """``n`` supports of a sparse system in ``n`` variables: integer arrays ``(points, n)`` of distinct exponent vectors
    with entries in ``[0, max_degree]``, for :func:`numerics.polyhedral.mixed_volume`.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(supports(2))
    ... def test_shapes(A):
    ...     assert len(A) == 2 and all(a.shape[1] == 2 and len(a) == len(set(map(tuple, a))) for a in A)
    >>> test_shapes()
    """
    check_int(n, "n", minimum=1)
    check_int(min_points, "min_points", minimum=1)
    check_int(max_degree, "max_degree", minimum=0)
    check_interval(min_points, max_points, "min_points", "max_points")
    check_interval(min_points, (max_degree + 1) ** n, "min_points", "the number of exponent vectors")
    point = st.tuples(*[st.integers(0, max_degree)] * n)
    support = st.lists(point, min_size=min_points, max_size=max_points, unique=True).map(
        lambda rows: np.array(rows, np.int64).reshape(len(rows), n))
    return st.tuples(*[support] * n).map(list)

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

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from numerics.errors import check_int, check_interval, check_positive
from numerics.nets import _check_sizes

__all__ = ["architectures", "biases", "datasets", "separable_datasets", "weights"]


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

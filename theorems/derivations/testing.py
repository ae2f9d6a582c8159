"""Property-based validation of a user's own claims, for their pytest suites.

:func:`assert_identity` runs a claimed identity ``lhs(example) == rhs(example)`` on examples drawn by a Hypothesis
strategy (those of :mod:`numerics.strategies` draw architectures, weights, data sets and polynomial systems) and
fails the way a Hypothesis test fails, with the smallest example that breaks it (Hypothesis shrinks the first one it
finds), in a message of its own: the example, both sides and the largest difference.

Examples
--------
>>> import numpy as np
>>> from hypothesis import strategies as st
>>> from numerics.nets import forward
>>> from numerics.strategies import architectures, weights
>>> def scaled(ws):  # a ReLU net is positively homogeneous in its first layer
...     return forward([2 * ws[0], *ws[1:]], np.ones((1, ws[0].shape[1])))
>>> def doubled(ws):
...     return 2 * forward(ws, np.ones((1, ws[0].shape[1])))
>>> assert_identity(scaled, doubled, architectures(max_depth=2).flatmap(weights), max_examples=20, seed=0)
"""

import numpy as np
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.strategies import SearchStrategy

from numerics.errors import check_argument, check_int

__all__ = ["assert_identity"]


def _as_function(side, name):
    """A callable of one example; a SymPy expression is evaluated at a ``{symbol name: value}`` example."""
    if callable(side) and not isinstance(side, sp.Basic):
        return side
    check_argument(isinstance(side, sp.Basic), f"{name} must be a callable or a SymPy expression, not {side!r}")
    symbols = sorted(side.free_symbols, key=lambda s: s.name)
    function = sp.lambdify(symbols, side, modules="numpy")

    def evaluate(example):
        check_argument(isinstance(example, dict), f"{name} is a SymPy expression: the strategy must draw dicts "
                       "from symbol names to values")
        missing = [s.name for s in symbols if s.name not in example]
        check_argument(not missing, f"the example has no value for {', '.join(missing)}")
        return function(*(example[s.name] for s in symbols))

    return evaluate


def assert_identity(lhs, rhs, strategy, *, rtol=1e-10, atol=0.0, max_examples=100, seed=None):
    """Assert ``lhs(example) == rhs(example)`` (to `rtol`, `atol`) for examples drawn from `strategy`.

    Parameters
    ----------
    lhs, rhs : callable or sympy.Expr
        Functions of one example, returning numbers or arrays of the same shape; or SymPy expressions, evaluated
        at examples that are dicts from symbol names to numbers.
    strategy : hypothesis.strategies.SearchStrategy
        Draws the examples, e.g. ``numerics.strategies.architectures().flatmap(weights)``.
    rtol, atol : float
        The tolerance of :func:`numpy.testing.assert_allclose`.  Choose it from the arithmetic: a float64
        identity after ``k`` operations holds to about ``k`` roundings of ``2**-53`` times the size of the terms.
    max_examples : int
        Examples to try (Hypothesis shrinks a failing one before reporting it).
    seed : int, optional
        Fixes Hypothesis's random stream, for a reproducible run.

    Raises
    ------
    AssertionError
        When the sides differ on some example: the message gives the smallest such example that Hypothesis found
        (it shrinks the first one), the values of both sides there and the largest difference.
    InvalidArgument
        On a bad argument.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> x = sp.Symbol("x")
    >>> examples = st.fixed_dictionaries({"x": st.floats(-3, 3)})
    >>> tanh_by_logistic = 2 / (1 + sp.exp(-2 * x)) - 1
    >>> try:  # near 0 the right side cancels: its error is absolute, not relative
    ...     assert_identity(sp.tanh(x), tanh_by_logistic, examples, seed=0)
    ... except AssertionError as exc:
    ...     print(str(exc).splitlines()[0])
    the identity fails at the smallest example found (Hypothesis shrank the first one):
    >>> assert_identity(sp.tanh(x), tanh_by_logistic, examples, atol=1e-15, seed=0)  # a few roundings of 1
    >>> try:
    ...     assert_identity(sp.tanh(x), 2 / (1 + sp.exp(-x)) - 1, examples, atol=1e-15, seed=0)
    ... except AssertionError as exc:
    ...     print(str(exc).splitlines()[1])  # doctest: +ELLIPSIS
      example: {'x': ...}
    """
    check_argument(isinstance(strategy, SearchStrategy), f"strategy must be a Hypothesis strategy, not "
                   f"{strategy!r}")
    check_int(max_examples, "max_examples", minimum=1)
    check_argument(rtol >= 0 and atol >= 0, f"tolerances must be non-negative, got rtol={rtol}, atol={atol}")
    left, right = _as_function(lhs, "lhs"), _as_function(rhs, "rhs")

    failures = []  # Hypothesis replays the shrunk example last, so the last failure recorded is the smallest

    @settings(max_examples=max_examples, database=None, deadline=None, derandomize=False, report_multiple_bugs=False,
              suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def identity(example):
        a, b = np.asarray(left(example), float), np.asarray(right(example), float)
        if a.shape != b.shape:
            failures.append((example, a, b, f"the sides have shapes {a.shape} and {b.shape}"))
        elif not np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=False):
            difference = np.max(np.abs(a - b)) if a.size else 0.0
            failures.append((example, a, b, f"largest difference {difference:.3g} (rtol={rtol:g}, atol={atol:g})"))
        else:
            return
        raise AssertionError(failures[-1][3])

    if seed is not None:
        identity = hypothesis_seed(check_int(seed, "seed"))(identity)
    try:
        identity()
    except AssertionError:
        if not failures:  # an assertion of the user's own functions: theirs to read
            raise
        example, a, b, why = failures[-1]
        raise AssertionError("\n".join([
            "the identity fails at the smallest example found (Hypothesis shrank the first one):",
            f"  example: {example!r}", f"  lhs: {_show(a)}", f"  rhs: {_show(b)}", f"  {why}"])) from None


def _show(value):
    """A value for a one-line message: a number as a number, an array on one line."""
    return repr(value.item()) if value.ndim == 0 else np.array2string(value, max_line_width=10**6)

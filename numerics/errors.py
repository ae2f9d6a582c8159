"""The one error family of dl-theorems and the validation helpers that raise it.

Every check of user input in :mod:`numerics` (and, through re-export, in
:mod:`theorems`) raises :class:`InvalidArgument`, a :class:`ValueError` whose
message names the argument, what was expected and what was given.
"""

import math
import numbers

__all__ = [
    "InvalidArgument",
    "check_argument",
    "check_array",
    "check_choice",
    "check_int",
    "check_interval",
    "check_positive",
]


class InvalidArgument(ValueError):
    """An argument is malformed or violates a hypothesis of the computation.

    Examples
    --------
    >>> issubclass(InvalidArgument, ValueError)
    True
    """


def check_argument(condition, message, *args):
    """Raise :class:`InvalidArgument` with ``message.format(*args)`` (the message as it is, without `args`) unless
    `condition`.

    Examples
    --------
    >>> check_argument(1 < 2, "never raised")
    >>> check_argument(False, "depth={!r} must be >= 1", 0)
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: depth=0 must be >= 1
    >>> check_argument(False, "no value for x_{i}")  # braces from the user's text, no args: as it is
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: no value for x_{i}
    """
    if not condition:
        raise InvalidArgument(message.format(*args) if args else message)


def check_int(value, name, *, minimum=None):
    """Return `value` as an ``int`` after checking it is an integer ``>= minimum``.

    Examples
    --------
    >>> check_int(3, "depth", minimum=1)
    3
    >>> check_int(2.5, "depth")
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: depth=2.5 must be an int
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):  # (NumPy's integers are Integral)
        raise InvalidArgument(f"{name}={value!r} must be an int")
    if minimum is not None and value < minimum:
        raise InvalidArgument(f"{name}={value!r} must be an int >= {minimum}")
    return int(value)


def check_positive(value, name):
    """Return `value` as a ``float`` after checking it is finite and > 0.

    Examples
    --------
    >>> check_positive(0.5, "bound")
    0.5
    >>> check_positive(-1, "bound")
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: bound=-1 must be a finite number > 0
    """
    try:
        ok = math.isfinite(value) and value > 0
    except (TypeError, OverflowError):
        ok = False
    if isinstance(value, bool) or not ok:
        raise InvalidArgument(f"{name}={value!r} must be a finite number > 0")
    return float(value)


def check_interval(lower, upper, lower_name, upper_name):
    """Check ``lower <= upper``, naming both bounds otherwise.

    Examples
    --------
    >>> check_interval(1, 3, "min_width", "max_width")
    >>> check_interval(4, 3, "min_width", "max_width")
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: Cannot have max_width=3 < min_width=4
    """
    if upper < lower:
        raise InvalidArgument(f"Cannot have {upper_name}={upper!r} < {lower_name}={lower!r}")


def check_choice(value, name, choices):
    """Return `value` if it is one of `choices`, else list them and the closest match.

    Examples
    --------
    >>> check_choice("relu", "activation", ["relu", "tanh"])
    'relu'
    >>> check_choice("rleu", "activation", ["relu", "tanh"])
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: activation='rleu' is not one of ['relu', 'tanh']; closest matches: ['relu']
    """
    if value in choices:
        return value
    import difflib

    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=3)
    hint = f"; closest matches: {close}" if close else ""
    raise InvalidArgument(f"{name}={value!r} is not one of {sorted(choices)}{hint}")


def check_array(value, name, *, ndim=None, shape=None):
    """Return `value` as a finite float64 array of the given `ndim` and `shape`.

    Parameters
    ----------
    value : array_like
        The user's input.
    name : str
        The argument's name, used in error messages.
    ndim : int, optional
        The required number of dimensions.
    shape : tuple, optional
        The required shape; ``None`` entries match any length.

    Returns
    -------
    numpy.ndarray
        A float64 array (a copy only when a conversion was needed).

    Raises
    ------
    InvalidArgument
        If `value` is not numeric, has the wrong number of dimensions or shape,
        or contains NaN or infinity.

    Examples
    --------
    >>> check_array([[1, 2]], "X", ndim=2).dtype
    dtype('float64')
    >>> check_array([1.0, float("nan")], "y", ndim=1)
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: y contains NaN or infinity (at index (1,))
    """
    import numpy as np  # here, not at the top: the command line's start-up does not need NumPy

    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgument(f"{name} must be a numeric array, got {type(value).__name__}") from None
    if ndim is not None and array.ndim != ndim:
        raise InvalidArgument(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if shape is not None:
        ok = len(shape) == array.ndim and all(s is None or s == t for s, t in zip(shape, array.shape))
        if not ok:
            expected = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise InvalidArgument(f"{name}.shape={array.shape} does not match the expected shape {expected}")
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InvalidArgument(f"{name} contains NaN or infinity (at index {index})")
    return array

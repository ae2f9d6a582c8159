"""The one-unit polynomial network with activation z^2 that the ``bezout`` entries fit."""

__all__ = []  # helpers private to the topic's entries


def _squared_linear(x, w):
    """f(x; w) = (w_1 + w_2 x + ... + w_W x^(W-1))^2: one unit with activation z^2, degree 2 in w."""
    return sum(wj * x ** j for j, wj in enumerate(w)) ** 2

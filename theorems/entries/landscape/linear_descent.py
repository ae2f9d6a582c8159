"""Gradient descent on deep linear networks from many starts (numerics only)."""

__all__ = []  # helpers private to the topic's entries


def _gd_linear(starts, steps=2000, lr=0.05):
    """GD on ``(ab - 1)^2`` from each start ``(a, b)``: the final losses."""
    a, b = starts[:, 0].copy(), starts[:, 1].copy()
    for _ in range(steps):
        r = a * b - 1
        a, b = a - lr * 2 * r * b, b - lr * 2 * r * a
    return (a * b - 1) ** 2

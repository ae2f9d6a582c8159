"""The number of units a network needs for accuracy eps on functions of d variables with m derivatives."""

import sympy as sp

from theorems.entries.approximation.symbols import _eps

__all__ = []  # helpers private to the topic's entries


def _units_for_accuracy(d, m):
    """``N(eps)`` derived from the error model of a tensor grid: error ``h^m`` with ``h^(-d)`` cells."""
    h, N = sp.Symbol("h", positive=True), sp.Symbol("N", positive=True)
    (spacing,) = sp.solve(sp.Eq(h**m, _eps), h)
    (units,) = sp.solve(sp.Eq(N, spacing ** (-d)), N)
    return units

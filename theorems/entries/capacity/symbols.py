"""SymPy symbols the ``capacity`` entries share."""

import sympy as sp

__all__ = []  # helpers private to the topic's entries

_N, _delta, _t = sp.symbols("N delta t", positive=True)


_n, _d = sp.Symbol("N", integer=True, positive=True), sp.Symbol("d", integer=True, positive=True)


_i = sp.Symbol("i", integer=True, nonnegative=True)

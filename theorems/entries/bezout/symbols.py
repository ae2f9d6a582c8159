"""SymPy symbols the ``bezout`` entries share."""

import sympy as sp

__all__ = []  # helpers private to the topic's entries

_i, _N = sp.symbols("i N", integer=True, positive=True)

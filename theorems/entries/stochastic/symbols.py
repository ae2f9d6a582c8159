"""SymPy symbols the ``stochastic`` entries share."""

import sympy as sp

__all__ = []  # helpers private to the topic's entries

_n, _b = sp.symbols("n B", positive=True, integer=True)


_eta, _T, _h, _c = sp.symbols("eta T h c", positive=True)


_x, _y = sp.symbols("x y", real=True)

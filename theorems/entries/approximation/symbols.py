"""SymPy symbols (and the logistic function) the ``approximation`` entries share."""

import sympy as sp

__all__ = []  # helpers private to the topic's entries

_x = sp.Symbol("x", real=True)


_n = sp.Symbol("n", positive=True, integer=True)


_k, _K = sp.symbols("k K", positive=True, integer=True)


_z = sp.Symbol("z", real=True)


_LOGISTIC = 1 / (1 + sp.exp(-_z))


_d, _m, _eps = sp.symbols("d m epsilon", positive=True)

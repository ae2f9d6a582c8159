"""SymPy symbols the ``homogeneity`` entries share."""

import sympy as sp

__all__ = []  # helpers private to the topic's entries

_z, _c, _K = sp.Symbol("z", real=True), sp.Symbol("c", positive=True), sp.Symbol("K", integer=True, positive=True)

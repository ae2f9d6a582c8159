"""Polynomial systems on the symbolic side: PHCpack's input format, and conversion to the sparse form of numerics: the
names of :mod:`theorems.symbolic.systems`, where the code lives, at their first import path.
"""

from theorems.symbolic.systems import PolynomialSyntaxError, System, from_sympy, parse_system, to_numeric

__all__ = ["PolynomialSyntaxError", "System", "from_sympy", "parse_system", "to_numeric"]

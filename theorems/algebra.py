"""Exact root counts: Bezout numbers, the degree of a polynomial network in its weights, Groebner-basis counts: the
names of :mod:`theorems.symbolic.algebra`, where the code lives, at their first import path.
"""

from theorems.symbolic.algebra import (
    IdealCount,
    bezout_bound,
    groebner_count,
    multihomogeneous_bezout,
    network_degree,
    polynomial_network,
)

__all__ = ["IdealCount", "bezout_bound", "groebner_count", "multihomogeneous_bezout", "network_degree",
           "polynomial_network"]

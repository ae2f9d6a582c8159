"""Cover's counting claim and the point sets on which dichotomies are counted."""

from dataclasses import dataclass

import sympy as sp

from numerics import strategies
from theorems.entries.capacity.symbols import _d, _i, _n

__all__ = ["CoverClaim"]


def _instance_points(draw, n_points, dim):
    """Points in (linear and affine) general position (numerics.strategies.points_in_general_position)."""
    return draw(strategies.points_in_general_position(dim, min_size=n_points, max_size=n_points))


@dataclass(frozen=True)
class CoverClaim:
    """N points in general position in ``R^d`` have ``count(N, d)`` homogeneously separable dichotomies."""

    count: sp.Expr = 2 * sp.Sum(sp.binomial(_n - 1, _i), (_i, 0, _d - 1))

    def value(self, N, d):
        return int(self.count.subs({_n: N, _d: d}).doit())

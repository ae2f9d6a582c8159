"""Projective solution counts from a homotopy result (finite solutions plus paths at infinity)."""

import math

__all__ = []  # helpers private to the topic's entries


def _counted(result, with_multiplicity):
    """Projective count from a homotopy result: finite solutions (with or without multiplicity), paths to roots
    beyond the solver's range, and paths at infinity; NaN when a path failed or ended on a positive-dimensional
    solution set, so that an incomplete run or a set that is not finite never confirms a count.  Only the paths of
    a total-degree start (``prod d_i`` of them, one per projective solution) count: a polyhedral start has one per
    unit of the mixed volume."""
    if result.mixed_volume is not None:
        raise ValueError("a projective count needs the total-degree start (solve(..., start='total-degree'))")
    if result.counts["failed"] or result.components:
        return math.nan
    finite = int(result.multiplicities.sum()) if with_multiplicity else len(result.solutions)
    return finite + result.beyond_range + result.counts["at_infinity"]

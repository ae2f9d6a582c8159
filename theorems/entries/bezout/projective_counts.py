"""Projective solution counts from a homotopy result (finite solutions plus paths at infinity)."""

import math

__all__ = []  # helpers private to the topic's entries


def _counted(result, with_multiplicity):
    """Projective count from a homotopy result: finite solutions (with or without multiplicity), paths to roots
    beyond the solver's range, and paths at infinity; NaN when a path failed or ended on a positive-dimensional
    solution set, so that an incomplete run or a set that is not finite never confirms a count."""
    if result.counts["failed"] or result.components:
        return math.nan
    finite = int(result.multiplicities.sum()) if with_multiplicity else len(result.solutions)
    return finite + result.beyond_range + result.counts["at_infinity"]

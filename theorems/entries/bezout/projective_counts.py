"""Projective solution counts from a homotopy result (finite solutions plus paths at infinity)."""

import math

__all__ = []  # helpers private to the topic's entries


def _counted(result, with_multiplicity):
    """Projective count from a homotopy result: finite solutions (with or without multiplicity) plus paths at
    infinity; NaN when a path failed, so that an incomplete run never confirms a count."""
    if result.counts["failed"]:
        return math.nan
    finite = int(result.multiplicities.sum()) if with_multiplicity else len(result.solutions)
    return finite + result.counts["at_infinity"]

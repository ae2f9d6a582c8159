"""Shared fixtures: the quick profile keeps the suite fast and deterministic."""

import pytest

from theorems.checks import Context
from theorems.profiles import PROFILES


@pytest.fixture
def quick():
    """A check context for the quick profile, seed 0, as used on a mutant (no shrinking)."""
    return Context(0, PROFILES["quick"], "test", mutant=True)

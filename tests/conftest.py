"""Shared fixtures: the quick profile keeps the suite fast and deterministic.

Property tests draw the same examples on every run and every machine (the ``tests`` Hypothesis profile: derandomized,
no example database), so that a red run means a change, not a lucky draw.  To explore with fresh random examples:
``pytest --hypothesis-profile explore`` (add ``--hypothesis-seed N`` to repeat a run).
"""

import pytest
from hypothesis import settings

settings.register_profile("tests", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile("tests")  # the command line's --hypothesis-profile, read later, overrides it

from theorems.checks import Context
from theorems.profiles import PROFILES


@pytest.fixture
def quick():
    """A check context for the quick profile, seed 0, as used on a mutant (no shrinking)."""
    return Context(0, PROFILES["quick"], "test", mutant=True)


@pytest.fixture(autouse=True, scope="session")
def _no_constants_from_the_source():
    """Hypothesis >= 6.131 mixes numbers mined from the loaded source files into its examples, so a test's
    examples would change with every edit anywhere and with the order modules are imported; the catalogue's
    checks switch this off (theorems.checks), and so does the test suite."""
    from theorems.checks import _without_local_constants

    with _without_local_constants():
        yield

"""The public surface: every published module exports exactly the names of ``tests/public_api.txt``.

Moving code between modules must not move it away from users: the modules that ``docs/api.rst``, the README and the
console script publish keep their import paths (thin modules where the code moved).  Changing the list is how a change
to the public surface is announced.
"""

import importlib
from collections import defaultdict
from pathlib import Path

import pytest

LISTED = defaultdict(set)
for line in (Path(__file__).parent / "public_api.txt").read_text().splitlines():
    if line and not line.startswith("#"):
        module, name = line.split()
        LISTED[module].add(name)


@pytest.mark.parametrize("module", sorted(LISTED))
def test_the_module_exports_exactly_the_listed_names(module):
    imported = importlib.import_module(module)
    assert set(imported.__all__) == LISTED[module]
    assert all(hasattr(imported, name) for name in LISTED[module])


def test_the_version_is_the_packages():
    import re

    import theorems

    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    assert re.search(r'^version = "(.*)"$', pyproject, flags=re.M).group(1) == theorems.__version__

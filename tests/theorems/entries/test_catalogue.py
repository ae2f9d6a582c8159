"""Every catalogue entry: verified in the quick profile, and every mutant rejected by each of its checks.

A check that cannot fail proves nothing: each mutant (a deliberately wrong variant of the claim) must be
rejected by the symbolic check and, separately, by the numeric check.
"""

import importlib.util
import json
import pkgutil
import re

import pytest

import theorems
from theorems.sources import LECTURES

# what points outside the repository: the lectures' files and line numbers, the specification's claim numbers
INTERNAL = re.compile(r"claims\.md|seeds?/|seed 00[0-2]|\bL\d{2,3}\b|\b[ABC]\d{1,2}\b|\.\./")

ENTRIES = theorems.catalogue()
CHECKS = [(entry, mutant, kind) for entry in ENTRIES for mutant in entry.mutants for kind, _ in entry.checks()]


def _text(entry):
    """Everything a reader of this entry sees: its fields, as the list, show, the docs and the PDF print them."""
    return "\n".join([entry.title, entry.source, entry.as_stated, *map(str, entry.statement),
                      *(h.text for h in entry.hypotheses), *(str(s.justification) for s in entry.derivation),
                      *entry.errata, *entry.references, *(f"{m.name}: {m.description}" for m in entry.mutants)])


def test_every_entry_lives_in_the_module_its_id_names():
    """``topic.name`` is defined in ``theorems/entries/<topic>/<name>.py``, found by walking the package."""
    import theorems.entries

    for entry in ENTRIES:
        topic, name = entry.id.split(".")
        module = importlib.import_module(f"theorems.entries.{topic}.{name}")
        assert any(value is entry for value in vars(module).values()), entry.id
    registering = {m.name for m in pkgutil.walk_packages(theorems.entries.__path__, "theorems.entries.")
                   if "register(" in open(importlib.util.find_spec(m.name).origin).read()}
    assert registering == {f"theorems.entries.{e.id}" for e in ENTRIES}  # no theorem registered anywhere else
    assert callable(theorems.catalogue) and theorems.catalogue() == ENTRIES  # no subpackage shadows the function


def test_the_catalogue_covers_every_claim_of_the_lectures():
    assert len(ENTRIES) == 63 and "dynamics.weight_normalization" in [e.id for e in ENTRIES]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_the_entry_cites_its_lecture_and_points_nowhere_else(entry):
    lecture = next((lecture for lecture in LECTURES if entry.source.startswith(lecture)), "")
    assert lecture and re.match(r', (slides?|section) "', entry.source[len(lecture):]), entry.source
    assert not INTERNAL.findall(_text(entry))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_verified_with_every_mutant_rejected(entry):
    report = entry.verify(seed=0, profile="quick")
    assert report.status == "verified", report.to_dict()
    assert not INTERNAL.findall(json.dumps(report.to_dict()))  # details and counterexamples point nowhere either
    assert report.mutants.rejected == report.mutants.total == len(entry.mutants) >= 1
    if "numeric" in report.checks:  # the profile's 20 examples, less those a hypothesis filtered out
        assert report.checks["numeric"].examples >= 15


@pytest.mark.parametrize("entry, mutant, kind", CHECKS,
                         ids=[f"{e.id}-{m.name}-{k}" for e, m, k in CHECKS])
def test_each_check_rejects_each_mutant(entry, mutant, kind, quick):
    result = getattr(entry, kind)(mutant.claim, quick)
    assert result.status == "failed", result
    if kind == "numeric":
        assert result.max_error > result.tolerance
    else:
        assert result.counterexample["lhs"] != result.counterexample["rhs"]

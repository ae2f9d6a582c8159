"""Every catalogue entry: verified in the quick profile, and every mutant rejected by each of its checks.

A check that cannot fail proves nothing: each mutant (a deliberately wrong variant of the claim) must be
rejected by the symbolic check and, separately, by the numeric check.
"""

import pytest

import theorems

ENTRIES = theorems.catalogue()
CHECKS = [(entry, mutant, kind) for entry in ENTRIES for mutant in entry.mutants for kind, _ in entry.checks()]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_verified_with_every_mutant_rejected(entry):
    report = entry.verify(seed=0, profile="quick")
    assert report.status == "verified", report.to_dict()
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

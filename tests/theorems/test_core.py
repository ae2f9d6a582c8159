"""The catalogue core: registry, Theorem validation, reports and their JSON shape."""

import dataclasses
import importlib
import json
import pkgutil

import numpy as np
import pytest

import numerics
import theorems
import theorems.entries
from theorems.checks import Context, Undecided, decide_zero
from theorems.core import Mutant, run_check
from theorems.entries.homogeneity.relu_euler import RELU_EULER
from theorems.profiles import PROFILES, profile
from theorems.report import CheckResult


def test_unknown_id_suggests_closest():
    with pytest.raises(theorems.UnknownTheorem) as info:
        theorems.get("dynamics.linear_squre_flow")
    assert isinstance(info.value, KeyError)
    assert "closest matches: ['dynamics.linear_square_flow'" in str(info.value)


def test_catalogue_sorted_and_filtered():
    ids = [t.id for t in theorems.catalogue()]
    assert ids == sorted(ids) and {"homogeneity.relu_euler", "dynamics.linear_square_flow"} <= set(ids)
    assert all(t.topic == "dynamics" for t in theorems.catalogue("dynamics"))
    assert {t.id for t in theorems.catalogue("backprop")} >= {"backprop.chain_rule", "backprop.erm_sgd"}
    with pytest.raises(theorems.InvalidArgument, match="topic='dynamic' is not one of"):
        theorems.catalogue("dynamic")


def test_every_entry_has_the_fields_of_design():
    for t in theorems.catalogue():
        assert t.kind in theorems.KINDS and t.topic in theorems.TOPICS and t.id.startswith(t.topic + ".")
        assert t.as_stated and t.statement and t.hypotheses and t.derivation and t.references
        assert len(t.mutants) >= 2


@pytest.mark.parametrize("change, message", [
    ({"id": "Homogeneity.Bad"}, "must be 'topic.name'"),
    ({"kind": "lemma"}, "kind='lemma'"),
    ({"mutants": RELU_EULER.mutants[:1]}, "at least two mutants"),
    ({"symbolic": None, "numeric": None}, "needs a symbolic or a numeric check"),
])
def test_theorem_validation(change, message):
    with pytest.raises(theorems.InvalidArgument, match=message):
        dataclasses.replace(RELU_EULER, **change)


def test_profiles():
    assert [PROFILES[p].examples for p in ("quick", "default", "thorough")] == [20, 100, 1000]
    settings = profile("quick").settings()
    assert settings.database is None and settings.deadline is None
    with pytest.raises(theorems.InvalidArgument, match="profile='fast' is not one of"):
        profile("fast")


def test_report_json_shape():
    report = theorems.verify(["homogeneity.relu_euler"], seed=0, profile="quick")
    data = json.loads(json.dumps(report.to_dict()))
    (entry,) = data["theorems"]
    assert set(entry) == {"id", "topic", "kind", "status", "checks", "errata", "seconds"}
    assert set(entry["checks"]) == {"symbolic", "numeric", "mutants"}
    assert {"passed", "examples", "max_error", "tolerance", "detail"} <= set(entry["checks"]["numeric"])
    assert set(entry["checks"]["mutants"]) == {"total", "rejected", "survivors", "rejected_by"}
    assert data["summary"] == {"total": 1, "verified": 1, "failed": 0, "errors": 0, "mutants_total": 5,
                               "mutants_rejected": 5, "seed": 0, "profile": "quick", "interrupted": False}
    assert report.exit_code == 0


def _raising_check(claim, context):
    raise RuntimeError("boom")


def test_a_check_that_cannot_run_is_an_error_not_a_pass():
    result = run_check(_raising_check, None, Context(0, PROFILES["quick"]))
    assert result.status == "error" and result.exception == {"type": "RuntimeError", "message": "boom"}
    broken = dataclasses.replace(RELU_EULER, numeric=_raising_check)
    report = broken.verify(profile="quick")
    assert report.status == "error"
    assert report.to_dict()["checks"]["numeric"]["exception"]["type"] == "RuntimeError"


def test_a_surviving_mutant_fails_the_theorem():
    harmless = Mutant("not a mutant", "the correct claim again", RELU_EULER.claim)
    report = dataclasses.replace(RELU_EULER, mutants=RELU_EULER.mutants[:1] + (harmless,)).verify(profile="quick")
    assert report.status == "failed" and report.mutants.survivors == ("not a mutant",)


def test_check_must_return_a_result():
    result = run_check(lambda claim, context: True, None, Context(0, PROFILES["quick"]))
    assert result.status == "error" and "not a CheckResult" in result.exception["message"]
    assert CheckResult(True, "ok").to_dict() == {"passed": True, "detail": "ok"}


def test_check_result_json_survives_numpy_verdicts():
    import numpy as np

    result = CheckResult(np.float64(0.1) <= 1.0, "ok", max_error=np.float64(0.1), tolerance=1.0)
    assert json.loads(json.dumps(result.to_dict())) == {"passed": True, "max_error": 0.1, "tolerance": 1.0,
                                                        "detail": "ok"}


def test_decide_zero_proves_refutes_and_admits_ignorance():
    import sympy as sp

    x, p = sp.Symbol("x", real=True), sp.Symbol("p", positive=True)
    rng = np.random.default_rng(0)
    assert decide_zero(sp.sqrt(p**2) - p, rng) is None
    point = decide_zero(sp.tanh(x) - x * (1 - sp.tanh(x) ** 2), rng)
    assert point is not None and x in point
    with pytest.raises(Undecided):
        decide_zero(sp.Max(x, 0) + sp.Min(x, 0) - x, rng)  # zero, but simplify cannot see it


MODULES = ["numerics", "numerics.errors", "numerics.nets", "numerics.derivatives", "numerics.flows",
           "numerics.strategies", "numerics.conventions", "numerics.polynomials", "numerics.homotopy",
           "numerics.margins", "numerics.capacity", "numerics.approximation", "numerics.compositional",
           "numerics.stochastic", "numerics.spectrum", "theorems.symbolic.algebra", "theorems.symbolic.systems", "theorems",
           "theorems.checks", "theorems.core", "theorems.latex", "theorems.profiles", "theorems.registry",
           "theorems.report", "theorems.symbolic", "theorems.backprop"]
MODULES += [m.name for m in pkgutil.walk_packages(theorems.entries.__path__, "theorems.entries.") if not m.ispkg]


@pytest.mark.parametrize("name", MODULES)
def test_all_lists_exactly_the_public_names(name):
    module = importlib.import_module(name)
    defined = {n for n, v in vars(module).items()
               if not n.startswith("_") and getattr(v, "__module__", None) == name}
    assert defined <= set(module.__all__)
    assert all(hasattr(module, n) for n in module.__all__)


def test_invalid_argument_is_shared():
    assert theorems.InvalidArgument is numerics.InvalidArgument


def test_examples_do_not_depend_on_the_constants_of_loaded_modules(tmp_path, monkeypatch):
    # Hypothesis mines numbers from local source files; a check's examples must not change when a module is imported
    import sys

    from hypothesis import strategies as st

    from theorems.checks import property_check

    def draws():
        seen = []
        property_check(st.integers(0, 10**9), lambda n: (seen.append(n), (0.0, {}))[1],
                       Context(3, PROFILES["default"], "probe"), tolerance=0.0, detail="")
        return seen

    before = draws()
    (tmp_path / "constants_probe.py").write_text("VALUES = [" + ", ".join(str(7919 * k + 13) for k in range(500)) + "]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import constants_probe  # noqa: F401

    assert draws() == before
    sys.modules.pop("constants_probe", None)


def test_property_check_caps_expensive_examples():
    from hypothesis import strategies as st

    from theorems.checks import property_check

    result = property_check(st.integers(0, 10), lambda n: (0.0, {}), Context(0, PROFILES["default"], "cap"),
                            tolerance=0.0, detail="", max_examples=7)
    assert result.passed and result.examples <= 7


def test_decide_zero_refutes_at_finite_points_only():
    import numpy as np
    import sympy as sp

    from theorems.checks import decide_zero

    x = sp.Symbol("x")
    rng = np.random.default_rng(0)
    assert decide_zero(sp.oo, rng) == {}  # a divergent limit against a finite claim: refuted
    # (x^2 - 1)/(x - 1) - (x + 1) is 0 wherever it is defined; at x = 1 it is nan, which must not count
    assert decide_zero(sp.Mul(x**2 - 1, sp.Pow(x - 1, -1), evaluate=False) - (x + 1), rng) is None
    point = decide_zero(1 / (x - 2) - 1 / (x - 3), rng)
    assert point is not None and (1 / (x - 2) - 1 / (x - 3)).xreplace(point).is_finite

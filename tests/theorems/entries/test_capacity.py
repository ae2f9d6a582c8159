"""The capacity topic: the lectures' forms are rejected for the stated reasons, and reference values hold."""

import math
from fractions import Fraction

import sympy as sp

import theorems
from theorems.entries.capacity.margin_bound import MARGIN_BOUND, MarginClaim, _eta, _margin_coverage, _ramp
from theorems.entries.capacity.rademacher_bound import BoundClaim, RADEMACHER_BOUND, _expected_deviation_and_complexity, _symmetrization_instances, _unnormalized_logistic_bound
from theorems.entries.capacity.vc_network_bound import VCNetworkClaim, _inversion_gap

IDS = {"capacity.rademacher_homogeneity", "capacity.rademacher_bound", "capacity.margin_bound",
       "capacity.normalized_margin", "capacity.vc_network_bound", "capacity.cover_counting", "capacity.sauer_shelah",
       "capacity.vc_halfspaces", "capacity.min_norm_selection", "capacity.model_selection"}


def test_the_fixed_ids_are_in_the_catalogue():
    assert IDS <= {t.id for t in theorems.catalogue(topic="capacity")}


def test_symmetrization_needs_more_than_factor_one():
    p, G, N = next(_symmetrization_instances())
    assert _expected_deviation_and_complexity(p, G, N) == (Fraction(9, 100), Fraction(1, 20))


def test_the_lectures_two_sided_bound_is_refuted_symbolically(quick):
    lecture = next(m for m in RADEMACHER_BOUND.mutants if m.name == "ln(1/delta) two-sided")
    result = RADEMACHER_BOUND.symbolic(lecture.claim, quick)
    assert result.status == "failed" and "McDiarmid" in result.detail


def test_coverage_reports_the_failure_rate_next_to_delta(quick):
    for theorem in (RADEMACHER_BOUND, MARGIN_BOUND):
        result = theorem.numeric(theorem.claim, quick)
        assert result.passed and "against delta = 0.05" in result.detail and "failed in" in result.detail
        assert result.max_error <= result.tolerance == 1.0


def test_margin_coverage_can_fail(quick):
    # A complexity term of the wrong sign leaves less slack than the deviation of a typical draw.
    result = _margin_coverage(MarginClaim(complexity=-1 / _eta), quick)
    assert not result["holds"] and result["excess"] > 1 and result["counterexample"]["slack"] < 0


def test_the_unnormalized_logistic_bound_holds_and_is_vacuous(quick):
    # reference: the bound grows linearly in rho while the test loss tends to 0
    result = _unnormalized_logistic_bound(RADEMACHER_BOUND.claim, quick)
    rho, loss, bound = map(list, zip(*result["table"]))
    assert result["holds"] and all(a < b for a, b in zip(loss, bound))
    assert bound[-1] > 10 * math.log(2) > 1e10 * loss[-1]
    assert bound[-1] / rho[-1] > 2 / math.sqrt(2000)  # slope at least the factor-2 complexity term
    assert "vacuous" in result["detail"]
    wrong = _unnormalized_logistic_bound(BoundClaim(factor=-2), quick)
    assert not wrong["holds"] and wrong["excess"] > 1


def test_the_lectures_exponential_loss_fails_for_eta_above_1(quick):
    lecture = next(m for m in MARGIN_BOUND.mutants if m.name == "exp(-u) for every eta")
    result = MARGIN_BOUND.symbolic(lecture.claim, quick)
    assert result.status == "failed" and sp.Rational(result.counterexample["eta"]) > 1
    # reference: Phi_4(2) = 1/2 > e^-2
    assert _ramp(sp.Integer(2), sp.Integer(4)) == sp.Rational(1, 2) > sp.exp(-2)


def test_baum_haussler_inversion_fails_for_one_node():
    gap = _inversion_gap(VCNetworkClaim(), 3, 1)  # m - W log2(e N m / W) at W = 3, N = 1
    m = 2 * 3 * math.log2(math.e)
    assert round(m, 3) == 8.656 and round(m - float(gap), 3) == 8.914
    assert all(_inversion_gap(VCNetworkClaim(), W, N).is_positive
               for W, N in ((9, 3), (20, 2), (100, 10)))


def test_normalized_margin_drops_y():
    # reference: rho / (y rho f~) - 1 / f~ is non-zero at y = -1
    y, f, rho = sp.symbols("y f rho", nonzero=True)
    assert sp.simplify((rho / (y * rho * f) - 1 / f).subs(y, -1)) != 0

"""The approximation topic: reference values and the lectures' forms rejected for the stated reasons."""

import mpmath
import sympy as sp

import theorems
from theorems.entries.approximation.compositional_deep import _SLIDE_LABELS, _expression_counts, _tree_expression
from theorems.entries.approximation.cybenko import CYBENKO
from theorems.entries.approximation.feedforward_biases import FEEDFORWARD_BIASES, FeedforwardClaim
from theorems.entries.approximation.polynomial_activation import _polynomial_net
from theorems.entries.approximation.relu_polynomial import RELU_POLYNOMIAL, _dvp_lower_bound, _minimax_abs
from theorems.entries.approximation.relu_sum_universal import _interpolation_errors
from theorems.entries.approximation.shallow_deep_gap import _tent_net
from theorems.entries.approximation.symbols import _x

IDS = {"approximation.relu_polynomial", "approximation.stone_weierstrass", "approximation.piecewise_linear_exact",
       "approximation.relu_sum_universal", "approximation.polynomial_activation", "approximation.cybenko"}


def test_the_entries_are_in_the_catalogue():
    assert IDS <= {t.id for t in theorems.catalogue(topic="approximation")}


def test_exact_lower_bounds_sit_below_the_remez_errors():
    assert _dvp_lower_bound(1) == sp.Rational(1, 8)  # E_2(|x|) = 1/8
    for m in (2, 4):
        lower = _dvp_lower_bound(m)
        with mpmath.workdps(30):
            assert 0.95 * _minimax_abs(2 * m, 30) < lower <= _minimax_abs(2 * m, 30)


def test_bernstein_constant_is_reproduced_with_its_reference(quick):
    result = RELU_POLYNOMIAL.numeric(RELU_POLYNOMIAL.claim, quick)
    assert result.passed and "0.2801694990" in result.detail and "Varga and Carpenter" in result.detail
    assert result.max_error < 0.1  # about 1e-8 off beta (quick: degrees 8..20), far inside the 6 digits asked for


def test_the_lectures_single_layer_definition_is_refuted_for_each_slip(quick):
    floors = {}
    for mutant in CYBENKO.mutants:
        result = CYBENKO.symbolic(mutant.claim, quick)
        assert result.status == "failed"
        floors[mutant.name] = result.counterexample["lhs"]
    assert "1/32" in floors["sigma(z) = z^2"] and "1/2" in floors["shared bias b = 0"]
    assert ">= 1" in floors["no output weights"]


def test_interpolation_reference_values():
    # reference: interpolating x^2 on [0, 1] with h = 1/2 and 1/4 gives 1/16 and 1/64
    errors = _interpolation_errors((3, 5))
    assert abs(errors[3] - 1 / 16) < 1e-15 and abs(errors[5] - 1 / 64) < 1e-15


def test_polynomial_degree_multiplies_with_depth():
    f = _polynomial_net((1, 1, 1, 1), 3)
    assert sp.degree(f, _x) == 9 != 3 * 2  # k^(K-1), not k (K-1)


def test_bias_free_nets_stay_a_third_away_from_one(quick):
    # reference: the best uniform approximation of 1 on [1, 2] by bias-free ReLU nets is exactly 1/3
    result = FEEDFORWARD_BIASES.symbolic(FeedforwardClaim(biases=False), quick)
    assert result.status == "failed" and result.counterexample["lhs"].endswith("= 1/3")
    assert FeedforwardClaim().parameters((2, 3, 1)) == 13  # reference


def test_tent_map_pieces_double_with_depth():
    from numerics.approximation import linear_pieces

    assert [len(linear_pieces(*_tent_net(k), 0, 1)) + 1 for k in range(1, 7)] == [2, 4, 8, 16, 32, 64]


def test_the_slides_tree_has_five_distinct_functions_not_seven():
    # reference: the stated labelling encodes weight sharing
    stated = _expression_counts(_tree_expression(8, _SLIDE_LABELS))
    correct = _expression_counts(_tree_expression(8))
    assert (stated["distinct"], correct["distinct"]) == (5, 7)
    assert stated["nodes"] == correct["nodes"] == 7 and correct["depth"] == 3 and correct["arities"] == {2}


def test_compositional_figure_draws_both_curves():
    figure = theorems.get("approximation.compositional_deep").figure(0)
    lines = figure.axes[0].get_lines()
    assert len(lines) == 3 and all(len(line.get_xdata()) >= 3 for line in lines)

"""The landscape topic: reference values and the post's forms rejected for the stated reasons."""

import numpy as np
import sympy as sp

import theorems
from theorems.entries.landscape.degenerate_global_minima import _fit
from theorems.entries.landscape.saddles_outnumber_minima import SaddleClaim
from theorems.entries.landscape.sharp_minima_large_batch import SharpnessClaim, _alpha, _keskar
from theorems.entries.landscape.strict_convexity import STRICT_CONVEXITY


def test_entries_are_in_the_catalogue():
    ids = {t.id for t in theorems.catalogue(topic="landscape")}
    assert {"landscape.strict_convexity", "landscape.degenerate_global_minima",
            "landscape.saddles_outnumber_minima"} <= ids


def test_strictly_convex_quartic_has_a_zero_hessian(quick):
    mutant = next(m for m in STRICT_CONVEXITY.mutants if m.name == "the equivalence")
    result = STRICT_CONVEXITY.symbolic(mutant.claim, quick)
    assert result.status == "failed" and "7*a**2 + 10*a*b + 7*b**2" in result.counterexample["midpoint gap of t^4"]


def test_degenerate_minimum_reference_instance():
    # reference: a 2-5-1 tanh net with biases (p = 21) fitted to n = 4 points has 17 zero eigenvalues
    from numerics import derivatives

    W, b, X, y = _fit(np.random.default_rng(0), (2, 5, 1), 4)
    values = np.linalg.eigvalsh(derivatives.loss_hessian(W, X, y, activation="tanh", biases=b))
    assert np.sum(np.abs(values) <= 1e-6 * np.abs(values).max()) == 17


def test_goe_probabilities_reference_values():
    claim = SaddleClaim()
    assert [round(float(claim.value(N)), 10) for N in (1, 2, 3)] == [0.5, 0.1464466094, 0.024920921]
    assert float(claim.value(2)) < 2.0**-2 and float(claim.value(3)) < 2.0**-3  # below independent signs
    assert sp.simplify(claim.value(2) - (2 - sp.sqrt(2)) / 4) == 0


def test_rescaling_makes_a_minimum_arbitrarily_sharp():
    # reference: (ab - 1)^2 at (10, 1/10) has top eigenvalue 200.02; Keskar at 0: 5.5e-4 for diag(1, 10)
    top = SharpnessClaim().top.subs(_alpha, 10)
    assert top == sp.Rational(20002, 100)
    assert _keskar(SharpnessClaim(), sp.diag(1, 10), sp.zeros(2, 1), sp.Rational(1, 1000)) \
        == sp.Rational(11, 20000)

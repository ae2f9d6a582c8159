import dataclasses

import numpy as np
import sympy as sp

from theorems.entries.dynamics.linear_solutions import NUMPY_OPS, SYMPY_OPS
from theorems.entries.dynamics.linear_square_flow import LINEAR_SQUARE_FLOW, LinearFlowClaim


def test_reference_values_of_claims_md():
    X, y, w0 = sp.Matrix([[1, 2, 0], [0, 1, 1]]), sp.Matrix([1, 3]), sp.Matrix([1, -1, 2])
    claim = LINEAR_SQUARE_FLOW.claim
    assert claim.limit(X, y, w0, SYMPY_OPS) == sp.Matrix([1, 0, 3])
    assert claim.limit(X, y, sp.zeros(3, 1), SYMPY_OPS) == sp.Matrix([sp.Rational(-2, 3), sp.Rational(5, 6),
                                                                      sp.Rational(13, 6)])


def test_closed_form_at_zero_and_infinity():
    rng = np.random.default_rng(0)
    X, y, w0 = rng.normal(size=(2, 4)), rng.normal(size=2), rng.normal(size=4)
    claim = LINEAR_SQUARE_FLOW.claim
    assert np.allclose(claim.trajectory(X, y, w0, 0.0, NUMPY_OPS), w0, atol=1e-12)
    far = claim.trajectory(X, y, w0, 1e3, NUMPY_OPS)
    assert np.allclose(X @ far, y, atol=1e-10)  # interpolates: N < d, full row rank


def test_a_broken_formula_fails_verification():
    broken = dataclasses.replace(LINEAR_SQUARE_FLOW, claim=LinearFlowClaim(factor=3))
    report = broken.verify(profile="quick")
    assert report.status == "failed"
    assert report.checks["symbolic"].counterexample["identity"].startswith("N=2, d=3: -dL/dw_1")


def test_interpolation_hypothesis_predicate():
    consistent, from_zero = LINEAR_SQUARE_FLOW.hypotheses
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    assert consistent.predicate({"X": X, "y": np.array([1.0, 2.0, 3.0])})
    assert not consistent.predicate({"X": X, "y": np.array([1.0, 2.0, 4.0])})
    assert from_zero.predicate({"w0": np.zeros(2)}) and not from_zero.predicate({"w0": np.ones(2)})

"""The gradient flows of deep ReLU nets (square, exponential, with the Halpern penalty) and their mutants."""

import dataclasses

import numpy as np
import sympy as sp

from numerics import derivatives, forward, init
from theorems.entries.dynamics.halpern_flow import HALPERN_FLOW
from theorems.entries.dynamics.loss_flows import LossFlowClaim
from theorems.entries.dynamics.square_loss_flow import SQUARE_LOSS_FLOW


def test_halpern_slide_form_misses_for_a_negative_label():
    """Reference: on a 2-3-1 net with a y = -1 datum, lambda = 0.1 and W != W^0 the slide's field is off."""
    rng = np.random.default_rng(3)
    W, W0 = init([2, 3, 1], rng), init([2, 3, 1], rng)
    X, y = rng.normal(size=(2, 2)), np.array([1.0, -1.0])
    theta, theta0 = np.concatenate([w.ravel() for w in W]), np.concatenate([w.ravel() for w in W0])
    f, J = forward(W, X), derivatives.jacobian(W, X)
    correct = HALPERN_FLOW.claim.field(f, J, y, theta, theta0, 0.1, np.exp)
    slide = HALPERN_FLOW.mutants[0].claim.field(f, J, y, theta, theta0, 0.1, np.exp)
    derived = -derivatives.loss_gradient(W, X, y, loss="exp") - 2 * 0.1 * (theta - theta0)
    assert np.allclose(correct, derived, rtol=1e-12, atol=1e-12)
    assert np.max(np.abs(np.array(slide) - derived)) > 1e-3


def test_the_two_errata_of_the_halpern_slide_are_separate(quick):
    """Dropping y_n alone and subtracting the penalty value alone are each wrong (symbolic counterexamples)."""
    for claim in (LossFlowClaim(loss="exp", factor=1, label_power=0, penalty="gradient"),
                  LossFlowClaim(loss="exp", factor=1, penalty="value")):
        assert HALPERN_FLOW.symbolic(claim, quick).status == "failed"


def test_a_broken_formula_fails_verification():
    broken = dataclasses.replace(SQUARE_LOSS_FLOW, claim=LossFlowClaim(factor=3))
    report = broken.verify(profile="quick")
    assert report.status == "failed"
    assert "-dL/dw1_11" in report.checks["symbolic"].counterexample["identity"]


def test_field_is_generic_over_sympy_and_numpy():
    a, b, y, t, t0 = sp.symbols("a b y t t0")
    claim = LossFlowClaim(loss="exp", factor=1, penalty="gradient")
    assert claim.field([a], [[b]], [y], [t], [t0], 3, sp.exp) == [y * sp.exp(-y * a) * b - 6 * (t - t0)]
    assert claim.field(np.array([0.0]), np.array([[2.0]]), np.array([-1.0]), np.array([1.0]), np.array([0.5]),
                       3.0, np.exp) == [-2.0 - 3.0]

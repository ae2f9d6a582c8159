"""hessian.square_loss and hessian.exp_loss_halpern: verified, every mutant rejected by each check, reference values."""

import dataclasses

import numpy as np
import sympy as sp

from numerics import derivatives, forward, init
from theorems.entries.hessian.exp_loss_halpern import FlowJacobianClaim
from theorems.entries.hessian.network_hessians import network_hessians
from theorems.entries.hessian.square_loss import SQUARE_LOSS, SquareHessianClaim


def test_reference_minimum_of_claims_md():
    """net 2-2-1, x = (1, 1/2), y = 1, W_1 = I, a = (1, 0): J = (1, 1/2, 0, 0, 1, 1/2), H = 2 J^T J, eigenvalues 5, 0 x 5."""
    W = [np.eye(2), np.array([[1.0, 0.0]])]
    X, y = np.array([[1.0, 0.5]]), np.array([1.0])
    H = derivatives.loss_hessian(W, X, y)
    J = derivatives.jacobian(W, X)
    assert J.tolist() == [[1.0, 0.5, 0.0, 0.0, 1.0, 0.5]]
    assert np.array_equal(H, 2 * J.T @ J)
    assert np.allclose(np.linalg.eigvalsh(H), [0, 0, 0, 0, 0, 5], atol=1e-14)


def test_network_hessians_against_sympy():
    """Hess f of a 2-2-1 ReLU net from numerics equals SymPy's, region restricted, at a generic point."""
    rng = np.random.default_rng(1)
    W, X = init([2, 2, 1], rng), rng.normal(size=(3, 2))
    w = sp.symbols("w1:5", real=True)
    a = sp.symbols("a1:3", real=True)
    for x, Hn in zip(X, network_hessians(W, X)):
        u = [w[0] * x[0] + w[1] * x[1], w[2] * x[0] + w[3] * x[1]]
        values = dict(zip(w + a, [*W[0].ravel(), *W[1].ravel()]))
        f = sum(ai * (ui if ui.xreplace(values) > 0 else 0) for ai, ui in zip(a, u))
        exact = np.array(sp.hessian(f, w + a).xreplace(values), dtype=float)
        assert np.allclose(Hn, exact, rtol=0, atol=1e-13)


def test_slide_jacobian_misses_for_a_negative_label():
    """Reference: with labels (1, -1) the slide's second-order term has the wrong sign for the second datum."""
    rng = np.random.default_rng(2)
    W, X, y = init([2, 2, 1], rng), rng.normal(size=(2, 2)), np.array([1.0, -1.0])
    f, J, Hs = forward(W, X), derivatives.jacobian(W, X), network_hessians(W, X)
    correct = FlowJacobianClaim().matrix(f, J, Hs, y, 0.0, np.exp, np.eye)
    no_label = FlowJacobianClaim(hess_power=0).matrix(f, J, Hs, y, 0.0, np.exp, np.eye)
    assert np.allclose(correct, -derivatives.loss_hessian(W, X, y, loss="exp"), rtol=1e-12, atol=1e-12)
    assert np.allclose(correct - no_label, -2 * np.exp(-y[1] * f[1]) * Hs[1], rtol=1e-12, atol=1e-12)
    assert np.abs(Hs[1]).max() > 0


def test_a_broken_formula_fails_verification():
    broken = dataclasses.replace(SQUARE_LOSS, claim=SquareHessianClaim(factor=3))
    assert broken.verify(profile="quick").status == "failed"


def test_orbits_make_minima_degenerate_even_when_n_exceeds_w():
    """A 2-3-1 ReLU net (W = 9) at a global minimum of N = 12 data: rank H <= W - 3, one null direction per unit."""
    from theorems.entries.hessian.rescaling_null_directions import RESCALING_NULL_DIRECTIONS

    rng = np.random.default_rng(4)
    W, X = init([2, 3, 1], rng), rng.normal(size=(12, 2))
    H = derivatives.loss_hessian(W, X, forward(W, X))
    eigenvalues = np.linalg.eigvalsh(H)
    assert np.sum(np.abs(eigenvalues) > 1e-12 * eigenvalues[-1]) <= 9 - 3
    tangents = np.array([np.concatenate([t.ravel() for t in RESCALING_NULL_DIRECTIONS.claim.tangent(W, 0, i)])
                         for i in range(3)])
    assert np.abs(H @ tangents.T).max() <= 1e-12 * np.abs(H).max()

"""dynamics.max_margin_linear and dynamics.rho_grows: reference values, the exact SVM, the figure."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from numerics import margins
from theorems.entries.dynamics.margins import svm_exact
from theorems.entries.dynamics.max_margin_linear import MAX_MARGIN_LINEAR
from theorems.entries.dynamics.rho_grows import RHO_GROWS
from theorems.render.latex import document, write_figures

ASYMMETRIC = np.array([[1.0, 1.0], [1.5, -0.5], [2.0, 0.5]])


def plain_gd(Z, eta, checkpoints):
    """Gradient descent w <- w + eta sum_n exp(-<w, z_n>) z_n from 0, written out independently of numerics."""
    w, out, step = np.zeros(Z.shape[1]), {}, 0
    for stop in checkpoints:
        for step in range(step, stop):
            w = w + eta * np.exp(-Z @ w) @ Z
        step = stop
        out[stop] = w.copy()
    return out


def test_symmetric_toy_norm_reference():
    """GD with eta = 0.1 from 0 on z = (1, +-0.2): ||w(t)|| - ln(2 eta t) ~ 1e-5, and w2 = 0 by symmetry."""
    T = 10**5
    w = plain_gd(np.array([[1.0, 0.2], [1.0, -0.2]]), 0.1, [T])[T]
    # In exact arithmetic w2 stays 0.  In float64 the two terms e*0.2 and e*(-0.2) of the step cancel exactly only
    # when both products are rounded alike; a fused multiply-add (chosen by the BLAS kernel for the CPU) rounds one
    # of them, leaving at most 2 roundings of eta*e*0.2 per step.  With e = exp(-w1) ~ 1/(2 eta t), the steps add up
    # to at most 0.4 u (1 + ln T), u = 2^-53 (the pull of the loss towards w2 = 0 only shrinks it).
    assert abs(w[1]) <= 0.4 * 2.0**-53 * (1 + np.log(T))
    assert abs(np.linalg.norm(w) - np.log(2 * 0.1 * 10**5)) < 1e-4


def test_asymmetric_angle_references():
    """Reference: angles 0.0679, 0.0506, 0.0387 at t = 10^2..10^4; angle * ln t in [0.2, 0.5]."""
    w_hat = np.array([0.75, 0.25])
    runs = plain_gd(ASYMMETRIC, 0.1, [10**2, 10**3, 10**4])
    angles = {t: np.arccos(w @ w_hat / np.linalg.norm(w) / np.linalg.norm(w_hat)) for t, w in runs.items()}
    for t, reference in [(10**2, 0.0679), (10**3, 0.0506), (10**4, 0.0387)]:
        assert abs(angles[t] - reference) < 5e-4
        assert 0.2 <= angles[t] * np.log(t) <= 0.5
    normalized = [(ASYMMETRIC @ w).min() / np.linalg.norm(w) for w in runs.values()]
    assert np.all(np.diff(normalized) > 0) and normalized[-1] < 4 / np.sqrt(10)  # 1.2191 .. -> 1.2649


@settings(max_examples=40, deadline=None, database=None, derandomize=True)
@given(st.lists(st.lists(st.integers(-4, 4), min_size=2, max_size=2), min_size=1, max_size=5),
       st.integers(0, 7))
def test_exact_svm_agrees_with_the_numeric_one(rows, angle):
    """svm_exact (KKT enumeration in exact arithmetic) and numerics.margins.max_margin (NNLS) agree."""
    direction = np.array([np.cos(angle), np.sin(angle)])
    Z = np.array(rows, float)
    Z = Z[Z @ direction > 0.5]  # keep points strictly on one side: separable through the origin
    if Z.size == 0:
        return
    exact = np.array(svm_exact(sp.Matrix(Z.astype(int).tolist())), float).ravel()
    np.testing.assert_allclose(margins.max_margin(Z, np.ones(len(Z))).w, exact, rtol=1e-12, atol=1e-12)


def test_exact_svm_rejects_inseparable_data():
    with pytest.raises(ValueError, match="separable"):
        svm_exact(sp.Matrix([[1, 0], [-1, 0]]))


def test_errata_are_recorded():
    assert any("KKT" in e for e in MAX_MARGIN_LINEAR.errata)
    assert any("does not change" in e for e in RHO_GROWS.errata)


def test_figure_is_deterministic_and_goes_into_the_report(tmp_path):
    first, second = RHO_GROWS.figure(3), RHO_GROWS.figure(3)
    assert len(first.axes) == 2
    np.testing.assert_array_equal(first.axes[0].lines[0].get_ydata(), second.axes[0].lines[0].get_ydata())
    rho = first.axes[0].lines[0].get_ydata()
    assert rho[-1] > 2 * rho[0]  # rho grows
    figures = write_figures([RHO_GROWS, MAX_MARGIN_LINEAR], tmp_path / "r.tex", seed=0)
    assert list(figures) == ["dynamics.rho_grows"] and (tmp_path / figures["dynamics.rho_grows"]).stat().st_size > 1000
    assert r"keepaspectratio]{r-figures/dynamics.rho_grows.pdf}" in document([RHO_GROWS],
                                                                                                figures=figures)

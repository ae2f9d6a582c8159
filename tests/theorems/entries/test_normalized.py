"""dynamics.normalized_rho and dynamics.normalized_V: the reference values and errata."""

import numpy as np
import sympy as sp

from theorems.entries.dynamics.normalized import NormalizedClaim
from theorems.entries.dynamics.normalized_rho import NORMALIZED_RHO


def test_rho_reference_value():
    """m = 2 support vectors at margin 1 from rho_0 = 0: rho(t) = log(2 t + 1), rho(10^6) = 14.5087."""
    t = sp.Symbol("t", nonnegative=True)
    rho = sp.log(2 * t + 1)
    assert sp.simplify(sp.diff(rho, t) - 2 * NORMALIZED_RHO.claim.rho_rate(rho, [1], [1], sp.exp)) == 0
    assert abs(float(rho.subs(t, 10**6)) - 14.5087) < 5e-5


def test_slide_rho_factor_is_spurious():
    """With the slide's extra rho, the rate is off by the factor rho whenever rho != 1."""
    f, y = np.array([0.5, -0.25]), np.array([1.0, -1.0])
    correct = NormalizedClaim().rho_rate(2.0, f, y, np.exp)
    assert np.isclose(NormalizedClaim(rho_factor="rho").rho_rate(2.0, f, y, np.exp), 2.0 * correct)


def test_unsquared_penalty_gradient_differs():
    """Reference: -d(lambda ||V||)/dv11 is lambda v11 / ||V||, not 2 lambda v11 as (13) has."""
    v = sp.symbols("v1:5", real=True)
    lam = sp.Symbol("lambda", positive=True)
    norm = sp.sqrt(sum(e**2 for e in v))
    assert sp.simplify(sp.diff(lam * norm, v[0]) - lam * v[0] / norm) == 0
    assert sp.simplify(sp.diff(lam * norm, v[0]) - 2 * lam * v[0]) != 0

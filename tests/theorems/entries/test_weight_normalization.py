"""dynamics.weight_normalization and numerics.nets.batch_norm: the radial drift, long runs, bad input."""

import numpy as np
import pytest

from numerics import InvalidArgument, nets
from theorems.entries.dynamics.weight_normalization import UnitNormClaim, _v_gradient


def test_batch_norm_is_scale_invariant_and_refuses_what_it_cannot_normalize():
    Z = np.random.default_rng(0).standard_normal((5, 3))
    for c in (1e-3, 0.7, 40.0):
        assert np.allclose(nets.batch_norm(c * Z), nets.batch_norm(Z), rtol=0, atol=1e-13)
    assert np.allclose(nets.batch_norm(Z).mean(axis=0), 0, atol=1e-15)
    assert np.allclose((nets.batch_norm(Z) ** 2).mean(axis=0), 1, atol=1e-14)
    assert not np.allclose(nets.batch_norm(-Z), nets.batch_norm(Z))  # only positive scales
    for bad, message in [([[1.0, 2.0]], "N >= 2"), ([[1.0, 2.0], [1.0, 3.0]], "constant"),
                         ([[np.nan, 1.0], [2.0, 3.0]], "NaN")]:
        with pytest.raises(InvalidArgument, match=message):
            nets.batch_norm(bad)
    assert np.all(np.isfinite(nets.batch_norm([[1.0, 2.0], [1.0, 3.0]], eps=1e-5)))


def test_a_thousand_steps_grow_the_norm_by_the_radial_term_exactly():
    """GD on v for a weight-normalized logistic-regression-like unit: ||v|| increases at every step, and
    ||v_{t+1}||^2 - ||v_t||^2 = eta^2 ||grad||^2 to 1e-12 relative, over 1000 steps."""
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((8, 3)), np.where(rng.standard_normal(8) > 0, 1.0, -1.0)
    v, g, eta = rng.standard_normal(3), 1.5, 0.05
    norms, errors = [v @ v], []
    for _ in range(1000):
        G, _, _ = _v_gradient(v, g, X, y, "exp")
        following = v - eta * G
        errors.append(abs(following @ following - v @ v - eta**2 * (G @ G)) / (following @ following))
        v = following
        norms.append(v @ v)
    assert np.all(np.diff(norms) > 0) and max(errors) < 1e-12
    assert norms[-1] > 1.01 * norms[0]  # the drift is not negligible over a run


def test_the_claims_gradient_formula_against_the_chain_rule():
    rng = np.random.default_rng(5)
    X, y, v, g = rng.standard_normal((6, 4)), rng.standard_normal(6), rng.standard_normal(4), -0.8
    G, gradient_w, error = _v_gradient(v, g, X, y, "square")
    assert np.all(np.abs(UnitNormClaim().v_gradient(g, v, gradient_w, np.sqrt) - G) <= error)
    unprojected = UnitNormClaim(projected=False).v_gradient(g, v, gradient_w, np.sqrt)
    assert np.max(np.abs(unprojected - G)) > 1e6 * error

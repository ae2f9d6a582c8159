"""homogeneity.rescaling_symmetry: verified, each mutant rejected by each check, and a numeric reference."""

import numpy as np

from numerics import forward, init
from theorems.entries.homogeneity.rescaling_symmetry import RescalingClaim


def test_reference_of_claims_md():
    """A random 3-5-4-1 ReLU net, every hidden unit rescaled by its own c in (0.1, 10): max|f - f_c| <= 1e-12 max|f|."""
    rng = np.random.default_rng(0)
    W, X = init([3, 5, 4, 1], rng), rng.normal(size=(1000, 3))
    claim, scaled = RescalingClaim(), W
    for k, width in enumerate([5, 4]):
        for unit in range(width):
            scaled, _ = claim.rescale(scaled, None, k, rng.uniform(0.1, 10.0), unit)
    f, f_c = forward(W, X), forward(scaled, X)
    assert np.abs(f - f_c).max() <= 1e-12 * np.abs(f).max()
    assert not np.allclose(forward(RescalingClaim(sign=-1).rescale(W, None, 0, -2.0)[0], X), f)

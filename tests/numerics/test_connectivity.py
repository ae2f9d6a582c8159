"""numerics.connectivity: Bezier fits and elastic bands against closed forms."""

import numpy as np
import pytest

from numerics import connectivity
from numerics.errors import InvalidArgument


def energy(P):
    return (P[:, 0] ** 2 - 1) ** 2 + (P[:, 1] - P[:, 0] ** 2 / 2 + 0.5) ** 2


def energy_grad(P):
    r = P[:, 1] - P[:, 0] ** 2 / 2 + 0.5
    return np.stack([4 * P[:, 0] * (P[:, 0] ** 2 - 1) - 2 * r * P[:, 0], 2 * r], axis=1)


def test_nudged_band_finds_the_saddle_and_the_plain_band_cuts_the_corner():
    band = connectivity.neb(energy, energy_grad, [-1.0, 0.0], [1.0, 0.0])
    top = band.images[np.argmax(band.losses)]
    assert abs(band.losses.max() - 1) < 1e-9 and np.allclose(top, [0, -0.5], atol=1e-8) and band.force < 1e-10
    spacing = np.linalg.norm(np.diff(band.images, axis=0), axis=1)
    assert spacing.max() / spacing.min() < 1 + 1e-6
    plain = connectivity.neb(energy, energy_grad, [-1.0, 0.0], [1.0, 0.0], nudged=False)
    assert plain.losses.max() == pytest.approx(1.0459, abs=1e-4)  # reference: 4.6% too high
    alone = connectivity.neb(energy, energy_grad, [-1.0, 0.0], [1.0, 0.0], nudged=False, springs=False)
    assert np.sum(np.linalg.norm(alone.images - [-1.0, 0.0], axis=1) < 1e-6) >= 9  # images slide into the minima


def stiff(P):
    return (P[:, 0] ** 2 - 1) ** 2 + 100 * (P[:, 1] - P[:, 0] ** 2 / 2 + 0.5) ** 2


def stiff_grad(P):
    r = P[:, 1] - P[:, 0] ** 2 / 2 + 0.5
    return np.stack([4 * P[:, 0] * (P[:, 0] ** 2 - 1) - 200 * r * P[:, 0], 200 * r], axis=1)


def test_fire_converges_where_fixed_steps_oscillate_and_the_climbing_image_reaches_the_saddle():
    # curvature 200 across the valley: a fixed step above 2/200 is unstable, FIRE adapts its time step
    kw = {"images": 8, "iterations": 4000, "step": 0.011}
    euler = connectivity.neb(stiff, stiff_grad, [-1.0, 0.0], [1.0, 0.0], **kw)
    fire = connectivity.neb(stiff, stiff_grad, [-1.0, 0.0], [1.0, 0.0], method="fire", climbing=True, tol=1e-9, **kw)
    assert euler.force == np.inf and euler.iterations < 4000  # diverged, and stopped saying so (no overflow noise)
    assert fire.force <= 1e-9 and fire.iterations < 4000
    top = fire.images[np.argmax(fire.losses)]
    np.testing.assert_allclose(top, [0.0, -0.5], atol=1e-9)  # exactly the saddle, between the initial images
    assert fire.losses.max() == pytest.approx(1.0, abs=1e-15)


def test_bezier_mean_loss_optimum_on_the_ring():
    ring = lambda P: ((P**2).sum(1) - 1) ** 2  # noqa: E731
    ring_grad = lambda P: 4 * ((P**2).sum(1) - 1)[:, None] * P  # noqa: E731
    c = connectivity.fit_bezier(ring, ring_grad, [-1.0, 0.0], [1.0, 0.0], control=[0.0, 1.0])
    assert np.allclose(c, [0, 3 / np.sqrt(2)], atol=1e-7)
    t = np.linspace(0, 1, 100_001)
    losses = ring(connectivity.bezier(np.array([-1.0, 0.0]), c, np.array([1.0, 0.0]), t))
    assert np.trapezoid(losses, t) == pytest.approx(2 / 105, abs=1e-9)  # reference: mean 2/105
    assert losses.max() == pytest.approx(0.0493827, abs=1e-7)


def test_bad_input():
    with pytest.raises(InvalidArgument, match="images"):
        connectivity.neb(energy, energy_grad, [-1.0, 0.0], [1.0, 0.0], images=2)
    with pytest.raises(InvalidArgument, match="path"):
        connectivity.neb(energy, energy_grad, [-1.0, 0.0], [1.0, 0.0], images=3, path=np.zeros((3, 2)))
    with pytest.raises(InvalidArgument, match="method"):
        connectivity.neb(energy, energy_grad, [-1.0, 0.0], [1.0, 0.0], method="lbfgs")

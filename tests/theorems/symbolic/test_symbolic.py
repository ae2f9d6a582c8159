"""The symbolic network against numerics.forward (an independent implementation)."""

import numpy as np
import pytest
import sympy as sp

from numerics import jacobian, nets
from theorems.symbolic.nets import SymbolicNet, relu


def test_relu_definition_and_derivative_convention():
    z = sp.Symbol("z", real=True)
    assert sp.diff(relu(z), z) == sp.Heaviside(z, 0)
    assert sp.Heaviside(0, 0) == 0 and relu(sp.Integer(0)) == 0


@pytest.mark.parametrize("sizes, biases", [([2, 3, 1], False), ([3, 2, 2, 1], True), ([2, 1], False)])
def test_output_and_gradient_match_numerics(sizes, biases):
    rng = np.random.default_rng(1)
    net = SymbolicNet(sizes, biases=biases)
    weights = nets.init(sizes, rng)
    bs = [rng.normal(size=n) for n in sizes[1:]] if biases else None
    theta = nets.flatten(weights, bs)
    X = rng.normal(size=(5, sizes[0]))
    relu_numpy = {"relu": lambda u: np.maximum(u, 0), "Heaviside": lambda u, h0: (u > 0).astype(float)}
    params = net.parameters()
    f = sp.lambdify([params, list(net.x)], net.output, modules=[relu_numpy, "numpy"])
    grad = sp.lambdify([params, list(net.x)], [sp.diff(net.output, q) for q in params], modules=[relu_numpy, "numpy"])
    for n, x in enumerate(X):
        assert np.isclose(f(theta, x), nets.forward(weights, X, biases=bs)[n], rtol=1e-13, atol=1e-13)
        assert np.allclose(grad(theta, x), jacobian(weights, X, biases=bs)[n], rtol=1e-12, atol=1e-13)


def test_regions_cover_every_pattern_and_restrict_to_polynomials():
    net = SymbolicNet([2, 2, 2, 1])
    regions = net.regions()
    assert len(regions) == 16 and len(set(regions)) == 16
    derivative = sp.diff(net.output, net.weights[0][0, 0])
    for pattern in regions:
        restricted = net.on_region(derivative, pattern)
        assert not restricted.has(relu) and not restricted.has(sp.Heaviside)
        assert restricted.is_polynomial(*net.parameters(), *net.x)

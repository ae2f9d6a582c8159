import numpy as np
import pytest
from hypothesis import given, settings
from scipy.optimize import linprog

from numerics import InvalidArgument, strategies
from numerics.flows import gradient_flow


def test_gradient_flow_of_a_quadratic():
    H = np.diag([1.0, 3.0])
    result = gradient_flow(lambda w: H @ w, [1.0, 1.0], [0.5, 2.0])
    exact = np.exp(-np.outer([0.5, 2.0], [1.0, 3.0]))
    assert np.abs(result.w - exact).max() <= result.error_budget


@pytest.mark.parametrize("times, message", [([], "non-empty increasing"), ([1.0, 0.5], "increasing"),
                                            ([-1.0], ">= 0")])
def test_gradient_flow_bad_times(times, message):
    with pytest.raises(InvalidArgument, match=message):
        gradient_flow(lambda w: w, [1.0], times)


def test_gradient_flow_blow_up_is_reported():
    with pytest.raises(InvalidArgument, match="could not be integrated"):
        gradient_flow(lambda w: -(w**3), [1.0], [10.0])  # dw/dt = w^3 blows up at t = 1/2


def test_a_non_finite_state_is_named():
    # SciPy's LSODA overflows its first step estimate from a state of magnitude 1e-300.
    with pytest.raises(InvalidArgument, match="LSODA integrator produced a non-finite state"):
        gradient_flow(lambda w: 2 * w, [0.0, 1e-300], [15.0], method="LSODA")


@settings(max_examples=30, database=None, deadline=None)
@given(strategies.separable_datasets(3, margin=0.2))
def test_separable_datasets_are_separable(data):
    X, y = data
    # Feasibility LP: y_n <w, x_n> >= 0.2 for some w in [-1, 1]^d (the unit w* of the construction fits).
    result = linprog(np.zeros(3), A_ub=-(y[:, None] * X), b_ub=-0.2 * np.ones(len(y)) + 1e-9, bounds=[(-1, 1)] * 3)
    assert result.status == 0


@settings(max_examples=30, database=None, deadline=None)
@given(strategies.architectures(min_depth=2, max_depth=3, max_width=4).flatmap(
    lambda sizes: strategies.weights(sizes, bound=0.5).map(lambda ws: (sizes, ws))))
def test_weights_fit_their_architecture(pair):
    sizes, ws = pair
    assert [w.shape for w in ws] == [(o, i) for i, o in zip(sizes[:-1], sizes[1:])]
    assert all(np.abs(w).max(initial=0) <= 0.5 for w in ws) and 3 <= len(sizes) <= 4


@pytest.mark.parametrize("call, message", [
    (lambda: strategies.architectures(min_width=4, max_width=2), "Cannot have max_width=2 < min_width=4"),
    (lambda: strategies.architectures(max_depth=0), "max_depth=0 must be an int >= 1"),
    (lambda: strategies.weights([2, 3]), "must end with 1"),
    (lambda: strategies.weights([2, 1], bound=-1), "bound=-1 must be a finite number > 0"),
    (lambda: strategies.datasets(2, min_size=5, max_size=1), "Cannot have max_size=1 < min_size=5"),
    (lambda: strategies.separable_datasets(2, margin=0), "margin=0 must be a finite number > 0"),
])
def test_strategy_arguments_are_validated_eagerly(call, message):
    with pytest.raises(InvalidArgument, match=message):
        call()


def test_numerics_never_imports_sympy():
    import subprocess
    import sys

    code = ("import numerics, numerics.strategies, numerics.flows, numerics.polynomials, numerics.homotopy, "
            "numerics.capacity, numerics.approximation, numerics.compositional, numerics.stochastic, "
            "numerics.spectrum, sys; "
            "print('sympy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

"""Hessians of small networks' losses, symbolic (SymPy, per activation region) and numeric, shared by the ``hessian``
entries.
"""

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import derivatives, nets, strategies
from theorems.symbolic.nets import SymbolicNet

__all__ = ["network_hessians"]


def _symbolic_problem(sizes, N):
    """A symbolic net, N symbolic data points and labels: (theta, f_n, grad f_n rows, Hess f_n, y)."""
    net = SymbolicNet(sizes)
    theta = net.parameters()
    data = [{xj: sp.Symbol(f"x{n + 1}_{j + 1}", real=True) for j, xj in enumerate(net.x)} for n in range(N)]
    f = [net.output.xreplace(point) for point in data]
    grads = [sp.Matrix([[sp.diff(fn, q) for q in theta]]) for fn in f]
    hessians = [sp.hessian(fn, theta) for fn in f]
    return theta, f, grads, hessians, sp.symbols(f"y1:{N + 1}", real=True)


def _almost_everywhere(expr):
    """Drop SymPy's ``DiracDelta`` terms: relu'' = 0 off the kinks, the convention of numerics (sigma'' = 0)."""
    return sp.sympify(expr).replace(sp.DiracDelta, lambda *args: sp.S.Zero)


_SYMBOLIC_CASES = {"quick": [([2, 2, 1], 2)], "default": [([2, 2, 1], 2), ([2, 2, 2, 1], 1)],
                   "thorough": [([2, 2, 1], 2), ([2, 2, 1], 3), ([2, 2, 2, 1], 2)]}


def _cases_text(cases):
    return ", ".join(f"{'-'.join(map(str, sizes))} N={N}" for sizes, N in cases)


def _matrix_identities(name, derived, claimed):
    """Entry by entry (upper triangle; both sides are symmetric by construction), almost everywhere."""
    P = derived.shape[0]
    for i in range(P):
        for j in range(i, P):
            yield f"{name}: entry ({i + 1}, {j + 1})", _almost_everywhere(derived[i, j]), \
                _almost_everywhere(claimed[i, j])


def network_hessians(weights, X, activation="relu"):
    """``Hess f(x_n)`` of a bias-free net for every datum, from :mod:`numerics` alone.

    With the target ``y_n = f_n - 1/2`` the square loss of one datum has ``l' = 2 (f_n - y_n)``
    (about 1) and its Hessian minus its Gauss-Newton part is ``l' Hess f_n``.

    Returns
    -------
    numpy.ndarray, shape (N, W, W)

    Examples
    --------
    ``f = a relu(w x)`` at ``w = 2, a = 3, x = 1``: ``d^2 f / dw da = relu'(2) x = 1``.

    >>> network_hessians([np.array([[2.0]]), np.array([[3.0]])], np.array([[1.0]]))[0]
    array([[0., 1.],
           [1., 0.]])
    """
    out = []
    for x in X:
        x = x[None, :]
        f = nets.forward(weights, x, activation=activation)
        y = f - 0.5
        slope = 2.0 * (f[0] - y[0])  # l' as numerics forms it
        H = derivatives.loss_hessian(weights, x, y, activation=activation)
        out.append((H - derivatives.gauss_newton(weights, x, y, activation=activation)) / slope)
    return np.array(out)


@st.composite
def _nets_and_data(draw, *, labels):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=4, max_input=3))
    weights = draw(strategies.weights(sizes, bound=1.0))
    X, targets = draw(strategies.datasets(sizes[0], max_size=5))
    y = targets if labels == "real" else np.where(targets >= 0, 1.0, -1.0)
    lam = draw(st.floats(0.01, 2.0))
    return {"weights": weights, "X": X, "y": y, "lambda": lam}


def _magnitudes(weights, X):
    """Bounds on the partial products in f, grad f and Hess f: the same net on |W|, |X| with a linear activation.

    ReLU's slopes are 0 or 1, so every product in the ReLU net's derivatives is bounded by the
    matching product of the absolute linear net.  Returns ``(S, G, Hs)``: outputs (N,), gradients
    (N, W) and Hessians (N, W, W).
    """
    absolute = [abs(w) for w in weights]
    S = nets.forward(absolute, abs(X), activation="linear")
    G = derivatives.jacobian(absolute, abs(X), activation="linear")
    return S, G, network_hessians(absolute, abs(X), activation="linear")

"""``dynamics.linear_square_flow``: Gradient flow of the square loss of a linear model and its minimum-norm limit."""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, flows, strategies
from numerics.conventions import UNIT_ROUNDOFF, gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.dynamics.linear_solutions import (
    KAPPA_MAX, NUMPY_OPS, SYMPY_OPS, _nearest_solution, _pinv_solution,
)
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["LINEAR_SQUARE_FLOW", "LinearFlowClaim"]


@dataclass(frozen=True)
class LinearFlowClaim:
    """The parameters of "the gradient flow of sum_n (y_n - <w, x_n>)^2 and its limit" that mutants vary.

    The claimed flow is ``dw/dt = factor * sum_n E_n x_n`` with
    ``E_n = residual_sign * (y_n - <w, x_n>)``, and from ``w(0) = w0`` it is
    claimed to converge to ``limit(X, y, w0)``.
    """

    factor: int = 2
    residual_sign: int = 1
    limit: Callable = _nearest_solution

    def field(self, X, y, w):
        """The claimed right-hand side ``factor * X^T E`` (SymPy matrices or NumPy arrays)."""
        return self.factor * X.T @ (self.residual_sign * (y - X @ w))

    def trajectory(self, X, y, w0, t, ops):
        """The closed form ``w_inf + exp(-factor s X^T X t) (w0 - w_inf)`` of the claimed flow."""
        w_inf = self.limit(X, y, w0, ops)
        return w_inf + ops["expm"](-self.factor * self.residual_sign * (X.T @ X) * t) @ (w0 - w_inf)


def _square_loss(X, y, w):
    """L(w) = sum_n (y_n - <w, x_n>)^2, the slide's loss (a premise, not the formula under test)."""
    return sum((y[n] - sum(X[n, j] * w[j] for j in range(X.shape[1]))) ** 2 for n in range(X.shape[0]))


def _flow_identities(claim, N, d):
    """dw/dt = -dL/dw derived by differentiation, against the claimed field, with symbolic data."""
    X = sp.Matrix(N, d, lambda n, j: sp.Symbol(f"x{n + 1}_{j + 1}", real=True))
    y = sp.Matrix(N, 1, lambda n, _: sp.Symbol(f"y{n + 1}", real=True))
    w = sp.Matrix(d, 1, lambda j, _: sp.Symbol(f"w{j + 1}", real=True))
    L = _square_loss(X, y, w)
    claimed = claim.field(X, y, w)
    for j in range(d):
        yield f"N={N}, d={d}: -dL/dw_{j + 1} = claimed field", -sp.diff(L, w[j]), claimed[j]


def _solution_identities(claim, X, y, w0, consistent):
    """Solve the derived linear ODE exactly, check it by substitution, compare its limit with the claim's."""
    X, y, w0 = sp.Matrix(X), sp.Matrix(y), sp.Matrix(w0)
    d = X.shape[1]
    t, s = sp.Symbol("t", nonnegative=True), sp.Symbol("s", nonnegative=True)
    w = sp.Matrix(d, 1, lambda j, _: sp.Symbol(f"w{j + 1}", real=True))
    field = (-sp.diff(_square_loss(X, y, w), w)).expand()  # dw/dt = A w + b, derived from L
    A, b = field.jacobian(w), field.subs({wj: 0 for wj in w})
    # Variation of constants: w(t) = e^{At} w0 + int_0^t e^{A(t-s)} b ds.
    solution = (A * t).exp() * w0 + ((A * (t - s)).exp() * b).applyfunc(lambda e: sp.integrate(e, (s, 0, t)))
    name = f"X={X.tolist()}, y={list(y)}, w0={list(w0)}"
    residual = solution.diff(t) - field.subs(dict(zip(w, solution)))
    for j in range(d):
        yield f"{name}: d/dt w_{j + 1}(t) = field(w(t))_{j + 1}", sp.simplify(residual[j]), 0
        yield f"{name}: w_{j + 1}(0) = w0_{j + 1}", solution[j].subs(t, 0), w0[j]
    derived_limit = solution.applyfunc(lambda e: sp.limit(e, t, sp.oo))
    claimed_limit = claim.limit(X, y, w0, SYMPY_OPS)
    for j in range(d):
        yield f"{name}: lim w_{j + 1}(t) = claimed limit", derived_limit[j], claimed_limit[j]
    if consistent:  # minimum-norm interpolant from the Lagrange conditions w = X^T lambda, X w = y
        lam = sp.Matrix(X.shape[0], 1, lambda n, _: sp.Symbol(f"lambda{n + 1}"))
        multipliers = sp.solve(list(X * X.T * lam - y), list(lam), dict=True)[0]
        min_norm = X.T * lam.subs(multipliers)
        claimed_from_zero = claim.limit(X, y, sp.zeros(d, 1), SYMPY_OPS)
        for j in range(d):
            yield f"{name}: limit from w0 = 0 is the minimum-norm interpolant (coordinate {j + 1})", \
                claimed_from_zero[j], min_norm[j]


# Exact instances with rational spectra of X^T X: under-determined (the slide's case), over-determined
# consistent, and inconsistent (the limit is then the least-squares solution nearest w0).
_INSTANCES = (
    ([[1, 2, 0], [0, 1, 1]], [1, 3], [1, -1, 2], True),
    ([[1, 0], [0, 1], [1, 1]], [1, 2, 3], [5, -1], True),
    ([[1, 0], [0, 1], [1, 1]], [1, 2, 4], [0, 3], False),
)


def _symbolic(claim, context):
    sizes = context.profile.pick(quick=[(2, 3)], default=[(2, 3), (3, 2)], thorough=[(2, 3), (3, 2), (3, 4)])
    instances = context.profile.pick(quick=_INSTANCES[:1], default=_INSTANCES, thorough=_INSTANCES)

    def identities():
        for N, d in sizes:
            yield from _flow_identities(claim, N, d)
        for instance in instances:
            yield from _solution_identities(claim, *instance)

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: the flow derived from L by differentiation (symbolic data, "
        + ", ".join(f"N={N} d={d}" for N, d in sizes)
        + f"), and on {len(instances)} exact instance(s) the linear ODE solved by variation of constants "
        "(matrix exponential), checked by substitution, its limit t -> oo and the minimum-norm interpolant "
        "from the Lagrange conditions",
    )


@st.composite
def _instances(draw):
    d = draw(st.integers(1, 5))
    X, y = draw(strategies.datasets(d, max_size=5))
    w0 = draw(strategies.weights([d, 1]))[0][0]  # the weights of the linear model f(x) = <w, x>
    return {"X": X, "y": y, "w0": w0}


"""Instances with a non-zero singular value below ``s_max / KAPPA_MAX`` (and above rounding) are not drawn."""


def _numeric(claim, context):
    def example(instance):
        X, y, w0 = instance["X"], instance["y"], instance["w0"]
        N, d = X.shape
        sv = np.linalg.svd(X, compute_uv=False)
        assume(sv[0] >= 0.1)
        nonzero = sv[sv > 1e-12 * sv[0]]
        assume(nonzero[-1] >= sv[0] / KAPPA_MAX)  # well-conditioned on the row space; rank deficiency allowed
        rate = 2 * nonzero[-1] ** 2  # slowest decay of the true flow on the row space
        T = 30.0 / rate

        def gradient(w):
            return derivatives.loss_gradient([w[None, :]], X, y, activation="linear")

        flow = flows.gradient_flow(gradient, w0, [T / 100, T / 10, T], method="LSODA")
        scale = max(1.0, np.abs(flow.w).max(), np.abs(w0).max())
        linear_algebra = 64 * KAPPA_MAX**2 * (N + d) * UNIT_ROUNDOFF * scale  # pinv, expm: kappa^2 (N + d) u
        truncation = np.exp(-rate * T) / (1 - np.exp(-rate * T)) * np.abs(w0 - flow.w[-1]).max()
        magnitude = 2 * abs(X).T @ (abs(y) + abs(X) @ abs(w0))
        closed = np.array([claim.trajectory(X, y, w0, t, NUMPY_OPS) for t in flow.t])
        lstsq = np.linalg.lstsq(X, y, rcond=None)[0]  # LAPACK gelsd: the minimum-norm least-squares solution
        parts = {
            "claimed field vs -numerics.loss_gradient": (claim.field(X, y, w0), -gradient(w0),
                                                         2 * gamma(N + d + 2) * magnitude),
            "solve_ivp flow vs claimed closed form": (flow.w, closed, flow.error_budget + linear_algebra),
            "flow at T vs claimed limit": (flow.w[-1], claim.limit(X, y, w0, NUMPY_OPS),
                                           flow.error_budget + linear_algebra + truncation),
            "claimed limit from 0 vs min-norm lstsq": (claim.limit(X, y, np.zeros(d), NUMPY_OPS), lstsq,
                                                       linear_algebra),
        }
        return worst_comparison(parts)

    return property_check(
        _instances(),
        example,
        context,
        tolerance=1.0,
        detail=f"|lhs - rhs| in units of its bound: float64 rounding (gamma_n |X|^T(|y| + |X||w|) for the field; "
        f"64 kappa^2 (N + d) u for pinv and expm, kappa <= {KAPPA_MAX:g} on the row space) plus the integrator's "
        "local-error budget (LSODA, rtol 1e-12) and the truncation e^(-2 s_min^2 T) at T = 15 / s_min^2; "
        "N, d <= 5, rank-deficient X allowed",
    )


LINEAR_SQUARE_FLOW = register(
    Theorem(
        id="dynamics.linear_square_flow",
        title="Gradient flow of the square loss of a linear model and its minimum-norm limit",
        topic="dynamics",
        kind="theorem",
        source=cite(POGGIO, 'slide "Linear one-layer case under square loss"'),
        as_stated=r"L = \sum_n^N (y_n - w_1^{1,j} x_n^j)^2, \qquad \dot{w}_1^{1,j} = 2 \sum_n^N E_n x_n^j",
        statement=(
            r"Let $L(w) = \sum_{n=1}^N (y_n - \langle w, x_n\rangle)^2 = \|y - Xw\|^2$ with $X \in \mathbb{R}^{N"
            r"\times d}$ the matrix of the $x_n$. The gradient flow $\dot w = -\nabla L(w)$ is",
            r"\[ \dot w = 2 \sum_{n=1}^N E_n x_n = 2 X^\top (y - X w), \qquad E_n = y_n - \langle w, x_n \rangle, \]",
            r"with solution $w(t) = w_\infty + e^{-2 X^\top X t} (w_0 - w_\infty)$, where $w_\infty = X^+ y + "
            r"(I - X^+ X) w_0$ is the least-squares solution nearest to $w_0$ (the component of $w_0$ in the null "
            r"space of $X$ never changes). If the data can be interpolated ($y \in \operatorname{range} X$), "
            r"$w_\infty$ interpolates, and from $w(0) = 0$ the flow converges to the minimum-norm interpolant "
            r"$X^+ y$.",
        ),
        hypotheses=(
            Assumption(r"The data can be interpolated, $X X^+ y = y$ (for the interpolation and minimum-norm "
                       r"claims; otherwise $w_\infty$ is the least-squares solution nearest $w_0$).",
                       lambda instance: bool(np.allclose(instance["X"] @ np.linalg.pinv(instance["X"])
                                                         @ instance["y"], instance["y"]))),
            Assumption(r"Minimum norm needs the start $w(0) = 0$ (or any $w_0 \perp \ker X$).",
                       lambda instance: bool(np.allclose(instance["w0"], 0))),
        ),
        derivation=(
            Step(r"\frac{\partial L}{\partial w_j}", r"-2 \sum_n (y_n - \langle w, x_n\rangle) x_{nj}",
                 r"chain rule on each square"),
            Step(r"\dot w", r"2 \sum_n E_n x_n = 2X^\top y - 2 X^\top X w",
                 r"gradient flow $\dot w = -\nabla L$, with the residual $E_n = y_n - \langle w, x_n\rangle$"),
            Step(r"w(t)", r"e^{-2X^\top X t} w_0 + \int_0^t e^{-2X^\top X (t - s)}\, 2X^\top y \, ds",
                 r"variation of constants for the linear ODE"),
            Step(r"(I - X^+ X)\, w(t)", r"(I - X^+ X)\, w_0",
                 r"$(I - X^+X) X^\top = 0$: the null-space component is conserved"),
            Step(r"\lim_{t\to\infty} w(t)", r"X^+ y + (I - X^+ X) w_0",
                 r"on the row space $2X^\top X \succ 0$, so that component converges to the least-squares "
                 r"solution $X^+ y$"),
            Step(r"\lim_{t\to\infty} w(t) \big|_{w_0 = 0}", r"X^+ y = \operatorname{argmin}\{\|w\| : Xw = y\}",
                 r"$X^+ y \in \operatorname{range} X^\top \perp \ker X$"),
        ),
        errata=(
            r"$E_n$ is not defined on the slide. The sign is right only for the residual $E_n = y_n - "
            r"\langle w, x_n\rangle$; with the common ``error'' $E_n = f(x_n) - y_n$ the flow is "
            r"$\dot w = -2\sum_n E_n x_n$.",
            r"The notation $w_1^{1,j} x_n^j$ (layer 1, output 1, input $j$) relies on summation over $j$, and "
            r"$\sum_n^N$ omits the lower limit $n = 1$.",
            r"Convergence to the minimum-norm solution needs $w(0) = 0$ (or $w_0 \perp \ker X$): from another "
            r"start the limit keeps the null-space component of $w_0$; for $X = ((1,2,0),(0,1,1))$, $y = (1,3)$, "
            r"$w_0 = (1,-1,2)$ it is $(1,0,3)$, not $X^+y = (-2/3, 5/6, 13/6)$.",
        ),
        references=(
            "T. Poggio, Q. Liao, A. Banburski, \"Complexity control by gradient descent in deep networks\", "
            "Nature Communications 11, 1027 (2020), on the linear case.",
            "S. Gunasekar, B. Woodworth, S. Bhojanapalli, B. Neyshabur, N. Srebro, \"Implicit regularization in "
            "matrix factorization\", NeurIPS 2017 (gradient descent from 0 on least squares reaches the "
            "minimum-norm solution).",
            "A. Ben-Israel, T. N. E. Greville, \"Generalized Inverses: Theory and Applications\", 2nd ed., "
            "Springer 2003 (least-squares properties of the pseudo-inverse).",
        ),
        claim=LinearFlowClaim(),
        symbolic=_symbolic,
        numeric=_numeric,
        mutants=(
            Mutant("factor 1", "dw/dt = sum_n E_n x_n (the factor 2 dropped)", LinearFlowClaim(factor=1)),
            Mutant("E_n sign flipped", "dw/dt = 2 sum_n E_n x_n with E_n = <w, x_n> - y_n",
                   LinearFlowClaim(residual_sign=-1)),
            Mutant("min-norm from any start", "from any w0 the flow converges to the minimum-norm X^+ y",
                   LinearFlowClaim(limit=_pinv_solution)),
        ),
    )
)

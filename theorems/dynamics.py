"""Gradient dynamical systems induced by gradient descent.

Source: Poggio, "Theory of Deep Learning", slides "GD optimization induces a
gradient dynamical system", "Linear one-layer case under square loss" and
"Exponential loss, deep network with RELUs, with Halpern term".
"""


from dataclasses import dataclass
from typing import Callable

import numpy as np
import scipy.linalg
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, flows, nets, strategies
from numerics.conventions import UNIT_ROUNDOFF, gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.symbolic import SymbolicNet
from theorems.sources import POGGIO, cite

__all__ = ["BALANCEDNESS", "EXP_LOSS_FLOW", "GD_STEP", "HALPERN_FLOW", "HALPERN_ITERATION", "LINEAR_SQUARE_FLOW",
           "NORMALIZED_RHO", "NORMALIZED_V", "SQUARE_LOSS_FLOW"]


# The matrix operations a claim's formulas use, for exact (SymPy) and float64 (NumPy) evaluation.
SYMPY_OPS = {"pinv": lambda A: A.pinv(), "eye": sp.eye, "expm": lambda A: A.exp()}
NUMPY_OPS = {"pinv": np.linalg.pinv, "eye": np.eye, "expm": scipy.linalg.expm}


def _nearest_solution(X, y, w0, ops):
    """``X^+ y + (I - X^+ X) w0``: the least-squares solution nearest to ``w0``."""
    P = ops["pinv"](X)
    return P @ y + (ops["eye"](X.shape[1]) - P @ X) @ w0


def _pinv_solution(X, y, w0, ops):
    """``X^+ y`` whatever ``w0``: the mutant that forgets the start."""
    return ops["pinv"](X) @ y


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


# -- symbolic check ---------------------------------------------------------------------------------------------


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


# -- numeric check ----------------------------------------------------------------------------------------------


@st.composite
def _instances(draw):
    d = draw(st.integers(1, 5))
    X, y = draw(strategies.datasets(d, max_size=5))
    w0 = draw(strategies.weights([d, 1]))[0][0]  # the weights of the linear model f(x) = <w, x>
    return {"X": X, "y": y, "w0": w0}


KAPPA_MAX = 10.0
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


# -- the entry --------------------------------------------------------------------------------------------------

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


# == Gradient flows of deep ReLU networks =======================================================================

@dataclass(frozen=True)
class LossFlowClaim:
    """The parameters of "the gradient flow of L_lambda(W) = sum_n l(y_n, f(x_n)) + lambda sum_k ||W_k - W_k^0||^2".

    The claimed field for a parameter ``q`` (any weight ``w_k^{ij}``) is
    ``sum_n c_n df(x_n)/dq + p_q`` with ``c_n = sign * factor * (y_n - f_n)`` for the square
    loss and ``c_n = sign * factor * y_n ** label_power * exp(-y_n f_n)`` for the exponential
    loss, and the penalty term ``p_q``: ``none`` 0, ``gradient`` ``-2 lambda (q - q^0)`` (the
    penalty's gradient), ``half gradient`` ``-lambda (q - q^0)``, ``plus gradient``
    ``+2 lambda (q - q^0)``, ``value`` ``-lambda sum_k ||W_k - W_k^0||^2`` (the penalty itself).
    """

    loss: str = "square"
    factor: int = 2
    sign: int = 1
    label_power: int = 1
    penalty: str = "none"

    def coefficient(self, f, y, exp):
        """``c_n`` for one datum (SymPy or float), ``exp`` the matching exponential."""
        if self.loss == "square":
            return self.sign * self.factor * (y - f)
        return self.sign * self.factor * y**self.label_power * exp(-y * f)

    def field(self, f, jacobian, y, theta, theta0, lam, exp):
        """The claimed ``dtheta/dt`` as a list over the parameters.

        ``f`` and ``y`` hold one value per datum, ``jacobian[n][j]`` is ``df(x_n)/dtheta_j``,
        ``theta`` and ``theta0`` the flat parameters and the anchor; SymPy or NumPy entries.
        """
        c = [self.coefficient(fn, yn, exp) for fn, yn in zip(f, y)]
        gap = [q - q0 for q, q0 in zip(theta, theta0)]
        penalty = {
            "none": [0] * len(gap),
            "gradient": [-2 * lam * g for g in gap],
            "half gradient": [-lam * g for g in gap],
            "plus gradient": [2 * lam * g for g in gap],
            "value": [-lam * sum(g**2 for g in gap)] * len(gap),
        }[self.penalty]
        return [sum(c[n] * jacobian[n][j] for n in range(len(c))) + penalty[j] for j in range(len(gap))]


def _symbolic_loss(loss, f, y):
    """The slide's losses, a premise (not the formula under test): sum (y - f)^2 or sum exp(-y f)."""
    if loss == "square":
        return sum((yn - fn) ** 2 for fn, yn in zip(f, y))
    return sum(sp.exp(-yn * fn) for fn, yn in zip(f, y))


def _loss_flow_identities(claim, sizes, N):
    """-dL_lambda/dq derived by differentiation against the claimed field, for symbolic data, weights and anchor."""
    net = SymbolicNet(sizes)
    theta = net.parameters()
    data = [{xj: sp.Symbol(f"x{n + 1}_{j + 1}", real=True) for j, xj in enumerate(net.x)} for n in range(N)]
    y = sp.symbols(f"y1:{N + 1}", real=True)
    theta0 = [sp.Symbol(f"{q.name}^0", real=True) for q in theta]
    lam = sp.Symbol("lambda", positive=True) if claim.penalty != "none" else sp.S.Zero
    f = [net.output.xreplace(point) for point in data]
    penalty = lam * sum((q - q0) ** 2 for q, q0 in zip(theta, theta0))
    L = _symbolic_loss(claim.loss, f, y) + penalty
    jacobian = [[sp.diff(net.output, q).xreplace(point) for q in theta] for point in data]
    claimed = claim.field(f, jacobian, y, theta, theta0, lam, sp.exp)
    name = "-".join(map(str, sizes))
    for q, rhs in zip(theta, claimed):
        yield f"{name}, N={N}: -dL/d{q} = claimed d{q}/dt", -sp.diff(L, q), rhs


def _loss_flow_symbolic(claim, context):
    cases = context.profile.pick(quick=[([2, 2, 1], 2)], default=[([2, 2, 1], 2), ([2, 2, 2, 1], 2)],
                                 thorough=[([2, 2, 1], 2), ([2, 2, 1], 3), ([2, 2, 2, 1], 2), ([3, 2, 2, 1], 3)])

    def identities():
        for sizes, N in cases:
            yield from _loss_flow_identities(claim, sizes, N)

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: for every weight q, -dL/dq derived by SymPy differentiation of the "
        "loss (ReLU with relu' = Heaviside(u, 0)) equals the claimed field, with symbolic data, labels, anchor "
        "W^0 and lambda; nets and data sizes " + ", ".join(f"{'-'.join(map(str, s))} (N={N})" for s, N in cases),
    )


@st.composite
def _loss_flow_instances(draw, claim):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=4, max_input=3))
    weights = draw(strategies.weights(sizes, bound=1.0))
    anchor = draw(strategies.weights(sizes, bound=1.0))
    X, targets = draw(strategies.datasets(sizes[0], max_size=6))
    y = targets if claim.loss == "square" else np.where(targets >= 0, 1.0, -1.0)
    lam = draw(st.floats(0.01, 2.0)) if claim.penalty != "none" else 0.0
    return {"weights": weights, "anchor": anchor, "X": X, "y": y, "lambda": lam}


def _loss_flow_numeric(claim, context):
    def example(instance):
        W, X, y, lam = instance["weights"], instance["X"], instance["y"], instance["lambda"]
        f = nets.forward(W, X)
        assume(np.max(np.abs(y * f)) <= 50.0)  # exp(-y f) well inside float64
        theta, theta0 = nets.flatten(W), nets.flatten(instance["anchor"])
        J = derivatives.jacobian(W, X)
        claimed = np.array(claim.field(f, J, y, theta, theta0, lam, np.exp))
        # -grad L_lambda from numerics alone: the data term by backpropagation of the loss, and the penalty
        # lambda ||theta - theta^0||^2 as the square loss of the linear model theta on inputs sqrt(lambda) I.
        name = "square" if claim.loss == "square" else "exp"
        derived = -derivatives.loss_gradient(W, X, y, loss=name)
        if lam:
            root = np.sqrt(lam)
            eye = root * np.eye(theta.size)
            derived -= derivatives.loss_gradient([theta[None, :]], eye, root * theta0, activation="linear")
        # Rounding: every product in f and J is bounded by the absolute net (|W|, |X|, linear: |relu'| <= 1);
        # c_n is within gamma_m (|c_n| + |dc_n/df| S_n) of exact; the penalty, formed from sqrt(lambda) theta and
        # sqrt(lambda) theta0 before their difference, within gamma_8 lambda (|theta| + |theta0|).
        S = nets.forward([abs(w) for w in W], abs(X), activation="linear")
        J_abs = derivatives.jacobian([abs(w) for w in W], abs(X), activation="linear")
        c_scale = 2 * (np.abs(y) + S) if claim.loss == "square" else (1 + np.abs(y) * S) * np.exp(-y * f)
        m = 4 * len(W) + 16 + sum(w.size for w in W) + len(y)
        bound = 2 * gamma(m) * (c_scale @ J_abs) + 2 * gamma(8) * lam * (np.abs(theta) + np.abs(theta0))
        return worst_comparison({"claimed field vs -grad L (numerics)": (claimed, derived, bound)})

    return property_check(
        _loss_flow_instances(claim),
        example,
        context,
        tolerance=1.0,
        detail="|claimed - derived| in units of its float64 rounding bound 2 gamma_m (|c_n| + |c_n'| S_n) |J|_abs "
        "(+ the penalty's); claimed field from numerics.forward and numerics.derivatives.jacobian, derived "
        "-grad L from numerics.derivatives.loss_gradient (the penalty as a linear square loss); bias-free ReLU "
        "nets of depth 2-4, widths 1-4, N <= 6",
    )


_HYPOTHESES_FLOW = (
    Assumption(r"Bias-free ReLU network $f(W;x) = W_K\sigma(W_{K-1}\cdots\sigma(W_1x))$; at a kink the derivative "
               r"is taken with $\sigma'(0) = 0$, so the flow is the almost-everywhere gradient flow (a Clarke "
               r"subgradient flow at the kinks)."),
)
_FLOW_REFERENCES = (
    "A. Banburski, Q. Liao, B. Miranda, L. Rosasco, J. Hidary, T. Poggio, \"Theory III: Dynamics and "
    "generalization in deep networks\", arXiv:1903.04991, 2019.",
    "D. Davis, D. Drusvyatskiy, S. Kakade, J. D. Lee, \"Stochastic subgradient method converges on tame "
    "functions\", Foundations of Computational Mathematics 20, 2020 (Clarke subgradient flows of ReLU nets).",
)

SQUARE_LOSS_FLOW = register(
    Theorem(
        id="dynamics.square_loss_flow",
        title="The gradient flow of the square loss of a deep ReLU network",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "GD optimization induces a gradient dynamical system"'),
        as_stated=r"L = \sum_n^N (y_n - f(W_K, \dots, W_1; x_n))^2 \quad \text{for regression}",
        statement=(
            r"For $L(W) = \sum_{n=1}^N (y_n - f(W; x_n))^2$ the gradient flow $\dot W = -\nabla L(W)$ reads, for "
            r"every weight $w_k^{i,j}$ of layer $k$,",
            r"\[ \dot w_k^{i,j} = 2 \sum_{n=1}^N E_n \frac{\partial f(W; x_n)}{\partial w_k^{i,j}}, \qquad "
            r"E_n = y_n - f(W; x_n). \]",
            r"Its equilibria are the critical points of $L$; those with $L = 0$ are the interpolating weights.",
        ),
        hypotheses=_HYPOTHESES_FLOW,
        derivation=(
            Step(r"\frac{\partial L}{\partial w_k^{i,j}}",
                 r"\sum_{n=1}^N -2\,(y_n - f(x_n))\, \frac{\partial f(x_n)}{\partial w_k^{i,j}}",
                 r"chain rule on each square"),
            Step(r"\dot w_k^{i,j}", r"2 \sum_{n=1}^N E_n \frac{\partial f(x_n)}{\partial w_k^{i,j}}",
                 r"gradient flow $\dot w = -\partial L / \partial w$ with the residual $E_n = y_n - f(x_n)$"),
        ),
        errata=(
            r"$\sum_n^N$ omits the lower limit: the sum runs over $n = 1, \dots, N$.",
            r"The slide gives the loss but not its flow; with the residual $E_n = y_n - f(x_n)$ the flow is "
            r"$\dot w = +2\sum_n E_n \partial f(x_n)/\partial w$; with the ``error'' $f(x_n) - y_n$ the sign flips.",
        ),
        references=_FLOW_REFERENCES,
        claim=LossFlowClaim(),
        symbolic=_loss_flow_symbolic,
        numeric=_loss_flow_numeric,
        mutants=(
            Mutant("ascent", "dw/dt = 2 sum_n (f(x_n) - y_n) df/dw: the sign of E_n flipped",
                   LossFlowClaim(sign=-1)),
            Mutant("factor 1", "dw/dt = sum_n E_n df/dw: the factor 2 dropped", LossFlowClaim(factor=1)),
        ),
    )
)

EXP_LOSS_FLOW = register(
    Theorem(
        id="dynamics.exp_loss_flow",
        title="The gradient flow of the exponential loss of a deep ReLU network",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "GD optimization induces a gradient dynamical system"'),
        as_stated=r"L = \sum_n^N e^{-y_n f(W_K, \dots, W_1; x_n)} \quad \text{for classification}",
        statement=(
            r"For $L(W) = \sum_{n=1}^N e^{-y_n f(W; x_n)}$ (labels $y_n \in \{-1, +1\}$, but the identity holds "
            r"for any real $y_n$) the gradient flow $\dot W = -\nabla L(W)$ reads",
            r"\[ \dot w_k^{i,j} = \sum_{n=1}^N y_n\, e^{-y_n f(W; x_n)} \frac{\partial f(W; x_n)}"
            r"{\partial w_k^{i,j}}. \]",
            r"On separable data with a homogeneous $f$ it has no finite equilibrium: $L > 0$ and "
            r"$\inf L = 0$ is approached only as $\|W\| \to \infty$.",
        ),
        hypotheses=_HYPOTHESES_FLOW,
        derivation=(
            Step(r"\frac{\partial}{\partial w_k^{i,j}} e^{-y_n f(x_n)}",
                 r"-y_n e^{-y_n f(x_n)} \frac{\partial f(x_n)}{\partial w_k^{i,j}}", r"chain rule"),
            Step(r"\dot w_k^{i,j}",
                 r"\sum_{n=1}^N y_n e^{-y_n f(x_n)} \frac{\partial f(x_n)}{\partial w_k^{i,j}}",
                 r"gradient flow $\dot w = -\partial L/\partial w$"),
        ),
        errata=(
            r"The loss is right; the only exponential-loss flow the lecture writes (the Halpern slide, "
            r"dynamics.halpern\_flow) drops the factor $y_n$, which is wrong for every datum with $y_n = -1$.",
        ),
        references=_FLOW_REFERENCES + (
            "D. Soudry, E. Hoffer, M. S. Nacson, S. Gunasekar, N. Srebro, \"The implicit bias of gradient descent "
            "on separable data\", JMLR 19, 2018.",
        ),
        claim=LossFlowClaim(loss="exp", factor=1),
        symbolic=_loss_flow_symbolic,
        numeric=_loss_flow_numeric,
        mutants=(
            Mutant("y_n dropped", "dw/dt = sum_n e^{-y_n f(x_n)} df/dw (no factor y_n, as on the Halpern slide)",
                   LossFlowClaim(loss="exp", factor=1, label_power=0)),
            Mutant("ascent", "dw/dt = -sum_n y_n e^{-y_n f(x_n)} df/dw", LossFlowClaim(loss="exp", factor=1, sign=-1)),
        ),
    )
)

HALPERN_FLOW = register(
    Theorem(
        id="dynamics.halpern_flow",
        title="The gradient flow of the exponential loss with a Halpern (anchor) penalty",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "Exponential loss, deep network with RELUs, with Halpern term"'),
        as_stated=r"\dot{w}_k^{i,j} = \sum_n^N e^{-y_n f(x_n)} \frac{\partial f}{\partial w_k^{i,j}} "
        r"- \lambda(t) \sum_k \|w_k - w_k^0\|^2",
        statement=(
            r"For $L_\lambda(W) = \sum_{n=1}^N e^{-y_n f(W; x_n)} + \lambda(t) \sum_{k=1}^K \|W_k - W_k^0\|_F^2$ "
            r"with an anchor $W^0$ and $\lambda(t) > 0$, the gradient flow $\dot W = -\nabla L_\lambda(W)$ reads",
            r"\[ \dot w_k^{i,j} = \sum_{n=1}^N y_n e^{-y_n f(W; x_n)} \frac{\partial f(W; x_n)}{\partial w_k^{i,j}}"
            r" - 2 \lambda(t)\, \big(w_k^{i,j} - w_k^{0,i,j}\big). \]",
        ),
        hypotheses=_HYPOTHESES_FLOW + (
            Assumption(r"$\lambda(t) \ge 0$ is a given function of time (the flow is non-autonomous); the "
                       r"identity holds at each $t$."),
        ),
        derivation=(
            Step(r"\frac{\partial}{\partial w_k^{i,j}} \lambda \sum_{k'} \|W_{k'} - W_{k'}^0\|_F^2",
                 r"2 \lambda (w_k^{i,j} - w_k^{0,i,j})",
                 r"only the $(i,j)$ entry of layer $k$ depends on $w_k^{i,j}$"),
            Step(r"\dot w_k^{i,j}",
                 r"\sum_n y_n e^{-y_n f(x_n)} \frac{\partial f(x_n)}{\partial w_k^{i,j}} "
                 r"- 2\lambda (w_k^{i,j} - w_k^{0,i,j})",
                 r"gradient flow of $L_\lambda$, with dynamics.exp\_loss\_flow for the data term"),
        ),
        errata=(
            r"The factor $y_n$ is missing: $\sum_n e^{-y_nf}\partial f/\partial w$ is the flow only when every "
            r"$y_n = +1$, which cannot be arranged for ReLU nets by flipping $x_n$, since $f(-x) \ne -f(x)$.",
            r"The penalty itself, a scalar $\lambda \sum_k \|w_k - w_k^0\|^2$, is subtracted where its derivative "
            r"$2\lambda(t)(w_k^{i,j} - w_k^{0,i,j})$ belongs; $\lambda(w - w^0)$ would be right only for the "
            r"penalty $\frac{\lambda}{2}\sum_k\|W_k - W_k^0\|^2$.",
            r"The summation index $k$ of the penalty clashes with the free layer index $k$ of $w_k^{i,j}$.",
        ),
        references=_FLOW_REFERENCES + (
            "B. Halpern, \"Fixed points of nonexpanding maps\", Bull. AMS 73, 1967.",
        ),
        claim=LossFlowClaim(loss="exp", factor=1, penalty="gradient"),
        symbolic=_loss_flow_symbolic,
        numeric=_loss_flow_numeric,
        mutants=(
            Mutant("the slide's form", "dw/dt = sum_n e^{-y_n f} df/dw - lambda sum_k ||w_k - w_k^0||^2",
                   LossFlowClaim(loss="exp", factor=1, label_power=0, penalty="value")),
            Mutant("factor 2 dropped", "dw/dt = sum_n y_n e^{-y_n f} df/dw - lambda (w - w^0)",
                   LossFlowClaim(loss="exp", factor=1, penalty="half gradient")),
            Mutant("penalty sign", "dw/dt = sum_n y_n e^{-y_n f} df/dw + 2 lambda (w - w^0)",
                   LossFlowClaim(loss="exp", factor=1, penalty="plus gradient")),
        ),
    )
)


# == dynamics.balancedness ========================================================================================


@dataclass(frozen=True)
class BalanceClaim:
    """The parameters of "under gradient flow, q_k - q_1 is conserved for every layer k".

    ``q_k = ||W_k||_F ** power / n_k ** width_power`` (``n_k`` the number of rows of ``W_k``):
    the theorem is ``power = 2``, ``width_power = 0``.
    """

    power: int = 2
    width_power: int = 0

    def quantity(self, W, sqrt):
        """``q`` of one weight matrix (SymPy Matrix or NumPy array); ``sqrt`` from the matching library."""
        entries = W if isinstance(W, sp.MatrixBase) else np.ravel(W)
        return sqrt(sum(e**2 for e in entries)) ** self.power / W.shape[0] ** self.width_power


def _balance_identities(claim, sizes, loss):
    """On each activation region of a symbolic net with one symbolic datum: d/dt (q_k - q_1) = 0 along -grad L."""
    net = SymbolicNet(sizes)
    y = sp.Symbol("y1", real=True)
    L = _symbolic_loss(loss, [net.output], [y])
    velocity = {q: -sp.diff(L, q) for q in net.parameters()}  # the flow, derived from L
    rates = [sum(sp.diff(claim.quantity(W, sp.sqrt), q) * velocity[q] for q in W) for W in net.weights]
    name = "-".join(map(str, sizes))
    for pattern in net.regions():
        for k in range(1, net.depth):
            yield (f"{name}, {loss} loss, region {pattern}: d/dt q_{k + 1} = d/dt q_1",
                   net.on_region(rates[k], pattern), net.on_region(rates[0], pattern))


def _balance_symbolic(claim, context):
    architectures = context.profile.pick(quick=[[2, 2, 1]], default=[[2, 2, 1], [2, 2, 2, 1]],
                                         thorough=[[2, 2, 1], [3, 2, 1], [2, 2, 2, 1], [1, 2, 2, 2, 1]])

    def identities():
        for sizes in architectures:
            for loss in ("square", "exp"):
                yield from _balance_identities(claim, sizes, loss)

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: on every activation region of the nets "
        + ", ".join("-".join(map(str, s)) for s in architectures)
        + " with a symbolic datum and label, for the square and exponential losses, d/dt q_k along the flow "
        "-dL/dW (both derived by SymPy differentiation) is the same for every layer; an identity per region, "
        "so it holds everywhere with sigma'(0) = 0",
    )


@st.composite
def _balance_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=4, max_input=3))
    weights = draw(strategies.weights(sizes, bound=1.0))
    X, targets = draw(strategies.datasets(sizes[0], min_size=1, max_size=5))
    loss = draw(st.sampled_from(["square", "exp"]))
    y = targets if loss == "square" else np.where(targets >= 0, 1.0, -1.0)
    return {"sizes": sizes, "weights": weights, "X": X, "y": y, "loss": loss}


def _balance_numeric(claim, context):
    steps = context.profile.pick(quick=100, default=200, thorough=400)

    def example(instance):
        sizes, X, y, loss = instance["sizes"], instance["X"], instance["y"], instance["loss"]
        W = [w.copy() for w in instance["weights"]]
        assume(all(np.any(w != 0) for w in W))  # q_k is then differentiable for every power
        start = np.array([claim.quantity(w, np.sqrt) for w in W])
        eta = 1e-3 / max(1.0, np.linalg.norm(derivatives.loss_gradient(W, X, y, loss=loss)))
        second_order, rounding = 0.0, 0.0
        for _ in range(steps):  # gradient descent, the Euler discretisation of the flow
            G = nets.unflatten(derivatives.loss_gradient(W, X, y, loss=loss), sizes)
            second_order += eta**2 * sum(np.sum(g**2) for g in G)
            W = [w - eta * g for w, g in zip(W, G)]
            rounding += 4 * gamma(max(w.size for w in W) + 4) * sum(np.sum(w**2) for w in W)
        end = np.array([claim.quantity(w, np.sqrt) for w in W])
        # ||W_k - eta G_k||^2 = ||W_k||^2 - 2 eta <W_k, G_k> + eta^2 ||G_k||^2 and, by the theorem, the first-order
        # term is the same for every layer: the drift of ||W_k||^2 - ||W_1||^2 is at most eta^2 sum ||G||^2 (the
        # flow's limit eta -> 0 conserves it) plus the rounding of the updates and the sums of squares.
        return worst_comparison({
            f"drift of q_k - q_1 over {steps} GD steps": (end - end[0], start - start[0],
                                                         np.full(len(W), second_order + rounding)),
        })

    return property_check(
        _balance_instances(),
        example,
        context,
        tolerance=1.0,
        detail=f"drift of q_k - q_1 along {steps} gradient-descent steps of -numerics.loss_gradient (step 1e-3 / "
        "max(1, |grad L(0)|)), in units of the second-order term eta^2 sum_t ||G_t||^2 plus rounding: the "
        "first-order drift must cancel between layers; square and exponential losses, bias-free ReLU nets of "
        "depth 2-4 (explicit ODE solvers can stall on a ReLU flow that slides along a kink, so the "
        "discretisation is explicit)",
    )


BALANCEDNESS = register(
    Theorem(
        id="dynamics.balancedness",
        title="Gradient flow keeps the layers of a ReLU network balanced: differences of squared layer norms "
        "are conserved",
        topic="dynamics",
        kind="theorem",
        source=cite(POGGIO, 'slides "Maximize margin of normalized network" and "Deep nets \'puzzle\' '
                            'explained: rho grows and f~ does not" (implicit)'),
        as_stated=r"\dot\rho_k = \dots \quad \text{(the per-layer norms } \rho_k \text{ evolve together)}",
        statement=(
            r"Let $f$ be a bias-free ReLU network and $L(W) = \sum_n \ell(y_n, f(W; x_n))$ any loss differentiable "
            r"in $f$. Along the gradient flow $\dot W = -\nabla L(W)$, for every layer $k$,",
            r"\[ \frac{d}{dt} \|W_k\|_F^2 = -2 \sum_{n=1}^N \ell'(y_n, f(x_n))\, f(x_n), \]",
            r"the same for all layers, so $\|W_k\|_F^2 - \|W_j\|_F^2$ is constant in time.",
        ),
        hypotheses=(
            Assumption(r"Bias-free ReLU (positively homogeneous) network, with $\sigma'(0) = 0$: the per-layer "
                       r"Euler identity $\langle W_k, \partial f / \partial W_k\rangle = f$ then holds everywhere."),
            Assumption(r"Gradient flow (the continuous limit); gradient descent with step $\eta$ conserves it up to "
                       r"$\eta^2 (\|\nabla_{W_k} L\|^2 - \|\nabla_{W_j} L\|^2)$ per step."),
        ),
        derivation=(
            Step(r"\frac{d}{dt}\|W_k\|_F^2", r"2 \langle W_k, \dot W_k \rangle = -2 \sum_n \ell'_n \left\langle W_k, "
                 r"\frac{\partial f(x_n)}{\partial W_k} \right\rangle", r"chain rule along $\dot W_k = -\partial L / "
                 r"\partial W_k$"),
            Step(r"\left\langle W_k, \frac{\partial f(x_n)}{\partial W_k} \right\rangle", r"f(x_n)",
                 r"per-layer Euler identity (homogeneity.relu\_euler)"),
            Step(r"\frac{d}{dt}\left(\|W_k\|_F^2 - \|W_j\|_F^2\right)", r"0", r"the right-hand side does not depend on $k$"),
        ),
        errata=(
            r"The slides use per-layer norms $\rho_k$ whose ratios stay fixed only because of this conservation law, "
            r"which they do not state; it holds for the squared Frobenius norms, not for the norms themselves.",
        ),
        references=(
            "S. S. Du, W. Hu, J. D. Lee, \"Algorithmic regularization in learning deep homogeneous models: layers "
            "are automatically balanced\", NeurIPS 2018.",
            "K. Lyu, J. Li, \"Gradient descent maximizes the margin of homogeneous neural networks\", ICLR 2020.",
        ),
        claim=BalanceClaim(),
        symbolic=_balance_symbolic,
        numeric=_balance_numeric,
        mutants=(
            Mutant("norms, not squared", "||W_k||_F - ||W_j||_F is conserved", BalanceClaim(power=1)),
            Mutant("per unit of width", "||W_k||_F^2 / n_k - ||W_j||_F^2 / n_j is conserved",
                   BalanceClaim(width_power=1)),
        ),
    )
)


# == dynamics.gd_step ==============================================================================================


@dataclass(frozen=True)
class GDClaim:
    """The parameters of "w <- w - eta grad L decreases a beta-smooth L by eta (1 - beta eta / 2) ||grad L||^2
    for 0 < eta < 2 / beta, and converges on a quadratic iff eta < threshold / lambda_max".

    ``sign = -1`` is descent (``w + sign * eta * grad L``); the theorem has ``threshold = 2``.
    """

    sign: int = -1
    threshold: int = 2

    def step(self, w, eta, gradient):
        return w + self.sign * eta * gradient


def _gd_identities(claim):
    """On L = h w^2 / 2: the update's multiplier, its stability interval, and the descent identity."""
    w, g, h, eta = sp.Symbol("w", real=True), sp.Symbol("g", real=True), sp.Symbol("h", positive=True), \
        sp.Symbol("eta", positive=True)
    L = h * w**2 / 2
    after = claim.step(w, eta, sp.diff(L, w))
    multiplier = sp.cancel(after / w)
    stable = sp.solve_univariate_inequality(sp.Abs(multiplier) < 1, eta, relational=False)
    yield "L = h w^2/2: the GD multiplier is 1 - eta h", multiplier, 1 - eta * h
    yield "L = h w^2/2: |multiplier| < 1 exactly for eta < threshold / h (right end)", stable.sup, \
        sp.Rational(claim.threshold) / h
    # Descent lemma, with equality for a quadratic (beta = h): L(w - eta g) = L(w) - eta (1 - h eta / 2) g^2 at g = L'.
    value = L.subs(w, claim.step(w, eta, g)).subs(g, sp.diff(L, w))
    yield "L(w+) = L(w) - eta (1 - beta eta / 2) |grad L|^2 for L = h w^2 / 2", value, \
        L - eta * (1 - h * eta / 2) * sp.diff(L, w) ** 2


def _gd_symbolic(claim, context):
    return identities_check(
        _gd_identities(claim), context,
        detail="{count} identities proved on L = h w^2 / 2 (h > 0): the update derived from L, its stability "
        "interval from sympy.solve_univariate_inequality, and the descent lemma (an equality for quadratics)",
    )


@st.composite
def _gd_instances(draw):
    d = draw(st.integers(1, 4))
    X, _ = draw(strategies.datasets(d, max_size=d + 2))  # the data of a linear (depth-1) net
    w = draw(strategies.weights([d, 1], bound=2.0))[0][0]
    r = draw(st.floats(0.05, 0.95))
    s = draw(st.one_of(st.floats(0.05, 0.95), st.floats(1.05, 1.95)))
    return {"X": X, "w": w, "r": r, "s": s}


def _gd_numeric(claim, context):
    steps = 200

    def example(instance):
        X, w, r, s = instance["X"], instance["w"], instance["r"], instance["s"]
        kw = {"activation": "linear"}
        y = np.zeros(X.shape[0])
        H = derivatives.loss_hessian([w[None, :]], X, y, **kw)  # L(w) = ||X w||^2 is a depth-1 net's square loss
        eigenvalues, vectors = np.linalg.eigh(H)
        beta = eigenvalues[-1]
        assume(beta >= 1e-3)  # L is not constant

        def L(v):
            return derivatives.loss([v[None, :]], X, y, **kw)

        def grad(v):
            return derivatives.loss_gradient([v[None, :]], X, y, **kw)

        # (1) descent lemma at eta = r 2 / beta: L(w+) <= L(w) - eta (1 - beta eta / 2) ||g||^2, up to rounding.
        eta = 2 * r / beta
        g = grad(w)
        predicted = L(w) - eta * (1 - beta * eta / 2) * g @ g
        rounding = 8 * gamma(4 * X.size + 8) * (L(w) + eta * (g @ g) + np.abs(X).sum() ** 2 * (np.abs(w).sum() + 1) ** 2)
        excess = max(L(claim.step(w, eta, g)) - predicted, 0.0)
        # (2) stability on the top eigen-direction: w_t = (1 - eta beta)^t v contracts iff eta < 2 / beta.
        eta = 2 * s / beta
        v = vectors[:, -1]
        u = v.copy()
        for _ in range(steps):
            u = claim.step(u, eta, grad(u))
        contracts = np.linalg.norm(u) < np.linalg.norm(v)
        claimed = eta < claim.threshold / beta
        return worst_comparison({
            "L(w+) - (L(w) - eta (1 - beta eta / 2) |g|^2), eta = 2r / beta": (np.array([excess]), np.zeros(1),
                                                                            np.array([rounding])),
            f"contraction after {steps} steps vs claimed (eta < threshold / lambda_max)":
                (np.array([float(contracts)]), np.array([float(claimed)]), np.array([0.5])),
        })

    return property_check(
        _gd_instances(), example, context, tolerance=1.0,
        detail="the descent inequality's excess in units of its rounding bound, and whether 200 GD steps from the "
        "top eigenvector contract (|1 - eta beta| < 1 decides it by a factor 0.9^200 either way, eta = s 2 / beta "
        "with s in [0.05, 0.95] or [1.05, 1.95]); L = ||X w||^2 the square loss of a linear (depth-1) net, "
        "beta = lambda_max of numerics.loss_hessian",
    )


GD_STEP = register(
    Theorem(
        id="dynamics.gd_step",
        title=r"The gradient-descent step, the descent lemma and the step-size bound $2/\beta$",
        topic="dynamics",
        kind="theorem",
        source=cite(POGGIO, 'slide "Gradient descent"; also "Séance 5: Deep learning", on SGD and GD'),
        as_stated=r"w^{t+1} = w^t - \eta_t \frac{\partial L(w^t)}{\partial w}",
        statement=(
            r"The gradient-descent step is $w^{t+1} = w^t - \eta_t \nabla L(w^t)$. If $\nabla L$ is "
            r"$\beta$-Lipschitz ($L$ is $\beta$-smooth) and $0 < \eta_t < 2/\beta$, it decreases the loss:",
            r"\[ L(w^{t+1}) \le L(w^t) - \eta_t \left(1 - \frac{\beta \eta_t}{2}\right) \|\nabla L(w^t)\|^2. \]",
            r"On a quadratic $L = \frac12 w^\top H w$ ($\beta = \lambda_{\max}(H)$) GD converges for every start "
            r"if and only if $0 < \eta < 2 / \lambda_{\max}$; the continuous limit $\eta \to 0$ is the gradient "
            r"flow $\dot w = -\nabla L(w)$.",
        ),
        hypotheses=(
            Assumption(r"$L$ is $\beta$-smooth. ReLU networks' losses are not (their gradients jump at the kinks), "
                       r"so the guarantee is local at best; the numeric check uses linear (depth-1) nets, whose "
                       r"square loss is exactly $\beta$-smooth."),
            Assumption(r"$0 < \eta_t < 2 / \beta$."),
        ),
        derivation=(
            Step(r"L(w - \eta g)", r"L(w) - \eta \|g\|^2 + \int_0^1 \eta\, g^\top \left(\nabla L(w) - \nabla L(w - "
                 r"s \eta g)\right) ds", r"fundamental theorem of calculus along the step, $g = \nabla L(w)$"),
            Step(r"L(w - \eta g)", r"\le L(w) - \eta\left(1 - \frac{\beta \eta}{2}\right) \|g\|^2",
                 r"$\|\nabla L(w) - \nabla L(w - s\eta g)\| \le \beta s \eta \|g\|$ and $\int_0^1 s\, ds = 1/2$"),
            Step(r"w^{t+1}", r"(I - \eta H) w^t", r"for $L = \frac12 w^\top H w$"),
            Step(r"|1 - \eta \lambda_i| < 1 \;\forall i", r"0 < \eta < 2 / \lambda_{\max}",
                 r"convergence from every start"),
        ),
        errata=(
            r"The slide states the update without its hypotheses: the decrease needs $\beta$-smoothness and "
            r"$\eta < 2/\beta$; for ReLU networks only the almost-everywhere gradient exists.",
        ),
        references=(
            "Y. Nesterov, \"Introductory Lectures on Convex Optimization\", Kluwer 2004, section 1.2.3 (the descent "
            "lemma) and Theorem 2.1.5.",
            "D. P. Bertsekas, \"Nonlinear Programming\", 3rd ed., Athena Scientific 2016, section 1.2.",
        ),
        claim=GDClaim(),
        symbolic=_gd_symbolic,
        numeric=_gd_numeric,
        mutants=(
            Mutant("ascent", "w <- w + eta grad L", GDClaim(sign=1)),
            Mutant("eta < 1 / lambda_max necessary", "GD on a quadratic converges only for eta < 1 / lambda_max",
                   GDClaim(threshold=1)),
        ),
    )
)


# == dynamics.halpern_iteration ===================================================================================


def _alpha_harmonic(t):
    return 1 / (t + 2)


def _alpha_square(t):
    return 1 / (t + 2) ** 2


def _alpha_constant(t):
    return sp.Rational(1, 10) + 0 * t


@dataclass(frozen=True)
class HalpernClaim:
    """The parameters of "x_{t+1} = a_t u + (1 - a_t) T x_t converges to limit(X, y, u)".

    ``alpha(t)`` is the schedule (SymPy- and float-valued); ``limit`` the claimed limit for
    ``T = I - grad L / beta`` with ``L = ||X w - y||^2`` and anchor ``u``.
    """

    alpha: Callable = _alpha_harmonic
    limit: Callable = _nearest_solution


def _halpern_identities(claim):
    t = sp.Symbol("t", integer=True, nonnegative=True)
    a = claim.alpha(t)
    yield "a_t -> 0", sp.limit(a, t, sp.oo), 0
    yield "sum_t a_t diverges (1 if it does)", sp.Integer(sp.summation(a, (t, 0, sp.oo)) == sp.oo), 1
    variation = sp.summation(sp.Abs(sp.simplify(claim.alpha(t + 1) - a)), (t, 0, sp.oo))
    yield "sum_t |a_{t+1} - a_t| is finite (1 if it is)", sp.Integer(bool(variation.is_finite)), 1
    # The continuous analogue: the anchored ridge path argmin ||Xw - y||^2 + lam ||w - u||^2 as lam -> 0.
    X, y, u = sp.Matrix([[1, 2, 0], [0, 1, 1]]), sp.Matrix([1, 3]), sp.Matrix([1, -1, 2])
    lam = sp.Symbol("lambda", positive=True)
    ridge = (X.T * X + lam * sp.eye(3)).LUsolve(X.T * y + lam * u)
    claimed = claim.limit(X, y, u, SYMPY_OPS)
    for j in range(3):
        yield f"lim_(lam -> 0) anchored ridge_{j + 1} = claimed limit (X = {X.tolist()}, u = {list(u)})", \
            sp.limit(ridge[j], lam, 0), claimed[j]


def _halpern_symbolic(claim, context):
    return identities_check(
        _halpern_identities(claim), context,
        detail="{count} identities proved: the schedule's limit, the divergence of its sum and the finiteness "
        "of its variation (Wittmann's conditions, by sympy.summation), and the limit lambda -> 0 of the anchored "
        "ridge path (the continuous analogue) on an exact instance against the claimed limit",
    )


@st.composite
def _halpern_instances(draw):
    d = draw(st.integers(2, 5))
    X, y = draw(strategies.datasets(d, max_size=d - 1))  # N < d: a whole affine set of minimizers
    u = draw(strategies.weights([d, 1]))[0][0]
    x0 = draw(strategies.weights([d, 1]))[0][0]
    return {"X": X, "y": y, "u": u, "x0": x0}


def _halpern_numeric(claim, context):
    iterations = context.profile.pick(quick=1000, default=2000, thorough=4000)

    def example(instance):
        X, y, u, x0 = instance["X"], instance["y"], instance["u"], instance["x0"]
        kw = {"activation": "linear"}
        H = derivatives.loss_hessian([x0[None, :]], X, y, **kw)
        eigenvalues = np.linalg.eigvalsh(H)
        beta = eigenvalues[-1]
        positive = eigenvalues[eigenvalues > 1e-9 * max(beta, 1e-300)]
        assume(beta >= 1e-2 and positive[0] >= beta / KAPPA_MAX)  # conditioned on the row space, like above
        x = x0.copy()
        for s in range(iterations):  # T x = x - grad L(x) / beta is nonexpansive (L convex, beta-smooth)
            a = float(claim.alpha(s))
            x = a * u + (1 - a) * (x - derivatives.loss_gradient([x[None, :]], X, y, **kw) / beta)
        target = _nearest_solution(X, y, u, NUMPY_OPS)  # P_Fix(T)(u), the theorem's limit
        # With a_t = 1/(t+2) and affine T, (t+1) e_t = rho^t e_0 + c (1 - rho^t)/(1 - rho) in each eigen-direction
        # of H (rho = 1 - lambda/beta, c = (u - x*)_i, and c = 0 where lambda = 0), so
        # ||x_t - x*|| <= (||x_0 - x*|| + ||u - x*|| beta / lambda_min^+) / (t + 1), plus rounding.
        bound = (np.linalg.norm(x0 - target) + np.linalg.norm(u - target) * beta / positive[0]) / (iterations + 1)
        scale = max(np.abs(x).max(), np.abs(u).max(), np.abs(target).max(), 1.0)
        # Each step's rounding error (the gradient's, kappa^2-conditioned, and the combination's) is not amplified:
        # T is nonexpansive and the step a convex combination, so the errors add up at most linearly.
        bound += 64 * KAPPA_MAX**2 * (X.size + 4) * UNIT_ROUNDOFF * scale * iterations
        return worst_comparison({f"x after {iterations} Halpern steps vs the claimed limit":
                                 (x, claim.limit(X, y, u, NUMPY_OPS), np.full(x.size, bound))})

    return property_check(
        _halpern_instances(), example, context, tolerance=1.0,
        detail=f"distance after {iterations} iterations in units of the theorem's rate bound (||x_0 - x*|| + "
        "kappa ||u - x*||) / (t + 1) plus rounding; T = I - grad L / beta for L = ||X w - y||^2 (a linear "
        "net's square loss, numerics), N < d <= 5, kappa <= 10 on the row space",
    )


HALPERN_ITERATION = register(
    Theorem(
        id="dynamics.halpern_iteration",
        title="Halpern iterations converge to the fixed point nearest the anchor",
        topic="dynamics",
        kind="theorem",
        source=cite(POGGIO, 'slide "A unified view..."'),
        as_stated=r"\text{vanishing regularization (Halpern iterations)} \;\to\; \text{the minimum norm "
        r"minimizer}",
        statement=(
            r"Let $T$ be nonexpansive on $\mathbb{R}^d$ with fixed points, $u$ an anchor and "
            r"$x_{t+1} = \alpha_t u + (1 - \alpha_t) T x_t$ with $\alpha_t \in (0, 1)$, $\alpha_t \to 0$, "
            r"$\sum_t \alpha_t = \infty$ and $\sum_t |\alpha_{t+1} - \alpha_t| < \infty$ (e.g. "
            r"$\alpha_t = 1/(t+2)$). Then $x_t \to P_{\mathrm{Fix}\,T}(u)$, the fixed point nearest the anchor.",
            r"For $T = I - \nabla L / \beta$ with $L(w) = \|Xw - y\|^2$ ($\beta = 2\lambda_{\max}(X^\top X)$) the "
            r"fixed points are the least-squares solutions and the limit is $X^+ y + (I - X^+X) u$; the "
            r"minimum-norm solution $X^+ y$ when $u = 0$.",
        ),
        hypotheses=(
            Assumption(r"$T$ is nonexpansive: for $T = I - \eta \nabla L$ this needs $L$ convex and "
                       r"$\beta$-smooth with $0 < \eta \le 2/\beta$ (Baillon-Haddad), not the case for deep "
                       r"networks' losses except locally."),
            Assumption(r"The schedule satisfies $\alpha_t \to 0$, $\sum \alpha_t = \infty$, "
                       r"$\sum|\alpha_{t+1} - \alpha_t| < \infty$."),
        ),
        derivation=(
            Step(r"x_{t+1} - x^*", r"\alpha_t (u - x^*) + (1 - \alpha_t)(T x_t - T x^*)",
                 r"$x^* = T x^*$"),
            Step(r"(t+2)(x_{t+1} - x^*)_i", r"(u - x^*)_i + \rho_i (t+1)(x_t - x^*)_i",
                 r"$\alpha_t = 1/(t+2)$ and affine $T$ acting as $\rho_i$ on an eigen-direction"),
            Step(r"\lim_{\lambda \to 0} \operatorname{argmin}_w \|Xw - y\|^2 + \lambda\|w - u\|^2",
                 r"X^+ y + (I - X^+ X) u", r"the continuous (Tikhonov) analogue of the anchor"),
        ),
        errata=(
            r"``The gradient flow corresponds to an operator T which is non-expansive'' holds for convex losses "
            r"only; deep networks' losses are not convex.",
            r"The limit is the fixed point nearest the anchor $W^0$ (dynamics.halpern\_flow); it is the "
            r"``minimum norm minimizer'' only when the anchor is 0.",
            r"``Appendix 9'' and ``section 5.1'' refer to the paper (Banburski et al. 2019), not to the slides.",
        ),
        references=(
            "B. Halpern, \"Fixed points of nonexpanding maps\", Bull. AMS 73, 957-961, 1967.",
            "R. Wittmann, \"Approximation of fixed points of nonexpansive mappings\", Arch. Math. 58, 486-491, 1992.",
            "S. Sabach, S. Shtern, \"A first order method for solving convex bilevel optimization problems\", SIAM "
            "J. Optim. 27, 2017 (the O(1/t) rate).",
        ),
        claim=HalpernClaim(),
        symbolic=_halpern_symbolic,
        numeric=_halpern_numeric,
        mutants=(
            Mutant("summable schedule", "a_t = 1/(t+2)^2 (sum a_t < oo)", HalpernClaim(alpha=_alpha_square)),
            Mutant("constant schedule", "a_t = 1/10", HalpernClaim(alpha=_alpha_constant)),
            Mutant("minimum norm from any anchor", "the limit is X^+ y whatever the anchor u",
                   HalpernClaim(limit=_pinv_solution)),
        ),
    )
)


# == dynamics.normalized_rho and dynamics.normalized_V ============================================================


@dataclass(frozen=True)
class NormalizedClaim:
    """The parameters of the normalized dynamics (12)-(13) derived from loss (11), L(rho, V) =
    sum_n exp(-rho y_n f~_n) + sum_k lambda_k ||V_k||^penalty_power, f = rho f~(V).

    Claimed: ``drho/dt = rho_factor * sum_n y_n^label_power f~_n exp(-rho y_n f~_n)`` with
    ``rho_factor`` ``"1"`` or ``"rho"``; ``dV_k/dt = rho sum_n y_n^label_power
    exp(-rho y_n^exponent_label_power f~_n) df~_n/dV_k - update(V_k)`` with ``update``
    ``"2 lambda V"`` or ``"lambda V / ||V||"``; and the multiplier keeping ||V_k|| fixed,
    ``lambda_k = rho / (multiplier_denominator ||V_k||^2) sum_n y_n f~_n exp(-rho y_n f~_n)``.
    """

    penalty_power: int = 2
    rho_factor: str = "1"
    label_power: int = 1
    exponent_label_power: int = 1
    update: str = "2 lambda V"
    multiplier_denominator: int = 2

    def rho_rate(self, rho, f, y, exp):
        factor = rho if self.rho_factor == "rho" else 1
        return factor * sum(yn**self.label_power * fn * exp(-rho * yn * fn) for fn, yn in zip(f, y))

    def v_rate(self, rho, f, grads, y, V, lam, norm, exp):
        """``dV_k/dt`` as a flat list over V_k's entries; ``grads[n]`` lists df~_n/dV_k in the same order."""
        data = [rho * sum(yn**self.label_power * exp(-rho * yn**self.exponent_label_power * fn) * g[j]
                          for fn, yn, g in zip(f, y, grads)) for j in range(len(V))]
        penalty = [2 * lam * v for v in V] if self.update == "2 lambda V" else [lam * v / norm(V) for v in V]
        return [d - p for d, p in zip(data, penalty)]

    def multiplier(self, rho, f, y, V, exp):
        return rho / (self.multiplier_denominator * sum(v**2 for v in V)) * sum(
            yn * fn * exp(-rho * yn * fn) for fn, yn in zip(f, y))


def _normalized_problem(sizes, N):
    net = SymbolicNet(sizes, prefix="v")
    data = [{xj: sp.Symbol(f"x{n + 1}_{j + 1}", real=True) for j, xj in enumerate(net.x)} for n in range(N)]
    f = [net.output.xreplace(point) for point in data]
    y = sp.symbols(f"y1:{N + 1}", real=True)
    rho = sp.Symbol("rho", positive=True)
    lam = sp.symbols(f"lambda1:{net.depth + 1}", positive=True)
    return net, data, f, y, rho, lam


def _normalized_loss(claim, net, f, y, rho, lam):
    """Loss (11) with the layers indexed 1..K and the claim's penalty exponent (a premise, differentiated below)."""
    penalty = sum(l * sp.sqrt(sum(v**2 for v in V)) ** claim.penalty_power for l, V in zip(lam, net.weights))
    return sum(sp.exp(-rho * yn * fn) for fn, yn in zip(f, y)) + penalty


def _rho_identities(claim, sizes, N):
    net, _, f, y, rho, lam = _normalized_problem(sizes, N)
    L = _normalized_loss(claim, net, f, y, rho, lam)
    yield f"{'-'.join(map(str, sizes))}, N={N}: -dL/drho = claimed drho/dt", -sp.diff(L, rho), \
        claim.rho_rate(rho, f, y, sp.exp)
    # Frozen V with m support vectors at margin g: drho/dt = m g exp(-rho g), solved in closed form.
    t, g, m, rho0 = sp.Symbol("t", nonnegative=True), sp.Symbol("gamma", positive=True), \
        sp.Symbol("m", positive=True), sp.Symbol("rho_0", real=True)
    closed = sp.log(m * g**2 * t + sp.exp(g * rho0)) / g
    frozen = claim.rho_rate(closed, [g] * 1, [1], sp.exp) * m
    yield "frozen V: d/dt (log(m g^2 t + e^(g rho0)) / g) = claimed rate", sp.diff(closed, t), frozen
    yield "frozen V: rho(0) = rho_0", closed.subs(t, 0), rho0
    yield "reference (m = 2, g = 1, rho_0 = 0): rho(10^6) = log(2 10^6 + 1)", \
        closed.subs({m: 2, g: 1, rho0: 0, t: 10**6}), sp.log(2 * 10**6 + 1)


def _v_identities(claim, sizes, N):
    net, data, f, y, rho, lam = _normalized_problem(sizes, N)
    L = _normalized_loss(claim, net, f, y, rho, lam)
    name = "-".join(map(str, sizes))
    for k, V in enumerate(net.weights):
        entries = list(V)
        grads = [[sp.diff(net.output, v).xreplace(point) for v in entries] for point in data]
        claimed = claim.v_rate(rho, f, grads, y, entries, lam[k], lambda u: sp.sqrt(sum(e**2 for e in u)), sp.exp)
        for v, rate in zip(entries, claimed):
            yield f"{name}, N={N}: -dL/d{v} = claimed d{v}/dt", -sp.diff(L, v), rate
    # The multiplier keeps ||V_k|| fixed: <V_k, dV_k/dt> = 0, on each activation region of one symbolic datum.
    y1 = sp.Symbol("y1", real=True)
    for k, V in enumerate(net.weights):
        entries = list(V)
        grads = [[sp.diff(net.output, v) for v in entries]]
        held = claim.v_rate(rho, [net.output], grads, [y1], entries,
                            claim.multiplier(rho, [net.output], [y1], entries, sp.exp),
                            lambda u: sp.sqrt(sum(e**2 for e in u)), sp.exp)
        inner = sum(v * r for v, r in zip(entries, held))
        for pattern in net.regions():
            yield f"{name}, layer {k + 1}, region {pattern}: <V_k, dV_k/dt> = 0 with the claimed lambda_k", \
                net.on_region(inner, pattern), 0


def _normalized_symbolic(identities_of, what):
    def check(claim, context):
        cases = context.profile.pick(quick=[([2, 2, 1], 2)], default=[([2, 2, 1], 2), ([1, 2, 2, 1], 1)],
                                     thorough=[([2, 2, 1], 2), ([2, 2, 1], 3), ([1, 2, 2, 1], 2)])
        return identities_check(
            (identity for sizes, N in cases for identity in identities_of(claim, sizes, N)), context,
            detail="{count} identities proved: " + what + " derived by SymPy differentiation of loss (11), "
            "L = sum_n exp(-rho y_n f~_n) + sum_k lambda_k ||V_k||^p, over symbolic data, labels, rho and lambda_k "
            "(nets " + ", ".join(f"{'-'.join(map(str, s))} N={N}" for s, N in cases) + ")",
        )
    return check


@st.composite
def _normalized_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=3, max_width=4, max_input=3))
    V = draw(strategies.weights(sizes, bound=1.0))
    X, targets = draw(strategies.datasets(sizes[0], max_size=5))
    rho = draw(st.floats(0.1, 3.0))
    lam = draw(st.lists(st.floats(0.01, 2.0), min_size=len(V), max_size=len(V)))
    return {"sizes": sizes, "V": V, "X": X, "y": np.where(targets >= 0, 1.0, -1.0), "rho": rho, "lambda": lam}


def _normalized_setup(instance):
    """f = rho f~(V): the net W = (rho V_1, V_2, ...) and the rounding scale of f~ (the absolute net's output)."""
    V, X = instance["V"], instance["X"]
    assume(all(np.any(v != 0) for v in V))
    W = [instance["rho"] * V[0]] + [v for v in V[1:]]
    S = nets.forward([abs(v) for v in V], abs(X), activation="linear")
    weight = np.exp(-instance["rho"] * instance["y"] * nets.forward(V, X)) * (1 + instance["rho"] * S)
    m = 8 * (len(V) + 4) + sum(v.size for v in V) + X.shape[0]
    return W, S, weight, m


def _rho_numeric(claim, context):
    def example(instance):
        V, X, y, rho = instance["V"], instance["X"], instance["y"], instance["rho"]
        W, S, weight, m = _normalized_setup(instance)
        # dL/drho = <dL/dW_1, V_1> since W_1 = rho V_1 (the penalty does not depend on rho): numerics' backprop.
        gradient = nets.unflatten(derivatives.loss_gradient(W, X, y, loss="exp"), instance["sizes"])
        derived = -np.sum(gradient[0] * V[0])
        claimed = claim.rho_rate(rho, nets.forward(V, X), y, np.exp)
        bound = 4 * gamma(m) * np.sum(weight * S) * max(1.0, rho)
        return worst_comparison({"claimed drho/dt vs -dL/drho": (np.array([claimed]), np.array([derived]),
                                                                 np.array([bound]))})

    return property_check(
        _normalized_instances(), example, context, tolerance=1.0,
        detail="|claimed - derived| in units of 4 gamma_m sum_n e^{-rho y f~}(1 + rho S_n) S_n; derived "
        "-dL/drho = -<dL/dW_1, V_1> from numerics.loss_gradient of the net (rho V_1, V_2, ...); bias-free ReLU "
        "nets of depth 2-3, labels +-1, rho in [0.1, 3]",
    )


def _v_numeric(claim, context):
    def example(instance):
        V, X, y, rho, lam = instance["V"], instance["X"], instance["y"], instance["rho"], instance["lambda"]
        sizes = instance["sizes"]
        W, S, weight, m = _normalized_setup(instance)
        f = nets.forward(V, X)
        gradient = nets.unflatten(derivatives.loss_gradient(W, X, y, loss="exp"), sizes)
        jacobian = derivatives.jacobian(V, X)
        J_abs = derivatives.jacobian([abs(v) for v in V], abs(X), activation="linear")
        parts, start = {}, 0
        for k, v in enumerate(V):
            columns = slice(start, start + v.size)
            start += v.size
            # -dL/dV_k: the data term by the chain rule through W (W_1 = rho V_1, W_k = V_k), and the penalty's
            # gradient from numerics: ||V_k||^2 is the square loss of the linear model V_k on the inputs I.
            data = -(rho if k == 0 else 1.0) * gradient[k].ravel()
            squares = derivatives.loss_gradient([v.reshape(1, -1)], np.eye(v.size), np.zeros(v.size),
                                                activation="linear")
            norm = np.linalg.norm(v)
            penalty = lam[k] * squares if claim.penalty_power == 2 else lam[k] * squares / (2 * norm)
            derived = data - penalty
            claimed = np.array(claim.v_rate(rho, f, jacobian[:, columns], y, v.ravel(), lam[k],
                                            np.linalg.norm, np.exp))
            bound = 4 * gamma(m) * rho * (weight @ J_abs[:, columns]) + 4 * gamma(8) * lam[k] * (
                2 * np.abs(v.ravel()) + np.abs(v.ravel()) / norm)
            parts[f"claimed dV_{k + 1}/dt vs -dL/dV_{k + 1}"] = (claimed, derived, bound)
            held = np.array(claim.v_rate(rho, f, jacobian[:, columns], y, v.ravel(),
                                         claim.multiplier(rho, f, y, v.ravel(), np.exp), np.linalg.norm, np.exp))
            inner_bound = np.abs(v.ravel()) @ (4 * gamma(m) * rho * (weight @ J_abs[:, columns]) * 3) \
                + 4 * gamma(v.size) * np.abs(v.ravel()) @ np.abs(held)
            parts[f"<V_{k + 1}, dV_{k + 1}/dt> with the claimed lambda_{k + 1}"] = (
                np.array([v.ravel() @ held]), np.zeros(1), np.array([inner_bound]))
        return worst_comparison(parts)

    return property_check(
        _normalized_instances(), example, context, tolerance=1.0,
        detail="|claimed - derived| in units of its rounding bound; derived -dL/dV_k from numerics.loss_gradient "
        "of the net (rho V_1, V_2, ...) and the penalty's gradient from numerics (a linear square loss); "
        "<V_k, dV_k/dt> with the claimed multiplier against 0; bias-free ReLU nets of depth 2-3, labels +-1",
    )


_NORMALIZED_HYPOTHESES = (
    Assumption(r"$f(W; x) = \rho \tilde f(V; x)$ with $\tilde f$ the bias-free ReLU network of the normalized "
               r"layers $V_k$ and $\rho = \prod_k \rho_k$ one scalar (homogeneity.relu\_euler); gradient "
               r"descent on $(\rho, V)$ as independent variables, in the flow limit."),
    Assumption(r"The penalty of (11) is $\lambda_k \|V_k\|_F^2$ (the only form consistent with the "
               r"$-2\lambda_k V_k$ of (13)), over the layers $k = 1, \dots, K$."),
)
_NORMALIZED_REFERENCES = (
    "A. Banburski, Q. Liao, B. Miranda, L. Rosasco, J. Hidary, T. Poggio, \"Theory III: Dynamics and "
    "generalization in deep networks\", arXiv:1903.04991, 2019 (the Lagrange-multiplier section).",
    "K. Lyu, J. Li, \"Gradient descent maximizes the margin of homogeneous neural networks\", ICLR 2020.",
)

NORMALIZED_RHO = register(
    Theorem(
        id="dynamics.normalized_rho",
        title=r"The dynamics of the scale $\rho$ of a normalized network, equation (12), and its logarithmic "
              "growth",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "Maximize margin of normalized network", eqs. (11)-(13)'),
        as_stated=r"\rho(t+1) - \rho(t) = \sum_n \rho(t) e^{-\rho(t) \tilde{f}(x_n) y_n} \tilde{f}(x_n) \quad (12)",
        statement=(
            r"For $L(\rho, V) = \sum_{n=1}^N e^{-\rho y_n \tilde f(V; x_n)} + \sum_{k=1}^K \lambda_k \|V_k\|_F^2$ "
            r"(equation (11) corrected), gradient descent with step $\eta$ on $\rho$ is "
            r"$\rho(t+1) - \rho(t) = \eta \sum_n y_n \tilde f(x_n) e^{-\rho(t) y_n \tilde f(x_n)}$; its flow is",
            r"\[ \dot\rho = \sum_{n=1}^N y_n \tilde f(x_n)\, e^{-\rho\, y_n \tilde f(x_n)}. \]",
            r"With $V$ frozen at normalized margin $\tilde\gamma = \min_n y_n \tilde f(x_n) > 0$ attained by $m$ "
            r"data (the others negligible), $\rho(t) = \tilde\gamma^{-1} \ln(m \tilde\gamma^2 t + e^{\tilde\gamma "
            r"\rho_0})$, which grows like $\ln t / \tilde\gamma$.",
        ),
        hypotheses=_NORMALIZED_HYPOTHESES,
        derivation=(
            Step(r"\frac{\partial L}{\partial \rho}", r"-\sum_n y_n \tilde f(x_n) e^{-\rho y_n \tilde f(x_n)}",
                 r"chain rule; the penalty does not depend on $\rho$"),
            Step(r"\dot \rho", r"\sum_n y_n \tilde f(x_n) e^{-\rho y_n \tilde f(x_n)}", r"gradient flow"),
            Step(r"\frac{d}{dt} \frac{\ln(m\tilde\gamma^2 t + e^{\tilde\gamma\rho_0})}{\tilde\gamma}",
                 r"m \tilde\gamma e^{-\tilde\gamma \rho}", r"substitution: the frozen-$V$ flow"),
        ),
        errata=(
            r"The factor $\rho(t)$ in front of the sum is spurious: $-\partial L/\partial\rho$ has none (it would "
            r"appear only for $\dot\rho_k$ in a per-layer parametrization, as $\rho/\rho_k$).",
            r"The factor $y_n$ multiplying $\tilde f(x_n)$ is missing.",
            r"The step size $\eta$ is omitted (a unit step), and ``for $k = 1, \dots, K$'' precedes an equation "
            r"without $k$.",
        ),
        references=_NORMALIZED_REFERENCES,
        claim=NormalizedClaim(),
        symbolic=_normalized_symbolic(_rho_identities, "-dL/drho and the frozen-V closed form,"),
        numeric=_rho_numeric,
        mutants=(
            Mutant("the slide's form", "drho/dt = rho sum_n f~_n e^{-rho y_n f~_n}",
                   NormalizedClaim(rho_factor="rho", label_power=0)),
            Mutant("spurious rho", "drho/dt = rho sum_n y_n f~_n e^{-rho y_n f~_n}", NormalizedClaim(rho_factor="rho")),
            Mutant("y_n dropped", "drho/dt = sum_n f~_n e^{-rho y_n f~_n}", NormalizedClaim(label_power=0)),
        ),
    )
)

NORMALIZED_V = register(
    Theorem(
        id="dynamics.normalized_V",
        title="The dynamics of the normalized layers $V_k$, equation (13), and the multiplier that keeps them "
              "on the sphere",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "Maximize margin of normalized network", eqs. (11)-(13)'),
        as_stated=r"\dot{V}_k \approx \rho(t) \sum_n e^{-\rho(t) \tilde{f}(x_n)} \frac{\partial \tilde{f}(x_n)}"
        r"{\partial V_k}(t) - 2\lambda_k(t)V_k(t) \quad (13)",
        statement=(
            r"For $L(\rho, V)$ of dynamics.normalized\_rho, the gradient flow in $V_k$ is",
            r"\[ \dot V_k = \rho \sum_{n=1}^N y_n e^{-\rho y_n \tilde f(x_n)} \frac{\partial \tilde f(x_n)}"
            r"{\partial V_k} - 2 \lambda_k V_k, \]",
            r"and the multiplier $\lambda_k = \frac{\rho}{2\|V_k\|_F^2} \sum_n y_n \tilde f(x_n) e^{-\rho y_n "
            r"\tilde f(x_n)}$ keeps $\|V_k\|_F$ constant ($\langle V_k, \dot V_k \rangle = 0$, by the per-layer "
            r"Euler identity), turning the flow into its projection on the sphere. With the unsquared penalty "
            r"$\lambda_k\|V_k\|_F$ of the slide the last term would be $\lambda_k V_k / \|V_k\|_F$.",
        ),
        hypotheses=_NORMALIZED_HYPOTHESES,
        derivation=(
            Step(r"\frac{\partial}{\partial V_k} e^{-\rho y_n \tilde f(x_n)}",
                 r"-\rho y_n e^{-\rho y_n \tilde f(x_n)} \frac{\partial \tilde f(x_n)}{\partial V_k}", r"chain rule"),
            Step(r"\frac{\partial}{\partial V_k} \lambda_k \|V_k\|_F^2", r"2 \lambda_k V_k", r"a sum of squares"),
            Step(r"\langle V_k, \dot V_k \rangle", r"\rho \sum_n y_n \tilde f(x_n) e^{-\rho y_n \tilde f(x_n)} "
                 r"- 2\lambda_k \|V_k\|_F^2", r"$\langle V_k, \partial \tilde f / \partial V_k \rangle = \tilde f$"),
        ),
        errata=(
            r"$y_n$ is missing twice, in the exponent and as a factor.",
            r"$-2\lambda_k V_k$ is the gradient of $\lambda_k\|V_k\|^2$, not of the $\lambda_k\|V_k\|$ of (11).",
            r"``$\approx$'' conflates the flow $\dot V_k$ with a unit-step update $V_k(t+1) - V_k(t)$.",
            r"The sum in (11) runs over $k = 0, \dots, K$, but the layers are $k = 1, \dots, K$.",
        ),
        references=_NORMALIZED_REFERENCES,
        claim=NormalizedClaim(),
        symbolic=_normalized_symbolic(_v_identities, "-dL/dV_k and <V_k, dV_k/dt> = 0 with the claimed "
                                      "multiplier (region by region),"),
        numeric=_v_numeric,
        mutants=(
            Mutant("the slide's form", "dV_k/dt = rho sum_n e^{-rho f~_n} df~_n/dV_k - 2 lambda_k V_k",
                   NormalizedClaim(label_power=0, exponent_label_power=0)),
            Mutant("unsquared penalty with -2 lambda V", "loss (11) with lambda_k ||V_k|| and the update of (13)",
                   NormalizedClaim(penalty_power=1)),
            Mutant("multiplier without 1/2", "lambda_k = rho / ||V_k||^2 sum_n y_n f~_n e^{-rho y_n f~_n}",
                   NormalizedClaim(multiplier_denominator=1)),
        ),
    )
)


# The implicit-bias entries (dynamics.max_margin_linear, dynamics.rho_grows) live in their own module.
from theorems import implicit_bias  # noqa: E402,F401
from theorems.entries.dynamics import weight_normalization  # noqa: E402,F401

"""``dynamics.halpern_iteration``: Halpern iterations converge to the fixed point nearest the anchor."""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, strategies
from numerics.conventions import UNIT_ROUNDOFF
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.dynamics.linear_solutions import (
    KAPPA_MAX, NUMPY_OPS, SYMPY_OPS, _nearest_solution, _pinv_solution,
)
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["HALPERN_ITERATION", "HalpernClaim"]


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

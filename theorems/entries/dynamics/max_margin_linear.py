"""``dynamics.max_margin_linear``:

Gradient descent on separable data converges in direction to the maximum-margin solution.
"""

import itertools
from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import margins, strategies
from numerics.conventions import UNIT_ROUNDOFF
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.dynamics.margins import NUMPY_OPS, SYMPY_OPS, _Q, _REFERENCES_MARGIN, _constant, _log_t, _windows
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["MAX_MARGIN_LINEAR", "MaxMarginClaim"]


def _svm_direction(Z, ops):
    return ops["svm"](Z)


def _min_norm_direction(Z, ops):
    """The minimum-norm (least-squares) solution of ``Z w = 1``: the square-loss interpolant's direction."""
    return ops["pinv"](Z) @ ops["ones"](Z.shape[0])


def _inverse_log_t(t, ops):
    return 1 / ops["log"](t)


def _inverse_t(t, ops):
    return 1 / t


@dataclass(frozen=True)
class MaxMarginClaim:
    """The parameters of "gradient flow on the exponential loss of a linear predictor on separable data
    converges in direction to ``direction(Z)``, with ``||w(t)|| / growth(t) -> ||w^||`` and
    ``angle(w(t), w^) = Theta(angle_rate(t))``", where ``w^`` is ``direction(Z)`` scaled to smallest
    margin 1 and ``Z`` has rows ``y_n x_n``.  Each callable takes ``(argument, ops)``.
    """

    direction: Callable = _svm_direction
    growth: Callable = _log_t
    angle_rate: Callable = _inverse_log_t


_ASYMPTOTIC_INSTANCES = (
    sp.Matrix([[1, 1], [_Q(3, 2), -_Q(1, 2)], [2, _Q(1, 2)]]),
    sp.Matrix([[1, 1, 0], [1, -1, _Q(1, 2)], [3, 1, 2], [2, 0, -1]]),
)


def _exp_loss(Z, w):
    return sum(sp.exp(-(Z[n, :] * w)[0]) for n in range(Z.shape[0]))


def _toy_identities(claim):
    """The symmetric toy {y_n x_n} = {(1, 1/5), (1, -1/5)}: the flow solved in closed form."""
    Z = sp.Matrix([[1, _Q(1, 5)], [1, -_Q(1, 5)]])
    (w1, w2), t = sp.symbols("w1 w2", real=True), sp.Symbol("t", positive=True)
    w = sp.Matrix([w1, w2])
    flow = -sp.Matrix([sp.diff(_exp_loss(Z, w), v) for v in (w1, w2)])  # dw/dt = -grad L, by differentiation
    yield "symmetric toy: the line w2 = 0 is invariant (dw2/dt = 0 on it)", flow[1].subs(w2, 0), 0
    u = sp.Function("u")
    solution = sp.dsolve(sp.Eq(u(t).diff(t), flow[0].subs({w2: 0, w1: u(t)})), u(t), ics={u(0): 0})
    closed = solution.rhs
    yield "symmetric toy: dsolve gives w1(t) = log(2 t + 1)", closed, sp.log(2 * t + 1)
    w_hat = claim.direction(Z, SYMPY_OPS)
    w_hat = w_hat / min(Z * w_hat)
    yield "symmetric toy: claimed direction w^ = (1, 0) (the flow stays on w2 = 0)", w_hat[1] / w_hat[0], 0
    ratio = sp.limit(closed / claim.growth(t, SYMPY_OPS), t, sp.oo)
    yield "symmetric toy: lim ||w(t)|| / growth(t) = ||w^||", ratio, w_hat.norm()


def _asymptotic_identities(claim, Z):
    """Substitute the claimed asymptotics ``w(t) = w^ ln t + w~`` into the flow derived from the loss.

    ``t (dw/dt + grad L(w(t)))`` tends to ``w^ - sum_{margin 1} alpha_n z_n`` with
    ``alpha_n = exp(-<w~, z_n>)``: the ansatz solves the flow to leading order exactly when
    ``w^`` is a positive combination of the points it puts at margin 1, the KKT conditions of
    the hard-margin SVM (Soudry et al. 2018, section 3).
    """
    N, d = Z.shape
    name = f"Z = {Z.tolist()}"
    w_hat = claim.direction(Z, SYMPY_OPS)
    w_hat = w_hat / min(Z * w_hat)
    margins_ = Z * w_hat
    support = [n for n in range(N) if margins_[n] == 1]
    ZS = Z.extract(support, list(range(d)))
    alpha = (ZS * ZS.T).pinv() * ZS * w_hat
    combination = ZS.T * alpha
    for j in range(d):
        yield f"{name}: w^ is a combination of its margin-1 points (entry {j + 1})", w_hat[j], combination[j]
    yield f"{name}: the combination is positive (1 if min alpha_n > 0)", sp.Integer(bool(min(alpha) > 0)), 1
    if not min(alpha) > 0:
        return
    w_tilde = ZS.pinv() * (-alpha.applyfunc(sp.log))  # <w~, z_n> = -log alpha_n on the margin-1 points
    s, t = sp.Symbol("s", positive=True), sp.Symbol("t", positive=True)
    ws = sp.symbols(f"w1:{d + 1}", real=True)
    grad = sp.Matrix([sp.diff(_exp_loss(Z, sp.Matrix(ws)), v) for v in ws])  # by differentiation
    path = w_hat * sp.log(t) + w_tilde
    residual = t * (path.diff(t) + grad.subs(dict(zip(ws, path))))
    for j in range(d):
        yield f"{name}: lim t (dw_{j + 1}/dt + dL/dw_{j + 1}) = 0 along w^ log t + w~", \
            sp.limit(sp.expand(residual[j]), t, sp.oo), 0
    # In s = log t: ||w|| / growth and angle / angle_rate (sin angle = ||P w~|| / ||w||, Lagrange's identity).
    path_s = w_hat * s + w_tilde
    norm = sp.sqrt(sum(c**2 for c in path_s))
    yield f"{name}: lim ||w(t)|| / growth(t) = ||w^||", \
        sp.limit(norm / claim.growth(sp.exp(s), SYMPY_OPS), s, sp.oo), w_hat.norm()
    cross = sum(c**2 for c in path_s) * sum(c**2 for c in w_hat) - (path_s.T * w_hat)[0] ** 2
    sine = sp.sqrt(sp.expand(cross)) / (norm * w_hat.norm())
    limit = sp.limit(sine / claim.angle_rate(sp.exp(s), SYMPY_OPS), s, sp.oo)
    yield f"{name}: angle(w(t), w^) / angle_rate(t) has a finite positive limit (1 if it does)", \
        sp.Integer(bool(limit.is_positive and limit.is_finite)), 1


def _max_margin_symbolic(claim, context):
    instances = context.profile.pick(quick=_ASYMPTOTIC_INSTANCES[:1], default=_ASYMPTOTIC_INSTANCES,
                                     thorough=_ASYMPTOTIC_INSTANCES)
    identities = itertools.chain(_toy_identities(claim),
                                 *(_asymptotic_identities(claim, Z) for Z in instances))
    return identities_check(
        identities, context,
        detail="{count} identities proved: the flow derived by SymPy from L = sum_n exp(-<w, z_n>), solved by dsolve "
        "on the symmetric toy, and the asymptotic expansion w^ log t + w~ substituted into it on exact instances "
        "(its leading order holds iff w^ satisfies the hard-margin SVM's KKT conditions), with the norm's and the "
        "angle's limits",
    )


@st.composite
def _linear_instances(draw):
    d = draw(st.integers(2, 4))
    X, y = draw(strategies.separable_datasets(d, max_size=8, margin=0.2))
    w0 = draw(strategies.weights([d, 1]))[0][0]
    return X, y, w0


# ln(1/L) at which runs stop, Q: the linear runs are cheap, so they go further.
_LINEAR_TARGETS = {"quick": 64.0, "default": 96.0, "thorough": 128.0}


def _angle(w, v):
    """The angle between two vectors, accurate for small angles (atan2 of the rejection and the projection)."""
    v = v / np.linalg.norm(v)
    along = w @ v
    return float(np.arctan2(np.linalg.norm(w - along * v), along))


def _convergence_rate(X, y):
    """The rate nu at which r(t) = w(t) - w^ log t - w~ decays in s = log t, for non-degenerate data.

    Linearizing the flow dw/ds = t sum_n exp(-<w, z_n>) z_n about w^ s + w~ gives r' = -A r on the span of
    the support vectors, A = sum_S alpha_n z_n z_n^T, while a point of margin theta > 1 contributes
    O(e^{-(theta - 1) s}): nu = min(lambda_min^+(A), theta - 1).  It is 0 for degenerate data (a point on the
    margin with alpha_n = 0), where r grows like log log t (Soudry et al. 2018, section 4).
    """
    svm = margins.max_margin(X, y)
    Z = y[:, None] * X
    support = svm.alpha > 1e-9 * svm.alpha.max()
    _, singular, Vt = np.linalg.svd(Z[support], full_matrices=False)
    U = Vt[singular > 1e-9 * singular[0]].T  # an orthonormal basis of the support vectors' span
    A = (Z[support].T * svm.alpha[support]) @ Z[support]
    rate = np.linalg.eigvalsh(U.T @ A @ U)[0]
    others = Z[~support] @ svm.w
    return min(rate, others.min() - 1) if others.size else rate


def _max_margin_numeric(claim, context):
    target = _LINEAR_TARGETS[context.profile.name]

    def example(instance):
        X, y, w0 = instance
        Z = y[:, None] * X
        w_hat = np.asarray(claim.direction(Z, NUMPY_OPS), float).ravel()
        w_hat = w_hat / (Z @ w_hat).min() if (Z @ w_hat).min() > 0 else w_hat * np.inf
        assume(_convergence_rate(X, y) >= 16 / target)
        run = margins.exp_loss_descent([w0[None, :]], X, y, target=target, h=0.5, activation="linear")
        i = _windows(run, target)
        w = run.theta[i]
        # Soudry et al.: w(t) = w^ log t + w~ + r(t) with r -> 0 like e^{-nu log t}.  Then over the consecutive
        # windows [Q/2, 3Q/4] and [3Q/4, Q] of ln(1/L): the slope dw / d log t -> w^, its norm -> ||w^||, and
        # cot angle(w, w^) = (||w^|| log t + <w~, u>) / ||P w~|| (u = w^ / ||w^||, P the projection orthogonal
        # to u) is affine in log t up to r; each estimate converges like e^{-nu Q/4} <= e^{-4} per window, so
        # the error of the second is at most 2 times the change between the two (rho / (1 - rho) <= 2 for any
        # ratio rho <= 2/3): an a-posteriori bound.  r's amplitude carries a factor 1 / nu (a point of margin
        # theta moves w~ by int e^{-(theta - 1) s} ds), so we take nu Q/2 >= 8: r(Q/2) ~ e^{-8} / nu.
        def slope(values, clock, k):
            return (values[k + 1] - values[k]) / (clock[k + 1] - clock[k])

        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            lt, g, rate = np.log(run.t[i]), claim.growth(run.t[i], NUMPY_OPS), claim.angle_rate(run.t[i], NUMPY_OPS)
            slopes = [slope(w, lt, k) for k in (0, 1)]
            growths = [np.linalg.norm(w[k + 1] - w[k]) / (g[k + 1] - g[k]) for k in (0, 1)]
            cot = np.array([1 / np.tan(_angle(v, w_hat)) for v in w])
            speeds = [slope(cot, 1 / rate, k) for k in (0, 1)]
            rounding = 4 * (run.steps + Z.size) * UNIT_ROUNDOFF * (np.linalg.norm(w[2]) / (lt[2] - lt[1])
                                                                  + np.linalg.norm(Z) * np.linalg.norm(w_hat) ** 2)
            parts = {
                "slope of w against log t vs w^": (slopes[1], w_hat, 2 * np.linalg.norm(slopes[1] - slopes[0])
                                                   + rounding),
                "||change of w|| / change of growth(t) vs ||w^||": (growths[1], np.linalg.norm(w_hat),
                                                                    np.nan_to_num(2 * abs(growths[1] - growths[0]),
                                                                                  nan=0.0) + rounding),
            }
            if _angle(w[2], w_hat) > 1e-6:  # below that the data are symmetric about w^ and the angle ~ 0
                parts["cot angle(w, w^) against 1 / angle_rate(t): error bound vs slope (a positive limit)"] = \
                    (2 * abs(speeds[1] - speeds[0]), 0.0, max(speeds[1], 0.0))
            return worst_comparison(parts)

    return property_check(
        _linear_instances(), example, context, tolerance=1.0,
        detail=f"gradient descent (numerics.margins, step h / tr G) on exp loss of a linear predictor until "
        f"ln(1/L) = {target:g}, from Hypothesis-drawn separable data (d <= 4, N <= 8) and starts; w^ by an exact "
        "least-distance QP (scipy nnls); errors in units of twice the change between the windows [Q/2, 3Q/4] and "
        "[3Q/4, Q] of ln(1/L) (an a-posteriori bound for estimates converging like e^{-nu Q/4}, nu Q/2 >= 8 "
        "assumed) plus rounding",
    )


MAX_MARGIN_LINEAR = register(
    Theorem(
        id="dynamics.max_margin_linear",
        title="Gradient descent on separable data converges in direction to the maximum-margin solution",
        topic="dynamics",
        kind="theorem",
        source=cite(POGGIO, 'slide "Maximize margin of normalized network", Proposition 3'),
        as_stated=r"\text{The GD equations 12 and 13 converge to maximum margin solutions with fixed complexity } "
        r"R_N",
        statement=(
            r"Let $z_n = y_n x_n$ be linearly separable through the origin and $\hat w = \arg\min \|w\|^2$ "
            r"subject to $\langle w, z_n\rangle \ge 1$ (the bias-free hard-margin SVM). Gradient flow, or gradient "
            r"descent with a small enough step, on $L(w) = \sum_n e^{-\langle w, z_n\rangle}$ satisfies "
            r"$w(t) = \hat w \ln t + \tilde w + r(t)$ with $r(t)$ bounded (and $r \to 0$ for almost all data).",
            r"Hence $\|w(t)\| / \ln t \to \|\hat w\| = 1/\gamma^*$, the direction converges to "
            r"$\hat w / \|\hat w\|$, and the angle decays only like $1/\ln t$.",
        ),
        hypotheses=(
            Assumption(r"The data are linearly separable through the origin (for a linear predictor without "
                       r"bias); otherwise the loss has a finite minimizer."),
            Assumption(r"The loss has an exponential tail (exponential or logistic) and the step is "
                       r"$\eta < 2\beta^{-1}\sigma_{\max}^{-2}(X)$, or the dynamics is the flow."),
            Assumption(r"For networks (equations (12)-(13)) the limit is a KKT point of the margin problem, "
                       r"which need not be its global maximum, and it needs $L(\theta(t_0)) < 1$ at some $t_0$ "
                       r"(Lyu and Li 2020)."),
        ),
        derivation=(
            Step(r"\dot w", r"\sum_n e^{-\langle w, z_n\rangle} z_n", r"$-\nabla L$, by differentiation"),
            Step(r"t\,(\dot w + \nabla L)\big|_{w = \hat w \ln t + \tilde w}",
                 r"\hat w - \sum_{\langle \hat w, z_n\rangle = 1} e^{-\langle \tilde w, z_n\rangle} z_n + o(1)",
                 r"points with margin $> 1$ contribute $t^{1 - \langle \hat w, z_n\rangle} \to 0$"),
            Step(r"\hat w", r"\sum_{n \in S} \alpha_n z_n,\ \alpha_n = e^{-\langle \tilde w, z_n\rangle} > 0",
                 r"the leading order vanishes: the KKT conditions of the hard-margin SVM"),
            Step(r"w_1(t)", r"\ln(2t + 1)",
                 r"symmetric toy $z = (1, \pm 1/5)$, $w(0) = 0$: dsolve of $\dot w_1 = 2e^{-w_1}$"),
        ),
        errata=(
            r"``Maximum margin'' is overstated for networks: equations (12)-(13) converge in direction to a KKT "
            r"point of the margin-maximization problem (Lyu and Li 2020), not necessarily to the global maximum "
            r"margin; only the linear case (this entry) gives the hard-margin SVM.",
            r"The proposition needs hypotheses the slide omits: separable data, an exponential-tailed loss, a small "
            r"step, and for networks a time at which $L < 1$.",
            r"It applies to equations (12)-(13) with $y_n$ restored (dynamics.normalized\_rho, "
            r"dynamics.normalized\_V).",
            r"Convergence is in direction only and slow: the angle to $\hat w$ decays like $1/\ln t$, while "
            r"$\|w\|$ grows like $\ln t$.",
        ),
        references=_REFERENCES_MARGIN,
        claim=MaxMarginClaim(),
        symbolic=_max_margin_symbolic,
        numeric=_max_margin_numeric,
        mutants=(
            Mutant("minimum-norm interpolant", "the direction is Z^+ 1, the square loss's interpolant",
                   MaxMarginClaim(direction=_min_norm_direction)),
            Mutant("bounded norm", "||w(t)|| converges to a finite value", MaxMarginClaim(growth=_constant)),
            Mutant("angle decays like 1/t", "angle(w(t), w^) = Theta(1/t)", MaxMarginClaim(angle_rate=_inverse_t)),
        ),
    )
)

"""The implicit bias of gradient descent on the exponential loss: maximum margin and the growth of rho.

Source: Poggio, "Theory of Deep Learning", slides "Maximize margin of normalized network"
(Proposition 3) and "Deep nets 'puzzle' explained: rho grows and f~ does not".  Topic ``dynamics`` (this module is loaded by :mod:`theorems.dynamics`).

On separable data the exponential loss has no minimizer.  For a linear predictor,
gradient descent converges in direction to the hard-margin SVM and ``w(t) = w^ ln t +
w~ + o(1)`` (Soudry et al. 2018, Theorem 3); for positively homogeneous networks the
scale ``rho = prod_k ||W_k||_F`` grows like ``ln t`` while the normalized network converges
(Lyu and Li 2020; Ji and Telgarsky 2020).  Both entries check those asymptotics from the
flow itself: symbolically from the flow's asymptotic expansion and closed forms,
numerically along long gradient-descent runs (:func:`numerics.margins.exp_loss_descent`),
with error estimates from windows of doubling length in ``ln(1/L)``.
"""

import itertools
from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import margins, nets, strategies
from numerics.conventions import UNIT_ROUNDOFF
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.symbolic import SymbolicNet
from theorems.sources import POGGIO, cite

__all__ = ["MAX_MARGIN_LINEAR", "RHO_GROWS", "fitted_start", "svm_exact"]


def svm_exact(Z):
    """The bias-free hard-margin SVM ``argmin ||w||^2`` s.t. ``Z w >= 1``, exactly, by its KKT conditions.

    Enumerates candidate support sets ``S`` (linearly independent rows of `Z`):
    ``w = Z_S^T alpha`` with ``Z_S w = 1``; the solution is the candidate with
    ``alpha >= 0`` and every margin ``>= 1`` (the problem is strictly convex, so it is unique).

    Parameters
    ----------
    Z : sympy.Matrix, shape (N, d)
        Rows ``y_n x_n``, exact.

    Returns
    -------
    sympy.Matrix, shape (d, 1)

    Raises
    ------
    ValueError
        If no candidate satisfies the KKT conditions: the data are not separable through the origin.

    Examples
    --------
    >>> svm_exact(sp.Matrix([[1, 1], [sp.Rational(3, 2), -sp.Rational(1, 2)], [2, sp.Rational(1, 2)]])).T
    Matrix([[3/4, 1/4]])
    """
    N, d = Z.shape
    for size in range(1, min(N, d) + 1):
        for S in itertools.combinations(range(N), size):
            ZS = Z.extract(list(S), list(range(d)))
            gram = ZS * ZS.T
            if gram.det() == 0:
                continue
            alpha = gram.LUsolve(sp.ones(size, 1))
            w = ZS.T * alpha
            if all(a >= 0 for a in alpha) and all(m >= 1 for m in Z * w):
                return w
    raise ValueError("the data are not linearly separable through the origin")


# The operations a claim's formulas use, exactly (SymPy) and in float64 (NumPy).
SYMPY_OPS = {"log": sp.log, "pinv": lambda A: A.pinv(), "ones": lambda n: sp.ones(n, 1),
             "svm": svm_exact}
NUMPY_OPS = {"log": np.log, "pinv": np.linalg.pinv, "ones": np.ones,
             "svm": lambda Z: margins.max_margin(Z, np.ones(Z.shape[0])).w}


def _svm_direction(Z, ops):
    return ops["svm"](Z)


def _min_norm_direction(Z, ops):
    """The minimum-norm (least-squares) solution of ``Z w = 1``: the square-loss interpolant's direction."""
    return ops["pinv"](Z) @ ops["ones"](Z.shape[0])


def _log_t(t, ops):
    return ops["log"](t)


def _linear_t(t, ops):
    return t


def _constant(t, ops):
    return 1 + 0 * t


def _inverse_log_t(t, ops):
    return 1 / ops["log"](t)


def _inverse_t(t, ops):
    return 1 / t


# == dynamics.max_margin_linear ====================================================================================


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


# Exact instances {y_n x_n}: an asymmetric one (w^ = (3/4, 1/4)) and one in R^3 whose support vectors
# do not span the space (w~ is then free orthogonally to them).
_Q = sp.Rational
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
_TARGETS = {"quick": 48.0, "default": 64.0, "thorough": 96.0}


def _windows(run, target):
    """Records at ln(1/L) >= target/2, 3 target/4, target: the ends of two consecutive windows."""
    levels = -np.log(run.loss)
    return [int(np.searchsorted(levels, target * f)) for f in (0.5, 0.75, 1.0)]


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


_REFERENCES_MARGIN = (
    "D. Soudry, E. Hoffer, M. S. Nacson, S. Gunasekar, N. Srebro, \"The implicit bias of gradient descent on "
    "separable data\", JMLR 19(70), 2018, Theorem 3.",
    "K. Lyu, J. Li, \"Gradient descent maximizes the margin of homogeneous neural networks\", ICLR 2020.",
    "Z. Ji, M. Telgarsky, \"Directional convergence and alignment in deep learning\", NeurIPS 2020.",
    "C. L. Lawson, R. J. Hanson, Solving Least Squares Problems, Prentice-Hall 1974, chapter 23 (least distance "
    "programming by NNLS).",
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


# == dynamics.rho_grows ===========================================================================================


@dataclass(frozen=True)
class RhoGrowthClaim:
    """The parameters of "under gradient flow on the exponential loss of a bias-free ReLU net, once the data
    are fitted, rho = prod_k ||W_k||_F = Theta(growth(t)) and the normalized network f~ `normalized`"
    (``"converges"``: its rate of change tends to 0; ``"constant"``: it does not change).
    """

    growth: Callable = _log_t
    normalized: str = "converges"


def _rho_identities(claim):
    """Equation (12) with f~ frozen at m support vectors of normalized margin g: drho/dt solved by dsolve."""
    t, rho0 = sp.Symbol("t", positive=True), sp.Symbol("rho_0", real=True)
    g, m, r = sp.Symbol("gamma", positive=True), sp.Symbol("m", positive=True), sp.Symbol("rho", positive=True)
    rate = -sp.diff(m * sp.exp(-r * g), r)  # -dL/drho for L = sum_n exp(-rho y_n f~_n), m equal terms
    u = sp.Function("u")
    closed = sp.dsolve(sp.Eq(u(t).diff(t), rate.subs(r, u(t))), u(t), ics={u(0): rho0}).rhs
    yield "frozen f~: dsolve of drho/dt = m g exp(-rho g) gives log(m g^2 t + exp(g rho_0)) / g", \
        sp.expand_log(closed - sp.log(m * g**2 * t + sp.exp(g * rho0)) / g, force=True), 0
    limit = sp.limit(closed / claim.growth(t, SYMPY_OPS), t, sp.oo)
    yield "rho(t) / growth(t) has a finite positive limit (1 if it does)", \
        sp.Integer(bool(limit.is_positive and limit.is_finite)), 1


# Net 2-2-1 with unit-norm layers V_1 = [[0, 3/5], [4/5, 0]], v_2 = (4/5, -3/5) and the data of the reference instance,
# x = (1, 2), (3, -1), y = (1, -1): margins y_n f~(x_n) = 12/25 and 36/25, so the data are fitted.
_V = (sp.Matrix([[0, _Q(3, 5)], [_Q(4, 5), 0]]), sp.Matrix([[_Q(4, 5), -_Q(3, 5)]]))
_DATA = ((sp.Matrix([1, 2]), 1), (sp.Matrix([3, -1]), -1))


def _direction_identities(claim):
    """dV_k/dt = (I - V_k V_k^T) dW_k/dt / ||W_k|| for W_k = c V_k, with dW/dt = -grad L derived by SymPy."""
    net = SymbolicNet([2, 2, 1])
    loss = sum(sp.exp(-yn * net.output.xreplace(dict(zip(net.x, x)))) for x, yn in _DATA)
    c = sp.Symbol("c", positive=True)
    point = {s: c * v for W, V in zip(net.weights, _V) for s, v in zip(W, V)}
    for k, (W, V) in enumerate(zip(net.weights, _V)):
        flow = sp.Matrix(W.shape[0], W.shape[1], [-sp.diff(loss, s).xreplace(point) for s in W])
        v, dw = sp.Matrix(list(V)), sp.Matrix(list(flow))
        rate = ((sp.eye(v.rows) - v * v.T) * dw / c).applyfunc(sp.simplify)  # ||W_k|| = c ||V_k|| = c
        if claim.normalized == "constant":
            yield f"dV_{k + 1}/dt at rho = c^2 = 1 vanishes (f~ does not change)", rate.subs(c, 1).norm(), 0
        else:
            yield f"dV_{k + 1}/dt -> 0 as rho = c^2 -> oo (f~ settles)", \
                sp.limit(rate.norm() ** 2, c, sp.oo), 0


def _rho_grows_symbolic(claim, context):
    return identities_check(
        itertools.chain(_rho_identities(claim), _direction_identities(claim)), context,
        detail="{count} identities proved: equation (12) with f~ frozen solved by dsolve and its growth's limit; "
        "the normalized layers' velocity dV_k/dt = (I - V_k V_k^T) dW_k/dt / ||W_k||, dW/dt = -grad L derived by "
        "SymPy for a 2-2-1 ReLU net on a reference instance (unit-norm layers), along the ray W = c V",
    )


@st.composite
def _homogeneous_instances(draw):
    d, depth, width = draw(st.integers(2, 4)), draw(st.integers(2, 4)), draw(st.integers(3, 5))
    X, y = draw(strategies.separable_datasets(d, min_size=2, max_size=8, margin=0.2))
    noise = draw(strategies.weights([d] + [width] * (depth - 1) + [1]))
    return X, y, noise


def fitted_start(X, y, noise, *, amplitude=0.3):
    """A bias-free ReLU net that fits separable data with ``L < 1``, for the exp-loss asymptotics.

    Two units carry the max-margin direction ``u``, ``relu(<u, x>) - relu(-<u, x>) = <u, x>``, through
    every layer; `noise` (the architecture's weights), scaled to `amplitude`, perturbs all of them; the net
    is then scaled (each layer by the same factor, keeping it balanced) so that its smallest margin is
    ``ln N + 1``, hence ``L < N e^{-ln N - 1} < 1``.

    Returns
    -------
    list of numpy.ndarray or None
        None when the perturbation destroys the fit (some margin <= 0).
    """
    svm = margins.max_margin(X, y)
    u = svm.w / np.linalg.norm(svm.w)
    top = max(max(np.abs(W).max() for W in noise), 1e-300)
    weights = [amplitude * W / top for W in noise]
    weights[0][:2] += np.vstack([u, -u])
    for W in weights[1:-1]:
        W[:2, :2] += np.eye(2)
    weights[-1][0, :2] += [1.0, -1.0]
    q = (y * nets.forward(weights, X)).min()
    if not q > 0:
        return None
    scale = ((np.log(len(y)) + 1) / q) ** (1 / len(weights))
    return [scale * W for W in weights]


def _rho_grows_numeric(claim, context):
    target = _TARGETS[context.profile.name]

    def example(instance):
        X, y, noise = instance
        start = fitted_start(X, y, noise)
        # The asymptotic regime must begin by ln(1/L) = Q/2: a start whose normalized margin is a small fraction
        # of the teacher's (gamma* / 2, two balanced units carrying the SVM direction) spends that long realigning.
        assume(start is not None and margins.normalized_margin(start, X, y) >= margins.max_margin(X, y).gamma / 4)
        K, sizes = len(start), nets.sizes_of(start)
        run = margins.exp_loss_descent(start, X, y, target=target, h=0.5)
        i = _windows(run, target)
        layers = [nets.unflatten(theta, sizes) for theta in run.theta]
        rho = np.array([np.prod([np.linalg.norm(W) for W in ws]) for ws in layers])
        outputs = np.array([nets.forward(ws, X) for ws in layers]) / rho[:, None]  # f~ on the data
        q = (y * outputs).min(axis=1) * rho  # the margin min_n y_n f(x_n) = rho * normalized margin
        # Lyu and Li: L = Theta(1 / (t (ln t)^(2 - 2/K))).  Solving dY/dt = K g^(2/K) (ln Y)^(2 - 2/K) for
        # Y = 1/L (the flow with aligned, balanced layers) gives q = ln Y + O(ln N) = G + C + O(ln s / s), where
        # s = ln t and G = growth + (2 - 2/K) ln growth is the claimed growth with its second-order term.  So
        # over [Q/2, Q] the change of q - G is at most twice the size of that correction at the window's start,
        # with a constant of the size of the terms it collects: (2 - 2/K) + ln N + 1.
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            g = claim.growth(run.t[i], NUMPY_OPS)
            excess = q[i] - (g + (2 - 2 / K) * np.log(g))
            s0 = np.log(run.t[i[0]])
            correction = 2 * ((2 - 2 / K) + np.log(len(y)) + 1) * np.log(s0) / s0
            # f~ moves like 1/ln t or faster (Ji and Telgarsky 2020: its path has finite length), so it moves less
            # over [Q/2, Q] of ln(1/L) than over [0, Q/2]; a claimed constant f~ moves by rounding only.
            changes = [np.linalg.norm(outputs[i[0]] - outputs[0]), np.linalg.norm(outputs[i[2]] - outputs[i[0]])]
            rounding = 8 * (run.steps + X.size) * UNIT_ROUNDOFF * (1 + np.abs(outputs).max())
            parts = {
                "change over [Q/2, Q] of the margin minus the claimed growth G(t)":
                    (excess[2] - excess[0], 0.0, correction + rounding * q[i[2]]),
            }
            if claim.normalized == "constant":
                parts["change of f~ on the data over [Q/2, Q] (claimed 0)"] = (changes[1], 0.0, rounding)
            else:
                parts["change of f~ on the data over [Q/2, Q] vs [0, Q/2] (it settles)"] = \
                    (changes[1], 0.0, changes[0] + rounding)
            return worst_comparison(parts)

    return property_check(
        _homogeneous_instances(), example, context, tolerance=1.0,
        detail=f"gradient descent (numerics.margins, step h / tr G) on the exp loss of bias-free ReLU nets (depth "
        f"2-4, width 3-5, from a start with L < 1) on Hypothesis-drawn separable data until ln(1/L) = {target:g}; "
        "the margin's growth against the claimed growth plus Lyu and Li's (2 - 2/K) ln ln t over the window "
        "[Q/2, Q] of ln(1/L), in units of the next term of the expansion, 2 ((2 - 2/K) + ln N + 1) ln s / s "
        "(s = ln t); f~'s change over [Q/2, Q] against its change over [0, Q/2]",
    )


def _rho_figure(seed=0):
    """rho(t) and the normalized margins against ln t, along one run from a seeded instance."""
    from matplotlib.figure import Figure

    rng = np.random.default_rng(seed)
    w = rng.normal(size=2)
    X = rng.uniform(-2, 2, size=(8, 2))
    X += np.outer(np.sign(X @ w) * np.maximum(0.3 - np.abs(X @ w) / np.linalg.norm(w), 0), w / np.linalg.norm(w))
    y = np.sign(X @ w)
    start = None
    while start is None:
        start = fitted_start(X, y, nets.init([2, 4, 1], rng))
    run = margins.exp_loss_descent(start, X, y, target=48.0, h=0.5, records=97)
    sizes = nets.sizes_of(start)
    layers = [nets.unflatten(theta, sizes) for theta in run.theta[1:]]
    rho = np.array([np.prod([np.linalg.norm(W) for W in ws]) for ws in layers])
    hard = np.array([margins.normalized_margin(ws, X, y) for ws in layers])
    smooth = -np.log(run.loss[1:]) / rho
    s = np.log(run.t[1:])
    figure = Figure(figsize=(7.0, 2.8), layout="constrained")
    left, right = figure.subplots(1, 2)
    left.plot(s, rho, label=r"$\rho(t) = \prod_k \|W_k\|_F$")
    late = s > 1
    left.plot(s[late], (s[late] + np.log(s[late])) / hard[-1], "--",
              label=r"$(\ln t + \ln\ln t) / \tilde\gamma(T)$")
    left.set_xlabel(r"$\ln t$")
    left.legend(fontsize="small")
    right.plot(s, hard, label=r"$\min_n y_n \tilde f(x_n)$")
    right.plot(s, smooth, label=r"$\ln(1/L) / \rho$")
    right.set_xlabel(r"$\ln t$")
    right.legend(fontsize="small")
    figure.suptitle(f"2-4-1 ReLU net, exponential loss, gradient descent (seed {seed})", fontsize="medium")
    return figure


RHO_GROWS = register(
    Theorem(
        id="dynamics.rho_grows",
        title=r"$\rho$ grows like $\ln t$ while the normalized network settles",
        topic="dynamics",
        kind="theorem",
        source=cite(POGGIO, 'slide "Deep nets \'puzzle\' explained: rho grows and f~ does not"'),
        as_stated=r"\frac{\mathfrak{R}(f)}{\eta} = \frac{\rho}{y \rho \tilde f} = \frac{1}{\tilde f}; \text{ thus } "
        r"\rho \text{ increases but } \tilde f \text{ does not change}",
        statement=(
            r"For a bias-free ReLU network (positively homogeneous of degree $K$) trained by gradient flow, or "
            r"gradient descent with small steps, on the exponential loss of separable data from a point with "
            r"$L < 1$: $L(t) = \Theta(1/(t (\ln t)^{2 - 2/K}))$, so the margin $\min_n y_n f(x_n) = \ln t + "
            r"(2 - 2/K)\ln\ln t + O(1)$ and $\rho(t) = \prod_k \|W_k\|_F = \Theta(\ln t) \to \infty$.",
            r"The smoothed margin $\ln(1/L)/\|\theta\|^K$ is non-decreasing along the flow and the normalized "
            r"network $\tilde f$ ($\|V_k\|_F = 1$) converges in direction, to a KKT point of the margin problem; "
            r"it keeps changing, ever more slowly.",
        ),
        hypotheses=(
            Assumption(r"The data are separable by the network: $L(\theta(t_0)) < 1$ at some $t_0$."),
            Assumption(r"The network has no biases (so it is positively homogeneous) and the loss has an "
                       r"exponential tail."),
            Assumption(r"Gradient flow, or gradient descent whose steps are small relative to the loss's "
                       r"curvature; the smoothed margin's monotonicity is proved for the flow."),
        ),
        derivation=(
            Step(r"\dot\rho", r"\sum_n y_n \tilde f_n e^{-\rho y_n \tilde f_n}",
                 r"equation (12), corrected (dynamics.normalized\_rho)"),
            Step(r"\rho(t)", r"\frac{1}{\tilde\gamma}\ln\left(m\tilde\gamma^2 t + e^{\tilde\gamma \rho_0}\right)",
                 r"dsolve with $\tilde f$ frozen and $m$ support vectors at normalized margin $\tilde\gamma$"),
            Step(r"\dot V_k", r"\frac{1}{\|W_k\|}\left(I - V_k V_k^\top\right)\dot W_k \to 0",
                 r"as $\rho \to \infty$, each term carries $e^{-\rho y_n \tilde f_n}$"),
        ),
        errata=(
            r"``$\tilde f$ does not change'' is false: $\tilde f$ converges in direction (slowly, while $\rho$ grows "
            r"like $\ln t$), it is not constant after the data are fitted.",
            r"The last identity loses $y$: $\rho / (y\rho\tilde f) = 1/(y\tilde f)$, not $1/\tilde f$; and it "
            r"silently sets $R_N(\tilde F) = 1$.",
            r"The quantity Lyu and Li prove non-decreasing is the smoothed margin $\ln(1/L)/\|\theta\|^K$, for the "
            r"flow; the hard normalized margin $\min_n y_n \tilde f(x_n)$ lies within $\ln N / \|\theta\|^K$ of it "
            r"and shares its limit but need not be monotone.",
        ),
        references=_REFERENCES_MARGIN[:3],
        claim=RhoGrowthClaim(),
        symbolic=_rho_grows_symbolic,
        numeric=_rho_grows_numeric,
        mutants=(
            Mutant("rho grows linearly", "rho(t) = Theta(t)", RhoGrowthClaim(growth=_linear_t)),
            Mutant("rho bounded", "rho(t) stays bounded", RhoGrowthClaim(growth=_constant)),
            Mutant("f~ constant", "f~ does not change once the data are fitted", RhoGrowthClaim(normalized="constant")),
        ),
        figure=_rho_figure,
    )
)

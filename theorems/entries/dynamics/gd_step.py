"""``dynamics.gd_step``: The gradient-descent step, the descent lemma and the step-size bound 2/beta."""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["GDClaim", "GD_STEP"]


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

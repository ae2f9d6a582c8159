"""Loss Hessians of deep ReLU networks: the square loss and its degenerate minima, the Halpern flow's Jacobian.

Source: Poggio, "Theory of Deep Learning", slides "Exponential loss, deep network
with RELUs, with Halpern term", "Global minima are degenerate" and "Dynamical
Systems approach".

Both sides of every check start from the loss: the symbolic side differentiates it
twice with SymPy; the numeric side takes ``numerics.derivatives.loss_hessian``.  The
claimed formulas are assembled from the network's own gradients and Hessians.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, nets, strategies
from numerics.conventions import UNIT_ROUNDOFF, gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.symbolic import SymbolicNet
from theorems.sources import POGGIO, cite

__all__ = ["EXP_LOSS_HALPERN", "RESCALING_NULL_DIRECTIONS", "SQUARE_LOSS"]



@dataclass(frozen=True)
class SquareHessianClaim:
    """The parameters of "the Hessian of sum_n (y_n - f_n)^2, and its rank at a global minimum".

    Claimed: ``H = factor sum_n (grad f_n grad f_n^T - residual_sign E_n Hess f_n)`` with
    ``E_n = y_n - f_n``, and at an interpolating point ``rank H <= N`` (``rank="at most N"``)
    or ``rank H = W`` (``rank="full"``).
    """

    factor: int = 2
    residual_sign: int = 1
    rank: str = "at most N"

    def matrix(self, f, grads, hessians, y):
        """The claimed Hessian from per-datum values, gradients (rows) and Hessians (SymPy or NumPy)."""
        terms = [g.T * g if isinstance(g, sp.MatrixBase) else np.outer(g, g) for g in grads]
        return self.factor * sum((t - self.residual_sign * (yn - fn) * h
                                  for t, h, fn, yn in zip(terms, hessians, f, y)), 0 * hessians[0])

    def rank_excess(self, rank, N, W):
        """How far a rank at an interpolating point is from the claim (0 when consistent)."""
        return max(rank - N, 0) if self.rank == "at most N" else abs(rank - W)


@dataclass(frozen=True)
class FlowJacobianClaim:
    """The parameters of "the Jacobian of the Halpern flow of the exponential loss".

    Claimed: ``sum_n e^{-y_n f_n} (gn_sign y_n^gn_power grad f grad f^T + y_n^hess_power Hess f_n)
    - penalty_factor lambda I``; ``hess_power=None`` drops the second-order term (Gauss-Newton only).
    """

    gn_sign: int = -1
    gn_power: int = 2
    hess_power: int | None = 1
    penalty_factor: int = 2

    def matrix(self, f, grads, hessians, y, lam, exp, eye):
        """The claimed Jacobian (SymPy or NumPy); ``exp`` and ``eye`` from the matching library."""
        total = -self.penalty_factor * lam * eye(hessians[0].shape[0])
        for g, h, fn, yn in zip(grads, hessians, f, y):
            outer = g.T * g if isinstance(g, sp.MatrixBase) else np.outer(g, g)
            second = 0 * h if self.hess_power is None else yn**self.hess_power * h
            total = total + exp(-yn * fn) * (self.gn_sign * yn**self.gn_power * outer + second)
        return total


# -- shared machinery ---------------------------------------------------------------------------------------------


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
"""The symbolic nets (sizes) and numbers of data N each profile differentiates."""


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


# == hessian.square_loss ===========================================================================================

_REFERENCE_POINT = {"x": (1, sp.Rational(1, 2)), "y": 1, "W1": ((1, 0), (0, 1)), "a": (1, 0)}
"""A global minimum: net 2-2-1, one datum x = (1, 1/2), y = 1, W_1 = I, a = (1, 0): f = 1, L = 0."""


def _square_symbolic(claim, context):
    cases = context.profile.pick(**_SYMBOLIC_CASES)

    def identities():
        for sizes, N in cases:
            theta, f, grads, hessians, y = _symbolic_problem(sizes, N)
            L = sum((yn - fn) ** 2 for fn, yn in zip(f, y))
            name = f"{'-'.join(map(str, sizes))}, N={N}: d^2L/dtheta^2 = claimed H"
            yield from _matrix_identities(name, sp.hessian(L, theta), claim.matrix(f, grads, hessians, y))
        # The reference global minimum: the derived Hessian's rank against the claimed rank.
        theta, f, _, _, _ = _symbolic_problem([2, 2, 1], 1)
        point = dict(zip(theta, [*sum(_REFERENCE_POINT["W1"], ()), *_REFERENCE_POINT["a"]]))
        point.update(dict(zip(sorted(f[0].free_symbols - set(theta), key=str), _REFERENCE_POINT["x"])))
        H = sp.hessian((_REFERENCE_POINT["y"] - f[0]) ** 2, theta).xreplace(point).doit()
        yield "reference minimum: L = 0", ((_REFERENCE_POINT["y"] - f[0]) ** 2).xreplace(point), 0
        yield "reference minimum: trace H = 2 |grad f|^2 = 5", H.trace(), 5
        yield "reference minimum: rank H consistent with the claimed rank (N = 1, W = 6)", \
            claim.rank_excess(H.rank(), 1, len(theta)), 0

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: every entry of the Hessian of sum_n (y_n - f_n)^2 derived by SymPy "
        "(symbolic data and labels; nets " + _cases_text(cases) + ") equals the claimed formula almost everywhere "
        "(relu'' = 0); at a reference global minimum (net 2-2-1, x = (1, 1/2), y = 1, W_1 = I, a = (1, 0)) the "
        "derived Hessian has trace 5 and exact rank 1 = N < W = 6",
    )


def _square_numeric(claim, context):
    def example(instance):
        W, X, y = instance["weights"], instance["X"], instance["y"]
        N, P = X.shape[0], sum(w.size for w in W)
        f, J, Hs = nets.forward(W, X), derivatives.jacobian(W, X), network_hessians(W, X)
        S, G, Habs = _magnitudes(W, X)
        m = 8 * (len(W) + 4) + P + N
        outer = np.einsum("ni,nj->nij", G, G)
        scale = (outer * (1 + np.abs(y) + S)[:, None, None] + (np.abs(y) + S)[:, None, None] * Habs).sum(axis=0)
        bound = 4 * claim.factor * gamma(m) * scale + 1e-300
        # At the interpolating point y* = f (exact: l' = 2 (f - y*) = 0) the Hessian is 2 J^T J; its zero
        # eigenvalues are computed within ||E||_2 <= ||bound||_F (Weyl), the threshold below.
        H_star = derivatives.loss_hessian(W, X, f)
        threshold = np.linalg.norm(4 * gamma(m) * outer.sum(axis=0) * (1 + S.max())) + P * UNIT_ROUNDOFF * np.abs(
            H_star).max()
        rank = int(np.sum(np.abs(np.linalg.eigvalsh(H_star)) > threshold))
        return worst_comparison({
            "claimed H vs numerics.loss_hessian": (claim.matrix(f, J, Hs, y), derivatives.loss_hessian(W, X, y),
                                                   bound),
            "rank H at an interpolating point vs the claim": (np.array([claim.rank_excess(rank, N, P)]),
                                                              np.zeros(1), np.full(1, 0.5)),
        })

    return property_check(
        _nets_and_data(labels="real"),
        example,
        context,
        tolerance=1.0,
        detail="|claimed - derived| in units of its rounding bound 4 factor gamma_m sum_n (|grad f| |grad f|^T "
        "(1 + |y| + S) + (|y| + S) |Hess f|), magnitudes from the absolute linear net; the claimed H from "
        "numerics.jacobian and per-datum Hessians of f (numerics), the derived one from "
        "numerics.derivatives.loss_hessian; rank at y* = f counted above the Weyl threshold; bias-free ReLU "
        "nets of depth 2-4, widths 1-4, N <= 5",
    )


SQUARE_LOSS = register(
    Theorem(
        id="hessian.square_loss",
        title="The Hessian of the square loss, and why overparametrized global minima are degenerate",
        topic="hessian",
        kind="theorem",
        source=cite(POGGIO, 'slides "Global minima are degenerate", "SGDL and SGD: summary" and "Dynamical '
                            'Systems approach"'),
        as_stated=r"\text{In the deep case, usually degenerate equilibria, degenerate Hessian, no direct norm "
        r"control!}",
        statement=(
            r"For $L(W) = \sum_{n=1}^N (y_n - f(W; x_n))^2$ with residuals $E_n = y_n - f(W; x_n)$,",
            r"\[ \nabla^2 L = 2 \sum_{n=1}^N \left( \nabla f_n \nabla f_n^\top - E_n \nabla^2 f_n \right). \]",
            r"At an interpolating point ($E_n = 0$ for all $n$, a global minimum) $\nabla^2 L = 2 J^\top J$ with "
            r"$J$ the $N \times W$ Jacobian of the outputs, so $\operatorname{rank} \nabla^2 L \le N$: whenever "
            r"$W > N$ the Hessian has at least $W - N$ zero eigenvalues, and if $J$ has rank $N$ the global minima "
            r"near it form a manifold of dimension $W - N$.",
        ),
        hypotheses=(
            Assumption(r"Bias-free ReLU network; at the kinks $\sigma'(0) = 0$ and $\sigma'' = 0$ (the "
                       r"almost-everywhere Hessian, which is $f$'s own Hessian on each activation region)."),
            Assumption(r"The rank statement is about interpolating points, $f(W; x_n) = y_n$ for every $n$; "
                       r"degeneracy needs $W > N$."),
        ),
        derivation=(
            Step(r"\frac{\partial L}{\partial \theta}", r"-2 \sum_n E_n \frac{\partial f_n}{\partial \theta}",
                 r"chain rule (dynamics.square\_loss\_flow)"),
            Step(r"\frac{\partial^2 L}{\partial \theta \partial \theta'}",
                 r"2 \sum_n \left( \frac{\partial f_n}{\partial \theta} \frac{\partial f_n}{\partial \theta'} - "
                 r"E_n \frac{\partial^2 f_n}{\partial \theta \partial \theta'} \right)",
                 r"product rule, with $\partial E_n / \partial \theta' = -\partial f_n / \partial \theta'$"),
            Step(r"\nabla^2 L \big|_{E = 0}", r"2 J^\top J", r"every residual vanishes at an interpolating point"),
            Step(r"\operatorname{rank} \nabla^2 L \big|_{E = 0}", r"\operatorname{rank} J \le N",
                 r"$\operatorname{rank} J^\top J = \operatorname{rank} J$ and $J$ has $N$ rows"),
        ),
        errata=(
            r"``Degenerate Hessian'' holds at interpolating global minima of an overparametrized net ($W > N$; "
            r"the slide does not say which equilibria): there $\nabla^2 L = 2J^\top J$ has rank at most $N$. "
            r"At other critical points the term $-2\sum_n E_n \nabla^2 f_n$ can make it non-degenerate.",
            r"``Usually'' is made precise for ReLU nets by the rescaling symmetry: every equilibrium lies on an "
            r"orbit of dimension at least the number of hidden units, so it is never isolated "
            r"(hessian.rescaling\_null\_directions).",
        ),
        references=(
            "Y. Cooper, \"The loss landscape of overparameterized neural networks\", arXiv:1804.10200, 2018 "
            "(the global minima form a manifold of dimension W - N).",
            "L. Sagun, U. Evci, V. U. Guney, Y. Dauphin, L. Bottou, \"Empirical analysis of the Hessian of "
            "over-parametrized neural networks\", ICLR workshop 2018.",
            "C. M. Bishop, \"Pattern Recognition and Machine Learning\", Springer 2006, section 5.4 (outer-product "
            "approximation and the exact Hessian).",
        ),
        claim=SquareHessianClaim(),
        symbolic=_square_symbolic,
        numeric=_square_numeric,
        mutants=(
            Mutant("factor 1", "H = sum_n (grad f grad f^T - E_n Hess f): at a minimum H = J^T J",
                   SquareHessianClaim(factor=1)),
            Mutant("residual sign", "H = 2 sum_n (grad f grad f^T + E_n Hess f)", SquareHessianClaim(residual_sign=-1)),
            Mutant("full rank at minima", "the Hessian at an interpolating global minimum has full rank W",
                   SquareHessianClaim(rank="full")),
        ),
    )
)


# == hessian.exp_loss_halpern ======================================================================================


def _halpern_symbolic(claim, context):
    cases = context.profile.pick(**_SYMBOLIC_CASES)

    def identities():
        for sizes, N in cases:
            theta, f, grads, hessians, y = _symbolic_problem(sizes, N)
            theta0 = [sp.Symbol(f"{q.name}^0", real=True) for q in theta]
            lam = sp.Symbol("lambda", positive=True)
            L = sum(sp.exp(-yn * fn) for fn, yn in zip(f, y)) + lam * sum((q - q0) ** 2 for q, q0 in zip(theta, theta0))
            field = [-sp.diff(L, q) for q in theta]  # the flow, derived
            derived = sp.Matrix([[sp.diff(v, q) for q in theta] for v in field])  # its Jacobian, derived
            name = f"{'-'.join(map(str, sizes))}, N={N}: d(dtheta/dt)/dtheta = claimed"
            yield from _matrix_identities(name, derived, claim.matrix(f, grads, hessians, y, lam, sp.exp, sp.eye))

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: every entry of the Jacobian of the flow -grad L_lambda, both derived by "
        "SymPy differentiation of L_lambda = sum_n exp(-y_n f_n) + lambda sum ||W_k - W_k^0||^2 (symbolic data, "
        "real labels, anchor, lambda; nets " + _cases_text(cases) + "), equals the claimed formula almost everywhere (DiracDelta terms of relu'' dropped: sigma'' = 0)",
    )


def _halpern_numeric(claim, context):
    def example(instance):
        W, X, y, lam = instance["weights"], instance["X"], instance["y"], instance["lambda"]
        f = nets.forward(W, X)
        assume(np.max(np.abs(y * f)) <= 50.0)  # exp(-y f) well inside float64
        theta = nets.flatten(W)
        P = theta.size
        J, Hs = derivatives.jacobian(W, X), network_hessians(W, X)
        # The penalty's Hessian from numerics: lambda ||theta - theta0||^2 is the square loss of the linear model
        # theta on the inputs sqrt(lambda) I (its Hessian does not depend on theta0).
        root = np.sqrt(lam)
        penalty = derivatives.loss_hessian([theta[None, :]], root * np.eye(P), np.zeros(P), activation="linear")
        derived = -derivatives.loss_hessian(W, X, y, loss="exp") - penalty
        claimed = claim.matrix(f, J, Hs, y, lam, np.exp, np.eye)
        S, G, Habs = _magnitudes(W, X)
        m = 8 * (len(W) + 4) + P + X.shape[0]
        weight = np.exp(-y * f) * (1 + np.abs(y) * S)
        scale = (weight[:, None, None] * (np.einsum("ni,nj->nij", G, G) * (1 + y[:, None, None] ** 2)
                                          + np.abs(y)[:, None, None] * Habs)).sum(axis=0)
        bound = 4 * gamma(m) * scale + 4 * gamma(4) * lam * np.eye(P) + 1e-300
        return worst_comparison({"claimed Jacobian vs -numerics.loss_hessian": (claimed, derived, bound)})

    return property_check(
        _nets_and_data(labels="sign"),
        example,
        context,
        tolerance=1.0,
        detail="|claimed - derived| in units of its rounding bound 4 gamma_m sum_n e^{-y f}(1 + |y| S)(|grad f| "
        "|grad f|^T (1 + y^2) + |y| |Hess f|) + 4 gamma_4 lambda I; derived = -numerics.loss_hessian(exp) minus "
        "the penalty's Hessian (numerics, as a linear square loss); labels +-1; bias-free ReLU nets of depth "
        "2-4, widths 1-4, N <= 5",
    )


EXP_LOSS_HALPERN = register(
    Theorem(
        id="hessian.exp_loss_halpern",
        title="The Jacobian of the Halpern flow of the exponential loss: minus the loss Hessian",
        topic="hessian",
        kind="identity",
        source=cite(POGGIO, 'slide "Exponential loss, deep network with RELUs, with Halpern term"'),
        as_stated=r"H_{abk'}^{ijk} = \sum_n^N e^{-y_n f(x_n)} \left(-\frac{\partial f}{\partial w_k^{i,j}} "
        r"\frac{\partial f}{\partial w_{k'}^{a,b}} + \frac{\partial^2 f}{\partial w_k^{i,j} \partial w_{k'}^{a,b}}"
        r"\right) - \lambda(t) I",
        statement=(
            r"For $L_\lambda(W) = \sum_n e^{-y_n f(W; x_n)} + \lambda(t) \sum_k \|W_k - W_k^0\|_F^2$ the Jacobian "
            r"of the flow $\dot W = -\nabla L_\lambda(W)$ (dynamics.halpern\_flow) is $-\nabla^2 L_\lambda$:",
            r"\[ \frac{\partial \dot w_k^{i,j}}{\partial w_{k'}^{a,b}} = \sum_{n=1}^N e^{-y_n f(x_n)} \left( -y_n^2 "
            r"\frac{\partial f(x_n)}{\partial w_k^{i,j}} \frac{\partial f(x_n)}{\partial w_{k'}^{a,b}} + y_n "
            r"\frac{\partial^2 f(x_n)}{\partial w_k^{i,j} \partial w_{k'}^{a,b}} \right) - 2 \lambda(t)\, "
            r"\delta_{(k,i,j),(k',a,b)}, \]",
            r"with $y_n^2 = 1$ for labels $\pm 1$. For a bias-free ReLU net $\partial^2 f / \partial W_k^2 = 0$ "
            r"within a layer, but the blocks between different layers are not zero.",
        ),
        hypotheses=(
            Assumption(r"Bias-free ReLU network with $\sigma'(0) = 0$, $\sigma'' = 0$: the almost-everywhere "
                       r"Hessian (on each activation region $f$ is a polynomial in the weights)."),
            Assumption(r"$\lambda(t) \ge 0$ is given; the identity holds at each $t$."),
        ),
        derivation=(
            Step(r"\frac{\partial^2}{\partial \theta \partial \theta'} e^{-y_n f_n}",
                 r"e^{-y_n f_n}\left( y_n^2 \frac{\partial f_n}{\partial \theta}\frac{\partial f_n}{\partial \theta'}"
                 r" - y_n \frac{\partial^2 f_n}{\partial \theta \partial \theta'}\right)", r"chain and product rules"),
            Step(r"\frac{\partial^2}{\partial \theta \partial \theta'} \lambda \|\theta - \theta^0\|^2",
                 r"2 \lambda\, \delta_{\theta \theta'}", r"the penalty is a sum of squares"),
            Step(r"\frac{\partial \dot \theta}{\partial \theta'}", r"-\frac{\partial^2 L_\lambda}"
                 r"{\partial \theta \partial \theta'}", r"$\dot \theta = -\partial L_\lambda / \partial \theta$"),
        ),
        errata=(
            r"The second-order term lacks the factor $y_n$: for a datum with $y_n = -1$ its sign is wrong "
            r"(with $y = (1, -1)$ on a 2-2-1 net the entry $(w_{11}, a_1)$ of the difference is "
            r"$-2 x_{11} e^{f(x_1)}$, $x_1$ the datum with $y = -1$).",
            r"$\lambda I$ should be $2\lambda I$: the penalty $\lambda\|W - W^0\|^2$ has Hessian $2\lambda I$.",
            r"It is the Jacobian of the flow, $-\nabla^2 L_\lambda$, not the loss Hessian: naming it $H$ invites "
            r"sign errors (positive eigenvalues of the Jacobian mean instability). The Gauss-Newton term keeps "
            r"its $-y_n^2 = -1$ for labels $\pm 1$.",
        ),
        references=(
            "A. Banburski, Q. Liao, B. Miranda, L. Rosasco, J. Hidary, T. Poggio, \"Theory III: Dynamics and "
            "generalization in deep networks\", arXiv:1903.04991, 2019.",
            "C. M. Bishop, \"Pattern Recognition and Machine Learning\", Springer 2006, section 5.4.",
        ),
        claim=FlowJacobianClaim(),
        symbolic=_halpern_symbolic,
        numeric=_halpern_numeric,
        mutants=(
            Mutant("the slide's form", "sum_n e^{-y f}(-grad f grad f^T + Hess f) - lambda I (no y_n, lambda)",
                   FlowJacobianClaim(gn_power=0, hess_power=0, penalty_factor=1)),
            Mutant("Gauss-Newton sign", "sum_n e^{-y f}(+y^2 grad f grad f^T + y Hess f) - 2 lambda I",
                   FlowJacobianClaim(gn_sign=1)),
            Mutant("Gauss-Newton only", "the second-order term of the network dropped: -sum_n e^{-y f} y^2 grad f "
                   "grad f^T - 2 lambda I", FlowJacobianClaim(hess_power=None)),
            Mutant("lambda I", "the penalty's Hessian taken as lambda I instead of 2 lambda I",
                   FlowJacobianClaim(penalty_factor=1)),
        ),
    )
)


# == hessian.rescaling_null_directions =============================================================================


@dataclass(frozen=True)
class NullDirectionClaim:
    """The parameters of "the tangent of a rescaling orbit is in the kernel of the Hessian at critical points".

    The tangent of unit ``i`` of hidden layer ``k`` (0-based) is row ``i`` of ``W_k`` and
    ``outgoing_sign`` times column ``i`` of ``W_{k+1}`` (the theorem: ``-1``, the derivative of
    ``(c W_k^i, W_{k+1}^{.i} / c)`` at ``c = 1``).  Claimed: ``H tau = -tau(grad L)`` everywhere,
    hence ``H tau = 0`` where ``grad L = 0``; with ``everywhere``, ``H tau = 0`` at every point.
    """

    outgoing_sign: int = -1
    everywhere: bool = False

    def tangent(self, weights, k, unit):
        """The tangent as a list of matrices shaped like `weights` (SymPy or NumPy); linear in `weights`."""
        out = [w * 0 for w in weights]
        out[k][unit, :] = weights[k][unit, :]
        out[k + 1][:, unit] = self.outgoing_sign * weights[k + 1][:, unit]
        return out

    def hessian_times_tangent(self, tangent_of_gradient):
        """The claimed ``H tau``: ``-tau(grad L)`` (tau is linear, so its derivative applied to grad L), or 0."""
        return [0 * g for g in tangent_of_gradient] if self.everywhere else [-g for g in tangent_of_gradient]


def _null_identities(claim, sizes):
    net = SymbolicNet(sizes)
    theta = net.parameters()
    y = sp.Symbol("y1", real=True)
    L = (y - net.output) ** 2
    gradient = sp.Matrix([sp.diff(L, q) for q in theta])
    H = sp.hessian(L, theta)
    name = "-".join(map(str, sizes))

    def as_weights(vector):
        out, start = [], 0
        for w in net.weights:
            out.append(sp.Matrix(w.shape[0], w.shape[1], list(vector[start:start + len(w)])))
            start += len(w)
        return out

    def flat(matrices):
        return sp.Matrix([e for m in matrices for e in m])

    for k in range(net.depth - 1):
        for unit in range(net.sizes[k + 1]):
            tau = flat(claim.tangent(net.weights, k, unit))
            claimed = flat(claim.hessian_times_tangent(claim.tangent(as_weights(gradient), k, unit)))
            for pattern in net.regions():
                where = f"{name}, unit {unit + 1} of layer {k + 1}, region {pattern}"
                yield f"{where}: grad L . tau = 0 (L is constant on the orbit)", \
                    net.on_region((gradient.T * tau)[0], pattern), 0
                product = H * tau
                for j, q in enumerate(theta):
                    yield f"{where}: (H tau)_{q} = claimed", _almost_everywhere(net.on_region(product[j], pattern)), \
                        net.on_region(claimed[j], pattern)


def _null_symbolic(claim, context):
    architectures = context.profile.pick(quick=[[2, 2, 1]], default=[[2, 2, 1], [1, 2, 2, 1]],
                                         thorough=[[2, 2, 1], [2, 3, 1], [1, 2, 2, 1]])
    return identities_check(
        (identity for sizes in architectures for identity in _null_identities(claim, sizes)), context,
        detail="{count} identities proved on every activation region of the nets "
        + ", ".join("-".join(map(str, s)) for s in architectures)
        + " (square loss, a symbolic datum): grad L . tau = 0 and H tau = -tau(grad L), both derived by SymPy; "
        "so H tau = 0 wherever grad L = 0",
    )


@st.composite
def _null_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=4, max_input=3))
    weights = draw(strategies.weights(sizes, bound=1.5))
    X, y = draw(strategies.datasets(sizes[0], max_size=5))
    k = draw(st.integers(0, len(sizes) - 3))
    unit = draw(st.integers(0, sizes[k + 1] - 1))
    return {"sizes": sizes, "weights": weights, "X": X, "y": y, "layer": k, "unit": unit}


def _null_numeric(claim, context):
    def example(instance):
        sizes, W, X, y = instance["sizes"], instance["weights"], instance["X"], instance["y"]
        k, unit = instance["layer"], instance["unit"]
        tau = nets.flatten(claim.tangent(W, k, unit))
        S, G, Habs = _magnitudes(W, X)
        m = 8 * (len(W) + 4) + tau.size + X.shape[0]
        parts = {}
        # At a critical point: y* = f(W; X) makes W a global minimum of the square loss (grad L = 0 exactly).
        # Elsewhere: the data y, where grad L != 0.
        for label, targets in (("critical point y* = f", nets.forward(W, X)), ("data y", y)):
            H = derivatives.loss_hessian(W, X, targets)
            gradient = nets.unflatten(derivatives.loss_gradient(W, X, targets), sizes)
            claimed = nets.flatten(claim.hessian_times_tangent(claim.tangent(gradient, k, unit)))
            scale = (np.einsum("ni,nj->ij", G, G) + ((np.abs(targets) + S)[:, None, None] * Habs).sum(axis=0))
            bound = 8 * gamma(m) * (scale @ np.abs(tau) + np.abs(G).T @ (np.abs(targets) + S)) + 1e-300
            parts[f"H tau vs claimed at the {label}"] = (H @ tau, claimed, bound)
        return worst_comparison(parts)

    return property_check(
        _null_instances(), example, context, tolerance=1.0,
        detail="|H tau - claimed| in units of its rounding bound (magnitudes of the absolute linear net); H and "
        "grad L from numerics.derivatives at a critical point (y* = f, a global minimum) and at the data; "
        "bias-free ReLU nets of depth 2-4, one hidden unit's orbit",
    )


RESCALING_NULL_DIRECTIONS = register(
    Theorem(
        id="hessian.rescaling_null_directions",
        title="At critical points of a ReLU network's loss, every rescaling orbit is a null direction of the Hessian",
        topic="hessian",
        kind="theorem",
        source=cite(POGGIO, 'slides "Global minima are degenerate" and "Dynamical Systems approach" '
                            '("degenerate equilibria")'),
        as_stated=r"\text{In the deep case, usually degenerate equilibria, degenerate Hessian}",
        statement=(
            r"Let $f$ be a bias-free ReLU network and $L$ a loss of its outputs. For hidden unit $i$ of layer $k$ "
            r"let $\tau(W)$ be the tangent of its rescaling orbit $c \mapsto (c\,W_k^{i\cdot}, W_{k+1}^{\cdot i}/c)$ "
            r"at $c = 1$: row $i$ of $W_k$ and minus column $i$ of $W_{k+1}$. Then, almost everywhere,",
            r"\[ \nabla L(W)^\top \tau(W) = 0, \qquad \nabla^2 L(W)\, \tau(W) = -D\tau^\top \nabla L(W), \]",
            r"so at every critical point $\nabla^2 L\, \tau = 0$: the Hessian has at least as many zero "
            r"eigenvalues as linearly independent orbit tangents, and no critical point is a strict minimum.",
        ),
        hypotheses=(
            Assumption(r"Bias-free ReLU network (with biases, the bias joins the incoming row); $\sigma'(0) = 0$, "
                       r"$\sigma'' = 0$: the almost-everywhere Hessian."),
            Assumption(r"The point is critical, $\nabla L(W) = 0$ (for the kernel statement)."),
        ),
        derivation=(
            Step(r"L(g_c W)", r"L(W)", r"homogeneity.rescaling\_symmetry, for all $c > 0$"),
            Step(r"\frac{d}{dc} L(g_c W) \Big|_{c=1}", r"\nabla L(W)^\top \tau(W) = 0", r"chain rule"),
            Step(r"\nabla_W \left(\nabla L(W)^\top \tau(W)\right)", r"\nabla^2 L\, \tau + D\tau^\top \nabla L = 0",
                 r"differentiate the identity in $W$; $\tau$ is linear in $W$"),
            Step(r"\nabla^2 L\, \tau \big|_{\nabla L = 0}", r"0", r"at a critical point"),
        ),
        errata=(
            r"``Usually degenerate'' is ``always degenerate'' for ReLU networks: every critical point carries the "
            r"rescaling orbits, whose tangents are null directions of the Hessian.",
            r"Away from critical points the orbit tangents are not null directions: $\nabla^2 L\,\tau = "
            r"-D\tau^\top\nabla L \ne 0$ in general.",
        ),
        references=(
            "L. Dinh, R. Pascanu, S. Bengio, Y. Bengio, \"Sharp minima can generalize for deep nets\", ICML 2017.",
            "Y. Cooper, \"The loss landscape of overparameterized neural networks\", arXiv:1804.10200, 2018.",
        ),
        claim=NullDirectionClaim(),
        symbolic=_null_symbolic,
        numeric=_null_numeric,
        mutants=(
            Mutant("everywhere", "H tau = 0 at every point, not only at critical points",
                   NullDirectionClaim(everywhere=True)),
            Mutant("wrong tangent", "the tangent taken as (row i of W_k, +column i of W_{k+1})",
                   NullDirectionClaim(outgoing_sign=1)),
        ),
    )
)

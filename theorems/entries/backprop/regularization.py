"""``backprop.regularization``: Weight decay, dropout and early stopping as explicit modifications of the objective."""

import itertools
from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp

from numerics import derivatives
from numerics.conventions import gamma
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["REGULARIZATION", "RegularizationClaim"]


@dataclass(frozen=True)
class RegularizationClaim:
    """Three regularisers as modifications of (S)GD: ``decayed(theta, g, lr, lam)`` is the step on
    ``L + lam ||theta||^2 / 2``; dropout with keep probability p adds ``dropout(p) sum_j w_j^2 x_j^2`` in
    expectation; early stopping after t steps of size lr acts like ridge with ``ridge(lr, t)``; ``adam_l2_is_adamw``
    says an L2 penalty under Adam is the same as decoupled weight decay."""

    decayed: Callable = lambda theta, g, lr, lam: (1 - lr * lam) * theta - lr * g  # noqa: E731
    dropout: Callable = lambda p: (1 - p) / p  # noqa: E731
    ridge: Callable = lambda lr, t: 1 / (lr * t)  # noqa: E731
    adam_l2_is_adamw: bool = False


def _adam_first_step(g, theta, lr, lam, decoupled):
    """The first Adam step (bias-corrected: m = g, v = g^2) with an L2 penalty or with decoupled decay."""
    if decoupled:
        return theta - lr * g / abs(g) - lr * lam * theta
    h = g + lam * theta
    return theta - lr * h / abs(h)


def _regularization_symbolic(claim, context):
    theta, g, lr, lam = sp.symbols("theta g eta lambda", real=True)
    p = sp.Symbol("p", positive=True)
    y, w, x = sp.Symbol("y", real=True), sp.symbols("w1:4", real=True), sp.symbols("x1:4", real=True)
    masks = list(itertools.product((0, 1), repeat=3))
    prob = lambda m: sp.prod([p if mj else 1 - p for mj in m])  # noqa: E731
    expected = sum(prob(m) * (y - sum(mj / p * wj * xj for mj, wj, xj in zip(m, w, x))) ** 2 for m in masks)
    plain = (y - sum(wj * xj for wj, xj in zip(w, x))) ** 2
    # early stopping against ridge, exactly at eta = 1/100, t = 10, eigenvalue s = 10 (eta s t = 1)
    eta, t, s = sp.Rational(1, 100), 10, 10
    gd, ridge = 1 - (1 - eta * s) ** t, s / (s + claim.ridge(eta, t))
    theta0, g0 = sp.Rational(1, 2), sp.Rational(-1, 10)
    adam_same = _adam_first_step(g0, theta0, eta, 1, False) == _adam_first_step(g0, theta0, eta, 1, True)
    return identities_check([
        ("weight decay: theta - eta (g + lambda theta) = the claimed step", theta - lr * (g + lam * theta),
         claim.decayed(theta, g, lr, lam)),
        ("dropout (keep p, inverted scaling), d = 3: E_m (y - sum m_j w_j x_j / p)^2 - (y - w.x)^2",
         expected - plain, claim.dropout(p) * sum(wj**2 * xj**2 for wj, xj in zip(w, x))),
        ("early stopping within a factor 2 of the claimed ridge: 1 <= filter ratio <= 2 at eta s t = 1",
         sp.Integer(bool(1 <= gd / ridge <= 2)), 1),
        ("Adam with an L2 penalty against AdamW, first step at theta = 1/2, g = -1/10, lambda = 1",
         sp.Integer(bool(adam_same) == claim.adam_l2_is_adamw), 1),
    ], context, detail="{count} identities proved: the weight-decay step (1 - eta lambda) theta - eta g; the dropout "
                       "penalty ((1 - p)/p) sum w_j^2 x_j^2 exactly over all 2^3 masks; the early-stopping filter "
                       "1 - (1 - eta s)^t within a factor 2 of the ridge filter s/(s + lambda) with lambda = "
                       "1/(eta t); Adam with L2 differs from AdamW")


def _regularization_numeric(claim, context):
    rng = context.rng("regularization")
    parts, notes = {}, []
    # weight decay: gradient steps on L + lam ||theta||^2 / 2 (gradient by numerics) against the claimed form
    X, y = rng.standard_normal((20, 4)), rng.standard_normal(20)
    theta, lr, lam = rng.standard_normal(4), 0.01, 0.3
    g = derivatives.loss_gradient([theta[None, :]], X, y, activation="linear")
    full = derivatives.loss_gradient([theta[None, :]], np.sqrt(lam / 2) * np.eye(4), np.zeros(4), activation="linear")
    step = theta - lr * (g + full)
    parts["weight decay step"] = (claim.decayed(theta, g, lr, lam), step,
                                  gamma(8) * (np.abs(theta) + lr * (np.abs(g) + lam * np.abs(theta))))
    # dropout, d = 4: every mask enumerated
    d, p = 4, 0.8
    w, x, target = rng.standard_normal(d), rng.standard_normal(d), rng.standard_normal()
    masks = np.array(list(itertools.product((0, 1), repeat=d)), dtype=float)
    probs = np.prod(np.where(masks == 1, p, 1 - p), axis=1)
    expected = probs @ (target - masks @ (w * x) / p) ** 2
    claimed = (target - w @ x) ** 2 + claim.dropout(p) * np.sum(w**2 * x**2)
    parts["dropout expectation over 2^4 masks"] = (expected, claimed, gamma(64) * (abs(target) + np.abs(w * x).sum()
                                                                                    / p) ** 2)
    notes.append(f"dropout (p = {p}): E = {expected:.12f}, claimed {claimed:.12f}")
    # early stopping: GD from 0 on least squares, t steps, against ridge with the claimed lambda, per eigendirection
    A = rng.standard_normal((30, 6)) * np.array([3.0, 1.0, 0.5, 0.2, 0.05, 0.01])
    b = rng.standard_normal(30)
    H = A.T @ A
    eta = 0.5 / np.linalg.eigvalsh(H).max()
    ratios = []
    for t in (5, 50, 500):
        beta = np.zeros(6)
        for _ in range(t):
            beta -= eta * (H @ beta - A.T @ b)
        ridge = np.linalg.solve(H + claim.ridge(eta, t) * np.eye(6), A.T @ b)
        s, V = np.linalg.eigh(H)
        ratios.append((V.T @ beta) / (V.T @ ridge))
    ratios = np.concatenate(ratios)
    parts["early stopping: GD / ridge coefficient ratios in [1, 2]"] = (
        np.maximum(np.maximum(1 - ratios, ratios - 2), 0), 0.0, 1e-9)
    notes.append(f"early stopping / ridge coefficient ratios in [{ratios.min():.4f}, {ratios.max():.4f}] "
                 "(t = 5, 50, 500)")
    # Adam with L2 against AdamW over 20 steps on a quadratic: they differ
    def adam(decoupled, steps=20, lr_=0.05, lam_=0.5):
        th, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
        scale = np.array([1.0, 10.0])
        for k in range(1, steps + 1):
            grad = scale * th + (0 if decoupled else lam_ * th)
            m, v = 0.9 * m + 0.1 * grad, 0.999 * v + 0.001 * grad**2
            th = th - lr_ * (m / (1 - 0.9**k)) / (np.sqrt(v / (1 - 0.999**k)) + 1e-8) - (lr_ * lam_ * th if
                                                                                           decoupled else 0)
        return th
    gap = float(np.abs(adam(True) - adam(False)).max())
    parts["Adam + L2 against AdamW (as claimed)"] = (float((gap < 1e-12) == claim.adam_l2_is_adamw), 1.0, 0.5)
    notes.append(f"Adam + L2 and AdamW differ by {gap:.3g} after 20 steps")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "; ".join(notes), examples=1 + 16 + 18 + 2, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


REGULARIZATION = register(Theorem(
    id="backprop.regularization",
    title="Weight decay, dropout and early stopping as explicit modifications of the objective",
    topic="backprop",
    kind="theorem",
    source=cite(SEANCE, 'slide "Regularization in deep learning and why DL theory is difficult"'),
    as_stated=(r"\begin{gathered}\text{Implicit in the objective, but lots of engineering tricks: weight decay, "
               r"weight sharing,} \\ \text{early stopping, model averaging, dropout, data augmentation, adversarial "
               r"training}\end{gathered}"),
    statement=(
        r"(i) For (S)GD, weight decay is the $\ell_2$ penalty: $\theta - \eta(\nabla L + \lambda\theta) = "
        r"(1 - \eta\lambda)\theta - \eta \nabla L$; under Adam the two differ (AdamW). (ii) Dropout on a linear "
        r"model with keep probability $p$ and inverted scaling adds, in expectation over the masks,",
        r"\[ \mathbb{E}_m \Big(y - \sum_j \frac{m_j}{p} w_j x_j\Big)^2 = (y - w^\top x)^2 + \frac{1 - p}{p} "
        r"\sum_j w_j^2 x_j^2. \]",
        r"(iii) Gradient descent from 0 on least squares, stopped after $t$ steps of size $\eta$ "
        r"($\eta \lambda_{\max} < 1$), has in each eigendirection of $X^\top X$ the filter "
        r"$1 - (1 - \eta s)^t$, within a factor 2 of ridge's $s/(s + \lambda)$ with $\lambda = 1/(\eta t)$.",
    ),
    hypotheses=(
        Assumption(r"(ii): a linear model and independent masks; (iii): least squares, $0 < \eta s < 1$."),
    ),
    derivation=(
        Step(r"\mathbb{E}_m \Big(y - \sum_j \frac{m_j}{p} w_j x_j\Big)^2", r"(y - w^\top x)^2 + \sum_j "
             r"\operatorname{Var}\Big(\frac{m_j}{p}\Big) w_j^2 x_j^2", r"$\mathbb{E}\, m_j/p = 1$, independent "
             r"masks"),
        Step(r"\operatorname{Var}(m_j/p)", r"\frac{p(1 - p)}{p^2} = \frac{1 - p}{p}", r"Bernoulli($p$)"),
        Step(r"\frac{x}{1 + x}", r"\le 1 - e^{-x} \le 1 - (1 - x/t)^t \le \min(1, x)", r"with $x = \eta s t$: "
             r"$e^x \ge 1 + x$ and Bernoulli's inequality; the ratio to $x/(1 + x)$ is then in $[1, 2]$"),
    ),
    errata=(
        r"``Implicit in the objective'' is inaccurate for weight decay and data augmentation, which modify the "
        r"objective explicitly; dropout and early stopping act as regularisers only approximately (in "
        r"expectation, to a factor 2).",
    ),
    references=("N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever, R. Salakhutdinov, \"Dropout\", JMLR 15 "
                "(2014) 1929-1958, Section 9.1.", "I. Loshchilov, F. Hutter, \"Decoupled weight decay "
                "regularization\", ICLR 2019.", "Y. Yao, L. Rosasco, A. Caponnetto, \"On early stopping in gradient "
                "descent learning\", Constr. Approx. 26 (2007) 289-315."),
    claim=RegularizationClaim(),
    symbolic=_regularization_symbolic,
    numeric=_regularization_numeric,
    mutants=(
        Mutant("decay without eta", "(1 - lambda) theta - eta g",
               RegularizationClaim(decayed=lambda theta, g, lr, lam: (1 - lam) * theta - lr * g)),
        Mutant("p/(1 - p)", "the dropout penalty p/(1 - p)", RegularizationClaim(dropout=lambda p: p / (1 - p))),
        Mutant("lambda = eta t", "ridge with lambda = eta t", RegularizationClaim(ridge=lambda lr, t: lr * t)),
        Mutant("Adam + L2 = AdamW", "an L2 penalty under Adam is weight decay",
               RegularizationClaim(adam_l2_is_adamw=True)),
    ),
))

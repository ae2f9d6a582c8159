"""``backprop.erm_sgd``: Empirical risk minimisation and SGD as the lecture defines them, with their index slips."""

import itertools
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp

from numerics import derivatives, nets
from numerics.conventions import UNIT_ROUNDOFF, gamma
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.backprop.references import GOODFELLOW
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["ERMClaim", "ERM_SGD"]


@dataclass(frozen=True)
class ERMClaim:
    """ERM as the lecture defines it: ``empirical(losses)`` is L_n(h) (the mean); ``optimistic`` says that the
    training risk of the ERM minimiser underestimates its risk in expectation; ``convex`` that the training
    objective of a network is convex; ``sample(t, n, rng)`` is the index of the example SGD uses at step t."""

    empirical: Callable = lambda losses: sum(losses) / len(losses)  # noqa: E731
    optimistic: bool = True
    convex: bool = False
    sample: Callable = lambda t, n, rng: int(rng.integers(n))  # noqa: E731


_DOMAIN = (0, 1, 2, 3)  # a finite example: 4 points, 5 threshold classifiers


def _erm_tables():
    """P(x), P(y = 1 | x) on the 4-point domain and the losses of the 5 thresholds h_c(x) = [x >= c], exact."""
    px = [sp.Rational(1, 4)] * 4
    py = [sp.Rational(1, 5), sp.Rational(3, 5), sp.Rational(2, 5), sp.Rational(4, 5)]
    thresholds = range(5)
    return px, py, thresholds


def _erm_symbolic(claim, context):
    p, l0, l1 = sp.symbols("p ell_0 ell_1", positive=True)
    n = 3
    samples = list(itertools.product((0, 1), repeat=n))
    weight = lambda s: sp.prod([p if v == 0 else 1 - p for v in s])  # noqa: E731
    expected = sum(weight(s) * claim.empirical([l0 if v == 0 else l1 for v in s]) for s in samples)
    # ERM on the finite class: expected training risk of the minimiser against the smallest true risk, exactly
    px, py, thresholds = _erm_tables()
    risk = {c: sum(px[x] * (py[x] if x < c else 1 - py[x]) for x in _DOMAIN) for c in thresholds}
    pairs = [(x, y, px[x] * (py[x] if y else 1 - py[x])) for x in _DOMAIN for y in (0, 1)]
    optimism = 0
    m = 2
    for draw_ in itertools.product(pairs, repeat=m):
        prob = sp.prod([w for _, _, w in draw_])
        train = {c: claim.empirical([sp.Integer(int((x >= c) != y)) for x, y, _ in draw_]) for c in thresholds}
        best = min(train.values())
        chosen = min(c for c in thresholds if train[c] == best)
        optimism += prob * (risk[chosen] - train[chosen])
    a, b = sp.symbols("a b", real=True)
    f = (a * b - 1) ** 2
    midpoint_gap = f.subs({a: 0, b: 0}) - (f.subs({a: 1, b: 1}) + f.subs({a: -1, b: -1})) / 2
    hessian = sp.hessian(f, (a, b)).subs({a: 0, b: 0}).eigenvals(multiple=True)
    return identities_check([
        ("E L_n(h) = L(h) for a fixed h (2-point loss distribution, all 2^3 samples)", expected,
         p * l0 + (1 - p) * l1),
        ("ERM is optimistic: E[L(h_n) - L_n(h_n)] > 0 (5 thresholds, 4 points, all samples of size 2)",
         sp.Integer(bool(optimism > 0) == claim.optimistic), 1),
        ("(ab - 1)^2 at the midpoint of its minima (1, 1), (-1, -1) exceeds their mean (not convex)",
         sp.Integer(bool(midpoint_gap > 0) != claim.convex), 1),
        ("the Hessian of (ab - 1)^2 at (0, 0) has the eigenvalue -2", min(hessian), -2),
        ("the Hessian of (ab - 1)^2 at (0, 0) has the eigenvalue 2", max(hessian), 2),
        ("SGD's example index stays in {0, ..., n - 1} for 2n steps (n = 5)",
         sp.Integer(all(0 <= claim.sample(t, 5, np.random.default_rng(t)) < 5 for t in range(10))), 1),
    ], context, detail="{count} identities proved: E L_n(h) = p l_0 + (1 - p) l_1 exactly over all 2^3 samples; "
                       f"ERM on 5 thresholds of a 4-point domain is optimistic by exactly {optimism} "
                       "(samples of size 2); (ab - 1)^2 is 1 at the midpoint of its minima (1, 1) and (-1, -1), a "
                       "strict saddle with Hessian eigenvalues -2, 2 (not convex)")


def _erm_numeric(claim, context):
    parts, notes = {}, []
    # (a) exact enumeration on a finite distribution: the mean of L_n(h) over all samples is L(h)
    rng = context.rng("erm")
    losses, probs = rng.uniform(0, 3, 5), rng.dirichlet(np.ones(5))
    n = 4
    mean = sum(np.prod(probs[list(s)]) * claim.empirical(list(losses[list(s)]))
               for s in itertools.product(range(5), repeat=n))
    parts["E L_n(h) over all 5^4 samples against L(h)"] = (mean, probs @ losses, gamma(5**4 * (n + 2)) * 3)
    notes.append(f"E L_n(h) = {mean:.15f} against L(h) = {probs @ losses:.15f} (5^4 samples)")
    # a permutation of hidden units maps a global minimum to another; the midpoint is worse
    W = [rng.standard_normal((3, 2)), rng.standard_normal((1, 3))]
    X = rng.standard_normal((20, 2))
    y = nets.forward(W, X, activation="tanh")
    swapped = [W[0][[1, 0, 2]], W[1][:, [1, 0, 2]]]
    middle = [(u + v) / 2 for u, v in zip(W, swapped)]
    values = [derivatives.loss(w, X, y, activation="tanh") for w in (W, swapped, middle)]
    convex_violated = values[2] > 1e3 * UNIT_ROUNDOFF * (1 + np.abs(y).sum() ** 2)
    parts["a 2-3-1 tanh net's loss is not convex (teacher, permuted teacher, midpoint)"] = (
        float(convex_violated != claim.convex), 1.0, 0.5)
    notes.append(f"2-3-1 tanh teacher: loss {values[0]:.2g} at the teacher and {values[1]:.2g} at its permutation, "
                 f"{values[2]:.5f} at the midpoint")
    # SGD needs a random (or cyclic) index; the slide's theta_(i+1) = theta_i - eta grad l_i(theta_i) runs out
    Xl, yl = rng.standard_normal((8, 3)), rng.standard_normal(8)
    theta = np.zeros(3)
    steps = 400
    try:
        for t in range(steps):
            i = claim.sample(t, len(yl), rng)
            theta = theta - 0.05 * 2 * (Xl[i] @ theta - yl[i]) * Xl[i]
        least = np.linalg.lstsq(Xl, yl, rcond=None)[0]
        gap = float(np.mean((Xl @ theta - yl) ** 2) - np.mean((Xl @ least - yl) ** 2))
    except IndexError:
        gap = math.inf
    # constant-step SGD hovers near the minimiser: its excess training risk stays small
    parts["SGD with the claimed index runs 400 steps on 8 examples (excess risk <= 0.05)"] = (
        max(gap - 0.05, 0.0), 0.0, 1e-12)
    notes.append(f"SGD, 400 steps on 8 examples: excess training risk {gap:.4f}")
    # (b) ERM's optimism, in floating point on a random finite problem: 6 thresholds on 5 points, samples of 3
    px, py = rng.dirichlet(np.ones(5)), rng.uniform(0.1, 0.9, 5)
    risk = np.array([px @ np.where(np.arange(5) < c, py, 1 - py) for c in range(6)])
    pairs = [(x, y, px[x] * (py[x] if y else 1 - py[x])) for x in range(5) for y in (0, 1)]
    optimism = 0.0
    for sample in itertools.product(pairs, repeat=3):
        train = [claim.empirical([float((x >= c) != y) for x, y, _ in sample]) for c in range(6)]
        chosen = int(np.argmin(train))
        optimism += np.prod([w for _, _, w in sample]) * (risk[chosen] - train[chosen])
    parts["ERM's expected optimism E[L(h_n) - L_n(h_n)] > 0 (as claimed or not)"] = (
        float((optimism > 1e-12) == claim.optimistic), 1.0, 0.5)
    notes.append(f"ERM on 6 thresholds, 5 points, samples of 3: expected optimism {optimism:.4f}")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "; ".join(notes), examples=5**4 + 3 + steps + 10**3, max_error=error,
                       tolerance=1.0, counterexample=None if error <= 1.0 else witness)


ERM_SGD = register(Theorem(
    id="backprop.erm_sgd",
    title="Empirical risk minimisation and SGD as the lecture defines them, with their index slips",
    topic="backprop",
    kind="definition",
    source=cite(SEANCE, 'slides "Supervised machine learning - Setup" and "Deep Feedforward Network"; '
                        'also T. Poggio, "Theory of Deep Learning", slide "Gradient descent"'),
    as_stated=(r"\begin{gathered}(X_1, Y_1), \dots, (X_1, Y_1), \quad \hat L_n(h) = \frac1n \sum_{i=1}^n "
               r"\ell(h(X_i), Y_i); \quad \min_\theta \frac1n \sum_{i=1}^n \ell(h(X_i, \theta), Y_i) \text{ (far from "
               r"convex)}; \\ \theta_{i+1} = \theta_i - \eta \frac{\partial \ell(h(X_i, \theta), Y_i)}{\partial "
               r"\theta}(\theta_i); \quad \operatorname{argmin}_w \sum_i \ell(z_i, f(x_i; w)) = L(w)\end{gathered}"),
    statement=(
        r"Let $(X_1, Y_1), \dots, (X_n, Y_n)$ be i.i.d. from $P$. For each fixed $h$, $\hat L_n(h) = \frac1n "
        r"\sum_i \ell(h(X_i), Y_i)$ is an unbiased estimate of $L(h) = \mathbb{E}\,\ell(h(X), Y)$; the ERM "
        r"minimiser $\hat h \in \operatorname{argmin}_{h \in \mathcal{H}} \hat L_n(h)$ (a set) is optimistic, "
        r"$\mathbb{E}\,\hat L_n(\hat h) \le \min_{\mathcal{H}} L \le \mathbb{E}\, L(\hat h)$. The training "
        r"objective of a network is not convex in $\theta$ (permuting hidden units maps minima to minima). SGD "
        r"is $\theta_{t+1} = \theta_t - \eta_t \nabla_\theta \ell(h(X_{I_t}, \theta_t), Y_{I_t})$ with $I_t$ "
        r"uniform on $\{1, \dots, n\}$ (or a reshuffled cycle).",
    ),
    hypotheses=(
        Assumption(r"The data are i.i.d.; the unbiasedness is for a fixed $h$, not for the data-dependent "
                   r"$\hat h$."),
    ),
    derivation=(
        Step(r"\mathbb{E}\, \hat L_n(h)", r"\frac1n \sum_{i=1}^n \mathbb{E}\, \ell(h(X_i), Y_i) = L(h)",
             r"linearity, identically distributed examples"),
        Step(r"\mathbb{E}\, \hat L_n(\hat h)", r"\le \mathbb{E}\, \hat L_n(h^*_{\mathcal{H}}) = "
             r"\min_{\mathcal{H}} L", r"$\hat h$ minimises $\hat L_n$"),
    ),
    errata=(
        r"The data are listed as $(X_1, Y_1), \dots, (X_1, Y_1)$: the last pair is $(X_n, Y_n)$; the i.i.d. "
        r"hypothesis is not stated.",
        r"$\theta_{i+1} = \theta_i - \eta\, \partial_\theta \ell(h(X_i, \theta), Y_i)$ uses one index for the step "
        r"and the example: it makes one pass and stops at $i = n$. The example index must be $I_t$, random or "
        r"cyclic; and no step-size condition is given.",
        r"``$\operatorname{argmin}_w \sum_i \ell = L(w)$'' equates a set of minimisers with the objective: "
        r"define $L(w) := \sum_i \ell(y_i, f(x_i; w))$ and seek $w^* \in \operatorname{argmin} L$.",
        r"The minimal expected training risk of ERM is not the risk: $\mathbb{E}\,\hat L_n(\hat h)$ is optimistic.",
    ),
    references=("V. N. Vapnik, Statistical Learning Theory, Wiley 1998.", "H. Robbins, S. Monro, \"A stochastic "
                "approximation method\", Ann. Math. Statist. 22 (1951) 400-407.", GOODFELLOW),
    claim=ERMClaim(),
    symbolic=_erm_symbolic,
    numeric=_erm_numeric,
    mutants=(
        Mutant("1/(n - 1)", "L_n(h) normalised by n - 1", ERMClaim(empirical=lambda ls: sum(ls) / (len(ls) - 1),
                                                                    optimistic=False)),
        Mutant("sum", "L_n(h) as the sum of the losses", ERMClaim(empirical=lambda ls: sum(ls), optimistic=False)),
        Mutant("unbiased at h_n", "E L_n(h_n) = E L(h_n): no optimism", ERMClaim(optimistic=False)),
        Mutant("convex", "the training objective is convex", ERMClaim(convex=True)),
        Mutant("sample index = step", "theta_(i+1) uses example i at step i",
               ERMClaim(sample=lambda t, n, rng: t)),
    ),
))

"""``capacity.model_selection``:

The design problem: selecting an architecture on hold-out data, with its union bound.
"""

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from theorems.checks import identities_check
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.capacity.references import MOHRI
from theorems.entries.capacity.symbols import _N, _delta
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["MODEL_SELECTION", "SelectionClaim"]

_T, _eps = sp.Symbol("T", integer=True, positive=True), sp.Symbol("epsilon", positive=True)


@dataclass(frozen=True)
class SelectionClaim:
    """Hold-out selection among T models on n validation points: w.p. at least ``1 - delta``,
    ``L(selected) <= min_t L(t) + bound(T, n, delta)`` (losses in [0, 1])."""

    bound: sp.Expr = 2 * sp.sqrt(sp.log(2 * _T / _delta) / (2 * _N))

    def value(self, T, n, delta):
        return float(self.bound.subs({_T: T, _N: n, _delta: delta}))


def _selection_symbolic(claim, context):
    # Hoeffding for each model (two tails) and a union over the T models: 2 T exp(-2 n eps^2) = delta.
    eps = [s for s in sp.solve(sp.Eq(2 * _T * sp.exp(-2 * _N * _eps**2), _delta), _eps) if s.is_positive is not False]
    return identities_check([("bound = 2 eps, eps solving 2 T exp(-2 n eps^2) = delta", claim.bound, 2 * eps[0])],
                            context, detail="{count} identity proved: the bound is twice the solution eps > 0 of "
                            "2 T exp(-2 n eps^2) = delta (Hoeffding, union bound over T models; SymPy solve), since "
                            "L(t*) <= L_val(t*) + eps <= L_val(t_best) + eps <= L(t_best) + 2 eps")


def _selection_numeric(claim, context):
    T, n, delta = 50, 1000, 0.05
    risks = 0.3 + 0.002 * np.arange(T)
    bound = claim.value(T, n, delta)
    trials = context.profile.pick(quick=400, default=1000, thorough=10_000)
    validation = context.rng("validation").binomial(n, risks, size=(trials, T)) / n  # L_val of each model
    excess = risks[np.argmin(validation, axis=1)] - risks.min()
    uniform = np.abs(validation - risks).max(axis=1)
    rates = {"L(selected) - min L > bound": float(np.mean(excess > bound)),
             "max_t |L_val(t) - L(t)| > bound / 2": float(np.mean(uniform > bound / 2))}
    allowed = delta + 3 * math.sqrt(delta * (1 - delta) / trials)
    worst = max(rates.values())
    equal = context.rng("bias").binomial(n, 0.3, size=(trials, T)).min(axis=1) / n
    detail = (f"{trials} validation sets, T = {T} models with risks 0.300..0.398, n = {n}, delta = {delta}: failure "
              f"rates {rates} against delta (allowed delta + 3 s.e. = {allowed:.4f}), bound {bound:.4f}; selection "
              f"bias with T equal risks 0.3: E min_t L_val(t) = {equal.mean():.4f}")
    return CheckResult(worst <= allowed, detail, examples=trials, max_error=worst, tolerance=allowed,
                       counterexample=None if worst <= allowed else {"rates": rates, "bound": bound})


MODEL_SELECTION = register(Theorem(
    id="capacity.model_selection",
    title="The design problem: selecting an architecture on hold-out data, with its union bound",
    topic="capacity",
    kind="bound",
    source=cite(SEANCE, 'slides "The design problem (1/2), (2/2)"'),
    as_stated=r"\min_T \hat L(\hat f_T)",
    statement=(
        r"For a finite set $\mathcal{T}$ of architectures, each trained on the training set, and a loss in "
        r"$[0, 1]$, the architecture $T^\star$ minimising the hold-out risk on $n_v$ fresh points satisfies, with "
        r"probability at least $1 - \delta$,",
        r"\[ L(\hat f_{T^\star}) \le \min_{T \in \mathcal{T}} L(\hat f_T) + "
        r"2\sqrt{\frac{\ln(2|\mathcal{T}|/\delta)}{2 n_v}}. \]",
        r"The minimum of the hold-out risks is itself biased low (selection bias).",
    ),
    hypotheses=(
        Assumption(r"The hold-out points are independent of the training set and of each other."),
        Assumption(r"$\hat L$ is the hold-out risk; with the training risk, the largest model is selected."),
    ),
    derivation=(
        Step(r"\mathbb{P}\Big(\max_T |\hat L_{val}(T) - L(T)| > \varepsilon\Big)",
             r"\le 2|\mathcal{T}| e^{-2 n_v \varepsilon^2}", r"Hoeffding for each $T$, union bound"),
        Step(r"L(T^\star)", r"\le \hat L_{val}(T^\star) + \varepsilon \le \hat L_{val}(T_{best}) + \varepsilon \le "
             r"L(T_{best}) + 2\varepsilon", r"on the complement event; $T^\star$ minimises $\hat L_{val}$"),
    ),
    errata=(
        r"Notation clash: $\hat L$ here must be a hold-out risk, not the training risk $\hat L_n$ of the ERM "
        r"slides; with the training risk the argmin picks the largest model.",
        r"``Nonconvex, nonsmooth'': $T$ is largely discrete; the problem is combinatorial and convexity is "
        r"undefined.",
        r"Minimising the hold-out estimate is optimistically biased (selection bias): report a fresh test risk.",
    ),
    references=(MOHRI, "W. Hoeffding, \"Probability inequalities for sums of bounded random variables\", J. Amer. "
                "Statist. Assoc. 58 (1963) 13-30."),
    claim=SelectionClaim(),
    symbolic=_selection_symbolic,
    numeric=_selection_numeric,
    mutants=(
        Mutant("no log |T|", "bound 2 sqrt(ln(2/delta) / (2 n)): the union over models dropped",
               SelectionClaim(2 * sp.sqrt(sp.log(2 / _delta) / (2 * _N)))),
        Mutant("no square root", "bound 2 ln(2 T/delta) / (2 n)",
               SelectionClaim(2 * sp.log(2 * _T / _delta) / (2 * _N))),
    ),
))

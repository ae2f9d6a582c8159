"""``stochastic.sgd_noise_unbiased``:

Minibatch gradient noise has conditional mean zero when the empirical risk is a mean.
"""

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import stochastic
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.stochastic.minibatches import _batches, _gradient_sets, _symbolic_gradients
from theorems.entries.stochastic.references import MANDT, ZHANG
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POGGIO, cite

__all__ = ["SGD_NOISE_UNBIASED", "UnbiasedNoiseClaim"]


@dataclass(frozen=True)
class UnbiasedNoiseClaim:
    """``xi = grad V(f, z_t) - grad I_S(f)`` has mean zero, with the minibatch gradient the `batch` reduction
    ("mean" or "sum") of per-example gradients and ``I_S`` the `empirical` reduction over the sample."""

    batch: str = "mean"
    empirical: str = "mean"

    def minibatch(self, values):
        return sum(values) / (len(values) if self.batch == "mean" else 1)

    def full(self, values):
        return sum(values) / (len(values) if self.empirical == "mean" else 1)


def _unbiased_symbolic(claim, context):
    def identities():
        for n, b in ((5, 2), (4, 3), (6, 1)):
            g = _symbolic_gradients(n)
            for replacement in (False, True):
                batches = _batches(n, b, replacement)
                mean = sum(claim.minibatch([g[i] for i in batch]) for batch in batches) / len(batches)
                yield (f"E xi = 0, n = {n}, B = {b}, {'with' if replacement else 'without'} replacement "
                       f"(all {len(batches)} batches)", sp.expand(mean - claim.full(g)), 0)

    return identities_check(identities(), context, detail="{count} identities proved: the average of xi over every "
                            "minibatch (subsets without replacement, ordered draws with) of symbolic per-example "
                            "gradients g_0..g_(n-1) is exactly 0; given the past, the batch is drawn afresh, so "
                            "E[xi_t | F_t] = 0 (a martingale difference)")


def _unbiased_numeric(claim, context):
    def example(instance):
        G, b, replacement = instance["G"], instance["b"], instance["replacement"]
        n = len(G)
        batches = _batches(n, b, replacement)
        means = np.array([claim.minibatch([G[i] for i in batch]) for batch in batches])
        xi = means.mean(axis=0) - claim.full(list(G))
        # mean over batches of means over b: sums of <= n b + n terms of size <= max|g|
        bound = 2 * gamma(2 * n * b + 2 * n) * np.abs(G).max() * max(b, n)
        exact = stochastic.minibatch_moments(G, b, replacement=replacement, method="enumerate").mean
        return worst_comparison({"E xi": (xi, 0.0, bound),
                                 "E minibatch gradient against minibatch_moments": (means.mean(axis=0), exact,
                                                                                     bound)})

    result = property_check(_gradient_sets(), example, context, tolerance=1.0, detail="|E xi| over every minibatch "
                            "in units of its float64 rounding bound; n = 2..7 examples, d = 1..3, B = 1..4, with and "
                            "without replacement, scales 1e-3..1e3")
    if not result.passed:
        return result
    # Monte Carlo on a least-squares problem: n = 50, d = 3, B = 5, 10^5 draws, |mean| <= 4 s.e.
    rng = context.rng("least squares")
    X, y, w = rng.standard_normal((50, 3)), rng.standard_normal(50), rng.standard_normal(3)
    G = (X @ w - y)[:, None] * X  # per-example gradients of (x.w - y)^2 / 2
    draws = context.profile.pick(quick=20_000, default=100_000, thorough=1_000_000)
    batches = np.argsort(rng.random((draws, 50)), axis=1)[:, :5]  # uniform 5-subsets
    xi = (G[batches].mean(axis=1) if claim.batch == "mean" else G[batches].sum(axis=1)) - claim.full(list(G))
    z = np.abs(xi.mean(axis=0)) / (xi.std(axis=0, ddof=1) / math.sqrt(draws))
    passed = bool(z.max() <= 4)
    detail = (result.detail + f"; Monte Carlo: least squares n = 50, d = 3, B = 5 without replacement, {draws} draws: "
              f"|mean xi| / s.e. = {np.round(z, 2).tolist()} (tolerance 4)")
    return CheckResult(passed, detail, examples=result.examples + draws, max_error=max(result.max_error, z.max() / 4),
                       tolerance=1.0, counterexample=None if passed else {"z": z.tolist()})


SGD_NOISE_UNBIASED = register(Theorem(
    id="stochastic.sgd_noise_unbiased",
    title="Minibatch gradient noise has conditional mean zero when the empirical risk is a mean",
    topic="stochastic",
    kind="identity",
    source=cite(POGGIO, 'slide "SGD"'),
    as_stated=(r"\begin{gathered}\xi_t = \nabla V(f_t, z_t) - \nabla I_{S_n}(f_t), \quad \mathbb{E}\,\xi_t = 0, \\ "
               r"f_{t+1} = f_t - \gamma_t(\nabla I_{S_n}(f_t) + \xi_t)\end{gathered}"),
    statement=(
        r"Let $I_{S_n}(f) = \frac1n \sum_{z \in S_n} V(f, z)$ (the empirical mean) and let the minibatch $z_t$ of "
        r"size $B$ be drawn uniformly, with or without replacement, independently of the past $\mathcal{F}_t$. "
        r"With $\nabla V(f, z_t) = \frac{1}{B}\sum_{z \in z_t} \nabla V(f, z)$,",
        r"\[ \mathbb{E}[\xi_t \mid \mathcal{F}_t] = 0, \]",
        r"so $\xi_t$ is a martingale difference; it is neither Gaussian nor isotropic, and its covariance "
        r"depends on $f_t$ (stochastic.sgd\_noise\_covariance).",
    ),
    hypotheses=(
        Assumption(r"$I_{S_n}$ is the mean, not the sum, of the per-example losses, and the minibatch gradient is "
                   r"the mean over the batch."),
        Assumption(r"Uniform sampling (non-uniform sampling needs importance weights), independent of the past."),
    ),
    derivation=(
        Step(r"\mathbb{E}\Big[\frac1B \sum_{i \in z_t} g_i\Big]", r"\frac1n \sum_{i=1}^n g_i",
             r"each example appears in a fraction $B/n$ of the batches (or is drawn with probability $1/n$)"),
    ),
    errata=(
        r"``Equation 6'' dangles: no numbered equation on the slides.",
        r"The expectation must be conditional on $\mathcal{F}_t$, and zero mean needs $I_{S_n}$ to be the mean "
        r"loss and uniform sampling; with $I_{S_n}$ the sum, $\mathbb{E}\,\xi = -(1 - 1/n)\sum_i g_i \ne 0$.",
    ),
    references=(ZHANG, MANDT),
    claim=UnbiasedNoiseClaim(),
    symbolic=_unbiased_symbolic,
    numeric=_unbiased_numeric,
    mutants=(
        Mutant("I_S as a sum", "the empirical risk as the sum of the losses", UnbiasedNoiseClaim(empirical="sum")),
        Mutant("minibatch sum", "the minibatch gradient as a sum over the batch, as the slide ``SGD'' writes it",
               UnbiasedNoiseClaim(batch="sum")),
    ),
))

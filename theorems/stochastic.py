"""Stochastic dynamics: SGD noise, SGD as an SDE, Langevin dynamics, Fokker-Planck, Gibbs masses, smoothing.

Sources: Poggio, "Theory of Deep Learning", slides "Langevin equation", "SGD",
"GDL selects larger volume minima", and the post "Recent Advances for a Better
Understanding of Deep Learning", section "Why does SGD converge (or not)?".  Conventions, fixed here and in :mod:`numerics.stochastic`: the Langevin
noise is ``sqrt(2 T) dB``, so that ``exp(-V/T)`` is stationary; one SGD step of
size ``lr`` is ``lr`` units of time; minibatch noise has covariance ``C / B``
with replacement and ``(n - B) / (B (n - 1)) C`` without.  Every Monte-Carlo
check has an explicit seed (derived from the run's) and a tolerance from its
standard error.
"""

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import stochastic
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POGGIO, POST, cite

__all__ = ["FOKKER_PLANCK_STATIONARY", "LANGEVIN_BOLTZMANN", "LARGE_VOLUME_MINIMA", "SGD_NOISE_COVARIANCE",
           "SGD_NOISE_UNBIASED", "SGD_SDE_TEMPERATURE", "SMOOTHED_LOSS", "CovarianceClaim", "FokkerPlanckClaim",
           "LangevinClaim", "SmoothingClaim", "TemperatureClaim", "UnbiasedNoiseClaim", "VolumeClaim"]

MANDT = ("S. Mandt, M. D. Hoffman, D. M. Blei, \"Stochastic gradient descent as approximate Bayesian inference\", "
         "JMLR 18 (2017) 1-35.")
CHAUDHARI = ("P. Chaudhari, S. Soatto, \"Stochastic gradient descent performs variational inference, converges to "
             "limit cycles for deep networks\", ICLR 2018.")
ZHANG = ("C. Zhang, Q. Liao, A. Rakhlin, B. Miranda, N. Golowich, T. Poggio, \"Theory of Deep Learning IIb: "
         "Optimization properties of SGD\", CBMM Memo 72, 2018.")
RISKEN = "H. Risken, The Fokker-Planck Equation, 2nd ed., Springer 1989, chapters 4-6."

_n, _b = sp.symbols("n B", positive=True, integer=True)
_eta, _T, _h, _c = sp.symbols("eta T h c", positive=True)


def _symbolic_gradients(n):
    return sp.symbols(f"g0:{n}", real=True)


def _batches(n, b, replacement):
    return list(itertools.product(range(n), repeat=b) if replacement else itertools.combinations(range(n), b))


# == stochastic.sgd_noise_unbiased ==================================================================================


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


@st.composite
def _gradient_sets(draw):
    n = draw(st.integers(2, 7))
    d = draw(st.integers(1, 3))
    b = draw(st.integers(1, min(n, 4)))
    seed = draw(st.integers(0, 2**32 - 1))
    return {"G": np.random.default_rng(seed).standard_normal((n, d)) * draw(st.sampled_from([1e-3, 1.0, 1e3])),
            "b": b, "replacement": draw(st.booleans())}


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


# == stochastic.sgd_noise_covariance ================================================================================


@dataclass(frozen=True)
class CovarianceClaim:
    """Minibatch noise covariance ``factor Sigma`` (``without`` / ``with_`` replacement, in n and B), and the
    stationary variance of 1-D SGD on ``h theta^2 / 2`` with per-example noise variance c: ``stationary``."""

    without: sp.Expr = (_n - _b) / (_b * (_n - 1))
    with_: sp.Expr = 1 / _b
    stationary: sp.Expr = _eta * _c / (_b * _h * (2 - _eta * _h))

    def factor(self, n, b, replacement):
        return (self.with_ if replacement else self.without).subs({_n: n, _b: b})


def _covariance_symbolic(claim, context):
    def identities():
        for n, b in ((5, 2), (4, 3), (4, 2), (6, 1)):
            g = _symbolic_gradients(n)
            mean = sum(g) / n
            s2 = sum((gi - mean) ** 2 for gi in g) / n
            for replacement in (False, True):
                batches = _batches(n, b, replacement)
                variance = sum((sum(g[i] for i in batch) / b - mean) ** 2 for batch in batches) / len(batches)
                yield (f"Var of the minibatch mean, n = {n}, B = {b}, {'with' if replacement else 'without'} "
                       f"replacement = factor s^2", sp.expand(variance),
                       sp.expand(claim.factor(n, b, replacement) * s2))
        S = sp.Symbol("S", positive=True)
        (stationary,) = sp.solve(sp.Eq(S, (1 - _eta * _h) ** 2 * S + _eta**2 * _c / _b), S)
        yield "stationary variance: the fixed point of S = (1 - eta h)^2 S + eta^2 c / B", stationary, claim.stationary

    result = identities_check(identities(), context, detail="")
    if not result.passed:
        return result
    exact = _eta * _c / (_b * _h * (2 - _eta * _h))
    r = sp.Symbol("r", positive=True)
    dependence = sp.simplify(sp.diff(exact.subs(_eta, r * _b), _b))
    return CheckResult(True, "the minibatch variance over every batch of symbolic g_0..g_(n-1) equals the claimed "
                       "factor times s^2 ((n - B)/(B (n - 1)) without replacement: 3/8 at n = 5, B = 2; 1/B with); "
                       "the stationary variance solves S = (1 - eta h)^2 S + eta^2 c / B (SymPy solve): "
                       f"{sp.sstr(exact)}, series {sp.sstr(sp.series(exact, _eta, 0, 3).removeO())}; at fixed "
                       f"eta / B = r it still depends on B: d/dB = {sp.sstr(dependence)} (eta/B is the relevant "
                       "ratio only to first order)")


def _covariance_numeric(claim, context):
    def example(instance):
        G, b, replacement = instance["G"], instance["b"], instance["replacement"]
        n = len(G)
        exact = stochastic.minibatch_moments(G, b, replacement=replacement, method="enumerate").covariance
        sigma = np.cov(G.T, bias=True).reshape(G.shape[1], G.shape[1])
        claimed = float(claim.factor(n, b, replacement)) * sigma
        bound = 4 * gamma(4 * n * b + 4 * n) * np.abs(G).max() ** 2 * max(b, n)
        return worst_comparison({"Cov of the minibatch mean": (exact, claimed, bound)})

    result = property_check(_gradient_sets(), example, context, tolerance=1.0, detail="|enumerated covariance - "
                            "claimed factor x Sigma| in units of its float64 rounding bound")
    if not result.passed:
        return result
    # 1-D SGD with Gaussian minibatch noise: the discrete Lyapunov solution and long runs against the claimed formula
    stationary = sp.lambdify((_eta, _c, _b, _h), claim.stationary, "numpy")
    parts = {}
    for h, c, eta, B in ((1.0, 1.0, 0.1, 1), (2.0, 0.5, 0.2, 4), (1.0, 1.0, 1.9, 190), (0.5, 3.0, 1.0, 10)):
        exact = float(stochastic.sgd_stationary_covariance([[h]], [[c]], eta, B)[0, 0])
        parts[f"Lyapunov h = {h}, c = {c}, eta = {eta}, B = {B}"] = (exact, stationary(eta, c, B, h), 1e-12 * exact)
    rng = context.rng("sgd chains")
    chains = context.profile.pick(quick=10_000, default=40_000, thorough=200_000)
    h, c, eta, B = 2.0, 0.5, 0.2, 4  # eta h = 0.4: the first-order formula is 25% off
    theta = np.zeros(chains)
    for _ in range(200):  # (1 - eta h)^200 = 6e-45: stationary
        theta = (1 - eta * h) * theta - eta * rng.normal(0.0, math.sqrt(c / B), chains)
    variance = float(theta.var())
    se = variance * math.sqrt(2 / (chains - 1))
    parts["SGD chains: sample variance against the claim"] = (variance, stationary(eta, c, B, h), 4 * se)
    error, witness = worst_comparison(parts)
    detail = (result.detail + "; stationary variances: scipy's discrete Lyapunov solution "
              "(numerics.stochastic) against the claimed formula at 4 (h, c, eta, B), "
              f"relative 1e-12, and {chains} SGD chains (h = 2, c = 1/2, eta = 0.2, B = 4, 200 steps): sample "
              f"variance {variance:.5f} +- {se:.5f} against the claim {stationary(eta, c, B, h):.5f} (4 s.e.)")
    passed = error <= 1.0
    return CheckResult(passed, detail, examples=result.examples + 4 + chains, max_error=max(error, result.max_error),
                       tolerance=1.0, counterexample=None if passed else witness)


SGD_NOISE_COVARIANCE = register(Theorem(
    id="stochastic.sgd_noise_covariance",
    title=r"The covariance of minibatch noise and the stationary covariance of SGD: $\mathrm{lr}/B$ only "
          "to first order",
    topic="stochastic",
    kind="theorem",
    source=cite(POST, 'section "SGD is governed by stochastic differential equations": "the variance '
                      'of the associated distribution is proportional to learning_rate / batch_size"; '
                      '"learning_rate / batch_size is more meaningful"'),
    as_stated=r"\mathrm{Var} \propto \frac{\text{learning\_rate}}{\text{batch\_size}}",
    statement=(
        r"The minibatch-mean gradient has covariance $\frac{1}{B}\Sigma$ (with replacement) or "
        r"$\frac{n - B}{B(n - 1)}\Sigma$ (without), $\Sigma = \frac1n \sum_i (g_i - \bar g)(g_i - \bar g)^\top$. "
        r"Near a minimum, with $L = \frac12 \theta^\top H \theta$ and additive noise of covariance $C/B$, SGD "
        r"with step $\eta < 2/\lambda_{\max}(H)$ has the stationary covariance solving",
        r"\[ \Sigma_\infty = (I - \eta H)\Sigma_\infty(I - \eta H)^\top + \frac{\eta^2}{B} C, \qquad "
        r"\text{in 1-D } \Sigma_\infty = \frac{\eta c}{B h (2 - \eta h)} = \frac{\eta c}{2Bh} + "
        r"\frac{\eta^2 c}{4B} + O(\eta^3), \]",
        r"proportional to $\eta/B$ only to first order in $\eta h$.",
    ),
    hypotheses=(
        Assumption(r"A quadratic model near the minimum with additive noise; for finite-sum least squares the "
                   r"noise is multiplicative and the exact stationary covariance departs from the Lyapunov "
                   r"solution by $O(\eta)$."),
        Assumption(r"$\eta < 2/\lambda_{\max}(H)$ (otherwise there is no stationary law)."),
    ),
    derivation=(
        Step(r"\mathrm{Var}\Big(\frac1B \sum_{i \in z} g_i\Big)", r"\frac{n - B}{B (n - 1)}\, s^2",
             r"sampling without replacement: the covariance of two distinct draws is $-s^2/(n - 1)$"),
        Step(r"\Sigma_\infty", r"(1 - \eta h)^2 \Sigma_\infty + \frac{\eta^2 c}{B}", r"the variance of "
             r"$\theta' = (1 - \eta h)\theta - \eta \xi$ at stationarity"),
    ),
    errata=(
        r"Proportional to $\eta/B$ only to first order in $\eta h$: at $\eta/B = 0.01$, $h = c = 1$ the variance "
        r"is $0.0050$ at $(\eta, B) = (0.01, 1)$ and $0.1$ at $(1.9, 190)$ (20 times larger).",
        r"Without replacement the factor is $(n - B)/(B(n - 1))$, not $1/B$ (the noise vanishes at $B = n$).",
        r"``Variance'' is a covariance matrix; it has the Gibbs shape $H^{-1}$ only if $C \propto H$.",
    ),
    references=(MANDT, "S. Jastrzebski et al., \"Three factors influencing minima in SGD\", 2017.",
                "P. Goyal et al., \"Accurate, large minibatch SGD\", 2017 (the linear scaling rule)."),
    claim=CovarianceClaim(),
    symbolic=_covariance_symbolic,
    numeric=_covariance_numeric,
    mutants=(
        Mutant("Sigma/B without replacement", "the with-replacement factor for sampling without replacement",
               CovarianceClaim(without=1 / _b)),
        Mutant("the SDE's variance as exact", "Sigma = eta c / (2 B h) for finite eta",
               CovarianceClaim(stationary=_eta * _c / (2 * _b * _h))),
        Mutant("eta^2 / B", "per-step noise variance taken for the stationary variance",
               CovarianceClaim(stationary=_eta**2 * _c / _b)),
    ),
))


# == stochastic.sgd_sde_temperature =================================================================================


@dataclass(frozen=True)
class TemperatureClaim:
    """SGD with step eta and batch B is the SDE ``dx = -grad f dt + sqrt(2 T D) dW`` (time = eta per step, D the
    per-example gradient covariance, sampling with replacement) with ``T = temperature(eta, B)``."""

    temperature: sp.Expr = _eta / (2 * _b)


def _temperature_symbolic(claim, context):
    D = sp.Symbol("D", positive=True)
    (matched,) = sp.solve(sp.Eq(2 * _T * D * _eta, _eta**2 * D / _b), _T)  # one Euler step of length eta
    leading = sp.series(_eta * D / (_b * _h * (2 - _eta * _h)), _eta, 0, 2).removeO()  # exact SGD variance
    return identities_check([
        ("noise of one SDE step of length eta (2 T D eta) = noise of one SGD step (eta^2 D / B)", matched,
         claim.temperature),
        ("OU stationary variance T D / h = leading term of the exact SGD variance", claim.temperature * D / _h,
         leading),
    ], context, detail="{count} identities proved: T solved from the matching of one step's noise covariance "
                       "(SymPy solve), and the OU variance T D/h against the first term of eta D/(B h (2 - eta h))")


def _temperature_numeric(claim, context):
    temperature = sp.lambdify((_eta, _b), claim.temperature, "numpy")
    parts = {}
    h, D = 1.0, 1.0
    for eta in (1e-4, 1e-3, 1e-2):
        for B in (1, 4, 32, 128):
            exact = float(stochastic.sgd_stationary_covariance([[h]], [[D]], eta, B)[0, 0])
            # exact = T D / h (1 + eta h / (2 - eta h)): the SDE is first order in eta h
            parts[f"eta = {eta}, B = {B}: T_eff = var h / D"] = (exact * h / D, temperature(eta, B),
                                                                  eta * h * temperature(eta, B))
    # several dimensions: SGD's discrete Lyapunov solution against the SDE's continuous one, H S + S H = 2 T C
    from scipy.linalg import solve_continuous_lyapunov

    rng = context.rng("lyapunov")
    A, G = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    H, C = A @ A.T + np.eye(3), G @ G.T + 0.1 * np.eye(3)
    top = np.linalg.eigvalsh(H).max()
    for eta in (0.05 / top, 0.01 / top, 0.002 / top):
        B = 16
        discrete = stochastic.sgd_stationary_covariance(H, C, eta, B)
        continuous = solve_continuous_lyapunov(H, 2 * float(temperature(eta, B)) * C)
        gap = np.linalg.norm(discrete - continuous) / np.linalg.norm(continuous)
        parts[f"3-D, eta lambda_max = {eta * top:.3g}: discrete against continuous Lyapunov"] = (gap, 0.0,
                                                                                             eta * top)
    # Euler-Maruyama of the SDE with dt = eta is SGD with Gaussian noise: its variance must be SGD's
    rng = context.rng("ou")
    particles = context.profile.pick(quick=10_000, default=40_000, thorough=200_000)
    eta, B = 0.05, 8
    path = stochastic.langevin(lambda x: h * x, np.zeros((particles, 1)), temperature=float(temperature(eta, B)) * D,
                               dt=eta, steps=400, rng=rng, thin=400)
    variance = float(path[-1].var())
    se = variance * math.sqrt(2 / (particles - 1))
    exact = float(stochastic.sgd_stationary_covariance([[h]], [[D]], eta, B)[0, 0])
    parts["Euler-Maruyama (dt = eta) variance against SGD's"] = (variance, exact, 4 * se)
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "effective temperature var h / D of the exact SGD stationary variance (discrete "
                       "Lyapunov) for eta = 1e-4..1e-2, B = 1..128, against the claim, tolerance eta h T (the "
                       "first-order correction); in 3-D, the relative gap between the discrete (SGD) and continuous "
                       "(SDE at the claimed T) Lyapunov solutions at eta lambda_max = 0.05, 0.01, 0.002, tolerance "
                       f"eta lambda_max; {particles} Euler-Maruyama paths (numerics.stochastic.langevin) of "
                       f"the SDE at the claimed T with dt = eta = {eta}, B = {B}: variance {variance:.6f} +- {se:.6f} "
                       f"against SGD's {exact:.6f} (4 s.e.)", examples=15 + particles, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


SGD_SDE_TEMPERATURE = register(Theorem(
    id="stochastic.sgd_sde_temperature",
    title=r"SGD as a stochastic differential equation: the temperature is $\mathrm{lr}/(2B)$ in the "
          "convention that fixes it",
    topic="stochastic",
    kind="theorem",
    source=cite(POST, 'section "SGD is governed by stochastic differential equations": "a temperature '
                      'term T = 1/beta = learning_rate / (2 batch_size)"'),
    as_stated=r"T = \frac{1}{\beta} = \frac{\text{learning\_rate}}{2 \cdot \text{batch\_size}}",
    statement=(
        r"With time measured so that one SGD step of size $\eta$ lasts $\eta$, $D(x)$ the per-example gradient "
        r"covariance and minibatches of size $B$ drawn with replacement, SGD is (to first order in $\eta$) the "
        r"Euler-Maruyama discretisation of",
        r"\[ dx = -\nabla f(x)\,dt + \sqrt{2 T D(x)}\, dW_t, \qquad T = \beta^{-1} = \frac{\eta}{2B}, \]",
        r"times $\frac{N - B}{N - 1}$ without replacement. The 2 comes from writing the diffusion as "
        r"$\sqrt{2T}$; the Gibbs law $e^{-f/T}$ is stationary only when $D \propto I$.",
    ),
    hypotheses=(
        Assumption(r"The convention: $\sqrt{2T D}\,dW$, time step $\eta$, $D$ unnormalised, sampling with "
                   r"replacement; the SDE is a weak first-order approximation (Li, Tai, E 2019)."),
    ),
    derivation=(
        Step(r"2 T D \eta", r"\frac{\eta^2 D}{B}", r"the noise covariance of one Euler step of length $\eta$ and "
             r"of one SGD step"),
        Step(r"T", r"\frac{\eta}{2B}", r"solved"),
    ),
    errata=(
        r"$T = \eta/(2B)$ holds in one convention (diffusion $\sqrt{2T D}$, step $\eta$, sampling with "
        r"replacement); a spec must state it. Without replacement multiply by $(N - B)/(N - 1)$.",
        r"The SDE is a first-order approximation: the exact discrete stationary covariance departs from the "
        r"SDE's by $O(\eta \lambda_{\max})$ (stochastic.sgd\_noise\_covariance).",
    ),
    references=(CHAUDHARI, MANDT, "Q. Li, C. Tai, W. E, \"Stochastic modified equations and dynamics of stochastic "
                "gradient algorithms I\", JMLR 20 (2019) 1-47."),
    claim=TemperatureClaim(),
    symbolic=_temperature_symbolic,
    numeric=_temperature_numeric,
    mutants=(
        Mutant("T = eta/B", "the factor 2 dropped", TemperatureClaim(_eta / _b)),
        Mutant("T = eta/(2 sqrt B)", "square root of the batch size", TemperatureClaim(_eta / (2 * sp.sqrt(_b)))),
        Mutant("T = eta^2/(2B)", "the per-step variance", TemperatureClaim(_eta**2 / (2 * _b))),
        Mutant("T = 2 eta/B", "the 2 on the wrong side", TemperatureClaim(2 * _eta / _b)),
    ),
))


# == stochastic.langevin_boltzmann ==================================================================================

_V = sp.Symbol("V", real=True)
_x, _y = sp.symbols("x y", real=True)


@dataclass(frozen=True)
class LangevinClaim:
    """``dX = -grad V(X) dt + noise dB`` has the stationary density ``density`` (an expression in V and T, up to
    normalisation)."""

    density: sp.Expr = sp.exp(-_V / _T)
    noise: sp.Expr = sp.sqrt(2 * _T)

    def at(self, potential):
        return self.density.subs(_V, potential)


def _fokker_planck_residual(claim, potential, variables):
    """``div(p grad V) + (noise^2 / 2) Laplacian p`` for the claimed p: zero iff p is stationary (zero current)."""
    p = claim.at(potential)
    s2 = claim.noise**2
    return sp.simplify(sum(sp.diff(p * sp.diff(potential, v), v) + s2 / 2 * sp.diff(p, v, 2) for v in variables))


def _langevin_symbolic(claim, context):
    V1 = sp.Function("V")(_x)
    V2 = sp.Function("V")(_x, _y)
    k, gamma_ = sp.symbols("k gamma", positive=True)
    S = sp.Symbol("S", positive=True)
    # SGLD on V = k x^2 / 2 with step gamma and noise noise * sqrt(gamma): its stationary variance, to first
    # order in gamma, must be the Boltzmann variance of the claimed density
    (sgld,) = sp.solve(sp.Eq(S, (1 - gamma_ * k) ** 2 * S + claim.noise**2 * gamma_), S)
    leading = sp.limit(sgld, gamma_, 0)
    p = claim.at(k * _x**2 / 2)
    mass = sp.integrate(p, (_x, -sp.oo, sp.oo))
    if not mass.is_finite or not mass.is_positive:
        return CheckResult(False, "refuted: the claimed density is not normalisable", counterexample={
            "potential": "k x^2 / 2", "lhs": f"integral of p = {mass}", "rhs": "a finite positive Z"})
    boltzmann = sp.simplify(sp.integrate(_x**2 * p, (_x, -sp.oo, sp.oo)) / mass)
    for label, V, variables, example in (
            ("1-D Fokker-Planck: (V' p)' + (noise^2/2) p'' = 0 for a general V(x)", V1, [_x], _x**4 / 4 + _x),
            ("2-D Fokker-Planck: div(p grad V) + (noise^2/2) Laplacian p = 0 for a general V(x, y)", V2, [_x, _y],
             _x**4 / 4 + _x * _y)):
        residual = _fokker_planck_residual(claim, V, variables)
        if residual != 0:  # a concrete potential and point where the current does not vanish
            at = {v: sp.Integer(1) for v in variables} | {_T: sp.Rational(1, 3)}
            value = sp.simplify(_fokker_planck_residual(claim, example, variables).subs(at))
            return CheckResult(False, f"refuted: {label}", counterexample={
                "residual": str(residual), "V": str(example), "point": {str(k): str(v) for k, v in at.items()},
                "lhs": f"residual = {value}", "rhs": "0"})
    return identities_check([
        ("SGLD stationary variance as gamma -> 0 = variance of the density for V = k x^2/2", leading, boltzmann),
        ("Z for V = x^2/2", mass.subs(k, 1), sp.sqrt(2 * sp.pi * _T)),
    ], context, detail="the Fokker-Planck residuals simplify to 0 for an undefined V(x) and V(x, y): the claimed "
                       "density makes the probability current vanish (stationarity); and {count} identities: the SGLD "
                       "chain f' = (1 - gamma k) f + noise sqrt(gamma) W has the Boltzmann variance T/k as "
                       "gamma -> 0, and Z = sqrt(2 pi T) for V = x^2/2")


def _double_well(x):
    return ((x**2 - 1) ** 2).sum(-1)


def _tv_against_density(samples, probabilities, rng, replicates=2000):
    """Total variation between a histogram and bin probabilities, and the 99.9% quantile of that distance for the
    same number of exact samples (multinomial draws): the Monte-Carlo tolerance."""
    n = samples.sum()
    observed = 0.5 * np.abs(samples / n - probabilities).sum()
    null = 0.5 * np.abs(rng.multinomial(n, probabilities, replicates) / n - probabilities).sum(axis=1)
    return float(observed), float(np.quantile(null, 0.999))


def _grad_double_well_2d(X):
    x, y = X[..., 0], X[..., 1]
    return np.stack([4 * x * (x**2 - 1) - (y - x / 2), 2 * (y - x / 2)], axis=-1)


_DRIFTS = {"double well": lambda x: 4 * x * (x**2 - 1), "2-D well": _grad_double_well_2d, "quadratic": lambda x: x}


@functools.lru_cache(maxsize=32)
def _langevin_end(drift, temperature, particles, dt, time, seed):
    """The particles at `time` of Euler-Maruyama runs (cached: claims with the same noise share them)."""
    if drift == "quadratic":
        start = np.zeros((particles, 1))
    else:  # started at the two minima, half each (the laws are symmetric under x -> -x)
        start = np.where(np.arange(particles)[:, None] % 2 == 0, -1.0, 1.0)
        if drift == "2-D well":
            start = np.column_stack([start[:, 0], start[:, 0] / 2])
    steps = int(round(time / dt))
    return stochastic.langevin(_DRIFTS[drift], start, temperature=temperature, dt=dt, steps=steps,
                               rng=np.random.default_rng(seed), thin=steps)[-1]


def _langevin_numeric(claim, context):
    density = sp.lambdify((_V, _T), claim.density, "numpy")
    temperature = float(claim.noise.subs(_T, sp.Rational(1, 2)) ** 2 / 2)  # the simulation's T: noise = sqrt(2 T_sim)
    T = 0.5
    rng = context.rng("langevin")
    particles = context.profile.pick(quick=5000, default=10_000, thorough=100_000)
    dt = context.profile.pick(quick=2e-3, default=1e-3, thorough=5e-4)
    parts, notes = {}, []
    # 1-D double well V = (x^2 - 1)^2, particles started at both minima (the law is symmetric)
    end = _langevin_end("double well", temperature, particles, dt, 4.0, context.derived_seed("1-D"))[:, 0]
    edges = np.linspace(-2.5, 2.5, 41)
    fine = np.linspace(-2.5, 2.5, 40 * 400 + 1)
    weights = np.broadcast_to(density((fine**2 - 1) ** 2, T), fine.shape)
    cells = np.add.reduceat((weights[:-1] + weights[1:]) / 2, np.arange(0, len(fine) - 1, 400))
    probabilities = cells / cells.sum()
    observed, quantile = _tv_against_density(np.histogram(end, edges)[0], probabilities, rng)
    parts["1-D double well: TV(histogram, claimed density)"] = (observed, 0.0, quantile)
    notes.append(f"1-D double well (x^2 - 1)^2 at T = {T}: TV {observed:.4f} against the 99.9% quantile "
                 f"{quantile:.4f} of exact samples")
    # 2-D: V = (x^2 - 1)^2 + (y - x/2)^2, a correlated double well
    end = _langevin_end("2-D well", temperature, particles, dt, 4.0, context.derived_seed("2-D"))
    edges2 = np.linspace(-2.5, 2.5, 13)
    grid = (np.arange(12 * 50) + 0.5) / (12 * 50) * 5 - 2.5
    Xg, Yg = np.meshgrid(grid, grid, indexing="ij")
    weights = np.broadcast_to(density((Xg**2 - 1) ** 2 + (Yg - Xg / 2) ** 2, T), Xg.shape)
    cells = weights.reshape(12, 50, 12, 50).sum(axis=(1, 3))
    observed, quantile = _tv_against_density(np.histogram2d(end[:, 0], end[:, 1], [edges2, edges2])[0].ravel(),
                                             (cells / cells.sum()).ravel(), rng)
    parts["2-D well: TV(histogram, claimed density)"] = (observed, 0.0, quantile)
    notes.append(f"2-D well (x^2 - 1)^2 + (y - x/2)^2: TV {observed:.4f} against {quantile:.4f} (144 bins)")
    # SGLD on x^2/2: gamma = 0.01, T = 0.5, exact discrete variance 2 gamma T / (1 - (1 - gamma)^2)
    chains = _langevin_end("quadratic", temperature, particles, 0.01, 10.0, context.derived_seed("SGLD"))[:, 0]
    variance, exact = float(chains.var()), 2 * 0.01 * T / (1 - 0.99**2)
    se = variance * math.sqrt(2 / (particles - 1))
    parts["SGLD variance against 2 gamma T / (1 - (1 - gamma)^2)"] = (variance, exact, 4 * se)
    notes.append(f"SGLD on x^2/2 (gamma = 0.01): variance {variance:.4f} +- {se:.4f} against {exact:.6f}")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, f"{particles} Euler-Maruyama particles (numerics.stochastic.langevin, dt = {dt}, "
                       "t = 4) with the claimed noise, against the claimed density normalised by quadrature on the "
                       "histogram's range: " + "; ".join(notes), examples=3 * particles, max_error=error,
                       tolerance=1.0, counterexample=None if error <= 1.0 else witness)


def _langevin_figure(seed=0):
    """Histograms of Langevin particles against the Boltzmann density, for the double well at two temperatures."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 2.8), layout="constrained")
    grid = np.linspace(-2.2, 2.2, 881)
    for axes, T in zip(figure.subplots(1, 2, sharey=True), (0.2, 0.5)):
        end = _langevin_end("double well", T, 20_000, 1e-3, 4.0, seed)[:, 0]
        density = np.exp(-((grid**2 - 1) ** 2) / T)
        density /= density.sum() * (grid[1] - grid[0])
        axes.hist(end, bins=60, range=(-2.2, 2.2), density=True, alpha=0.5, label="20000 particles, t = 4")
        axes.plot(grid, density, "k", lw=1, label=r"$e^{-V/T}/Z$")
        axes.set_title(rf"$V = (x^2 - 1)^2$, $T = {T}$")
        axes.set_xlabel("$x$")
    axes.legend(fontsize="small")
    return figure


LANGEVIN_BOLTZMANN = register(Theorem(
    id="stochastic.langevin_boltzmann",
    title=r"Langevin dynamics: with noise $\sqrt{2T}$ the Boltzmann density $e^{-V/T}/Z$ is stationary",
    topic="stochastic",
    kind="theorem",
    source=cite(POGGIO, 'slide "Langevin equation"'),
    as_stated=(r"\begin{gathered}\frac{df}{dt} = -\gamma_t \nabla V(f(t)) + dB(t), \\ f_{t+1} = f_t - \gamma_n "
               r"\nabla V(f_t, z_t) + \gamma'_t W_t, \quad p(f) \sim \frac{1}{Z} = e^{-\frac{V(x)}{T}}\end{gathered}"),
    statement=(
        r"The overdamped Langevin equation $df_t = -\nabla V(f_t)\,dt + \sqrt{2T}\,dB_t$ (It\^o) with $V$ smooth "
        r"and confining and $e^{-V/T}$ integrable has the stationary density",
        r"\[ p(f) = \frac{1}{Z} e^{-V(f)/T}, \qquad Z = \int e^{-V(f)/T}\,df, \]",
        r"and the law of $f_t$ converges to it. Its discretisation (SGLD) is $f_{t+1} = f_t - \gamma_t \nabla "
        r"V(f_t, z_t) + \sqrt{2\gamma_t T}\,W_t$, $W_t \sim N(0, I)$, stationary up to an $O(\gamma)$ bias. With "
        r"unit noise $dB$ and gain $\gamma$ the stationary density is $e^{-2\gamma V}$ ($T = 1/(2\gamma)$).",
    ),
    hypotheses=(
        Assumption(r"The noise amplitude fixes the temperature: $\sqrt{2T}\,dB$ (with $\sqrt{T}$ the stationary "
                   r"density is $e^{-2V/T}$)."),
        Assumption(r"$V$ confining, $e^{-V/T}$ integrable (dissipativity, Raginsky et al. 2017)."),
    ),
    derivation=(
        Step(r"\partial_t p", r"\nabla \cdot (p \nabla V) + T \Delta p", r"Fokker-Planck for $\sqrt{2T}\,dB$"),
        Step(r"\nabla \cdot (p \nabla V) + T \Delta p", r"\nabla \cdot \big(p \nabla V + T \nabla p\big) = 0",
             r"$p \propto e^{-V/T}$ makes the current $p \nabla V + T \nabla p$ vanish"),
    ),
    errata=(
        r"$\frac{df}{dt}$ on the left and the differential $dB(t)$ on the right mix an ODE and an SDE: "
        r"$df = -\gamma \nabla V\,dt + \sigma\,dB$.",
        r"No noise amplitude is given: with unit noise the stationary density is $e^{-2\gamma V}$, not "
        r"$e^{-V/T}$ for an arbitrary $T$; SGLD's $\gamma'_t$ must be $\sqrt{2\gamma_t T}$ (and $\gamma_n$ is "
        r"$\gamma_t$).",
        r"``$p(f) \sim \frac1Z = e^{-V(x)/T}$'' should read $p(f) = \frac1Z e^{-V(f)/T}$: as written $p$ is "
        r"constant; and the object is the Boltzmann (Gibbs) distribution, not the Boltzmann equation.",
    ),
    references=("S. Gelfand, S. Mitter, \"Recursive stochastic algorithms for global optimization in R^d\", SIAM J. "
                "Control Optim. 29 (1991) 999-1018.", "M. Raginsky, A. Rakhlin, M. Telgarsky, \"Non-convex learning "
                "via stochastic gradient Langevin dynamics\", COLT 2017.", "M. Welling, Y. W. Teh, ICML 2011.",
                RISKEN),
    claim=LangevinClaim(),
    symbolic=_langevin_symbolic,
    numeric=_langevin_numeric,
    figure=_langevin_figure,
    mutants=(
        Mutant("1/Z = e^{-V/T}", "the slide's p, constant", LangevinClaim(density=sp.Integer(1))),
        Mutant("exp(+V/T)", "the sign of the exponent flipped", LangevinClaim(density=sp.exp(_V / _T))),
        Mutant("noise sqrt(T)", "the Langevin noise without its factor 2", LangevinClaim(noise=sp.sqrt(_T))),
    ),
))


# == stochastic.large_volume_minima =================================================================================

_k = sp.Symbol("k", positive=True)


@dataclass(frozen=True)
class VolumeClaim:
    """At low temperature the Gibbs mass of a minimum is ``exp(-V*/T) det(H)^curvature_power`` (times
    ``(2 pi T)^(D/2)``), and each flat direction multiplies the mass ratio by ``T^flat_power``."""

    curvature_power: sp.Expr = sp.Rational(-1, 2)
    flat_power: sp.Expr = sp.Rational(-1, 2)

    def ratio(self, k_a, k_b, depth_gap=0.0, temperature=1.0):
        """Predicted mass ratio of a minimum with curvature k_a over one with k_b, depth_gap = V_a - V_b."""
        return (k_a / k_b) ** float(self.curvature_power) * math.exp(-depth_gap / temperature)


def _volume_symbolic(claim, context):
    a = sp.Symbol("a", real=True)
    well = sp.integrate(sp.exp(-_k * (_x - a) ** 2 / (2 * _T)), (_x, -sp.oo, sp.oo))  # the Laplace integral
    strip = sp.integrate(sp.exp(-_x**2 / (2 * _T)), (_x, -sp.oo, sp.oo)) * 2  # flat in y on |y| <= 1
    isotropic = sp.integrate(sp.exp(-_x**2 / (2 * _T)), (_x, -sp.oo, sp.oo)) ** 2
    beta = sp.Symbol("beta", positive=True)
    D = 1 + _x**2  # a state-dependent diffusion makes the potential depend on beta
    phi = sp.integrate(_x / D, _x) + sp.log(D) / beta
    flux = sp.simplify(-_x * sp.exp(-beta * phi) - sp.diff(D * sp.exp(-beta * phi), _x) / beta)
    entropy = sp.simplify(-sp.integrate(sp.exp(-_k * _x**2 / (2 * _T)) / sp.sqrt(2 * sp.pi * _T / _k) * (
        -_k * _x**2 / (2 * _T) - sp.log(sp.sqrt(2 * sp.pi * _T / _k))), (_x, -sp.oo, sp.oo)))
    return identities_check([
        ("d log(mass) / d log(curvature) of a Gaussian well", sp.simplify(_k * sp.diff(sp.log(well), _k)),
         claim.curvature_power),
        ("d log(strip / isotropic mass) / d log T, one flat direction", sp.simplify(
            _T * sp.diff(sp.log(strip / isotropic), _T)), claim.flat_power),
        ("zero flux of D^-1 exp(-beta Int f'/D) for f = x^2/2, D = 1 + x^2 (Phi depends on beta)", flux, 0),
        ("entropy of N(0, T/k) = (1/2) log(2 pi e T) - (1/2) log k", entropy,
         sp.log(2 * sp.pi * sp.E * _T) / 2 - sp.log(_k) / 2),
    ], context, detail="{count} identities proved: the Laplace integral sqrt(2 pi T / k) gives mass ~ k^(-1/2) per "
                       "direction; a flat strip against an isotropic well gives 2/sqrt(2 pi T) ~ T^(-1/2); with "
                       "D = 1 + x^2 the stationary potential is Phi = (1/2 + 1/beta) log(1 + x^2), which depends on "
                       "beta = 2B/eta; the Gibbs entropy grows with T and flatness")


def _wells(k1, k2):
    return lambda x: np.minimum(k1 * (x + 1) ** 2 / 2, k2 * (x - 1) ** 2 / 2)


def _volume_numeric(claim, context):
    parts, notes = {}, []
    # equal depths, k1 = 1, k2 = 4: both wells are cut at the same z-score (x = 1/3), so the ratio is 2 up to the
    # wide parabola's tail beyond its second crossing x = 3 (V >= 8 there), which joins the narrow basin: relative
    # mass below 2 exp(-8/T) (the ratio is not exact: 1.6e-8 off at T = 1/2)
    for T in (0.01, 0.05, 0.3, 0.5):
        wide, narrow = stochastic.gibbs_masses(_wells(1.0, 4.0), T, [-np.inf, 1 / 3, np.inf])
        parts[f"equal depths, T = {T}: wide / narrow"] = (wide / narrow, claim.ratio(1.0, 4.0),
                                                          1e-11 + 4 * math.exp(-8 / T))
    notes.append("equal-depth wells k = 1, 4: quadrature ratio 2 at T = 0.01..0.5 (to 2e-8)")
    # a narrow global minimum against a wide local one, 0.1 higher; Laplace: 10 exp(-0.1/T)
    deep = lambda x: np.minimum(-1 + 50 * (x + 1) ** 2, -0.9 + (x - 1) ** 2 / 2)  # noqa: E731
    crossing = float(max(np.roots([49.5, 101.0, 49.4])))  # -1 + 50 (x+1)^2 = -0.9 + (x-1)^2/2 between the minima
    for T in (0.01, 0.02, 0.05):
        glob, local = stochastic.gibbs_masses(deep, T, [-np.inf, crossing, np.inf])
        predicted = claim.ratio(1.0, 100.0, 0.1, T)
        parts[f"T = {T}: local / global against Laplace"] = (local / glob, predicted, 2 * T * predicted)
        notes.append(f"T = {T}: local/global {local / glob:.6g} (Laplace {predicted:.6g})")
    # one flat direction: a strip |y| <= 1 with V = x^2/2 against the isotropic (x^2 + y^2)/2
    logs = []
    for T in (0.001, 0.01, 0.1):
        line = stochastic.gibbs_masses(lambda x: x**2 / 2, T, [-np.inf, -1, 1, np.inf])  # the y-marginal's share
        strip, isotropic = 2.0, math.sqrt(2 * math.pi * T) * line[1]  # mass per sqrt(2 pi T) of the x-integral
        logs.append((math.log(T), math.log(strip / isotropic)))
    slope = (logs[-1][1] - logs[0][1]) / (logs[-1][0] - logs[0][0])
    parts["flat strip against isotropic: d log ratio / d log T"] = (slope, float(claim.flat_power), 1e-3)
    notes.append(f"flat strip / isotropic: log-log slope {slope:.5f}")
    # MALA (exactly Gibbs-stationary Langevin) on the equal-depth wells at T = 0.5, started on the barrier
    particles = context.profile.pick(quick=4000, default=10_000, thorough=50_000)
    V = _wells(1.0, 4.0)
    end = stochastic.langevin(lambda x: np.where(x < 1 / 3, x + 1, 4 * (x - 1)), np.full((particles, 1), 1 / 3),
                              temperature=0.5, dt=0.05, steps=800, rng=context.rng("mala"), thin=800,
                              potential=lambda x: V(x[..., 0]))[-1][:, 0]
    fraction = float(np.mean(end < 1 / 3))
    predicted = claim.ratio(1.0, 4.0) / (1 + claim.ratio(1.0, 4.0))
    se = math.sqrt(predicted * (1 - predicted) / particles)
    parts["MALA fraction in the wide well"] = (fraction, predicted, 4 * se)
    notes.append(f"MALA, {particles} particles, T = 0.5, t = 40: wide-well fraction {fraction:.4f} +- {se:.4f} "
                 f"against {predicted:.4f}")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "Gibbs masses by quadrature (numerics.stochastic.gibbs_masses) against the "
                       "claimed Laplace prefactors (tolerances 1e-11 + 4 exp(-8/T) for the equal-depth ratio, whose "
                       "narrow basin holds the wide parabola's tail beyond x = 3; 2T relative for Laplace's O(T) "
                       "error): " + "; ".join(notes), examples=10 + particles, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


def _volume_figure(seed=0):
    """Basin mass ratios against temperature: equal depths (the curvature prefactor) and a wide local minimum."""
    from matplotlib.figure import Figure

    temperatures = np.geomspace(0.005, 1.0, 40)
    deep = lambda x: np.minimum(-1 + 50 * (x + 1) ** 2, -0.9 + (x - 1) ** 2 / 2)  # noqa: E731
    crossing = float(max(np.roots([49.5, 101.0, 49.4])))
    equal = [np.divide(*stochastic.gibbs_masses(_wells(1.0, 4.0), T, [-np.inf, 1 / 3, np.inf])) for T in temperatures]
    local = [np.divide(*stochastic.gibbs_masses(deep, T, [-np.inf, crossing, np.inf])[::-1]) for T in temperatures]
    figure = Figure(figsize=(5.0, 3.2), layout="constrained")
    axes = figure.subplots()
    axes.loglog(temperatures, equal, label="equal depths: wide / narrow ($k = 1, 4$)")
    axes.loglog(temperatures, local, label="wide local / narrow global (0.1 deeper, $k$ 100x)")
    axes.loglog(temperatures, 10 * np.exp(-0.1 / temperatures), ":", color="C1", label=r"Laplace $10 e^{-0.1/T}$")
    axes.axhline(1.0, color="gray", lw=0.5)
    axes.set_xlabel("temperature $T$")
    axes.set_ylabel("Gibbs mass ratio")
    axes.set_ylim(1e-4, 20)
    axes.legend(fontsize="small")
    return figure


LARGE_VOLUME_MINIMA = register(Theorem(
    id="stochastic.large_volume_minima",
    title="Langevin dynamics favours large-volume minima: Gibbs masses shrink with curvature, grow with flatness",
    topic="stochastic",
    kind="theorem",
    source=cite(POGGIO, 'slides "GDL selects larger volume minima", "Concentration because of high '
                        'dimensionality", "SGD behaves as SGDL (or GDL)" and "SGDL and SGD: summary"'),
    as_stated=(r"\begin{gathered}\text{GDL selects larger volume minima;} \\ \text{SGDL finds with very high "
               r"probability large volume, zero-minimizers}\end{gathered}"),
    statement=(
        r"Under the Gibbs law $p \propto e^{-V/T}$ (stochastic.langevin\_boltzmann), as $T \to 0$ the mass of "
        r"the basin of a non-degenerate minimum $f_i$ in $\mathbb{R}^D$ is",
        r"\[ P_i \approx \frac{1}{Z} e^{-V_i/T} (2\pi T)^{D/2} \det\big(\nabla^2 V(f_i)\big)^{-1/2}, \]",
        r"and a minimum whose zero set is an $r$-dimensional manifold carries $(2\pi T)^{(D - r)/2}$ instead: "
        r"against an isolated minimum of equal depth its mass ratio grows like $T^{-r/2}$. So at low "
        r"temperature the stationary law concentrates on the minima with the most flat directions (``large "
        r"volume''); at equal flatness, a deeper minimum wins only when $T$ is small against the depth gap ("
        r"a wide local minimum 0.1 higher outweighs a 100 times sharper global one for $T > 0.043$).",
    ),
    hypotheses=(
        Assumption(r"A statement about the stationary (Gibbs) law of Langevin dynamics at small $T$, not about "
                   r"finite-time SGD; ``SGD behaves like SGDL'' is an empirical claim."),
        Assumption(r"The diffusion is isotropic and constant; with a state-dependent $D$ the stationary potential "
                   r"$\Phi$ differs from $V$ and depends on $T$."),
    ),
    derivation=(
        Step(r"\int e^{-k (x - a)^2 / (2T)} dx", r"\sqrt{2\pi T / k}", r"Laplace's method, one direction at a time"),
        Step(r"\frac{P_{\mathrm{strip}}}{P_{\mathrm{isotropic}}}", r"\frac{2}{\sqrt{2\pi T}}", r"one flat "
             r"direction of length 2"),
    ),
    errata=(
        r"The slide's citation ``Poggio, Rakhlin, Golovin, Zhang, Liao, 2017'' means Golowich: Zhang, Liao, "
        r"Rakhlin, Miranda, Golowich, Poggio, CBMM Memo 72.",
        r"``Converges to a global minimum'' is false at finite temperature: the mass ratio carries the "
        r"curvature prefactor; ``$\Phi$ depends only on data and architecture'' fails for a state-dependent "
        r"diffusion, where $\Phi = \int f'/D + \beta^{-1}\log D$.",
        r"``High variance means a flat minimum'' reverses the causation: at fixed $T$ the variance is "
        r"$T H^{-1}$; a higher $T$ favours flat basins through their mass.",
    ),
    references=(ZHANG, CHAUDHARI, "C.-R. Hwang, \"Laplace's method revisited: weak convergence of probability "
                "measures\", Ann. Probab. 8 (1980) 1177-1182."),
    claim=VolumeClaim(),
    symbolic=_volume_symbolic,
    numeric=_volume_numeric,
    figure=_volume_figure,
    mutants=(
        Mutant("det(H)^(+1/2)", "mass growing with the curvature", VolumeClaim(curvature_power=sp.Rational(1, 2))),
        Mutant("independent of curvature", "equal-depth minima equally likely (exp(-dV/T) alone)",
               VolumeClaim(curvature_power=sp.Integer(0))),
        Mutant("T^(-r)", "each flat direction contributes T^-1", VolumeClaim(flat_power=sp.Integer(-1))),
    ),
))


# == stochastic.smoothed_loss =======================================================================================

_s, _w = sp.symbols("s omega", real=True)
_F = _x**4 - 2 * _x**2 + sp.Rational(3, 10) * _x  # a tilted double well, in the style of the post


@dataclass(frozen=True)
class SmoothingClaim:
    """SGD ``x' = x - eta (f'(x) + omega)`` is, in expectation, GD on ``E f(. - kernel omega)`` for the
    `sequence` ``y = x - eta f'(x)`` (or ``x`` itself); Gaussian smoothing of ``x^4 - 2x^2`` is convex iff
    ``s^2 >= threshold``."""

    kernel: sp.Expr = _eta
    sequence: str = "y"
    threshold: sp.Expr = sp.Rational(1, 3)


def _smoothing_symbolic(claim, context):
    f = sp.Lambda(_x, _F)
    fp = sp.Lambda(_x, sp.diff(_F, _x))
    x_next = {w: _x - _eta * (fp(_x) + w) for w in (_s, -_s)}  # omega = +-s, each with probability 1/2
    if claim.sequence == "y":
        start = _x - _eta * fp(_x)
        expected = sum(x_next[w] - _eta * fp(x_next[w]) for w in x_next) / 2
    else:
        start = _x
        expected = sum(x_next.values()) / 2
    u = sp.Symbol("u", real=True)
    smoothed = sp.Lambda(u, sum(f(u - claim.kernel * w) for w in (_s, -_s)) / 2)
    gd_step = start - _eta * sp.diff(smoothed(u), u).subs(u, start)
    y, v = sp.Symbol("y", real=True), sp.Symbol("v", positive=True)
    g = y**4 - 2 * y**2
    gaussian = sp.integrate(g.subs(y, y - _x) * sp.exp(-_x**2 / (2 * v)) / sp.sqrt(2 * sp.pi * v), (_x, -sp.oo, sp.oo))
    curvature = sp.Poly(sp.expand(gaussian), y).coeff_monomial(y**2)  # the quartic is convex iff this is >= 0
    (threshold,) = sp.solve(sp.Eq(curvature, 0), v)
    return identities_check([
        (f"E[{claim.sequence}_(t+1)] = GD step on the smoothed loss (omega = +-s)", sp.expand(expected),
         sp.expand(gd_step)),
        ("Gaussian smoothing of x^4 - 2x^2: convex iff s^2 >= threshold", threshold, claim.threshold),
    ], context, detail="{count} identities proved: the exact expectation over omega = +-s of one SGD step on "
                       "f = x^4 - 2x^2 + 3x/10 equals one GD step on f smoothed by the law of the claimed kernel "
                       "(SymPy expand), and the Gaussian convolution of x^4 - 2x^2 (SymPy integrate) is "
                       f"{sp.sstr(sp.expand(gaussian))}, convex iff s^2 >= {threshold}")


def _smoothing_numeric(claim, context):
    fp = sp.lambdify(_x, sp.diff(_F, _x), "numpy")
    kernel = sp.lambdify(_eta, claim.kernel, "numpy")
    rng = context.rng("smoothing")
    draws = context.profile.pick(quick=100_000, default=1_000_000, thorough=4_000_000)
    parts, notes = {}, []
    for x, eta, s in ((0.9, 0.1, 2.0), (-0.5, 0.05, 4.0), (0.2, 0.2, 1.0)):
        omega = rng.choice([-s, s], draws)
        x_next = x - eta * (fp(x) + omega)
        start, sample = (x - eta * fp(x), x_next - eta * fp(x_next)) if claim.sequence == "y" else (x, x_next)
        k = float(kernel(eta))
        predicted = start - eta * (fp(start - k * s) + fp(start + k * s)) / 2  # GD on E f(. - k omega), exactly
        se = sample.std() / math.sqrt(draws)
        parts[f"one step from x = {x}, eta = {eta}, s = {s}"] = (sample.mean(), predicted, 4 * se)
        notes.append(f"x = {x}: {sample.mean():.6f} +- {se:.1e} against {predicted:.6f}")
    # Gaussian smoothing by 40-point Gauss-Hermite quadrature (exact for this quartic): convex just above the
    # claimed threshold, not just below
    nodes, weights = np.polynomial.hermite_e.hermegauss(40)
    weights = weights / weights.sum()
    grid = np.linspace(-2, 2, 4001)
    threshold = float(claim.threshold)
    for v, convex in ((threshold * 1.02, True), (threshold * 0.98, False)):
        smoothed = (grid[:, None] - math.sqrt(v) * nodes) ** 4 - 2 * (grid[:, None] - math.sqrt(v) * nodes) ** 2
        values = smoothed @ weights
        second = np.diff(values, 2) / (grid[1] - grid[0]) ** 2
        is_convex = bool(second.min() >= -1e-9)  # differences of a quartic: exact to rounding
        parts[f"s^2 = {v:.4f} is {'' if convex else 'not '}convex"] = (float(is_convex == convex), 1.0, 0.5)
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, f"Monte Carlo of one SGD step ({draws} draws of omega = +-s) against one GD step "
                       "on the claimed smoothed loss, 4 s.e.: " + "; ".join(notes) + "; Gaussian smoothing of "
                       "x^4 - 2x^2 by Gauss-Hermite quadrature: convex at 1.02 x the claimed threshold, not at 0.98 x",
                       examples=3 * draws + 2, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


SMOOTHED_LOSS = register(Theorem(
    id="stochastic.smoothed_loss",
    title=r"SGD is GD on a smoothed loss, in expectation and for the auxiliary sequence $y = x - \eta "
          r"\nabla f(x)$",
    topic="stochastic",
    kind="identity",
    source=cite(POST, 'section "SGD modifies the loss function": "performing SGD is equivalent to '
                      'doing regular gradient descent on a convolved (thus smoothed) loss function"'),
    as_stated=r"\text{SGD} \equiv \text{GD on a convolved (smoothed) loss function}",
    statement=(
        r"Let $x_{t+1} = x_t - \eta(\nabla f(x_t) + \omega_t)$ with $\omega_t$ i.i.d., $\mathbb{E}\,\omega_t = 0$. "
        r"For the auxiliary sequence $y_t = x_t - \eta \nabla f(x_t)$,",
        r"\[ \mathbb{E}[y_{t+1} \mid y_t] = y_t - \eta \nabla_y\, \mathbb{E}_\omega f(y_t - \eta\omega), \]",
        r"one GD step on $f$ convolved with the law of $\eta\omega$ (Kleinberg, Li, Yuan 2018). For the iterates "
        r"themselves $\mathbb{E}[x_{t+1} \mid x_t] = x_t - \eta \nabla f(x_t)$: no smoothing. Gaussian smoothing "
        r"of $x^4 - 2x^2$ with variance $s^2$ is $x^4 + (6s^2 - 2)x^2 + 3s^4 - 2s^2$, convex iff $s^2 \ge 1/3$.",
    ),
    hypotheses=(
        Assumption(r"The noise is independent of the past with mean zero; the statement is in expectation, for "
                   r"the sequence $y_t$."),
        Assumption(r"Escaping to a neighbourhood of $x^*$ needs $f_\eta$ one-point strongly convex with respect "
                   r"to $x^*$ (KLY Theorem 1), and $x^*$ need not be a global minimiser of $f$."),
    ),
    derivation=(
        Step(r"y_{t+1}", r"y_t - \eta\omega_t - \eta\nabla f(y_t - \eta\omega_t)", r"$x_{t+1} = y_t - "
             r"\eta\omega_t$"),
        Step(r"\mathbb{E}[y_{t+1} \mid y_t]", r"y_t - \eta \nabla \mathbb{E}_\omega f(y_t - \eta\omega)",
             r"$\mathbb{E}\,\omega = 0$; differentiation under the expectation"),
    ),
    errata=(
        r"The equivalence holds only in expectation and for the auxiliary sequence $y_t$, not for the SGD "
        r"iterates $x_t$.",
        r"``Converge to a small region around a global minimum'' needs one-point convexity of $f_\eta$ with "
        r"respect to that point.",
        r"The smoothing kernel is the law of $\eta\omega$, not of $\omega$.",
    ),
    references=("R. Kleinberg, Y. Li, Y. Yuan, \"An alternative view: when does SGD escape local minima?\", ICML 2018, "
                "Section 3.",),
    claim=SmoothingClaim(),
    symbolic=_smoothing_symbolic,
    numeric=_smoothing_numeric,
    mutants=(
        Mutant("kernel omega", "smoothing by the law of omega instead of eta omega",
               SmoothingClaim(kernel=sp.Integer(1))),
        Mutant("x-sequence", "E[x_(t+1)] = x_t - eta grad f_eta(x_t) for the iterates",
               SmoothingClaim(sequence="x")),
        Mutant("threshold s^2 >= 1", "Gaussian convexification from s^2 >= 1", SmoothingClaim(threshold=sp.Integer(1))),
    ),
))


# == stochastic.fokker_planck_stationary ============================================================================

_beta = sp.Symbol("beta", positive=True)


@dataclass(frozen=True)
class FokkerPlanckClaim:
    """Stationary laws of ``dx = -grad f dt + sqrt(2 D / beta) dW``: in 1-D ``exp(-beta Phi)`` with
    ``Phi = Int f'/D + log_term log(D) / beta``; for linear drift ``H x`` the covariance is `covariance`
    ("lyapunov": ``H S + S H = 2 D / beta``, or "gibbs": ``H^-1 / beta``); the free energy is
    ``E Phi + entropy_sign H(rho) / beta``."""

    log_term: int = 1
    covariance: str = "lyapunov"
    entropy_sign: int = -1

    def sigma(self, H, D, beta):
        """The claimed stationary covariance (numpy)."""
        if self.covariance == "gibbs":
            return np.linalg.inv(H) / beta
        from scipy.linalg import solve_continuous_lyapunov

        return solve_continuous_lyapunov(H, 2 * D / beta)

    def free_energy(self, rho, phi, beta):
        """``E_rho Phi + entropy_sign H(rho) / beta + log Z / beta`` (numpy or SymPy)."""
        log = sp.log if isinstance(rho[0], sp.Basic) else np.log
        entropy = -sum(r * log(r) for r in rho)
        Z = sum((sp.exp if log is sp.log else np.exp)(-beta * p) for p in phi)
        return sum(r * p for r, p in zip(rho, phi)) + self.entropy_sign * entropy / beta + log(Z) / beta


def _fokker_planck_symbolic(claim, context):
    # (i) 1-D, general f and D: rho = D^(-log_term) exp(-beta I), I' = f'/D; the flux must vanish
    f, D, I = (sp.Function(name)(_x) for name in ("f", "D", "I"))
    rho = D ** (-claim.log_term) * sp.exp(-_beta * I)
    flux = (-sp.diff(f, _x) * rho - sp.diff(D * rho, _x) / _beta).subs(sp.Derivative(I, _x), sp.diff(f, _x) / D)
    if sp.simplify(flux) != 0:
        concrete = {f: _x**2 / 2, D: 1 + _x**2}
        value = sp.simplify(flux.subs(concrete).doit().subs({_x: 1, _beta: 1, I: sp.log(2) / 2}))
        return CheckResult(False, "refuted: the claimed 1-D density has a non-zero probability flux", counterexample={
            "f": "x^2/2", "D": "1 + x^2", "x": 1, "beta": 1, "lhs": f"flux = {value}", "rhs": "0"})
    # (ii) a linear drift with anisotropic D: the Gaussian exp(-x^T P x / 2) is stationary iff the Fokker-Planck
    # residual vanishes for every x; solved for P and compared with the claimed covariance
    x = sp.Matrix(sp.symbols("x1 x2", real=True))
    p11, p12, p22 = sp.symbols("p11 p12 p22", real=True)
    P = sp.Matrix([[p11, p12], [p12, p22]])
    rows = []
    for H, Dm, beta in ((sp.diag(1, 2), sp.Matrix([[1, sp.Rational(1, 2)], [sp.Rational(1, 2), 1]]), 1),
                        (sp.Matrix([[2, 1], [1, 3]]), sp.diag(1, 4), 2)):
        residual = sp.expand(H.trace() - (x.T * H.T * P * x)[0] + ((x.T * P * Dm * P * x)[0] - (Dm * P).trace()) / beta)
        equations = sp.Poly(residual, *x).coeffs()
        solutions = [s for s in sp.solve(equations, [p11, p12, p22], dict=True) if P.subs(s).is_positive_definite]
        derived = P.subs(solutions[0]).inv()
        claimed = sp.Matrix(claim.sigma(np.array(H, float), np.array(Dm, float), beta))
        gap = float((derived - claimed).norm())
        if gap > 1e-12:
            return CheckResult(False, "refuted: the claimed stationary covariance", counterexample={
                "H": str(H.tolist()), "D": str(Dm.tolist()), "beta": beta, "lhs": f"claimed {claimed.tolist()}",
                "rhs": f"from the Fokker-Planck equation {derived.tolist()}"})
        current = (-H + Dm * derived.inv() / beta).applyfunc(sp.nsimplify)
        rows.append(f"H = {H.tolist()}, D = {Dm.tolist()}: Sigma = {derived.tolist()}, current matrix "
                    f"{current.tolist()}")
    # (iii) the free energy: beta^-1 KL(rho || exp(-beta Phi)/Z) for three states
    a = sp.symbols("a1:4", positive=True)
    r = [ai / sum(a) for ai in a]  # a probability vector
    phi = sp.symbols("phi1:4", real=True)
    Z = sum(sp.exp(-_beta * p) for p in phi)
    kl = sum(ri * sp.log(ri / (sp.exp(-_beta * p) / Z)) for ri, p in zip(r, phi)) / _beta
    result = identities_check([("beta^-1 KL(rho || rho_ss) = free energy + log Z / beta", sp.expand_log(
        kl, force=True), sp.expand_log(claim.free_energy(r, phi, _beta), force=True))], context, detail="")
    if not result.passed:
        return result
    return CheckResult(True, "1-D: rho = exp(-beta Phi), Phi = Int f'/D + log(D)/beta, has zero flux for an undefined "
                       "f and D; linear drift: the stationary Gaussian solved from the Fokker-Planck equation (SymPy) "
                       "equals the claimed covariance, " + "; ".join(rows) + " (a non-zero current: broken detailed "
                       "balance, the 'limit cycles'); the free energy E Phi - H(rho)/beta = beta^-1 KL(rho || "
                       "rho_ss) - log Z / beta for three states")


@st.composite
def _linear_instances(draw):
    d = draw(st.integers(2, 3))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    A, C = rng.standard_normal((d, d)), rng.standard_normal((d, d))
    return {"H": A @ A.T + 0.5 * np.eye(d), "D": C @ C.T + 0.5 * np.eye(d), "beta": draw(st.sampled_from([0.5, 1, 4])),
            "points": rng.standard_normal((20, d))}


def _fokker_planck_numeric(claim, context):
    def example(instance):
        H, D, beta, X = instance["H"], instance["D"], instance["beta"], instance["points"]
        P = np.linalg.inv(claim.sigma(H, D, beta))
        # the stationary Fokker-Planck residual of the Gaussian exp(-x^T P x / 2), divided by the density
        residual = (np.trace(H) - np.einsum("ni,ij,nj->n", X, H.T @ P, X)
                    + (np.einsum("ni,ij,nj->n", X, P @ D @ P, X) - np.trace(D @ P)) / beta)
        scale = np.trace(np.abs(H)) + np.einsum("ni,ij,nj->n", np.abs(X), np.abs(H.T @ P) + np.abs(P @ D @ P) / beta,
                                                np.abs(X))
        return worst_comparison({"Fokker-Planck residual": (residual, 0.0, 1e3 * np.finfo(float).eps * scale)})

    result = property_check(_linear_instances(), example, context, tolerance=1.0, detail="the stationary "
                            "Fokker-Planck residual of N(0, Sigma_claimed) at 20 random points, in units of 1e3 ulps "
                            "of its terms; random H, D > 0 in 2-3 dimensions")
    parts = {}
    # 1-D finite volumes with zero flux at every face: rho_(i+1) / rho_i from the discretised current, against
    # the claimed density, for f = x^2/2, D = 1 + x^2 (second order in h)
    beta, L, cells = 2.0, 4.0, 4000
    xs = np.linspace(-L, L, cells + 1)
    h = xs[1] - xs[0]
    mid = (xs[:-1] + xs[1:]) / 2
    Dv = 1 + xs**2
    ratio = (Dv[:-1] / beta - mid * h / 2) / (Dv[1:] / beta + mid * h / 2)
    discrete = np.concatenate([[1.0], np.cumprod(ratio)])
    phi = 0.5 * np.log1p(xs**2) + claim.log_term * np.log1p(xs**2) / beta  # Int x/(1 + x^2) = log(1 + x^2)/2
    claimed = np.exp(-beta * phi)
    discrete, claimed = discrete / discrete.sum(), claimed / claimed.sum()
    parts["1-D finite volumes against the claimed density (L1)"] = (np.abs(discrete - claimed).sum(), 0.0, 10 * h**2)
    # a random non-reversible 8-state chain: KL to the stationary law never increases; the free-energy identity
    rng = context.rng("markov")
    Pm = rng.random((8, 8)) ** 3
    Pm /= Pm.sum(axis=1, keepdims=True)
    w, v = np.linalg.eig(Pm.T)
    pi = np.real(v[:, np.argmin(np.abs(w - 1))])
    pi /= pi.sum()
    p, kls = np.eye(8)[0], []
    for _ in range(30):
        p = p @ Pm
        kls.append(float(np.sum(p[p > 0] * np.log(p[p > 0] / pi[p > 0]))))
    parts["KL(p_t || pi) non-increasing"] = (max(np.diff(kls).max(), 0.0), 0.0, 1e-14)
    rho, potential = rng.dirichlet(np.ones(8)), rng.standard_normal(8)
    kl = float(np.sum(rho * np.log(rho / (np.exp(-2.0 * potential) / np.exp(-2.0 * potential).sum())))) / 2.0
    parts["free-energy identity, 8 states, beta = 2"] = (kl, claim.free_energy(list(rho), list(potential), 2.0), 1e-13)
    error, witness = worst_comparison(parts)
    passed = result.passed and error <= 1.0
    return CheckResult(passed, result.detail + f"; 1-D finite volumes (f = x^2/2, D = 1 + x^2, beta = 2, h = {h:.4f}): "
                       f"L1 distance {parts['1-D finite volumes against the claimed density (L1)'][0]:.2e} to the "
                       f"claimed density (tolerance 10 h^2); KL to the stationary law of a random 8-state chain over "
                       f"30 steps: {kls[0]:.4f} .. {kls[-1]:.2e}, never increasing; the free-energy identity to 1e-13",
                       examples=result.examples + cells + 31, max_error=max(result.max_error, error), tolerance=1.0,
                       counterexample=result.counterexample if not result.passed else (None if passed else witness))


FOKKER_PLANCK_STATIONARY = register(Theorem(
    id="stochastic.fokker_planck_stationary",
    title="The Fokker-Planck equation of SGD: stationary laws, broken detailed balance, and the free energy",
    topic="stochastic",
    kind="theorem",
    source=cite(POST, 'section "SGD is governed by stochastic differential equations": "the governing '
                      'equation is actually a Fokker-Planck equation"; "converges to limit cycles"; '
                      '"monotonically converge ... in the sense of the KL-divergence" (Eq. 11)'),
    as_stated=r"\text{drag drifts the mean, random forces increase the variance; SGD converges to limit cycles}",
    statement=(
        r"For $dx = -\nabla f\,dt + \sqrt{2\beta^{-1}D}\,dW$ the density obeys $\partial_t\rho = \nabla\cdot"
        r"(\nabla f\,\rho + \beta^{-1}\nabla\cdot(D\rho))$. (i) $D = I$: $\rho_{ss} \propto e^{-\beta f}$ with zero "
        r"current. (ii) 1-D, $D(x) > 0$: $\rho_{ss} \propto e^{-\beta\Phi}$, $\Phi = \int f'/D + \beta^{-1}\log D$. "
        r"(iii) Linear drift $Hx$: $\rho_{ss} = N(0, \Sigma)$ with $H\Sigma + \Sigma H = 2\beta^{-1}D$ and current "
        r"$J = \rho(-H + \beta^{-1}D\Sigma^{-1})x$, zero iff $HD = DH$; otherwise the stationary state circulates. "
        r"The free energy $F(\rho) = \mathbb{E}_\rho\Phi - \beta^{-1}H(\rho) = \beta^{-1}\mathrm{KL}(\rho \,\|\, "
        r"\rho_{ss}) - \beta^{-1}\log Z$ decreases along the dynamics.",
    ),
    hypotheses=(
        Assumption(r"It\^o calculus: $\nabla\cdot(D\rho)$, not $D\nabla\rho$ (they differ for a state-dependent "
                   r"$D$)."),
    ),
    derivation=(
        Step(r"J", r"-f'\rho - \beta^{-1}(D\rho)'", r"the 1-D probability current"),
        Step(r"H\Sigma + \Sigma H", r"2\beta^{-1}D", r"the Gaussian ansatz in the stationary equation, "
             r"coefficients of $x x^\top$"),
        Step(r"\beta^{-1}\mathrm{KL}(\rho \,\|\, e^{-\beta\Phi}/Z)", r"\mathbb{E}_\rho\Phi - \beta^{-1}H(\rho) + "
             r"\beta^{-1}\log Z", r"expand the logarithm"),
    ),
    errata=(
        r"``Drag moves the mean, random forces increase the variance'': the drift also contracts the variance, "
        r"$\dot\Sigma = -H\Sigma - \Sigma H + 2\beta^{-1}D$; the stationary variance is a balance.",
        r"``Limit cycles'': what is proved is a non-zero stationary probability current (broken detailed "
        r"balance), not deterministic limit cycles of the iterates.",
        r"Minimising $F$ trades $\mathbb{E}\Phi$ against entropy; it is the distribution that evolves, not the "
        r"iterates, and a monotone KL gives no rate without a log-Sobolev constant.",
    ),
    references=(CHAUDHARI, RISKEN),
    claim=FokkerPlanckClaim(),
    symbolic=_fokker_planck_symbolic,
    numeric=_fokker_planck_numeric,
    mutants=(
        Mutant("Phi without log D", "Phi = Int f'/D (the log D / beta term dropped)", FokkerPlanckClaim(log_term=0)),
        Mutant("Gibbs for anisotropic D", "stationary covariance H^-1 / beta whatever D",
               FokkerPlanckClaim(covariance="gibbs")),
        Mutant("F = E Phi + H / beta", "the entropy's sign flipped", FokkerPlanckClaim(entropy_sign=1)),
    ),
))

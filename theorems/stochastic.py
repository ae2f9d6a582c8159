"""Stochastic dynamics: SGD noise, SGD as an SDE, Langevin dynamics, Fokker-Planck, Gibbs masses, smoothing.

Sources: Poggio, "Theory of Deep Learning", slides "Langevin equation", "SGD",
"GDL selects larger volume minima" (seed 000, L154-L216; claims C17-C22 of
claims.md), and the post on non-convex optimization (seed 002; claims B8-B15,
B18).  Conventions, fixed here and in :mod:`numerics.stochastic`: the Langevin
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

SOURCE_000 = "seeds/000_3f2a361bd938fe41.txt (Poggio, Theory of Deep Learning)"
SOURCE_002 = "seeds/002 (post on non-convex optimization)"
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


# == stochastic.sgd_noise_unbiased (claims C20, C21) ================================================================


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
    # Monte Carlo on a least-squares problem (claims.md C21): n = 50, d = 3, B = 5, 10^5 draws, |mean| <= 4 s.e.
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
    source=SOURCE_000 + ', slide "SGD" (L166-L178)',
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
        Mutant("minibatch sum", "the minibatch gradient as a sum over the batch (C20)",
               UnbiasedNoiseClaim(batch="sum")),
    ),
))


# == stochastic.sgd_noise_covariance (claims B9, B18) ===============================================================


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
                       f"eta / B = r it still depends on B: d/dB = {sp.sstr(dependence)} (B18: eta/B is the relevant "
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
              "(numerics.stochastic.sgd_stationary_covariance) against the claimed formula at 4 (h, c, eta, B), "
              f"relative 1e-12, and {chains} SGD chains (h = 2, c = 1/2, eta = 0.2, B = 4, 200 steps): sample "
              f"variance {variance:.5f} +- {se:.5f} against the claim {stationary(eta, c, B, h):.5f} (4 s.e.)")
    passed = error <= 1.0
    return CheckResult(passed, detail, examples=result.examples + 4 + chains, max_error=max(error, result.max_error),
                       tolerance=1.0, counterexample=None if passed else witness)


SGD_NOISE_COVARIANCE = register(Theorem(
    id="stochastic.sgd_noise_covariance",
    title="The covariance of minibatch noise and the stationary covariance of SGD: lr/B only to first order",
    topic="stochastic",
    kind="theorem",
    source=SOURCE_002 + ': "the variance of the associated distribution is proportional to learning_rate / '
                        'batch_size"; "learning_rate / batch_size is more meaningful"',
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


# == stochastic.sgd_sde_temperature (claim B10) =====================================================================


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
                       f"first-order correction); {particles} Euler-Maruyama paths (numerics.stochastic.langevin) of "
                       f"the SDE at the claimed T with dt = eta = {eta}, B = {B}: variance {variance:.6f} +- {se:.6f} "
                       f"against SGD's {exact:.6f} (4 s.e.)", examples=12 + particles, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


SGD_SDE_TEMPERATURE = register(Theorem(
    id="stochastic.sgd_sde_temperature",
    title="SGD as a stochastic differential equation: the temperature is lr/(2B) in the convention that fixes it",
    topic="stochastic",
    kind="theorem",
    source=SOURCE_002 + ': "a temperature term T = 1/beta = learning_rate / (2 batch_size)"',
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


# == stochastic.langevin_boltzmann (claims C17, C18, C19) ===========================================================

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
    # SGLD on V = k x^2 / 2 with step gamma and noise noise * sqrt(gamma) (C18): its stationary variance, to first
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
    # SGLD on x^2/2 (C18): gamma = 0.01, T = 0.5, exact discrete variance 2 gamma T / (1 - (1 - gamma)^2)
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


LANGEVIN_BOLTZMANN = register(Theorem(
    id="stochastic.langevin_boltzmann",
    title="Langevin dynamics: with noise sqrt(2T) the Boltzmann density exp(-V/T)/Z is stationary",
    topic="stochastic",
    kind="theorem",
    source=SOURCE_000 + ', slides "Langevin equation" (L154-L160)',
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
    mutants=(
        Mutant("1/Z = e^{-V/T}", "the slide's p, constant", LangevinClaim(density=sp.Integer(1))),
        Mutant("exp(+V/T)", "the sign of the exponent flipped", LangevinClaim(density=sp.exp(_V / _T))),
        Mutant("noise sqrt(T)", "the Langevin noise without its factor 2", LangevinClaim(noise=sp.sqrt(_T))),
    ),
))

"""``stochastic.sgd_sde_temperature``:

SGD as a stochastic differential equation: the temperature is mathrm{lr}/(2B) in the convention that fixes it.
"""

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import stochastic
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.stochastic.references import CHAUDHARI, MANDT
from theorems.entries.stochastic.symbols import _T, _b, _eta, _h
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POST, cite

__all__ = ["SGD_SDE_TEMPERATURE", "TemperatureClaim"]


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

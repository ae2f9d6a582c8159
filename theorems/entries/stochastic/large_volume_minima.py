"""``stochastic.large_volume_minima``:

Langevin dynamics favours large-volume minima: Gibbs masses shrink with curvature, grow with flatness.
"""

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import stochastic
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.stochastic.references import CHAUDHARI, ZHANG
from theorems.entries.stochastic.symbols import _T, _x
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POGGIO, cite

__all__ = ["LARGE_VOLUME_MINIMA", "VolumeClaim"]

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

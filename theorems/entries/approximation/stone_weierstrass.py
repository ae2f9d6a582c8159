"""``approximation.stone_weierstrass``: Weierstrass approximation by Bernstein polynomials, with Popoviciu's rate."""

import functools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import approximation
from numerics.conventions import gamma
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.approximation.references import TREFETHEN
from theorems.entries.approximation.symbols import _n, _x
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["BernsteinClaim", "STONE_WEIERSTRASS"]


@dataclass(frozen=True)
class BernsteinClaim:
    """``B_n(x^2) = x^2 + moment`` and ``||B_n f - f|| <= constant omega_f(n^(-1/2))`` (Popoviciu)."""

    moment: sp.Expr = _x * (1 - _x) / _n
    constant: sp.Expr = sp.Rational(3, 2)


def _bernstein_symbolic_value(f, n, x):
    return sum(f(sp.Rational(k, n)) * sp.binomial(n, k) * x**k * (1 - x) ** (n - k) for k in range(n + 1))


def _stone_weierstrass_symbolic(claim, context):
    top = context.profile.pick(quick=6, default=10, thorough=16)
    identities = [(f"B_{n}(x^2) - x^2 = moment at n = {n}", sp.expand(_bernstein_symbolic_value(
        lambda t: t**2, n, _x) - _x**2), claim.moment.subs(_n, n)) for n in range(1, top + 1)]
    result = identities_check(identities, context, detail="")
    if not result.passed:
        return result
    # Popoviciu on f = |x - 1/2| (1-Lipschitz, omega(h) = h): the error at x = 1/2 is exact and rational
    for n in range(2, top + 1, 2):
        error = _bernstein_symbolic_value(lambda t: abs(t - sp.Rational(1, 2)), n, sp.Rational(1, 2))
        bound = claim.constant / sp.sqrt(n)
        if error > bound:
            return CheckResult(False, f"refuted: ||B_n f - f|| <= constant omega_f(n^-1/2) at n = {n}",
                               counterexample={"f": "|x - 1/2|", "n": n, "lhs": f"B_n f(1/2) - f(1/2) = {error}",
                                               "rhs": f"constant / sqrt(n) = {bound} = {sp.N(bound, 8)}"})
    return CheckResult(True, f"B_n(x^2) = x^2 + x(1-x)/n expanded exactly for n = 1..{top} (only affine functions "
                       f"are reproduced); Popoviciu's bound checked exactly on |x - 1/2| at x = 1/2, n = 2..{top} "
                       f"(B_10 = 63/512 <= {claim.constant}/sqrt(10))")


_GRID = np.linspace(0.0, 1.0, 10001)


@functools.lru_cache(maxsize=None)
def _bernstein_square(n):
    return approximation.bernstein(np.square, n, _GRID[::10]) - _GRID[::10] ** 2


@functools.lru_cache(maxsize=None)
def _bernstein_kink_error(n):
    return float(np.abs(approximation.bernstein(lambda t: np.abs(t - 0.5), n, _GRID) - np.abs(_GRID - 0.5)).max())


def _stone_weierstrass_numeric(claim, context):
    moment = sp.lambdify((_x, _n), claim.moment, "numpy")
    constant = float(claim.constant)
    parts, errors = {}, {}
    for n in (1, 2, 5, 10, 100, 1000):
        # B_n(x^2) sums n + 1 nonnegative terms of size <= 1: rounding <= 2 gamma_{n+3} (n + 1)
        parts[f"B_{n}(x^2) - x^2 against the moment"] = (
            _bernstein_square(n), np.broadcast_to(moment(_GRID[::10], n), (1001,)),
            2 * gamma(n + 3) * (n + 1) + 4 * np.finfo(float).eps)
    for n in context.profile.pick(quick=(10, 100), default=(10, 100, 1000), thorough=(10, 100, 1000, 4000)):
        errors[n] = _bernstein_kink_error(n)
        parts[f"Popoviciu at n = {n} (excess over the bound)"] = (max(errors[n] - constant / math.sqrt(n), 0.0), 0.0,
                                                                   1e-12)
    parts["B_10|x - 1/2| at 1/2 = 63/512"] = (errors[10], 63 / 512, 1e-14)
    ns = np.array(sorted(errors))
    slope = float(np.polyfit(np.log(ns), np.log([errors[n] for n in ns]), 1)[0])
    parts["decay exponent of ||B_n|x - 1/2| - |x - 1/2|||"] = (slope, -0.5, 0.05)
    error, witness = worst_comparison(parts)
    detail = ("Bernstein polynomials (numerics.approximation.bernstein): B_n(x^2) - x^2 on 1001 points against the "
              "claimed moment for n = 1..1000 (units: the float64 rounding bound); sup error for |x - 1/2|: "
              + " (10001 points), " + ", ".join(f"n = {n}: {e:.6g}" for n, e in errors.items())
              + f" (log-log slope {slope:.3f}, against -1/2) within {constant} n^(-1/2)")
    return CheckResult(error <= 1.0, detail, examples=6 * 1001 + 10001 * len(errors), max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


STONE_WEIERSTRASS = register(Theorem(
    id="approximation.stone_weierstrass",
    title="Weierstrass approximation by Bernstein polynomials, with Popoviciu's rate",
    topic="approximation",
    kind="theorem",
    source=cite(SEANCE, 'slide "Stone-Weierstrass theorem"'),
    as_stated=r"\forall f \in C([a, b]),\ \forall \varepsilon > 0,\ \exists P:\ \sup_{x\in[a,b]} |f(x) - P(x)| "
              r"< \varepsilon",
    statement=(
        r"For $f$ continuous on a compact interval (mapped to $[0, 1]$), the Bernstein polynomials",
        sp.Eq(sp.Function("B_n")(sp.Function("f")(_x)), sp.Sum(sp.Function("f")(sp.Symbol("k") / _n)
              * sp.binomial(_n, sp.Symbol("k")) * _x ** sp.Symbol("k") * (1 - _x) ** (_n - sp.Symbol("k")),
              (sp.Symbol("k"), 0, _n))),
        r"converge uniformly: $\|B_n f - f\|_\infty \le \frac32\,\omega_f(n^{-1/2})$. They reproduce affine "
        r"functions only: $B_n(x^2) = x^2 + x(1-x)/n$. Stone's theorem: a subalgebra of $C(K)$, $K$ compact, "
        r"that contains the constants and separates points is dense.",
    ),
    hypotheses=(
        Assumption(r"The interval $[a, b]$ is closed and bounded: on $(0, 1)$, $1/x$ is continuous and no "
                   r"polynomial is within any $\varepsilon$; on $\mathbb{R}$ non-constant polynomials are "
                   r"unbounded."),
    ),
    derivation=(
        Step(r"B_n(x^2)", r"\mathbb{E}\big[(S/n)^2\big] = x^2 + \frac{x(1-x)}{n}", r"$S \sim \mathrm{Bin}(n, x)$: "
             r"mean $nx$, variance $nx(1-x)$"),
        Step(r"|B_n f(x) - f(x)|", r"\le \omega_f(\delta)\big(1 + \mathbb{E}|S/n - x|/\delta\big) \le "
             r"\frac32\,\omega_f(n^{-1/2})", r"$\omega_f(\lambda\delta) \le (1 + \lambda)\omega_f(\delta)$, "
             r"Cauchy-Schwarz, $x(1-x) \le 1/4$, $\delta = n^{-1/2}$"),
    ),
    errata=(r"The displayed statement is Weierstrass's theorem (1885); Stone-Weierstrass is the algebra version. "
            r"The interval must be closed and bounded (implicit on the slide).",),
    references=("S. N. Bernstein, \"Demonstration du theoreme de Weierstrass fondee sur le calcul des "
                "probabilites\", Comm. Soc. Math. Kharkov 13 (1912).", "T. Popoviciu, 1935; G. G. Lorentz, "
                "Bernstein Polynomials, 2nd ed., Chelsea 1986, Theorem 1.6.1.", TREFETHEN),
    claim=BernsteinClaim(),
    symbolic=_stone_weierstrass_symbolic,
    numeric=_stone_weierstrass_numeric,
    mutants=(
        Mutant("B_n(x^2) = x^2", "Bernstein polynomials reproduce x^2", BernsteinClaim(moment=sp.Integer(0))),
        Mutant("constant 1/4", "||B_n f - f|| <= omega_f(n^-1/2) / 4", BernsteinClaim(constant=sp.Rational(1, 4))),
    ),
))

"""``approximation.curse_of_dimensionality``:

The curse of dimensionality: generic functions of d variables need a number of units exponential in d/m.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp

from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.approximation.symbols import _d, _eps, _m
from theorems.entries.approximation.unit_counts import _units_for_accuracy
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POGGIO, cite

__all__ = ["CURSE_OF_DIMENSIONALITY", "CurseClaim"]


@dataclass(frozen=True)
class CurseClaim:
    """A generic function of d variables with smoothness m needs ``N = eps^(-exponent)`` units for accuracy eps."""

    exponent: sp.Expr = _d / _m

    def value(self, d, m):
        return float(self.exponent.subs({_d: d, _m: m}))


def _curse_symbolic(claim, context):
    identities = []
    for d in (1, 2, 3, 8):
        for m in (1, 2, 3):
            units = _units_for_accuracy(d, m)
            identities.append((f"log N / log(1/eps) at d = {d}, m = {m}", sp.simplify(
                sp.expand_log(sp.log(units) / sp.log(1 / _eps), force=True)), claim.exponent.subs({_d: d, _m: m})))
    result = identities_check(identities, context, detail="")
    if not result.passed:
        return result
    reference = {m: _units_for_accuracy(8, m).subs(_eps, sp.Rational(1, 10)) for m in (1, 2)}
    return CheckResult(True, "the exponent of N(eps) derived from the tensor-grid error model (error h^m, h^(-d) "
                       "cells; SymPy solves for h, then N) for d = 1, 2, 3, 8 and m = 1, 2, 3; reference values "
                       f"d = 8, eps = 1/10: N = {reference[1]} (m = 1), {reference[2]} (m = 2)")


def _piecewise_constant_error(d, cells, rng):
    """Sup error (on random points) of the cell-centre approximant of ``max_j |x_j - 1/2|`` on ``[0, 1]^d``."""
    h = 1.0 / cells
    X = rng.random((100_000, d))
    centres = (np.minimum(np.floor(X / h), cells - 1) + 0.5) * h
    return float(np.abs(np.abs(X - 0.5).max(axis=1) - np.abs(centres - 0.5).max(axis=1)).max()), h


def _curse_numeric(claim, context):
    from numerics.compositional import grid_interpolant

    rng = context.rng("curse")
    parts, slopes = {}, {}
    for d in (1, 2, 3):
        # m = 1: cell centres for a 1-Lipschitz function (max norm); the error is at most h/2, exactly
        cells = (4, 8, 16, 32) if d < 3 else (4, 8, 16)
        measured = [_piecewise_constant_error(d, n, rng) for n in cells]
        parts[f"m = 1, d = {d}: error <= h/2"] = (max(max(e - h / 2, 0.0) for e, h in measured), 0.0, 1e-15)
        slopes[(d, 1)] = np.polyfit(d * np.log(cells), np.log([e for e, _ in measured]), 1)[0]
        # m = 2: multilinear interpolation of a smooth function on (n + 1)^d grid points, n^d cells
        smooth = lambda *xs: sum(np.sin(2 * x) for x in xs)  # noqa: E731
        X = rng.random((20_000, d))
        errors = [float(np.abs(grid_interpolant(smooth, np.zeros(d), np.ones(d), n + 1)(*X.T) - smooth(*X.T)).max())
                  for n in cells]
        slopes[(d, 2)] = np.polyfit(d * np.log(cells), np.log(errors), 1)[0]
    for (d, m), slope in slopes.items():
        predicted = -1 / claim.value(d, m)
        parts[f"rate exponent d = {d}, m = {m}"] = (slope, predicted, 0.15 * abs(predicted))
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "tensor-grid approximants on [0, 1]^d (cell centres for max_j |x_j - 1/2|, "
                       "m = 1; multilinear interpolation of sum_j sin 2x_j, m = 2; errors on random points): "
                       "log-log slopes of error against cells " + ", ".join(
                           f"(d = {d}, m = {m}): {s:.3f}" for (d, m), s in slopes.items())
                       + " against -1/exponent (tolerance 15%); the m = 1 error never exceeds h/2 (exact "
                       "inequality). An upper-bound witness: the optimality of eps^(-d/m) (DeVore, Howard and "
                       "Micchelli 1989) is cited, not computed", examples=100_000 * 11 + 20_000 * 11,
                       max_error=error, tolerance=1.0, counterexample=None if error <= 1.0 else witness)


CURSE_OF_DIMENSIONALITY = register(Theorem(
    id="approximation.curse_of_dimensionality",
    title="The curse of dimensionality: generic functions of $d$ variables need a number of units "
          "exponential in $d/m$",
    topic="approximation",
    kind="theorem",
    source=cite(POGGIO, 'slide "Curse of dimensionality", after Mhaskar, Poggio, Liao 2016'),
    as_stated=r"y = f(x_1, \dots, x_d): \text{ shallow and deep nets need } O(\varepsilon^{-d}) \text{ parameters}",
    statement=(
        r"For $f$ in the unit ball of the Sobolev space $W_m$ on $[-1, 1]^d$ and a smooth non-polynomial "
        r"activation, a shallow network with",
        sp.Eq(sp.Symbol("N"), _eps ** (-_d / _m)),
        r"units reaches sup-error $\varepsilon$ (up to constants), and no continuous parameter selection does "
        r"better in the worst case (nonlinear widths, DeVore, Howard and Micchelli 1989). For ReLU and "
        r"Lipschitz $f$ ($m = 1$): $N = O((\varepsilon/L)^{-d})$. For generic (non-compositional) $f$ deep "
        r"networks need the same order; the slide's $\varepsilon^{-d}$ is the case $m = 1$.",
    ),
    hypotheses=(
        Assumption(r"$f$ has smoothness $m$ (the rate is $\varepsilon^{-d/m}$; $\varepsilon^{-d}$ is $m = 1$)."),
        Assumption(r"Counts are of units; parameters differ by the factor $d + 2$ for a shallow net."),
    ),
    derivation=(
        Step(r"\varepsilon", r"h^m", r"a tensor grid of spacing $h$ approximates $f \in W_m$ to $O(h^m)$"),
        Step(r"N", r"h^{-d} = \varepsilon^{-d/m}", r"one unit per cell, solved for $\varepsilon$"),
    ),
    errata=(r"The smoothness exponent $m$ is omitted: the count is $O(\varepsilon^{-d/m})$; and ``parameters'' "
            r"versus ``units'' differ by a factor $d + 2$.",),
    references=("H. N. Mhaskar, \"Neural networks for optimal approximation of smooth and analytic functions\", "
                "Neural Computation 8 (1996) 164-177.", "T. Poggio, H. Mhaskar, L. Rosasco, B. Miranda, Q. Liao, "
                "Int. J. Automation and Computing 14 (2017) 503-519, Theorems 1 and 4.",
                "R. DeVore, R. Howard, C. Micchelli, \"Optimal nonlinear approximation\", Manuscripta Math. 63 "
                "(1989) 469-478."),
    claim=CurseClaim(),
    symbolic=_curse_symbolic,
    numeric=_curse_numeric,
    mutants=(
        Mutant("eps^-2 for generic f", "the compositional rate O(d eps^-2) claimed for a generic function",
               CurseClaim(exponent=sp.Integer(2))),
        Mutant("eps^-d whatever m", "the slide's exponent d, independent of the smoothness",
               CurseClaim(exponent=_d)),
    ),
))

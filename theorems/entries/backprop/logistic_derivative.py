"""``backprop.logistic_derivative``: The logistic function satisfies sigma' = sigma (1 - sigma)."""

from dataclasses import dataclass
from typing import Callable

import mpmath
import numpy as np
import sympy as sp

from numerics.conventions import UNIT_ROUNDOFF
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.backprop.references import GOODFELLOW
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["LOGISTIC_DERIVATIVE", "LogisticClaim"]


def _mp_logistic(z):
    return 1 / (1 + mpmath.exp(-z))


@dataclass(frozen=True)
class LogisticClaim:
    """``sigma'(z) = first(sigma(z))`` and ``sigma''(z) = second(sigma(z))`` for the logistic function."""

    first: Callable = lambda s: s * (1 - s)  # noqa: E731
    second: Callable = lambda s: s * (1 - s) * (1 - 2 * s)  # noqa: E731


def _logistic_symbolic(claim, context):
    z = sp.Symbol("z", real=True)
    s = 1 / (1 + sp.exp(-z))
    critical = sp.solve(sp.diff(s, z, 2), z)
    return identities_check([
        ("sigma'(z) = first(sigma(z))", sp.diff(s, z), claim.first(s)),
        ("sigma''(z) = second(sigma(z))", sp.diff(s, z, 2), claim.second(s)),
        ("the claimed sigma'(0) is the derivative's maximum 1/4, at its only critical point z = 0",
         claim.first(sp.Rational(1, 2)), sp.Rational(1, 4) if critical == [0] else sp.nan),
        ("symmetry: sigma(-z) = 1 - sigma(z)", s.subs(z, -z), 1 - s),
        ("tanh(z) = 2 sigma(2z) - 1", sp.tanh(z).rewrite(sp.exp), 2 * s.subs(z, 2 * z) - 1),
    ], context, detail="{count} identities proved by differentiating 1/(1 + e^-z): sigma' = sigma (1 - sigma), "
                       "sigma'' = sigma (1 - sigma)(1 - 2 sigma), sigma'(0) = 1/4 = max sigma' (sigma'' = 0 only at "
                       "z = 0), sigma(-z) = 1 - sigma(z), tanh z = 2 sigma(2z) - 1")


def _logistic_numeric(claim, context):
    from scipy.special import expit

    z = np.concatenate([np.linspace(-30.0, 30.0, 1001), context.rng("z").uniform(-30.0, 30.0, 1000)])
    s = expit(z)  # correctly rounded to within an ulp; 1 - s is then exact (Sterbenz) for s >= 1/2
    claimed = np.array([claim.first(v) for v in s]), np.array([claim.second(v) for v in s])
    with mpmath.workdps(30):
        exact = [np.array([float(mpmath.diff(_mp_logistic, mpmath.mpf(v), n)) for v in z]) for n in (1, 2)]
    # s carries a relative error <= 2u; s(1 - s) and s(1 - s)(1 - 2s) are then within 8u of the exact value at
    # the rounded point in the absolute sense (|d/ds| <= 1 and 1.1 on [0, 1]), and moving z to the rounded point
    # changes nothing measurable here: the absolute bound 8u is honest and leaves the mutants (off by >= 4e-14 at
    # z = 30) far outside.
    error, witness = worst_comparison({"sigma' = first(sigma)": (claimed[0], exact[0], 8 * UNIT_ROUNDOFF),
                                       "sigma'' = second(sigma)": (claimed[1], exact[1], 8 * UNIT_ROUNDOFF)})
    return CheckResult(error <= 1.0, "the claimed forms evaluated at scipy's expit(z) against mpmath's derivatives "
                       "of 1/(1 + e^-z) at 30 digits, absolute error in units of 8 float64 roundings, at 2001 points "
                       "of [-30, 30] (a grid and uniform draws)", examples=z.size, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


LOGISTIC_DERIVATIVE = register(Theorem(
    id="backprop.logistic_derivative",
    title=r"The logistic function satisfies $\sigma' = \sigma (1 - \sigma)$",
    topic="backprop",
    kind="identity",
    source=cite(SEANCE, 'slide "Backpropagation - Background: Activation function"'),
    as_stated=r"\sigma(z) = \frac{1}{1 + e^{-z}}, \quad \sigma'(z) = \frac{d\sigma}{dz}(z) = \sigma(z)(1 - \sigma(z))",
    statement=(
        r"For $\sigma(z) = 1/(1 + e^{-z})$ and every real $z$,",
        r"\[ \sigma' = \sigma(1 - \sigma), \qquad \sigma'' = \sigma(1 - \sigma)(1 - 2\sigma), \]",
        r"so $0 < \sigma' \le \sigma'(0) = \tfrac14$; also $\sigma(-z) = 1 - \sigma(z)$ and "
        r"$\tanh z = 2\sigma(2z) - 1$.",
    ),
    hypotheses=(Assumption(r"$z \in \mathbb{R}$ (no other hypothesis: $\sigma$ is analytic)."),),
    derivation=(
        Step(r"\sigma'(z)", r"\frac{e^{-z}}{(1 + e^{-z})^2}", r"quotient rule"),
        Step(r"\frac{e^{-z}}{(1 + e^{-z})^2}", r"\frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}} = "
             r"\sigma(z)(1 - \sigma(z))", r"$1 - \sigma(z) = e^{-z}/(1 + e^{-z})$"),
    ),
    errata=(r"None: the slide is right. Numerically, evaluate $\sigma$ with a stable routine (scipy's expit): "
            r"$1/(1 + e^{-z})$ overflows for $z < -709$.",),
    references=(GOODFELLOW,),
    claim=LogisticClaim(),
    symbolic=_logistic_symbolic,
    numeric=_logistic_numeric,
    mutants=(
        Mutant("sigma (1 + sigma)", "a sign slip", LogisticClaim(first=lambda s: s * (1 + s))),
        Mutant("sigma^2 (1 - sigma)", "an extra factor sigma", LogisticClaim(first=lambda s: s**2 * (1 - s))),
        Mutant("1 - sigma^2", "tanh's identity applied to the logistic function",
               LogisticClaim(first=lambda s: 1 - s**2)),
        Mutant("half", "sigma (1 - sigma) / 2", LogisticClaim(first=lambda s: s * (1 - s) / 2)),
    ),
))

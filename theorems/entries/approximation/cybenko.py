"""``approximation.cybenko``:

Cybenko's theorem: one hidden layer of sigmoids, with output weights and per-unit biases, is universal.
"""

import functools
from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import approximation
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.approximation.references import PINKUS
from theorems.entries.approximation.symbols import _LOGISTIC, _x, _z
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["CYBENKO", "SingleLayerClaim"]


@dataclass(frozen=True)
class SingleLayerClaim:
    """The sums ``sum_k c_k activation(a_k x + b_k)`` are dense in ``C(K)`` for compact ``K``.

    `output_weights` False means ``c_k = 1``; `biases` is ``"per unit"`` or
    ``"shared zero"`` (``b_k = 0``).
    """

    activation: sp.Expr = _LOGISTIC
    output_weights: bool = True
    biases: str = "per unit"


# Three targets, each on the domain where one of the lecture's slips is fatal.
_TARGETS = {"-1 on [0, 1]": (0.0, 1.0, lambda x: -np.ones_like(x)),
            "x^2 on [-1, 1]": (-1.0, 1.0, np.square),
            "x^3 on [0, 1]": (0.0, 1.0, lambda x: x**3)}


def _cybenko_symbolic(claim, context):
    sigma = sp.Lambda(_z, claim.activation)
    if not claim.output_weights and sp.solve_univariate_inequality(claim.activation <= 0, _z,
                                                                   relational=False) == sp.S.EmptySet:
        return CheckResult(False, "refuted: without output weights every h = sum_k sigma(a_k x + b) is > 0",
                           counterexample={"target": "-1", "lhs": "sup |h + 1| >= 1 for every h (sigma > 0)",
                                           "rhs": "0 (density)"})
    if claim.activation.is_polynomial(_z):
        k = sp.degree(claim.activation, _z)
        # x^(k+1) - 2^(-2k-1) T_(k+1)(2x - 1) has degree <= k, and T_(k+1) equioscillates k + 2 times on [0, 1]
        best = sp.expand(_x ** (k + 1) - sp.Rational(1, 2 ** (2 * k + 1)) * sp.chebyshevt(k + 1, 2 * _x - 1))
        spans = sp.degree(sp.expand(sigma(sp.Symbol("a") * _x + sp.Symbol("b"))), _x)
        return CheckResult(False, f"refuted: a polynomial activation of degree {k} spans only polynomials of degree "
                           f"{spans}", counterexample={"target": f"x^{k + 1} on [0, 1]", "best from P_k": str(best),
                                                       "lhs": f"E_k(x^{k + 1}) = {sp.Rational(1, 2 ** (2 * k + 1))}",
                                                       "rhs": "0 (density)"})
    if claim.biases == "shared zero" and sp.simplify(sigma(_z) + sigma(-_z)).is_constant():
        return CheckResult(False, "refuted: with b = 0, sigma(a x) + sigma(-a x) is constant, so the even part of "
                           "every h is constant", counterexample={
                               "target": "x^2 on [-1, 1]", "identity": f"sigma(z) + sigma(-z) = "
                               f"{sp.simplify(sigma(_z) + sigma(-_z))}",
                               "lhs": "sup |x^2 - h| >= min_c sup |x^2 - c| = 1/2", "rhs": "0 (density)"})
    # The density certificate (Leshno et al.): d^j/da^j sigma(a x + b) at a = 0 is x^j sigma^(j)(b), and
    # sigma^(j)(b0) != 0 for j <= 4 at b0 = 7/10, so the closure of the span holds 1, x, ..., x^4 (and by the same
    # argument every monomial: sigma is not a polynomial), hence every polynomial: dense by Weierstrass.
    a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
    b0 = sp.Rational(7, 10)
    identities = [(f"d^{j}/da^{j} sigma(a x + b) at a = 0 = x^{j} sigma^({j})(b)",
                   sp.diff(sigma(a * _x + b), a, j).subs(a, 0), _x**j * sp.diff(sigma(b), b, j)) for j in range(5)]
    result = identities_check(identities, context, detail="")
    if not result.passed:
        return result
    derivatives = [sp.N(sp.diff(sigma(b), b, j).subs(b, b0), 20) for j in range(5)]
    M, t = sp.Symbol("M", positive=True), sp.Symbol("t", positive=True)
    steps = (sp.limit(sigma(M * t), M, sp.oo), sp.limit(sigma(-M * t), M, sp.oo))
    if any(d == 0 for d in derivatives) or steps != (1, 0):
        return CheckResult(False, "the density certificate fails: a vanishing derivative at b0 or not sigmoidal",
                           counterexample={"lhs": f"sigma^(j)(7/10) = {derivatives}, limits {steps}",
                                           "rhs": "all non-zero, limits (1, 0)"})
    return CheckResult(True, "density certificate: d^j/da^j sigma(a x + b) at a = 0 equals x^j sigma^(j)(b) for j "
                       f"= 0..4 (SymPy diff), sigma^(j)(7/10) = {[float(d) for d in derivatives]} all non-zero, so "
                       "the closed span holds the monomials (Leshno et al.: sigma is not a polynomial); sigmoidal: "
                       "sigma(M(x - t)) -> 1[x > t] as M -> oo (SymPy limit)")


@functools.lru_cache(maxsize=None)
def _dictionary_errors(activation, output_weights, biases):
    sigma = sp.lambdify(_z, sp.sympify(activation), "numpy")
    slopes = np.linspace(-12.0, 12.0, 21)
    offsets = np.linspace(-12.0, 12.0, 13) if biases == "per unit" else np.zeros(1)
    a, b = (v.ravel() for v in np.meshgrid(slopes, offsets))
    errors = {}
    for name, (lo, hi, target) in _TARGETS.items():
        x, fine = np.linspace(lo, hi, 401), np.linspace(lo, hi, 8001)
        # sums with c_k = 1 lie in the cone c >= 0: its best error is a lower bound for them
        _, c = approximation.minimax_fit(target(x), sigma(np.outer(x, a) + b), nonnegative=not output_weights)
        # fewer units (273) than fitting points (401), and the error measured on a grid 20 times finer
        errors[name] = float(np.abs(sigma(np.outer(fine, a) + b) @ c - target(fine)).max())
    return errors


def _cybenko_numeric(claim, context):
    errors = _dictionary_errors(str(claim.activation), claim.output_weights, claim.biases)
    staircase = {}
    x = np.linspace(0.0, 1.0, 10001)
    for N in (10, 100, 1000):
        staircase[N] = float(np.abs(approximation.sigmoid_staircase(lambda t: np.sin(2 * np.pi * t), N, x)
                                    - np.sin(2 * np.pi * x)).max())
    parts = {f"best error for {name}": (error, 0.0, 1e-3) for name, error in errors.items()}
    parts.update({f"staircase N = {N} within 2 pi / N": (max(e - 2 * np.pi / N, 0.0), 0.0, 1e-12)
                  for N, e in staircase.items()})
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "sup errors on 8001 points of the best uniform fits on 401 points by linear "
                       "programming (numerics.approximation.minimax_fit) from the claimed class with 21 slopes in "
                       "[-12, 12] x 13 biases (or b = 0), over the cone c >= 0 without output weights: " + ", ".join(
                           f"{name}: {e:.3g}" for name, e in errors.items()) + " (tolerance 1e-3, between the "
                       "dictionary's errors and the obstructions 1/32, 1/2 and 1); Cybenko's staircase of sigmoids "
                       "for sin 2 pi x: " + ", ".join(f"N = {N}: {e:.5g}" for N, e in staircase.items())
                       + " (<= 2 pi / N)", examples=8001 * len(errors) + 10001 * len(staircase), max_error=error,
                       tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


CYBENKO = register(Theorem(
    id="approximation.cybenko",
    title="Cybenko's theorem: one hidden layer of sigmoids, with output weights and per-unit biases, is universal",
    topic="approximation",
    kind="theorem",
    source=cite(SEANCE, 'slides "Single-Layer Neural Network -- Definition" and "Single-Layer Neural '
                        'Network are universal approximators"'),
    as_stated=(r"\begin{gathered}h(x) = \sum_{k=1}^N \sigma(a_k^\top x + b), \quad \forall f \in C([0, 1]^d),\ "
               r"\forall \varepsilon > 0\ \exists N, a, b: \\ \sup_{x \in [a, b]} |f(x) - h(x)| < \varepsilon"
               r"\end{gathered}"),
    statement=(
        r"Let $\sigma$ be continuous and sigmoidal ($\sigma(z) \to 1$ as $z \to \infty$, $\to 0$ as "
        r"$z \to -\infty$). The sums",
        r"\[ G(x) = \sum_{k=1}^N c_k\, \sigma(a_k^\top x + b_k), \qquad c_k, b_k \in \mathbb{R},\ a_k \in "
        r"\mathbb{R}^d, \]",
        r"are dense in $C([0, 1]^d)$: for every $f$ and $\varepsilon > 0$ some $G$ has $\sup_{x \in [0,1]^d} "
        r"|f(x) - G(x)| < \varepsilon$ (Cybenko 1989, Theorem 2; for continuous $\sigma$ exactly when $\sigma$ is "
        r"not a polynomial, Leshno et al. 1993).",
    ),
    hypotheses=(
        Assumption(r"Output weights $c_k$: without them and with $\sigma > 0$, every $h$ is positive and $-1$ is "
                   r"never within $\varepsilon < 1$."),
        Assumption(r"Per-unit biases $b_k$: with one shared $b = 0$ and the logistic $\sigma$, "
                   r"$\sigma(z) + \sigma(-z) = 1$ makes the even part of $h$ constant ($x^2$ stays $1/2$ away)."),
        Assumption(r"$\sigma$ continuous sigmoidal (or any continuous non-polynomial); $\sigma(z) = z^2$ spans "
                   r"$\mathcal{P}_2$ only, $1/32$ away from $x^3$ on $[0, 1]$."),
        Assumption(r"The supremum is over the compact domain $[0, 1]^d$."),
    ),
    derivation=(
        Step(r"\frac{\partial^j}{\partial a^j} \sigma(a x + b)\Big|_{a=0}", r"x^j \sigma^{(j)}(b)",
             r"limits of divided differences in $a$ stay in the closed span"),
        Step(r"\overline{\mathrm{span}}\{\sigma(a x + b)\}", r"\supseteq \mathcal{P}", r"$\sigma^{(j)}(b) \ne 0$ "
             r"for some $b$ when $\sigma$ is not a polynomial"),
        Step(r"\sigma(M(x - t))", r"\to \mathbf{1}[x > t] \quad (M \to \infty)", r"sigmoidal: a staircase of "
             r"steep sigmoids tracks $f$ to $\omega_f(1/N)$"),
    ),
    errata=(
        r"The definition drops the output weights $c_k$ (fatal: with $\sigma > 0$, $h > 0$).",
        r"One bias $b$ is shared by all units; per-unit $b_k$ are needed (fatal for $b = 0$ and the logistic "
        r"$\sigma$: the error for $x^2$ on $[-1, 1]$ stays $1/2$; harmless for generic $b$).",
        r"The supremum is written over $x \in [a, b]$, inconsistent with the domain $[0,1]^d$ and clashing with "
        r"the weights' name $a$.",
        r"The hypothesis on $\sigma$ (continuous sigmoidal, or non-polynomial) is missing; existence only, "
        r"without a bound on $N$ (Barron 1993 gives one under a spectral condition).",
    ),
    references=("G. Cybenko, \"Approximation by superpositions of a sigmoidal function\", Math. Control Signals "
                "Systems 2 (1989) 303-314, Theorem 2.", PINKUS,
                "K. Hornik, \"Approximation capabilities of multilayer feedforward networks\", Neural Networks 4 "
                "(1991) 251-257."),
    claim=SingleLayerClaim(),
    symbolic=_cybenko_symbolic,
    numeric=_cybenko_numeric,
    mutants=(
        Mutant("no output weights", "h = sum_k sigma(a_k x + b_k) (the lecture's definition)",
               SingleLayerClaim(output_weights=False)),
        Mutant("shared bias b = 0", "one bias for all units, here 0", SingleLayerClaim(biases="shared zero")),
        Mutant("sigma(z) = z^2", "a smooth polynomial activation", SingleLayerClaim(activation=_z**2)),
    ),
))

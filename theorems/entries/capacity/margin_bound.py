"""``capacity.margin_bound``:

The margin bound: classification error by a ramp surrogate and the Rademacher complexity over the margin.
"""

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import capacity
from theorems.checks import identities_check
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.capacity.references import BARTLETT, MOHRI
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POGGIO, cite

__all__ = ["MARGIN_BOUND", "MarginClaim"]

_u, _eta, _v = sp.Symbol("u", real=True), sp.Symbol("eta", positive=True), sp.Symbol("v", nonnegative=True)


@dataclass(frozen=True)
class MarginClaim:
    """``P(y f(x) <= 0) <= (1/N) sum_n surrogate(y_n f(x_n)) + (factor / eta) R_N(F) + deviation``.

    Valid when ``1[u <= 0] <= Phi_eta(u) <= surrogate(u, eta)`` for every u and
    every margin ``0 < eta <= eta_max`` and ``factor / eta`` is twice the
    Lipschitz constant of the ramp (contraction after symmetrization).
    """

    surrogate: sp.Expr = sp.exp(-_u / _eta)
    eta_max: float = math.inf
    complexity: sp.Expr = 2 / _eta


def _ramp(u, eta):
    return sp.Piecewise((1, u <= 0), (1 - u / eta, u < eta), (0, True))


_ETAS = (sp.Rational(1, 10), sp.Rational(1, 2), sp.Integer(1), sp.Integer(2), sp.Integer(4))


def _margin_symbolic(claim, context):
    # The complexity term: twice the Lipschitz constant of the ramp, sup |Phi'| on 0 < u < eta.
    lipschitz = sp.Abs(sp.diff(1 - _u / _eta, _u))
    result = identities_check([("complexity factor = 2 x Lipschitz constant of the ramp", claim.complexity,
                                2 * lipschitz)], context, detail="")
    if not result.passed:
        return result
    # The surrogate dominates the ramp: a counterexample on a rational grid (exact signs) refutes it ...
    for eta in (e for e in _ETAS if e <= claim.eta_max):
        for u in [sp.Rational(k, 4) * eta for k in range(-8, 13)]:
            gap = claim.surrogate.subs({_u: u, _eta: eta}) - _ramp(u, eta)
            if gap.is_negative:
                return CheckResult(False, "refuted: the surrogate is below the ramp", counterexample={
                    "u": str(u), "eta": str(eta), "lhs": f"surrogate = {sp.N(gap + _ramp(u, eta), 15)}",
                    "rhs": f"ramp = {_ramp(u, eta)}"})
    # ... and a proof where the surrogate is exp(-u/eta): with u = eta v, d(v) = e^-v - (1 - v) on [0, 1] has
    # d(0) = 0 and d'(v) = 1 - e^-v >= 0 exactly for v >= 0; for u <= 0 and u >= eta the cases are trivial.
    d = claim.surrogate.subs(_u, _eta * _v) - (1 - _v)
    v = sp.Symbol("v", real=True)
    proved = (not d.has(_eta) and d.subs(_v, 0) == 0 and sp.solve_univariate_inequality(
        sp.diff(d, _v).subs(_v, v) >= 0, v, relational=False).is_superset(sp.Interval(0, 1)))
    how = ("proved: with u = eta v the gap is d(v) = " + sp.sstr(d) + ", d(0) = 0 and d'(v) >= 0 on [0, 1]"
           if proved else "no counterexample on the grid (not a proof)")
    return CheckResult(proved, f"complexity factor 2/eta = 2 sup|Phi_eta'| (SymPy diff of the ramp); surrogate >= "
                       f"ramp: {how}; cases u <= 0 (ramp 1 <= e^(-u/eta)) and u >= eta (ramp 0) by inspection")


def _margin_numeric(claim, context):
    surrogate = sp.lambdify((_u, _eta), claim.surrogate, "numpy")
    u = np.linspace(-5.0, 5.0, 2001)
    worst, witness = 0.0, {}
    for eta in (0.1, 0.5, 1.0, 2.0, 4.0):
        if eta > claim.eta_max:
            continue
        ramp = capacity.ramp_loss(u, eta)
        upper = np.broadcast_to(surrogate(u, eta), u.shape)
        # The surrogate must dominate the ramp and the ramp the 0-1 loss: report the worst violation,
        # in units of float64 rounding of the surrogate (a few ulps).
        for name, low, high in (("0-1 <= ramp", (u <= 0).astype(float), ramp), ("ramp <= surrogate", ramp, upper)):
            excess = (low - high) / (4 * np.finfo(float).eps * np.maximum(1.0, np.abs(high)))
            i = int(np.argmax(excess))
            if excess[i] > worst:
                worst, witness = float(excess[i]), {"comparison": name, "u": u[i], "eta": eta, "lower": low[i],
                                                    "upper": high[i]}
    # The complexity term: twice the Lipschitz constant of the ramp, measured as the largest difference quotient.
    complexity = sp.lambdify(_eta, claim.complexity, "numpy")
    for eta in (0.1, 0.5, 1.0, 2.0, 4.0):
        ramp = capacity.ramp_loss(u, eta)
        lipschitz = float(np.max(np.abs(np.diff(ramp)) / np.diff(u)))
        error = abs(float(complexity(eta)) - 2 * lipschitz) / (2 * lipschitz * 1e-9)  # quotients exact to ~1e-12
        if error > worst:
            worst, witness = error, {"eta": eta, "claimed factor": float(complexity(eta)),
                                     "2 x measured Lipschitz constant": 2 * lipschitz}
    coverage = _margin_coverage(claim, context)
    passed = worst <= 1.0 and coverage["holds"]
    return CheckResult(passed, "violations of 1[u <= 0] <= Phi_eta(u) <= surrogate(u) on u in [-5, 5] (2001 "
                       "points) for eta in {0.1, 0.5, 1, 2, 4} up to eta_max, in units of 4 ulps, and |claimed factor "
                       "- 2 max difference quotient of the ramp| in units of 1e-9 relative (ramp_loss of "
                       f"numerics.capacity): max {worst:.3g}; {coverage['detail']}",
                       examples=2001 * 5 + coverage["trials"], max_error=max(worst, coverage["excess"]),
                       tolerance=1.0, counterexample=None if passed else {**witness, **coverage["counterexample"]})


def _margin_coverage(claim, context):
    """The margin bound with the claim's complexity term, by resampling training sets.

    Gaussian inputs in R^2, labels ``sign(x_1)`` flipped with probability 0.1,
    the class of 64 unit-norm linear functions ``<u_k, x>`` whose directions
    make angles ``theta_k`` in ``[0, pi]`` with ``e_1``, so that the 0-1 risk is
    exactly ``0.1 + 0.8 theta_k / pi``; margin ``eta = 1/2`` fixed in advance.
    ``R_N(F)`` is estimated first on 100 independent training sets; a draw fails
    when some ``f`` has risk above its bound.
    """
    N, delta, noise, eta = 100, 0.05, 0.1, 0.5
    angles = np.linspace(0.0, np.pi, 64)
    directions = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    risk = noise + (1 - 2 * noise) * angles / np.pi

    def sample(rng):
        X = rng.standard_normal((N, 2))
        y = np.where(X[:, 0] > 0, 1.0, -1.0) * np.where(rng.random(N) < noise, -1.0, 1.0)
        return y[:, None] * (X @ directions.T)  # the margins y_n <u_k, x_n>, shape (N, 64)

    rng = context.rng("margin complexity")
    complexity = float(np.mean([capacity.empirical_rademacher(sample(rng).T, exact=False, samples=200, rng=rng).value
                                for _ in range(100)]))  # the signs absorb y_n: R_N is that of the values <u_k, x_n>
    slack = float(claim.complexity.subs(_eta, eta)) * complexity + math.sqrt(math.log(1 / delta) / (2 * N))
    trials = context.profile.pick(quick=100, default=400, thorough=2000)
    gaps = []

    def failed(rng):
        gaps.append(float(np.max(risk - capacity.ramp_loss(sample(rng), eta).mean(axis=0))))
        return gaps[-1] > slack

    result = capacity.coverage(failed, trials, rng=context.rng("margin coverage"))
    allowed = delta + 3 * math.sqrt(delta * (1 - delta) / trials)
    quantile = float(np.quantile(gaps, 1 - delta))
    detail = (f"coverage: {trials} training sets of N = {N} Gaussian points in R^2 with {noise:.0%} label noise, 64 "
              f"unit-norm linear classifiers, eta = {eta}, R_N(F) = {complexity:.4f} (Monte Carlo over 100 other "
              f"training sets): the bound failed in {result.failures} of {trials} draws (sup_f P(y f(x) <= 0) - mean "
              f"ramp loss > complexity + deviation = {slack:.4f}), rate {result.rate:.4f} against delta = {delta} "
              f"(allowed delta + 3 s.e. = {allowed:.4f}); its {1 - delta:.0%} quantile is {quantile:.4f}, so the bound "
              f"is loose by {slack / quantile:.0f}x here")
    return {"holds": result.rate <= allowed, "excess": result.rate / allowed, "trials": trials, "detail": detail,
            "counterexample": {"failures": result.failures, "trials": trials, "slack": slack}}


MARGIN_BOUND = register(Theorem(
    id="capacity.margin_bound",
    title="The margin bound: classification error by a ramp surrogate and the Rademacher complexity over the margin",
    topic="capacity",
    kind="bound",
    source=cite(POGGIO, 'slide "Generalization bounds for classification: maximize margin at unit norm"'),
    as_stated=r"E(L_{01}(f)) \le L_{exp}(f) + \frac{2}{\eta}\mathfrak{R}(f) + \sqrt{\frac{\ln(1/\delta)}{2N}}",
    statement=(
        r"For a margin $\eta > 0$ fixed in advance, with probability at least $1 - \delta$, for all $f \in F$:",
        r"\[ \mathbb{P}(y f(x) \le 0) \le \frac1N \sum_{n=1}^N \Phi_\eta(y_n f(x_n)) + \frac{2}{\eta} R_N(F) + "
        r"\sqrt{\frac{\ln(1/\delta)}{2N}}, \qquad \Phi_\eta(u) = \min(1, \max(0, 1 - u/\eta)). \]",
        r"Since $\mathbf{1}[u \le 0] \le \Phi_\eta(u) \le e^{-u/\eta}$, the empirical term may be the mean "
        r"exponential loss of $f/\eta$, or of $f$ itself when $\eta \le 1$.",
    ),
    hypotheses=(
        Assumption(r"The margin $\eta$ is fixed before the sample is drawn (a data-dependent margin needs the "
                   r"union over $\eta$, an extra $\sqrt{\ln\log_2(2/\eta)/N}$)."),
        Assumption(r"$R_N(F)$ is the complexity of the class, not of the single function $f$."),
        Assumption(r"The exponential loss is the mean over the sample, of $f/\eta$ (or of $f$ when $\eta \le 1$)."),
    ),
    derivation=(
        Step(r"\mathbf{1}[u \le 0]", r"\le \Phi_\eta(u) \le e^{-u/\eta}",
             r"cases $u \le 0$, $0 < u < \eta$ ($1 - s \le e^{-s}$), $u \ge \eta$"),
        Step(r"R_N(\Phi_\eta \circ \mathcal{M}_F)", r"\le \frac{1}{\eta} R_N(F)",
             r"$\Phi_\eta$ is $1/\eta$-Lipschitz (Talagrand's contraction lemma)"),
        Step(r"\mathbb{P}(yf(x) \le 0)", r"\le \frac1N\sum_n \Phi_\eta(y_n f(x_n)) + \frac{2}{\eta}R_N(F) + "
             r"\sqrt{\frac{\ln(1/\delta)}{2N}}", r"capacity.rademacher\_bound applied to the $[0, 1]$-valued "
             r"class $\Phi_\eta \circ \mathcal{M}_F$"),
    ),
    errata=(
        r"$L_{exp}(f)$ is valid only for $\eta \le 1$: at $\eta = 4$, $u = 2$ the ramp is $1/2 > e^{-2} = 0.135$; "
        r"in general use the exponential loss of $f/\eta$.",
        r"$\mathfrak{R}(f)$ must be the class complexity $R_N(F)$, not that of one function.",
        r"$L_{exp}$ must be the mean over the sample, not the sum used for training (slide ``GD optimization "
        r"induces a gradient dynamical system''): with the sum the bound "
        r"is valid but loose by a factor $N$.",
        r"A margin chosen after training (the achieved margin) needs the bound uniform in $\eta$.",
    ),
    references=("V. Koltchinskii, D. Panchenko, \"Empirical margin distributions and bounding the generalization "
                "error of combined classifiers\", Ann. Statist. 30 (2002), Theorem 2.", MOHRI, BARTLETT),
    claim=MarginClaim(),
    symbolic=_margin_symbolic,
    numeric=_margin_numeric,
    mutants=(
        Mutant("exp(-u) for every eta", "the slide's L_exp(f) with any margin (here eta up to 4)",
               MarginClaim(surrogate=sp.exp(-_u))),
        Mutant("1/eta", "complexity term R_N(F) / eta", MarginClaim(complexity=1 / _eta)),
        Mutant("eta squared", "complexity term 2 R_N(F) / eta^2", MarginClaim(complexity=2 / _eta**2)),
    ),
))

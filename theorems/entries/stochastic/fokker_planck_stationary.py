"""``stochastic.fokker_planck_stationary``:

The Fokker-Planck equation of SGD: stationary laws, broken detailed balance, and the free energy.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.stochastic.references import CHAUDHARI, RISKEN
from theorems.entries.stochastic.symbols import _x
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POST, cite

__all__ = ["FOKKER_PLANCK_STATIONARY", "FokkerPlanckClaim"]

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

"""Capacity and generalization: Rademacher complexity, norm-product and margin bounds, VC dimension.

Sources: Poggio, "Theory of Deep Learning", slides "Generalization bounds for
regression" and "Generalization bounds for classification", and the course session
"Seance 5: Deep learning", slides "Vapnik's theory applied to Deep Learning" and
"First wave: 1960s -- The Perceptron".
Exact counts and complexities come from :mod:`numerics.capacity` (enumeration of
sign vectors, linear programming); the symbolic side derives the algebra
(homogeneity on every activation region, the inversion of the McDiarmid tail,
Cover's recurrence, the Baum-Haussler inversion, Sauer's chain of inequalities).
"""

import functools
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st
from scipy.optimize import brentq
from scipy.stats import binom

from numerics import capacity, margins, nets, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POGGIO, SEANCE, cite

__all__ = ["COVER_COUNTING", "MARGIN_BOUND", "MIN_NORM_SELECTION", "MODEL_SELECTION", "NORMALIZED_MARGIN",
           "RADEMACHER_BOUND", "RADEMACHER_HOMOGENEITY", "SAUER_SHELAH", "VC_HALFSPACES", "VC_NETWORK_BOUND",
           "BalanceClaim", "BoundClaim", "CoverClaim", "HalfspaceClaim", "HomogeneityClaim", "MarginClaim",
           "RatioClaim", "SauerClaim", "SelectionClaim", "VCNetworkClaim"]

BARTLETT = ("P. L. Bartlett, S. Mendelson, \"Rademacher and Gaussian complexities: risk bounds and structural "
            "results\", JMLR 3 (2002) 463-482, Theorem 8.")
MOHRI = ("M. Mohri, A. Rostamizadeh, A. Talwalkar, Foundations of Machine Learning, 2nd ed., MIT Press 2018, "
         "Theorems 3.3, 3.17, 5.8 and Lemma 5.7.")
GOLOWICH = ("N. Golowich, A. Rakhlin, O. Shamir, \"Size-independent sample complexity of neural networks\", "
            "COLT 2018, Theorem 1.")
COVER = ("T. M. Cover, \"Geometrical and statistical properties of systems of linear inequalities with "
         "applications in pattern recognition\", IEEE Trans. Electron. Comput. EC-14 (1965) 326-334, Theorem 1.")
BAUM = ("E. B. Baum, D. Haussler, \"What size net gives valid generalization?\", Neural Computation 1 (1989) "
        "151-160.")

_N, _delta, _t = sp.symbols("N delta t", positive=True)
_rho = sp.Symbol("rho", positive=True)
_R, _f, _y = sp.symbols("Rtilde ftilde y", nonzero=True)
_W, _nodes = sp.symbols("W N_nodes", positive=True)


def _instance_points(draw, n_points, dim):
    """Points in (linear and affine) general position (numerics.strategies.points_in_general_position)."""
    return draw(strategies.points_in_general_position(dim, min_size=n_points, max_size=n_points))


# == capacity.rademacher_homogeneity ===============================================================================


@dataclass(frozen=True)
class HomogeneityClaim:
    """``R_S(F_rho) = factor(rho) R_S(F~)`` for the class of bias-free ReLU nets with ``||W_k||_F = rho_k``.

    `factor` is ``"product"`` (the slide's, correct for norms fixed in advance),
    ``"sum"`` or ``"product of squares"``.
    """

    factor: str = "product"

    def value(self, rhos):
        return {"product": math.prod, "sum": sum, "product of squares": lambda r: math.prod(x**2 for x in r)}[
            self.factor](rhos)


def _symbolic_forward(weights, x):
    h = sp.Matrix(x)
    for W in weights[:-1]:
        h = (W * h).applyfunc(lambda u: sp.Max(0, u))
    return sp.expand((weights[-1] * h)[0])


def _exact_rademacher(values, N):
    """``E_s max_m (1/N) sum_n s_n values[m][n]`` with SymPy ``Max``, over all ``2^N`` sign vectors."""
    total = 0
    for signs in itertools.product([-1, 1], repeat=N):
        total += sp.Max(*[sum(s * v for s, v in zip(signs, row)) for row in values])
    return sp.simplify(total / (N * 2**N))


def _homogeneity_symbolic(claim, context):
    rng = context.rng("symbolic")
    cases = context.profile.pick(quick=[([2, 2, 1], 3)], default=[([2, 2, 1], 3), ([1, 2, 2, 1], 3)],
                                 thorough=[([2, 2, 1], 3), ([1, 2, 2, 1], 3), ([2, 3, 1], 4)])

    def rational(*shape):
        return sp.Matrix(*shape, lambda i, j: sp.Rational(int(rng.integers(-9, 10)), int(rng.integers(1, 5))))

    def identities():
        for sizes, N in cases:
            K = len(sizes) - 1
            rho = sp.symbols(f"rho1:{K + 1}", positive=True)
            X = [rational(sizes[0], 1) for _ in range(N)]
            nets_V = [[rational(m, n) for n, m in zip(sizes[:-1], sizes[1:])] for _ in range(3)]
            scaled = [[r * V for r, V in zip(rho, Vs)] for Vs in nets_V]
            lhs = _exact_rademacher([[_symbolic_forward(Ws, x) for x in X] for Ws in scaled], N)
            tilde = _exact_rademacher([[_symbolic_forward(Vs, x) for x in X] for Vs in nets_V], N)
            factor = {"product": sp.Mul(*rho), "sum": sp.Add(*rho), "product of squares": sp.Mul(*rho) ** 2}
            yield (f"{'-'.join(map(str, sizes))}, 3 nets, N = {N}: R_S(F_rho) = factor * R_S(F~)", lhs,
                   factor[claim.factor] * tilde)
        # The linear class {<w, .> : ||w|| <= rho} on the standard basis of R^N: E ||s|| = sqrt(N).
        for N in (4, 9):
            r = sp.Symbol("rho1", positive=True)
            lhs = sum(r * sp.sqrt(sum(s * s for s in signs)) for signs in itertools.product([-1, 1], repeat=N))
            yield f"linear class, x_n = e_n, N = {N}: R_S = rho / sqrt(N)", lhs / (N * 2**N), \
                {"product": r, "sum": r, "product of squares": r**2}[claim.factor] / sp.sqrt(N)

    return identities_check(identities(), context, detail="{count} identities proved: the exact empirical "
                            "Rademacher complexity (all sign vectors, SymPy Max) of classes of nets with rational "
                            "weights V_k scaled by symbolic rho_k > 0 equals the claimed factor times that of the "
                            "normalised class; and the linear class on the standard basis")


@st.composite
def _homogeneity_instances(draw):
    sizes = draw(strategies.architectures(min_depth=1, max_depth=3, max_width=4, max_input=3))
    count = draw(st.integers(1, 4))
    nets_W = [draw(strategies.weights(sizes)) for _ in range(count)]
    X, _ = draw(strategies.datasets(sizes[0], min_size=1, max_size=8))
    rhos = draw(st.lists(st.floats(0.2, 5.0), min_size=len(sizes) - 1, max_size=len(sizes) - 1))
    return {"sizes": sizes, "nets": nets_W, "X": X, "rhos": rhos}


def _homogeneity_numeric(claim, context):
    def example(instance):
        X, rhos = instance["X"], instance["rhos"]
        assume(all(np.any(w != 0) for Ws in instance["nets"] for w in Ws))
        normalised = [[w / np.linalg.norm(w) for w in Ws] for Ws in instance["nets"]]
        scaled = [[r * v for r, v in zip(rhos, Vs)] for Vs in normalised]
        tilde = capacity.empirical_rademacher([nets.forward(Vs, X) for Vs in normalised]).value
        measured = capacity.empirical_rademacher([nets.forward(Ws, X) for Ws in scaled]).value
        # Rounding: every output is within gamma_m S of its exact value, S the absolute path sum of its net.
        S = max(float(nets.forward([abs(w) for w in Ws], abs(X), activation="linear").max()) for Ws in scaled)
        m = 4 * len(rhos) + 10 + sum(instance["sizes"]) + X.shape[0]
        return worst_comparison({"R_S(F_rho) - factor R_S(F~)": (measured, claim.value(rhos) * tilde,
                                                                 4 * gamma(m) * S + 1e-300)})

    return property_check(_homogeneity_instances(), example, context, tolerance=1.0,
                          detail="|R_S(F_rho) - factor(rho) R_S(F~)| in units of its rounding bound 4 gamma_m S, "
                          "S the largest absolute path sum; classes of 1-4 bias-free ReLU nets of depth 1-3 with "
                          "layers normalised to ||V_k||_F = 1 and scaled by rho_k in [0.2, 5]; exact enumeration of "
                          "all 2^N sign vectors (empirical_rademacher of numerics.capacity), N <= 8")


RADEMACHER_HOMOGENEITY = register(Theorem(
    id="capacity.rademacher_homogeneity",
    title="The Rademacher complexity of ReLU nets with fixed layer norms is the product of the norms times that "
          "of the normalised class",
    topic="capacity",
    kind="identity",
    source=cite(POGGIO, 'slides "Generalization bounds for regression: minimize empirical loss with '
                        'minimum norm" and "Generalization bounds for classification: maximize margin at '
                        'unit norm"'),
    as_stated=r"\mathbb{R}_N(\mathbb{F}) = \rho_1 \cdots \rho_K \, \mathbb{R}_N(\tilde{\mathbb{F}})",
    statement=(
        r"Let $\hat R_S(F) = \mathbb{E}_\sigma \sup_{f \in F} \frac1N \sum_{n=1}^N \sigma_n f(x_n)$ "
        r"($\sigma_n$ independent uniform signs) and, for bias-free ReLU networks, "
        r"$F_\rho = \{f(W; \cdot) : \|W_k\|_F \le \rho_k\}$, $\tilde F = F_{(1, \dots, 1)}$. Then $F_\rho = "
        r"(\prod_k \rho_k) \tilde F$ and, for norms $\rho_k > 0$ fixed before the sample is drawn,",
        r"\[ \hat R_S(F_\rho) = \Big(\prod_{k=1}^K \rho_k\Big)\, \hat R_S(\tilde F) \]",
        r"and $\hat R_S(\tilde F) \le (\sqrt{2K\ln 2} + 1)\sqrt{\sum_n \|x_n\|^2} / N$ (Golowich, Rakhlin and "
        r"Shamir 2018).",
    ),
    hypotheses=(
        Assumption(r"Bias-free ReLU networks (positively homogeneous of degree 1 in each layer)."),
        Assumption(r"The layer norms $\rho_k$ are fixed in advance, not chosen after seeing the data."),
        Assumption(r"$\rho_k > 0$ for every layer.", lambda instance: all(r > 0 for r in instance["rhos"])),
    ),
    derivation=(
        Step(r"f(W; x)", r"\prod_k \rho_k \, f(V; x), \quad V_k = W_k / \rho_k",
             r"positive homogeneity of each layer (homogeneity.relu\_euler)"),
        Step(r"F_\rho", r"\Big(\prod_k \rho_k\Big) \tilde F",
             r"$W \mapsto V$ is a bijection between the two norm balls"),
        Step(r"\hat R_S(c\,G)", r"|c|\, \hat R_S(G)", r"$\sup_f \sum_n \sigma_n c f(x_n) = c \sup_f \sum_n "
             r"\sigma_n f(x_n)$ for $c > 0$"),
    ),
    errata=(
        r"Which class $\mathbb{F}$ is meant is unstated: the identity holds for the norm balls with $\rho_k$ "
        r"fixed in advance (equivalently for $\{\prod_k \|W_k\|_F \le B\}$, which is $B\tilde F$ by the rescaling "
        r"symmetry). For the norms of a trained network, chosen after seeing the data, it is not a "
        r"generalization statement without a union bound over a grid of $\rho$ (stratification, an extra "
        r"$O(\sqrt{\ln\ln\rho / N})$).",
        r"$\mathbb{R}_N(\mathbb{F})$ (a class) and $\mathfrak{R}(f)$ (the classification slide, a function) denote "
        r"the same object "
        r"with different arguments.",
    ),
    references=(GOLOWICH, BARTLETT, "B. Neyshabur, R. Tomioka, N. Srebro, \"Norm-based capacity control in "
                "neural networks\", COLT 2015."),
    claim=HomogeneityClaim(),
    symbolic=_homogeneity_symbolic,
    numeric=_homogeneity_numeric,
    mutants=(
        Mutant("sum of norms", "R(F) = (sum_k rho_k) R(F~)", HomogeneityClaim("sum")),
        Mutant("product of squared norms", "R(F) = prod_k rho_k^2 R(F~)", HomogeneityClaim("product of squares")),
    ),
))


# == capacity.rademacher_bound ======================================================================================


@dataclass(frozen=True)
class BoundClaim:
    """``sup_f |L(f) - L_S(f)| <= factor R_N(G) + deviation(N, delta)`` for a loss class G in [0, 1].

    `deviation` is a SymPy expression in ``N`` and ``delta``; `two_sided` says
    which event it bounds.
    """

    factor: int = 2
    deviation: sp.Expr = sp.sqrt(sp.log(2 / _delta) / (2 * _N))
    two_sided: bool = True

    def deviation_value(self, N, delta):
        return float(self.deviation.subs({_N: N, _delta: delta}))


def _symmetrization_instances():
    """Small finite problems where ``E sup_g (L(g) - L_S(g))`` and ``R_N(G)`` are exact rationals.

    Domain ``{0, 1}`` (or ``{0, 1, 2}``) with a rational distribution, a class of
    ``{0, 1}``-valued losses, samples of size N.  The first one needs the factor 2:
    there ``E sup = 9/100`` and ``R_N = 1/20``.
    """
    yield [Fraction(1, 10), Fraction(9, 10)], [(0, 0), (1, 0)], 1
    yield [Fraction(1, 2), Fraction(1, 2)], [(0, 0), (1, 0), (0, 1), (1, 1)], 2
    yield [Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)], [(1, 0, 0), (0, 1, 1), (1, 1, 0)], 2
    yield [Fraction(1, 10), Fraction(1, 10), Fraction(4, 5)], [(0, 0, 0), (1, 0, 0), (0, 1, 0)], 3


def _expected_deviation_and_complexity(p, G, N):
    sup, R = Fraction(0), Fraction(0)
    for sample in itertools.product(range(len(p)), repeat=N):
        weight = math.prod(p[s] for s in sample)
        sup += weight * max(sum(pi * g[i] for i, pi in enumerate(p)) - Fraction(sum(g[s] for s in sample), N)
                            for g in G)
        R += weight * sum(max(Fraction(sum(e * g[s] for e, s in zip(signs, sample)), N) for g in G)
                          for signs in itertools.product([-1, 1], repeat=N)) / 2**N
    return sup, R


def _bound_symbolic(claim, context):
    tails = 2 if claim.two_sided else 1
    solved = [s for s in sp.solve(sp.Eq(tails * sp.exp(-2 * _N * _t**2), _delta), _t) if s.is_positive is not False]
    identities = [(f"McDiarmid: {tails} exp(-2 N t^2) = delta solved for t > 0", solved[0], claim.deviation)]
    result = identities_check(identities, context, detail="")
    if not result.passed:
        return result
    for p, G, N in _symmetrization_instances():
        sup, R = _expected_deviation_and_complexity(p, G, N)
        if sup > claim.factor * R:
            return CheckResult(False, "refuted: symmetrization E sup_g (L - L_S) <= factor R_N(G)", counterexample={
                "distribution": [str(q) for q in p], "class": G, "N": N, "lhs": f"E sup (L - L_S) = {sup}",
                "rhs": f"factor R_N(G) = {claim.factor * R}"})
    return CheckResult(True, f"the deviation term is the solution t > 0 of {tails} exp(-2 N t^2) = delta (SymPy "
                       "solve; bounded differences 1/N); the symmetrization inequality E sup (L - L_S) <= "
                       f"{claim.factor} R_N(G) holds exactly (rational arithmetic) on 4 finite problems, one of "
                       "which has E sup = 9/100 > R_N = 1/20, so no factor below 9/5 is valid")


def _threshold_class(N, noise, thresholds, rng):
    """A training set from U[0, 1] with label noise and the 0-1 losses of threshold classifiers on it.

    Returns the losses ``(classifiers, N)`` and the exact risks ``L(theta) = noise + (1 - 2 noise)|theta - 1/2|``.
    """
    x = rng.random(N)
    y = (x > 0.5) ^ (rng.random(N) < noise)
    losses = ((x[None, :] > thresholds[:, None]) != y[None, :]).astype(float)
    return losses, noise + (1 - 2 * noise) * np.abs(thresholds - 0.5)


def _bound_numeric(claim, context):
    # (a) the deviation term alone, against exact binomial tails of a single classifier: P(|L_S - p| >= t) <= delta
    worst, witness = 0.0, {}
    for N in (1, 2, 3, 10, 50, 200, 1000):
        for delta in (0.01, 0.05, 0.2, 0.5, 0.7, 0.9):
            t = claim.deviation_value(N, delta)
            for p in (0.5, 0.3, 0.1):
                upper = binom.sf(math.ceil(N * (p + t) - 1e-9) - 1, N, p)  # P(N L_S >= N (p + t))
                lower = binom.cdf(math.floor(N * (p - t) + 1e-9), N, p)  # P(N L_S <= N (p - t))
                tail = upper + lower if claim.two_sided else lower
                if tail / delta > worst:
                    worst, witness = tail / delta, {"N": N, "delta": delta, "p": p, "t": t, "tail": tail}
    if worst > 1.0:
        return CheckResult(False, "an exact binomial tail exceeds delta", examples=126, max_error=worst,
                           tolerance=1.0, counterexample=witness)
    # (b) symmetrization by simulation on the finite problem where the factor 2 is nearly needed: P(x = 0) = 1/10,
    # G = {0, 1[x = 0]}, N = 1 (exactly: E sup = 9/100, R_N = 1/20); Monte Carlo with standard errors.
    rng = context.rng("symmetrization")
    draws = context.profile.pick(quick=20_000, default=50_000, thorough=500_000)
    x0 = rng.random(draws) < 0.1  # the sample point is 0
    sup_gap = np.maximum(0.0, 0.1 - x0)  # sup over g in {0, 1[x = 0]} of L(g) - L_S(g)
    sigma = rng.choice([-1.0, 1.0], draws)
    rademacher = np.maximum(0.0, sigma * x0)  # sup_g sigma g(x_1)
    gap = sup_gap.mean() - claim.factor * rademacher.mean()
    se = math.sqrt(sup_gap.var() / draws + claim.factor**2 * rademacher.var() / draws)
    if gap > 4 * se:
        return CheckResult(False, "symmetrization fails in simulation: E sup (L - L_S) > factor R_N(G)",
                           examples=draws, max_error=gap / se, tolerance=4.0, counterexample={
                               "E sup (L - L_S)": sup_gap.mean(), "factor R_N(G)": claim.factor * rademacher.mean()})
    # (c) coverage of the whole bound: R_N(G) estimated first on independent training sets, then the bound fixed
    N, delta, noise = 200, 0.05, 0.2
    trials = context.profile.pick(quick=100, default=400, thorough=2000)
    thresholds = np.linspace(0.0, 1.0, 50)
    rng = context.rng("complexity")
    complexity = float(np.mean([capacity.empirical_rademacher(_threshold_class(N, noise, thresholds, rng)[0],
                                                              exact=False, samples=200, rng=rng).value
                                for _ in range(100)]))
    bound = claim.factor * complexity + claim.deviation_value(N, delta)

    def failed(rng):
        losses, risk = _threshold_class(N, noise, thresholds, rng)
        gap = risk - losses.mean(axis=1)
        return (np.abs(gap) if claim.two_sided else gap).max() > bound

    result = capacity.coverage(failed, trials, rng=context.rng("coverage"))
    allowed = delta + 3 * math.sqrt(delta * (1 - delta) / trials)
    failures, rate = result.failures, result.rate
    vacuity = _unnormalized_logistic_bound(claim, context)
    detail = (f"(a) exact binomial tails of one classifier (N = 1..1000, delta = 0.01..0.9, p = 0.1..0.5) over delta: "
              f"max {worst:.3g}; (b) symmetrization simulated ({draws} draws) on P(x = 0) = 1/10, G = {{0, 1[x = 0]}}, "
              f"N = 1: E sup (L - L_S) - {claim.factor} R_N = {gap:.4f} ({gap / se:.1f} s.e.); (c) {trials} "
              f"training sets "
              f"of N = {N} from U[0, 1] with {noise:.0%} label noise, "
              f"50 threshold classifiers, R_N(G) = {complexity:.4f} (mean of Monte-Carlo R_S, 200 signs each, over 100 "
              f"other training sets): the "
              f"bound {bound:.4f} failed in {failures} of {trials} draws, rate {rate:.4f} against delta = {delta} "
              f"(allowed delta + 3 s.e. = {allowed:.4f}); (d) {vacuity['detail']}")
    passed = rate <= allowed and vacuity["holds"]
    return CheckResult(passed, detail, examples=126 + draws + trials + vacuity["examples"],
                       max_error=max(rate / allowed, vacuity["excess"]), tolerance=1.0,
                       counterexample=None if passed else {"failures": failures, "trials": trials,
                                                           "unnormalized bound": vacuity["table"]})


def _banded_circle(n, gap, rng):
    """``n`` points uniform on the unit circle outside the band ``|x_1| < gap``, labelled by ``sign(x_1)``."""
    angles = rng.uniform(0.0, 2 * np.pi, int(n / (1 - 2 * gap)) + 50)
    X = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    X = X[np.abs(X[:, 0]) >= gap]
    while len(X) < n:  # a rare shortfall: top up
        X = np.concatenate([X, _banded_circle(n - len(X), gap, rng)[0]])
    X = X[:n]
    return X, np.sign(X[:, 0])


def _unnormalized_logistic_bound(claim, context):
    """The bound on the logistic loss of ``rho w`` grows linearly in ``rho`` while the test loss vanishes.

    Separable data (the unit circle without the band ``|x_1| < 0.1``), ``w`` the
    max-margin direction of N = 2000 training points, ``f = rho <w, x>`` with
    ``||w|| = 1``.  The logistic loss is 1-Lipschitz with range
    ``[0, ln(1 + e^rho)]`` on the unit ball, and ``R_N(F~) <= 1/sqrt N`` (Jensen,
    ``||x|| = 1``), so ``L(f) <= L_S(f) + factor rho / sqrt N + ln(1 + e^rho)
    deviation``.  The bound is checked against the loss on 20000 test points; it
    must hold at every rho, and it is vacuous (above ln 2, the loss of f = 0) once
    rho is large, although the test loss tends to 0.
    """
    rng = context.rng("unnormalized")
    N, delta = 2000, 0.05
    X, y = _banded_circle(N, 0.1, rng)
    X_test, y_test = _banded_circle(20_000, 0.1, rng)
    w = margins.max_margin(X, y).w
    w = w / np.linalg.norm(w)
    train, test = y * (X @ w), y_test * (X_test @ w)
    complexity = capacity.linear_rademacher_bounds(X)["upper"]
    rows, excess = [], 0.0
    for rho in 2.0 ** np.arange(-1, 9):
        train_loss, test_loss = np.logaddexp(0, -rho * train).mean(), np.logaddexp(0, -rho * test).mean()
        bound = train_loss + claim.factor * rho * complexity + np.logaddexp(0, rho) * claim.deviation_value(N, delta)
        rows.append((float(rho), float(test_loss), float(bound)))
        excess = max(excess, test_loss / bound)
    useful = [rho for rho, _, bound in rows if bound <= math.log(2)]
    vacuous = f"from rho = {2 * max(useful):g} on" if useful else "at every rho"
    detail = (f"unnormalised logistic bound on separable data, N = {N}, f = rho w with w the max-margin "
              f"direction (test 0-1 error {np.mean(test <= 0):.4f} on 20000 points): test loss / bound at rho = "
              + ", ".join(f"{rho:g}: {loss:.3g} / {bound:.3g}" for rho, loss, bound in rows[1::2])
              + f"; the bound exceeds ln 2 (the loss of f = 0) {vacuous} and grows like "
              f"{claim.factor * complexity + claim.deviation_value(N, delta):.4f} rho, while the test loss tends "
              "to 0: vacuous")
    return {"holds": excess <= 1.0, "excess": excess, "table": rows, "examples": N + 20_000, "detail": detail}


_lnd = sp.log(1 / _delta)
RADEMACHER_BOUND = register(Theorem(
    id="capacity.rademacher_bound",
    title="Uniform deviation bound by the Rademacher complexity of the loss class (McDiarmid and symmetrization)",
    topic="capacity",
    kind="bound",
    source=cite(POGGIO, 'slides "Generalization bounds for regression: minimize empirical loss with '
                        'minimum norm" and "Generalization in regression (not classification)"'),
    as_stated=r"|L(f) - L_s(f)| \le 2\mathbb{R}_N(\mathbb{F}) + \sqrt{\frac{\ln(1/\delta)}{2N}}",
    statement=(
        r"Let $G = \{z \mapsto \ell(f(x), y) : f \in F\}$ take values in $[0, M]$ and $R_N(G) = \mathbb{E}_S "
        r"\hat R_S(G)$. With probability at least $1 - \delta$ over an i.i.d. sample of size $N$, for all $f \in F$:",
        r"\[ |L(f) - L_S(f)| \le 2 R_N(G) + M \sqrt{\frac{\ln(2/\delta)}{2N}} \]",
        r"(one-sided: $\ln(1/\delta)$; with the empirical $\hat R_S(G)$ instead of $R_N(G)$: "
        r"$2\hat R_S(G) + 3M\sqrt{\ln(4/\delta)/(2N)}$, one-sided $\ln(2/\delta)$). "
        r"For an $L_\ell$-Lipschitz loss, $R_N(G) \le L_\ell R_N(F)$, so with the homogeneity identity "
        r"$L(f) \le L_S(f) + 2 L_\ell \prod_k \rho_k R_N(\tilde F) + M\sqrt{\ln(1/\delta)/(2N)}$.",
    ),
    hypotheses=(
        Assumption(r"The loss is bounded, $0 \le \ell \le M$ (cross-entropy and the square loss need clipping or "
                   r"bounded outputs)."),
        Assumption(r"The sample is i.i.d.; the class is fixed before the sample is drawn."),
        Assumption(r"The complexity is that of the loss class $G$ (Lipschitz contraction: $L_\ell R_N(F)$)."),
    ),
    derivation=(
        Step(r"\mathbb{P}\Big(\Phi(S) - \mathbb{E}\,\Phi \ge t\Big)", r"e^{-2Nt^2 / M^2}",
             r"McDiarmid: $\Phi(S) = \sup_f (L(f) - L_S(f))$ has bounded differences $M/N$"),
        Step(sp.Eq(2 * sp.exp(-2 * _N * _t**2), _delta), sp.Eq(_t, sp.sqrt(sp.log(2 / _delta) / (2 * _N))),
             r"two tails, solved for $t > 0$ ($M = 1$)"),
        Step(r"\mathbb{E}\,\sup_f (L(f) - L_S(f))", r"\le 2 R_N(G)", r"symmetrization with a ghost sample"),
    ),
    errata=(
        r"The absolute value (two tails) needs $\ln(2/\delta)$, not $\ln(1/\delta)$.",
        r"The complexity must be that of the loss class $G$, i.e. $L_\ell R_N(F)$ after contraction, not "
        r"$R_N(F)$ itself.",
        r"The loss must be bounded in $[0, M]$ and the deviation term multiplied by $M$; the unnormalised "
        r"cross-entropy of the slide ``Generalization in regression (not classification)'' is unbounded, so its "
        r"constant $c_2$ must be the clipped range $M$.",
        r"The slide's bounds for the unnormalised and the normalised cross-entropy drop the factor 2 in front of "
        r"$\mathbb{R}_N$ (inconsistent with the classical bound above them), and the slide is titled "
        r"``regression (not classification)'' while using the cross-entropy loss.",
        r"With $\rho = \prod_k \rho_k \to \infty$ during training the unnormalised bound becomes vacuous even as "
        r"$L_S(f) \to 0$; the normalised class keeps it bounded (the point of the slide).",
    ),
    references=(BARTLETT, MOHRI, "V. Koltchinskii, D. Panchenko, \"Rademacher processes and bounding the risk of "
                "function learning\", High Dimensional Probability II, 2000."),
    claim=BoundClaim(),
    symbolic=_bound_symbolic,
    numeric=_bound_numeric,
    mutants=(
        Mutant("ln(1/delta) two-sided", "the slide's two-sided bound with ln(1/delta)",
               BoundClaim(deviation=sp.sqrt(_lnd / (2 * _N)))),
        Mutant("factor 1", "the complexity term without its factor 2 (the slide's cross-entropy bounds)",
               BoundClaim(factor=1)),
        Mutant("no square root", "deviation ln(2/delta) / (2N)", BoundClaim(deviation=sp.log(2 / _delta) / (2 * _N))),
        Mutant("sqrt(ln) / 2N", "deviation sqrt(ln(2/delta)) / (2N)",
               BoundClaim(deviation=sp.sqrt(sp.log(2 / _delta)) / (2 * _N))),
    ),
))


# == capacity.margin_bound ==========================================================================================

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


# == capacity.normalized_margin =====================================================================================


@dataclass(frozen=True)
class RatioClaim:
    """``R(F) / eta`` claimed equal to ``expression(rho, Rtilde, margins)`` with ``eta = min_n y_n f(x_n)``.

    `expression` is a SymPy expression in ``rho``, ``Rtilde`` (the normalised
    complexity), ``ftilde`` (the normalised output at the point that attains the
    margin) and ``y`` (its label); `margin` is how that point is chosen, ``"min"``
    over ``y_n ftilde(x_n)`` or ``"mean"``.
    """

    expression: sp.Expr = _R / (_y * _f)
    margin: str = "min"


def _ratio_symbolic(claim, context):
    ratio = _rho * _R / (_y * _rho * _f)  # R(F) = rho R(F~), eta = y rho f~
    a, b = sp.symbols("a b", positive=True)  # two normalised margins a < a + b
    chosen = sp.Min(a, a + b) if claim.margin == "min" else (a + (a + b)) / 2
    return identities_check([
        ("R(F)/eta = claimed expression", ratio, claim.expression),
        ("d/drho [claimed expression] = 0 (independent of rho)", sp.diff(claim.expression, _rho), 0),
        ("margins a < a + b: eta / rho = the claimed margin", sp.Min(_rho * a, _rho * (a + b)) / _rho, chosen),
    ], context, detail="{count} identities proved: R(F) / eta = rho R~ / (y rho f~) equals the claimed form, which "
                       "does not depend on rho (SymPy cancel; R(F) = rho R(F~) and eta = y rho f~), and the margin is "
                       "the smallest normalised margin")


@st.composite
def _ratio_instances(draw):
    sizes = draw(strategies.architectures(min_depth=1, max_depth=3, max_width=4, max_input=3))
    W = draw(strategies.weights(sizes))
    X, _ = draw(strategies.datasets(sizes[0], min_size=2, max_size=8))
    scales = draw(st.lists(st.floats(0.2, 5.0), min_size=len(W), max_size=len(W)))
    return {"weights": W, "X": X, "scales": scales}


def _ratio_numeric(claim, context):
    expression = sp.lambdify((_rho, _R, _f, _y), claim.expression, "numpy")

    def example(instance):
        W, X = instance["weights"], instance["X"]
        assume(all(np.any(w != 0) for w in W))
        f = nets.forward(W, X)
        assume(np.all(np.abs(f) > 1e-3 * (np.abs(f).max() + 1e-300)))
        y = np.sign(f)  # labels the net gets right: every margin is positive
        scaled = [c * w for c, w in zip(instance["scales"], W)]
        rhos = [np.linalg.norm(w) for w in scaled]
        rho = math.prod(rhos)
        complexity = capacity.norm_product_bounds(X, rhos)["golowich"]  # an upper bound on R(F), prop. to rho
        eta = float((y * nets.forward(scaled, X)).min())
        V = [w / r for w, r in zip(scaled, rhos)]
        ftilde = nets.forward(V, X)
        margins = y * ftilde
        n = int(np.argmin(margins)) if claim.margin == "min" else None
        f_n, y_n = (ftilde[n], y[n]) if n is not None else (float(margins.mean()), 1.0)
        claimed = float(expression(rho, complexity / rho, f_n, y_n))
        S = nets.forward([abs(w) for w in scaled], abs(X), activation="linear").max()
        m = 4 * len(W) + 10 + sum(w.shape[1] for w in W)
        return worst_comparison({"R(F)/eta - claimed": (complexity / eta, claimed,
                                                        8 * gamma(m) * S / eta * complexity / eta + 1e-300)})

    return property_check(_ratio_instances(), example, context, tolerance=1.0,
                          detail="|R(F)/eta - claimed| in units of its rounding bound, with R(F) the Golowich bound "
                          "(proportional to rho) and eta = min_n y_n f(x_n) on labels y = sign f; nets of depth 1-3 "
                          "with layers rescaled by c_k in [0.2, 5]")


NORMALIZED_MARGIN = register(Theorem(
    id="capacity.normalized_margin",
    title="Complexity over margin does not depend on the norm: maximise the normalised margin",
    topic="capacity",
    kind="identity",
    source=cite(POGGIO, 'slides "Generalization bounds for classification: maximize margin at unit norm" '
                        'and "Deep nets \'puzzle\' explained: rho grows and f~ does not"'),
    as_stated=r"\frac{\mathfrak{R}(f)}{\eta} = \frac{\rho}{y\rho\tilde f} = \frac{1}{\tilde f}",
    statement=(
        r"With $R_N(F) = \rho R_N(\tilde F)$ ($\rho = \prod_k \rho_k$) and the margin "
        r"$\eta = \min_n y_n f(x_n) = \rho \min_n y_n \tilde f(x_n)$,",
        r"\[ \frac{R_N(F)}{\eta} = \frac{R_N(\tilde F)}{\min_n y_n \tilde f(x_n)}, \]",
        r"independent of $\rho$: minimising it is maximising the normalised margin subject to $\|V_k\|_F = 1$.",
    ),
    hypotheses=(
        Assumption(r"Every training point is classified correctly, $y_n f(x_n) > 0$, so that $\eta > 0$."),
        Assumption(r"Bias-free ReLU networks, so that $f = \rho \tilde f$ (homogeneity.relu\_euler)."),
    ),
    derivation=(
        Step(r"\frac{R_N(F)}{\eta}", r"\frac{\rho R_N(\tilde F)}{\rho \min_n y_n \tilde f(x_n)}",
             r"capacity.rademacher\_homogeneity and $f = \rho\tilde f$"),
        Step(r"\frac{\rho R_N(\tilde F)}{\rho \min_n y_n \tilde f(x_n)}", r"\frac{R_N(\tilde F)}{\min_n y_n \tilde "
             r"f(x_n)}", r"$\rho > 0$ cancels"),
    ),
    errata=(
        r"The middle expression drops $R_N(\tilde F)$ (it silently sets it to 1).",
        r"The last step drops $y$: $\rho / (y\rho\tilde f) = 1/(y\tilde f)$, which is $-1/\tilde f$ at $y = -1$.",
        r"The minimum over the training points (the support vectors) is implicit.",
    ),
    references=("T. Poggio, A. Banburski, Q. Liao, \"Theoretical issues in deep networks\", PNAS 117(48), 2020.",
                GOLOWICH),
    claim=RatioClaim(),
    symbolic=_ratio_symbolic,
    numeric=_ratio_numeric,
    mutants=(
        Mutant("y dropped", "the slide's last form R~ / f~ (y dropped)", RatioClaim(expression=_R / _f)),
        Mutant("proportional to rho", "the ratio grows with the norm: rho R~ / (y f~)",
               RatioClaim(expression=_rho * _R / (_y * _f))),
        Mutant("mean margin", "the mean of y_n f~(x_n) instead of the minimum", RatioClaim(margin="mean")),
    ),
))


# == capacity.vc_network_bound ======================================================================================


@dataclass(frozen=True)
class VCNetworkClaim:
    """``VCdim <= bound(W, N)`` for threshold networks with W weights and ``N >= min_nodes`` computation nodes.

    The bound is valid when it inverts the growth-function bound
    ``Pi(m) <= (e N m / W)^W``: at ``m = bound``, ``W log2(e N m / W) < m``, so
    ``Pi(m) < 2^m`` and no m points are shattered.
    """

    bound: sp.Expr = 2 * _W * sp.log(sp.E * _nodes, 2)
    min_nodes: int = 2


def _inversion_gap(claim, W, N):
    m = claim.bound.subs({_W: W, _nodes: N})
    return m - W * sp.log(sp.E * N * m / W, 2)


def _vc_network_symbolic(claim, context):
    # Refutation: the inversion must hold at every (W, N) with W >= N >= min_nodes on a grid (exact signs).
    for N in range(claim.min_nodes, 12):
        for W in (N, N + 1, 2 * N, 10 * N, 100 * N, 10_000 * N):
            if not _inversion_gap(claim, W, N).is_positive:
                m = claim.bound.subs({_W: W, _nodes: N})
                return CheckResult(False, "refuted: W log2(e N m / W) >= m at m = the claimed bound", counterexample={
                    "W": W, "N": N, "lhs": f"m = {sp.N(m, 10)}",
                    "rhs": f"W log2(e N m / W) = {sp.N(m - _inversion_gap(claim, W, N), 10)}"})
    # Proof for the Baum-Haussler form: with y = e N the gap is W (y - 2 log2 y) ... > 0 for y >= 2e.
    gap = sp.simplify(sp.expand_log(_inversion_gap(claim, _W, _nodes) / _W, force=True))
    y = sp.Symbol("y", positive=True)
    target = sp.expand_log(2 * sp.log(y, 2) - sp.log(2 * y * sp.log(y, 2), 2), force=True)
    proved = sp.simplify(gap - target.subs(y, sp.E * _nodes)) == 0
    increasing = sp.solve_univariate_inequality(sp.diff(y - 2 * sp.log(y, 2), y) > 0, y, relational=False)
    at_two = (2 * sp.E - 2 * sp.log(2 * sp.E, 2)).is_positive
    proved = proved and increasing.is_superset(sp.Interval(2 * sp.E, sp.oo)) and at_two
    how = ("proved for N >= 2: the gap is positive iff 2 log2(y) < y with y = e N, and y - 2 log2 y is increasing "
           "for y > 2/ln 2 and positive at y = 2e" if proved else "no counterexample on the grid (not a proof)")
    return CheckResult(proved, f"inversion W log2(e N m / W) < m at m = the bound, checked exactly on W >= N, "
                       f"N = {claim.min_nodes}..11; {how}")


def _net_221(points):
    return len(capacity.threshold_network_dichotomies(points, 2))


def _largest_unshattered_excluded(W, N):
    """The largest m >= W with (e N m / W)^W >= 2^m, by root finding: no VC bound below it follows from Pi(m)."""
    excess = lambda m: W * math.log2(math.e * N * m / W) - m  # noqa: E731 (decreasing for m > W / ln 2)
    return brentq(excess, W, 64 * W * math.log2(math.e * N) + 64)


def _vc_network_numeric(claim, context):
    claimed = sp.lambdify((_W, _nodes), claim.bound, "math")
    worst, witness = 0.0, {}
    for N in range(claim.min_nodes, 40):
        for W in (N, 2 * N, 10 * N, 1000 * N):
            m = _largest_unshattered_excluded(W, N)
            shortfall = (m - claimed(W, N)) / (1e-9 * m)  # root found to ~1e-12 relative
            if shortfall > worst:
                worst, witness = shortfall, {"W": W, "N": N, "claimed bound": claimed(W, N),
                                             "root of W log2(e N m / W) = m": m}
    if worst > 1.0:
        return CheckResult(False, "the claimed bound is below the root of the growth-function inversion",
                           examples=4 * (40 - claim.min_nodes), max_error=worst, tolerance=1.0, counterexample=witness)
    W, N = 9, 3  # the 2-2-1 threshold net in R^2: 2 x 3 + 3 weights with thresholds, 3 computation nodes
    bound = claimed(W, N)
    hexagon = np.array([[np.cos(k * np.pi / 3), np.sin(k * np.pi / 3)] for k in range(6)])
    rows = {"hexagon (6 points)": _net_221(hexagon)}
    rng = context.rng("points")
    largest = 0
    for m in range(4, context.profile.pick(quick=8, default=9, thorough=10)):
        count = _net_221(rng.standard_normal((m, 2)))
        rows[f"{m} Gaussian points"] = count
        if count == 2**m:
            largest = m
    ok = largest <= bound
    detail = (f"the claimed bound is at least the root m of W log2(e N m / W) = m (scipy brentq) for N = "
              f"{claim.min_nodes}..39, W = N..1000 N; 2-2-1 threshold net (W = {W}, N = {N}): dichotomies by LP "
              f"enumeration {rows}; the largest shattered random set has "
              f"{largest} points, against the bound {bound:.2f}")
    return CheckResult(ok, detail, examples=len(rows) + 4 * (40 - claim.min_nodes), max_error=float(largest),
                       tolerance=bound,
                       counterexample=None if ok else {"largest shattered": largest, "bound": bound, **rows})


VC_NETWORK_BOUND = register(Theorem(
    id="capacity.vc_network_bound",
    title=r"The VC dimension of threshold networks: at most $2 W \log_2(e N)$ (Baum and Haussler)",
    topic="capacity",
    kind="bound",
    source=cite(SEANCE, 'slide "Vapnik\'s theory applied to Deep Learning -- Complexity of arrangements"'),
    as_stated=r"V \le 2\omega\log_2(e\omega)",
    statement=(
        r"A feedforward network of linear threshold units with $N \ge 2$ computation nodes and $W$ weights "
        r"(thresholds included) has growth function $\Pi(m) \le (eNm/W)^W$ for $m \ge W$, hence",
        r"\[ \mathrm{VCdim} \le 2W\log_2(eN) \le 2W\log_2(eW). \]",
        r"The lower bound $\Omega(W\log W)$ (Maass 1994) makes it tight up to constants.",
    ),
    hypotheses=(
        Assumption(r"Threshold (step) activations only: ReLU networks have $\mathrm{VCdim} = O(WL\log W)$ "
                   r"(Bartlett, Harvey, Liaw, Mehrabian 2019), sigmoid networks can reach $\Omega(W^2)$ "
                   r"(Koiran and Sontag 1997)."),
        Assumption(r"$N \ge 2$ computation nodes: at $N = 1$ the inversion step fails ($W = 3$: "
                   r"$W\log_2(eNm/W) = 8.914 > m = 8.656$); a single perceptron has $\mathrm{VCdim} = W$ anyway."),
        Assumption(r"$\omega$ counts the weights including thresholds; $N$ counts computation nodes, not inputs."),
    ),
    derivation=(
        Step(r"\Pi(m)", r"\le \prod_{i} \Big(\frac{e m}{W_i}\Big)^{W_i} \le \Big(\frac{eNm}{W}\Big)^W",
             r"Sauer's lemma at each node (fan-in $W_i$, $\sum_i W_i = W$), then Jensen on $\sum_i W_i\ln(em/W_i)$"),
        Step(r"W\log_2\frac{eNm}{W}\Big|_{m = 2W\log_2(eN)}", r"< m",
             r"$\iff 2\log_2(eN) < eN$, true for $eN > 4$, i.e. $N \ge 2$"),
        Step(r"\Pi(m) < 2^m", r"\mathrm{VCdim} < m", r"no set of $m$ points is shattered"),
    ),
    errata=(
        r"The tight Baum-Haussler form uses two quantities, the weights $W$ and the computation nodes $N$: "
        r"$2W\log_2(eN)$; $\omega$ inside the logarithm is a valid over-estimate ($N \le W$).",
        r"The bound holds for threshold (step) activations only; it does not transfer to ReLU or sigmoid networks.",
        r"The inversion needs $N \ge 2$ computation nodes.",
    ),
    references=(BAUM, "P. L. Bartlett, N. Harvey, C. Liaw, A. Mehrabian, \"Nearly-tight VC-dimension and "
                "pseudodimension bounds for piecewise linear neural networks\", JMLR 20(63), 2019.",
                "W. Maass, \"Neural nets with superlinear VC-dimension\", Neural Computation 6 (1994) 877-884."),
    claim=VCNetworkClaim(),
    symbolic=_vc_network_symbolic,
    numeric=_vc_network_numeric,
    mutants=(
        Mutant("e dropped", "V <= 2 W log2(N)", VCNetworkClaim(bound=2 * _W * sp.log(_nodes, 2))),
        Mutant("half the constant", "V <= W log2(e N)", VCNetworkClaim(bound=_W * sp.log(sp.E * _nodes, 2))),
        Mutant("natural logarithm", "V <= 2 W ln(e N)", VCNetworkClaim(bound=2 * _W * sp.log(sp.E * _nodes))),
        Mutant("one node", "the bound claimed for N = 1 too (a single threshold unit)", VCNetworkClaim(min_nodes=1)),
    ),
))


# == capacity.cover_counting ========================================================================================

_n, _d = sp.Symbol("N", integer=True, positive=True), sp.Symbol("d", integer=True, positive=True)
_i = sp.Symbol("i", integer=True, nonnegative=True)


@dataclass(frozen=True)
class CoverClaim:
    """N points in general position in ``R^d`` have ``count(N, d)`` homogeneously separable dichotomies."""

    count: sp.Expr = 2 * sp.Sum(sp.binomial(_n - 1, _i), (_i, 0, _d - 1))

    def value(self, N, d):
        return int(self.count.subs({_n: N, _d: d}).doit())


def _cover_symbolic(claim, context):
    def at(N, d):
        return sp.expand_func(claim.count.subs(_d, d).doit().subs(_n, N))

    def identities():
        for d in range(2, context.profile.pick(quick=5, default=7, thorough=9)):
            yield f"C(N + 1, {d}) = C(N, {d}) + C(N, {d - 1})", at(_n + 1, d), at(_n, d) + at(_n, d - 1)
        for d in range(1, 7):
            yield f"C(1, {d}) = 2 (one point, two dichotomies)", at(1, d), 2
            yield f"C({d}, {d}) = 2^{d} (d points in general position are shattered)", at(d, d), 2**d
        for N in range(1, 7):
            yield f"C({N}, 1) = 2 (one direction: y = s sign(x))", at(N, 1), 2

    return identities_check(identities(), context, detail="{count} identities proved (SymPy, binomials expanded for "
                            "symbolic N): Cover's recurrence C(N+1, d) = C(N, d) + C(N, d-1) (a new point's "
                            "hyperplane splits exactly the dichotomies separable through it) and the boundary values "
                            "C(1, d) = 2, C(N, 1) = 2, which together determine C")


@st.composite
def _cover_instances(draw):
    d = draw(st.integers(1, 4))
    N = draw(st.integers(1, 9 - d))
    homogeneous = draw(st.booleans())
    return {"X": _instance_points(draw, N, d), "homogeneous": homogeneous}


def _cover_numeric(claim, context):
    def example(instance):
        X, homogeneous = instance["X"], instance["homogeneous"]
        N, d = X.shape
        counted = capacity.count_separable_dichotomies(X, homogeneous=homogeneous)
        claimed = claim.value(N, d if homogeneous else d + 1)
        return abs(counted - claimed), {"counted": counted, "claimed": claimed}

    return property_check(_cover_instances(), example, context, tolerance=0,
                          detail="|LP count - claimed count| (exact integers); points in general position, N <= 8, "
                          "d = 1..4, "
                          "homogeneous C(N, d) and affine C(N, d + 1); separable dichotomies counted by LP "
                          "(numerics.capacity)")


COVER_COUNTING = register(Theorem(
    id="capacity.cover_counting",
    title="Cover's function-counting theorem: separable dichotomies of points in general position",
    topic="capacity",
    kind="theorem",
    source=cite(SEANCE, 'slide "First wave: 1960s -- The Perceptron" (implicit)'),
    as_stated=r"\text{Primitive neural network: single neuron Perceptron (no formula on the slide)}",
    statement=(
        r"$N$ points in general position in $\mathbb{R}^d$ admit exactly",
        sp.Eq(sp.Function("C")(_n, _d), 2 * sp.Sum(sp.binomial(_n - 1, _i), (_i, 0, _d - 1))),
        r"dichotomies separable by a hyperplane through the origin, and $C(N, d+1)$ by affine hyperplanes. "
        r"$C(N, d) = 2^N$ iff $N \le d$, and $C(2d, d) = 2^{2d-1}$.",
    ),
    hypotheses=(
        Assumption(r"General position: every $d$ of the points are linearly independent (affine: no $d+1$ on a "
                   r"hyperplane); four collinear points in $\mathbb{R}^2$ have 8 affine dichotomies, not "
                   r"$C(4, 3) = 14$."),
    ),
    derivation=(
        Step(r"C(N+1, d)", r"C(N, d) + C(N, d-1)", r"a dichotomy of $N$ points extends in two ways iff it is "
             r"separable by a hyperplane through the new point, which leaves $d - 1$ dimensions"),
        Step(r"C(1, d)", r"2", r"one point"),
        Step(r"C(N, d)", r"2\sum_{i=0}^{d-1}\binom{N-1}{i}", r"induction with Pascal's rule"),
    ),
    errata=(r"No formula is stated; the entry records the counting theorem behind the perceptron and the VC "
            r"machinery of capacity.vc\_network\_bound, with its general-position hypothesis.",),
    references=(COVER, "F. Rosenblatt, \"The perceptron\", Psychological Review 65 (1958) 386-408."),
    claim=CoverClaim(),
    symbolic=_cover_symbolic,
    numeric=_cover_numeric,
    mutants=(
        Mutant("upper limit d", "C(N, d) = 2 sum_{i <= d} binom(N-1, i)",
               CoverClaim(2 * sp.Sum(sp.binomial(_n - 1, _i), (_i, 0, _d)))),
        Mutant("binom(N, i), no factor 2", "C(N, d) = sum_{i < d} binom(N, i)",
               CoverClaim(sp.Sum(sp.binomial(_n, _i), (_i, 0, _d - 1)))),
    ),
))


# == capacity.sauer_shelah ==========================================================================================

_m, _V = sp.Symbol("m", integer=True, positive=True), sp.Symbol("V", integer=True, positive=True)


@dataclass(frozen=True)
class SauerClaim:
    """A class of VC dimension V has ``Pi(m) <= polynomial(m, V) <= exponential(m, V)`` (the latter for ``m >= V``)."""

    polynomial: sp.Expr = sp.Sum(sp.binomial(_m, _i), (_i, 0, _V))
    exponential: sp.Expr = (sp.E * _m / _V) ** _V

    def values(self, m, V):
        p = int(self.polynomial.subs({_m: m, _V: V}).doit())
        return p, float(self.exponential.subs({_m: m, _V: V}))


def _sauer_symbolic(claim, context):
    # The chain sum_{i<=V} binom(m, i) <= sum_i binom(m, i) (m/V)^(V-i) = (m/V)^V (1 + V/m)^m <= (m/V)^V e^V:
    # the middle equality is the binomial theorem (proved for symbolic x at each m), the last is (1 + V/m)^m <= e^V.
    x = sp.Symbol("x", positive=True)
    identities = [(f"binomial theorem, m = {m}", sp.Sum(sp.binomial(m, _i) * x**_i, (_i, 0, m)).doit(), (1 + x) ** m)
                  for m in range(1, 9)]
    result = identities_check(identities, context, detail="")
    if not result.passed:
        return result
    # The claimed bounds, exactly, on a grid: polynomial <= exponential and both >= the true growth of the tight
    # class (all subsets of size <= V of m points), which is sum_{i<=V} binom(m, i) by counting.
    for V in range(1, 7):
        for m in range(V, 31):
            tight = sum(math.comb(m, i) for i in range(V + 1))
            p = claim.polynomial.subs({_m: m, _V: V}).doit()
            e = claim.exponential.subs({_m: m, _V: V})
            if not (sp.Integer(tight) <= p and (e - p).is_nonnegative):
                return CheckResult(False, "refuted on the grid", counterexample={
                    "m": m, "V": V, "lhs": f"growth of the tight class {tight} <= polynomial {p}",
                    "rhs": f"polynomial {p} <= exponential {sp.N(e, 12)}"})
    return CheckResult(True, "binomial theorem proved for m = 1..8 (the middle step of Sauer's chain); on m = V..30, "
                       "V = 1..6, exactly: growth of the class of subsets of size <= V <= polynomial <= exponential")


@st.composite
def _sauer_instances(draw):
    d = draw(st.integers(1, 3))
    m = draw(st.integers(d + 1, 9))
    return {"X": _instance_points(draw, m, d)}


def _sauer_numeric(claim, context):
    def example(instance):
        X = instance["X"]
        m, d = X.shape
        counted = capacity.count_separable_dichotomies(X, homogeneous=False)  # halfspaces in R^d: VC = d + 1
        p, e = claim.values(m, d + 1)
        ratio = max(counted / p, counted / e if m >= d + 1 else 0.0)
        return max(0.0, ratio - 1.0), {"dichotomies": counted, "polynomial bound": p, "exponential bound": e}

    return property_check(_sauer_instances(), example, context, tolerance=0.0,
                          detail="excess of the affine dichotomy count (LP) of m points in general position in R^d "
                          "over the claimed "
                          "bounds with V = d + 1; m <= 9, d = 1..3")


SAUER_SHELAH = register(Theorem(
    id="capacity.sauer_shelah",
    title="The Sauer-Shelah lemma: growth function of a class of VC dimension $V$",
    topic="capacity",
    kind="bound",
    source=cite(SEANCE, 'slide "Vapnik\'s theory applied to Deep Learning" (the lemma behind the VC bound)'),
    as_stated=r"\text{(used, not stated)}",
    statement=(
        r"If a class of $\{0,1\}$-valued functions has VC dimension $V$, its growth function satisfies",
        r"\[ \Pi(m) \le \sum_{i=0}^{V}\binom{m}{i} \le \Big(\frac{em}{V}\Big)^V \quad (m \ge V). \]",
        r"The first bound is attained by the class of all subsets of size at most $V$.",
    ),
    hypotheses=(Assumption(r"$m \ge V$ for the exponential form."),),
    derivation=(
        Step(r"\sum_{i=0}^V\binom{m}{i}", r"\le \sum_{i=0}^m\binom{m}{i}\Big(\frac{m}{V}\Big)^{V-i}",
             r"$m/V \ge 1$ and more non-negative terms"),
        Step(r"\sum_{i=0}^m\binom{m}{i}\Big(\frac{m}{V}\Big)^{V-i}",
             r"\Big(\frac{m}{V}\Big)^V\Big(1+\frac{V}{m}\Big)^m",
             r"binomial theorem"),
        Step(r"\Big(1+\frac{V}{m}\Big)^m", r"\le e^V", r"$1 + s \le e^s$"),
    ),
    errata=(r"The lecture uses the lemma inside the VC bound without stating it.",),
    references=("N. Sauer, \"On the density of families of sets\", J. Combin. Theory A 13 (1972) 145-147.",
                "S. Shelah, \"A combinatorial problem\", Pacific J. Math. 41 (1972) 247-261.", MOHRI),
    claim=SauerClaim(),
    symbolic=_sauer_symbolic,
    numeric=_sauer_numeric,
    mutants=(
        Mutant("top term dropped", "Pi(m) <= sum_{i < V} binom(m, i)",
               SauerClaim(polynomial=sp.Sum(sp.binomial(_m, _i), (_i, 0, _V - 1)))),
        Mutant("e dropped", "Pi(m) <= (m / V)^V", SauerClaim(exponential=(_m / _V) ** _V)),
    ),
))


# == capacity.vc_halfspaces =========================================================================================


@dataclass(frozen=True)
class HalfspaceClaim:
    """``VCdim(affine halfspaces in R^d) = d + offset``."""

    offset: int = 1


def _halfspace_symbolic(claim, context):
    def identities():
        for d in range(1, 7):
            V = d + claim.offset
            count = CoverClaim().count
            shattered = sp.expand_func(count.subs({_n: V, _d: d + 1}).doit())
            beyond = sp.expand_func(count.subs({_n: V + 1, _d: d + 1}).doit())
            yield f"d = {d}: C(V, d + 1) = 2^V (V = {V} points shattered)", shattered, 2**V
            yield f"d = {d}: C(V + 1, d + 1) = 2^(V+1) - 2 binom(V, d + 1) (V + 1 points not)", beyond, \
                2 ** (V + 1) - 2 * sp.binomial(V, d + 1)
            yield f"d = {d}: binom(V, d + 1) = 1 > 0", sp.binomial(V, d + 1), 1

    return identities_check(identities(), context, detail="{count} identities proved from Cover's count "
                            "C(N, d + 1) of affine dichotomies: C(d + 1, d + 1) = 2^(d+1) and C(d + 2, d + 1) = "
                            "2^(d+2) - 2 (Radon: every d + 2 points have a partition whose convex hulls meet)")


@st.composite
def _halfspace_instances(draw):
    d = draw(st.integers(1, 4))
    return {"X": _instance_points(draw, d + 3, d)}


def _halfspace_numeric(claim, context):
    def example(instance):
        X = instance["X"]
        d = X.shape[1]
        V = d + claim.offset  # at most d + 2 < len(X)
        shattered = capacity.is_shattered(X[:V])
        beyond = capacity.is_shattered(X[:V + 1])
        wrong = (not shattered) or beyond
        return float(wrong), {"d": d, "V points shattered": shattered, "V + 1 points shattered": beyond}

    return property_check(_halfspace_instances(), example, context, tolerance=0.0,
                          detail="1 if the claimed V = VCdim fails on points in general position in R^d (V points not "
                          "shattered, "
                          "or V + 1 points shattered), by LP; d = 1..4")


VC_HALFSPACES = register(Theorem(
    id="capacity.vc_halfspaces",
    title=r"Affine halfspaces in $\mathbb{R}^d$ have VC dimension $d + 1$",
    topic="capacity",
    kind="theorem",
    source=cite(SEANCE, 'slide "First wave: 1960s -- The Perceptron" (implicit)'),
    as_stated=r"\text{(implicit: the perceptron's capacity)}",
    statement=(r"$\mathrm{VCdim}\{x \mapsto \mathrm{sign}(\langle w, x\rangle + b)\} = d + 1$ on $\mathbb{R}^d$: "
               r"$d + 1$ affinely independent points are shattered, and no $d + 2$ points are (Radon's theorem).",),
    hypotheses=(Assumption(r"The shattered set must be affinely independent (general position)."),),
    derivation=(
        Step(r"C(d+1, d+1)", r"2^{d+1}", r"Cover's count (capacity.cover\_counting)"),
        Step(r"C(d+2, d+1)", r"2^{d+2} - 2", r"Cover's count; the two missing labellings are a Radon partition"),
    ),
    errata=(r"The lecture names the perceptron without its capacity; recorded here for the VC machinery.",),
    references=(COVER, "J. Radon, \"Mengen konvexer Koerper, die einen gemeinsamen Punkt enthalten\", Math. Ann. "
                "83 (1921) 113-115.", MOHRI),
    claim=HalfspaceClaim(),
    symbolic=_halfspace_symbolic,
    numeric=_halfspace_numeric,
    mutants=(
        Mutant("VC = d", "halfspaces in R^d have VC dimension d", HalfspaceClaim(0)),
        Mutant("VC = d + 2", "halfspaces in R^d have VC dimension d + 2", HalfspaceClaim(2)),
    ),
))


# == capacity.min_norm_selection =====================================================================================


_Kb, _P = sp.Symbol("K", integer=True, positive=True), sp.Symbol("P", positive=True)


@dataclass(frozen=True)
class BalanceClaim:
    """Over the rescalings ``W_k -> c_k W_k`` with ``prod_k c_k = 1`` (which leave f unchanged), the least
    ``sum_k ||W_k||_F^2`` is ``minimum(K, P)`` with ``P = prod_k ||W_k||_F``."""

    minimum: sp.Expr = _Kb * _P ** (sp.Integer(2) / _Kb)

    def value(self, K, P):
        return float(self.minimum.subs({_Kb: K, _P: P}))


@functools.lru_cache(maxsize=None)
def _lagrange_values(K):
    """``sum_k r_k^2`` at every critical point of it on ``prod_k r_k = P`` (the claim's mutants reuse them)."""
    r = sp.symbols(f"r1:{K + 1}", positive=True)
    lam = sp.Symbol("lambda", positive=True)
    equations = [2 * ri - lam * _P / ri for ri in r] + [sp.Mul(*r) - _P]  # Lagrange: d/dr_k, constraint
    return tuple(sp.simplify(sum(ri**2 for ri in r).subs(solution))
                 for solution in sp.solve(equations, [*r, lam], dict=True))


def _balance_symbolic(claim, context):
    def identities():
        for K in range(2, context.profile.pick(quick=4, default=4, thorough=5)):
            for least in _lagrange_values(K):
                yield f"K = {K}: sum r_k^2 at the Lagrange point (r_k = P^(1/K)) = claimed minimum", least, \
                    claim.minimum.subs(_Kb, K)

    return identities_check(identities(), context, detail="{count} identities proved: the only critical point of "
                            "sum_k r_k^2 on prod_k r_k = P (Lagrange, SymPy solve) has equal r_k = P^(1/K) and value "
                            "K P^(2/K); the sum grows without bound at the boundary, so this is the minimum")


@st.composite
def _balance_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=4, max_width=4, max_input=3))
    W = draw(strategies.weights(sizes))
    X, _ = draw(strategies.datasets(sizes[0], max_size=5))
    return {"weights": W, "X": X}


def _balance_numeric(claim, context):
    from scipy.optimize import minimize

    def example(instance):
        W, X = instance["weights"], instance["X"]
        assume(all(np.linalg.norm(w) > 1e-3 for w in W))
        rho = np.array([np.linalg.norm(w) for w in W])
        K, P = len(W), float(np.prod(rho))

        def total(s):  # log-scalings s_1..s_{K-1}, s_K = -sum: prod c_k = 1
            c = np.exp(np.append(s, -s.sum()))
            return float(((c * rho) ** 2).sum())

        found = minimize(total, np.zeros(K - 1), method="BFGS", options={"gtol": 1e-12 * rho.max() ** 2})
        c = np.exp(np.append(found.x, -found.x.sum()))
        f, g = nets.forward(W, X), nets.forward([ci * w for ci, w in zip(c, W)], X)
        S = nets.forward([abs(ci * w) + abs(w) for ci, w in zip(c, W)], abs(X), activation="linear")
        m = 4 * K + 10 + sum(w.shape[1] for w in W)
        return worst_comparison({
            "min over rescalings of sum rho_k^2 - claimed": (found.fun, claim.value(K, P), 1e-8 * found.fun),
            "f after the optimal rescaling - f": (g, f, 4 * gamma(m) * S + 1e-300)})

    return property_check(_balance_instances(), example, context, tolerance=1.0,
                          detail="|min over prod c_k = 1 of sum ||c_k W_k||^2 (scipy BFGS on log c) - claimed| in "
                          "units of 1e-8 relative (the optimiser's accuracy), and f unchanged by that rescaling in "
                          "units of its rounding bound; bias-free ReLU nets of depth 2-4")


MIN_NORM_SELECTION = register(Theorem(
    id="capacity.min_norm_selection",
    title="Minimum-norm selection: weight decay over the rescalings of a net is minimised by balanced layers",
    topic="capacity",
    kind="theorem",
    source=cite(POGGIO, 'slide "Generalization bounds for regression: minimize empirical loss with '
                        'minimum norm"'),
    as_stated=r"\begin{gathered}\text{minimize the empirical error and select the minimum norm minimizer} \\ "
              r"\text{if the minimum is degenerate}\end{gathered}",
    statement=(
        r"The rescalings $W_k \mapsto c_k W_k$ with $\prod_k c_k = 1$ leave a bias-free ReLU network unchanged "
        r"(homogeneity.rescaling\_symmetry) and keep $P = \prod_k \|W_k\|_F$; over them",
        r"\[ \min \sum_{k=1}^K \|c_k W_k\|_F^2 = K P^{2/K}, \]",
        r"attained when all layers have norm $P^{1/K}$. So among the minimizers that compute the same function, "
        r"weight decay selects the balanced one, and minimising $\sum_k \|W_k\|_F^2$ over minimizers minimises "
        r"the product of norms that controls the complexity term of capacity.rademacher\_bound.",
    ),
    hypotheses=(Assumption(r"Bias-free ReLU networks with non-zero layers.",
                           lambda instance: all(np.linalg.norm(w) > 0 for w in instance["weights"])),),
    derivation=(
        Step(r"\nabla_{r}\Big(\sum_k r_k^2 - \lambda(\prod_k r_k - P)\Big)", r"0",
             r"Lagrange: $2 r_k^2 = \lambda P$ for every $k$"),
        Step(r"r_k", r"P^{1/K}", r"all equal, and their product is $P$"),
        Step(r"\sum_k r_k^2", r"K P^{2/K}", r"the arithmetic-geometric mean inequality, with equality"),
    ),
    errata=(r"The slide does not say which norm: minimising the product of layer norms and minimising weight "
            r"decay select the same minimizer only after balancing; for deep networks gradient descent does not "
            r"find the minimum-norm minimizer by itself (hessian.square\_loss), hence explicit regularisation.",),
    references=("B. Neyshabur, R. Salakhutdinov, N. Srebro, \"Path-SGD: path-normalized optimization in deep neural "
                "networks\", NeurIPS 2015.", "S. Du, W. Hu, J. Lee, \"Algorithmic regularization in learning deep "
                "homogeneous models\", NeurIPS 2018."),
    claim=BalanceClaim(),
    symbolic=_balance_symbolic,
    numeric=_balance_numeric,
    mutants=(
        Mutant("exponent dropped", "least sum of squares K P", BalanceClaim(_Kb * _P)),
        Mutant("2P at every depth", "least sum of squares 2 P (the two-layer value) for every K", BalanceClaim(2 * _P)),
    ),
))


# == capacity.model_selection =======================================================================================

_T, _eps = sp.Symbol("T", integer=True, positive=True), sp.Symbol("epsilon", positive=True)


@dataclass(frozen=True)
class SelectionClaim:
    """Hold-out selection among T models on n validation points: w.p. at least ``1 - delta``,
    ``L(selected) <= min_t L(t) + bound(T, n, delta)`` (losses in [0, 1])."""

    bound: sp.Expr = 2 * sp.sqrt(sp.log(2 * _T / _delta) / (2 * _N))

    def value(self, T, n, delta):
        return float(self.bound.subs({_T: T, _N: n, _delta: delta}))


def _selection_symbolic(claim, context):
    # Hoeffding for each model (two tails) and a union over the T models: 2 T exp(-2 n eps^2) = delta.
    eps = [s for s in sp.solve(sp.Eq(2 * _T * sp.exp(-2 * _N * _eps**2), _delta), _eps) if s.is_positive is not False]
    return identities_check([("bound = 2 eps, eps solving 2 T exp(-2 n eps^2) = delta", claim.bound, 2 * eps[0])],
                            context, detail="{count} identity proved: the bound is twice the solution eps > 0 of "
                            "2 T exp(-2 n eps^2) = delta (Hoeffding, union bound over T models; SymPy solve), since "
                            "L(t*) <= L_val(t*) + eps <= L_val(t_best) + eps <= L(t_best) + 2 eps")


def _selection_numeric(claim, context):
    T, n, delta = 50, 1000, 0.05
    risks = 0.3 + 0.002 * np.arange(T)
    bound = claim.value(T, n, delta)
    trials = context.profile.pick(quick=400, default=1000, thorough=10_000)
    validation = context.rng("validation").binomial(n, risks, size=(trials, T)) / n  # L_val of each model
    excess = risks[np.argmin(validation, axis=1)] - risks.min()
    uniform = np.abs(validation - risks).max(axis=1)
    rates = {"L(selected) - min L > bound": float(np.mean(excess > bound)),
             "max_t |L_val(t) - L(t)| > bound / 2": float(np.mean(uniform > bound / 2))}
    allowed = delta + 3 * math.sqrt(delta * (1 - delta) / trials)
    worst = max(rates.values())
    equal = context.rng("bias").binomial(n, 0.3, size=(trials, T)).min(axis=1) / n
    detail = (f"{trials} validation sets, T = {T} models with risks 0.300..0.398, n = {n}, delta = {delta}: failure "
              f"rates {rates} against delta (allowed delta + 3 s.e. = {allowed:.4f}), bound {bound:.4f}; selection "
              f"bias with T equal risks 0.3: E min_t L_val(t) = {equal.mean():.4f}")
    return CheckResult(worst <= allowed, detail, examples=trials, max_error=worst, tolerance=allowed,
                       counterexample=None if worst <= allowed else {"rates": rates, "bound": bound})


MODEL_SELECTION = register(Theorem(
    id="capacity.model_selection",
    title="The design problem: selecting an architecture on hold-out data, with its union bound",
    topic="capacity",
    kind="bound",
    source=cite(SEANCE, 'slides "The design problem (1/2), (2/2)"'),
    as_stated=r"\min_T \hat L(\hat f_T)",
    statement=(
        r"For a finite set $\mathcal{T}$ of architectures, each trained on the training set, and a loss in "
        r"$[0, 1]$, the architecture $T^\star$ minimising the hold-out risk on $n_v$ fresh points satisfies, with "
        r"probability at least $1 - \delta$,",
        r"\[ L(\hat f_{T^\star}) \le \min_{T \in \mathcal{T}} L(\hat f_T) + "
        r"2\sqrt{\frac{\ln(2|\mathcal{T}|/\delta)}{2 n_v}}. \]",
        r"The minimum of the hold-out risks is itself biased low (selection bias).",
    ),
    hypotheses=(
        Assumption(r"The hold-out points are independent of the training set and of each other."),
        Assumption(r"$\hat L$ is the hold-out risk; with the training risk, the largest model is selected."),
    ),
    derivation=(
        Step(r"\mathbb{P}\Big(\max_T |\hat L_{val}(T) - L(T)| > \varepsilon\Big)",
             r"\le 2|\mathcal{T}| e^{-2 n_v \varepsilon^2}", r"Hoeffding for each $T$, union bound"),
        Step(r"L(T^\star)", r"\le \hat L_{val}(T^\star) + \varepsilon \le \hat L_{val}(T_{best}) + \varepsilon \le "
             r"L(T_{best}) + 2\varepsilon", r"on the complement event; $T^\star$ minimises $\hat L_{val}$"),
    ),
    errata=(
        r"Notation clash: $\hat L$ here must be a hold-out risk, not the training risk $\hat L_n$ of the ERM "
        r"slides; with the training risk the argmin picks the largest model.",
        r"``Nonconvex, nonsmooth'': $T$ is largely discrete; the problem is combinatorial and convexity is "
        r"undefined.",
        r"Minimising the hold-out estimate is optimistically biased (selection bias): report a fresh test risk.",
    ),
    references=(MOHRI, "W. Hoeffding, \"Probability inequalities for sums of bounded random variables\", J. Amer. "
                "Statist. Assoc. 58 (1963) 13-30."),
    claim=SelectionClaim(),
    symbolic=_selection_symbolic,
    numeric=_selection_numeric,
    mutants=(
        Mutant("no log |T|", "bound 2 sqrt(ln(2/delta) / (2 n)): the union over models dropped",
               SelectionClaim(2 * sp.sqrt(sp.log(2 / _delta) / (2 * _N)))),
        Mutant("no square root", "bound 2 ln(2 T/delta) / (2 n)",
               SelectionClaim(2 * sp.log(2 * _T / _delta) / (2 * _N))),
    ),
))

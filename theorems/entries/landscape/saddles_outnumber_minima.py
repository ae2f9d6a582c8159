"""``landscape.saddles_outnumber_minima``:

Saddles outnumber minima in high dimension: the GOE probability of a minimum decays like e^{-c N^2}.
"""

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POST, cite

__all__ = ["SADDLES_OUTNUMBER_MINIMA", "SaddleClaim"]

_N = sp.Symbol("N", positive=True, integer=True)


_theta = sp.Symbol("theta", real=True)


@dataclass(frozen=True)
class SaddleClaim:
    """Under a GOE model of the Hessian at a random critical point in N dimensions, the probability that it is a
    minimum (all eigenvalues positive) is ``minimum(N)``: exact values for N = 1, 2, 3, decaying like
    exp(-Theta(N^2))."""

    minimum: tuple = (sp.Rational(1, 2), (2 - sp.sqrt(2)) / 4, (sp.pi - 2 * sp.sqrt(2)) / (4 * sp.pi))
    saddles_dominate: bool = True  # among the distinct critical points of small nets' losses

    def value(self, N):
        return self.minimum[N - 1]


def _saddle_symbolic(claim, context):
    # N = 2: the GOE eigenvalue density ~ |l1 - l2| exp(-(l1^2 + l2^2)/2); in polar coordinates the radial parts
    # cancel and P(both > 0) is a ratio of angular integrals of |cos - sin|
    pieces = [(0, sp.pi / 4), (sp.pi / 4, 5 * sp.pi / 4), (5 * sp.pi / 4, 2 * sp.pi)]
    total = sum(sp.integrate(sp.cos(_theta) - sp.sin(_theta), (_theta, a, b)) * (1 if k != 1 else -1)
                for k, (a, b) in enumerate(pieces))
    first = (sp.integrate(sp.cos(_theta) - sp.sin(_theta), (_theta, 0, sp.pi / 4))
             - sp.integrate(sp.cos(_theta) - sp.sin(_theta), (_theta, sp.pi / 4, sp.pi / 2)))
    # the torus toy model sum_i cos x_i at {0, pi}^3: index histogram binomial (1, 3, 3, 1)
    xs = sp.symbols("x1:4", real=True)
    g = sum(sp.cos(x) for x in xs)
    H = sp.hessian(g, xs)
    histogram = {}
    for point in itertools.product((0, sp.pi), repeat=3):
        index = sum(1 for v in H.subs(dict(zip(xs, point))).eigenvals(multiple=True) if v < 0)
        histogram[index] = histogram.get(index, 0) + 1
    eps, d, M = sp.symbols("epsilon d M", positive=True)
    (union,) = sp.solve(sp.Eq(M**2 * 2 * sp.exp(-eps**2 * d / 2), 1), M)
    return identities_check([
        ("P_1 = 1/2 (symmetry of the N(0, 1) diagonal)", claim.value(1), sp.Rational(1, 2)),
        ("P_2 = angular integral over the positive quadrant / all angles", claim.value(2), sp.simplify(first / total)),
        *((f"torus sum cos x_i on {{0, pi}}^3: critical points of index {k}", histogram.get(k, 0), math.comb(3, k))
          for k in range(4)),
        ("nearly orthogonal directions, N^2 2 exp(-eps^2 d / 2) = 1", union, sp.exp(eps**2 * d / 4) / sp.sqrt(2)),
    ], context, detail="{count} identities proved: P_1 = 1/2; P_2 = (2 - sqrt 2)/4 from the GOE eigenvalue density "
                       "in polar coordinates (SymPy integrals); the index histogram (1, 3, 3, 1) of sum_i cos x_i on "
                       "{{0, pi}}^3 (one minimum, six saddles, one maximum); the union bound for eps-orthogonal "
                       "directions, N = exp(eps^2 d / 4) / sqrt 2")


@functools.lru_cache(maxsize=4)
def _net_census(seed, points, starts):
    """Distinct critical points of ``L + 0.01 ||theta||^2`` for 2-2-1 nets with ``sigma = z + z^2 + z^3`` (6
    weights, no rescaling symmetry, cubics in 2 variables span 9 dimensions) on 12 points labelled by a random
    teacher plus noise; Newton from points along L-BFGS trajectories (up to 30 iterations).  Data sets (two at
    least) are drawn until ``points`` distinct non-degenerate critical points are found (at most 20 data sets).  Returns
    the number of data sets, of minima and of saddles, and the index histogram."""
    from numerics import critical
    from numerics.nets import forward, unflatten

    rng = np.random.default_rng(seed)
    kw = {"activation": "poly", "degree": (0, 1, 1, 1)}
    histogram, datasets = {}, 0
    while (sum(histogram.values()) < points or datasets < 2) and datasets < 20:
        X = rng.standard_normal((12, 2))
        y = forward(unflatten(rng.standard_normal(6), [2, 2, 1]), X, **kw) + 0.3 * rng.standard_normal(12)
        census = critical.critical_points([2, 2, 1], X, y, starts=starts, rng=rng, descent=30, decay=0.01, **kw)
        for index, count in census.counts().items():
            histogram[index] = histogram.get(index, 0) + count
        datasets += 1
    minima = histogram.get(0, 0)
    return datasets, minima, sum(histogram.values()) - minima, dict(sorted(histogram.items()))


def _saddle_numeric(claim, context):
    rng = context.rng("goe")
    samples = context.profile.pick(quick=40_000, default=200_000, thorough=2_000_000)
    parts, notes = {}, []
    for N in (1, 2, 3):
        A = rng.standard_normal((samples, N, N))
        values = np.linalg.eigvalsh((A + A.transpose(0, 2, 1)) / 2)
        fraction = float(np.mean(values[:, 0] > 0))
        exact = float(claim.value(N))
        se = math.sqrt(exact * (1 - exact) / samples)
        parts[f"GOE N = {N}: fraction of minima"] = (fraction, exact, 4 * se)
        notes.append(f"N = {N}: {fraction:.5f} +- {se:.5f} against {exact:.5f}")
    # P_3 by quadrature of the ordered joint density, independently of the closed form
    from scipy.integrate import tplquad

    density = lambda c, b, a: abs((a - b) * (a - c) * (b - c)) * math.exp(-(a * a + b * b + c * c) / 2)  # noqa
    whole = tplquad(density, -8, 8, lambda a: -8, lambda a: a, lambda a, b: -8, lambda a, b: b, epsabs=1e-13)[0]
    positive = tplquad(density, 0, 8, lambda a: 0, lambda a: a, lambda a, b: 0, lambda a, b: b, epsabs=1e-13)[0]
    parts["P_3 by quadrature of the joint eigenvalue density"] = (positive / whole, float(claim.value(3)), 1e-9)
    notes.append(f"P_3 by quadrature {positive / whole:.12f}")
    # 2000 random sign vectors in d = 1000 are pairwise nearly orthogonal (|cos| < 0.2)
    V = rng.choice([-1.0, 1.0], (2000, 1000)) / math.sqrt(1000)
    gram = np.abs(V @ V.T - np.eye(2000))
    parts["max |cos| among 2000 random sign vectors, d = 1000"] = (max(gram.max() - 0.2, 0.0), 0.0, 1e-12)
    notes.append(f"max |cos| = {gram.max():.3f} < 0.2")
    # on networks: a census of critical points of small polynomial nets (numerics.critical)
    datasets, minima, saddles, indices = _net_census(context.derived_seed("census") % 10_000,
                                                     *context.profile.pick(quick=(12, 40), default=(24, 100),
                                                                           thorough=(100, 400)))
    parts["nets: saddles outnumber minima among distinct critical points"] = (
        float((saddles > minima) == claim.saddles_dominate), 1.0, 0.5)
    notes.append(f"2-2-1 nets with sigma = z + z^2 + z^3 and weight decay 0.01, {datasets} data sets: {minima} "
                 f"minima and {saddles} saddles (distinct, non-degenerate; index histogram {indices})")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, f"{samples} GOE matrices per N, fraction with all eigenvalues positive (4 s.e.): "
                       + "; ".join(notes), examples=3 * samples + 2000, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


SADDLES_OUTNUMBER_MINIMA = register(Theorem(
    id="landscape.saddles_outnumber_minima",
    title="Saddles outnumber minima in high dimension: the GOE probability of a minimum decays like "
          "$e^{-c N^2}$",
    topic="landscape",
    kind="theorem",
    source=cite(POST, 'section "What does the loss function look like?": "saddle points must be much '
                      'more abundant than local minima ... formalized rigorously and proved '
                      'empirically" (Dauphin et al. 2014)'),
    as_stated=(r"\begin{gathered}\text{the number of directions grows exponentially with the dimension;} \\ "
               r"\text{saddle points are much more abundant than local minima}\end{gathered}"),
    statement=(
        r"Model the Hessian at a random critical point in $\mathbb{R}^N$ by the GOE, $H = (A + A^\top)/2$, "
        r"$A_{ij} \sim N(0, 1)$. The probability that all eigenvalues are positive (a minimum) is",
        r"\[ P_1 = \tfrac12, \quad P_2 = \frac{2 - \sqrt2}{4}, \quad P_3 = \frac{\pi - 2\sqrt2}{4\pi}, \quad "
        r"P_N = e^{-\theta N^2 (1 + o(1))}, \]",
        r"far below the $2^{-N}$ of independent eigenvalue signs: saddles dominate (Bray and Dean 2007, for "
        r"Gaussian random fields; Dauphin et al. 2014 give evidence for networks). ``Exponentially many "
        r"directions'' is meaningful for $\varepsilon$-orthogonal families: $e^{\varepsilon^2 d/4}/\sqrt2$ "
        r"random sign vectors are pairwise within $|\cos| \le \varepsilon$. On small networks (2-2-1, "
        r"$\sigma(z) = z + z^2 + z^3$, weight decay) the distinct critical points found by Newton's method from "
        r"points along descent trajectories are mostly saddles.",
    ),
    hypotheses=(
        Assumption(r"A random-matrix model of the Hessian at a random critical point; the rigorous results are for "
                   r"Gaussian random fields and spin glasses, not for actual networks."),
    ),
    derivation=(
        Step(r"P_2", r"\frac{\int_0^{\pi/2} |\cos\theta - \sin\theta|\,d\theta}{\int_0^{2\pi} |\cos\theta - "
             r"\sin\theta|\,d\theta}", r"the GOE eigenvalue density $\propto |\lambda_1 - \lambda_2| "
             r"e^{-(\lambda_1^2 + \lambda_2^2)/2}$ in polar coordinates"),
        Step(r"N^2 \cdot 2 e^{-\varepsilon^2 d/2}", r"< 1", r"Hoeffding and a union bound over pairs of random "
             r"sign vectors"),
    ),
    errata=(
        r"``Formalized rigorously'' holds for random Gaussian fields and spin-glass models; for networks Dauphin "
        r"et al. give empirical evidence.",
        r"``Very likely to find a direction that goes down'' presumes independent eigenvalue signs ($2^{-N}$); the "
        r"GOE gives $e^{-\Theta(N^2)}$. In $\mathbb{R}^d$ there are uncountably many directions for every $d$: "
        r"the exponential count is of $\varepsilon$-orthogonal ones.",
    ),
    references=("A. J. Bray, D. S. Dean, \"Statistics of critical points of Gaussian fields on large-dimensional "
                "spaces\", Phys. Rev. Lett. 98 (2007) 150201.", "Y. Dauphin, R. Pascanu, C. Gulcehre, K. Cho, "
                "S. Ganguli, Y. Bengio, \"Identifying and attacking the saddle point problem in high-dimensional "
                "non-convex optimization\", NIPS 2014.", "R. Vershynin, High-Dimensional Probability, Cambridge "
                "University Press 2018, Section 4.2."),
    claim=SaddleClaim(),
    symbolic=_saddle_symbolic,
    numeric=_saddle_numeric,
    mutants=(
        Mutant("2^-N", "independent eigenvalue signs", SaddleClaim(tuple(sp.Rational(1, 2**N) for N in (1, 2, 3)))),
        Mutant("minima outnumber saddles", "P_N >= 1/2", SaddleClaim((sp.Rational(1, 2),) * 3, False)),
    ),
))

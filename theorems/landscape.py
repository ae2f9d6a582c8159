"""Loss landscape: convexity near minima, degenerate global minima, saddles against minima.

Sources: the post "Recent Advances for a Better Understanding of Deep Learning", section
"What does the loss function look like?", and the course session "Seance 5: Deep learning",
slide "Facts about optimization in Deep Learning".  Hessians are exact (:mod:`numerics.derivatives`) and their spectra
come from :mod:`numerics.spectrum` (Lanczos on exact Hessian-vector products) or
dense ``eigvalsh`` on small nets; the symbolic side derives the counterexamples,
the Gauss-Newton identity and the exact GOE probabilities.
"""

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import derivatives, nets, spectrum
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.symbolic import relu
from theorems.sources import POST, SEANCE, cite

__all__ = ["DEGENERATE_GLOBAL_MINIMA", "GD_AVOIDS_STRICT_SADDLES", "MODE_CONNECTIVITY", "NO_POOR_LOCAL_MINIMA",
           "SADDLES_OUTNUMBER_MINIMA", "SHARP_MINIMA_LARGE_BATCH", "STRICT_CONVEXITY", "ConnectivityClaim",
           "ConvexityClaim", "DegeneracyClaim", "PoorMinimaClaim", "SaddleAvoidanceClaim", "SaddleClaim",
           "SharpnessClaim"]

BOYD = "S. Boyd, L. Vandenberghe, Convex Optimization, Cambridge University Press 2004, Section 3.1.4."
_x, _y = sp.symbols("x y", real=True)


# == landscape.strict_convexity =====================================================================================

_IMPLICATIONS = {
    "positive definite -> locally strictly convex": "true (continuity of the Hessian)",
    "strictly convex -> positive definite": "false: x^4 + y^4",
    "positive semi-definite -> local minimum": "false: x^2 + y^3",
    "positive definite -> globally convex": "false: cos x",
}


@dataclass(frozen=True)
class ConvexityClaim:
    """The implications between the Hessian at a critical point and convexity that the claim asserts."""

    implications: tuple = ("positive definite -> locally strictly convex",)


def _convexity_symbolic(claim, context):
    a, b, t = sp.symbols("a b t", real=True)
    for implication in claim.implications:
        if implication == "strictly convex -> positive definite":
            gap = sp.factor((a**4 + b**4) / 2 - ((a + b) / 2) ** 4)  # the midpoint gap of t^4
            quadratic = sp.Poly(7 * a**2 + 10 * a * b + 7 * b**2, a)
            discriminant = sp.discriminant(quadratic.as_expr(), a)
            hessian = sp.hessian(_x**4 + _y**4, (_x, _y)).subs({_x: 0, _y: 0})
            return CheckResult(False, "refuted: x^4 + y^4 is strictly convex with a zero Hessian at its minimum",
                               counterexample={"midpoint gap of t^4": str(gap), "discriminant": str(discriminant),
                                               "lhs": f"Hessian at 0 = {hessian.tolist()}", "rhs": "positive definite"})
        if implication == "positive semi-definite -> local minimum":
            f = _x**2 + _y**3
            hessian = sp.hessian(f, (_x, _y)).subs({_x: 0, _y: 0})
            return CheckResult(False, "refuted: x^2 + y^3 has a PSD Hessian at 0 and is not minimal there",
                               counterexample={"Hessian at 0": str(hessian.tolist()),
                                               "lhs": f"f(0, -t) = {f.subs({_x: 0, _y: -t})} < 0", "rhs": "f(0) = 0"})
        if implication == "positive definite -> globally convex":
            second = sp.diff(sp.cos(_x), _x, 2)
            return CheckResult(False, "refuted: cos x has f''(pi) = 1 > 0 at its minimum and f''(0) = -1",
                               counterexample={"lhs": f"f''(0) = {second.subs(_x, 0)}",
                                               "rhs": f">= 0 (convex); f''(pi) = {second.subs(_x, sp.pi)}"})
    # the true direction: on a ball where the Hessian stays positive definite, the midpoint gap is positive
    f = _x**2 + _x * _y + _y**2 + _x**3  # Hessian [[2 + 6x, 1], [1, 2]], positive definite for x > -1/4
    H = sp.hessian(f, (_x, _y))
    region = sp.solve_univariate_inequality(H.det() > 0, _x, relational=False).intersect(
        sp.solve_univariate_inequality(H[0, 0] > 0, _x, relational=False))
    expected = sp.Interval.open(sp.Rational(-1, 4), sp.oo)
    if region != expected:
        return CheckResult(False, "the positive definite region is not the derived one", counterexample={
            "lhs": str(region), "rhs": str(expected)})
    return CheckResult(True, "positive definite -> locally strictly convex: on x^2 + xy + y^2 + x^3 (Hessian "
                       "[[2 + 6x, 1], [1, 2]]) SymPy derives the region x > -1/4 where the Hessian stays positive "
                       "definite, a neighbourhood of 0 on which f is strictly convex; the converse and the other "
                       "readings are refuted by x^4 + y^4, x^2 + y^3 and cos x (the mutants)")


def _convexity_numeric(claim, context):
    rng = context.rng("convexity")
    P, Q = rng.uniform(-1, 1, (10_000, 2)), rng.uniform(-1, 1, (10_000, 2))

    def gap(f, P, Q):  # the midpoint gap (f(p) + f(q))/2 - f((p + q)/2) over random pairs
        return (f(P) + f(Q)) / 2 - f((P + Q) / 2)

    quartic = lambda Z: (Z**4).sum(axis=1)  # noqa: E731
    parts = {}
    for implication in claim.implications:
        if implication == "strictly convex -> positive definite":
            hessian = np.diag(12.0 * np.zeros(2) ** 2)  # the exact Hessian diag(12 x^2, 12 y^2) at 0
            strict = bool(gap(quartic, P, Q).min() > 0)
            parts["x^4 + y^4: strictly convex (midpoints) and positive definite at 0"] = (
                float(strict and np.linalg.eigvalsh(hessian).min() > 0), 1.0, 0.5)
        elif implication == "positive semi-definite -> local minimum":
            t = np.geomspace(1e-6, 1e-1, 50)
            parts["x^2 + y^3: f(0, -t) >= f(0)"] = (float(np.all(-(t**3) >= 0)), 1.0, 0.5)
        elif implication == "positive definite -> globally convex":
            grid = np.linspace(-4, 4, 8001)
            second = np.diff(np.cos(grid), 2) / (grid[1] - grid[0]) ** 2
            parts["cos x: convex on [-4, 4]"] = (float(second.min() >= 0), 1.0, 0.5)
    # the true direction, numerically: x^2 + xy + y^2 + x^3 is strictly convex on the ball of radius 1/5
    f = lambda Z: Z[:, 0] ** 2 + Z[:, 0] * Z[:, 1] + Z[:, 1] ** 2 + Z[:, 0] ** 3  # noqa: E731
    small = gap(f, P / 5, Q / 5)
    parts["x^2 + xy + y^2 + x^3 strictly convex near 0 (midpoint gaps > 0)"] = (float(small.min() > 0), 1.0, 0.5)
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "midpoint gaps on 10000 random pairs, second differences and sign tests: each "
                       "asserted implication is tested on its counterexample function (x^4 + y^4, x^2 + y^3, cos x), "
                       f"and the true one on x^2 + xy + y^2 + x^3 near 0 (smallest gap {small.min():.3g} > 0)",
                       examples=20_000, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


STRICT_CONVEXITY = register(Theorem(
    id="landscape.strict_convexity",
    title="A positive definite Hessian gives local strict convexity; the converse and its other readings fail",
    topic="landscape",
    kind="theorem",
    source=cite(POST, 'section "What does the loss function look like?"'),
    as_stated=(r"\begin{gathered}\text{around a global minimum the function is strictly convex,} \\ \text{which means "
               r"that the two eigenvalues of the Hessian are strictly positive}\end{gathered}"),
    statement=(
        r"For $f \in C^2(\mathbb{R}^2)$: if $\nabla^2 f(x^*) \succ 0$ then $f$ is strictly convex on a "
        r"neighbourhood of $x^*$ (the Hessian stays positive definite there) and a critical $x^*$ is a strict "
        r"local minimum. The converse fails: a strictly convex $f$ only has $\nabla^2 f \succeq 0$ ($x^4 + y^4$ at "
        r"0); a positive semi-definite Hessian does not make a minimum ($x^2 + y^3$); a positive definite Hessian at "
        r"the minimum does not make $f$ convex elsewhere ($\cos x$).",
    ),
    hypotheses=(
        Assumption(r"$f$ twice continuously differentiable; the statement is local."),
        Assumption(r"In over-parameterised networks the Hessian at a global minimum is singular "
                   r"(landscape.degenerate\_global\_minima): the premise typically fails."),
    ),
    derivation=(
        Step(r"\frac{a^4 + b^4}{2} - \Big(\frac{a + b}{2}\Big)^4", r"\frac{(a - b)^2 (7a^2 + 10ab + 7b^2)}{16} > 0",
             r"$t^4$ is strictly convex: the quadratic factor has discriminant $100 - 196 < 0$"),
        Step(r"\nabla^2 (x^4 + y^4)\big|_0", r"0", r"a strictly convex function with a zero Hessian"),
    ),
    errata=(r"``Which means'' asserts an equivalence: only $\nabla^2 f \succ 0 \Rightarrow$ strictly convex holds. "
            r"And a strictly convex neighbourhood makes the minimiser isolated, contradicting the flat manifolds of "
            r"minima the same post describes next.",),
    references=(BOYD,),
    claim=ConvexityClaim(),
    symbolic=_convexity_symbolic,
    numeric=_convexity_numeric,
    mutants=(
        Mutant("the equivalence", "strictly convex -> positive definite Hessian",
               ConvexityClaim(("positive definite -> locally strictly convex",
                               "strictly convex -> positive definite"))),
        Mutant("PSD -> minimum", "a positive semi-definite Hessian at a critical point makes a minimum",
               ConvexityClaim(("positive semi-definite -> local minimum",))),
        Mutant("PD -> globally convex", "a positive definite Hessian at the minimum makes f convex",
               ConvexityClaim(("positive definite -> globally convex",))),
    ),
))


# == landscape.degenerate_global_minima =============================================================================

_p, _n = sp.symbols("p n", positive=True, integer=True)


@dataclass(frozen=True)
class DegeneracyClaim:
    """At a zero-residual minimum of ``sum_n (f(theta; x_n) - y_n)^2`` with p parameters and n data, the Hessian
    is ``factor J^T J`` and has ``nullity(p, n)`` zero eigenvalues (for generic data and weights)."""

    factor: sp.Expr = sp.Integer(2)
    nullity: sp.Expr = _p - _n

    def zeros(self, p, n):
        return int(self.nullity.subs({_p: p, _n: n}))


def _degeneracy_symbolic(claim, context):
    theta = sp.symbols("t1:4", real=True)
    F = [sp.Function(f"F{i}")(*theta) for i in (1, 2)]
    y = sp.symbols("y1:3", real=True)
    L = sum((Fi - yi) ** 2 for Fi, yi in zip(F, y))
    J = sp.Matrix([[sp.diff(Fi, t) for t in theta] for Fi in F])
    at_zero_residual = sp.hessian(L, theta).subs({yi: Fi for yi, Fi in zip(y, F)})
    difference = sp.simplify(at_zero_residual - claim.factor * J.T * J)
    if difference != sp.zeros(3, 3):
        return CheckResult(False, "refuted: the Hessian at zero residual", counterexample={
            "lhs": "Hessian of sum (F_n - y_n)^2 at F_n = y_n", "rhs": f"{claim.factor} J^T J",
            "difference": str(difference[0, 0])})
    rng = context.rng("jacobians")
    identities = []
    for p, n in ((3, 2), (5, 2), (6, 4), (2, 1)):
        Jr = sp.Matrix(n, p, [sp.Integer(int(v)) for v in rng.integers(-9, 10, n * p)])
        identities.append((f"nullity of 2 J^T J for a {n} x {p} integer Jacobian", p - (Jr.T * Jr).rank(),
                           claim.nullity.subs({_p: p, _n: n})))
    a, b = sp.symbols("a b", positive=True)
    hessian = sp.hessian((a * b - 1) ** 2, (a, b)).subs(b, 1 / a)
    identities.append(("(ab - 1)^2 on ab = 1: zero eigenvalues", sum(1 for ev in hessian.eigenvals() if
                                                                      sp.simplify(ev) == 0),
                       claim.nullity.subs({_p: 2, _n: 1})))
    return identities_check(identities, context, detail="the Hessian of sum_n (F_n(theta) - y_n)^2 at zero "
                            "residual is 2 J^T J for undefined F_n (SymPy), and {count} identities: the nullity of "
                            "J^T J for integer Jacobians of full rank n is p - n, and (ab - 1)^2 has one zero "
                            "eigenvalue along its minimum set ab = 1 (p - n = 1)")


def _fit(rng, sizes, n, activation="tanh"):
    """A zero-residual minimum of a biased net on n random points: Gauss-Newton with minimum-norm steps
    ``theta -= J^+ r`` (quadratic convergence for an underdetermined system of full rank n)."""
    X, y = rng.uniform(-1, 1, (n, sizes[0])), rng.uniform(-1, 1, n)
    W = nets.init(sizes, rng)
    b = [rng.normal(0, 0.5, w.shape[0]) for w in W]
    shapes = [(w.shape, bi.shape) for w, bi in zip(W, b)]

    def unpack(theta):
        out_w, out_b, i = [], [], 0
        for (ws, bs) in shapes:
            out_w.append(theta[i:i + math.prod(ws)].reshape(ws))
            i += math.prod(ws)
            out_b.append(theta[i:i + bs[0]])
            i += bs[0]
        return out_w, out_b

    def residual(theta):
        w, bb = unpack(theta)
        return nets.forward(w, X, activation=activation, biases=bb) - y

    def jac(theta):
        w, bb = unpack(theta)
        return derivatives.jacobian(w, X, activation=activation, biases=bb)

    for _ in range(10):  # restarts from fresh random weights when a start stagnates
        theta = nets.flatten(W, b)
        for _ in range(200):
            r = residual(theta)
            if np.abs(r).max() < 1e-14:
                return (*unpack(theta), X, y)
            step, size = np.linalg.lstsq(jac(theta), r, rcond=None)[0], 1.0
            while size > 1e-6 and np.linalg.norm(residual(theta - size * step)) >= np.linalg.norm(r):
                size /= 2  # backtracking: the full step may overshoot where tanh saturates
            theta = theta - size * step
        W = nets.init(sizes, rng)
        b = [rng.normal(0, 0.5, w.shape[0]) for w in W]
    raise ArithmeticError(f"no zero-residual fit of the {'-'.join(map(str, sizes))} net to {n} points")


def _degeneracy_numeric(claim, context):
    rng = context.rng("fits")
    parts, notes = {}, []
    for sizes, n in (((2, 5, 1), 4), ((3, 6, 1), 7), ((2, 4, 4, 1), 6)):
        W, b, X, y = _fit(rng, sizes, n)
        p = len(nets.flatten(W, b))
        loss = float(derivatives.loss(W, X, y, activation="tanh", biases=b))
        H = derivatives.loss_hessian(W, X, y, activation="tanh", biases=b)
        G = derivatives.gauss_newton(W, X, y, activation="tanh", biases=b)  # J^T diag(l'' = 2) J
        values = np.linalg.eigvalsh(H)
        top = np.abs(values).max()
        # zero eigenvalues: the second-order term 2 sum r_n grad^2 f_n is of the order of the residual, sqrt(loss)
        zero = int(np.sum(np.abs(values) <= 1e-6 * top))
        parts[f"{'-'.join(map(str, sizes))} net, p = {p}, n = {n}: zero eigenvalues"] = (zero, claim.zeros(p, n), 0.5)
        parts[f"{'-'.join(map(str, sizes))}: H = factor J^T J"] = (H, float(claim.factor) / 2 * G,
                                                                   1e-6 * top + 1e-12)
        notes.append(f"{'-'.join(map(str, sizes))} (p = {p}, n = {n}): loss {loss:.1e}, {zero} zero eigenvalues, "
                     f"smallest non-zero {np.sort(np.abs(values))[zero]:.3g}")
    # at scale: rank <= n by Lanczos on exact Hessian-vector products (3-200-200-1, p = 41000, n = 12)
    big = context.profile.pick(quick=(3, 60, 60, 1), default=(3, 200, 200, 1), thorough=(3, 300, 300, 1))
    W, b, X, y = _fit(rng, big, 12)
    p = len(nets.flatten(W, b))
    loss = float(derivatives.loss(W, X, y, activation="tanh", biases=b))
    values = spectrum.top_eigenvalues(W, X, y, k=13, which="magnitude", activation="tanh", biases=b)
    nonzero = int(np.sum(np.abs(values) > 1e-6 * np.abs(values).max()))
    parts[f"{'-'.join(map(str, big))}: non-zero eigenvalues = p - nullity"] = (nonzero, p - claim.zeros(p, 12), 0.5)
    notes.append(f"{'-'.join(map(str, big))} (p = {p}, n = 12, loss {loss:.1e}): Lanczos finds {nonzero} non-zero "
                 f"eigenvalues among the 13 largest in magnitude (13th: {abs(values[-1]):.1e} against "
                 f"{abs(values[0]):.3g})")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "tanh nets with biases fitted to zero loss by Gauss-Newton with minimum-norm "
                       "steps (exact Jacobians), exact Hessians (numerics.derivatives) and their eigenvalues; an "
                       "eigenvalue counts as zero below 1e-6 of the largest (the second-order term is of the order "
                       "of the residual, 1e-15): " + "; ".join(notes), examples=21 + 31 + 37 + 13, max_error=error,
                       tolerance=1.0, counterexample=None if error <= 1.0 else witness)


DEGENERATE_GLOBAL_MINIMA = register(Theorem(
    id="landscape.degenerate_global_minima",
    title="Global minima of over-parameterised nets are degenerate: $p - n$ zero Hessian eigenvalues, $H "
          r"= 2 J^\top J$",
    topic="landscape",
    kind="theorem",
    source=cite(POST, 'section "What does the loss function look like?": "a global minimum will not be '
                      'a point, but a connected manifold"'),
    as_stated=(r"\begin{gathered}\text{a global minimum will not be a point, but a connected manifold;} \\ "
               r"\text{the Hessian contains not a single zero eigenvalue?}\end{gathered}"),
    statement=(
        r"Let $L(\theta) = \sum_{n=1}^N (f(\theta; x_n) - y_n)^2$ with $p > N$ parameters. At a global minimum "
        r"with zero residual the Hessian is the Gauss-Newton matrix",
        r"\[ \nabla^2 L = 2 J^\top J, \qquad J = \Big(\frac{\partial f(\theta; x_n)}{\partial \theta_j}\Big) \in "
        r"\mathbb{R}^{N \times p}, \]",
        r"of rank at most $N$: at least $p - N$ eigenvalues vanish (exactly $p - N$ when $J$ has full rank). "
        r"For generic data the zero set $\{L = 0\}$ is then a smooth manifold of dimension $p - N$ (Cooper "
        r"2018), and continuous symmetries such as the ReLU rescaling add flat directions. Connectedness is not "
        r"implied (landscape.mode\_connectivity).",
    ),
    hypotheses=(
        Assumption(r"Zero residual (interpolation), square loss written as a sum (with a mean the factor is "
                   r"$2/N$)."),
        Assumption(r"``Connected manifold'' is not a consequence: the manifold may have several components."),
    ),
    derivation=(
        Step(r"\nabla^2 L", r"2 J^\top J + 2 \sum_n r_n \nabla^2 f(\theta; x_n)", r"differentiate twice; "
             r"$r_n = f(\theta; x_n) - y_n$"),
        Step(r"\nabla^2 L\big|_{r = 0}", r"2 J^\top J", r"zero residual"),
        Step(r"\dim \ker \nabla^2 L", r"\ge p - N", r"$\mathrm{rank}\, J^\top J = \mathrm{rank}\, J \le N$"),
    ),
    errata=(r"``Connected'' is unproven in general (and false in simple models); ``experimentally proven'' means "
            r"evidence (Draxler et al. 2018), not proof.",),
    references=("Y. Cooper, \"The loss landscape of overparameterized neural networks\", arXiv:1804.10200, 2018.",
                "L. Sagun, U. Evci, V. U. Guney, Y. Dauphin, L. Bottou, \"Empirical analysis of the Hessian of "
                "over-parametrized neural networks\", ICLR Workshop 2018."),
    claim=DegeneracyClaim(),
    symbolic=_degeneracy_symbolic,
    numeric=_degeneracy_numeric,
    mutants=(
        Mutant("rank p", "the Hessian at a global minimum of an over-parameterised net has full rank",
               DegeneracyClaim(nullity=sp.Integer(0))),
        Mutant("n zero eigenvalues", "p - n and n swapped", DegeneracyClaim(nullity=_n)),
        Mutant("J^T J", "the Hessian at zero residual without its factor 2", DegeneracyClaim(factor=sp.Integer(1))),
    ),
))


# == landscape.saddles_outnumber_minima =============================================================================

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


# == landscape.mode_connectivity ====================================================================================

_FORCES = {"nudged": {"nudged": True, "springs": True}, "full force": {"nudged": False, "springs": True},
           "own loss": {"nudged": False, "springs": False}}


@dataclass(frozen=True)
class ConnectivityClaim:
    """Barrier of ``(ab - 1)^2`` between its two minimum branches (``ab_barrier``); whether the Bezier curve of least
    mean loss also has the least maximum (``mean_is_minimax``); which band force finds the minimum-energy path."""

    ab_barrier: sp.Expr = sp.Integer(1)
    mean_is_minimax: bool = False
    force: str = "nudged"


def _energy():
    """The two-minimum energy (x^2 - 1)^2 + (y - x^2/2 + 1/2)^2 of the elastic-band test and its gradient (numpy)."""
    def E(P):
        return (P[:, 0] ** 2 - 1) ** 2 + (P[:, 1] - P[:, 0] ** 2 / 2 + 0.5) ** 2

    def dE(P):
        r = P[:, 1] - P[:, 0] ** 2 / 2 + 0.5
        return np.stack([4 * P[:, 0] * (P[:, 0] ** 2 - 1) - 2 * r * P[:, 0], 2 * r], axis=1)

    return E, dE


def _connectivity_symbolic(claim, context):
    a, b, t, c = sp.symbols("a b t c", real=True)
    L = (a * b - 1) ** 2
    on_axis = sp.simplify(L.subs(a, 0))  # every path from a > 0 to a < 0 meets a = 0, where L = 1
    diagonal = sp.maximum(L.subs({a: t, b: t}), t, sp.Interval(-1, 1))  # and the path (t, t) reaches no higher
    if sp.simplify(claim.ab_barrier - diagonal) != 0 or on_axis != diagonal:
        return CheckResult(False, "refuted: the barrier between the branches of ab = 1", counterexample={
            "lhs": f"claimed barrier {claim.ab_barrier}", "rhs": f"L(0, b) = {on_axis} on the way, max over (t, t) "
                                                                 f"= {diagonal}"})
    # the ring (x^2 + y^2 - 1)^2 from (-1, 0) to (1, 0) along (1-t)^2 w0 + 2t(1-t)(0, c) + t^2 w1
    x = -(1 - t) ** 2 + t**2
    y = 2 * t * (1 - t) * c
    ring = sp.expand((x**2 + y**2 - 1) ** 2)
    mean = sp.factor(sp.integrate(ring, (t, 0, 1)))
    mean_c = [r for r in sp.solve(sp.diff(mean, c), c) if r.is_positive][0]
    # with s = t(1-t) in [0, 1/4], ||phi||^2 - 1 = 4 s (c^2 s - 1): the maximum is least when the dip 1/c^2
    # equals the bump c^2/4 - 1 at s = 1/4
    minimax_c = [r for r in sp.solve(c**4 - 4 * c**2 - 4, c) if r.is_positive][0]
    same = sp.simplify(mean_c - minimax_c) == 0
    if claim.mean_is_minimax != same:
        return CheckResult(False, "refuted: the mean-loss optimal Bezier curve against the minimax one",
                           counterexample={"mean loss": str(mean), "lhs": f"mean-optimal c = {mean_c}",
                                           "rhs": f"minimax c = {sp.sqrt(2 + 2 * sp.sqrt(2))} (c^4 - 4c^2 - 4 = 0)"})
    # the elastic band's two-minimum energy: critical points, and the nudged force on its path y = x^2/2 - 1/2
    X, Y = sp.symbols("X Y", real=True)
    E = (X**2 - 1) ** 2 + (Y - X**2 / 2 + sp.Rational(1, 2)) ** 2
    gradient = sp.Matrix([sp.diff(E, X), sp.diff(E, Y)])
    critical = sp.solve(list(gradient), [X, Y], dict=True)
    saddle = [p for p in critical if p[X] == 0][0]
    # an image at the saddle between symmetric neighbours (-h, -1/2 + q), (h, -1/2 + q) of a band curving up to
    # the minima: grad E = 0 there; the nudged spring acts along the tangent (1, 0) and the neighbours' distances
    # are equal, so the image is at rest; the plain band's spring k (x_(i+1) - 2 x_i + x_(i-1)) = (0, 2 k q) is not
    # balanced: it pulls the band off the saddle (corner cutting)
    h, q, k = sp.symbols("h q k", positive=True)
    at_saddle = gradient.subs(saddle)
    curvature = sp.Matrix([h, q]) - sp.Matrix([h, -q])  # forward - backward
    options = _FORCES[claim.force]
    if options["nudged"]:
        force = -(at_saddle - (at_saddle.T * sp.Matrix([1, 0]))[0] * sp.Matrix([1, 0]))
    else:
        force = -at_saddle + (k * curvature if options["springs"] else sp.zeros(2, 1))
    if force != sp.zeros(2, 1):
        return CheckResult(False, f"refuted: with the '{claim.force}' force the saddle is not a rest point of the "
                           "band", counterexample={"neighbours": "(-h, -1/2 + q), (h, -1/2 + q)",
                                                   "lhs": f"force on the image at the saddle = {list(force)}",
                                                   "rhs": "[0, 0]"})
    if not options["springs"] or not options["nudged"]:  # pivots on their own: at rest only at critical points
        return CheckResult(False, f"refuted: with the '{claim.force}' force a band is at rest only on the "
                           "critical points", counterexample={"lhs": f"rest points {critical}",
                                                              "rhs": "21 evenly spread images"})
    return CheckResult(True, f"(ab - 1)^2: L(0, b) = {on_axis} for every b and max over (t, t) is "
                       f"{diagonal}, so the barrier is exactly 1 (the minimum set has two components); ring: mean "
                       f"loss along the Bezier curve {mean}, minimised at c = {mean_c}, while the minimax c solves "
                       f"c^4 - 4c^2 - 4 = 0 ({sp.N(minimax_c, 8)}); the two-minimum energy (x^2 - 1)^2 + "
                       f"(y - x^2/2 + 1/2)^2 has minima (+-1, 0) and the "
                       f"saddle {saddle} with E = {E.subs(saddle)}; an image at the saddle between symmetric "
                       "neighbours of a curved band is at rest under the nudged force and pulled off by the plain "
                       "band's spring (corner cutting); pivots descending on their own rest only on the three "
                       "critical points")


@functools.lru_cache(maxsize=4)
def _two_minima(seed, iterations=20_000):
    """Two independently trained minima of a 1-8-1 tanh net ``f = sum_j a_j tanh(w_j x)`` on 12 points, and the
    losses along the straight line, a trained Bezier curve and a climbing-image nudged elastic band relaxed by
    FIRE from the Bezier curve (exact gradients, vectorised over parameter vectors ``(w_1..w_8, a_1..a_8)``).
    The band's losses are taken along the polygon through its 41 images (ten points per segment), so its barrier
    is that of an actual path whether or not the band has converged (with 21 images or weak springs the images
    slide towards the minima and the polygon between them climbs to losses of 0.06 to 12); its residual force is
    returned too (the explicit band does not converge here: residual forces of 50 to 3000 after 20000 steps;
    FIRE reaches about 0.007 in 20000, slowed by the loss's soft directions)."""
    from scipy.optimize import minimize

    from numerics import connectivity

    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, 12)
    y = np.sin(2 * x)

    def parts(P):
        P = np.atleast_2d(P)
        w, a = P[:, :8], P[:, 8:]
        H = np.tanh(w[:, None, :] * x[None, :, None])  # (P, N, 8)
        r = (H * a[:, None, :]).sum(-1) - y
        return a, H, r

    def loss(P):
        return (parts(P)[2] ** 2).sum(-1)

    def grad(P):
        a, H, r = parts(P)
        da = 2 * np.einsum("pn,pnj->pj", r, H)
        dw = 2 * np.einsum("pn,pnj,n->pj", r, (1 - H**2) * a[:, None, :], x)
        return np.concatenate([dw, da], axis=1)

    minima = []
    for _ in range(2):
        found = minimize(lambda th: (loss(th)[0], grad(th)[0]), rng.normal(0, 1, 16), jac=True, method="L-BFGS-B",
                         options={"maxiter": 20_000, "gtol": 1e-10})
        minima.append(found.x)
    t = np.linspace(0, 1, 201)
    line = loss(np.outer(1 - t, minima[0]) + np.outer(t, minima[1]))
    control = connectivity.fit_bezier(loss, grad, minima[0], minima[1], nodes=32)
    curve = loss(connectivity.bezier(minima[0], control, minima[1], t))
    band = connectivity.neb(loss, grad, minima[0], minima[1], images=41, spring=500.0, method="fire", step=0.003,
                            tol=1e-6, iterations=iterations, climbing=True,
                            path=connectivity.bezier(minima[0], control, minima[1], np.linspace(0, 1, 41)))
    s = np.linspace(0, 1, 11)[:-1, None, None]
    polygon = np.vstack([(band.images[:-1] * (1 - s) + band.images[1:] * s).transpose(1, 0, 2).reshape(-1, 16),
                         band.images[-1:]])
    return t, line, curve, loss(polygon), band.force


@functools.lru_cache(maxsize=1)
def _ab_band_barrier():
    from numerics import connectivity

    ab = lambda P: (P[:, 0] * P[:, 1] - 1) ** 2  # noqa: E731
    dab = lambda P: 2 * (P[:, 0] * P[:, 1] - 1)[:, None] * P[:, ::-1]  # noqa: E731
    start = np.linspace(0, 1, 15)[:, None] * np.array([-2.0, -2.0]) + np.array([1.0, 1.0])
    start[1:-1, 0] += 0.3 * np.sin(np.pi * np.linspace(0, 1, 15)[1:-1])
    band = connectivity.neb(ab, dab, [1.0, 1.0], [-1.0, -1.0], images=15, step=0.01, iterations=5000, path=start)
    return float(band.losses.max())


@functools.lru_cache(maxsize=3)
def _energy_band(force):
    from numerics import connectivity

    E, dE = _energy()
    return connectivity.neb(E, dE, [-1.0, 0.0], [1.0, 0.0], step=0.05, iterations=2000, **_FORCES[force])


def _connectivity_numeric(claim, context):
    from scipy.optimize import minimize_scalar

    from numerics import connectivity

    parts, notes = {}, []
    # (ab - 1)^2: the nudged band from (1, 1) to (-1, -1), started off the diagonal, crosses a = 0 at loss 1
    barrier = _ab_band_barrier()
    parts["(ab - 1)^2: band barrier against the claim"] = (barrier, float(claim.ab_barrier), 1e-3)
    notes.append(f"(ab - 1)^2 band barrier {barrier:.6f}")
    # the ring: the mean-loss optimal Bezier control point against the minimax one
    ring = lambda P: ((P**2).sum(1) - 1) ** 2  # noqa: E731
    ring_grad = lambda P: 4 * ((P**2).sum(1) - 1)[:, None] * P  # noqa: E731
    w0, w1 = np.array([-1.0, 0.0]), np.array([1.0, 0.0])
    mean_c = float(connectivity.fit_bezier(ring, ring_grad, w0, w1, control=[0.0, 1.0])[1])
    t = np.linspace(0, 1, 100_001)
    minimax = minimize_scalar(lambda c: ring(connectivity.bezier(w0, np.array([0.0, c]), w1, t)).max(),
                              bounds=(1.5, 3.0), method="bounded", options={"xatol": 1e-10})
    same = abs(mean_c - minimax.x) < 1e-4
    parts["ring: the mean-optimal Bezier is minimax (as claimed)"] = (float(same == claim.mean_is_minimax), 1.0, 0.5)
    parts["ring: straight line barrier 1"] = (float(ring(connectivity.bezier(w0, (w0 + w1) / 2, w1, t)).max()), 1.0,
                                              1e-9)
    notes.append(f"ring: mean-optimal c = {mean_c:.7f}, minimax c = {minimax.x:.7f} (max {minimax.fun:.7f}), "
                 "straight line barrier 1")
    # the band with the claimed force on the two-minimum energy: saddle energy 1, even spacing
    band = _energy_band(claim.force)
    spacing = np.linalg.norm(np.diff(band.images, axis=0), axis=1)
    parts[f"band ({claim.force}): max image energy against the saddle's 1"] = (float(band.losses.max()), 1.0,
                                                                                  1e-3)
    parts[f"band ({claim.force}): spacing ratio <= 2"] = (max(spacing.max() / spacing.min() - 2, 0.0), 0.0, 1e-12)
    notes.append(f"band ({claim.force}): max energy {band.losses.max():.6f}, spacing {spacing.min():.3g}.."
                 f"{spacing.max():.3g}")
    # two trained minima of a small net: barriers along three paths (empirical, reported)
    t, line, curve, band, force = _two_minima(context.derived_seed("minima") % 1000,
                                              context.profile.pick(quick=1000, default=20_000, thorough=100_000))
    ends = max(line[0], line[-1])
    notes.append(f"1-8-1 tanh net, two minima (losses {line[0]:.3g}, {line[-1]:.3g}): barrier along the straight "
                 f"line {line.max() - ends:.3g}, along the trained Bezier curve {curve.max() - ends:.3g}, along the "
                 f"climbing-image elastic band (FIRE, residual force {force:.2g}) {band.max() - ends:.3g}")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "numerics.connectivity: " + "; ".join(notes), examples=15 + 100_001 + 21 + 13,
                       max_error=error, tolerance=1.0, counterexample=None if error <= 1.0 else witness)


def _connectivity_figure(seed=0):
    """Loss along the straight line and the trained Bezier curve between two minima of a net."""
    from matplotlib.figure import Figure

    t, line, curve, band, _ = _two_minima(seed)
    figure = Figure(figsize=(5.0, 3.2), layout="constrained")
    axes = figure.subplots()
    axes.semilogy(t, line, label="straight line")
    axes.semilogy(t, curve, label="quadratic Bezier (mean loss trained)")
    axes.semilogy(np.linspace(0, 1, band.size), band, label="nudged elastic band (climbing image, FIRE)")
    axes.set_xlabel("position along the path")
    axes.set_ylabel("training loss")
    axes.set_title("two minima of a 1-8-1 tanh net")
    axes.legend(fontsize="small")
    return figure


MODE_CONNECTIVITY = register(Theorem(
    id="landscape.mode_connectivity",
    title="Mode connectivity: low-loss paths between minima are found, not guaranteed; the nudged elastic band",
    topic="landscape",
    kind="empirical",
    source=cite(POST, 'section "What does the loss function look like?": "any two global minima can be '
                      'connected through a flat path" (Draxler et al. 2018); AutoNEB "minimizes the '
                      'loss of each pivot"'),
    as_stated=(r"\begin{gathered}\text{any two global minima can be connected through a flat path;} \\ \text{AutoNEB: "
               r"pivots minimise their loss, springs keep them evenly spaced}\end{gathered}"),
    statement=(
        r"Empirically (Draxler et al. 2018; Garipov et al. 2018), pairs of minima of large trained nets are joined "
        r"by simple curves along which the training loss stays close to the endpoints' (``essentially no "
        r"barrier''); it is not a theorem: $(ab - 1)^2$ has two components of global minima and every path "
        r"between them crosses $a = 0$, where the loss is 1. Low-loss paths are found by training a Bezier curve's "
        r"control point on the mean loss along it, or by the nudged elastic band, whose images feel the true force "
        r"only perpendicular to the path and the springs only along it; without the nudging the band cuts "
        r"corners (and overestimates the saddle), and pivots that simply minimise their own loss slide into the "
        r"minima. The curve of least mean loss is not the curve of least maximum.",
    ),
    hypotheses=(
        Assumption(r"Connectedness holds for sufficiently wide piecewise-linear nets (Nguyen 2019: sublevel sets are "
                   r"connected with one layer of width at least $N$), not in general."),
    ),
    derivation=(
        Step(r"L(0, b)", r"1", r"on the way from the branch $a > 0$ to $a < 0$ of $ab = 1$"),
        Step(r"\mathbb{E}_t L(\phi_c(t))", r"\frac{8(c^4 - 9c^2 + 21)}{315}", r"the ring along the Bezier curve: "
             r"minimised at $c = 3/\sqrt2$, while the maximum is least at $c^4 - 4c^2 - 4 = 0$"),
        Step(r"F_i", r"-\nabla L(\theta_i)_\perp + k\big(\|\theta_{i+1} - \theta_i\| - \|\theta_i - \theta_{i-1}\|\big)"
             r"\hat\tau_i", r"the nudged elastic band"),
    ),
    errata=(
        r"``Any two global minima can be connected through a flat path'' is false in general ($(ab - 1)^2$: "
        r"barrier 1); the experiments show small, non-zero barriers on training loss for the nets studied.",
        r"``Minimises the loss of each pivot'' describes the failure of the method: only the component of "
        r"$-\nabla L$ perpendicular to the path may act; AutoNEB is NEB with automatic insertion of images.",
    ),
    references=("F. Draxler, K. Veschgini, M. Salmhofer, F. Hamprecht, \"Essentially no barriers in neural network "
                "energy landscape\", ICML 2018.", "T. Garipov, P. Izmailov, D. Podoprikhin, D. Vetrov, A. G. Wilson, "
                "\"Loss surfaces, mode connectivity, and fast ensembling of DNNs\", NeurIPS 2018.",
                "G. Henkelman, H. Jonsson, J. Chem. Phys. 113 (2000) 9978-9985 (improved tangent).",
                "Q. Nguyen, \"On connected sublevel sets in deep learning\", ICML 2019."),
    claim=ConnectivityClaim(),
    symbolic=_connectivity_symbolic,
    numeric=_connectivity_numeric,
    mutants=(
        Mutant("flat path always", "any two global minima are joined by a flat path: barrier 0 for (ab - 1)^2",
               ConnectivityClaim(ab_barrier=sp.Integer(0))),
        Mutant("mean-optimal is minimax", "the Bezier curve of least mean loss also has the least maximum",
               ConnectivityClaim(mean_is_minimax=True)),
        Mutant("plain elastic band", "full gradient and full spring force (no nudging)",
               ConnectivityClaim(force="full force")),
        Mutant("pivots minimise their loss", "the post's description: each pivot descends on its own loss",
               ConnectivityClaim(force="own loss")),
    ),
    figure=_connectivity_figure,
))


# == landscape.sharp_minima_large_batch =============================================================================

_alpha = sp.Symbol("alpha", positive=True)


@dataclass(frozen=True)
class SharpnessClaim:
    """Keskar's sharpness ``100 (max_{y in C_eps} f(x + y) - f(x)) / normaliser`` with the box
    ``|y_i| <= eps (|x_i| + offset)``; the top Hessian eigenvalue of ``(ab - 1)^2`` at ``(alpha, 1/alpha)`` is
    ``top``; sharpness is (not) invariant under the rescaling ``(W_1, W_2) -> (alpha W_1, W_2 / alpha)``."""

    offset: int = 1
    normaliser: str = "1 + f"
    top: sp.Expr = 2 * (_alpha**2 + _alpha**-2)
    invariant: bool = False


def _keskar(claim, H, x, eps):
    """The sharpness of ``f = x^T H x / 2`` by vertex enumeration of the box (a convex maximum), exactly."""
    p = H.shape[0]
    half = eps * (sp.Matrix([abs(v) for v in x]) + claim.offset * sp.ones(p, 1))
    f = lambda z: (z.T * H * z)[0] / 2  # noqa: E731
    top = max(f(x + sp.Matrix([s * h for s, h in zip(signs, half)]))
              for signs in itertools.product((-1, 1), repeat=p))
    normaliser = 1 + f(x) if claim.normaliser == "1 + f" else f(x)
    return 100 * (top - f(x)) / normaliser


def _sharpness_symbolic(claim, context):
    eps = sp.Rational(1, 1000)
    zero = sp.zeros(2, 1)
    sharp, flat = sp.diag(1, 10), sp.diag(1, 1)
    values = {name: _keskar(claim, H, zero, eps) for name, H in (("diag(1, 10)", sharp), ("diag(1, 1)", flat))}
    if not all(v.is_finite for v in values.values()) or values["diag(1, 10)"] <= values["diag(1, 1)"]:
        return CheckResult(False, "refuted: the sharpness metric does not tell a sharp minimum from a flat one",
                           counterexample={"lhs": f"phi(diag(1, 10)) = {values['diag(1, 10)']}",
                                           "rhs": f"> phi(diag(1, 1)) = {values['diag(1, 1)']}"})
    a, b = sp.symbols("a b", positive=True)
    H = sp.hessian((a * b - 1) ** 2, (a, b)).subs({a: _alpha, b: 1 / _alpha})
    eigenvalues = [sp.simplify(v) for v in H.eigenvals()]
    top = [v for v in eigenvalues if v != 0][0]
    invariant = sp.simplify(top.subs(_alpha, 10) - top.subs(_alpha, 1)) == 0
    if invariant != claim.invariant:
        return CheckResult(False, "refuted: sharpness under the rescaling (a, b) -> (alpha a, b / alpha)",
                           counterexample={"lhs": f"top eigenvalue {top}: {top.subs(_alpha, 10)} at alpha = 10",
                                           "rhs": f"{top.subs(_alpha, 1)} at alpha = 1, the same function"})
    return identities_check([("top Hessian eigenvalue of (ab - 1)^2 at (alpha, 1/alpha)", top, claim.top),
                             ("Keskar sharpness of diag(1, 10) at 0, eps = 1e-3", values["diag(1, 10)"],
                              sp.Rational(11, 20000))], context,
                            detail="Keskar's box maximum by vertex enumeration: phi(diag(1, 10)) = 11/20000 > "
                                   "phi(diag(1, 1)) (the +1 in the box and the 1 + f normaliser make it defined and "
                                   "discriminating at a zero-loss minimum); {count} identities, among them the "
                                   "eigenvalues {{0, 2(alpha^2 + alpha^-2)}} of (ab - 1)^2 along its minimum set: "
                                   "the same function, arbitrarily sharp (Dinh et al.)")


@functools.lru_cache(maxsize=2)
def _batch_experiment(seed, seeds, epochs):
    """Small- against large-batch SGD on a 2-16-1 tanh regression: top Hessian eigenvalues at the end, per seed."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (256, 2))
    y = np.sin(3 * X[:, 0]) * np.cos(2 * X[:, 1])
    tops = {8: [], 256: []}
    for run in range(seeds):
        for batch in tops:
            W = nets.init([2, 16, 1], np.random.default_rng([seed, run]))
            order = np.random.default_rng([seed, run, batch])
            for _ in range(epochs):
                for chunk in np.array_split(order.permutation(256), 256 // batch):
                    g = derivatives.loss_gradient(W, X[chunk], y[chunk], activation="tanh") / len(chunk)
                    theta = nets.flatten(W) - 0.1 * g
                    W = nets.unflatten(theta, [2, 16, 1])
            tops[batch].append(float(spectrum.top_eigenvalues(W, X, y, activation="tanh")[0]) / 256)
    return {b: np.array(v) for b, v in tops.items()}


def _sharpness_numeric(claim, context):
    parts, notes = {}, []
    eps = 1e-3
    for H, expected in ((np.diag([1.0, 10.0]), 5.5e-4), (np.array([[2.0, 1.0], [1.0, 2.0]]), 3.0e-4)):
        vertices = np.array(list(itertools.product((-1.0, 1.0), repeat=2))) * eps * claim.offset
        peak = 0.5 * np.einsum("vi,ij,vj->v", vertices, H, vertices).max()
        normaliser = 1.0 if claim.normaliser == "1 + f" else 0.0  # 1 + f(0) or f(0), at a zero-loss minimum
        value = 100 * peak / normaliser if normaliser else np.inf  # undefined: 0 / 0 at the minimum
        parts[f"Keskar sharpness of {H.tolist()} at 0"] = (value, expected, 1e-12)
    notes.append("Keskar sharpness at 0 with eps = 1e-3: 5.5e-4 for diag(1, 10), 3.0e-4 for [[2, 1], [1, 2]]")
    # (ab - 1)^2 as a 1-1-1 linear net on x = 1, y = 1: the exact Hessian along the minimum set
    top = sp.lambdify(_alpha, claim.top, "numpy")
    for alpha in (0.1, 1.0, 10.0):
        W = [np.array([[alpha]]), np.array([[1 / alpha]])]
        exact = np.linalg.eigvalsh(derivatives.loss_hessian(W, np.ones((1, 1)), np.ones(1), activation="linear"))
        parts[f"(ab - 1)^2 at alpha = {alpha}: top eigenvalue"] = (exact.max(), float(top(alpha)),
                                                                   1e-12 * exact.max())
    # a random 2-layer ReLU net: the rescaled net computes the same function, its top eigenvalue scales like alpha^2
    rng = context.rng("rescaling")
    W = nets.init([3, 10, 1], rng)
    X, y = rng.standard_normal((30, 3)), rng.standard_normal(30)
    base = spectrum.top_eigenvalues(W, X, y)[0]
    scaled = [10.0 * W[0], W[1] / 10.0]
    same = np.abs(nets.forward(scaled, X) - nets.forward(W, X)).max() / np.abs(nets.forward(W, X)).max()
    ratio = spectrum.top_eigenvalues(scaled, X, y)[0] / base
    parts["rescaled ReLU net: same function"] = (same, 0.0, 1e-12)
    parts["rescaled ReLU net: sharpness unchanged (as claimed)"] = (float((abs(ratio - 1) < 1e-6) == claim.invariant),
                                                                    1.0, 0.5)
    notes.append(f"(ab - 1)^2 top eigenvalue 2(alpha^2 + alpha^-2) at alpha = 0.1, 1, 10; a 3-10-1 ReLU net rescaled "
                 f"by (10, 1/10): same outputs to {same:.1e}, top eigenvalue x {ratio:.4g}")
    # Keskar's experiment in miniature (empirical, reported): small (8) against large (256) batches, 5 seeds
    tops = _batch_experiment(context.derived_seed("batches") % 1000, context.profile.pick(quick=3, default=5,
                                                                                          thorough=10),
                             context.profile.pick(quick=20, default=40, thorough=100))
    notes.append("2-16-1 tanh regression, N = 256, lr 0.1, same epochs: top eigenvalue of the mean loss after "
                 f"batch 8: {tops[8].mean():.3g} +- {tops[8].std(ddof=1):.2g}, full batch 256: "
                 f"{tops[256].mean():.3g} +- {tops[256].std(ddof=1):.2g} (over {len(tops[8])} seeds)")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "; ".join(notes), examples=2 * 4 + 3 + 2 + 2 * len(tops[8]), max_error=error,
                       tolerance=1.0, counterexample=None if error <= 1.0 else witness)


SHARP_MINIMA_LARGE_BATCH = register(Theorem(
    id="landscape.sharp_minima_large_batch",
    title="Large batches and sharp minima: an empirical correlation, measured by a sharpness that rescaling changes",
    topic="landscape",
    kind="empirical",
    source=cite(POST, 'section "Why does SGD converge (or not)?": "we now have evidence that SGD '
                      'actually converges to better, more general, minima" (Keskar et al. 2017); "flat '
                      'minima are often considered to generalize better"'),
    as_stated=r"\text{SGD converges to better, more general, (flatter) minima}",
    statement=(
        r"Empirically (Keskar et al. 2017), large-batch training converges to sharper minimisers than small-batch "
        r"training and generalises worse, at similar training loss. Their sharpness is",
        r"\[ \phi_{x,f}(\varepsilon) = 100\,\frac{\max_{y \in C_\varepsilon} f(x + y) - f(x)}{1 + f(x)}, \quad "
        r"C_\varepsilon = \{ |y_i| \le \varepsilon(|x_i| + 1) \}, \]",
        r"for a quadratic $\frac12 x^\top H x$ at 0 the maximum over the box's vertices, "
        r"$100\,\frac{\varepsilon^2}{2}\max_{s \in \{\pm 1\}^p} s^\top H s$. Sharpness is not a property of the "
        r"function: $(W_1, W_2) \mapsto (\alpha W_1, W_2/\alpha)$ leaves a ReLU net unchanged and scales its top "
        r"Hessian eigenvalue like $\alpha^2$ (Dinh et al. 2017); for $(ab - 1)^2$ it is $2(\alpha^2 + \alpha^{-2})$.",
    ),
    hypotheses=(
        Assumption(r"An empirical, correlational finding for the nets and tunings studied; the gap can be closed "
                   r"by tuning (Hoffer et al. 2017; Goyal et al. 2017)."),
    ),
    derivation=(
        Step(r"\nabla^2 (ab - 1)^2 \big|_{(\alpha, 1/\alpha)}", r"\begin{pmatrix} 2\alpha^{-2} & 2 \\ 2 & "
             r"2\alpha^2 \end{pmatrix}", r"eigenvalues $0$ and $2(\alpha^2 + \alpha^{-2})$"),
    ),
    errata=(
        r"Keskar et al. compare small and large batches, not SGD and GD, and the evidence is empirical.",
        r"``Flat minima generalise better'' needs a reparametrisation-invariant notion of flatness: the rescaling "
        r"symmetry makes any minimum of a ReLU net arbitrarily sharp.",
    ),
    references=("N. S. Keskar, D. Mudigere, J. Nocedal, M. Smelyanskiy, P. T. P. Tang, \"On large-batch training for "
                "deep learning: generalization gap and sharp minima\", ICLR 2017, eq. (4).",
                "L. Dinh, R. Pascanu, S. Bengio, Y. Bengio, \"Sharp minima can generalize for deep nets\", ICML 2017.",
                "E. Hoffer, I. Hubara, D. Soudry, \"Train longer, generalize better\", NeurIPS 2017."),
    claim=SharpnessClaim(),
    symbolic=_sharpness_symbolic,
    numeric=_sharpness_numeric,
    mutants=(
        Mutant("box without +1", "half-widths eps |x_i|: an empty box at a minimum at 0", SharpnessClaim(offset=0)),
        Mutant("normalised by f", "divided by f(x), zero at a zero-loss minimum", SharpnessClaim(normaliser="f")),
        Mutant("invariant sharpness", "sharpness unchanged by the rescaling symmetry", SharpnessClaim(invariant=True)),
        Mutant("2(alpha + 1/alpha)", "the top eigenvalue along the minimum set of (ab - 1)^2",
               SharpnessClaim(top=2 * (_alpha + 1 / _alpha))),
    ),
))


# == landscape.no_poor_local_minima =================================================================================


@dataclass(frozen=True)
class PoorMinimaClaim:
    """Which nets have no poor local minima: deep linear nets with square loss do; the claim may add that every
    critical point of ``(ab - 1)^2`` is a minimum, that ReLU nets have none, or that depth-3 saddles are strict."""

    critical_points_are_minima: bool = False
    relu_has_none: bool = False
    deep_saddles_strict: bool = False


def _gd_linear(starts, steps=2000, lr=0.05):
    """GD on ``(ab - 1)^2`` from each start ``(a, b)``: the final losses."""
    a, b = starts[:, 0].copy(), starts[:, 1].copy()
    for _ in range(steps):
        r = a * b - 1
        a, b = a - lr * 2 * r * b, b - lr * 2 * r * a
    return (a * b - 1) ** 2


def _poor_minima_symbolic(claim, context):
    a, b, c, w, u = sp.symbols("a b c w u", real=True)
    L = (a * b - 1) ** 2
    critical = sp.solve([sp.diff(L, a), sp.diff(L, b)], [a, b], dict=True)
    origin = sp.hessian(L, (a, b)).subs({a: 0, b: 0})
    if claim.critical_points_are_minima:
        return CheckResult(False, "refuted: (0, 0) is a critical point of (ab - 1)^2 and a saddle", counterexample={
            "critical points": str(critical), "lhs": f"Hessian eigenvalues at 0: {list(origin.eigenvals())}",
            "rhs": "all >= 0"})
    p = sp.Symbol("p", positive=True)
    dead = (relu(w + u) - 1) ** 2
    if claim.relu_has_none:
        return CheckResult(False, "refuted: the dead ReLU (relu(w + b) - 1)^2 is 1 on the open set w + b < 0, a "
                           "plateau of non-global local minima", counterexample={
                               "lhs": f"L on w + b = -p < 0: {dead.subs(u, -p - w)}", "rhs": "min L = 0 (w + b = 1)"})
    cubic = sp.hessian((a * b * c - 1) ** 2, (a, b, c)).subs({a: 0, b: 0, c: 0})
    if claim.deep_saddles_strict:
        return CheckResult(False, "refuted: the saddle at 0 of the depth-3 linear net (abc - 1)^2 is not strict",
                           counterexample={"lhs": f"Hessian at 0 = {cubic.tolist()}",
                                           "rhs": "a negative eigenvalue"})
    on_minima = sp.hessian(L, (a, b)).subs(b, 1 / a)
    saddle = sorted(origin.eigenvals(multiple=True))
    minima = sorted(on_minima.eigenvals(multiple=True), key=lambda e: sp.N(e.subs(a, 2)))
    return identities_check([
        ("(ab - 1)^2: smallest Hessian eigenvalue at the saddle (0, 0)", saddle[0], -2),
        ("(ab - 1)^2: largest Hessian eigenvalue at the saddle (0, 0)", saddle[1], 2),
        ("(ab - 1)^2 on ab = 1: a zero eigenvalue (the minimum set's direction)", minima[0], 0),
        ("(ab - 1)^2 on ab = 1: the other eigenvalue", minima[1], 2 * (a**2 + a**-2)),
        ("the dead ReLU plateau: L = 1 for w + b < 0", dead.subs(u, -p - w), 1),
        ("(abc - 1)^2: Hessian at 0", cubic.norm(), 0),
    ], context, detail="{count} identities: the critical points of (ab - 1)^2 are the global minima ab = 1 "
                       "(eigenvalues 0 and 2(a^2 + a^-2)) and the strict saddle (0, 0) (eigenvalues -2, 2): no poor "
                       "local minimum for this linear net; but the dead ReLU has a plateau of poor local minima, "
                       "and the depth-3 linear saddle at 0 is degenerate (zero Hessian)")


def _poor_minima_numeric(claim, context):
    rng = context.rng("poor minima")
    parts, notes = {}, []
    final = _gd_linear(rng.standard_normal((1000, 2)))
    parts["(ab - 1)^2: GD from 1000 Gaussian starts ends at loss 0"] = (final.max(), 0.0, 1e-20)
    notes.append(f"(ab - 1)^2: GD from 1000 Gaussian starts, largest final loss {final.max():.1e}")
    # the exact Hessians of the nets themselves (numerics.derivatives): the 1-1-1 linear net at (0, 0)
    H = derivatives.loss_hessian([np.zeros((1, 1)), np.zeros((1, 1))], np.ones((1, 1)), np.ones(1),
                                 activation="linear")
    smallest = float(np.linalg.eigvalsh(H).min())
    parts["(0, 0) is a minimum (as claimed)"] = (float((smallest >= 0) == claim.critical_points_are_minima), 1.0, 0.5)
    # the dead ReLU: (relu(w x + b) - 1)^2 at x = 1 is 1 with zero gradient on a box around (-1, -1)
    box = rng.uniform(-1.2, -0.8, (200, 2))
    # the unit relu(w x + b) at x = 1 as a 2-1-1 ReLU net on the input (1, 1) with output weight 1
    plateau = np.array([derivatives.loss([np.array([[w, u]]), np.ones((1, 1))], np.ones((1, 2)), np.ones(1))
                        for w, u in box])
    spurious = bool(np.all(plateau == 1.0))
    parts["ReLU nets have no spurious local minimum (as claimed)"] = (float((not spurious) == claim.relu_has_none),
                                                                      1.0, 0.5)
    # depth 3: the 1-1-1-1 linear net at 0 has a zero Hessian
    H3 = derivatives.loss_hessian([np.zeros((1, 1))] * 3, np.ones((1, 1)), np.ones(1), activation="linear")
    strict = bool(np.linalg.eigvalsh(H3).min() < 0)
    parts["depth-3 saddle at 0 is strict (as claimed)"] = (float(strict == claim.deep_saddles_strict), 1.0, 0.5)
    notes.append(f"exact Hessians: 1-1-1 linear net at 0 has smallest eigenvalue {smallest:g}; the 1-1-1-1 net at 0 "
                 f"has |H| = {np.abs(H3).max():g}; the dead ReLU is exactly 1 on 200 points of a box around (-1, -1)")
    # a matrix instance: W2 W1 (3 x 3) against the least-squares optimum, from 20 random starts by L-BFGS
    from scipy.optimize import minimize

    X, Y = rng.standard_normal((10, 3)), rng.standard_normal((10, 3))
    optimum = float(np.sum((Y - X @ np.linalg.lstsq(X, Y, rcond=None)[0]) ** 2))

    def loss(theta):
        W1, W2 = theta[:9].reshape(3, 3), theta[9:].reshape(3, 3)
        R = X @ W1.T @ W2.T - Y
        return float((R**2).sum()), np.concatenate([(2 * W2.T @ R.T @ X).ravel(), (2 * R.T @ X @ W1.T).ravel()])

    gaps = [minimize(loss, rng.standard_normal(18), jac=True, method="L-BFGS-B",
                     options={"gtol": 1e-12, "ftol": 1e-15, "maxiter": 10_000}).fun - optimum for _ in range(20)]
    parts["3-3-3 linear net: every L-BFGS run reaches the least-squares optimum"] = (max(gaps), 0.0, 1e-8 * optimum)
    notes.append(f"3-3-3 linear net: 20 L-BFGS runs end within {max(gaps):.1e} of the least-squares optimum "
                 f"{optimum:.4f}")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "; ".join(notes), examples=1000 + 200 + 20 + 2, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


NO_POOR_LOCAL_MINIMA = register(Theorem(
    id="landscape.no_poor_local_minima",
    title="No poor local minima: true for deep linear nets, false for ReLU nets; deep linear saddles can be degenerate",
    topic="landscape",
    kind="theorem",
    source=cite(SEANCE, 'slide "Facts about optimization in Deep Learning"'),
    as_stated=r"\text{Under certain conditions, no poor local minima; larger networks: local minima are global}",
    statement=(
        r"For deep linear networks with square loss (under rank conditions on the data), every local minimum is "
        r"global and every other critical point is a saddle (Baldi and Hornik 1989; Kawaguchi 2016); e.g. "
        r"$(ab - 1)^2$ has the global minima $ab = 1$ and the strict saddle $(0, 0)$. At depth 3 the saddle at 0 "
        r"of $(abc - 1)^2$ has a zero Hessian (not strict). Nonlinear networks do have spurious local minima: "
        r"$(\sigma(w + b) - 1)^2$ is 1 on the open set $w + b < 0$, a plateau of non-global local minima.",
    ),
    hypotheses=(
        Assumption(r"Linear networks, square loss, full-rank data; the positive results for nonlinear nets need "
                   r"specific activations, regularisers or over-parameterisation."),
    ),
    derivation=(
        Step(r"\nabla^2 (ab - 1)^2 \big|_{(0,0)}", r"\begin{pmatrix} 0 & -2 \\ -2 & 0 \end{pmatrix}",
             r"eigenvalues $\pm 2$: a strict saddle"),
        Step(r"(\sigma(w + b) - 1)^2", r"1 \quad (w + b < 0)", r"a dead unit"),
    ),
    errata=(r"``Under certain conditions'' hides that the rigorous results are for linear nets, specific "
            r"activations or architectures with a regulariser; ``local minima are global'' is false for general "
            r"nonlinear nets (the dead ReLU).",),
    references=("P. Baldi, K. Hornik, Neural Networks 2 (1989) 53-58.", "K. Kawaguchi, \"Deep learning without poor "
                "local minima\", NeurIPS 2016, Theorem 2.3.", "I. Safran, O. Shamir, \"Spurious local minima are "
                "common in two-layer ReLU neural networks\", ICML 2018."),
    claim=PoorMinimaClaim(),
    symbolic=_poor_minima_symbolic,
    numeric=_poor_minima_numeric,
    mutants=(
        Mutant("every critical point a minimum", "the critical points of (ab - 1)^2 are all minima",
               PoorMinimaClaim(critical_points_are_minima=True)),
        Mutant("ReLU: no spurious minima", "ReLU nets have no spurious local minima",
               PoorMinimaClaim(relu_has_none=True)),
        Mutant("strict deep saddles", "depth-3 linear nets have only strict saddles",
               PoorMinimaClaim(deep_saddles_strict=True)),
    ),
))


# == landscape.gd_avoids_strict_saddles =============================================================================


@dataclass(frozen=True)
class SaddleAvoidanceClaim:
    """GD with ``lr < 1/L`` converges to a strict saddle only from a set of initialisations of measure zero;
    `never`: from no initialisation at all; `degenerate`: it also avoids degenerate critical points."""

    never: bool = False
    degenerate: bool = False


def _avoidance_symbolic(claim, context):
    a, b, y, eta = sp.symbols("a b y eta", real=True)
    L = (a * b - 1) ** 2
    step = {a: a - eta * sp.diff(L, a), b: b - eta * sp.diff(L, b)}
    on_line = sp.simplify((step[a] + step[b]).subs(b, -a))  # the line a = -b is invariant under the GD map
    contraction = sp.factor(step[a].subs(b, -a) / a)  # a' = a (1 - 2 eta (a^2 + 1)): towards the saddle
    if claim.never:
        return CheckResult(False, "refuted: GD on (ab - 1)^2 maps the line a = -b to itself and contracts it to the "
                           "saddle (0, 0)", counterexample={"lhs": f"a' + b' on b = -a: {on_line}; a'/a = "
                                                                   f"{contraction}", "rhs": "leaves the line"})
    eta0 = sp.Symbol("eta0", positive=True)
    cubic = y - 3 * eta0 * y**2  # GD on y^3 (a degenerate critical point at 0)
    if claim.degenerate:
        return CheckResult(False, "refuted: GD on y^3 converges to the degenerate critical point 0 from every "
                           "y_0 in (0, 1/(3 eta))", counterexample={"lhs": f"y' = {cubic} = y (1 - 3 eta y) in (0, y)",
                                                                    "rhs": "a basin of measure zero"})
    H = sp.hessian(L, (a, b)).subs({a: 0, b: 0})
    stable, unstable = H * sp.Matrix([1, -1]) - 2 * sp.Matrix([1, -1]), H * sp.Matrix([1, 1]) + 2 * sp.Matrix([1, 1])
    return identities_check([
        ("GD on (ab - 1)^2 keeps the line a = -b (the saddle's stable manifold)", on_line, 0),
        ("H (1, -1) = 2 (1, -1): the stable direction", stable.norm(), 0),
        ("H (1, 1) = -2 (1, 1): the unstable direction", unstable.norm(), 0),
    ], context, detail="{count} identities: the GD map of (ab - 1)^2 leaves the line a = -b invariant and "
                       "contracts it to (0, 0), whose stable direction (1, -1) is that line: a set of measure zero; "
                       "the unstable direction (1, 1) has eigenvalue -2 (a strict saddle)")


def _avoidance_numeric(claim, context):
    rng = context.rng("saddles")
    parts, notes = {}, []
    on_manifold = _gd_linear(np.array([[0.5, -0.5]]), steps=4000)[0]
    nudged = _gd_linear(np.array([[0.5, -0.5 + 1e-8]]), steps=4000)[0]
    parts["GD from (1/2, -1/2) ends at the saddle (loss 1) unless 'never' is claimed"] = (
        float((abs(on_manifold - 1) < 1e-12) != claim.never), 1.0, 0.5)
    random = _gd_linear(rng.standard_normal((1000, 2)), steps=4000)
    parts["GD from 1000 random starts never ends at the saddle"] = (float(np.sum(random > 0.5)), 0.0, 0.5)
    notes.append(f"(ab - 1)^2, lr 0.05: from (1/2, -1/2) final loss {on_manifold:.3g} (the saddle), from "
                 f"(1/2, -1/2 + 1e-8) {nudged:.1e}, from 1000 Gaussian starts {int(np.sum(random > 0.5))} at "
                 "the saddle")
    y = np.array([0.5, 3.0, 3.4])
    for _ in range(100_000):  # GD on y^3, lr 0.1: y' = y - 0.3 y^2
        y = np.where(np.abs(y) < 1e6, y - 0.3 * y**2, y)
    converges = bool(np.all(np.abs(y[:2]) < 1e-4))
    parts["GD on y^3 avoids the degenerate point 0 (as claimed)"] = (float((not converges) == claim.degenerate),
                                                                     1.0, 0.5)
    notes.append(f"y^3 with lr 0.1 after 1e5 steps: y_0 = 0.5 -> {y[0]:.2e}, 3.0 -> {y[1]:.2e} (converging to the "
                 f"degenerate 0 like 1/(3 lr t)), 3.4 > 1/(3 lr) -> diverges")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "; ".join(notes), examples=1000 + 2 + 3, max_error=error, tolerance=1.0,
                       counterexample=None if error <= 1.0 else witness)


GD_AVOIDS_STRICT_SADDLES = register(Theorem(
    id="landscape.gd_avoids_strict_saddles",
    title="GD avoids strict saddles for almost every initialisation, not every one, and not degenerate points",
    topic="landscape",
    kind="theorem",
    source=cite(SEANCE, 'slide "Facts about optimization in Deep Learning" (Panageas and Piliouras 2016)'),
    as_stated=r"\text{SGD avoids bad critical points}",
    statement=(
        r"If $f \in C^2$ has an $L$-Lipschitz gradient and $0 < \eta < 1/L$, the initialisations from which GD "
        r"converges to a strict saddle (a negative Hessian eigenvalue) form a set of Lebesgue measure zero (Lee, "
        r"Simchowitz, Jordan, Recht 2016; Panageas and Piliouras 2017). On $(ab - 1)^2$ that set is the line "
        r"$a = -b$, the saddle's stable manifold. Degenerate critical points can attract a set of positive "
        r"measure: GD on $y^3$ converges to 0 from every $y_0 \in (0, 1/(3\eta))$. Perturbed GD and SGD escape "
        r"strict saddles in polynomial time (Ge et al. 2015; Jin et al. 2017).",
    ),
    hypotheses=(
        Assumption(r"The strict-saddle property and $\eta < 1/L$; ``avoids'' means for almost every "
                   r"initialisation."),
    ),
    derivation=(
        Step(r"(a', b')\big|_{b = -a}", r"\big(a(1 - 2\eta(a^2 + 1)),\ -a(1 - 2\eta(a^2 + 1))\big)",
             r"the line $a = -b$ is invariant and contracted to the saddle"),
        Step(r"y' = y - 3\eta y^2", r"y(1 - 3\eta y) \in (0, y)", r"for $0 < y < 1/(3\eta)$: a monotone "
             r"convergence to the degenerate point 0"),
    ),
    errata=(r"The cited result (Panageas and Piliouras) is about GD, not SGD; it needs the strict-saddle "
            r"property and $\eta < 1/L$, and ``avoids'' means for almost every initialisation.",),
    references=("J. D. Lee, M. Simchowitz, M. I. Jordan, B. Recht, \"Gradient descent only converges to minimizers\", "
                "COLT 2016.", "I. Panageas, G. Piliouras, \"Gradient descent only converges to minimizers: "
                "non-isolated critical points and invariant regions\", ITCS 2017.", "C. Jin, R. Ge, P. Netrapalli, "
                "S. Kakade, M. Jordan, \"How to escape saddle points efficiently\", ICML 2017."),
    claim=SaddleAvoidanceClaim(),
    symbolic=_avoidance_symbolic,
    numeric=_avoidance_numeric,
    mutants=(
        Mutant("never", "GD never converges to a saddle, from any initialisation", SaddleAvoidanceClaim(never=True)),
        Mutant("degenerate too", "GD also avoids degenerate critical points", SaddleAvoidanceClaim(degenerate=True)),
    ),
))

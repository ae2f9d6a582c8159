"""``landscape.strict_convexity``:

A positive definite Hessian gives local strict convexity; the converse and its other readings fail.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp

from theorems.checks import worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POST, cite

__all__ = ["BOYD", "ConvexityClaim", "STRICT_CONVEXITY"]

BOYD = "S. Boyd, L. Vandenberghe, Convex Optimization, Cambridge University Press 2004, Section 3.1.4."


_x, _y = sp.symbols("x y", real=True)


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

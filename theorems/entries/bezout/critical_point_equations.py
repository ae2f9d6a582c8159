"""``bezout.critical_point_equations``:

Critical points of the square loss: W equations of degree 2D-1, at most (2D-1)^W isolated ones.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics.polynomials import Polynomial, solve
from theorems.symbolic.algebra import groebner_count
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.bezout.projective_counts import _counted
from theorems.entries.bezout.references import COX, POGGIO_LIAO
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["CRITICAL_POINT_EQUATIONS", "CriticalClaim"]


@dataclass(frozen=True)
class CriticalClaim:
    """Each equation dL/dw_j = 0 has degree ``equation_degree(D)``; at most ``equation_degree(D)^W`` isolated
    critical points."""

    equation_degree: Callable = lambda D: 2 * D - 1


def _critical_symbolic(claim, context):
    def identities():
        w1, w2, a, w = sp.symbols("w1 w2 a w")
        models = (("(w1 x + w2)^2", lambda x: (w1 * x + w2) ** 2, (w1, w2), ((1, 1), (2, 4))),
                  ("a (w x + 1)^2", lambda x: a * (w * x + 1) ** 2, (a, w), ((1, 1), (2, 3))))
        for name, f, weights, data in models:
            D = sp.Poly(f(sp.Symbol("x")), *weights).total_degree()
            loss = sum((f(x) - y) ** 2 for x, y in data)
            for v in weights:
                yield f"{name}: degree of dL/d{v} (D = {D})", claim.equation_degree(D), \
                    sp.Poly(sp.diff(loss, v), *weights).total_degree()
        loss = sum(((w1 * x + w2) ** 2 - y) ** 2 for x, y in ((1, 1), (2, 4)))
        count = groebner_count([sp.diff(loss, v) for v in (w1, w2)], (w1, w2)).count
        yield "(w1 x + w2)^2 at x = (1, 2), y = (1, 4): critical points = bound (2D-1)^W", \
            claim.equation_degree(2) ** 2, count

    return identities_check(identities(), context,
                            detail="{count} identities: degrees of the derived gradient equations (sp.diff, "
                                   "sp.Poly) and the Groebner count of critical points of the lecture's example "
                                   "(9 = 3^2: 4 global minima, 4 saddles or maxima, 1 at 0)")


def _critical_numeric(claim, context):
    instances = st.tuples(st.integers(1, 3), st.integers(0, 2**32 - 1))

    def example(instance):
        W, seed = instance
        rng = np.random.default_rng(seed)
        w = Polynomial.variables(W)
        xs, ys = rng.standard_normal(W), rng.standard_normal(W)
        # Generic and well-conditioned: close inputs make the Vandermonde map ill-conditioned and send
        # critical points far out, where they are hard to tell from points at infinity.
        assume(np.diff(np.sort(xs)).min(initial=1.0) > 0.3 and np.abs(ys).min() > 0.05)
        residuals = [sum(wj * xn ** j for j, wj in enumerate(w)) ** 2 - yn for xn, yn in zip(xs, ys)]
        D = max(r.degree for r in residuals)
        loss = sum(r * r for r in residuals)
        gradient = [loss.diff(j) for j in range(W)]
        result = solve([g.pair for g in gradient], seed=context.derived_seed("homotopy"), start="total-degree")
        measured = _counted(result, True) - result.counts["at_infinity"]
        return worst_comparison({
            "degree of dL/dw_j": (max(g.degree for g in gradient), claim.equation_degree(D), 0.5),
            "finite critical points = (2D-1)^W": (measured, claim.equation_degree(D) ** W, 0.5),
        })

    return property_check(instances, example, context, tolerance=1.0,
                          detail="|lhs - rhs| in units of 1/2 (integers): the degree of the gradient of "
                                 "L = sum ((w . (1, x, ..))^2 - y)^2 by exact sparse arithmetic (numerics), and "
                                 "its critical points by homotopy continuation, W = N = 1-3 random data (inputs at least 0.3 "
                                 "apart, |y_n| > 0.05)")


CRITICAL_POINT_EQUATIONS = register(Theorem(
    id="bezout.critical_point_equations",
    title="Critical points of the square loss: $W$ equations of degree $2D-1$, at most $(2D-1)^W$ "
          "isolated ones",
    topic="bezout",
    kind="bound",
    source=cite(POGGIO, 'slide "More important: Bezout and local+global critical points"'),
    as_stated=r"\begin{gathered} f(x_i) - y_i = 0, \; i = 1, \dots, n: N \text{ equations in } W \text{ unknowns}, "
              r"\; W \gg N; \\ \nabla_w \sum_{i=1}^N (f(x_i) - y_i)^2 = 0: W \text{ equations in } W "
              r"\text{ unknowns} \end{gathered}",
    statement=(
        r"If $f(x; w)$ has degree $D$ in the $W$ weights, the critical points of "
        r"$L(w) = \sum_{i=1}^N (f(x_i; w) - y_i)^2$ solve the $W$ equations",
        r"\[ \frac{\partial L}{\partial w_j} = 2 \sum_{i=1}^N (f(x_i; w) - y_i) "
        r"\frac{\partial f(x_i; w)}{\partial w_j} = 0 \]",
        r"for $j = 1, \dots, W$,",
        r"each of degree at most $D + (D - 1) = 2D - 1$, so there are at most $(2D-1)^W$ isolated critical "
        r"points (Bezout); the global minima with $L = 0$ lie on $\{f(x_i; w) = y_i\}$, of dimension at least "
        r"$W - N$.",
    ),
    hypotheses=(
        Assumption("f is a polynomial in the weights (polynomial activation; a ReLU net only region by region)."),
        Assumption("The bound is on isolated critical points, complex ones included; positive-dimensional "
                   r"critical sets (bezout.isolated\_critical\_points) are not counted."),
    ),
    derivation=(
        Step(r"\frac{\partial L}{\partial w_j}", r"2 \sum_i (f(x_i; w) - y_i) \frac{\partial f(x_i; w)}{\partial w_j}",
             "chain rule"),
        Step(r"\deg_w \frac{\partial L}{\partial w_j}", r"D + (D - 1) = 2D - 1",
             r"the residual has degree $D$, its partial derivative $D - 1$"),
        Step(r"\#\{\text{isolated critical points}\}", r"\le (2D - 1)^W", r"Bezout on $W$ equations in $W$ unknowns"),
    ),
    errata=(
        r"Index mismatch: the slide's $i = 1, \dots, n$ is its $N$ data.",
        r"No bound is stated; the degree per gradient equation is $2D - 1$, not the activation's $k$ "
        r"(e.g. $f = a(wx + 1)^2$ has $D = 3$ and gradient equations of degree 5, not 3).",
    ),
    references=(POGGIO_LIAO, COX),
    claim=CriticalClaim(),
    symbolic=_critical_symbolic,
    numeric=_critical_numeric,
    mutants=(
        Mutant("degree D", "the gradient equations have the degree D of f (bound D^W)",
               CriticalClaim(equation_degree=lambda D: D)),
        Mutant("degree 2D", "the gradient equations have degree 2D, the degree of L (bound (2D)^W claimed tight)",
               CriticalClaim(equation_degree=lambda D: 2 * D)),
    ),
))

"""``bezout.theorem``:

Bezout's theorem: N equations of degrees d_i in N unknowns have prod_i d_i solutions in projective space.
"""

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import strategies
from numerics.polynomials import solve
from theorems.symbolic.algebra import groebner_count
from theorems.checks import identities_check, property_check
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.bezout.projective_counts import _counted
from theorems.entries.bezout.references import COX
from theorems.entries.bezout.symbols import _N, _i
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["BezoutClaim", "SOMMESE", "THEOREM"]

SOMMESE = ("A. J. Sommese, C. W. Wampler, The Numerical Solution of Systems of Polynomials Arising in "
           "Engineering and Science, World Scientific 2005, Ch. 8 (total-degree homotopy, gamma trick).")


_QUICK_SIZE = "systems of 1-3 equations of degrees 1-3"


def _random_dense(rng, variables, degree):
    """A polynomial with every monomial of degree <= `degree` and random integer coefficients in [-9, 9] \\ {0}."""
    monomials = sorted(sp.itermonomials(variables, degree), key=sp.default_sort_key)
    return sum(int(rng.choice([-1, 1]) * rng.integers(1, 10)) * m for m in monomials)


def _count_error(claimed, measured):
    return math.inf if not measured == measured else abs(claimed - measured)


@dataclass(frozen=True)
class BezoutClaim:
    """``count(degrees)`` solutions in projective space, counted with multiplicity (or distinct, if not)."""

    count: Callable = math.prod
    with_multiplicity: bool = True


def _theorem_symbolic(claim, context):
    rng = context.rng("symbolic")
    x, y, z = sp.symbols("x y z")
    shapes = context.profile.pick(quick=[(2, 2), (1, 3), (2, 3)], default=[(2, 2), (1, 3), (2, 3), (1, 2, 2)],
                                  thorough=[(2, 2), (1, 3), (2, 3), (3, 3), (1, 2, 2), (2, 2, 2)])

    def identities():
        for degrees in shapes:
            variables = (x, y, z)[:len(degrees)]
            system = [_random_dense(rng, variables, d) for d in degrees]
            tops = [sp.Poly(p, *variables) for p in system]
            tops = [sum(c * sp.Mul(*[v ** e for v, e in zip(variables, m)])
                        for m, c in t.terms() if sum(m) == t.total_degree()) for t in tops]
            at_infinity = groebner_count(tops, variables)
            yield f"dense degrees {degrees}: the top-degree forms vanish together only at 0 (nothing at infinity)", \
                sp.Integer(at_infinity.dimension), 0
            yield f"dense degrees {degrees}: Groebner count", claim.count(degrees), groebner_count(system, variables).count
        # Every solution double: (l^2, q); with multiplicity (l^2, q) counts 4, distinct ones are those of (l, q).
        line = _random_dense(rng, (x, y), 1)
        quadric = _random_dense(rng, (x, y), 2)
        counted = groebner_count([line ** 2, quadric], (x, y)) if claim.with_multiplicity \
            else groebner_count([line, quadric], (x, y))
        kind = "with multiplicity" if claim.with_multiplicity else "distinct (the radical (l, q))"
        yield f"(l^2, q): solutions {kind}", claim.count((2, 2)), counted.count

    return identities_check(identities(), context,
                            detail="{count} counts proved by Groebner bases (grevlex, standard monomials) over Q "
                                   "on random dense integer systems of degrees " + ", ".join(map(str, shapes))
                                   + " and a system whose solutions are all double")


def _theorem_numeric(claim, context):
    systems = st.one_of(strategies.polynomial_systems(max_variables=3, max_degree=3),
                        strategies.polynomial_systems(min_variables=2, max_variables=3, max_degree=3,
                                                      structure="squared"))

    def example(system):
        degrees = tuple(int(e.sum(axis=1).max()) for e, _ in system)
        result = solve(system, seed=context.derived_seed("homotopy"), start="total-degree")
        measured = _counted(result, claim.with_multiplicity)
        return _count_error(claim.count(degrees), measured), {
            "degrees": degrees, "claimed": claim.count(degrees), "measured": measured, "counts": result.counts}

    return property_check(systems, example, context, tolerance=0.0,
                          detail="|claimed - counted| solutions in projective space, by homotopy continuation "
                                 "(numerics.polynomials.solve; a failed path voids the example); generic dense "
                                 "and all-double-root " + _QUICK_SIZE)


_d = sp.IndexedBase("d")


THEOREM = register(Theorem(
    id="bezout.theorem",
    title=r"Bezout's theorem: $N$ equations of degrees $d_i$ in $N$ unknowns have $\prod_i d_i$ solutions "
          "in projective space",
    topic="bezout",
    kind="theorem",
    source=cite(POGGIO, 'slide "Bezout theorem"'),
    as_stated=r"Z = k^N \text{ ... the product of the degrees of each of the equations}",
    statement=(
        r"Let $F_1, \dots, F_N \in \mathbb{C}[w_1, \dots, w_N]$ have degrees $d_i$. If the homogenised system "
        r"has finitely many zeros in $\mathbb{P}^N$, their number counted with multiplicity is",
        sp.Eq(sp.Symbol("Z"), sp.Product(_d[_i], (_i, 1, _N))),
        r"so the isolated solutions in $\mathbb{C}^N$ number at most $\prod_i d_i$, with equality for generic "
        r"(dense, random) coefficients, when nothing lies at infinity.",
    ),
    hypotheses=(
        Assumption("As many equations as unknowns (a square system).",
                   lambda system: len(system) == np.asarray(system[0][0]).shape[1]),
        Assumption(r"Finitely many solutions in $\mathbb{P}^N$; otherwise only the isolated ones are bounded "
                   r"by $\prod d_i$."),
        Assumption("Solutions are counted with multiplicity and with those at infinity; distinct finite solutions "
                   r"are at most $\prod d_i$."),
    ),
    derivation=(
        Step(r"Z", r"\dim_{\mathbb{C}} \mathbb{C}[w]/I", r"for a zero-dimensional ideal $I$ with nothing at "
             r"infinity: the number of standard monomials of a Groebner basis, which counts multiplicity"),
        Step(r"\dim_{\mathbb{C}} \mathbb{C}[w]/I", r"\prod_i d_i", r"when the top-degree forms have no common zero "
             r"but $0$, they form a regular sequence and the Hilbert series of $I$ is "
             r"$\prod_i (1 - t^{d_i}) / (1 - t)^N$ (Cox, Little, O'Shea, Using Algebraic Geometry, Ch. 3)"),
        Step(r"\#\{\text{paths of } (1-t) F + t \gamma G\}", r"\prod_i d_i",
             r"the start system $G_i = w_i^{d_i} - 1$ has $\prod d_i$ regular solutions; for all but finitely "
             r"many $\gamma$ each of multiplicity $m$ ends $m$ paths (Sommese and Wampler, Thm 8.4.1)"),
    ),
    errata=(
        r"``Distinct zeros'' together with ``assigning multiplicity'' is contradictory: Bezout counts with "
        r"multiplicity; distinct zeros are at most $\prod d_i$ (a system whose solutions are all double has "
        r"half as many).",
        r"The slide's $k^N$ is the Bezout number only when every equation has degree $k$ in the unknowns.",
    ),
    references=(COX, SOMMESE, "W. Fulton, Algebraic Curves, 1969, Ch. 5 (plane-curve case)."),
    claim=BezoutClaim(),
    symbolic=_theorem_symbolic,
    numeric=_theorem_numeric,
    mutants=(
        Mutant("sum of degrees", "Z = d_1 + ... + d_N (the slide's k N)", BezoutClaim(count=sum)),
        Mutant("N^k", "Z = N^(max d_i) (exponent and base swapped)",
               BezoutClaim(count=lambda d: len(d) ** max(d))),
        Mutant("distinct zeros", "prod d_i distinct solutions (multiplicity ignored)",
               BezoutClaim(with_multiplicity=False)),
    ),
))

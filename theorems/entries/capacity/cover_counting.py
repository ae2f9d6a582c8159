"""``capacity.cover_counting``:

Cover's function-counting theorem: separable dichotomies of points in general position.
"""

import sympy as sp
from hypothesis import strategies as st

from numerics import capacity
from theorems.checks import identities_check, property_check
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.capacity.dichotomies import CoverClaim, _instance_points
from theorems.entries.capacity.references import COVER
from theorems.entries.capacity.symbols import _d, _i, _n
from theorems.registry import register
from theorems.sources import SEANCE, cite

__all__ = ["COVER_COUNTING"]


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

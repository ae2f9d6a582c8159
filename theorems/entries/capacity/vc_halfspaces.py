"""``capacity.vc_halfspaces``: Affine halfspaces in mathbb{R}^d have VC dimension d + 1."""

from dataclasses import dataclass

import sympy as sp
from hypothesis import strategies as st

from numerics import capacity
from theorems.checks import identities_check, property_check
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.capacity.dichotomies import CoverClaim, _instance_points
from theorems.entries.capacity.references import COVER, MOHRI
from theorems.entries.capacity.symbols import _d, _n
from theorems.registry import register
from theorems.sources import SEANCE, cite

__all__ = ["HalfspaceClaim", "VC_HALFSPACES"]


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

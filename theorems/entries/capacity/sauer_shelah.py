"""``capacity.sauer_shelah``: The Sauer-Shelah lemma: growth function of a class of VC dimension V."""

import math
from dataclasses import dataclass

import sympy as sp
from hypothesis import strategies as st

from numerics import capacity
from theorems.checks import identities_check, property_check
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.capacity.dichotomies import _instance_points
from theorems.entries.capacity.references import MOHRI
from theorems.entries.capacity.symbols import _i
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["SAUER_SHELAH", "SauerClaim"]

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

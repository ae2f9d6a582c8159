"""``approximation.shallow_deep_gap``:

Depth separation: the tent map composed k times needs exponentially many units in one hidden layer.
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import approximation
from theorems.checks import property_check
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.approximation.symbols import _k, _n, _x
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite
from theorems.symbolic.nets import relu

__all__ = ["SHALLOW_DEEP_GAP", "SawtoothClaim"]


@dataclass(frozen=True)
class SawtoothClaim:
    """The tent map composed k times has ``deep(k)`` affine pieces on ``[0, 1]`` (a depth-k net of 2k ReLU units),
    while a one-hidden-layer ReLU net with N units has at most ``shallow(N)`` pieces on the line."""

    deep: sp.Expr = 2**_k
    shallow: sp.Expr = _n + 1


def _tent(x):
    return 2 * relu(x) - 4 * relu(x - sp.Rational(1, 2))


def _exact_pieces(values, points):
    """Affine pieces of a piecewise-linear function from exact values at points that include its breakpoints."""
    slopes = [(b - a) / (q - p) for a, b, p, q in zip(values, values[1:], points, points[1:])]
    return 1 + sum(1 for s, t in zip(slopes, slopes[1:]) if s != t)


def _sawtooth_symbolic(claim, context):
    top = context.profile.pick(quick=4, default=5, thorough=7)
    for k in range(1, top + 1):  # Delta^k is affine between the dyadic points j / 2^(k+1): exact values there
        points = [sp.Rational(j, 2 ** (k + 1)) for j in range(2 ** (k + 1) + 1)]
        values = []
        for p in points:
            v = p
            for _ in range(k):
                v = _tent(v)
            values.append(v)
        pieces = _exact_pieces(values, points)
        if pieces != claim.deep.subs(_k, k):
            return CheckResult(False, f"refuted: pieces of the tent map composed {k} times", counterexample={
                "k": k, "lhs": f"{pieces} pieces (exact rationals at the dyadic points)",
                "rhs": f"claimed {claim.deep.subs(_k, k)}"})
    rng = context.rng("shallow")
    for N in (1, 2, 3, 5, 8):  # one hidden layer, integer weights: the breakpoints -b_i / w_i are distinct
        w = [int(v) for v in rng.choice([-1, 1], N) * rng.integers(1, 50, N)]
        t = sorted({sp.Rational(int(v), 97) for v in rng.choice(np.arange(-96, 97), N, replace=False)})
        c = [int(v) for v in rng.choice([-1, 1], N) * rng.integers(1, 9, N)]
        net = sum(ci * relu(wi * (_x - ti)) for ci, wi, ti in zip(c, w, t))
        points = [sp.Integer(-2), *t, sp.Integer(2)]
        pieces = _exact_pieces([net.subs(_x, p) for p in points], points)
        if pieces != claim.shallow.subs(_n, N):  # distinct breakpoints: the bound N + 1 is attained
            return CheckResult(False, f"refuted: pieces of a one-hidden-layer net with {N} units", counterexample={
                "N": N, "lhs": f"{pieces} pieces (breakpoints {[str(v) for v in t]})",
                "rhs": f"claimed {claim.shallow.subs(_n, N)}"})
    return CheckResult(True, f"the tent map 2 relu(x) - 4 relu(x - 1/2) composed k = 1..{top} times has exactly "
                       "2^k affine pieces (exact values at the dyadic points j/2^(k+1), which contain every "
                       "breakpoint); one-hidden-layer nets with N = 1, 2, 3, 5, 8 units and distinct breakpoints "
                       "-b_i/w_i have exactly N + 1 pieces (each unit adds one kink): so N >= 2^k - 1 units are "
                       "needed where depth k uses 2k")


def _tent_net(k):
    W = [np.array([[1.0], [1.0]])] + [np.array([[2.0, -4.0], [2.0, -4.0]])] * (k - 1) + [np.array([[2.0, -4.0]])]
    return W, [np.array([0.0, -0.5])] * k + [np.zeros(1)]


@st.composite
def _shallow_instances(draw):
    N = draw(st.integers(1, 30))
    return {"N": N, "seed": draw(st.integers(0, 2**32 - 1))}


def _sawtooth_numeric(claim, context):
    deep = {k: len(approximation.linear_pieces(*_tent_net(k), 0.0, 1.0)) + 1 for k in range(1, 11)}
    deep_error = max(abs(pieces - int(claim.deep.subs(_k, k))) for k, pieces in deep.items())

    def example(instance):
        N = instance["N"]
        rng = np.random.default_rng(instance["seed"])
        w = rng.choice([-1.0, 1.0], N) * rng.uniform(0.5, 2.0, N)
        W = [w[:, None], (rng.choice([-1.0, 1.0], N) * rng.uniform(0.5, 2.0, N))[None, :]]
        b = [-w * rng.uniform(-0.9, 0.9, N), np.zeros(1)]  # breakpoints inside (-1, 1)
        pieces = len(approximation.linear_pieces(W, b, -1.0, 1.0)) + 1
        claimed = int(claim.shallow.subs(_n, N))
        # with distinct breakpoints inside the interval the count is attained; a deep count must match exactly
        return max(abs(pieces - claimed), deep_error), {"pieces": pieces, "claimed": claimed, "deep pieces": deep}

    return property_check(_shallow_instances(), example, context, tolerance=0,
                          detail="|counted - claimed| pieces (exact integers): kinks of random one-hidden-layer "
                                 "ReLU nets with N = 1..30 units on [-1, 1] and of the tent map composed k = 1..10 "
                                 "times on [0, 1] (2k units), by numerics.approximation.linear_pieces")


SHALLOW_DEEP_GAP = register(Theorem(
    id="approximation.shallow_deep_gap",
    title="Depth separation: the tent map composed $k$ times needs exponentially many units in one hidden "
          "layer",
    topic="approximation",
    kind="theorem",
    source=cite(SEANCE, 'slide "Facts about approximation theory -- Comparison of Shallow vs. Deep '
                        'Networks"'),
    as_stated=(r"\begin{gathered}\text{the number of neurons needed by a shallow network to approximate a function "
               r"is} \\ \text{exponentially larger than for a deep network}\end{gathered}"),
    statement=(
        r"For specific functions, not for every function. With the tent map $\Delta(x) = 2\sigma(x) - "
        r"4\sigma(x - \tfrac12)$ on $[0, 1]$, $\Delta^{\circ k}$ is computed by a depth-$k$ ReLU net with $2k$ "
        r"hidden units and has exactly $2^k$ affine pieces, while a one-hidden-layer ReLU net with $N$ units has "
        r"at most $N + 1$ pieces: representing $\Delta^{\circ k}$ exactly needs $N \ge 2^k - 1$ (Telgarsky 2016). "
        r"Compositional functions give the same kind of gap in the dimension (approximation.compositional\_deep); "
        r"for generic Sobolev functions shallow and deep nets both need $\varepsilon^{-d/m}$ parameters.",
    ),
    hypotheses=(
        Assumption(r"The gap holds for certain function classes (sawtooth, compositional, strongly convex with "
                   r"polylogarithmic depth), not for every function."),
    ),
    derivation=(
        Step(r"\Delta \circ \Delta", r"\text{4 pieces, slopes } \pm 4, \text{ breakpoints } \tfrac14, \tfrac12, "
             r"\tfrac34", r"each piece of $\Delta^{\circ k}$ sweeps $[0, 1]$ once, and $\Delta$ folds it in two"),
        Step(r"\#\text{pieces}\Big(\sum_{i=1}^N c_i \sigma(w_i x + b_i)\Big)", r"\le N + 1",
             r"each unit has one breakpoint $-b_i/w_i$"),
    ),
    errata=(r"The quantifier is missing: ``a function'' must be ``certain functions'' (compositional, sawtooth); "
            r"for generic smooth functions there is no exponential gap.",),
    references=("M. Telgarsky, \"Benefits of depth in neural networks\", COLT 2016, Lemma 2.1 and Theorem 1.1.",
                "T. Poggio, H. Mhaskar, L. Rosasco, B. Miranda, Q. Liao, \"Why and when can deep-but not "
                "shallow-networks avoid the curse of dimensionality\", Int. J. Automation and Computing 14 (2017) "
                "503-519.",
                "S. Liang, R. Srikant, \"Why deep neural networks for function approximation?\", ICLR 2017."),
    claim=SawtoothClaim(),
    symbolic=_sawtooth_symbolic,
    numeric=_sawtooth_numeric,
    mutants=(
        Mutant("k + 1 pieces", "the tent map composed k times has k + 1 pieces", SawtoothClaim(deep=_k + 1)),
        Mutant("2^N shallow pieces", "N shallow units give 2^N pieces", SawtoothClaim(shallow=2**_n)),
    ),
))

"""``capacity.vc_network_bound``: The VC dimension of threshold networks: at most 2 W log_2(e N) (Baum and Haussler)."""

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from numerics import capacity
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["BAUM", "VCNetworkClaim", "VC_NETWORK_BOUND"]

BAUM = ("E. B. Baum, D. Haussler, \"What size net gives valid generalization?\", Neural Computation 1 (1989) "
        "151-160.")


_W, _nodes = sp.symbols("W N_nodes", positive=True)


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

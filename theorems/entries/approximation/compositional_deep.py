"""``approximation.compositional_deep``:

Compositional functions: deep nets shaped like the function's tree escape the curse of dimensionality.
"""

import functools
from dataclasses import dataclass

import numpy as np
import sympy as sp

from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.approximation.symbols import _eps, _m
from theorems.entries.approximation.unit_counts import _units_for_accuracy
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POGGIO, cite

__all__ = ["COMPOSITIONAL_DEEP", "CompositionalClaim"]

_nleaves = sp.Symbol("n", positive=True, integer=True)


_SLIDE_LABELS = (("h13", "h11"), ("h14", "h12"))  # the slide reuses g11, g12 in the right subtree


@dataclass(frozen=True)
class CompositionalClaim:
    """A binary-tree compositional function of n inputs (constituents of 2 variables, smoothness m) is reached to
    accuracy eps by a deep net with ``nodes * eps^(-deep_exponent)`` units, by a shallow one with
    ``eps^(-shallow_exponent)``; the slide's function is that tree with constituents renamed by ``labels``."""

    nodes: sp.Expr = _nleaves - 1
    deep_exponent: sp.Expr = 2 / _m
    shallow_exponent: sp.Expr = _nleaves / _m
    labels: tuple = ()

    def value(self, field, n, m):
        return float(getattr(self, field).subs({_nleaves: n, _m: m}))


def _tree_expression(n, labels=()):
    """The compositional function of n inputs as a SymPy expression of undefined functions."""
    import networkx as nx

    from numerics.compositional import binary_tree

    tree = binary_tree(n, labels=dict(labels))
    values = {f"x{i + 1}": sp.Symbol(f"x{i + 1}") for i in range(n)}
    for v in nx.topological_sort(tree):
        if tree.nodes[v]["inputs"]:
            values[v] = sp.Function(tree.nodes[v]["label"])(*(values[u] for u in tree.nodes[v]["inputs"]))
    return values[tree.graph["root"]]


def _expression_counts(expr):
    applied = [e for e in sp.preorder_traversal(expr) if isinstance(e, sp.core.function.AppliedUndef)]
    depth = 0 if not isinstance(expr, sp.core.function.AppliedUndef) else 1 + max(
        (_expression_counts(a)["depth"] for a in expr.args), default=0)
    return {"nodes": len(applied), "distinct": len({e.func for e in applied}), "depth": depth,
            "arities": {len(e.args) for e in applied}}


def _compositional_symbolic(claim, context):
    identities = []
    for n in (4, 8, 16):
        counts = _expression_counts(_tree_expression(n, claim.labels if n == 8 else ()))
        # locality without weight sharing: every constituent is its own function, so the deep count needs them all
        identities.append((f"distinct constituents of the {n}-input tree (the slide's labelling at n = 8)",
                           counts["distinct"], claim.nodes.subs(_nleaves, n)))
        identities.append((f"depth of the {n}-input tree = log2 n", counts["depth"], sp.log(n, 2)))
    for m in (1, 2, 3):  # one constituent has 2 inputs: the tensor-grid derivation of curse_of_dimensionality
        two = _units_for_accuracy(2, m)
        identities.append((f"deep exponent from a 2-variable constituent, m = {m}", sp.simplify(sp.expand_log(
            sp.log(two) / sp.log(1 / _eps), force=True)), claim.deep_exponent.subs(_m, m)))
        identities.append((f"shallow exponent from 8 variables, m = {m}", sp.simplify(sp.expand_log(
            sp.log(_units_for_accuracy(8, m)) / sp.log(1 / _eps), force=True)), claim.shallow_exponent.subs(
                {_nleaves: 8, _m: m})))
    result = identities_check(identities, context, detail="")
    if not result.passed:
        return result
    deep = claim.nodes * _eps ** (-claim.deep_exponent)
    shallow = _eps ** (-claim.shallow_exponent)
    vanishing = sp.limit((deep / shallow).subs({_nleaves: 8, _m: 1}), _eps, 0, "+")
    reference = {(m, e): (shallow.subs({_nleaves: 8, _m: m, _eps: e}), deep.subs({_nleaves: 8, _m: m, _eps: e}))
                 for m, e in ((1, sp.Rational(1, 10)), (2, sp.Rational(1, 10)), (1, sp.Rational(1, 100)))}
    if vanishing != 0:
        return CheckResult(False, "refuted: the deep count does not vanish against the shallow one", counterexample={
            "lhs": f"lim deep / shallow = {vanishing}", "rhs": "0"})
    return CheckResult(True, "the slide's expression (SymPy undefined functions) and the n = 4, 16 trees: "
                       "distinct constituents n - 1, depth log2 n; exponents derived from the tensor-grid error "
                       "model with 2 (deep) and 8 (shallow) variables, m = 1, 2, 3; deep/shallow -> 0 as eps -> 0 "
                       "(n = 8, m = 1); reference counts (shallow, deep) " + ", ".join(
                           f"m = {m}, eps = {e}: ({a}, {b})" for (m, e), (a, b) in reference.items()))


def _compositional_constituents(seed):
    """The 8-input tree with constituents ``sin(alpha a + beta b) / 2`` (alpha, beta in [1/2, 1]) and their
    Lipschitz constants in the max norm, ``(alpha + beta) / 2``."""
    from numerics.compositional import binary_tree

    tree = binary_tree(8)
    rng = np.random.default_rng(seed)
    coefficients = {v: rng.uniform(0.5, 1.0, 2) for v in tree if tree.in_degree(v)}
    functions = {v: (lambda a, b, c=c: np.sin(c[0] * a + c[1] * b) / 2) for v, c in coefficients.items()}
    return tree, functions, {v: c.sum() / 2 for v, c in coefficients.items()}


@functools.lru_cache(maxsize=None)
def _compositional_runs(seed, deep_grids, shallow_grids):
    """Errors of the deep (one bilinear interpolant per constituent) and shallow (one on [-1, 1]^8) approximants."""
    from numerics.compositional import composition_bound, evaluate, grid_interpolant

    tree, functions, lipschitz = _compositional_constituents(seed)
    X = np.random.default_rng(seed + 1).uniform(-1, 1, (20_000, 8))
    exact = evaluate(tree, functions, X)
    fine = np.meshgrid(np.linspace(-1, 1, 801), np.linspace(-1, 1, 801))
    deep = []
    for g in deep_grids:
        approx = {v: grid_interpolant(f, [-1, -1], [1, 1], g) for v, f in functions.items()}
        eps = {v: float(np.abs(approx[v](*fine) - f(*fine)).max()) for v, f in functions.items()}
        deep.append((len(approx) * (g - 1) ** 2, float(np.abs(evaluate(tree, approx, X) - exact).max()),
                     composition_bound(tree, eps, lipschitz)))
    whole = lambda *xs: evaluate(tree, functions, np.stack(xs, -1).reshape(-1, 8)).reshape(np.shape(xs[0]))  # noqa
    shallow = []
    for g in shallow_grids:
        approx = grid_interpolant(whole, -np.ones(8), np.ones(8), g)
        shallow.append(((g - 1) ** 8, float(np.abs(approx(*X[:2000].T) - exact[:2000]).max())))
    return tuple(deep), tuple(shallow)


def _compositional_numeric(claim, context):
    from numerics.compositional import binary_tree, tree_summary

    deep_grids = context.profile.pick(quick=(5, 9, 17), default=(5, 9, 17, 33), thorough=(5, 9, 17, 33, 65))
    shallow_grids = context.profile.pick(quick=(3, 4), default=(3, 4, 5), thorough=(3, 4, 5, 6))
    deep, shallow = _compositional_runs(context.derived_seed("compositional"), deep_grids, shallow_grids)
    parts = {}
    for n in (4, 8, 16):
        summary = tree_summary(binary_tree(n, labels=dict(claim.labels) if n == 8 else None))
        parts[f"distinct constituents, n = {n}"] = (summary["distinct functions"], claim.value("nodes", n, 2), 0.5)
    cells = [c for c, _, _ in deep]
    parts["deep units = nodes x cells per node"] = (cells[-1], claim.value("nodes", 8, 2) * (deep_grids[-1] - 1) ** 2,
                                                    0.5)
    slope_deep = np.polyfit(np.log(cells), np.log([e for _, e, _ in deep]), 1)[0]
    slope_shallow = np.polyfit(np.log([c for c, _ in shallow]), np.log([e for _, e in shallow]), 1)[0]
    parts["deep rate: slope of log error against log units"] = (slope_deep, -1 / claim.value("deep_exponent", 8, 2),
                                                               0.1)
    parts["shallow rate"] = (slope_shallow, -1 / claim.value("shallow_exponent", 8, 2), 0.05)
    parts["propagation: deep error <= E_root, E_v = eps_v + L_v max E_inputs"] = (
        max(max(e - b, 0.0) for _, e, b in deep), 0.0, 1e-12)
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "the 8-input binary tree with constituents sin(alpha a + beta b)/2 (smooth, m = "
                       "2), on 20000 random points of [-1, 1]^8: deep approximant (bilinear interpolation of each "
                       "constituent, numerics.compositional) units/error/propagation bound " + ", ".join(
                           f"{c}: {e:.3g} <= {b:.3g}" for c, e, b in deep) + f" (slope {slope_deep:.3f}); shallow "
                       "(multilinear on [-1, 1]^8) units/error " + ", ".join(f"{c}: {e:.3g}" for c, e in shallow)
                       + f" (slope {slope_shallow:.3f}); slopes against -1/exponent at m = 2 (tolerances 0.1, "
                       "0.05), constituent counts by networkx", examples=20_000 * len(deep) + 2000 * len(shallow),
                       max_error=error, tolerance=1.0, counterexample=None if error <= 1.0 else witness)


def _compositional_figure(seed=0):
    """Error against units for d = 8, deep (one interpolant per constituent) against shallow (one on the cube)."""
    from matplotlib.figure import Figure

    deep, shallow = _compositional_runs(seed, (5, 9, 17, 33), (3, 4, 5))
    figure = Figure(figsize=(5.0, 3.4), layout="constrained")
    axes = figure.subplots()
    axes.loglog([c for c, _, _ in deep], [e for _, e, _ in deep], "o-", label="deep: 7 bilinear constituents")
    axes.loglog([c for c, _, _ in deep], [b for _, _, b in deep], ":", color="C0", label="propagation bound")
    axes.loglog([c for c, _ in shallow], [e for _, e in shallow], "s-", label="shallow: multilinear on $[-1,1]^8$")
    axes.set_xlabel("units (grid cells)")
    axes.set_ylabel(r"sup error on $[-1, 1]^8$")
    axes.set_title(r"$f(x_1, \dots, x_8)$, a binary tree, $m = 2$: $N^{-1}$ against $N^{-1/4}$")
    axes.legend(fontsize="small")
    return figure


COMPOSITIONAL_DEEP = register(Theorem(
    id="approximation.compositional_deep",
    title="Compositional functions: deep nets shaped like the function's tree escape the curse of dimensionality",
    topic="approximation",
    kind="theorem",
    source=cite(POGGIO, 'slides "A new way to avoid the curse for compositional functions: deep '
                        'networks", "Theorem, Mhaskar, Poggio, Liao 2016 (informal statement)", '
                        '"Compositional functions" and "Approximation: summary"'),
    as_stated=(r"\begin{gathered}f(x_1, \dots, x_8) = g_3(g_{21}(g_{11}(x_1, x_2), g_{12}(x_3, x_4)), "
               r"g_{22}(g_{11}(x_5, x_6), g_{12}(x_7, x_8))); \\ \text{shallow } O(\varepsilon^{-d}) \text{ "
               r"whereas deep } O(d\varepsilon^{-2})\end{gathered}"),
    statement=(
        r"Let $f$ be a binary-tree compositional function of $n = 2^L$ inputs; for $n = 8$",
        r"\[ f = h_3\big(h_{21}(h_{11}(x_1, x_2), h_{12}(x_3, x_4)),\ h_{22}(h_{13}(x_5, x_6), h_{14}(x_7, x_8))"
        r"\big), \]",
        r"with $n - 1$ distinct constituents of 2 variables, each in the unit ball of $W_m$, depth $\log_2 n$. "
        r"A deep net with the same "
        r"tree reaches accuracy $\varepsilon$ with $N = O((n - 1)\varepsilon^{-2/m})$ units, a shallow net needs "
        r"$O(\varepsilon^{-n/m})$ (Poggio et al. 2017, Theorem 2; ReLU and Lipschitz constituents: Theorem 4 "
        r"with $m = 1$). The proof propagates errors: $\|f - \hat f\| \le \sum_v \varepsilon_v \prod_{u \text{ above "
        r"} v} L_u$. Locality, not weight sharing, removes the curse: sharing the constituents of a level saves "
        r"at most the factor $(n - 1)/\log_2 n$; and linear combinations of compositional functions are universal "
        r"(every polynomial is a sum of binary product trees).",
    ),
    hypotheses=(
        Assumption(r"The network's graph matches the function's tree (locality); the constituents have "
                   r"smoothness $m$ in their 2 variables, with Lipschitz constants $L_u$ in the max norm."),
        Assumption(r"``Both approximate equally well'' means both can reach $\varepsilon$; their sizes differ."),
    ),
    derivation=(
        Step(r"\big|h(h_1, h_2) - P(P_1, P_2)\big|", r"\le \|h - P\|_\infty + L_h \max_i |h_i - P_i|",
             r"triangle inequality, $P$ evaluated at the approximate arguments"),
        Step(r"N_{\mathrm{deep}}", r"\sum_v \varepsilon^{-d_v/m} = (n - 1)\varepsilon^{-2/m}", r"each constituent "
             r"is a function of $d_v = 2$ variables (approximation.curse\_of\_dimensionality)"),
        Step(r"\frac{N_{\mathrm{deep}}}{N_{\mathrm{shallow}}}", r"(n - 1)\varepsilon^{(n - 2)/m} \to 0",
             r"as $\varepsilon \to 0$ for $n > 2$"),
    ),
    errata=(
        r"The slide's $f(x_1, \dots, x_8)$ reuses $g_{11}, g_{12}$ in the right subtree, which encodes weight "
        r"sharing (5 distinct functions instead of $n - 1 = 7$) and contradicts ``locality, not weight sharing''; "
        r"the right subtree is $h_{22}(h_{13}(x_5, x_6), h_{14}(x_7, x_8))$.",
        r"$O(d\varepsilon^{-2})$ should be $O((d - 1)\varepsilon^{-2/m})$: the smoothness $m$ is dropped and the "
        r"count is of the $n - 1$ nodes; the sentence ``show $O(d\varepsilon^{-2})$ vs $O(\varepsilon^{-d})$'' "
        r"is garbled.",
        r"``Both shallow and deep network can approximate f equally well'' holds only as ``both can reach "
        r"$\varepsilon$''.",
    ),
    references=("T. Poggio, H. Mhaskar, L. Rosasco, B. Miranda, Q. Liao, \"Why and when can deep-but not "
                "shallow-networks avoid the curse of dimensionality: a review\", Int. J. Automation and Computing "
                "14 (2017) 503-519, Theorems 2 and 4.", "H. N. Mhaskar, T. Poggio, \"Deep vs. shallow networks: an "
                "approximation theory perspective\", Analysis and Applications 14 (2016) 829-848."),
    claim=CompositionalClaim(),
    symbolic=_compositional_symbolic,
    numeric=_compositional_numeric,
    mutants=(
        Mutant("the slide's labelling", "g11, g12 reused in the right subtree: 5 distinct constituents",
               CompositionalClaim(labels=_SLIDE_LABELS)),
        Mutant("eps^-2 whatever m", "deep count (n - 1) eps^-2 independent of the smoothness",
               CompositionalClaim(deep_exponent=sp.Integer(2))),
        Mutant("log2 n nodes", "deep count log2(n) eps^(-2/m): the depth instead of the nodes",
               CompositionalClaim(nodes=sp.log(_nleaves, 2))),
        Mutant("d eps^-d deep", "deep count n eps^(-n/m), no better than shallow",
               CompositionalClaim(nodes=_nleaves, deep_exponent=_nleaves / _m)),
    ),
    figure=_compositional_figure,
))

"""Bezout counts for polynomial networks: solutions of the fitting equations and critical points of the loss.

Source: Poggio, "Theory of Deep Learning", slides "Bezout theorem" and "More
important: Bezout and local+global critical points", after Poggio and Liao, "Theory II: Landscape of the
empirical risk in deep learning", CBMM Memo 66, 2017, Sec. 4.  Every count is made
twice: exactly, by Groebner bases in SymPy (:mod:`theorems.algebra`), and
numerically, by homotopy continuation (:func:`numerics.polynomials.solve`).
"""

from dataclasses import dataclass
import math
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import derivatives, nets, strategies
from numerics.conventions import gamma
from numerics.polynomials import Polynomial, solve
from theorems.algebra import groebner_count, network_degree, polynomial_network
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["CRITICAL_POINT_EQUATIONS", "GLOBAL_MINIMA_DEGENERATE", "ISOLATED_CRITICAL_POINTS", "POLYNOMIAL_FIT",
           "THEOREM", "BezoutClaim", "CriticalClaim", "DegenerateClaim", "FitClaim", "IsolatedClaim"]

POGGIO_LIAO = ("T. Poggio, Q. Liao, \"Theory II: Landscape of the empirical risk in deep learning\", "
               "CBMM Memo 66, 2017, Sec. 4.")
COX = ("D. Cox, J. Little, D. O'Shea, Using Algebraic Geometry, 2nd ed., Springer 2005, Ch. 3, Thm 5.5 "
       "(Bezout) and Ch. 4, Prop. 2.11 (multiplicities from standard monomials).")
SOMMESE = ("A. J. Sommese, C. W. Wampler, The Numerical Solution of Systems of Polynomials Arising in "
           "Engineering and Science, World Scientific 2005, Ch. 8 (total-degree homotopy, gamma trick).")

_QUICK_SIZE = "systems of 1-3 equations of degrees 1-3"


def _random_dense(rng, variables, degree):
    """A polynomial with every monomial of degree <= `degree` and random integer coefficients in [-9, 9] \\ {0}."""
    monomials = sorted(sp.itermonomials(variables, degree), key=sp.default_sort_key)
    return sum(int(rng.choice([-1, 1]) * rng.integers(1, 10)) * m for m in monomials)


def _counted(result, with_multiplicity):
    """Projective count from a homotopy result: finite solutions (with or without multiplicity) plus paths at
    infinity; NaN when a path failed, so that an incomplete run never confirms a count."""
    if result.counts["failed"]:
        return math.nan
    finite = int(result.multiplicities.sum()) if with_multiplicity else len(result.solutions)
    return finite + result.counts["at_infinity"]


def _count_error(claimed, measured):
    return math.inf if not measured == measured else abs(claimed - measured)


# == bezout.theorem ================================================================================================


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
        result = solve(system, seed=context.derived_seed("homotopy"))
        measured = _counted(result, claim.with_multiplicity)
        return _count_error(claim.count(degrees), measured), {
            "degrees": degrees, "claimed": claim.count(degrees), "measured": measured, "counts": result.counts}

    return property_check(systems, example, context, tolerance=0.0,
                          detail="|claimed - counted| solutions in projective space, by homotopy continuation "
                                 "(numerics.polynomials.solve; a failed path voids the example); generic dense "
                                 "and all-double-root " + _QUICK_SIZE)


_d = sp.IndexedBase("d")
_i, _N = sp.symbols("i N", integer=True, positive=True)

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


# == bezout.polynomial_fit =========================================================================================


@dataclass(frozen=True)
class FitClaim:
    """``degree(K, k)``: the degree in its weights of a depth-K net with activation z^k; ``bound(D, N)``."""

    degree: Callable = network_degree
    bound: Callable = lambda D, N: D ** N


def _squared_linear(x, w):
    """f(x; w) = (w_1 + w_2 x + ... + w_W x^(W-1))^2: one unit with activation z^2, degree 2 in w."""
    return sum(wj * x ** j for j, wj in enumerate(w)) ** 2


def _fit_symbolic(claim, context):
    shapes = context.profile.pick(quick=[(2, 2), (2, 3), (3, 2)], default=[(2, 2), (2, 3), (3, 2)],
                                  thorough=[(2, 2), (2, 3), (3, 2), (3, 3), (2, 4)])

    def identities():
        for k, K in shapes:
            f, weights, _ = polynomial_network([1] + [2 if K == 2 else 1] * (K - 1) + [1], k)
            yield f"depth {K}, activation z^{k}: degree of f in the weights", claim.degree(K, k), \
                sp.Poly(f, *weights).total_degree()
        for N in (2, 3):  # generic data: the Bezout bound is attained
            w = sp.symbols(f"w1:{N + 1}")
            xs, ys = range(1, N + 1), [sp.Integer(v) for v in (1, 4, 9, 2)[:N]]
            count = groebner_count([_squared_linear(xn, w) - yn for xn, yn in zip(xs, ys)], w)
            yield f"(w . (1, x, ..)^2 fit to {N} points: solutions", claim.bound(2, N), count.count
        a, w = sp.symbols("a w")
        fit = [a * (w ** 2 * xn ** 2 + xn) - yn for xn, yn in ((1, 3), (2, 5))]  # the lecture's example (b)
        degree = sp.Poly(fit[0], a, w).total_degree()
        count = groebner_count(fit, (a, w)).count
        yield "a (w^2 x^2 + x) fit to (1, 3), (2, 5): solutions <= bound", sp.Integer(count <= claim.bound(degree, 2)), 1

    return identities_check(identities(), context,
                            detail="{count} identities: degrees of nets z^k in their weights by sp.Poly; fitting "
                                   "counts by Groebner bases (the bound attained for (w . phi(x))^2; 2 of 9 for "
                                   "a (w^2 x^2 + x), whose structure puts solutions at infinity)")


@st.composite
def _fit_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=3, max_width=3, max_input=2))
    weights = draw(strategies.weights(sizes))
    X, _ = draw(strategies.datasets(sizes[0], max_size=4))
    return {"sizes": sizes, "k": draw(st.integers(2, 3)), "weights": weights, "X": X,
            "data_seed": draw(st.integers(0, 2**32 - 1))}


def _fit_numeric(claim, context):
    def example(instance):
        W, X, k = instance["weights"], instance["X"], instance["k"]
        K = len(W)
        D = claim.degree(K, k)
        f = nets.forward(W, X, activation="poly", degree=k)
        scaled = nets.forward([2.0 * w for w in W], X, activation="poly", degree=k)
        # Rounding: each of the m roundings on a path scales with |W|...|x| (S), and scaling by 2 is exact.
        S = nets.forward([abs(w) for w in W], abs(X), activation="poly", degree=k)
        m = sum((w.shape[1] + k + 2) for w in W)
        assume(np.abs(f).max() > 1e-6 * S.max())
        # The fit of (w . (1, x, x^2))^2 to 3 generic points: homotopy's count against the bound D^N.
        rng = np.random.default_rng(instance["data_seed"])
        w = Polynomial.variables(3)
        xs, ys = rng.standard_normal(3), rng.standard_normal(3) + 1j * rng.standard_normal(3)
        system = [(sum(wj * xn ** j for j, wj in enumerate(w)) ** 2 - yn).pair for xn, yn in zip(xs, ys)]
        counted = _counted(solve(system, seed=context.derived_seed("homotopy")), True)
        return worst_comparison({
            "f(2 W; x) = 2^D f(W; x)": (scaled, 2.0 ** D * f, 2 * gamma(m) * 2.0 ** D * S),
            "solutions of the fit = D^N": (counted, claim.bound(2, 3), 0.5),
        })

    return property_check(_fit_instances(), example, context, tolerance=1.0,
                          detail="|lhs - rhs| in units of its bound: the float64 rounding bound 2 gamma_m 2^D S for "
                                 "the degree of nets with activation z^k (numerics.forward, depth 2-3), 1/2 for the "
                                 "homotopy count of a 3-point fit")


POLYNOMIAL_FIT = register(Theorem(
    id="bezout.polynomial_fit",
    title="Fitting $N$ data with a polynomial network: at most $D^N$ isolated solutions, $D$ the degree "
          "in the weights",
    topic="bezout",
    kind="bound",
    source=cite(POGGIO, 'slides "Bezout theorem" and "RELU approximation by univariate polynomial '
                        'preserves deep nets properties"'),
    as_stated=r"p(x_n) - y_n = 0 \text{ for } n = 1, \dots, N, \quad k = \text{degree of } p(x), "
              r"\quad Z = k^N",
    statement=(
        r"Let $f(x; w)$ be a bias-free network with $K$ weight layers and activation $z^k$. Its degree in the "
        r"weights is",
        sp.Eq(sp.Symbol("D_K"), sp.Sum(sp.Symbol("k") ** _i, (_i, 0, sp.Symbol("K") - 1))),
        r"($D_1 = 1$, $D_{j+1} = k D_j + 1$), not $k$ and not the degree $k^{K-1}$ in $x$. If the net has "
        r"$W = N$ weights, the $N$ equations $f(x_n; w) = y_n$ have at most $D^N$ isolated solutions in "
        r"$\mathbb{C}^N$; network structure (symmetries, solutions at infinity) generally leaves fewer.",
    ),
    hypotheses=(
        Assumption("As many unknowns (weights) as equations (data): W = N; for W > N the solutions form a set "
                   r"of dimension at least W - N (bezout.global\_minima\_degenerate)."),
        Assumption(r"Only isolated solutions are bounded; a net with a homogeneous activation $z^k$ has whole "
                   "curves of solutions (rescaling of a unit), to which the bound does not apply."),
    ),
    derivation=(
        Step(r"\deg_w (W_1 x)", 1, r"linear in the first layer's weights"),
        Step(r"\deg_w W_{j+1} \sigma(h_j)", r"k \deg_w h_j + 1", r"$\sigma(z) = z^k$ multiplies degrees by $k$; "
             r"the next layer's weights add one"),
        Step(r"D_K", r"1 + k + \dots + k^{K-1} = \frac{k^K - 1}{k - 1}", r"solving the recursion from $D_1 = 1$"),
        Step(r"Z", r"\prod_{n=1}^N \deg_w (f(x_n; w) - y_n) = D^N", r"Bezout (bezout.theorem) on $N$ equations "
             r"of degree $D$ in $N$ unknowns"),
    ),
    errata=(
        r"The degree that counts is the degree in the unknowns (the weights), $D_K = (k^K - 1)/(k - 1)$, "
        r"not the degree $k$ of $p$ in $x$: for $a(w^2 x^2 + x)$ the degree in $x$ is 2 but the bound is $3^2 = 9$.",
        r"The slide leaves implicit that the number of unknowns must equal the number of equations $N$.",
        r"``Distinct zeros'' with multiplicity is contradictory (see bezout.theorem); and network-structured "
        r"systems are the ``degenerate cases'': $a(w^2 x^2 + x) = y$ at two points has 2 solutions, not 9.",
    ),
    references=(POGGIO_LIAO, COX),
    claim=FitClaim(),
    symbolic=_fit_symbolic,
    numeric=_fit_numeric,
    mutants=(
        Mutant("degree in x", "D = k^(K-1), the degree of the net in its input", FitClaim(degree=lambda K, k: k ** (K - 1))),
        Mutant("degree k", "D = k, the activation's degree (the slide's k)", FitClaim(degree=lambda K, k: k)),
        Mutant("bound D N", "Z = D N instead of D^N", FitClaim(bound=lambda D, N: D * N)),
    ),
))


# == bezout.critical_point_equations ===============================================================================


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
        result = solve([g.pair for g in gradient], seed=context.derived_seed("homotopy"))
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


# == bezout.global_minima_degenerate ===============================================================================


@dataclass(frozen=True)
class DegenerateClaim:
    """At an interpolating point, ``Hess L = factor J^T J`` and its nullity is ``nullity(W, N)`` (also the dimension
    of the zero-loss set)."""

    nullity: Callable = lambda W, N: W - N
    factor: int = 2


def _degenerate_symbolic(claim, context):
    def identities():
        a, w = sp.symbols("a w")
        w3 = sp.symbols("w1:4")
        cases = (("a w x, one datum (1, 2)", [a * w * 1 - 2], (a, w), {a: 1, w: 2}),
                 ("(w . (1, x, x^2))^2 at x = 1, 2", [_squared_linear(x, w3) - _squared_linear(x, (1, 1, 1))
                                                      for x in (1, 2)], w3, dict(zip(w3, (1, 1, 1)))))
        for name, residuals, weights, point in cases:
            W, N = len(weights), len(residuals)
            yield f"{name}: dimension of the zero-loss set", claim.nullity(W, N), \
                groebner_count(residuals, weights).dimension
            loss = sum(r ** 2 for r in residuals)
            H = sp.hessian(loss, weights).subs(point)
            J = sp.Matrix([[sp.diff(r, v) for v in weights] for r in residuals]).subs(point)
            yield f"{name}: Hess L - {claim.factor} J^T J at a zero (sum of squared entries)", \
                sum(e ** 2 for e in H - claim.factor * J.T * J), 0
            yield f"{name}: nullity of Hess L at a zero", claim.nullity(W, N), W - H.rank()

    return identities_check(identities(), context,
                            detail="{count} identities: Groebner dimension of {{f(x_i; w) = y_i}}, and the exact "
                                   "Hessian (sp.hessian) and its rank at an interpolating point")


@st.composite
def _interpolation_instances(draw):
    sizes = draw(strategies.architectures(min_depth=2, max_depth=3, min_width=2, max_width=4, max_input=3))
    W = sum(a * b for a, b in zip(sizes, sizes[1:]))
    weights = draw(strategies.weights(sizes))
    X, _ = draw(strategies.datasets(sizes[0], max_size=min(W - 1, 6)))
    activation = draw(st.sampled_from(["relu", "poly"]))
    return {"weights": weights, "X": X, "activation": activation}


def _degenerate_numeric(claim, context):
    def example(instance):
        weights, X, activation = instance["weights"], instance["X"], instance["activation"]
        kw = {"activation": activation, "degree": 2 if activation == "poly" else None}
        y = nets.forward(weights, X, **kw)  # weights interpolate these labels exactly: L = 0
        J = derivatives.jacobian(weights, X, **kw)
        N, W = J.shape
        s = np.linalg.svd(J, compute_uv=False)
        assume(s[0] > 0 and s[N - 1] > 1e-3 * s[0])  # hypothesis: J has full rank N
        H = derivatives.loss_hessian(weights, X, y, **kw)
        eigenvalues = np.linalg.eigvalsh(H)
        # The zero eigenvalues are rounding-level (<= gamma_{W+N} ||H||); the N others are >= 2 s_N^2 >> that.
        nullity = int(np.sum(np.abs(eigenvalues) <= 1e-9 * np.abs(eigenvalues).max()))
        bound = 2 * gamma(W + N + 8) * (np.abs(J).T @ np.abs(J)) * 4
        return worst_comparison({
            "Hess L = c J^T J": (H, claim.factor * (J.T @ J), bound),
            "nullity of Hess L": (nullity, claim.nullity(W, N), 0.5),
        })

    return property_check(_interpolation_instances(), example, context, tolerance=1.0,
                          detail="|lhs - rhs| in units of its bound: the rounding bound of J^T J (numerics' exact "
                                 "Hessian and Jacobian, ReLU or z^2 nets of depth 2-3 with W > N), 1/2 for the "
                                 "nullity (eigenvalues below 1e-9 lambda_max)")


GLOBAL_MINIMA_DEGENERATE = register(Theorem(
    id="bezout.global_minima_degenerate",
    title=r"Global minima of overparametrized nets are degenerate: Hessian $2 J^\top J$ of nullity $W - N$",
    topic="bezout",
    kind="theorem",
    source=cite(POGGIO, 'slides "Global minima are degenerate" and "SGDL and SGD: summary"'),
    as_stated=r"\text{Global minima are degenerate}",
    statement=(
        r"If $W > N$ and $w^*$ interpolates ($f(x_i; w^*) = y_i$ for all $i$, so $L(w^*) = 0$), then",
        r"\[ \nabla^2 L(w^*) = 2 J^T J \]",
        r"with $J_{ij} = \partial f(x_i; w^*) / \partial w_j$, so the Hessian has rank at most $N$ and at least "
        r"$W - N$ zero eigenvalues. If $J$ has rank $N$, the zero-loss set is near $w^*$ a manifold of "
        r"dimension $W - N$ and the nullity is exactly $W - N$.",
    ),
    hypotheses=(
        Assumption("The minimum interpolates: zero residuals (a global minimum with L > 0 need not be degenerate)."),
        Assumption("J has full rank N at w* (for the equality nullity = W - N); otherwise the nullity is larger.",
                   lambda instance: np.linalg.matrix_rank(derivatives.jacobian(
                       instance["weights"], instance["X"], activation=instance["activation"],
                       degree=2 if instance["activation"] == "poly" else None)) == len(instance["X"])),
        Assumption("f is twice differentiable at w* (for ReLU: no pre-activation exactly 0 on the data)."),
    ),
    derivation=(
        Step(r"\nabla^2 L", r"2 J^T J + 2 \sum_i r_i \nabla^2 f_i", r"differentiate $L = \sum_i r_i^2$ twice"),
        Step(r"\nabla^2 L(w^*)", r"2 J^T J", r"$r_i = 0$ at an interpolating point"),
        Step(r"\dim \ker \nabla^2 L(w^*)", r"W - \operatorname{rank} J = W - N", r"$\ker J^T J = \ker J$"),
        Step(r"\dim \{w : f(x_i; w) = y_i\}", r"W - N", r"implicit function theorem at a point where $J$ has rank $N$ "
             r"(Cooper 2018, Thm 2.1)"),
    ),
    errata=(
        r"``Degenerate'' needs interpolation ($L = 0$) and $W > N$; for ReLU nets the rescaling orbits make even "
        r"$W \le N$ minima non-isolated (homogeneity.rescaling\_symmetry).",
    ),
    references=(POGGIO_LIAO, "Y. Cooper, \"The loss landscape of overparameterized neural networks\", "
                "arXiv:1804.10200, 2018, Thm 2.1."),
    claim=DegenerateClaim(),
    symbolic=_degenerate_symbolic,
    numeric=_degenerate_numeric,
    mutants=(
        Mutant("isolated minima", "the Hessian at a global minimum is non-singular (nullity 0)",
               DegenerateClaim(nullity=lambda W, N: 0)),
        Mutant("J^T J", "Hess L = J^T J at a global minimum (factor 2 dropped)", DegenerateClaim(factor=1)),
    ),
))


# == bezout.isolated_critical_points ===============================================================================

_ACTIVATIONS = {
    "z + z^2": lambda z: z + z ** 2,
    "z^2": lambda z: z ** 2,
    "relu": None,
}


@dataclass(frozen=True)
class IsolatedClaim:
    """The critical points of ``L(a, w) = sum (a sigma(w x_n) - y_n)^2`` are isolated for each activation listed."""

    activations: tuple = ("z + z^2",)


def _isolated_symbolic(claim, context):
    a, w = sp.symbols("a w")
    data = ((1, 1), (2, 3))

    def identities():
        for name in claim.activations:
            if name == "relu":  # on the region w > 0 (inputs are positive), relu(w x) = w x
                sigma, where = (lambda z: z), " on the region w > 0"
            else:
                sigma, where = _ACTIVATIONS[name], ""
            loss = sum((a * sigma(w * x) - y) ** 2 for x, y in data)
            count = groebner_count([sp.diff(loss, v) for v in (a, w)], (a, w))
            yield f"sigma = {name}{where}: dimension of the critical set", sp.Integer(count.dimension), 0

    return identities_check(identities(), context,
                            detail="{count} activations: the critical set of L(a, w) = sum (a sigma(w x) - y)^2 at "
                                   "x = (1, 2), y = (1, 3) is finite (Groebner dimension 0)")


def _isolated_numeric(claim, context):
    instances = st.integers(0, 2**32 - 1)  # the hypothesis is generic data: drawn from a density, never special

    def example(seed):
        rng = np.random.default_rng(seed)
        xs, ys, w_relu = rng.uniform(0.5, 2.0, 2), rng.standard_normal(2), rng.uniform(0.2, 3.0)
        # Well-conditioned as well as generic: as x_1 -> x_2 a critical point runs off to infinity.
        assume(abs(xs[0] - xs[1]) > 0.2 and abs(ys).min() > 0.05)
        degenerate = 0
        for name in claim.activations:
            if name == "relu":
                # L is constant on (c w, a / c): at the critical point a w = u*, the Hessian has a null vector.
                X, y = np.array(xs)[:, None], np.array(ys)
                u = float(X[:, 0] @ y / (X[:, 0] @ X[:, 0]))
                weights = [np.array([[w_relu]]), np.array([[u / w_relu]])]
                eigenvalues = np.linalg.eigvalsh(derivatives.loss_hessian(weights, X, y))
                degenerate += int(np.sum(np.abs(eigenvalues) <= 1e-9 * np.abs(eigenvalues).max()))
                continue
            a, w = Polynomial.variables(2)
            loss = sum((a * _ACTIVATIONS[name](w * x) - y) ** 2 for x, y in zip(xs, ys))
            result = solve([loss.diff(0).pair, loss.diff(1).pair], seed=context.derived_seed("homotopy"))
            degenerate += math.inf if result.counts["failed"] else result.counts["finite_singular"]
        return degenerate, {"activations": claim.activations, "non-isolated critical points": degenerate}

    return property_check(instances, example, context, tolerance=0.0, max_examples=context.profile.pick(
                          quick=15, default=40, thorough=1000),  # each example is a homotopy solve
                          detail="number of singular critical points found: homotopy continuation on the "
                                 "gradient equations (polynomial activations), the exact Hessian at the critical "
                                 "curve a w = u* (ReLU); generic data: x uniform in [0.5, 2] with |x_1 - x_2| > 0.2, y standard normal "
                                 "with |y_n| > 0.05")


ISOLATED_CRITICAL_POINTS = register(Theorem(
    id="bezout.isolated_critical_points",
    title="Critical points other than global minima are isolated: generically, for polynomial nets without "
          "symmetry; false for ReLU and homogeneous activations",
    topic="bezout",
    kind="theorem",
    source=cite(POGGIO, 'slides "Other critical points of the gradient are isolated (generically)" and '
                        '"SGDL and SGD: summary"'),
    as_stated=r"\text{Other critical points of the gradient are isolated (generically)}",
    statement=(
        r"For a network that is polynomial in its weights with no continuous symmetry (e.g. activation "
        r"$z + z^2$) and generic data, the critical points of the square loss are isolated: e.g. for "
        r"$L(a, w) = \sum_n (a\,\sigma(w x_n) - y_n)^2$ with $\sigma(z) = z + z^2$ they are finitely many and "
        r"nondegenerate. With a homogeneous activation ($z^k$, or ReLU) the loss is constant along "
        r"$(w, a) \mapsto (c w, a / c^k)$, so every critical point with $a w \neq 0$ lies on a curve of "
        r"critical points: none is isolated.",
    ),
    hypotheses=(
        Assumption("A polynomial (surrogate) activation that is not homogeneous: no rescaling symmetry."),
        Assumption("Generic data; 'generically' is a statement about the data, not a theorem for all data."),
    ),
    derivation=(
        Step(r"L(c w, a / c^k)", r"L(w, a)", r"$\sigma(c z) = c^k \sigma(z)$ for $\sigma(z) = z^k$ "
             r"(for ReLU with $c > 0$, $k = 1$)"),
        Step(r"\nabla^2 L \cdot (w, -k a)", r"0", r"differentiate $L$ along the orbit at a critical point"),
        Step(r"\dim \{\nabla L = 0\}", r"0", r"for $\sigma(z) = z + z^2$ and the data of the entry: Groebner basis "
             r"of the gradient ideal (3 critical points)"),
    ),
    errata=(
        r"``Generically'' must say: for the polynomial approximation of the network (slide ``RELU approximation "
        r"by univariate polynomial preserves deep nets properties'') with generic data. "
        r"For ReLU nets the statement is false: every critical point with a unit of non-zero in- and out-weights "
        r"lies on a rescaling curve of constant loss, and regions where all units are inactive are open sets of "
        r"critical points.",
    ),
    references=(POGGIO_LIAO, "L. Dinh, R. Pascanu, S. Bengio, Y. Bengio, \"Sharp minima can generalize for deep "
                "nets\", ICML 2017, Sec. 3."),
    claim=IsolatedClaim(),
    symbolic=_isolated_symbolic,
    numeric=_isolated_numeric,
    mutants=(
        Mutant("homogeneous z^2", "critical points isolated also for the activation z^2",
               IsolatedClaim(activations=("z + z^2", "z^2"))),
        Mutant("ReLU", "critical points isolated also for ReLU nets", IsolatedClaim(activations=("z + z^2", "relu"))),
    ),
))

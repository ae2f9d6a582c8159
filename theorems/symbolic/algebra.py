"""Exact root counts: Bezout numbers, the degree of a polynomial network in its weights, Groebner-basis counts.

The count of a zero-dimensional ideal ``I`` with multiplicity is the number of
standard monomials of a Groebner basis: the monomials divisible by no leading
monomial (``dim_C C[x]/I``; Cox, Little and O'Shea, *Ideals, Varieties, and
Algorithms*, Ch. 5, Sec. 3, Thm 6, and *Using Algebraic Geometry*, Ch. 4, Prop.
2.11).  The dimension of any ideal is that of its ideal of leading monomials:
the largest set of variables no leading monomial is supported on (*Ideals*, Ch.
9, Sec. 3, Thm 8).
"""

from dataclasses import dataclass
import itertools
import math

import sympy as sp

from numerics.errors import InvalidArgument, check_int

__all__ = ["IdealCount", "bezout_bound", "groebner_count", "multihomogeneous_bezout", "network_degree",
           "polynomial_network"]


def bezout_bound(polynomials, variables):
    """The total-degree Bezout number ``prod_i deg p_i``.

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> bezout_bound([x**2 + y, x*y**2 - 1], [x, y])
    6
    """
    return math.prod(sp.Poly(p, *variables).total_degree() for p in polynomials)


def multihomogeneous_bezout(polynomials, groups):
    """The multihomogeneous Bezout number for a partition of the variables into `groups`.

    With ``d_ij`` the degree of ``p_i`` in group ``j`` (of size ``k_j``), it is the
    coefficient of ``prod_j a_j^{k_j}`` in ``prod_i sum_j d_ij a_j`` (Morgan and
    Sommese, *Appl. Math. Comput.* 24, 1987): a bound on the isolated solutions in
    ``C^n`` that is never larger than the total-degree one.

    Examples
    --------
    >>> a, w = sp.symbols("a w")
    >>> f = [a*w - 1, a*w**2 - 2]          # degree 2 and 3, but bilinear-ish in (a), (w)
    >>> bezout_bound(f, [a, w]), multihomogeneous_bezout(f, [[a], [w]])
    (6, 3)
    """
    groups = [tuple(g) for g in groups]
    flat = [v for g in groups for v in g]
    if len(set(flat)) != len(flat):
        raise InvalidArgument(f"groups={groups!r} must be disjoint")
    polynomials = list(polynomials)
    if len(flat) != len(polynomials):
        raise InvalidArgument(f"{len(polynomials)} polynomials in {len(flat)} variables: the system is not square")
    alphas = sp.symbols(f"alpha0:{len(groups)}")
    product = sp.Integer(1)
    for p in polynomials:
        product *= sum(sp.Poly(p, *g).total_degree() * a for g, a in zip(groups, alphas))
    monomial = sp.Mul(*[a ** len(g) for g, a in zip(groups, alphas)])
    return int(sp.Poly(sp.expand(product), *alphas).coeff_monomial(monomial))


def network_degree(depth, k):
    """Degree in its weights of a bias-free net of `depth` weight layers with activation ``z^k``:
    ``D_1 = 1``, ``D_{j+1} = k D_j + 1``, so ``D_K = 1 + k + ... + k^(K-1)``.

    Examples
    --------
    >>> [network_degree(K, 2) for K in (1, 2, 3)], network_degree(2, 3)
    ([1, 3, 7], 4)
    """
    depth, k = check_int(depth, "depth", minimum=1), check_int(k, "k", minimum=1)
    return sum(k ** j for j in range(depth))


def polynomial_network(sizes, k, *, name="w"):
    """A bias-free net with activation ``z^k`` and symbolic weights, on a symbolic input.

    Returns
    -------
    (sympy.Expr, tuple of Symbol, tuple of Symbol)
        The output ``f(x; w)``, the weights (layer by layer, row-major, the layout of
        :func:`numerics.nets.flatten`) and the inputs.

    Examples
    --------
    >>> f, w, x = polynomial_network([1, 2, 1], 2)
    >>> sp.Poly(f, *w).total_degree(), len(w)
    (3, 4)
    """
    sizes = [check_int(s, "sizes[i]", minimum=1) for s in sizes]
    k = check_int(k, "k", minimum=1)
    if len(sizes) < 2 or sizes[-1] != 1:
        raise InvalidArgument(f"sizes={sizes!r} must be [d, n_1, ..., 1]")
    x = sp.symbols(f"x1:{sizes[0] + 1}")
    weights, h = [], sp.Matrix(x)
    for layer, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), 1):
        W = sp.Matrix(fan_out, fan_in, lambda i, j: sp.Symbol(f"{name}{layer}_{i + 1}{j + 1}"))
        weights += list(W)
        h = W * h
        if layer < len(sizes) - 1:
            h = h.applyfunc(lambda z: z ** k)
    return sp.expand(h[0]), tuple(weights), x


@dataclass(frozen=True)
class IdealCount:
    """What a Groebner basis says about the solutions of a system.

    ``dimension`` is -1 when there is no solution (the basis is ``[1]``), 0 when
    the solutions are finitely many, and the dimension of the solution set
    otherwise; ``count`` (solutions with multiplicity) is set only when
    ``dimension`` is 0 or -1, never a number for a positive-dimensional set.
    """

    dimension: int
    count: int | None
    leading_monomials: tuple

    @property
    def zero_dimensional(self):
        return self.dimension == 0


def groebner_count(polynomials, variables):
    """Solutions of ``polynomials = 0`` in ``C^n``, counted with multiplicity by standard monomials.

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> groebner_count([x**2 - 1, y**2 - 4], [x, y])
    IdealCount(dimension=0, count=4, leading_monomials=((0, 2), (2, 0)))
    >>> groebner_count([x**2, y - 1], [x, y]).count      # a double root
    2
    >>> groebner_count([x*y - 1, x**2*y - x], [x, y])     # a curve: no count
    IdealCount(dimension=1, count=None, leading_monomials=((1, 1),))
    >>> groebner_count([x - 1, x - 2], [x, y]).dimension
    -1
    """
    variables = tuple(variables)
    exprs = [p.as_expr() if isinstance(p, sp.Poly) else sp.expand(p) for p in polynomials]
    basis = sp.groebner(exprs, *variables, order="grevlex")
    if any(g.is_Number and g != 0 for g in basis.exprs):
        return IdealCount(-1, 0, ())
    leading = tuple(sorted(sp.Poly(g, *variables).monoms(order="grevlex")[0] for g in basis.exprs))
    n = len(variables)
    dimension = max(len(s) for r in range(n + 1) for s in itertools.combinations(range(n), r)
                    if not any(all(m[i] == 0 or i in s for i in range(n)) for m in leading))
    if dimension > 0:
        return IdealCount(dimension, None, leading)
    bounds = [min(m[i] for m in leading if all(m[j] == 0 for j in range(n) if j != i)) for i in range(n)]
    standard = sum(1 for e in itertools.product(*[range(b) for b in bounds])
                   if not any(all(e[i] >= m[i] for i in range(n)) for m in leading))
    return IdealCount(0, standard, leading)

"""Mixed volumes of Newton polytopes: the BKK bound on the number of roots of a sparse polynomial system.

Bernstein's theorem (Bernstein 1975; Kushnirenko, Khovanskii) counts the isolated roots in the torus
``(C*)^n`` of a system with supports ``A_1 .. A_n`` and generic coefficients: the mixed volume
``MV(conv A_1, .., conv A_n)``, normalized so that ``MV(P, .., P) = n! vol(P)``.  It is never above the Bezout number
and often far below: the gradient system of the lectures' one-unit ``z + z^2`` network has Bezout number 25 and,
with the origin added to each support (Li and Wang 1996: then it bounds the isolated roots in ``C^n``), mixed volume
7.  The polyhedral homotopy (:func:`start_system`) tracks one path per unit of it.

The mixed volume is computed as Huber and Sturmfels (1995) do: a random lifting of the supports induces a fine mixed
subdivision of the Minkowski sum, and the mixed volume is the sum of ``|det|`` over its mixed cells.  A mixed cell
is one pair ``{p_i, q_i}`` from each ``A_i`` with an inner normal ``(alpha, 1)`` on which each lifted pair is the
lowest in its support; the cells are enumerated depth first, pruned by linear programs on the pairs chosen so far
(as MixedVol, Gao, Li and Wu 2005, does, without its relation tables).

Examples
--------
>>> import numpy as np
>>> square = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])     # a + b x + c y + d x y
>>> triangle = np.array([[0, 0], [1, 0], [0, 1]])           # a + b x + c y
>>> mixed_volume([square, triangle]), mixed_volume([square, square])
(2, 2)
>>> mixed_volume([np.array([[0, 0], [2, 0], [0, 2]])] * 2)  # two generic conics: Bezout's 4
4
"""

import itertools
import math

import numpy as np

from numerics.errors import check_argument

__all__ = ["binomial_roots", "mixed_cells", "mixed_volume", "start_system"]


def _supports(supports):
    check_argument(len(supports) >= 1, "a system needs at least one support")
    n = len(supports)
    out = []
    for i, A in enumerate(supports):
        A = np.asarray(A)
        check_argument(A.ndim == 2 and A.shape[1] == n, "support {} has shape {}: expected (points, {})",
                       i, A.shape, n)
        check_argument(len(A) >= 1, "support {} is empty", i)
        check_argument(np.issubdtype(A.dtype, np.integer) or bool(np.all(A == np.round(A))),
                       "support {} has exponents that are not integers", i)
        check_argument(bool(np.all(A >= 0)), "support {} has negative exponents", i)
        out.append(np.unique(A.astype(np.int64), axis=0))
    return out


def _feasible(rows, values, equalities):
    """Whether some ``alpha`` has ``rows[k] . alpha <= values[k]``, with equality where ``equalities[k]``."""
    from scipy.optimize import linprog

    rows, values, equalities = np.asarray(rows, float), np.asarray(values, float), np.asarray(equalities, bool)
    n = rows.shape[1]
    if equalities.sum() == n - 1 >= 1:
        # On the line alpha_0 + z d that the n - 1 equalities leave (when independent), the inequalities bound z
        # from both sides: an interval, without a linear program (a sixth of them for katsura-5, a fifth for cyclic-5).
        E = rows[equalities]
        _, singular_values, vh = np.linalg.svd(E)
        if singular_values[-1] > 1e-9 * singular_values[0]:
            alpha = np.linalg.lstsq(E, values[equalities], rcond=None)[0]
            slope, room = rows[~equalities] @ vh[-1], values[~equalities] - rows[~equalities] @ alpha
            tolerance = 1e-9 * (1 + np.abs(values[~equalities]))
            flat = np.abs(slope) <= 1e-12
            if np.any(flat & (room < -tolerance)):
                return False
            with np.errstate(divide="ignore"):
                bound = room[~flat] / slope[~flat]
            up, down = slope[~flat] > 0, slope[~flat] < 0
            high = bound[up].min() if up.any() else np.inf
            low = bound[down].max() if down.any() else -np.inf
            return bool(low <= high + 1e-9 * (1 + abs(high) + abs(low)))
    result = linprog(np.zeros(n), A_ub=rows[~equalities] if (~equalities).any() else None,
                     b_ub=values[~equalities] if (~equalities).any() else None,
                     A_eq=rows[equalities] if equalities.any() else None,
                     b_eq=values[equalities] if equalities.any() else None,
                     bounds=[(None, None)] * n, method="highs")
    if result.status not in (0, 2):  # 0 feasible, 2 infeasible; anything else is HiGHS's trouble, not the input's
        raise RuntimeError(f"the linear program of a mixed cell failed: {result.message}")
    return result.status == 0


def _constraints(A, lift, p, q):
    """The constraints on ``alpha`` under which ``{A[p], A[q]}`` is the lowest pair of the lifted ``A``:
    ``(A[p] - A[q]) . alpha = lift[q] - lift[p]`` and ``(A[p] - A[a]) . alpha <= lift[a] - lift[p]``."""
    others = np.array([a for a in range(len(A)) if a not in (p, q)], int)
    rows = np.vstack([A[p] - A[q], A[p] - A[others]])
    values = np.concatenate([[lift[q] - lift[p]], lift[others] - lift[p]])
    return rows, values, np.arange(len(rows)) == 0


def mixed_cells(supports, lifts):
    """The mixed cells of the fine mixed subdivision that the lifting ``lifts`` (one real per point) induces.

    Parameters
    ----------
    supports : sequence of n integer arrays (points_i, n)
        The supports, without repeated points (as :func:`mixed_volume` makes them).
    lifts : sequence of n float arrays (points_i,)
        A generic lifting: with ties, cells may be missed or counted twice.

    Returns
    -------
    list of (pairs, alpha, volume)
        ``pairs[i] = (p_i, q_i)``, indices into ``supports[i]``; ``alpha`` the inner normal's first ``n``
        coordinates; ``volume = |det(A_i[q_i] - A_i[p_i])|``, the number of roots of the cell's binomial system.

    Examples
    --------
    >>> import numpy as np
    >>> line = np.array([[0, 0], [1, 1]])
    >>> [cell[2] for cell in mixed_cells([line, np.array([[0, 0], [1, 0]])], [np.array([0.0, 0.3])] * 2)]
    [1]
    """
    n = len(supports)
    edges = []
    for A, lift in zip(supports, lifts):
        pairs = [(p, q) for p in range(len(A)) for q in range(p + 1, len(A))]
        edges.append([pair for pair in pairs if _feasible(*_constraints(A, lift, *pair))])
    cells = []
    compatible = {}  # (i, edge of A_i, j, edge of A_j), i < j: whether the two edges can be lowest together

    def pairwise(i, first, j, second):
        key = (i, first, j, second)
        if key not in compatible:
            r1, v1, e1 = _constraints(supports[i], lifts[i], *first)
            r2, v2, e2 = _constraints(supports[j], lifts[j], *second)
            compatible[key] = _feasible(np.vstack([r1, r2]), np.concatenate([v1, v2]), np.concatenate([e1, e2]))
        return compatible[key]

    def descend(chosen, rows, values, equalities):
        level = len(chosen)
        for pair in edges[level]:
            if not all(pairwise(i, other, level, pair) for i, other in enumerate(chosen)):
                continue
            r, v, e = _constraints(supports[level], lifts[level], *pair)
            r, v, e = np.vstack([rows, r]), np.concatenate([values, v]), np.concatenate([equalities, e])
            if level < n - 1:
                if level <= 1 or _feasible(r, v, e):
                    descend(chosen + [pair], r, v, e)
                continue
            # the n equalities fix alpha: a cell when it meets the inequalities and the pairs span a volume
            volume = abs(round(np.linalg.det(r[e])))
            if volume:
                alpha = np.linalg.solve(r[e], v[e])
                if np.all(r[~e] @ alpha <= v[~e] + 1e-9 * (1 + np.abs(v[~e]))):
                    cells.append((tuple(chosen + [pair]), alpha, volume))

    descend([], np.zeros((0, n)), np.zeros(0), np.zeros(0, bool))
    return cells


def mixed_volume(supports, *, seed=0):
    """The mixed volume of the convex hulls of ``supports``: the number of isolated roots in ``(C*)^n`` of a system
    with these supports and generic coefficients (Bernstein's theorem), at most the Bezout number.

    Parameters
    ----------
    supports : sequence of n integer arrays (points_i, n)
        The exponent vectors of each equation (the first item of a system's ``(exponents, coefficients)`` pairs).
        Add the origin to each to bound the isolated roots in ``C^n`` instead (Li and Wang 1996).
    seed : int
        Seeds the random lifting; the result does not depend on it (a lifting with ties has probability 0).

    Returns
    -------
    int

    Raises
    ------
    InvalidArgument
        When the supports are not ``n`` arrays of ``n``-vectors of non-negative integers.

    Examples
    --------
    >>> import numpy as np
    >>> mixed_volume([np.array([[0], [3]])])   # a cubic in one variable
    3
    >>> mixed_volume([np.array([[1, 0], [0, 1]]), np.array([[1, 0], [0, 1]])])   # parallel lines: no root
    0
    """
    supports = _supports(supports)
    rng = np.random.default_rng(seed)
    lifts = [rng.random(len(A)) for A in supports]
    return int(math.fsum(cell[2] for cell in mixed_cells(supports, lifts)))


def _lattice_box(V):
    """The diagonal of a lower triangular basis ``H`` of the lattice ``V Z^n`` (integer column operations, as for the
    Hermite normal form): the box ``0 <= k_i < H_ii`` holds one representative of each class of ``Z^n / V Z^n``."""
    H = [[int(v) for v in row] for row in V]
    n = len(H)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = H[i][i], H[i][j]
            if b == 0:
                continue
            g, x, y = _extended_gcd(a, b)  # x a + y b = g: the column operation has determinant 1
            for row in H:
                row[i], row[j] = x * row[i] + y * row[j], (-b // g) * row[i] + (a // g) * row[j]
    return [abs(H[i][i]) for i in range(n)]


def _extended_gcd(a, b):
    if b == 0:
        return (a, 1, 0) if a >= 0 else (-a, -1, 0)
    g, x, y = _extended_gcd(b, a % b)
    return g, y, x - (a // b) * y


def binomial_roots(V, b):
    """The ``|det V|`` solutions in ``(C*)^n`` of the binomial system ``prod_j y_j^V_ij = b_i``, shape ``(|det V|, n)``.

    ``log y = V^-1 (log b + 2 pi i k)`` for one ``k`` of each class of ``Z^n / V Z^n``.

    Examples
    --------
    >>> import numpy as np
    >>> roots = binomial_roots(np.array([[2, 0], [1, 3]]), np.array([4.0 + 0j, 1.0 + 0j]))
    >>> len(roots), bool(np.allclose(roots[:, 0] ** 2, 4) and np.allclose(roots[:, 0] * roots[:, 1] ** 3, 1))
    (6, True)
    """
    V = np.asarray(V, np.int64)
    box = _lattice_box(V)
    k = np.array(list(itertools.product(*[range(h) for h in box])), float).reshape(-1, len(V))
    logs = np.log(np.asarray(b, complex))[None, :] + 2j * np.pi * k
    return np.exp(np.linalg.solve(V.astype(float), logs.T).T)


class _CellHomotopy:
    """``H_i(y, s) = sum_a c_ia y^a s^(e_ia)`` for one mixed cell: ``x = s^alpha y`` substituted in the lifted system
    ``sum_a c_ia x^a s^(w_ia)`` and divided by its lowest power of ``s``, with the exponents ``e`` scaled so that the
    smallest positive one is 1 (a reparametrization of ``s``).  At ``s = 0`` it is the cell's binomial system, at
    ``s = 1`` the start system itself; ``evaluate`` has the interface of ``numerics.homotopy``'s homotopies."""

    def __init__(self, supports, coefficients, lifts, cell):
        pairs, alpha, _ = cell
        powers = [A @ alpha + w - (A[p] @ alpha + w[p]) for A, w, (p, _) in zip(supports, lifts, pairs)]
        for e, (p, q) in zip(powers, pairs):
            e[[p, q]] = 0.0  # zero up to rounding
        smallest = min(e[e > 0].min() for e in powers if (e > 0).any()) if any((e > 0).any() for e in powers) else 1
        self.powers = [e / smallest for e in powers]
        self.supports, self.coefficients = supports, coefficients
        self.n = len(supports)

    def evaluate(self, Y, t):
        s = np.maximum(t.real, 0.0)[:, None]
        P, n = Y.shape
        H, J, Ht = np.zeros((P, n), complex), np.zeros((P, n, n), complex), np.zeros((P, n), complex)
        for i, (A, c, e) in enumerate(zip(self.supports, self.coefficients, self.powers)):
            weights = s ** e[None, :]
            rising = np.where(e > 0, e * s ** np.maximum(e - 1, 0.0), 0.0)
            monomials = np.prod(Y[:, None, :] ** A[None], axis=2)
            H[:, i] = (monomials * weights) @ c
            Ht[:, i] = (monomials * rising) @ c
            for j in range(n):
                lowered = np.maximum(A - np.eye(n, dtype=np.int64)[j], 0)
                J[:, i, j] = (np.prod(Y[:, None, :] ** lowered[None], axis=2) * weights) @ (c * A[:, j])
        return H, J, Ht


def start_system(system, rng):
    """A start system for ``system`` with one root per unit of the mixed volume of its supports with the origin added
    (so that every isolated root in ``C^n`` of ``system`` is the end of some path, Li and Wang 1996), and the
    polyhedral homotopies to its roots (Huber and Sturmfels 1995).

    The start system ``G`` has the supports of ``system`` plus the origin and random coefficients of modulus 1.  For
    each mixed cell of a random lifting, the cell's binomial system is solved exactly (:func:`binomial_roots`); its
    roots are the roots at ``s = 0`` of the cell's homotopy, whose roots at ``s = 1`` are roots of ``G``
    (``numerics.homotopy`` follows them).

    Returns
    -------
    G : tuple of (exponents, coefficients)
    cells : list of (roots, homotopy)
        Per mixed cell, the binomial system's roots (``(volume, n)``) and the homotopy ``H(y, s)``, with an
        ``evaluate(Y, t)`` that returns ``H``, ``H_y`` and ``H_s`` at points ``Y (P, n)`` and times ``t (P,)``.

    Examples
    --------
    >>> import numpy as np
    >>> x2 = (np.array([[2, 0], [0, 0]]), np.array([1.0 + 0j, -4]))   # x^2 = 4
    >>> xy = (np.array([[1, 1], [0, 0]]), np.array([1.0 + 0j, -2]))   # x y = 2: 2 roots, Bezout number 4
    >>> G, cells = start_system([x2, xy], np.random.default_rng(0))
    >>> sum(len(roots) for roots, _ in cells)
    2
    """
    supports = _supports([np.vstack([e, np.zeros((1, len(system)), np.int64)]) for e, _ in system])
    coefficients = [np.exp(2j * np.pi * rng.random(len(A))) for A in supports]
    lifts = [rng.random(len(A)) for A in supports]
    cells = []
    for cell in mixed_cells(supports, lifts):
        pairs = cell[0]
        V = np.array([A[q] - A[p] for A, (p, q) in zip(supports, pairs)])
        b = np.array([-c[p] / c[q] for c, (p, q) in zip(coefficients, pairs)])
        cells.append((binomial_roots(V, b), _CellHomotopy(supports, coefficients, lifts, cell)))
    return tuple(zip(supports, coefficients)), cells

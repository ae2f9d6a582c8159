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
lowest in its support.  The cells are enumerated depth first: at each node one linear program (HiGHS) tests every
lower edge of every remaining support against the pairs chosen so far, a node where some support has no edge left is
dropped, and the search branches on the support with the fewest edges left (the dynamic enumeration of DEMiCs,
Mizutani, Takeda and Kojima 2007; MixedVol, Gao, Li and Wu 2005, tests one edge per program).

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


def _feasible(common, candidates):
    """Which of the systems ``common + candidates[b]`` of linear constraints on ``alpha`` are feasible, by one linear
    program for all of them.

    ``common`` and each candidate are ``(rows, values, equalities)``: ``rows[k] . alpha <= values[k]``, with equality
    where ``equalities[k]``.  Block ``b`` has its own ``alpha_b`` and a slack ``s_b >= 0`` that relaxes each of its
    constraints (``|rows . alpha_b - values| <= s_b`` for equalities); the program minimizes ``sum_b s_b``, and a block
    is feasible when its slack is 0.  HiGHS meets constraints to 1e-7, so a block counts as feasible up to a slack of
    1e-6: a system infeasible by less is kept (its cells are checked exactly at the leaves), and no feasible one is
    lost.  Equalities are relaxed too, so that an inconsistent block (two edges of parallel directions) does not
    make the whole program infeasible.
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    blocks, values = [], []
    for rows, b, equalities in ((np.vstack([common[0], r]), np.concatenate([common[1], v]),
                                 np.concatenate([common[2], e])) for r, v, e in candidates):
        blocks.append(np.vstack([rows, -rows[equalities]]))
        values.append(np.concatenate([b, -b[equalities]]))
    n, B = common[0].shape[1], len(blocks)
    if B == 0:
        return np.zeros(0, bool)
    rows_in = [len(block) for block in blocks]
    offsets = np.concatenate([[0], np.cumsum(rows_in)])
    r_idx, c_idx, data = [], [], []
    for b, block in enumerate(blocks):
        i, j = np.nonzero(block)
        r_idx += [offsets[b] + i, offsets[b] + np.arange(len(block))]
        c_idx += [b * (n + 1) + j, np.full(len(block), b * (n + 1) + n)]
        data += [block[i, j], -np.ones(len(block))]
    A = coo_matrix((np.concatenate(data), (np.concatenate(r_idx), np.concatenate(c_idx))),
                   shape=(offsets[-1], B * (n + 1))).tocsr()
    cost = np.tile(np.r_[np.zeros(n), 1.0], B)
    bounds = [(None, None)] * n + [(0, None)]
    result = linprog(cost, A_ub=A, b_ub=np.concatenate(values), bounds=bounds * B, method="highs")
    if result.status != 0:  # the relaxed program is always feasible and bounded: anything else is HiGHS's trouble
        raise RuntimeError(f"the linear program of the mixed cells failed: {result.message}")
    return result.x.reshape(B, n + 1)[:, n] <= 1e-6


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
    none = (np.zeros((0, n)), np.zeros(0), np.zeros(0, bool))
    edges = []  # the lower edges of each lifted support
    for A, lift in zip(supports, lifts):
        pairs = [(p, q) for p in range(len(A)) for q in range(p + 1, len(A))]
        lower = _feasible(none, [_constraints(A, lift, *pair) for pair in pairs])
        edges.append([pair for pair, ok in zip(pairs, lower) if ok])
    cells = []

    def descend(chosen, common, candidates):
        # candidates[j]: the lower edges of A_j still compatible with the pairs chosen so far (a superset)
        if len(candidates) == 1:  # the last support: n equalities fix alpha, and the cell is checked exactly
            (i, pairs), = candidates.items()
            for pair in pairs:
                r, v, e = (np.concatenate([a, b]) for a, b in zip(common, _constraints(supports[i], lifts[i], *pair)))
                volume = abs(round(np.linalg.det(r[e])))
                if volume:
                    alpha = np.linalg.solve(r[e], v[e])
                    if np.all(r[~e] @ alpha <= v[~e] + 1e-9 * (1 + np.abs(v[~e]))):
                        found = {**chosen, i: pair}
                        cells.append((tuple(found[k] for k in range(n)), alpha, volume))
            return
        if chosen:  # one linear program tests every remaining support's edges against the pairs chosen so far
            keys = [(j, pair) for j, pairs in candidates.items() for pair in pairs]
            feasible = _feasible(common, [_constraints(supports[j], lifts[j], *pair) for j, pair in keys])
            candidates = {j: [pair for (k, pair), ok in zip(keys, feasible) if ok and k == j] for j in candidates}
            if not all(candidates.values()):  # some support has no lower edge left: no cell below this node
                return
        # Branch on the support with the fewest edges left (dynamic enumeration, as DEMiCs does).
        i = min(candidates, key=lambda j: len(candidates[j]))
        rest = {j: pairs for j, pairs in candidates.items() if j != i}
        for pair in candidates[i]:
            child = _constraints(supports[i], lifts[i], *pair)
            descend({**chosen, i: pair}, tuple(np.concatenate([a, b]) for a, b in zip(common, child)), rest)

    descend({}, none, dict(enumerate(edges)))
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

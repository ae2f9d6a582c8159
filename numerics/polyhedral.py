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


def _edge_constraints(A, lift, pairs):
    """The constraints on ``alpha`` under which each pair ``{A[p], A[q]}`` of ``pairs (E, 2)`` is the lowest of the
    lifted ``A``: ``(A[p] - A[a]) . alpha <= lift[a] - lift[p]`` for every ``a`` (``a = p`` gives ``0 <= 0``), and the
    reverse of ``a = q``'s, which makes it an equality.  Rows ``(E, len(A) + 1, n)`` and values ``(E, len(A) + 1)``."""
    p, q = pairs[:, 0], pairs[:, 1]
    rows = np.concatenate([A[p][:, None, :] - A[None], (A[q] - A[p])[:, None, :]], axis=1).astype(float)
    values = np.concatenate([lift[None, :] - lift[p][:, None], (lift[p] - lift[q])[:, None]], axis=1)
    return rows, values


def _feasible(common, groups):
    """Which of the systems ``common`` + one candidate of linear constraints on ``alpha`` are feasible, by one linear
    program for all the candidates of all ``groups``.

    ``common = (rows, values, equality_rows, equality_values)``: ``rows . alpha <= values`` (the equalities among them
    as two inequalities); each group is ``(rows (E, K, n), values (E, K))``, one candidate per first index.  The
    equalities are eliminated (``alpha = alpha_0 + N z``).  Candidate ``b`` has its own ``z_b`` and a slack ``s_b >= 0``
    that relaxes each of its constraints; the program minimizes ``sum_b s_b``, and a candidate is feasible when its
    slack is 0.  HiGHS meets constraints to 1e-7, so a candidate counts as feasible up to a slack of 1e-6: a system
    infeasible by less is kept (its cells are checked exactly at the leaves), and no feasible one is lost.  The
    relaxed program is always feasible: an inconsistent candidate (an edge parallel to a chosen one) cannot make
    the whole program infeasible.  Returns one boolean per candidate, the groups' in order.
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    rows, values, E, e = common
    n = rows.shape[1]
    alpha, N = np.zeros(n), np.eye(n)
    if len(E):
        _, singular, vh = np.linalg.svd(E)
        if singular[-1] > 1e-9 * singular[0]:  # independent equalities (always, for a generic lifting)
            alpha, N = np.linalg.lstsq(E, e, rcond=None)[0], vh[len(E):].T
    C, c = rows @ N, values - rows @ alpha
    keep = np.abs(C).max(axis=1, initial=0.0) > 1e-12  # the eliminated equalities are 0 <= 0 now
    C, c = C[keep], c[keep]
    d = N.shape[1]
    blocks, bounds = [], []
    for R, v in groups:
        if len(R) == 0:
            continue
        M = np.concatenate([np.broadcast_to(C, (len(R),) + C.shape), R @ N], axis=1)
        M = np.concatenate([M, -np.ones(M.shape[:2] + (1,))], axis=2)
        blocks.append(M)
        bounds.append(np.concatenate([np.broadcast_to(c, (len(R), len(c))), v - R @ alpha], axis=1))
    B = sum(len(M) for M in blocks)
    if B == 0:
        return np.zeros(0, bool)
    row_index, column_index, data, start, first = [], [], [], 0, 0
    for M in blocks:
        b, i, j = np.nonzero(M)
        row_index.append(start + b * M.shape[1] + i)
        column_index.append((first + b) * (d + 1) + j)
        data.append(M[b, i, j])
        start, first = start + M.shape[0] * M.shape[1], first + len(M)
    A = coo_matrix((np.concatenate(data), (np.concatenate(row_index), np.concatenate(column_index))),
                   shape=(start, B * (d + 1))).tocsr()
    cost = np.tile(np.r_[np.zeros(d), 1.0], B)
    limits = np.tile(np.r_[np.full(d, -np.inf), 0.0], B)  # alpha free, slacks >= 0
    result = linprog(cost, A_ub=A, b_ub=np.concatenate([v.ravel() for v in bounds]),
                     bounds=np.column_stack([limits, np.full(B * (d + 1), np.inf)]), method="highs")
    if result.status != 0:  # the relaxed program is always feasible and bounded: anything else is HiGHS's trouble
        raise RuntimeError(f"the linear program of the mixed cells failed: {result.message}")
    return result.x.reshape(B, d + 1)[:, d] <= 1e-6


def mixed_cells(supports, lifts, *, budget=None):
    """The mixed cells of the fine mixed subdivision that the lifting ``lifts`` (one real per point) induces.

    Parameters
    ----------
    supports : sequence of n integer arrays (points_i, n)
        The supports, without repeated points (as :func:`mixed_volume` makes them).
    lifts : sequence of n float arrays (points_i,)
        A generic lifting: with ties, cells may be missed or counted twice.
    budget : int, optional
        The most linear programs the search may solve; beyond them it stops and returns None.

    Returns
    -------
    list of (pairs, alpha, volume), or None beyond the budget
        ``pairs[i] = (p_i, q_i)``, indices into ``supports[i]``; ``alpha`` the inner normal's first ``n``
        coordinates; ``volume = |det(A_i[q_i] - A_i[p_i])|``, the number of roots of the cell's binomial system.

    Examples
    --------
    >>> import numpy as np
    >>> line = np.array([[0, 0], [1, 1]])
    >>> [cell[2] for cell in mixed_cells([line, np.array([[0, 0], [1, 0]])], [np.array([0.0, 0.3])] * 2)]
    [1]
    """
    check_argument(budget is None or (isinstance(budget, int) and not isinstance(budget, bool) and budget >= 1),
                   "budget={!r} must be None or an int >= 1", budget)
    n = len(supports)
    programs = [0]

    def feasible(common, groups):
        programs[0] += 1
        if budget is not None and programs[0] > budget:
            raise _OverBudget
        return _feasible(common, groups)

    candidates = {}  # the lower edges of each lifted support
    try:
        for i, (A, lift) in enumerate(zip(supports, lifts)):
            pairs = np.array([(p, q) for p in range(len(A)) for q in range(p + 1, len(A))], int).reshape(-1, 2)
            lower = feasible((np.zeros((0, n)), np.zeros(0), np.zeros((0, n)), np.zeros(0)),
                             [_edge_constraints(A, lift, pairs)])
            candidates[i] = pairs[lower]
        return _search(supports, lifts, candidates, feasible)
    except _OverBudget:
        return None


class _OverBudget(Exception):
    pass


def _search(supports, lifts, candidates, feasible):
    """The depth-first search of :func:`mixed_cells` from the lower edges ``candidates`` of each support."""
    n = len(supports)
    cells = []

    def descend(chosen, common, candidates):
        # candidates[j]: the lower edges of A_j still compatible with the pairs chosen so far (a superset)
        rows, values, E, e = common
        if len(candidates) == 1:  # the last support: n equalities fix alpha, and the cell is checked exactly
            (i, pairs), = candidates.items()
            R, v = _edge_constraints(supports[i], lifts[i], pairs)
            V = np.concatenate([np.broadcast_to(E, (len(pairs),) + E.shape), -R[:, -1:]], axis=1)
            volume = np.abs(np.round(np.linalg.det(V))).astype(int)
            for k in np.flatnonzero(volume):
                alpha = np.linalg.solve(V[k], np.r_[e, -v[k, -1]])
                if np.all(rows @ alpha <= values + 1e-9 * (1 + np.abs(values))) and \
                        np.all(R[k] @ alpha <= v[k] + 1e-9 * (1 + np.abs(v[k]))):
                    found = {**chosen, i: tuple(int(x) for x in pairs[k])}
                    cells.append((tuple(found[j] for j in range(n)), alpha, int(volume[k])))
            return
        if chosen:  # one linear program tests every remaining support's edges against the pairs chosen so far
            groups = [_edge_constraints(supports[j], lifts[j], pairs) for j, pairs in candidates.items()]
            tested = np.split(feasible(common, groups), np.cumsum([len(p) for p in candidates.values()])[:-1])
            candidates = {j: pairs[ok] for (j, pairs), ok in zip(candidates.items(), tested)}
            if not all(len(pairs) for pairs in candidates.values()):  # a support has no edge left: no cell below
                return
        # Branch on the support with the fewest edges left (dynamic enumeration, as DEMiCs does).
        i = min(candidates, key=lambda j: len(candidates[j]))
        rest = {j: pairs for j, pairs in candidates.items() if j != i}
        R, v = _edge_constraints(supports[i], lifts[i], candidates[i])
        for pair, r, w in zip(candidates[i], R, v):
            child = (np.concatenate([rows, r]), np.concatenate([values, w]), np.concatenate([E, -r[-1:]]),
                     np.concatenate([e, -w[-1:]]))
            descend({**chosen, i: tuple(int(x) for x in pair)}, child, rest)

    descend({}, (np.zeros((0, n)), np.zeros(0), np.zeros((0, n)), np.zeros(0)), candidates)
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
    """``H_i(y, s) = sum_a c_ia y^a s^(e_ia)`` for the paths of every mixed cell at once: for a path of cell ``(pairs,
    alpha)``, ``x = s^alpha y`` substituted in the lifted system ``sum_a c_ia x^a s^(w_ia)`` and divided by its lowest
    power of ``s``, with the exponents ``e`` scaled so that the smallest positive one is 1 (a reparametrization of
    ``s``).  At ``s = 0`` it is the cell's binomial system, at ``s = 1`` the start system itself; ``evaluate`` has the
    interface of ``numerics.homotopy``'s homotopies, and ``take(paths)`` restricts it to some of its paths."""

    def __init__(self, supports, coefficients, powers):
        self.supports, self.coefficients, self.powers = supports, coefficients, powers  # powers[i]: (paths, points_i)
        self.n = len(supports)
        self.top = max(int(A.max()) for A in supports)
        self._lowered = [np.maximum(A.T - 1, 0) for A in supports]  # exponents of the partial derivatives

    @classmethod
    def of_cells(cls, supports, coefficients, lifts, cells):
        """The homotopy of ``cells`` (as :func:`mixed_cells` gives them), one path per unit of each cell's volume."""
        powers = [[] for _ in supports]
        for pairs, alpha, volume in cells:
            cell = [A @ alpha + w - (A[p] @ alpha + w[p]) for A, w, (p, _) in zip(supports, lifts, pairs)]
            for e, (p, q) in zip(cell, pairs):
                e[[p, q]] = 0.0  # zero up to rounding
            positive = [e[e > 0].min() for e in cell if (e > 0).any()]
            smallest = min(positive) if positive else 1.0
            for i, e in enumerate(cell):
                powers[i].append(np.repeat(e[None] / smallest, volume, axis=0))
        width = [len(A) for A in supports]
        return cls(supports, coefficients, [np.concatenate(p) if p else np.zeros((0, k)) for p, k in zip(powers, width)])

    def take(self, paths):
        return _CellHomotopy(self.supports, self.coefficients, [e[paths] for e in self.powers])

    def evaluate(self, Y, t):
        s = np.maximum(t.real, 0.0)[:, None]
        P, n = Y.shape
        powers = np.ones((n, P, self.top + 1), complex)
        for k in range(1, self.top + 1):
            powers[:, :, k] = powers[:, :, k - 1] * Y.T
        H, J, Ht = np.empty((P, n), complex), np.empty((P, n, n), complex), np.empty((P, n), complex)
        for i, (A, c, e) in enumerate(zip(self.supports, self.coefficients, self.powers)):
            with np.errstate(divide="ignore", invalid="ignore"):
                weights = np.where(e > 0, s ** e, 1.0) * c  # s^0 = 1, also at s = 0
                rising = np.where(e > 0, e * weights / s, 0.0)
                rising = np.where(np.isfinite(rising), rising, np.where(e == 1, c, 0.0))  # at s = 0
            rows = np.arange(n)[:, None]
            factors = powers[rows, :, A.T].transpose(0, 2, 1)  # (n, P, points): x_j^A_kj
            # the product of the other factors, for each j: prefix and suffix products
            before, after = np.ones_like(factors), np.ones_like(factors)
            for j in range(1, n):
                before[j] = before[j - 1] * factors[j - 1]
                after[n - 1 - j] = after[n - j] * factors[n - j]
            monomials = before[-1] * factors[-1]
            H[:, i] = (monomials * weights).sum(axis=1)
            Ht[:, i] = (monomials * rising).sum(axis=1)
            lowered = powers[rows, :, self._lowered[i]].transpose(0, 2, 1) * A.T[:, None, :]
            J[:, i, :] = np.einsum("jpk,pk->pj", lowered * before * after, weights)
        return H, J, Ht


def start_system(system, rng, *, budget=None):
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
    roots : complex array (paths, n)
        The binomial roots of every mixed cell, one path per unit of the mixed volume.
    homotopy
        ``H(y, s)`` of every path (its cell's), with ``evaluate(Y, t)``, which returns ``H``, ``H_y`` and ``H_s`` at
        points ``Y (P, n)`` and times ``t (P,)``, and ``take(paths)``, the homotopy of some of the paths.

    None instead when the mixed cells need more than ``budget`` linear programs (see :func:`mixed_cells`).

    Examples
    --------
    >>> import numpy as np
    >>> x2 = (np.array([[2, 0], [0, 0]]), np.array([1.0 + 0j, -4]))   # x^2 = 4
    >>> xy = (np.array([[1, 1], [0, 0]]), np.array([1.0 + 0j, -2]))   # x y = 2: 2 roots, Bezout number 4
    >>> G, roots, homotopy = start_system([x2, xy], np.random.default_rng(0))
    >>> len(roots)
    2
    """
    supports = _supports([np.vstack([e, np.zeros((1, len(system)), np.int64)]) for e, _ in system])
    coefficients = [np.exp(2j * np.pi * rng.random(len(A))) for A in supports]
    lifts = [rng.random(len(A)) for A in supports]
    cells = mixed_cells(supports, lifts, budget=budget)
    if cells is None:
        return None
    roots = [np.zeros((0, len(system)), complex)]
    for pairs, _, _ in cells:
        V = np.array([A[q] - A[p] for A, (p, q) in zip(supports, pairs)])
        b = np.array([-c[p] / c[q] for c, (p, q) in zip(coefficients, pairs)])
        roots.append(binomial_roots(V, b))
    return tuple(zip(supports, coefficients)), np.concatenate(roots), _CellHomotopy.of_cells(supports, coefficients,
                                                                                            lifts, cells)

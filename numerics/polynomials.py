"""Sparse polynomial systems: validation, evaluation, Bezout numbers, and solving by homotopy continuation.

A polynomial in ``n`` variables is a pair ``(exponents, coefficients)``: an
integer array ``(terms, n)`` whose rows are the exponent vectors and a complex
array ``(terms,)`` of their coefficients.  A system is a sequence of such pairs,
one per equation.  :func:`solve` finds all isolated solutions of a square system
by homotopy continuation (:mod:`numerics.homotopy`).

Examples
--------
>>> import numpy as np
>>> circle = (np.array([[2, 0], [0, 2], [0, 0]]), np.array([1, 1, -1]))   # x^2 + y^2 - 1
>>> line = (np.array([[1, 0], [0, 1]]), np.array([1, -1]))                  # x - y
>>> system = [circle, line]
>>> degrees(system), bezout_number(degrees(system))
((2, 1), 2)
>>> evaluate(system, np.array([0.5 ** 0.5, 0.5 ** 0.5])).round(12) + 0
array([0.+0.j, 0.+0.j])
"""

import math

import numpy as np

from numerics.errors import InvalidArgument, check_argument

__all__ = ["Polynomial", "bezout_number", "cyclic", "degrees", "evaluate", "jacobian", "eco", "katsura", "noon", "normalize_system", "solve"]


class Polynomial:
    """A sparse polynomial in ``n`` variables with complex coefficients, closed under ``+ - * **``
    and differentiation; ``.pair`` is its ``(exponents, coefficients)`` form for a system.

    Examples
    --------
    >>> a, w = Polynomial.variables(2)
    >>> f = a * (w * 2 + 1) ** 2 - 3
    >>> f.degree, f.diff(1).degree
    (3, 2)
    >>> f(np.array([1.0, 1.0])).real
    np.float64(6.0)
    """

    def __init__(self, exponents, coefficients):
        exponents = np.asarray(exponents, np.int64)
        rows, inverse = np.unique(exponents, axis=0, return_inverse=True)
        merged = np.zeros(len(rows), complex)
        np.add.at(merged, inverse.ravel(), np.asarray(coefficients, complex))
        keep = merged != 0
        self.exponents, self.coefficients = rows[keep].reshape(-1, exponents.shape[1]), merged[keep]

    @classmethod
    def variables(cls, n):
        """The ``n`` coordinate functions ``x_0, ..., x_{n-1}``."""
        return tuple(cls(np.eye(n, dtype=np.int64)[j:j + 1], [1.0]) for j in range(n))

    @property
    def n(self):
        return self.exponents.shape[1]

    @property
    def degree(self):
        return int(self.exponents.sum(axis=1).max(initial=0))

    @property
    def pair(self):
        return self.exponents, self.coefficients

    def _lift(self, other):
        if isinstance(other, Polynomial):
            return other
        return Polynomial(np.zeros((1, self.n), np.int64), [complex(other)])

    def __add__(self, other):
        other = self._lift(other)
        return Polynomial(np.vstack([self.exponents, other.exponents]),
                          np.concatenate([self.coefficients, other.coefficients]))

    __radd__ = __add__

    def __neg__(self):
        return Polynomial(self.exponents, -self.coefficients)

    def __sub__(self, other):
        return self + -self._lift(other)

    def __rsub__(self, other):
        return -self + other

    def __mul__(self, other):
        other = self._lift(other)
        exponents = (self.exponents[:, None, :] + other.exponents[None, :, :]).reshape(-1, self.n)
        return Polynomial(exponents, np.outer(self.coefficients, other.coefficients).ravel())

    __rmul__ = __mul__

    def __pow__(self, k):
        result = self._lift(1.0)
        for _ in range(_power(k)):
            result = result * self
        return result

    def diff(self, j):
        """The partial derivative in variable ``j``, exactly."""
        e = self.exponents.copy()
        c = self.coefficients * e[:, j]
        e[:, j] = np.maximum(e[:, j] - 1, 0)
        return Polynomial(e, c)

    def __call__(self, x):
        """The value at ``x (n,)`` or ``(P, n)``."""
        return np.prod(np.asarray(x, complex)[..., None, :] ** self.exponents, axis=-1) @ self.coefficients


def _power(k):
    check_argument(isinstance(k, (int, np.integer)) and not isinstance(k, bool) and k >= 0,
                   "power={!r} must be an int >= 0", k)
    return int(k)


def normalize_system(system, *, square=True):
    """Validate a system and return it with like terms merged and zero terms dropped.

    Parameters
    ----------
    system : sequence of (array_like, array_like)
        One ``(exponents, coefficients)`` pair per equation: ``exponents`` of
        shape ``(terms, n)`` with non-negative integer entries and
        ``coefficients`` of shape ``(terms,)``, finite complex numbers.
    square : bool
        Require as many equations as variables.

    Returns
    -------
    tuple of (ndarray, ndarray)
        ``(exponents int64 (terms, n), coefficients complex128 (terms,))`` per
        equation, rows sorted, no two rows equal, no zero coefficient.

    Raises
    ------
    InvalidArgument
        On a malformed pair, a negative or non-integer exponent, a non-finite
        coefficient, an equation that is identically zero or a nonzero constant,
        a variable that appears in no equation, or (with ``square``) a system that
        is not square.
    """
    check_argument(not isinstance(system, (str, bytes)) and hasattr(system, "__len__") and len(system) > 0,
                   "system must be a non-empty sequence of (exponents, coefficients) pairs, got {!r}", system)
    out, n = [], None
    for i, pair in enumerate(system):
        check_argument(isinstance(pair, (tuple, list)) and len(pair) == 2,
                       "system[{}] must be an (exponents, coefficients) pair, got {!r}", i, pair)
        exponents, coefficients = np.asarray(pair[0]), np.asarray(pair[1])
        check_argument(exponents.ndim == 2, "system[{}] exponents must have shape (terms, n), got shape {}",
                       i, exponents.shape)
        check_argument(coefficients.shape == (exponents.shape[0],),
                       "system[{}] coefficients have shape {}, expected ({},) to match its exponents",
                       i, coefficients.shape, exponents.shape[0])
        check_argument(exponents.size == 0 or (np.issubdtype(exponents.dtype, np.number)
                                                and np.all(exponents == np.round(exponents))
                                                and np.all(exponents >= 0)),
                       "system[{}] exponents must be non-negative integers", i)
        check_argument(np.issubdtype(coefficients.dtype, np.number) and np.all(np.isfinite(coefficients)),
                       "system[{}] coefficients must be finite numbers", i)
        n = exponents.shape[1] if n is None else n
        check_argument(exponents.shape[1] == n, "system[{}] has {} variables, system[0] has {}",
                       i, exponents.shape[1], n)
        rows, inverse = np.unique(exponents.astype(np.int64), axis=0, return_inverse=True)
        merged = np.zeros(len(rows), complex)
        np.add.at(merged, inverse.ravel(), coefficients.astype(complex))
        keep = merged != 0
        check_argument(keep.any(), "system[{}] is the zero polynomial", i)
        rows, merged = rows[keep], merged[keep]
        check_argument(rows.sum(axis=1).max() > 0, "system[{}] is a nonzero constant, so the system has no solution", i)
        out.append((rows, merged))
    check_argument(n > 0, "the system has no variables")
    if square:
        check_argument(len(out) == n, "the system is not square: {} equations in {} variables", len(out), n)
    used = np.any(np.vstack([e for e, _ in out]) > 0, axis=0)
    check_argument(used.all(), "variable {} appears in no equation", int(np.argmin(used)))
    return tuple(out)


def degrees(system):
    """Total degree of each equation.

    Examples
    --------
    >>> degrees([(np.array([[1, 2], [0, 0]]), np.array([1.0, -1.0]))])
    (3,)
    """
    return tuple(int(e.sum(axis=1).max()) for e, _ in normalize_system(system, square=False))


def bezout_number(degrees):
    """The total-degree Bezout number ``prod d_i``: the number of solutions in
    projective space, counted with multiplicity, of a square system whose
    solution set there is finite (Cox, Little and O'Shea, *Using Algebraic
    Geometry*, Ch. 3, Thm 5.5).

    Examples
    --------
    >>> bezout_number([2, 2, 3])
    12
    >>> bezout_number([2, 0])
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: degrees=[2, 0] must be integers >= 1
    """
    values = list(degrees)
    check_argument(len(values) > 0 and all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 1
                                           for d in values), "degrees={!r} must be integers >= 1", degrees)
    return math.prod(int(d) for d in values)


def _points(x, n):
    x = np.asarray(x)
    check_argument(np.issubdtype(x.dtype, np.number), "x must be numeric, got dtype {}", x.dtype)
    check_argument(x.ndim in (1, 2) and x.shape[-1] == n, "x must have shape (n,) or (P, n) with n={}, got {}",
                   n, x.shape)
    check_argument(np.all(np.isfinite(x)), "x must be finite")
    return x.astype(complex)


def evaluate(system, x):
    """Values of the equations at `x` (shape ``(n,)`` or ``(P, n)``), shape ``(n_eq,)`` or ``(P, n_eq)``."""
    system = normalize_system(system, square=False)
    x = _points(x, system[0][0].shape[1])
    return np.stack([np.prod(x[..., None, :] ** e, axis=-1) @ c for e, c in system], axis=-1)


def jacobian(system, x):
    """Jacobian ``dF_i/dx_j`` at `x`, shape ``(n_eq, n)`` or ``(P, n_eq, n)``, by exact differentiation of monomials."""
    system = normalize_system(system, square=False)
    n = system[0][0].shape[1]
    x = _points(x, n)
    rows = []
    for e, c in system:
        columns = []
        for j in range(n):
            lowered = e.copy()
            lowered[:, j] = np.maximum(lowered[:, j] - 1, 0)
            columns.append(np.prod(x[..., None, :] ** lowered, axis=-1) @ (c * e[:, j]))
        rows.append(np.stack(columns, axis=-1))
    return np.stack(rows, axis=-2)


def solve(system, *, seed=0, max_cycle=16, mapper=None, start="auto"):
    """All isolated solutions of a square polynomial system, by homotopy continuation.

    Parameters
    ----------
    system : sequence of (array_like, array_like)
        ``n`` equations in ``n`` variables (see :func:`normalize_system`).
    seed : int
        Seeds the random gamma and projective chart; equal seeds give equal results.
    max_cycle : int
        Largest winding number the Cauchy endgame tries before failing a path.
    mapper : callable, optional
        ``mapper(function, argument_tuples) -> results`` runs the batches of paths (512 each), e.g. across
        processes or a Dask cluster (``theorems roots --workers/--scheduler``); serially by default.  The batches
        do not depend on the mapper, so neither does the result.
    start : {"auto", "total-degree", "polyhedral"}
        The start system: ``x_i^d_i = 1`` (``prod d_i`` paths), or a random system with the supports of ``system``
        plus the origin, solved by the polyhedral homotopy (one path per unit of their mixed volume, often far
        fewer; :mod:`numerics.polyhedral`, whose mixed cells take seconds from about 6 variables on: cyclic-7's
        924 paths instead of 5040 take 7.5 s of CPU instead of 500-2000 s, katsura-7's 128 instead of 128 take 21 s
        instead of 0.4 s).  ``"auto"`` (the default) chooses polyhedral where it pays: not up to 256 paths, nor
        for dense systems (mixed volume = Bezout number), nor where the mixed cells need more than Bezout / 2
        linear programs (see :func:`numerics.homotopy.track`); ``mixed_volume`` in the result says which start
        ran (None: total-degree).  Both reach every isolated root.  Every positive-dimensional solution set has a
        path of the total-degree start ending on it, but it may be met by no path of a polyhedral start:
        ``x y = 1, 2 x y = 2`` has mixed volume 0, and its curve is reported (in ``components``) only from
        ``start="total-degree"`` (or from ``"auto"``, which takes it for those 4 paths).

    Returns
    -------
    numerics.homotopy.HomotopyResult
        ``roots`` (distinct finite solutions), ``solutions`` (each with its
        multiplicity, relative residual and condition number), ``counts``
        (``finite_regular``, ``finite_singular``: distinct solutions;
        ``at_infinity``, ``failed``: paths), ``paths``, ``failures`` with reasons.

    Examples
    --------
    >>> x2 = (np.array([[2, 0], [0, 0]]), np.array([1, -4]))      # x^2 - 4
    >>> xy = (np.array([[1, 1], [0, 0]]), np.array([1, -2]))      # x y - 2
    >>> result = solve([x2, xy], seed=1)
    >>> result.counts
    {'finite_regular': 2, 'finite_singular': 0, 'at_infinity': 2, 'failed': 0}
    >>> sorted(np.round(result.roots.real, 12).tolist())
    [[-2.0, -1.0], [2.0, 1.0]]
    """
    from numerics.homotopy import track

    system = normalize_system(system)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise InvalidArgument(f"seed={seed!r} must be an int")
    check_argument(isinstance(max_cycle, int) and max_cycle >= 1, "max_cycle={!r} must be an int >= 1", max_cycle)
    check_argument(start in ("total-degree", "polyhedral", "auto"),
                   "start={!r} must be 'total-degree', 'polyhedral' or 'auto'", start)
    return track(system, seed=int(seed), max_cycle=max_cycle, mapper=mapper, start=start)


def _from_terms(n, equations):
    """A system from equations given as ``{exponent tuple: coefficient}`` dicts."""
    return tuple((np.array(list(eq), np.int64).reshape(len(eq), n), np.array(list(eq.values()), complex))
                 for eq in equations)


def katsura(n):
    """The katsura-``n`` system: ``n + 1`` equations in ``u_0..u_n`` with ``2^n`` solutions, all finite.

    ``sum_{l=-n}^{n} u_|l| u_|m-l| = u_m`` for ``m = 0..n-1`` and ``u_0 + 2 sum_{l>=1} u_l = 1``
    (Katsura, 1990; the PoSSo test suite).

    Examples
    --------
    >>> degrees(katsura(3)), bezout_number(degrees(katsura(3)))
    ((2, 2, 2, 1), 8)
    """
    n = int(n)
    check_argument(n >= 1, "n={!r} must be >= 1", n)
    equations = []
    for m in range(n):
        eq = {}
        for l in range(-n, n + 1):
            if abs(m - l) <= n:
                e = [0] * (n + 1)
                e[abs(l)] += 1
                e[abs(m - l)] += 1
                eq[tuple(e)] = eq.get(tuple(e), 0) + 1
        e = [0] * (n + 1)
        e[m] = 1
        eq[tuple(e)] = eq.get(tuple(e), 0) - 1
        equations.append(eq)
    last = {tuple(int(i == j) for j in range(n + 1)): (1 if i == 0 else 2) for i in range(n + 1)}
    last[(0,) * (n + 1)] = -1
    return _from_terms(n + 1, equations + [last])


def cyclic(n):
    """The cyclic-``n`` roots system: ``sum_i prod_{j<k} x_{(i+j) mod n} = 0`` for ``k = 1..n-1``
    and ``x_1 ... x_n = 1`` (Bjorck and Froberg, 1991): 70, 156 and 924 isolated solutions for n = 5, 6, 7.

    Examples
    --------
    >>> degrees(cyclic(5)), bezout_number(degrees(cyclic(5)))
    ((1, 2, 3, 4, 5), 120)
    """
    n = int(n)
    check_argument(n >= 2, "n={!r} must be >= 2", n)
    equations = []
    for k in range(1, n):
        eq = {}
        for i in range(n):
            e = [0] * n
            for j in range(k):
                e[(i + j) % n] += 1
            eq[tuple(e)] = eq.get(tuple(e), 0) + 1
        equations.append(eq)
    equations.append({(1,) * n: 1, (0,) * n: -1})
    return _from_terms(n, equations)


def noon(n):
    """The noon-``n`` system (Noonburg's neural network model): ``x_i sum_{j != i} x_j^2 - 1.1 x_i + 1 = 0``,
    ``i = 1..n`` (Noonburg, SIAM J. Appl. Math. 49, 1989; the PoSSo test suite): 21, 73 and 233 isolated
    solutions for n = 3, 4, 5, among ``3^n`` paths.

    Examples
    --------
    >>> degrees(noon(3)), bezout_number(degrees(noon(3)))
    ((3, 3, 3), 27)
    """
    n = int(n)
    check_argument(n >= 2, "n={!r} must be >= 2", n)
    x = Polynomial.variables(n)
    return tuple((x[i] * sum(x[j] ** 2 for j in range(n) if j != i) - 1.1 * x[i] + 1).pair for i in range(n))


def eco(n):
    """The eco-``n`` system (an economics model of Morgan, *Solving Polynomial Systems Using Continuation*, 1987):
    ``(x_k + sum_{i=1}^{n-k-1} x_i x_{i+k}) x_n = k`` for ``k = 1..n-1`` and ``x_1 + ... + x_{n-1} + 1 = 0``:
    ``2^(n-2)`` isolated solutions (16 and 32 for n = 6, 7) among ``2 * 3^(n-2)`` paths.

    Examples
    --------
    >>> degrees(eco(4)), bezout_number(degrees(eco(4)))
    ((3, 3, 2, 1), 18)
    """
    n = int(n)
    check_argument(n >= 3, "n={!r} must be >= 3", n)
    x = Polynomial.variables(n)
    equations = [((x[k - 1] + sum((x[i - 1] * x[i + k - 1] for i in range(1, n - k)), x[0] * 0)) * x[n - 1] - k).pair
                 for k in range(1, n)]
    return tuple(equations + [(sum(x[:n - 1], x[0] * 0) + 1).pair])

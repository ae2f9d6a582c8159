"""Capacity of function classes: Rademacher complexity, dichotomy counts, VC and generalization bounds.

The objects of the lectures' generalization argument, computed exactly where the
class is small enough and estimated honestly (with a standard error, or as a
stated lower estimate) where it is not:

- the empirical Rademacher complexity ``R_S(F) = E_s sup_f (1/N) sum_n s_n f(x_n)``
  of a finite set of output vectors (all ``2^N`` sign vectors, or Monte Carlo),
  of norm-bounded linear classes (closed form ``(B/N) E ||sum_n s_n x_n||``) with
  the Jensen and Khintchine-Kahane bounds beside it, and of bias-free ReLU nets
  with fixed layer norms (by optimisation over the class, a lower estimate)
  against the norm-product upper bounds;
- dichotomy counts by linear programming (halfspaces, one-hidden-layer threshold
  networks), Cover's count, the Sauer-Shelah lemma and the Baum-Haussler bound;
- McDiarmid-type generalization bounds with the loss range and the number of
  tails as arguments, the ramp loss of the margin bound, and a harness that
  measures how often a bound fails over many drawn training sets.

References: P. Bartlett, S. Mendelson, JMLR 3 (2002) 463-482; M. Mohri, A.
Rostamizadeh, A. Talwalkar, *Foundations of Machine Learning*, 2nd ed., 2018,
chapters 3 and 5; N. Golowich, A. Rakhlin, O. Shamir, COLT 2018, Theorem 1; B.
Neyshabur, R. Tomioka, N. Srebro, COLT 2015; T. Cover, IEEE Trans. Electron.
Comput. EC-14 (1965) 326-334; E. Baum, D. Haussler, Neural Computation 1 (1989)
151-160.
"""

import itertools
import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.special import ndtri

from numerics.errors import InvalidArgument, check_argument, check_array, check_int, check_positive
from numerics.nets import _check_rng

__all__ = [
    "Coverage",
    "Estimate",
    "count_separable_dichotomies",
    "cover_count",
    "coverage",
    "empirical_rademacher",
    "is_shattered",
    "linear_rademacher",
    "linear_rademacher_bounds",
    "mcdiarmid_deviation",
    "norm_product_bounds",
    "rademacher_generalization_bound",
    "ramp_loss",
    "relu_rademacher_lower",
    "sauer_shelah",
    "separable_dichotomies",
    "threshold_network_dichotomies",
    "vc_threshold_network_bound",
]

MAX_EXACT = 22  # 2^22 sign vectors, about 4 million: the largest N enumerated exactly


@dataclass(frozen=True)
class Estimate:
    """A value with its standard error: exact (``standard_error = 0``) or Monte Carlo.

    Attributes
    ----------
    value : float
    standard_error : float
        0 when exact; otherwise the sample standard deviation over ``sqrt(samples)``.
    samples : int
        Sign vectors used (``2^N`` when exact).
    exact : bool
    kind : str
        ``"exact"``, ``"monte carlo"`` or ``"lower estimate"`` (an optimisation that
        may miss the supremum: the true value is at least ``value`` minus the
        sampling error).
    """

    value: float
    standard_error: float
    samples: int
    exact: bool
    kind: str = "exact"

    def interval(self, level=0.95):
        """The normal confidence interval ``value -+ z se`` (a point when exact).

        Examples
        --------
        >>> [round(v, 6) for v in Estimate(1.0, 0.1, 100, False, "monte carlo").interval(0.95)]
        [0.804004, 1.195996]
        """
        check_argument(0 < level < 1, "level={!r} must be in (0, 1)", level)
        z = float(ndtri(0.5 + level / 2))
        return (self.value - z * self.standard_error, self.value + z * self.standard_error)

    def __float__(self):
        return float(self.value)


def _sign_blocks(N, block=1 << 16):
    """All ``2^N`` sign vectors, in blocks of shape ``(<= block, N)``, in binary order."""
    bits = np.arange(N)
    for start in range(0, 1 << N, block):
        index = np.arange(start, min(start + block, 1 << N))
        yield 1.0 - 2.0 * ((index[:, None] >> bits) & 1)


def _rademacher(statistic, N, *, exact, samples, rng):
    """``E_s statistic(s)`` over sign vectors ``s``: all of them, or `samples` random ones.

    ``statistic`` maps a block of sign vectors ``(S, N)`` to ``(S,)`` values.
    """
    if exact:
        check_argument(N <= MAX_EXACT, "exact enumeration of 2^N sign vectors needs N <= {}, got N = {}; "
                       "use exact=False (Monte Carlo)", MAX_EXACT, N)
        total = sum(float(statistic(block).sum()) for block in _sign_blocks(N))
        return Estimate(total / 2**N, 0.0, 2**N, True, "exact")
    samples = check_int(samples, "samples", minimum=2)
    rng = _check_rng(rng)
    values = np.concatenate([statistic(rng.choice([-1.0, 1.0], size=(min(1 << 16, samples - done), N)))
                             for done in range(0, samples, 1 << 16)])
    return Estimate(float(values.mean()), float(values.std(ddof=1) / np.sqrt(samples)), samples, False,
                    "monte carlo")


def empirical_rademacher(values, *, exact=True, absolute=False, samples=10_000, rng=0):
    """Empirical Rademacher complexity of a finite class given by its values on the sample.

    ``R_S(F) = E_s max_m (1/N) sum_n s_n values[m, n]`` with ``s`` uniform on
    ``{-1, +1}^N`` (Bartlett and Mendelson 2002, Definition 2; Mohri et al. 2018,
    Definition 3.1).  With ``absolute=True`` the supremum is of ``|...|`` (the
    convention of Koltchinskii and Panchenko; it equals the other for classes
    closed under negation).

    Parameters
    ----------
    values : array_like, shape (M, N)
        ``values[m, n] = f_m(x_n)`` for the M functions of the class.
    exact : bool
        Enumerate all ``2^N`` sign vectors (``N <= 22``); otherwise Monte Carlo.
    absolute : bool
        Take the supremum of the absolute value.
    samples : int
        Monte Carlo sign vectors (ignored when exact).
    rng : numpy.random.Generator or int
        Monte Carlo randomness (ignored when exact).

    Returns
    -------
    Estimate
        Exact, or Monte Carlo with its standard error.

    Examples
    --------
    >>> empirical_rademacher(np.eye(2)).value  # E max(s_1, s_2) / 2 = (1 + 1 + 1 - 1) / 8
    0.25
    >>> empirical_rademacher([[1.0, -1.0], [-1.0, 1.0]]).value
    0.5
    """
    values = check_array(values, "values", ndim=2)
    M, N = values.shape
    check_argument(M >= 1 and N >= 1, "values must have at least one function and one point, got shape {}",
                   values.shape)

    def statistic(signs):
        sums = signs @ values.T / N
        return (np.abs(sums) if absolute else sums).max(axis=1)

    return _rademacher(statistic, N, exact=exact, samples=samples, rng=rng)


def linear_rademacher(X, *, bound=1.0, exact=True, samples=10_000, rng=0):
    """Empirical Rademacher complexity of ``{x -> <w, x> : ||w||_2 <= bound}`` on the rows of `X`.

    The supremum is attained at ``w = bound u / ||u||``, ``u = sum_n s_n x_n``
    (Cauchy-Schwarz), so ``R_S = (bound / N) E_s ||sum_n s_n x_n||_2``: computed
    here by enumerating the sign vectors (or by Monte Carlo).

    Parameters
    ----------
    X : array_like, shape (N, d)
    bound : float
        The radius B of the weight ball.

    Returns
    -------
    Estimate

    Examples
    --------
    >>> linear_rademacher(np.eye(4)).value  # x_n = e_n: ||s|| = 2 for every s, so 2 / 4
    0.5
    """
    X = check_array(X, "X", ndim=2)
    bound = check_positive(bound, "bound")
    N = X.shape[0]
    check_argument(N >= 1, "X must have at least one row, got shape {}", X.shape)
    return _rademacher(lambda signs: bound / N * np.linalg.norm(signs @ X, axis=1), N, exact=exact,
                       samples=samples, rng=rng)


def linear_rademacher_bounds(X, *, bound=1.0):
    """Bounds on :func:`linear_rademacher`: ``lower <= R_S <= upper``.

    ``upper = (B/N) sqrt(sum_n ||x_n||^2)`` (Jensen: ``E ||u|| <= sqrt(E ||u||^2)``
    and ``E ||sum s_n x_n||^2 = sum ||x_n||^2``); ``lower = upper / sqrt(2)``
    (the Khintchine-Kahane inequality with the optimal constant ``1/sqrt 2`` of
    Latala and Oleszkiewicz, Studia Math. 109 (1994)).

    Returns
    -------
    dict
        ``{"lower": float, "upper": float}``.

    Examples
    --------
    >>> b = linear_rademacher_bounds(np.eye(4))
    >>> b["lower"] <= linear_rademacher(np.eye(4)).value <= b["upper"]
    True
    """
    X = check_array(X, "X", ndim=2)
    bound = check_positive(bound, "bound")
    upper = bound / X.shape[0] * float(np.sqrt((X**2).sum()))
    return {"lower": float(upper / np.sqrt(2.0)), "upper": float(upper)}


def norm_product_bounds(X, norms):
    """Upper bounds on the Rademacher complexity of bias-free ReLU nets with ``||W_k||_F <= norms[k]``.

    ``golowich``: ``prod_k rho_k (sqrt(2 K ln 2) + 1) sqrt(sum_n ||x_n||^2) / N``
    (Golowich, Rakhlin and Shamir, COLT 2018, Theorem 1, for 1-Lipschitz positively
    homogeneous activations); ``neyshabur``: ``2^K prod_k rho_k max_n ||x_n|| / sqrt(N)``
    (Neyshabur, Tomioka and Srebro, COLT 2015, the exponential-in-depth bound).

    Parameters
    ----------
    X : array_like, shape (N, d)
    norms : sequence of float
        ``rho_1, ..., rho_K`` (K layers, the last one the output layer).

    Returns
    -------
    dict
        ``{"golowich": float, "neyshabur": float}``.

    Examples
    --------
    >>> print(round(norm_product_bounds(np.eye(3), [1.0, 1.0, 1.0])["golowich"] * 3 / np.sqrt(3), 5))
    3.03933
    """
    X = check_array(X, "X", ndim=2)
    norms = [check_positive(r, "norms[k]") for r in norms]
    check_argument(len(norms) >= 1, "norms must have one entry per layer, got none")
    K, N, rho = len(norms), X.shape[0], math.prod(norms)
    root = float(np.sqrt((X**2).sum()))
    return {"golowich": float(rho * (np.sqrt(2 * K * np.log(2)) + 1) * root / N),
            "neyshabur": float(2.0**K * rho * np.linalg.norm(X, axis=1).max() / np.sqrt(N))}


def _relu_net_batch(weights, X):
    """Outputs ``(S, N)`` and hidden activations of S bias-free ReLU nets ``weights[k]: (S, n_k, n_{k-1})``."""
    h = np.broadcast_to(X, (weights[0].shape[0],) + X.shape)
    hidden = [h]
    for W in weights[:-1]:
        h = np.maximum(np.einsum("sni,sji->snj", h, W), 0.0)
        hidden.append(h)
    return np.einsum("sni,sji->snj", h, weights[-1])[:, :, 0], hidden


def _relu_net_gradient(weights, hidden, upstream):
    """Gradients of ``sum_n upstream[s, n] f_s(x_n)`` with respect to each ``weights[k]``."""
    grads = [None] * len(weights)
    delta = upstream[:, :, None]  # (S, N, n_K = 1)
    for k in range(len(weights) - 1, -1, -1):
        grads[k] = np.einsum("snj,sni->sji", delta, hidden[k])
        if k:
            delta = np.einsum("snj,sji->sni", delta, weights[k]) * (hidden[k] > 0)
    return grads


def relu_rademacher_lower(X, sizes, norms, *, sign_samples=200, steps=300, restarts=4, rng=0):
    """A lower estimate of the Rademacher complexity of bias-free ReLU nets with ``||W_k||_F = rho_k``.

    For each of `sign_samples` random sign vectors ``s``, ``sup_W (1/N) sum_n s_n f(W; x_n)``
    is bounded below by Riemannian gradient ascent on the product of spheres
    ``||W_k||_F = rho_k`` (normalised tangent steps of decreasing length, retraction
    by rescaling, `restarts` random starts, the best value kept).  The mean over
    ``s`` is therefore an estimate of a *lower* bound of ``R_S``: the true value is
    at least ``value`` minus its sampling error.  Compare it with
    :func:`norm_product_bounds`.  The class of ``||W_k||_F <= rho_k`` has the same
    complexity: the supremum is non-negative and homogeneous in each ``rho_k``.

    Parameters
    ----------
    X : array_like, shape (N, d)
    sizes : sequence of int
        ``[d, n_1, ..., 1]``.
    norms : sequence of float
        ``rho_1, ..., rho_K``.
    sign_samples, steps, restarts : int
    rng : numpy.random.Generator or int

    Returns
    -------
    Estimate
        ``kind="lower estimate"``, with the standard error over the sign vectors.

    Examples
    --------
    >>> X = np.random.default_rng(0).standard_normal((6, 2))
    >>> low = relu_rademacher_lower(X, [2, 3, 1], [1.0, 1.0], sign_samples=20, steps=50)
    >>> bool(0 < low.value < norm_product_bounds(X, [1.0, 1.0])["golowich"])
    True
    """
    X = check_array(X, "X", ndim=2)
    sizes = [check_int(n, "sizes[k]", minimum=1) for n in sizes]
    check_argument(len(sizes) >= 2 and sizes[0] == X.shape[1] and sizes[-1] == 1,
                   "sizes must be [d, n_1, ..., 1] with d = X.shape[1] = {}, got {}", X.shape[1], sizes)
    norms = np.array([check_positive(r, "norms[k]") for r in norms])
    check_argument(len(norms) == len(sizes) - 1, "norms needs one entry per layer ({}), got {}", len(sizes) - 1,
                   len(norms))
    sign_samples = check_int(sign_samples, "sign_samples", minimum=2)
    steps = check_int(steps, "steps", minimum=1)
    restarts = check_int(restarts, "restarts", minimum=1)
    rng = _check_rng(rng)
    N = X.shape[0]
    signs = rng.choice([-1.0, 1.0], size=(sign_samples, N))
    S = sign_samples * restarts
    upstream = np.repeat(signs, restarts, axis=0) / N

    def project(W, r):
        return r * W / np.linalg.norm(W, axis=(1, 2), keepdims=True)

    weights = [project(rng.standard_normal((S, m, n)), r) for n, m, r in zip(sizes[:-1], sizes[1:], norms)]
    best = np.full(S, -np.inf)
    for t in range(steps + 1):
        f, hidden = _relu_net_batch(weights, X)
        best = np.maximum(best, (upstream * f).sum(axis=1))
        if t == steps:
            break
        grads = _relu_net_gradient(weights, hidden, upstream)
        length = 0.5 / np.sqrt(1.0 + t)
        for k, (W, G, r) in enumerate(zip(weights, grads, norms)):
            T = G - (G * W).sum(axis=(1, 2), keepdims=True) / r**2 * W  # tangent part
            size = np.linalg.norm(T, axis=(1, 2), keepdims=True)
            weights[k] = project(W + length * r * T / np.where(size > 0, size, 1.0), r)
    per_sign = np.maximum(best.reshape(sign_samples, restarts).max(axis=1), 0.0)  # W = 0 is in the ball
    return Estimate(float(per_sign.mean()), float(per_sign.std(ddof=1) / np.sqrt(sign_samples)), sign_samples,
                    False, "lower estimate")


# -- dichotomies, shattering, VC ----------------------------------------------------------------------------------


def _separator(X, y, homogeneous):
    """A ``(w, b)`` with ``y_n (<w, x_n> + b) >= 1`` for all n, or None (HiGHS feasibility LP)."""
    N, d = X.shape
    A = -y[:, None] * (X if homogeneous else np.column_stack([X, np.ones(N)]))
    result = linprog(np.zeros(A.shape[1]), A_ub=A, b_ub=-np.ones(N), bounds=(None, None), method="highs")
    if result.status == 0:
        return result.x
    if result.status == 2:
        return None
    raise InvalidArgument(f"the separability LP did not finish: {result.message}")


def separable_dichotomies(X, *, homogeneous=True):
    """All labellings ``y`` in ``{-1, +1}^N`` of the rows of `X` realised by a (strict) halfspace.

    ``y`` is realised when some ``w`` (and ``b`` unless `homogeneous`) has
    ``y_n (<w, x_n> + b) > 0`` for all n.  Labellings are built point by point
    (a labelling of the first k points that no halfspace realises has no
    realisable extension), each new one decided by a feasibility LP unless the
    parent's separator already decides it; ``y`` and ``-y`` are realised together.

    Parameters
    ----------
    X : array_like, shape (N, d)
    homogeneous : bool
        Halfspaces through the origin, ``sign(<w, x>)``; otherwise ``sign(<w, x> + b)``.

    Returns
    -------
    numpy.ndarray, shape (D, N)
        The realised labellings, in lexicographic order.

    Examples
    --------
    >>> separable_dichotomies(np.array([[1.0], [2.0]]))
    array([[-1., -1.],
           [ 1.,  1.]])
    """
    X = check_array(X, "X", ndim=2)
    N = X.shape[0]
    check_argument(N >= 1, "X must have at least one row, got shape {}", X.shape)
    first = _separator(X[:1], np.array([1.0]), homogeneous)
    frontier = [] if first is None else [((1.0,), first)]  # (labels so far, a separator of them)
    for n in range(1, N):
        x = X[n] if homogeneous else np.append(X[n], 1.0)
        grown = []
        for labels, sep in frontier:
            value = float(x @ sep)
            for label in (1.0, -1.0):
                if label * value > 0:  # the parent's separator, rescaled, realises this child
                    grown.append((labels + (label,), sep / min(1.0, label * value)))
                    continue
                y = np.array(labels + (label,))
                child = _separator(X[: n + 1], y, homogeneous)
                if child is not None:
                    grown.append((labels + (label,), child))
        frontier = grown
    half = np.array([labels for labels, _ in frontier], float).reshape(-1, N)
    both = np.concatenate([half, -half])
    return both[np.lexsort(both.T[::-1])]


def count_separable_dichotomies(X, *, homogeneous=True):
    """The number of labellings of the rows of `X` realised by ``sign(<w, x>)`` (or ``sign(<w, x> + b)``).

    For N points in general position in ``R^d`` this is Cover's ``C(N, d)``
    (homogeneous) or ``C(N, d + 1)`` (affine); see :func:`cover_count`.

    Examples
    --------
    >>> count_separable_dichotomies(np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]),
    ...                             homogeneous=False)  # XOR and XNOR are missing
    14
    """
    return len(separable_dichotomies(X, homogeneous=homogeneous))


def is_shattered(X, *, homogeneous=False):
    """Whether halfspaces realise all ``2^N`` labellings of the rows of `X`.

    Examples
    --------
    >>> is_shattered(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    True
    >>> is_shattered(np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]))  # collinear: (+, -, +) is impossible
    False
    """
    X = check_array(X, "X", ndim=2)
    return count_separable_dichotomies(X, homogeneous=homogeneous) == 2 ** X.shape[0]


def threshold_network_dichotomies(X, hidden):
    """Labellings of the rows of `X` realised by one hidden layer of threshold units and a threshold output.

    The net is ``x -> step(sum_j a_j step(<w_j, x> + b_j) + c)``: each hidden unit
    realises an affine dichotomy of the points (:func:`separable_dichotomies`), and
    the output unit any linearly separable Boolean function of the `hidden` bits
    (those are the affine dichotomies of the vertices of the cube ``{0, 1}^hidden``;
    14 of the 16 for two bits, all but XOR and XNOR).  All combinations are
    enumerated.

    Parameters
    ----------
    X : array_like, shape (N, d)
    hidden : int
        Hidden threshold units (1 to 3).

    Returns
    -------
    numpy.ndarray, shape (D, N)
        The distinct realised labellings in ``{-1, +1}``, lexicographic order.

    Examples
    --------
    >>> hexagon = np.array([[np.cos(k * np.pi / 3), np.sin(k * np.pi / 3)] for k in range(6)])
    >>> len(threshold_network_dichotomies(hexagon, 2))  # all 64 but the two alternating labellings
    62
    """
    X = check_array(X, "X", ndim=2)
    hidden = check_int(hidden, "hidden", minimum=1)
    check_argument(hidden <= 3, "hidden={} is too many to enumerate; use 1 to 3 hidden units", hidden)
    units = separable_dichotomies(X, homogeneous=False) > 0  # (D, N) bits
    cube = np.array(list(itertools.product([0.0, 1.0], repeat=hidden)))
    outputs = separable_dichotomies(cube, homogeneous=False) > 0  # (G, 2^hidden) truth tables
    weights = 2 ** np.arange(hidden)[::-1]
    found = set()
    for combo in itertools.combinations_with_replacement(range(len(units)), hidden):
        pattern = weights @ units[list(combo)]  # the hidden bits of each point, as a row index of `cube`
        found.update(map(bytes, np.packbits(outputs[:, pattern], axis=1)))
    labels = np.unpackbits(np.frombuffer(b"".join(sorted(found)), np.uint8).reshape(len(found), -1), axis=1)
    labels = 2.0 * labels[:, : X.shape[0]] - 1.0
    return labels[np.lexsort(labels.T[::-1])]


def cover_count(N, d):
    """Cover's function count ``C(N, d) = 2 sum_{k=0}^{d-1} binom(N - 1, k)`` (exact integer).

    The number of homogeneously linearly separable dichotomies of N points in
    general position in ``R^d`` (Cover 1965, Theorem 1).

    Examples
    --------
    >>> [cover_count(N, 3) for N in (4, 5, 6, 7)]
    [14, 22, 32, 44]
    """
    N, d = check_int(N, "N", minimum=1), check_int(d, "d", minimum=1)
    return 2 * sum(math.comb(N - 1, k) for k in range(d))


def sauer_shelah(m, V):
    """The Sauer-Shelah bound ``sum_{i=0}^{V} binom(m, i)`` on the growth function of a class of VC dimension V.

    Examples
    --------
    >>> sauer_shelah(10, 3)
    176
    """
    m, V = check_int(m, "m", minimum=0), check_int(V, "V", minimum=0)
    return sum(math.comb(m, i) for i in range(V + 1))


def vc_threshold_network_bound(weights, nodes):
    """Baum and Haussler's bound ``2 W log2(e N)`` on the VC dimension of a threshold network.

    For a feedforward network of linear threshold units with ``N >= 2``
    computation nodes and ``W`` weights including thresholds (Neural Computation
    1 (1989), Corollary 2).

    Examples
    --------
    >>> round(vc_threshold_network_bound(9, 3), 2)
    54.5
    """
    weights, nodes = check_int(weights, "weights", minimum=1), check_int(nodes, "nodes", minimum=2)
    return 2 * weights * math.log2(math.e * nodes)


# -- generalization bounds -----------------------------------------------------------------------------------------


def mcdiarmid_deviation(N, delta, *, loss_range=1.0, two_sided=False):
    """The deviation ``M sqrt(ln(k / delta) / (2 N))`` exceeded with probability at most `delta`.

    McDiarmid's inequality for a function of N independent samples with bounded
    differences ``M / N`` gives a tail ``exp(-2 N t^2 / M^2)`` per side; ``k = 2``
    for a two-sided bound (a union over the two tails).

    Examples
    --------
    >>> round(mcdiarmid_deviation(1000, 0.05), 6), round(mcdiarmid_deviation(1000, 0.05, two_sided=True), 6)
    (0.038702, 0.042947)
    """
    N = check_int(N, "N", minimum=1)
    check_argument(0 < delta < 1, "delta={!r} must be in (0, 1)", delta)
    loss_range = check_positive(loss_range, "loss_range")
    return loss_range * math.sqrt(math.log((2 if two_sided else 1) / delta) / (2 * N))


def rademacher_generalization_bound(complexity, N, delta, *, loss_range=1.0, two_sided=False, empirical=False):
    """The uniform deviation bound ``sup_f (L(f) - L_S(f)) <= 2 R + deviation`` w.p. at least ``1 - delta``.

    For a loss class G with values in ``[0, M]`` (Bartlett and Mendelson 2002,
    Theorem 8; Mohri et al. 2018, Theorem 3.3): with the expected complexity
    ``R = R_N(G)``, ``2 R + M sqrt(ln(k/delta) / (2N))``; with the empirical
    ``R = R_S(G)`` (``empirical=True``), ``2 R + 3 M sqrt(ln(2k/delta) / (2N))``;
    ``k = 2`` for the two-sided ``sup_f |L(f) - L_S(f)|``.  For ``G`` the
    composition of an ``L``-Lipschitz loss with a class F, ``R_N(G) <= L R_N(F)``
    (Talagrand's contraction lemma): pass ``L R_N(F)``.

    Examples
    --------
    >>> round(rademacher_generalization_bound(0.01, 1000, 0.05, two_sided=True), 6)
    0.062947
    """
    complexity = float(complexity)
    check_argument(np.isfinite(complexity) and complexity >= 0, "complexity={!r} must be finite and >= 0",
                   complexity)
    if empirical:  # a union with the deviation of R_S from R_N: delta / 2 each, and the factor 3
        return 2 * complexity + 3 * mcdiarmid_deviation(N, delta / 2, loss_range=loss_range, two_sided=two_sided)
    return 2 * complexity + mcdiarmid_deviation(N, delta, loss_range=loss_range, two_sided=two_sided)


def ramp_loss(u, margin):
    """The ramp ``Phi_eta(u) = min(1, max(0, 1 - u / eta))`` of the margin bound, elementwise.

    It is 1 for ``u <= 0``, 0 for ``u >= eta``, and ``1/eta``-Lipschitz:
    ``1[u <= 0] <= Phi_eta(u) <= exp(-u / eta)``.

    Examples
    --------
    >>> ramp_loss(np.array([-1.0, 0.5, 2.0]), 1.0)
    array([1. , 0.5, 0. ])
    """
    u = check_array(u, "u")
    margin = check_positive(margin, "margin")
    return np.clip(1.0 - u / margin, 0.0, 1.0)


@dataclass(frozen=True)
class Coverage:
    """How often a bound failed over independently drawn training sets.

    Attributes
    ----------
    failures, trials : int
    rate : float
        ``failures / trials``.
    standard_error : float
        ``sqrt(rate (1 - rate) / trials)`` (binomial; 0 when no failure).
    """

    failures: int
    trials: int
    rate: float
    standard_error: float


def coverage(trial, trials, rng=0):
    """Run ``trial(rng) -> bool`` (True when the bound failed) `trials` times and count the failures.

    Each trial draws its own training set from the generator it is given;
    the trials share one generator, so the run reproduces from `rng`.

    Examples
    --------
    >>> c = coverage(lambda rng: rng.random() < 0.1, 1000, rng=1)
    >>> abs(c.rate - 0.1) < 3 * c.standard_error
    True
    """
    trials = check_int(trials, "trials", minimum=1)
    rng = _check_rng(rng)
    failures = sum(bool(trial(rng)) for _ in range(trials))
    rate = failures / trials
    return Coverage(failures, trials, rate, math.sqrt(rate * (1 - rate) / trials))

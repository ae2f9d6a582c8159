"""Critical points of small networks' losses: found from many starts, counted up to symmetry, classified.

:func:`critical_points` solves ``grad L(theta) = 0`` from random starts with
Powell's hybrid method (MINPACK ``hybrj``, a trust-region Newton method on the
gradient, through :func:`scipy.optimize.root`), using the exact gradient and the
exact Hessian as its Jacobian (:mod:`numerics.derivatives`).  Unlike gradient
descent it is attracted by saddles as much as by minima (Dauphin et al. 2014
locate saddles the same way); starts that end at a local minimum of
``||grad L||`` that is not a zero (a "pseudo-critical" point) are counted as
failures, never as critical points.

The converged points are then

- deduplicated up to the symmetries of the net (:func:`equivalent`): the
  permutations of each hidden layer's units, sign flips of a unit when the
  activation is odd or even, and the rescaling ``(w_j, a_j) -> (c w_j, a_j / c^k)``
  when it is homogeneous of degree ``k`` (ReLU, ``z**k``);
- classified by the eigenvalues of the exact Hessian (:func:`classify`): the
  *index* (negative eigenvalues) and the *nullity* (zero eigenvalues, up to a
  relative tolerance).  A point whose nullity exceeds the dimension of its
  rescaling orbit lies on a continuum of critical points (a unit with zero output
  weight, a ReLU plateau): it is *degenerate*, and degenerate points on one
  continuum cannot be told apart by symmetry, so they are grouped by loss value.

ReLU losses have continua of critical points everywhere (their rescaling orbits); for counts use a
polynomial activation that is not homogeneous (``degree=(0, 1, 1, 1)`` for
``z + z^2 + z^3``) on a net whose parameters do not outnumber the dimension of the
polynomials it computes, or ``tanh``.

References: Y. Dauphin et al., NIPS 2014; J. Pennington, Y. Bahri, ICML 2017
(critical points of network losses by minimising the gradient norm); M. J. D.
Powell, "A hybrid method for nonlinear equations", 1970; J. J. More, B. S.
Garbow, K. E. Hillstrom, MINPACK, ANL-80-74, 1980.
"""

from typing import NamedTuple

import numpy as np

from numerics.derivatives import loss as _loss
from numerics.derivatives import loss_gradient, loss_hessian
from numerics.errors import InvalidArgument, check_argument, check_array, check_int, check_positive
from numerics.nets import _check_rng, _check_sizes, activation_functions, unflatten

__all__ = ["Census", "CriticalPoint", "classify", "critical_points", "equivalent", "symmetries"]


class CriticalPoint(NamedTuple):
    """One critical point (a representative of its symmetry class) and its Hessian signature."""

    point: np.ndarray  # flat parameters, in the order of numerics.nets.flatten
    loss: float
    gradient_norm: float
    index: int  # negative Hessian eigenvalues
    nullity: int  # zero Hessian eigenvalues (relative tolerance)
    orbit: int  # dimension of its rescaling orbit: the nullity the symmetries alone explain
    eigenvalues: np.ndarray  # the Hessian's, ascending
    hits: int  # starts that converged to it (to its symmetry class, or to its continuum if degenerate)

    @property
    def degenerate(self):
        """Whether the Hessian has more null directions than the rescaling orbit explains (a continuum)."""
        return self.nullity > self.orbit

    @property
    def kind(self):
        """``"minimum"``, ``"saddle"`` or ``"maximum"`` by the index (a degenerate point of index 0 may still be
        a degenerate saddle: second-order information cannot decide)."""
        if self.index == 0:
            return "minimum"
        return "maximum" if self.index + self.nullity == self.eigenvalues.size else "saddle"


class Census(NamedTuple):
    """The distinct critical points found (sorted by loss) and what became of the other starts."""

    points: list
    starts: int
    failures: int  # starts that stopped at a nonzero minimum of ||grad L|| or ran off beyond max_norm

    def counts(self, *, degenerate=False):
        """``{index: number of distinct points}`` over the non-degenerate points (or the degenerate ones)."""
        out = {}
        for p in self.points:
            if p.degenerate == degenerate:
                out[p.index] = out.get(p.index, 0) + 1
        return dict(sorted(out.items()))


def symmetries(activation, degree=None):
    """The discrete and continuous symmetries of one hidden unit for an activation.

    Returns
    -------
    parity : int or None
        ``1`` if ``sigma`` is even (a unit's incoming weights can change sign), ``-1`` if odd (incoming and
        outgoing weights change sign together), None otherwise.
    homogeneity : int or None
        ``k`` if ``sigma(c z) = c^k sigma(z)`` for ``c > 0`` (ReLU: 1, ``z**k``: k), else None.

    Examples
    --------
    >>> symmetries("relu"), symmetries("tanh"), symmetries("poly", 2), symmetries("poly", (0, 1, 1))
    ((None, 1), (-1, None), (1, 2), (None, None))
    """
    activation_functions(activation, degree)  # validates
    if activation in ("relu", "tanh", "logistic"):
        return {"relu": (None, 1), "tanh": (-1, None), "logistic": (None, None)}[activation]
    powers = (np.nonzero(np.asarray(degree, dtype=float))[0] if np.ndim(degree)
              else np.array([1 if activation == "linear" else degree]))
    monomial = powers.size == 1 and powers[0] > 0  # c z^k: homogeneous of degree k
    check_argument(not (monomial and powers[0] == 1),
                   "deep linear nets have a continuous GL(n) symmetry in every hidden layer: their critical points "
                   "are never isolated up to permutations and rescalings")
    parity = 1 if np.all(powers % 2 == 0) else -1 if np.all(powers % 2 == 1) else None
    return parity, int(powers[0]) if monomial else None


def _layers(theta, sizes, biased):
    if biased:
        weights, biases = unflatten(theta, sizes, biases=True)
        return [w.copy() for w in weights], [b.copy() for b in biases]
    return [w.copy() for w in unflatten(theta, sizes)], None


def _normalised(theta, sizes, biased, homogeneity):
    """Every hidden unit rescaled to unit incoming norm (when the activation allows it)."""
    weights, biases = _layers(theta, sizes, biased)
    if homogeneity is not None:
        for i in range(len(weights) - 1):
            incoming = weights[i] if biases is None else np.hstack([weights[i], biases[i][:, None]])
            c = np.linalg.norm(incoming, axis=1)
            c = np.where(c > 0, c, 1.0)
            weights[i] /= c[:, None]
            if biases is not None:
                biases[i] /= c
            weights[i + 1] *= c[None, :] ** homogeneity
    return weights, biases


def equivalent(a, b, sizes, *, activation, degree=None, biases=False, rtol=1e-6):
    """Whether two parameter vectors are related by a symmetry of the net (:func:`symmetries`), up to `rtol`.

    Layer by layer, the units of ``b`` are matched to those of ``a`` by an optimal assignment
    (:func:`scipy.optimize.linear_sum_assignment`) on their incoming weights (each unit rescaled to unit norm
    when the activation is homogeneous), allowing the sign flips the activation permits, and on their outgoing
    weights (exactly in the last hidden layer, as a multiset of absolute values before it); the matched ``b``
    must then equal ``a`` to ``rtol (1 + ||a||)``.  Exact for generic parameters; units that tie on all of
    these (possible only for special parameters) may be matched wrongly, giving a false ``False``.

    Examples
    --------
    >>> a = np.array([1.0, 2.0, 3.0, 4.0])              # 1-2-1, sigma = z^2: units (1, 3) and (2, 4)
    >>> b = np.array([-4.0, 1.0, 1.0, 3.0])             # swapped, and (2, 4) -> (-2 * 2, 4 / (-2)^2)
    >>> equivalent(a, b, [1, 2, 1], activation="poly", degree=2)
    True
    >>> equivalent(a, b, [1, 2, 1], activation="poly", degree=(0, 1, 1))
    False
    """
    from scipy.optimize import linear_sum_assignment

    sizes = _check_sizes(sizes)
    parity, homogeneity = symmetries(activation, degree)
    a = check_array(a, "a", ndim=1)
    b = check_array(b, "b", shape=a.shape)
    Wa, ba = _normalised(a, sizes, biases, homogeneity)
    Wb, bb = _normalised(b, sizes, biases, homogeneity)
    signs = (1.0, -1.0) if parity is not None else (1.0,)
    out_sign = {1: 1.0, -1: -1.0, None: 1.0}[parity]
    for i in range(len(Wa) - 1):
        inc_a = Wa[i] if ba is None else np.hstack([Wa[i], ba[i][:, None]])
        inc_b = Wb[i] if bb is None else np.hstack([Wb[i], bb[i][:, None]])
        last = i == len(Wa) - 2
        cost, flip = np.full((inc_a.shape[0],) * 2, np.inf), np.ones((inc_a.shape[0],) * 2)
        for s in signs:
            c = np.linalg.norm(inc_a[:, None, :] - s * inc_b[None, :, :], axis=2)
            if last:
                c = c + np.abs(Wa[i + 1][0][:, None] - (out_sign if s < 0 else 1.0) * Wb[i + 1][0][None, :])
            else:  # the multiset of |outgoing weights|: invariant under the next layer's symmetries
                oa, ob = np.sort(np.abs(Wa[i + 1]), axis=0).T, np.sort(np.abs(Wb[i + 1]), axis=0).T
                c = c + np.linalg.norm(oa[:, None, :] - ob[None, :, :], axis=2)
            flip = np.where(c < cost, s, flip)
            cost = np.minimum(c, cost)
        _, order = linear_sum_assignment(cost)
        s = flip[np.arange(order.size), order]
        Wb[i] = Wb[i][order] * s[:, None]
        if bb is not None:
            bb[i] = bb[i][order] * s
        Wb[i + 1] = Wb[i + 1][:, order] * np.where(s < 0, out_sign, 1.0)[None, :]
    flat_a = np.concatenate([p.ravel() for p in (Wa if ba is None else [q for pair in zip(Wa, ba) for q in pair])])
    flat_b = np.concatenate([p.ravel() for p in (Wb if bb is None else [q for pair in zip(Wb, bb) for q in pair])])
    return bool(np.linalg.norm(flat_a - flat_b) <= rtol * (1.0 + np.linalg.norm(flat_a)))


def classify(eigenvalues, *, rtol=1e-8):
    """``(index, nullity)`` of a symmetric matrix from its eigenvalues: eigenvalues with
    ``|lambda| <= rtol max |lambda|`` count as zero.

    Examples
    --------
    >>> classify([-2.0, 1e-15, 3.0])
    (1, 1)
    """
    ev = check_array(eigenvalues, "eigenvalues", ndim=1)
    rtol = check_positive(rtol, "rtol")
    threshold = rtol * max(np.abs(ev).max(initial=0.0), np.finfo(float).tiny)
    return int(np.sum(ev < -threshold)), int(np.sum(np.abs(ev) <= threshold))


def critical_points(sizes, X, y, *, starts=100, rng, scale=1.0, descent=0, decay=0.0, loss="square",
                    activation="poly", degree=None, biases=False, gtol=1e-9, rtol=1e-8, max_norm=1e3):
    r"""Critical points of a small net's loss from ``starts`` random starts, up to symmetry, classified.

    Parameters
    ----------
    sizes : sequence of int
        ``[d, n_1, ..., 1]``.
    X, y : array_like
        The data, ``(N, d)`` and ``(N,)``.
    starts : int
        Random starts, ``theta_0 ~ N(0, scale^2 I)``.
    rng : numpy.random.Generator or int
    descent : int
        Before the Newton solve, each start descends the loss for a number of L-BFGS iterations drawn uniformly
        from ``0..descent`` (Dauphin et al. start from points along descent trajectories): without it Newton's
        basins are dominated by the highly degenerate critical sets near ``theta = 0``.
    decay : float
        Weight decay: the function is ``L(theta) + decay ||theta||^2``.  With ``decay > 0`` it is coercive, so
        minima are attained (without it the infimum of a polynomial net's loss can lie at infinity, and the
        starts that descend towards it are failures), and the rescaling orbits and dead-unit continua collapse
        to isolated points.
    loss, activation, degree, biases
        As in :func:`numerics.derivatives.loss` (``biases=True``: every layer has one).
    gtol : float
        A start converged when ``||grad L|| <= gtol (1 + L)`` at its end point.
    rtol : float
        Relative tolerance for zero Hessian eigenvalues (:func:`classify`) and for the symmetry test
        (:func:`equivalent`, at ``sqrt(rtol)``: points on the same orbit agree to the solver's accuracy).
    max_norm : float
        End points with ``||theta|| > max_norm`` (critical points "at infinity", where units saturate or
        weights diverge) are failures.

    Returns
    -------
    Census
        The distinct critical points (degenerate ones grouped by loss), sorted by loss, with the number of
        starts that reached each.

    Examples
    --------
    ``L(a, w) = (a (w + w^2) - 1)^2``: the minima ``a (w + w^2) = 1`` form a curve (degenerate: one zero
    eigenvalue along it), and ``(a, w) = (0, 0)`` and ``(0, -1)`` are two saddles of index 1.

    >>> census = critical_points([1, 1, 1], [[1.0]], [1.0], starts=40, rng=0, degree=(0, 1, 1))
    >>> census.counts(), census.counts(degenerate=True)
    ({1: 2}, {0: 1})
    >>> [(p.kind, p.nullity, round(p.loss, 12)) for p in census.points]
    [('minimum', 1, 0.0), ('saddle', 0, 1.0), ('saddle', 0, 1.0)]
    """
    from scipy.optimize import minimize, root

    sizes = _check_sizes(sizes)
    starts = check_int(starts, "starts", minimum=1)
    descent = check_int(descent, "descent", minimum=0)
    check_argument(np.isfinite(decay) and decay >= 0, "decay={!r} must be a finite float >= 0", decay)
    rng = _check_rng(rng)
    scale, gtol, max_norm = (check_positive(v, n) for v, n in ((scale, "scale"), (gtol, "gtol"),
                                                                (max_norm, "max_norm")))
    parity, homogeneity = symmetries(activation, degree)
    X = check_array(X, "X", ndim=2)
    check_argument(X.shape[1] == sizes[0], "X has {} columns but sizes[0] = {}", X.shape[1], sizes[0])
    size = sum(m * (n + biases) for n, m in zip(sizes[:-1], sizes[1:]))
    options = {"loss": loss, "activation": activation, "degree": degree}

    def net(theta):
        if biases:
            weights, b = unflatten(theta, sizes, biases=True)
            return weights, b
        return unflatten(theta, sizes), None

    def value(theta):
        weights, b = net(theta)
        return _loss(weights, X, y, biases=b, **options) + decay * theta @ theta

    def gradient(theta):
        weights, b = net(theta)
        return loss_gradient(weights, X, y, biases=b, **options) + 2.0 * decay * theta

    def hessian(theta):
        weights, b = net(theta)
        return loss_hessian(weights, X, y, biases=b, **options) + 2.0 * decay * np.eye(theta.size)

    hessian(np.zeros(size))  # validates X, y and the options once: later errors are the solver's overflows
    found, failures = [], 0
    for _ in range(starts):
        start, iterations = scale * rng.standard_normal(size), int(rng.integers(0, descent + 1))
        try:
            with np.errstate(all="ignore"):
                if iterations:
                    start = minimize(lambda t: (value(t), gradient(t)), start, jac=True, method="L-BFGS-B",
                                     options={"maxiter": iterations}).x
                end = root(gradient, start, jac=hessian, method="hybr", options={"xtol": 1e-14}).x
        except InvalidArgument:  # a step to NaN or to weights where the loss overflows
            failures += 1
            continue
        if not np.all(np.isfinite(end)) or np.linalg.norm(end) > max_norm:
            failures += 1
            continue
        weights, b = net(end)
        at, g = float(value(end)), float(np.linalg.norm(gradient(end)))
        if g > gtol * (1.0 + at):
            failures += 1
            continue
        eigenvalues = np.linalg.eigvalsh(hessian(end))
        index, nullity = classify(eigenvalues, rtol=rtol)
        orbit = 0
        if homogeneity is not None and decay == 0:  # a rescaling direction per unit with weights in and out
            blocks = weights if b is None else [np.hstack([w, c[:, None]]) for w, c in zip(weights, b)]
            orbit = sum(int(np.sum((np.linalg.norm(blocks[i], axis=1) > 0) & (np.abs(weights[i + 1]).sum(0) > 0)))
                        for i in range(len(weights) - 1))
        point = CriticalPoint(end, at, g, index, nullity, orbit, eigenvalues, 1)
        for k, other in enumerate(found):
            same_loss = abs(other.loss - at) <= np.sqrt(rtol) * (1.0 + abs(at))
            if same_loss and (point.degenerate and other.degenerate or
                              equivalent(other.point, end, sizes, activation=activation, degree=degree,
                                         biases=biases, rtol=np.sqrt(rtol))):
                found[k] = other._replace(hits=other.hits + 1)
                break
        else:
            found.append(point)
    return Census(sorted(found, key=lambda p: (p.loss, p.index)), starts, failures)

"""Paths between minima: loss along straight lines and Bezier curves, and the nudged elastic band.

- :func:`bezier` and :func:`fit_bezier`: the quadratic Bezier curve
  ``(1-t)^2 w_0 + 2t(1-t) c + t^2 w_1`` and its control point ``c`` trained to
  minimise the mean loss along the curve (Garipov et al. 2018), here with the
  expectation over ``t ~ U[0, 1]`` computed by Gauss-Legendre quadrature and
  L-BFGS instead of SGD over sampled ``t``;
- :func:`neb`: the nudged elastic band (Jonsson, Mills, Jacobsen 1998; Henkelman
  and Jonsson 2000, improved tangent): the true force perpendicular to the path,
  the spring force parallel to it; the plain elastic band and springless variants
  are options, to show why the nudging matters.

The barrier of a path is ``max_t L(path(t)) - max(L(w_0), L(w_1))``.
"""

from typing import NamedTuple

import numpy as np

from numerics.errors import check_argument, check_array, check_int, check_positive

__all__ = ["Band", "bezier", "fit_bezier", "neb"]


def bezier(start, control, end, t):
    """Points ``(1-t)^2 start + 2t(1-t) control + t^2 end`` for each ``t``, shape ``(len(t), d)``.

    Examples
    --------
    >>> bezier(np.array([-1.0, 0.0]), np.array([0.0, 2.0]), np.array([1.0, 0.0]), np.array([0.0, 0.5, 1.0]))
    array([[-1.,  0.],
           [ 0.,  1.],
           [ 1.,  0.]])
    """
    t = np.asarray(t, float)[:, None]
    return (1 - t) ** 2 * start + 2 * t * (1 - t) * control + t**2 * end


def fit_bezier(loss, grad, start, end, *, control=None, nodes=64):
    r"""The control point minimising the mean loss ``E_{t ~ U[0,1]} L(bezier(t))`` along a quadratic Bezier curve.

    The expectation is a ``nodes``-point Gauss-Legendre rule on ``[0, 1]`` (exact for
    polynomial losses of degree below ``2 nodes / 2``); its gradient in the control
    point is ``E_t[2t(1-t) grad L(bezier(t))]``; minimised by L-BFGS from the
    midpoint of the segment (or `control`).

    Parameters
    ----------
    loss, grad : callable
        ``loss(points) -> (n,)`` and ``grad(points) -> (n, d)`` for points ``(n, d)``.
    start, end : array_like, shape (d,)

    Returns
    -------
    numpy.ndarray, shape (d,)

    Examples
    --------
    The ring ``(x^2 + y^2 - 1)^2`` from ``(-1, 0)`` to ``(1, 0)``: the mean-loss optimum
    is ``(0, 3/sqrt 2)``.

    >>> ring = lambda P: ((P**2).sum(1) - 1) ** 2
    >>> ring_grad = lambda P: 4 * ((P**2).sum(1) - 1)[:, None] * P
    >>> c = fit_bezier(ring, ring_grad, [-1.0, 0.0], [1.0, 0.0], control=[0.0, 1.0])
    >>> np.round(c, 6).tolist(), round(3 / 2**0.5, 6)
    ([0.0, 2.12132], 2.12132)
    """
    from scipy.optimize import minimize

    start, end = check_array(start, "start", ndim=1), check_array(end, "end", shape=np.shape(start))
    nodes = check_int(nodes, "nodes", minimum=2)
    t, w = np.polynomial.legendre.leggauss(nodes)
    t, w = (t + 1) / 2, w / 2
    c0 = (start + end) / 2 if control is None else check_array(control, "control", shape=start.shape)

    def objective(c):
        P = bezier(start, c, end, t)
        return float(w @ loss(P)), (w * 2 * t * (1 - t)) @ grad(P)

    found = minimize(objective, c0, jac=True, method="L-BFGS-B", options={"gtol": 1e-12, "ftol": 1e-15,
                                                                          "maxiter": 10_000})
    return found.x


class Band(NamedTuple):
    """The images of an elastic band (endpoints included), their losses, the largest residual force on an
    image (Euclidean norm) and the iterations taken."""

    images: np.ndarray
    losses: np.ndarray
    force: float
    iterations: int


def _tangents(X, E):
    """The improved tangents of Henkelman and Jonsson (2000) at the interior images: towards the higher
    neighbour, and at an extremum of the energy a bisection weighted by the energy differences."""
    forward, backward = X[2:] - X[1:-1], X[1:-1] - X[:-2]
    up, down = E[2:] > E[1:-1], E[:-2] > E[1:-1]
    tau = np.where((up & ~down)[:, None], forward, np.where((down & ~up)[:, None], backward, 0.0))
    mixed = ~(up ^ down)
    big = np.maximum(np.abs(E[2:] - E[1:-1]), np.abs(E[:-2] - E[1:-1]))[:, None]
    small = np.minimum(np.abs(E[2:] - E[1:-1]), np.abs(E[:-2] - E[1:-1]))[:, None]
    higher = (E[2:] > E[:-2])[:, None]
    tau = np.where(mixed[:, None], np.where(higher, forward * big + backward * small,
                                            forward * small + backward * big), tau)
    return tau / np.maximum(np.linalg.norm(tau, axis=1, keepdims=True), 1e-300), forward, backward


def _band_forces(X, E, G, spring, nudged, springs, climbing):
    tau, forward, backward = _tangents(X, E)
    if not nudged:
        return -G + (spring * (forward - backward) if springs else 0.0)
    parallel = (G * tau).sum(1, keepdims=True) * tau
    F = -(G - parallel)
    if springs:
        stretch = np.linalg.norm(forward, axis=1) - np.linalg.norm(backward, axis=1)
        F += spring * stretch[:, None] * tau
    if climbing:  # the highest image climbs along the tangent and feels no spring (Henkelman et al. 2000)
        top = int(np.argmax(E[1:-1]))
        F[top] = -G[top] + 2.0 * parallel[top]
    return F


def neb(loss, grad, start, end, *, images=21, spring=5.0, step=0.01, iterations=20_000, nudged=True, springs=True,
        path=None, max_move=None, method="euler", climbing=False, tol=0.0):
    r"""Relax an elastic band of images between two minima: the nudged elastic band by default.

    Each interior image feels ``F_i = -grad L_perp + k (|x_(i+1) - x_i| - |x_i - x_(i-1)|) tau_i``
    (nudged: the true force's component along the tangent ``tau_i`` is removed, the spring acts along
    ``tau_i`` only); ``tau_i`` is the improved tangent of Henkelman and Jonsson (2000)
    (towards the higher neighbour, bisected at extrema).  ``nudged=False`` gives the
    plain elastic band (full gradient and full spring force: it cuts corners);
    ``springs=False`` lets each image descend on its own (the images slide into the
    minima).  With ``climbing=True`` the highest image instead feels ``-grad L + 2 (grad L . tau) tau``:
    it climbs to the saddle point (the climbing-image NEB).  The endpoints stay fixed.

    Parameters
    ----------
    loss, grad : callable
        Vectorised over points ``(n, d)``.
    start, end : array_like, shape (d,)
    images : int
        Images including the endpoints.
    step : float
        The explicit step (``method="euler"``: ``x += step F``) or FIRE's initial time step (``"fire"``; at
        most ten times it later).
    path : array_like, optional
        Initial images ``(images, d)``; the straight segment by default.
    max_move : float, optional
        Cap on each image's displacement per iteration (explicit steps are unstable where the curvature exceeds
        ``2 / step``, as on network losses).
    method : {"euler", "fire"}
        Steepest descent on the band forces with a fixed step, or FIRE (Bitzek, Koskinen, Gaehler, Moseley, Gumbsch,
        Phys. Rev. Lett. 97 (2006) 170201): damped dynamics whose velocity is mixed towards the force,
        whose time step grows while the power ``F . v`` stays positive and which stops dead when it turns
        negative; it converges on stiff losses where fixed steps oscillate.
    tol : float
        Stop once every interior image's residual force has Euclidean norm ``<= tol``.

    Returns
    -------
    Band
        A band that diverges (fixed steps above ``2 / curvature`` do) stops at once, with ``force = inf``.

    Examples
    --------
    >>> E = lambda P: (P[:, 0]**2 - 1)**2 + (P[:, 1] - P[:, 0]**2 / 2 + 0.5)**2
    >>> def dE(P):
    ...     r = P[:, 1] - P[:, 0]**2 / 2 + 0.5
    ...     return np.stack([4 * P[:, 0] * (P[:, 0]**2 - 1) - 2 * r * P[:, 0], 2 * r], axis=1)
    >>> band = neb(E, dE, [-1.0, 0.0], [1.0, 0.0], iterations=5000)
    >>> round(float(band.losses.max()), 4)  # the saddle (0, -1/2)
    1.0
    >>> band = neb(E, dE, [-1.0, 0.0], [1.0, 0.0], images=8, method="fire", climbing=True, tol=1e-10)
    >>> float(band.losses.max()), band.force <= 1e-10  # an even number of images: no image starts at x = 0
    (1.0, True)
    """
    start, end = check_array(start, "start", ndim=1), check_array(end, "end", shape=np.shape(start))
    images = check_int(images, "images", minimum=3)
    spring, step = check_positive(spring, "spring"), check_positive(step, "step")
    iterations = check_int(iterations, "iterations", minimum=0)
    check_argument(method in ("euler", "fire"), "method={!r} must be 'euler' or 'fire'", method)
    check_argument(np.isfinite(tol) and tol >= 0, "tol={!r} must be a finite float >= 0", tol)
    X = (np.linspace(0, 1, images)[:, None] * (end - start) + start if path is None
         else check_array(path, "path", shape=(images, start.size)).copy())
    check_argument(np.allclose(X[0], start) and np.allclose(X[-1], end), "path must start at start and end at end")
    velocity, dt, alpha, positive = np.zeros_like(X[1:-1]), step, 0.1, 0
    force, done = np.inf, 0
    for done in range(1, iterations + 1):
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging band overflows: detected just below
            E = loss(X)
            F = _band_forces(X, E, grad(X[1:-1]), spring, nudged, springs, climbing)
            force = float(np.linalg.norm(F, axis=1).max())
        if not np.isfinite(force):  # diverged: nothing more to compute
            force = np.inf
            break
        if force <= tol:
            break
        if method == "euler":
            move = step * F
        else:  # FIRE with its published parameters: N_min = 5, f_inc 1.1, f_dec 0.5, alpha 0.1, f_alpha 0.99
            if (F * velocity).sum() > 0:
                norm_v, norm_f = np.linalg.norm(velocity), np.linalg.norm(F)
                velocity = (1 - alpha) * velocity + alpha * norm_v * F / norm_f
                positive += 1
                if positive > 5:
                    dt, alpha = min(1.1 * dt, 10 * step), 0.99 * alpha
            else:
                velocity, dt, alpha, positive = np.zeros_like(velocity), 0.5 * dt, 0.1, 0
            velocity = velocity + dt * F
            move = dt * velocity
        if max_move is not None:
            move *= np.minimum(1.0, max_move / np.maximum(np.linalg.norm(move, axis=1, keepdims=True), 1e-300))
        X[1:-1] += move
    else:
        force = float(np.linalg.norm(_band_forces(X, loss(X), grad(X[1:-1]), spring, nudged, springs, climbing),
                                     axis=1).max()) if iterations else force
    with np.errstate(over="ignore", invalid="ignore"):
        return Band(X, loss(X), force, done)

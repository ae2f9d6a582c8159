"""Gradient flows ``dw/dt = -grad L(w)`` integrated with SciPy, with an error budget."""

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from numerics.errors import InvalidArgument, check_array, check_positive

__all__ = ["FlowResult", "gradient_flow"]


@dataclass(frozen=True)
class FlowResult:
    """A gradient-flow trajectory sampled at requested times.

    Attributes
    ----------
    t : numpy.ndarray, shape (T,)
        The requested times.
    w : numpy.ndarray, shape (T, W)
        ``w(t)`` at those times.
    nfev : int
        Evaluations of the gradient, an upper bound on the integrator's steps.
    error_budget : float
        ``nfev * (atol + rtol * max |w|)``: a bound on the sum of the local
        error tolerances over all steps.  For a non-expansive flow (``L`` convex, so
        ``-grad L`` is monotone) local errors are not amplified and the global
        error of each component stays within this budget, up to the accuracy of
        the integrator's own error estimate.
    """

    t: np.ndarray
    w: np.ndarray
    nfev: int
    error_budget: float


def gradient_flow(gradient, w0, times, *, method="DOP853", rtol=1e-12, atol=1e-14):
    """Integrate ``dw/dt = -gradient(w)`` from ``w(0) = w0``.

    Parameters
    ----------
    gradient : callable
        ``gradient(w) -> (W,)``, the gradient of the loss at a flat parameter vector.
    w0 : array_like, shape (W,)
        The initial point.
    times : array_like, shape (T,)
        Increasing times ``>= 0`` at which to report ``w(t)``.
    method : str
        A :func:`scipy.integrate.solve_ivp` method; ``DOP853`` (explicit, order 8)
        by default, ``Radau`` or ``BDF`` for stiff flows.
    rtol, atol : float
        The integrator's local error tolerances.

    Returns
    -------
    FlowResult

    Raises
    ------
    InvalidArgument
        On malformed `w0` or `times`, or when the integrator fails (its message is
        included), for instance because the flow blows up.

    Examples
    --------
    The flow of ``L(w) = w^2`` from ``w0 = 1`` is ``exp(-2 t)``:

    >>> r = gradient_flow(lambda w: 2 * w, [1.0], [0.0, 1.0])
    >>> bool(abs(r.w[1, 0] - np.exp(-2.0)) < 1e-12)
    True
    """
    w0 = check_array(w0, "w0", ndim=1)
    times = check_array(times, "times", ndim=1)
    if times.size == 0 or times[0] < 0 or np.any(np.diff(times) <= 0):
        raise InvalidArgument(f"times must be a non-empty increasing array of times >= 0, got {times!r}")
    check_positive(rtol, "rtol")
    check_positive(atol, "atol")
    def field(t, w):
        if not np.all(np.isfinite(w)):
            raise InvalidArgument(f"the {method} integrator produced a non-finite state at t={t:.6g} from "
                                  f"w0={w0!r}; try another method")
        return -np.asarray(gradient(w), dtype=np.float64)

    solution = solve_ivp(
        field,
        (0.0, float(times[-1])),
        w0,
        method=method,
        t_eval=times,
        rtol=rtol,
        atol=atol,
    )
    if not solution.success:
        raise InvalidArgument(f"the gradient flow could not be integrated to t={times[-1]}: {solution.message}")
    w = solution.y.T
    nfev = int(solution.nfev)  # every step costs at least one evaluation: an upper bound on the steps
    return FlowResult(times, w, nfev, nfev * (atol + rtol * float(np.abs(w).max(initial=0.0))))

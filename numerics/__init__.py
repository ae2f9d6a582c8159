"""numerics: the NumPy/SciPy side of dl-theorems.

Array-in, array-out code that stands on its own: networks, exact derivatives,
flows and Hypothesis strategies.  It never imports SymPy or :mod:`theorems`.
Conventions are stated once in :mod:`numerics.conventions`.
"""

from numerics.derivatives import gauss_newton, hvp, jacobian, loss, loss_gradient, loss_hessian
from numerics.errors import InvalidArgument
from numerics.nets import flatten, forward, init, unflatten

__all__ = [
    "InvalidArgument",
    "flatten",
    "forward",
    "gauss_newton",
    "hvp",
    "init",
    "jacobian",
    "loss",
    "loss_gradient",
    "loss_hessian",
    "unflatten",
]

"""numerics: the NumPy/SciPy side of dl-theorems.

Array-in, array-out code that stands on its own: networks, exact derivatives,
flows and Hypothesis strategies.  It never imports SymPy or :mod:`theorems`.
Conventions are stated once in :mod:`numerics.conventions`.
"""

from numerics.lazy import lazy_names

_HOMES = {
    "InvalidArgument": "numerics.errors",
    "flatten": "numerics.nets",
    "forward": "numerics.nets",
    "gauss_newton": "numerics.derivatives",
    "hvp": "numerics.derivatives",
    "init": "numerics.nets",
    "jacobian": "numerics.derivatives",
    "loss": "numerics.derivatives",
    "loss_gradient": "numerics.derivatives",
    "loss_hessian": "numerics.derivatives",
    "unflatten": "numerics.nets",
}

__all__ = ["InvalidArgument", "flatten", "forward", "gauss_newton", "hvp", "init", "jacobian", "loss", "loss_gradient",
           "loss_hessian", "unflatten"]


# the names are imported on first use: a command pays only for what it uses
__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals())

"""numerics: the NumPy/SciPy side of dl-theorems.

Array-in, array-out code that stands on its own: networks, exact derivatives,
flows and Hypothesis strategies.  It never imports SymPy or :mod:`theorems`.
Conventions are stated once in :mod:`numerics.conventions`.
"""

import importlib
import importlib.util

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


def __getattr__(name):
    """Import the names (and submodules) of the package on first use (PEP 562): ``import numerics.errors`` alone
    should not cost SciPy's start-up."""
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
    elif importlib.util.find_spec(f"{__name__}.{name}") is not None:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))

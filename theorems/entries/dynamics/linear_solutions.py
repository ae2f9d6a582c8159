"""The limits of gradient flows on least squares: pseudo-inverse and nearest solutions, in SymPy and NumPy."""

import numpy as np
import scipy.linalg
import sympy as sp

__all__ = ["KAPPA_MAX", "NUMPY_OPS", "SYMPY_OPS"]

# The matrix operations a claim's formulas use, for exact (SymPy) and float64 (NumPy) evaluation.
SYMPY_OPS = {"pinv": lambda A: A.pinv(), "eye": sp.eye, "expm": lambda A: A.exp()}


NUMPY_OPS = {"pinv": np.linalg.pinv, "eye": np.eye, "expm": scipy.linalg.expm}


def _nearest_solution(X, y, w0, ops):
    """``X^+ y + (I - X^+ X) w0``: the least-squares solution nearest to ``w0``."""
    P = ops["pinv"](X)
    return P @ y + (ops["eye"](X.shape[1]) - P @ X) @ w0


def _pinv_solution(X, y, w0, ops):
    """``X^+ y`` whatever ``w0``: the mutant that forgets the start."""
    return ops["pinv"](X) @ y


KAPPA_MAX = 10.0

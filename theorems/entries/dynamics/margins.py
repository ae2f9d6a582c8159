"""Maximum-margin solutions, the growth of rho and helpers shared by the implicit-bias entries."""

import itertools

import numpy as np
import sympy as sp

from numerics import margins

__all__ = ["NUMPY_OPS", "SYMPY_OPS", "svm_exact"]


def svm_exact(Z):
    """The bias-free hard-margin SVM ``argmin ||w||^2`` s.t. ``Z w >= 1``, exactly, by its KKT conditions.

    Enumerates candidate support sets ``S`` (linearly independent rows of `Z`):
    ``w = Z_S^T alpha`` with ``Z_S w = 1``; the solution is the candidate with
    ``alpha >= 0`` and every margin ``>= 1`` (the problem is strictly convex, so it is unique).

    Parameters
    ----------
    Z : sympy.Matrix, shape (N, d)
        Rows ``y_n x_n``, exact.

    Returns
    -------
    sympy.Matrix, shape (d, 1)

    Raises
    ------
    ValueError
        If no candidate satisfies the KKT conditions: the data are not separable through the origin.

    Examples
    --------
    >>> svm_exact(sp.Matrix([[1, 1], [sp.Rational(3, 2), -sp.Rational(1, 2)], [2, sp.Rational(1, 2)]])).T
    Matrix([[3/4, 1/4]])
    """
    N, d = Z.shape
    for size in range(1, min(N, d) + 1):
        for S in itertools.combinations(range(N), size):
            ZS = Z.extract(list(S), list(range(d)))
            gram = ZS * ZS.T
            if gram.det() == 0:
                continue
            alpha = gram.LUsolve(sp.ones(size, 1))
            w = ZS.T * alpha
            if all(a >= 0 for a in alpha) and all(m >= 1 for m in Z * w):
                return w
    raise ValueError("the data are not linearly separable through the origin")


# The operations a claim's formulas use, exactly (SymPy) and in float64 (NumPy).
SYMPY_OPS = {"log": sp.log, "pinv": lambda A: A.pinv(), "ones": lambda n: sp.ones(n, 1),
             "svm": svm_exact}


NUMPY_OPS = {"log": np.log, "pinv": np.linalg.pinv, "ones": np.ones,
             "svm": lambda Z: margins.max_margin(Z, np.ones(Z.shape[0])).w}


def _log_t(t, ops):
    return ops["log"](t)


def _constant(t, ops):
    return 1 + 0 * t


# Exact instances {y_n x_n}: an asymmetric one (w^ = (3/4, 1/4)) and one in R^3 whose support vectors
# do not span the space (w~ is then free orthogonally to them).
_Q = sp.Rational


def _windows(run, target):
    """Records at ln(1/L) >= target/2, 3 target/4, target: the ends of two consecutive windows."""
    levels = -np.log(run.loss)
    return [int(np.searchsorted(levels, target * f)) for f in (0.5, 0.75, 1.0)]


_REFERENCES_MARGIN = (
    "D. Soudry, E. Hoffer, M. S. Nacson, S. Gunasekar, N. Srebro, \"The implicit bias of gradient descent on "
    "separable data\", JMLR 19(70), 2018, Theorem 3.",
    "K. Lyu, J. Li, \"Gradient descent maximizes the margin of homogeneous neural networks\", ICLR 2020.",
    "Z. Ji, M. Telgarsky, \"Directional convergence and alignment in deep learning\", NeurIPS 2020.",
    "C. L. Lawson, R. J. Hanson, Solving Least Squares Problems, Prentice-Hall 1974, chapter 23 (least distance "
    "programming by NNLS).",
)

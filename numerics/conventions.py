"""The conventions of :mod:`numerics`, stated once and cited from the docstrings.

Networks
    ``sizes = [d, n_1, ..., n_{K-1}, 1]``; a net is a list of ``K`` matrices
    ``W_k`` of shape ``(sizes[k], sizes[k-1])`` (``(out, in)``), the last one
    of shape ``(1, n_{K-1})``.  The output layer is linear:
    ``f(W; x) = W_K sigma(W_{K-1} ... sigma(W_1 x))``.  Nets are bias-free, as in
    the lectures, unless a list of per-layer biases ``b_k`` of shape
    ``(sizes[k],)`` is given; then ``sigma(W_k h + b_k)``.
Flat vectors
    ``theta`` concatenates ``W_k.ravel()`` (C order) layer by layer; with
    biases, each layer's bias follows its weights:
    ``[W_1.ravel(), b_1, W_2.ravel(), b_2, ...]``.
Data
    ``X`` has shape ``(N, d)`` (one row per example), labels ``y`` shape ``(N,)``.
Losses
    Sums over the data, as in the first lecture: ``square`` is
    ``sum_n (y_n - f(x_n))**2``, ``exp`` is ``sum_n exp(-y_n f(x_n))`` and
    ``logistic`` is ``sum_n log(1 + exp(-y_n f(x_n)))``.
ReLU at zero
    ``sigma'(0) = 0`` (``RELU_DERIVATIVE_AT_ZERO``) and ``sigma'' = 0``, so derivatives
    of ReLU nets (gradients, Jacobians, Hessians) are the almost-everywhere derivatives,
    extended to the kinks by the one-sided derivative from the inactive side
    (micrograd's ``out.data > 0``).
Arithmetic
    float64 throughout; ``UNIT_ROUNDOFF = 2**-53`` is the ``u`` of rounding-error
    bounds (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed.,
    2002, section 2.1).
Randomness
    A ``numpy.random.Generator`` passed in, or one built from an explicit integer
    seed; never global state.
"""

__all__ = ["RELU_DERIVATIVE_AT_ZERO", "UNIT_ROUNDOFF", "gamma"]

RELU_DERIVATIVE_AT_ZERO = 0.0
UNIT_ROUNDOFF = 2.0**-53


def gamma(n):
    """Higham's constant ``gamma_n = n u / (1 - n u)`` bounding ``n`` roundings.

    A dot product of length ``n`` computed in float64 satisfies
    ``|fl(x . y) - x . y| <= gamma_n |x| . |y|`` (Higham 2002, eq. (3.5)).

    Examples
    --------
    >>> gamma(0)
    0.0
    >>> gamma(1) > UNIT_ROUNDOFF
    True
    """
    nu = n * UNIT_ROUNDOFF
    return nu / (1.0 - nu)

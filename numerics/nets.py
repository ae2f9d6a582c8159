"""Fully connected networks as lists of weight matrices: forward pass, initialisation, flat vectors.

See :mod:`numerics.conventions` for shapes, the flat order and ReLU at zero.
"""

import numpy as np
from scipy.special import expit

from numerics.errors import InvalidArgument, check_argument, check_array, check_choice, check_int

__all__ = ["ACTIVATIONS", "activation_functions", "batch_norm", "flatten", "forward", "init", "sizes_of", "unflatten"]


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_prime(z):
    return (z > 0).astype(np.float64)  # sigma'(0) = 0, numerics.conventions


def _tanh_prime(z):
    return 1.0 - np.tanh(z) ** 2


def _tanh_second(z):
    t = np.tanh(z)
    return -2.0 * t * (1.0 - t**2)


def _logistic_prime(z):
    s = expit(z)
    return s * (1.0 - s)


def _logistic_second(z):
    s = expit(z)
    return s * (1.0 - s) * (1.0 - 2.0 * s)


ACTIVATIONS = {
    "relu": (_relu, _relu_prime, np.zeros_like),  # sigma'' = 0 almost everywhere: the a.e. Hessian
    "linear": (lambda z: z, np.ones_like, np.zeros_like),
    "tanh": (np.tanh, _tanh_prime, _tanh_second),
    "logistic": (expit, _logistic_prime, _logistic_second),
    "poly": None,  # z**degree, built by activation_functions
}
"""Activation name -> ``(sigma, sigma', sigma'')``, elementwise on arrays."""


def activation_functions(activation, degree=None):
    """Return ``(sigma, sigma', sigma'')`` for an activation name.

    Parameters
    ----------
    activation : str
        One of ``ACTIVATIONS``: ``relu``, ``linear``, ``tanh``, ``logistic`` or
        ``poly`` (``z**degree``, or the polynomial with coefficients ``degree``).
    degree : int or sequence of float, optional
        For ``poly``: the degree ``k >= 1`` of ``z**k``, or the coefficients
        ``(c_0, c_1, ..., c_k)`` of ``sum_j c_j z**j`` (e.g. ``(0, 1, 1)`` for the
        non-homogeneous surrogate ``z + z**2``, which has no rescaling symmetry);
        must be None for the others.

    Returns
    -------
    sigma, sigma_prime, sigma_second : callable
        Elementwise functions of an array.  For ReLU, ``sigma'(0) = 0`` and
        ``sigma'' = 0``: the almost-everywhere derivatives (:mod:`numerics.conventions`).

    Raises
    ------
    InvalidArgument
        On an unknown name or a `degree` that does not fit it.

    Examples
    --------
    >>> sigma, dsigma, _ = activation_functions("relu")
    >>> sigma(np.array([-1.0, 0.0, 2.0])), dsigma(np.array([-1.0, 0.0, 2.0]))
    (array([0., 0., 2.]), array([0., 0., 1.]))
    >>> [f(np.array([2.0])) for f in activation_functions("poly", degree=3)]
    [array([8.]), array([12.]), array([12.])]
    >>> [f(np.array([2.0])) for f in activation_functions("poly", degree=(0, 1, 1))]
    [array([6.]), array([5.]), array([2.])]
    """
    check_choice(activation, "activation", ACTIVATIONS)
    if activation != "poly":
        check_argument(degree is None, "degree={!r} is only meaningful with activation='poly'", degree)
        return ACTIVATIONS[activation]
    check_argument(degree is not None, "activation='poly' needs degree=k (an int >= 1) or coefficients (c_0, ..., c_k)")
    if np.ndim(degree):
        c = check_array(degree, "degree", ndim=1)
        check_argument(c.size >= 2 and np.any(c[1:]), "the polynomial activation with coefficients {!r} is constant",
                       tuple(degree))
        p = np.polynomial.Polynomial(c)
        dp, d2p = p.deriv(), p.deriv(2)
        return p, dp, d2p
    k = check_int(degree, "degree", minimum=1)
    if k == 1:
        return ACTIVATIONS["linear"]
    return (lambda z: z**k), (lambda z: k * z ** (k - 1)), (lambda z: k * (k - 1) * z ** (k - 2))


def sizes_of(weights):
    """Return the layer sizes ``[d, n_1, ..., 1]`` of `weights`, validating their shapes.

    Parameters
    ----------
    weights : sequence of array_like
        ``W_k`` of shape ``(n_k, n_{k-1})``, the last of shape ``(1, n_{K-1})``.

    Returns
    -------
    list of int

    Raises
    ------
    InvalidArgument
        If `weights` is empty, a matrix is not 2-D, contains NaN or infinity, or
        consecutive shapes do not chain.

    Examples
    --------
    >>> sizes_of([np.ones((3, 2)), np.ones((1, 3))])
    [2, 3, 1]
    >>> sizes_of([np.ones((3, 2)), np.ones((1, 4))])
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: weights[1].shape=(1, 4) does not match width 3 of weights[0] (expected (1, 3))
    """
    _check_weights(weights)
    return [weights[0].shape[1]] + [w.shape[0] for w in weights]


def _check_weights(weights):
    """Validate `weights` in place of use; return them as float64 arrays."""
    if isinstance(weights, np.ndarray) or not isinstance(weights, (list, tuple)):
        raise InvalidArgument(f"weights must be a list of 2-D arrays W_k, got {type(weights).__name__}")
    check_argument(len(weights) >= 1, "weights must hold at least one matrix, got an empty list")
    arrays = [check_array(w, f"weights[{k}]", ndim=2) for k, w in enumerate(weights)]
    for k in range(1, len(arrays)):
        width = arrays[k - 1].shape[0]
        if arrays[k].shape[1] != width:
            raise InvalidArgument(
                f"weights[{k}].shape={arrays[k].shape} does not match width {width} of weights[{k - 1}] "
                f"(expected ({arrays[k].shape[0]}, {width}))"
            )
    if arrays[-1].shape[0] != 1:
        raise InvalidArgument(f"the output layer weights[{len(arrays) - 1}] must have one row, got shape {arrays[-1].shape}")
    return arrays


def _check_net(weights, X, biases):
    """Validate a net and its inputs together; return float64 (weights, X, biases)."""
    weights = _check_weights(weights)
    X = check_array(X, "X", ndim=2)
    if X.shape[1] != weights[0].shape[1]:
        raise InvalidArgument(f"X.shape={X.shape} does not match the input width {weights[0].shape[1]} of weights[0]")
    if biases is not None:
        check_argument(
            isinstance(biases, (list, tuple)) and len(biases) == len(weights),
            "biases must be None or a list of {} vectors b_k, one per layer, got {!r}",
            len(weights),
            type(biases).__name__ if not isinstance(biases, (list, tuple)) else f"{len(biases)} vectors",
        )
        biases = [check_array(b, f"biases[{k}]", shape=(w.shape[0],)) for k, (b, w) in enumerate(zip(biases, weights))]
    return weights, X, biases


def _propagate(weights, X, biases, sigma):
    """Forward pass keeping every layer: pre-activations ``U_k`` and inputs ``H_{k-1}``.

    Returns ``(pre, inputs)``: ``pre[k]`` is ``(N, n_{k+1})``, the pre-activation
    of layer ``k+1``; ``inputs[k]`` is ``(N, n_k)``, the input of layer ``k+1``
    (``inputs[0] = X``).  The output is ``pre[-1][:, 0]`` (linear output layer).
    Raises InvalidArgument if a layer overflows, rather than return inf or NaN.
    """
    pre, inputs = [], [X]
    h = X
    for k, w in enumerate(weights):
        with np.errstate(over="ignore", invalid="ignore"):
            u = h @ w.T
            if biases is not None:
                u = u + biases[k]
        if not np.all(np.isfinite(u)):
            raise InvalidArgument(
                f"the pre-activations of layer {k} overflow float64 (inf or NaN): scale weights or X down"
            )
        pre.append(u)
        if k < len(weights) - 1:
            h = sigma(u)
            inputs.append(h)
    return pre, inputs


def forward(weights, X, *, activation="relu", degree=None, biases=None):
    """Evaluate the network on every row of `X`.

    Parameters
    ----------
    weights : list of array_like
        ``W_k`` of shape ``(n_k, n_{k-1})``; the last has shape ``(1, n_{K-1})``.
    X : array_like, shape (N, d)
        Inputs, one per row.
    activation : str
        ``relu`` (default), ``linear``, ``tanh``, ``logistic`` or ``poly``.
    degree : int, optional
        The degree of ``poly``.
    biases : list of array_like, optional
        ``b_k`` of shape ``(n_k,)`` for every layer; None for a bias-free net.

    Returns
    -------
    numpy.ndarray, shape (N,)
        ``f(W; x_n) = W_K sigma(... sigma(W_1 x_n + b_1) ...) + b_K``.

    Raises
    ------
    InvalidArgument
        On shapes that do not chain, NaN or infinity, or an unknown activation.

    Examples
    --------
    A 2-2-1 ReLU net:

    >>> W1 = np.array([[1.0, -1.0], [0.5, 2.0]])
    >>> a = np.array([[2.0, -1.0]])
    >>> forward([W1, a], np.array([[1.0, 0.0], [0.0, 1.0]]))
    array([ 1.5, -2. ])
    """
    sigma, _, _ = activation_functions(activation, degree)
    weights, X, biases = _check_net(weights, X, biases)
    pre, _ = _propagate(weights, X, biases, sigma)
    return pre[-1][:, 0]


def init(sizes, rng):
    """Draw a bias-free net with He-normal weights, ``W_k ~ N(0, 2 / n_{k-1})``.

    Parameters
    ----------
    sizes : sequence of int
        ``[d, n_1, ..., n_{K-1}, 1]``, at least two entries, all >= 1, last 1.
    rng : numpy.random.Generator or int
        The generator, or a seed for ``numpy.random.default_rng``.

    Returns
    -------
    list of numpy.ndarray
        ``W_k`` of shape ``(sizes[k], sizes[k-1])``.

    References
    ----------
    .. [1] K. He, X. Zhang, S. Ren, J. Sun, "Delving deep into rectifiers", ICCV 2015, eq. (10).

    Examples
    --------
    >>> [w.shape for w in init([3, 4, 1], 0)]
    [(4, 3), (1, 4)]
    """
    sizes = _check_sizes(sizes)
    rng = _check_rng(rng)
    return [rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def _check_sizes(sizes):
    check_argument(
        isinstance(sizes, (list, tuple)) and len(sizes) >= 2,
        "sizes={!r} must be a list [d, n_1, ..., 1] of at least two ints",
        sizes,
    )
    sizes = [check_int(n, f"sizes[{k}]", minimum=1) for k, n in enumerate(sizes)]
    check_argument(sizes[-1] == 1, "sizes={!r} must end with 1 (a scalar output)", sizes)
    return sizes


def _check_rng(rng):
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(check_int(rng, "rng", minimum=0))


def flatten(weights, biases=None):
    """Concatenate a net's parameters into one vector, layer by layer, C order.

    Examples
    --------
    >>> flatten([np.array([[1.0, 2.0]]), np.array([[3.0]])])
    array([1., 2., 3.])
    >>> flatten([np.array([[1.0, 2.0]]), np.array([[3.0]])], [np.array([9.0]), np.array([8.0])])
    array([1., 2., 9., 3., 8.])
    """
    weights = _check_weights(weights)
    if biases is None:
        return np.concatenate([w.ravel() for w in weights])
    _, _, biases = _check_net(weights, np.zeros((0, weights[0].shape[1])), biases)
    return np.concatenate([part for w, b in zip(weights, biases) for part in (w.ravel(), b)])


def unflatten(theta, sizes, *, biases=False):
    """Split a flat parameter vector into weight matrices (and biases).

    Parameters
    ----------
    theta : array_like, shape (W,)
        Parameters in the order of :func:`flatten`.
    sizes : sequence of int
        ``[d, n_1, ..., 1]``.
    biases : bool
        Whether `theta` holds a bias after each layer's weights.

    Returns
    -------
    list of numpy.ndarray, or (weights, biases) when `biases` is True.

    Raises
    ------
    InvalidArgument
        If the length of `theta` does not match `sizes`.

    Examples
    --------
    >>> unflatten(np.arange(3.0), [2, 1, 1])
    [array([[0., 1.]]), array([[2.]])]
    """
    sizes = _check_sizes(sizes)
    theta = check_array(theta, "theta", ndim=1)
    counts = [n_out * n_in + (n_out if biases else 0) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    if theta.size != sum(counts):
        raise InvalidArgument(f"theta has {theta.size} entries but sizes={sizes} (biases={biases}) needs {sum(counts)}")
    weights, bs, start = [], [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        weights.append(theta[start : start + n_out * n_in].reshape(n_out, n_in))
        start += n_out * n_in
        if biases:
            bs.append(theta[start : start + n_out])
            start += n_out
    return (weights, bs) if biases else weights


def batch_norm(Z, *, eps=0.0):
    r"""Batch normalization without its affine part: each column of `Z` centred and scaled over the batch.

    ``BN(Z)[n, i] = (Z[n, i] - mean_n Z[:, i]) / sqrt(var_n Z[:, i] + eps)`` with the biased (population) variance,
    as in training mode (Ioffe and Szegedy, ICML 2015, Algorithm 1).  With ``eps = 0`` it is invariant under
    ``Z -> c Z`` for every ``c > 0``, which is what makes a layer followed by batch normalization scale-invariant
    in its weights.  Complex arrays are accepted (no absolute values are taken), so that gradients through it can
    be taken by complex-step differentiation (:func:`numerics.derivatives.complex_step`).

    Parameters
    ----------
    Z : array_like, shape (N, m)
        A batch of ``N`` pre-activations of ``m`` units, ``N >= 2``.
    eps : float
        Added to the variance; 0 by default (exact scale invariance).

    Returns
    -------
    ndarray, shape (N, m)

    Raises
    ------
    InvalidArgument
        If `Z` is not 2-D with at least 2 rows, holds NaN or inf, or a column is constant while ``eps = 0``.

    Examples
    --------
    >>> batch_norm([[1.0, 10.0], [3.0, 30.0]])
    array([[-1., -1.],
           [ 1.,  1.]])
    """
    Z = np.asarray(Z)
    if not np.iscomplexobj(Z):
        Z = check_array(Z, "Z", ndim=2)
    check_argument(Z.ndim == 2 and Z.shape[0] >= 2, "Z must have shape (N, m) with N >= 2, got shape {}", Z.shape)
    check_argument(np.all(np.isfinite(Z)), "Z holds NaN or inf")
    check_argument(eps >= 0, "eps={!r} must be >= 0", eps)
    centred = Z - Z.mean(axis=0)
    variance = (centred**2).mean(axis=0)
    check_argument(eps > 0 or np.all(variance.real > 0), "a column of Z is constant over the batch: its variance is "
                   "0 and batch normalization with eps=0 is undefined")
    return centred / np.sqrt(variance + eps)

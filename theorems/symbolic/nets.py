"""Symbolic networks: small explicit nets whose weights are SymPy symbols.

ReLU is the SymPy function :class:`relu`, which differentiates to
``Heaviside(z, 0)`` (the convention ``sigma'(0) = 0`` of
:mod:`numerics.conventions`; SymPy's bare ``Heaviside(0)`` is 1/2).  A ReLU net is
a polynomial on each *activation region*, the set of weights and inputs with a
given pattern ``s = [u > 0]`` of hidden pre-activations; :meth:`SymbolicNet.on_region`
restricts any expression derived from the net (its output, its derivatives) to a
region, which turns piecewise identities into polynomial ones.
"""

import itertools

import sympy as sp

from numerics.errors import check_choice, check_int

__all__ = ["ACTIVATIONS", "SymbolicNet", "logistic", "relu"]


class relu(sp.Function):
    r"""The rectified linear unit ``max(0, z)``, with derivative ``Heaviside(z, 0)``.

    Evaluates when the sign of its argument is known.

    Examples
    --------
    >>> p = sp.Symbol("p", positive=True)
    >>> relu(p), relu(-p), relu(0)
    (p, 0, 0)
    >>> z = sp.Symbol("z", real=True)
    >>> sp.diff(relu(z), z)
    Heaviside(z, 0)
    >>> sp.latex(relu(z))
    '\\sigma\\left(z\\right)'
    """

    @classmethod
    def eval(cls, z):
        """``z`` when it is known to be positive, 0 when it is known to be non-positive, else unevaluated."""
        if z.is_positive:
            return z
        if z.is_nonpositive:
            return sp.S.Zero
        return None

    def fdiff(self, argindex=1):
        """``Heaviside(z, 0)``: the convention sigma'(0) = 0."""
        return sp.Heaviside(self.args[0], 0)

    def _eval_rewrite_as_Max(self, z, **kwargs):
        return sp.Max(0, z)

    def _latex(self, printer):
        return r"\sigma\left(%s\right)" % printer._print(self.args[0])


class logistic(sp.Function):
    r"""The logistic function ``1 / (1 + exp(-z))`` as one operation (a node of a computational graph).

    Its derivative is not typed in: :meth:`fdiff` differentiates the explicit formula (the identity
    ``sigma' = sigma (1 - sigma)`` is a theorem of the catalogue, ``backprop.logistic_derivative``).

    Examples
    --------
    >>> z = sp.Symbol("z", real=True)
    >>> sp.diff(logistic(z), z)
    exp(-z)/(1 + exp(-z))**2
    >>> logistic(0), logistic(z).rewrite(sp.exp)
    (1/2, 1/(1 + exp(-z)))
    """

    @classmethod
    def eval(cls, z):
        """1/2 at 0, else unevaluated."""
        if z.is_zero:
            return sp.S.Half
        return None

    def fdiff(self, argindex=1):
        """The derivative of the explicit formula, derived by SymPy."""
        u = sp.Dummy("u")
        return sp.diff(self._eval_rewrite_as_exp(u), u).xreplace({u: self.args[0]})

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    def _eval_evalf(self, prec):
        return self._eval_rewrite_as_exp(self.args[0])._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real


ACTIVATIONS = {
    "relu": relu,
    "linear": sp.Lambda(sp.Symbol("z"), sp.Symbol("z")),
    "tanh": sp.tanh,
    "logistic": sp.Lambda(sp.Symbol("z"), 1 / (1 + sp.exp(-sp.Symbol("z")))),
}
"""Activation name -> a SymPy callable; the names match :data:`numerics.nets.ACTIVATIONS`."""


class SymbolicNet:
    """A fully connected scalar-output net with symbolic weights.

    Parameters
    ----------
    sizes : sequence of int
        ``[d, n_1, ..., 1]`` as in :mod:`numerics.nets`.
    activation : str
        A name in :data:`ACTIVATIONS`.
    biases : bool
        Give every layer a bias vector of symbols.
    prefix : str
        Weight symbols are ``{prefix}{k}_{i}{j}`` (layer k, row i, column j, from 1).

    Attributes
    ----------
    weights : list of sympy.Matrix
        ``W_k`` of shape ``(n_k, n_{k-1})``, entries real symbols.
    biases : list of sympy.Matrix or None
    x : sympy.Matrix
        The input symbols ``x_1 .. x_d`` (a column).
    output : sympy.Expr
        ``f(W; x)``.

    Examples
    --------
    >>> net = SymbolicNet([2, 1, 1])
    >>> net.output
    w2_11*relu(w1_11*x1 + w1_12*x2)
    >>> net.on_region(net.output, ((1,),))
    w2_11*(w1_11*x1 + w1_12*x2)
    """

    def __init__(self, sizes, *, activation="relu", biases=False, prefix="w"):
        self.sizes = [check_int(n, f"sizes[{k}]", minimum=1) for k, n in enumerate(sizes)]
        self.activation = check_choice(activation, "activation", ACTIVATIONS)
        self.x = sp.Matrix([sp.Symbol(f"x{j + 1}", real=True) for j in range(self.sizes[0])])
        self.weights = [
            sp.Matrix(n_out, n_in, lambda i, j, k=k: sp.Symbol(f"{prefix}{k + 1}_{i + 1}{j + 1}", real=True))
            for k, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]))
        ]
        self.biases = None
        if biases:
            self.biases = [sp.Matrix(n, 1, lambda i, j, k=k: sp.Symbol(f"b{k + 1}_{i + 1}", real=True))
                           for k, n in enumerate(self.sizes[1:])]
        self.pre, self.output = self.forward(self.weights, self.biases)

    @property
    def depth(self):
        """The number of weight layers ``K``."""
        return len(self.weights)

    def parameters(self):
        """The weight symbols (then bias symbols of each layer) in the flat order of :mod:`numerics.nets`."""
        out = []
        for k, w in enumerate(self.weights):
            out.extend(w)
            if self.biases is not None:
                out.extend(self.biases[k])
        return out

    def forward(self, weights, biases=None, pattern=None):
        """Pre-activations of the hidden layers and the output for the given weight matrices.

        With a `pattern` (one tuple of 0/1 per hidden layer) the activation is
        replaced by the pattern (ReLU nets only): unit i of layer k outputs
        ``s_ki * u_ki``, the ReLU net's value on that activation region.

        Returns
        -------
        pre : list of list of sympy.Expr
            ``pre[k][i]`` is the pre-activation of unit i of hidden layer k+1.
        output : sympy.Expr
        """
        sigma = ACTIVATIONS[self.activation]
        h = self.x
        pre = []
        for k, w in enumerate(weights):
            u = w * h
            if biases is not None:
                u = u + biases[k]
            if k == len(weights) - 1:
                return pre, u[0, 0]
            pre.append(list(u))
            if pattern is None:
                h = u.applyfunc(sigma)
            else:
                h = sp.Matrix([s * v for s, v in zip(pattern[k], u)])
        raise AssertionError("unreachable: a net has at least one layer")

    def regions(self):
        """Every activation pattern of the hidden units (one empty pattern for non-ReLU nets)."""
        if self.activation != "relu":
            return [None]
        return list(itertools.product(*[list(itertools.product((0, 1), repeat=n)) for n in self.sizes[1:-1]]))

    def on_region(self, expr, pattern):
        """Restrict an expression derived from :attr:`output` to an activation region.

        Each ``relu(u_ki)`` becomes ``s_ki * u_ki`` and each ``Heaviside(u_ki, 0)``
        becomes ``s_ki``, innermost layer first, so that the result is the
        polynomial that `expr` equals at every point whose pattern ``[u > 0]`` is
        `pattern`.  Non-ReLU nets have the single pattern None (no change).
        """
        if pattern is None:
            return expr
        region_pre, _ = self.forward(self.weights, self.biases, pattern)
        replacements = {}
        for layer, units in enumerate(self.pre):
            for i, u in enumerate(units):
                s = pattern[layer][i]
                replacements[relu(u)] = s * region_pre[layer][i]
                replacements[sp.Heaviside(u, 0)] = sp.Integer(s)
        return expr.xreplace(replacements)

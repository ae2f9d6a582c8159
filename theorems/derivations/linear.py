r"""Vectors and matrices in derivations: their shapes, the expressions built from them, proofs by matrix algebra
and calculus for every shape, and explicit matrices for the shapes a check tries.

Conventions (docs/derivations.rst states them for users):

* a vector is a column; ``\mathbf x^\top \mathbf y`` and every product that comes out 1 x 1 is a scalar;
* the gradient ``\nabla_{\mathbf W} f`` of a scalar ``f`` has the shape of ``W`` (the denominator layout): its
  entry ``(i, j)`` is ``\partial f / \partial W_{ij}``;
* a dimension is a positive integer symbol: the one declared (``X: n x d``), or one named after the first object
  that has it (``n_{x}`` for an undeclared vector ``x``).

A step between matrices is *proved* when both sides expand to the same noncommutative polynomial in the
matrices, their transposes and inverses (traces compared up to cyclic order and transposition, determinants of
products of square factors split, gradients taken by the rules of matrix calculus), which makes it an identity
for every shape for which its products are defined; otherwise it is checked entrywise on explicit matrices
(:func:`explicit`) for several shapes, and never called proved.
"""

import re
from dataclasses import dataclass

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from numerics.errors import InvalidArgument

__all__ = ["Shape", "read_shape", "Gradient", "Scalar", "Symmetric", "prove", "explicit"]

_DIMENSION = re.compile(r"\s*([A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?|\d+)\s*")


@dataclass(frozen=True)
class Shape:
    """The declared shape of a vector (``cols == 1``) or matrix: dimensions as text (``"n"``, ``"3"``) or None
    when left to the chain."""

    rows: object = None
    cols: object = None
    symmetric: bool = False
    vector: bool = False


def _name(text):
    r"""The name the reader gives a LaTeX name: ``\Sigma`` is ``Sigma``, ``W_1`` is ``W_{1}``, ``\mathbf{x}`` is
    ``x``, ``\hat\theta`` is ``theta_hat``."""
    text = text.strip()
    m = re.fullmatch(r"\\(?:mathbf|boldsymbol|vec|bm)\s*\{?\s*\\?([A-Za-z]+)\s*\}?", text)
    if m:
        return m.group(1)
    m = re.fullmatch(r"\\(hat|bar|tilde)\s*\{?\s*\\?([A-Za-z]+)\s*\}?", text)
    if m:
        return f"{m.group(2)}_{m.group(1)}"
    m = re.fullmatch(r"\\?([A-Za-z]+)\s*_\s*\{?\s*([A-Za-z0-9]+)\s*\}?", text)
    if m:
        return f"{m.group(1)}_{{{m.group(2)}}}"
    if re.fullmatch(r"\\?[A-Za-z]+", text):
        return text.lstrip("\\")
    raise InvalidArgument(f"cannot read the name {text!r}")


def read_shape(text, kind):
    """``(name, Shape)`` from a declaration: ``"w"``, ``"w: d"``, ``"X: n x d"``, ``"Sigma: d x d symmetric"``
    (`kind` is ``"vector"`` or ``"matrix"``).

    Examples
    --------
    >>> read_shape("X: n x d", "matrix")
    ('X', Shape(rows='n', cols='d', symmetric=False, vector=False))
    >>> read_shape(r"\\mathbf w: 3", "vector")
    ('w', Shape(rows='3', cols='1', symmetric=False, vector=True))
    """
    name, _, spec = text.partition(":")
    words = spec.replace(",", " ").split()
    symmetric = "symmetric" in words
    words = [w for w in words if w != "symmetric"]
    dims = [d for d in re.split(r"\s*(?:\\times|×|x)\s*", " ".join(words)) if d.strip()] if words else []
    for d in dims:
        if not _DIMENSION.fullmatch(d):
            raise InvalidArgument(f"the {kind} {text!r}: {d!r} is not a dimension (a letter or a number)")
    if kind == "vector":
        if len(dims) > 1 or symmetric:
            raise InvalidArgument(f"the vector {text!r}: a vector has one dimension ('w: d')")
        return _name(name), Shape(dims[0].strip() if dims else None, "1", vector=True)
    if len(dims) not in (0, 2):
        raise InvalidArgument(f"the matrix {text!r}: write its shape as 'X: n x d'")
    rows, cols = (d.strip() for d in dims) if dims else (None, None)
    if symmetric and rows is not None and rows != cols:
        raise InvalidArgument(f"the matrix {text!r} is symmetric, so square")
    return _name(name), Shape(rows, cols, symmetric)


# -- the objects ------------------------------------------------------------------------------------------------

class Symmetric(sp.MatrixSymbol):
    """A symmetric matrix: its own transpose, and explicit with ``S[i, j] = S[j, i]``."""

    def _eval_transpose(self):
        return self

    def _entry(self, i, j, **kwargs):
        if i.is_number and j.is_number and i > j:
            i, j = j, i
        return MatrixElement(self, i, j)


class Scalar(sp.Function):
    """The entry of a 1 x 1 matrix expression, as a scalar: ``w^T x``."""

    nargs = 1
    is_real = True

    def doit(self, **hints):
        """The entry, once the shapes are numbers (before, the 1 x 1 product stays whole: SymPy would write
        its entry as an index sum)."""
        m = self.args[0]
        if isinstance(m, sp.MatrixBase):
            return m[0, 0]
        if all(d.is_number for x in m.atoms(sp.MatrixSymbol) for d in x.shape):
            return sp.Matrix(m.doit(**hints).as_explicit())[0, 0]
        return self

    def _latex(self, printer):
        return printer._print(self.args[0])

    def _sympystr(self, printer):
        return printer._print(self.args[0])


class Gradient(sp.MatrixExpr):
    r"""``\nabla_W f``: the matrix of the partial derivatives of the scalar ``f`` by the entries of ``W``."""

    def __new__(cls, f, wrt):
        return sp.Basic.__new__(cls, sp.sympify(f), wrt)

    @property
    def shape(self):
        return self.args[1].shape

    def _entry(self, i, j, **kwargs):
        return sp.Derivative(self.args[0], self.args[1][i, j])

    def doit(self, **hints):
        return self

    def _latex(self, printer):
        return rf"\nabla_{{{printer._print(self.args[1])}}} \left({printer._print(self.args[0])}\right)"

    def _sympystr(self, printer):
        return f"grad_{printer._print(self.args[1])}({printer._print(self.args[0])})"


class Column(sp.MatrixExpr):
    r"""The vector :math:`\mathbf x_n` of a family: column :math:`n` (from 1) of the matrix whose columns are the
    family's vectors."""

    def __new__(cls, family, index):
        return sp.Basic.__new__(cls, family, sp.sympify(index))

    @property
    def shape(self):
        return (self.args[0].shape[0], sp.S.One)

    def _entry(self, i, j, **kwargs):
        return self.args[0][i, self.args[1] - 1]

    def _latex(self, printer):
        return f"{printer._print(self.args[0])}_{{{printer._print(self.args[1])}}}"

    def _sympystr(self, printer):
        return f"{printer._print(self.args[0])}_{printer._print(self.args[1])}"


class PseudoInverse(sp.MatrixExpr):
    """The Moore-Penrose pseudo-inverse ``X^+`` (checked on explicit matrices; no rule of the normal form)."""

    def __new__(cls, matrix):
        return sp.Basic.__new__(cls, matrix)

    @property
    def shape(self):
        return self.args[0].shape[::-1]

    def _latex(self, printer):
        return rf"\left({printer._print(self.args[0])}\right)^{{+}}"

    def _sympystr(self, printer):
        return f"pinv({printer._print(self.args[0])})"


class MatrixSum(sp.MatrixExpr):
    r"""A sum of vectors or matrices over an index: :math:`\sum_{n=1}^{N} \mathbf x_n \mathbf x_n^\top`."""

    def __new__(cls, term, limit):
        return sp.Basic.__new__(cls, term, sp.Tuple(*limit))

    @property
    def shape(self):
        return self.args[0].shape

    def _entry(self, i, j, **kwargs):
        return sp.Sum(self.args[0]._entry(i, j, **kwargs), tuple(self.args[1]))

    def _latex(self, printer):
        v, low, high = self.args[1]
        return (rf"\sum_{{{printer._print(v)}={printer._print(low)}}}^{{{printer._print(high)}}} "
                rf"{printer._print(self.args[0])}")

    def _sympystr(self, printer):
        return f"Sum({printer._print(self.args[0])}, {printer._print(self.args[1])})"


# -- explicit matrices ------------------------------------------------------------------------------------------

def explicit(expr, sizes):
    """`expr` at concrete dimensions, written out.

    Parameters
    ----------
    expr : sympy expression
        A matrix expression, or a scalar made of matrices (traces, 1 x 1 products, gradients, sums over families).
    sizes : dict
        ``{dimension symbol: int}``.

    Returns
    -------
    sympy.Matrix or sympy expression
        The explicit matrix of expressions in the entries (``X[0, 1]``), or the scalar; gradients are taken entry by
        entry.

    Examples
    --------
    >>> import sympy as sp
    >>> n = sp.Symbol("n")
    >>> x = sp.MatrixSymbol("x", n, 1)
    >>> explicit(Gradient(Scalar(x.T * x), x), {n: 2})
    Matrix([
    [2*x[0, 0]],
    [2*x[1, 0]]])
    """
    expr = expr.xreplace(sizes) if sizes else expr
    return _explicit(expr)


def _explicit(e):
    if isinstance(e, sp.MatrixBase):
        return e.applyfunc(_explicit)
    if isinstance(e, Symmetric):
        return sp.Matrix(e.shape[0], e.shape[1], lambda i, j: MatrixElement(e, *sorted((i, j))))
    if isinstance(e, sp.MatrixSymbol):
        return sp.Matrix(e.as_explicit())
    if isinstance(e, Gradient):
        f, w = _explicit(e.args[0]), _explicit(e.args[1])
        return sp.Matrix(w.rows, w.cols, lambda i, j: sp.diff(f, w[i, j]))
    if isinstance(e, Scalar):
        return _explicit(e.args[0])[0, 0]
    if isinstance(e, Column):
        return _explicit(e.args[0])[:, int(e.args[1]) - 1]
    if isinstance(e, PseudoInverse):  # of full rank, as a matrix with entries drawn at random is: (A^T A)^{-1} A^T
        m = _explicit(e.args[0])  # or A^T (A A^T)^{-1} (SymPy's pinv of a symbolic matrix takes seconds)
        if m.rows >= m.cols:
            gram = m.T * m
            return gram.adjugate() * m.T / sp.cancel(gram.det())
        gram = m * m.T
        return m.T * gram.adjugate() / sp.cancel(gram.det())
    if isinstance(e, MatrixSum):
        v, low, high = e.args[1]
        terms = [_explicit(e.args[0].xreplace({v: k})) for k in range(int(low), int(high) + 1)]
        return sum(terms[1:], terms[0]) if terms else sp.zeros(*e.shape)
    if isinstance(e, MatrixElement):
        parent = e.parent
        if isinstance(parent, sp.MatrixSymbol) and not isinstance(parent, Symmetric):
            return e
        if isinstance(parent, Symmetric):
            return MatrixElement(parent, *sorted((e.i, e.j))) if e.i.is_number and e.j.is_number else e
        return _explicit(parent)[e.i, e.j]
    if isinstance(e, sp.MatAdd):
        parts = [_explicit(a) for a in e.args]
        return sum(parts[1:], parts[0])
    if isinstance(e, sp.MatMul):
        parts = [_explicit(a) for a in e.args]
        out = parts[0]
        for p in parts[1:]:
            out = out * p
        return out
    if isinstance(e, sp.Transpose):
        return _explicit(e.arg).T
    if isinstance(e, sp.Inverse):
        m = _explicit(e.arg)
        det = sp.cancel(m.det())
        if det == 0:
            raise ZeroDivisionError("a singular matrix has no inverse")
        return m.adjugate() / det
    if isinstance(e, sp.MatPow):
        m = _explicit(e.base)
        return m ** int(e.exp)
    if isinstance(e, sp.Trace):
        return _explicit(e.arg).trace()
    if isinstance(e, sp.Determinant):
        return _explicit(e.arg).det()
    if isinstance(e, sp.HadamardProduct):
        parts = [_explicit(a) for a in e.args]
        out = parts[0]
        for p in parts[1:]:
            out = out.multiply_elementwise(p)
        return out
    if isinstance(e, sp.KroneckerProduct):
        return sp.kronecker_product(*[_explicit(a) for a in e.args])
    if isinstance(e, sp.DiagMatrix):
        v = _explicit(e.args[0])
        return sp.diag(*v)
    if isinstance(e, sp.MatrixExpr):  # Identity, OneMatrix, ZeroMatrix
        return sp.Matrix(e.as_explicit())
    if not e.args or e.is_Atom:
        return e
    if isinstance(e, (sp.Sum, sp.Product)):
        (v, low, high), rest = e.limits[-1], e.limits[:-1]
        if low.is_Integer and high.is_Integer and e.has(Column, MatrixSum):  # a sum over a family: term by term
            inner = e.func(e.function, *rest) if rest else e.function
            values = [_explicit(inner.xreplace({v: k})) for k in range(int(low), int(high) + 1)]
            return (sp.Add if isinstance(e, sp.Sum) else sp.Mul)(*values)
        return e.func(_explicit(e.function), *e.limits).doit()
    return e.func(*[_explicit(a) for a in e.args])


# -- proofs: normal forms ----------------------------------------------------------------------------------------

class _Opaque(Exception):
    """An expression outside what the normal form knows."""


def _square(m):
    return sp.simplify(m.shape[0] - m.shape[1]) == 0


def _leaf_transpose(leaf):
    """The transpose of a leaf, canonical: ``(X^{-1})^T`` is ``(X^T)^{-1}``."""
    if isinstance(leaf, (Symmetric, sp.DiagMatrix)):
        return leaf
    if isinstance(leaf, sp.Transpose):
        return leaf.arg
    if isinstance(leaf, sp.Inverse):
        return sp.Inverse(_leaf_transpose(leaf.arg))
    if isinstance(leaf, (sp.HadamardProduct, sp.KroneckerProduct)):
        args = [_form(a).transpose().expression() for a in leaf.args]
        return leaf.func(*(sorted(args, key=sp.default_sort_key) if isinstance(leaf, sp.HadamardProduct) else args))
    return sp.Transpose(leaf)


def _word_transpose(word):
    return tuple(_leaf_transpose(x) for x in reversed(word))


def _inverse_leaf(leaf):
    if isinstance(leaf, sp.Inverse):
        return leaf.arg
    if isinstance(leaf, sp.Transpose) and isinstance(leaf.arg, sp.Inverse):
        return sp.Transpose(leaf.arg.arg)
    return sp.Inverse(leaf)


def _cancel(word):
    """`word` with each ``X^{-1} X`` and ``X X^{-1}`` removed."""
    out = []
    for leaf in word:
        if out and (_inverse_leaf(out[-1]) == leaf or _inverse_leaf(leaf) == out[-1]):
            out.pop()
        else:
            out.append(leaf)
    return tuple(out)


class _Form:
    """A matrix expression as ``{word: coefficient}``: words are tuples of leaves (matrix symbols, their
    transposes and inverses, and opaque matrices in a canonical form), coefficients scalar expressions in which
    traces and determinants are canonical."""

    def __init__(self, terms, shape):
        self.terms = {w: c for w, c in terms.items() if c != 0}
        self.shape = shape

    def __add__(self, other):
        terms = dict(self.terms)
        for w, c in other.terms.items():
            terms[w] = terms.get(w, 0) + c
        return _Form(terms, self.shape)

    def scale(self, c):
        return _Form({w: c * v for w, v in self.terms.items()}, self.shape)

    def __matmul__(self, other):
        terms = {}
        for w1, c1 in self.terms.items():
            for w2, c2 in other.terms.items():
                w = _cancel(w1 + w2)
                terms[w] = terms.get(w, 0) + c1 * c2
        return _Form(terms, (self.shape[0], other.shape[1]))

    def transpose(self):
        return _Form({_word_transpose(w): c for w, c in self.terms.items()}, self.shape[::-1])

    def expression(self):
        """The form as a SymPy matrix expression, in a canonical order."""
        parts = []
        for w, c in sorted(self.terms.items(), key=lambda t: sp.default_sort_key(t[0])):
            m = sp.MatMul(*w).doit(deep=False) if w else sp.Identity(self.shape[0])
            parts.append(sp.MatMul(c, m) if c != 1 else m)
        if not parts:
            return sp.ZeroMatrix(*self.shape)
        return sp.MatAdd(*parts) if len(parts) > 1 else parts[0]

    def is_zero(self):
        return all(_zero(c) for c in self.terms.values())


def _zero(c):
    c = sp.expand(c)
    if c == 0:
        return True
    try:
        return sp.simplify(c) == 0
    except (TypeError, ValueError, NotImplementedError):
        return False


def _form(e):
    """The normal form of the matrix expression `e`; raises _Opaque."""
    if isinstance(e, sp.MatAdd):
        out = _form(e.args[0])
        for a in e.args[1:]:
            out = out + _form(a)
        return out
    if isinstance(e, sp.MatMul):
        scalar = sp.Mul(*[_scalar(a) for a in e.args if not isinstance(a, sp.MatrixExpr)])
        matrices = [a for a in e.args if isinstance(a, sp.MatrixExpr)]
        out = _form(matrices[0])
        for a in matrices[1:]:
            out = out @ _form(a)
        return out.scale(scalar)
    if isinstance(e, sp.Transpose):
        return _form(e.arg).transpose()
    if isinstance(e, sp.Identity):
        return _Form({(): sp.S.One}, e.shape)
    if isinstance(e, sp.ZeroMatrix):
        return _Form({}, e.shape)
    if isinstance(e, sp.MatPow):
        k = e.exp
        if not k.is_Integer or k == 0:
            raise _Opaque()
        base = _form(e.base) if k > 0 else _inverse(_form(e.base))
        out = base
        for _ in range(abs(int(k)) - 1):
            out = out @ base
        return out
    if isinstance(e, sp.Inverse):
        return _inverse(_form(e.arg))
    if isinstance(e, Gradient):
        g = gradient(e.args[0], e.args[1])
        if g is None:
            raise _Opaque()
        return _form(g)
    if isinstance(e, (sp.HadamardProduct, sp.KroneckerProduct)):
        args = [_form(a).expression() for a in e.args]
        if isinstance(e, sp.HadamardProduct):
            args = sorted(args, key=sp.default_sort_key)
        return _Form({(e.func(*args),): sp.S.One}, e.shape)
    if isinstance(e, sp.MatrixSymbol) or isinstance(e, (sp.OneMatrix, sp.DiagMatrix)):
        return _Form({(e,): sp.S.One}, e.shape)
    raise _Opaque()


def _inverse(form):
    """The inverse of a square form: a product of square factors is inverted factor by factor."""
    if len(form.terms) == 1:
        (word, c), = form.terms.items()
        if all(_square(leaf) for leaf in word):
            return _Form({tuple(_inverse_leaf(x) for x in reversed(word)): 1 / c}, form.shape)
    return _Form({(sp.Inverse(form.expression()),): sp.S.One}, form.shape)


def _canonical_trace(form):
    """The trace of a square form, with each word's trace in a canonical cyclic order and orientation."""
    total = sp.S.Zero
    for word, c in form.terms.items():
        if not word:
            total += c * form.shape[0]
            continue
        candidates = []
        for w in (word, _word_transpose(word)):
            for k in range(len(w)):
                candidates.append(w[k:] + w[:k])
        best = min(candidates, key=sp.default_sort_key)
        total += c * sp.Trace(sp.MatMul(*best).doit(deep=False) if len(best) > 1 else best[0])
    return total


def _determinant(form):
    if len(form.terms) == 1:
        (word, c), = form.terms.items()
        if all(_square(leaf) for leaf in word):
            out = c ** form.shape[0]
            for leaf in word:
                if isinstance(leaf, sp.Transpose):
                    leaf = leaf.arg
                if isinstance(leaf, sp.Inverse):
                    out /= _det_atom(leaf.arg)
                else:
                    out *= _det_atom(leaf)
            return out
    return sp.Determinant(form.expression())


def _det_atom(leaf):
    return sp.Determinant(leaf.arg if isinstance(leaf, sp.Transpose) else leaf)


def _scalar(e):
    """Scalar `e` with its traces, 1 x 1 products and determinants canonical; raises _Opaque."""
    if isinstance(e, Scalar):
        return _canonical_trace(_form(e.args[0]))
    if isinstance(e, sp.Trace):
        return _canonical_trace(_form(e.arg))
    if isinstance(e, sp.Determinant):
        return _determinant(_form(e.arg))
    if isinstance(e, (MatrixElement, sp.MatrixExpr)):
        raise _Opaque()
    if not e.args or e.is_Atom:
        return e
    if isinstance(e, (sp.Sum, sp.Product, sp.Derivative, sp.Subs)) and e.has(sp.MatrixSymbol):
        raise _Opaque()
    return e.func(*[_scalar(a) for a in e.args])


def prove(a, b):
    """A proof that ``a = b`` for every shape that defines both sides.

    Parameters
    ----------
    a, b : sympy expressions
        Matrix expressions, or scalars made of them.

    Returns
    -------
    str or None
        How the step is proved (by the normal form of matrix algebra, or by index sums), or None when neither
        proves it: which is no refutation.

    Examples
    --------
    >>> import sympy as sp
    >>> n = sp.Symbol("n")
    >>> A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    >>> prove((A * B).T, B.T * A.T)[:14]
    'matrix algebra'
    >>> prove((A * B).T, A.T * B.T) is None
    True
    """
    algebra = ("matrix algebra: both sides expand to the same polynomial in the matrices, their transposes and "
               "inverses (traces up to cyclic order, gradients by the rules of matrix calculus), for every shape "
               "that defines them")
    try:
        if isinstance(a, sp.MatrixExpr) and isinstance(b, sp.MatrixExpr):
            if any(sp.simplify(x - y) != 0 for x, y in zip(a.shape, b.shape)):
                return None
            if _either(lambda: (_form(a) + _form(b).scale(-1)).is_zero()):
                return algebra
            i, j = (sp.S.Zero if size == 1 else sp.Symbol(name, integer=True) for size, name in zip(a.shape, ("_row",
                                                                                                          "_col")))
            if _either(lambda: _zero(_index_form(a[i, j]) - _index_form(b[i, j]))):
                return ("index sums: the entry (i, j) of both sides written as a sum over the entries of the "
                        "matrices is the same sum, for every shape")
            return None
        if isinstance(a, sp.MatrixExpr) or isinstance(b, sp.MatrixExpr):
            return None
        if _either(lambda: _zero(_scalar(a) - _scalar(b))):
            return algebra
        if _either(lambda: _zero(_index_form(a) - _index_form(b))):
            return ("index sums: both sides written as sums over the entries (products, traces and norms "
                    "expanded) are the same sum, for every shape")
    except (_Opaque, sp.ShapeError, TypeError, ValueError, AttributeError, NotImplementedError):
        return None
    return None


def _either(test):
    try:
        return test()
    except (_Opaque, sp.ShapeError, TypeError, ValueError, AttributeError, NotImplementedError, IndexError):
        return False


def _index_form(e):
    """Scalar `e` written with index sums: products, traces and norms of matrices as sums over their entries, every
    product of sums one sum, every sum from 0 with its bound variables named by the entries they index
    (``a[k, 0]``: ``_a0``), so that ``a^T b`` and ``sum_{i=1}^{d} a_i b_i`` come out the same."""
    e = e.replace(lambda x: isinstance(x, Scalar), lambda x: x.args[0][0, 0])
    e = e.replace(lambda x: isinstance(x, sp.Trace), lambda x: x.rewrite(sp.Sum))
    if any(isinstance(x, sp.MatrixExpr) and not isinstance(x, (sp.MatrixSymbol, MatrixElement, sp.OneMatrix))
           for x in sp.preorder_traversal(e)):
        e = e.doit()
    return sp.Add(*[_canonical_sum(t) if isinstance(t, sp.Sum) else t for t in sp.Add.make_args(_flat(e))])


def _canonical_sum(s):
    for variable, low, _ in s.limits:
        if low != 0:
            s = s.change_index(variable, variable - low)
    names = {}
    for variable, _, _ in s.limits:
        for element in sorted(s.function.atoms(MatrixElement), key=sp.default_sort_key):
            for position, index in enumerate((element.i, element.j)):
                if variable in index.free_symbols and variable not in names:
                    names[variable] = sp.Symbol(f"_{element.parent.name}{position}", integer=True)
    if len(set(names.values())) != len(names) or len(names) != len(s.limits):
        raise _Opaque()
    function = s.function.xreplace(names)
    limits = sorted(((names[v], lo, hi) for v, lo, hi in s.limits), key=lambda t: t[0].name)
    if any(set(names.values()) & (lo.free_symbols | hi.free_symbols) for _, lo, hi in limits):
        raise _Opaque()
    return sp.Sum(function, *limits)


def _flat(e):
    """`e` as a sum of terms, each a single ``Sum`` (or no sum): sums of sums split, products of sums merged with
    their bound variables renamed apart, nested sums pulled out."""
    if isinstance(e, sp.Sum):
        fresh = {v: sp.Dummy(v.name, integer=True) for v, _, _ in e.limits}
        limits = [(fresh[v], low, high) for v, low, high in e.limits]
        out = sp.S.Zero
        for term in sp.Add.make_args(_flat(e.function.xreplace(fresh))):
            if isinstance(term, sp.Sum):
                out += sp.Sum(term.function, *limits, *term.limits)
            else:
                out += sp.Sum(term, *limits)
        return out
    if isinstance(e, sp.Add):
        return sp.Add(*[_flat(a) for a in e.args])
    if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp > 1 and e.base.has(sp.Sum):
        return _flat(sp.Mul(*[e.base] * int(e.exp), evaluate=False))
    if isinstance(e, sp.Mul):
        terms = [sp.S.One]
        for factor in e.args:
            parts = sp.Add.make_args(_flat(factor))
            terms = [_merge(t, p) for t in terms for p in parts]
        return sp.Add(*terms)
    return e


def _merge(a, b):
    """The product of two terms, each a ``Sum`` or not, as one."""
    if isinstance(a, sp.Sum) and isinstance(b, sp.Sum):
        fresh = {v: sp.Dummy(v.name, integer=True) for v, _, _ in b.limits}
        return sp.Sum(a.function * b.function.xreplace(fresh), *a.limits,
                      *[(fresh[v], low, high) for v, low, high in b.limits])
    if isinstance(a, sp.Sum):
        return sp.Sum(a.function * b, *a.limits)
    if isinstance(b, sp.Sum):
        return sp.Sum(a * b.function, *b.limits)
    return a * b


# -- gradients ---------------------------------------------------------------------------------------------------

def gradient(f, w):
    r"""``\nabla_w f`` as a matrix expression, by the rules of matrix calculus, or None: ``f`` is a scalar whose
    dependence on ``w`` goes through traces, 1 x 1 products and determinants."""
    atoms = [a for a in sp.preorder_traversal(f) if isinstance(a, (Scalar, sp.Trace, sp.Determinant))
             and w in a.atoms(sp.MatrixSymbol)]
    outer = []
    for a in atoms:  # the outermost ones: a trace inside a determinant is not a separate atom
        if not any(a != b and a in list(sp.preorder_traversal(b)) for b in atoms):
            outer.append(a)
    atoms = list(dict.fromkeys(outer))
    dummies = [sp.Dummy(f"s{k}") for k in range(len(atoms))]
    g = f.xreplace(dict(zip(atoms, dummies)))
    if w in g.atoms(sp.MatrixSymbol) or isinstance(w, Symmetric):
        return None
    total = sp.ZeroMatrix(*w.shape)
    for atom, s in zip(atoms, dummies):
        outer_derivative = sp.diff(g, s).xreplace(dict(zip(dummies, atoms)))
        inner = _atom_gradient(atom, w)
        if inner is None:
            return None
        total = sp.MatAdd(total, sp.MatMul(outer_derivative, inner))  # (not *: it would expand the scalars)
    return total


def _atom_gradient(atom, w):
    if isinstance(atom, sp.Determinant):
        if atom.arg == w:
            return sp.MatMul(atom, sp.Transpose(sp.Inverse(w)))
        return None
    try:
        form = _form(atom.args[0])
    except _Opaque:
        return None
    total = sp.ZeroMatrix(*w.shape)
    for word, c in form.terms.items():
        for k, leaf in enumerate(word):
            rest = word[k + 1:] + word[:k]
            r = sp.MatMul(*rest).doit(deep=False) if len(rest) > 1 else (rest[0] if rest else None)
            if leaf == w:  # tr(W R): R^T
                term = sp.Transpose(r) if r is not None else sp.Identity(w.shape[0])
            elif leaf == sp.Transpose(w):  # tr(W^T R): R
                term = r if r is not None else sp.Identity(w.shape[0])
            elif leaf == sp.Inverse(w):  # tr(W^{-1} R): -(W^{-1} R W^{-1})^T
                inverse = sp.Inverse(w)
                term = sp.MatMul(-1, sp.Transpose(sp.MatMul(inverse, r, inverse) if r is not None else
                                                  sp.MatMul(inverse, inverse)))
            elif w in leaf.atoms(sp.MatrixSymbol):
                return None
            else:
                continue
            total = sp.MatAdd(total, sp.MatMul(c, term) if c != 1 else term)
    return total


# -- reading: shapes inferred, expressions built ------------------------------------------------------------------

class _Dimensions:
    """Union-find over dimensions: declared ones (symbols, numbers) and unknown ones, named after the object that
    first has them."""

    def __init__(self):
        self.parent, self.fixed, self.free = {}, {}, set()

    def new(self, name, value=None):
        """The node `name`; an unknown one (no `value`) is never 1: a vector is not a scalar."""
        node = sp.Symbol(name, integer=True, positive=True)
        if node not in self.parent:
            self.parent[node] = node
            if value is not None:
                self.fixed[node] = value
            else:
                self.free.add(node)
        return node

    def find(self, node):
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def value(self, node):
        return self.fixed.get(self.find(node))

    def unify(self, a, b, why):
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        va, vb = self.fixed.get(a), self.fixed.get(b)
        if va is not None and vb is not None and va != vb:
            raise InvalidArgument(f"{why}: the dimensions {va} and {vb} differ")
        if va is None:
            a, b = b, a
        if self.fixed.get(a) == 1 and b in self.free:
            raise InvalidArgument(f"{why}: it would make a vector or matrix 1 x 1 (a product of two column "
                                  "vectors is written a^T b, a b^T or a \\cdot b)")
        if b in self.free:
            self.free.add(a)
        self.parent[b] = a


_PLACEHOLDERS = {"_L_pinv", "_L_T", "_L_tr", "_L_det", "_L_diag", "_L_norm", "_L_norm1", "_L_norm2", "_L_normF", "_L_dot", "_L_had",
                 "_L_kron"}


class Builder:
    """Shapes inferred over a chain, then its expressions built as SymPy matrix expressions.

    `kinds` maps the names of vectors and matrices to their :class:`Shape`; ``I`` (and ``I_{n}``) is the
    identity and ``\\mathbf 1`` the vector of ones, when not declared otherwise."""

    def __init__(self, kinds):
        self.kinds = kinds
        self.dims = _Dimensions()
        self.shapes = {}  # name -> (rows node, cols node)
        self.bound = {}  # the limits of the sums around: variable -> (low, high)
        self.families = {}  # family name -> (rows node, count)

    # -- shapes --

    def _declared(self, text, fallback):
        if text is None:
            return self.dims.new(fallback)
        if text.isdigit():
            return self.dims.new(f"\0{text}", int(text))
        return self.dims.new(_name(text), text)

    def object_shape(self, symbol):
        name = symbol.name
        if name in self.shapes:
            return self.shapes[name]
        one = self.dims.new("\0" + "1", 1)
        kind = self.kinds.get(name)
        base = name.split("#")[0]
        if kind is not None:
            rows = self._declared(kind.rows, f"n_{{{name}}}" if kind.vector else f"m_{{{name}}}")
            cols = one if kind.vector else self._declared(kind.cols, f"n_{{{name}}}")
            if kind.symmetric:
                self.dims.unify(rows, cols, f"the symmetric matrix {name}")
        elif base == "I" or base.startswith("I_{"):
            rows = self._declared(base[3:-1], "n_{I}") if base != "I" else self.dims.new(f"n_{{I{len(self.shapes)}}}")
            cols = rows
        elif base.startswith("\0ones"):
            rows, cols = self.dims.new(f"n_{{1{len(self.shapes)}}}"), one
        elif re.fullmatch(r"(.+)_\{(.+)\}", name) and re.fullmatch(r"(.+)_\{.+\}", name).group(1) in self.kinds:
            family, index = re.fullmatch(r"(.+)_\{(.+)\}", name).groups()
            limits = self.bound.get(sp.Symbol(index))
            kind = self.kinds[family]
            if limits is None or not kind.vector or limits[0] != 1:
                raise InvalidArgument(f"the vector {name} of a family: write it inside a sum over {index} from 1 "
                                      "(families of matrices, and members outside a sum, are not supported)")
            if family in self.shapes:
                raise InvalidArgument(f"{family} is a vector and a family of vectors ({name}) in one chain")
            rows = self._declared(kind.rows, f"n_{{{family}}}")
            if family in self.families:
                self.dims.unify(self.families[family][0], rows, f"the family {family}")
                if self.families[family][1] != limits[1]:
                    raise InvalidArgument(f"the family {family} is summed to {self.families[family][1]} and to "
                                          f"{limits[1]}")
            self.families[family] = (rows, limits[1])
            cols = one
        else:
            raise InvalidArgument(f"{name} is used as a vector or matrix but not declared one")
        self.shapes[name] = (rows, cols)
        return rows, cols

    def one(self, node):
        return self.dims.value(node) == 1

    def shape(self, e, memo):
        """(rows, cols) nodes of `e`, or None for a scalar."""
        key = e
        if key in memo:
            return memo[key]
        out = self._shape(e, memo)
        memo[key] = out
        return out

    def _shape(self, e, memo):
        if isinstance(e, sp.Symbol) and not e.is_commutative:
            return self.object_shape(e)
        if isinstance(e, sp.Mul):
            current = None
            for a in _factors(e):
                s = self.shape(a, memo)
                if s is None:
                    continue
                if current is None:
                    current = s
                elif self.one(current[0]) and self.one(current[1]) and not self.one(s[0]):
                    current = s  # (w^T x) x: a 1 x 1 product is a scalar factor
                elif self.one(s[0]) and self.one(s[1]) and not self.one(current[1]):
                    continue  # x (w^T x)
                else:
                    self.dims.unify(current[1], s[0], f"the product {_text(e)}")
                    current = (current[0], s[1])
            return self._scalar_if_one(current)
        if isinstance(e, sp.Add):
            shapes = [self.shape(a, memo) for a in e.args]
            matrices = [s for s in shapes if s is not None]
            if not matrices:
                return None
            if len(matrices) < len(shapes):
                if all(self.one(s[0]) and self.one(s[1]) for s in matrices):
                    return None
                raise InvalidArgument(f"the sum {_text(e)} adds a scalar to a vector or matrix")
            for s in matrices[1:]:
                self.dims.unify(matrices[0][0], s[0], f"the sum {_text(e)}")
                self.dims.unify(matrices[0][1], s[1], f"the sum {_text(e)}")
            return self._scalar_if_one(matrices[0])
        if isinstance(e, sp.Pow):
            s = self.shape(e.base, memo)
            if self.shape(e.exp, memo) is not None:
                raise InvalidArgument(f"{_text(e)}: a power by a matrix")
            if s is None or (self.one(s[0]) and self.one(s[1])):
                return None
            if not e.exp.is_Integer:
                raise InvalidArgument(f"{_text(e)}: a matrix to the power {e.exp}")
            self.dims.unify(s[0], s[1], f"{_text(e)} (a power of a matrix is of a square one)")
            return s
        if isinstance(e, sp.core.function.AppliedUndef) and type(e).__name__ in _PLACEHOLDERS:
            return self._operator(type(e).__name__, e, [self.shape(a, memo) for a in e.args])
        if isinstance(e, sp.Derivative):
            variables = e.variables
            matrices = [v for v in variables if self.shape(v, memo) is not None]
            if not matrices:
                if self.shape(e.expr, memo) is not None:
                    raise InvalidArgument(f"{_text(e)}: the derivative of a vector or matrix by a scalar is not "
                                          "supported; differentiate a scalar")
                return None
            if len(variables) != 1:
                raise InvalidArgument(f"{_text(e)}: one vector or matrix to differentiate by")
            if self.shape(e.expr, memo) is not None and not all(map(self.one, self.shape(e.expr, memo))):
                raise InvalidArgument(f"{_text(e)}: the gradient of a vector or matrix (a Jacobian) is not "
                                      "supported; differentiate a scalar")
            return self.shape(variables[0], memo)
        if isinstance(e, sp.Indexed):
            return None
        if isinstance(e, sp.Sum):  # sum_{i=1}^{d} a_i b_i: the entries of a and b run to d
            saved = dict(self.bound)
            self.bound.update({v: (low, high) for v, low, high in e.limits})
            try:
                body = self.shape(e.function, memo)
            finally:
                self.bound = saved
            for variable, low, high in e.limits:
                if low != 1 or not (high.is_Symbol or high.is_Integer):
                    continue
                for entry in e.function.atoms(sp.Indexed):
                    name = entry.base.label.name
                    kind = self.kinds.get(name)
                    if kind is None:
                        continue
                    rows, cols = self.object_shape(sp.Symbol(name, commutative=False))
                    for k, index in enumerate(entry.indices[:2]):
                        if index == variable:
                            node = self.dims.new(f"\0{high}", int(high)) if high.is_Integer else \
                                self.dims.new(high.name, high.name)
                            self.dims.unify((rows, cols)[k], node, f"the sum {_text(e)}")
            return body
        for a in e.args:
            s = self.shape(a, memo)
            if s is not None and not (self.one(s[0]) and self.one(s[1])):
                raise InvalidArgument(f"{_text(e)} applies a scalar function to a vector or matrix")
        return None

    def _scalar_if_one(self, s):
        return None if s is None or (self.one(s[0]) and self.one(s[1])) else s

    def _operator(self, name, e, shapes):
        s = shapes[0] if shapes else None
        if not any(not x.is_commutative for x in e.atoms(sp.Symbol)) and name != "_L_dot":
            words = {"_L_pinv": "a pseudo-inverse", "_L_T": "a transpose", "_L_tr": "a trace", "_L_det": "a determinant", "_L_diag": "diag",
                     "_L_had": "an entrywise product", "_L_kron": "a Kronecker product"}
            raise InvalidArgument(f"{words.get(name, 'a norm')} of {_text(e.args[0])}, which holds no vector or "
                                  "matrix: declare them (--vector, --matrix) or write them in bold; capital "
                                  "letters are scalars unless declared")
        if name in ("_L_T", "_L_pinv"):
            return None if s is None else (s[1], s[0])
        if name in ("_L_tr", "_L_det"):
            if s is not None:
                self.dims.unify(s[0], s[1], f"{_text(e)} (of a square matrix)")
            return None
        if name == "_L_diag":
            if s is None or not self.one(s[1]):
                raise InvalidArgument(f"{_text(e)}: diag of a vector is supported, not of a matrix or scalar")
            return (s[0], s[0])
        if name.startswith("_L_norm"):
            if s is None:
                raise InvalidArgument(f"{_text(e)}: the norm of a scalar; write |x|")
            return None
        if name == "_L_dot":
            a, b = shapes
            if a is None or b is None:
                return a or b
            if self.one(a[1]) and self.one(b[1]):
                self.dims.unify(a[0], b[0], f"the inner product {_text(e)}")
                return None
            self.dims.unify(a[1], b[0], f"the product {_text(e)}")
            return self._scalar_if_one((a[0], b[1]))
        if name == "_L_had":
            a, b = shapes
            if a is None or b is None:
                raise InvalidArgument(f"{_text(e)}: an entrywise product of a scalar")
            self.dims.unify(a[0], b[0], f"the entrywise product {_text(e)}")
            self.dims.unify(a[1], b[1], f"the entrywise product {_text(e)}")
            return a
        if name == "_L_kron":
            if None in shapes:
                raise InvalidArgument(f"{_text(e)}: a Kronecker product of a scalar")
            return (self.dims.new(f"\0kron{len(self.shapes)}r{id(e)}"), self.dims.new(f"\0kron{id(e)}c"))
        raise AssertionError(name)

    # -- building --

    def symbols(self):
        """The final dimension of each node: a number, the declared symbol, or the name of its first object."""
        out = {}
        for node in self.dims.parent:
            root = self.dims.find(node)
            value = self.dims.fixed.get(root)
            if isinstance(value, int):
                out[node] = sp.Integer(value)
            elif value is not None:
                out[node] = sp.Symbol(_name(value))
            else:
                out[node] = sp.Symbol(root.name)
        return out

    def build(self, exprs):
        counter = iter(range(10**6))
        exprs = [_occurrences(e, counter) for e in exprs]
        memo, shapes, self.undefined = {}, [], {}
        for k, e in enumerate(exprs):
            saved = (dict(self.dims.parent), dict(self.dims.fixed), set(self.dims.free), dict(self.shapes))
            trial = dict(memo)
            try:
                shapes.append(self.shape(e, trial))
                memo = trial
            except InvalidArgument as exc:
                if k == 0 or not _is_shape_error(exc):
                    exc.side = k  # (for the error's place)
                    raise  # the first side sets the shapes: its error is the chain's
                self.dims.parent, self.dims.fixed, self.dims.free, self.shapes = saved
                self.undefined[k] = str(exc)  # a later side that contradicts them is wrong: refuted, not unread
                shapes.append(None)
        for k, (s1, s2) in enumerate(zip(shapes, shapes[1:])):  # one shape for both sides where one leaves it open
            if s1 is None or s2 is None or k + 1 in self.undefined:
                continue
            for x, y in zip(s1, s2):
                x, y = self.dims.find(x), self.dims.find(y)
                if x != y and 1 not in (self.dims.fixed.get(x), self.dims.fixed.get(y)) and \
                        (self.dims.fixed.get(x) is None or self.dims.fixed.get(y) is None):
                    self.dims.unify(x, y, "the sides of a step")
        self.final = self.symbols()
        self.matrices = {}
        return [Undefined(self.undefined[k]) if k in self.undefined else self._build(e) for k, e in enumerate(exprs)]

    def _matrix(self, symbol):
        name = symbol.name
        base = name.split("#")[0]
        member = re.fullmatch(r"(.+)_\{(.+)\}", name)
        if member and member.group(1) in self.families:
            family, index = member.groups()
            rows = self.final[self.families[family][0]]
            return Column(sp.MatrixSymbol(family, rows, self.families[family][1]), sp.Symbol(index))
        if name not in self.matrices:
            rows, cols = (self.final[n] for n in self.shapes[name])
            if base == "I" or base.startswith("I_{"):
                self.matrices[name] = sp.Identity(rows)
            elif base.startswith("\0ones"):
                self.matrices[name] = sp.OneMatrix(rows, 1)
            elif self.kinds[name].symmetric:
                self.matrices[name] = Symmetric(name, rows, cols)
            else:
                self.matrices[name] = sp.MatrixSymbol(name, rows, cols)
        return self.matrices[name]

    def _build(self, e):
        out = self._build_inner(e)
        if isinstance(out, sp.MatrixExpr) and out.shape == (1, 1):
            return Scalar(out)
        return out

    def _build_inner(self, e):
        if isinstance(e, sp.Symbol) and not e.is_commutative:
            return self._matrix(e)
        if isinstance(e, sp.Mul):
            scalars, current = [], None
            for a in _factors(e):
                b = self._build(a)
                if not isinstance(b, sp.MatrixExpr):
                    scalars.append(b)
                elif current is None:
                    current = b
                else:
                    current = sp.MatMul(current, b)
                    if current.shape == (1, 1):
                        scalars.append(Scalar(current))
                        current = None
            scalar = sp.Mul(*scalars)
            if current is None:
                return scalar
            return current if scalar == 1 else sp.MatMul(scalar, current)
        if isinstance(e, sp.Add):
            parts = [self._build(a) for a in e.args]
            if any(isinstance(p, sp.MatrixExpr) for p in parts):
                return sp.MatAdd(*parts)
            return sp.Add(*parts)
        if isinstance(e, sp.Pow):
            base = self._build(e.base)
            if isinstance(base, sp.MatrixExpr):
                if e.exp == -1:
                    return sp.Inverse(base)
                if e.exp < 0:
                    return sp.MatPow(sp.Inverse(base), -e.exp)
                return sp.MatPow(base, e.exp)
            return sp.Pow(base, self._build(e.exp))
        if isinstance(e, sp.core.function.AppliedUndef) and type(e).__name__ in _PLACEHOLDERS:
            return self._build_operator(type(e).__name__, [self._build(a) for a in e.args], e)
        if isinstance(e, sp.Sum):
            body = self._build(e.function)
            if isinstance(body, sp.MatrixExpr):
                for limit in reversed(e.limits):
                    body = MatrixSum(body, limit)
                return body
            return sp.Sum(body, *e.limits)
        if isinstance(e, sp.Derivative):
            variable = self._build(e.variables[0])
            if isinstance(variable, sp.MatrixExpr):
                return Gradient(self._build(e.expr), variable)
        if isinstance(e, sp.Indexed):
            name = e.base.label.name
            if name in self.shapes and name in self.kinds:
                m = self._matrix(sp.Symbol(name, commutative=False))
                indices = [i - 1 for i in e.indices]
                if len(indices) == 1 and self.kinds[name].vector:
                    return m[indices[0], 0]
                if len(indices) == 2 and not self.kinds[name].vector:
                    return m[indices[0], indices[1]]
                raise InvalidArgument(f"{_text(e)}: {len(indices)} indices for the "
                                      f"{'vector' if self.kinds[name].vector else 'matrix'} {name}")
        if isinstance(e, sp.Symbol):
            return self._entry(e)
        if not e.args or e.is_Atom:
            return e
        return e.func(*[self._build(a) for a in e.args])

    def _entry(self, symbol):
        """``W_{jk}`` of a matrix ``W`` of the chain (``a_i`` of a vector) as its entry, indices from 1."""
        m = re.fullmatch(r"(.+)_\{([A-Za-z0-9]+)\}", symbol.name)
        if not m or m.group(1) not in self.shapes or m.group(1) not in self.kinds:
            return symbol
        name, indices = m.group(1), list(m.group(2))
        kind = self.kinds[name]
        matrix = self._matrix(sp.Symbol(name, commutative=False))
        values = [sp.Integer(int(c)) if c.isdigit() else sp.Symbol(c, integer=True) for c in indices]
        if kind.vector and len(values) == 1:
            return matrix[values[0] - 1, 0]
        if not kind.vector and len(values) == 2:
            return matrix[values[0] - 1, values[1] - 1]
        return symbol

    def _build_operator(self, name, args, e):
        a = args[0]
        matrix = isinstance(a, sp.MatrixExpr)
        if name == "_L_T":
            return sp.Transpose(a) if matrix else a
        if name == "_L_pinv":
            return PseudoInverse(a)
        if name == "_L_tr":
            return sp.Trace(a) if matrix else a
        if name == "_L_det":
            return sp.Determinant(a) if matrix else a
        if name == "_L_diag":
            return sp.DiagMatrix(a)
        if name in ("_L_norm", "_L_norm2"):
            if a.shape[1] != 1:
                raise InvalidArgument(f"{_text(e)}: the norm of a matrix: write \\|A\\|_F (Frobenius); the spectral "
                                      "norm is not supported")
            return sp.sqrt(Scalar(sp.MatMul(sp.Transpose(a), a)))
        if name == "_L_normF":
            return sp.sqrt(sp.Trace(sp.MatMul(sp.Transpose(a), a)))
        if name == "_L_norm1":
            if a.shape[1] != 1:
                raise InvalidArgument(f"{_text(e)}: the 1-norm of a matrix is not supported")
            i = sp.Dummy("i", integer=True)
            return sp.Sum(sp.Abs(a[i, 0]), (i, 0, a.shape[0] - 1))
        if name == "_L_dot":
            x, y = args
            if not isinstance(x, sp.MatrixExpr) or not isinstance(y, sp.MatrixExpr):
                return x * y
            if x.shape[1] == 1 and y.shape[1] == 1:
                return Scalar(sp.MatMul(sp.Transpose(x), y))
            return sp.MatMul(x, y)
        if name == "_L_had":
            return sp.HadamardProduct(*args)
        if name == "_L_kron":
            return sp.KroneckerProduct(*args)
        raise AssertionError(name)


def _is_shape_error(exc):
    return "dimensions" in str(exc) and "differ" in str(exc) or "1 x 1" in str(exc)


class Undefined(sp.Basic):
    """A side whose products or sums are undefined for the shapes the sides before it set (``X y`` with ``X``
    n x d and ``y`` of n entries): the step to it is refuted with the reason."""

    def __new__(cls, reason):
        return sp.Basic.__new__(cls, sp.core.symbol.Str(reason.replace("_L_T", "T").replace("_L_", "")))

    @property
    def reason(self):
        return str(self.args[0])

    def _sympystr(self, printer):
        return "(undefined)"

    def _latex(self, printer):
        return r"\text{(undefined)}"


def _factors(mul):
    """The factors of a product in order, a power of a noncommutative factor written out: SymPy makes the
    ``x x`` of ``w^T x \\, x`` a square."""
    out = []
    for a in mul.args:
        if isinstance(a, sp.Pow) and not a.base.is_commutative and a.exp.is_Integer and a.exp > 1:
            out += [a.base] * int(a.exp)
        else:
            out.append(a)
    return out


def _occurrences(e, counter):
    """`e` with each identity ``I`` and vector of ones named apart (``I#3``): each has its own size."""
    if isinstance(e, sp.Symbol) and not e.is_commutative:
        if e.name == "I" or e.name.startswith(("I_{", "\0ones")):
            return sp.Symbol(f"{e.name}#{next(counter)}", commutative=False)
        return e
    if not e.args or e.is_Atom:
        return e
    args = [_occurrences(a, counter) for a in e.args]
    return e.func(*args) if args != list(e.args) else e


def _text(e):
    """`e` for a message: the reader's placeholders by the names a user knows (``T(w)`` for a transpose)."""
    return re.sub(r"_L_([A-Za-z]+)(?:\|[^(]*)?\(", r"\1(", sp.sstr(e).replace("\0", ""))

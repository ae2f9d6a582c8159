r"""The corpus's vector, matrix and expectation steps, written the way ML courses, books and papers write them.

The rules are those of :mod:`latex_corpus`; what differs is the form of the truth:

* vector and matrix cases give ``shapes`` (``{"X": "n x d", "w": "d", "Sigma": "d x d symmetric"}``: a bare
  dimension is a column vector) and a ``form`` in Python over explicit SymPy matrices: ``T(A)`` the transpose,
  ``s(M)`` the scalar of a 1 x 1 matrix, ``grad(f, W)`` the matrix of the partial derivatives of the scalar ``f``
  by the entries of ``W`` (the denominator layout: the shape of ``W``), ``tr``, ``det``, ``inv``, ``norm`` (the
  2-norm of a vector, the Frobenius norm of a matrix), ``norm1``, ``had`` (entrywise product), ``kron``, ``diag``
  (of a vector), ``ones(k)``, ``eye(k)``, and the dimensions as integers;
* expectation cases give ``random`` (the random variables, dependent unless in ``independent``), ``dist`` (named
  distributions, ``{"X": "Normal(mu, sigma)"}``) and a ``form`` in Python with ``E(...)``, ``Var(...)`` and
  ``Cov(..., ...)``; the truth is computed on random finite distributions (and by quadrature for named ones) by
  ``latex_corpus_truth_linear.py``, which never calls the reader or the checker.

``vectors`` and ``matrices`` are what the user declares (``--vector``, ``--matrix``): bold letters need no
declaration.  Sources: Petersen and Pedersen, *The Matrix Cookbook* (2012, "MC", with equation numbers); Bishop,
*PRML* (2006); Goodfellow, Bengio and Courville, *Deep Learning* (2016, "DLB"); Ng, *CS229 Lecture Notes*
("CS229"); Zhang et al., *Dive into Deep Learning* ("d2l"); Wasserman, *All of Statistics* (2004, "AoS");
Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning* (2009, "ESL").
"""

VECTORS, MATRICES, EXPECTATIONS = "vectors", "matrices", "expectations"

MC_22 = "MC 2.4 (derivatives of linear and quadratic forms), eqs. 69, 81, 84, 85"
D2L_245 = "d2l 2.4.5 (gradients of vectors), and its exercises"
CS229_LS = "CS229 Part I, 2 (the normal equations: the gradient of J(theta))"
PRML_31 = "PRML 3.1.1 and 3.1.4 (least squares and regularized least squares, eqs. 3.13, 3.27-3.28)"
NORMS = "DLB 2.5 (norms), 2.6 (special vectors); d2l 2.3.10 (norms)"
LOGREG = "CS229 Part II, 5 (logistic regression: the gradient of the log likelihood); PRML 4.3.2, eq. 4.91"
PRML_GAUSS = "PRML 2.3 (the Gaussian: the gradient of the exponent, eq. 2.44)"

LS = {"shapes": {"X": "n x d", "w": "d", "y": "n"}, "matrices": ("X: n x d",)}
AX = {"shapes": {"a": "d", "b": "d", "x": "d"}}
QUAD = {"shapes": {"A": "d x d", "x": "d", "b": "d"}, "matrices": ("A: d x d",)}
SIG = {"functions": ("sigma",), "define": ((r"\sigma(z) = \frac{1}{1 + e^{-z}}", "sigma(z) = 1/(1 + exp(-z))"),)}


def _cases(case, category, source, *rows, **options):
    out = []
    for row in rows:
        latex, form, truth, *more = row
        out.append(case(category, source, latex, form, truth, **{**options, **(more[0] if more else {})}))
    return out


def cases(case):
    """The cases, built with the corpus's ``Case`` class."""
    c = lambda *a, **k: _cases(case, *a, **k)  # noqa: E731
    return [
        *c(VECTORS, MC_22,
           (r"\nabla_{\mathbf x} \mathbf a^\top \mathbf x = \mathbf a", "grad(s(T(a)*x), x) = a", True, AX),
           (r"\nabla_{\mathbf x} \mathbf a^\top \mathbf x = \mathbf a^\top", "grad(s(T(a)*x), x) = T(a)", False, AX),
           (r"\frac{\partial}{\partial \mathbf x} \mathbf x^\top \mathbf a = \mathbf a", "grad(s(T(x)*a), x) = a",
            True, AX),
           (r"\nabla_{\mathbf x} \mathbf x^\top \mathbf x = 2\mathbf x", "grad(s(T(x)*x), x) = 2*x", True, AX),
           (r"\nabla_{\mathbf x} \mathbf x^\top \mathbf x = \mathbf x", "grad(s(T(x)*x), x) = x", False, AX),
           (r"\nabla_{\mathbf x} \mathbf x^\top A \mathbf x = (A + A^\top)\mathbf x",
            "grad(s(T(x)*A*x), x) = (A + T(A))*x", True, QUAD),
           (r"\nabla_{\mathbf x} \mathbf x^\top A \mathbf x = 2A\mathbf x", "grad(s(T(x)*A*x), x) = 2*A*x", False,
            QUAD),
           (r"\nabla_{\mathbf x} \mathbf b^\top A \mathbf x = A^\top \mathbf b", "grad(s(T(b)*A*x), x) = T(A)*b",
            True, QUAD),
           (r"\nabla_{\mathbf x} \mathbf b^\top A \mathbf x = A \mathbf b", "grad(s(T(b)*A*x), x) = A*b", False,
            QUAD),
           (r"\nabla_{\mathbf x} (A\mathbf x + \mathbf b)^\top (A\mathbf x + \mathbf b) = 2A^\top(A\mathbf x + "
            r"\mathbf b)", "grad(s(T(A*x + b)*(A*x + b)), x) = 2*T(A)*(A*x + b)", True,
            {"shapes": {"A": "m x d", "x": "d", "b": "m"}, "matrices": ("A: m x d",)}),
           (r"\nabla_w w^T x = x", "grad(s(T(w)*x), w) = x", True,
            {"shapes": {"w": "d", "x": "d"}, "vectors": ("w", "x")}),
           (r"\nabla_w \left( w^T x \right)^2 = 2 w^T x \, x", "grad(s(T(w)*x)**2, w) = 2*s(T(w)*x)*x", True,
            {"shapes": {"w": "d", "x": "d"}, "vectors": ("w", "x")}),
           ),
        *c(VECTORS, D2L_245,
           (r"\nabla_{\mathbf x} \|\mathbf x\|_2^2 = 2\mathbf x", "grad(norm(x)**2, x) = 2*x", True, AX),
           (r"\nabla_{\mathbf x} \|\mathbf x\|^2 = \mathbf x^\top \mathbf x", "grad(norm(x)**2, x) = s(T(x)*x)",
            False, AX),
           (r"\nabla_{\mathbf x} \|\mathbf x\|_2 = \frac{\mathbf x}{\|\mathbf x\|_2}", "grad(norm(x), x) = x/norm(x)",
            True, AX),
           (r"\nabla_{\mathbf x} \|\mathbf x\|_2 = \frac{\mathbf x}{\|\mathbf x\|_2^2}",
            "grad(norm(x), x) = x/norm(x)**2", False, AX),
           (r"\frac{\partial}{\partial \mathbf w} \frac{\lambda}{2} \mathbf w^\top \mathbf w = \lambda \mathbf w",
            "grad(lam/2*s(T(w)*w), w) = lam*w", True, {"shapes": {"w": "d"}}),
           (r"\nabla_{\mathbf w} e^{\mathbf w^\top \mathbf x} = e^{\mathbf w^\top \mathbf x} \mathbf x",
            "grad(exp(s(T(w)*x)), w) = exp(s(T(w)*x))*x", True, {"shapes": {"w": "d", "x": "d"}}),
           (r"\nabla_{\mathbf w} e^{\mathbf w^\top \mathbf x} = e^{\mathbf w^\top \mathbf x}",
            "grad(exp(s(T(w)*x)), w) = exp(s(T(w)*x))", False, {"shapes": {"w": "d", "x": "d"}}),
           (r"\nabla_{\mathbf w} (\mathbf w^\top \mathbf x - y)^2 = 2(\mathbf w^\top \mathbf x - y)\mathbf x",
            "grad((s(T(w)*x) - y)**2, w) = 2*(s(T(w)*x) - y)*x", True, {"shapes": {"w": "d", "x": "d"}}),
           (r"\nabla_{\mathbf w} (\mathbf w^\top \mathbf x - y)^2 = 2(\mathbf w^\top \mathbf x - y)",
            "grad((s(T(w)*x) - y)**2, w) = 2*(s(T(w)*x) - y)", False, {"shapes": {"w": "d", "x": "d"}}),
           (r"\nabla_{\mathbf v} \frac{1}{2}(\mathbf v^\top W \mathbf x - y)^2 = (\mathbf v^\top W \mathbf x - y)"
            r" W \mathbf x", "grad((s(T(v)*W*x) - y)**2/2, v) = (s(T(v)*W*x) - y)*W*x", True,
            {"shapes": {"v": "h", "W": "h x d", "x": "d"}, "matrices": ("W: h x d",)}),
           (r"\nabla_{\mathbf v} \frac{1}{2}(\mathbf v^\top W \mathbf x - y)^2 = (\mathbf v^\top W \mathbf x - y)"
            r" W^\top \mathbf v", "grad((s(T(v)*W*x) - y)**2/2, v) = (s(T(v)*W*x) - y)*T(W)*v", False,
            {"shapes": {"v": "d", "W": "d x d", "x": "d"}, "matrices": ("W: d x d",)}),
           ),
        *c(VECTORS, CS229_LS,
           (r"\nabla_{\mathbf w} \frac{1}{2}\|X\mathbf w - \mathbf y\|_2^2 = X^\top (X\mathbf w - \mathbf y)",
            "grad(norm(X*w - y)**2/2, w) = T(X)*(X*w - y)", True, LS),
           (r"\nabla_{\mathbf w} \frac{1}{2}\|X\mathbf w - \mathbf y\|_2^2 = X (X\mathbf w - \mathbf y)",
            "grad(norm(X*w - y)**2/2, w) = X*(X*w - y)", False,
            {"shapes": {"X": "d x d", "w": "d", "y": "d"}, "matrices": ("X: d x d",)}),
           (r"\nabla_{\mathbf w} \frac{1}{2}\|X\mathbf w - \mathbf y\|_2^2 = (X\mathbf w - \mathbf y)^\top X",
            "grad(norm(X*w - y)**2/2, w) = T(X*w - y)*X", False, LS),
           (r"\|X\mathbf w - \mathbf y\|^2 = \mathbf w^\top X^\top X \mathbf w - 2\mathbf y^\top X\mathbf w + "
            r"\mathbf y^\top \mathbf y", "norm(X*w - y)**2 = s(T(w)*T(X)*X*w) - 2*s(T(y)*X*w) + s(T(y)*y)", True,
            LS),
           (r"\|X\mathbf w - \mathbf y\|^2 = \mathbf w^\top X^\top X \mathbf w + 2\mathbf y^\top X\mathbf w + "
            r"\mathbf y^\top \mathbf y", "norm(X*w - y)**2 = s(T(w)*T(X)*X*w) + 2*s(T(y)*X*w) + s(T(y)*y)", False,
            LS),
           (r"X^\top X \mathbf w - X^\top \mathbf y = X^\top (X\mathbf w - \mathbf y)",
            "T(X)*X*w - T(X)*y = T(X)*(X*w - y)", True, LS),
           (r"""\begin{align*}
\nabla_{\mathbf w} \frac{1}{2}\|X\mathbf w - \mathbf y\|^2
 &= \nabla_{\mathbf w} \frac{1}{2}\left(\mathbf w^\top X^\top X \mathbf w - 2\mathbf y^\top X\mathbf w
    + \mathbf y^\top\mathbf y\right) \\
 &= X^\top X\mathbf w - X^\top \mathbf y
\end{align*}""", "grad(norm(X*w - y)**2/2, w) = grad((s(T(w)*T(X)*X*w) - 2*s(T(y)*X*w) + s(T(y)*y))/2, w) = "
            "T(X)*X*w - T(X)*y", (True, True), LS),
           (r"""\begin{align*}
\nabla_{\mathbf w} \frac{1}{2}\|X\mathbf w - \mathbf y\|^2
 &= \nabla_{\mathbf w} \frac{1}{2}\left(\mathbf w^\top X^\top X \mathbf w - 2\mathbf y^\top X\mathbf w
    + \mathbf y^\top\mathbf y\right) \\
 &= X^\top X\mathbf w - 2X^\top \mathbf y
\end{align*}""", "grad(norm(X*w - y)**2/2, w) = grad((s(T(w)*T(X)*X*w) - 2*s(T(y)*X*w) + s(T(y)*y))/2, w) = "
            "T(X)*X*w - 2*T(X)*y", (True, False), LS),
           ),
        *c(VECTORS, PRML_31,
           (r"\nabla_{\mathbf w} \left( \frac{1}{2}\|X\mathbf w - \mathbf y\|^2 + \frac{\lambda}{2}\|\mathbf w\|^2 "
            r"\right) = X^\top X \mathbf w - X^\top \mathbf y + \lambda \mathbf w",
            "grad(norm(X*w - y)**2/2 + lam/2*norm(w)**2, w) = T(X)*X*w - T(X)*y + lam*w", True, LS),
           (r"\nabla_{\mathbf w} \left( \frac{1}{2}\|X\mathbf w - \mathbf y\|^2 + \frac{\lambda}{2}\|\mathbf w\|^2 "
            r"\right) = X^\top X \mathbf w - X^\top \mathbf y + \frac{\lambda}{2} \mathbf w",
            "grad(norm(X*w - y)**2/2 + lam/2*norm(w)**2, w) = T(X)*X*w - T(X)*y + lam/2*w", False, LS),
           (r"\nabla_{\mathbf w} \left( \|X\mathbf w - \mathbf y\|^2 + \lambda\|\mathbf w\|^2 \right) = "
            r"2X^\top (X \mathbf w - \mathbf y) + 2\lambda \mathbf w",
            "grad(norm(X*w - y)**2 + lam*norm(w)**2, w) = 2*T(X)*(X*w - y) + 2*lam*w", True, LS),
           (r"(X^\top X + \lambda I)\mathbf w - X^\top \mathbf y = X^\top (X \mathbf w - \mathbf y) + \lambda "
            r"\mathbf w", "(T(X)*X + lam*eye(d))*w - T(X)*y = T(X)*(X*w - y) + lam*w", True, LS),
           ),
        *c(VECTORS, NORMS,
           (r"(\mathbf a + \mathbf b)^\top (\mathbf a + \mathbf b) = \mathbf a^\top \mathbf a + 2\mathbf a^\top "
            r"\mathbf b + \mathbf b^\top \mathbf b", "s(T(a + b)*(a + b)) = s(T(a)*a) + 2*s(T(a)*b) + s(T(b)*b)",
            True, AX),
           (r"\|\mathbf a - \mathbf b\|^2 = \|\mathbf a\|^2 - 2\mathbf a^\top \mathbf b + \|\mathbf b\|^2",
            "norm(a - b)**2 = norm(a)**2 - 2*s(T(a)*b) + norm(b)**2", True, AX),
           (r"\|\mathbf a - \mathbf b\|^2 = \|\mathbf a\|^2 - \|\mathbf b\|^2", "norm(a - b)**2 = norm(a)**2 - "
            "norm(b)**2", False, AX),
           (r"\mathbf a^\top \mathbf b = \mathbf b^\top \mathbf a", "s(T(a)*b) = s(T(b)*a)", True, AX),
           (r"\mathbf a \mathbf b^\top = \mathbf b \mathbf a^\top", "a*T(b) = b*T(a)", False, AX),
           (r"\langle \mathbf a, \mathbf b \rangle = \mathbf a^\top \mathbf b", "s(T(a)*b) = s(T(a)*b)", True, AX),
           (r"\mathbf a \cdot \mathbf b = \sum_{i=1}^{d} a_i b_i", "s(T(a)*b) = sum(a[i]*b[i] for i in range(d))",
            True, AX),
           (r"\|\mathbf x\|_1 = \sum_{i=1}^{d} |x_i|", "norm1(x) = sum(Abs(x[i]) for i in range(d))", True, AX),
           (r"\mathbf 1^\top \mathbf x = \sum_{i=1}^{d} x_i", "s(T(ones(d))*x) = sum(x[i] for i in range(d))", True,
            AX),
           (r"\|\mathbf a + \mathbf b\|^2 + \|\mathbf a - \mathbf b\|^2 = 2\|\mathbf a\|^2 + 2\|\mathbf b\|^2",
            "norm(a + b)**2 + norm(a - b)**2 = 2*norm(a)**2 + 2*norm(b)**2", True, AX),
           (r"\mathbf a^\top \mathbf b = \frac{1}{4}\left(\|\mathbf a + \mathbf b\|^2 - \|\mathbf a - \mathbf b\|^2"
            r"\right)", "s(T(a)*b) = (norm(a + b)**2 - norm(a - b)**2)/4", True, AX),
           (r"\mathbf a^\top \mathbf b = \frac{1}{2}\left(\|\mathbf a + \mathbf b\|^2 - \|\mathbf a - \mathbf b\|^2"
            r"\right)", "s(T(a)*b) = (norm(a + b)**2 - norm(a - b)**2)/2", False, AX),
           (r"\|c\,\mathbf x\| = |c|\,\|\mathbf x\|", "norm(c*x) = Abs(c)*norm(x)", True, AX),
           (r"\|c\,\mathbf x\| = c\,\|\mathbf x\|", "norm(c*x) = c*norm(x)", False, AX),
           (r"\left\| \frac{\mathbf x}{\|\mathbf x\|} \right\| = 1", "norm(x/norm(x)) = 1", True, AX),
           (r"\left| \mathbf a^\top \mathbf b \right| \le \|\mathbf a\|_2 \|\mathbf b\|_2",
            "Abs(s(T(a)*b)) <= norm(a)*norm(b)", True, AX),
           (r"\|\mathbf a + \mathbf b\| \le \|\mathbf a\| + \|\mathbf b\|", "norm(a + b) <= norm(a) + norm(b)", True,
            AX),
           (r"\|\mathbf a + \mathbf b\|^2 \le \|\mathbf a\|^2 + \|\mathbf b\|^2",
            "norm(a + b)**2 <= norm(a)**2 + norm(b)**2", False, AX),
           (r"\|\mathbf x\|_2 \le \|\mathbf x\|_1", "norm(x) <= norm1(x)", True, AX),
           (r"\mathbf a \odot \mathbf b = \mathbf b \odot \mathbf a", "had(a, b) = had(b, a)", True, AX),
           (r"\mathbf 1^\top (\mathbf a \odot \mathbf b) = \mathbf a^\top \mathbf b", "s(T(ones(d))*had(a, b)) = "
            "s(T(a)*b)", True, AX),
           (r"\operatorname{diag}(\mathbf a)\,\mathbf b = \mathbf a \odot \mathbf b", "diag(a)*b = had(a, b)", True,
            AX),
           (r"\operatorname{diag}(\mathbf a)\,\mathbf b = \mathbf a^\top \mathbf b \, \mathbf 1",
            "diag(a)*b = s(T(a)*b)*ones(d)", False, AX),
           ),
        *c(VECTORS, LOGREG,
           (r"\nabla_{\mathbf w} \log \sigma(\mathbf w^\top \mathbf x) = (1 - \sigma(\mathbf w^\top \mathbf x))"
            r"\mathbf x", "grad(log(sigma(s(T(w)*x))), w) = (1 - sigma(s(T(w)*x)))*x", True,
            {**SIG, "shapes": {"w": "d", "x": "d"}}),
           (r"\nabla_{\mathbf w} \log \sigma(\mathbf w^\top \mathbf x) = \sigma(\mathbf w^\top \mathbf x)\mathbf x",
            "grad(log(sigma(s(T(w)*x))), w) = sigma(s(T(w)*x))*x", False, {**SIG, "shapes": {"w": "d", "x": "d"}}),
           (r"\nabla_{\mathbf w} \left( -y \log \sigma(\mathbf w^\top \mathbf x) - (1 - y)\log(1 - \sigma(\mathbf "
            r"w^\top \mathbf x)) \right) = (\sigma(\mathbf w^\top \mathbf x) - y)\mathbf x",
            "grad(-y*log(sigma(s(T(w)*x))) - (1 - y)*log(1 - sigma(s(T(w)*x))), w) = (sigma(s(T(w)*x)) - y)*x",
            True, {**SIG, "shapes": {"w": "d", "x": "d"}}),
           (r"\nabla_{\mathbf w} \left( -y \log \sigma(\mathbf w^\top \mathbf x) - (1 - y)\log(1 - \sigma(\mathbf "
            r"w^\top \mathbf x)) \right) = (y - \sigma(\mathbf w^\top \mathbf x))\mathbf x",
            "grad(-y*log(sigma(s(T(w)*x))) - (1 - y)*log(1 - sigma(s(T(w)*x))), w) = (y - sigma(s(T(w)*x)))*x",
            False, {**SIG, "shapes": {"w": "d", "x": "d"}}),
           ),
        *c(VECTORS, PRML_GAUSS,
           (r"\nabla_{\mathbf x} \frac{1}{2}(\mathbf x - \boldsymbol\mu)^\top \Sigma^{-1} (\mathbf x - "
            r"\boldsymbol\mu) = \Sigma^{-1}(\mathbf x - \boldsymbol\mu)",
            "grad(s(T(x - mu)*inv(Sigma)*(x - mu))/2, x) = inv(Sigma)*(x - mu)", True,
            {"shapes": {"x": "d", "mu": "d", "Sigma": "d x d symmetric"}, "matrices": ("Sigma: d x d symmetric",)}),
           (r"\nabla_{\mathbf x} \frac{1}{2}(\mathbf x - \boldsymbol\mu)^\top \Sigma^{-1} (\mathbf x - "
            r"\boldsymbol\mu) = 2\Sigma^{-1}(\mathbf x - \boldsymbol\mu)",
            "grad(s(T(x - mu)*inv(Sigma)*(x - mu))/2, x) = 2*inv(Sigma)*(x - mu)", False,
            {"shapes": {"x": "d", "mu": "d", "Sigma": "d x d symmetric"}, "matrices": ("Sigma: d x d symmetric",)}),
           ),
        *c(MATRICES, "CS229 Part I, 2.1 (matrix derivatives and the trace); MC 1.1 (eqs. 11-16)",
           (r"\operatorname{tr}(AB) = \operatorname{tr}(BA)", "tr(A*B) = tr(B*A)", True,
            {"shapes": {"A": "m x n", "B": "n x m"}, "matrices": ("A: m x n", "B: n x m")}),
           (r"\operatorname{tr}(ABC) = \operatorname{tr}(CAB)", "tr(A*B*C) = tr(C*A*B)", True,
            {"shapes": {"A": "m x n", "B": "n x p", "C": "p x m"}, "matrices": ("A: m x n", "B: n x p", "C: p x m")}),
           (r"\operatorname{tr}(ABC) = \operatorname{tr}(BAC)", "tr(A*B*C) = tr(B*A*C)", False,
            {"shapes": {"A": "n x n", "B": "n x n", "C": "n x n"}, "matrices": ("A: n x n", "B: n x n", "C: n x n")}),
           (r"\operatorname{tr}(A^\top) = \operatorname{tr}(A)", "tr(T(A)) = tr(A)", True,
            {"shapes": {"A": "n x n"}, "matrices": ("A: n x n",)}),
           (r"\operatorname{tr}(A + B) = \operatorname{tr}(A) + \operatorname{tr}(B)", "tr(A + B) = tr(A) + tr(B)",
            True, {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"\operatorname{tr}(AB) = \operatorname{tr}(A)\operatorname{tr}(B)", "tr(A*B) = tr(A)*tr(B)", False,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"\mathbf x^\top A \mathbf x = \operatorname{tr}(A \mathbf x \mathbf x^\top)",
            "s(T(x)*A*x) = tr(A*x*T(x))", True, QUAD),
           (r"\mathbf x^\top A \mathbf x = \operatorname{tr}(\mathbf x \mathbf x^\top A^\top)",
            "s(T(x)*A*x) = tr(x*T(x)*T(A))", True, QUAD),
           (r"\mathbf x^\top A \mathbf x = \operatorname{tr}(\mathbf x^\top \mathbf x A)",
            "s(T(x)*A*x) = s(T(x)*x)*tr(A)", False, QUAD),
           (r"\operatorname{tr}(\mathbf a \mathbf b^\top) = \mathbf a^\top \mathbf b", "tr(a*T(b)) = s(T(a)*b)",
            True, AX),
           (r"\|A\|_F^2 = \operatorname{tr}(A^\top A)", "norm(A)**2 = tr(T(A)*A)", True,
            {"shapes": {"A": "m x n"}, "matrices": ("A: m x n",)}),
           (r"\|A\|_F^2 = \operatorname{tr}(A A)", "norm(A)**2 = tr(A*A)", False,
            {"shapes": {"A": "n x n"}, "matrices": ("A: n x n",)}),
           (r"\|A\|_F^2 = \sum_{i=1}^{m}\sum_{j=1}^{n} A_{ij}^2",
            "norm(A)**2 = sum(A[i, j]**2 for i in range(m) for j in range(n))", True,
            {"shapes": {"A": "m x n"}, "matrices": ("A: m x n",)}),
           (r"\operatorname{tr}\left(\sum_{n=1}^{N} \mathbf x_n \mathbf x_n^\top\right) = \sum_{n=1}^{N} "
            r"\|\mathbf x_n\|^2", "tr(msum(x[k]*T(x[k]) for k in range(N))) = sum(norm(x[k])**2 for k in range(N))", True,
            {"shapes": {"x": "d family N"}}),
           (r"\sum_{n=1}^{N} \mathbf x_n \mathbf x_n^\top \mathbf w = \sum_{n=1}^{N} (\mathbf x_n^\top \mathbf w)"
            r"\mathbf x_n", "msum(x[k]*T(x[k])*w for k in range(N)) = msum(s(T(x[k])*w)*x[k] for k in range(N))",
            True, {"shapes": {"x": "d family N", "w": "d"}}),
           (r"\sum_{n=1}^{N} \mathbf x_n \mathbf x_n^\top \mathbf w = \sum_{n=1}^{N} \mathbf x_n^\top \mathbf w",
            "msum(x[k]*T(x[k])*w for k in range(N)) = sum(s(T(x[k])*w) for k in range(N))", False,
            {"shapes": {"x": "d family N", "w": "d"}}),
           ),
        *c(MATRICES, "DLB 2.3-2.4 (transpose, inverse, identity); MC 1.1-1.2 (eqs. 1-5, 18)",
           (r"(AB)^\top = B^\top A^\top", "T(A*B) = T(B)*T(A)", True,
            {"shapes": {"A": "m x n", "B": "n x p"}, "matrices": ("A: m x n", "B: n x p")}),
           (r"(AB)^\top = A^\top B^\top", "T(A*B) = T(A)*T(B)", False,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"(A + B)^\top = A^\top + B^\top", "T(A + B) = T(A) + T(B)", True,
            {"shapes": {"A": "m x n", "B": "m x n"}, "matrices": ("A: m x n", "B: m x n")}),
           (r"(AB)^{-1} = B^{-1}A^{-1}", "inv(A*B) = inv(B)*inv(A)", True,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"(AB)^{-1} = A^{-1}B^{-1}", "inv(A*B) = inv(A)*inv(B)", False,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"(A^\top)^{-1} = (A^{-1})^\top", "inv(T(A)) = T(inv(A))", True,
            {"shapes": {"A": "n x n"}, "matrices": ("A: n x n",)}),
           (r"A^{-1} - B^{-1} = A^{-1}(B - A)B^{-1}", "inv(A) - inv(B) = inv(A)*(B - A)*inv(B)", True,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"A^{-1} - B^{-1} = B^{-1}(B - A)A^{-1}", "inv(A) - inv(B) = inv(B)*(B - A)*inv(A)", True,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"A^{-1} - B^{-1} = A^{-1}(A - B)B^{-1}", "inv(A) - inv(B) = inv(A)*(A - B)*inv(B)", False,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"(I + AB)^{-1}A = A(I + BA)^{-1}", "inv(eye(n) + A*B)*A = A*inv(eye(m) + B*A)", True,
            {"shapes": {"A": "n x m", "B": "m x n"}, "matrices": ("A: n x m", "B: m x n")}),
           (r"A I = A", "A*eye(n) = A", True, {"shapes": {"A": "m x n"}, "matrices": ("A: m x n",)}),
           (r"(A + B)^2 = A^2 + AB + BA + B^2", "(A + B)*(A + B) = A*A + A*B + B*A + B*B", True,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"(A + B)^2 = A^2 + 2AB + B^2", "(A + B)*(A + B) = A*A + 2*A*B + B*B", False,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"(I - A)(I + A) = I - A^2", "(eye(n) - A)*(eye(n) + A) = eye(n) - A*A", True,
            {"shapes": {"A": "n x n"}, "matrices": ("A: n x n",)}),
           (r"(A - B)(A + B) = A^2 - B^2", "(A - B)*(A + B) = A*A - B*B", False,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"\mathbf{A}\mathbf{x} + \mathbf{A}\mathbf{y} = \mathbf{A}(\mathbf{x} + \mathbf{y})",
            "A*x + A*y = A*(x + y)", True, {"shapes": {"A": "m x d", "x": "d", "y": "d"}}),
           ),
        *c(MATRICES, "MC 1.1 (determinants, eqs. 18-25)",
           (r"\det(AB) = \det(A)\det(B)", "det(A*B) = det(A)*det(B)", True,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"\det(A + B) = \det(A) + \det(B)", "det(A + B) = det(A) + det(B)", False,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"\det(A^\top) = \det A", "det(T(A)) = det(A)", True, {"shapes": {"A": "n x n"}, "matrices": ("A: n x n",)}),
           (r"\det(A^{-1}) = \frac{1}{\det A}", "det(inv(A)) = 1/det(A)", True,
            {"shapes": {"A": "n x n"}, "matrices": ("A: n x n",)}),
           (r"\det(cA) = c^n \det A", "det(c*A) = c**n*det(A)", True,
            {"shapes": {"A": "n x n"}, "matrices": ("A: n x n",)}),
           (r"\det(cA) = c \det A", "det(c*A) = c*det(A)", False,
            {"shapes": {"A": "n x n"}, "matrices": ("A: n x n",)}),
           ),
        *c(MATRICES, "MC 2.5 (derivatives of traces, eqs. 100, 103, 111, 117), 2.1.1 (eqs. 49, 57); "
           "CS229 Part I, 2.1",
           (r"\frac{\partial}{\partial X} \operatorname{tr}(AX) = A^\top", "grad(tr(A*X), X) = T(A)", True,
            {"shapes": {"A": "n x m", "X": "m x n"}, "matrices": ("A: n x m", "X: m x n")}),
           (r"\frac{\partial}{\partial X} \operatorname{tr}(AX) = A", "grad(tr(A*X), X) = A", False,
            {"shapes": {"A": "n x n", "X": "n x n"}, "matrices": ("A: n x n", "X: n x n")}),
           (r"\nabla_X \operatorname{tr}(X^\top A X) = (A + A^\top) X", "grad(tr(T(X)*A*X), X) = (A + T(A))*X", True,
            {"shapes": {"A": "n x n", "X": "n x d"}, "matrices": ("A: n x n", "X: n x d")}),
           (r"\nabla_X \operatorname{tr}(X A X^\top) = X (A + A^\top)", "grad(tr(X*A*T(X)), X) = X*(A + T(A))", True,
            {"shapes": {"A": "d x d", "X": "n x d"}, "matrices": ("A: d x d", "X: n x d")}),
           (r"\nabla_X \operatorname{tr}(X A X^\top) = 2 X A", "grad(tr(X*A*T(X)), X) = 2*X*A", False,
            {"shapes": {"A": "d x d", "X": "n x d"}, "matrices": ("A: d x d", "X: n x d")}),
           (r"\nabla_X \log\det X = (X^{-1})^\top", "grad(log(det(X)), X) = T(inv(X))", True,
            {"shapes": {"X": "n x n"}, "matrices": ("X: n x n",)}),
           (r"\nabla_X \log\det X = X^{-1}", "grad(log(det(X)), X) = inv(X)", False,
            {"shapes": {"X": "n x n"}, "matrices": ("X: n x n",)}),
           (r"\nabla_X \det X = \det(X) (X^{-1})^\top", "grad(det(X), X) = det(X)*T(inv(X))", True,
            {"shapes": {"X": "n x n"}, "matrices": ("X: n x n",)}),
           (r"\frac{\partial}{\partial W_{jk}} \operatorname{tr}(W^\top A) = A_{jk}",
            "diff(tr(T(W)*A), W[j - 1, k - 1]) = A[j - 1, k - 1]", True,
            {"shapes": {"W": "m x n", "A": "m x n"}, "matrices": ("W: m x n", "A: m x n"),
             "indices": {"j": "m", "k": "n"}}),
           (r"\frac{\partial}{\partial W_{jk}} \operatorname{tr}(W^\top A) = A_{kj}",
            "diff(tr(T(W)*A), W[j - 1, k - 1]) = A[k - 1, j - 1]", False,
            {"shapes": {"W": "n x n", "A": "n x n"}, "matrices": ("W: n x n", "A: n x n"),
             "indices": {"j": "n", "k": "n"}}),
           ),
        *c(MATRICES, "DLB 6.5.2-6.5.3 (back-propagation through matrix products); d2l 5.3 (a deep linear net)",
           (r"\nabla_W \frac{1}{2}\|XW - Y\|_F^2 = X^\top (XW - Y)", "grad(norm(X*W - Y)**2/2, W) = T(X)*(X*W - Y)",
            True, {"shapes": {"X": "n x d", "W": "d x k", "Y": "n x k"},
                   "matrices": ("X: n x d", "W: d x k", "Y: n x k")}),
           (r"\nabla_W \frac{1}{2}\|XW - Y\|_F^2 = (XW - Y) X^\top", "grad(norm(X*W - Y)**2/2, W) = (X*W - Y)*T(X)",
            False, {"shapes": {"X": "n x n", "W": "n x n", "Y": "n x n"},
                    "matrices": ("X: n x n", "W: n x n", "Y: n x n")}),
           (r"\nabla_X \frac{1}{2}\|XW - Y\|_F^2 = (XW - Y) W^\top", "grad(norm(X*W - Y)**2/2, X) = (X*W - Y)*T(W)",
            True, {"shapes": {"X": "n x d", "W": "d x k", "Y": "n x k"},
                   "matrices": ("X: n x d", "W: d x k", "Y: n x k")}),
           (r"\nabla_{W_1} \frac{1}{2}\|W_2 W_1 \mathbf x - \mathbf y\|^2 = W_2^\top (W_2 W_1 \mathbf x - \mathbf y)"
            r" \mathbf x^\top", "grad(norm(W_2*W_1*x - y)**2/2, W_1) = T(W_2)*(W_2*W_1*x - y)*T(x)", True,
            {"shapes": {"W_1": "h x d", "W_2": "k x h", "x": "d", "y": "k"},
             "matrices": ("W_1: h x d", "W_2: k x h")}),
           (r"\nabla_{W_1} \frac{1}{2}\|W_2 W_1 \mathbf x - \mathbf y\|^2 = W_2^\top (W_2 W_1 \mathbf x - \mathbf y)",
            "grad(norm(W_2*W_1*x - y)**2/2, W_1) = T(W_2)*(W_2*W_1*x - y)", False,
            {"shapes": {"W_1": "h x d", "W_2": "k x h", "x": "d", "y": "k"},
             "matrices": ("W_1: h x d", "W_2: k x h")}),
           (r"\nabla_{W_2} \frac{1}{2}\|W_2 W_1 \mathbf x - \mathbf y\|^2 = (W_2 W_1 \mathbf x - \mathbf y)"
            r"(W_1 \mathbf x)^\top", "grad(norm(W_2*W_1*x - y)**2/2, W_2) = (W_2*W_1*x - y)*T(W_1*x)", True,
            {"shapes": {"W_1": "h x d", "W_2": "k x h", "x": "d", "y": "k"},
             "matrices": ("W_1: h x d", "W_2: k x h")}),
           (r"\nabla_{W_2} \frac{1}{2}\|W_2 W_1 \mathbf x - \mathbf y\|^2 = (W_1 \mathbf x)^\top(W_2 W_1 \mathbf x -"
            r" \mathbf y)", "grad(norm(W_2*W_1*x - y)**2/2, W_2) = T(W_1*x)*(W_2*W_1*x - y)", False,
            {"shapes": {"W_1": "n x n", "W_2": "n x n", "x": "n", "y": "n"},
             "matrices": ("W_1: n x n", "W_2: n x n")}),
           ),
        *c(MATRICES, "MC 10.2 (Kronecker and Hadamard products, eqs. 506, 511, 523)",
           (r"A \odot B = B \odot A", "had(A, B) = had(B, A)", True,
            {"shapes": {"A": "m x n", "B": "m x n"}, "matrices": ("A: m x n", "B: m x n")}),
           (r"\operatorname{tr}(A^\top (B \odot C)) = \operatorname{tr}((A \odot B)^\top C)",
            "tr(T(A)*had(B, C)) = tr(T(had(A, B))*C)", True,
            {"shapes": {"A": "m x n", "B": "m x n", "C": "m x n"},
             "matrices": ("A: m x n", "B: m x n", "C: m x n")}),
           (r"(A \otimes B)^\top = A^\top \otimes B^\top", "T(kron(A, B)) = kron(T(A), T(B))", True,
            {"shapes": {"A": "m x n", "B": "p x q"}, "matrices": ("A: m x n", "B: p x q")}),
           (r"(A \otimes B)^\top = B^\top \otimes A^\top", "T(kron(A, B)) = kron(T(B), T(A))", False,
            {"shapes": {"A": "n x n", "B": "n x n"}, "matrices": ("A: n x n", "B: n x n")}),
           (r"\operatorname{tr}(A \otimes B) = \operatorname{tr}(A)\operatorname{tr}(B)", "tr(kron(A, B)) = "
            "tr(A)*tr(B)", True, {"shapes": {"A": "m x m", "B": "n x n"}, "matrices": ("A: m x m", "B: n x n")}),
           ),
        *expectations(c),
    ]


GENERIC = "PRML 1.2.2 (expectations and covariances, eqs. 1.33-1.42); DLB 3.8 (eqs. 3.9-3.14)"
AOS = "AoS 3.2-3.3 (Theorems 3.11, 3.17, 3.19, 3.25) and 4.3 (Jensen's inequality)"
BIAS = "DLB 5.4.4 (trading off bias and variance, eq. 5.54); ESL 7.3 (eq. 7.9)"
NAMED = "AoS 3.2 (the mean and variance of the important distributions, Table 3.1); DLB 3.9.3"
DROPOUT = "DLB 7.12 (dropout: the weight scaling rule); Srivastava et al., JMLR 15 (2014), 2"
XY = {"random": ("X", "Y")}
XY_IND = {"random": ("X", "Y"), "independent": (("X", "Y"),)}


def expectations(c):
    return [
        *c(EXPECTATIONS, GENERIC,
           (r"\mathbb{E}[aX + b] = a\,\mathbb{E}[X] + b", "E(a*X + b) = a*E(X) + b", True, {"random": ("X",)}),
           (r"\mathbb{E}[aX + b] = a\,\mathbb{E}[X]", "E(a*X + b) = a*E(X)", False, {"random": ("X",)}),
           (r"\mathbb{E}[X + Y] = \mathbb{E}[X] + \mathbb{E}[Y]", "E(X + Y) = E(X) + E(Y)", True, XY),
           (r"\mathbb{E}[XY] = \mathbb{E}[X]\,\mathbb{E}[Y]", "E(X*Y) = E(X)*E(Y)", False, XY),
           (r"\mathbb{E}[XY] = \mathbb{E}[X]\,\mathbb{E}[Y]", "E(X*Y) = E(X)*E(Y)", True, XY_IND),
           (r"\mathbb{E}[X^2 Y^2] = \mathbb{E}[X^2]\,\mathbb{E}[Y^2]", "E(X**2*Y**2) = E(X**2)*E(Y**2)", True, XY_IND),
           (r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2", "Var(X) = E(X**2) - E(X)**2", True,
            {"random": ("X",)}),
           (r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]", "Var(X) = E(X**2) - E(X)", False,
            {"random": ("X",)}),
           (r"\operatorname{var}[X] = \mathbb{E}\left[(X - \mathbb{E}[X])^2\right]", "Var(X) = E((X - E(X))**2)",
            True, {"random": ("X",)}),
           (r"\operatorname{Var}[X] = \mathbb{E}\left[(X - \mathbb{E}[X])^2\right] = \mathbb{E}[X^2] - "
            r"2\mathbb{E}[X]^2 + \mathbb{E}[X]^2 = \mathbb{E}[X^2] - \mathbb{E}[X]^2",
            "Var(X) = E((X - E(X))**2) = E(X**2) - 2*E(X)**2 + E(X)**2 = E(X**2) - E(X)**2", (True, True, True),
            {"random": ("X",)}),
           (r"\operatorname{Cov}(X, Y) = \mathbb{E}[XY] - \mathbb{E}[X]\,\mathbb{E}[Y]",
            "Cov(X, Y) = E(X*Y) - E(X)*E(Y)", True, XY),
           (r"\operatorname{Cov}(X, Y) = \mathbb{E}\left[(X - \mathbb{E}[X])(Y - \mathbb{E}[Y])\right]",
            "Cov(X, Y) = E((X - E(X))*(Y - E(Y)))", True, XY),
           (r"\operatorname{Cov}(X, X) = \operatorname{Var}(X)", "Cov(X, X) = Var(X)", True, {"random": ("X",)}),
           (r"\operatorname{Cov}(X, Y) = 0", "Cov(X, Y) = 0", True, XY_IND),
           (r"\operatorname{Cov}(X, Y) = 0", "Cov(X, Y) = 0", False, XY),
           (r"\mathbb{E}\big[X\,\mathbb{E}[Y]\big] = \mathbb{E}[X]\,\mathbb{E}[Y]", "E(X*E(Y)) = E(X)*E(Y)", True, XY),
           (r"\mathbb{E}\big[\mathbb{E}[X]\big] = \mathbb{E}[X]", "E(E(X)) = E(X)", True, {"random": ("X",)}),
           (r"\mathbb{E}[f(X) + g(X)] = \mathbb{E}[f(X)] + \mathbb{E}[g(X)]", "E(f(X) + g(X)) = E(f(X)) + E(g(X))",
            True, {"random": ("X",), "functions": ("f", "g")}),
           (r"\mathbb{E}[f(X)] = f(\mathbb{E}[X])", "E(f(X)) = f(E(X))", False,
            {"random": ("X",), "functions": ("f",)}),
           (r"\mathbb{E}_{x \sim p}[a x + b] = a\,\mathbb{E}_{x \sim p}[x] + b", "E(a*x + b) = a*E(x) + b", True,
            {"rvs": ("x",)}),
           (r"\mathbb{E}_{x \sim p}[x^2] = \left(\mathbb{E}_{x \sim p}[x]\right)^2", "E(x**2) = E(x)**2", False,
            {"rvs": ("x",)}),
           ),
        *c(EXPECTATIONS, AOS,
           (r"\operatorname{Var}(aX + b) = a^2 \operatorname{Var}(X)", "Var(a*X + b) = a**2*Var(X)", True,
            {"random": ("X",)}),
           (r"\operatorname{Var}(aX + b) = a \operatorname{Var}(X)", "Var(a*X + b) = a*Var(X)", False,
            {"random": ("X",)}),
           (r"\operatorname{Var}(aX + b) = a^2 \operatorname{Var}(X) + b", "Var(a*X + b) = a**2*Var(X) + b", False,
            {"random": ("X",)}),
           (r"\operatorname{Var}(X + Y) = \operatorname{Var}(X) + \operatorname{Var}(Y) + 2\operatorname{Cov}(X, Y)",
            "Var(X + Y) = Var(X) + Var(Y) + 2*Cov(X, Y)", True, XY),
           (r"\operatorname{Var}(X + Y) = \operatorname{Var}(X) + \operatorname{Var}(Y)",
            "Var(X + Y) = Var(X) + Var(Y)", False, XY),
           (r"\operatorname{Var}(X + Y) = \operatorname{Var}(X) + \operatorname{Var}(Y)",
            "Var(X + Y) = Var(X) + Var(Y)", True, XY_IND),
           (r"\operatorname{Var}(X - Y) = \operatorname{Var}(X) - \operatorname{Var}(Y)",
            "Var(X - Y) = Var(X) - Var(Y)", False, XY_IND),
           (r"\operatorname{Var}(X - Y) = \operatorname{Var}(X) + \operatorname{Var}(Y)",
            "Var(X - Y) = Var(X) + Var(Y)", True, XY_IND),
           (r"\operatorname{Var}\left(\frac{X + Y}{2}\right) = \frac{\operatorname{Var}(X) + \operatorname{Var}(Y)}"
            r"{4}", "Var((X + Y)/2) = (Var(X) + Var(Y))/4", True, XY_IND),
           (r"\operatorname{Var}\left(\frac{X + Y}{2}\right) = \frac{\operatorname{Var}(X) + \operatorname{Var}(Y)}"
            r"{2}", "Var((X + Y)/2) = (Var(X) + Var(Y))/2", False, XY_IND),
           (r"\operatorname{Var}(XY) = \operatorname{Var}(X)\operatorname{Var}(Y)", "Var(X*Y) = Var(X)*Var(Y)",
            False, XY_IND),
           (r"\operatorname{Cov}(aX, bY) = ab\operatorname{Cov}(X, Y)", "Cov(a*X, b*Y) = a*b*Cov(X, Y)", True, XY),
           (r"\operatorname{Cov}(X + Z, Y) = \operatorname{Cov}(X, Y) + \operatorname{Cov}(Z, Y)",
            "Cov(X + Z, Y) = Cov(X, Y) + Cov(Z, Y)", True, {"random": ("X", "Y", "Z")}),
           (r"\operatorname{Cov}(X + c, Y) = \operatorname{Cov}(X, Y) + c", "Cov(X + c, Y) = Cov(X, Y) + c", False,
            XY),
           (r"\mathbb{E}[X]^2 \le \mathbb{E}[X^2]", "E(X)**2 <= E(X**2)", True, {"random": ("X",)}),
           (r"\mathbb{E}[X^2] \le \mathbb{E}[X]^2", "E(X**2) <= E(X)**2", False, {"random": ("X",)}),
           (r"e^{\mathbb{E}[X]} \le \mathbb{E}[e^X]", "exp(E(X)) <= E(exp(X))", True, {"random": ("X",)}),
           (r"\mathbb{E}[\log X] \le \log \mathbb{E}[X]", "E(log(X)) <= log(E(X))", True,
            {"random": ("X",), "assume": ("X > 0",)}),
           (r"\mathbb{E}[\log X] \ge \log \mathbb{E}[X]", "E(log(X)) >= log(E(X))", False,
            {"random": ("X",), "assume": ("X > 0",)}),
           (r"\operatorname{Cov}(X, Y)^2 \le \operatorname{Var}(X)\operatorname{Var}(Y)",
            "Cov(X, Y)**2 <= Var(X)*Var(Y)", True, XY),
           (r"\mathbb{E}[|X + Y|] \le \mathbb{E}[|X|] + \mathbb{E}[|Y|]", "E(Abs(X + Y)) <= E(Abs(X)) + E(Abs(Y))",
            True, XY),
           ),
        *c(EXPECTATIONS, BIAS,
           (r"\mathbb{E}[(\hat\theta - \theta)^2] = (\mathbb{E}[\hat\theta] - \theta)^2 + \operatorname{Var}"
            r"(\hat\theta)", "E((theta_hat - theta)**2) = (E(theta_hat) - theta)**2 + Var(theta_hat)", True,
            {"random": (r"\hat\theta",)}),
           (r"\mathbb{E}[(\hat\theta - \theta)^2] = \mathbb{E}[\hat\theta] - \theta + \operatorname{Var}"
            r"(\hat\theta)", "E((theta_hat - theta)**2) = E(theta_hat) - theta + Var(theta_hat)", False,
            {"random": (r"\hat\theta",)}),
           (r"\mathbb{E}[(\hat\theta - \theta)^2] = (\mathbb{E}[\hat\theta] - \theta)^2 - \operatorname{Var}"
            r"(\hat\theta)", "E((theta_hat - theta)**2) = (E(theta_hat) - theta)**2 - Var(theta_hat)", False,
            {"random": (r"\hat\theta",)}),
           (r"""\begin{align*}
\mathbb{E}\left[(\hat\theta - \theta)^2\right]
 &= \mathbb{E}\left[(\hat\theta - \mathbb{E}[\hat\theta] + \mathbb{E}[\hat\theta] - \theta)^2\right] \\
 &= \mathbb{E}\left[(\hat\theta - \mathbb{E}[\hat\theta])^2\right]
    + 2(\mathbb{E}[\hat\theta] - \theta)\,\mathbb{E}\left[\hat\theta - \mathbb{E}[\hat\theta]\right]
    + (\mathbb{E}[\hat\theta] - \theta)^2 \\
 &= \operatorname{Var}(\hat\theta) + (\mathbb{E}[\hat\theta] - \theta)^2
\end{align*}""", "E((theta_hat - theta)**2) = E((theta_hat - E(theta_hat) + E(theta_hat) - theta)**2) = E((theta_hat - E(theta_hat))**2) + "
            "2*(E(theta_hat) - theta)*E(theta_hat - E(theta_hat)) + (E(theta_hat) - theta)**2 = Var(theta_hat) + (E(theta_hat) - theta)**2",
            (True, True, True), {"random": (r"\hat\theta",)}),
           (r"\mathbb{E}\left[(f + \epsilon - \hat f)^2\right] = (f - \mathbb{E}[\hat f])^2 + \operatorname{Var}"
            r"(\hat f) + \operatorname{Var}(\epsilon)",
            "E((f + epsilon - f_hat)**2) = (f - E(f_hat))**2 + Var(f_hat) + Var(epsilon)", True,
            {"random": (r"\epsilon", r"\hat f"), "independent": ((r"\epsilon", r"\hat f"),),
             "assume": (r"\mathbb{E}[\epsilon] = 0",)}),
           (r"\mathbb{E}\left[(f + \epsilon - \hat f)^2\right] = (f - \mathbb{E}[\hat f])^2 + \operatorname{Var}"
            r"(\hat f) + \operatorname{Var}(\epsilon)",
            "E((f + epsilon - f_hat)**2) = (f - E(f_hat))**2 + Var(f_hat) + Var(epsilon)", False,
            {"random": (r"\epsilon", r"\hat f"), "assume": (r"\mathbb{E}[\epsilon] = 0",)}),
           (r"\mathbb{E}\left[(f + \epsilon - \hat f)^2\right] = (f - \mathbb{E}[\hat f])^2 + \operatorname{Var}"
            r"(\hat f) + \operatorname{Var}(\epsilon)",
            "E((f + epsilon - f_hat)**2) = (f - E(f_hat))**2 + Var(f_hat) + Var(epsilon)", False,
            {"random": (r"\epsilon", r"\hat f"), "independent": ((r"\epsilon", r"\hat f"),)}),
           (r"\mathbb{E}\left[(f + \epsilon - \hat f)^2\right] = (f - \mathbb{E}[\hat f])^2 + \operatorname{Var}"
            r"(\hat f)", "E((f + epsilon - f_hat)**2) = (f - E(f_hat))**2 + Var(f_hat)", False,
            {"random": (r"\epsilon", r"\hat f"), "independent": ((r"\epsilon", r"\hat f"),),
             "assume": (r"\mathbb{E}[\epsilon] = 0",)}),
           (r"\mathbb{E}[(X - c)^2] = \operatorname{Var}(X) + (\mathbb{E}[X] - c)^2",
            "E((X - c)**2) = Var(X) + (E(X) - c)**2", True, {"random": ("X",)}),
           (r"\mathbb{E}[(X - c)^2] \ge \operatorname{Var}(X)", "E((X - c)**2) >= Var(X)", True, {"random": ("X",)}),
           (r"\mathbb{E}[(X - c)^2] \le \operatorname{Var}(X)", "E((X - c)**2) <= Var(X)", False, {"random": ("X",)}),
           ),
        *c(EXPECTATIONS, NAMED,
           (r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[x^2] = \mu^2 + \sigma^2", "E(x**2) = mu**2 + sigma**2",
            True, {"rvs": ("x",), "dist": {"x": "Normal(mu, sigma)"}, "assume": (r"\sigma > 0",)}),
           (r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[x^2] = \mu^2", "E(x**2) = mu**2", False,
            {"rvs": ("x",), "dist": {"x": "Normal(mu, sigma)"}, "assume": (r"\sigma > 0",)}),
           (r"\mathbb{E}_{x \sim \mathcal{N}(0, \sigma^2)}[x^4] = 3\sigma^4", "E(x**4) = 3*sigma**4", True,
            {"rvs": ("x",), "dist": {"x": "Normal(0, sigma)"}, "assume": (r"\sigma > 0",)}),
           (r"\mathbb{E}[e^{X}] = e^{\mu + \sigma^2/2}", "E(exp(X)) = exp(mu + sigma**2/2)", True,
            {"random": (r"X \sim \mathcal{N}(\mu, \sigma^2)",), "dist": {"X": "Normal(mu, sigma)"},
             "assume": (r"\sigma > 0",)}),
           (r"\mathbb{E}[e^{X}] = e^{\mu}", "E(exp(X)) = exp(mu)", False,
            {"random": (r"X \sim \mathcal{N}(\mu, \sigma^2)",), "dist": {"X": "Normal(mu, sigma)"},
             "assume": (r"\sigma > 0",)}),
           (r"\operatorname{Var}(X) = \sigma^2", "Var(X) = sigma**2", True,
            {"random": (r"X \sim \mathcal{N}(\mu, \sigma^2)",), "dist": {"X": "Normal(mu, sigma)"},
             "assume": (r"\sigma > 0",)}),
           (r"\operatorname{Var}(X) = p(1 - p)", "Var(X) = p*(1 - p)", True,
            {"random": (r"X \sim \operatorname{Bernoulli}(p)",), "dist": {"X": "Bernoulli(p)"},
             "assume": ("p > 0", "p < 1")}),
           (r"\operatorname{Var}(X) = p^2", "Var(X) = p**2", False,
            {"random": (r"X \sim \operatorname{Bernoulli}(p)",), "dist": {"X": "Bernoulli(p)"},
             "assume": ("p > 0", "p < 1")}),
           (r"\mathbb{E}[X^2] = p", "E(X**2) = p", True,
            {"random": (r"X \sim \operatorname{Bernoulli}(p)",), "dist": {"X": "Bernoulli(p)"},
             "assume": ("p > 0", "p < 1")}),
           (r"\mathbb{E}[X] = \frac{a + b}{2}", "E(X) = (a + b)/2", True,
            {"random": (r"X \sim \mathcal{U}(a, b)",), "dist": {"X": "Uniform(a, b)"}, "assume": ("a < b",)}),
           (r"\operatorname{Var}(X) = \frac{(b - a)^2}{12}", "Var(X) = (b - a)**2/12", True,
            {"random": (r"X \sim \mathcal{U}(a, b)",), "dist": {"X": "Uniform(a, b)"}, "assume": ("a < b",)}),
           (r"\operatorname{Var}(X) = \frac{(b - a)^2}{4}", "Var(X) = (b - a)**2/4", False,
            {"random": (r"X \sim \mathcal{U}(a, b)",), "dist": {"X": "Uniform(a, b)"}, "assume": ("a < b",)}),
           ),
        *c(EXPECTATIONS, DROPOUT,
           (r"\mathbb{E}\left[\frac{m}{p} x\right] = x", "E(m/p*x) = x", True,
            {"random": (r"m \sim \operatorname{Bernoulli}(p)",), "dist": {"m": "Bernoulli(p)"},
             "assume": ("p > 0", "p < 1")}),
           (r"\mathbb{E}[m x] = x", "E(m*x) = x", False,
            {"random": (r"m \sim \operatorname{Bernoulli}(p)",), "dist": {"m": "Bernoulli(p)"},
             "assume": ("p > 0", "p < 1")}),
           (r"\operatorname{Var}\left(\frac{m}{p} x\right) = \frac{1 - p}{p} x^2", "Var(m/p*x) = (1 - p)/p*x**2",
            True, {"random": (r"m \sim \operatorname{Bernoulli}(p)",), "dist": {"m": "Bernoulli(p)"},
                   "assume": ("p > 0", "p < 1")}),
           ),
    ]

r"""A corpus of derivations written in LaTeX the way machine-learning textbooks, notes and slides write them.

Each :class:`Case` is a piece of LaTeX a user would hand to ``theorems check``, with:

* ``source``: where such a step is written (book or notes, section or equation); the true steps follow the
  source, the false ones are the slips a reader of it makes (a dropped factor, a sign, a missing chain-rule
  factor, a wrong index, a wrong exponent, a lost hypothesis);
* ``form``: the same chain written by hand in SymPy's syntax, independently of the reader: one string per chain
  (a document holds several), the sides separated by ``" = "``, ``" <= "``, ``" >= "``, ``" < "`` or ``" > "``.
  ``x[i]`` is the entry ``i`` of the family ``x``; names in ``functions`` are arbitrary functions;
* ``truth``: the truth of each step, in order over the chains (a bool for a one-step case); established from
  ``form`` by ``latex_corpus_truth.py``, which never calls the reader or the checker;
* the options a user gives on the command line: ``functions`` (``--function``), ``assume`` (``--assume``,
  LaTeX that is also SymPy), ``define`` (``--define``: pairs of the LaTeX given and its SymPy form), and
  ``defs``: the SymPy forms of the definitions made inside a document.

The corpus is never pruned: a case the reader cannot yet read stays, as an honest "cannot read".  The sources are
cited by book and section: Bishop, *Pattern Recognition and Machine Learning* (2006, "PRML"); Goodfellow, Bengio
and Courville, *Deep Learning* (2016, "DLB"); Ng, *CS229 Lecture Notes* ("CS229"); Zhang, Lipton, Li and Smola,
*Dive into Deep Learning* ("d2l"); Stewart, *Calculus* (8th ed.); Boyd and Vandenberghe, *Convex Optimization*
(2004, "BV").
"""

from dataclasses import dataclass, field

CATEGORIES = ("scalar functions", "Leibniz variants", "indexed sums and products", "ML identities", "bounds",
              "multi-step derivations", "documents", "vectors", "matrices", "expectations")


@dataclass(frozen=True)
class Case:
    category: str
    source: str
    latex: str
    form: object  # str, or a tuple of str (one per chain)
    truth: object  # bool, or a tuple of bool (one per step)
    functions: tuple = ()
    assume: tuple = ()
    define: tuple = ()  # ((latex, sympy), ...)
    defs: tuple = ()  # sympy forms of definitions made in the document
    symbols: tuple = ()
    extra: dict = field(default_factory=dict)
    vectors: tuple = ()  # --vector, --matrix, --random, --independent (LaTeX, as a user gives them)
    matrices: tuple = ()
    random: tuple = ()
    independent: tuple = ()
    shapes: dict = field(default_factory=dict)  # the truth's shapes (latex_corpus_vectors)
    indices: dict = field(default_factory=dict)
    rvs: tuple = ()  # the truth's random variables, when the user declares none
    dist: dict = field(default_factory=dict)

    @property
    def chains(self):
        return (self.form,) if isinstance(self.form, str) else tuple(self.form)

    @property
    def truths(self):
        return (self.truth,) if isinstance(self.truth, bool) else tuple(self.truth)


def _cases(category, source, *rows, **options):
    """Cases of one category and source: rows ``(latex, form, truth)``, or ``(latex, form, truth, options)``."""
    out = []
    for row in rows:
        latex, form, truth, *more = row
        out.append(Case(category, source, latex, form, truth, **{**options, **(more[0] if more else {})}))
    return out


SCALAR = "scalar functions"
STEWART_36 = "Stewart, Calculus, 3.6 (derivatives of logarithmic functions)"
STEWART_311 = "Stewart, Calculus, 3.11 (hyperbolic functions)"
STEWART_34 = "Stewart, Calculus, 3.4 (the chain rule)"
D2L_24 = "d2l, 2.4 (calculus: the rules of differentiation)"
PRML_513 = "PRML 5.1 and Exercise 3.1 (tanh and the logistic sigmoid)"

CORPUS = [
    *_cases(
        SCALAR, D2L_24,
        (r"\frac{d}{dx} x^3 = 3x^2", "Derivative(x**3, x) = 3*x**2", True),
        (r"\frac{d}{dx} x^3 = 3x^3", "Derivative(x**3, x) = 3*x**3", False),
        (r"\frac{d}{dx} \left( x^2 e^x \right) = 2x e^x + x^2 e^x", "Derivative(x**2*exp(x), x) = 2*x*exp(x) + x**2*exp(x)",
         True),
        (r"\frac{d}{dx} \left( x^2 e^x \right) = 2x e^x", "Derivative(x**2*exp(x), x) = 2*x*exp(x)", False),
        (r"\frac{d}{dx} \frac{1}{x} = -\frac{1}{x^2}", "Derivative(1/x, x) = -1/x**2", True),
        (r"\frac{d}{dx} \frac{1}{x} = \frac{1}{x^2}", "Derivative(1/x, x) = 1/x**2", False),
        (r"\frac{d}{dx} \sqrt{x} = \frac{1}{2\sqrt{x}}", "Derivative(sqrt(x), x) = 1/(2*sqrt(x))", True,
         {"assume": ("x > 0",)}),
        (r"\frac{d}{dx} \frac{x}{1+x} = \frac{1}{(1+x)^2}", "Derivative(x/(1 + x), x) = 1/(1 + x)**2", True),
        (r"\frac{d}{dx} \frac{x}{1+x} = \frac{1}{1+x}", "Derivative(x/(1 + x), x) = 1/(1 + x)", False),
    ),
    *_cases(
        SCALAR, STEWART_34,
        (r"\frac{d}{dx} \sin 2x = 2\cos 2x", "Derivative(sin(2*x), x) = 2*cos(2*x)", True),
        (r"\frac{d}{dx} \sin 2x = \cos 2x", "Derivative(sin(2*x), x) = cos(2*x)", False),
        (r"\frac{d}{dx} e^{-x^2} = -2x e^{-x^2}", "Derivative(exp(-x**2), x) = -2*x*exp(-x**2)", True),
        (r"\frac{d}{dx} e^{-x^2} = -x e^{-x^2}", "Derivative(exp(-x**2), x) = -x*exp(-x**2)", False),
        (r"\frac{d}{dx} (3x+1)^4 = 12(3x+1)^3", "Derivative((3*x + 1)**4, x) = 12*(3*x + 1)**3", True),
        (r"\frac{d}{dx} (3x+1)^4 = 4(3x+1)^3", "Derivative((3*x + 1)**4, x) = 4*(3*x + 1)**3", False),
        (r"\frac{d}{dx} \cos(x^2) = -2x\sin(x^2)", "Derivative(cos(x**2), x) = -2*x*sin(x**2)", True),
        (r"\frac{d}{dx} \cos(x^2) = 2x\sin(x^2)", "Derivative(cos(x**2), x) = 2*x*sin(x**2)", False),
    ),
    *_cases(
        SCALAR, STEWART_36,
        (r"\frac{d}{dx} \ln x = \frac{1}{x}", "Derivative(log(x), x) = 1/x", True, {"assume": ("x > 0",)}),
        (r"\frac{d}{dx} \log(1 + x^2) = \frac{2x}{1 + x^2}", "Derivative(log(1 + x**2), x) = 2*x/(1 + x**2)", True),
        (r"\frac{d}{dx} \log(1 + x^2) = \frac{1}{1 + x^2}", "Derivative(log(1 + x**2), x) = 1/(1 + x**2)", False),
        (r"\log x + \log y - \log z = \log \frac{xy}{z}", "log(x) + log(y) - log(z) = log(x*y/z)", True,
         {"assume": ("x > 0", "y > 0", "z > 0")}),
        (r"\log x + \log y - \log z = \log \frac{x}{yz}", "log(x) + log(y) - log(z) = log(x/(y*z))", False,
         {"assume": ("x > 0", "y > 0", "z > 0")}),
        (r"\log x^2 = 2\log x", "log(x**2) = 2*log(x)", True, {"assume": ("x > 0",)}),
        (r"\log(z^2) = 2\log z", "log(z**2) = 2*log(z)", False),
        (r"\log_2 8 = 3", "log(8)/log(2) = 3", True),
        (r"\log(1+e^x) - \log(1+e^{-x}) = x", "log(1 + exp(x)) - log(1 + exp(-x)) = x", True),
        (r"\log(1+e^x) - \log(1+e^{-x}) = -x", "log(1 + exp(x)) - log(1 + exp(-x)) = -x", False),
        (r"e^{2\ln x} = x^2", "exp(2*log(x)) = x**2", True, {"assume": ("x > 0",)}),
    ),
    *_cases(
        SCALAR, STEWART_311,
        (r"\frac{d}{dx}\tanh x = 1 - \tanh^2 x", "Derivative(tanh(x), x) = 1 - tanh(x)**2", True),
        (r"\frac{d}{dx}\tanh x = 1 + \tanh^2 x", "Derivative(tanh(x), x) = 1 + tanh(x)**2", False),
        (r"\frac{d}{dx}\sinh x = \cosh x", "Derivative(sinh(x), x) = cosh(x)", True),
        (r"\frac{d}{dx}\cosh x = -\sinh x", "Derivative(cosh(x), x) = -sinh(x)", False),
        (r"\cosh^2 x - \sinh^2 x = 1", "cosh(x)**2 - sinh(x)**2 = 1", True),
        (r"\frac{d}{dx} \sinh(2x) = 2\cosh(2x)", "Derivative(sinh(2*x), x) = 2*cosh(2*x)", True),
        (r"\tanh x = \frac{\sinh x}{\cosh x}", "tanh(x) = sinh(x)/cosh(x)", True),
        (r"\frac{d}{dw} \cosh^2(wx) = 2x\cosh(wx)\sinh(wx)", "Derivative(cosh(w*x)**2, w) = 2*x*cosh(w*x)*sinh(w*x)",
         True),
        (r"\frac{d}{dw} \cosh^2(wx) = 2\cosh(wx)\sinh(wx)", "Derivative(cosh(w*x)**2, w) = 2*cosh(w*x)*sinh(w*x)",
         False),
    ),
    *_cases(
        SCALAR, PRML_513,
        (r"\tanh x = 2\sigma(2x) - 1", "tanh(x) = 2*sigma(2*x) - 1", True,
         {"functions": ("sigma",), "define": ((r"\sigma(z) = \frac{1}{1 + e^{-z}}", "sigma(z) = 1/(1 + exp(-z))"),)}),
        (r"\tanh x = 2\sigma(x) - 1", "tanh(x) = 2*sigma(x) - 1", False,
         {"functions": ("sigma",), "define": ((r"\sigma(z) = \frac{1}{1 + e^{-z}}", "sigma(z) = 1/(1 + exp(-z))"),)}),
        (r"\tanh x = \frac{e^x - e^{-x}}{e^x + e^{-x}}", "tanh(x) = (exp(x) - exp(-x))/(exp(x) + exp(-x))", True),
    ),
]

LEIBNIZ = "Leibniz variants"
CS229_1 = "CS229, Part I, 1 (the LMS algorithm)"
DLB_6 = "DLB 6.5.2 (the chain rule of calculus)"

CORPUS += [
    *_cases(
        LEIBNIZ, D2L_24,
        (r"\frac{\mathrm{d}}{\mathrm{d}x} x^4 = 4x^3", "Derivative(x**4, x) = 4*x**3", True),
        (r"\frac{\mathrm{d}}{\mathrm{d}x} x^4 = 4x^4", "Derivative(x**4, x) = 4*x**4", False),
        (r"\dfrac{d}{dx}\left(x^2 + 3x\right) = 2x + 3", "Derivative(x**2 + 3*x, x) = 2*x + 3", True),
        (r"\tfrac{d}{dx}\left(x^2 + 3x\right) = x + 3", "Derivative(x**2 + 3*x, x) = x + 3", False),
        (r"\frac{d^2}{dx^2} x^3 = 6x", "Derivative(x**3, (x, 2)) = 6*x", True),
        (r"\frac{d^2}{dx^2} x^3 = 3x", "Derivative(x**3, (x, 2)) = 3*x", False),
        (r"\frac{d^2}{dx^2} e^{-x^2} = (4x^2 - 2)e^{-x^2}", "Derivative(exp(-x**2), (x, 2)) = (4*x**2 - 2)*exp(-x**2)",
         True),
        (r"\frac{\partial}{\partial x}\left(x^2 y + y^3\right) = 2xy", "Derivative(x**2*y + y**3, x) = 2*x*y", True),
        (r"\frac{\partial}{\partial y}\left(x^2 y + y^3\right) = x^2 + y^2",
         "Derivative(x**2*y + y**3, y) = x**2 + y**2", False),
        (r"\frac{\partial^2}{\partial x \partial y} x^2 y^3 = 6xy^2", "Derivative(x**2*y**3, x, y) = 6*x*y**2", True),
        (r"\frac{\partial^2}{\partial x \partial y} x^2 y^3 = 6x^2 y", "Derivative(x**2*y**3, x, y) = 6*x**2*y",
         False),
        (r"\partial_x \left(x y^2\right) = y^2", "Derivative(x*y**2, x) = y**2", True),
        (r"\partial_y \left(x y^2\right) = y^2", "Derivative(x*y**2, y) = y**2", False),
        (r"\left.\frac{d}{dx} x^3\right|_{x=2} = 12", "Subs(Derivative(x**3, x), x, 2) = 12", True),
        (r"\left.\frac{d}{dx} x^3\right|_{x=2} = 8", "Subs(Derivative(x**3, x), x, 2) = 8", False),
        (r"\frac{d}{dx}\left[x \ln x\right] = \ln x + 1", "Derivative(x*log(x), x) = log(x) + 1", True,
         {"assume": ("x > 0",)}),
    ),
    *_cases(
        LEIBNIZ, DLB_6,
        (r"\frac{d}{dx} f(g(x)) = f'(g(x))\,g'(x)",
         "Derivative(f(g(x)), x) = Subs(Derivative(f(t), t), t, g(x))*Derivative(g(x), x)", True,
         {"functions": ("f", "g")}),
        (r"\frac{d}{dx} f(g(x)) = f'(g(x))", "Derivative(f(g(x)), x) = Subs(Derivative(f(t), t), t, g(x))", False,
         {"functions": ("f", "g")}),
        (r"\frac{d}{dx} \left(f(x) g(x)\right) = f'(x) g(x) + f(x) g'(x)",
         "Derivative(f(x)*g(x), x) = Derivative(f(x), x)*g(x) + f(x)*Derivative(g(x), x)", True,
         {"functions": ("f", "g")}),
        (r"\frac{d}{dx} \left(f(x) g(x)\right) = f'(x) g'(x)",
         "Derivative(f(x)*g(x), x) = Derivative(f(x), x)*Derivative(g(x), x)", False, {"functions": ("f", "g")}),
        (r"\frac{d}{dx} \frac{f(x)}{g(x)} = \frac{f'(x) g(x) - f(x) g'(x)}{g(x)^2}",
         "Derivative(f(x)/g(x), x) = (Derivative(f(x), x)*g(x) - f(x)*Derivative(g(x), x))/g(x)**2", True,
         {"functions": ("f", "g")}),
        (r"\frac{d}{dx} \frac{f(x)}{g(x)} = \frac{f(x) g'(x) - f'(x) g(x)}{g(x)^2}",
         "Derivative(f(x)/g(x), x) = (f(x)*Derivative(g(x), x) - Derivative(f(x), x)*g(x))/g(x)**2", False,
         {"functions": ("f", "g")}),
        (r"\frac{d}{dx} e^{f(x)} = f'(x) e^{f(x)}", "Derivative(exp(f(x)), x) = Derivative(f(x), x)*exp(f(x))", True,
         {"functions": ("f",)}),
        (r"\frac{d}{dx} \log f(x) = \frac{f'(x)}{f(x)}", "Derivative(log(f(x)), x) = Derivative(f(x), x)/f(x)", True,
         {"functions": ("f",), "assume": ()}),
        (r"\frac{d}{dx} f^2(x) = 2 f(x) f'(x)", "Derivative(f(x)**2, x) = 2*f(x)*Derivative(f(x), x)", True,
         {"functions": ("f",)}),
        (r"\frac{d}{dx} f^2(x) = 2 f'(x)", "Derivative(f(x)**2, x) = 2*Derivative(f(x), x)", False,
         {"functions": ("f",)}),
        (r"\frac{df}{dx} = 2x", "Derivative(f(x), x) = 2*x", True,
         {"functions": ("f",), "define": ((r"f(x) = x^2 + 1", "f(x) = x**2 + 1"),)}),
        (r"\frac{\partial f}{\partial y} = 2xy", "Derivative(f(x, y), y) = 2*x*y", False,
         {"functions": ("f",), "define": ((r"f(x, y) = x^2 y + y", "f(x, y) = x**2*y + y"),)}),
    ),
    *_cases(
        LEIBNIZ, CS229_1,
        (r"\frac{\partial}{\partial \theta} \frac{1}{2}(\theta x - y)^2 = (\theta x - y)x",
         "Derivative((theta*x - y)**2/2, theta) = (theta*x - y)*x", True),
        (r"\frac{\partial}{\partial \theta} \frac{1}{2}(\theta x - y)^2 = \theta x - y",
         "Derivative((theta*x - y)**2/2, theta) = theta*x - y", False),
        (r"\frac{\partial}{\partial w_1} \left(w_1 x_1 + w_2 x_2 - y\right)^2 = 2\left(w_1 x_1 + w_2 x_2 - y\right) x_1",
         "Derivative((w_1*x_1 + w_2*x_2 - y)**2, w_1) = 2*(w_1*x_1 + w_2*x_2 - y)*x_1", True),
        (r"\frac{\partial}{\partial w_1} \left(w_1 x_1 + w_2 x_2 - y\right)^2 = 2\left(w_1 x_1 + w_2 x_2 - y\right) x_2",
         "Derivative((w_1*x_1 + w_2*x_2 - y)**2, w_1) = 2*(w_1*x_1 + w_2*x_2 - y)*x_2", False),
        (r"\frac{\partial}{\partial b} (wx + b - y)^2 = 2(wx + b - y)", "Derivative((w*x + b - y)**2, b) = 2*(w*x + b - y)",
         True),
        (r"\frac{\partial}{\partial b} (wx + b - y)^2 = 2(wx + b - y)x",
         "Derivative((w*x + b - y)**2, b) = 2*(w*x + b - y)*x", False),
        (r"\frac{\partial}{\partial v} \frac{1}{2}\left(v\tanh(wx) - y\right)^2 = \left(v\tanh(wx) - y\right)\tanh(wx)",
         "Derivative((v*tanh(w*x) - y)**2/2, v) = (v*tanh(w*x) - y)*tanh(w*x)", True),
        (r"\frac{\partial}{\partial w} \frac{1}{2}\left(v\tanh(wx) - y\right)^2 = \left(v\tanh(wx) - y\right) v x",
         "Derivative((v*tanh(w*x) - y)**2/2, w) = (v*tanh(w*x) - y)*v*x", False),
    ),
]

INDEXED = "indexed sums and products"
PRML_124 = "PRML 1.2.4 (the Gaussian distribution: maximum likelihood, eqs. 1.54-1.56)"
CS229_NE = "CS229, Part I, 2 (the normal equations)"
PRML_31 = "PRML 3.1.1 (maximum likelihood and least squares, eqs. 3.11-3.13)"

CORPUS += [
    *_cases(
        INDEXED, PRML_124,
        (r"\sum_{n=1}^{N} (x_n - \mu) = \sum_{n=1}^{N} x_n - N\mu",
         "Sum(x[n] - mu, (n, 1, N)) = Sum(x[n], (n, 1, N)) - N*mu", True),
        (r"\sum_{n=1}^{N} (x_n - \mu) = \sum_{n=1}^{N} x_n - \mu",
         "Sum(x[n] - mu, (n, 1, N)) = Sum(x[n], (n, 1, N)) - mu", False),
        (r"\frac{\partial}{\partial \mu} \sum_{n=1}^{N} (x_n - \mu)^2 = -2\sum_{n=1}^{N} (x_n - \mu)",
         "Derivative(Sum((x[n] - mu)**2, (n, 1, N)), mu) = -2*Sum(x[n] - mu, (n, 1, N))", True),
        (r"\frac{\partial}{\partial \mu} \sum_{n=1}^{N} (x_n - \mu)^2 = 2\sum_{n=1}^{N} (x_n - \mu)",
         "Derivative(Sum((x[n] - mu)**2, (n, 1, N)), mu) = 2*Sum(x[n] - mu, (n, 1, N))", False),
        (r"\sum_{n=1}^{N} (x_n - \mu)^2 = \sum_{n=1}^{N} x_n^2 - 2\mu\sum_{n=1}^{N} x_n + N\mu^2",
         "Sum((x[n] - mu)**2, (n, 1, N)) = Sum(x[n]**2, (n, 1, N)) - 2*mu*Sum(x[n], (n, 1, N)) + N*mu**2", True),
        (r"\sum_{n=1}^{N} (x_n - \mu)^2 = \sum_{n=1}^{N} x_n^2 - 2\mu\sum_{n=1}^{N} x_n + \mu^2",
         "Sum((x[n] - mu)**2, (n, 1, N)) = Sum(x[n]**2, (n, 1, N)) - 2*mu*Sum(x[n], (n, 1, N)) + mu**2", False),
        (r"\log \prod_{n=1}^{N} e^{-(x_n - \mu)^2} = -\sum_{n=1}^{N} (x_n - \mu)^2",
         "log(Product(exp(-(x[n] - mu)**2), (n, 1, N))) = -Sum((x[n] - mu)**2, (n, 1, N))", True),
        (r"\frac{\partial}{\partial \sigma} \sum_{n=1}^{N} \left(\frac{(x_n-\mu)^2}{2\sigma^2} + \log\sigma\right) "
         r"= \sum_{n=1}^{N} \left(-\frac{(x_n-\mu)^2}{\sigma^3} + \frac{1}{\sigma}\right)",
         "Derivative(Sum((x[n] - mu)**2/(2*sigma**2) + log(sigma), (n, 1, N)), sigma) = "
         "Sum(-(x[n] - mu)**2/sigma**3 + 1/sigma, (n, 1, N))", True, {"assume": ("sigma > 0",)}),
        (r"\frac{\partial}{\partial \sigma} \sum_{n=1}^{N} \left(\frac{(x_n-\mu)^2}{2\sigma^2} + \log\sigma\right) "
         r"= \sum_{n=1}^{N} \left(-\frac{(x_n-\mu)^2}{2\sigma^3} + \frac{1}{\sigma}\right)",
         "Derivative(Sum((x[n] - mu)**2/(2*sigma**2) + log(sigma), (n, 1, N)), sigma) = "
         "Sum(-(x[n] - mu)**2/(2*sigma**3) + 1/sigma, (n, 1, N))", False, {"assume": ("sigma > 0",)}),
    ),
    *_cases(
        INDEXED, PRML_31,
        (r"\frac{\partial}{\partial w} \frac{1}{2}\sum_{n=1}^{N} (w x_n - t_n)^2 = \sum_{n=1}^{N} (w x_n - t_n) x_n",
         "Derivative(Sum((w*x[n] - t[n])**2, (n, 1, N))/2, w) = Sum((w*x[n] - t[n])*x[n], (n, 1, N))", True),
        (r"\frac{\partial}{\partial w} \frac{1}{2}\sum_{n=1}^{N} (w x_n - t_n)^2 = \sum_{n=1}^{N} (w x_n - t_n)",
         "Derivative(Sum((w*x[n] - t[n])**2, (n, 1, N))/2, w) = Sum(w*x[n] - t[n], (n, 1, N))", False),
        (r"\frac{\partial}{\partial w_j} \sum_{i=1}^{d} w_i x_i = x_j", "Derivative(Sum(w[i]*x[i], (i, 1, d)), w[j]) = x[j]",
         True, {"assume": ("1 <= j", "j <= d")}),
        (r"\frac{\partial}{\partial w_j} \sum_{i=1}^{d} w_i x_i = x_i", "Derivative(Sum(w[i]*x[i], (i, 1, d)), w[j]) = x[i]",
         False, {"assume": ("1 <= j", "j <= d")}),
        (r"\frac{\partial}{\partial w_j} \sum_{i=1}^{d} w_i^2 = 2w_j", "Derivative(Sum(w[i]**2, (i, 1, d)), w[j]) = 2*w[j]",
         True, {"assume": ("1 <= j", "j <= d")}),
        (r"\frac{\partial}{\partial w_j} \sum_{i=1}^{d} w_i^2 = w_j", "Derivative(Sum(w[i]**2, (i, 1, d)), w[j]) = w[j]",
         False, {"assume": ("1 <= j", "j <= d")}),
        (r"\frac{\partial}{\partial w_1} \sum_{i=1}^{3} w_i x_i = x_1", "Derivative(Sum(w[i]*x[i], (i, 1, 3)), w[1]) = x[1]",
         True),
        (r"\frac{\partial}{\partial w_2} \sum_{i=1}^{3} w_i^2 x_i = 2 w_2 x_2",
         "Derivative(Sum(w[i]**2*x[i], (i, 1, 3)), w[2]) = 2*w[2]*x[2]", True),
        (r"\frac{\partial}{\partial w_2} \sum_{i=1}^{3} w_i^2 x_i = 2 w_2 x_1",
         "Derivative(Sum(w[i]**2*x[i], (i, 1, 3)), w[2]) = 2*w[2]*x[1]", False),
    ),
    *_cases(
        INDEXED, "Concrete sums (Graham, Knuth and Patashnik, Concrete Mathematics, 2.1-2.4)",
        (r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}", "Sum(i, (i, 1, n)) = n*(n + 1)/2", True),
        (r"\sum_{i=1}^{n} i = \frac{n^2}{2}", "Sum(i, (i, 1, n)) = n**2/2", False),
        (r"\sum_{k=1}^{n} k^2 = \frac{n(n+1)(2n+1)}{6}", "Sum(k**2, (k, 1, n)) = n*(n + 1)*(2*n + 1)/6", True),
        (r"\sum_{k=1}^{n} k^2 = \frac{n(n+1)(n+2)}{6}", "Sum(k**2, (k, 1, n)) = n*(n + 1)*(n + 2)/6", False),
        (r"\sum_{k=0}^{n-1} r^k = \frac{1 - r^n}{1 - r}", "Sum(r**k, (k, 0, n - 1)) = (1 - r**n)/(1 - r)", True,
         {"assume": ("r < 1",)}),
        (r"\sum_{k=0}^{n} r^k = \frac{1 - r^n}{1 - r}", "Sum(r**k, (k, 0, n)) = (1 - r**n)/(1 - r)", False,
         {"assume": ("r < 1",)}),
        (r"\sum_{i=1}^{n} \sum_{j=1}^{m} a_i b_j = \left(\sum_{i=1}^{n} a_i\right)\left(\sum_{j=1}^{m} b_j\right)",
         "Sum(a[i]*b[j], (j, 1, m), (i, 1, n)) = Sum(a[i], (i, 1, n))*Sum(b[j], (j, 1, m))", True),
        (r"\sum_{i=1}^{n} x_i^2 = \left(\sum_{i=1}^{n} x_i\right)^2", "Sum(x[i]**2, (i, 1, n)) = Sum(x[i], (i, 1, n))**2",
         False),
        (r"\prod_{i=1}^{n} e^{x_i} = e^{\sum_{i=1}^{n} x_i}", "Product(exp(x[i]), (i, 1, n)) = exp(Sum(x[i], (i, 1, n)))",
         True),
        (r"\log \prod_{i=1}^{n} p_i = \sum_{i=1}^{n} \log p_i", "log(Product(p[i], (i, 1, n))) = Sum(log(p[i]), (i, 1, n))",
         True, {"assume": ("p_i > 0",)}),
        (r"\prod_{i=1}^{n} 2 x_i = 2\prod_{i=1}^{n} x_i", "Product(2*x[i], (i, 1, n)) = 2*Product(x[i], (i, 1, n))", False),
        (r"\sum_{i=1}^{n} c\, x_i = c \sum_{i=1}^{n} x_i", "Sum(c*x[i], (i, 1, n)) = c*Sum(x[i], (i, 1, n))", True),
        (r"\sum_{i=1}^{n} (x_i + c) = \sum_{i=1}^{n} x_i + c", "Sum(x[i] + c, (i, 1, n)) = Sum(x[i], (i, 1, n)) + c",
         False),
        (r"\sum_{i=1}^{n} \sum_{j=1}^{m} w_{ij} x_j = \sum_{j=1}^{m} \sum_{i=1}^{n} w_{ij} x_j",
         "Sum(w[i, j]*x[j], (j, 1, m), (i, 1, n)) = Sum(w[i, j]*x[j], (i, 1, n), (j, 1, m))", True),
        (r"\sum_{i=1}^{n} \sum_{j=1}^{m} w_{ij} x_j = \sum_{j=1}^{m} \sum_{i=1}^{n} w_{ji} x_j",
         "Sum(w[i, j]*x[j], (j, 1, m), (i, 1, n)) = Sum(w[j, i]*x[j], (i, 1, n), (j, 1, m))", False),
        (r"\sum_{i=1}^{n} \left(x_i - c\right)^2 = \sum_{i=1}^{n} x_i^2 - nc^2",
         "Sum((x[i] - c)**2, (i, 1, n)) = Sum(x[i]**2, (i, 1, n)) - n*c**2", False),
    ),
]

ML = "ML identities"
PRML_42 = "PRML 4.2 (the logistic sigmoid, eqs. 4.59-4.61)"
PRML_432 = "PRML 4.3.2 (logistic regression, eqs. 4.88-4.91)"
PRML_434 = "PRML 4.3.4 (multiclass logistic regression, eq. 4.106)"
DLB_310 = "DLB 3.10 (useful properties of common functions, eqs. 3.33-3.41)"
DLB_41 = "DLB 4.1 (overflow and underflow: softmax and log-sum-exp)"
DLB_6222 = "DLB 6.2.2.2 (sigmoid units for Bernoulli output distributions)"
D2L_41 = "d2l, 4.1 (softmax regression: the loss and its derivatives)"
CS229_5 = "CS229, Part II, 5 (logistic regression)"
SIG = {"functions": ("sigma",), "define": ((r"\sigma(z) = \frac{1}{1 + e^{-z}}", "sigma(z) = 1/(1 + exp(-z))"),)}
ZETA = {"functions": ("zeta",), "define": ((r"\zeta(z) = \log(1 + e^{z})", "zeta(z) = log(1 + exp(z))"),)}
SIG_ZETA = {"functions": ("sigma", "zeta"), "define": SIG["define"] + ZETA["define"]}

CORPUS += [
    *_cases(
        ML, PRML_432,
        (r"\frac{d\sigma}{da} = \sigma(a)(1 - \sigma(a))", "Derivative(sigma(a), a) = sigma(a)*(1 - sigma(a))", True,
         SIG),
        (r"\frac{d\sigma}{da} = \sigma(a)(1 + \sigma(a))", "Derivative(sigma(a), a) = sigma(a)*(1 + sigma(a))", False,
         SIG),
        (r"\frac{d}{da}\left(-t\log\sigma(a) - (1-t)\log(1-\sigma(a))\right) = \sigma(a) - t",
         "Derivative(-t*log(sigma(a)) - (1 - t)*log(1 - sigma(a)), a) = sigma(a) - t", True, SIG),
        (r"\frac{d}{da}\left(-t\log\sigma(a) - (1-t)\log(1-\sigma(a))\right) = t - \sigma(a)",
         "Derivative(-t*log(sigma(a)) - (1 - t)*log(1 - sigma(a)), a) = t - sigma(a)", False, SIG),
        (r"\frac{\partial}{\partial w}\left(-t\log\sigma(wx) - (1-t)\log(1-\sigma(wx))\right) = (\sigma(wx) - t)x",
         "Derivative(-t*log(sigma(w*x)) - (1 - t)*log(1 - sigma(w*x)), w) = (sigma(w*x) - t)*x", True, SIG),
        (r"\frac{\partial}{\partial w}\left(-t\log\sigma(wx) - (1-t)\log(1-\sigma(wx))\right) = \sigma(wx) - t",
         "Derivative(-t*log(sigma(w*x)) - (1 - t)*log(1 - sigma(w*x)), w) = sigma(w*x) - t", False, SIG),
    ),
    *_cases(
        ML, PRML_42,
        (r"\sigma(-a) = 1 - \sigma(a)", "sigma(-a) = 1 - sigma(a)", True, SIG),
        (r"\sigma(-a) = \sigma(a) - 1", "sigma(-a) = sigma(a) - 1", False, SIG),
        (r"\log\frac{\sigma(a)}{1 - \sigma(a)} = a", "log(sigma(a)/(1 - sigma(a))) = a", True, SIG),
        (r"\log\frac{\sigma(a)}{1 - \sigma(a)} = -a", "log(sigma(a)/(1 - sigma(a))) = -a", False, SIG),
        (r"\sigma(a) = \frac{e^a}{1 + e^a}", "sigma(a) = exp(a)/(1 + exp(a))", True, SIG),
        (r"\sigma(a) = \frac{1}{1 + e^a}", "sigma(a) = 1/(1 + exp(a))", False, SIG),
    ),
    *_cases(
        ML, DLB_310,
        (r"\frac{d}{dx}\zeta(x) = \sigma(x)", "Derivative(zeta(x), x) = sigma(x)", True,
         SIG_ZETA),
        (r"\zeta(x) - \zeta(-x) = x", "zeta(x) - zeta(-x) = x", True,
         ZETA),
        (r"\zeta(x) + \zeta(-x) = x", "zeta(x) + zeta(-x) = x", False,
         ZETA),
        (r"\log\sigma(x) = -\zeta(-x)", "log(sigma(x)) = -zeta(-x)", True,
         SIG_ZETA),
        (r"\log\sigma(x) = -\zeta(x)", "log(sigma(x)) = -zeta(x)", False,
         SIG_ZETA),
        (r"\sigma(x) = \frac{\exp(x)}{\exp(x) + \exp(0)}", "sigma(x) = exp(x)/(exp(x) + exp(0))", True, SIG),
        (r"\frac{d}{dx}\mathrm{sigmoid}(x) = \mathrm{sigmoid}(x)\left(1 - \mathrm{sigmoid}(x)\right)",
         "Derivative(1/(1 + exp(-x)), x) = (1 - 1/(1 + exp(-x)))/(1 + exp(-x))", True),
        (r"\mathrm{ReLU}(x) - \mathrm{ReLU}(-x) = x", "Max(0, x) - Max(0, -x) = x", True),
        (r"\mathrm{ReLU}(x) + \mathrm{ReLU}(-x) = x", "Max(0, x) + Max(0, -x) = x", False),
        (r"\max(0, x) + \max(0, -x) = |x|", "Max(0, x) + Max(0, -x) = Abs(x)", True),
    ),
    *_cases(
        ML, DLB_6222,
        (r"-\log\sigma\left((2y-1)z\right) = \zeta\left((1-2y)z\right)",
         "-log(sigma((2*y - 1)*z)) = zeta((1 - 2*y)*z)", True,
         SIG_ZETA),
        (r"-\log\sigma\left((2y-1)z\right) = \zeta\left((2y-1)z\right)",
         "-log(sigma((2*y - 1)*z)) = zeta((2*y - 1)*z)", False,
         SIG_ZETA),
    ),
    *_cases(
        ML, DLB_41,
        (r"\log \sum_{i=1}^{n} e^{x_i} = m + \log \sum_{i=1}^{n} e^{x_i - m}",
         "log(Sum(exp(x[i]), (i, 1, n))) = m + log(Sum(exp(x[i] - m), (i, 1, n)))", True),
        (r"\log \sum_{i=1}^{n} e^{x_i} = \log \sum_{i=1}^{n} e^{x_i - m}",
         "log(Sum(exp(x[i]), (i, 1, n))) = log(Sum(exp(x[i] - m), (i, 1, n)))", False),
        (r"\frac{e^{x_j}}{\sum_{i=1}^{n} e^{x_i}} = \frac{e^{x_j - m}}{\sum_{i=1}^{n} e^{x_i - m}}",
         "exp(x[j])/Sum(exp(x[i]), (i, 1, n)) = exp(x[j] - m)/Sum(exp(x[i] - m), (i, 1, n))", True),
        (r"\frac{e^{x_j}}{\sum_{i=1}^{n} e^{x_i}} = \frac{e^{x_j - m}}{\sum_{i=1}^{n} e^{x_i}}",
         "exp(x[j])/Sum(exp(x[i]), (i, 1, n)) = exp(x[j] - m)/Sum(exp(x[i]), (i, 1, n))", False),
        (r"\frac{\partial}{\partial x_j} \log \sum_{i=1}^{n} e^{x_i} = \frac{e^{x_j}}{\sum_{i=1}^{n} e^{x_i}}",
         "Derivative(log(Sum(exp(x[i]), (i, 1, n))), x[j]) = exp(x[j])/Sum(exp(x[i]), (i, 1, n))", True,
         {"assume": ("1 <= j", "j <= n")}),
        (r"\frac{\partial}{\partial x_j} \log \sum_{i=1}^{n} e^{x_i} = \frac{1}{\sum_{i=1}^{n} e^{x_i}}",
         "Derivative(log(Sum(exp(x[i]), (i, 1, n))), x[j]) = 1/Sum(exp(x[i]), (i, 1, n))", False,
         {"assume": ("1 <= j", "j <= n")}),
    ),
    *_cases(
        ML, D2L_41,
        (r"\frac{\partial}{\partial o_j}\left(\log\sum_{k=1}^{q} e^{o_k} - \sum_{k=1}^{q} y_k o_k\right) "
         r"= \frac{e^{o_j}}{\sum_{k=1}^{q} e^{o_k}} - y_j",
         "Derivative(log(Sum(exp(o[k]), (k, 1, q))) - Sum(y[k]*o[k], (k, 1, q)), o[j]) = "
         "exp(o[j])/Sum(exp(o[k]), (k, 1, q)) - y[j]", True, {"assume": ("1 <= j", "j <= q")}),
        (r"\frac{\partial}{\partial o_j}\left(\log\sum_{k=1}^{q} e^{o_k} - \sum_{k=1}^{q} y_k o_k\right) "
         r"= y_j - \frac{e^{o_j}}{\sum_{k=1}^{q} e^{o_k}}",
         "Derivative(log(Sum(exp(o[k]), (k, 1, q))) - Sum(y[k]*o[k], (k, 1, q)), o[j]) = "
         "y[j] - exp(o[j])/Sum(exp(o[k]), (k, 1, q))", False, {"assume": ("1 <= j", "j <= q")}),
        (r"-\sum_{k=1}^{3} y_k \log\frac{e^{o_k}}{\sum_{l=1}^{3} e^{o_l}} "
         r"= \log\sum_{l=1}^{3} e^{o_l} - \sum_{k=1}^{3} y_k o_k",
         "-Sum(y[k]*log(exp(o[k])/Sum(exp(o[l]), (l, 1, 3))), (k, 1, 3)) = "
         "log(Sum(exp(o[l]), (l, 1, 3))) - Sum(y[k]*o[k], (k, 1, 3))", False),
        (r"\frac{\partial}{\partial o_1}\log\left(e^{o_1} + e^{o_2}\right) = \frac{e^{o_1}}{e^{o_1} + e^{o_2}}",
         "Derivative(log(exp(o_1) + exp(o_2)), o_1) = exp(o_1)/(exp(o_1) + exp(o_2))", True),
        (r"\frac{\partial}{\partial o_2} \frac{e^{o_1}}{e^{o_1} + e^{o_2}} = -\frac{e^{o_1 + o_2}}{(e^{o_1} + e^{o_2})^2}",
         "Derivative(exp(o_1)/(exp(o_1) + exp(o_2)), o_2) = -exp(o_1 + o_2)/(exp(o_1) + exp(o_2))**2", True),
        (r"\frac{\partial}{\partial o_2} \frac{e^{o_1}}{e^{o_1} + e^{o_2}} = \frac{e^{o_1 + o_2}}{(e^{o_1} + e^{o_2})^2}",
         "Derivative(exp(o_1)/(exp(o_1) + exp(o_2)), o_2) = exp(o_1 + o_2)/(exp(o_1) + exp(o_2))**2", False),
    ),
    *_cases(
        ML, PRML_434,
        (r"\frac{\partial}{\partial a_j} \frac{e^{a_k}}{\sum_{i=1}^{K} e^{a_i}} = "
         r"\frac{e^{a_k}}{\sum_{i=1}^{K} e^{a_i}}\left(\delta_{kj} - \frac{e^{a_j}}{\sum_{i=1}^{K} e^{a_i}}\right)",
         "Derivative(exp(a[k])/Sum(exp(a[i]), (i, 1, K)), a[j]) = "
         "exp(a[k])/Sum(exp(a[i]), (i, 1, K))*(KroneckerDelta(k, j) - exp(a[j])/Sum(exp(a[i]), (i, 1, K)))", True,
         {"assume": ("1 <= j", "j <= K", "1 <= k", "k <= K")}),
    ),
    *_cases(
        ML, CS229_5,
        (r"g'(z) = g(z)(1 - g(z))", "Derivative(g(z), z) = g(z)*(1 - g(z))", True,
         {"functions": ("g",), "define": ((r"g(z) = \frac{1}{1 + e^{-z}}", "g(z) = 1/(1 + exp(-z))"),)}),
        (r"g'(z) = g(z)^2", "Derivative(g(z), z) = g(z)**2", False,
         {"functions": ("g",), "define": ((r"g(z) = \frac{1}{1 + e^{-z}}", "g(z) = 1/(1 + exp(-z))"),)}),
        (r"\frac{\partial}{\partial\theta}\left(y\log g(\theta x) + (1-y)\log(1 - g(\theta x))\right) = (y - g(\theta x))x",
         "Derivative(y*log(g(theta*x)) + (1 - y)*log(1 - g(theta*x)), theta) = (y - g(theta*x))*x", True,
         {"functions": ("g",), "define": ((r"g(z) = \frac{1}{1 + e^{-z}}", "g(z) = 1/(1 + exp(-z))"),)}),
        (r"\frac{\partial}{\partial\theta}\left(y\log g(\theta x) + (1-y)\log(1 - g(\theta x))\right) = (g(\theta x) - y)x",
         "Derivative(y*log(g(theta*x)) + (1 - y)*log(1 - g(theta*x)), theta) = (g(theta*x) - y)*x", False,
         {"functions": ("g",), "define": ((r"g(z) = \frac{1}{1 + e^{-z}}", "g(z) = 1/(1 + exp(-z))"),)}),
    ),
]

BOUNDS = "bounds"
BV_31 = "BV 3.1 (convex functions: first-order conditions, examples, Jensen's inequality)"
DLB_8 = "DLB 8.1.3 and 6.2.2.2 (bounds used for losses and gradients)"

CORPUS += [
    *_cases(
        BOUNDS, BV_31,
        (r"e^x \ge 1 + x", "exp(x) >= 1 + x", True),
        (r"e^x \ge 1 + x + \frac{x^2}{2}", "exp(x) >= 1 + x + x**2/2", False),
        (r"\log x \le x - 1", "log(x) <= x - 1", True, {"assume": ("x > 0",)}),
        (r"\log x \le x - 2", "log(x) <= x - 2", False, {"assume": ("x > 0",)}),
        (r"\log(1 + x) \le x", "log(1 + x) <= x", True, {"assume": ("x > -1",)}),
        (r"\log(1 + x) \ge x", "log(1 + x) >= x", False, {"assume": ("x > -1",)}),
        (r"ab \le \frac{a^2 + b^2}{2}", "a*b <= (a**2 + b**2)/2", True),
        (r"ab \le \frac{a^2 + b^2}{4}", "a*b <= (a**2 + b**2)/4", False),
        (r"\sqrt{ab} \le \frac{a + b}{2}", "sqrt(a*b) <= (a + b)/2", True, {"assume": ("a > 0", "b > 0")}),
        (r"\sqrt{ab} \ge \frac{a + b}{2}", "sqrt(a*b) >= (a + b)/2", False, {"assume": ("a > 0", "b > 0")}),
        (r"(a + b)^2 \le 2a^2 + 2b^2", "(a + b)**2 <= 2*a**2 + 2*b**2", True),
        (r"(a + b)^2 \le a^2 + b^2", "(a + b)**2 <= a**2 + b**2", False),
        (r"\frac{x}{1 + x} \le \log(1 + x)", "x/(1 + x) <= log(1 + x)", True, {"assume": ("x > -1",)}),
        (r"|a + b| \le |a| + |b|", "Abs(a + b) <= Abs(a) + Abs(b)", True),
        (r"|a - b| \le |a| - |b|", "Abs(a - b) <= Abs(a) - Abs(b)", False),
        (r"\left(\frac{a + b}{2}\right)^2 \le \frac{a^2 + b^2}{2}", "((a + b)/2)**2 <= (a**2 + b**2)/2", True),
        (r"e^{\frac{a + b}{2}} \le \frac{e^a + e^b}{2}", "exp((a + b)/2) <= (exp(a) + exp(b))/2", True),
        (r"e^{\frac{a + b}{2}} \ge \frac{e^a + e^b}{2}", "exp((a + b)/2) >= (exp(a) + exp(b))/2", False),
        (r"\log \frac{a + b}{2} \ge \frac{\log a + \log b}{2}", "log((a + b)/2) >= (log(a) + log(b))/2", True,
         {"assume": ("a > 0", "b > 0")}),
        (r"1 - x \le e^{-x}", "1 - x <= exp(-x)", True),
        (r"\frac{1}{1 + x} \ge 1 - x", "1/(1 + x) >= 1 - x", True, {"assume": ("x > -1",)}),
        (r"x^2 - x + 1 > 0", "x**2 - x + 1 > 0", True),
        (r"x^2 - 2x + 1 > 0", "x**2 - 2*x + 1 > 0", False),
    ),
    *_cases(
        BOUNDS, DLB_8,
        (r"\sigma(x)(1 - \sigma(x)) \le \frac{1}{4}", "sigma(x)*(1 - sigma(x)) <= 1/4", True, SIG),
        (r"\sigma(x)(1 - \sigma(x)) \le \frac{1}{8}", "sigma(x)*(1 - sigma(x)) <= 1/8", False, SIG),
        (r"\log(1 + e^x) \ge x", "log(1 + exp(x)) >= x", True),
        (r"\log(1 + e^x) \le x", "log(1 + exp(x)) <= x", False),
        (r"\log(1 + e^x) \le \max(0, x) + \log 2", "log(1 + exp(x)) <= Max(0, x) + log(2)", True),
        (r"1 - \tanh^2 x \le 1", "1 - tanh(x)**2 <= 1", True),
        (r"\tanh x \le x", "tanh(x) <= x", False),
        (r"\tanh x \le x", "tanh(x) <= x", True, {"assume": ("x >= 0",)}),
    ),
]

MULTI = "multi-step derivations"
PRML_5 = "PRML 5.3.2 (a simple example: backpropagation through tanh units, eqs. 5.60-5.67)"

CORPUS += [
    *_cases(
        MULTI, CS229_1,
        (r"""\begin{align*}
\frac{\partial}{\partial \theta} \frac{1}{2}(\theta x - y)^2
  &= 2 \cdot \frac{1}{2} (\theta x - y) \cdot \frac{\partial}{\partial \theta}(\theta x - y) \\
  &= (\theta x - y) \cdot x
\end{align*}""",
         "Derivative((theta*x - y)**2/2, theta) = (theta*x - y)*Derivative(theta*x - y, theta) = (theta*x - y)*x",
         (True, True)),
        (r"""\begin{align*}
\frac{\partial}{\partial \theta} \frac{1}{2}(\theta x - y)^2
  &= (\theta x - y) \frac{\partial}{\partial \theta}(\theta x - y) \\
  &= \theta x - y
\end{align*}""",
         "Derivative((theta*x - y)**2/2, theta) = (theta*x - y)*Derivative(theta*x - y, theta) = theta*x - y",
         (True, False)),
    ),
    *_cases(
        MULTI, PRML_124,
        (r"""\begin{align}
\frac{\partial}{\partial \mu} \sum_{n=1}^{N} \frac{(x_n - \mu)^2}{2\sigma^2}
  &= -\frac{1}{\sigma^2} \sum_{n=1}^{N} (x_n - \mu) \\
  &= -\frac{1}{\sigma^2} \left( \sum_{n=1}^{N} x_n - N\mu \right)
\end{align}""",
         "Derivative(Sum((x[n] - mu)**2/(2*sigma**2), (n, 1, N)), mu) = -Sum(x[n] - mu, (n, 1, N))/sigma**2 "
         "= -(Sum(x[n], (n, 1, N)) - N*mu)/sigma**2", (True, True), {"assume": ("sigma > 0",)}),
        (r"""\begin{align}
\frac{\partial}{\partial \mu} \sum_{n=1}^{N} \frac{(x_n - \mu)^2}{2\sigma^2}
  &= -\frac{1}{\sigma^2} \sum_{n=1}^{N} (x_n - \mu) \\
  &= -\frac{1}{\sigma^2} \left( \sum_{n=1}^{N} x_n - \mu \right)
\end{align}""",
         "Derivative(Sum((x[n] - mu)**2/(2*sigma**2), (n, 1, N)), mu) = -Sum(x[n] - mu, (n, 1, N))/sigma**2 "
         "= -(Sum(x[n], (n, 1, N)) - mu)/sigma**2", (True, False), {"assume": ("sigma > 0",)}),
    ),
    *_cases(
        MULTI, PRML_432,
        (r"""\begin{align*}
\frac{d}{da} \log(1 + e^{-a}) &= \frac{-e^{-a}}{1 + e^{-a}} \\
  &= -\frac{1}{e^{a} + 1} \\
  &= \sigma(a) - 1
\end{align*}""",
         "Derivative(log(1 + exp(-a)), a) = -exp(-a)/(1 + exp(-a)) = -1/(exp(a) + 1) = sigma(a) - 1",
         (True, True, True), SIG),
        (r"""\begin{align*}
\frac{d}{da} \log(1 + e^{-a}) &= \frac{e^{-a}}{1 + e^{-a}} \\
  &= \frac{1}{e^{a} + 1} \\
  &= 1 - \sigma(a)
\end{align*}""",
         "Derivative(log(1 + exp(-a)), a) = exp(-a)/(1 + exp(-a)) = 1/(exp(a) + 1) = 1 - sigma(a)",
         (False, True, True), SIG),
        (r"""\begin{align*}
\sigma'(a) &= \frac{e^{-a}}{(1 + e^{-a})^2} \\
  &= \frac{1}{1 + e^{-a}} \cdot \frac{e^{-a}}{1 + e^{-a}} \\
  &= \sigma(a)\left(1 - \sigma(a)\right)
\end{align*}""",
         "Derivative(sigma(a), a) = exp(-a)/(1 + exp(-a))**2 = 1/(1 + exp(-a))*exp(-a)/(1 + exp(-a)) "
         "= sigma(a)*(1 - sigma(a))", (True, True, True), SIG),
        (r"""\begin{align*}
\sigma'(a) &= \frac{e^{-a}}{(1 + e^{-a})^2} \\
  &= \frac{1}{1 + e^{-a}} \cdot \frac{1}{1 + e^{-a}} \\
  &= \sigma(a)^2
\end{align*}""",
         "Derivative(sigma(a), a) = exp(-a)/(1 + exp(-a))**2 = 1/(1 + exp(-a))*1/(1 + exp(-a)) = sigma(a)**2",
         (True, False, True), SIG),
    ),
    *_cases(
        MULTI, PRML_5,
        (r"""\begin{align*}
\frac{\partial}{\partial w} \frac{1}{2}\left(v\tanh(wx) - t\right)^2
  &= \left(v\tanh(wx) - t\right) v \frac{\partial}{\partial w}\tanh(wx) \\
  &= \left(v\tanh(wx) - t\right) v \left(1 - \tanh^2(wx)\right) x
\end{align*}""",
         "Derivative((v*tanh(w*x) - t)**2/2, w) = (v*tanh(w*x) - t)*v*Derivative(tanh(w*x), w) "
         "= (v*tanh(w*x) - t)*v*(1 - tanh(w*x)**2)*x", (True, True)),
        (r"""\begin{align*}
\frac{\partial}{\partial w} \frac{1}{2}\left(v\tanh(wx) - t\right)^2
  &= \left(v\tanh(wx) - t\right) v \frac{\partial}{\partial w}\tanh(wx) \\
  &= \left(v\tanh(wx) - t\right) v \left(1 - \tanh^2(wx)\right)
\end{align*}""",
         "Derivative((v*tanh(w*x) - t)**2/2, w) = (v*tanh(w*x) - t)*v*Derivative(tanh(w*x), w) "
         "= (v*tanh(w*x) - t)*v*(1 - tanh(w*x)**2)", (True, False)),
    ),
    *_cases(
        MULTI, DLB_41,
        (r"""\begin{align*}
\log\left(e^{a} + e^{b}\right) &= \log\left(e^{a}\left(1 + e^{b - a}\right)\right) \\
  &= a + \log\left(1 + e^{b - a}\right)
\end{align*}""",
         "log(exp(a) + exp(b)) = log(exp(a)*(1 + exp(b - a))) = a + log(1 + exp(b - a))", (True, True)),
        (r"""\begin{align*}
\log\left(e^{a} + e^{b}\right) &= \log\left(e^{a}\left(1 + e^{b - a}\right)\right) \\
  &= a \log\left(1 + e^{b - a}\right)
\end{align*}""",
         "log(exp(a) + exp(b)) = log(exp(a)*(1 + exp(b - a))) = a*log(1 + exp(b - a))", (True, False)),
    ),
    *_cases(
        MULTI, BV_31,
        (r"""\begin{align*}
\frac{x^2 + y^2}{2} - xy &= \frac{x^2 - 2xy + y^2}{2} \\
  &= \frac{(x - y)^2}{2} \\
  &\ge 0
\end{align*}""",
         "(x**2 + y**2)/2 - x*y = (x**2 - 2*x*y + y**2)/2 = (x - y)**2/2 >= 0", (True, True, True)),
        (r"""\begin{align*}
\frac{x^2 + y^2}{2} - xy &= \frac{x^2 - xy + y^2}{2} \\
  &= \frac{(x - y)^2}{2} \\
  &\ge 0
\end{align*}""",
         "(x**2 + y**2)/2 - x*y = (x**2 - x*y + y**2)/2 = (x - y)**2/2 >= 0", (False, False, True)),
    ),
    *_cases(
        MULTI, D2L_24,
        (r"""\[
\frac{d}{dx}\left(3x^2 - 4x\right) = 6x - 4, \quad\text{so at } x = 1:\ 6 - 4 = 2
\]""", "Derivative(3*x**2 - 4*x, x) = 6*x - 4", True),
        (r"""\begin{align*}
\frac{d}{dx} \frac{e^x}{1 + e^x} &= \frac{e^x (1 + e^x) - e^x e^x}{(1 + e^x)^2} \\
  &= \frac{e^x}{(1 + e^x)^2}
\end{align*}""",
         "Derivative(exp(x)/(1 + exp(x)), x) = (exp(x)*(1 + exp(x)) - exp(x)*exp(x))/(1 + exp(x))**2 "
         "= exp(x)/(1 + exp(x))**2", (True, True)),
        (r"""\begin{align*}
\frac{d}{dx} \frac{e^x}{1 + e^x} &= \frac{e^x (1 + e^x) + e^x e^x}{(1 + e^x)^2} \\
  &= \frac{e^x}{(1 + e^x)^2}
\end{align*}""",
         "Derivative(exp(x)/(1 + exp(x)), x) = (exp(x)*(1 + exp(x)) + exp(x)*exp(x))/(1 + exp(x))**2 "
         "= exp(x)/(1 + exp(x))**2", (False, False)),
    ),
]

DOCUMENTS = "documents"
NOTES = "lecture notes in the style of CS229 and d2l (a whole .tex file, written for this corpus)"

_PREAMBLE = r"""\documentclass{article}
\usepackage{amsmath,amssymb,mathtools}
"""

CORPUS += [
    *_cases(
        DOCUMENTS, NOTES,
        (_PREAMBLE + r"""\newcommand{\sig}{\sigma}
\begin{document}
\section{The logistic unit}
We write the loss of one example as
\[ L(w) = \frac{1}{2}\left(\sig(wx) - y\right)^2 . \]
Its derivative follows from the chain rule:
\begin{align}
\frac{dL}{dw} &= \left(\sig(wx) - y\right)\sig'(wx)\, x \label{eq:grad}\\
  &= \left(\sig(wx) - y\right)\sig(wx)\left(1 - \sig(wx)\right) x . \nonumber
\end{align}
\end{document}
""", ("Derivative(L(w), w) = (sigma(w*x) - y)*Subs(Derivative(sigma(t), t), t, w*x)*x "
      "= (sigma(w*x) - y)*sigma(w*x)*(1 - sigma(w*x))*x",),
         (True, True), {**SIG, "defs": ("L(w) = (sigma(w*x) - y)**2/2",)}),
        (_PREAMBLE + r"""\begin{document}
Let $f(x) := x^2 e^{-x}$. Then
\begin{equation}
f'(x) = 2x e^{-x} - x^2 e^{-x} = x(2 - x)e^{-x}
\end{equation}
and
\begin{equation*}
f''(x) = (2 - 4x + x^2) e^{-x} .
\end{equation*}
\end{document}
""", ("Derivative(f(x), x) = 2*x*exp(-x) - x**2*exp(-x) = x*(2 - x)*exp(-x)",
      "Derivative(f(x), (x, 2)) = (2 - 4*x + x**2)*exp(-x)"), (True, True, True),
         {"defs": ("f(x) = x**2*exp(-x)",)}),
        (_PREAMBLE + r"""\begin{document}
Let $f(x) \coloneqq x^2 e^{-x}$. Then
\begin{equation}
f'(x) = 2x e^{-x} - x^2 e^{-x} = x(2 + x)e^{-x}
\end{equation}
\end{document}
""", ("Derivative(f(x), x) = 2*x*exp(-x) - x**2*exp(-x) = x*(2 + x)*exp(-x)",), (True, False),
         {"defs": ("f(x) = x**2*exp(-x)",)}),
        (_PREAMBLE + r"""\DeclareMathOperator{\softplus}{softplus}
\newcommand{\diff}[2]{\frac{d #1}{d #2}}
\begin{document}
\begin{gather*}
\softplus(x) \triangleq \log(1 + e^{x}) \\
\end{gather*}
The derivative of the softplus is the logistic function:
\[ \diff{}{x} \softplus(x) = \frac{e^x}{1 + e^x} = \frac{1}{1 + e^{-x}} \]
\end{document}
""", ("Derivative(softplus(x), x) = exp(x)/(1 + exp(x)) = 1/(1 + exp(-x))",), (True, True),
         {"defs": ("softplus(x) = log(1 + exp(x))",)}),
        (_PREAMBLE + r"""\DeclareMathOperator{\softplus}{softplus}
\newcommand{\diff}[2]{\frac{d #1}{d #2}}
\begin{document}
\begin{gather*}
\softplus(x) \triangleq \log(1 + e^{x}) \\
\end{gather*}
\[ \diff{}{x} \softplus(x) = \frac{1}{1 + e^x} \]
\end{document}
""", ("Derivative(softplus(x), x) = 1/(1 + exp(x))",), (False,),
         {"defs": ("softplus(x) = log(1 + exp(x))",)}),
        (_PREAMBLE + r"""\newcommand{\R}{\mathbb{R}}
\renewcommand{\vec}[1]{#1}
\begin{document}
For $x \in \R$ and the mean squared error of a line through the origin,
\begin{align*}
J(\theta) &= \frac{1}{2}\sum_{i=1}^{m} \left(\theta x_i - y_i\right)^2 ,\\
\frac{dJ}{d\theta} &= \sum_{i=1}^{m} \left(\theta x_i - y_i\right) x_i \\
  &= \theta \sum_{i=1}^{m} x_i^2 - \sum_{i=1}^{m} x_i y_i .
\end{align*}
Setting it to zero, $\theta = \sum_i x_i y_i / \sum_i x_i^2$.
\end{document}
""", ("Derivative(J(theta), theta) = Sum((theta*x[i] - y[i])*x[i], (i, 1, m)) "
      "= theta*Sum(x[i]**2, (i, 1, m)) - Sum(x[i]*y[i], (i, 1, m))",), (True, True),
         {"defs": ("J(theta) = Sum((theta*x[i] - y[i])**2, (i, 1, m))/2",)}),
        (_PREAMBLE + r"""\begin{document}
\begin{align*}
J(\theta) &= \frac{1}{2}\sum_{i=1}^{m} \left(\theta x_i - y_i\right)^2 ,\\
\frac{dJ}{d\theta} &= \sum_{i=1}^{m} \left(\theta x_i - y_i\right) \\
  &= \theta \sum_{i=1}^{m} x_i - \sum_{i=1}^{m} y_i .
\end{align*}
\end{document}
""", ("Derivative(J(theta), theta) = Sum(theta*x[i] - y[i], (i, 1, m)) "
      "= theta*Sum(x[i], (i, 1, m)) - Sum(y[i], (i, 1, m))",), (False, True),
         {"defs": ("J(theta) = Sum((theta*x[i] - y[i])**2, (i, 1, m))/2",)}),
        (_PREAMBLE + r"""\newcommand{\relu}{\operatorname{ReLU}}
\begin{document}
\section*{Positive homogeneity}
For $c > 0$, $\relu(cx) = c\relu(x)$. Hence, for a one-unit network $h(x) = a\relu(wx)$,
\begin{align*}
a\relu(wx) &= \frac{a}{c}\,\relu(c w x) \\
  &= \frac{a}{c}\,c\,\relu(wx) \\
  &= a\relu(wx)
\end{align*}
\end{document}
""", ("a*Max(0, w*x) = a/c*Max(0, c*w*x) = a/c*c*Max(0, w*x) = a*Max(0, w*x)",), (True, True, True),
         {"assume": ("c > 0",)}),
        (_PREAMBLE + r"""\newcommand{\relu}{\operatorname{ReLU}}
\begin{document}
\begin{align*}
a\relu(wx) &= a c\,\relu\!\left(\frac{w x}{c}\right) \\
  &= a\relu(wx)
\end{align*}
\end{document}
""", ("a*Max(0, w*x) = a*c*Max(0, w*x/c) = a*Max(0, w*x)",), (True, True), {"assume": ("c > 0",)}),
        (_PREAMBLE + r"""\newcommand{\relu}{\operatorname{ReLU}}
\begin{document}
\begin{align*}
a\relu(wx) &= a c\,\relu\!\left(\frac{w x}{c}\right) \\
  &= a\relu(wx)
\end{align*}
\end{document}
""", ("a*Max(0, w*x) = a*c*Max(0, w*x/c) = a*Max(0, w*x)",), (False, False)),
        (_PREAMBLE + r"""\newcommand{\E}{e}
\begin{document}
The Gaussian log-likelihood of $N$ points:
$$ \ell(\mu) = -\frac{1}{2\sigma^2}\sum_{n=1}^{N}(x_n - \mu)^2 - \frac{N}{2}\log(2\pi\sigma^2) $$
Its derivative:
$$ \frac{d\ell}{d\mu} = \frac{1}{\sigma^2}\sum_{n=1}^{N}(x_n - \mu) $$
and its second derivative
$$ \frac{d^2\ell}{d\mu^2} = -\frac{N}{\sigma^2} \le 0 $$
\end{document}
""", ("Derivative(ell(mu), mu) = Sum(x[n] - mu, (n, 1, N))/sigma**2",
      "Derivative(ell(mu), (mu, 2)) = -N/sigma**2 <= 0"), (True, True, True),
         {"assume": ("sigma > 0", "N > 0"),
          "defs": ("ell(mu) = -Sum((x[n] - mu)**2, (n, 1, N))/(2*sigma**2) - N/2*log(2*pi*sigma**2)",)}),
        (_PREAMBLE + r"""\newcommand{\sig}[1]{\sigma\left(#1\right)}
\begin{document}
The cross-entropy of a logistic unit and its first two derivatives:
\begin{equation}
\ell(z) := -y\log\sig{z} - (1 - y)\log\left(1 - \sig{z}\right) \label{eq:ce}
\end{equation}
\begin{align}
\frac{d\ell}{dz} &= \sig{z} - y , \tag{a}\\
\frac{d^2\ell}{dz^2} &= \sig{z}\left(1 - \sig{z}\right) \geq 0 . \tag{b}
\end{align}
\end{document}
""", ("Derivative(ell(z), z) = sigma(z) - y", "Derivative(ell(z), (z, 2)) = sigma(z)*(1 - sigma(z)) >= 0"),
         (True, True, True), {**SIG, "defs": ("ell(z) = -y*log(sigma(z)) - (1 - y)*log(1 - sigma(z))",)}),
        (_PREAMBLE + r"""\newcommand{\sig}[1]{\sigma\left(#1\right)}
\begin{document}
\begin{equation}
\ell(z) := -y\log\sig{z} - (1 - y)\log\left(1 - \sig{z}\right)
\end{equation}
\begin{equation}
\frac{d\ell}{dz} = y - \sig{z}
\end{equation}
\end{document}
""", ("Derivative(ell(z), z) = y - sigma(z)",), (False,),
         {**SIG, "defs": ("ell(z) = -y*log(sigma(z)) - (1 - y)*log(1 - sigma(z))",)}),
        (_PREAMBLE + r"""\newcommand{\half}{\frac{1}{2}}
\begin{document}
The polarization identity, used to turn products into squares:
\begin{equation}
\half(a + b)^2 - \half(a - b)^2 = 2ab \tag{3}
\end{equation}
\end{document}
""", ("(a + b)**2/2 - (a - b)**2/2 = 2*a*b",), True),
        (_PREAMBLE + r"""\newcommand{\half}{\frac{1}{2}}
\begin{document}
\begin{eqnarray}
\half(a + b)^2 - \half(a - b)^2 & = & ab \nonumber
\end{eqnarray}
\end{document}
""", ("(a + b)**2/2 - (a - b)**2/2 = a*b",), False),
        (_PREAMBLE + r"""\begin{document}
$$ \ell(\mu) = -\frac{1}{2\sigma^2}\sum_{n=1}^{N}(x_n - \mu)^2 - \frac{N}{2}\log(2\pi\sigma^2) $$
$$ \frac{d\ell}{d\mu} = \frac{1}{\sigma^2}\sum_{n=1}^{N}x_n - \frac{\mu}{\sigma^2} $$
\end{document}
""", ("Derivative(ell(mu), mu) = Sum(x[n], (n, 1, N))/sigma**2 - mu/sigma**2",), (False,),
         {"assume": ("sigma > 0", "N > 0"),
          "defs": ("ell(mu) = -Sum((x[n] - mu)**2, (n, 1, N))/(2*sigma**2) - N/2*log(2*pi*sigma**2)",)}),
    ),
]


from tests.theorems.derivations.latex_corpus_vectors import cases as _linear_cases  # noqa: E402

CORPUS += _linear_cases(Case)


def steps(cases=CORPUS):
    """The number of steps in `cases`."""
    return sum(len(c.truths) for c in cases)

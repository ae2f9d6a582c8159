"""A corpus of derivation steps for :func:`theorems.check_derivation`: true steps and wrong ones.

The wrong steps are made the way derivations go wrong: a dropped factor, a flipped sign, a wrong index, a
dropped or wrong label, a dropped inner derivative, a missing hypothesis.  Each entry is ``(name, steps,
options, truth)`` with one step (two expressions) and ``truth`` True or False.  Run
``python tests/theorems/derivations/derivation_corpus.py`` for the table of verdicts.
"""

import sympy as sp

from theorems.symbolic.nets import logistic, relu

x, y, z, w, a, b, c, eta, lam = sp.symbols("x y z w a b c eta lambda")
n, N, i, j, m = sp.symbols("n N i j m")
X, Y, W = sp.IndexedBase("x"), sp.IndexedBase("y"), sp.IndexedBase("w")
f, g, ell, sigma = sp.Function("f"), sp.Function("g"), sp.Function("ell"), sp.Function("sigma")
A, B = sp.MatrixSymbol("A", n, m), sp.MatrixSymbol("B", m, n)
P, Q = sp.MatrixSymbol("P", 2, 2), sp.MatrixSymbol("Q", 2, 2)
S = logistic(z)
positive_c = {"assumptions": ["c > 0"]}
positive_xy = {"assumptions": ["x > 0", "y > 0"]}


def _exp_loss(label):
    """-d/dw sum_n exp(-y_n f(w, x_n)) and the flow with or without the label y_n."""
    loss = sp.Sum(sp.exp(-Y[n] * f(w, X[n])), (n, 1, N))
    flow = sp.Sum((Y[n] if label else 1) * sp.exp(-Y[n] * f(w, X[n])) * sp.Derivative(f(w, X[n]), w), (n, 1, N))
    return [-sp.Derivative(loss, w), flow]


def _square_gradient(inner):
    return [sp.Derivative((w * x - y) ** 2 / 2, w), (w * x - y) * (x if inner else 1)]


CORPUS = [
    # true steps
    ("square of a sum", [(x + 1) ** 2, x**2 + 2 * x + 1], {}, True),
    ("logistic derivative", [sp.diff(S, z), S * (1 - S)], {}, True),
    ("chain rule, undefined functions", [sp.diff(ell(sigma(g(x))), x),
                                         sp.Subs(sp.Derivative(ell(z), z), z, sigma(g(x)))
                                         * sp.Subs(sp.Derivative(sigma(z), z), z, g(x)) * sp.diff(g(x), x)], {}, True),
    ("exponential-loss flow with y_n", _exp_loss(True), {}, True),
    ("square-loss gradient", _square_gradient(True), {}, True),
    ("ReLU: abs(x) = relu(x) + relu(-x)", [relu(x) + relu(-x), sp.Abs(x)], {}, True),
    ("ReLU: x = relu(x) - relu(-x)", [relu(x) - relu(-x), x], {}, True),
    ("ReLU Euler identity x relu'(x) = relu(x)", [x * sp.diff(relu(x), x), relu(x)], {}, True),
    ("ReLU positive homogeneity, c > 0", [relu(c * x), c * relu(x)], positive_c, True),
    ("max(0, x) as ReLU", [sp.Max(0, x), relu(x)], {}, True),
    ("tanh through the logistic", [sp.tanh(z), 2 * logistic(2 * z) - 1], {}, True),
    ("sum of the first n integers", [sp.Sum(i, (i, 1, n)), n * (n + 1) / 2], {}, True),
    ("a factor out of a sum", [sp.Sum(2 * X[i], (i, 1, n)), 2 * sp.Sum(X[i], (i, 1, n))], {}, True),
    ("swapping finite sums", [sp.Sum(W[i, j] * X[j], (j, 1, m), (i, 1, n)),
                              sp.Sum(W[i, j] * X[j], (i, 1, n), (j, 1, m))], {}, True),
    ("transpose of a product, symbolic shapes", [(A * B).T, B.T * A.T], {}, True),
    ("square of a matrix sum", [(P + Q) ** 2, P**2 + P * Q + Q * P + Q**2], {}, True),
    ("log of a product, x, y > 0", [sp.log(x * y), sp.log(x) + sp.log(y)], positive_xy, True),
    ("sqrt of a square, x > 0", [sp.sqrt(x**2), x], {"assumptions": ["x > 0"]}, True),
    ("Pythagoras", [sp.sin(x) ** 2 + sp.cos(x) ** 2, 1], {}, True),
    ("exp of a sum", [sp.exp(a + b), sp.exp(a) * sp.exp(b)], {}, True),
    ("weight-decay step", [w - eta * (g(w) + lam * w), (1 - eta * lam) * w - eta * g(w)], {}, True),
    ("cross-entropy gradient", [sp.diff(-y * sp.log(S) - (1 - y) * sp.log(1 - S), z), S - y], {}, True),
    ("second derivative of a Gaussian", [sp.Derivative(sp.exp(-x**2), x, 2), (4 * x**2 - 2) * sp.exp(-x**2)], {},
     True),
    ("bound (a + b)^2 <= 2a^2 + 2b^2", [(a + b) ** 2, ("<=", 2 * a**2 + 2 * b**2)], {}, True),
    ("bound log x <= x - 1", [sp.log(x), ("<=", x - 1)], {"assumptions": ["x > 0"]}, True),
    ("label sum of a margin", [sp.Sum(Y[n] * w * X[n], (n, 1, N)), w * sp.Sum(Y[n] * X[n], (n, 1, N))], {}, True),
    # wrong steps
    ("square of a sum, factor 2 dropped", [(x + 1) ** 2, x**2 + x + 1], {}, False),
    ("logistic derivative, sign flipped", [sp.diff(S, z), S * (1 + S)], {}, False),
    ("chain rule, inner derivative dropped", [sp.diff(ell(sigma(g(x))), x),
                                              sp.Subs(sp.Derivative(ell(z), z), z, sigma(g(x)))
                                              * sp.Subs(sp.Derivative(sigma(z), z), z, g(x))], {}, False),
    ("exponential-loss flow without y_n (the slide)", _exp_loss(False), {}, False),
    ("square-loss gradient, factor x dropped", _square_gradient(False), {}, False),
    ("ReLU: abs(x) = relu(x) - relu(-x), sign", [relu(x) - relu(-x), sp.Abs(x)], {}, False),
    ("ReLU homogeneity without c > 0", [relu(c * x), c * relu(x)], {}, False),
    ("tanh through the logistic, factor 2 dropped", [sp.tanh(z), 2 * logistic(z) - 1], {}, False),
    ("sum of the first n integers, wrong", [sp.Sum(i, (i, 1, n)), n**2 / 2], {}, False),
    ("sum of squares is not the square of the sum", [sp.Sum(X[i] ** 2, (i, 1, n)), sp.Sum(X[i], (i, 1, n)) ** 2],
     {}, False),
    ("sums with swapped indices", [sp.Sum(W[i, j] * X[j], (j, 1, m), (i, 1, n)),
                                   sp.Sum(W[j, i] * X[j], (j, 1, m), (i, 1, n))], {}, False),
    ("transpose of a product, order kept", [(A * B).T, A.T * B.T], {}, False),
    ("square of a matrix sum, as if commuting", [(P + Q) ** 2, P**2 + 2 * P * Q + Q**2], {}, False),
    ("log of a sum", [sp.log(x + y), sp.log(x) + sp.log(y)], positive_xy, False),
    ("sqrt of a square without x > 0", [sp.sqrt(x**2), x], {}, False),
    ("exp of a sum as a sum", [sp.exp(a + b), sp.exp(a) + sp.exp(b)], {}, False),
    ("weight-decay step, sign flipped", [w - eta * (g(w) + lam * w), (1 + eta * lam) * w - eta * g(w)], {}, False),
    ("cross-entropy gradient, sign flipped", [sp.diff(-y * sp.log(S) - (1 - y) * sp.log(1 - S), z), y - S], {},
     False),
    ("second derivative of a Gaussian, sign", [sp.Derivative(sp.exp(-x**2), x, 2), (4 * x**2 + 2) * sp.exp(-x**2)],
     {}, False),
    ("bound (a + b)^2 <= a^2 + b^2", [(a + b) ** 2, ("<=", a**2 + b**2)], {}, False),
    ("margin sum with the label index fixed", [sp.Sum(Y[n] * w * X[n], (n, 1, N)),
                                               w * sp.Sum(Y[1] * X[n], (n, 1, N))], {}, False),
]


def main():
    import time

    from theorems import check_derivation

    counts = {}
    for name, steps, options, truth in CORPUS:
        start = time.perf_counter()
        verdict = check_derivation(steps, **options).steps[0].verdict
        key = ("true" if truth else "wrong", verdict)
        counts[key] = counts.get(key, 0) + 1
        print(f"| {name} | {'true' if truth else 'wrong'} | {verdict} | {time.perf_counter() - start:.2f} s |")
    print()
    for (truth, verdict), count in sorted(counts.items()):
        print(f"{truth} steps {verdict}: {count}")


if __name__ == "__main__":
    main()

r"""Vectors, matrices and expectations in ``theorems check``: the reading, the proofs for every shape or every
distribution, the refutations with their matrices and distributions, and the errors."""

import random

import pytest
import sympy as sp

from numerics.errors import InvalidArgument
from tests.theorems.derivations.test_latex_input import run
from theorems.derivations import expectations, linear
from theorems.derivations.document import check_document
from theorems.derivations.latex_input import LatexParseError, parse_derivation
from theorems.derivations.linear import read_shape


def verdicts(text, **declared):
    report = check_document(text, **declared)
    (chain,) = report.chains
    assert chain.error is None, chain.error
    return chain.report


@pytest.mark.parametrize("text, kind, expected", [
    ("w", "vector", ("w", linear.Shape(None, "1", vector=True))),
    ("w: d", "vector", ("w", linear.Shape("d", "1", vector=True))),
    (r"\mathbf{w}: 3", "vector", ("w", linear.Shape("3", "1", vector=True))),
    ("X: n x d", "matrix", ("X", linear.Shape("n", "d"))),
    (r"W_1: h \times d", "matrix", ("W_{1}", linear.Shape("h", "d"))),
    (r"\Sigma: d x d symmetric", "matrix", ("Sigma", linear.Shape("d", "d", symmetric=True))),
])
def test_declarations_are_read(text, kind, expected):
    assert read_shape(text, kind) == expected


@pytest.mark.parametrize("text, kind, message", [
    ("w: n x d", "vector", "a vector has one dimension"),
    ("X: n", "matrix", "write its shape as 'X: n x d'"),
    ("S: n x d symmetric", "matrix", "symmetric, so square"),
    ("X: n x 2.5", "matrix", "is not a dimension"),
])
def test_bad_declarations_are_refused(text, kind, message):
    with pytest.raises(InvalidArgument, match=message):
        read_shape(text, kind)


# -- proofs for every shape, and their mutants ---------------------------------------------------------------------

SQUARE = {"matrices": ["A: n x n", "B: n x n", "C: n x n"]}


@pytest.mark.parametrize("true, mutant, declared", [
    (r"(AB)^\top = B^\top A^\top", r"(AB)^\top = A^\top B^\top", SQUARE),
    (r"\operatorname{tr}(ABC) = \operatorname{tr}(CAB)", r"\operatorname{tr}(ABC) = \operatorname{tr}(BAC)", SQUARE),
    (r"\operatorname{tr}(A^\top B) = \operatorname{tr}(B^\top A)", r"\operatorname{tr}(A^\top B) = \operatorname{tr}(A B)",
     SQUARE),
    (r"(AB)^{-1} = B^{-1} A^{-1}", r"(AB)^{-1} = A^{-1} B^{-1}", SQUARE),
    (r"\det(AB) = \det A \det B", r"\det(A + B) = \det A + \det B", SQUARE),
    (r"(A + B)^2 = A^2 + AB + BA + B^2", r"(A + B)^2 = A^2 + 2AB + B^2", SQUARE),
    (r"\nabla_{\mathbf x} \mathbf x^\top A \mathbf x = (A + A^\top)\mathbf x",
     r"\nabla_{\mathbf x} \mathbf x^\top A \mathbf x = 2A\mathbf x", SQUARE),
    (r"\nabla_X \operatorname{tr}(X^\top A X) = (A + A^\top) X", r"\nabla_X \operatorname{tr}(X^\top A X) = 2 A X",
     {"matrices": ["A: n x n", "X: n x d"]}),
    (r"\nabla_X \log\det X = (X^{-1})^\top", r"\nabla_X \log\det X = X^{-1}", {"matrices": ["X: n x n"]}),
    (r"\nabla_{\mathbf w} \frac{1}{2}\|X\mathbf w - \mathbf y\|^2 = X^\top (X\mathbf w - \mathbf y)",
     r"\nabla_{\mathbf w} \frac{1}{2}\|X\mathbf w - \mathbf y\|^2 = X (X\mathbf w - \mathbf y)",
     {"matrices": ["X: n x n"]}),
    (r"\mathbf a \cdot \mathbf b = \sum_{i=1}^{d} a_i b_i", r"\mathbf a \cdot \mathbf b = \sum_{i=1}^{d} a_i a_i", {}),
    (r"\sum_{n=1}^{N} \mathbf x_n \mathbf x_n^\top \mathbf w = \sum_{n=1}^{N} (\mathbf x_n^\top \mathbf w)\mathbf x_n",
     r"\sum_{n=1}^{N} \mathbf x_n \mathbf x_n^\top \mathbf w = \sum_{n=1}^{N} (\mathbf x_n^\top \mathbf w)\mathbf w", {}),
])
def test_identities_are_proved_for_every_shape_and_their_mutants_refuted(true, mutant, declared):
    (step,) = verdicts(true, **declared).steps
    assert step.verdict == "proved", step.method
    (step,) = verdicts(mutant, **declared).steps
    assert step.verdict == "refuted", step.method


def test_a_refutation_prints_the_shapes_and_the_matrices():
    (step,) = verdicts(r"(AB)^\top = A^\top B^\top", matrices=["A: n x n", "B: n x n"]).steps
    assert step.point["n"] == "2" and step.point["A"].startswith("[[") and step.point["B"].startswith("[[")
    A, B = (sp.Matrix(sp.sympify(step.point[k].replace("any", "0"))) for k in "AB")
    assert (A * B).T != A.T * B.T  # the printed matrices break the step


def test_a_layout_slip_is_refuted_by_its_shapes():
    (step,) = verdicts(r"\nabla_{\mathbf x} \mathbf a^\top \mathbf x = \mathbf a^\top").steps
    assert step.verdict == "refuted" and "shapes differ" in step.method and step.values == ("(2, 1)", "(1, 2)")
    (step,) = verdicts(r"\nabla_{\mathbf w} (\mathbf w^\top \mathbf x - y)^2 = 2(\mathbf w^\top \mathbf x - y)").steps
    assert step.verdict == "refuted" and "never a scalar" in step.method


def test_a_side_the_shapes_do_not_define_refutes_its_step():
    report = verdicts(r"\nabla_{\mathbf w} \frac{1}{2}\|X\mathbf w - \mathbf y\|^2 = X^\top (X\mathbf w - \mathbf y)"
                      r" = X^\top X \mathbf w - X \mathbf y", matrices=["X: n x d"])
    assert report.verdicts == ("proved", "refuted") and "undefined" in report.steps[1].method


def test_what_no_rule_proves_is_checked_for_several_shapes_never_called_proved():
    (step,) = verdicts(r"(I + AB)^{-1}A = A(I + BA)^{-1}", matrices=["A: n x m", "B: m x n"]).steps
    assert step.verdict == "numerically consistent" and "not a proof for every shape" in step.method
    (step,) = verdicts(r"X^{+} X = I", matrices=["X: n x d"]).steps  # false when X is wider than tall
    assert step.verdict == "refuted" and int(step.point["d"]) > int(step.point["n"])


def test_the_proofs_never_prove_what_explicit_matrices_refute():
    """Random products and sums of A, B, their transposes and inverses, paired at random: every pair the normal form
    proves is equal on explicit random matrices of two sizes."""
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    leaves = [A, B, A.T, B.T, sp.Inverse(A), sp.Inverse(B), sp.Identity(n)]
    rng = random.Random(20261205)

    def word():
        return sp.MatMul(*[rng.choice(leaves) for _ in range(rng.randint(1, 3))])

    def expression():
        e = word() if rng.random() < 0.6 else sp.MatAdd(word(), word())
        e = sp.Inverse(e) if rng.random() < 0.2 else e
        return sp.Transpose(e) if rng.random() < 0.3 else e

    proved = 0
    for _ in range(100):
        a, b = expression(), expression()
        if rng.random() < 0.5:  # a true variant: b is a rewriting of a, or a word and its inverse in reverse
            factors = list(a.arg.args) if isinstance(a, sp.Inverse) and isinstance(a.arg, sp.MatMul) else []
            order = factors[::-1] if rng.random() < 0.5 else factors  # (the inverse of a product, either order)
            b = rng.choice([sp.Transpose(sp.Transpose(a).doit()), sp.MatAdd(a, b, -b),
                            sp.MatMul(*[sp.Inverse(x) for x in order]) if factors else a])
        if linear.prove(a, b) is None:
            continue
        proved += 1
        for size in (2, 3):  # SymPy's own arithmetic on numeric matrices: nothing of the checker's
            for _ in range(5):  # (a draw that makes A or B singular is drawn again)
                values = {m: sp.ImmutableMatrix(size, size, lambda i, j: sp.Rational(rng.randint(-9, 9),
                                                                                     rng.randint(1, 4)))
                          for m in (A, B)}
                if all(v.det() != 0 for v in values.values()):
                    break
            x, y = (sp.Matrix(e.subs(n, size).xreplace({A.subs(n, size): values[A],
                                                         B.subs(n, size): values[B]}).doit()) for e in (a, b))
            assert x == y, (a, b)
    assert proved >= 30


# -- reading -------------------------------------------------------------------------------------------------------

def test_shapes_are_inferred_over_the_chain_and_named_after_their_object():
    (lhs, (_, rhs)) = parse_derivation(r"X \mathbf w = \mathbf y", kinds=dict([read_shape("X: n x d", "matrix")]))
    assert lhs.shape == (sp.Symbol("n"), 1) and rhs.shape == (sp.Symbol("n"), 1)
    (lhs, _) = parse_derivation(r"\mathbf a^\top \mathbf b = 0")
    assert isinstance(lhs, linear.Scalar) and lhs.args[0].args[0].args[0].shape[0] == sp.Symbol("n_{b}")


def test_each_identity_has_its_own_size():
    (lhs, (_, rhs)) = parse_derivation(r"(I + AB)^{-1} A = A (I + BA)^{-1}", kinds=dict(
        [read_shape("A: n x m", "matrix"), read_shape("B: m x n", "matrix")]))
    sizes = {i.shape for e in (lhs, rhs) for i in sp.preorder_traversal(e) if isinstance(i, sp.Identity)}
    assert sizes == {(sp.Symbol("n"), sp.Symbol("n")), (sp.Symbol("m"), sp.Symbol("m"))}


@pytest.mark.parametrize("text, declared, message", [
    (r"w^T x = x^T w", {}, "a transpose or a power T? Declare w"),
    (r"w^\top x = 0", {}, "the transpose of w, which is not a vector or matrix"),
    (r"\mathbf a \mathbf b = 0", {}, "a product of two column vectors is written a^T b"),
    (r"\operatorname{tr}(AB) = \operatorname{tr}(BA)", {}, "capital letters are scalars unless declared"),
    (r"\|x\| = |x|", {}, "a norm of x, which holds no vector or matrix"),
    (r"\|A\| = 1", {"kinds": {"A": linear.Shape()}}, r"write \|A\|_F"),
    (r"\mathbf x_n = 0", {}, "write it inside a sum over n"),
    (r"\nabla \mathbf w = 0", {}, "without its variable"),
    (r"\nabla_{\mathbf w} \mathbf w = 0", {}, "the gradient of a vector or matrix (a Jacobian) is not supported"),
    (r"\mathbf a + 1 = 0", {}, "adds a scalar to a vector or matrix"),
    (r"\mathbf x + \mathbf y^\top = 0", {}, "would make a vector or matrix 1 x 1"),
])
def test_what_cannot_be_read_is_refused_with_its_reason(text, declared, message):
    with pytest.raises(LatexParseError, match="line 1, column") as error:
        parse_derivation(text, **declared)
    assert message in str(error.value)


# -- expectations --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("true, mutant, declared", [
    (r"\mathbb{E}[aX + b] = a\,\mathbb{E}[X] + b", r"\mathbb{E}[aX + b] = a\,\mathbb{E}[X]", {"random": ["X"]}),
    (r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2", r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]",
     {"random": ["X"]}),
    (r"\operatorname{Var}(X + Y) = \operatorname{Var}(X) + \operatorname{Var}(Y) + 2\operatorname{Cov}(X, Y)",
     r"\operatorname{Var}(X + Y) = \operatorname{Var}(X) + \operatorname{Var}(Y)", {"random": ["X", "Y"]}),
    (r"\mathbb{E}[XY] = \mathbb{E}[X]\,\mathbb{E}[Y]", r"\mathbb{E}[X^2 Y] = \mathbb{E}[X]^2\,\mathbb{E}[Y]",
     {"random": ["X", "Y"], "independent": [["X", "Y"]]}),
    (r"\mathbb{E}[X]^2 \le \mathbb{E}[X^2]", r"\mathbb{E}[X^2] \le \mathbb{E}[X]^2", {"random": ["X"]}),
    (r"\operatorname{Var}(X) = p(1 - p)", r"\operatorname{Var}(X) = p^2",
     {"random": [r"X \sim \operatorname{Bernoulli}(p)"], "assumptions": ["p > 0", "p < 1"]}),
    (r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[x^2] = \mu^2 + \sigma^2",
     r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[x^2] = \mu^2", {"assumptions": ["sigma > 0"]}),
])
def test_expectations_are_proved_and_their_mutants_refuted(true, mutant, declared):
    (step,) = verdicts(true, **declared).steps
    assert step.verdict == "proved", step.method
    (step,) = verdicts(mutant, **declared).steps
    assert step.verdict == "refuted", step.method


def test_variables_are_dependent_unless_declared_independent_and_the_distribution_is_printed():
    (step,) = verdicts(r"\mathbb{E}[XY] = \mathbb{E}[X]\,\mathbb{E}[Y]", random=["X", "Y"]).steps
    assert step.verdict == "refuted" and step.point["distribution"].startswith("P(X = ")
    atoms = [(sp.Rational(w), {sp.Symbol(k): sp.Rational(v) for k, v in
                               (pair.split(" = ") for pair in a[2:].split(", "))})
             for a, w in (part.rsplit(") = ", 1) for part in step.point["distribution"].split("; "))]
    assert sum(w for w, _ in atoms) == 1
    X, Y = sp.symbols("X Y")
    E = lambda e: sum(w * e.xreplace(a) for w, a in atoms)  # noqa: E731
    assert E(X * Y) != E(X) * E(Y)  # the printed distribution breaks the step


def test_a_stated_mean_is_used_and_the_bias_variance_decomposition_needs_independence():
    text = (r"\mathbb{E}\left[(f + \epsilon - \hat f)^2\right] = (f - \mathbb{E}[\hat f])^2 + \operatorname{Var}(\hat f)"
            r" + \operatorname{Var}(\epsilon)")
    declared = {"random": [r"\epsilon", r"\hat f"], "assumptions": [r"\mathbb{E}[\epsilon] = 0"]}
    assert verdicts(text, independent=[[r"\epsilon", r"\hat f"]], **declared).verdicts == ("proved",)
    assert verdicts(text, **declared).verdicts == ("refuted",)
    assert verdicts(text, random=declared["random"], independent=[[r"\epsilon", r"\hat f"]]).verdicts == ("refuted",)


def test_jensen_is_numerically_consistent_not_proved():
    (step,) = verdicts(r"e^{\mathbb{E}[X]} \le \mathbb{E}[e^X]", random=["X"]).steps
    assert step.verdict == "numerically consistent" and "finite distributions" in step.method


@pytest.mark.parametrize("text, declared, message", [
    (r"\mathbb{E}[X] = 0", {}, "without a random variable"),
    (r"\mathbb{E}[X] = X", {"random": ["X"]}, "X is random: outside an expectation"),
    (r"\mathbb{E}_{x \sim \mathcal{Q}(1, 2)}[x] = 1", {}, "unknown distribution"),
    (r"\operatorname{Cov}(X) = 0", {"random": ["X"]}, "Cov of 1 arguments"),
])
def test_expectations_that_cannot_be_read_are_refused(text, declared, message):
    report = check_document(text, **declared)
    assert report.chains[0].error is not None and message in str(report.chains[0].error)


@pytest.mark.parametrize("declared, message", [
    ({"independent": [["X"]]}, "at least two random variables"),
    ({"random": [r"X \sim \mathcal{N}(0)"]}, "takes 2 parameters"),
    ({"matrices": ["A", "A: n x n"]}, "declared twice"),
    ({"random": ["X"], "assumptions": [r"\operatorname{Var}(X) = 1"]}, r"\mathbb{E}[X] = value"),
])
def test_bad_declarations_are_errors(declared, message):
    with pytest.raises(InvalidArgument, match=re_escape(message)):
        report = check_document(r"\mathbb{E}[X] = \mathbb{E}[X]", **declared)
        if report.chains[0].error:
            raise InvalidArgument(str(report.chains[0].error))


def re_escape(text):
    import re

    return re.escape(text)


def test_the_law_of_a_finite_distribution_sums_to_one_and_keeps_a_stated_mean():
    X, Y = sp.symbols("X Y")
    law = expectations.Law(sp.Tuple(X, Y), sp.Tuple(sp.Tuple(X, Y)), sp.Tuple(), sp.Tuple())

    class Draws:
        def __init__(self):
            self.r = random.Random(1)

        def integers(self, low, high):
            return self.r.randrange(low, high)

    atoms = expectations.finite(law, Draws(), centred={X: sp.Rational(1, 3)})
    assert sum(w for w, _ in atoms) == 1
    assert sum(w * a[X] for w, a in atoms) == sp.Rational(1, 3)
    assert sum(w * a[X] * a[Y] for w, a in atoms) == sum(w * a[X] for w, a in atoms) * sum(w * a[Y] for w, a in atoms)


# -- the command line ----------------------------------------------------------------------------------------------

def test_the_command_line_declares_shapes_and_random_variables(monkeypatch):
    code, out, err = run(["check", "-", "--matrix", "X: n x d"], stdin=r"\nabla_{\mathbf w} \frac12 \|X\mathbf w - "
                         r"\mathbf y\|^2 = X^\top(X\mathbf w - \mathbf y)", monkeypatch=monkeypatch)
    assert code == 0 and "1 proved" in out and err == ""
    code, out, err = run(["check", "-", "--random", "X", "--random", "Y", "--independent", "X", "Y"],
                         stdin=r"\mathbb{E}[XY] = \mathbb{E}[X]\mathbb{E}[Y]", monkeypatch=monkeypatch)
    assert code == 0 and "1 proved" in out
    code, out, err = run(["check", "-", "--matrix", "X: n"], stdin="X = X", monkeypatch=monkeypatch)
    assert code == 2 and out == "" and err.count("\n") == 1 and "write its shape as 'X: n x d'" in err


def test_an_error_is_placed_at_the_side_it_is_about():
    with pytest.raises(LatexParseError, match="line 1, column 28: a trace of A\\*B"):
        parse_derivation(r"\mathbf a^\top \mathbf a = \operatorname{tr}(AB)")


def test_mangled_vector_notation_is_an_error_never_a_traceback():
    """The corpus's vector, matrix and expectation cases with tokens inserted, deleted or swapped at random (1350
    such inputs were tried when the reader was written; these 40 are a fixed sample): each is read and checked, or
    refused with an InvalidArgument, never a traceback."""
    from tests.theorems.derivations.latex_corpus import CORPUS
    from tests.theorems.derivations.test_latex_corpus import declarations

    tokens = [r"^\top", r"\|", r"\mathbf x", r"\mathbb{E}", "(", ")", r"\nabla_{\mathbf w}", r"\odot",
              r"\operatorname{tr}", r"\det", "^T", "^{-1}", "_2", r"\langle", ",", "+", "X", "I", r"\mathbf 1",
              r"\operatorname{Var}", "^2", r"\sum_{i=1}^{d}", "x_i", r"\sim", "{", "}", "="]
    cases = [c for c in CORPUS if c.category in ("vectors", "matrices", "expectations")]
    rng = random.Random(27)
    for _ in range(40):
        case = rng.choice(cases)
        text = case.latex
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(text) + 1)
            j = min(len(text), i + rng.randint(1, 6))
            text = rng.choice([text[:i] + rng.choice(tokens) + text[i:], text[:i] + text[j:],
                               text[:i] + rng.choice(tokens) + text[j:]])
        try:
            check_document(text, functions=case.functions, definitions=[d for d, _ in case.define],
                           assumptions=case.assume, **declarations(case))
        except InvalidArgument:
            pass


def test_a_stray_differential_inside_a_variance_is_an_error():
    """Found by mutating the corpus: ``\\operatorname{Var}(det f)`` reads a stray ``d`` (a TypeError in Var)."""
    report = check_document(r"\operatorname{Var}(det f) = 0", random=["f"])
    assert "a stray d" in str(report.chains[0].error)

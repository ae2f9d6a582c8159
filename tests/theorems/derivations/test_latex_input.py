"""The LaTeX front end of check_derivation: the grammar it supports, its errors, and `theorems check`."""

import io
import json
import re
import shlex
from pathlib import Path

import pytest
import sympy as sp

from theorems.cli import main
from theorems.derivations.checker import check_derivation
from theorems.derivations.latex_input import LatexParseError, parse_derivation, parse_document
from theorems.symbolic.nets import logistic, relu

ROOT = Path(__file__).parents[3]
x, y, z, w, n, i, j, m = sp.symbols("x y z w n i j m")
sigma, f, ell = sp.Function("sigma"), sp.Function("f"), sp.Function("ell")


def expressions(text, **options):
    first, *rest = parse_derivation(text, **options)
    return [first, *(e for _, e in rest)]


@pytest.mark.parametrize("text, options, expected", [
    (r"e^{x} = \exp(x)", {}, [sp.exp(x), sp.exp(x)]),
    (r"e^{x} = 1", {"symbols": ["e"]}, [sp.Symbol("e") ** x, 1]),
    (r"\pi r^2 = 1", {}, [sp.pi * sp.Symbol("r") ** 2, 1]),
    (r"\sigma z = 1", {}, [sp.Symbol("sigma") * z, 1]),
    (r"\sigma(z)(1 - \sigma(z)) = 1", {"functions": ["sigma"]}, [sigma(z) * (1 - sigma(z)), 1]),
    (r"w^2 x + (a + b) c = 1", {}, [w**2 * x + (sp.Symbol("a") + sp.Symbol("b")) * sp.Symbol("c"), 1]),
    (r"\mathrm{ReLU}(x) = \max(0, x) = \operatorname{relu}(x)", {}, [relu(x), sp.Max(0, x), relu(x)]),
    (r"\mathrm{sigmoid}(z) = \frac{1}{1 + e^{-z}}", {}, [logistic(z), 1 / (1 + sp.exp(-z))]),
    (r"\tilde f(x) + \hat y + \bar x + \dot w = 0", {"functions": ["f_tilde"]},  # (bold is a vector)
     [sp.Function("f_tilde")(x) + sp.Symbol("y_hat") + sp.Symbol("x_bar") + sp.Symbol("w_dot"), 0]),
    (r"\ell(\sigma(w x)) = 0", {"functions": ["ell", "sigma"]}, [ell(sigma(w * x)), 0]),
    (r"\frac{d}{dx} x^2 + 1 = 2x + 1", {}, [sp.Derivative(x**2, x) + 1, 2 * x + 1]),
    (r"\frac{d}{dx}\left(x^2 + x\right) y = 0", {}, [sp.Derivative(x**2 + x, x) * y, 0]),
    (r"\frac{\partial}{\partial w} \frac{1}{2}(w x - y)^2 = 0", {}, [sp.Derivative((w * x - y) ** 2 / 2, w), 0]),
    (r"\frac{\partial^2}{\partial w \partial x} w^2 x = 2w", {}, [sp.Derivative(w**2 * x, w, x), 2 * w]),
    (r"\frac{d^2}{dx^2} x^3 = 6x", {}, [sp.Derivative(x**3, x, 2), 6 * x]),
    (r"\frac{df}{dx} = f'(x)", {"functions": ["f"]}, [sp.Derivative(f(x), x), sp.Derivative(f(x), x)]),
    (r"\sigma''(z) = 0", {"functions": ["sigma"]}, [sp.Derivative(sigma(z), (z, 2)), 0]),
    (r"\sum_{i=1}^{n} x_i y_i = 0", {}, [sp.Sum(sp.IndexedBase("x")[i] * sp.IndexedBase("y")[i], (i, 1, n)), 0]),
    (r"\sum_{i=1}^{n} \sum_{j=1}^{m} w_{ij} = 0", {}, [sp.Sum(sp.IndexedBase("w")[i, j], (j, 1, m), (i, 1, n)), 0]),
    (r"\prod_{k=1}^{n} k = n!", {}, [sp.Product(sp.Symbol("k"), (sp.Symbol("k"), 1, n)), sp.factorial(n)]),
    (r"\sum_n^N y_n = \sum_{n}^{N} y_n", {}, [sp.Sum(sp.IndexedBase("y")[n], (n, 1, sp.Symbol("N")))] * 2),
    (r"\sigma\left(z\right) = 0.5 z + 0.25", {"functions": ["sigma"]}, [sigma(z), z / 2 + sp.Rational(1, 4)]),
    (r"\log(1 + e^{-y w x}) = |x| + \sqrt{x}", {}, [sp.log(1 + sp.exp(-w * x * y)), sp.Abs(x) + sp.sqrt(x)]),
])
def test_supported_grammar(text, options, expected):
    got = expressions(text, **options)
    assert len(got) == len(expected)
    for a, b in zip(got, expected):
        assert sp.simplify(sp.sympify(a).doit() - sp.sympify(b).doit()) == 0, (a, b)
        assert not sp.sympify(a).atoms(sp.Float)


def test_a_fresh_name_applied_is_a_definition_not_a_product():
    with pytest.raises(LatexParseError, match="defines sigma instead of stating a step"):
        parse_derivation(r"\sigma(z) = 1")  # was sigma * z = 1
    text = "Let $f(x) := x^2$.\n\\[ L(w) = \\frac{1}{2}(wx - y)^2 \\]\n\\[ \\frac{dL}{dw} = (wx - y)x \\]\n\\[ f'(x) = 2x \\]"
    chains = parse_document(text)
    assert [str(c.definition) for c in chains[:2]] == ["f(x) = x**2", "L(w) = (w*x - y)**2/2"]
    assert [c.lines for c in chains] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    from theorems.derivations.document import check_document

    assert check_document(text).verdicts == ("proved", "proved")  # the definitions share the chains' x and y


def test_macros_and_rows_are_read_as_a_reader_does():
    text = r"""\newcommand{\half}{\frac{1}{2}}
\newcommand{\sq}[1]{\left(#1\right)^2}
\DeclareMathOperator{\softplus}{softplus}
\begin{align}
\half \sq{a + b} &= \half\left(a^2 + 2ab + b^2\right) \label{one} \\
  &= \half a^2 + ab + \half b^2 \\
\softplus(x) &:= \log(1 + e^x) \\
\frac{d}{dx}\softplus(x) &= \frac{1}{1 + e^{-x}}
\end{align}"""
    chains = parse_document(text)
    assert [c.lines for c in chains] == [(5, 6), (7, 7), (8, 8)] and chains[1].definition.name == "softplus"
    from theorems.derivations.document import check_document

    assert check_document(text).verdicts == ("proved", "proved", "proved")


def test_environments_relations_and_decorations():
    text = r"""Some prose first.
    \begin{align*}
      f(x) &= x^2 + 2x + 1 \label{eq:one} \\ % a comment
           &\le (x + 1)^2 + y^2 \nonumber \\
           &= \text{by expanding} \quad x^2 + 2x + 1 + y^2 .
    \end{align*}"""
    steps = parse_derivation(text, functions=["f"])
    assert [r for r, _ in steps[1:]] == ["=", "<=", "="]
    assert steps[0] == f(x) and steps[-1][1] == x**2 + 2 * x + 1 + y**2
    for source in (r"\[ a = b \geq c \]", r"$$a = b \ge c$$", r"\begin{equation} a = b > c \end{equation}"):
        assert len(parse_derivation(source)) == 3


@pytest.mark.parametrize("text, line, column", [
    ("x + = 2", 1, 4),
    ("a = b\n\\begin{align} x &= y \\cdot \\end{align}", 2, 27),
    ("x = \\|y\\|", 1, 5),  # (a norm of a scalar: refused at its side)
    ("x^2 + 1", 1, 1),
    ("x = ", 1, 4),
])
def test_parse_errors_give_line_and_column(text, line, column):
    with pytest.raises(LatexParseError) as error:
        parse_derivation(text)
    assert (error.value.line, error.value.column) == (line, column)
    assert str(error.value).startswith(f"line {line}, column {column}: ")


def test_placeholder_names_and_their_limit():
    first, (_, second) = parse_derivation(r"\hat v + \alpha v_1 = \beta")
    assert first == sp.Symbol("v_hat") + sp.Symbol("alpha") * sp.Symbol("v_{1}") and second == sp.Symbol("beta")
    many = " + ".join(rf"\mathrm{{n{chr(97 + k)}}}" for k in range(26)) + " + " + " + ".join(
        rf"\mathrm{{m{chr(97 + k)}}}" for k in range(26))
    with pytest.raises(LatexParseError, match="too many distinct names"):
        parse_derivation(many + " = 0")


def run(argv, stdin=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv, out=out, err=err), out.getvalue(), err.getvalue()


def test_check_exit_codes(tmp_path, monkeypatch):
    good, bad = tmp_path / "good.tex", tmp_path / "bad.tex"
    good.write_text(r"(x + 1)^2 = x^2 + 2x + 1")
    bad.write_text(r"(x + 1)^2 = x^2 + x + 1")
    assert run(["check", str(good)])[0] == 0
    code, out, _ = run(["check", str(bad)])
    assert code == 1 and "refuted" in out and "1 step: 1 refuted" in out
    code, out, err = run(["check", "-"], stdin="x + = 2", monkeypatch=monkeypatch)
    assert code == 2 and out == "" and err == "theorems: error: <stdin>: line 1, column 4: unexpected end of 'x +'\n"
    code, _, err = run(["check", str(tmp_path / "missing.tex")])
    assert code == 2 and err.count("\n") == 1


def test_check_options(tmp_path, monkeypatch):
    code, out, _ = run(["check", "-", "--assume", "x > 0"], stdin=r"\sqrt{x^2} = x", monkeypatch=monkeypatch)
    assert code == 0 and "proved" in out
    code, out, _ = run(["check", "-", "--json"], stdin=r"\sqrt{x^2} = x", monkeypatch=monkeypatch)
    report = json.loads(out)
    assert code == 1 and report["steps"][0]["verdict"] == "refuted"
    code, out, _ = run(["check", "-", "--define", r"\sigma(z) = \frac{1}{1 + e^{-z}}"],
                       stdin=r"\frac{d}{dz}\sigma(z) = \sigma(z)(1 - \sigma(z))", monkeypatch=monkeypatch)
    assert code == 0 and "proved" in out
    code, _, err = run(["check", "-", "--assume", "x = 1"], stdin="x = x", monkeypatch=monkeypatch)
    assert code == 2 and "an equality is not an assumption" in err
    code, _, err = run(["check", "-", "--define", "3 = 4"], stdin="x = x", monkeypatch=monkeypatch)
    assert code == 2 and "name(z) = formula" in err
    code, _, err = run(["check", "-", "--assume", "x > +"], stdin="x = x", monkeypatch=monkeypatch)
    assert code == 2 and err == "theorems: error: --assume 'x > +': line 1, column 5: cannot parse the LaTeX at '+'\n"


def _console_blocks(page):
    """The ``$ theorems ...`` commands of a page and the output printed under them."""
    for block in re.findall(r"\.\. code-block:: console\n\n((?:   .*\n|\n)+)", page):
        lines = [line[3:] for line in block.rstrip("\n").split("\n")]
        yield lines[0][2:], "\n".join(lines[1:]) + "\n"


def test_the_docs_page_examples_run_as_shown(monkeypatch):
    monkeypatch.chdir(ROOT)
    page = (ROOT / "docs" / "derivations.rst").read_text()
    blocks = list(_console_blocks(page))
    assert len(blocks) == 10
    for command, expected in blocks:
        argv = shlex.split(command)
        assert argv[0] == "theorems"
        code, out, err = run(argv[1:])
        assert out == expected, command
        assert code == (1 if "refuted" in expected else 0)


def test_the_docs_page_python_examples_run():
    import doctest

    failures, tried = doctest.testfile(str(ROOT / "docs" / "derivations.rst"), module_relative=False,
                                       optionflags=doctest.ELLIPSIS)
    assert tried >= 20 and failures == 0


DOCUMENT = "\n".join([
    "A true step:",
    r"\begin{align}",
    r"(x+1)^2 &= x^2 + 2x + 1",
    r"\end{align}",
    "and a wrong one:",
    r"\[ (x-1)^2 = x^2 - 2x - 1 \]",
    "and one nobody can read:",
    r"\[ x + = 2 \]",
])


def test_every_display_of_a_document_is_checked(tmp_path):
    """Once only the first display was read: this document was "1 step: 1 proved", exit 0."""
    document = tmp_path / "notes.tex"
    document.write_text(DOCUMENT)
    code, out, _ = run(["check", str(document)])
    assert code == 1
    assert out.splitlines()[0] == "lines 2-4:" and "line 6:\nstep 1: (x - 1)**2 = x**2 - 2*x - 1\n  read as: \\left(x - 1\\right)^{2} = x^{2} - 2 x - 1\n  refuted" in out
    assert "line 8: cannot be read: line 8, column 7:" in out
    assert out.endswith("3 chains, 2 steps: 1 proved, 1 refuted; 1 chain could not be read\n")
    code, out, _ = run(["check", str(document), "--json"])
    chains = json.loads(out)["chains"]
    assert code == 1 and [c["lines"] for c in chains] == [[2, 4], [6, 6], [8, 8]]
    assert [c.get("ok") for c in chains] == [True, False, None] and "error" in chains[2]
    document.write_text(DOCUMENT.rsplit("and one", 1)[0].replace("x^2 - 2x - 1", "x^2 - 2x + 1"))
    assert run(["check", str(document)])[0] == 0


def test_one_chain_at_a_time_from_python():
    with pytest.raises(LatexParseError, match="line 6, column 1: the input holds 3 displays"):
        parse_derivation(DOCUMENT)
    assert [c.steps is not None for c in parse_document(DOCUMENT)] == [True, True, False]


@pytest.mark.parametrize("text, expected", [
    (r"\sum_{n=1}^N x_n - N\mu", "-N*mu + Sum(x[n], (n, 1, N))"),
    (r"a - \sum_{i=1}^{n-1} x_i^2 + c", "a + c - Sum(x[i]**2, (i, 1, n - 1))"),
    (r"\sum_{i=1}^n (x_i - \bar x)^2", "Sum((-x_bar + x[i])**2, (i, 1, n))"),
    (r"\sum_{i=1}^n -x_i", "Sum(-x[i], (i, 1, n))"),
    (r"f(\sum_{i=1}^n w_i x_i, y)", "f(Sum(w[i]*x[i], (i, 1, n)), y)"),
    (r"\prod_{k=1}^K \rho_k \cdot c + 1", "c*Product(rho[k], (k, 1, K)) + 1"),
])
def test_a_sum_ends_where_a_reader_ends_it(text, expected):
    """A ``\\sum`` body ends at a ``+``, ``-`` or ``,`` at its own level: ``\\sum_n x_n - N\\mu`` was read as the sum
    of ``x_n - N\\mu``, and the slip of writing ``\\mu`` for ``N\\mu`` was then "proved"."""
    assert str(parse_derivation(text + " = 0", functions=["f"])[0]) == expected


@pytest.mark.parametrize("mean, verdict", [(r"N\mu", "proved"), (r"\mu", "refuted")])
def test_the_centred_sum_and_its_classic_slip(mean, verdict):
    steps = parse_derivation(r"\sum_{n=1}^N x_n - " + mean + r" = \sum_{n=1}^N (x_n - \mu)")
    assert check_derivation(steps).steps[0].verdict == verdict


@pytest.mark.parametrize("text, named", [
    (r"\operatorname{tr}(ABC) = \operatorname{tr}(BAC)", "a trace of A*B*C, which holds no vector or matrix"),
    (r"\mathbb{E}[X] = \mu", "without a random variable: declare them (--random X)"),
    (r"\mathrm{Var}(aX + b) = a^2 \mathrm{Var}(X)", "without a random variable"),
    (r"\nabla f = 0", "\\nabla without its variable"),
    (r"\|x\|^2 = x^2", "a norm of x, which holds no vector or matrix"),
    (r"w^T x = x^T w", "'w^T': a transpose or a power T? Declare w"),
    (r"w^{\top} x = 0", "the transpose of w, which is not a vector or matrix"),
    (r"\det(A) = 1", "a determinant of A, which holds no vector or matrix"),
    (r"\mathbb{P}(X > 0) = 1", "a probability"),
])
def test_vector_notation_on_undeclared_names_is_refused_not_read_as_scalars(text, named):
    """Read as products of scalars, a non-cyclic permutation inside a trace was "proved": capital letters are
    scalars unless declared, and notation that needs a vector, a matrix or a random variable says so."""
    with pytest.raises(LatexParseError, match="line 1, column") as error:
        parse_derivation(text)
    assert named in str(error.value)


def test_an_assumption_on_an_entry_holds_for_the_whole_family(tmp_path):
    entropy = tmp_path / "entropy.tex"
    entropy.write_text(r"\sum_{i=1}^n p_i \log p_i \le 0")  # false for p_i > 1 (it was a KeyError traceback)
    code, out, err = run(["check", str(entropy), "--assume", "p_i > 0"])
    assert code == 1 and "refuted" in out and err == ""
    values = re.findall(r"p\[\d\] = ([-\d/]+)", out)
    assert values and all(sp.Rational(v) > 0 for v in values)  # the entries drawn are positive
    code, out, err = run(["check", str(entropy), "--assume", "q_i > 0"])
    assert code == 2 and "names 'q_{i}', which is not in the derivation" in err


@pytest.mark.parametrize("text, expected", [
    (r"\log x + \log y - \log z", "log(x) + log(y) - log(z)"),  # was log(x + log(y - log(z)))
    (r"v\tanh(wx) - y", "v*tanh(w*x) - y"),  # was v*tanh(w*x - y)
    (r"\log(1+e^x) - \log(1+e^{-x})", "-log(1 + exp(-x)) + log(exp(x) + 1)"),  # was one log
    (r"\tanh^2 x", "tanh(x)**2"),  # was tan(h**2*x)
    (r"2\cosh(2x)", "2*cosh(2*x)"),  # was 4*x*cos(h)
    (r"\frac{\sinh x}{\cosh x}", "sinh(x)/cosh(x)"),  # was sin(h)/cos(h)
    (r"\cosh^2(wx) - \sinh^2(wx)", "-sinh(w*x)**2 + cosh(w*x)**2"),
    (r"\exp(x) y", "y*exp(x)"),
    (r"\sin 2x", "sin(2*x)"),
    (r"\log x_i^2", "log(x_{i}**2)"),
    (r"\sin x \cos x", "sin(x)*cos(x)"),
    (r"\sin \log x", "sin(log(x))"),
    (r"\log\frac{xy}{z}", "log(x*y/z)"),
    (r"\coth x", "1/tanh(x)"),
])
def test_a_function_applies_to_what_a_reader_sees(text, expected):
    assert str(parse_derivation(text + " = 0")[0]) == expected


@pytest.mark.parametrize("text, functions, expected", [
    (r"\frac{d}{dx} (3x+1)^4", [], "Derivative((3*x + 1)**4, x)"),  # was Derivative(3*x + 1, x)**4
    (r"\frac{\partial}{\partial b} (wx + b - y)^2", [], "Derivative((b + w*x - y)**2, b)"),
    (r"\frac{\mathrm{d}}{\mathrm{d}x} x^4", [], "Derivative(x**4, x)"),  # was x**3: d/(d x) times x^4
    (r"\frac{{\rm d}}{{\rm d}x} x^4", [], "Derivative(x**4, x)"),
    (r"\dfrac{d}{dx}\left(x^2 + 3x\right)", [], "Derivative(x**2 + 3*x, x)"),  # was a lark error
    (r"\tfrac{1}{2} x", [], "x/2"),
    (r"\log f(x)", ["f"], "log(f(x))"),  # was x*log(f)
    (r"\log\sigma\left((2y-1)z\right)", ["sigma"], "log(sigma(z*(2*y - 1)))"),
    (r"f^2(x)", ["f"], "f(x)**2"),  # was f**2*x
    (r"\sigma^{2}(z) + 1", ["sigma"], "sigma(z)**2 + 1"),
    (r"\partial_x \left(x y^2\right)", [], "Derivative(x*y**2, x)"),  # was a parse error
    (r"\left.\frac{d}{dx} x^3\right|_{x=2}", [], "Subs(Derivative(x**3, x), x, 2)"),
    (r"\frac{d}{dx}\left[x \ln x\right]", [], "Derivative(x*log(x), x)"),
    (r"\Big(a + b\Big) c", [], "c*(a + b)"),
    (r"2 \cdot \frac{1}{2} (a - y)", [], "a - y"),  # was a parse error after \cdot
    (r"\sum_{i=1}^{n} c\, x_i", [], "Sum(c*x[i], (i, 1, n))"),  # the thin space ended the sum
])
def test_operators_apply_to_what_a_reader_sees(text, functions, expected):
    assert str(parse_derivation(text + " = 0", functions=functions)[0]) == expected


@pytest.mark.parametrize("text, expected", [
    (r"\frac{\partial}{\partial w_j} \sum_{i=1}^{d} w_i x_i = x_j",
     "[Derivative(Sum(w[i]*x[i], (i, 1, d)), w[j]), ('=', x[j])]"),  # w_j was a symbol unrelated to w_i
    (r"\frac{\partial}{\partial w_1} \sum_{i=1}^{3} w_i x_i = x_1",
     "[Derivative(Sum(w[i]*x[i], (i, 1, 3)), w[1]), ('=', x[1])]"),
    (r"\sum_{i=1}^{n}\sum_{j=1}^{m} w_{ij} = w_{kl}",
     "[Sum(w[i, j], (j, 1, m), (i, 1, n)), ('=', w[k, l])]"),
    (r"\frac{\partial}{\partial a_j} \sum_{k=1}^{K} a_k = \delta_{kj}",
     "[Derivative(Sum(a[k], (k, 1, K)), a[j]), ('=', KroneckerDelta(j, k))]"),
    (r"w_1 + w_2 = \delta_{kj}", "[w_{1} + w_{2}, ('=', delta_{kj})]"),  # no family, no indices: plain names
])
def test_the_entries_of_a_family_are_one_family(text, expected):
    assert str(parse_derivation(text)) == expected


@pytest.mark.parametrize("text, assumptions, verdict", [
    (r"\frac{\partial}{\partial w_j} \sum_{i=1}^{d} w_i^2 = 2w_j", ["1 <= j", "j <= d"], "proved"),
    (r"\frac{\partial}{\partial w_j} \sum_{i=1}^{d} w_i^2 = w_j", ["1 <= j", "j <= d"], "refuted"),
    (r"\frac{\partial}{\partial w_j} \sum_{i=1}^{d} w_i^2 = 2w_j", [], "refuted"),  # j = 5 > d = 2: zero
    (r"\frac{\partial}{\partial a_j} \frac{e^{a_k}}{\sum_{i=1}^{K} e^{a_i}} = \frac{e^{a_k}}{\sum_{i=1}^{K} e^{a_i}}"
     r"\left(\delta_{kj} - \frac{e^{a_j}}{\sum_{i=1}^{K} e^{a_i}}\right)", ["1 <= j", "j <= K", "1 <= k", "k <= K"],
     "proved"),
    (r"\frac{\partial}{\partial w_j} \sum_{i=1}^{d} w_i x_i = x_i", ["1 <= j", "j <= d"], "refuted"),  # wrong index
])
def test_gradients_of_indexed_sums(text, assumptions, verdict):
    from theorems.derivations.document import read_assumption

    report = check_derivation(parse_derivation(text), assumptions=[read_assumption(a) for a in assumptions])
    assert report.verdicts == (verdict,)


@pytest.mark.parametrize("text, message", [
    (r"\log xy = 0", r"'\log xy' is ambiguous: write \log(xy) or \log(x) y"),
    (r"\sin^{-1} x = 0", r"'\sin^{-1}' is ambiguous"),
])
def test_an_ambiguous_argument_is_refused_with_its_place(text, message):
    with pytest.raises(LatexParseError, match="line 1, column 1: " + re.escape(message)):
        parse_derivation(text)


@pytest.mark.parametrize("text, assumptions, verdict", [
    (r"\frac{d}{dx}\tanh x = 1 - \tanh^2 x", [], "proved"),  # was refuted
    (r"\frac{d}{dx}\tanh x = 1 - \tanh x", [], "refuted"),
    (r"\log x + \log y - \log z = \log\frac{xy}{z}", ["x > 0", "y > 0", "z > 0"], "proved"),
    (r"\log x + \log y - \log z = \log\frac{x}{yz}", ["x > 0", "y > 0", "z > 0"], "refuted"),
    (r"\frac{d}{dx}\sinh x = \cosh x", [], "proved"),
    (r"\sin 2x = \sin x \cos x", [], "refuted"),
])
def test_functions_verdicts(text, assumptions, verdict, tmp_path):
    step = tmp_path / "step.tex"
    step.write_text(text)
    code, out, _ = run(["check", str(step), *[a for x in assumptions for a in ("--assume", x)]])
    assert f"  {verdict}" in out and code == (0 if verdict == "proved" else 1), out


@pytest.mark.parametrize("text, assumptions, verdict", [
    (r"e^x \ge 1 + x", [], "proved"),
    (r"e^x \ge 1 + x + \frac{x^2}{2}", [], "refuted"),
    (r"\log x \le x - 1", ["x > 0"], "proved"),
    (r"\log x \le x - 2", ["x > 0"], "refuted"),
    (r"\log(1 + x) \le x", ["x > -1"], "proved"),  # through x = -1 + t, t > 0
    (r"\log(1 + x) \ge x", ["x > -1"], "refuted"),
    (r"x^2 - x + 1 > 0", [], "proved"),
    (r"x^2 - 2x + 1 > 0", [], "refuted"),  # zero at its critical point x = 1
    (r"x^2 - 2x + 1 \ge 0", [], "proved"),
    (r"\tanh x \le x", ["x >= 0"], "proved"),
    (r"\tanh x \le x", [], "refuted"),
    (r"\log(1 + e^x) \le \max(0, x) + \log 2", [], "proved"),  # cut at the kink x = 0
    (r"\log(1 + e^x) \le \max(0, x) + \log 1.9", [], "refuted"),  # fails only near 0: found at the kink
    (r"|x - 1| \ge x", [], "refuted"),
    (r"\mathrm{ReLU}(x) \ge x", [], "proved"),
    (r"\sin x \le x", ["x >= 0"], "numerically consistent"),  # infinitely many critical points: no proof
    (r"x^2 - 10x + 9 \ge 0", ["x < 1"], "numerically consistent"),  # fails at x = 5, which x < 1 excludes
    (r"x^2 - 10x + 9 \ge 0", [], "refuted"),
    (r"\sqrt{ab} \le \frac{a + b}{2}", ["a > 0", "b > 0"], "proved"),  # b = a t
    (r"\sqrt{ab} \le \frac{a + b}{3}", ["a > 0", "b > 0"], "refuted"),
    (r"e^{\frac{a + b}{2}} \le \frac{e^a + e^b}{2}", [], "proved"),  # b = a + t
    (r"e^{\frac{a + b}{2}} \ge \frac{e^a + e^b}{2}", [], "refuted"),
    (r"\log \frac{a + b}{2} \ge \frac{\log a + \log b}{2}", ["a > 0", "b > 0"], "proved"),
])
def test_bounds_in_one_variable_are_decided_by_calculus(text, assumptions, verdict):
    from theorems.derivations.document import check_document

    assert check_document(text, assumptions=assumptions).verdicts == (verdict,)


def test_a_step_that_loses_half_its_domain_is_refuted_with_the_region():
    from theorems.derivations.document import check_document

    step = check_document(r"\log(z^2) = 2\log z").chains[0].report.steps[0]
    assert step.verdict == "refuted" and sp.Rational(step.point["z"]) < 0 and step.values[1] == "not real"
    assert "the left side is real on Interval.open(-oo, 0), the other is not" in step.method
    assert check_document(r"\log(z^2) = 2\log z", assumptions=["z > 0"]).verdicts == ("proved",)


@pytest.mark.parametrize("text, message", [
    (r"\frac{d}{dx} f(x) = 2x", "'f(' applies f, which is not declared: declare it (--function f)"),
    (r"f^2(x) = 1", "'f(' applies f, which is not declared"),  # was f**2*x
    (r"\sigma'(z) = 1", "'\\sigma(' applies sigma, which is not declared"),
])
def test_an_undeclared_function_applied_is_an_error_not_a_product(text, message):
    with pytest.raises(LatexParseError, match=re.escape(message)):
        parse_derivation(text)
    assert str(parse_derivation(r"x(2 - x)e^{-x} = 1")[0]) == "x*(2 - x)*exp(-x)"  # a variable times a bracket


def test_a_sum_without_limits_runs_over_a_symbolic_range():
    assert str(parse_derivation(r"\sum_i x_i = \sum_{i} x_i")) == "[Sum(x[i], (i, 1, |i|)), ('=', Sum(x[i], (i, 1, |i|)))]"
    report = check_derivation(parse_derivation(r"\sum_i (x_i + 1) = \sum_i x_i + 1"))
    assert report.verdicts == ("refuted",)  # the range |i| is a symbol: 1 is added |i| times on the left


@pytest.mark.parametrize("text, assumptions, verdict", [
    (r"\sum_{k=0}^{n-1} r^k = \frac{1 - r^n}{1 - r}", ["r < 1"], "proved"),  # the case r = 1 refined away
    (r"\sum_{k=0}^{n} r^k = \frac{1 - r^n}{1 - r}", ["r < 1"], "refuted"),
    (r"\sum_{i=1}^{n} \sum_{j=1}^{m} a_i b_j = \left(\sum_{i=1}^{n} a_i\right)\left(\sum_{j=1}^{m} b_j\right)", [],
     "proved"),
    (r"\sum_{i=1}^{n} \sum_{j=1}^{m} a_i b_j = \left(\sum_{i=1}^{n} a_i\right)\left(\sum_{j=1}^{m} a_j\right)", [],
     "refuted"),
    (r"\sum_{i=1}^{n} \sum_{j=1}^{m} w_{ij} x_j = \sum_{j=1}^{m} \sum_{i=1}^{n} w_{ij} x_j", [], "proved"),
    (r"\sum_{i=1}^{n} \sum_{j=1}^{m} w_{ij} x_j = \sum_{j=1}^{m} \sum_{i=1}^{n} w_{ji} x_j", [], "refuted"),
    (r"\sum_{i=1}^{n} \sum_{j=1}^{i} x_j = \sum_{j=1}^{n} \sum_{i=1}^{j} x_j", [], "undecided"),  # bounds depend
])
def test_finite_sums_are_reordered_and_merged_only_where_that_is_valid(text, assumptions, verdict):
    from theorems.derivations.document import check_document

    assert check_document(text, assumptions=assumptions).verdicts == (verdict,)


@pytest.mark.parametrize("text, message", [
    (r"(a + b)^2 \le 2 a^2 +d 2b^2", "a stray d: a differential outside a derivative"),
    (r"\frac{\partial}{\partial 2x} x^2 = 1", "a derivative with respect to 2*x, which is not a variable"),
    ("\\newcommand{\\diff}[2\\left.]{\\frac{d #1}{d #2}}\n\\[ \\diff{}{x} x = 1 \\]", "uses #2 but takes 0 arguments"),
])
def test_mangled_input_is_a_located_error_not_a_traceback(text, message):
    (chain,) = parse_document(text)
    assert isinstance(chain.error, LatexParseError) and message in str(chain.error)

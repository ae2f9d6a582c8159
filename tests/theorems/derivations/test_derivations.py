"""theorems.check_derivation: verdicts on a corpus of true and wrong steps, and on the hard cases."""

import json
import re

import pytest
import sympy as sp

from numerics.errors import InvalidArgument
from tests.theorems.derivations.derivation_corpus import CORPUS
from theorems import check_derivation
from theorems.symbolic.nets import relu

x, y, z, c = sp.symbols("x y z c")


def test_the_corpus_is_large_and_balanced():
    assert len(CORPUS) >= 30
    assert sum(truth for *_, truth in CORPUS) >= 15 and sum(not truth for *_, truth in CORPUS) >= 15


@pytest.mark.parametrize("name, steps, options, truth", CORPUS, ids=[entry[0] for entry in CORPUS])
def test_corpus_no_false_proof_and_no_false_refutation(name, steps, options, truth):
    (step,) = check_derivation(steps, **options).steps
    if truth:
        assert step.verdict in ("proved", "numerically consistent"), step
    else:
        assert step.verdict == "refuted", step


def test_a_refutation_point_really_refutes_exactly():
    report = check_derivation([(x + y) ** 2, x**2 + y**2])
    (step,) = report.steps
    point = {sp.Symbol(k): sp.Rational(v) for k, v in step.point.items()}
    assert ((x + y) ** 2).subs(point) != (x**2 + y**2).subs(point)
    assert step.values == (str(((x + y) ** 2).subs(point)), str((x**2 + y**2).subs(point)))


def test_numerical_agreement_is_never_called_proved():
    # true, but beyond the proofs: sin x - x has infinitely many critical points on x >= 0
    (step,) = check_derivation(["sin(x)", ("<=", "x")], assumptions=["x >= 0"]).steps
    assert step.verdict == "numerically consistent"
    assert step.points == 12 and step.digits == 60


def test_case_splits_cover_the_boundary():
    # x H(x) = relu(x) on x > 0, x < 0 and, solving for x, at x = 0 (where H(0) = 1/2 and relu(0) = 0)
    assert check_derivation([x * sp.Heaviside(x), relu(x)]).verdicts == ("proved",)
    assert check_derivation([x * sp.diff(relu(x), x), relu(x)]).verdicts == ("proved",)
    # a Heaviside step is not continuous: the boundary x = y decides
    assert check_derivation([sp.Heaviside(x - y) + sp.Heaviside(y - x), 1]).verdicts == ("proved",)  # H(0) = 1/2
    assert check_derivation([sp.Heaviside(x - y, 1) + sp.Heaviside(y - x, 0), 1]).verdicts == ("proved",)
    (step,) = check_derivation([sp.Heaviside(x - y, 1) + sp.Heaviside(y - x, 1), 1]).steps  # 2 at x = y
    assert step.verdict == "refuted" and step.point["x"] == step.point["y"]  # small rationals land on the line


def test_rounding_cannot_fake_an_equality():
    lhs, rhs = sp.exp(sp.pi * sp.sqrt(163)), sp.Integer(640320) ** 3 + 744
    assert float(lhs) == float(rhs)  # float64 cannot tell them apart
    (step,) = check_derivation([lhs, rhs]).steps
    assert step.verdict == "refuted" and step.values[0] != step.values[1]


def test_rounding_cannot_fake_a_difference():
    big = sp.exp(sp.Integer(60))
    (step,) = check_derivation([big + sp.sin(x) - big, sp.sin(x) + sp.Integer(0)]).steps
    assert step.verdict in ("proved", "numerically consistent")


def test_steps_outside_the_real_domain_are_undecided():
    (step,) = check_derivation([sp.sqrt(-1 - x**2), sp.sqrt(-2 - x**2)]).steps  # neither side is ever real
    assert step.verdict == "undecided" and step.points == 0


def test_sides_with_different_real_domains_are_refuted_where_they_differ():
    """log(z^2) = 2 log z was "numerically consistent": the points where one side is not real were skipped."""
    z = sp.Symbol("z")
    (step,) = check_derivation([sp.log(z**2), 2 * sp.log(z)]).steps
    assert step.verdict == "refuted" and "the real domains differ: the left side is real here" in step.method
    assert sp.Rational(step.point["z"]) < 0 and step.values[1] == "not real"
    assert check_derivation([sp.log(z**2), 2 * sp.log(z)], assumptions=["z > 0"]).verdicts == ("proved",)
    (step,) = check_derivation([sp.sqrt(-1 - x**2), sp.Integer(5)]).steps  # the left side is nowhere real
    assert step.verdict == "refuted" and "the right side is real here" in step.method
    # a cube root is real for people and complex for SymPy's principal value: such points stay out of the verdict
    assert check_derivation([(x**3) ** sp.Rational(1, 3) * sp.sign(x), sp.Abs(x)]).verdicts != ("refuted",)


def test_assumptions_decide_the_verdict():
    assert check_derivation([sp.sqrt(x**2), x]).verdicts == ("refuted",)
    assert check_derivation([sp.sqrt(x**2), x], assumptions=["x > 0"]).verdicts == ("proved",)
    assert check_derivation([sp.sqrt(x**2), -x], assumptions=["x < 0"]).verdicts == ("proved",)
    # a relation between symbols: proved by substituting x = y + t, t > 0
    assert check_derivation([relu(x - y), x - y], assumptions=["x > y"]).verdicts == ("proved",)
    assert check_derivation([relu(x - y), x - y], assumptions=["x < y"]).verdicts == ("refuted",)


def test_integer_assumption_and_sums_over_symbolic_ranges():
    n, i = sp.symbols("n i")
    assert check_derivation([(-1) ** (2 * n), 1], assumptions=["n integer"]).verdicts == ("proved",)
    assert check_derivation([(-1) ** (2 * n), 1]).verdicts != ("proved",)
    report = check_derivation([sp.Sum(i**3, (i, 1, n)), (n * (n + 1) / 2) ** 2, n**4 / 4])
    assert report.verdicts == ("proved", "refuted")


def test_defined_functions_replace_undefined_ones():
    sigma = sp.Function("sigma")
    steps = [sp.diff(sigma(z), z), sigma(z) * (1 - sigma(z))]
    assert check_derivation(steps).verdicts == ("refuted",)  # an arbitrary sigma
    logistic = sp.Lambda(z, 1 / (1 + sp.exp(-z)))
    assert check_derivation(steps, functions={"sigma": logistic}).verdicts == ("proved",)
    assert check_derivation(["sigma(z)*(1 - sigma(z))", "sigma(z) - sigma(z)**2"],
                            functions=["sigma"]).verdicts == ("proved",)


def test_the_refuting_function_is_reported():
    f = sp.Function("f")
    (step,) = check_derivation([sp.diff(f(x) ** 2, x), 2 * sp.diff(f(x), x)]).steps
    assert step.verdict == "refuted" and "f" in step.point and "Lambda" in step.point["f"]


def test_matrix_shapes_are_checked():
    A, B = sp.MatrixSymbol("A", 2, 3), sp.MatrixSymbol("B", 3, 2)
    (step,) = check_derivation([(A * B).T, A.T * B.T]).steps
    assert step.verdict == "refuted" and step.values == ("(2, 2)", "(3, 3)")
    assert check_derivation([(A * B).T, B.T * A.T]).verdicts == ("proved",)
    P = sp.Matrix(2, 2, sp.symbols("p:4"))
    assert check_derivation([(P * P.T).T, P * P.T]).verdicts == ("proved",)


def test_scalars_of_matrices_are_checked_for_several_shapes():
    n, m = sp.symbols("n m")
    A, B, C = sp.MatrixSymbol("A", n, m), sp.MatrixSymbol("B", m, n), sp.MatrixSymbol("C", 2, 2)
    (step,) = check_derivation([sp.Trace(A * B), sp.Trace(B * A)]).steps  # cyclic: for every shape
    assert step.verdict == "proved" and "cyclic order" in step.method
    push = [sp.Inverse(sp.Identity(n) + A * B) * A, A * sp.Inverse(sp.Identity(m) + B * A)]  # no rule proves it
    (step,) = check_derivation(push).steps
    assert step.verdict == "numerically consistent" and "not a proof for every shape" in step.method
    assert check_derivation([sp.Trace(C.T * C), sp.Trace(C * C.T)]).verdicts == ("proved",)  # a concrete shape
    (step,) = check_derivation([sp.Trace(C * C), sp.Trace(C * C.T)]).steps
    assert step.verdict == "refuted" and re.fullmatch(r"\[\[.*\], \[.*\]\]", step.point["C"])  # the matrix


def test_the_report_is_determined_by_the_seed():
    steps = [sp.tanh(x), 2 / (1 + sp.exp(-x)) - 1]
    first = check_derivation(steps, seed=3).to_dict()
    assert first == check_derivation(steps, seed=3).to_dict()
    assert json.loads(json.dumps(first)) == first
    assert first["ok"] is False


@pytest.mark.parametrize("steps, options, message", [
    ([x], {}, "at least two"),
    (["x +", "x"], {}, "cannot read the step"),
    ([x, x], {"assumptions": ["x wobbly"]}, "cannot read the assumption"),
    ([x, x], {"assumptions": ["q > 0"]}, "not in the derivation"),
    ([x, x], {"assumptions": ["x > 0", "x < -1"]}, "contradict"),
    ([x, y], {"assumptions": ["x > y", "y > x"]}, "no point satisfying"),
    ([x, x], {"assumptions": ["x > q"]}, "name q, which the derivation does not"),
    ([sp.Matrix([[x]]), x], {}, "mixes matrices and scalars"),
    ([x, object()], {}, "must be a SymPy expression"),
    ([x, x], {"functions": {"f": 3}}, "the definition of f"),
    ([x, x], {"points": 0}, "points"),
])
def test_bad_input_is_a_clear_error(steps, options, message):
    with pytest.raises(InvalidArgument, match=message):
        check_derivation(steps, **options)


@pytest.mark.parametrize("right, verdict", [
    (r"f'(g(x))\,g'(x)", "proved"),
    (r"f'(g(x))", "refuted"),  # the dropped inner derivative
    (r"f'(x)\,g'(x)", "refuted"),  # the outer derivative at the wrong point
])
def test_the_chain_rule_from_latex_with_undefined_functions(right, verdict):
    """SymPy's Subs compares equal across assumptions, so its cache once returned f'(g(x)) g'(x) with a plain x
    left in it after the renaming to real symbols: the true step was refuted at a point where it holds."""
    from theorems.derivations.latex_input import parse_derivation

    steps = parse_derivation(r"\frac{d}{dx} f(g(x)) = " + right, functions=["f", "g"])
    report = check_derivation(steps, functions={"f": None, "g": None})
    assert report.steps[0].verdict == verdict, str(report)


def test_a_refutation_is_reported_only_when_a_second_evaluation_confirms_it(monkeypatch):
    from theorems.derivations import steps

    x = sp.Symbol("x")
    true_step, false_step = [(x + 1) ** 2, x**2 + 2 * x + 1], [sp.sin(x) ** 2, 1 - sp.cos(x)]
    assert check_derivation(false_step).verdicts == ("refuted",)

    def broken(self, a, b, point, extra, relation):  # a first evaluation that sees a difference everywhere
        return False, "1", "2", "a broken evaluation"

    monkeypatch.setattr(steps._Context, "_prove", lambda self, a, b, relation: None)
    monkeypatch.setattr(steps._Context, "_compare", broken)
    assert check_derivation(true_step).verdicts == ("undecided",)  # never "refuted": the second look disagrees
    monkeypatch.undo()
    monkeypatch.setattr(steps._Context, "_confirmed", lambda self, *args: False)
    assert check_derivation(false_step).verdicts != ("refuted",)  # the confirmation is on the path

"""theorems.backprop: computational graphs, reverse and forward accumulation, the recursion, the logistic unit."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from numerics import derivatives, nets, strategies
from numerics.errors import InvalidArgument
from theorems import backprop
from theorems.entries.backprop.feedforward_recursion import RecursionClaim, backprop_gradients
from theorems.entries.backprop.risk_decomposition import _legendre_instance
from theorems.checks import decide_zero
from theorems.symbolic.computational_graph import expressions, operation_counts
from theorems.symbolic.nets import logistic, relu

X, Y, Z = sp.symbols("x y z", positive=True)


@settings(max_examples=40, deadline=None)
@given(expressions([X, Y, Z], max_depth=4))
def test_reverse_and_forward_mode_equal_diff(expr):
    rng = np.random.default_rng(0)
    reverse, forward = backprop.reverse_mode(expr, [X, Y, Z]), backprop.forward_mode(expr, [X, Y, Z])
    for s in (X, Y, Z):
        assert decide_zero(reverse[s] - sp.diff(expr, s), rng) is None
        assert decide_zero(forward[s] - sp.diff(expr, s), rng) is None


@settings(max_examples=300, deadline=None)
@given(expressions([X, Y], max_depth=4))
def test_expressions_are_finite_and_depend_on_a_symbol(expr):
    # 0**-1 is zoo, and zoo + x stays zoo: a negative power of a subtree that may vanish (x*(-1) + x, relu(-1/2))
    # once gave expressions with no graph
    assert expr.free_symbols and not expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan)
    def positive(u):  # known positive, or 1 + e^v (positive for real v, which SymPy cannot always tell)
        return u.is_positive or isinstance(u - 1, sp.exp)

    assert all(positive(p.base) for p in expr.atoms(sp.Pow) if p.exp.is_negative)
    assert all(positive(a.args[0]) for a in expr.atoms(sp.log))


def test_a_constant_has_a_one_node_graph_and_zero_derivatives():
    for constant in (sp.Integer(3), sp.pi / 2, sp.exp(1) + sp.sqrt(2)):
        G = backprop.graph(constant)
        assert list(G.nodes) == [constant] and G.nodes[constant]["kind"] == "constant" and not G.edges
        assert backprop.reverse_mode(constant, [X, Y]) == backprop.forward_mode(constant, [X, Y]) == {X: 0, Y: 0}
        assert operation_counts(G) == {"evaluation": 0, "reverse": 0, "forward": 0, "inputs": 0}


@pytest.mark.parametrize("expr", [sp.zoo, sp.zoo + X, sp.nan, sp.oo * X, sp.exp(X) - sp.oo])
def test_a_graph_of_an_infinite_expression_is_refused(expr):
    with pytest.raises(InvalidArgument, match="not finite"):
        backprop.graph(expr)


def test_reverse_mode_would_fail_without_the_sum_over_paths():
    # x appears on two paths (x * y and x): keeping only the last edge's contribution is wrong, and the check sees it
    expr = sp.exp(X * Y) + X
    G = backprop.graph(expr)
    last_only = G.edges[X, expr]["partial"]
    assert decide_zero(last_only - sp.diff(expr, X), np.random.default_rng(0)) is not None
    assert backprop.reverse_mode(expr, [X])[X] == Y * sp.exp(X * Y) + 1


def test_graph_shares_subexpressions_and_folds_numbers():
    u = X * Y
    expr = logistic(u) * u + 3 * sp.exp(u)
    G = backprop.graph(expr)
    # SymPy flattens logistic(u) * u into Mul(x, y, logistic(u)); x*y is one node, used by logistic and exp
    assert G.in_degree(u) == 2 and G.out_degree(u) == 2
    assert all(not n.is_number for n in G)
    assert G.edges[u, logistic(u)]["partial"] == sp.exp(-u) / (1 + sp.exp(-u)) ** 2
    assert G.edges[sp.exp(u), 3 * sp.exp(u)]["partial"] == 3  # the number 3 is folded into the product
    assert G.graph["output"] == expr


def test_relu_partial_is_the_heaviside_convention():
    G = backprop.graph(relu(X - Y))
    assert G.edges[X - Y, relu(X - Y)]["partial"] == sp.Heaviside(X - Y, 0)


def test_operation_counts_reverse_is_cheap_and_forward_grows_with_the_inputs():
    counts = []
    for n in (2, 8, 32):
        w = sp.symbols(f"w0:{n}")
        expr = logistic(sum(wi * xi for wi, xi in zip(w, sp.symbols(f"u0:{n}")))) ** 2
        counts.append(operation_counts(backprop.graph(expr), wrt=w))
    assert all(c["reverse"] <= 2 * c["evaluation"] for c in counts)
    assert [c["forward"] // c["reverse"] for c in counts] == [2, 8, 32]


def test_draw_returns_a_figure_with_the_local_derivatives():
    figure = backprop.draw(backprop.graph(sp.exp(X * Y) + X))
    texts = [t.get_text() for t in figure.axes[0].texts]
    # operations named in topological order: v1 = x*y, v2 = exp(v1), v3 = v2 + x; d v2 / d v1 = exp(v1) = v2
    assert {"v1\n×", "v2\nexp", "v3\n+"} <= set(texts)
    edges = sorted(t.get_text() for t in figure.axes[0].texts if t.get_bbox_patch() is not None)
    assert edges == ["1", "1", "v2", "x", "y"]  # d(v3)/d(v2), d(v3)/d(x), d(v2)/d(v1), d(v1)/d(y), d(v1)/d(x)


@pytest.mark.parametrize("call, match", [
    (lambda: backprop.graph(sp.zoo), "not finite"),
    (lambda: backprop.graph("not an expression ("), "SymPy expression"),
    (lambda: backprop.reverse_mode(X * Y, [X, 2]), "symbols"),
    (lambda: backprop.graph(sp.Derivative(sp.Function("f")(X), X)), "elementary"),
    (lambda: backprop.draw(object()), "graph"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(InvalidArgument, match=match):
        call()


def test_symbols_absent_from_the_expression_get_zero():
    assert backprop.reverse_mode(X**2, [X, Y]) == {X: 2 * X, Y: 0}


@settings(max_examples=30, deadline=None)
@given(strategies.architectures(min_depth=2, max_depth=3, max_width=4, max_input=3), st.integers(0, 2**31))
def test_recursion_matches_complex_step_on_tanh_nets(sizes, seed):
    # an independent reference: complex-step derivatives of the loss (tanh extends analytically)
    rng = np.random.default_rng(seed)
    W = nets.init(sizes, rng)
    b = [rng.standard_normal(n) for n in sizes[1:]]
    x, y = rng.standard_normal(sizes[0]), rng.standard_normal()
    grads = backprop_gradients(RecursionClaim(), W, [c[:, None] for c in b], x[:, None], y,
                                        np.tanh, lambda z: 1 - np.tanh(z) ** 2)
    flat = np.concatenate([p for g, d in grads for p in (g.ravel(), d.ravel())])

    def loss(theta):
        h, start = x.astype(complex), 0
        for k, w in enumerate(W):
            m = w.size
            A = theta[start:start + m].reshape(w.shape)
            c = theta[start + m:start + m + w.shape[0]]
            start += m + w.shape[0]
            h = A @ h + c
            if k < len(W) - 1:
                h = np.tanh(h)
        return (h[0] - y) ** 2

    reference = derivatives.complex_step(loss, nets.flatten(W, b))
    np.testing.assert_allclose(flat, reference, rtol=1e-12, atol=1e-13)


def test_complex_step_refuses_non_analytic_functions():
    with pytest.raises(InvalidArgument, match="analytic"):
        derivatives.complex_step(lambda v: float(np.abs(v).sum().real), np.ones(2))
    with pytest.raises(InvalidArgument, match="h="):
        derivatives.complex_step(lambda v: v.sum(), np.ones(2), h=0.1)


def test_logistic_is_one_operation_with_the_derived_derivative():
    z = sp.Symbol("z", real=True)
    assert logistic(0) == sp.Rational(1, 2) and logistic(z).is_positive
    assert sp.simplify(sp.diff(logistic(z), z) - logistic(z) * (1 - logistic(z))).rewrite(sp.exp).simplify() == 0
    assert abs(float(logistic(sp.Integer(2)).evalf()) - 1 / (1 + np.exp(-2))) < 1e-15


def test_risk_decomposition_reference_instance():
    # reference: E_app of the degree-9 Legendre fit of sin 3x is 5.0e-12
    r = _legendre_instance(0, 9)
    assert abs((r["R_F"] - r["R*"]) - 5.0e-12) < 0.1e-12

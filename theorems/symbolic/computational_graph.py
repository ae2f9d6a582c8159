"""Computational graphs of SymPy expressions, and derivatives accumulated over them.

The second seed lecture ("Engineering of deep learning") describes a computational graph as a graph whose nodes are
input values or functions combining values.  Here :func:`graph` builds it for any SymPy expression: one node per
distinct subexpression (shared subexpressions are one node, so the graph is a DAG, not a tree), an edge from each
argument to the operation that uses it, and on that edge the *local partial derivative* of the operation with
respect to the argument, derived by SymPy.  Numbers are folded into the operation that uses them.

Derivatives are then accumulated over the graph by the chain rule, in either order (Griewank and Walther,
*Evaluating Derivatives*, 2nd ed., SIAM 2008, chapters 3-4; Baydin et al., JMLR 18 (2018) 1-43):

- :func:`reverse_mode` (backpropagation): one sweep from the output down, in reverse topological order; every
  node's *adjoint* ``d output / d node`` is the sum over its out-edges of ``adjoint(parent) * partial``.  One
  sweep gives the derivative with respect to every input.
- :func:`forward_mode`: one sweep from the inputs up per input; every node's *tangent* ``d node / d input`` is
  the sum over its in-edges of ``partial * tangent(argument)``.

:func:`operation_counts` counts the multiplications each mode performs, the cost model of the cheap gradient
principle (Baur and Strassen 1983): reverse mode costs a constant multiple of one evaluation, forward mode that
multiple times the number of inputs.  :func:`expressions` is a Hypothesis strategy of random expression trees,
and :func:`draw` draws a graph with its local derivatives.
"""

import networkx as nx
import sympy as sp
from hypothesis import strategies as st

from numerics.errors import InvalidArgument, check_argument, check_int
from theorems.symbolic.nets import logistic, relu

__all__ = ["draw", "expressions", "forward_mode", "graph", "operation_counts", "reverse_mode"]


def _label(expr):
    """A short name for an operation node: its function and the numbers folded into it."""
    if isinstance(expr, sp.Symbol):
        return expr.name
    numbers = [a for a in expr.args if a.is_number]
    if isinstance(expr, sp.Pow) and expr.exp.is_number:
        return f"^{expr.exp}"
    symbol = {"Add": "+", "Mul": "*"}.get(type(expr).__name__, type(expr).__name__)
    return symbol + "".join(f" {n}" for n in numbers)


def _partials(expr):
    """``[(argument, d expr / d argument)]`` over the non-numeric arguments, derived by SymPy on dummies."""
    args = expr.args
    dummies = [a if a.is_number else sp.Dummy() for a in args]
    generic = expr.func(*dummies)
    back = {d: a for d, a in zip(dummies, args) if not a.is_number}
    out = {}
    for d, a in zip(dummies, args):
        if not a.is_number:
            out[a] = out.get(a, sp.S.Zero) + sp.diff(generic, d).xreplace(back)
    return list(out.items())


def graph(expr):
    """The computational graph of `expr`: a :class:`networkx.DiGraph` from arguments to operations.

    Nodes are the distinct non-numeric subexpressions of `expr`; each has attributes ``expr`` (the
    subexpression), ``label`` (its operation, or the symbol's name for an input) and ``kind`` (``"input"`` or
    ``"operation"``).  An edge ``(argument, operation)`` carries ``partial``, the derivative of the operation with
    respect to that argument, as an expression in the graph's inputs.  ``G.graph["output"]`` is `expr`.

    A finite constant is a graph of one node of kind ``"constant"`` and no edge: it depends on no input, so
    every derivative accumulated over it is 0, as SymPy's ``diff`` says.

    Raises
    ------
    InvalidArgument
        If `expr` is not a SymPy expression, is not finite (``zoo``, ``oo``, ``nan`` anywhere in it), or holds an
        operation that is not elementary (a derivative, an integral).

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> G = graph(sp.exp(x * y) + x)
    >>> sorted(G.nodes[n]["label"] for n in G)
    ['*', '+', 'exp', 'x', 'y']
    >>> G.edges[x * y, sp.exp(x * y)]["partial"]
    exp(x*y)
    >>> G.edges[x, x * y]["partial"], G.edges[x, sp.exp(x * y) + x]["partial"]
    (y, 1)
    >>> [graph(sp.Integer(3)).nodes[n]["kind"] for n in graph(sp.Integer(3))]
    ['constant']
    """
    if not isinstance(expr, sp.Basic):
        try:
            expr = sp.sympify(expr, strict=True)
        except (sp.SympifyError, TypeError):
            raise InvalidArgument(f"graph needs a SymPy expression, got {expr!r}") from None
    check_argument(not expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan),
                   "{} is not finite: it has no computational graph", expr)
    if expr.is_number:
        return _constant_graph(expr)
    G = nx.DiGraph(output=expr)
    stack = [expr]
    while stack:
        node = stack.pop()
        if node in G and "kind" in G.nodes[node]:
            continue
        leaf = isinstance(node, sp.Symbol)
        G.add_node(node, expr=node, label=_label(node), kind="input" if leaf else "operation")
        if leaf:
            continue
        check_argument(not isinstance(node, (sp.Derivative, sp.Integral, sp.Subs)) and node.args,
                       "cannot build a graph through {}: not an elementary operation", type(node).__name__)
        for argument, partial in _partials(node):
            G.add_edge(argument, node, partial=partial)
            stack.append(argument)
    return G


def _constant_graph(expr):
    G = nx.DiGraph(output=expr)
    G.add_node(expr, expr=expr, label=sp.sstr(expr), kind="constant")
    return G


def _symbols(wrt):
    wrt = [wrt] if isinstance(wrt, sp.Symbol) else list(wrt)
    for s in wrt:
        check_argument(isinstance(s, sp.Symbol), "wrt must hold SymPy symbols, got {!r}", s)
    return wrt


def reverse_mode(expr, wrt):
    """The gradient of `expr` by backpropagation over :func:`graph`: ``{symbol: derivative}``.

    Adjoints ``bar(v) = d expr / d v`` are accumulated in reverse topological order, starting from
    ``bar(expr) = 1``: ``bar(v) = sum over edges (v, p) of bar(p) * partial(v, p)``.  Symbols that `expr` does
    not depend on get 0.

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> reverse_mode(sp.exp(x * y) + x, [x, y])
    {x: y*exp(x*y) + 1, y: x*exp(x*y)}
    """
    wrt = _symbols(wrt)
    G = graph(expr)
    adjoint = {expr: sp.S.One}
    for node in reversed(list(nx.topological_sort(G))):
        bar = adjoint.get(node, sp.S.Zero)
        for argument in G.predecessors(node):
            adjoint[argument] = adjoint.get(argument, sp.S.Zero) + bar * G.edges[argument, node]["partial"]
    return {s: adjoint.get(s, sp.S.Zero) for s in wrt}


def forward_mode(expr, wrt):
    """The gradient of `expr` by forward accumulation over :func:`graph`, one sweep per symbol.

    Tangents ``dot(v) = d v / d s`` are propagated in topological order from ``dot(s) = 1`` and
    ``dot(t) = 0`` for the other inputs: ``dot(v) = sum over edges (u, v) of partial(u, v) * dot(u)``.

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> forward_mode(sp.exp(x * y) + x, [x, y])
    {x: y*exp(x*y) + 1, y: x*exp(x*y)}
    """
    wrt = _symbols(wrt)
    G = graph(expr)
    order = list(nx.topological_sort(G))
    out = {}
    for s in wrt:
        tangent = {}
        for node in order:
            if G.nodes[node]["kind"] == "input":
                tangent[node] = sp.S.One if node == s else sp.S.Zero
            else:
                tangent[node] = sp.Add(*(G.edges[u, node]["partial"] * tangent[u] for u in G.predecessors(node)))
        out[s] = tangent[expr]
    return out


def operation_counts(G, wrt=None):
    """Operations of one evaluation, of one reverse sweep and of a full forward-mode gradient.

    An evaluation performs ``max(1, k - 1)`` binary (or unary) operations at a node with ``k`` arguments; a
    reverse sweep one multiply-add per edge, for all inputs together; forward mode one multiply-add per edge per
    input differentiated (`wrt`, every input by default).  Evaluating the local partials is not counted.

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> operation_counts(graph(sp.exp(x * y) + x))
    {'evaluation': 3, 'reverse': 5, 'forward': 10, 'inputs': 2}
    """
    inputs = [n for n in G if G.nodes[n]["kind"] == "input"]
    sweeps = len(inputs) if wrt is None else len(_symbols(wrt))
    evaluation = sum(max(1, len(n.args) - 1) for n in G if G.nodes[n]["kind"] == "operation")
    return {"evaluation": evaluation, "reverse": G.number_of_edges(), "forward": sweeps * G.number_of_edges(),
            "inputs": len(inputs)}


@st.composite
def expressions(draw, symbols, *, max_depth=4):
    """A Hypothesis strategy of random expression trees over `symbols` (positive SymPy symbols).

    Leaves are the symbols and small rationals; operations are ``+``, ``*``, integer powers (``-2..3``),
    ``exp``, ``log`` (of ``1 + e^u``, the softplus, or of a symbol, so that it stays real), the logistic
    function and ReLU.  Negative powers and ``log`` apply only to expressions SymPy knows to be positive (a
    subtree that is not, such as ``x - x = 0`` or ``relu(-1)``, becomes ``1 + e^u`` first), so every expression
    is finite: never ``zoo`` (``0**-1``) or ``nan``.  At least one symbol occurs.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> x, y = sp.symbols("x y", positive=True)
    >>> @settings(max_examples=5, database=None)
    ... @given(expressions([x, y], max_depth=3))
    ... def test_reverse_mode(e):
    ...     assert all(sp.simplify(d - sp.diff(e, s)) == 0 for s, d in reverse_mode(e, [x, y]).items())
    >>> test_reverse_mode()
    """
    symbols = list(symbols)
    check_argument(symbols and all(isinstance(s, sp.Symbol) and s.is_positive for s in symbols),
                   "expressions needs positive SymPy symbols, got {!r}", symbols)
    max_depth = check_int(max_depth, "max_depth", minimum=1)

    def tree(depth):
        if depth == 0 or draw(st.integers(0, 3)) == 0:
            if draw(st.booleans()) or depth == max_depth:
                return draw(st.sampled_from(symbols))
            return sp.Rational(draw(st.integers(-3, 3)), draw(st.integers(1, 3)))
        op = draw(st.sampled_from(["add", "mul", "pow", "exp", "log", "logistic", "relu"]))
        if op in ("add", "mul"):
            a, b = tree(depth - 1), tree(depth - 1)
            return a + b if op == "add" else a * b
        u = tree(depth - 1)
        positive = u if isinstance(u, sp.Symbol) or u.is_positive else 1 + sp.exp(u)
        if op == "pow":
            power = draw(st.sampled_from([-2, -1, 2, 3]))
            return (positive if power < 0 else u) ** power
        if op == "exp":
            return sp.exp(u)
        if op == "log":
            return sp.log(positive)
        return logistic(u) if op == "logistic" else relu(u)

    expr = tree(max_depth)
    if not expr.free_symbols:  # a constant tree: make it depend on a symbol
        expr = expr + draw(st.sampled_from(symbols))
    return expr


def draw(G, *, ax=None):
    """Draw a computational graph: inputs at the bottom, the output at the top, local derivatives on the edges.

    Each operation is named ``v1, v2, ...`` in topological order, and each edge's local derivative is written in
    those names (the derivative of ``exp(v2)`` with respect to ``v2`` is ``exp(v2)``), so that labels stay short
    enough to read on paper.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    if not isinstance(G, nx.DiGraph) or "output" not in G.graph:
        raise InvalidArgument("draw needs a graph made by theorems.computational_graph.graph")
    # layers by topological generation, each ordered by the mean position of its arguments (fewer crossings)
    positions = {}
    layers = [sorted(nodes, key=sp.default_sort_key) for nodes in nx.topological_generations(G)]
    for depth, nodes in enumerate(layers):
        if depth:
            nodes.sort(key=lambda n: sum(positions[u][0] for u in G.predecessors(n)) / max(1, G.in_degree(n)))
        for i, node in enumerate(nodes):
            positions[node] = (i - (len(nodes) - 1) / 2, depth)
    operations = [n for nodes in layers for n in nodes if G.nodes[n]["kind"] != "input"]
    names = {n: sp.Symbol(f"v{i}") for i, n in enumerate(operations, 1)}
    width = max(len(nodes) for nodes in layers)
    if ax is None:
        figure = Figure(figsize=(0.8 + 1.25 * width, 0.5 + 0.95 * len(layers)), layout="constrained")
        ax = figure.subplots()
    else:
        figure = ax.figure
    colours = ["#cfe3f7" if G.nodes[n]["kind"] == "input" else "#fde4c8" for n in G]
    labels = {n: G.nodes[n]["label"].replace("*", "\u00d7") for n in G}
    labels.update({n: f"{names[n]}\n{labels[n]}" for n in operations})
    nx.draw_networkx(G, positions, ax=ax, labels=labels, node_color=colours, node_size=1300, font_size=10,
                     arrowsize=12)
    partials = {}
    for edge in G.edges:
        partial = G.edges[edge]["partial"]
        for node in reversed(operations):  # later operations are larger: name them first
            partial = partial.subs(node, names[node])  # algebraic: exp(-a x - b y) is exp(-v) for v = a x + b y
        partials[edge] = sp.sstr(partial)
    nx.draw_networkx_edge_labels(G, positions, edge_labels=partials, ax=ax, font_size=9, rotate=False, label_pos=0.3,
                                 bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
    ax.set_title("computational graph: operations v1, v2, ... and local derivatives on the edges", fontsize=10)
    ax.set_axis_off()
    return figure

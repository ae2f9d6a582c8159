"""Compositional functions as DAGs: the binary tree of the lectures, parameter counts and deep approximants.

A hierarchically local compositional function such as
``f(x1..x8) = h3(h21(h11(x1, x2), h12(x3, x4)), h22(h13(x5, x6), h14(x7, x8)))``
is a directed acyclic graph (networkx) whose leaves are the inputs and whose
internal nodes are constituent functions of few variables.  A deep network with
the same graph approximates each constituent separately; its error obeys the
propagation bound ``||f - f^|| <= sum_v eps_v prod_{u above v} L_u`` (each
constituent's error, amplified by the Lipschitz constants on its way to the
root).  A shallow (generic) approximant ignores the structure and pays for all
``d`` inputs at once.

References: T. Poggio, H. Mhaskar, L. Rosasco, B. Miranda, Q. Liao, "Why and when
can deep-but not shallow-networks avoid the curse of dimensionality: a review",
Int. J. Automation and Computing 14 (2017) 503-519, Theorems 1, 2 and 4; H.
Mhaskar, T. Poggio, Analysis and Applications 14 (2016) 829-848.
"""

import networkx as nx
import numpy as np

from numerics.errors import check_argument, check_array, check_int, check_positive

__all__ = ["binary_tree", "composition_bound", "evaluate", "grid_interpolant", "parameter_counts", "tree_summary"]


def binary_tree(leaves, *, labels=None):
    """The binary tree of a compositional function of `leaves` inputs (a power of 2).

    Nodes are the inputs ``"x1" .. "xn"`` and the constituents ``"h{level}{i}"``
    (level 1 next to the inputs, ``i`` from 1); edges go from an argument to
    the node that uses it, and each node's ``inputs`` attribute lists its
    arguments in order.  Every node's ``label`` names the function it computes:
    distinct by default, or taken from `labels` (a dict node -> name), which
    encodes weight sharing.

    Parameters
    ----------
    leaves : int
        ``2^L``, ``L >= 1``.
    labels : dict, optional

    Returns
    -------
    networkx.DiGraph
        With ``graph["root"]`` the output node.

    Examples
    --------
    >>> tree = binary_tree(8)
    >>> tree.graph["root"], tree.nodes["h21"]["inputs"], tree.nodes["h13"]["inputs"]
    ('h3', ['h11', 'h12'], ['x5', 'x6'])
    """
    leaves = check_int(leaves, "leaves", minimum=2)
    check_argument(leaves & (leaves - 1) == 0, "leaves={} must be a power of 2", leaves)
    tree = nx.DiGraph()
    level = [f"x{i + 1}" for i in range(leaves)]
    tree.add_nodes_from(level, inputs=[])
    depth = 0
    while len(level) > 1:
        depth += 1
        names = [f"h{depth}{i + 1}" if len(level) > 2 else f"h{depth}" for i in range(len(level) // 2)]
        for name, pair in zip(names, zip(level[::2], level[1::2])):
            tree.add_node(name, inputs=list(pair))
            tree.add_edges_from((child, name) for child in pair)
        level = names
    for node in tree:
        tree.nodes[node]["label"] = (labels or {}).get(node, node)
    tree.graph["root"] = level[0]
    return tree


def _constituents(dag):
    return [v for v in nx.topological_sort(dag) if dag.in_degree(v) > 0]


def tree_summary(dag):
    """Counts of a compositional DAG: constituents, distinct functions, depth, inputs and the largest arity.

    Examples
    --------
    >>> tree_summary(binary_tree(8))
    {'constituents': 7, 'distinct functions': 7, 'depth': 3, 'inputs': 8, 'max arity': 2}
    """
    nodes = _constituents(dag)
    return {"constituents": len(nodes), "distinct functions": len({dag.nodes[v]["label"] for v in nodes}),
            "depth": nx.dag_longest_path_length(dag), "inputs": sum(1 for v in dag if dag.in_degree(v) == 0),
            "max arity": max(dag.in_degree(v) for v in nodes)}


def parameter_counts(dag, eps, m):
    r"""The theorems' unit counts for accuracy `eps` with constituents of smoothness `m`.

    Shallow: ``eps^(-d/m)`` with ``d`` the number of inputs (Mhaskar 1996; Poggio
    et al. 2017, Theorem 1); deep, with the DAG's architecture:
    ``sum_v eps^(-d_v/m)`` over the constituents, ``d_v`` their arity (Theorem
    2); constants set to 1.

    Examples
    --------
    >>> {k: round(v) for k, v in parameter_counts(binary_tree(8), 0.1, 1).items()}
    {'shallow': 100000000, 'deep': 700}
    """
    eps = check_positive(eps, "eps")
    check_argument(eps < 1, "eps={} must be < 1", eps)
    m = check_positive(m, "m")
    d = tree_summary(dag)["inputs"]
    return {"shallow": eps ** (-d / m), "deep": sum(eps ** (-dag.in_degree(v) / m) for v in _constituents(dag))}


def evaluate(dag, functions, X):
    """The compositional function at the rows of `X` (one column per input, in the order ``x1, x2, ...``).

    `functions` maps each constituent's ``label`` to a vectorised callable of
    its arguments.

    Examples
    --------
    >>> tree = binary_tree(4)
    >>> evaluate(tree, {"h11": np.add, "h12": np.multiply, "h2": np.subtract}, np.array([[1.0, 2.0, 3.0, 4.0]]))
    array([-9.])
    """
    inputs = sorted((v for v in dag if dag.in_degree(v) == 0), key=lambda v: int(v[1:]))
    X = check_array(X, "X", shape=(None, len(inputs)))
    values = {v: X[:, j] for j, v in enumerate(inputs)}
    for v in _constituents(dag):
        values[v] = functions[dag.nodes[v]["label"]](*(values[u] for u in dag.nodes[v]["inputs"]))
    return values[dag.graph["root"]]


def composition_bound(dag, errors, lipschitz):
    r"""The error propagation bound at the output of a compositional DAG whose constituents are approximated.

    The lemma ``|h(h_1, .., h_k) - P(P_1, .., P_k)| <= ||h - P|| + L_h max_i |h_i -
    P_i|`` (``L_h`` the Lipschitz constant of ``h`` in the max norm of its
    arguments) gives, node by node in topological order, ``E_v = errors[v] +
    lipschitz[v] max_{u in inputs(v)} E_u`` with ``E = 0`` at the inputs; the
    result is ``E`` at the root.  On a tree it is at most ``sum_v errors[v]
    prod_u lipschitz[u]`` over the constituents ``u`` above ``v`` (Poggio et al.
    2017), and it holds on any DAG (shared sub-computations included).

    Examples
    --------
    >>> tree = binary_tree(4)
    >>> round(composition_bound(tree, {"h11": 0.1, "h12": 0.2, "h2": 0.01}, {"h11": 1, "h12": 1, "h2": 2}), 12)
    0.41
    """
    bound = {v: 0.0 for v in dag if dag.in_degree(v) == 0}
    for v in _constituents(dag):
        bound[v] = errors[v] + lipschitz[v] * max(bound[u] for u in dag.nodes[v]["inputs"])
    return bound[dag.graph["root"]]


def grid_interpolant(f, lower, upper, points):
    """The piecewise-multilinear interpolant of `f` on a regular grid of `points` per axis over a box.

    In two variables this is what a ReLU sub-network with ``O(points^2)`` units
    computes after triangulation; on the whole box of ``d`` inputs it needs
    ``points^d`` values: the shallow, structure-blind approximant.  Arguments
    outside the box are clipped to it.

    Parameters
    ----------
    f : callable
        Vectorised ``f(x_1, ..., x_d)``.
    lower, upper : array_like, shape (d,)
    points : int
        Grid points per axis, ``>= 2``.

    Returns
    -------
    callable
        ``interpolant(x_1, ..., x_d)``.

    Examples
    --------
    >>> p = grid_interpolant(lambda a, b: a * b, [0, 0], [1, 1], 2)
    >>> float(p(np.array(0.5), np.array(0.5)))  # bilinear: exact for a b
    0.25
    """
    from scipy.interpolate import RegularGridInterpolator

    lower, upper = check_array(lower, "lower", ndim=1), check_array(upper, "upper", shape=(None,))
    check_argument(lower.shape == upper.shape and bool(np.all(lower < upper)), "need lower < upper componentwise")
    points = check_int(points, "points", minimum=2)
    axes = [np.linspace(lo, hi, points) for lo, hi in zip(lower, upper)]
    values = f(*np.meshgrid(*axes, indexing="ij"))
    table = RegularGridInterpolator(axes, values, method="linear")

    def interpolant(*args):
        stacked = np.stack([np.clip(np.asarray(a, float), lo, hi) for a, lo, hi in zip(args, lower, upper)], -1)
        return table(stacked.reshape(-1, len(axes))).reshape(stacked.shape[:-1])

    return interpolant

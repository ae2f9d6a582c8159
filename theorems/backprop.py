"""Backpropagation on computational graphs: the public names of :mod:`theorems.symbolic.computational_graph`, under the
name of the topic that uses them (``theorems.backprop.graph``, ``theorems.backprop.reverse_mode``, ...).

The ``backprop`` entries themselves live in :mod:`theorems.entries.backprop`.
"""

from theorems.symbolic.computational_graph import draw, expressions, forward_mode, graph, operation_counts, reverse_mode

__all__ = ["draw", "expressions", "forward_mode", "graph", "operation_counts", "reverse_mode"]

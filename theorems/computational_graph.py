"""Computational graphs of SymPy expressions, and derivatives accumulated over them: the names of
:mod:`theorems.symbolic.computational_graph`, where the code lives, at their first import path.
"""

from theorems.symbolic.computational_graph import draw, expressions, forward_mode, graph, operation_counts, reverse_mode

__all__ = ["draw", "expressions", "forward_mode", "graph", "operation_counts", "reverse_mode"]

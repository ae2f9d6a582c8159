"""The symbolic machinery beside the catalogue: symbolic networks (:mod:`~theorems.symbolic.nets`), Bezout numbers and
Groebner counts (:mod:`~theorems.symbolic.algebra`), polynomial systems in PHCpack's format
(:mod:`~theorems.symbolic.systems`) and computational graphs (:mod:`~theorems.symbolic.computational_graph`).

``theorems.symbolic`` itself exports the symbolic networks, as it always has.
"""

from theorems.symbolic.nets import ACTIVATIONS, SymbolicNet, logistic, relu

__all__ = ["ACTIVATIONS", "SymbolicNet", "logistic", "relu"]

"""The ``capacity`` topic: capacity and generalization: Rademacher complexity, norm-product and margin bounds, VC
dimension.

Sources: Poggio, "Theory of Deep Learning", slides "Generalization bounds for
regression" and "Generalization bounds for classification", and the course session
"Seance 5: Deep learning", slides "Vapnik's theory applied to Deep Learning" and
"First wave: 1960s -- The Perceptron".
Exact counts and complexities come from :mod:`numerics.capacity` (enumeration of
sign vectors, linear programming); the symbolic side derives the algebra
(homogeneity on every activation region, the inversion of the McDiarmid tail,
Cover's recurrence, the Baum-Haussler inversion, Sauer's chain of inequalities).

One module per entry, named by the id (``capacity.name`` is ``theorems/entries/capacity/name.py``); the other
modules hold what several entries share.
"""

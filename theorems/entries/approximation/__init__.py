"""The ``approximation`` topic: approximation: universality, ReLU sums, polynomial approximation of ReLU, Weierstrass
and Cybenko.

Sources: Poggio, "Theory of Deep Learning", slides "Deep and shallow networks:
universality" and "RELU approximation by univariate polynomial", and the course
session "Seance 5: Deep learning", slides "Stone-Weierstrass theorem" and
"Single-Layer Neural Network".  Best uniform approximations come from :mod:`numerics.approximation`
(Remez in mpmath, linear programming); the symbolic side derives the exact
pieces: alternation certificates in rational arithmetic, Bernstein moments,
piecewise identities on every interval, degrees and ranks of polynomial nets.

One module per entry, named by the id (``approximation.name`` is ``theorems/entries/approximation/name.py``); the
other modules hold what several entries share.
"""

"""The ``bezout`` topic: bezout counts for polynomial networks: solutions of the fitting equations and critical points
of the loss.

Source: Poggio, "Theory of Deep Learning", slides "Bezout theorem" and "More
important: Bezout and local+global critical points", after Poggio and Liao, "Theory II: Landscape of the
empirical risk in deep learning", CBMM Memo 66, 2017, Sec. 4.  Every count is made
twice: exactly, by Groebner bases in SymPy (:mod:`theorems.symbolic.algebra`), and
numerically, by homotopy continuation (:func:`numerics.polynomials.solve`).

One module per entry, named by the id (``bezout.name`` is ``theorems/entries/bezout/name.py``); the other modules
hold what several entries share.
"""

"""The ``landscape`` topic: loss landscape: convexity near minima, degenerate global minima, saddles against minima.

Sources: the post "Recent Advances for a Better Understanding of Deep Learning", section "What does the loss
function look like?", and the course session "Seance 5: Deep learning", slide "Facts about optimization in Deep
Learning". Hessians are exact (:mod:`numerics.derivatives`) and their spectra come from :mod:`numerics.spectrum`
(Lanczos on exact Hessian-vector products) or dense ``eigvalsh`` on small nets; the symbolic side derives the
counterexamples, the Gauss-Newton identity and the exact GOE probabilities.

One module per entry, named by the id (``landscape.name`` is ``theorems/entries/landscape/name.py``); the other
modules hold what several entries share.
"""

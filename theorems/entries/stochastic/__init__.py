"""The ``stochastic`` topic: stochastic dynamics: SGD noise, SGD as an SDE, Langevin dynamics, Fokker-Planck, Gibbs
masses, smoothing.

Sources: Poggio, "Theory of Deep Learning", slides "Langevin equation", "SGD", "GDL selects larger volume minima",
and the post "Recent Advances for a Better Understanding of Deep Learning", section "Why does SGD converge (or
not)?". Conventions, fixed here and in :mod:`numerics.stochastic`: the Langevin noise is ``sqrt(2 T) dB``, so that
``exp(-V/T)`` is stationary; one SGD step of size ``lr`` is ``lr`` units of time; minibatch noise has covariance
``C / B`` with replacement and ``(n - B) / (B (n - 1)) C`` without. Every Monte-Carlo check has an explicit seed
(derived from the run's) and a tolerance from its standard error.

One module per entry, named by the id (``stochastic.name`` is ``theorems/entries/stochastic/name.py``); the other
modules hold what several entries share.
"""

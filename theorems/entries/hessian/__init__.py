"""The ``hessian`` topic: loss Hessians of deep ReLU networks: the square loss and its degenerate minima, the Halpern
flow's Jacobian.

Source: Poggio, "Theory of Deep Learning", slides "Exponential loss, deep network
with RELUs, with Halpern term", "Global minima are degenerate" and "Dynamical
Systems approach".

Both sides of every check start from the loss: the symbolic side differentiates it
twice with SymPy; the numeric side takes ``numerics.derivatives.loss_hessian``.  The
claimed formulas are assembled from the network's own gradients and Hessians.

One module per entry, named by the id (``hessian.name`` is ``theorems/entries/hessian/name.py``); the other modules
hold what several entries share.
"""

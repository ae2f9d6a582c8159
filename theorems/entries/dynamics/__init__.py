"""The ``dynamics`` topic: gradient dynamical systems induced by gradient descent.

Source: Poggio, "Theory of Deep Learning", slides "GD optimization induces a
gradient dynamical system", "Linear one-layer case under square loss" and
"Exponential loss, deep network with RELUs, with Halpern term".

The implicit-bias entries (``max_margin_linear``, ``rho_grows``, their helpers in ``margins``) check the implicit bias
of gradient descent on the exponential loss: maximum margin and the growth of rho.

Source: Poggio, "Theory of Deep Learning", slides "Maximize margin of normalized network"
(Proposition 3) and "Deep nets 'puzzle' explained: rho grows and f~ does not".

On separable data the exponential loss has no minimizer.  For a linear predictor,
gradient descent converges in direction to the hard-margin SVM and ``w(t) = w^ ln t +
w~ + o(1)`` (Soudry et al. 2018, Theorem 3); for positively homogeneous networks the
scale ``rho = prod_k ||W_k||_F`` grows like ``ln t`` while the normalized network converges
(Lyu and Li 2020; Ji and Telgarsky 2020).  Both entries check those asymptotics from the
flow itself: symbolically from the flow's asymptotic expansion and closed forms,
numerically along long gradient-descent runs (:func:`numerics.margins.exp_loss_descent`),
with error estimates from windows of doubling length in ``ln(1/L)``.

One module per entry, named by the id (``dynamics.name`` is ``theorems/entries/dynamics/name.py``); the other
modules hold what several entries share.
"""

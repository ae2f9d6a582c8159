"""The ``backprop`` topic: backpropagation and the learning-theory basics of the second seed lecture.

Source: the course session "Seance 5: Deep learning": empirical risk minimisation, feedforward networks
``h = sigma_m o A_m o ... o sigma_1 o A_1``, SGD, backpropagation by the chain rule on a computational graph, the
logistic function, the gradient of a single logistic unit, the approximation-estimation-optimisation trade-off and
regularisation.

The public entry points on computational graphs are re-exported here (:func:`graph`, :func:`reverse_mode`,
:func:`forward_mode`, :func:`draw`; see :mod:`theorems.symbolic.computational_graph`).  Numeric checks never reuse the
formula they test: gradients are compared with complex-step derivatives
(:func:`numerics.derivatives.complex_step`) or with :func:`numerics.derivatives.loss_gradient`, derivatives of the
logistic function with mpmath's high-precision differentiation.

One module per entry, named by the id (``backprop.name`` is ``theorems/entries/backprop/name.py``); the other
modules hold what several entries share.
"""

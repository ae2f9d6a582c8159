"""The ``homogeneity`` topic: homogeneity of deep ReLU networks: Euler's identity and the factorisation by layer norms.

Source: Poggio, "Theory of Deep Learning", slide "Deep RELU networks:
definitions and homogeneity".

One module per entry, named by the id (``homogeneity.name`` is ``theorems/entries/homogeneity/name.py``); the other
modules hold what several entries share.
"""

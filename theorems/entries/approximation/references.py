"""Citations the ``approximation`` entries share."""


__all__ = ["PINKUS", "TREFETHEN"]

TREFETHEN = ("L. N. Trefethen, Approximation Theory and Approximation Practice, SIAM 2013, chapters 10 "
             "(alternation, Remez) and 25.")


PINKUS = ("A. Pinkus, \"Approximation theory of the MLP model in neural networks\", Acta Numerica 8 (1999) "
          "143-195, Theorem 3.1 (after Leshno, Lin, Pinkus, Schocken, Neural Networks 6 (1993)).")

"""Citations the ``backprop`` entries share."""


__all__ = ["GOODFELLOW", "GRIEWANK", "RUMELHART"]

GRIEWANK = ("A. Griewank, A. Walther, Evaluating Derivatives: Principles and Techniques of Algorithmic "
            "Differentiation, 2nd ed., SIAM 2008.")


RUMELHART = ("D. E. Rumelhart, G. E. Hinton, R. J. Williams, \"Learning representations by back-propagating errors\", "
             "Nature 323 (1986) 533-536.")


GOODFELLOW = "I. Goodfellow, Y. Bengio, A. Courville, Deep Learning, MIT Press 2016, chapter 6."

"""Citations the ``stochastic`` entries share."""


__all__ = ["CHAUDHARI", "MANDT", "RISKEN", "ZHANG"]

MANDT = ("S. Mandt, M. D. Hoffman, D. M. Blei, \"Stochastic gradient descent as approximate Bayesian inference\", "
         "JMLR 18 (2017) 1-35.")


CHAUDHARI = ("P. Chaudhari, S. Soatto, \"Stochastic gradient descent performs variational inference, converges to "
             "limit cycles for deep networks\", ICLR 2018.")


ZHANG = ("C. Zhang, Q. Liao, A. Rakhlin, B. Miranda, N. Golowich, T. Poggio, \"Theory of Deep Learning IIb: "
         "Optimization properties of SGD\", CBMM Memo 72, 2018.")


RISKEN = "H. Risken, The Fokker-Planck Equation, 2nd ed., Springer 1989, chapters 4-6."

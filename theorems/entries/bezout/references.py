"""Citations the ``bezout`` entries share."""


__all__ = ["COX", "POGGIO_LIAO"]

POGGIO_LIAO = ("T. Poggio, Q. Liao, \"Theory II: Landscape of the empirical risk in deep learning\", "
               "CBMM Memo 66, 2017, Sec. 4.")


COX = ("D. Cox, J. Little, D. O'Shea, Using Algebraic Geometry, 2nd ed., Springer 2005, Ch. 3, Thm 5.5 "
       "(Bezout) and Ch. 4, Prop. 2.11 (multiplicities from standard monomials).")

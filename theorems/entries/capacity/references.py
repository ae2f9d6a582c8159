"""Citations the ``capacity`` entries share."""


__all__ = ["BARTLETT", "COVER", "GOLOWICH", "MOHRI"]

BARTLETT = ("P. L. Bartlett, S. Mendelson, \"Rademacher and Gaussian complexities: risk bounds and structural "
            "results\", JMLR 3 (2002) 463-482, Theorem 8.")


MOHRI = ("M. Mohri, A. Rostamizadeh, A. Talwalkar, Foundations of Machine Learning, 2nd ed., MIT Press 2018, "
         "Theorems 3.3, 3.17, 5.8 and Lemma 5.7.")


GOLOWICH = ("N. Golowich, A. Rakhlin, O. Shamir, \"Size-independent sample complexity of neural networks\", "
            "COLT 2018, Theorem 1.")


COVER = ("T. M. Cover, \"Geometrical and statistical properties of systems of linear inequalities with "
         "applications in pattern recognition\", IEEE Trans. Electron. Comput. EC-14 (1965) 326-334, Theorem 1.")

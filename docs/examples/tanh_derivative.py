"""``backprop.tanh_derivative``: the derivative of tanh, from the lecture's logistic identity.

The walk-through of the contributing page: copied to ``theorems/entries/backprop/tanh_derivative.py``, it is a
verified entry of the catalogue (a test does exactly that in a temporary copy of the package).
"""

from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics.conventions import UNIT_ROUNDOFF, gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.sources import SEANCE, cite

__all__ = ["TANH_DERIVATIVE", "TanhClaim"]

_z = sp.Symbol("z", real=True)


# 1. The claim: the parameters of the statement that the checks test.  Mutants are the same class, with wrong values.
@dataclass(frozen=True)
class TanhClaim:
    """``d tanh(z) / dz = scale (1 - tanh(z) ** power)``: the theorem is ``scale = 1``, ``power = 2``."""

    scale: int = 1
    power: int = 2

    def derivative(self, t):
        """The claimed derivative as a function of ``t = tanh(z)`` (a SymPy expression or a NumPy array)."""
        return self.scale * (1 - t**self.power)


# 2. The symbolic check derives (SymPy differentiates) and compares with the claim.
def _symbolic(claim, context):
    via_logistic = 2 / (1 + sp.exp(-2 * _z)) - 1  # tanh z = 2 sigma(2z) - 1
    return identities_check(
        [("d tanh(z) / dz", sp.diff(sp.tanh(_z), _z), claim.derivative(sp.tanh(_z))),
         ("d (2 sigma(2z) - 1) / dz", sp.diff(via_logistic, _z), claim.derivative(via_logistic))],
        context,
        detail="{count} identities proved: SymPy's derivatives of tanh z and of 2 sigma(2z) - 1 against the claim",
    )


# 3. The numeric check computes independently (mpmath differentiates at 40 digits) on Hypothesis's examples, with a
#    tolerance from the arithmetic: 1 - t^2 in float64 is within 4 roundings of 1 + t^2, the exact value is rounded.
def _numeric(claim, context):
    def example(z):
        with mpmath.workdps(40):
            exact = float(mpmath.diff(mpmath.tanh, z))
        t = np.tanh(z)
        return worst_comparison({"d tanh / dz": (claim.derivative(t), exact,
                                                 gamma(4) * (1 + t**2) + UNIT_ROUNDOFF * abs(exact))})

    return property_check(st.floats(-20, 20), example, context, tolerance=1.0,
                          detail="absolute error of the claimed derivative at z in [-20, 20], in units of 4 roundings "
                                 "of 1 + tanh^2 plus one of the value (float64 against mpmath at 40 digits)")


# 4. The theorem: the statement as the lecture gives it, the correct one, and everything a reader needs.
TANH_DERIVATIVE = register(Theorem(
    id="backprop.tanh_derivative",
    title=r"The derivative of $\tanh$: $\tanh' = 1 - \tanh^2$, from the logistic identity",
    topic="backprop",
    kind="identity",
    source=cite(SEANCE, 'slide "Backpropagation - Background: Activation function" (its typical examples; the text '
                        'gives the logistic one)'),
    as_stated=r"\sigma'(z) = \frac{d\sigma}{dz}(z) = \sigma(z)(1 - \sigma(z))",
    statement=(r"For every real $z$, $\tanh'(z) = 1 - \tanh^2(z)$. Since $\tanh(z) = 2\sigma(2z) - 1$ with the "
               r"logistic $\sigma$, it is the logistic identity $\sigma' = \sigma(1 - \sigma)$ in other "
               r"coordinates.",),
    hypotheses=(Assumption(r"$z \in \mathbb{R}$ (no other hypothesis: $\tanh$ is analytic)."),),
    derivation=(
        Step(r"\tanh'(z)", r"4\sigma'(2z) = 4\sigma(2z)\,(1 - \sigma(2z))", r"chain rule on $2\sigma(2z) - 1$"),
        Step(r"4\sigma(2z)\,(1 - \sigma(2z))", r"1 - (2\sigma(2z) - 1)^2 = 1 - \tanh^2(z)", r"expand the square"),
    ),
    errata=(),
    references=("I. Goodfellow, Y. Bengio, A. Courville, Deep Learning, MIT Press 2016, section 6.3.",),
    claim=TanhClaim(),
    symbolic=_symbolic,
    numeric=_numeric,
    mutants=(
        Mutant("factor 2", "tanh' = 2 (1 - tanh^2), as if tanh were sigma(2z)", TanhClaim(scale=2)),
        Mutant("1 - tanh", "tanh' = 1 - tanh, the logistic pattern copied", TanhClaim(power=1)),
    ),
))

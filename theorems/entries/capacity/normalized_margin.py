"""``capacity.normalized_margin``:

Complexity over margin does not depend on the norm: maximise the normalised margin.
"""

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from numerics import capacity, nets, strategies
from numerics.conventions import gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.capacity.references import GOLOWICH
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["NORMALIZED_MARGIN", "RatioClaim"]

_rho = sp.Symbol("rho", positive=True)


_R, _f, _y = sp.symbols("Rtilde ftilde y", nonzero=True)


@dataclass(frozen=True)
class RatioClaim:
    """``R(F) / eta`` claimed equal to ``expression(rho, Rtilde, margins)`` with ``eta = min_n y_n f(x_n)``.

    `expression` is a SymPy expression in ``rho``, ``Rtilde`` (the normalised
    complexity), ``ftilde`` (the normalised output at the point that attains the
    margin) and ``y`` (its label); `margin` is how that point is chosen, ``"min"``
    over ``y_n ftilde(x_n)`` or ``"mean"``.
    """

    expression: sp.Expr = _R / (_y * _f)
    margin: str = "min"


def _ratio_symbolic(claim, context):
    ratio = _rho * _R / (_y * _rho * _f)  # R(F) = rho R(F~), eta = y rho f~
    a, b = sp.symbols("a b", positive=True)  # two normalised margins a < a + b
    chosen = sp.Min(a, a + b) if claim.margin == "min" else (a + (a + b)) / 2
    return identities_check([
        ("R(F)/eta = claimed expression", ratio, claim.expression),
        ("d/drho [claimed expression] = 0 (independent of rho)", sp.diff(claim.expression, _rho), 0),
        ("margins a < a + b: eta / rho = the claimed margin", sp.Min(_rho * a, _rho * (a + b)) / _rho, chosen),
    ], context, detail="{count} identities proved: R(F) / eta = rho R~ / (y rho f~) equals the claimed form, which "
                       "does not depend on rho (SymPy cancel; R(F) = rho R(F~) and eta = y rho f~), and the margin is "
                       "the smallest normalised margin")


@st.composite
def _ratio_instances(draw):
    sizes = draw(strategies.architectures(min_depth=1, max_depth=3, max_width=4, max_input=3))
    W = draw(strategies.weights(sizes))
    X, _ = draw(strategies.datasets(sizes[0], min_size=2, max_size=8))
    scales = draw(st.lists(st.floats(0.2, 5.0), min_size=len(W), max_size=len(W)))
    return {"weights": W, "X": X, "scales": scales}


def _ratio_numeric(claim, context):
    expression = sp.lambdify((_rho, _R, _f, _y), claim.expression, "numpy")

    def example(instance):
        W, X = instance["weights"], instance["X"]
        assume(all(np.any(w != 0) for w in W))
        f = nets.forward(W, X)
        assume(np.all(np.abs(f) > 1e-3 * (np.abs(f).max() + 1e-300)))
        y = np.sign(f)  # labels the net gets right: every margin is positive
        scaled = [c * w for c, w in zip(instance["scales"], W)]
        rhos = [np.linalg.norm(w) for w in scaled]
        rho = math.prod(rhos)
        complexity = capacity.norm_product_bounds(X, rhos)["golowich"]  # an upper bound on R(F), prop. to rho
        eta = float((y * nets.forward(scaled, X)).min())
        V = [w / r for w, r in zip(scaled, rhos)]
        ftilde = nets.forward(V, X)
        margins = y * ftilde
        n = int(np.argmin(margins)) if claim.margin == "min" else None
        f_n, y_n = (ftilde[n], y[n]) if n is not None else (float(margins.mean()), 1.0)
        claimed = float(expression(rho, complexity / rho, f_n, y_n))
        S = nets.forward([abs(w) for w in scaled], abs(X), activation="linear").max()
        m = 4 * len(W) + 10 + sum(w.shape[1] for w in W)
        return worst_comparison({"R(F)/eta - claimed": (complexity / eta, claimed,
                                                        8 * gamma(m) * S / eta * complexity / eta + 1e-300)})

    return property_check(_ratio_instances(), example, context, tolerance=1.0,
                          detail="|R(F)/eta - claimed| in units of its rounding bound, with R(F) the Golowich bound "
                          "(proportional to rho) and eta = min_n y_n f(x_n) on labels y = sign f; nets of depth 1-3 "
                          "with layers rescaled by c_k in [0.2, 5]")


NORMALIZED_MARGIN = register(Theorem(
    id="capacity.normalized_margin",
    title="Complexity over margin does not depend on the norm: maximise the normalised margin",
    topic="capacity",
    kind="identity",
    source=cite(POGGIO, 'slides "Generalization bounds for classification: maximize margin at unit norm" '
                        'and "Deep nets \'puzzle\' explained: rho grows and f~ does not"'),
    as_stated=r"\frac{\mathfrak{R}(f)}{\eta} = \frac{\rho}{y\rho\tilde f} = \frac{1}{\tilde f}",
    statement=(
        r"With $R_N(F) = \rho R_N(\tilde F)$ ($\rho = \prod_k \rho_k$) and the margin "
        r"$\eta = \min_n y_n f(x_n) = \rho \min_n y_n \tilde f(x_n)$,",
        r"\[ \frac{R_N(F)}{\eta} = \frac{R_N(\tilde F)}{\min_n y_n \tilde f(x_n)}, \]",
        r"independent of $\rho$: minimising it is maximising the normalised margin subject to $\|V_k\|_F = 1$.",
    ),
    hypotheses=(
        Assumption(r"Every training point is classified correctly, $y_n f(x_n) > 0$, so that $\eta > 0$."),
        Assumption(r"Bias-free ReLU networks, so that $f = \rho \tilde f$ (homogeneity.relu\_euler)."),
    ),
    derivation=(
        Step(r"\frac{R_N(F)}{\eta}", r"\frac{\rho R_N(\tilde F)}{\rho \min_n y_n \tilde f(x_n)}",
             r"capacity.rademacher\_homogeneity and $f = \rho\tilde f$"),
        Step(r"\frac{\rho R_N(\tilde F)}{\rho \min_n y_n \tilde f(x_n)}", r"\frac{R_N(\tilde F)}{\min_n y_n \tilde "
             r"f(x_n)}", r"$\rho > 0$ cancels"),
    ),
    errata=(
        r"The middle expression drops $R_N(\tilde F)$ (it silently sets it to 1).",
        r"The last step drops $y$: $\rho / (y\rho\tilde f) = 1/(y\tilde f)$, which is $-1/\tilde f$ at $y = -1$.",
        r"The minimum over the training points (the support vectors) is implicit.",
    ),
    references=("T. Poggio, A. Banburski, Q. Liao, \"Theoretical issues in deep networks\", PNAS 117(48), 2020.",
                GOLOWICH),
    claim=RatioClaim(),
    symbolic=_ratio_symbolic,
    numeric=_ratio_numeric,
    mutants=(
        Mutant("y dropped", "the slide's last form R~ / f~ (y dropped)", RatioClaim(expression=_R / _f)),
        Mutant("proportional to rho", "the ratio grows with the norm: rho R~ / (y f~)",
               RatioClaim(expression=_rho * _R / (_y * _f))),
        Mutant("mean margin", "the mean of y_n f~(x_n) instead of the minimum", RatioClaim(margin="mean")),
    ),
))

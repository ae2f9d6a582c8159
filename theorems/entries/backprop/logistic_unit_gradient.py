"""``backprop.logistic_unit_gradient``: The gradient of a single logistic unit under the square loss."""

from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from numerics import derivatives
from numerics.conventions import UNIT_ROUNDOFF, gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.backprop.references import GOODFELLOW, RUMELHART
from theorems.entries.backprop.undefined_functions import _derivative
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import SEANCE, cite

__all__ = ["LOGISTIC_UNIT_GRADIENT", "UnitGradientClaim"]


@dataclass(frozen=True)
class UnitGradientClaim:
    """For a unit ``z_i = sigma(a . X_i)`` and ``L(a) = (1/n) sum l(z_i, Y_i)``: ``general(dl, dsigma, X_ij)``
    is the summand of ``dL/da_j`` for any loss; ``square(z, Y, X, j)`` the gradient's j-th entry for the
    square loss and the logistic function."""

    general: Callable = lambda dl, dsigma, x: dl * dsigma * x  # noqa: E731
    square: Callable = lambda z, Y, X, j: 2 * sum((zi - yi) * zi * (1 - zi) * xi[j]  # noqa: E731
                                                  for zi, yi, xi in zip(z, Y, X)) / len(z)


def _unit_symbolic(claim, context):
    n, d = 2, 2
    a = sp.symbols(f"a1:{d + 1}", real=True)
    X = [[sp.Symbol(f"X{i}{j}", real=True) for j in range(1, d + 1)] for i in range(1, n + 1)]
    Y = sp.symbols(f"Y1:{n + 1}", real=True)
    ell, s = sp.Function("ell"), sp.Function("sigma")
    pre = [sum(aj * xij for aj, xij in zip(a, Xi)) for Xi in X]
    t = sp.Symbol("t")
    # any loss and activation: d/da_j (1/n) sum ell(sigma(a . X_i), Y_i)
    L = sum(ell(s(p), y) for p, y in zip(pre, Y)) / n
    for j in range(d):
        stated = sum(claim.general(sp.Derivative(ell(t, y), t).subs(t, s(p)), _derivative(s)(p), Xi[j])
                     for p, y, Xi in zip(pre, Y, X)) / n
        if sp.simplify(sp.diff(L, a[j]) - stated) != 0:
            return CheckResult(False, f"refuted: the general summand for dL/da_{j + 1}", counterexample={
                "identity": f"dL/da_{j + 1}, undefined ell and sigma", "lhs": sp.sstr(sp.diff(L, a[j])),
                "rhs": sp.sstr(stated)})
    z = [1 / (1 + sp.exp(-p)) for p in pre]
    square = sum((zi - y) ** 2 for zi, y in zip(z, Y)) / n
    cross = sum(-y * sp.log(zi) - (1 - y) * sp.log(1 - zi) for zi, y in zip(z, Y)) / n
    dlog = lambda p: sp.exp(-p) / (1 + sp.exp(-p)) ** 2  # noqa: E731

    # e_i = exp(-a . X_i) as independent positive symbols: both sides become rational functions (a stronger
    # identity, and one that cancel decides quickly)
    e = {sp.exp(-p): sp.Symbol(f"e{i + 1}", positive=True) for i, p in enumerate(pre)}

    def identities():
        for j in range(d):
            yield (f"dL/da_{j + 1}, square loss, logistic", sp.diff(square, a[j]).xreplace(e),
                   sp.sympify(claim.square(z, Y, X, j)).xreplace(e))
            yield (f"the cross-entropy: dL/da_{j + 1}", sp.diff(cross, a[j]).xreplace(e),
                   sp.sympify(sum(claim.general(-y / zi + (1 - y) / (1 - zi), dlog(p), Xi[j])
                                  for zi, y, p, Xi in zip(z, Y, pre, X)) / n).xreplace(e))
        # a pinned reference value, exact up to the logistic values
        Xr, Yr, ar = [[1, 0], [0, 1], [1, 1]], [1, 0, 1], [sp.Rational(1, 2), sp.Rational(-1, 2)]
        zr = [1 / (1 + sp.exp(-sum(aj * xj for aj, xj in zip(ar, x)))) for x in Xr]
        for j, value in enumerate((-14248231, -2418436)):
            yield (f"reference: 10^8 dL/da_{j + 1} rounds to {value}",
                   sp.Integer(round(sp.N(claim.square(zr, Yr, Xr, j), 20) * 10**8)), value)

    result = identities_check(identities(), context, detail="{count}")
    detail = (f"dL/da_j = (1/n) sum l'(z_i, Y_i) sigma'(a . X_i) X_ij for undefined l and sigma (n = d = 2, both j); "
              f"{result.detail} identities proved: the square-loss logistic form (2/n) sum (z_i - Y_i) z_i "
              "(1 - z_i) X_ij and the cross-entropy case (the sigma' cancels: (1/n) sum (z_i - Y_i) X_ij) against "
              "SymPy's derivative, and reference values at a fixed point")
    return result if not result.passed else CheckResult(True, detail)


@st.composite
def _unit_instances(draw):
    n, d = draw(st.integers(1, 8)), draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    scale = draw(st.sampled_from([0.1, 1.0, 3.0]))
    return {"X": rng.standard_normal((n, d)) * scale, "Y": rng.uniform(0, 1, n), "a": rng.standard_normal(d)}


def _unit_numeric(claim, context):
    def loss(a, X, Y):
        z = 1 / (1 + np.exp(-(X @ a)))
        return np.mean((z - Y) ** 2)

    def example(instance):
        X, Y, a = instance["X"], instance["Y"], instance["a"]
        z = 1 / (1 + np.exp(-(X @ a)))
        claimed = np.array([claim.square(list(z), list(Y), list(X), j) for j in range(X.shape[1])])
        exact = derivatives.complex_step(lambda v: loss(v, X, Y), a)
        # Running error bound, for each side: the products and the sum of the summands (gamma_(16 + n) relative to
        # their absolute values) and the error of z itself, 4u z from exp and the division plus z (1 - z) times
        # the rounding of a . X_i, propagated by |d summand / d z| = 2 |z (1 - z) + (z - Y)(1 - 2z)|; the
        # complex-step side carries the same first-order errors, hence the factor 2.
        n = len(z)
        terms = 2 * np.abs((z - Y) * z * (1 - z))[:, None] * np.abs(X) / n
        dz = 4 * UNIT_ROUNDOFF * z + z * (1 - z) * gamma(X.shape[1] + 1) * (np.abs(X) @ np.abs(a))
        slope = 2 * np.abs(z * (1 - z) + (z - Y) * (1 - 2 * z))
        bound = 2 * (gamma(16 + n) * terms.sum(axis=0) + (slope * dz)[:, None].T @ np.abs(X) / n)[0] + 1e-300
        return worst_comparison({"dL/da": (claimed, exact, bound)})

    return property_check(_unit_instances(), example, context, tolerance=1.0,
                          detail="the claimed gradient in float64 against the complex-step derivative of L(a), in "
                                 "units of a running rounding bound; n = 1..8 points, d = 1..4, |X| scales "
                                 "0.1..3, Y uniform in [0, 1]")


LOGISTIC_UNIT_GRADIENT = register(Theorem(
    id="backprop.logistic_unit_gradient",
    title="The gradient of a single logistic unit under the square loss",
    topic="backprop",
    kind="identity",
    source=cite(SEANCE, 'slides "Backpropagation - Toy example", "Gradient computation" and "Weight '
                        'update"'),
    as_stated=(r"\begin{gathered}\frac{\partial L}{\partial a_j}(a) = \frac1n \sum_{i=1}^n \frac{\partial \ell}"
               r"{\partial t}(\sigma(a^\top X_i), Y_i)\, \sigma'(a^\top X_i)\, X_{ij}, \\ \frac{\partial L}"
               r"{\partial a_j}(a) = \frac2n \sum_{i=1}^n (z_i - Y_i) z_i (1 - z_i) X_{ij}, \quad z_i = "
               r"\sigma(a^\top X_i)\end{gathered}"),
    statement=(
        r"For a unit $h(x, a) = \sigma(a^\top x)$ and $L(a) = \frac1n \sum_i \ell(\sigma(a^\top X_i), Y_i)$ with "
        r"$\ell(\cdot, y)$ and $\sigma$ differentiable,",
        r"\[ \frac{\partial L}{\partial a_j} = \frac1n \sum_{i=1}^n \partial_t \ell(z_i, Y_i)\, "
        r"\sigma'(a^\top X_i)\, X_{ij}, \qquad z_i = \sigma(a^\top X_i); \]",
        r"for the square loss and the logistic function this is $\frac2n \sum_i (z_i - Y_i) z_i (1 - z_i) "
        r"X_{ij}$, and for the cross-entropy $\frac1n \sum_i (z_i - Y_i) X_{ij}$.",
    ),
    hypotheses=(Assumption(r"No bias: $h = \sigma(a^\top x)$ (append a constant feature 1 for one)."),),
    derivation=(
        Step(r"\frac{\partial}{\partial a_j} \ell(\sigma(a^\top X_i), Y_i)",
             r"\partial_t \ell(z_i, Y_i)\, \sigma'(a^\top X_i)\, X_{ij}",
             r"backprop.chain\_rule with $g(a) = a^\top X_i$, linear, $\partial g / \partial a_j = X_{ij}$"),
        Step(r"\partial_t \ell(z_i, Y_i)\, \sigma'(a^\top X_i)", r"2(z_i - Y_i)\, z_i(1 - z_i)",
             r"square loss, backprop.logistic\_derivative"),
    ),
    errata=(
        r"``Apply the chain rule \dots\ where the last function is linear'': the linear map $a \mapsto a^\top X_i$ "
        r"is the first (innermost) function of the composition, not the last.",
        r"``The gradient update'' is the gradient; the update is $a \leftarrow a - \eta\, \partial L/\partial a$.",
    ),
    references=(GOODFELLOW, RUMELHART),
    claim=UnitGradientClaim(),
    symbolic=_unit_symbolic,
    numeric=_unit_numeric,
    mutants=(
        Mutant("1/n", "the factor 2 of the square loss dropped",
               UnitGradientClaim(square=lambda z, Y, X, j: sum((zi - yi) * zi * (1 - zi) * xi[j]
                                                               for zi, yi, xi in zip(z, Y, X)) / len(z))),
        Mutant("sign", "(Y_i - z_i) for (z_i - Y_i)",
               UnitGradientClaim(square=lambda z, Y, X, j: 2 * sum((yi - zi) * zi * (1 - zi) * xi[j]
                                                                   for zi, yi, xi in zip(z, Y, X)) / len(z))),
        Mutant("no sigma'", "z_i (1 - z_i) dropped (and the general summand without sigma')",
               UnitGradientClaim(general=lambda dl, ds, x: dl * x,
                                 square=lambda z, Y, X, j: 2 * sum((zi - yi) * xi[j]
                                                                   for zi, yi, xi in zip(z, Y, X)) / len(z))),
        Mutant("z for X", "X_ij replaced by z_i",
               UnitGradientClaim(square=lambda z, Y, X, j: 2 * sum((zi - yi) * zi * (1 - zi) * zi
                                                                   for zi, yi, xi in zip(z, Y, X)) / len(z))),
    ),
))

"""``hessian.square_loss``: The Hessian of the square loss, and why overparametrized global minima are degenerate."""

from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import derivatives, nets
from numerics.conventions import UNIT_ROUNDOFF, gamma
from theorems.checks import identities_check, property_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.hessian.network_hessians import (
    _SYMBOLIC_CASES, _cases_text, _magnitudes, _matrix_identities, _nets_and_data, _symbolic_problem, network_hessians,
)
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["SQUARE_LOSS", "SquareHessianClaim"]


@dataclass(frozen=True)
class SquareHessianClaim:
    """The parameters of "the Hessian of sum_n (y_n - f_n)^2, and its rank at a global minimum".

    Claimed: ``H = factor sum_n (grad f_n grad f_n^T - residual_sign E_n Hess f_n)`` with
    ``E_n = y_n - f_n``, and at an interpolating point ``rank H <= N`` (``rank="at most N"``)
    or ``rank H = W`` (``rank="full"``).
    """

    factor: int = 2
    residual_sign: int = 1
    rank: str = "at most N"

    def matrix(self, f, grads, hessians, y):
        """The claimed Hessian from per-datum values, gradients (rows) and Hessians (SymPy or NumPy)."""
        terms = [g.T * g if isinstance(g, sp.MatrixBase) else np.outer(g, g) for g in grads]
        return self.factor * sum((t - self.residual_sign * (yn - fn) * h
                                  for t, h, fn, yn in zip(terms, hessians, f, y)), 0 * hessians[0])

    def rank_excess(self, rank, N, W):
        """How far a rank at an interpolating point is from the claim (0 when consistent)."""
        return max(rank - N, 0) if self.rank == "at most N" else abs(rank - W)


"""The symbolic nets (sizes) and numbers of data N each profile differentiates."""


_REFERENCE_POINT = {"x": (1, sp.Rational(1, 2)), "y": 1, "W1": ((1, 0), (0, 1)), "a": (1, 0)}


"""A global minimum: net 2-2-1, one datum x = (1, 1/2), y = 1, W_1 = I, a = (1, 0): f = 1, L = 0."""


def _square_symbolic(claim, context):
    cases = context.profile.pick(**_SYMBOLIC_CASES)

    def identities():
        for sizes, N in cases:
            theta, f, grads, hessians, y = _symbolic_problem(sizes, N)
            L = sum((yn - fn) ** 2 for fn, yn in zip(f, y))
            name = f"{'-'.join(map(str, sizes))}, N={N}: d^2L/dtheta^2 = claimed H"
            yield from _matrix_identities(name, sp.hessian(L, theta), claim.matrix(f, grads, hessians, y))
        # The reference global minimum: the derived Hessian's rank against the claimed rank.
        theta, f, _, _, _ = _symbolic_problem([2, 2, 1], 1)
        point = dict(zip(theta, [*sum(_REFERENCE_POINT["W1"], ()), *_REFERENCE_POINT["a"]]))
        point.update(dict(zip(sorted(f[0].free_symbols - set(theta), key=str), _REFERENCE_POINT["x"])))
        H = sp.hessian((_REFERENCE_POINT["y"] - f[0]) ** 2, theta).xreplace(point).doit()
        yield "reference minimum: L = 0", ((_REFERENCE_POINT["y"] - f[0]) ** 2).xreplace(point), 0
        yield "reference minimum: trace H = 2 |grad f|^2 = 5", H.trace(), 5
        yield "reference minimum: rank H consistent with the claimed rank (N = 1, W = 6)", \
            claim.rank_excess(H.rank(), 1, len(theta)), 0

    return identities_check(
        identities(),
        context,
        detail="{count} identities proved: every entry of the Hessian of sum_n (y_n - f_n)^2 derived by SymPy "
        "(symbolic data and labels; nets " + _cases_text(cases) + ") equals the claimed formula almost everywhere "
        "(relu'' = 0); at a reference global minimum (net 2-2-1, x = (1, 1/2), y = 1, W_1 = I, a = (1, 0)) the "
        "derived Hessian has trace 5 and exact rank 1 = N < W = 6",
    )


def _square_numeric(claim, context):
    def example(instance):
        W, X, y = instance["weights"], instance["X"], instance["y"]
        N, P = X.shape[0], sum(w.size for w in W)
        f, J, Hs = nets.forward(W, X), derivatives.jacobian(W, X), network_hessians(W, X)
        S, G, Habs = _magnitudes(W, X)
        m = 8 * (len(W) + 4) + P + N
        outer = np.einsum("ni,nj->nij", G, G)
        scale = (outer * (1 + np.abs(y) + S)[:, None, None] + (np.abs(y) + S)[:, None, None] * Habs).sum(axis=0)
        bound = 4 * claim.factor * gamma(m) * scale + 1e-300
        # At the interpolating point y* = f (exact: l' = 2 (f - y*) = 0) the Hessian is 2 J^T J; its zero
        # eigenvalues are computed within ||E||_2 <= ||bound||_F (Weyl), the threshold below.
        H_star = derivatives.loss_hessian(W, X, f)
        threshold = np.linalg.norm(4 * gamma(m) * outer.sum(axis=0) * (1 + S.max())) + P * UNIT_ROUNDOFF * np.abs(
            H_star).max()
        rank = int(np.sum(np.abs(np.linalg.eigvalsh(H_star)) > threshold))
        return worst_comparison({
            "claimed H vs numerics.loss_hessian": (claim.matrix(f, J, Hs, y), derivatives.loss_hessian(W, X, y),
                                                   bound),
            "rank H at an interpolating point vs the claim": (np.array([claim.rank_excess(rank, N, P)]),
                                                              np.zeros(1), np.full(1, 0.5)),
        })

    return property_check(
        _nets_and_data(labels="real"),
        example,
        context,
        tolerance=1.0,
        detail="|claimed - derived| in units of its rounding bound 4 factor gamma_m sum_n (|grad f| |grad f|^T "
        "(1 + |y| + S) + (|y| + S) |Hess f|), magnitudes from the absolute linear net; the claimed H from "
        "numerics.jacobian and per-datum Hessians of f (numerics), the derived one from "
        "numerics.derivatives.loss_hessian; rank at y* = f counted above the Weyl threshold; bias-free ReLU "
        "nets of depth 2-4, widths 1-4, N <= 5",
    )


SQUARE_LOSS = register(
    Theorem(
        id="hessian.square_loss",
        title="The Hessian of the square loss, and why overparametrized global minima are degenerate",
        topic="hessian",
        kind="theorem",
        source=cite(POGGIO, 'slides "Global minima are degenerate", "SGDL and SGD: summary" and "Dynamical '
                            'Systems approach"'),
        as_stated=r"\text{In the deep case, usually degenerate equilibria, degenerate Hessian, no direct norm "
        r"control!}",
        statement=(
            r"For $L(W) = \sum_{n=1}^N (y_n - f(W; x_n))^2$ with residuals $E_n = y_n - f(W; x_n)$,",
            r"\[ \nabla^2 L = 2 \sum_{n=1}^N \left( \nabla f_n \nabla f_n^\top - E_n \nabla^2 f_n \right). \]",
            r"At an interpolating point ($E_n = 0$ for all $n$, a global minimum) $\nabla^2 L = 2 J^\top J$ with "
            r"$J$ the $N \times W$ Jacobian of the outputs, so $\operatorname{rank} \nabla^2 L \le N$: whenever "
            r"$W > N$ the Hessian has at least $W - N$ zero eigenvalues, and if $J$ has rank $N$ the global minima "
            r"near it form a manifold of dimension $W - N$.",
        ),
        hypotheses=(
            Assumption(r"Bias-free ReLU network; at the kinks $\sigma'(0) = 0$ and $\sigma'' = 0$ (the "
                       r"almost-everywhere Hessian, which is $f$'s own Hessian on each activation region)."),
            Assumption(r"The rank statement is about interpolating points, $f(W; x_n) = y_n$ for every $n$; "
                       r"degeneracy needs $W > N$."),
        ),
        derivation=(
            Step(r"\frac{\partial L}{\partial \theta}", r"-2 \sum_n E_n \frac{\partial f_n}{\partial \theta}",
                 r"chain rule (dynamics.square\_loss\_flow)"),
            Step(r"\frac{\partial^2 L}{\partial \theta \partial \theta'}",
                 r"2 \sum_n \left( \frac{\partial f_n}{\partial \theta} \frac{\partial f_n}{\partial \theta'} - "
                 r"E_n \frac{\partial^2 f_n}{\partial \theta \partial \theta'} \right)",
                 r"product rule, with $\partial E_n / \partial \theta' = -\partial f_n / \partial \theta'$"),
            Step(r"\nabla^2 L \big|_{E = 0}", r"2 J^\top J", r"every residual vanishes at an interpolating point"),
            Step(r"\operatorname{rank} \nabla^2 L \big|_{E = 0}", r"\operatorname{rank} J \le N",
                 r"$\operatorname{rank} J^\top J = \operatorname{rank} J$ and $J$ has $N$ rows"),
        ),
        errata=(
            r"``Degenerate Hessian'' holds at interpolating global minima of an overparametrized net ($W > N$; "
            r"the slide does not say which equilibria): there $\nabla^2 L = 2J^\top J$ has rank at most $N$. "
            r"At other critical points the term $-2\sum_n E_n \nabla^2 f_n$ can make it non-degenerate.",
            r"``Usually'' is made precise for ReLU nets by the rescaling symmetry: every equilibrium lies on an "
            r"orbit of dimension at least the number of hidden units, so it is never isolated "
            r"(hessian.rescaling\_null\_directions).",
        ),
        references=(
            "Y. Cooper, \"The loss landscape of overparameterized neural networks\", arXiv:1804.10200, 2018 "
            "(the global minima form a manifold of dimension W - N).",
            "L. Sagun, U. Evci, V. U. Guney, Y. Dauphin, L. Bottou, \"Empirical analysis of the Hessian of "
            "over-parametrized neural networks\", ICLR workshop 2018.",
            "C. M. Bishop, \"Pattern Recognition and Machine Learning\", Springer 2006, section 5.4 (outer-product "
            "approximation and the exact Hessian).",
        ),
        claim=SquareHessianClaim(),
        symbolic=_square_symbolic,
        numeric=_square_numeric,
        mutants=(
            Mutant("factor 1", "H = sum_n (grad f grad f^T - E_n Hess f): at a minimum H = J^T J",
                   SquareHessianClaim(factor=1)),
            Mutant("residual sign", "H = 2 sum_n (grad f grad f^T + E_n Hess f)", SquareHessianClaim(residual_sign=-1)),
            Mutant("full rank at minima", "the Hessian at an interpolating global minimum has full rank W",
                   SquareHessianClaim(rank="full")),
        ),
    )
)

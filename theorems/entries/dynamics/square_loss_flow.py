"""``dynamics.square_loss_flow``: The gradient flow of the square loss of a deep ReLU network."""

from theorems.core import Mutant, Step, Theorem
from theorems.entries.dynamics.loss_flows import (
    LossFlowClaim, _FLOW_REFERENCES, _HYPOTHESES_FLOW, _loss_flow_numeric, _loss_flow_symbolic,
)
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["SQUARE_LOSS_FLOW"]

SQUARE_LOSS_FLOW = register(
    Theorem(
        id="dynamics.square_loss_flow",
        title="The gradient flow of the square loss of a deep ReLU network",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "GD optimization induces a gradient dynamical system"'),
        as_stated=r"L = \sum_n^N (y_n - f(W_K, \dots, W_1; x_n))^2 \quad \text{for regression}",
        statement=(
            r"For $L(W) = \sum_{n=1}^N (y_n - f(W; x_n))^2$ the gradient flow $\dot W = -\nabla L(W)$ reads, for "
            r"every weight $w_k^{i,j}$ of layer $k$,",
            r"\[ \dot w_k^{i,j} = 2 \sum_{n=1}^N E_n \frac{\partial f(W; x_n)}{\partial w_k^{i,j}}, \qquad "
            r"E_n = y_n - f(W; x_n). \]",
            r"Its equilibria are the critical points of $L$; those with $L = 0$ are the interpolating weights.",
        ),
        hypotheses=_HYPOTHESES_FLOW,
        derivation=(
            Step(r"\frac{\partial L}{\partial w_k^{i,j}}",
                 r"\sum_{n=1}^N -2\,(y_n - f(x_n))\, \frac{\partial f(x_n)}{\partial w_k^{i,j}}",
                 r"chain rule on each square"),
            Step(r"\dot w_k^{i,j}", r"2 \sum_{n=1}^N E_n \frac{\partial f(x_n)}{\partial w_k^{i,j}}",
                 r"gradient flow $\dot w = -\partial L / \partial w$ with the residual $E_n = y_n - f(x_n)$"),
        ),
        errata=(
            r"$\sum_n^N$ omits the lower limit: the sum runs over $n = 1, \dots, N$.",
            r"The slide gives the loss but not its flow; with the residual $E_n = y_n - f(x_n)$ the flow is "
            r"$\dot w = +2\sum_n E_n \partial f(x_n)/\partial w$; with the ``error'' $f(x_n) - y_n$ the sign flips.",
        ),
        references=_FLOW_REFERENCES,
        claim=LossFlowClaim(),
        symbolic=_loss_flow_symbolic,
        numeric=_loss_flow_numeric,
        mutants=(
            Mutant("ascent", "dw/dt = 2 sum_n (f(x_n) - y_n) df/dw: the sign of E_n flipped",
                   LossFlowClaim(sign=-1)),
            Mutant("factor 1", "dw/dt = sum_n E_n df/dw: the factor 2 dropped", LossFlowClaim(factor=1)),
        ),
    )
)

"""``dynamics.exp_loss_flow``: The gradient flow of the exponential loss of a deep ReLU network."""

from theorems.core import Mutant, Step, Theorem
from theorems.entries.dynamics.loss_flows import (
    LossFlowClaim, _FLOW_REFERENCES, _HYPOTHESES_FLOW, _loss_flow_numeric, _loss_flow_symbolic,
)
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["EXP_LOSS_FLOW"]

EXP_LOSS_FLOW = register(
    Theorem(
        id="dynamics.exp_loss_flow",
        title="The gradient flow of the exponential loss of a deep ReLU network",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "GD optimization induces a gradient dynamical system"'),
        as_stated=r"L = \sum_n^N e^{-y_n f(W_K, \dots, W_1; x_n)} \quad \text{for classification}",
        statement=(
            r"For $L(W) = \sum_{n=1}^N e^{-y_n f(W; x_n)}$ (labels $y_n \in \{-1, +1\}$, but the identity holds "
            r"for any real $y_n$) the gradient flow $\dot W = -\nabla L(W)$ reads",
            r"\[ \dot w_k^{i,j} = \sum_{n=1}^N y_n\, e^{-y_n f(W; x_n)} \frac{\partial f(W; x_n)}"
            r"{\partial w_k^{i,j}}. \]",
            r"On separable data with a homogeneous $f$ it has no finite equilibrium: $L > 0$ and "
            r"$\inf L = 0$ is approached only as $\|W\| \to \infty$.",
        ),
        hypotheses=_HYPOTHESES_FLOW,
        derivation=(
            Step(r"\frac{\partial}{\partial w_k^{i,j}} e^{-y_n f(x_n)}",
                 r"-y_n e^{-y_n f(x_n)} \frac{\partial f(x_n)}{\partial w_k^{i,j}}", r"chain rule"),
            Step(r"\dot w_k^{i,j}",
                 r"\sum_{n=1}^N y_n e^{-y_n f(x_n)} \frac{\partial f(x_n)}{\partial w_k^{i,j}}",
                 r"gradient flow $\dot w = -\partial L/\partial w$"),
        ),
        errata=(
            r"The loss is right; the only exponential-loss flow the lecture writes (the Halpern slide, "
            r"dynamics.halpern\_flow) drops the factor $y_n$, which is wrong for every datum with $y_n = -1$.",
        ),
        references=_FLOW_REFERENCES + (
            "D. Soudry, E. Hoffer, M. S. Nacson, S. Gunasekar, N. Srebro, \"The implicit bias of gradient descent "
            "on separable data\", JMLR 19, 2018.",
        ),
        claim=LossFlowClaim(loss="exp", factor=1),
        symbolic=_loss_flow_symbolic,
        numeric=_loss_flow_numeric,
        mutants=(
            Mutant("y_n dropped", "dw/dt = sum_n e^{-y_n f(x_n)} df/dw (no factor y_n, as on the Halpern slide)",
                   LossFlowClaim(loss="exp", factor=1, label_power=0)),
            Mutant("ascent", "dw/dt = -sum_n y_n e^{-y_n f(x_n)} df/dw", LossFlowClaim(loss="exp", factor=1, sign=-1)),
        ),
    )
)

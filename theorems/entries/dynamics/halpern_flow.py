"""``dynamics.halpern_flow``: The gradient flow of the exponential loss with a Halpern (anchor) penalty."""

from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.entries.dynamics.loss_flows import (
    LossFlowClaim, _FLOW_REFERENCES, _HYPOTHESES_FLOW, _loss_flow_numeric, _loss_flow_symbolic,
)
from theorems.registry import register
from theorems.sources import POGGIO, cite

__all__ = ["HALPERN_FLOW"]

HALPERN_FLOW = register(
    Theorem(
        id="dynamics.halpern_flow",
        title="The gradient flow of the exponential loss with a Halpern (anchor) penalty",
        topic="dynamics",
        kind="identity",
        source=cite(POGGIO, 'slide "Exponential loss, deep network with RELUs, with Halpern term"'),
        as_stated=r"\dot{w}_k^{i,j} = \sum_n^N e^{-y_n f(x_n)} \frac{\partial f}{\partial w_k^{i,j}} "
        r"- \lambda(t) \sum_k \|w_k - w_k^0\|^2",
        statement=(
            r"For $L_\lambda(W) = \sum_{n=1}^N e^{-y_n f(W; x_n)} + \lambda(t) \sum_{k=1}^K \|W_k - W_k^0\|_F^2$ "
            r"with an anchor $W^0$ and $\lambda(t) > 0$, the gradient flow $\dot W = -\nabla L_\lambda(W)$ reads",
            r"\[ \dot w_k^{i,j} = \sum_{n=1}^N y_n e^{-y_n f(W; x_n)} \frac{\partial f(W; x_n)}{\partial w_k^{i,j}}"
            r" - 2 \lambda(t)\, \big(w_k^{i,j} - w_k^{0,i,j}\big). \]",
        ),
        hypotheses=_HYPOTHESES_FLOW + (
            Assumption(r"$\lambda(t) \ge 0$ is a given function of time (the flow is non-autonomous); the "
                       r"identity holds at each $t$."),
        ),
        derivation=(
            Step(r"\frac{\partial}{\partial w_k^{i,j}} \lambda \sum_{k'} \|W_{k'} - W_{k'}^0\|_F^2",
                 r"2 \lambda (w_k^{i,j} - w_k^{0,i,j})",
                 r"only the $(i,j)$ entry of layer $k$ depends on $w_k^{i,j}$"),
            Step(r"\dot w_k^{i,j}",
                 r"\sum_n y_n e^{-y_n f(x_n)} \frac{\partial f(x_n)}{\partial w_k^{i,j}} "
                 r"- 2\lambda (w_k^{i,j} - w_k^{0,i,j})",
                 r"gradient flow of $L_\lambda$, with dynamics.exp\_loss\_flow for the data term"),
        ),
        errata=(
            r"The factor $y_n$ is missing: $\sum_n e^{-y_nf}\partial f/\partial w$ is the flow only when every "
            r"$y_n = +1$, which cannot be arranged for ReLU nets by flipping $x_n$, since $f(-x) \ne -f(x)$.",
            r"The penalty itself, a scalar $\lambda \sum_k \|w_k - w_k^0\|^2$, is subtracted where its derivative "
            r"$2\lambda(t)(w_k^{i,j} - w_k^{0,i,j})$ belongs; $\lambda(w - w^0)$ would be right only for the "
            r"penalty $\frac{\lambda}{2}\sum_k\|W_k - W_k^0\|^2$.",
            r"The summation index $k$ of the penalty clashes with the free layer index $k$ of $w_k^{i,j}$.",
        ),
        references=_FLOW_REFERENCES + (
            "B. Halpern, \"Fixed points of nonexpanding maps\", Bull. AMS 73, 1967.",
        ),
        claim=LossFlowClaim(loss="exp", factor=1, penalty="gradient"),
        symbolic=_loss_flow_symbolic,
        numeric=_loss_flow_numeric,
        mutants=(
            Mutant("the slide's form", "dw/dt = sum_n e^{-y_n f} df/dw - lambda sum_k ||w_k - w_k^0||^2",
                   LossFlowClaim(loss="exp", factor=1, label_power=0, penalty="value")),
            Mutant("factor 2 dropped", "dw/dt = sum_n y_n e^{-y_n f} df/dw - lambda (w - w^0)",
                   LossFlowClaim(loss="exp", factor=1, penalty="half gradient")),
            Mutant("penalty sign", "dw/dt = sum_n y_n e^{-y_n f} df/dw + 2 lambda (w - w^0)",
                   LossFlowClaim(loss="exp", factor=1, penalty="plus gradient")),
        ),
    )
)

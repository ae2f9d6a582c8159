"""The cost of backpropagation: one gradient by reverse mode against one evaluation and against forward mode.

The cheap gradient principle (Baur and Strassen 1983; Griewank and Walther 2008, chapter 4): the whole
gradient by reverse mode costs a small constant multiple of one evaluation of the loss, whatever the number of
weights W, while forward mode needs one tangent pass per weight, W times an evaluation.  This script measures it
on bias-free tanh MLPs with the square loss, in float64, in one process:

* one evaluation: ``numerics.derivatives.loss`` (the forward pass);
* reverse mode: ``numerics.derivatives.loss_gradient`` (one forward and one backward pass);
* forward mode: one tangent (R-forward) pass per weight, written here with the same NumPy operations, timed on
  a block of directions and scaled to all W;
* optionally torch (``pip install torch==2.13.0``): ``backward()`` and ``torch.func.jvp`` on the same net.

    python benchmarks/backprop.py
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))

from hessian import best_time, problem  # noqa: E402

from numerics import derivatives  # noqa: E402

SIZES = [([10, 32, 32, 1], 256), ([32, 128, 128, 1], 256), ([64, 300, 300, 1], 1000)]


def tangent_pass(weights, X, y, directions):
    """Forward mode: d L(W + t V) / dt at t = 0 for each direction V (a list of weight-shaped blocks)."""
    pre, h, dh = [], X, np.zeros_like(X)
    for k, (W, V) in enumerate(zip(weights, directions)):
        u, du = h @ W.T, dh @ W.T + h @ V.T
        if k < len(weights) - 1:
            t = np.tanh(u)
            h, dh = t, (1 - t**2) * du
        pre.append(u)
    residual = pre[-1][:, 0] - y
    return float(2 * residual @ du[:, 0])


def table(repeat, block):
    print("| sizes (W weights, N examples) | evaluation (s) | reverse-mode gradient | forward mode, all W | "
          "reverse / evaluation | forward / evaluation |")
    print("|---|---|---|---|---|---|")
    for sizes, n in SIZES:
        weights, X, y = problem(sizes, n)
        total = sum(w.size for w in weights)
        evaluation, _ = best_time(lambda: derivatives.loss(weights, X, y, activation="tanh"), repeat)
        reverse, g = best_time(lambda: derivatives.loss_gradient(weights, X, y, activation="tanh"), repeat)
        rng = np.random.default_rng(0)
        basis = rng.choice(total, size=min(block, total), replace=False)

        def some_tangents():
            out = []
            for j in basis:
                e = np.zeros(total)
                e[j] = 1.0
                blocks, start = [], 0
                for w in weights:
                    blocks.append(e[start:start + w.size].reshape(w.shape))
                    start += w.size
                out.append(tangent_pass(weights, X, y, blocks))
            return np.array(out)

        seconds, tangents = best_time(some_tangents, max(1, repeat // 2))
        forward = seconds * total / len(basis)
        error = np.abs(tangents - g[basis]).max() / np.abs(g).max()
        print(f"| {sizes} ({total:,}, {n}) | {evaluation:.3g} | {reverse:.3g} | {forward:.3g} (from {len(basis)} "
              f"directions; agree to {error:.1e}) | {reverse / evaluation:.2f} | {forward / evaluation:.0f} |")


def torch_table(repeat):
    try:
        import torch
    except ImportError:
        print("\n(torch is not installed: no torch rows)")
        return
    torch.set_default_dtype(torch.float64)
    print("\n| sizes | torch evaluation (s) | torch backward | backward / evaluation |")
    print("|---|---|---|---|")
    for sizes, n in SIZES:
        weights, X, y = problem(sizes, n)
        Ws = [torch.as_tensor(w).requires_grad_(True) for w in weights]
        Xt, yt = torch.as_tensor(X), torch.as_tensor(y)

        def loss():
            h = Xt
            for k, W in enumerate(Ws):
                h = h @ W.T
                if k < len(Ws) - 1:
                    h = torch.tanh(h)
            return ((h[:, 0] - yt) ** 2).sum()

        def evaluate():
            with torch.no_grad():
                return loss()

        def gradient():
            return torch.autograd.grad(loss(), Ws)

        evaluation, _ = best_time(evaluate, repeat)
        backward, _ = best_time(gradient, repeat)
        print(f"| {sizes} | {evaluation:.3g} | {backward:.3g} | {backward / evaluation:.2f} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument("--block", type=int, default=200, help="forward-mode directions timed (default 200)")
    args = parser.parse_args(argv)
    print(f"numpy {np.__version__}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}\n")
    table(args.repeat, args.block)
    torch_table(args.repeat)


if __name__ == "__main__":
    main()

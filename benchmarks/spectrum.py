"""Hessian spectra: numerics.spectrum against PyHessian-style power iteration and Hutchinson in torch.

PyHessian (Yao et al. 2020) computes Hessian-vector products by double backward
(``torch.autograd.grad`` of ``grad . v`` with ``create_graph=True``), the top
eigenvalue by power iteration stopped at a relative change of 1e-3, and the trace by
Hutchinson's estimator.  This script writes that method in torch (float64, CPU) and
compares it, in one process on one machine, with ``numerics.spectrum`` (Lanczos
through ARPACK on exact R-operator products, Hutchinson with a standard error):

* accuracy against the exact spectrum (dense ``eigvalsh`` of ``loss_hessian``) on a
  small net;
* time per Hessian-vector product and for the top eigenvalue and the trace at about
  1e5 weights.

The peer is benchmark-only (``pip install torch==2.13.0``, the CPU build)::

    python benchmarks/spectrum.py            # add --repeat 10 for steadier minima
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))

from hessian import best_time, mlp_loss, problem, shapes_of  # noqa: E402

from numerics import derivatives, spectrum  # noqa: E402

SMALL = ([10, 16, 16, 1], 50)
LARGE = ([64, 300, 300, 1], 1000)  # 109,500 weights


def torch_pyhessian(weights, X, y):
    """PyHessian's building blocks on the same bias-free ReLU net: double-backward HVP, power iteration, Hutchinson."""
    import torch

    torch.set_default_dtype(torch.float64)
    shapes = shapes_of(weights)
    theta = torch.as_tensor(np.concatenate([w.ravel() for w in weights])).requires_grad_(True)
    Xt, yt = torch.as_tensor(X), torch.as_tensor(y)
    grad = torch.autograd.grad(mlp_loss(theta, shapes, Xt, yt, torch.relu), theta, create_graph=True)[0]

    def hvp(v):
        return torch.autograd.grad(grad, theta, grad_outputs=v, retain_graph=True)[0]

    def top_eigenvalue(seed=0, max_iterations=100, tol=1e-3):
        v = torch.as_tensor(np.random.default_rng(seed).standard_normal(theta.numel()))
        v /= v.norm()
        value = None
        for _ in range(max_iterations):
            w = hvp(v)
            new = float(w @ v)
            v = w / w.norm()
            if value is not None and abs(new - value) / (abs(value) + 1e-6) < tol:
                return new
            value = new
        return value

    def trace(samples=100, seed=0):
        rng = np.random.default_rng(seed)
        values = [float(z @ hvp(z)) for z in (torch.as_tensor(rng.choice([-1.0, 1.0], theta.numel()))
                                              for _ in range(samples))]
        return float(np.mean(values)), float(np.std(values, ddof=1) / np.sqrt(samples))

    return hvp, top_eigenvalue, trace


def accuracy_table():
    sizes, n = SMALL
    weights, X, y = problem(sizes, n)
    dense = np.linalg.eigvalsh(derivatives.loss_hessian(weights, X, y))
    top, trace = dense[-1], dense.sum()
    print(f"## accuracy against the exact spectrum (sizes {sizes}, N = {n}, {dense.size} weights)\n")
    print("| method | top eigenvalue rel. error | trace (100 probes) | trace rel. error | seconds |")
    print("|---|---|---|---|---|")
    start = time.perf_counter()
    ours = spectrum.top_eigenvalues(weights, X, y, k=1)[0]
    estimate = spectrum.hutchinson_trace(weights, X, y, samples=100, rng=0)
    seconds = time.perf_counter() - start
    print(f"| numerics.spectrum (Lanczos, Hutchinson) | {abs(ours - top) / top:.1e} | {estimate.value:.5g} +- "
          f"{estimate.standard_error:.2g} | {abs(estimate.value - trace) / abs(trace):.1e} | {seconds:.3g} |")
    _, power, hutchinson = torch_pyhessian(weights, X, y)
    start = time.perf_counter()
    theirs = power()
    value, se = hutchinson()
    seconds = time.perf_counter() - start
    print(f"| torch, PyHessian-style (power iteration, tol 1e-3) | {abs(theirs - top) / top:.1e} | {value:.5g} +- "
          f"{se:.2g} | {abs(value - trace) / abs(trace):.1e} | {seconds:.3g} |")
    print(f"\nexact: top {top:.8g}, trace {trace:.8g}")


def scale_table(repeat):
    sizes, n = LARGE
    weights, X, y = problem(sizes, n)
    size = sum(w.size for w in weights)
    v = np.random.default_rng(1).standard_normal(size)
    print(f"\n## at {size:,} weights (sizes {sizes}, N = {n})\n")
    print("| method | seconds | time / ours |")
    print("|---|---|---|")
    H = derivatives.hessian_operator(weights, X, y)
    ours, Hv = best_time(lambda: H @ v, repeat)
    print(f"| one HVP: numerics hessian_operator (forward pass cached) | {ours:.4g} | 1.0 |")
    uncached, _ = best_time(lambda: derivatives.hvp(weights, X, y, v), repeat)
    print(f"| one HVP: numerics.derivatives.hvp (with its forward pass) | {uncached:.4g} | {uncached / ours:.1f} |")
    import torch

    hvp, power, hutchinson = torch_pyhessian(weights, X, y)
    u = torch.as_tensor(v)
    theirs, out = best_time(lambda: hvp(u), repeat)
    difference = np.abs(out.numpy() - Hv).max() / np.abs(Hv).max()
    print(f"| one HVP: torch double backward (graph kept) | {theirs:.4g} | {theirs / ours:.1f} |")
    start = time.perf_counter()
    top = spectrum.top_eigenvalues(weights, X, y, k=1)[0]
    ours_top = time.perf_counter() - start
    start = time.perf_counter()
    their_top = power()
    theirs_top = time.perf_counter() - start
    start = time.perf_counter()
    loose = spectrum.top_eigenvalues(weights, X, y, k=1, tol=1e-3)[0]
    ours_loose = time.perf_counter() - start
    print(f"| top eigenvalue: numerics Lanczos (to machine precision) | {ours_top:.4g} | 1.0 |")
    print(f"| top eigenvalue: numerics Lanczos (tol 1e-3) | {ours_loose:.4g} | {ours_loose / ours_top:.2f} |")
    print(f"| top eigenvalue: torch power iteration (tol 1e-3) | {theirs_top:.4g} | {theirs_top / ours_top:.2f} |")
    start = time.perf_counter()
    estimate = spectrum.hutchinson_trace(weights, X, y, samples=100, rng=0)
    ours_trace = time.perf_counter() - start
    start = time.perf_counter()
    their_trace = hutchinson()
    theirs_trace = time.perf_counter() - start
    print(f"| trace, 100 probes: numerics | {ours_trace:.4g} | 1.0 |")
    print(f"| trace, 100 probes: torch | {theirs_trace:.4g} | {theirs_trace / ours_trace:.1f} |")
    print(f"\nHVP max rel. difference {difference:.1e}; top eigenvalue: Lanczos {top:.10g} (tol 1e-3: "
          f"{loose:.10g}), power iteration {their_top:.10g}; trace {estimate.value:.6g} +- "
          f"{estimate.standard_error:.2g} against torch {their_trace[0]:.6g} +- {their_trace[1]:.2g}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per HVP (default 5)")
    args = parser.parse_args(argv)
    print(f"numpy {np.__version__}, {os.cpu_count()} cores\n")
    accuracy_table()
    scale_table(args.repeat)


if __name__ == "__main__":
    main()

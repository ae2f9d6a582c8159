"""Exact loss Hessians and Hessian-vector products: numerics.derivatives against autodiff.

Compares, in one process on one machine, for square loss on bias-free ReLU MLPs in float64 on the CPU:

* ``loss_hessian`` against ``torch.func.hessian`` and ``jax.jit(jax.hessian)`` (JIT compile time
  reported separately, excluded from the ratio), and against the physical floor: forming ``J^T J``
  itself, by BLAS ``syrk`` on a given ``J`` (one triangle, SciPy's OpenBLAS), by ``syrk`` right after
  ``numerics.jacobian`` forms ``J`` from the weights (as the Hessian must), and by NumPy's ``J.T @ J``
  (full matrix);
* ``hvp`` against JAX's jvp-of-grad (jitted) and torch.func's, at about 1e5 weights.

The peers are benchmark-only; install them first (the CPU build of PyTorch)::

    pip install jax torch==2.13.0
    python benchmarks/hessian.py            # add --repeat 10 for steadier minima

Times are the minimum over ``--repeat`` runs after one warm-up run; each result is freed before the
next run.  Differences are max |ours - peer| divided by max |ours|.
"""

import argparse
import gc
import os
import sys
import time

import numpy as np
from scipy.linalg.blas import dsyrk

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from numerics import init, jacobian  # noqa: E402
from numerics.derivatives import hvp, loss_hessian  # noqa: E402

HESSIAN_SIZES = [([4, 8, 8, 1], 20), ([10, 16, 16, 1], 50), ([10, 32, 32, 1], 100), ([20, 64, 64, 1], 200)]
HVP_SIZE = ([64, 300, 300, 1], 1000)  # 109,500 weights


def best_time(fun, repeat):
    """Minimum wall time of ``fun()`` over `repeat` runs after a warm-up; returns (seconds, last result)."""
    out = fun()
    times = []
    for _ in range(repeat):
        del out
        gc.collect()
        start = time.perf_counter()
        out = fun()
        times.append(time.perf_counter() - start)
    return min(times), out


def problem(sizes, n, seed=0):
    rng = np.random.default_rng(seed)
    weights = init(sizes, rng)
    return weights, rng.normal(size=(n, sizes[0])), rng.normal(size=n)


def shapes_of(weights):
    return [w.shape for w in weights]


def mlp_loss(theta, shapes, X, y, relu):
    """Square loss of a bias-free ReLU MLP written with a peer's array operations (``relu`` is the peer's)."""
    h, start = X, 0
    for k, (rows, cols) in enumerate(shapes):
        W = theta[start : start + rows * cols].reshape(rows, cols)
        start += rows * cols
        h = h @ W.T if k == len(shapes) - 1 else relu(h @ W.T)
    return ((y - h[:, 0]) ** 2).sum()


def jax_functions(shapes, X, y):
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    X, y = jnp.asarray(X), jnp.asarray(y)

    def loss(theta):
        return mlp_loss(theta, shapes, X, y, jax.nn.relu)

    def hessian_compiled(theta):
        return jax.jit(jax.hessian(loss)).lower(theta).compile()

    def hvp_compiled(theta, v):
        return jax.jit(lambda t, u: jax.jvp(jax.grad(loss), (t,), (u,))[1]).lower(theta, v).compile()

    return jnp.asarray, hessian_compiled, hvp_compiled


def torch_functions(shapes, X, y):
    import torch

    torch.set_default_dtype(torch.float64)
    X, y = torch.as_tensor(X), torch.as_tensor(y)

    def loss(theta):
        return mlp_loss(theta, shapes, X, y, torch.relu)

    def hessian(theta):
        return torch.func.hessian(loss)(theta)

    def hvp_(theta, v):
        return torch.func.jvp(torch.func.grad(loss), (theta,), (v,))[1]

    return torch.as_tensor, hessian, hvp_


def available(name):
    try:
        __import__(name)
        return True
    except ImportError:
        print(f"({name} is not installed: its columns are skipped; pip install jax torch==2.13.0)")
        return False


def difference(ours, theirs):
    return float(np.max(np.abs(ours - np.asarray(theirs))) / np.max(np.abs(ours)))


def hessian_table(repeat, peers):
    print("## loss_hessian (square loss, bias-free ReLU MLP, float64, CPU)\n")
    print("| sizes | N | W | ours s | syrk s | J+syrk s | J.T@J s | ours/syrk | ours/(J+syrk) | ours/J.T@J "
          "| jax s (compile s) | jax/ours | jax diff | torch s | torch/ours | torch diff |")
    print("|" + "---|" * 16)
    for sizes, n in HESSIAN_SIZES:
        weights, X, y = problem(sizes, n)
        theta = np.concatenate([w.ravel() for w in weights])
        ours, H = best_time(lambda: loss_hessian(weights, X, y), repeat)
        J = jacobian(weights, X)
        floor, _ = best_time(lambda: dsyrk(2.0, J.T), repeat)
        formed, _ = best_time(lambda: dsyrk(2.0, jacobian(weights, X).T), repeat)
        full, _ = best_time(lambda: 2.0 * (J.T @ J), repeat)
        row = [str(sizes), n, theta.size, f"{ours:.4g}", f"{floor:.4g}", f"{formed:.4g}", f"{full:.4g}",
               f"{ours / floor:.2f}", f"{ours / formed:.2f}", f"{ours / full:.2f}"]
        if "jax" in peers:
            to_jax, compiled, _ = jax_functions(shapes_of(weights), X, y)
            t = to_jax(theta)
            start = time.perf_counter()
            hessian = compiled(t)
            compile_time = time.perf_counter() - start
            theirs, Hj = best_time(lambda: hessian(t).block_until_ready(), repeat)
            row += [f"{theirs:.4g} ({compile_time:.2g})", f"{theirs / ours:.1f}", f"{difference(H, Hj):.1e}"]
        else:
            row += ["-"] * 3
        if "torch" in peers:
            to_torch, hessian, _ = torch_functions(shapes_of(weights), X, y)
            t = to_torch(theta)
            theirs, Ht = best_time(lambda: hessian(t), max(1, repeat // 3) if theta.size > 2000 else repeat)
            row += [f"{theirs:.4g}", f"{theirs / ours:.1f}", f"{difference(H, Ht.numpy()):.1e}"]
        else:
            row += ["-"] * 3
        print("| " + " | ".join(map(str, row)) + " |")


def hvp_table(repeat, peers):
    sizes, n = HVP_SIZE
    weights, X, y = problem(sizes, n)
    theta = np.concatenate([w.ravel() for w in weights])
    v = np.random.default_rng(1).normal(size=theta.size)
    print(f"\n## hvp at {theta.size:,} weights (sizes {sizes}, N = {n})\n")
    print("| method | seconds | time / ours | max rel. diff |")
    print("|---|---|---|---|")
    ours, Hv = best_time(lambda: hvp(weights, X, y, v), repeat)
    print(f"| numerics.derivatives.hvp | {ours:.4g} | 1.0 | - |")
    if "jax" in peers:
        to_jax, _, compiled = jax_functions(shapes_of(weights), X, y)
        t, u = to_jax(theta), to_jax(v)
        start = time.perf_counter()
        product = compiled(t, u)
        compile_time = time.perf_counter() - start
        theirs, out = best_time(lambda: product(t, u).block_until_ready(), repeat)
        print(f"| jax.jit(jvp(grad)) (compile {compile_time:.2g} s) | {theirs:.4g} | {theirs / ours:.1f} "
              f"| {difference(Hv, out):.1e} |")
    if "torch" in peers:
        to_torch, _, product = torch_functions(shapes_of(weights), X, y)
        t, u = to_torch(theta), to_torch(v)
        theirs, out = best_time(lambda: product(t, u), repeat)
        print(f"| torch.func.jvp(grad) | {theirs:.4g} | {theirs / ours:.1f} | {difference(Hv, out.numpy()):.1e} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per method (default 5)")
    args = parser.parse_args(argv)
    peers = [name for name in ("jax", "torch") if available(name)]
    print(f"numpy {np.__version__}, {os.cpu_count()} cores, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}, "
          f"MALLOC_TRIM_THRESHOLD_={os.environ.get('MALLOC_TRIM_THRESHOLD_')}\n")
    hessian_table(args.repeat, peers)
    hvp_table(args.repeat, peers)


if __name__ == "__main__":
    main()

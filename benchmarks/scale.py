"""Verification at scale: wall times with 1 and N worker processes, and the Dask scheduler's overhead per task.

The unit of work is one theorem (:mod:`theorems.parallel`); the reports must be identical whatever the number of
workers (checked here too); a 5040-path homotopy (cyclic-7) is split into batches of 512 paths.  The overhead of a Dask
cluster is measured on a ``LocalCluster`` of two worker
processes: the wall time of trivial tasks, per task.  Run by hand::

    python benchmarks/scale.py --profile default          # or thorough (long)

How it scales to a cluster (on paper, from the numbers this script prints): W workers finish in about
``max(work / W, longest task) + overhead``.  The scheduler's overhead (about 1.5 ms per task on a LocalCluster) is
negligible against tasks of 0.04 to 12 s; what bounds the speed-up is the longest theorem (``work / longest``:
about 10 for the default profile, where bezout.isolated_critical_points and landscape.saddles_outnumber_minima
take 11-12 s of 118 s).  Going further means splitting those theorems into blocks of examples, which would repeat
their shared cached work in every block (measured with checks as units: the work grew by half).  A homotopy splits
into batches of 512 paths, 3.6-5.3 s each on cyclic-7: a 5040-path system keeps up to 10 workers busy, a system
of P paths about P / 512.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import theorems  # noqa: E402


def _without_seconds(value):
    if isinstance(value, dict):
        return {k: _without_seconds(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_without_seconds(v) for v in value]
    return value


def verification_table(profile, workers):
    print(f"| profile {profile} | wall time (s) | speed-up | work (sum of theorem times, s) |")
    print("|---|---|---|---|")
    reference, serial = None, None
    for n in workers:
        start = time.perf_counter()
        report = theorems.verify(profile=profile, workers=n)
        wall = time.perf_counter() - start
        work = sum(t.seconds for t in report.theorems)
        serial = serial or wall
        same = reference is None or _without_seconds(report.to_dict()) == reference
        reference = reference or _without_seconds(report.to_dict())
        print(f"| {n} worker{'s' if n > 1 else ''} | {wall:.1f} | {serial / wall:.2f} | {work:.1f}"
              f"{'' if same else ' (REPORT DIFFERS)'} |")
    sizes = sorted(((t.seconds, t.id) for t in report.theorems), reverse=True)
    longest, name = sizes[0]
    print(f"\n{len(sizes)} tasks (one per theorem), {work:.1f} s of work; median {sizes[len(sizes) // 2][0]:.2f} s, "
          f"longest {longest:.1f} s ({name}): on a cluster of any size the wall time is at least {longest:.1f} s, "
          f"the speed-up at most {work / longest:.1f}")


def roots_table(workers):
    """Homotopy continuation on cyclic-7 (5040 paths in batches of 512) with 1 and N worker processes."""
    from numerics.polynomials import cyclic, solve
    from theorems.parallel import mapper

    print("\n| cyclic-7, 5040 paths | wall time (s) | speed-up |")
    print("|---|---|---|")
    serial, reference = None, None
    for n in workers:
        with mapper(workers=n) as batches:
            start = time.perf_counter()
            result = solve(cyclic(7), seed=0, mapper=batches)
            wall = time.perf_counter() - start
        serial = serial or wall
        same = reference is None or result.to_dict() == reference
        reference = reference or result.to_dict()
        print(f"| {n} worker{'s' if n > 1 else ''} | {wall:.1f} | {serial / wall:.2f}"
              f"{'' if same else ' (RESULT DIFFERS)'} |")


def dask_overhead(tasks=400):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("\n(dask.distributed is not installed: no overhead measurement)")
        return
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.gather(client.map(abs, range(10), pure=False))  # warm up
        start = time.perf_counter()
        client.gather(client.map(abs, range(tasks), pure=False))
        per_task = (time.perf_counter() - start) / tasks
    print(f"\nDask LocalCluster (2 worker processes): {per_task * 1e3:.2f} ms per trivial task ({tasks} tasks)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", default="default", choices=["quick", "default", "thorough"])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}\n")
    verification_table(args.profile, args.workers)
    roots_table(args.workers)
    dask_overhead()


if __name__ == "__main__":
    main()

"""Verification in parallel: worker processes on this machine, or a Dask cluster beyond it.

The unit of work is one theorem: its checks on the claim and on each mutant (:meth:`theorems.Theorem.verify`).
A theorem draws its randomness from seeds derived from the run's seed and its id alone, so it gives the same
report in any process and in any order; the reports are put back in the catalogue's order, and the catalogue
report is identical to the serial one but for the ``seconds`` fields.  A finer unit (one check on one claim) was
measured and rejected: the checks of a theorem share cached computations (trained networks, censuses of critical
points), which a finer split repeats in every process: the work grew by half and two workers gained nothing.

Workers are spawned processes with their BLAS pinned to one thread (``OMP_NUM_THREADS`` and friends), so that
``N`` workers use ``N`` cores; the serial run pins its BLAS too (:func:`single_threaded_blas`), since the number
of BLAS threads changes the last digits of sums.  With a Dask scheduler the same units are submitted to the cluster
(``pip install -e ".[dask]"``); Dask re-runs the units of a worker that dies, a result lost with its worker is
computed again, and since a unit is a pure function of its arguments the report is the same.
"""

import contextlib
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context

from numerics.errors import check_argument, check_int
from theorems.report import CatalogueReport

__all__ = ["Interrupted", "mapper", "single_threaded_blas", "verify_units"]

_PINNED = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
           "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a verification, serial or parallel; ``report`` holds the theorems that finished, in the order
    of the selection, and its ``interrupted`` is True."""

    def __init__(self, report):
        super().__init__(f"interrupted: {len(report.theorems)} theorems finished")
        self.report = report


def _run_unit(theorem_id, seed, profile):
    """One theorem's verification, in whatever process (BLAS on one thread, as everywhere)."""
    from theorems.registry import get

    with single_threaded_blas():
        return get(theorem_id).verify(seed=seed, profile=profile)


def _pinned_call(function, *arguments):
    """``function(*arguments)`` with BLAS on one thread (a Dask worker's threads are not ours to set)."""
    with single_threaded_blas():
        return function(*arguments)


def _assemble(theorems, reports, seed, profile, interrupted=False):
    return CatalogueReport(tuple(reports[t.id] for t in theorems if t.id in reports), seed, profile, interrupted)


def single_threaded_blas():
    """A context in which this process's BLAS uses one thread, as the workers' do.

    Multithreaded BLAS splits sums differently from single-threaded BLAS, so the last digits of results depend on
    the number of threads; a serial run pins it too, and the reports of 1 and N workers are then identical on any
    machine.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _pinned_environment():
    """Set the BLAS thread counts to 1 for the processes started from now on; return the previous values."""
    previous = {name: os.environ.get(name) for name in _PINNED}
    os.environ.update({name: "1" for name in _PINNED})
    return previous


def _restore(previous):
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def verify_units(theorems, *, seed, profile, workers=None, scheduler=None, progress=None):
    """Verify `theorems` in `workers` processes, or on the Dask scheduler at `scheduler`.

    Parameters
    ----------
    theorems : sequence of Theorem
    seed : int
    profile : str
        A profile name (already validated).
    workers : int, optional
        Local worker processes (ignored with a scheduler).
    scheduler : str, optional
        The address of a Dask distributed scheduler (``tcp://host:8786``).
    progress : callable, optional
        ``progress(done, total, theorem_id)`` after each theorem.

    Returns
    -------
    CatalogueReport
        Identical to the serial report but for ``seconds``.

    Raises
    ------
    Interrupted
        On Ctrl-C: pending theorems are cancelled and the exception carries the report of those that finished.
    """
    theorems = tuple(theorems)
    if scheduler is not None:
        return _verify_dask(theorems, seed, profile, scheduler, progress)
    workers = check_int(workers, "workers", minimum=1)
    reports = {}
    with _pool(workers) as pool:
        return _run_pool(pool, theorems, seed, profile, progress, reports)


def _run_pool(pool, theorems, seed, profile, progress, reports):
    futures = {pool.submit(_run_unit, t.id, seed, profile): t.id for t in theorems}
    try:
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                reports[futures[future]] = future.result()
                if progress is not None:
                    progress(len(reports), len(theorems), futures[future])
    except KeyboardInterrupt:
        processes = list(getattr(pool, "_processes", {}).values())  # stop the running theorems too, at once
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        raise Interrupted(_assemble(theorems, reports, seed, profile, interrupted=True)) from None
    return _assemble(theorems, reports, seed, profile)


@contextlib.contextmanager
def _pool(workers):
    """Spawned worker processes with one BLAS thread each.

    The executor starts its processes lazily, at the first submissions, so the BLAS variables stay pinned in
    this process's environment for the pool's whole life (this process's own BLAS read them when it loaded and
    is not affected).
    """
    previous = _pinned_environment()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            yield pool
    finally:
        _restore(previous)


def _verify_dask(theorems, seed, profile, address, progress):
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        check_argument(False, 'a Dask scheduler needs dask.distributed: pip install -e ".[dask]"')
    reports, attempts = {}, {}
    with Client(address, set_as_default=False) as client:
        def submit(theorem_id):
            future = client.submit(_run_unit, theorem_id, seed, profile, pure=False)
            futures[future] = theorem_id
            return future

        futures = {}
        queue = as_completed([submit(t.id) for t in theorems])
        try:
            for future in queue:
                theorem_id = futures.pop(future)
                try:
                    reports[theorem_id] = future.result()
                except Exception as exc:  # verify never raises: the worker died before the result was fetched
                    attempts[theorem_id] = attempts.get(theorem_id, 0) + 1
                    if attempts[theorem_id] > 3:
                        raise RuntimeError(f"{theorem_id} was lost 3 times on the cluster: {exc}") from exc
                    queue.add(submit(theorem_id))
                    continue
                if progress is not None:
                    progress(len(reports), len(theorems), theorem_id)
        except KeyboardInterrupt:
            client.cancel(list(futures))
            raise Interrupted(_assemble(theorems, reports, seed, profile, interrupted=True)) from None
    return _assemble(theorems, reports, seed, profile)


@contextlib.contextmanager
def mapper(*, workers=1, scheduler=None):
    """A ``mapper(function, argument_tuples) -> results`` over `workers` processes or a Dask cluster.

    For :func:`numerics.polynomials.solve` (batches of homotopy paths); None (serial) for one worker and no
    scheduler.  The results come back in the order of the arguments.

    Examples
    --------
    >>> with mapper(workers=1) as m:
    ...     m is None
    True
    """
    if scheduler is not None:
        try:
            from dask.distributed import Client
        except ImportError:
            check_argument(False, 'a Dask scheduler needs dask.distributed: pip install -e ".[dask]"')
        with Client(scheduler, set_as_default=False) as client:
            yield lambda function, arguments: client.gather(
                client.map(_pinned_call, [function] * len(arguments), *zip(*arguments), pure=False)) \
                if arguments else []
        return
    workers = check_int(workers, "workers", minimum=1)
    if workers == 1:
        with single_threaded_blas():
            yield None
        return
    with _pool(workers) as pool:
        yield lambda function, arguments: list(pool.map(function, *zip(*arguments))) if arguments else []

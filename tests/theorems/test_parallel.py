"""Parallel verification: the same report serially, with worker processes and on a Dask cluster."""

import os
import signal
import threading
import time

import pytest

import theorems

# cheap entries with both checks and several mutants, from three topics
IDS = ["backprop.logistic_derivative", "backprop.regularization", "landscape.strict_convexity",
       "capacity.vc_halfspaces"]


def _without_seconds(report):
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "seconds"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(report.to_dict())


@pytest.fixture(scope="module")
def serial():
    return _without_seconds(theorems.verify(IDS, seed=3, profile="quick"))


def test_two_workers_give_the_serial_report(serial):
    seen = []
    report = theorems.verify(IDS, seed=3, profile="quick", workers=2, progress=lambda d, n, u: seen.append(d))
    assert _without_seconds(report) == serial
    assert seen[-1] == len(IDS)


def test_workers_must_be_positive():
    with pytest.raises(theorems.InvalidArgument, match="workers"):
        theorems.verify(IDS, profile="quick", workers=0)


def test_a_local_cluster_gives_the_serial_report_even_when_a_worker_is_killed(serial):
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        assert _without_seconds(theorems.verify(IDS, seed=3, profile="quick", scheduler=cluster.scheduler_address)) \
            == serial
        # again, killing a worker once a few units are done: its units are re-run elsewhere
        pids = list(client.run(os.getpid).values())
        done, outcome = [], {}

        def run():
            outcome["report"] = theorems.verify(IDS, seed=3, profile="quick", scheduler=cluster.scheduler_address,
                                                progress=lambda d, n, u: done.append(d))

        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.time() + 120
        while len(done) < 1 and time.time() < deadline:
            time.sleep(0.05)
        os.kill(pids[0], signal.SIGKILL)
        killed_at = len(done)
        thread.join(timeout=600)
        total = done[-1]
        assert killed_at < total, "the run ended before the worker was killed: nothing was tested"
        assert _without_seconds(outcome["report"]) == serial
        assert pids[0] not in client.run(os.getpid).values()  # the nanny started a new worker process


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_keeps_what_finished_serially_and_in_parallel(workers, tmp_path):
    import json
    import subprocess
    import sys

    # thorough: the cheap theorem finishes in seconds, the homotopy one (1000 solves) takes minutes
    report = tmp_path / "r.json"
    process = subprocess.Popen([sys.executable, "-m", "theorems", "verify", "--profile", "thorough", "--workers",
                                workers, "backprop.logistic_derivative", "bezout.isolated_critical_points",
                                "--json", str(report)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(20)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err == "theorems: interrupted: 1 of 2 theorems finished\n"  # one message, nothing else
    assert "backprop.logistic_derivative" in out and "bezout.isolated_critical_points" not in out
    assert "interrupted: 1 of 1 verified" in out
    partial = json.loads(report.read_text())
    assert partial["summary"]["interrupted"] is True and partial["summary"]["total"] == 1
    assert [t["id"] for t in partial["theorems"]] == ["backprop.logistic_derivative"]
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left behind


def test_homotopy_batches_give_the_same_roots_with_two_workers():
    from numerics.polynomials import cyclic, solve
    from theorems.parallel import mapper

    with mapper(workers=1) as serial_map:
        serial = solve(cyclic(6), seed=2, mapper=serial_map, start="total-degree")  # 720 paths: two batches
    with mapper(workers=2) as parallel_map:
        parallel = solve(cyclic(6), seed=2, mapper=parallel_map, start="total-degree")
    assert serial.counts == parallel.counts == {"finite_regular": 156, "finite_singular": 0, "at_infinity": 564,
                                                "failed": 0}
    assert serial.to_dict() == parallel.to_dict()


def test_polyhedral_batches_give_the_same_roots_with_two_workers():
    # cyclic-7 from the default start: 924 paths of a polyhedral start, two batches
    from numerics.polynomials import cyclic, solve
    from theorems.parallel import mapper

    with mapper(workers=2) as parallel_map:
        parallel = solve(cyclic(7), seed=0, mapper=parallel_map)
    assert (parallel.mixed_volume, parallel.counts["finite_regular"], parallel.counts["failed"]) == (924, 924, 0)
    assert parallel.to_dict() == solve(cyclic(7), seed=0).to_dict()


def test_roots_on_a_local_cluster(tmp_path):
    from dask.distributed import LocalCluster

    from numerics.polynomials import cyclic, solve
    from theorems.parallel import mapper

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with mapper(scheduler=cluster.scheduler_address) as batches:
            result = solve(cyclic(6), seed=2, mapper=batches, start="total-degree")  # two batches
    with mapper(workers=1) as serial_map:
        assert result.to_dict() == solve(cyclic(6), seed=2, mapper=serial_map, start="total-degree").to_dict()

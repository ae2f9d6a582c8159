"""Root counting against PHCpack (``phc -b``) and Singular (``vdim(std(I))``), in one process on one machine.

Systems: katsura-5..8, cyclic-5..7 and dense random quadratic systems n = 6..8
(integer coefficients in [-9, 9], so that Singular works over Q).  For each:
the Bezout number (our paths), the finite solutions found by
numerics.polynomials.solve over 5 seeds (the minimum and maximum, so a lost root
shows; systems of more than 2000 paths get one seed unless --all-seeds), PHCpack's refined solutions and Singular's count with multiplicity, and
the wall times with the ratio phc / ours.

Run: ``python benchmarks/roots.py [--quick] [--timeout SECONDS]`` (peers skipped when absent:
``apt-get install phcpack singular``).
"""

import argparse
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from numerics.polynomials import bezout_number, cyclic, degrees, katsura, solve  # noqa: E402


def dense_quadratic(n, seed):
    rng = np.random.default_rng(seed)
    exponents = np.array([e for e in itertools.product(range(3), repeat=n) if sum(e) <= 2], np.int64)
    return tuple((exponents, rng.integers(1, 10, len(exponents)) * rng.choice([-1, 1], len(exponents)) + 0j)
                 for _ in range(n))


def polynomial_text(exponents, coefficients, power="^"):
    terms = []
    for e, c in zip(exponents, coefficients):
        factors = [f"x{j + 1}" + (f"{power}{k}" if k > 1 else "") for j, k in enumerate(e) if k]
        terms.append("*".join([str(int(c.real))] + factors))
    return " + ".join(terms).replace("+ -", "- ")


def run_phc(system, timeout):
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.phc", Path(tmp) / "out.phc"
        source.write_text(f"{len(system)}\n" + "".join(polynomial_text(*p) + ";\n" for p in system))
        start = time.perf_counter()
        try:
            subprocess.run(["phc", "-b", str(source), str(target)], capture_output=True, timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            return None, timeout
        seconds = time.perf_counter() - start
        # phc -b solves by the stable mixed volume: one block for the solutions with all coordinates
        # nonzero (the mixed volume) and one per set of vanishing coordinates, each ending in its own
        # "A list of N solutions has been refined"; the finite count is their sum (katsura-5: 2 + 30).
        found = re.findall(r"A list of (\d+) solutions has been refined", target.read_text())
        return (sum(map(int, found)) if found else None), seconds


def run_singular(system, timeout):
    n = len(system)
    ring = ",".join(f"x{j + 1}" for j in range(n))
    ideal = ", ".join(polynomial_text(*p, power="^") for p in system)
    script = f"ring r=0,({ring}),dp;\nideal I = {ideal};\nprint(vdim(std(I)));\nquit;\n"
    with tempfile.NamedTemporaryFile("w", suffix=".sing", delete=False) as handle:
        handle.write(script)
    start = time.perf_counter()
    try:
        out = subprocess.run(["Singular", "-q", handle.name], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, timeout
    seconds = time.perf_counter() - start
    digits = re.findall(r"-?\d+", out.stdout)
    return (int(digits[-1]) if digits else None), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the small systems, one seed")
    parser.add_argument("--timeout", type=float, default=300.0, help="per peer run, seconds")
    parser.add_argument("--all-seeds", action="store_true", help="5 seeds also for systems of more than 2000 paths")
    args = parser.parse_args()
    systems = [(f"katsura-{n}", katsura(n)) for n in (5, 6, 7, 8)]
    systems += [(f"cyclic-{n}", cyclic(n)) for n in (5, 6, 7)]
    systems += [(f"dense quadratic n={n}", dense_quadratic(n, n)) for n in (6, 7, 8)]
    if args.quick:
        systems = [s for s in systems if s[0] in ("katsura-5", "cyclic-5", "dense quadratic n=6")]
    seeds = [0] if args.quick else range(5)
    have_phc, have_singular = shutil.which("phc") is not None, shutil.which("Singular") is not None
    header = ("system", "paths", "ours (min-max over seeds)", "failed", "phc", "Singular", "ours s", "phc s",
              "Singular s", "phc/ours")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for name, system in systems:
        found, failed, times = [], [], []
        paths = bezout_number(degrees(system))
        for seed in seeds if args.all_seeds or paths <= 2000 else [0]:
            start = time.perf_counter()
            result = solve(system, seed=seed)
            times.append(time.perf_counter() - start)
            found.append(int(result.multiplicities.sum()))  # finite solutions with multiplicity
            failed.append(result.counts["failed"])
        ours = float(np.median(times))
        phc, phc_s = run_phc(system, args.timeout) if have_phc else (None, None)
        sing, sing_s = run_singular(system, args.timeout) if have_singular else (None, None)
        cells = [name, str(result.paths), f"{min(found)}-{max(found)}", str(max(failed)),
                 "absent" if not have_phc else str(phc), "absent" if not have_singular else str(sing),
                 f"{ours:.2f}", "-" if phc_s is None else f"{phc_s:.2f}", "-" if sing_s is None else f"{sing_s:.2f}",
                 "-" if phc_s is None else f"{phc_s / ours:.1f}x"]
        print(" | ".join(cells), flush=True)


if __name__ == "__main__":
    main()

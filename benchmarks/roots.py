"""Root counts against Singular and PHCpack: are the roots of ``numerics.polynomials.solve`` the true ones?

Each system of :data:`SYSTEMS` (standard test systems, roots of multiplicity 2-4, roots of norm 1e4-1e6, roots at
infinity, positive-dimensional solution sets, badly scaled coefficients and variables, critical-point systems of
small polynomial networks over several data seeds) is solved over 10 seeds and compared with the truth from
Singular, computed once per system over the rationals (every coefficient is a binary float, so exactly rational):

* ``dim(std(I))``: the dimension of the solution set (-1 when there is none);
* ``vdim(std(I))``: the number of finite roots with multiplicity, when the dimension is 0;
* ``solve.lib``'s ``solve(I, 30, 1)``: the roots to 30 digits with their multiplicities, which locate them.

A seed is right when every root of norm up to 1e8 is found with its multiplicity, nothing else is reported as a
finite root, ``finite + beyond_range`` equals ``vdim``, and a positive-dimensional set is reported with Singular's
dimension, beside exactly the isolated points of its minimal primes of dimension 0 (``minAssGTZ``).  ``phc -b``'s
count of finite solutions is shown beside (PHCpack's blackbox, no truth), with the times.

Run: ``python benchmarks/roots.py [--seeds 10] [--only NAME ...] [--timeout SECONDS]``; the peers are skipped when
absent (``apt-get install phcpack singular``).  The table of the documentation (``docs/roots.rst``) is its output.
``--start total-degree`` (or ``polyhedral``) solves from another start system than ``solve``'s default, ``auto``;
``--speed [--start auto total-degree polyhedral] [--repeat 3]`` gives the speed table instead (see :func:`speed`).
"""

import argparse
from fractions import Fraction
import itertools
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from numerics.polynomials import Polynomial, bezout_number, cyclic, degrees, eco, katsura, noon, solve  # noqa: E402

RANGE = 1e8
"""Finite roots of larger norm are ``beyond_range``: double precision cannot tell them from infinity."""


def _system(*polynomials):
    return tuple(p.pair for p in polynomials)


def dense_quadratic(n, seed):
    """``n`` quadratics in ``n`` variables with every monomial, integer coefficients in [-9, 9] (``2^n`` roots)."""
    rng = np.random.default_rng(seed)
    exponents = np.array([e for e in itertools.product(range(3), repeat=n) if sum(e) <= 2], np.int64)
    return tuple((exponents, rng.integers(1, 10, len(exponents)) * rng.choice([-1, 1], len(exponents)) + 0j)
                 for _ in range(n))


def sparse(n, degree, terms, seed):
    """``n`` equations of ``terms`` random monomials of degree at most ``degree`` each, plus a constant."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        rows = {tuple(rng.multinomial(int(rng.integers(1, degree + 1)), np.ones(n) / n)) for _ in range(terms)}
        rows.add(tuple(degree if j == i else 0 for j in range(n)))  # every variable appears, the degree is reached
        rows.add((0,) * n)
        rows = np.array(sorted(rows), np.int64)
        out.append((rows, rng.integers(1, 10, len(rows)) * rng.choice([-1, 1], len(rows)) + 0j))
    return tuple(out)


def scaled(system, equation_scales, variable_scales):
    """``s_i F_i(x / v)``: the same roots multiplied by ``v``, coefficients spread over many orders of magnitude."""
    v = np.asarray(variable_scales, float)
    return tuple((e, s * c / np.prod(v ** e, axis=1)) for (e, c), s in zip(system, equation_scales))


def network(units, data_seed, activation="z + z^2", points=None):
    """The gradient system of ``L = sum_n (sum_k a_k sigma(w_k x_n) - y_n)^2`` with ``x_n`` uniform in [0.5, 2] and
    ``y_n`` standard normal from ``default_rng(data_seed)`` (the construction of ``bezout.isolated_critical_points``)."""
    rng = np.random.default_rng(data_seed)
    points = points or 2 * units
    xs, ys = rng.uniform(0.5, 2.0, points), rng.standard_normal(points)
    if units > 1:  # data on a grid of 1/64, so that the float coefficients are exact and the symmetry a_1 <-> a_2,
        # w_1 <-> w_2 that makes the critical set positive-dimensional is exact too (else rounding breaks it)
        xs, ys = np.round(64 * xs) / 64, np.round(64 * ys) / 64
    variables = Polynomial.variables(2 * units)
    a, w = variables[:units], variables[units:]
    sigma = {"z + z^2": lambda z: z + z ** 2, "z^2": lambda z: z ** 2}[activation]
    loss = sum((sum((a[k] * sigma(w[k] * x) for k in range(units)), a[0] * 0) - y) ** 2 for x, y in zip(xs, ys))
    return tuple(loss.diff(j).pair for j in range(2 * units))


def _catalogue():
    x, y = Polynomial.variables(2)
    x3 = Polynomial.variables(3)
    systems = [(f"cyclic-{n}", "standard", cyclic(n)) for n in (5, 6, 7)]
    systems += [(f"katsura-{n}", "standard", katsura(n)) for n in (5, 6, 7, 8)]
    systems += [(f"noon-{n}", "standard", noon(n)) for n in (3, 4, 5)]
    systems += [(f"eco-{n}", "standard", eco(n)) for n in (6, 7)]
    systems += [(f"dense quadratic n={n}", "dense", dense_quadratic(n, n)) for n in (4, 5, 6, 7, 8)]
    systems += [("sparse quadratic n=6", "sparse", sparse(6, 2, 3, 0)),
                ("sparse cubic n=4", "sparse", sparse(4, 3, 3, 1))]
    systems += [
        ("double root", "multiple", _system(x ** 2 - 2 * x + 1, y - x)),
        ("triple roots", "multiple", _system((x - 1) ** 3, y ** 2 - x)),
        ("quadruple root", "multiple", _system((x - 1) ** 4, x + y - 2)),
        ("cusp and line", "multiple", _system(x ** 3 - y ** 2, x + y)),
        ("Griewank-Osborne", "multiple", _system(Fraction(29, 16) * x ** 3 - 2 * x * y, x ** 2 - y)),
        ("roots of norm 1e4", "far", _system(1e-4 * x ** 2 + x - 1, y ** 2 - x - 2)),
        ("roots of norm 1e5", "far", _system(x ** 2 - 1e10, y ** 2 - x)),
        ("roots of norm 1e6", "far", _system(2.0 ** -20 * x ** 2 + x - 1, x * y - 1)),
        ("a root of norm 1e10", "far", _system(1e-10 * x ** 2 + x - 1, x * y - 1)),
        ("roots at infinity", "infinity", _system(x ** 2 - 4, x * y - 2)),
        ("no finite root", "infinity", _system(x ** 2 + y ** 2 - 1, x ** 2 + y ** 2 - 2)),
        ("cyclic-4", "positive-dimensional", cyclic(4)),
        ("line and a point", "positive-dimensional", _system(x * (x - 1), x * (y - 2))),
        ("z^2 net, data 0", "positive-dimensional", network(1, 0, "z^2")),
        ("sphere and a plane", "positive-dimensional",
         _system(x3[0] ** 2 + x3[1] ** 2 + x3[2] ** 2 - 1, x3[0] * (x3[0] ** 2 + x3[1] ** 2 + x3[2] ** 2 - 1),
                 x3[2] - x3[0] * x3[1])),
        ("katsura-5 scaled", "scaled", scaled(katsura(5), [1e6, 1e-6, 1e3, 1, 1e-3, 10.0],
                                              [1e3, 1e-3, 1, 10.0, 1e2, 1e-2])),
        ("dense quadratic n=4 scaled", "scaled", scaled(dense_quadratic(4, 4), [1e-8, 1, 1e8, 1e4],
                                                        [1e-4, 1, 1e4, 1e2])),
    ]
    systems += [(f"z + z^2 net, data {s}", "network", network(1, s)) for s in (0, 1, 317)]
    systems += [(f"2-unit z + z^2 net, data {s}", "positive-dimensional", network(2, s)) for s in (0, 1)]
    return systems


SYSTEMS = _catalogue()


def _rational(z):
    c = complex(z)
    if c.imag:
        raise ValueError("the benchmark systems have real coefficients")
    return Fraction(c.real)


def polynomial_text(exponents, coefficients, *, exact):
    """A polynomial in ``x1, x2, ...``: rationals ``(p/q)`` for Singular, floats for phc."""
    terms = []
    for e, c in zip(exponents, coefficients):
        factors = [f"x{j + 1}" + (f"^{k}" if k > 1 else "") for j, k in enumerate(e) if k]
        q = _rational(c)
        number = f"({q.numerator}/{q.denominator})" if exact else repr(float(q))
        terms.append("*".join([number] + factors))
    return " + ".join(terms)


_SINGULAR = """LIB "solve.lib";
LIB "primdec.lib";
ring r=0,({ring}),dp;
ideal I = {ideal};
ideal G = std(I);
print("DIM " + string(dim(G)));
if (dim(G) > 0) {{
  list L = minAssGTZ(I);
  int c;
  for (c = 1; c <= size(L); c++) {{
    if (dim(std(L[c])) == 0) {{ print("ISOLATED " + string(vdim(std(L[c])))); }}
  }}
  print("PRIMES DONE");
}}
if (dim(G) == 0) {{
  print("VDIM " + string(vdim(G)));
  def S = solve(I, 30, 1, "nodisplay");
  setring S;
  int k; int j; int i; string line;
  for (k = 1; k <= size(SOL); k++) {{
    for (j = 1; j <= size(SOL[k][1]); j++) {{
      line = "ROOT " + string(SOL[k][2]);
      for (i = 1; i <= size(SOL[k][1][j]); i++) {{
        line = line + " " + string(repart(SOL[k][1][j][i])) + " " + string(impart(SOL[k][1][j][i]));
      }}
      print(line);
    }}
  }}
}}
quit;
"""


def run_singular(system, timeout):
    """Singular's truth: ``{"dim", "vdim", "roots": [(point, multiplicity)], "isolated", "seconds"}`` (``roots``
    None when ``solve.lib`` did not finish; None when Singular did not even finish the standard basis).  Where the
    dimension is positive, ``isolated`` is the number of isolated points beside the solution sets of positive
    dimension: the points of the minimal associated primes of dimension 0 (``minAssGTZ``), None if not finished."""
    n = len(system)
    script = _SINGULAR.format(ring=",".join(f"x{j + 1}" for j in range(n)),
                              ideal=", ".join(polynomial_text(*p, exact=True) for p in system))
    with tempfile.NamedTemporaryFile("w", suffix=".sing", delete=False) as handle:
        handle.write(script)
    start = time.perf_counter()
    try:
        out = subprocess.run(["Singular", "-q", handle.name], capture_output=True, text=True, timeout=timeout).stdout
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        out += "\nTIMEOUT"
    seconds = time.perf_counter() - start
    found = re.search(r"^DIM (-?\d+)", out, re.M)
    if not found:
        return None
    truth = {"dim": int(found.group(1)), "vdim": None, "roots": None, "isolated": None, "seconds": seconds}
    if truth["dim"] > 0 and re.search(r"^PRIMES DONE", out, re.M):
        truth["isolated"] = sum(int(k) for k in re.findall(r"^ISOLATED (\d+)", out, re.M))
    if truth["dim"] == 0:
        vdim = re.search(r"^VDIM (\d+)", out, re.M)
        truth["vdim"] = int(vdim.group(1)) if vdim else None
        roots = []
        for line in re.findall(r"^ROOT (.*)$", out, re.M):
            fields = line.split()
            values = [float(v) for v in fields[1:]]
            roots.append((np.array(values[0::2]) + 1j * np.array(values[1::2]), int(fields[0])))
        if "TIMEOUT" not in out and truth["vdim"] is not None and sum(m for _, m in roots) == truth["vdim"]:
            truth["roots"] = roots
    elif truth["dim"] < 0:
        truth["vdim"], truth["roots"] = 0, []
    return truth


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_phc(system, timeout, *, cpu=False):
    """``phc -b``'s number of finite solutions and its wall time, or with ``cpu`` its CPU time (user and system, of
    the child process); ``(None, timeout)`` when it did not finish."""
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.phc", Path(tmp) / "out.phc"
        source.write_text(f"{len(system)}\n" + "".join(polynomial_text(*p, exact=False) + ";\n" for p in system))
        start, start_cpu = time.perf_counter(), _children_cpu()
        try:
            subprocess.run(["phc", "-b", str(source), str(target)], capture_output=True, timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            return None, timeout
        seconds = _children_cpu() - start_cpu if cpu else time.perf_counter() - start
        # phc -b solves by the stable mixed volume: one block for the solutions with all coordinates nonzero and
        # one per set of vanishing coordinates, each ending in its own "A list of N solutions has been refined".
        found = re.findall(r"A list of (\d+) solutions has been refined", target.read_text())
        return (sum(map(int, found)) if found else None), seconds


def compare(result, truth):
    """What is wrong with ``result`` against Singular's ``truth``: a list of short findings (empty when right)."""
    problems = []
    if result.counts["failed"]:
        problems.append(f"{result.counts['failed']} failed")
    components = getattr(result, "components", ())
    if truth["dim"] > 0:
        top = max((c["dimension"] for c in components), default=0)
        if top != truth["dim"]:
            problems.append(f"dimension {top} reported, {truth['dim']} true")
        points = len(result.solutions) + getattr(result, "beyond_range", 0)
        if truth["isolated"] is not None and points != truth["isolated"]:
            problems.append(f"{points} isolated points reported, {truth['isolated']} true")
        return problems
    if components:
        problems.append(f"components {list(components)} reported on a finite set")
    ours = [(s.root, s.multiplicity) for s in result.solutions]
    beyond = getattr(result, "beyond_range", 0)
    total = sum(m for _, m in ours) + beyond
    if truth["vdim"] is not None and total != truth["vdim"]:
        problems.append(f"{total} with multiplicity, vdim {truth['vdim']}")
    if truth["roots"] is None:
        return problems
    used = np.zeros(len(ours), bool)
    lost, wrong = 0, 0
    for point, multiplicity in truth["roots"]:
        if np.linalg.norm(point) > RANGE:
            continue
        distance = [np.linalg.norm(root - point) / (1 + np.linalg.norm(point)) if not used[k] else np.inf
                    for k, (root, _) in enumerate(ours)]
        k = int(np.argmin(distance)) if ours else -1
        if k < 0 or distance[k] > 1e-6 ** (1 / multiplicity):
            lost += 1
            continue
        used[k] = True
        wrong += ours[k][1] != multiplicity
    if lost:
        problems.append(f"{lost} lost")
    if wrong:
        problems.append(f"{wrong} with a wrong multiplicity")
    if (~used).sum():
        problems.append(f"{int((~used).sum())} invented")
    return problems


def speed(args):
    """The speed table: on the systems that ``phc -b`` needs at least ``--min-cpu`` seconds of CPU to solve, our CPU
    time in this process (``time.process_time``, every thread) against phc's (its child process), alternating, best
    of ``--repeat``; with the counts of both (ours: finite roots with multiplicity, and paths)."""
    starts = args.start
    header = ["system", "phc finite", "phc CPU s"]
    for start in starts:
        header += [f"{start}: paths", f"{start}: finite", f"{start}: CPU s", f"{start}: ratio to phc"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|", flush=True)
    ratios = {start: [] for start in starts}
    for name, _, system in SYSTEMS:
        if args.only and not any(word in name for word in args.only):
            continue
        found, first = run_phc(system, args.timeout, cpu=True)
        if found is None or first < args.min_cpu:
            continue
        phc_times, ours = [first], {start: [] for start in starts}
        for round_ in range(args.repeat):
            for start in starts:
                begin = time.process_time()
                result = solve(system, seed=round_, start=start)
                ours[start].append((time.process_time() - begin, result))
            if round_:
                phc_times.append(run_phc(system, args.timeout, cpu=True)[1])
        cells = [name, str(found), f"{min(phc_times):.2f}"]
        for start in starts:
            best, result = min(ours[start], key=lambda pair: pair[0])
            ratio = best / min(phc_times)
            ratios[start].append(ratio)
            cells += [str(result.paths), str(int(result.multiplicities.sum())), f"{best:.2f}", f"{ratio:.2f}"]
        print("| " + " | ".join(cells) + " |", flush=True)
    for start in starts:
        if ratios[start]:
            print(f"\n{start}: median ratio {np.median(ratios[start]):.2f}, largest {max(ratios[start]):.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="solver seeds per system (0 .. N-1)")
    parser.add_argument("--only", nargs="*", help="only the systems whose names contain one of these")
    parser.add_argument("--timeout", type=float, default=300.0, help="per peer run, seconds")
    parser.add_argument("--speed", action="store_true", help="the speed table against phc -b instead")
    parser.add_argument("--start", nargs="+", choices=["auto", "polyhedral", "total-degree"],
                        help="start systems: the first for the root counts (default auto, solve's), all of them "
                             "timed by --speed (default auto and total-degree)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of --speed (best of)")
    parser.add_argument("--min-cpu", type=float, default=0.5, help="--speed: systems phc needs this CPU time for")
    args = parser.parse_args()
    if args.speed:
        if shutil.which("phc") is None:
            sys.exit("--speed needs phc (apt-get install phcpack)")
        args.start = args.start or ["auto", "total-degree"]
        return speed(args)
    start = (args.start or ["auto"])[0]
    have_phc, have_singular = shutil.which("phc") is not None, shutil.which("Singular") is not None
    header = ("system", "kind", "paths (Bezout)", "Singular: dim, vdim (roots located) or isolated points",
              "ours: finite with multiplicity (min-max over seeds)", "seeds right", "findings", "phc", "ours s (median)",
              "phc s")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|", flush=True)
    wrong_total = 0
    for name, kind, system in SYSTEMS:
        if args.only and not any(word in name for word in args.only):
            continue
        truth = run_singular(system, args.timeout) if have_singular else None
        found, times, findings, right, tracked = [], [], {}, 0, set()
        for seed in range(args.seeds):
            begin = time.perf_counter()
            try:
                result = solve(system, seed=seed, start=start)
            except Exception as exc:  # a crash is a finding, not the end of the benchmark
                findings.setdefault(f"crash {type(exc).__name__}", []).append(seed)
                continue
            times.append(time.perf_counter() - begin)
            found.append(int(result.multiplicities.sum()))
            tracked.add(result.paths)
            problems = compare(result, truth) if truth else []
            right += not problems
            for problem in problems:
                findings.setdefault(problem, []).append(seed)
        wrong_total += args.seeds - right if truth else 0
        phc, phc_s = run_phc(system, args.timeout) if have_phc else (None, None)
        if truth is None:
            sing = "absent" if not have_singular else "did not finish"
        else:
            sing = f"{truth['dim']}, {truth['vdim']}" + ("" if truth["roots"] is None else f" ({len(truth['roots'])})")
            if truth["dim"] > 0:
                sing = f"{truth['dim']}, {truth['isolated']} isolated points"
        bezout = bezout_number(degrees(system))
        paths = str(bezout) + ("" if tracked <= {bezout} else f" ({', '.join(map(str, sorted(tracked)))} tracked)")
        cells = [name, kind, paths, sing,
                 f"{min(found)}-{max(found)}" if found else "-", f"{right}/{args.seeds}" if truth else "-",
                 "; ".join(f"{k} (seeds {', '.join(map(str, v))})" for k, v in findings.items()) or "-",
                 "absent" if not have_phc else str(phc), f"{np.median(times):.2f}" if times else "-",
                 "-" if phc_s is None else f"{phc_s:.2f}"]
        print("| " + " | ".join(cells) + " |", flush=True)
    print(f"\nseeds with a wrong answer: {wrong_total}")


if __name__ == "__main__":
    main()

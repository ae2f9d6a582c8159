"""The contributing page's walk-through, done for real in a temporary copy of the package: a new file becomes a
verified entry, each of its mutants rejected by each check, with its LaTeX section and its documentation page."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "tanh_derivative.py"


def _python(code_or_args, copy):
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    env = {**os.environ, "PYTHONPATH": f"{copy}{os.pathsep}{ROOT / 'docs'}"}
    return subprocess.run([sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=600)


def test_the_walk_through_adds_a_verified_entry(tmp_path):
    for package in ("theorems", "numerics"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    assert "tanh_derivative" in (ROOT / "docs" / "contributing.rst").read_text()  # the page shows this file
    shutil.copy(EXAMPLE, tmp_path / "theorems" / "entries" / "backprop" / "tanh_derivative.py")

    # step 2: the registry finds it by its path; verify it
    done = _python(["-m", "theorems", "verify", "backprop.tanh_derivative", "--profile", "quick", "--json", "-"],
                   tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["theorems"][0]
    assert report["status"] == "verified" and report["checks"]["mutants"]["rejected"] == 2

    # step 3: each mutant is rejected by each check, on its own
    done = _python("import theorems\n"
                   "from theorems.checks import Context\n"
                   "from theorems.profiles import PROFILES\n"
                   "t = theorems.get('backprop.tanh_derivative')\n"
                   "context = Context(0, PROFILES['quick'], t.id, mutant=True)\n"
                   "print(len(theorems.catalogue()), [getattr(t, kind)(m.claim, context).status\n"
                   "      for m in t.mutants for kind in ('symbolic', 'numeric')])", tmp_path)
    assert done.stdout.split(None, 1) == ["64", "['failed', 'failed', 'failed', 'failed']\n"], done.stderr

    # step 4: its LaTeX section and its documentation page come from the same entry
    done = _python(["-m", "theorems", "show", "backprop.tanh_derivative", "--latex"], tmp_path)
    assert done.returncode == 0 and r"\subsection{The derivative of \texorpdfstring{$\tanh$}" in done.stdout
    done = _python("import theorems, catalogue_pages\n"
                   "print(catalogue_pages.theorem_page(theorems.get('backprop.tanh_derivative')))", tmp_path)
    assert done.returncode == 0 and "``backprop.tanh_derivative`` — an identity" in done.stdout, done.stderr
    assert not (ROOT / "theorems" / "entries" / "backprop" / "tanh_derivative.py").exists()  # the copy only

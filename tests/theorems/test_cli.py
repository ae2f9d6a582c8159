"""The command line: each subcommand, exit codes, --json schema, one-line errors."""

import dataclasses
import io
import json
import os
import subprocess
import sys

import pytest

from theorems import registry
from theorems.cli import main
from theorems.homogeneity import RELU_EULER, HomogeneityClaim


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_list_and_json():
    code, out, _ = run("list")
    assert code == 0 and "homogeneity.relu_euler" in out and "dynamics.linear_square_flow" in out
    code, out, _ = run("list", "--topic", "dynamics", "--json")
    rows = json.loads(out)
    ids = [r["id"] for r in rows]
    assert code == 0 and "dynamics.linear_square_flow" in ids and ids == sorted(ids)
    assert {r["topic"] for r in rows} == {"dynamics"}
    assert set(rows[0]) == {"id", "topic", "kind", "title", "source"}


def test_show_and_show_latex():
    code, out, _ = run("show", "homogeneity.relu_euler")
    assert code == 0 and "As stated:" in out and "Errata:" in out and "degree K-1" in out
    assert "ρ" in out and "─┬─┬─" in out  # SymPy's Unicode pretty printer
    assert "\\" not in out.split("References:")[0]  # the lectures' LaTeX as Unicode: no command left
    code, out, _ = run("show", "landscape.saddles_outnumber_minima")
    assert "P₂ = (2 - √2)/4" in out and "N² · 2 e^(-ε² d/2) < 1" in out  # no "= <" for a step that is a bound
    code, out, _ = run("show", "dynamics.linear_square_flow", "--latex")
    assert code == 0 and out.startswith(r"\subsection{")


def test_verify_writes_the_json_report(tmp_path):
    path = tmp_path / "r.json"
    code, out, _ = run("verify", "homogeneity.relu_euler", "--profile", "quick", "--seed", "2", "--json", str(path))
    assert code == 0 and "1 of 1 verified" in out
    data = json.loads(path.read_text())
    assert data["summary"]["seed"] == 2 and data["summary"]["profile"] == "quick"
    assert data["theorems"][0]["status"] == "verified"


def test_verify_exits_1_when_a_formula_is_broken(monkeypatch):
    broken = dataclasses.replace(RELU_EULER, claim=HomogeneityClaim(norm_exponent=3))
    monkeypatch.setitem(registry._REGISTRY, RELU_EULER.id, broken)
    code, out, _ = run("verify", RELU_EULER.id, "--profile", "quick")
    assert code == 1 and "failed" in out and "symbolic check failed" in out


@pytest.mark.parametrize("argv, message", [
    (["verify", "homogeneity.relu_eulr"], "closest matches: ['homogeneity.relu_euler'"),
    (["verify", "--topic", "dynamic"], "topic='dynamic' is not one of"),
    (["verify", "--profile", "fast"], "invalid choice: 'fast'"),
    (["verify", "--seed", "-1"], "--seed='-1' must be an integer >= 0"),
    (["verify", "--json", "/nonexistent/dir/r.json"], "does not exist"),
    (["latex", "-o", "/nonexistent/dir/out.tex"], "does not exist"),
    (["latex"], "the following arguments are required: -o/--output"),
    (["show", "nope"], "unknown theorem id 'nope'"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_bad_usage_is_one_line_and_exit_2(argv, message):
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_unwritable_output(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root ignores permissions
        pytest.skip("running as root: permissions are not enforced")
    code, _, err = run("verify", "--json", str(locked / "r.json"))
    assert code == 2 and "permission denied" in err


def test_latex_without_pdflatex_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    code, _, err = run("latex", "homogeneity.relu_euler", "-o", str(tmp_path / "a.tex"), "--pdf")
    assert code == 2 and "pdflatex is not installed" in err and err.count("\n") == 1


def test_python_dash_m_and_console_entry_point():
    done = subprocess.run([sys.executable, "-m", "theorems", "show", "nope"], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.startswith("theorems: error: unknown theorem id")
    done = subprocess.run([sys.executable, "-m", "theorems", "list"], capture_output=True, text=True)
    assert done.returncode == 0 and "homogeneity.relu_euler" in done.stdout


def test_roots_prints_counts_and_writes_the_json_report(tmp_path):
    system = tmp_path / "circle.phc"
    system.write_text("2\n x^2 + y^2 - 1;\n x - y;\n")
    code, out, _ = run("roots", str(system), "--groebner", "--json", str(tmp_path / "roots.json"))
    assert code == 0 and "Bezout number 2" in out and "finite regular 2" in out and "2 solutions" in out
    report = json.loads((tmp_path / "roots.json").read_text())
    assert report["bezout"] == report["paths"] == 2
    assert report["counts"] == {"finite_regular": 2, "finite_singular": 0, "at_infinity": 0, "failed": 0}
    for solution in report["solutions"]:
        (xr, xi), (yr, yi) = solution["root"]
        assert abs(xr - yr) < 1e-12 and abs(abs(xr) - 0.5**0.5) < 1e-12 and solution["multiplicity"] == 1


@pytest.mark.parametrize("text, message", [
    ("", "line 1, column 1: empty"),
    ("2\n x + y;\n x - y\n", "line 4, column 1: polynomial 2 is not ended by ';'"),
    ("2\n (x + y;\n x - y;\n", "line 2, column 2: unbalanced parenthesis"),
    ("1\n x + y;\n", "not square"),
])
def test_roots_bad_input_is_one_line_with_position_and_exit_2(tmp_path, text, message):
    system = tmp_path / "bad.phc"
    system.write_text(text)
    code, out, err = run("roots", str(system))
    assert code == 2 and out == "" and message in err and err.count("\n") == 1

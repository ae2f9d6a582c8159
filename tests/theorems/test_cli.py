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
from theorems.entries.homogeneity.relu_euler import HomogeneityClaim, RELU_EULER


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
    assert code == 0 and out.startswith(r"\providecommand{\fitmath}") and "\n\\subsection{" in out


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
    (["latex", "-o", "/dev/null/out.tex"], "cannot write '/dev/null/out.tex'"),
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


def test_roots_with_a_polyhedral_start_reports_the_mixed_volume(tmp_path):
    system = tmp_path / "hyperbola.phc"
    system.write_text("2\n x^2 - 4;\n x*y - 2;\n")  # Bezout number 4, two roots, mixed volume 2
    code, out, _ = run("roots", str(system), "--start", "polyhedral", "--json", str(tmp_path / "roots.json"))
    assert code == 0 and "Bezout number 4, mixed volume 2" in out and "paths 2: finite regular 2" in out
    assert "polyhedral start: every isolated root is reached, but a solution set of positive dimension" in out
    report = json.loads((tmp_path / "roots.json").read_text())
    assert (report["bezout"], report["mixed_volume"], report["paths"]) == (4, 2, 2)
    # the default, auto, takes the total-degree start for so few paths
    code, out, _ = run("roots", str(system), "--json", str(tmp_path / "total.json"))
    report = json.loads((tmp_path / "total.json").read_text())
    assert code == 0 and (report["bezout"], report["mixed_volume"], report["paths"]) == (4, None, 4)
    assert "polyhedral start" not in out


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


def test_version():
    assert run("--version") == (0, "theorems 0.1.0\n", "")
    done = subprocess.run([sys.executable, "-m", "theorems", "-V"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "theorems 0.1.0\n"


@pytest.mark.parametrize("command", ["check", "roots"])
def test_binary_input_is_one_line_and_exit_2(tmp_path, command):
    binary = tmp_path / "bin.tex"
    binary.write_bytes(bytes(range(256)) * 16)
    code, out, err = run(command, str(binary))
    assert code == 2 and out == ""
    assert err == f"theorems: error: {binary}: not UTF-8 text (byte 0x80 at offset 128)\n"
    latin = tmp_path / "latin.tex"
    latin.write_bytes("\\[ \\sigma(z) = z \\] % caf\u00e9".encode("latin-1"))
    code, _, err = run(command, str(latin))
    assert code == 2 and "not UTF-8 text (byte 0xe9 at offset 25)" in err


def test_an_empty_selection_is_an_error_and_topics_add_up():
    code, out, err = run("verify", "--topic", "dynamics", "homogeneity.relu_euler")
    assert (code, out) == (2, "") and err == ("theorems: error: no theorem matches: homogeneity.relu_euler is not in "
                                              "topic dynamics\n")
    code, out, _ = run("list", "--topic", "homogeneity", "--topic", "capacity", "--json")
    assert {r["topic"] for r in json.loads(out)} == {"homogeneity", "capacity"}
    code, out, _ = run("verify", RELU_EULER.id, RELU_EULER.id, "--profile", "quick")
    assert code == 0 and "1 of 1 verified" in out and out.count(RELU_EULER.id) == 1


def test_json_to_standard_output_sends_the_table_to_standard_error():
    code, out, err = run("verify", RELU_EULER.id, "--profile", "quick", "--json", "-")
    assert code == 0 and json.loads(out)["summary"]["verified"] == 1
    assert "1 of 1 verified" in err and not os.path.exists("-")


def test_an_unwritable_target_is_refused_before_the_work(tmp_path):
    if not os.path.isdir("/proc/self"):
        pytest.skip("no /proc on this system")
    code, out, err = run("verify", "--json", "/proc/r.json")  # the whole catalogue: refused at once, nothing ran
    assert code == 2 and out == "" and err.startswith("theorems: error: argument --json: cannot write '/proc/r.json'")
    code, out, err = run("latex", RELU_EULER.id, "-o", "/proc/x.tex")
    assert code == 2 and out == "" and "cannot write '/proc/x.tex'" in err and ".bib" not in err


def test_reports_are_written_whole_or_not_at_all(tmp_path):
    from theorems.files import _write

    target = tmp_path / "r.json"
    target.write_text("the previous report\n")
    with pytest.raises(UnicodeEncodeError):
        _write(target, "{\"half\": \"\ud800\"}")  # fails while writing
    assert target.read_text() == "the previous report\n" and [p.name for p in tmp_path.iterdir()] == ["r.json"]
    _write(target, "new\n")
    assert target.read_text() == "new\n" and oct(target.stat().st_mode & 0o777) != oct(0o600)


def test_latex_creates_the_output_directory(tmp_path):
    code, out, _ = run("latex", "homogeneity.relu_euler", "-o", str(tmp_path / "out" / "report.tex"))
    assert code == 0 and (tmp_path / "out" / "report.tex").exists() and (tmp_path / "out" / "report.bib").exists()


def test_a_closed_pipe_ends_quietly():
    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    assert main(["list"], out=Closed(), err=err) == 141 and err.getvalue() == ""
    for _ in range(3):  # the real thing: the reader leaves after one line
        done = subprocess.run(f"'{sys.executable}' -m theorems list | head -1", shell=True, capture_output=True,
                              text=True)
        assert done.stdout.startswith("approximation.") and done.stderr == ""


def test_a_terminal_without_unicode_gets_ascii():
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run([sys.executable, "-m", "theorems", "show", "homogeneity.relu_euler"], capture_output=True,
                          env=env)
    assert done.returncode == 0 and done.stderr == b""
    text = done.stdout.decode("ascii")  # not a byte outside ASCII
    assert "\\sigma(z) = z" in text and "Errata:" in text


def test_python_api_errors_name_the_problem():
    import theorems

    assert [t.id for t in theorems.verify("homogeneity.relu_euler", profile="quick").theorems] == [RELU_EULER.id]
    gd_step = theorems.get("dynamics.gd_step")
    assert not gd_step.has_figure and not gd_step.figure
    with pytest.raises(theorems.InvalidArgument, match="dynamics.gd_step has no figure"):
        gd_step.figure(0)
    assert theorems.get("dynamics.rho_grows").has_figure
    with pytest.raises(theorems.InvalidArgument, match="no theorem matches"):
        theorems.verify([], profile="quick")


def test_help_says_what_each_command_prints_and_its_defaults(capsys):
    for command, phrases in {"list": ["id, kind and title", "repeat for several"],
                             "verify": ["(default: default)", "standard output with -"],
                             "latex": ["(default: quick)", "directory is created"],
                             "roots": ["standard output with -"]}.items():
        with pytest.raises(SystemExit) as stop:
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert stop.value.code == 0 and all(p in text for p in phrases), (command, text)


def test_prose_names_the_kind_with_its_article():
    code, out, _ = run("show", "backprop.logistic_derivative", "--latex")
    assert code == 0 and "an identity of topic" in out
    assert "a theorem of topic" in theorems_latex("dynamics.gd_step")


def theorems_latex(theorem_id):
    import theorems

    return theorems.get(theorem_id).latex()


def test_check_imports_only_what_it_uses(tmp_path):
    """`theorems check` loads neither the catalogue nor the engine, Hypothesis, SciPy, NumPy or SymPy's quantum
    module (each was a slice of its start-up)."""
    step = tmp_path / "step.tex"
    step.write_text("x + x = 2x\n")
    code = ("import sys\nfrom theorems.cli import main\nstatus = main(['check', sys.argv[1]])\n"
            "print(status, sorted(m for m in sys.modules if m.startswith(('theorems.entries', 'theorems.core', "
            "'hypothesis', 'scipy', 'sympy.physics', 'numerics.derivatives', 'matplotlib', 'networkx', 'numpy'))))")
    done = subprocess.run([sys.executable, "-c", code, str(step)], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr


def test_roots_imports_neither_scipy_nor_the_latex_reader(tmp_path):
    """`theorems roots` loads the polynomial solver, not SciPy, the LaTeX reader or the catalogue (issue 28, item
    6: they were a second of its start-up)."""
    system = tmp_path / "circle.phc"
    system.write_text("2\n x^2 + y^2 - 1;\n x - y;\n")
    code = ("import sys\nfrom theorems.cli import main\nstatus = main(['roots', sys.argv[1]])\n"
            "print(status, sorted(m for m in sys.modules if m.startswith(('theorems.entries', 'theorems.core', "
            "'scipy', 'lark', 'theorems.derivations', 'sympy.parsing.latex', 'matplotlib', 'hypothesis'))))")
    done = subprocess.run([sys.executable, "-c", code, str(system)], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr


def test_check_builds_its_parser_once_and_not_sympys(tmp_path):
    """The built parser is kept in the user's cache (a corrupt file is rebuilt), and SymPy's own LaTeX parser, which
    `theorems check` never uses, is not built at start-up but still works when asked for."""
    step = tmp_path / "step.tex"
    step.write_text(r"\frac{d}{dx} x^2 = 2x" + "\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = ("import sys\nfrom theorems.cli import main\nstatus = main(['check', sys.argv[1]])\n"
            "stand_in = not hasattr(sys.modules['sympy.parsing.latex.lark.latex_parser'], '_lark_latex_parser')\n"
            "from sympy.parsing.latex import parse_latex\n"
            "print(status, stand_in, parse_latex(r'\\frac{1}{2} x', backend='lark'))")
    outputs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", code, str(step)], capture_output=True, text=True, env=env)
        outputs.append(done.stdout)
        assert done.stdout.splitlines()[-1] == "0 True x/2", done.stdout + done.stderr
    (cached,) = (tmp_path / "cache" / "dl-theorems").glob("latex-parser-*.pickle")
    assert outputs[0] == outputs[1]
    cached.write_bytes(b"not a pickle")
    done = subprocess.run([sys.executable, "-c", code, str(step)], capture_output=True, text=True, env=env)
    assert done.stdout == outputs[0] and cached.stat().st_size > 1000  # read as absent, built, written again

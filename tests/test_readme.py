"""The README: its Python tour runs as written, and its Set up section holds the two commands CI runs."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()


def test_readme_python_blocks_run():
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_set_up_holds_the_two_commands_that_ci_runs():
    section = README.split("\n## Set up\n", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in section.splitlines() if line.startswith("    pip install")]
    assert commands == ["pip install -e . && theorems verify", 'pip install -e ".[test]" && pytest']
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 -m venv" in ci and '"\\n## Set up\\n"' in ci  # CI reads the commands from that section


def test_nothing_points_outside_the_repository():
    """No path out of the repository, no lecture file or line number, no internal numbering of claims or issues."""
    outside = re.compile(r"\.\./|claims\.md|DESIGN\.md|seeds?/|\bseed 00[0-2]\b|\bL\d{2,3}\b|\b[ABC]\d{1,2}\b|"
                         r"\bissue \d+|#\d{2,}")
    docs = ROOT / "docs"
    for path in [ROOT / "README.md", *sorted(docs.glob("*.rst")), *sorted(docs.glob("*.py")), docs / "tour.ipynb",
                 *sorted((docs / "examples").glob("*"))]:
        assert not outside.findall(path.read_text()), (path.name, outside.findall(path.read_text()))

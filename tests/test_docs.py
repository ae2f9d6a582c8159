"""The documentation builds with warnings as errors, and the notebook tour runs (Sphinx and nbclient come with the
``test`` extra: a missing one is an error, not a skip)."""

import re
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).parents[1] / "docs"


def test_sphinx_builds_without_warnings(tmp_path):
    done = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    for topic in ("backprop", "landscape"):
        page = (tmp_path / "html" / "topics" / f"{topic}.html").read_text()
        assert 'class="math' in page and "Mutants the checks must reject" in page
    for page in (tmp_path / "html" / "topics").glob("*.html"):  # "S. S. Du, W. Hu" is a reference, not list item S
        assert not re.search(r'<ol class="(upper|lower)(alpha|roman)', page.read_text()), page.name
    assert (tmp_path / "html" / "topics" / "figures" / "backprop.chain_rule.png").exists() or \
        (tmp_path / "html" / "_images" / "backprop.chain_rule.png").exists()


def test_tour_notebook_executes():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(DOCS / "tour.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(DOCS)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    rich = [o.get("data", {}) for o in outputs if o.output_type in ("execute_result", "display_data")]
    assert any("text/latex" in d for d in rich)  # the theorem
    assert any("<table>" in d.get("text/html", "") for d in rich)  # the verification report
    assert any("image/png" in d for d in rich)  # the figure

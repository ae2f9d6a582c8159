"""LaTeX output: the project printer, the sections, and a real pdflatex compilation."""

import shutil

import pytest
import sympy as sp

import theorems
from theorems.latex import LatexError, compile_pdf, document, latex
from theorems.symbolic import relu


def test_project_printer():
    u = sp.Symbol("u")
    assert latex(relu(u)) == r"\sigma\left(u\right)"
    assert latex(sp.Heaviside(u, 0)) == r"\mathbf{1}\left[u > 0\right]"
    assert latex(sp.diff(relu(u**2), u)) == r"2 u \mathbf{1}\left[u^{2} > 0\right]"


def test_section_has_every_part():
    text = theorems.get("homogeneity.relu_euler").latex()
    for part in ("As stated", "Correct statement", "Hypotheses", "Derivation", "Errata", "References"):
        assert r"\subsection*{" + part + "}" in text
    assert r"\label{thm:homogeneity.relu_euler}" in text


def test_repr_latex_for_notebooks():
    text = theorems.get("dynamics.linear_square_flow")._repr_latex_()
    assert "Gradient flow" in text and "Hypotheses" in text


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (CI installs TeX Live)")
def test_document_compiles_without_undefined_references(tmp_path):
    catalogue = theorems.catalogue()
    report = theorems.verify(seed=0, profile="quick")
    tex = tmp_path / "report.tex"
    tex.write_text(document(catalogue, report))
    pdf = compile_pdf(tex)
    assert pdf.exists() and pdf.stat().st_size > 10_000
    log = tex.with_suffix(".log").read_text(errors="replace")
    assert "undefined" not in log.lower() and "Rerun to get" not in log
    assert "Overfull" not in log


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (CI installs TeX Live)")
def test_a_broken_document_is_a_clear_error(tmp_path):
    tex = tmp_path / "bad.tex"
    tex.write_text(r"\documentclass{article}\begin{document}\undefinedmacro\end{document}")
    with pytest.raises(LatexError, match="LaTeX failed on bad.tex"):
        compile_pdf(tex)

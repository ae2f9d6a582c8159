"""LaTeX output: the project printer, the sections, and a real pdflatex compilation."""

import re
import shutil

import pytest
import sympy as sp

import theorems
from theorems.render.latex import LatexError, bibliography, compile_pdf, document, latex, theorem_section
from theorems.symbolic.nets import relu


def test_project_printer():
    u = sp.Symbol("u")
    assert latex(relu(u)) == r"\sigma\left(u\right)"
    assert latex(sp.Heaviside(u, 0)) == r"\mathbf{1}\left[u > 0\right]"
    assert latex(sp.diff(relu(u**2), u)) == r"2 u \mathbf{1}\left[u^{2} > 0\right]"


def test_section_has_every_part():
    text = theorems.get("homogeneity.relu_euler").latex()
    for part in ("As stated", "Correct statement", "Hypotheses", "Derivation", "Errata", "References"):
        assert r"\subsubsection*{" + part + "}" in text
    assert r"\label{thm:homogeneity.relu_euler}" in text
    assert r"\begin{aligned}" in text  # the derivation's steps aligned


def test_a_step_that_starts_with_a_relation_gets_no_equals_sign():
    from theorems.render.latex import step_relation

    assert step_relation(r"\le 2") == ("", r"\le 2") and step_relation("< 1") == ("", "< 1")
    assert step_relation(sp.Symbol("x")) == ("= ", "x")
    assert step_relation(r"\left(x\right)") == ("= ", r"\left(x\right)")
    text = theorems.get("landscape.saddles_outnumber_minima").latex()
    assert "&= < 1" not in text and "&< 1" in text


def test_bibliography_has_one_entry_per_reference_and_sections_cite_them():
    from theorems.render.latex import bibliography, reference_key

    entries = theorems.catalogue("backprop")
    bib = bibliography(entries)
    keys = {reference_key(r) for t in entries for r in t.references}
    assert bib.count("@misc{") == len(keys) and all(k in bib for k in keys)
    section = theorem_section(entries[0], cite=True)
    assert r"\cite{" + reference_key(entries[0].references[0]) in section


def test_repr_latex_for_notebooks():
    text = theorems.get("dynamics.linear_square_flow")._repr_latex_()
    assert "Gradient flow" in text and "Hypotheses" in text


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (CI installs TeX Live)")
def test_document_compiles_without_undefined_references(tmp_path):
    catalogue = theorems.catalogue()
    report = theorems.verify(seed=0, profile="quick")
    tex = tmp_path / "report.tex"
    (tmp_path / "report.bib").write_text(bibliography(catalogue))
    tex.write_text(document(catalogue, report, bibliography_name="report"))
    pdf = compile_pdf(tex)
    assert pdf.exists() and pdf.stat().st_size > 10_000
    log = tex.with_suffix(".log").read_text(errors="replace")
    assert "undefined" not in log.lower() and "Rerun to get" not in log
    assert r"\bibcite{" in (tmp_path / "report.aux").read_text()  # BibTeX ran and the citations resolved
    assert "Overfull" not in log
    info = dict(re.findall(rb"/(Title|Author) ?(\((?:\\.|[^\\)])*\))", pdf.read_bytes()))
    assert _pdf_string(info[b"Title"]) == "dl-theorems: a verified catalogue of deep-learning theory"
    assert _pdf_string(info[b"Author"]) == f"dl-theorems {theorems.__version__}"
    # the outline (bookmarks) holds the titles' mathematics as Unicode, not as TeX source
    outline = [_pdf_string(b"(" + m + b")") for m in
               re.findall(rb"\\BOOKMARK \[2\]\[-\]\{[^}]*\}\{([^}]*)\}", tex.with_suffix(".out").read_bytes())]
    assert "The logistic function satisfies σ' = σ (1 - σ)" in outline and not any("\\" in b for b in outline)


def _pdf_string(literal):
    r"""A PDF string literal ``(...)`` as text: escapes (``\ddd``, ``\(``) undone, UTF-16 when it starts with a BOM."""
    raw = re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m.group(1), 8)]) if m.group(1).isdigit()
                 else {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m.group(1), m.group(1)), literal[1:-1])
    return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (CI installs TeX Live)")
def test_a_section_compiles_in_another_document(tmp_path):
    fragments = "\n".join(theorems.get(i).latex() for i in ("backprop.logistic_derivative", "dynamics.gd_step",
                                                             "homogeneity.relu_euler"))
    tex = tmp_path / "mine.tex"
    tex.write_text("\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n" + fragments
                   + "\n\\end{document}\n")
    assert compile_pdf(tex).exists()


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (CI installs TeX Live)")
def test_a_broken_document_is_a_clear_error(tmp_path):
    tex = tmp_path / "bad.tex"
    tex.write_text(r"\documentclass{article}\begin{document}\undefinedmacro\end{document}")
    with pytest.raises(LatexError, match="LaTeX failed on bad.tex"):
        compile_pdf(tex)

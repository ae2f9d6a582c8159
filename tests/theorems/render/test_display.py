"""What a reader sees outside LaTeX: Unicode on a terminal, HTML and LaTeX tables in Jupyter."""

import pytest

import theorems
from theorems.render.terminal import to_unicode


@pytest.mark.parametrize("latex, text", [
    (r"\frac{a + b}{2c}", "(a + b)/(2c)"),
    (r"\frac12 x", "1/2 x"),
    (r"\frac{\pi - 2\sqrt2}{4\pi}", "(π - 2√2)/(4π)"),
    (r"e^{-V/T}", "e^(-V/T)"),
    (r"x^{2} + y_{ij}", "x² + yᵢⱼ"),
    (r"\|W_k\|_F \le \rho_k", "‖Wₖ‖_F ≤ ρₖ"),
    (r"``quoted'' and f''(x)", "“quoted” and f″(x)"),
    (r"\mathbb{R}^d, \mathcal{H}, \hat h, \tilde f", "ℝᵈ, ℋ, h\u0302, f\u0303"),  # combining accents
    (r"\sqrt{2T} \ne \sqrt2 T", "√(2T) ≠ √2 T"),
    (r"\cos\theta", "cos θ"),
    (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", "[1 2; 3 4]"),
    (r"\unknownmacro{x}", "unknownmacrox"),  # printed by name, never dropped
])
def test_to_unicode(latex, text):
    assert to_unicode(latex) == text


def test_no_latex_command_survives_in_the_catalogue():
    for t in theorems.catalogue():
        for item in (t.as_stated, *[s for s in t.statement if isinstance(s, str)], *t.errata):
            assert "\\" not in to_unicode(item), (t.id, item)


def test_reports_render_as_html_and_latex_tables():
    report = theorems.verify(["backprop.regularization", "landscape.strict_convexity"], profile="quick")
    html = report._repr_html_()
    assert html.count("<tr>") == 3 and "backprop.regularization" in html and "<caption>2 of 2 verified" in html
    assert report.theorems[0]._repr_html_().count("<tr>") == 2
    latex = report._repr_latex_()
    assert latex.startswith(r"$\begin{array}") and r"\text{backprop.regularization}" in latex

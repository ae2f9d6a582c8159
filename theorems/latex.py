"""LaTeX for the catalogue: one section per theorem, a complete document, and its compilation to PDF.

Equations that are SymPy objects go through :class:`DLLatexPrinter`, SymPy's
LaTeX printer with the project's notation; statements the slides give as LaTeX
are used as they are.
"""

import datetime
import re
import shutil
import subprocess
from pathlib import Path

from sympy.printing.latex import LatexPrinter

from numerics.errors import InvalidArgument

__all__ = ["DLLatexPrinter", "LatexError", "check_engine", "compile_pdf", "document", "escape", "latex",
           "notebook_latex", "theorem_section", "write_figures"]


class LatexError(InvalidArgument):
    """The LaTeX engine is missing, or the document did not compile cleanly."""


class DLLatexPrinter(LatexPrinter):
    r"""SymPy's LaTeX printer with the notation of the lectures.

    ``Heaviside(u, 0)`` (the ReLU derivative with ``sigma'(0) = 0``) prints as
    ``\mathbf{1}[u > 0]``; :class:`theorems.symbolic.relu` prints itself as
    ``\sigma``.

    Examples
    --------
    >>> import sympy as sp
    >>> latex(sp.Heaviside(sp.Symbol("u"), 0))
    '\\mathbf{1}\\left[u > 0\\right]'
    """

    def _print_Heaviside(self, expr, exp=None):
        if len(expr.args) == 2 and expr.args[1] == 0:
            text = r"\mathbf{1}\left[%s > 0\right]" % self._print(expr.args[0])
            return text if exp is None else r"%s^{%s}" % (text, exp)
        return super()._print_Heaviside(expr, exp)


def latex(item):
    """LaTeX of a SymPy object with :class:`DLLatexPrinter`; strings are returned unchanged."""
    if isinstance(item, str):
        return item
    return DLLatexPrinter().doprint(item)


_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
            "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def escape(text):
    r"""Escape plain text (ids, details, messages) for LaTeX.

    Examples
    --------
    >>> escape("rho_k ~ 50%")
    'rho\\_k \\textasciitilde{} 50\\%'
    """
    return "".join(_SPECIAL.get(c, c) for c in str(text))


def _label(theorem):
    return "thm:" + theorem.id


def _display(item):
    """A statement item: a string is LaTeX as it is (prose, or display math in \\[ \\]), SymPy is displayed."""
    if isinstance(item, str):
        return item
    return r"\[ " + latex(item) + r" \]"


def _verification(report):
    """The outcome of a verification run as a description list."""
    lines = [r"\begin{description}", rf"\item[Status] \textbf{{{escape(report.status)}}} "
             rf"({report.seconds:.2f}\,s)."]
    for kind, check in report.checks.items():
        text = rf"\item[{kind.capitalize()}] {escape(check.status)}: {escape(check.detail)}"
        if check.examples is not None:
            text += rf". {check.examples} examples"
        if check.max_error is not None and check.tolerance is not None:
            text += rf", max error {check.max_error:.3g} (tolerance {check.tolerance:g})"
        if check.counterexample is not None:
            text += r". Counterexample: \texttt{" + escape(str(check.counterexample)[:300]) + "}"
        if check.exception is not None:
            text += r". Exception: \texttt{" + escape(check.exception["type"]) + "}"
        lines.append(text + ".")
    m = report.mutants
    lines.append(rf"\item[Mutants] {m.rejected} of {m.total} rejected.")
    lines.append(r"\end{description}")
    lines.append(r"\begin{itemize}")
    for name, kind in m.rejected_by.items():
        lines.append(rf"\item {escape(name)}: rejected by the {kind} check.")
    for name in m.survivors:
        lines.append(rf"\item {escape(name)}: \textbf{{survived}}.")
    for name, message in m.errors.items():
        lines.append(rf"\item {escape(name)}: the checks could not run ({escape(message[:200])}).")
    lines.append(r"\end{itemize}")
    return "\n".join(lines)


def theorem_section(theorem, report=None, figure=None):
    """One theorem as a LaTeX ``\\section``: as stated, statement, hypotheses, derivation, errata, references.

    Parameters
    ----------
    theorem : Theorem
    report : TheoremReport, optional
        A verification of this theorem, shown as its own subsection.
    figure : str, optional
        The path (relative to the document) of the theorem's figure as a PDF, included after the statement.

    Returns
    -------
    str
    """
    parts = [
        rf"\section{{{escape(theorem.title)}}}\label{{{_label(theorem)}}}",
        rf"\noindent\textbf{{Id}} \texttt{{{escape(theorem.id)}}}, a {theorem.kind} of topic "
        rf"\texttt{{{escape(theorem.topic)}}}.\\ \textbf{{Source}} {escape(theorem.source)}.",
        r"\subsection*{As stated}",
        r"\[ " + theorem.as_stated + r" \]",
        r"\subsection*{Correct statement}",
        *[_display(item) for item in theorem.statement],
        *([] if figure is None else [
            r"\begin{figure}[htbp]\centering",
            rf"\includegraphics[width=\linewidth]{{{figure}}}",
            rf"\caption{{{escape(theorem.title)} (\texttt{{{escape(theorem.id)}}}).}}",
            r"\end{figure}"]),
        r"\subsection*{Hypotheses}",
        r"\begin{enumerate}",
        *[rf"\item {h.text}" for h in theorem.hypotheses],
        r"\end{enumerate}",
        r"\subsection*{Derivation}",
        r"\begin{enumerate}",
    ]
    for step in theorem.derivation:
        parts.append(r"\item \begin{math}\displaystyle " + latex(step.lhs) + " = " + latex(step.rhs)
                     + r"\end{math}\\ " + step.justification + ".")
    parts += [r"\end{enumerate}", r"\subsection*{Errata}", r"\begin{itemize}"]
    parts += [rf"\item {e}" for e in theorem.errata] or [r"\item None."]
    parts += [r"\end{itemize}"]
    if report is not None:
        parts += [r"\subsection*{Verification}", _verification(report)]
    parts += [r"\subsection*{References}", r"\begin{itemize}", *[rf"\item {escape(r)}" for r in theorem.references],
              r"\end{itemize}"]
    return "\n".join(parts) + "\n"


def notebook_latex(theorem):
    """A compact form for Jupyter (``_repr_latex_``): title, statement and hypotheses, math in ``$``."""
    items = [r"$\textbf{" + escape(theorem.title) + "}$"]
    for item in theorem.statement:
        items.append(item if isinstance(item, str) else "$$" + latex(item) + "$$")
    items.append("Hypotheses: " + " ".join(h.text for h in theorem.hypotheses))
    return "\n\n".join(items)


_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage[margin=2.5cm]{geometry}
\usepackage[hidelinks]{hyperref}
\emergencystretch=2em
"""


def document(theorems, reports=None, *, title="dl-theorems: a verified catalogue of deep-learning theory",
             figures=None):
    """A complete LaTeX article for `theorems`, with their verification reports when given.

    Parameters
    ----------
    theorems : sequence of Theorem
    reports : CatalogueReport, optional
        A verification of the same theorems.
    title : str
    figures : dict, optional
        Theorem id -> path of its figure's PDF relative to the document (see :func:`write_figures`).

    Returns
    -------
    str
        Title page with version and date, abstract, table of contents, one section per theorem.
    """
    from theorems import __version__

    by_id = {} if reports is None else {r.id: r for r in reports.theorems}
    run = ""
    if reports is not None:
        summary = reports.to_dict()["summary"]
        run = (f" This document records a verification run (profile \\texttt{{{summary['profile']}}}, seed "
               f"{summary['seed']}): {summary['verified']} of {summary['total']} theorems verified, "
               f"{summary['mutants_rejected']} of {summary['mutants_total']} mutants rejected.")
    body = [
        _PREAMBLE,
        rf"\title{{{escape(title)}}}",
        rf"\author{{dl-theorems {escape(__version__)}}}",
        rf"\date{{{datetime.date.today().isoformat()}}}",
        r"\begin{document}",
        r"\maketitle",
        r"\begin{abstract}",
        "Each section takes one claim of a lecture on the theory of deep learning: the statement as the "
        "lecture gives it, the correct statement with its hypotheses, a derivation, the errata, and the outcome "
        "of its checks: a SymPy proof, a numeric check on generated instances, and deliberately wrong variants "
        "(mutants) that the checks must reject." + run,
        r"\end{abstract}",
        r"\tableofcontents",
        r"\newpage",
    ]
    figures = figures or {}
    body += [theorem_section(t, by_id.get(t.id), figures.get(t.id)) for t in theorems]
    body.append(r"\end{document}")
    return "\n".join(body) + "\n"


def write_figures(theorems, tex_path, seed=0):
    """Save the figure of each theorem that has one as a PDF beside `tex_path`.

    Figures go to the directory ``<stem>-figures`` next to the document, one
    ``<id>.pdf`` each, drawn from `seed`.

    Returns
    -------
    dict
        Theorem id -> the figure's path relative to the document's directory, for :func:`document`.
    """
    tex_path = Path(tex_path)
    paths = {}
    for theorem in theorems:
        if theorem.figure is None:
            continue
        relative = Path(f"{tex_path.stem}-figures") / f"{theorem.id}.pdf"
        (tex_path.parent / relative).parent.mkdir(exist_ok=True)
        theorem.figure(seed).savefig(tex_path.parent / relative)
        paths[theorem.id] = relative.as_posix()
    return paths


def check_engine():
    """Return the path of pdflatex, or raise :class:`LatexError` saying how to install it."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        raise LatexError("pdflatex is not installed: install TeX Live (Debian: apt-get install "
                         "texlive-latex-recommended texlive-fonts-recommended lmodern latexmk)")
    return pdflatex


def compile_pdf(tex_path):
    """Compile a ``.tex`` file with latexmk (or pdflatex, run twice) and return the PDF's path.

    Raises
    ------
    LatexError
        When no LaTeX engine is installed, when compilation fails (with the first
        error line of the log), or when the log reports undefined references.
    """
    tex_path = Path(tex_path).resolve()
    pdflatex = check_engine()
    latexmk = shutil.which("latexmk")
    flags = ["-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
    if latexmk is not None:
        commands = [[latexmk, "-pdf", "-quiet", *flags, tex_path.name]]
    else:
        commands = [[pdflatex, *flags, tex_path.name]] * 2  # the second run resolves the table of contents
    for command in commands:
        done = subprocess.run(command, cwd=tex_path.parent, capture_output=True, text=True)
        log = tex_path.with_suffix(".log")
        text = log.read_text(errors="replace") if log.exists() else done.stdout
        if done.returncode != 0:
            errors = [line for line in text.splitlines() if line.startswith("!") or ":error" in line.lower()
                      or re.match(r".*:\d+: ", line)]
            raise LatexError(f"LaTeX failed on {tex_path.name}: {errors[0] if errors else 'see ' + str(log)}")
    if re.search(r"undefined references|Reference `[^']*' on page \d+ undefined", text):
        raise LatexError(f"{tex_path.name} has undefined references (see {log})")
    return tex_path.with_suffix(".pdf")

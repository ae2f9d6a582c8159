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
from theorems.fixed_names import KIND_PHRASES, TOPIC_TITLES
from theorems.version import __version__

__all__ = ["FRAGMENT_DEFINITIONS", "DLLatexPrinter", "LatexError", "bibliography", "check_engine", "compile_pdf",
           "document", "escape", "heading", "latex", "notebook_latex", "prose", "reference_key", "step_relation",
           "theorem_section", "unicode_quotes", "write_figures"]


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


_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$")


def heading(text, *, bookmarks=True):
    r"""A title written as text with ``$...$`` mathematics, for a LaTeX heading or caption: the prose escaped,
    the mathematics typeset, and (with `bookmarks`) Unicode for the PDF's outline and metadata, which cannot
    hold mathematics.

    Examples
    --------
    >>> heading(r"The logistic function satisfies $\sigma' = \sigma(1 - \sigma)$ (50% of it)")
    "The logistic function satisfies \\texorpdfstring{$\\sigma' = \\sigma(1 - \\sigma)$}{σ' = σ(1 - σ)} (50\\% of it)"
    """
    from theorems.render.terminal import to_unicode

    parts, last = [], 0
    for m in _MATH.finditer(text):
        math = f"${m.group(1)}$"
        parts += [escape(text[last:m.start()]),
                  rf"\texorpdfstring{{{math}}}{{{to_unicode(math)}}}" if bookmarks else math]
        last = m.end()
    return "".join(parts) + escape(text[last:])


def prose(text):
    r"""Plain text (a citation, a reference) for LaTeX: escaped, its "quotations" with TeX's quotes.

    Examples
    --------
    >>> prose('T. Poggio, "Theory of Deep Learning", 50%')
    "T. Poggio, ``Theory of Deep Learning'', 50\\%"
    """
    return re.sub(r'"([^"]*)"', r"``\1''", escape(text))


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


_RELATION = re.compile(r"^\s*(=|<|>|\\le\b|\\ge\b|\\leq\b|\\geq\b|\\ne\b|\\neq\b|\\approx\b|\\sim\b|"
                       r"\\to\b|\\equiv\b|\\propto\b|\\lesssim\b|\\gtrsim\b|\\subseteq\b|\\in\b)")


def step_relation(rhs):
    r"""Split a derivation step's right side into its relation and the rest: ``"= "`` unless it starts with one.

    Examples
    --------
    >>> step_relation(r"\le 2 x")
    ('', '\\le 2 x')
    >>> step_relation("2 x")
    ('= ', '2 x')
    """
    text = latex(rhs)
    return ("", text) if _RELATION.match(text) else ("= ", text)


def _derivation(theorem):
    """The steps as aligned equations (scaled to the line if wider), numbered, with their justifications below."""
    rows = []
    for i, step in enumerate(theorem.derivation, 1):
        relation, rhs = step_relation(step.rhs)
        rows.append(rf"{latex(step.lhs)} &{relation}{rhs} && \text{{({i})}}")
    lines = [r"\[ \fitmath{\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}} \]",
             r"\begin{enumerate}\renewcommand{\labelenumi}{(\arabic{enumi})}"]
    lines += [rf"\item {step.justification}." for step in theorem.derivation]
    lines.append(r"\end{enumerate}")
    return lines


_SIDE_BY_SIDE = 900  # characters of errata beyond which they follow the statement instead of standing beside it
_NARROW = 150  # characters of LaTeX beyond which the statement as stated needs the full width


def _as_stated_and_errata(theorem):
    """The lecture's statement and its errata side by side (one below the other when the errata are long)."""
    errata = [rf"\item {e}" for e in theorem.errata] or [r"\item None."]
    stated = r"\fitmath{" + theorem.as_stated + "}"
    if sum(len(e) for e in theorem.errata) > _SIDE_BY_SIDE or len(theorem.as_stated) > _NARROW:
        return [r"\subsubsection*{As stated}", r"\[ " + stated + r" \]", r"\subsubsection*{Errata}",
                r"\begin{itemize}", *errata, r"\end{itemize}"]
    return [r"\noindent\begin{minipage}[t]{0.46\linewidth}", r"\subsubsection*{As stated}",
            r"\[ " + stated + r" \]", r"\end{minipage}\hfill", r"\begin{minipage}[t]{0.5\linewidth}",
            r"\subsubsection*{Errata}", r"\begin{itemize}", *errata, r"\end{itemize}", r"\end{minipage}",
            r"\par\medskip"]


def reference_key(reference):
    """A stable BibTeX key for a reference string (its first author's name and a digest).

    Examples
    --------
    >>> reference_key("A. J. Bray, D. S. Dean, Phys. Rev. Lett. 98 (2007) 150201.")
    'bray-c0a3d3'
    """
    import hashlib

    name = re.sub(r"[^a-z]", "", (re.findall(r"[A-Z][a-z]+", reference) or ["ref"])[0].lower())
    return f"{name}-{hashlib.sha1(reference.encode()).hexdigest()[:6]}"


FRAGMENT_DEFINITIONS = (r"\providecommand{\fitmath}[1]{#1}\providecommand{\texorpdfstring}[2]{#1}% defined by the "
                        r"report's preamble (formulas scaled to the line, PDF bookmarks); here, as they are")
"""What a section needs beyond amsmath and amssymb when it is pasted into another document."""


def theorem_section(theorem, report=None, figure=None, *, cite=False):
    """One theorem as a LaTeX ``\\subsection``: as stated beside its errata, the correct statement, hypotheses,
    the derivation as aligned equations, the verification outcome and the references.

    Parameters
    ----------
    theorem : Theorem
    report : TheoremReport, optional
        A verification of this theorem.
    figure : str, optional
        The path (relative to the document) of the theorem's figure as a PDF, included after the statement.
    cite : bool
        Cite the references from the document's BibTeX bibliography (:func:`bibliography`) instead of listing
        them.

    Returns
    -------
    str
    """
    parts = [
        rf"\subsection{{{heading(theorem.title)}}}\label{{{_label(theorem)}}}",
        rf"\noindent\textbf{{Id}} \texttt{{{escape(theorem.id)}}}, {KIND_PHRASES[theorem.kind]} of topic "
        rf"\texttt{{{escape(theorem.topic)}}}.\\ \textbf{{Source}} {prose(theorem.source)}.\par\medskip",
        *_as_stated_and_errata(theorem),
        r"\subsubsection*{Correct statement}",
        *[_display(item) for item in theorem.statement],
        *([] if figure is None else [
            r"\begin{figure}[htbp]\centering",
            rf"\includegraphics[width=\linewidth,height=0.8\textheight,keepaspectratio]{{{figure}}}",
            rf"\caption{{{heading(theorem.title, bookmarks=False)} (\texttt{{{escape(theorem.id)}}}).}}",
            r"\end{figure}"]),
        r"\subsubsection*{Hypotheses}",
        r"\begin{enumerate}",
        *[rf"\item {h.text}" for h in theorem.hypotheses],
        r"\end{enumerate}",
        r"\subsubsection*{Derivation}",
        *_derivation(theorem),
    ]
    if report is not None:
        parts += [r"\subsubsection*{Verification}", _verification(report)]
    parts.append(r"\subsubsection*{References}")
    if cite:
        parts.append(r"\cite{" + ",".join(reference_key(r) for r in theorem.references) + "}.")
    else:
        parts += [r"\begin{itemize}", *[rf"\item {prose(r)}" for r in theorem.references], r"\end{itemize}"]
    return "\n".join(parts) + "\n"


def bibliography(theorems):
    """The BibTeX database of the theorems' references: one ``@misc`` entry per distinct reference.

    The reference strings are complete citations already; BibTeX's ``plain`` style prints the ``note`` and sorts
    by the ``key`` (:func:`reference_key`: the first author's surname first).
    """
    entries = {}
    for theorem in theorems:
        for reference in theorem.references:
            text = prose(reference).replace(r"\{", r"\textbraceleft{}").replace(r"\}", r"\textbraceright{}")
            entries[reference_key(reference)] = text
    return "\n".join(f"@misc{{{key},\n  key = {{{key}}},\n  note = {{{text}}}\n}}\n" for key, text in sorted(entries.items()))


def notebook_latex(theorem):
    """A compact form for Jupyter (``_repr_latex_``): title, statement and hypotheses, math in ``$``."""
    heading = [rf"\boldsymbol{{{m}}}" if i % 2 else rf"\textbf{{{escape(m)}}}" if m else ""
               for i, m in enumerate(_MATH.split(theorem.title))]
    items = ["$" + "".join(heading) + "$"]
    for item in theorem.statement:
        items.append(unicode_quotes(item) if isinstance(item, str) else "$$" + latex(item) + "$$")
    items.append("Hypotheses: " + " ".join(unicode_quotes(h.text) for h in theorem.hypotheses))
    return "\n\n".join(items)


def unicode_quotes(text):
    r"""TeX's quotation marks (two backquotes, two apostrophes) as Unicode ones, for MathJax, which shows TeX's
    literally.

    Examples
    --------
    >>> unicode_quotes("``essentially no barrier''")
    '“essentially no barrier”'
    """
    return re.sub(r"``(.*?)''", "\N{LEFT DOUBLE QUOTATION MARK}\\1\N{RIGHT DOUBLE QUOTATION MARK}", text,
                  flags=re.DOTALL)


_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage[margin=2.5cm]{geometry}
\usepackage[hidelinks]{hyperref}
\emergencystretch=2em
% display math scaled down to the line when it is wider (long formulas never overflow the margin)
\newsavebox{\fitbox}
\newcommand{\fitmath}[1]{\sbox{\fitbox}{$\displaystyle #1$}%
  \ifdim\wd\fitbox>\linewidth\resizebox{\linewidth}{!}{\usebox{\fitbox}}\else\usebox{\fitbox}\fi}
"""


def document(theorems, reports=None, *, title="dl-theorems: a verified catalogue of deep-learning theory",
             figures=None, bibliography_name=None):
    """A complete LaTeX article for `theorems`, with their verification reports when given.

    Parameters
    ----------
    theorems : sequence of Theorem
    reports : CatalogueReport, optional
        A verification of the same theorems.
    title : str
    figures : dict, optional
        Theorem id -> path of its figure's PDF relative to the document (see :func:`write_figures`).
    bibliography_name : str, optional
        The name (without ``.bib``) of the BibTeX file written by :func:`bibliography` beside the document:
        references are then cited and collected at the end; otherwise each theorem lists its own.

    Returns
    -------
    str
        Title page with version and date, abstract, table of contents, one section per topic with a
        subsection per theorem, and the bibliography.
    """
    by_id = {} if reports is None else {r.id: r for r in reports.theorems}
    run = ""
    if reports is not None:
        summary = reports.to_dict()["summary"]
        run = (f" This document records a verification run (profile \\texttt{{{summary['profile']}}}, seed "
               f"{summary['seed']}): {summary['verified']} of {summary['total']} theorems verified, "
               f"{summary['mutants_rejected']} of {summary['mutants_total']} mutants rejected.")
    body = [
        _PREAMBLE,
        rf"\hypersetup{{pdftitle={{{escape(title)}}}, pdfauthor={{dl-theorems {escape(__version__)}}}, "
        r"pdfsubject={The theorems of deep-learning theory, stated, derived and checked}, "
        r"pdfkeywords={deep learning theory, verification, SymPy, mutants}}",
        rf"\title{{{escape(title)}}}",
        rf"\author{{dl-theorems {escape(__version__)}}}",
        rf"\date{{{datetime.date.today().isoformat()}}}",
        r"\begin{document}",
        r"\maketitle",
        r"\begin{abstract}",
        "Each subsection takes one claim of a lecture on the theory of deep learning: the statement as the "
        "lecture gives it beside its errata, the correct statement with its hypotheses, a derivation, and the "
        "outcome of its checks: a SymPy proof, a numeric check on generated instances, and deliberately wrong "
        "variants (mutants) that the checks must reject." + run,
        r"\end{abstract}",
        r"\tableofcontents",
        r"\newpage",
    ]
    figures = figures or {}
    cite = bibliography_name is not None
    for topic in dict.fromkeys(t.topic for t in theorems):
        body.append(rf"\section{{{escape(TOPIC_TITLES[topic])}}}\label{{topic:{topic}}}")
        body += [theorem_section(t, by_id.get(t.id), figures.get(t.id), cite=cite) for t in theorems
                 if t.topic == topic]
    if cite:
        body += [r"\bibliographystyle{plain}", rf"\bibliography{{{bibliography_name}}}"]
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
        if not theorem.figure:
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
    else:  # pdflatex, BibTeX when the document has a bibliography, and two more runs for the references
        bibtex = shutil.which("bibtex")
        cited = r"\bibliography{" in tex_path.read_text(errors="replace")
        if cited and bibtex is None:
            raise LatexError("bibtex is not installed (Debian: apt-get install texlive-binaries)")
        commands = [[pdflatex, *flags, tex_path.name], *([[bibtex, tex_path.stem]] if cited else []),
                    [pdflatex, *flags, tex_path.name], [pdflatex, *flags, tex_path.name]]
    for command in commands:
        done = subprocess.run(command, cwd=tex_path.parent, capture_output=True, text=True)
        if command[0] == shutil.which("bibtex"):
            if done.returncode != 0:
                raise LatexError(f"BibTeX failed on {tex_path.stem}.aux: {done.stdout.strip().splitlines()[-1:]}")
            continue
        log = tex_path.with_suffix(".log")
        text = log.read_text(errors="replace") if log.exists() else done.stdout
        if done.returncode != 0:
            errors = [line for line in text.splitlines() if line.startswith("!") or ":error" in line.lower()
                      or re.match(r".*:\d+: ", line)]
            raise LatexError(f"LaTeX failed on {tex_path.name}: {errors[0] if errors else 'see ' + str(log)}")
    if re.search(r"undefined references|Reference `[^']*' on page \d+ undefined", text):
        raise LatexError(f"{tex_path.name} has undefined references (see {log})")
    return tex_path.with_suffix(".pdf")

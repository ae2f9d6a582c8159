"""Generate one reStructuredText page per topic from the catalogue (run by ``conf.py`` at every build).

Each theorem becomes a section: the statement as the source gives it, the correct statement with its hypotheses,
the derivation as aligned equations, the errata, the mutants and the references.  LaTeX display math becomes
``.. math::`` blocks and inline ``$...$`` the ``:math:`` role (MathJax renders both); the prose between them is
turned into plain Unicode text by :func:`theorems.terminal.to_unicode`.  Figures are drawn from seed 0 and saved
as PNG beside the pages.
"""

import os
import re

import theorems
from theorems.fixed_names import KIND_PHRASES, TOPIC_TITLES
from theorems.render.latex import latex, step_relation, unicode_quotes
from theorems.render.terminal import to_unicode

_DISPLAY = re.compile(r"\\\[(.*?)\\\]", re.DOTALL)
_INLINE = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)


def _escape(text):
    """Plain text for reStructuredText: markup characters escaped."""
    return re.sub(r"([\\*`_|])", r"\\\1", text)


_ENUMERATOR = re.compile(r"^(\(?(?:[A-Za-z]|[0-9]+|[ivxlcdmIVXLCDM]+|#))([.)])(\s)")


def _item(text):
    """A paragraph or list item with a leading "S. " or "(i) " kept as text: reST would start an enumerated list
    there ("S. S. Du, W. Hu, ..." became a list of one item numbered S, nested in the bullet)."""
    return _ENUMERATOR.sub(r"\1\\\2\3", text, count=1)


def _prose(text):
    """Prose as Unicode text for reStructuredText, keeping the spaces at its ends (they separate it from math)."""
    out = _escape(to_unicode(text)) if text.strip() else ""
    if text[:1].isspace() and out:
        out = " " + out
    if text[-1:].isspace():
        out += " "
    return out


def _inline(text):
    """A LaTeX paragraph with ``$...$`` math: prose as Unicode, math as the :math: role."""
    text = unicode_quotes(text)  # quotations may enclose math: pair them before splitting
    parts, last = [], 0
    for m in _INLINE.finditer(text):
        parts += [_prose(text[last:m.start()]), r":math:`" + " ".join(m.group(1).split()) + "`"]
        last = m.end()
    parts.append(_prose(text[last:]))
    out = ""
    for part in parts:  # inline markup must be set off from the words around it
        if not part:
            continue
        if part.startswith(":math:") and out and not out.endswith((" ", "(", "[", "/", "-")):
            out += "\\ "
        elif out.endswith("`") and not part.startswith((" ", ",", ".", ";", ":", ")", "]", "'", "-", "/")):
            out += "\\ "
        out += part
    return out.strip()


def _math_block(body, indent=""):
    lines = [f"{indent}.. math::", ""]
    lines += [f"{indent}   {line}" for line in body.strip().splitlines() if line.strip()]
    return lines + [""]


def _paragraphs(item):
    """A statement item (LaTeX text with display math, or a SymPy object) as reStructuredText lines."""
    if not isinstance(item, str):
        return _math_block(latex(item))
    lines, last = [], 0
    for m in _DISPLAY.finditer(item):
        prose = item[last:m.start()].strip()
        if prose:
            lines += [_item(_inline(prose)), ""]
        lines += _math_block(m.group(1))
        last = m.end()
    prose = item[last:].strip()
    if prose:
        lines += [_item(_inline(prose)), ""]
    return lines


def _heading(text, char):
    return [text, char * len(text), ""]


def theorem_page(theorem, figure=None):
    """The reStructuredText of one theorem (a section of its topic's page)."""
    lines = [f".. _{theorem.id}:", "", *_heading(_inline(theorem.title), "-")]
    lines += [f"``{theorem.id}`` — {KIND_PHRASES[theorem.kind]}. Source: {_escape(theorem.source)}.", ""]
    lines += ["**As stated**", "", *_math_block(theorem.as_stated)]
    lines += ["**Correct statement**", ""]
    for item in theorem.statement:
        lines += _paragraphs(item)
    if figure is not None:
        lines += [f".. image:: {figure}", "   :width: 90%", f"   :alt: {theorem.id}", ""]
    lines += ["**Hypotheses**", ""]
    lines += [f"{i}. {_item(_inline(h.text))}" for i, h in enumerate(theorem.hypotheses, 1)] + [""]
    lines += ["**Derivation**", ""]
    rows = []
    for i, step in enumerate(theorem.derivation, 1):
        relation, rhs = step_relation(step.rhs)
        rows.append(rf"{latex(step.lhs)} &{relation}{rhs} && \text{{({i})}}")
    lines += _math_block(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}")
    lines += [f"({i}) {_item(_inline(step.justification))}." + "\n" for i, step in enumerate(theorem.derivation, 1)]
    lines += ["**Errata**", ""]
    lines += [f"- {_item(_inline(e))}" for e in theorem.errata] or ["None."]
    lines += ["", "**Mutants the checks must reject**", ""]
    lines += [f"- *{_escape(m.name)}*: {_escape(m.description)}" for m in theorem.mutants]
    lines += ["", "**References**", ""]
    lines += [f"- {_item(_escape(r))}" for r in theorem.references] + ["", ""]
    return "\n".join(lines)


def write_pages(directory, seed=0):
    """Write ``index.rst`` and one page per topic into `directory`, with the figures as PNG."""
    os.makedirs(os.path.join(directory, "figures"), exist_ok=True)
    topics = [t for t in theorems.TOPICS if theorems.catalogue(t)]
    index = [*_heading("The catalogue", "="), "One page per topic, generated from the registry.", "",
             ".. toctree::", "   :maxdepth: 2", ""] + [f"   {topic}" for topic in topics]
    _write(os.path.join(directory, "index.rst"), "\n".join(index) + "\n")
    for topic in topics:
        entries = theorems.catalogue(topic)
        page = [*_heading(TOPIC_TITLES[topic], "="), f"Topic ``{topic}``: {len(entries)} theorems.", ""]
        for theorem in entries:
            figure = None
            if theorem.figure:
                figure = f"figures/{theorem.id}.png"
                path = os.path.join(directory, figure)
                if not os.path.exists(path):
                    theorem.figure(seed).savefig(path, dpi=110)
            page.append(theorem_page(theorem, figure))
        _write(os.path.join(directory, f"{topic}.rst"), "\n".join(page))


def _write(path, text):
    """Write only when the text changed, so that Sphinx rebuilds only what changed."""
    if os.path.exists(path) and open(path, encoding="utf-8").read() == text:
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

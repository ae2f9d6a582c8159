r"""The reader's rewriting of vector, matrix and expectation notation into calls the grammar reads.

Each construct becomes a placeholder function applied to its operands (``\|x\|_2`` is ``N(x)`` with ``N`` standing
for ``"\0norm2"``), bracketed so that a power after it applies to the whole (``\|x\|^2``): transposes
(``^\top``, ``^T`` on a vector or matrix, ``^{-\top}``), norms (``\|.\|``, ``\|.\|_2``, ``\|.\|_1``,
``\|.\|_F``), ``\langle a, b\rangle``, ``\odot`` and ``\otimes``, ``\operatorname{tr}``, ``\det``,
``\operatorname{diag}``, ``\mathbb{E}`` (with a subscript ``x \sim p``), ``\operatorname{Var}`` and
``\operatorname{Cov}``; ``\nabla_{\mathbf w}`` is ``\frac{\partial}{\partial \mathbf w}`` and ``\mathbf 1`` the
vector of ones.
"""

import re

from theorems.derivations.latex_text import _group_end, _term_end, _top_level_split

__all__ = []

_BOLD = re.compile(r"\\(?:mathbf|boldsymbol|vec|bm)(?![a-zA-Z])")
_ATOM = (r"(?:\\(?:mathbf|boldsymbol|vec|bm|hat|bar|tilde)\s*(?:\{[^{}]*\}|\\[a-zA-Z]+|[a-zA-Z0-9])|\\[a-zA-Z]+"
         r"|[a-zA-Z])(?:\s*_\s*(?:\{[^{}]*\}|[a-zA-Z0-9]))?")
_SCRIPTS = r"(?:\s*\^\s*(?:\{[^{}]*\}|[a-zA-Z0-9]))?"
_ATOM_BEFORE = re.compile(_ATOM + r"\s*$")
_ATOM_AFTER = re.compile(r"\s*(" + _ATOM + _SCRIPTS + ")")
_ONES = re.compile(r"\\(?:mathbf|boldsymbol|vec|bm|mathbb)\s*(?:\{\s*1\s*\}|1)(?:\s*_\s*(?:\{[^{}]*\}|[a-zA-Z0-9]))?")
_OPERATOR = re.compile(
    r"\\(?:operatorname|mathrm|text|mathsf)\s*\{\s*(tr|Tr|trace|diag|Var|var|Cov|cov|E|det)\s*\}"
    r"|\\(det|Var|Cov|E)(?![a-zA-Z])|\\mathbb\s*(?:\{\s*(E|V)\s*\}|(E|V)(?![a-zA-Z]))")
_OPERATOR_NAMES = {"tr": "tr", "Tr": "tr", "trace": "tr", "diag": "diag", "Var": "var", "var": "var", "V": "var",
                   "Cov": "cov", "cov": "cov", "E": "E", "det": "det"}
_TRANSPOSE = re.compile(r"\^\s*(?:\{\s*(-?)\s*(\\top|\\intercal|\\mathsf\s*\{\s*T\s*\}|\\mathrm\s*\{\s*T\s*\}|T)\s*\}"
                        r"|(\\top|\\intercal|T)(?![a-zA-Z]))")
_NORM_SIZE = re.compile(r"\\(?:left|right|[bB]igg?[lr]?)\s*(?=\\\||\\[lr]?Vert|\\\|)")
_NORM_BAR = re.compile(r"\\[lr]?Vert(?![a-zA-Z])")
_NORM_SUBSCRIPT = re.compile(r"\s*_\s*(?:\{\s*(2|1|F|\\mathrm\s*\{\s*F\s*\}|\\infty|\\text\s*\{\s*F\s*\})\s*\}"
                             r"|(2|1|F|\\infty))")
_GRADIENT = re.compile(r"\\frac\s*\{\s*(?:\\partial|d)\s*\}\s*(\{)\s*(?:\\partial|d)(?![a-zA-Z])")
_NABLA = re.compile(r"\\nabla(?![a-zA-Z])\s*(\^\s*2)?\s*(?:_\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\\[a-zA-Z]+|[a-zA-Z]))?")


def _call(reader, name, *operands):
    letter = reader.placeholder(name)
    return f"\\left({letter}\\left({', '.join(operands)}\\right)\\right)"


def _operand_before(reader, piece, end):
    """The start of the operand that ends at `end`: a bracketed group (with the placeholder that applies it) or a
    name with its subscript."""
    text = piece.text
    k = len(text[:end].rstrip())
    if k and text[k - 1] == ")":
        depth = 0
        for i in range(k - 1, -1, -1):
            if text[i] == ")":
                depth += 1
            elif text[i] == "(":
                depth -= 1
                if depth == 0:
                    start = i
                    left = re.search(r"\\left\s*$", text[:start])
                    if left:
                        start = left.start()
                    call = re.search(r"(?<![\\a-zA-Z])([a-zA-Z])\s*$", text[:start])
                    if call and reader.names.get(call.group(1), "").startswith("\0"):
                        start = call.start()
                    return start
        raise reader.error(piece, end, "an unbalanced bracket before a transpose or product")
    m = _ATOM_BEFORE.search(text[:k])
    if m is None:
        raise reader.error(piece, end, "nothing to apply the operator to")
    return m.start()


def _operand_after(reader, piece, start):
    """The end of the operand that starts at `start`."""
    text = piece.text
    end = _group_end(text, start)
    if end is not None:
        scripts = re.match(_SCRIPTS, text[end:])
        return end + (scripts.end() if scripts else 0)
    m = _ATOM_AFTER.match(text, start)
    if m is None:
        raise reader.error(piece, start, "nothing after the operator")
    end = m.end()
    if reader.names.get(m.group(1).strip(), "").startswith("\0"):
        call = _group_end(text, end)
        if call is not None:
            end = call
    return end


def is_linear(reader, text):
    """Whether `text` names a vector or matrix: bold, declared, or a vector placeholder."""
    if _BOLD.search(text) or _ONES.search(text):
        return True
    for name in reader.kinds:
        if reader.token_pattern(name).search(text):
            return True
    return any(reader.names.get(c, "").startswith(("\0ones", "\0T", "\0had", "\0kron", "\0diag"))
               or reader.names.get(c, "") in reader.bold for c in re.findall(r"(?<![\\a-zA-Z])[A-Za-z]", text))


def rewrite(reader, piece):
    """Rewrite the vector, matrix and expectation notation of `piece` in place (see the module's docstring)."""
    piece.sub(_ONES, lambda m: reader.placeholder("\0ones") + " ")
    _norms(reader, piece)
    _brackets(reader, piece)
    _operators(reader, piece)
    _nablas(reader, piece)
    _transposes(reader, piece)
    _pseudo_inverses(reader, piece)
    _products(reader, piece)


def _nablas(reader, piece):
    def replace(m):
        if m.group(1):
            raise reader.error(piece, m.start(), "the Hessian \\nabla^2 is not supported: write the gradient of a "
                                                 "gradient's entries, or the derivatives")
        if not m.group(2):
            raise reader.error(piece, m.start(), "\\nabla without its variable: write \\nabla_{\\mathbf w}")
        variable = m.group(2)[1:-1] if m.group(2).startswith("{") else m.group(2)
        return f"\\frac{{\\partial}}{{\\partial {variable}}} "
    piece.sub(_NABLA, replace)
    position = 0
    while True:  # the gradient applies to the whole term: \nabla_x a^T x is not (\nabla_x a^T) x
        m = _GRADIENT.search(piece.text, position)
        if m is None:
            return
        denominator = _group_end(piece.text, m.start(1))
        if denominator is None:
            return
        variable = piece.text[m.end():denominator - 1]
        position = denominator
        if not is_linear(reader, variable):
            continue
        end = _term_end(piece.text, denominator, stops="+-,")
        group = _group_end(piece.text, denominator)
        if group is not None and not piece.text[group:end].strip():
            continue
        piece.replace(end, end, "\\right)")
        piece.replace(denominator, denominator, "\\left(")


def _norms(reader, piece):
    piece.sub(_NORM_SIZE, lambda m: "")
    piece.sub(_NORM_BAR, lambda m: "\\|")
    while True:
        opened = []
        text = piece.text
        found = None
        for m in re.finditer(r"\\\|", text):
            before = text[:m.start()].rstrip()
            if opened and before and (before[-1].isalnum() or before[-1] in "})"):
                found = (opened.pop(), m)
                break
            opened.append(m)
        if found is None:
            if opened:
                raise reader.error(piece, opened[0].start(), "a norm '\\|' without its closing '\\|'")
            return
        first, last = found
        sub = _NORM_SUBSCRIPT.match(text, last.end())
        kind = ""
        end = last.end()
        if sub:
            kind = re.sub(r"\\mathrm\s*\{\s*F\s*\}|\\text\s*\{\s*F\s*\}", "F", sub.group(1) or sub.group(2))
            if kind == "\\infty":
                raise reader.error(piece, first.start(), "the max norm \\|x\\|_\\infty is not supported")
            end = sub.end()
        elif re.match(r"\s*_", text[end:]):
            raise reader.error(piece, first.start(), "a norm with a subscript other than 1, 2 or F")
        body = text[first.end():last.start()]
        if not body.strip():
            raise reader.error(piece, first.start(), "an empty norm")
        piece.replace(first.start(), end, _call(reader, "\0norm" + kind, body))


def _brackets(reader, piece):
    while True:
        text = piece.text
        start = text.rfind("\\langle")
        if start < 0:
            if "\\rangle" in text:
                raise reader.error(piece, text.find("\\rangle"), "'\\rangle' without its '\\langle'")
            return
        end = text.find("\\rangle", start)
        if end < 0:
            raise reader.error(piece, start, "'\\langle' without its '\\rangle'")
        body = text[start + len("\\langle"):end]
        parts = _top_level_split(body)
        if len(parts) != 2:
            raise reader.error(piece, start, "an inner product \\langle a, b \\rangle of two things")
        piece.replace(start, end + len("\\rangle"), _call(reader, "\0dot", *parts))


def _operators(reader, piece):
    while True:
        m = _OPERATOR.search(piece.text)
        if m is None:
            return
        word = next(g for g in m.groups() if g)
        name = "\0" + _OPERATOR_NAMES[word]
        text = piece.text
        i = m.end()
        sub = re.match(r"\s*_\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|[a-zA-Z])", text[i:])
        if sub:
            if name not in ("\0E", "\0var", "\0cov"):
                raise reader.error(piece, m.start(), f"a subscript on {m.group().strip()}")
            law = sub.group(1)[1:-1] if sub.group(1).startswith("{") else sub.group(1)
            name += "|" + " ".join(law.split())
            i += sub.end()
        end = _group_end(text, i)
        if end is not None:
            inner = re.match(r"\s*(\\left\s*)?[({]", text[i:])
            argument = re.sub(r"\\right\s*$", "", text[i + inner.end():end - 1])
        else:
            atom = _ATOM_AFTER.match(text, i)
            if atom is None or name.startswith(("\0E", "\0var", "\0cov")) and not atom.group(1).strip():
                raise reader.error(piece, m.start(), f"{m.group().strip()} without its argument: write "
                                   f"{m.group().strip()}[...] or (...)")
            argument, end = atom.group(1), atom.end()
        if not argument.strip():
            raise reader.error(piece, m.start(), f"{m.group().strip()} of nothing")
        piece.replace(m.start(), end, _call(reader, name, *(_top_level_split(argument) if "cov" in name
                                                             else [argument])))


def _transposes(reader, piece):
    while True:
        m = _TRANSPOSE.search(piece.text)
        if m is None:
            return
        start = _operand_before(reader, piece, m.start())
        operand = piece.text[start:m.start()]
        symbol = m.group(2) or m.group(3)
        if not is_linear(reader, operand):
            if symbol == "T":
                raise reader.error(piece, m.start(), f"'{operand.strip()}^T': a transpose or a power T? Declare "
                                   f"{operand.strip()} a vector or matrix (--vector, --matrix) or write ^{{T}} "
                                   f"as a power with another letter")
            raise reader.error(piece, m.start(), f"the transpose of {operand.strip()}, which is not a vector or "
                               f"matrix: declare it (--vector, --matrix) or write it in bold")
        if m.group(1):
            operand = f"{operand}^{{-1}}"
        piece.replace(start, m.end(), _call(reader, "\0T", operand))


_PSEUDO = re.compile(r"\^\s*(?:\{\s*(?:\+|\\dagger)\s*\}|\+|\\dagger(?![a-zA-Z]))")


def _pseudo_inverses(reader, piece):
    """``X^{+}`` (``X^\\dagger``) of a declared or bold matrix: its Moore-Penrose pseudo-inverse."""
    while True:
        m = _PSEUDO.search(piece.text)
        if m is None:
            return
        start = _operand_before(reader, piece, m.start())
        operand = piece.text[start:m.start()]
        if not is_linear(reader, operand):
            raise reader.error(piece, m.start(), f"'{operand.strip()}^+': a pseudo-inverse of a name that is not "
                               "a matrix: declare it (--matrix)")
        piece.replace(start, m.end(), _call(reader, "\0pinv", operand))


def _products(reader, piece):
    while True:
        m = re.search(r"\\(odot|otimes)(?![a-zA-Z])", piece.text)
        if m is None:
            return
        start = _operand_before(reader, piece, m.start())
        end = _operand_after(reader, piece, m.end())
        left, right = piece.text[start:m.start()], piece.text[m.end():end]
        name = "\0had" if m.group(1) == "odot" else "\0kron"
        piece.replace(start, end, _call(reader, name, left, right))

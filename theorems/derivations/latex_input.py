r"""Read a derivation written in LaTeX: a chain ``a = b = c`` in an ``align``/``equation`` environment or alone.

The expressions are parsed by SymPy's LaTeX parser with the Lark backend, after a preprocessing pass that makes
the lectures' notation readable to it, and a resolution pass that turns its output into the intended SymPy
objects.  The conventions (each is tested in ``tests/theorems/derivations/test_latex_input.py``):

* The chain is split at top-level ``=``, ``\le``/``\leq``, ``\ge``/``\geq``, ``<`` and ``>``; alignment ``&``,
  line breaks ``\\``, ``\label``, ``\tag``, ``\nonumber``, ``%`` comments, ``\text{...}`` remarks and a final
  ``,`` or ``.`` are dropped.
* ``e`` is Euler's number unless declared a symbol (``symbols=["e"]``, ``--symbol e``); ``\pi`` is pi.
* Names are symbols unless declared functions (``functions=["sigma"]``, ``--function sigma``): then
  ``\sigma(z)`` is an application and ``\sigma'(z)``, ``\sigma''(z)`` its derivatives.  Greek letters
  (``\sigma`` included), ``\ell``, decorated letters (``\tilde f`` is ``f_tilde``, also ``\hat``, ``\bar``,
  ``\dot``; ``\mathbf{w}`` is ``w``) and ``\mathrm{name}``/``\operatorname{name}`` are names.
* ``\mathrm{ReLU}(x)``, ``\operatorname{relu}(x)`` and ``\max(0, x)`` are the ReLU; ``\mathrm{sigmoid}`` is the
  logistic function.
* ``\frac{d}{dx}``, ``\frac{\partial}{\partial x}``, ``\frac{\partial^2}{\partial x \partial y}`` apply to the
  next parenthesised or braced group, or else to the rest of the term (up to the next ``+`` or ``-`` at the same
  depth); ``\frac{df}{dx}`` and ``\frac{\partial f}{\partial x}`` with ``f`` a declared function are the
  derivatives of ``f(x)``.  Derivatives are SymPy's, evaluated exactly by the checker.
* ``\sum_n^N`` (the lectures' shorthand) is ``\sum_{n=1}^{N}``; decimals are exact (``0.5`` is 1/2).
* In ``\sum_{i=1}^{n}`` and ``\prod``, a subscripted name whose subscript letters are all summation indices is
  an indexed object: ``x_i`` is ``x[i]``, ``w_{ij}`` is ``w[i, j]``.
"""

import functools
import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from numerics.errors import InvalidArgument
from theorems.derivations.latex_text import _group_end, _term_end
from theorems.symbolic.nets import logistic, relu

__all__ = ["Chain", "Definition", "LatexParseError", "parse_derivation", "parse_document"]

GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi omicron rho "
         "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon "
         "Phi Psi Omega ell pi").split()

_NAMED = {"relu": relu, "sigmoid": logistic, "logistic": logistic, "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh}

_RELATION = re.compile(r":=|\\coloneqq|\\triangleq|\\eqqcolon|\\leqslant|\\geqslant|\\leq|\\geq|\\le(?![a-zA-Z])|\\ge(?![a-zA-Z])|<=|>=|=|<|>")
_RELATION_NAMES = {":=": ":=", r"\coloneqq": ":=", r"\triangleq": ":=", r"\eqqcolon": ":=", "=": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", r"\le": "<=", r"\leq": "<=", r"\leqslant": "<=", r"\ge": ">=",
                   r"\geq": ">=", r"\geqslant": ">="}
_DROP = re.compile(r"%[^\n]*|\\label\{[^}]*\}|\\tag\*?\{[^}]*\}|\\nonumber|\\notag|\\\\(\[[^]]*\])?|&"
                   r"|\\(?:text|intertext|mbox|textrm)\{[^{}]*\}(?!\s*\()")
_ENVIRONMENT = re.compile(r"\\begin\{(align\*?|equation\*?|gather\*?|multline\*?|eqnarray\*?)\}(.*?)"
                          r"\\end\{\1\}", re.S)
_DEFINED_AS = re.compile(r"\\(?:stackrel|overset)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*=\s*\}")
_DEFINITION_HEAD = re.compile(r"\s*(\\(?:operatorname|mathrm)\s*\{\s*[A-Za-z]+\s*\}|\\?[A-Za-z]+)\s*"
                              r"(?:\\left\s*)?\(([^()]*?)(?:\\right\s*)?\)\s*$")
_MACRO = re.compile(r"\\(?:(?:re)?newcommand|providecommand)\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*(?:\[(\d)\])?"
                    r"\s*(?:\[[^]]*\])?\s*\{|\\DeclareMathOperator\*?\s*\{\s*\\([A-Za-z]+)\s*\}\s*\{|\\def\s*\\([A-Za-z]+)\s*\{")
_INLINE = re.compile(r"(?<![$\\])\$(?!\$)(.+?)(?<![$\\])\$(?!\$)", re.S)
_DISPLAY = re.compile(r"\\\[(.*?)\\\]|\$\$(.*?)\$\$", re.S)
_DERIVATIVE = re.compile(r"\\frac\s*\{\s*(d|\\partial|\\mathrm\{d\})\s*(?:\^\s*\{?\s*(\d)\s*\}?)?\s*([^{}]*?)\s*\}"
                         r"\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_NO_LIMITS = re.compile(r"(\\sum|\\prod)\s*_\s*(?:([a-zA-Z])|\{\s*([a-zA-Z])\s*\})(?!\s*[\^=])")
_FUNCTION_LETTERS = re.compile(r"(?<![a-zA-Z\\])([fghFGHLJ]|\\(?:ell|phi|varphi|psi|sigma|zeta|Phi|Psi))(?![a-zA-Z])"
                               r"(?=\s*'*\s*(?:\^\s*(?:\{[^{}]*\}|\w))?\s*(?:\\left\s*)?\()")
"""Names that are functions by convention: applied (``f(x)``) without being declared, they are an error, not a
product."""
_SHORT_LIMITS = re.compile(r"(\\sum|\\prod)\s*_\s*(?:([a-zA-Z])|\{\s*([a-zA-Z])\s*\})\s*\^")
_NAME = re.compile(r"\\(?:(?:tilde|hat|bar|dot|mathbf|boldsymbol|vec)\s*(?:\{\s*(\\?[a-zA-Z]+)\s*\}|(\\[a-zA-Z]+|[a-zA-Z]))"
                   r"|(?:mathrm|operatorname|text|mathit)\s*\{\s*([a-zA-Z]+)\s*\}"
                   r"|(" + "|".join(sorted(GREEK, key=len, reverse=True)) + r")(?![a-zA-Z]))")


class LatexParseError(InvalidArgument):
    """The LaTeX could not be read; ``line`` and ``column`` (1-based) locate the problem in the input."""

    def __init__(self, message, line, column):
        super().__init__(f"line {line}, column {column}: {message}")
        self.line, self.column = line, column


@dataclass
class _Text:
    """A string whose characters remember their offsets in the original input."""

    text: str
    origin: list

    @classmethod
    def of(cls, text, start=0):
        return cls(text, list(range(start, start + len(text))))

    def replace(self, start, end, new):
        at = self.origin[start] if start < len(self.origin) else (self.origin[-1] + 1 if self.origin else 0)
        self.text = self.text[:start] + new + self.text[end:]
        self.origin = self.origin[:start] + [at] * len(new) + self.origin[end:]

    def sub(self, pattern, function):
        for m in reversed(list(pattern.finditer(self.text))):
            self.replace(m.start(), m.end(), function(m))

    def slice(self, start, end):
        return _Text(self.text[start:end], self.origin[start:end])


def _position(source, offset):
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def _bodies(source):
    r"""The math of the input, display by display in the order they come: ``(body, start, end)`` for each display
    environment, ``\[...\]`` or ``$$...$$``; without any, the whole text is one body."""
    found = []
    for m in _ENVIRONMENT.finditer(source):
        found.append((m.start(), m.end(), m.start(2), m.group(2), m.group(1).rstrip("*")))
    for m in _DISPLAY.finditer(source):
        group = 1 if m.group(1) is not None else 2
        found.append((m.start(), m.end(), m.start(group), m.group(group), "display"))
    bodies, end = [], -1
    for start, stop, at, text, kind in sorted(found):
        if start >= end:  # a display inside another is part of it
            bodies.extend(_rows(_Text.of(text, at), kind, start, stop))
            end = stop
    if not bodies:
        text = _Text.of(source)
        text.sub(re.compile(r"^\s*\$|\$\s*$"), lambda m: " " * len(m.group()))
        bodies.extend(_rows(text, "align", 0, len(source)))
    return bodies


def _formulas(body, start, stop):
    r"""A display holding several formulas side by side, ``a \ge b , \qquad c = d``, as one chain each (a
    ``\quad`` that introduces a ``\text{...}`` remark does not separate)."""
    depths = _depths(body.text)
    cuts = [m for m in re.finditer(r",\s*\\q?quad(?![a-zA-Z])(?!\s*\\text)", body.text) if depths[m.start()] == 0]
    if not cuts:
        return [(body, start, stop)]
    edges = [0] + [m.start() for m in cuts] + [len(body.text)]
    out = []
    for a, b in zip(edges, edges[1:]):
        a += len(re.match(r",?\s*(?:\\q?quad)?", body.text[a:b]).group())
        out.append((body.slice(a, b), body.origin[a] if a < len(body.origin) else start,
                    body.origin[b - 1] + 1 if b else start))
    return out


def _rows(body, kind, start, stop):
    r"""The chains of one display, as a reader takes them: in ``align`` and ``eqnarray`` a row that starts with
    ``&`` continues the chain above it and a row with its own left side starts a new chain; in ``gather`` every row
    is a chain; ``equation``, ``multline`` and ``\[ \]`` are one chain.  ``(body, start, end)`` for each, with the
    offsets of its own rows."""
    if kind not in ("align", "eqnarray", "gather", "alignat", "flalign"):
        return _formulas(body, start, stop)
    breaks = [m for m in re.finditer(r"\\\\(?:\[[^]]*\])?", body.text) if _depths(body.text)[m.start()] == 0]
    cuts = [0] + [m.end() for m in breaks] + [len(body.text)]
    rows = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1) if body.text[cuts[k]:cuts[k + 1]].strip(" \n\\")]
    rows = [(a, b) for a, b in rows if _DROP.sub("", body.text[a:b]).strip(" \n\\.,;")]
    chains = []
    for a, b in rows:
        row = re.sub(r"%[^\n]*|\\(?:nonumber|notag)(?![a-zA-Z])", "", body.text[a:b])
        continues = kind != "gather" and row.lstrip().startswith("&")
        if chains and continues:
            chains[-1][1] = b
        else:
            chains.append([a, b])
    if len(chains) <= 1:
        return [(body, start, stop)]
    out = []
    for a, b in chains:  # the lines of a chain are those of its own text, without the breaks around it
        first = a + len(body.text[a:b]) - len(body.text[a:b].lstrip())
        last = a + len(re.sub(r"(?:\s|\\\\)+$", "", body.text[a:b]))
        out.append((body.slice(a, b), body.origin[first], body.origin[max(first, last - 1)] + 1))
    return out


@dataclass(frozen=True)
class Chain:
    """One display of a document: the lines it spans (1-based, inclusive), and its steps for
    :func:`theorems.check_derivation`, or the :class:`LatexParseError` that says why it could not be read."""

    lines: tuple
    steps: list | None
    error: LatexParseError | None = None
    definition: "Definition | None" = None


def _depths(text):
    """The nesting depth of each character (braces, parentheses, brackets)."""
    depth, out = 0, []
    for ch in text:
        if ch in "{([":
            depth += 1
        out.append(depth)
        if ch in "})]":
            depth -= 1
    return out


def _split(body):
    """The pieces of the chain and the relations between them."""
    depths = _depths(body.text)
    cuts = [m for m in _RELATION.finditer(body.text) if depths[m.start()] == 0]
    pieces, relations, start = [], [], 0
    for m in cuts:
        pieces.append(body.slice(start, m.start()))
        relations.append(_RELATION_NAMES[m.group()])
        start = m.end()
    pieces.append(body.slice(start, len(body.text)))
    return pieces, relations


def _limits_end(text, start):
    r"""The end of the limits (``_{n=1}``, ``^N``, ``^\infty``, ``\limits``) of a big operator ending at `start`."""
    i = start
    while True:
        m = re.match(r"\s*\\limits", text[i:])
        if m:
            i += m.end()
            continue
        m = re.match(r"\s*[_^]\s*", text[i:])
        if not m:
            return i
        i += m.end()
        if i < len(text) and text[i] == "{":
            end = _group_end(text, i)
            if end is None:
                return i
            i = end
        else:
            command = re.match(r"\\[a-zA-Z]+", text[i:])
            i += command.end() if command else 1


_UPRIGHT_D = re.compile(r"\\(?:mathrm|text|operatorname|mathit)\s*\{\s*d\s*\}|\{\s*\\rm\s+d\s*\}")
_SIZED = re.compile(r"\\(?:[bB]igg?|left|right)([lr]?)\s*(?=([(\[\])]))")
_BIG_OPERATOR = re.compile(r"\\(?:sum|prod)(?![a-zA-Z])")

_FUNCTION = re.compile(r"\\(arcsin|arccos|arctan|sinh|cosh|tanh|coth|sech|csch|sin|cos|tan|cot|sec|csc|exp|log|ln)"
                       r"(?![a-zA-Z])")
_RECIPROCAL = {"coth": "tanh", "sech": "cosh", "csch": "sinh"}  # the grammar knows these through their reciprocals
_ATOM = re.compile(r"\s*(?P<number>\d+(?:\.\d+)?)?\s*(?P<symbol>(?:[a-zA-Z]|\\(?!(?:left|right|cdot|,)(?![a-zA-Z]))"
                   r"[a-zA-Z]+)(?:\s*[_^]\s*(?:\{[^{}]*\}|[a-zA-Z0-9]|\\[a-zA-Z]+))*)?")
_SCRIPT = re.compile(r"\s*([_^])\s*(\{[^{}]*\}|[a-zA-Z0-9]|-\s*1)")

_UNSUPPORTED = [  # notation with a standard meaning the reader cannot give yet: refused, never read as scalars
    (re.compile(r"\\(?:operatorname|mathrm|text)\s*\{\s*(rank|Pr|Prob)\s*\}"), "{0} (a rank or a probability)"),
    (re.compile(r"\\mathbb\s*\{\s*P\s*\}|\\Pr(?![a-zA-Z])"), "{0} (a probability)"),
]
"""Read as scalars, they would make a false step "proved"."""


class _Reader:
    """Preprocess, parse and resolve one expression of a chain."""

    def __init__(self, functions, symbols, source, arguments=None, kinds=None, linear=False):
        self.functions, self.symbols, self.source = set(functions), set(symbols), source
        self.arguments = arguments or {}  # a defined function's arguments, as LaTeX: \frac{\partial f}{\partial y}
        self.names = {}  # placeholder letter -> name
        self.kinds = dict(kinds or {})  # declared vectors and matrices: name -> linear.Shape
        self.bold = {}  # bold names met: name -> linear.Shape
        self.bold_letters = set()  # the placeholders of bold names
        self.linear = linear  # the chain has vectors or matrices: I is the identity

    def token_pattern(self, name):
        """A regex for the declared `name` (``W_{1}``, ``Sigma``) as LaTeX writes it: a single letter may stand
        next to others (``AB``), never inside a command (``\\Lambda``)."""
        m = re.fullmatch(r"([A-Za-z]+)_\{(\w+)\}", name)
        if m:
            base, sub = m.groups()
            slash = "\\\\" if len(base) > 1 else "(?<![\\\\a-zA-Z])"
            return re.compile(rf"{slash}{base}\s*_\s*\{{?\s*{sub}\s*\}}?")
        if len(name) > 1:
            return re.compile(rf"\\{name}(?![a-zA-Z])")
        return re.compile(rf"(?<!\\)(?<!\\[a-zA-Z])(?<!\\[a-zA-Z]{{2}})(?<!\\[a-zA-Z]{{3}})(?<!\\[a-zA-Z]{{4}})"
                          rf"(?<!\\[a-zA-Z]{{5}})(?<!\\[a-zA-Z]{{6}}){name}")

    def symbol(self, letter, name=None):
        """The symbol of a name of the grammar (``Q``, ``Q_{n}``, ``W_{1}``): noncommutative for a vector or
        matrix (bold, declared, the identity ``I`` in a chain with matrices, the vector of ones)."""
        name = name or letter
        base = name.split("_")[0]
        if base in self.names:
            real = self.names[base] + name[len(base):]
            matrix = base in self.bold_letters or self.names[base].startswith("\0ones") or real in self.kinds
        else:
            matrix = name in self.kinds or (self.linear and (name == "I" or name.startswith("I_{")) and
                                            name not in self.symbols)
        return sp.Symbol(name, commutative=False) if matrix else sp.Symbol(name)

    def placeholder(self, name, bold=False):
        for letter, known in self.names.items():
            if known == name and (letter in self.bold_letters) == bold:
                return letter
        letter = next((c for c in "QWXYZKJUVRPOMLHGFECBAqjkvzuo" if c not in self.names and c not in self.used),
                      None)
        if letter is None:
            raise InvalidArgument("too many distinct names (Greek letters, decorated letters, \\mathrm{...}) in "
                                  "one expression")
        self.names[letter] = name
        if bold:
            self.bold_letters.add(letter)
        return letter

    def written(self, piece, index, length):
        """The user's own text from where `index` of the preprocessed `piece` came from: `length` characters, or
        to the end of the piece (never the placeholders the reader put in)."""
        if not piece.origin:
            return ""
        start = piece.origin[min(index, len(piece.origin) - 1)]
        end = max(piece.origin) + 1
        return " ".join(self.source[start:min(end, start + length)].split())

    def error(self, piece, index, message):
        if not piece.origin:
            offset = 0
        elif index < len(piece.origin):
            offset = piece.origin[index]
        else:
            offset = piece.origin[-1] + 1
        return LatexParseError(message, *_position(self.source, offset))

    def derivatives(self, piece):
        while True:
            m = _DERIVATIVE.search(piece.text)
            if m is None:
                return
            order = int(m.group(2) or 1)
            variables = [v for v in re.split(r"\\partial|\\mathrm\{d\}|(?<![a-zA-Z\\])d", m.group(4)) if v.strip()]
            expanded = []
            for v in variables:
                power = re.match(r"(.*?)\^\s*\{?\s*(\d)\s*\}?\s*$", v)
                expanded += [power.group(1)] * int(power.group(2)) if power else [v]
            if not expanded:
                raise self.error(piece, m.start(), "a derivative without a variable")
            if len(expanded) == 1:
                expanded *= order
            if len(expanded) != order:
                raise self.error(piece, m.start(), f"the derivative's order {order} does not match its variables")
            numerator = m.group(3).strip()
            if numerator:  # \frac{df}{dx}: f applied to the variables if it is a declared function
                name = numerator.lstrip("\\")
                variables = list(dict.fromkeys(v.strip() for v in expanded))
                defined = [a.strip() for a in self.arguments.get(name, "").split(",") if a.strip()]
                # f(x, y) defined: d f/dy is d/dy f(x, y); sigma(z) defined: d sigma/da is sigma'(a)
                arguments = ", ".join(defined if set(variables) <= set(defined) and len(defined) > len(variables)
                                      else variables)
                operand = f"{numerator}({arguments})" if name in self.functions else numerator
                end = m.end()
            else:
                end = _group_end(piece.text, m.end())
                if end is None:
                    end = _term_end(piece.text, m.end(), stops="+-,")
                else:  # the whole powered group: d/dx (3x+1)^4
                    power = re.match(r"\s*\^\s*(?:\{[^{}]*\}|[a-zA-Z0-9])", piece.text[end:])
                    end += power.end() if power else 0
                operand = piece.text[m.end():end]
                if not operand.strip():
                    raise self.error(piece, m.end(), "a derivative with nothing to differentiate")
            letter = self.placeholder("\0derivative")
            piece.replace(m.start(), end, f"{letter}\\left({operand}, {', '.join(expanded)}\\right)")

    def evaluations(self, piece):
        r"""The evaluation bar ``\left. F \right|_{x=a}`` is ``F`` at ``x = a`` (SymPy's ``Subs``)."""
        while True:
            m = re.search(r"\\left\s*\.", piece.text)
            if m is None:
                return
            depth, bar = 0, None
            for k in range(m.end(), len(piece.text)):
                if piece.text.startswith("\\left", k):
                    depth += 1
                elif piece.text.startswith("\\right", k):
                    if depth == 0:
                        bar = re.match(r"\\right\s*\|\s*_\s*(?:\{\s*([^{}=]+?)\s*=\s*([^{}]+?)\s*\}|([a-zA-Z])\s*=\s*(\S+))",
                                       piece.text[k:])
                        break
                    depth -= 1
            if bar is None:
                raise self.error(piece, m.start(), "'\\left.' without its evaluation bar '\\right|_{x=a}'")
            variable, value = (bar.group(1), bar.group(2)) if bar.group(1) else (bar.group(3), bar.group(4))
            letter = self.placeholder("\0at")
            body = piece.text[m.end():k]
            piece.replace(m.start(), k + bar.end(), f"{letter}\\left({body}, {variable}, {value}\\right)")

    def sums(self, piece):
        r"""Bracket each ``\sum``/``\prod`` with its body: the body ends at the next ``+``, ``-`` or ``,`` at its level
        (``\sum_n x_n - N\mu`` is the sum minus ``N\mu``, as a reader of the page takes it), or where its
        bracket closes; right to left, so that a sum inside another's body is bracketed first."""
        for m in reversed(list(_BIG_OPERATOR.finditer(piece.text))):
            end = _term_end(piece.text, _limits_end(piece.text, m.end()), stops="+-,")
            piece.replace(end, end, r"\right)")
            piece.replace(m.start(), m.start(), r"\left(")

    def applications(self, piece):
        r"""Rewrite each application of a standard function (``\log``, ``\exp``, ``\tanh``, ...) as the bracketed
        group ``\left(\log\left(x\right)\right)``, so that its argument and its power are what a reader of the page
        sees.

        A parenthesised or braced argument ends at its bracket (``v\tanh(wx) - y`` is ``v tanh(wx) - y``); a bare
        argument is one atom, a number times a symbol with its sub- and superscripts (``\sin 2x``, ``\log x_i^2``),
        and a longer juxtaposition (``\log xy``) is ambiguous: an error.  ``\tanh^2 x`` is the square of
        ``\tanh x``; ``\sin^{-1}`` (an inverse or a reciprocal?) is refused.  Right to left, so that an argument
        holding another function is read with that one already bracketed.
        """
        text = piece.text
        for m in reversed(list(_FUNCTION.finditer(text))):
            name, i = m.group(1), m.end()
            base = power = ""
            for _ in range(2):  # \log_2, \tanh^2 in either order
                script = _SCRIPT.match(text, i)
                if script is None or (script.group(1) == "_" and name != "log") or \
                        (script.group(1) == "_" and base) or (script.group(1) == "^" and power):
                    break
                value = script.group(2).strip()
                if script.group(1) == "^" and re.fullmatch(r"\{?\s*-\s*1\s*\}?", value):
                    raise self.error(piece, m.start(), f"'\\{name}^{{-1}}' is ambiguous (an inverse or a "
                                     f"reciprocal): write \\arc{name} or \\frac{{1}}{{\\{name} x}}")
                if script.group(1) == "_":
                    base = value
                else:
                    power = value
                i = script.end()
            end = _group_end(text, i)
            if end is not None:
                group = re.match(r"\s*(\\left\s*)?[({\[]", text[i:])
                argument = text[i + group.end():end - (len("\\right") + 1 if text[:end - 1].endswith("\\right")
                                                           else 1)]
                if group.group().strip() == "{" and text[end:end + 1] == "(":
                    raise self.error(piece, m.start(), f"'\\{name}' applied to a braced group followed by a "
                                     f"parenthesis is ambiguous")
            elif re.match(r"\s*\\(?:[dt]?frac|sqrt)(?![a-zA-Z])", text[i:]):  # \log\frac{xy}{z}: the fraction, the root
                command = re.match(r"\s*\\([dt]?frac|sqrt)", text[i:])
                end = i + command.end()
                for _ in range(2 if "frac" in command.group(1) else 1):
                    if command.group(1) == "sqrt" and re.match(r"\s*\[", text[end:]):
                        end = text.index("]", end) + 1
                    group_end = _group_end(text, end)
                    if group_end is None:
                        raise self.error(piece, m.start(), f"'\\{name}' of an incomplete \\{command.group(1)}")
                    end = group_end
                argument = text[i:end].strip()
            else:
                atom = _ATOM.match(text, i)
                argument = atom.group().strip() if atom else ""
                if not (atom.group("number") or atom.group("symbol")):
                    raise self.error(piece, m.start(), f"'\\{name}' without an argument")
                end = atom.end()
                call = _group_end(text, end) if atom.group("symbol") else None
                if call is not None and text[end:call].strip()[:1] != "{" and (
                        self.declared(atom.group("symbol")) or text[end:call].strip()[:1] == "("):
                    if not self.declared(atom.group("symbol")):  # \log f(x): f applied, or ambiguous
                        quoted = text[m.start():call].strip()
                        raise self.error(piece, m.start(), f"'{quoted}' is ambiguous: declare "
                                         f"{atom.group('symbol').strip()} a function (--function) if it is one, or "
                                         f"write \\{name}({argument}) {text[end:call].strip()}")
                    argument, end = text[i:call].strip(), call
                after = re.match(r"\s*([a-zA-Z]|\\[a-zA-Z]+)", text[end:])
                if after and not _FUNCTION.fullmatch("\\" + after.group(1).lstrip("\\")) and \
                        after.group(1) not in ("\\cdot", "\\right", "\\left", "\\sum", "\\prod", "\\frac"):
                    quoted = text[m.start():end + after.end()].strip()
                    raise self.error(piece, m.start(), f"'{quoted}' is ambiguous: write \\{name}"
                                     f"({argument}{after.group(1)}) or \\{name}({argument}) {after.group(1)}")
            function = _RECIPROCAL.get(name, name)
            # the grammar's lexer may split \cosh into \cos h: the hyperbolic functions go by name, like \mathrm{ReLU}
            command = f"\\mathrm{{{function}}}" if function in _NAMED else f"\\{function}"
            call = command + (f"_{{{base.strip('{}')}}}" if base else "") + f"\\left({argument}\\right)"
            if name in _RECIPROCAL:
                call = f"\\frac{{1}}{{{call}}}"
            if power:
                call = f"\\left({call}\\right)^{{{power.strip('{}')}}}"
            piece.replace(m.start(), end, f"\\left({call}\\right)")
            text = piece.text

    def undeclared_calls(self, piece):
        r"""``f(x)``, ``L(w)``, ``\sigma(z)`` with the name neither declared nor defined: an error that says so,
        where reading a product ``f \cdot x`` would be a silent guess."""
        for m in _FUNCTION_LETTERS.finditer(piece.text):
            if re.search(r"\\(?:tilde|hat|bar|dot|mathbf|boldsymbol|vec|mathrm|operatorname|mathit|text)\s*\{?\s*$",
                         piece.text[:m.start()]):
                continue  # \tilde f(x): a decorated name, declared as f_tilde or not, read with its decoration
            if not self.declared(m.group(1)) and m.group(1) not in self.names:  # (not a placeholder either)
                name = m.group(1).lstrip("\\")
                raise self.error(piece, m.start(), f"'{m.group(1)}(' applies {name}, which is not declared: declare "
                                 f"it (--function {name}) or define it ({name}(x) := ...), or write "
                                 f"{m.group(1)} \\cdot (...) for a product")

    def declared(self, token):
        """Whether `token` (``f``, ``\\sigma``) names a declared or defined function."""
        return token.strip().lstrip("\\") in self.functions

    def powered_calls(self, piece):
        r"""``f^2(x)`` with ``f`` a declared function is the square of ``f(x)``, as ``\sin^2 x`` is; ``f^{-1}(x)``
        (an inverse or a reciprocal?) is refused."""
        if not self.functions:
            return
        names = "|".join(re.escape(f) for f in sorted(self.functions, key=len, reverse=True))
        pattern = re.compile(rf"(?<![a-zA-Z])(\\?(?:{names}))\s*\^\s*(\{{[^{{}}]*\}}|[0-9])(?=\s*(?:\\left\s*)?\()")
        for m in reversed(list(pattern.finditer(piece.text))):
            power = m.group(2).strip("{} ")
            if re.fullmatch(r"-\s*1", power):
                raise self.error(piece, m.start(), f"'{m.group()}' is ambiguous (an inverse or a reciprocal)")
            end = _group_end(piece.text, m.end())
            if end is None:
                continue
            call = m.group(1) + piece.text[m.end():end]
            piece.replace(m.start(), end, f"\\left({call}\\right)^{{{power}}}")

    def rename(self, piece):
        def name(m):
            base = m.group(1) or m.group(2)
            if base is not None:
                kind = re.match(r"\\(\w+)", m.group()).group(1)
                base = base.lstrip("\\")
                word = base if kind in ("mathbf", "boldsymbol", "vec") else f"{base}_{kind}"
                if kind in ("mathbf", "boldsymbol", "vec"):
                    from theorems.derivations.linear import Shape

                    self.bold[word] = self.kinds.get(word) or Shape(vector=kind == "vec" or base[0].islower())
                    return self.placeholder(word, bold=True)
            else:
                word = m.group(3) or m.group(4)
            return self.placeholder(word)
        piece.sub(_NAME, name)

    def unsupported(self, piece):
        for pattern, meaning in _UNSUPPORTED:
            m = pattern.search(piece.text)
            if m:
                raise self.error(piece, m.start(), meaning.format(repr(m.group().strip())) + " is not supported yet: "
                                 "it would be read as a product of scalars")

    def normalize(self, piece):
        r"""Spellings of one thing made one: the upright differential ``\mathrm{d}`` (``\text{d}``, ``{\rm d}``) is
        ``d``, ``\dfrac`` and ``\tfrac`` are ``\frac``, thin and negative spaces are spaces, square brackets
        and ``\big(`` ... ``\Bigr)`` are parentheses, ``\partial_x`` is ``\frac{\partial}{\partial x}``."""
        piece.sub(_UPRIGHT_D, lambda m: " d" if m.group().startswith("{") else "d")
        piece.sub(_SIZED, lambda m: "\\left" if m.group(1).endswith("l") or m.group(2) in "([" else "\\right")
        piece.sub(re.compile(r"(?<!\\sqrt)\[|\]"), lambda m: "(" if m.group() == "[" else ")")  # [x ln x]
        piece.sub(re.compile(r"\\partial_\s*(\{[^{}]*\}|\\[a-zA-Z]+|[a-zA-Z])"),
                  lambda m: f"\\frac{{\\partial}}{{\\partial {m.group(1).strip('{}')}}}")
        piece.sub(re.compile(r"\\[dt]frac(?![a-zA-Z])"), lambda m: "\\frac")
        piece.sub(re.compile(r"\\[!;:>]|\\(?:quad|qquad)(?![a-zA-Z])"), lambda m: " ")

    def parse(self, piece):
        from theorems.derivations import latex_linear

        self.normalize(piece)
        self.unsupported(piece)
        self.used = set(re.sub(r"\\[a-zA-Z]+", "", piece.text))
        latex_linear.rewrite(self, piece)
        piece.sub(_SHORT_LIMITS, lambda m: f"{m.group(1)}_{{{m.group(2) or m.group(3)}=1}}^")
        piece.sub(_NO_LIMITS, lambda m: f"{m.group(1)}_{{{m.group(2) or m.group(3)}=1}}^"
                                        f"{{{self.placeholder('|' + (m.group(2) or m.group(3)) + '|')}}}")
        self.undeclared_calls(piece)
        self.sums(piece)
        self.powered_calls(piece)
        self.applications(piece)
        piece.sub(re.compile(r"\\,"), lambda m: "  ")
        self.evaluations(piece)
        self.derivatives(piece)
        self.rename(piece)
        import lark

        import warnings

        from sympy.utilities.exceptions import SymPyDeprecationWarning

        tree = _parse_tree(piece.text, self, piece)
        try:
            with warnings.catch_warnings():  # a stray d adds a Tuple: refused below, without SymPy's warning
                warnings.simplefilter("ignore", SymPyDeprecationWarning)
                return self.resolve(_Transformer(self).transform(tree))
        except lark.exceptions.VisitError as exc:  # SymPy's transformer refused a construct: say which, no traceback
            if isinstance(exc.orig_exc, InvalidArgument):
                raise exc.orig_exc from None
            raise self.error(piece, 0, f"cannot read the {exc.rule} in {self.written(piece, 0, 60)!r}: "
                                       f"{str(exc.orig_exc).splitlines()[0]}") from None
        except InvalidArgument:
            raise
        except (AttributeError, TypeError, ValueError) as exc:  # a stray d of a differential, say: no traceback
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise self.error(piece, 0, f"cannot read {self.written(piece, 0, 60)!r} ({reason})") from None

    def resolve(self, expr):
        expr = sp.sympify(expr)
        if isinstance(expr, sp.core.relational.Relational):
            raise InvalidArgument("a relation inside an expression")
        if isinstance(expr, sp.Tuple) or any(isinstance(a, sp.Tuple) for e in sp.preorder_traversal(expr)
                                             if isinstance(e, (sp.Add, sp.Mul, sp.Pow, AppliedUndef))
                                             for a in e.args):  # (\operatorname{Var}(d f) too)
            raise InvalidArgument("a stray d: a differential outside a derivative")
        renamed = {}
        for s in expr.free_symbols:
            if not isinstance(s, sp.Symbol):
                continue
            new = re.sub(r"^([A-Za-z])(?=$|_|')", lambda m: self.names.get(m.group(1), m.group(1)), s.name)
            if new == "pi" and s.name != "pi":
                renamed[s] = sp.pi
            elif new == "e" and "e" not in self.symbols:
                renamed[s] = sp.E
            elif new != s.name:
                renamed[s] = sp.Symbol(new, commutative=s.is_commutative)
        renamed.update({number: sp.Rational(str(number)) for number in expr.atoms(sp.Float)})  # 0.5 is 1/2
        expr = expr.xreplace(renamed)
        expr = expr.replace(lambda e: isinstance(e, AppliedUndef), self.apply)
        return _indexed(expr)

    def apply(self, call):
        """A parsed function application as the intended object (ReLU, a derivative, a declared function)."""
        name = type(call).__name__
        primes = len(name) - len(name.rstrip("'"))
        base = name.rstrip("'")
        base = self.names.get(base, base)
        if base == "\0derivative":
            operand, *variables = call.args
            for v in variables:
                if not isinstance(v, (sp.Symbol, sp.Indexed)):
                    raise InvalidArgument(f"a derivative with respect to {v}, which is not a variable")
            return sp.Derivative(operand, *variables)
        if base == "\0at":
            operand, variable, value = call.args
            if not isinstance(variable, sp.Symbol):
                raise InvalidArgument(f"an evaluation bar at {variable} = {value}: the left side must be a variable")
            return sp.Subs(operand, variable, value)
        if base.startswith("\0"):  # vector, matrix and expectation notation: theorems.derivations.latex_linear
            return sp.Function("_L_" + base[1:])(*call.args)
        function = _NAMED.get(base.lower()) or sp.Function(base)
        if primes:
            if len(call.args) != 1:
                raise InvalidArgument(f"{name}: primes on a function of {len(call.args)} arguments")
            t = sp.Dummy("t")
            return sp.Subs(sp.Derivative(function(t), t, primes), t, call.args[0])
        return function(*call.args)


def _indexed(expr):
    """``x_{i}`` inside ``Sum(..., (i, ...))`` as ``x[i]``."""
    indices = {limit[0].name for s in expr.atoms(sp.Sum, sp.Product) for limit in s.limits}
    if not indices:
        return expr
    table = {}
    for s in expr.atoms(sp.Symbol):
        m = re.fullmatch(r"(.+)_\{?([a-zA-Z]+)\}?", s.name)
        if m and all(c in indices for c in m.group(2)) and s.is_commutative:  # (x_n bold: a family of vectors)
            table[s] = sp.IndexedBase(m.group(1))[tuple(sp.Symbol(c) for c in m.group(2))]
    return expr.xreplace(table)


def _definition(pieces, relations, functions):
    """``(name, arguments)`` when the chain defines a function: ``name(args) := formula``, or ``name(args) =
    formula`` with a name that is not yet a function (a fresh name), else None."""
    if len(relations) != 1 or relations[0] not in ("=", ":="):
        return None
    m = _DEFINITION_HEAD.fullmatch(pieces[0].text)
    if m is None:
        return None
    word = re.sub(r"\\(?:operatorname|mathrm)\s*\{\s*([A-Za-z]+)\s*\}", r"\1", m.group(1)).lstrip("\\")
    if relations[0] == "=" and (word in functions or word.lower() in _NAMED or _FUNCTION.fullmatch("\\" + word)
                                or len(word) > 1 and f"\\{word}" != m.group(1) and word not in GREEK):
        return None
    if not re.fullmatch(r"\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?(?:\s*,\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?)*\s*", m.group(2)):
        return None
    return word, m.group(2).strip()


def _subscript(name):
    """``("w", "j")`` for ``w_j`` or ``w_{j}``, or None."""
    m = re.fullmatch(r"([A-Za-z]+)_\{?([A-Za-z0-9,]+)\}?", name)
    return (m.group(1), m.group(2)) if m else None


def _families(exprs):
    r"""The elements of the indexed families of a chain as entries: once ``w_i`` is an entry of the family ``w``
    (inside a sum), ``w_j``, ``w_{k}`` and ``w_2`` anywhere in the chain are entries too, ``x_{ij}`` and ``x_{i,j}``
    of a two-index family; ``\delta_{kj}`` between indices is Kronecker's delta."""
    ranks = {}
    for e in exprs:
        for entry in e.atoms(sp.Indexed):
            ranks.setdefault(entry.base.label.name, entry.rank)
    if not ranks:
        return exprs
    table = {}
    for e in exprs:
        for s in e.atoms(sp.Symbol):
            parts = _subscript(s.name)
            if parts is not None and parts[0] in ranks:
                base, sub = parts
                pieces = sub.split(",") if "," in sub else (list(sub) if ranks[base] > 1 else [sub])
                if len(pieces) == ranks[base] and all(re.fullmatch(r"[A-Za-z]|\d+", x) for x in pieces):
                    table[s] = sp.IndexedBase(base)[tuple(sp.Integer(x) if x.isdigit() else sp.Symbol(x)
                                                         for x in pieces)]
    exprs = [e.xreplace(table) for e in exprs]
    indices = {str(i) for e in exprs for entry in e.atoms(sp.Indexed) for i in entry.indices
               if isinstance(i, sp.Symbol)}
    deltas = {}
    for e in exprs:
        for s in e.atoms(sp.Symbol):
            parts = _subscript(s.name)
            if parts and parts[0] == "delta" and len(parts[1].replace(",", "")) == 2 and \
                    set(parts[1].replace(",", "")) <= indices:
                deltas[s] = sp.KroneckerDelta(*(sp.Symbol(c) for c in parts[1].replace(",", "")))
    return [e.xreplace(deltas) for e in exprs]


_ADJACENT = "adjacent_expressions: (_one_letter_symbol | number) _expression_mul"
_MUL = "mul: _expression_mul MUL_SYMBOL _expression_power"
_MUL_READ = "mul: _expression_mul MUL_SYMBOL _expression_mul"  # a \cdot b c, 2 \cdot \frac12 (x - y): all factors
_EXTENSIONS = """
    | superscript _expression_mul
    | _function _expression_mul
    | group_round_parentheses _expression_mul"""


@functools.lru_cache(maxsize=1)
def _lark_parser():
    r"""SymPy's Lark grammar for LaTeX, extended: implicit products after a power (``w^2 x``), after a function
    application (``f(z)(1 - f(z))``, ``e^{x} y``) and after parentheses (``(a + b) c``), and implicit products on
    the right of ``\cdot`` (``2 \cdot \frac{1}{2} (x - y)``).

    Building the Earley parser takes a quarter of a second, most of ``theorems check``'s start-up, so the built
    parser is kept in the user's cache directory (``$XDG_CACHE_HOME/dl-theorems`` or ``~/.cache/dl-theorems``),
    under a key made of the grammar's text and the versions of Lark, SymPy and Python: a changed grammar or
    release builds and keeps a new one.  A cache that cannot be read or written is passed over."""
    import hashlib
    import importlib.util
    import os
    import pickle
    import sys

    import lark

    directory = os.path.join(importlib.util.find_spec("sympy").submodule_search_locations[0], "parsing", "latex",
                             "lark", "grammar")  # found without importing SymPy's parser, which builds its own
    texts = {}
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            texts[name] = f.read()
    grammar = texts["latex.lark"]
    if _ADJACENT not in grammar or _MUL not in grammar:  # pragma: no cover (a SymPy that changed its grammar)
        raise ImportError("this SymPy's LaTeX grammar is not the one theorems.latex_input extends")
    grammar = grammar.replace(_ADJACENT, _ADJACENT + _EXTENSIONS).replace(_MUL, _MUL_READ)
    key = hashlib.sha256("\0".join([grammar, *texts.values(), lark.__version__, sp.__version__, sys.version])
                         .encode()).hexdigest()[:24]
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
                         "dl-theorems", f"latex-parser-{key}.pickle")
    try:
        with open(cache, "rb") as f:
            parser = pickle.load(f)
        if isinstance(parser, lark.Lark):
            parser.lexer_conf.re_module = re
            return parser
    except Exception:  # noqa: BLE001 (absent, unreadable, or from another release: build it)
        pass
    parser = lark.Lark(grammar, source_path=directory + os.sep, parser="earley", start="latex_string",
                       lexer="auto", ambiguity="explicit", propagate_positions=False, maybe_placeholders=False,
                       keep_all_tokens=True)
    try:  # written beside and renamed, so that a parallel run never reads half a file
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        parser.lexer_conf.re_module = None  # (a module cannot be pickled)
        partial = f"{cache}.{os.getpid()}"
        with open(partial, "wb") as f:
            pickle.dump(parser, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    finally:
        parser.lexer_conf.re_module = re
    return parser


def _parse_tree(text, reader, piece):
    import lark

    if not text.strip():
        raise reader.error(piece, 0, "an empty side of a relation")
    try:
        return _lark_parser().parse(text)
    except lark.exceptions.UnexpectedInput as exc:
        index = getattr(exc, "pos_in_stream", None)
        if index is None or not text[index:].strip():  # the input ended too soon: point after its last character
            index = len(text.rstrip())
            raise reader.error(piece, index, f"unexpected end of {reader.written(piece, 0, 60)!r}") from None
        raise reader.error(piece, index, f"cannot parse the LaTeX at {reader.written(piece, index, 12)!r}") from None
    except lark.exceptions.LarkError as exc:
        raise reader.error(piece, 0, f"cannot parse the LaTeX: {str(exc).splitlines()[0]}") from None


@functools.lru_cache(maxsize=1)
def _transformer_class():
    from sympy.parsing.latex.lark.transformer import TransformToSymPyExpr

    class Transformer(TransformToSymPyExpr):
        """SymPy's transformer with ambiguities resolved by the declared functions."""

        def __init__(self, reader):
            super().__init__()
            self.reader = reader

        def SYMBOL(self, token):  # noqa: N802 (lark's name for the token)
            return self.reader.symbol(str(token))

        def function_applied(self, tokens):
            """``f(x)``: a function by the name only (SymPy's makes a function of the name's Symbol, whose
            assumptions it takes: commutative even when applied to a matrix)."""
            name = tokens[0].name if isinstance(tokens[0], sp.Symbol) else str(tokens[0])
            return sp.Function(name)(*tokens[2])

        def _subscripted(self, symbol):
            return self.reader.symbol(symbol.name.split("_")[0], symbol.name)

        def LATIN_SYMBOL_WITH_LATIN_SUBSCRIPT(self, tokens):  # noqa: N802
            return self._subscripted(super().LATIN_SYMBOL_WITH_LATIN_SUBSCRIPT(tokens))

        def GREEK_SYMBOL_WITH_LATIN_SUBSCRIPT(self, tokens):  # noqa: N802
            return self._subscripted(super().GREEK_SYMBOL_WITH_LATIN_SUBSCRIPT(tokens))

        def _relation(name):
            def relation(self, tokens):
                """A relation inside an expression is one reading of an ambiguity (``\\left`` as ``\\le ft``):
                with matrices SymPy refuses to build it, and the reading is dropped."""
                try:
                    return getattr(TransformToSymPyExpr, name)(self, tokens)
                except TypeError:
                    return None
            return relation

        lt, lte, gt, gte, eq, ne = _relation("lt"), _relation("lte"), _relation("gt"), _relation("gte"), \
            _relation("eq"), _relation("ne")

        def mul(self, tokens):
            """``a \\cdot b`` of two vectors is their inner product."""
            left, right = tokens[0], tokens[2]
            if str(tokens[1]) == "\\cdot" and isinstance(left, sp.Basic) and isinstance(right, sp.Basic) and \
                    not left.is_commutative and not right.is_commutative:
                return sp.Function("_L_dot")(left, right)
            return super().mul(tokens)

        def adjacent_expressions(self, tokens):
            """Two expressions side by side: a product, or a derivative operator and its argument, or the ``d`` of a
            differential kept for the fraction that divides by it.  (SymPy's version also looks for quantum bras
            and kets, which imports ``sympy.physics.quantum`` and SciPy at every product: a third of the start-up.)"""
            left, right = tokens[0], tokens[1]
            if isinstance(left, tuple):
                return sp.Derivative(right, left[1])
            if left == sp.Symbol("d"):
                return left, right
            return sp.Mul(left, right)

        def _declared(self, name):
            base = name.rstrip("'")
            name = self.reader.names.get(base, base)
            return name in self.reader.functions or name.startswith("\0") or name.lower() in _NAMED

        def _ambig(self, options):
            def score(option):
                """Fewest applications of undeclared names and bare uses of declared ones; then most calls."""
                calls = option.atoms(AppliedUndef)
                wrong = sum(not self._declared(type(c).__name__) for c in calls)
                wrong += sum(self._declared(s.name) for s in option.atoms(sp.Symbol))
                return wrong, -len(calls), len(str(option))
            options = [o for o in options if isinstance(o, sp.Basic)]
            if not options:
                raise InvalidArgument("an ambiguous expression")
            return min(options, key=score)

    return Transformer


def _Transformer(reader):
    return _transformer_class()(reader)


def parse_derivation(text, *, functions=(), symbols=(), kinds=None, random=None):
    r"""Read a derivation: ``[e0, (relation, e1), (relation, e2), ...]`` for :func:`theorems.check_derivation`.

    Parameters
    ----------
    text : str
        LaTeX: an ``align``/``equation``/``gather`` environment, a ``\[...\]`` display, or a plain chain.
    functions : sequence of str
        Names that are functions (``"sigma"``, ``"f"``, ``"f_tilde"``); the others are symbols.
    symbols : sequence of str
        Names that are symbols where a default says otherwise (``"e"``).

    Returns
    -------
    list
        The first expression, then ``(relation, expression)`` pairs.

    Raises
    ------
    LatexParseError
        With the line and column of the problem in `text`.

    Examples
    --------
    >>> parse_derivation(r"\frac{d}{dx} x^2 = 2x")
    [Derivative(x**2, x), ('=', 2*x)]
    >>> parse_derivation(r"\sigma(z)(1 - \sigma(z)) = e^{-z}", functions=["sigma"])
    [(1 - sigma(z))*sigma(z), ('=', exp(-z))]
    """
    bodies = _bodies(text)
    if len(bodies) > 1:  # reading only the first would call a document with a wrong second display correct
        raise LatexParseError(f"the input holds {len(bodies)} displays: parse_document reads them all, one chain "
                              f"each", *_position(text, bodies[1][1]))
    body = bodies[0][0]
    _expand(body, _macros(text), text)
    read = _parse_body(body, text, functions, symbols, kinds=kinds, random=random)
    if isinstance(read, Definition):
        raise LatexParseError(f"the input defines {read.name} instead of stating a step: parse_document reads "
                              f"definitions", *_position(text, body.origin[0] if body.origin else 0))
    return read


def _macros(source):
    r"""The macros a document defines: ``{name: (arguments, body)}`` from ``\newcommand``, ``\renewcommand``,
    ``\providecommand``, ``\def`` and ``\DeclareMathOperator`` (whose body is ``\operatorname{...}``)."""
    macros = {}
    for m in _MACRO.finditer(source):
        end = _group_end(source, m.end() - 1)
        if end is None:
            continue
        body = source[m.end():end - 1]
        if m.group(3):
            macros[m.group(3)] = (0, f"\\operatorname{{{body.strip()}}}")
        else:
            macros[m.group(1) or m.group(4)] = (int(m.group(2) or 0), body)
    return macros


def _expand(body, macros, source):
    """`body` with the document's macros expanded (arguments in braces or single tokens), in place."""
    if not macros:
        return
    pattern = re.compile(r"\\(" + "|".join(sorted(map(re.escape, macros), key=len, reverse=True)) + r")(?![a-zA-Z])")
    for _ in range(50):  # macros that use macros
        m = pattern.search(body.text)
        if m is None:
            return
        count, expansion = macros[m.group(1)]
        end, values = m.end(), []
        for _ in range(count):
            arg = re.match(r"\s*(\{|\\[a-zA-Z]+|\S)", body.text[end:])
            if arg is None:
                break
            if arg.group(1) == "{":
                close = _group_end(body.text, end + arg.start(1))
                if close is None:
                    break
                values.append(body.text[end + arg.start(1) + 1:close - 1])
                end = close
            else:
                values.append(arg.group(1))
                end += arg.end()
        if len(values) < count:
            raise LatexParseError(f"the macro \\{m.group(1)} needs {count} arguments",
                                  *_position(source, body.origin[m.start()]))
        used = [int(k) for k in re.findall(r"#(\d)", expansion)]
        if any(k < 1 or k > len(values) for k in used):
            raise LatexParseError(f"the macro \\{m.group(1)} uses #{max(used)} but takes {count} arguments",
                                  *_position(source, body.origin[m.start()]))
        text = re.sub(r"#(\d)", lambda g: values[int(g.group(1)) - 1], expansion)
        if re.search(r"\\[A-Za-z]+$", text) and re.match(r"[A-Za-z]", body.text[end:end + 1]):
            text += " "  # \newcommand{\R}{\mathbb{R}}: \R x is not \mathbb{R}x, \sig'(x) stays \sigma'(x)
        body.replace(m.start(), end, text)
    raise LatexParseError("macros that expand without end", *_position(source, body.origin[0] if body.origin
                                                                        else 0))


def _inline_definitions(source, taken):
    r"""Definitions written in running text: ``$f(x) := x^2$`` (``:=``, ``\coloneqq``, ``\triangleq``) outside the
    displays (``taken``: their spans)."""
    found = []
    for m in _INLINE.finditer(source):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if re.search(r":=|\\coloneqq|\\triangleq|\\(?:stackrel|overset)", m.group(1)):
            found.append((_Text.of(m.group(1), m.start(1)), m.start(), m.end()))
    return found


def parse_document(text, *, functions=(), symbols=(), arguments=None, kinds=None, random=None):
    r"""Read every display of a document (``align``, ``equation``, ``gather``, ``multline`` and their starred
    forms, ``\[...\]``, ``$$...$$``), in order, each as one chain.

    Returns
    -------
    list of Chain
        One per display (the whole text when it has none); a display that cannot be read has ``steps=None`` and
        its ``error``, and the others are read all the same.

    Examples
    --------
    >>> chains = parse_document("A first step \\[ (x+1)^2 = x^2 + 2x + 1 \\] and a second\n\\[ x + = 2 \\]")
    >>> [(c.lines, c.error is None) for c in chains]
    [((1, 1), True), ((2, 2), False)]
    """
    macros, arguments = _macros(text), dict(arguments or {})
    functions = list(functions)
    displays = _bodies(text)
    inline = _inline_definitions(text, [(a, b) for _, a, b in displays]) if len(displays) > 1 or displays and \
        displays[0][1:] != (0, len(text)) else []
    chains = []
    for body, start, end in sorted(displays + inline, key=lambda d: d[1]):
        lines = (_position(text, start)[0], _position(text, max(start, end - 1))[0])
        inline_only = any(body is b for b, _, _ in inline)
        try:
            _expand(body, macros, text)
            read = _parse_body(body, text, functions, symbols, arguments, definitions_only=inline_only, kinds=kinds,
                               random=random)
        except LatexParseError as exc:
            if not inline_only:
                chains.append(Chain(lines, None, exc))
            continue
        if read is None:
            continue
        if isinstance(read, Definition):
            functions.append(read.name)
            arguments[read.name] = read.arguments
            chains.append(Chain(lines, None, None, read))
        else:
            chains.append(Chain(lines, read))
    return chains


@dataclass(frozen=True)
class Definition:
    r"""A function a document defines (``L(w) = ...``, ``f(x) := ...``): its name, its meaning as a SymPy
    ``Lambda``, and its arguments as written (for ``\frac{\partial f}{\partial y}``)."""

    name: str
    meaning: sp.Lambda
    arguments: str

    def __str__(self):
        return f"{self.name}({', '.join(map(str, self.meaning.variables))}) = {self.meaning.expr}"


_LINEAR = re.compile(r"\\(?:mathbf|boldsymbol|vec|bm|nabla|odot|otimes|langle|det|[lr]?Vert|\|)(?![a-zA-Z])|\\\||"
                     r"\^\s*\{?\s*(?:\\top|\\intercal|-\s*\\top)|\\operatorname\s*\{\s*(?:tr|Tr|trace|diag)\s*\}")


def _parse_body(body, text, functions, symbols, arguments=None, definitions_only=False, kinds=None, random=None):
    body.sub(_DEFINED_AS, lambda m: "\\coloneqq")
    body.sub(_DROP, lambda m: " " * len(m.group()))
    body.sub(re.compile(r"[,.;]\s*$"), lambda m: " " * len(m.group()))
    pieces, relations = _split(body)
    if not relations:
        raise LatexParseError("no relation (=, \\le, ...) in the input", *_position(text, body.origin[0]
                                                                                   if body.origin else 0))
    definition = _definition(pieces, relations, functions)
    if definition is None and (definitions_only or ":=" in relations):
        if definitions_only:
            return None
        where = body.origin[0] if body.origin else 0
        raise LatexParseError("a definition is name(arguments) := formula, alone in its display",
                              *_position(text, where))
    if definition is not None:
        name, written = definition
        reader = _Reader([*functions, name], symbols, text, arguments)
        lhs, rhs = (reader.parse(p.slice(0, len(p.text))) for p in pieces)  # copies: parsing rewrites a piece
        if isinstance(lhs, AppliedUndef) and type(lhs).__name__ == name and \
                all(isinstance(a, sp.Symbol) for a in lhs.args) and len(set(lhs.args)) == len(lhs.args):
            return Definition(name, sp.Lambda(lhs.args, rhs), written)
        if ":=" in relations:
            raise reader.error(pieces[0], 0, "a definition is name(arguments) := formula, with symbols as its "
                                             "arguments")
    if ":=" in relations:
        raise LatexParseError("':=' defines: use it once, alone in its display", *_position(text, body.origin[0]))
    kinds = dict(kinds or {})
    probe = _Reader(functions, symbols, text, arguments, kinds)
    linear = bool(_LINEAR.search(body.text)) or any(probe.token_pattern(n).search(body.text) for n in kinds)
    reader = _Reader(functions, symbols, text, arguments, kinds, linear)
    exprs = []
    for piece in pieces:
        if not piece.text.strip():
            offset = piece.origin[0] if piece.origin else (body.origin[-1] if body.origin else 0)
            raise LatexParseError("an empty side of a relation", *_position(text, offset))
        try:
            exprs.append(reader.parse(piece))
        except LatexParseError:
            raise
        except InvalidArgument as exc:
            raise reader.error(piece, 0, str(exc)) from None
    exprs = _families(exprs)
    try:
        exprs = _built(exprs, reader, random)
    except InvalidArgument as exc:  # at the side it is about, or at the chain
        piece = pieces[getattr(exc, "side", 0)]
        origin = next((o for o, c in zip(piece.origin, piece.text) if not c.isspace()), None) if piece.origin \
            else None
        where = origin if origin is not None else (body.origin[0] if body.origin else 0)
        raise LatexParseError(str(exc), *_position(text, where)) from None
    return [exprs[0], *zip(relations, exprs[1:])]


def _built(exprs, reader, random):
    """The chain's vectors and matrices as SymPy matrix expressions (shapes inferred over the whole chain), and its
    expectations as :mod:`~theorems.derivations.expectations` objects."""
    from sympy.core.function import AppliedUndef as Applied

    linear = any(not s.is_commutative for e in exprs for s in e.atoms(sp.Symbol)) or any(
        type(f).__name__.startswith("_L_") for e in exprs for f in e.atoms(Applied))
    if linear:
        from theorems.derivations.linear import Builder

        exprs = Builder({**reader.kinds, **reader.bold}).build(exprs)
    if any(type(f).__name__.startswith(("_L_E", "_L_var", "_L_cov")) for e in exprs for f in e.atoms(Applied)):
        from theorems.derivations import expectations

        random = random or {}
        exprs = expectations.build(exprs, random.get("variables", {}), random.get("independent", ()),
                                   random.get("means", {}), lambda text: _parse_body(
                                       _Text.of(f"{text} = 0"), f"{text} = 0", (), ())[0])
    return exprs

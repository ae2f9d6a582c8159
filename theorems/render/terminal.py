"""LaTeX as readable Unicode text, for ``theorems show`` on a terminal.

The catalogue's statements are LaTeX strings (as the lectures write them) and SymPy objects; SymPy's pretty
printer renders the objects, :func:`to_unicode` the strings: Greek letters and operators become their Unicode
characters, ``\\frac{a}{b}`` becomes ``a/b`` with the parentheses the precedence needs, exponents and indices
become superscripts and subscripts where Unicode has them (``x²``, ``x₁``; otherwise ``^(...)`` and ``_F``), and
layout commands (``\\left``, ``\\quad``, ``\\text``) disappear.  Nothing is dropped silently: a command it does
not know is printed by name.
"""

import re

__all__ = ["to_unicode"]

_GREEK = {name: chr(code) for name, code in (
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3F5),
    ("varepsilon", 0x3B5), ("zeta", 0x3B6), ("eta", 0x3B7), ("theta", 0x3B8), ("vartheta", 0x3D1), ("iota", 0x3B9),
    ("kappa", 0x3BA), ("lambda", 0x3BB), ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE), ("pi", 0x3C0),
    ("varpi", 0x3D6), ("rho", 0x3C1), ("varrho", 0x3F1), ("sigma", 0x3C3), ("varsigma", 0x3C2), ("tau", 0x3C4),
    ("upsilon", 0x3C5), ("phi", 0x3D5), ("varphi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9),
    ("Gamma", 0x393), ("Delta", 0x394), ("Theta", 0x398), ("Lambda", 0x39B), ("Xi", 0x39E), ("Pi", 0x3A0),
    ("Sigma", 0x3A3), ("Upsilon", 0x3A5), ("Phi", 0x3A6), ("Psi", 0x3A8), ("Omega", 0x3A9))}

_SYMBOLS = {
    **_GREEK, "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "sim": "∼",
    "simeq": "≃", "equiv": "≡", "propto": "∝", "to": "→", "rightarrow": "→", "leftarrow": "←", "mapsto": "↦",
    "Rightarrow": "⇒", "implies": "⇒", "iff": "⇔", "Leftrightarrow": "⇔", "infty": "∞", "partial": "∂",
    "nabla": "∇", "cdot": "·", "cdots": "⋯", "ldots": "…", "dots": "…", "times": "×", "circ": "∘", "odot": "⊙",
    "otimes": "⊗", "oplus": "⊕", "pm": "±", "mp": "∓", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆",
    "supset": "⊃", "cup": "∪", "cap": "∩", "forall": "∀", "exists": "∃", "sum": "Σ", "prod": "Π", "int": "∫",
    "oint": "∮", "langle": "⟨", "rangle": "⟩", "|": "‖", "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|",
    "rvert": "|", "vert": "|", "mid": "|", "emptyset": "∅", "varnothing": "∅", "top": "⊤", "perp": "⊥",
    "ell": "ℓ", "lesssim": "≲", "gtrsim": "≳", "ll": "≪", "gg": "≫", "neg": "¬", "lnot": "¬", "wedge": "∧",
    "land": "∧", "vee": "∨", "lor": "∨", "setminus": "∖", "prime": "′", "star": "⋆", "ast": "∗", "bullet": "•",
    "dagger": "†", "Re": "ℜ", "Im": "ℑ", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "quad": "  ", "qquad": "    ", ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "&": "&", "%": "%", "$": "$",
    "#": "#", "_": "_", "{": "{", "}": "}", "max": "max", "min": "min", "sup": "sup", "inf": "inf", "log": "log",
    "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh", "det": "det",
    "lim": "lim", "arg": "arg", "dim": "dim", "ker": "ker", "deg": "deg", "Pr": "Pr", "liminf": "lim inf",
    "limsup": "lim sup", "argmin": "argmin", "argmax": "argmax", "tr": "tr", "textbackslash": "\\",
    "textasciitilde": "~", "textasciicircum": "^", "textbraceleft": "{", "textbraceright": "}", "S": "§",
}
_OPERATORS = {"max", "min", "sup", "inf", "log", "ln", "exp", "sin", "cos", "tan", "tanh", "det", "lim", "arg", "dim",
              "ker", "deg", "Pr", "argmin", "argmax", "tr"}
_IGNORED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
            "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "noindent", "par", "medskip",
            "smallskip", "bigskip", "hfill", "centering", "nonumber", "notag"}
_STYLES = {"text", "textrm", "textit", "textbf", "emph", "mathrm", "mathit", "mathsf", "mathtt", "texttt",
           "operatorname", "boldsymbol", "mathbf", "bm", "textsf", "mbox", "hbox"}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ", "1": "𝟙", "S": "𝕊"}
_SCRIPT = dict(zip("BEFHILMR", "ℬℰℱℋℐℒℳℛ"))  # the script capitals Unicode has outside the mathematical block
_ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303", "bar": "\u0304",
            "overline": "\u0305", "dot": "\u0307", "ddot": "\u0308", "vec": "\u20d7", "check": "\u030c"}
_TEXT_ACCENTS = {"^": "\u0302", "'": "\u0301", "`": "\u0300", '"': "\u0308", "~": "\u0303", "=": "\u0304",
                 ".": "\u0307", "c": "\u0327", "v": "\u030c"}
_SUPERSCRIPTS = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzT",
                         "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ"))
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_TOKEN = re.compile(r"\\([A-Za-z]+)\*?|\\(.)|([{}^_&~$])|(\s+)|(``|''|[^\\{}^_&~$\s])", re.DOTALL)


def _tokens(text):
    quotes = 0  # open ``quotations'': their '' closes them; any other '' is a double prime (g'')
    for m in _TOKEN.finditer(text):
        name, symbol, special, space, char = m.groups()
        if name is not None:
            yield ("command", name)
        elif symbol is not None:
            yield ("command", symbol)
        elif special is not None:
            yield ("special", special)
        elif space is not None:
            yield ("space", " ")
        elif char == "``":
            quotes += 1
            yield ("char", "“")
        elif char == "''":
            yield ("char", "”" if quotes else "″")
            quotes = max(quotes - 1, 0)
        else:
            yield ("char", char)


class _Parser:
    def __init__(self, text):
        self.tokens = list(_tokens(text))
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.i += 1
        return token

    def argument(self):
        """One argument: a braced group or a single token (as in ``\\frac12``)."""
        while self.peek()[0] == "space":
            self.take()
        kind, value = self.take()
        if kind == "special" and value == "{":
            return self.sequence(until="}")
        if kind == "command":
            return self.command(value)
        return value or ""

    def optional(self):
        if self.peek() == ("char", "["):
            self.take()
            out = []
            while self.peek()[0] is not None and self.peek() != ("char", "]"):
                out.append(self.item())
            self.take()
            return "".join(out)
        return None

    def sequence(self, until=None, end=None):
        out = []
        while True:
            kind, value = self.peek()
            if kind is None:
                break
            if until is not None and (kind, value) == ("special", until):
                self.take()
                break
            if end is not None and (kind, value) == ("command", "end"):
                self.take()
                self.argument()
                break
            out.append(self.item())
        return "".join(out)

    def item(self):
        kind, value = self.take()
        if kind == "command":
            return self.command(value)
        if kind == "special":
            if value == "{":
                return self.sequence(until="}")
            if value in "^_":
                return _script(self.argument(), _SUPERSCRIPTS if value == "^" else _SUBSCRIPTS, value)
            if value == "~":
                return " "
            if value == "&":
                return " "
            return ""  # $ delimiters
        return value

    def command(self, name):
        if name in ("frac", "tfrac", "dfrac", "cfrac"):
            return f"{_grouped(self.argument())}/{_grouped(self.argument())}"
        if name == "sqrt":
            index, body = self.optional(), self.argument().strip()
            root = {None: "√", "3": "∛", "4": "∜"}.get(index, f"{index}√")
            return root + (body if len(body) == 1 or body.isdigit() else f"({body})")
        if name == "mathbb":
            body = self.argument()
            return "".join(_BLACKBOARD.get(c, c) for c in body)
        if name in ("mathcal", "mathscr"):
            return "".join(_SCRIPT.get(c, chr(0x1D49C + ord(c) - 65) if "A" <= c <= "Z" else c)
                           for c in self.argument())
        if name in _TEXT_ACCENTS:
            body = self.argument()
            return body[:1] + _TEXT_ACCENTS[name] + body[1:]
        if name in _ACCENTS:
            body = self.argument()
            return "".join(c + _ACCENTS[name] for c in body) if len(body) <= 2 else f"({body}){_ACCENTS[name]}"
        if name in _STYLES:
            return self.argument()
        if name == "begin":
            env = self.argument()
            if env in ("equation", "equation*"):
                return self.sequence(end=True)
            return _environment(env, self.sequence(end=True))
        if name in ("[", "]", "(", ")"):
            return "\n" if name in "[]" else ""
        if name == "\\":
            self.optional()
            return "\n"
        if name in ("label", "cite", "ref", "eqref", "hspace", "vspace", "phantom"):
            self.argument()
            return ""
        if name in _IGNORED:
            return ""
        if name in _OPERATORS:  # cos x, not cosx
            kind, value = self.peek()
            return name + (" " if kind == "command" or (kind == "char" and value.isalnum()) else "")
        return _SYMBOLS.get(name, name)


def _script(body, table, mark):
    body = body.strip()
    if body and all(c in table for c in body):
        return "".join(table[c] for c in body)
    return f"{mark}{body}" if len(body) == 1 else f"{mark}({body})"


def _grouped(text):
    """Parenthesise a fraction's part unless it is one token (a number, a name, a bracketed group)."""
    text = text.strip()
    text = re.sub(r"([∂∇]) +", r"\1", text)
    scripts = "′″" + "".join(_SUPERSCRIPTS.values()) + "".join(_SUBSCRIPTS.values())
    one = rf"[∂∇]?(\d+(\.\d+)?|[^\W\d_][\u0300-\u036f\u20d7]*)[{scripts}]*"  # a number, or one letter
    if re.fullmatch(one, text) or re.fullmatch(r"\((?:[^()]|\([^()]*\))*\)", text):
        return text
    return f"({text})"


def _environment(name, body):
    rows = [row.strip() for row in body.split("\n") if row.strip()]
    if name in ("pmatrix", "bmatrix", "matrix", "vmatrix"):
        return "[" + "; ".join(" ".join(row.split()) for row in rows) + "]"
    if name == "cases":
        return "{ " + "; ".join(rows) + " }"
    return "\n".join(rows)


def _tidy(text):
    """Spaces: runs collapsed, none after a differential operator (``∂ L`` -> ``∂L``)."""
    return re.sub(r"([∂∇√]) +", r"\1", re.sub(r"[ \t]+", " ", text)).strip()


def to_unicode(latex):
    r"""Readable Unicode for a LaTeX string (text with ``$...$``, ``\[...\]``, or bare mathematics).

    Examples
    --------
    >>> to_unicode(r"\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le \tfrac14")
    "σ'(z) = σ(z)(1 - σ(z)) ≤ 1/4"
    >>> to_unicode(r"\frac{1}{1 + e^{-z}}, \quad x_1^2 + \|W_k\|_F^2, \quad \mathbb{E}\,\hat L_n(h)")
    '1/(1 + e⁻ᶻ), x₁² + ‖Wₖ‖_F², 𝔼 L̂ₙ(h)'
    >>> to_unicode(r"\frac{\partial L}{\partial a_j} = \frac2n \sum_i (z_i - Y_i) X_{ij}, \quad \sqrt{2T}")
    '∂L/∂aⱼ = 2/n Σᵢ (zᵢ - Yᵢ) Xᵢⱼ, √(2T)'
    >>> to_unicode(r"\begin{gathered} a \\ b \end{gathered}")
    'a\nb'
    """
    text = _Parser(str(latex)).sequence()
    return "\n".join(line for line in (_tidy(line) for line in text.split("\n")) if line)

r"""Check a whole document: every display read (:func:`~theorems.derivations.latex_input.parse_document`), each
chain checked (:func:`~theorems.derivations.checker.check_derivation`) under the user's declarations.

This is what ``theorems check FILE`` runs; :func:`check_document` gives the same from Python, with the expressions
as read beside the verdicts.
"""

import re
from dataclasses import dataclass

from numerics.errors import InvalidArgument

__all__ = ["ChainReport", "DocumentReport", "check_document", "read_assumption", "read_definition"]


def read_assumption(text, functions=()):
    r"""An assumption as the checker takes it: a sign (``"n integer"``, ``"t nonnegative"``) as it is, anything
    else read as LaTeX (``"w_1 > 0"``, ``"x > y"``) into a SymPy relation.

    Examples
    --------
    >>> read_assumption("x > 0")
    x > 0
    >>> read_assumption("n positive integer")
    'n positive integer'
    """
    from theorems.derivations.latex_input import parse_derivation
    from theorems.derivations.report import RELATIONS, SIGNS

    from theorems.derivations.latex_input import GREEK

    words = text.split()
    if len(words) >= 2 and all(w in SIGNS for w in words[1:]):
        return text
    greek = "|".join(GREEK)  # sigma > 0 on a command line is \sigma > 0, not s i g m a
    text = re.sub(rf"(?<![\\A-Za-z])({greek})(?![A-Za-z])", r"\\\1", text)
    lhs, *rest = parse_derivation(text, functions=functions)
    if len(rest) != 1:
        raise InvalidArgument(f"assumption {text!r}: write one relation, such as x > 0")
    relation, rhs = rest[0]
    if relation == "=":
        raise InvalidArgument(f"assumption {text!r}: an equality is not an assumption; substitute instead")
    return RELATIONS[relation](lhs, rhs, evaluate=False)


def read_definition(text, functions=()):
    r"""A definition ``name(z) = formula`` (LaTeX) as ``(name, Lambda)``.

    Examples
    --------
    >>> read_definition(r"\sigma(z) = \frac{1}{1 + e^{-z}}")
    ('sigma', Lambda(z, 1/(1 + exp(-z))))
    """
    import sympy as sp

    from theorems.derivations.latex_input import parse_derivation

    m = re.match(r"\s*(\\?[A-Za-z]+)\s*\(", text)
    if m is None:
        raise InvalidArgument(f"definition {text!r}: write name(z) = formula")
    name = m.group(1).lstrip("\\")
    lhs, *rest = parse_derivation(text, functions=[*functions, name])
    if len(rest) != 1 or rest[0][0] != "=" or not isinstance(lhs, sp.core.function.AppliedUndef) or \
            not all(isinstance(a, sp.Symbol) for a in lhs.args):
        raise InvalidArgument(f"definition {text!r}: write name(z) = formula, with symbols as arguments")
    return type(lhs).__name__, sp.Lambda(lhs.args, rest[0][1])


@dataclass(frozen=True)
class ChainReport:
    """One display of a document: its lines (1-based, inclusive), the expressions as read (``[e0, (relation, e1),
    ...]``) and their :class:`~theorems.derivations.report.DerivationReport`, or the error that says why the
    display could not be read."""

    lines: tuple
    steps: list | None
    report: object = None
    error: Exception | None = None
    definition: object = None

    @property
    def where(self):
        """``line 3`` or ``lines 3-7``."""
        return f"lines {self.lines[0]}-{self.lines[1]}" if self.lines[1] > self.lines[0] else f"line {self.lines[0]}"

    def to_dict(self):
        """A JSON-ready dict: ``lines``, then the report's keys, or ``error``."""
        if self.definition is not None:
            body = {"defines": self.definition.name, "definition": str(self.definition)}
        else:
            body = {"error": str(self.error)} if self.error else self.report.to_dict()
        return {"lines": list(self.lines), **body}

    def __str__(self):
        if self.definition is not None:
            return f"{self.where}: defines {self.definition}"
        if self.error is not None:
            return f"{self.where}: cannot be read: {self.error}"
        return f"{self.where}:\n{self.report}"


@dataclass(frozen=True)
class DocumentReport:
    """The chains of a document, in order."""

    chains: tuple

    @property
    def ok(self):
        """True when every chain was read and every step is proved or numerically consistent."""
        return all(c.error is None and (c.report is None or c.report.ok) for c in self.chains)

    @property
    def verdicts(self):
        """The verdicts of all the steps read, in order."""
        return tuple(v for c in self.chains if c.report for v in c.report.verdicts)

    @property
    def unreadable(self):
        """The chains that could not be read."""
        return tuple(c for c in self.chains if c.error)

    def to_dict(self):
        """A JSON-ready dict."""
        return {"ok": self.ok, "chains": [c.to_dict() for c in self.chains]}

    @property
    def checked(self):
        """The chains that were read and checked (neither definitions nor unreadable)."""
        return tuple(c for c in self.chains if c.report is not None)

    def __str__(self):
        return "\n".join(map(str, self.chains))


MOMENT = re.compile(r"\s*\\mathbb\s*\{\s*E\s*\}\s*[\[(]\s*(.+?)\s*[\])]\s*=\s*(.+?)\s*")
"""An assumption on a mean: ``\\mathbb{E}[\\epsilon] = 0``."""


def check_document(text, *, functions=(), definitions=(), assumptions=(), symbols=(), seed=0, points=12,
                   vectors=(), matrices=(), random=(), independent=()):
    r"""Read every display of `text` and check each chain.

    Parameters
    ----------
    text : str
        LaTeX: a whole document, a few displays, or one chain.
    functions : sequence of str
        Names that are arbitrary functions (``--function``).
    definitions : sequence of str or (str, sympy.Lambda)
        ``name(z) = formula`` in LaTeX (``--define``), or as :func:`read_definition` returns it: the name is that
        function in every chain.
    assumptions : sequence of str or sympy relations
        ``"x > 0"``, ``"n integer"`` ... (``--assume``), or as :func:`read_assumption` returns them.
    symbols : sequence of str
        Names that are symbols where a default says otherwise (``"e"``).
    seed, points : int
        As for :func:`~theorems.derivations.checker.check_derivation`.

    Returns
    -------
    DocumentReport

    Raises
    ------
    InvalidArgument
        A definition or an assumption that cannot be read (the text says which).

    Examples
    --------
    >>> report = check_document(r"\[ (x+1)^2 = x^2 + 2x + 1 \] \[ \frac{d}{dx} x^2 = x \]")
    >>> report.verdicts, report.ok
    (('proved', 'refuted'), False)
    """
    import sympy as sp

    from theorems.derivations.checker import check_derivation

    from theorems.derivations.expectations import read_random
    from theorems.derivations.linear import read_shape

    kinds = {}
    for kind, values in (("vector", vectors), ("matrix", matrices)):
        for value in values:
            name, shape = read_shape(value, kind)
            if name in kinds:
                raise InvalidArgument(f"{name} is declared twice (--vector, --matrix)")
            kinds[name] = shape
    variables = dict(read_random(value) for value in random)
    groups = [value.split() if isinstance(value, str) else list(value) for value in independent]
    for group in groups:
        if len(group) < 2:
            raise InvalidArgument(f"--independent names at least two random variables, not {group}")
        undeclared = [n for n in group if read_random(n)[0] not in variables]
        variables.update({read_random(n)[0]: None for n in undeclared})  # independent ones are random
    means, kept = {}, []
    for value in assumptions:
        m = MOMENT.fullmatch(value) if isinstance(value, str) else None
        if m:
            means[m.group(1)] = m.group(2)
        elif isinstance(value, str) and re.search(r"\\mathbb\s*\{\s*E\s*\}|\\operatorname\s*\{\s*(?:Var|Cov)", value):
            raise InvalidArgument(f"the assumption {value!r}: the assumptions on moments that are read are "
                                  "\\mathbb{E}[X] = value")
        else:
            kept.append(value)
    assumptions = kept
    random = {"variables": variables, "independent": groups, "means": means}
    from theorems.derivations.latex_input import parse_document

    declared = dict.fromkeys(functions)
    for value in definitions:
        name, meaning = read_definition(value, list(declared)) if isinstance(value, str) else value
        declared[name] = meaning
    assumed = [read_assumption(value, list(declared)) if isinstance(value, str) else value for value in assumptions]
    chains = []
    arguments = {name: ", ".join(sp.latex(v) for v in meaning.variables) for name, meaning in declared.items()
                 if meaning is not None}
    for chain in parse_document(text, functions=list(declared), symbols=symbols, arguments=arguments, kinds=kinds,
                                random=random):
        if chain.definition is not None:  # for the chains after it, not checked
            declared[chain.definition.name] = chain.definition.meaning
            chains.append(ChainReport(chain.lines, None, definition=chain.definition))
            continue
        report = None if chain.error else check_derivation(chain.steps, assumptions=assumed,
                                                           functions=dict(declared), seed=seed, points=points)
        chains.append(ChainReport(chain.lines, chain.steps, report, chain.error))
    return DocumentReport(tuple(chains))

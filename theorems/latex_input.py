"""Read a derivation written in LaTeX: a chain ``a = b = c`` in an ``align``/``equation`` environment or alone: the
names of :mod:`theorems.derivations.latex_input`, where the code lives, at their first import path.
"""

from theorems.derivations.latex_input import Chain, Definition, LatexParseError, parse_derivation, parse_document

__all__ = ["Chain", "Definition", "LatexParseError", "parse_derivation", "parse_document"]

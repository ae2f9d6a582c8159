"""LaTeX for the catalogue: one section per theorem, a complete document, and its compilation to PDF: the names of
:mod:`theorems.render.latex`, where the code lives, at their first import path.
"""

from theorems.render.latex import (
    FRAGMENT_DEFINITIONS,
    DLLatexPrinter,
    LatexError,
    bibliography,
    check_engine,
    compile_pdf,
    document,
    escape,
    heading,
    latex,
    notebook_latex,
    prose,
    reference_key,
    step_relation,
    theorem_section,
    unicode_quotes,
    write_figures,
)

__all__ = ["FRAGMENT_DEFINITIONS", "DLLatexPrinter", "LatexError", "bibliography", "check_engine", "compile_pdf",
           "document", "escape", "heading", "latex", "notebook_latex", "prose", "reference_key", "step_relation",
           "theorem_section", "unicode_quotes", "write_figures"]

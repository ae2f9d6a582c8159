"""Users' own derivations: the checker (:func:`check_derivation`, in :mod:`~theorems.derivations.checker`), the LaTeX
reader (:mod:`~theorems.derivations.latex_input`) and property-based identities for pytest suites
(:mod:`~theorems.derivations.testing`).

``theorems.derivations`` itself exports the checker and its report, as it always has.
"""

from theorems.derivations.checker import check_derivation
from theorems.derivations.report import RELATIONS, SIGNS, VERDICTS, DerivationReport, StepResult

__all__ = ["RELATIONS", "SIGNS", "VERDICTS", "DerivationReport", "StepResult", "check_derivation"]

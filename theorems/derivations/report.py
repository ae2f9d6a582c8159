"""The outcome of checking a derivation: a verdict per step (:class:`StepResult`) and the report of the chain."""

from dataclasses import dataclass, field

import sympy as sp

__all__ = ["DerivationReport", "RELATIONS", "SIGNS", "StepResult", "VERDICTS"]

VERDICTS = ("proved", "refuted", "numerically consistent", "undecided")


RELATIONS = {"=": sp.Eq, "<=": sp.Le, "<": sp.Lt, ">=": sp.Ge, ">": sp.Gt}


_LATEX_RELATIONS = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}


SIGNS = {"positive", "negative", "nonnegative", "nonpositive", "nonzero", "integer", "real"}


@dataclass(frozen=True)
class StepResult:
    """The verdict on one step ``lhs relation rhs`` of a derivation.

    Attributes
    ----------
    index : int
        1 for the step from ``e0`` to ``e1``, and so on.
    lhs, rhs : sympy.Basic
    relation : str
        ``"="`` or one of ``"<=", "<", ">=", ">"``.
    verdict : str
        One of :data:`VERDICTS`.
    method : str
        How it was decided: the simplification that proved it, or the evaluation that refuted or supports it.
    point : dict or None
        For a refutation: the values of the symbols (and the concrete functions) where the step fails.
    values : tuple of str or None
        For a refutation: both sides at `point`.
    points : int
        Points at which both sides were evaluated and compared.
    digits : int
        Working precision of the numeric comparison (significant digits).
    """

    index: int
    lhs: sp.Basic
    rhs: sp.Basic
    relation: str
    verdict: str
    method: str
    point: dict = None
    values: tuple = None
    points: int = 0
    digits: int = 0

    @property
    def latex(self):
        r"""The step as read, in LaTeX: ``\frac{d}{d x} \tanh {x} = 1 - \tanh^{2} {x}``."""
        def tex(e):
            return sp.latex(e, ln_notation=False)
        return f"{tex(self.lhs)} {_LATEX_RELATIONS[self.relation]} {tex(self.rhs)}"

    def to_dict(self):
        """A JSON-ready dict."""
        return {"index": self.index, "lhs": str(self.lhs), "rhs": str(self.rhs), "latex": self.latex,
                "relation": self.relation,
                "verdict": self.verdict, "method": self.method, "point": self.point,
                "values": None if self.values is None else list(self.values), "points": self.points,
                "digits": self.digits}

    def __str__(self):
        head = f"step {self.index}: {sp.sstr(self.lhs)} {self.relation} {sp.sstr(self.rhs)}"
        text = f"{head}\n  read as: {self.latex}\n  {self.verdict}: {self.method}"
        if self.values is not None:
            where = ", ".join(f"{k} = {v}" for k, v in (self.point or {}).items())
            at = f"at {where}: " if where else ""
            text += f"\n  {at}left side {self.values[0]}, right side {self.values[1]}"
        return text


@dataclass(frozen=True)
class DerivationReport:
    """The verdicts on all the steps of a derivation.

    Attributes
    ----------
    steps : tuple of StepResult
    assumptions : tuple of str
        The assumptions the steps were checked under.
    """

    steps: tuple
    assumptions: tuple = field(default=())

    @property
    def ok(self):
        """True when every step is proved or numerically consistent."""
        return all(s.verdict in ("proved", "numerically consistent") for s in self.steps)

    @property
    def refuted(self):
        """The refuted steps."""
        return tuple(s for s in self.steps if s.verdict == "refuted")

    @property
    def verdicts(self):
        """The verdicts, in order."""
        return tuple(s.verdict for s in self.steps)

    def to_dict(self):
        """A JSON-ready dict."""
        return {"ok": self.ok, "assumptions": list(self.assumptions), "steps": [s.to_dict() for s in self.steps]}

    def __str__(self):
        lines = [str(s) for s in self.steps]
        if self.assumptions:
            lines.insert(0, "assuming " + ", ".join(self.assumptions))
        return "\n".join(lines)

"""Verification reports: fixed-field result objects whose ``to_dict()`` is the JSON report (docs/design.rst)."""

from dataclasses import dataclass, field

import numpy as np

__all__ = ["COLUMNS", "EXIT_CODES", "CatalogueReport", "CheckResult", "MutantsResult", "TheoremReport", "jsonable"]

EXIT_CODES = {"verified": 0, "failed": 1, "error": 2}
"""Theorem status -> exit code of ``theorems verify``; a run exits with the largest."""


def jsonable(value):
    """Convert arrays, NumPy scalars, SymPy objects and tuples to plain JSON values.

    Examples
    --------
    >>> jsonable({"x": np.array([1.0, 2.0]), "n": np.int64(3), "t": (1, 2)})
    {'x': [1.0, 2.0], 'n': 3, 't': [1, 2]}
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, (np.floating, float)):
        return float(value)
    if isinstance(value, (np.integer, np.bool_)) and not isinstance(value, bool):
        return value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)  # SymPy objects and the like, in their str form


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check (symbolic or numeric) on one claim.

    A check that passed has ``passed=True``; one that disagreed carries a
    ``counterexample`` (the instance and both values); one that could not run
    carries an ``exception`` (type and message) and ``passed=False``.
    ``max_error`` and ``tolerance`` are in the units that ``detail`` names.
    """

    passed: bool
    detail: str
    examples: int | None = None
    max_error: float | None = None
    tolerance: float | None = None
    counterexample: dict | None = None
    exception: dict | None = None

    def __post_init__(self):
        object.__setattr__(self, "passed", bool(self.passed))  # checks often compute it as a numpy.bool

    @property
    def status(self):
        """``passed``, ``failed`` (a disagreement) or ``error`` (the check could not run)."""
        if self.exception is not None:
            return "error"
        return "passed" if self.passed else "failed"

    def to_dict(self):
        """The JSON object of this check (docs/design.rst); absent fields are omitted."""
        out = {"passed": self.passed}
        for key in ("examples", "max_error", "tolerance"):
            if getattr(self, key) is not None:
                out[key] = jsonable(getattr(self, key))
        out["detail"] = self.detail
        if self.counterexample is not None:
            out["counterexample"] = jsonable(self.counterexample)
        if self.exception is not None:
            out["exception"] = jsonable(self.exception)
        return out


@dataclass(frozen=True)
class MutantsResult:
    """Which deliberately wrong variants the checks rejected, and by which check."""

    total: int
    rejected_by: dict = field(default_factory=dict)
    survivors: tuple = ()
    errors: dict = field(default_factory=dict)

    @property
    def rejected(self):
        return len(self.rejected_by)

    def to_dict(self):
        out = {"total": self.total, "rejected": self.rejected, "survivors": list(self.survivors),
               "rejected_by": dict(self.rejected_by)}
        if self.errors:
            out["errors"] = dict(self.errors)
        return out


@dataclass(frozen=True)
class TheoremReport:
    """The verification of one theorem: its checks on the correct claim and on its mutants."""

    id: str
    topic: str
    kind: str
    checks: dict
    mutants: MutantsResult
    errata: tuple
    seconds: float

    @property
    def status(self):
        """``error`` if a check could not run, ``failed`` if one disagreed or a mutant survived, else ``verified``."""
        if self.mutants.errors or any(c.status == "error" for c in self.checks.values()):
            return "error"
        if not all(c.passed for c in self.checks.values()) or self.mutants.survivors:
            return "failed"
        return "verified"

    def row(self):
        """The summary of this report as the strings of a table row (:data:`COLUMNS`)."""
        numeric = self.checks.get("numeric")
        symbolic = self.checks.get("symbolic")
        error = (f"{numeric.max_error:.2g}/{numeric.tolerance:g}"
                 if numeric and numeric.max_error is not None and numeric.tolerance is not None else "-")
        return (self.id, self.status, symbolic.status if symbolic else "-", numeric.status if numeric else "-",
                f"{self.mutants.rejected}/{self.mutants.total}", error, f"{self.seconds:.1f}")

    def _repr_html_(self):
        return _html_table([self.row()])

    def _repr_latex_(self):
        return _latex_table([self.row()])

    def to_dict(self):
        checks = {name: check.to_dict() for name, check in self.checks.items()}
        checks["mutants"] = self.mutants.to_dict()
        return {"id": self.id, "topic": self.topic, "kind": self.kind, "status": self.status, "checks": checks,
                "errata": list(self.errata), "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class CatalogueReport:
    """The verification of several theorems with one seed and profile.

    ``interrupted`` is True for the partial report of a run stopped by Ctrl-C: it holds the theorems that finished.
    """

    theorems: tuple
    seed: int
    profile: str
    interrupted: bool = False

    @property
    def exit_code(self):
        """0 when all are verified, 1 when something failed, 2 when a check could not run."""
        return max((EXIT_CODES[t.status] for t in self.theorems), default=0)

    def summary(self):
        """One line: how many verified, failed, errors and mutants rejected, with the profile and seed."""
        s = self.to_dict()["summary"]
        return (f"{'interrupted: ' if self.interrupted else ''}"
                f"{s['verified']} of {s['total']} verified, {s['failed']} failed, {s['errors']} errors; "
                f"{s['mutants_rejected']} of {s['mutants_total']} mutants rejected "
                f"(profile {s['profile']}, seed {s['seed']})")

    def _repr_html_(self):
        """A table for Jupyter: one row per theorem, the summary as its caption."""
        return _html_table([t.row() for t in self.theorems], caption=self.summary())

    def _repr_latex_(self):
        return _latex_table([t.row() for t in self.theorems], caption=self.summary())

    def to_dict(self):
        statuses = [t.status for t in self.theorems]
        summary = {
            "total": len(self.theorems),
            "verified": statuses.count("verified"),
            "failed": statuses.count("failed"),
            "errors": statuses.count("error"),
            "mutants_total": sum(t.mutants.total for t in self.theorems),
            "mutants_rejected": sum(t.mutants.rejected for t in self.theorems),
            "seed": self.seed,
            "profile": self.profile,
            "interrupted": self.interrupted,
        }
        return {"theorems": [t.to_dict() for t in self.theorems], "summary": summary}


COLUMNS = ("theorem", "status", "symbolic", "numeric", "mutants", "max error", "seconds")
"""The columns of a verification table (the command line's, and the notebooks')."""

_COLOURS = {"verified": "#1a7f37", "passed": "#1a7f37", "failed": "#cf222e", "error": "#9a6700"}


def _html_table(rows, caption=None):
    from html import escape

    def cell(value):
        colour = _COLOURS.get(value)
        text = escape(value)
        return f'<td style="color:{colour}">{text}</td>' if colour else f"<td>{text}</td>"

    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _latex_table(rows, caption=None):
    def text(value):
        return r"\text{" + value.replace("_", r"\_").replace("%", r"\%") + "}"

    lines = [" & ".join(text(c) for c in COLUMNS)] + [" & ".join(text(v) for v in row) for row in rows]
    table = r"\begin{array}{lllllll} " + r" \\ ".join(lines) + r" \end{array}"
    return "$" + table + "$" + (f"\n\n{caption}" if caption else "")

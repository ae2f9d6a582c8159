"""The Theorem abstraction: a claim of a lecture, its correct form, its checks and its mutants."""

import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from numerics.errors import InvalidArgument, check_int
from theorems.checks import Context
from theorems.fixed_names import CHECK_KINDS, KIND_PHRASES, KINDS, TOPIC_TITLES, TOPICS
from theorems.profiles import profile as _profile
from theorems.report import CheckResult, MutantsResult, TheoremReport

__all__ = ["CHECK_KINDS", "KINDS", "KIND_PHRASES", "TOPICS", "TOPIC_TITLES", "Assumption", "Mutant", "NoFigure",
           "Step", "Theorem", "run_check"]


@dataclass(frozen=True)
class Assumption:
    """A hypothesis of a theorem: a sentence (LaTeX allowed) and, where one exists, a predicate.

    ``predicate(instance) -> bool`` tests the hypothesis on a concrete instance
    (the same instances the numeric check draws).
    """

    text: str
    predicate: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Step:
    """One step of a derivation: ``lhs = rhs`` with its justification.

    `lhs` and `rhs` are SymPy expressions, or LaTeX strings where SymPy has no
    natural object for the notation.
    """

    lhs: Any
    rhs: Any
    justification: str


@dataclass(frozen=True)
class Mutant:
    """A deliberately wrong variant of a theorem's claim, which its checks must reject."""

    name: str
    description: str
    claim: Any


@dataclass(frozen=True)
class NoFigure:
    """The figure of a theorem that has none: false, and calling it says so."""

    id: str

    def __bool__(self):
        return False

    def __call__(self, seed=0):
        raise InvalidArgument(f"{self.id} has no figure (Theorem.has_figure is False)")


@dataclass(frozen=True)
class Theorem:
    """A claim of a lecture with its correct statement, hypotheses, derivation, errata and checks.

    Attributes
    ----------
    id : str
        ``topic.name`` in snake_case.
    title, topic, kind, source : str
        ``kind`` is one of :data:`KINDS`; ``source`` names the seed file and slide.
    as_stated : str
        The slide's LaTeX, verbatim (it may be wrong).
    statement : tuple
        The correct form: LaTeX sentences (str) and SymPy equations.
    hypotheses : tuple of Assumption
    derivation : tuple of Step
    errata : tuple of str
    references : tuple of str
    claim : object
        The parameters of the statement that the checks test (mutants replace it).
    symbolic, numeric : callable or None
        ``check(claim, context) -> CheckResult``.
    mutants : tuple of Mutant
        At least two.
    figure : callable
        ``figure(seed) -> matplotlib.figure.Figure``; a theorem without a figure has a false one that raises
        :class:`InvalidArgument` when called, so test ``if theorem.figure:`` (or :attr:`has_figure`).
    """

    id: str
    title: str
    topic: str
    kind: str
    source: str
    as_stated: str
    statement: tuple
    hypotheses: tuple
    derivation: tuple
    errata: tuple
    references: tuple
    claim: Any
    symbolic: Callable | None
    numeric: Callable | None
    mutants: tuple
    figure: Callable | None = field(default=None)

    def __post_init__(self):
        topic, _, name = self.id.partition(".")
        # snake_case; a capital letter may name a mathematical object, as in the fixed id dynamics.normalized_V
        if not re.fullmatch(r"[a-z]+\.[a-z][A-Za-z0-9_]*", self.id) or topic != self.topic:
            raise InvalidArgument(f"id={self.id!r} must be 'topic.name' in snake_case with topic {self.topic!r}")
        if self.topic not in TOPICS:
            raise InvalidArgument(f"topic={self.topic!r} is not one of {list(TOPICS)}")
        if self.kind not in KINDS:
            raise InvalidArgument(f"kind={self.kind!r} is not one of {list(KINDS)}")
        if self.symbolic is None and self.numeric is None:
            raise InvalidArgument(f"{self.id}: a theorem needs a symbolic or a numeric check")
        if self.figure is None:
            object.__setattr__(self, "figure", NoFigure(self.id))
        names = [m.name for m in self.mutants]
        if len(names) < 2 or len(set(names)) != len(names):
            raise InvalidArgument(f"{self.id}: needs at least two mutants with distinct names, got {names}")

    @property
    def has_figure(self):
        """Whether :attr:`figure` draws a figure."""
        return bool(self.figure)

    def checks(self):
        """The ``(kind, check)`` pairs this theorem has, symbolic first."""
        return tuple((kind, getattr(self, kind)) for kind in CHECK_KINDS if getattr(self, kind) is not None)

    def verify(self, seed=0, profile="default"):
        """Run every check on the claim and on each mutant.

        Parameters
        ----------
        seed : int
            Seeds every example drawn; the same seed gives the same report (but
            for ``seconds``).
        profile : str
            ``quick``, ``default`` or ``thorough``.

        Returns
        -------
        TheoremReport
            ``status`` is ``verified`` only when every check passed and every
            mutant was rejected by some check.
        """
        seed = check_int(seed, "seed", minimum=0)
        prof = _profile(profile)
        start = time.perf_counter()
        checks = {kind: self.run(kind, seed=seed, profile=prof) for kind, _ in self.checks()}
        outcomes = []
        for index in range(len(self.mutants)):
            results = {}
            for kind, _ in self.checks():  # the first check that rejects a mutant settles it
                results[kind] = self.run(kind, mutant=index, seed=seed, profile=prof)
                if results[kind].status == "failed":
                    break
            outcomes.append(results)
        return self.report(checks, outcomes, time.perf_counter() - start)

    def run(self, kind, *, mutant=None, seed=0, profile="default"):
        """Run one check (``"symbolic"`` or ``"numeric"``) on the claim, or on the mutant of that index.

        The unit of work of a verification: independent of every other run, and determined by its arguments
        (each draws from seeds derived from `seed` and the theorem's id), so runs can be done in any order, in
        any process.
        """
        check = dict(self.checks())[kind]
        claim = self.claim if mutant is None else self.mutants[mutant].claim
        return run_check(check, claim, Context(seed, _profile(profile), self.id, mutant=mutant is not None))

    def report(self, checks, outcomes, seconds):
        """Assemble a :class:`TheoremReport` from the results of :meth:`run`.

        Parameters
        ----------
        checks : dict
            Kind -> the result on the claim.
        outcomes : sequence of dict
            For each mutant, kind -> result, in the order of :meth:`checks` (kinds after the first rejection
            may be missing; results for them are ignored).
        seconds : float
        """
        rejected_by, survivors, errors = {}, [], {}
        for mutant, results in zip(self.mutants, outcomes):
            problems = []
            for kind, _ in self.checks():
                result = results[kind]
                if result.status == "failed":
                    rejected_by[mutant.name] = kind
                    break
                if result.status == "error":
                    problems.append(f"{kind}: {result.exception['type']}: {result.exception['message']}")
            else:
                if problems:
                    errors[mutant.name] = "; ".join(problems)
                else:
                    survivors.append(mutant.name)
        mutants = MutantsResult(len(self.mutants), rejected_by, tuple(survivors), errors)
        return TheoremReport(self.id, self.topic, self.kind, checks, mutants, self.errata, seconds)

    def latex(self):
        """This theorem as a LaTeX section, which compiles in any document that loads amsmath and amssymb."""
        from theorems.render.latex import FRAGMENT_DEFINITIONS, theorem_section

        return FRAGMENT_DEFINITIONS + "\n" + theorem_section(self)

    def _repr_latex_(self):
        from theorems.render.latex import notebook_latex

        return notebook_latex(self)


def run_check(check, claim, context):
    """Run one check, turning an exception into an ``error`` result that names it."""
    try:
        result = check(claim, context)
    except Exception as exc:  # the check could not run: report it, never crash the catalogue
        return CheckResult(False, "the check could not run", exception={"type": type(exc).__name__,
                                                                         "message": str(exc)})
    if not isinstance(result, CheckResult):
        return CheckResult(False, "the check could not run", exception={
            "type": "TypeError", "message": f"a check returned {type(result).__name__}, not a CheckResult"})
    return result

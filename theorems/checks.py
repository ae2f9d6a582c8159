"""The check harness: property checks over Hypothesis examples and symbolic zero-tests.

A check is a function ``check(claim, context) -> CheckResult``.  The same check
runs on a theorem's correct claim (it must pass) and on each mutant's claim (some
check must fail).  The helpers here turn a per-example comparison or a list of
claimed identities into a :class:`~theorems.report.CheckResult`.
"""

import contextlib
import zlib
from dataclasses import dataclass

import hypothesis
import numpy as np
import sympy as sp
from hypothesis import given

from theorems.profiles import Profile
from theorems.report import CheckResult

__all__ = ["Context", "Undecided", "decide_zero", "identities_check", "property_check", "worst_comparison"]


@dataclass(frozen=True)
class Context:
    """What a check needs to know about the run: seed, profile, and whether it tests a mutant.

    Attributes
    ----------
    seed : int
        The run's seed; every stream of randomness is derived from it.
    profile : Profile
        How much work to do.
    name : str
        The theorem id, mixed into derived seeds so theorems draw different examples.
    mutant : bool
        True when the claim under test is a mutant: numeric checks then skip shrinking.
    """

    seed: int
    profile: Profile
    name: str = ""
    mutant: bool = False

    def derived_seed(self, *salt):
        """A seed in ``[0, 2**32)`` determined by the run's seed, the theorem and `salt`.

        Examples
        --------
        >>> from theorems.profiles import PROFILES
        >>> c = Context(0, PROFILES["quick"], "homogeneity.relu_euler")
        >>> c.derived_seed("numeric") == c.derived_seed("numeric") != c.derived_seed("symbolic")
        True
        """
        text = "/".join([str(self.seed), self.name, *map(str, salt)])
        return zlib.crc32(text.encode())

    def rng(self, *salt):
        """A ``numpy.random.Generator`` seeded by :meth:`derived_seed`."""
        return np.random.default_rng([self.seed, self.derived_seed(*salt)])


@contextlib.contextmanager
def _without_local_constants():
    """Keep Hypothesis from drawing constants mined from this project's source code.

    Hypothesis >= 6.131 occasionally (5% of draws) substitutes numbers it found in
    the source of the *loaded* local modules.  That makes a check's examples depend
    on which modules happen to be imported (one theorem or the whole catalogue, a
    test run, a worker process) and on every edit anywhere in the code, so a
    report would not reproduce from its seed.  Without the hook (older versions)
    nothing is needed.
    """
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants

        original, cache = providers._get_local_constants, providers.CONSTANTS_CACHE.cache
    except (ImportError, AttributeError):  # pragma: no cover - a Hypothesis without local constants
        yield
        return
    providers._get_local_constants = Constants
    cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.clear()


class Undecided(Exception):
    """A symbolic check could neither prove nor refute an identity."""


class _Disagreement(Exception):
    """Raised inside a property when an example's error exceeds the tolerance."""


def property_check(strategy, example, context, *, tolerance, detail, max_examples=None):
    """Run `example` on Hypothesis-generated instances and summarise the errors.

    Parameters
    ----------
    strategy : hypothesis.strategies.SearchStrategy
        Generates instances (it may call ``hypothesis.assume`` in `example` to
        enforce a hypothesis of the theorem).
    example : callable
        ``example(instance) -> (error, witness)``: the error in the units of
        `tolerance` and a dict of the values compared (both sides), reported
        when the error exceeds the tolerance.
    context : Context
        Seed and profile; the profile's ``hypothesis.settings`` are used, with
        ``hypothesis.seed`` derived from the run's seed.
    tolerance : float
        The largest acceptable error; NaN errors fail.
    detail : str or callable
        The units of the error; a callable receives the largest error seen
        and returns the text.
    max_examples : int, optional
        A cap below the profile's number of examples, for checks whose
        examples are expensive (each a homotopy solve, say).

    Returns
    -------
    CheckResult
        Passed when every example is within tolerance; otherwise the
        counterexample is the (shrunk, unless testing a mutant) failing instance.
    """
    seen = {"count": 0, "max": 0.0, "failure": None}

    def run(instance):
        error, witness = example(instance)
        seen["count"] += 1
        if not error <= tolerance:  # also catches NaN
            seen["failure"] = {"instance": instance, **witness, "error": error}
            raise _Disagreement
        seen["max"] = max(seen["max"], float(error))

    settings = context.profile.settings(shrink=not context.mutant)
    if max_examples is not None:
        settings = hypothesis.settings(settings, max_examples=min(settings.max_examples, max_examples))
    test = hypothesis.seed(context.derived_seed("numeric"))(settings(given(strategy)(run)))
    try:
        with _without_local_constants():
            test()
    except _Disagreement:
        failure = seen["failure"]
        text = detail(failure["error"]) if callable(detail) else detail
        return CheckResult(False, text, examples=seen["count"], max_error=failure["error"], tolerance=tolerance,
                           counterexample=failure)
    text = detail(seen["max"]) if callable(detail) else detail
    return CheckResult(True, text, examples=seen["count"], max_error=seen["max"], tolerance=tolerance)


def worst_comparison(parts):
    """The largest ``max |lhs - rhs| / bound`` over named comparisons, and a witness for it.

    Parameters
    ----------
    parts : dict
        ``label -> (lhs, rhs, bound)``, arrays that broadcast together; 0/0 counts as 0.

    Returns
    -------
    (float, dict)
        The worst ratio (NaN propagates) and ``{"comparison", "lhs", "rhs", "bound"}`` for it.

    Examples
    --------
    >>> worst_comparison({"a": (1.0, 1.0, 1e-16), "b": (2.0, 2.5, 1.0)})[0]
    0.5
    >>> worst_comparison({"a": (np.inf, 1.0, np.nan), "b": (2.0, 2.5, 1.0)})[0]
    nan
    """
    worst, witness = 0.0, {}
    for label, (lhs, rhs, bound) in parts.items():
        diff = np.abs(np.asarray(lhs, float) - np.asarray(rhs, float))
        bound = np.broadcast_to(np.asarray(bound, float), diff.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = float(np.where(diff == 0, 0.0, diff / bound).max(initial=0.0))
        if not ratio <= worst:
            worst, witness = ratio, {"comparison": label, "lhs": lhs, "rhs": rhs, "bound": bound}
            if np.isnan(ratio):  # NaN is the worst: no later comparison may replace it
                break
    return worst, witness


def _random_point(symbols, rng):
    """Random rationals for `symbols`, respecting positive/nonnegative/nonzero assumptions."""
    point = {}
    for s in symbols:
        value = sp.Rational(int(rng.integers(1, 10)), int(rng.integers(1, 5)))
        if s.is_positive or s.is_nonnegative:
            point[s] = value
        else:
            point[s] = value if rng.random() < 0.5 else -value
    return point


def decide_zero(expr, rng, *, tries=12, digits=30):
    """Decide whether `expr` is identically zero: a proof, or a point where it is not.

    Tries ``expand``, then evaluates `expr` exactly (or to `digits` significant
    digits) at two random rational points drawn to respect the symbols'
    assumptions, then ``cancel`` and ``simplify``, then more random points.  A
    point where `expr` is infinite or undefined (a pole) refutes nothing; a
    constant infinity (a limit that diverges) is non-zero.

    Returns
    -------
    dict or None
        None when `expr` simplifies to 0 (proved); otherwise ``{symbol: value}``,
        a point where ``expr`` is non-zero (refuted).

    Raises
    ------
    Undecided
        When it neither simplifies to 0 nor is non-zero at any point tried.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> decide_zero((x + 1) ** 2 - x**2 - 2 * x - 1, np.random.default_rng(0)) is None
    True
    >>> point = decide_zero(x**2 - x, np.random.default_rng(0))
    >>> (x**2 - x).subs(point) != 0
    True
    """
    expr = sp.expand(sp.sympify(expr))
    if expr == 0:
        return None
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)

    def refute(attempts):
        for _ in range(attempts):
            point = _random_point(symbols, rng)
            value = expr.xreplace(point)
            if not value.is_number or (symbols and not value.is_finite):  # a pole is no counterexample (a
                continue                                                   # constant oo is non-zero)
            if value.is_zero is False or abs(value.evalf(digits)) > sp.Float(10) ** (5 - digits):
                return point
        return None

    # Two points before cancel and simplify: a false identity (a mutant's) is refuted at once, without the cost
    # of their search (gcds of large rational functions, rewrites) for a proof that does not exist.
    point = refute(min(2, tries))
    if point is not None:
        return point
    for simplification in (sp.cancel, sp.simplify):
        expr = simplification(expr)
        if expr == 0:
            return None
    point = refute(tries - min(2, tries))
    if point is not None:
        return point
    raise Undecided(f"could neither simplify to 0 nor find a non-zero value of {sp.sstr(expr)[:200]}")


def _show(value):
    """Exact rationals as they are, other numbers to 15 digits, expressions in str form."""
    if value.is_Rational or not value.is_number:
        return str(value)
    return str(sp.N(value, 15))


def identities_check(identities, context, *, detail):
    """Prove each ``(label, lhs, rhs)`` identity with :func:`decide_zero`.

    Returns
    -------
    CheckResult
        Passed when every ``lhs - rhs`` is proved zero; otherwise failed, with a
        counterexample naming the identity, the point and both values there.
    """
    rng = context.rng("symbolic")
    count = 0
    for label, lhs, rhs in identities:
        point = decide_zero(sp.sympify(lhs) - sp.sympify(rhs), rng)
        if point is not None:
            lhs_value = sp.sympify(lhs).xreplace(point)
            rhs_value = sp.sympify(rhs).xreplace(point)
            return CheckResult(False, f"refuted: {label}", counterexample={
                "identity": label, "point": {str(k): str(v) for k, v in point.items()},
                "lhs": _show(lhs_value), "rhs": _show(rhs_value)})
        count += 1
    return CheckResult(True, detail.format(count=count))

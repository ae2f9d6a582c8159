"""Check a user's derivation step by step: which step is wrong, with a counterexample, or that every step holds.

A derivation is a chain ``e0 = e1 = ... = ek`` (or with ``<=``, ``<``, ``>=``, ``>`` steps for bounds).  Each
step gets one of four verdicts:

``proved``
    The difference simplifies to 0 exactly (for a bound: is provably of the right sign) under the assumptions,
    by ``doit`` (derivatives, finite sums), ``expand``, ``cancel``, ``powsimp``, ``trigsimp``, a rewrite in
    ``exp``, a case split on the signs of the arguments of ``Max``/``Min``/``Abs``/ReLU, or ``simplify``.
``refuted``
    At a point (drawn to satisfy the assumptions, with concrete functions for the undefined ones) both sides are
    real and finite and differ: exactly, for rational values, or in mpmath arithmetic at two precisions whose
    differences agree, so that rounding can neither fake a difference nor hide one.
``numerically consistent``
    Not proved, but equal at every point tried, to the stated precision (the number of points and the digits are
    in the report).  Never called proved.
``undecided``
    Not proved, and too few points were in the common real domain of both sides to say more.

Conventions: the symbols are real; a step is checked where both of its sides are real and finite (``log x = 2
log sqrt x`` is consistent; with ``x < 0`` allowed, ``sqrt(x^2) = x`` is refuted at a negative point).  Undefined
functions (``sigma(x)``, ``f(x, y)``) are arbitrary smooth functions: symbolically SymPy's undefined functions,
numerically random entire functions (a quadratic plus a sine, several draws), so a refutation names the function
that breaks the step.  Symbols in the limits of a ``Sum``/``Product`` and in the indices of ``Indexed`` objects are
integers (ranges 1 to 6 are drawn); matrix steps are checked entrywise for several concrete shapes when the shapes
are symbolic.
"""

import sympy as sp

from numerics.errors import InvalidArgument, check_argument, check_int
from theorems.derivations.report import DerivationReport, RELATIONS
from theorems.derivations.steps import _Context
from theorems.symbolic.nets import logistic, relu

__all__ = ["check_derivation"]

"""The relations a step may claim, as SymPy relational classes."""


"""The words of a sign assumption: ``"n positive integer"``."""


_STRING_NAMES = {"relu": relu, "ReLU": relu, "logistic": logistic, "Max": sp.Max, "Min": sp.Min, "Abs": sp.Abs,
                 "Heaviside": sp.Heaviside, "exp": sp.exp, "log": sp.log, "E": sp.E}


def check_derivation(steps, *, assumptions=(), functions=None, seed=0, points=12, digits=30):
    """Check each step of a chain of equalities (or bounds) ``steps[0] = steps[1] = ...``.

    Parameters
    ----------
    steps : sequence
        The expressions ``e0, e1, ..., ek`` (SymPy objects, matrices or strings), claimed equal in turn; or
        ``(relation, expression)`` pairs after the first, with relation one of ``"=", "<=", "<", ">=", ">"``.
    assumptions : sequence
        Strings such as ``"x > 0"``, ``"n integer"``, ``"t nonnegative"``, ``"x > y"``, or SymPy relationals.
        Signs become symbol assumptions; other relations restrict the points drawn, and ``s > expr`` (or ``>=``)
        with ``s`` a symbol is also used symbolically, by ``s = expr + t`` with ``t > 0``.
    functions : mapping or sequence of str, optional
        Names that are functions (for string steps), or ``name -> definition`` (a SymPy ``Lambda`` or callable)
        to replace an undefined function by a given one.  Other undefined functions are arbitrary.
    seed : int
        Seeds the points and the random functions; the report is a function of the inputs and the seed.
    points : int
        Points per step at which both sides must agree for ``numerically consistent``.
    digits : int
        Significant digits of the numeric comparison (the differences are confirmed at twice as many).

    Returns
    -------
    DerivationReport

    Raises
    ------
    InvalidArgument
        On fewer than two steps, an unreadable string, an unknown assumption, or mismatched kinds of steps.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> report = check_derivation([(x + 1)**2, x**2 + 2*x + 1, x**2 + x + 1])
    >>> report.verdicts
    ('proved', 'refuted')
    >>> report.steps[1].values
    ('0', '1')
    >>> check_derivation(["sqrt(x**2)", "x"], assumptions=["x > 0"]).verdicts
    ('proved',)
    """
    check_int(seed, "seed")
    check_int(points, "points", minimum=1)
    check_int(digits, "digits", minimum=15)
    functions = _function_table(functions)
    exprs, relations = _chain(steps, functions)
    context = _Context.build(exprs, assumptions, functions, seed, points, digits)
    results = tuple(context.check(i + 1, a, b, relation)
                    for i, (a, b, relation) in enumerate(zip(exprs, exprs[1:], relations)))
    return DerivationReport(results, context.assumption_text)


def _function_table(functions):
    if functions is None:
        return {}
    if isinstance(functions, str):
        functions = [functions]
    if isinstance(functions, dict):
        table = {}
        for name, definition in functions.items():
            check_argument(isinstance(name, str), f"function names must be strings, not {name!r}")
            check_argument(definition is None or callable(definition),
                           f"the definition of {name} must be a SymPy Lambda or a callable")
            table[name] = definition
        return table
    return {str(name): None for name in functions}


def _sympify(value, functions):
    if isinstance(value, str):
        names = dict(_STRING_NAMES)
        names.update({n: sp.Function(n) for n in functions})
        try:
            return sp.parse_expr(value, local_dict=names)
        except (SyntaxError, TypeError, ValueError, sp.SympifyError) as exc:
            raise InvalidArgument(f"cannot read the step {value!r}: {exc}") from None
    if isinstance(value, (sp.MatrixBase, sp.MatrixExpr)):
        return value
    try:
        return sp.sympify(value, strict=True)
    except sp.SympifyError:
        raise InvalidArgument(f"a step must be a SymPy expression, a matrix or a string, not {value!r}") from None


def _chain(steps, functions):
    steps = list(steps)
    check_argument(len(steps) >= 2, f"a derivation needs at least two expressions, got {len(steps)}")
    exprs, relations = [_sympify(steps[0], functions)], []
    for step in steps[1:]:
        relation = "="
        if isinstance(step, tuple) and len(step) == 2 and isinstance(step[0], str) and step[0] in RELATIONS:
            relation, step = step
        relations.append(relation)
        exprs.append(_sympify(step, functions))
    matrices = {isinstance(e, (sp.MatrixBase, sp.MatrixExpr)) for e in exprs}
    check_argument(len(matrices) == 1 or any(isinstance(e, sp.MatrixExpr) for e in exprs),
                   "a derivation mixes matrices and scalars")  # (a symbolic vector equal to a scalar is refuted)
    check_argument(not (matrices == {True} and set(relations) != {"="}), "matrix steps must be equalities")
    return exprs, relations


"""What SymPy's simplifiers raise on inputs they cannot handle (deep sums recurse): no proof by that route."""

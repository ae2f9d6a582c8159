"""Proofs by cases: the signs of the arguments of ReLU, ``Abs``, ``Max``, ``Min``, ``sign`` and ``Heaviside``, the
boundaries between the regions, and the continuity that joins them."""

import sympy as sp

from theorems.symbolic.nets import relu

__all__ = []


def _sign_cases(expr):
    """``relu``/``Max``/``Min``/``Abs``/``sign``/``Heaviside`` in canonical form: relu(a), Abs(a), sign(a), H(a)."""
    def max_(*args):
        out = args[0]
        for b in args[1:]:
            out = b + relu(out - b)
        return out

    def min_(*args):
        out = args[0]
        for b in args[1:]:
            out = out - relu(out - b)
        return out

    return expr.replace(sp.Max, max_).replace(sp.Min, min_)


_SYMPY_FAILURES = (TypeError, ValueError, NotImplementedError, ArithmeticError, RecursionError, sp.PolynomialError,
                   RuntimeError)  # simplify of a Kronecker delta over a sum: "generator raised StopIteration"


_KINKS = (relu, sp.Abs, sp.sign, sp.Heaviside)


_DISCONTINUOUS = (sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Piecewise)


def _branch_value(atom, argument, positive):
    """`atom` (whose argument is ``+argument`` or ``-argument``) when ``argument > 0`` (or ``< 0``)."""
    a = atom.args[0]
    ratio = sp.cancel(a / argument)  # a positive (negative) multiple of the argument has its sign (the opposite)
    if ratio.is_positive:
        same = True
    elif ratio.is_negative:
        same = False
    else:
        return None
    up = positive == same  # the atom's own argument is positive
    if isinstance(atom, relu):
        return a if up else sp.S.Zero
    if isinstance(atom, sp.Abs):
        return a if up else -a
    if isinstance(atom, sp.sign):
        return sp.S.One if up else -sp.S.One
    return sp.S.One if up else sp.S.Zero  # Heaviside


def _on_boundary(argument):
    """``{s: value}`` that makes `argument` vanish, for a symbol ``s`` it is linear in with a non-zero constant
    coefficient (the boundary between two sign regions, parametrised by the other symbols); None if none."""
    for s in sorted(argument.free_symbols, key=sp.default_sort_key):
        if not argument.is_polynomial(s):
            continue
        poly = sp.Poly(argument, s)
        if poly.degree() == 1 and poly.LC().is_number and poly.LC() != 0:
            return {s: -poly.coeff_monomial(1) / poly.LC()}
    return None


_SPLIT = "case split on the signs of the kinks' arguments"


def _split(expr, prove, depth=0):
    """Prove ``expr == 0`` for each sign of the kinks' arguments (innermost first): positive, negative, and zero
    (by solving for a symbol, or by continuity when `expr` has no discontinuous function); None if not proved."""
    kinks = sorted((k for k in expr.atoms(*_KINKS) if not k.args[0].atoms(*_KINKS)), key=sp.default_sort_key)
    if not kinks:
        return prove(expr)
    if depth >= 6:
        return None
    argument = kinks[0].args[0]
    for positive in (True, False):
        values = {k: v for k in expr.atoms(*_KINKS) if (v := _branch_value(k, argument, positive)) is not None}
        if _split(expr.xreplace(values), prove, depth + 1) is None:
            return None
    boundary = _on_boundary(argument)
    if boundary is not None:
        return _SPLIT if _split(expr.xreplace(boundary), prove, depth + 1) is not None else None
    return None if expr.has(*_DISCONTINUOUS) else _SPLIT


def _smooth_proof(d):
    """The name of the simplification that takes `d` to 0, or None."""
    attempts = (("expand", sp.expand), ("cancel", sp.cancel), ("powsimp", lambda e: sp.expand(sp.powsimp(e))),
                ("trigsimp", sp.trigsimp), ("rewrite in exp", lambda e: sp.cancel(sp.expand(e.rewrite(sp.exp)))))
    for name, simplification in attempts:
        try:
            if simplification(d) == 0:
                return name
        except _SYMPY_FAILURES:
            continue
    return None

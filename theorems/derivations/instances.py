"""Where steps are evaluated: the quantities a point assigns, integer symbols, and random smooth functions for the
undefined ones (explicit matrices for symbolic shapes are :func:`theorems.derivations.linear.explicit`)."""

import itertools

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

__all__ = []


def _variables(expr):
    """The quantities a point assigns: plain symbols, and indexed elements and matrix entries with numeric indices."""
    plain = {s for s in expr.free_symbols if type(s) is sp.Symbol or isinstance(s, sp.Dummy)}
    plain |= {s for d in expr.atoms(sp.Derivative) for v in d.variables if isinstance(v, sp.Indexed)
              for s in v.free_symbols if type(s) is sp.Symbol} - {a.base.label for a in expr.atoms(sp.Indexed)}
    labels = {a.base.label for a in expr.atoms(sp.Indexed)}
    elements = {a for a in expr.atoms(sp.Indexed) if all(i.is_number for i in a.indices)}
    elements |= {a for a in expr.atoms(MatrixElement) if a.i.is_number and a.j.is_number}
    return (plain - labels) | elements


def _integer_symbols(exprs):
    """Symbols in the limits of sums and products, in indices, and in matrix shapes: integers."""
    found = set()
    for e in exprs:
        for s in e.atoms(sp.Sum, sp.Product):
            for limit in s.limits:
                for bound in limit[1:]:
                    found |= bound.free_symbols
        for a in e.atoms(sp.Indexed):
            for index in a.indices:
                found |= index.free_symbols
        for m in e.atoms(sp.MatrixSymbol):
            for size in m.shape:
                found |= sp.sympify(size).free_symbols
    return found


def _random_function(arity, rng):
    """A random entire function of `arity` arguments: a quadratic plus a sine, rational coefficients."""
    args = sp.symbols(f"t0:{arity}", real=True)

    def c():
        return sp.Rational(int(rng.integers(-3, 4)) or 1, int(rng.integers(1, 5)))

    body = c() + sum(c() * a for a in args) + sum(c() * a * b for a, b in itertools.combinations_with_replacement(
        args, 2)) + c() * sp.sin(sum(c() * a for a in args))
    return sp.Lambda(args, body)


def _at_symbols(derivative):
    """``d F / d u`` with ``u`` not a symbol (``u = g(x)``) as ``Subs(d F(t) / dt, t, u)``."""
    expr, replaced, points = derivative.expr, [], []
    variables = []
    for v, count in derivative.variable_count:
        if not (v.is_Symbol or isinstance(v, sp.Indexed)):  # an entry w_j is differentiated by SymPy
            t = sp.Dummy("t")
            expr = expr.xreplace({v: t})
            replaced.append(t)
            points.append(v)
            v = t
        variables.append((v, count))
    return sp.Subs(sp.Derivative(expr, *variables), replaced, points)


def _substitute_functions(expr, instances):
    """`expr` with each undefined function replaced by its concrete instance, derivatives done."""
    expr = expr.replace(lambda e: isinstance(e, sp.Derivative) and not all(
        v.is_Symbol or isinstance(v, sp.Indexed) for v in e.variables), _at_symbols)  # d/dw_j: SymPy's own
    for function, instance in instances.items():
        expr = expr.replace(function, instance)
    return expr.doit()

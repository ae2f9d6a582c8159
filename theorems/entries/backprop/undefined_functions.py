"""Derivatives of undefined SymPy functions, written as SymPy writes them."""

import sympy as sp

__all__ = []  # helpers private to the topic's entries


def _derivative(f):
    """``t -> f'(t)`` for an undefined SymPy function ``f``, as SymPy writes it in ``diff`` results."""
    x = sp.Dummy("x")
    return lambda t: sp.Derivative(f(x), x).subs(x, t)

"""Polynomial systems on the symbolic side: PHCpack's input format, and conversion to the sparse form of numerics.

PHCpack's format (Verschelde, *ACM TOMS* 25, 1999, "PHCpack: a general-purpose
solver for polynomial systems by homotopy continuation", Appendix): the first
line holds the number of equations, optionally followed by the number of
variables; then come the polynomials, each ended by ``;`` and free to span
lines.  Terms use ``+ - * /`` (division by a constant only), ``^`` or ``**`` for
non-negative integer powers, parentheses, decimal numbers (read exactly, as
rationals), ``i`` or ``I`` for the imaginary unit, and any other name for a
variable, in order of first appearance.  As phc does, only the polynomials the header announces are read: what
follows them (the ``THE SOLUTIONS`` section of a file ``phc -b`` wrote, which phc accepts as input) is ignored.

Examples
--------
>>> system = parse_system('''2
...   x^2 + y**2 - 1;
...   x - 2*y + 0.5*i;
... ''')
>>> system.variables
(x, y)
>>> [p.as_expr() for p in system.polynomials]
[x**2 + y**2 - 1, x - 2*y + I/2]
>>> parse_system("1\\n x^2 - 1")
Traceback (most recent call last):
    ...
theorems.symbolic.systems.PolynomialSyntaxError: line 2, column 9: polynomial 1 is not ended by ';'
"""

from dataclasses import dataclass
import re

import numpy as np
import sympy as sp

from numerics.errors import InvalidArgument

__all__ = ["PolynomialSyntaxError", "System", "from_sympy", "parse_system", "to_numeric"]


class PolynomialSyntaxError(InvalidArgument):
    """Malformed polynomial input; ``line`` and ``column`` (1-based) locate the problem."""

    def __init__(self, line, column, message):
        super().__init__(f"line {line}, column {column}: {message}")
        self.line, self.column = line, column


@dataclass(frozen=True)
class System:
    """A square polynomial system: ``polynomials`` (SymPy ``Poly`` over ``variables``)."""

    polynomials: tuple
    variables: tuple

    @property
    def degrees(self):
        return tuple(p.total_degree() for p in self.polynomials)


_TOKEN = re.compile(r"""
    (?P<space>[ \t\r\n]+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/^();])
  | (?P<bad>.)
""", re.VERBOSE)


def _tokens(text, offset_line, polynomials):
    """``(kind, text, line, column)`` tuples, positions 1-based, up to the ``;`` that ends the last of the
    `polynomials` the header announces: what follows (the ``THE SOLUTIONS`` section ``phc -b`` writes) is not read,
    as phc does not read it."""
    out, line, start, ended = [], offset_line, 0, 0
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        column = match.start() - start + 1
        if kind == "bad":
            raise PolynomialSyntaxError(line, column, f"unexpected character {value!r}")
        if kind != "space":
            out.append((kind, value, line, column))
            if value == ";":
                ended += 1
                if ended == polynomials:
                    return out, (line, column + 1)
        newlines = value.count("\n")
        if newlines:
            line += newlines
            start = match.start() + value.rindex("\n") + 1
    return out, (line, len(text) - start + 1)


class _Parser:
    """Recursive descent over one polynomial: sum of products of powers of atoms."""

    def __init__(self, tokens, end, variables, first_seen):
        self.tokens, self.position, self.end = tokens, 0, end
        self.variables, self.first_seen = variables, first_seen

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def where(self):
        token = self.peek()
        return (token[2], token[3]) if token else self.end

    def fail(self, message):
        raise PolynomialSyntaxError(*self.where(), message)

    def take(self, *values):
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in values:
            self.position += 1
            return token
        return None

    def expression(self):
        value = self.term()
        while (token := self.take("+", "-")) is not None:
            value = value + self.term() if token[1] == "+" else value - self.term()
        return value

    def term(self):
        value = self.unary()
        while (token := self.take("*", "/")) is not None:
            line, column = self.where()
            right = self.unary()
            if token[1] == "*":
                value = value * right
            elif right.free_symbols:
                raise PolynomialSyntaxError(line, column, "division by a non-constant: not a polynomial")
            elif right == 0:
                raise PolynomialSyntaxError(line, column, "division by zero")
            else:
                value = value / right
        return value

    def unary(self):
        if (token := self.take("+", "-")) is not None:
            return self.unary() if token[1] == "+" else -self.unary()
        return self.power()

    def power(self):
        base = self.atom()
        if self.take("^", "**") is not None:
            token = self.peek()
            if token is None or token[0] != "number" or not token[1].isdigit():
                self.fail("expected a non-negative integer exponent")
            self.position += 1
            return base ** int(token[1])
        return base

    def atom(self):
        token = self.peek()
        if token is None:
            self.fail("expected a number, a variable or '('")
        kind, value, line, column = token
        if kind == "number":
            self.position += 1
            return sp.Rational(value)
        if kind == "name":
            self.position += 1
            if value in ("i", "I"):
                return sp.I
            if value not in self.variables:
                self.variables[value] = sp.Symbol(value)
                self.first_seen[value] = (line, column)
            return self.variables[value]
        if self.take("(") is not None:
            inner = self.expression()
            if self.take(")") is None:
                raise PolynomialSyntaxError(line, column, "unbalanced parenthesis: this '(' is never closed")
            return inner
        self.fail(f"expected a number, a variable or '(', found {value!r}")


def parse_system(text):
    """Parse a system in PHCpack's input format.

    Parameters
    ----------
    text : str
        The file's contents.

    Returns
    -------
    System

    Raises
    ------
    PolynomialSyntaxError
        With the line and column of the problem: an empty file, a bad header,
        a missing ``;``, unbalanced parentheses, a non-integer or negative
        power, a system that is not square, a variable that appears nowhere
        (declared but absent, or cancelling out).
    """
    lines = text.split("\n")
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise PolynomialSyntaxError(1, 1, "empty input: expected the number of equations on the first line")
    header = lines[first].split()
    if len(header) > 2 or not all(h.isdigit() for h in header) or int(header[0]) < 1:
        raise PolynomialSyntaxError(first + 1, 1, f"expected the number of equations (and optionally of variables), "
                                    f"found {lines[first].strip()!r}")
    equations = int(header[0])
    declared = int(header[1]) if len(header) == 2 else equations
    tokens, end = _tokens("\n".join(lines[first + 1:]), first + 2, equations)
    variables, first_seen, polynomials = {}, {}, []
    position = 0
    while position < len(tokens):
        stop = next((k for k in range(position, len(tokens)) if tokens[k][:2] == ("op", ";")), None)
        chunk = tokens[position:stop]
        if stop is None:
            raise PolynomialSyntaxError(*end, f"polynomial {len(polynomials) + 1} is not ended by ';'")
        if not chunk:
            raise PolynomialSyntaxError(tokens[stop][2], tokens[stop][3], "empty polynomial before ';'")
        parser = _Parser(chunk, tokens[stop][2:], variables, first_seen)
        value = parser.expression()
        if parser.peek() is not None:
            token = parser.peek()
            if token[1] == ")":
                raise PolynomialSyntaxError(token[2], token[3], "unbalanced parenthesis: ')' without '('")
            parser.fail(f"expected an operator or ';' (is a ';' missing?), found {token[1]!r}")
        polynomials.append((sp.expand(value), chunk[0][2:]))
        position = stop + 1
    if len(polynomials) != equations:
        raise PolynomialSyntaxError(*end, f"the header announces {equations} equations, found {len(polynomials)}")
    names = list(variables)
    gens = tuple(variables[v] for v in names)
    polys = []
    for value, (line, column) in polynomials:
        if not gens or not value.free_symbols:
            raise PolynomialSyntaxError(line, column, "constant polynomial: the system has no solution or is not "
                                        "square" if value != 0 else "the zero polynomial")
        polys.append(sp.Poly(value, *gens, domain="QQ_I" if value.has(sp.I) else "QQ"))
    for name, symbol in zip(names, gens):
        if all(p.degree(symbol) == 0 for p in polys):
            raise PolynomialSyntaxError(*first_seen[name], f"variable {name} appears nowhere once terms cancel")
    if len(header) == 2 and declared != len(gens):
        raise PolynomialSyntaxError(first + 1, 1, f"the header announces {declared} variables, "
                                    f"the polynomials use {len(gens)}: {', '.join(names)}")
    if len(gens) != equations:
        raise PolynomialSyntaxError(first + 1, 1, f"the system is not square: {equations} equations in "
                                    f"{len(gens)} variables ({', '.join(names)})")
    return System(tuple(polys), gens)


def from_sympy(polynomials, variables):
    """A :class:`System` from SymPy expressions (or ``Poly``) in the given variables.

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> from_sympy([x*y - 1, x**2 - 4], [x, y]).degrees
    (2, 2)
    """
    variables = tuple(variables)
    polys = []
    for p in polynomials:
        poly = sp.Poly(p, *variables)
        if not poly.domain.is_Numerical and not poly.domain.is_ComplexField and poly.free_symbols_in_domain:
            raise InvalidArgument(f"{p} has symbols other than the variables {variables}")
        polys.append(poly)
    return System(tuple(polys), variables)


def to_numeric(system):
    """The sparse form of :mod:`numerics.polynomials`: ``(exponents int (terms, n), coefficients complex)`` pairs.

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> e, c = to_numeric(from_sympy([x*y - 2, x**2 - 4], [x, y]))[0]
    >>> e.tolist(), c.tolist()
    ([[1, 1], [0, 0]], [(1+0j), (-2+0j)])
    """
    out = []
    for p in system.polynomials:
        terms = p.terms()
        exponents = np.array([m for m, _ in terms], np.int64).reshape(len(terms), len(system.variables))
        coefficients = np.array([complex(sp.sympify(c)) for _, c in terms], complex)
        out.append((exponents, coefficients))
    return tuple(out)

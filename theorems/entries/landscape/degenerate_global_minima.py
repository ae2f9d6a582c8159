"""``landscape.degenerate_global_minima``:

Global minima of over-parameterised nets are degenerate: p - n zero Hessian eigenvalues, H = 2 J^top J.
"""

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from numerics import derivatives, nets, spectrum
from theorems.checks import identities_check, worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POST, cite

__all__ = ["DEGENERATE_GLOBAL_MINIMA", "DegeneracyClaim"]

_p, _n = sp.symbols("p n", positive=True, integer=True)


@dataclass(frozen=True)
class DegeneracyClaim:
    """At a zero-residual minimum of ``sum_n (f(theta; x_n) - y_n)^2`` with p parameters and n data, the Hessian
    is ``factor J^T J`` and has ``nullity(p, n)`` zero eigenvalues (for generic data and weights)."""

    factor: sp.Expr = sp.Integer(2)
    nullity: sp.Expr = _p - _n

    def zeros(self, p, n):
        return int(self.nullity.subs({_p: p, _n: n}))


def _degeneracy_symbolic(claim, context):
    theta = sp.symbols("t1:4", real=True)
    F = [sp.Function(f"F{i}")(*theta) for i in (1, 2)]
    y = sp.symbols("y1:3", real=True)
    L = sum((Fi - yi) ** 2 for Fi, yi in zip(F, y))
    J = sp.Matrix([[sp.diff(Fi, t) for t in theta] for Fi in F])
    at_zero_residual = sp.hessian(L, theta).subs({yi: Fi for yi, Fi in zip(y, F)})
    difference = sp.simplify(at_zero_residual - claim.factor * J.T * J)
    if difference != sp.zeros(3, 3):
        return CheckResult(False, "refuted: the Hessian at zero residual", counterexample={
            "lhs": "Hessian of sum (F_n - y_n)^2 at F_n = y_n", "rhs": f"{claim.factor} J^T J",
            "difference": str(difference[0, 0])})
    rng = context.rng("jacobians")
    identities = []
    for p, n in ((3, 2), (5, 2), (6, 4), (2, 1)):
        Jr = sp.Matrix(n, p, [sp.Integer(int(v)) for v in rng.integers(-9, 10, n * p)])
        identities.append((f"nullity of 2 J^T J for a {n} x {p} integer Jacobian", p - (Jr.T * Jr).rank(),
                           claim.nullity.subs({_p: p, _n: n})))
    a, b = sp.symbols("a b", positive=True)
    hessian = sp.hessian((a * b - 1) ** 2, (a, b)).subs(b, 1 / a)
    identities.append(("(ab - 1)^2 on ab = 1: zero eigenvalues", sum(1 for ev in hessian.eigenvals() if
                                                                      sp.simplify(ev) == 0),
                       claim.nullity.subs({_p: 2, _n: 1})))
    return identities_check(identities, context, detail="the Hessian of sum_n (F_n(theta) - y_n)^2 at zero "
                            "residual is 2 J^T J for undefined F_n (SymPy), and {count} identities: the nullity of "
                            "J^T J for integer Jacobians of full rank n is p - n, and (ab - 1)^2 has one zero "
                            "eigenvalue along its minimum set ab = 1 (p - n = 1)")


def _fit(rng, sizes, n, activation="tanh"):
    """A zero-residual minimum of a biased net on n random points: Gauss-Newton with minimum-norm steps
    ``theta -= J^+ r`` (quadratic convergence for an underdetermined system of full rank n)."""
    X, y = rng.uniform(-1, 1, (n, sizes[0])), rng.uniform(-1, 1, n)
    W = nets.init(sizes, rng)
    b = [rng.normal(0, 0.5, w.shape[0]) for w in W]
    shapes = [(w.shape, bi.shape) for w, bi in zip(W, b)]

    def unpack(theta):
        out_w, out_b, i = [], [], 0
        for (ws, bs) in shapes:
            out_w.append(theta[i:i + math.prod(ws)].reshape(ws))
            i += math.prod(ws)
            out_b.append(theta[i:i + bs[0]])
            i += bs[0]
        return out_w, out_b

    def residual(theta):
        w, bb = unpack(theta)
        return nets.forward(w, X, activation=activation, biases=bb) - y

    def jac(theta):
        w, bb = unpack(theta)
        return derivatives.jacobian(w, X, activation=activation, biases=bb)

    for _ in range(10):  # restarts from fresh random weights when a start stagnates
        theta = nets.flatten(W, b)
        for _ in range(200):
            r = residual(theta)
            if np.abs(r).max() < 1e-14:
                return (*unpack(theta), X, y)
            step, size = np.linalg.lstsq(jac(theta), r, rcond=None)[0], 1.0
            while size > 1e-6 and np.linalg.norm(residual(theta - size * step)) >= np.linalg.norm(r):
                size /= 2  # backtracking: the full step may overshoot where tanh saturates
            theta = theta - size * step
        W = nets.init(sizes, rng)
        b = [rng.normal(0, 0.5, w.shape[0]) for w in W]
    raise ArithmeticError(f"no zero-residual fit of the {'-'.join(map(str, sizes))} net to {n} points")


def _degeneracy_numeric(claim, context):
    rng = context.rng("fits")
    parts, notes = {}, []
    for sizes, n in (((2, 5, 1), 4), ((3, 6, 1), 7), ((2, 4, 4, 1), 6)):
        W, b, X, y = _fit(rng, sizes, n)
        p = len(nets.flatten(W, b))
        loss = float(derivatives.loss(W, X, y, activation="tanh", biases=b))
        H = derivatives.loss_hessian(W, X, y, activation="tanh", biases=b)
        G = derivatives.gauss_newton(W, X, y, activation="tanh", biases=b)  # J^T diag(l'' = 2) J
        values = np.linalg.eigvalsh(H)
        top = np.abs(values).max()
        # zero eigenvalues: the second-order term 2 sum r_n grad^2 f_n is of the order of the residual, sqrt(loss)
        zero = int(np.sum(np.abs(values) <= 1e-6 * top))
        parts[f"{'-'.join(map(str, sizes))} net, p = {p}, n = {n}: zero eigenvalues"] = (zero, claim.zeros(p, n), 0.5)
        parts[f"{'-'.join(map(str, sizes))}: H = factor J^T J"] = (H, float(claim.factor) / 2 * G,
                                                                   1e-6 * top + 1e-12)
        notes.append(f"{'-'.join(map(str, sizes))} (p = {p}, n = {n}): loss {loss:.1e}, {zero} zero eigenvalues, "
                     f"smallest non-zero {np.sort(np.abs(values))[zero]:.3g}")
    # at scale: rank <= n by Lanczos on exact Hessian-vector products (3-200-200-1, p = 41000, n = 12)
    big = context.profile.pick(quick=(3, 60, 60, 1), default=(3, 200, 200, 1), thorough=(3, 300, 300, 1))
    W, b, X, y = _fit(rng, big, 12)
    p = len(nets.flatten(W, b))
    loss = float(derivatives.loss(W, X, y, activation="tanh", biases=b))
    values = spectrum.top_eigenvalues(W, X, y, k=13, which="magnitude", activation="tanh", biases=b)
    nonzero = int(np.sum(np.abs(values) > 1e-6 * np.abs(values).max()))
    parts[f"{'-'.join(map(str, big))}: non-zero eigenvalues = p - nullity"] = (nonzero, p - claim.zeros(p, 12), 0.5)
    notes.append(f"{'-'.join(map(str, big))} (p = {p}, n = 12, loss {loss:.1e}): Lanczos finds {nonzero} non-zero "
                 f"eigenvalues among the 13 largest in magnitude (13th: {abs(values[-1]):.1e} against "
                 f"{abs(values[0]):.3g})")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "tanh nets with biases fitted to zero loss by Gauss-Newton with minimum-norm "
                       "steps (exact Jacobians), exact Hessians (numerics.derivatives) and their eigenvalues; an "
                       "eigenvalue counts as zero below 1e-6 of the largest (the second-order term is of the order "
                       "of the residual, 1e-15): " + "; ".join(notes), examples=21 + 31 + 37 + 13, max_error=error,
                       tolerance=1.0, counterexample=None if error <= 1.0 else witness)


DEGENERATE_GLOBAL_MINIMA = register(Theorem(
    id="landscape.degenerate_global_minima",
    title="Global minima of over-parameterised nets are degenerate: $p - n$ zero Hessian eigenvalues, $H "
          r"= 2 J^\top J$",
    topic="landscape",
    kind="theorem",
    source=cite(POST, 'section "What does the loss function look like?": "a global minimum will not be '
                      'a point, but a connected manifold"'),
    as_stated=(r"\begin{gathered}\text{a global minimum will not be a point, but a connected manifold;} \\ "
               r"\text{the Hessian contains not a single zero eigenvalue?}\end{gathered}"),
    statement=(
        r"Let $L(\theta) = \sum_{n=1}^N (f(\theta; x_n) - y_n)^2$ with $p > N$ parameters. At a global minimum "
        r"with zero residual the Hessian is the Gauss-Newton matrix",
        r"\[ \nabla^2 L = 2 J^\top J, \qquad J = \Big(\frac{\partial f(\theta; x_n)}{\partial \theta_j}\Big) \in "
        r"\mathbb{R}^{N \times p}, \]",
        r"of rank at most $N$: at least $p - N$ eigenvalues vanish (exactly $p - N$ when $J$ has full rank). "
        r"For generic data the zero set $\{L = 0\}$ is then a smooth manifold of dimension $p - N$ (Cooper "
        r"2018), and continuous symmetries such as the ReLU rescaling add flat directions. Connectedness is not "
        r"implied (landscape.mode\_connectivity).",
    ),
    hypotheses=(
        Assumption(r"Zero residual (interpolation), square loss written as a sum (with a mean the factor is "
                   r"$2/N$)."),
        Assumption(r"``Connected manifold'' is not a consequence: the manifold may have several components."),
    ),
    derivation=(
        Step(r"\nabla^2 L", r"2 J^\top J + 2 \sum_n r_n \nabla^2 f(\theta; x_n)", r"differentiate twice; "
             r"$r_n = f(\theta; x_n) - y_n$"),
        Step(r"\nabla^2 L\big|_{r = 0}", r"2 J^\top J", r"zero residual"),
        Step(r"\dim \ker \nabla^2 L", r"\ge p - N", r"$\mathrm{rank}\, J^\top J = \mathrm{rank}\, J \le N$"),
    ),
    errata=(r"``Connected'' is unproven in general (and false in simple models); ``experimentally proven'' means "
            r"evidence (Draxler et al. 2018), not proof.",),
    references=("Y. Cooper, \"The loss landscape of overparameterized neural networks\", arXiv:1804.10200, 2018.",
                "L. Sagun, U. Evci, V. U. Guney, Y. Dauphin, L. Bottou, \"Empirical analysis of the Hessian of "
                "over-parametrized neural networks\", ICLR Workshop 2018."),
    claim=DegeneracyClaim(),
    symbolic=_degeneracy_symbolic,
    numeric=_degeneracy_numeric,
    mutants=(
        Mutant("rank p", "the Hessian at a global minimum of an over-parameterised net has full rank",
               DegeneracyClaim(nullity=sp.Integer(0))),
        Mutant("n zero eigenvalues", "p - n and n swapped", DegeneracyClaim(nullity=_n)),
        Mutant("J^T J", "the Hessian at zero residual without its factor 2", DegeneracyClaim(factor=sp.Integer(1))),
    ),
))

"""``landscape.mode_connectivity``:

Mode connectivity: low-loss paths between minima are found, not guaranteed; the nudged elastic band.
"""

import functools
from dataclasses import dataclass

import numpy as np
import sympy as sp

from theorems.checks import worst_comparison
from theorems.core import Assumption, Mutant, Step, Theorem
from theorems.registry import register
from theorems.report import CheckResult
from theorems.sources import POST, cite

__all__ = ["ConnectivityClaim", "MODE_CONNECTIVITY"]

_FORCES = {"nudged": {"nudged": True, "springs": True}, "full force": {"nudged": False, "springs": True},
           "own loss": {"nudged": False, "springs": False}}


@dataclass(frozen=True)
class ConnectivityClaim:
    """Barrier of ``(ab - 1)^2`` between its two minimum branches (``ab_barrier``); whether the Bezier curve of least
    mean loss also has the least maximum (``mean_is_minimax``); which band force finds the minimum-energy path."""

    ab_barrier: sp.Expr = sp.Integer(1)
    mean_is_minimax: bool = False
    force: str = "nudged"


def _energy():
    """The two-minimum energy (x^2 - 1)^2 + (y - x^2/2 + 1/2)^2 of the elastic-band test and its gradient (numpy)."""
    def E(P):
        return (P[:, 0] ** 2 - 1) ** 2 + (P[:, 1] - P[:, 0] ** 2 / 2 + 0.5) ** 2

    def dE(P):
        r = P[:, 1] - P[:, 0] ** 2 / 2 + 0.5
        return np.stack([4 * P[:, 0] * (P[:, 0] ** 2 - 1) - 2 * r * P[:, 0], 2 * r], axis=1)

    return E, dE


def _connectivity_symbolic(claim, context):
    a, b, t, c = sp.symbols("a b t c", real=True)
    L = (a * b - 1) ** 2
    on_axis = sp.simplify(L.subs(a, 0))  # every path from a > 0 to a < 0 meets a = 0, where L = 1
    diagonal = sp.maximum(L.subs({a: t, b: t}), t, sp.Interval(-1, 1))  # and the path (t, t) reaches no higher
    if sp.simplify(claim.ab_barrier - diagonal) != 0 or on_axis != diagonal:
        return CheckResult(False, "refuted: the barrier between the branches of ab = 1", counterexample={
            "lhs": f"claimed barrier {claim.ab_barrier}", "rhs": f"L(0, b) = {on_axis} on the way, max over (t, t) "
                                                                 f"= {diagonal}"})
    # the ring (x^2 + y^2 - 1)^2 from (-1, 0) to (1, 0) along (1-t)^2 w0 + 2t(1-t)(0, c) + t^2 w1
    x = -(1 - t) ** 2 + t**2
    y = 2 * t * (1 - t) * c
    ring = sp.expand((x**2 + y**2 - 1) ** 2)
    mean = sp.factor(sp.integrate(ring, (t, 0, 1)))
    mean_c = [r for r in sp.solve(sp.diff(mean, c), c) if r.is_positive][0]
    # with s = t(1-t) in [0, 1/4], ||phi||^2 - 1 = 4 s (c^2 s - 1): the maximum is least when the dip 1/c^2
    # equals the bump c^2/4 - 1 at s = 1/4
    minimax_c = [r for r in sp.solve(c**4 - 4 * c**2 - 4, c) if r.is_positive][0]
    same = sp.simplify(mean_c - minimax_c) == 0
    if claim.mean_is_minimax != same:
        return CheckResult(False, "refuted: the mean-loss optimal Bezier curve against the minimax one",
                           counterexample={"mean loss": str(mean), "lhs": f"mean-optimal c = {mean_c}",
                                           "rhs": f"minimax c = {sp.sqrt(2 + 2 * sp.sqrt(2))} (c^4 - 4c^2 - 4 = 0)"})
    # the elastic band's two-minimum energy: critical points, and the nudged force on its path y = x^2/2 - 1/2
    X, Y = sp.symbols("X Y", real=True)
    E = (X**2 - 1) ** 2 + (Y - X**2 / 2 + sp.Rational(1, 2)) ** 2
    gradient = sp.Matrix([sp.diff(E, X), sp.diff(E, Y)])
    critical = sp.solve(list(gradient), [X, Y], dict=True)
    saddle = [p for p in critical if p[X] == 0][0]
    # an image at the saddle between symmetric neighbours (-h, -1/2 + q), (h, -1/2 + q) of a band curving up to
    # the minima: grad E = 0 there; the nudged spring acts along the tangent (1, 0) and the neighbours' distances
    # are equal, so the image is at rest; the plain band's spring k (x_(i+1) - 2 x_i + x_(i-1)) = (0, 2 k q) is not
    # balanced: it pulls the band off the saddle (corner cutting)
    h, q, k = sp.symbols("h q k", positive=True)
    at_saddle = gradient.subs(saddle)
    curvature = sp.Matrix([h, q]) - sp.Matrix([h, -q])  # forward - backward
    options = _FORCES[claim.force]
    if options["nudged"]:
        force = -(at_saddle - (at_saddle.T * sp.Matrix([1, 0]))[0] * sp.Matrix([1, 0]))
    else:
        force = -at_saddle + (k * curvature if options["springs"] else sp.zeros(2, 1))
    if force != sp.zeros(2, 1):
        return CheckResult(False, f"refuted: with the '{claim.force}' force the saddle is not a rest point of the "
                           "band", counterexample={"neighbours": "(-h, -1/2 + q), (h, -1/2 + q)",
                                                   "lhs": f"force on the image at the saddle = {list(force)}",
                                                   "rhs": "[0, 0]"})
    if not options["springs"] or not options["nudged"]:  # pivots on their own: at rest only at critical points
        return CheckResult(False, f"refuted: with the '{claim.force}' force a band is at rest only on the "
                           "critical points", counterexample={"lhs": f"rest points {critical}",
                                                              "rhs": "21 evenly spread images"})
    return CheckResult(True, f"(ab - 1)^2: L(0, b) = {on_axis} for every b and max over (t, t) is "
                       f"{diagonal}, so the barrier is exactly 1 (the minimum set has two components); ring: mean "
                       f"loss along the Bezier curve {mean}, minimised at c = {mean_c}, while the minimax c solves "
                       f"c^4 - 4c^2 - 4 = 0 ({sp.N(minimax_c, 8)}); the two-minimum energy (x^2 - 1)^2 + "
                       f"(y - x^2/2 + 1/2)^2 has minima (+-1, 0) and the "
                       f"saddle {saddle} with E = {E.subs(saddle)}; an image at the saddle between symmetric "
                       "neighbours of a curved band is at rest under the nudged force and pulled off by the plain "
                       "band's spring (corner cutting); pivots descending on their own rest only on the three "
                       "critical points")


@functools.lru_cache(maxsize=4)
def _two_minima(seed, iterations=20_000):
    """Two independently trained minima of a 1-8-1 tanh net ``f = sum_j a_j tanh(w_j x)`` on 12 points, and the
    losses along the straight line, a trained Bezier curve and a climbing-image nudged elastic band relaxed by
    FIRE from the Bezier curve (exact gradients, vectorised over parameter vectors ``(w_1..w_8, a_1..a_8)``).
    The band's losses are taken along the polygon through its 41 images (ten points per segment), so its barrier
    is that of an actual path whether or not the band has converged (with 21 images or weak springs the images
    slide towards the minima and the polygon between them climbs to losses of 0.06 to 12); its residual force is
    returned too (the explicit band does not converge here: residual forces of 50 to 3000 after 20000 steps;
    FIRE reaches about 0.007 in 20000, slowed by the loss's soft directions)."""
    from scipy.optimize import minimize

    from numerics import connectivity

    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, 12)
    y = np.sin(2 * x)

    def parts(P):
        P = np.atleast_2d(P)
        w, a = P[:, :8], P[:, 8:]
        H = np.tanh(w[:, None, :] * x[None, :, None])  # (P, N, 8)
        r = (H * a[:, None, :]).sum(-1) - y
        return a, H, r

    def loss(P):
        return (parts(P)[2] ** 2).sum(-1)

    def grad(P):
        a, H, r = parts(P)
        da = 2 * np.einsum("pn,pnj->pj", r, H)
        dw = 2 * np.einsum("pn,pnj,n->pj", r, (1 - H**2) * a[:, None, :], x)
        return np.concatenate([dw, da], axis=1)

    minima = []
    for _ in range(2):
        found = minimize(lambda th: (loss(th)[0], grad(th)[0]), rng.normal(0, 1, 16), jac=True, method="L-BFGS-B",
                         options={"maxiter": 20_000, "gtol": 1e-10})
        minima.append(found.x)
    t = np.linspace(0, 1, 201)
    line = loss(np.outer(1 - t, minima[0]) + np.outer(t, minima[1]))
    control = connectivity.fit_bezier(loss, grad, minima[0], minima[1], nodes=32)
    curve = loss(connectivity.bezier(minima[0], control, minima[1], t))
    band = connectivity.neb(loss, grad, minima[0], minima[1], images=41, spring=500.0, method="fire", step=0.003,
                            tol=1e-6, iterations=iterations, climbing=True,
                            path=connectivity.bezier(minima[0], control, minima[1], np.linspace(0, 1, 41)))
    s = np.linspace(0, 1, 11)[:-1, None, None]
    polygon = np.vstack([(band.images[:-1] * (1 - s) + band.images[1:] * s).transpose(1, 0, 2).reshape(-1, 16),
                         band.images[-1:]])
    return t, line, curve, loss(polygon), band.force


@functools.lru_cache(maxsize=1)
def _ab_band_barrier():
    from numerics import connectivity

    ab = lambda P: (P[:, 0] * P[:, 1] - 1) ** 2  # noqa: E731
    dab = lambda P: 2 * (P[:, 0] * P[:, 1] - 1)[:, None] * P[:, ::-1]  # noqa: E731
    start = np.linspace(0, 1, 15)[:, None] * np.array([-2.0, -2.0]) + np.array([1.0, 1.0])
    start[1:-1, 0] += 0.3 * np.sin(np.pi * np.linspace(0, 1, 15)[1:-1])
    band = connectivity.neb(ab, dab, [1.0, 1.0], [-1.0, -1.0], images=15, step=0.01, iterations=5000, path=start)
    return float(band.losses.max())


@functools.lru_cache(maxsize=3)
def _energy_band(force):
    from numerics import connectivity

    E, dE = _energy()
    return connectivity.neb(E, dE, [-1.0, 0.0], [1.0, 0.0], step=0.05, iterations=2000, **_FORCES[force])


def _connectivity_numeric(claim, context):
    from scipy.optimize import minimize_scalar

    from numerics import connectivity

    parts, notes = {}, []
    # (ab - 1)^2: the nudged band from (1, 1) to (-1, -1), started off the diagonal, crosses a = 0 at loss 1
    barrier = _ab_band_barrier()
    parts["(ab - 1)^2: band barrier against the claim"] = (barrier, float(claim.ab_barrier), 1e-3)
    notes.append(f"(ab - 1)^2 band barrier {barrier:.6f}")
    # the ring: the mean-loss optimal Bezier control point against the minimax one
    ring = lambda P: ((P**2).sum(1) - 1) ** 2  # noqa: E731
    ring_grad = lambda P: 4 * ((P**2).sum(1) - 1)[:, None] * P  # noqa: E731
    w0, w1 = np.array([-1.0, 0.0]), np.array([1.0, 0.0])
    mean_c = float(connectivity.fit_bezier(ring, ring_grad, w0, w1, control=[0.0, 1.0])[1])
    t = np.linspace(0, 1, 100_001)
    minimax = minimize_scalar(lambda c: ring(connectivity.bezier(w0, np.array([0.0, c]), w1, t)).max(),
                              bounds=(1.5, 3.0), method="bounded", options={"xatol": 1e-10})
    same = abs(mean_c - minimax.x) < 1e-4
    parts["ring: the mean-optimal Bezier is minimax (as claimed)"] = (float(same == claim.mean_is_minimax), 1.0, 0.5)
    parts["ring: straight line barrier 1"] = (float(ring(connectivity.bezier(w0, (w0 + w1) / 2, w1, t)).max()), 1.0,
                                              1e-9)
    notes.append(f"ring: mean-optimal c = {mean_c:.7f}, minimax c = {minimax.x:.7f} (max {minimax.fun:.7f}), "
                 "straight line barrier 1")
    # the band with the claimed force on the two-minimum energy: saddle energy 1, even spacing
    band = _energy_band(claim.force)
    spacing = np.linalg.norm(np.diff(band.images, axis=0), axis=1)
    parts[f"band ({claim.force}): max image energy against the saddle's 1"] = (float(band.losses.max()), 1.0,
                                                                                  1e-3)
    parts[f"band ({claim.force}): spacing ratio <= 2"] = (max(spacing.max() / spacing.min() - 2, 0.0), 0.0, 1e-12)
    notes.append(f"band ({claim.force}): max energy {band.losses.max():.6f}, spacing {spacing.min():.3g}.."
                 f"{spacing.max():.3g}")
    # two trained minima of a small net: barriers along three paths (empirical, reported)
    t, line, curve, band, force = _two_minima(context.derived_seed("minima") % 1000,
                                              context.profile.pick(quick=1000, default=20_000, thorough=100_000))
    ends = max(line[0], line[-1])
    notes.append(f"1-8-1 tanh net, two minima (losses {line[0]:.3g}, {line[-1]:.3g}): barrier along the straight "
                 f"line {line.max() - ends:.3g}, along the trained Bezier curve {curve.max() - ends:.3g}, along the "
                 f"climbing-image elastic band (FIRE, residual force {force:.2g}) {band.max() - ends:.3g}")
    error, witness = worst_comparison(parts)
    return CheckResult(error <= 1.0, "numerics.connectivity: " + "; ".join(notes), examples=15 + 100_001 + 21 + 13,
                       max_error=error, tolerance=1.0, counterexample=None if error <= 1.0 else witness)


def _connectivity_figure(seed=0):
    """Loss along the straight line and the trained Bezier curve between two minima of a net."""
    from matplotlib.figure import Figure

    t, line, curve, band, _ = _two_minima(seed)
    figure = Figure(figsize=(5.0, 3.2), layout="constrained")
    axes = figure.subplots()
    axes.semilogy(t, line, label="straight line")
    axes.semilogy(t, curve, label="quadratic Bezier (mean loss trained)")
    axes.semilogy(np.linspace(0, 1, band.size), band, label="nudged elastic band (climbing image, FIRE)")
    axes.set_xlabel("position along the path")
    axes.set_ylabel("training loss")
    axes.set_title("two minima of a 1-8-1 tanh net")
    axes.legend(fontsize="small")
    return figure


MODE_CONNECTIVITY = register(Theorem(
    id="landscape.mode_connectivity",
    title="Mode connectivity: low-loss paths between minima are found, not guaranteed; the nudged elastic band",
    topic="landscape",
    kind="empirical",
    source=cite(POST, 'section "What does the loss function look like?": "any two global minima can be '
                      'connected through a flat path" (Draxler et al. 2018); AutoNEB "minimizes the '
                      'loss of each pivot"'),
    as_stated=(r"\begin{gathered}\text{any two global minima can be connected through a flat path;} \\ \text{AutoNEB: "
               r"pivots minimise their loss, springs keep them evenly spaced}\end{gathered}"),
    statement=(
        r"Empirically (Draxler et al. 2018; Garipov et al. 2018), pairs of minima of large trained nets are joined "
        r"by simple curves along which the training loss stays close to the endpoints' (``essentially no "
        r"barrier''); it is not a theorem: $(ab - 1)^2$ has two components of global minima and every path "
        r"between them crosses $a = 0$, where the loss is 1. Low-loss paths are found by training a Bezier curve's "
        r"control point on the mean loss along it, or by the nudged elastic band, whose images feel the true force "
        r"only perpendicular to the path and the springs only along it; without the nudging the band cuts "
        r"corners (and overestimates the saddle), and pivots that simply minimise their own loss slide into the "
        r"minima. The curve of least mean loss is not the curve of least maximum.",
    ),
    hypotheses=(
        Assumption(r"Connectedness holds for sufficiently wide piecewise-linear nets (Nguyen 2019: sublevel sets are "
                   r"connected with one layer of width at least $N$), not in general."),
    ),
    derivation=(
        Step(r"L(0, b)", r"1", r"on the way from the branch $a > 0$ to $a < 0$ of $ab = 1$"),
        Step(r"\mathbb{E}_t L(\phi_c(t))", r"\frac{8(c^4 - 9c^2 + 21)}{315}", r"the ring along the Bezier curve: "
             r"minimised at $c = 3/\sqrt2$, while the maximum is least at $c^4 - 4c^2 - 4 = 0$"),
        Step(r"F_i", r"-\nabla L(\theta_i)_\perp + k\big(\|\theta_{i+1} - \theta_i\| - \|\theta_i - \theta_{i-1}\|\big)"
             r"\hat\tau_i", r"the nudged elastic band"),
    ),
    errata=(
        r"``Any two global minima can be connected through a flat path'' is false in general ($(ab - 1)^2$: "
        r"barrier 1); the experiments show small, non-zero barriers on training loss for the nets studied.",
        r"``Minimises the loss of each pivot'' describes the failure of the method: only the component of "
        r"$-\nabla L$ perpendicular to the path may act; AutoNEB is NEB with automatic insertion of images.",
    ),
    references=("F. Draxler, K. Veschgini, M. Salmhofer, F. Hamprecht, \"Essentially no barriers in neural network "
                "energy landscape\", ICML 2018.", "T. Garipov, P. Izmailov, D. Podoprikhin, D. Vetrov, A. G. Wilson, "
                "\"Loss surfaces, mode connectivity, and fast ensembling of DNNs\", NeurIPS 2018.",
                "G. Henkelman, H. Jonsson, J. Chem. Phys. 113 (2000) 9978-9985 (improved tangent).",
                "Q. Nguyen, \"On connected sublevel sets in deep learning\", ICML 2019."),
    claim=ConnectivityClaim(),
    symbolic=_connectivity_symbolic,
    numeric=_connectivity_numeric,
    mutants=(
        Mutant("flat path always", "any two global minima are joined by a flat path: barrier 0 for (ab - 1)^2",
               ConnectivityClaim(ab_barrier=sp.Integer(0))),
        Mutant("mean-optimal is minimax", "the Bezier curve of least mean loss also has the least maximum",
               ConnectivityClaim(mean_is_minimax=True)),
        Mutant("plain elastic band", "full gradient and full spring force (no nudging)",
               ConnectivityClaim(force="full force")),
        Mutant("pivots minimise their loss", "the post's description: each pivot descends on its own loss",
               ConnectivityClaim(force="own loss")),
    ),
    figure=_connectivity_figure,
))

"""What each subcommand of ``theorems`` does (:mod:`theorems.cli` parses the command line and calls these): list,
show, verify, latex, roots and check, through the public API only."""

import json
import os
import time

from numerics.errors import InvalidArgument
from theorems.files import _probe, _read, _write

__all__ = ["INTERRUPTED", "UsageError"]

INTERRUPTED = 130


class UsageError(Exception):
    """Bad usage or input: reported as one line, exit status 2."""


def _select(ids, topic):
    from theorems.registry import select

    return select(ids or None, topic)


def _list(args, out):
    rows = [{"id": t.id, "topic": t.topic, "kind": t.kind, "title": t.title, "source": t.source}
            for t in _select(None, args.topic)]
    if args.json:  # titles as written: text with $...$ mathematics
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    from theorems.render.terminal import to_unicode

    unicode = not getattr(out, "ascii_only", False)
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        out.write(f"{r['id']:<{width}}  {r['kind']:<10} {to_unicode(r['title']) if unicode else r['title']}\n")
    return 0


def _show(args, out):
    import sympy as sp

    import theorems
    from theorems.render.latex import step_relation
    from theorems.render.terminal import to_unicode

    theorem = theorems.get(args.id)
    if args.latex:
        out.write(theorem.latex())
        return 0
    unicode = not getattr(out, "ascii_only", False)  # else the LaTeX source, which is ASCII, reads best

    def math(item):
        if isinstance(item, str):
            return to_unicode(item) if unicode else item
        return sp.pretty(item, use_unicode=unicode)

    if not unicode:
        to_unicode = str  # noqa: F811 (the prose too: its LaTeX source)

    def block(text, indent="  "):
        return [indent + line for line in text.splitlines()]

    lines = [f"{theorem.id}: {to_unicode(theorem.title)}", f"{theorem.kind}, topic {theorem.topic}",
             f"source: {theorem.source}",
             "", "As stated:", *block(math(theorem.as_stated)), "", "Correct statement:"]
    lines += [line for item in theorem.statement for line in block(math(item))]
    lines += ["", "Hypotheses:"] + [f"  {i}. {to_unicode(h.text)}" for i, h in enumerate(theorem.hypotheses, 1)]
    lines += ["", "Derivation:"]
    for i, step in enumerate(theorem.derivation, 1):
        relation, _ = step_relation(step.rhs)
        lines.append(f"  {i}. {math(step.lhs)} {relation}{math(step.rhs)}".replace("\n", "\n     "))
        lines.append(f"     because {to_unicode(step.justification)}")
    lines += ["", "Errata:"] + [f"  - {to_unicode(e)}" for e in theorem.errata]
    lines += ["", "References:"] + [f"  - {r}" for r in theorem.references]
    lines += ["", "Mutants the checks must reject:"] + [f"  - {m.name}: {m.description}" for m in theorem.mutants]
    out.write("\n".join(lines) + "\n")
    return 0


def _progress(stream):
    """A progress callback that rewrites one line on a terminal, and stays silent otherwise."""
    if not stream.isatty():
        return None

    def show(index, total, theorem):
        stream.write(f"\r\033[K[{index + 1}/{total}] verifying {theorem.id} ...")
        stream.flush()

    return show


def _run_verification(args, chosen, err):
    """The catalogue report of `chosen`; on Ctrl-C, the partial report of what finished (``interrupted``)."""
    import theorems
    from theorems.parallel import Interrupted

    workers = getattr(args, "workers", None)
    if workers is None:
        workers = (os.cpu_count() or 1) if args.profile == "thorough" else 1
    scheduler = getattr(args, "scheduler", None)
    parallel = scheduler is not None or workers > 1
    progress = (_unit_progress if parallel else _progress)(err)
    try:
        report = theorems.verify([t.id for t in chosen], seed=args.seed, profile=args.profile, progress=progress,
                                 workers=workers, scheduler=scheduler)
    except Interrupted as stop:
        report = stop.report
    if progress is not None:
        err.write("\r\033[K")
    return report


def _interrupted(report, total, err):
    err.write(f"theorems: interrupted: {len(report.theorems)} of {total} theorems finished\n")
    return INTERRUPTED


def _unit_progress(stream):
    """A progress bar over the theorems of a parallel run, as they finish in any order (on a terminal only)."""
    if not stream.isatty():
        return None
    start = time.perf_counter()

    def show(done, total, theorem_id):
        filled = int(30 * done / total)
        stream.write(f"\r\033[K[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} theorems, "
                     f"{time.perf_counter() - start:.0f} s, last {theorem_id}")
        stream.flush()

    return show


def _table(report, out):
    from theorems.report import COLUMNS

    rows = [COLUMNS] + [t.row() for t in report.theorems]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")
    out.write(report.summary() + "\n")
    for t in report.theorems:
        for kind, check in t.checks.items():
            if check.status != "passed":
                what = check.counterexample or check.exception
                out.write(f"{t.id}: {kind} check {check.status}: {check.detail}: {str(what)[:500]}\n")
        for name in t.mutants.survivors:
            out.write(f"{t.id}: mutant '{name}' survived every check\n")
        for name, message in t.mutants.errors.items():
            out.write(f"{t.id}: mutant '{name}' could not be checked: {message}\n")


def _verify(args, out, err):
    chosen = _select(args.ids, args.topic)
    report = _run_verification(args, chosen, err)
    _table(report, err if args.json == "-" else out)
    if args.json is not None:
        text = json.dumps(report.to_dict(), indent=2) + "\n"
        out.write(text) if args.json == "-" else _write(args.json, text)
    return _interrupted(report, len(chosen), err) if report.interrupted else report.exit_code


def _latex(args, out, err):
    from theorems.render.latex import bibliography, check_engine, compile_pdf, document, write_figures

    chosen = _select(args.ids, args.topic)
    if args.pdf:
        check_engine()  # before the verification run, not after it
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write {str(args.output)!r}: {exc.strerror or exc}") from None
    _probe(args.output.parent, str(args.output))
    report = _run_verification(args, chosen, err)
    if report.interrupted:
        return _interrupted(report, len(chosen), err)
    figures = write_figures(chosen, args.output, seed=args.seed)
    bib = args.output.with_suffix(".bib")
    _write(bib, bibliography(chosen))
    _write(args.output, document(chosen, report, figures=figures, bibliography_name=bib.stem))
    out.write(f"wrote {args.output}\n")
    if args.pdf:
        out.write(f"wrote {compile_pdf(args.output)}\n")
    return report.exit_code


def _roots(args, out):
    from numerics.polynomials import bezout_number, solve
    from theorems.symbolic.systems import parse_system, to_numeric

    name = "<stdin>" if args.file == "-" else args.file
    text = _read(args.file)
    try:
        system = parse_system(text)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from None
    from theorems.parallel import mapper

    with mapper(workers=args.workers or 1, scheduler=args.scheduler) as batches:
        result = solve(to_numeric(system), seed=args.seed, mapper=batches, start=args.start)
    report = {"bezout": bezout_number(system.degrees), **result.to_dict(),
              "variables": [str(v) for v in system.variables]}
    if args.groebner:
        from theorems.symbolic.algebra import groebner_count

        exact = groebner_count(system.polynomials, system.variables)
        report["groebner"] = {"dimension": exact.dimension, "count": exact.count}
    if args.json == "-":
        out.write(json.dumps(report, indent=2) + "\n")
    else:
        counts = result.counts
        equations = len(system.polynomials)
        out.write(f"{name}: {equations} equation{'s' if equations > 1 else ''} in {', '.join(report['variables'])}; "
                  f"degrees {list(system.degrees)}, Bezout number {report['bezout']}"
                  + ("" if result.mixed_volume is None else f", mixed volume {result.mixed_volume}") + "\n")
        multiplicities = sorted(s.multiplicity for s in result.solutions if s.multiplicity > 1)
        out.write(f"paths {result.paths}: finite regular {counts['finite_regular']}, finite singular "
                  f"{counts['finite_singular']} (multiplicities {multiplicities}), "
                  f"at infinity {counts['at_infinity']}, failed {counts['failed']}\n")
        if result.beyond_range:
            out.write(f"{result.beyond_range} path{'s' if result.beyond_range > 1 else ''} to finite roots of norm "
                      f"above 1e8, beyond double precision's range (beyond_range)\n")
        for component in result.components:
            out.write(f"{component['paths']} path{'s' if component['paths'] > 1 else ''} end on a solution set of "
                      f"dimension {component['dimension']}, not isolated roots (components)\n")
        if result.mixed_volume is not None:
            out.write("polyhedral start: every isolated root is reached, but a solution set of positive dimension "
                      "may be met by no path (--start total-degree meets every one)\n")
        if args.groebner:
            g = report["groebner"]
            out.write("Groebner basis: " + (f"{g['count']} solutions with multiplicity\n" if g["dimension"] == 0 else
                      "no solution\n" if g["dimension"] < 0 else f"positive-dimensional, dimension {g['dimension']}\n"))
        for failure in result.failures:
            out.write(f"path {failure.path} failed: {failure.reason}\n")
        if args.json is not None:
            _write(args.json, json.dumps(report, indent=2) + "\n")
    return 1 if result.counts["failed"] else 0


def _defer_sympy_latex_parser():
    """Keep SymPy from building its own LaTeX parser when ``theorems check`` imports SymPy's transformer (a tenth
    of a second at every start; the command reads with its own parser).  SymPy's ``latex_parser`` module is stood
    in for by one whose two names load the real module when first used, so SymPy's ``parse_latex`` still works in
    this process; nothing changes when SymPy's LaTeX package is already loaded."""
    import importlib
    import sys
    import types

    name = "sympy.parsing.latex.lark.latex_parser"
    if name in sys.modules or "sympy.parsing.latex" in sys.modules:
        return
    stand_in = types.ModuleType(name)

    def real():
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return importlib.import_module(name)

    stand_in.parse_latex_lark = lambda *a, **k: real().parse_latex_lark(*a, **k)
    stand_in.LarkLaTeXParser = lambda *a, **k: real().LarkLaTeXParser(*a, **k)
    sys.modules[name] = stand_in


def _check(args, out):
    _defer_sympy_latex_parser()
    from theorems.derivations.document import MOMENT, check_document, read_assumption, read_definition
    from theorems.derivations.latex_input import LatexParseError

    name = "<stdin>" if args.file == "-" else args.file
    text = _read(args.file)
    functions, definitions, assumptions = list(args.function), [], []
    for option, values, read, into in (("--define", args.define, read_definition, definitions),
                                       ("--assume", args.assume, read_assumption, assumptions)):
        for value in values:  # read here, so that an error names its option
            if option == "--assume" and MOMENT.fullmatch(value):
                into.append(value)  # a mean: read with the random variables
                continue
            try:
                into.append(read(value, functions))
            except LatexParseError as exc:
                raise UsageError(f"{option} {value!r}: {exc}") from None
            except InvalidArgument as exc:
                raise UsageError(f"{option} {value!r}: {str(exc).split(': ', 1)[-1]}") from None
            if option == "--define":
                functions.append(into[-1][0])
    try:
        document = check_document(text, functions=args.function, definitions=definitions, assumptions=assumptions,
                                  symbols=args.symbol, seed=args.seed, points=args.points, vectors=args.vector,
                                  matrices=args.matrix, random=args.random, independent=args.independent)
    except InvalidArgument as exc:  # a declaration that cannot be read
        raise UsageError(f"{exc}") from None
    chains = document.chains
    if len(chains) == 1 and chains[0].error is not None:  # nothing could be read
        raise UsageError(f"{name}: {chains[0].error}")
    if chains and not document.checked and not document.unreadable:
        raise UsageError(f"{name}: nothing to check: the input only defines "
                         f"{', '.join(c.definition.name for c in chains)}")
    if len(chains) == 1:
        report = chains[0].report
        if args.json:
            out.write(json.dumps(report.to_dict(), indent=2) + "\n")
        else:
            out.write(f"{report}\n{name}: {_counted(report.verdicts, 'step')}\n")
        return 0 if report.ok else 1
    unreadable = document.unreadable
    if unreadable and not document.checked:
        raise UsageError(f"{name}: none of its {len(unreadable)} chains can be read; the first: {unreadable[0].error}")
    if args.json:
        out.write(json.dumps(document.to_dict(), indent=2) + "\n")
    else:
        defined = len(chains) - len(document.checked) - len(unreadable)
        parts = [_plural(len(document.checked) + len(unreadable), "chain")]
        parts += [_plural(defined, "definition")] if defined else []
        summary = f"{name}: {', '.join(parts)}, {_counted(document.verdicts, 'step')}"
        out.write(f"{document}\n" + summary + (f"; {_plural(len(unreadable), 'chain')} could not be read"
                                               if unreadable else "") + "\n")
    return 0 if document.ok else 1


def _plural(count, word):
    return f"{count} {word}{'s' if count != 1 else ''}"


def _counted(verdicts, what):
    """``3 steps: 2 proved, 1 refuted``."""
    counts = {v: verdicts.count(v) for v in dict.fromkeys(verdicts)}
    return f"{len(verdicts)} {what}{'s' if len(verdicts) != 1 else ''}: " + ", ".join(
        f"{n} {v}" for v, n in counts.items())

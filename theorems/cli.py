"""The ``theorems`` command: list, show, verify and typeset the catalogue; solve polynomial systems.

Thin by design: every subcommand calls the public API.  Bad usage or input is
one line on stderr and exit status 2; verification exits 0 when everything is
verified, 1 when something failed, 2 when a check could not run; Ctrl-C exits 130
after printing what finished; a closed pipe (``theorems list | head``) ends quietly
with 141, as for any program killed by SIGPIPE.  Reports are written to a temporary
file beside the target and renamed at the end, so a failed or interrupted run never
leaves a truncated file or destroys the previous one.
"""

import argparse
import json
import os
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

__all__ = ["main"]

INTERRUPTED, BROKEN_PIPE = 130, 141
"""Exit statuses after Ctrl-C and on a closed pipe (128 + the signal's number, as shells report them)."""


class UsageError(Exception):
    """Bad usage or input: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors reduced to one line."""

    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _parser():
    from theorems.core import TOPICS
    from theorems.profiles import PROFILES

    parser = _Parser(prog="theorems", description="Verify, show and typeset the theorems of deep-learning theory.",
                     epilog="Exit status: 0 all verified (or done), 1 something failed or was refuted, 2 bad usage or "
                            "input or a check that could not run, 130 interrupted.")
    parser.add_argument("-V", "--version", action=_Version, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def command(name, summary):  # the summary heads both `theorems --help` and `theorems NAME --help`
        return commands.add_parser(name, help=summary, description=summary)

    topics = f"only this topic; repeat for several ({', '.join(TOPICS)})"

    p = command("list", "one row per theorem: id, kind and title (--json adds topic and source)")
    p.add_argument("--topic", action="append", metavar="T", help=topics)
    p.add_argument("--json", action="store_true", help="print a JSON list of objects: id, topic, kind, title, source")

    p = command("show", "a theorem's statement, hypotheses, derivation and errata")
    p.add_argument("id")
    p.add_argument("--latex", action="store_true", help="print its LaTeX section instead")

    profiles = list(PROFILES)
    p = command("verify", "run the checks (the whole catalogue by default)")
    p.add_argument("ids", nargs="*", metavar="ID", help="theorem ids (default: every theorem of the topics given)")
    p.add_argument("--topic", action="append", metavar="T", help=topics)
    p.add_argument("--profile", default="default", choices=profiles, help="how much work (default: default)")
    p.add_argument("--seed", type=_seed, default=0, help="seeds every example drawn (default: 0)")
    p.add_argument("--json", metavar="FILE", type=_output_path,
                   help="write the report as JSON to FILE, or to standard output with - (the table then goes to "
                        "standard error)")
    _parallel_options(p)

    p = command("latex", "write a LaTeX document with a verification run's outcome")
    p.add_argument("ids", nargs="*", metavar="ID", help="theorem ids (default: every theorem of the topics given)")
    p.add_argument("--topic", action="append", metavar="T", help=topics)
    p.add_argument("-o", "--output", required=True, metavar="FILE.tex", type=_document_path,
                   help="the document; FILE.bib and the figures are written beside it (its directory is created)")
    p.add_argument("--pdf", action="store_true", help="also compile it (latexmk, or pdflatex and BibTeX)")
    p.add_argument("--profile", default="quick", choices=profiles,
                   help="the verification run reported in the document (default: quick)")
    p.add_argument("--seed", type=_seed, default=0, help="seeds the run and the figures (default: 0)")

    p = command("roots", "solve a square polynomial system (PHCpack's input format)")
    p.add_argument("file", metavar="FILE", help="the system; - for standard input")
    p.add_argument("--json", metavar="FILE", type=_output_path,
                   help="write the report as JSON to FILE, or to standard output with - (instead of the summary)")
    p.add_argument("--seed", type=_seed, default=0, help="seeds the start system's random constants (default: 0)")
    p.add_argument("--groebner", action="store_true",
                   help="also count the solutions exactly by a Groebner basis (SymPy; small systems only)")
    _parallel_options(p, "processes tracking batches of 512 paths (default 1)")

    p = command("check", "check a derivation written in LaTeX, step by step")
    p.add_argument("file", metavar="FILE", help="a .tex file (an align/equation environment or a chain a = b = c); "
                   "- for standard input")
    p.add_argument("--function", action="append", default=[], metavar="NAME",
                   help="a name that is a function (sigma, f, f_tilde, ell); repeatable")
    p.add_argument("--define", action="append", default=[], metavar="TEXT",
                   help='a function given by a formula: "\\sigma(z) = \\frac{1}{1 + e^{-z}}"; repeatable')
    p.add_argument("--symbol", action="append", default=[], metavar="NAME",
                   help="a name that is a symbol where a default says otherwise (e); repeatable")
    p.add_argument("--assume", action="append", default=[], metavar="TEXT",
                   help='an assumption: "x > 0", "w_1 \\le 1", "n integer"; repeatable')
    p.add_argument("--points", type=_integer("--points", 1), default=12, help="points per step (default 12)")
    p.add_argument("--seed", type=_seed, default=0)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def _parallel_options(p, workers="worker processes (default: the number of cores for the thorough profile, 1 "
                                  "otherwise)"):
    p.add_argument("--workers", type=_workers, default=None, metavar="N", help=workers)
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask distributed scheduler (tcp://host:port)")


def _integer(option, minimum):
    """An argparse type: an integer >= `minimum`, with an error that names the option."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"{option}={text!r} must be an integer >= {minimum}")
        return value

    return parse


_seed, _workers = _integer("--seed", 0), _integer("--workers", 1)


class _Version(argparse.Action):
    """``--version``: print ``theorems X.Y.Z`` on the command's output stream, exit 0."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        raise _ShowVersion


class _ShowVersion(Exception):
    pass


def _version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dl-theorems")
    except PackageNotFoundError:  # run from a source tree that was never installed
        from theorems import __version__

        return __version__


def _output_path(text):
    """An output file in an existing directory, or ``-`` for standard output: checked by writing a temporary
    file there before any work (permission bits say nothing to root, and nothing of /proc or a full disk)."""
    if text == "-":
        return text
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a directory, not a file")
    directory = path.parent
    if not directory.is_dir():
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: directory {str(directory)!r} does not exist")
    _probe(directory, text)
    return path


def _document_path(text):
    """The LaTeX document's path: its directory is created later, once the rest of the command line is valid."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a directory, not a file")
    return path


def _probe(directory, text):
    try:
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".theorems-probe-"):
            pass
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: {exc.strerror or exc}") from None


def _write(path, text):
    """Write `text` to `path` whole or not at all: a temporary file beside it, renamed at the end."""
    path = Path(path)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         delete=False)
    try:
        with handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)  # as open() would create it (the temporary file is private)
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise


def _read(name):
    """The text of the file `name` (``-``: standard input), which must be UTF-8."""
    if name == "-":
        if not hasattr(sys.stdin, "buffer"):  # already text (a StringIO standing in for it)
            return sys.stdin.read()
        data = sys.stdin.buffer.read()
    else:
        data = Path(name).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = "<stdin>" if name == "-" else name
        raise UsageError(f"{shown}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _select(ids, topic):
    from theorems.registry import select

    return select(ids or None, topic)


def _list(args, out):
    rows = [{"id": t.id, "topic": t.topic, "kind": t.kind, "title": t.title, "source": t.source}
            for t in _select(None, args.topic)]
    if args.json:  # titles as written: text with $...$ mathematics
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    from theorems.terminal import to_unicode

    unicode = not getattr(out, "ascii_only", False)
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        out.write(f"{r['id']:<{width}}  {r['kind']:<10} {to_unicode(r['title']) if unicode else r['title']}\n")
    return 0


def _show(args, out):
    import sympy as sp

    import theorems
    from theorems.latex import step_relation
    from theorems.terminal import to_unicode

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
    from theorems.latex import bibliography, check_engine, compile_pdf, document, write_figures

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
    from theorems.systems import parse_system, to_numeric

    name = "<stdin>" if args.file == "-" else args.file
    text = _read(args.file)
    try:
        system = parse_system(text)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from None
    from theorems.parallel import mapper

    with mapper(workers=args.workers or 1, scheduler=args.scheduler) as batches:
        result = solve(to_numeric(system), seed=args.seed, mapper=batches)
    report = {"bezout": bezout_number(system.degrees), **result.to_dict(),
              "variables": [str(v) for v in system.variables]}
    if args.groebner:
        from theorems.algebra import groebner_count

        exact = groebner_count(system.polynomials, system.variables)
        report["groebner"] = {"dimension": exact.dimension, "count": exact.count}
    if args.json == "-":
        out.write(json.dumps(report, indent=2) + "\n")
    else:
        counts = result.counts
        equations = len(system.polynomials)
        out.write(f"{name}: {equations} equation{'s' if equations > 1 else ''} in {', '.join(report['variables'])}; "
                  f"degrees {list(system.degrees)}, Bezout number {report['bezout']}\n")
        out.write(f"paths {result.paths}: finite regular {counts['finite_regular']}, finite singular "
                  f"{counts['finite_singular']} (multiplicities {sorted(s.multiplicity for s in result.solutions if s.multiplicity > 1)}), "
                  f"at infinity {counts['at_infinity']}, failed {counts['failed']}\n")
        if args.groebner:
            g = report["groebner"]
            out.write("Groebner basis: " + (f"{g['count']} solutions with multiplicity\n" if g["dimension"] == 0 else
                      "no solution\n" if g["dimension"] < 0 else f"positive-dimensional, dimension {g['dimension']}\n"))
        for failure in result.failures:
            out.write(f"path {failure.path} failed: {failure.reason}\n")
        if args.json is not None:
            _write(args.json, json.dumps(report, indent=2) + "\n")
    return 1 if result.counts["failed"] else 0


def _assumption(text, functions):
    """A sign ("n integer") as it is, anything else read as LaTeX ("w_1 > 0")."""
    from theorems.derivations import SIGNS
    from theorems.latex_input import parse_derivation

    words = text.split()
    if len(words) >= 2 and all(w in SIGNS for w in words[1:]):
        return text
    lhs, *rest = parse_derivation(text, functions=functions)
    if len(rest) != 1:
        raise UsageError(f"--assume {text!r}: one relation, such as x > 0")
    relation, rhs = rest[0]
    if relation == "=":
        raise UsageError(f"--assume {text!r}: equalities are not assumptions; substitute instead")
    from theorems.derivations import RELATIONS

    return RELATIONS[relation](lhs, rhs, evaluate=False)


def _definition(text, functions):
    """``name(z) = formula`` as ``(name, Lambda)``."""
    import re

    import sympy as sp

    from theorems.latex_input import parse_derivation

    m = re.match(r"\s*(\\?[A-Za-z]+)\s*\(", text)
    if m is None:
        raise UsageError(f"--define {text!r}: write name(z) = formula")
    name = m.group(1).lstrip("\\")
    lhs, *rest = parse_derivation(text, functions=[*functions, name])
    if len(rest) != 1 or rest[0][0] != "=" or not isinstance(lhs, sp.core.function.AppliedUndef) or \
            not all(isinstance(a, sp.Symbol) for a in lhs.args):
        raise UsageError(f"--define {text!r}: write name(z) = formula, with symbols as arguments")
    return type(lhs).__name__, sp.Lambda(lhs.args, rest[0][1])


def _check(args, out):
    from theorems.derivations import check_derivation
    from theorems.latex_input import LatexParseError, parse_derivation

    name = "<stdin>" if args.file == "-" else args.file
    text = _read(args.file)
    functions, assumptions = dict.fromkeys(args.function), []
    for option, values, read in (("--define", args.define, _definition), ("--assume", args.assume, _assumption)):
        for value in values:
            try:
                parsed = read(value, args.function)
            except LatexParseError as exc:
                raise UsageError(f"{option} {value!r}: {exc}") from None
            if option == "--define":
                functions[parsed[0]] = parsed[1]
            else:
                assumptions.append(parsed)
    try:
        steps = parse_derivation(text, functions=list(functions), symbols=args.symbol)
    except LatexParseError as exc:
        raise UsageError(f"{name}: {exc}") from None
    report = check_derivation(steps, assumptions=assumptions, functions=functions, seed=args.seed,
                              points=args.points)
    if args.json:
        out.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        out.write(f"{report}\n")
        counts = {v: report.verdicts.count(v) for v in dict.fromkeys(report.verdicts)}
        steps = f"{len(report.steps)} step{'s' if len(report.steps) > 1 else ''}"
        out.write(f"{name}: {steps}: " + ", ".join(f"{n} {v}" for v, n in counts.items()) + "\n")
    return 0 if report.ok else 1


class _Ascii:
    """A text stream for a terminal that cannot show Unicode: accents dropped, other characters escaped."""

    ascii_only = True

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        return self._stream.write(text.encode("ascii", "backslashreplace").decode("ascii"))

    def __getattr__(self, name):  # flush, isatty, fileno
        return getattr(self._stream, name)


def _can_show_unicode(stream):
    encoding = getattr(stream, "encoding", None)
    if encoding is None:  # a stream of str, not bytes (io.StringIO)
        return True
    try:
        "σ∑→─".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def main(argv=None, *, out=None, err=None):
    """Run the command line; return the exit status."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    out, err = (s if _can_show_unicode(s) else _Ascii(s) for s in (out, err))
    from numerics.errors import InvalidArgument
    from theorems.registry import UnknownTheorem

    try:
        try:
            args = _parser().parse_args(argv)
        except _ShowVersion:
            out.write(f"theorems {_version()}\n")
            return 0
        command = {"list": _list, "show": _show, "roots": _roots, "check": _check}.get(args.command)
        code = command(args, out) if command else (_verify if args.command == "verify" else _latex)(args, out, err)
        out.flush()
        return code
    except (UsageError, argparse.ArgumentTypeError, UnknownTheorem, InvalidArgument) as exc:
        err.write(f"theorems: error: {exc}\n")
        return 2
    except BrokenPipeError:  # the reader went away (theorems list | head): nothing more to say
        _quiet_stdout()
        return BROKEN_PIPE
    except OSError as exc:
        err.write(f"theorems: error: {exc.strerror or exc}: {exc.filename or ''}\n")
        return 2
    except KeyboardInterrupt:
        err.write("theorems: interrupted\n")
        return INTERRUPTED


def _quiet_stdout():
    """Point standard output at /dev/null, so that Python's flush at exit does not complain of the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real standard output (under a test's StringIO): nothing to silence
        pass

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
import os
import sys
import unicodedata
from pathlib import Path

from numerics.errors import InvalidArgument
from theorems.commands import INTERRUPTED, UsageError, _check, _latex, _list, _roots, _show, _verify
from theorems.files import _probe

__all__ = ["main"]

"""The exit status after Ctrl-C (128 + SIGINT, as shells report it)."""


BROKEN_PIPE = 141


"""The exit status when the reader of the output went away (128 + SIGPIPE)."""


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors reduced to one line."""

    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _parser():
    from theorems.fixed_names import TOPICS
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
    p.add_argument("--start", choices=("auto", "total-degree", "polyhedral"), default="auto",
                   help="start system: total-degree (prod d_i paths; reaches every positive-dimensional solution "
                        "set), polyhedral (mixed volume many paths; its mixed cells take seconds from about 6 "
                        "variables on) or auto (polyhedral where it pays) (default: auto)")
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
                   help='an assumption: "x > 0", "w_1 \\le 1", "n integer", "\\mathbb{E}[\\epsilon] = 0"; repeatable')
    p.add_argument("--vector", action="append", default=[], metavar="NAME",
                   help='a (column) vector: "w", "w: d"; bold letters need none; repeatable')
    p.add_argument("--matrix", action="append", default=[], metavar="NAME",
                   help='a matrix: "X", "X: n x d", "Sigma: d x d symmetric"; capital letters are scalars '
                        'unless declared or bold; repeatable')
    p.add_argument("--random", action="append", default=[], metavar="NAME",
                   help='a random variable: "X", "X ~ N(mu, sigma^2)", "m ~ Bernoulli(p)"; repeatable')
    p.add_argument("--independent", action="append", default=[], nargs="+", metavar="NAME",
                   help="random variables that are mutually independent (all are dependent unless stated); "
                        "repeatable")
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
        from theorems.version import __version__

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
    real_stdout = out is None
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    out, err = (s if _can_show_unicode(s) else _Ascii(s) for s in (out, err))
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
        if real_stdout:  # a caller's own stream is the caller's business
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

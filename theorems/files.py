"""The command line's files: input read as UTF-8 (or refused with the offset of the first bad byte), reports written
whole or not at all (a temporary file beside the target, renamed at the end), targets probed before any work."""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from numerics.errors import InvalidArgument

__all__ = []


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
        raise InvalidArgument(f"{shown}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None

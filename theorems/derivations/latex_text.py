"""The bracket arithmetic of LaTeX text that the reader and its vector notation share: where a group ends, where a
term ends, and a list split at its top-level commas."""

import re

__all__ = []


def _group_end(text, start):
    """The end of the group opening at `start` (``(``, ``{``, ``[`` or ``\\left(``), or None."""
    m = re.match(r"\s*(\\left\s*)?([({\[])", text[start:])
    if not m:
        return None
    close = {"(": ")", "{": "}", "[": "]"}[m.group(2)]
    depth = 0
    for i in range(start + m.start(2), len(text)):
        if text[i] in "({[":
            depth += 1
        elif text[i] in ")}]":
            depth -= 1
            if depth == 0:
                if text[i] != close:
                    return None
                return i + 1
    return None


def _term_end(text, start, stops="+-"):
    """The end of the term starting at `start`: the next of `stops` (``+`` or ``-``) at depth 0 after something,
    a bracket that closes the enclosing group, or the end."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "({[":
            depth += 1
        elif text[i] in ")}]":
            if depth == 0:
                return i
            depth -= 1
        elif text[i] in stops and depth == 0 and text[start:i].strip() and text[i - 1:i + 1] != "\\,":
            return i  # (a thin space \, is no comma)
    return len(text)


def _top_level_split(body):
    depth, parts, last = 0, [], 0
    for i, ch in enumerate(body):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(body[last:i])
            last = i + 1
    parts.append(body[last:])
    return parts

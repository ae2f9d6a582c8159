"""LaTeX as readable Unicode text, for ``theorems show`` on a terminal: the names of :mod:`theorems.render.terminal`,
where the code lives, at their first import path.
"""

from theorems.render.terminal import to_unicode

__all__ = ["to_unicode"]

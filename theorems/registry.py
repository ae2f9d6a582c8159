"""The catalogue: every Theorem by id, loaded from the topic modules on first use."""

import difflib
import importlib

from numerics.errors import check_choice
from theorems.core import TOPICS

__all__ = ["UnknownTheorem", "catalogue", "get", "register"]

_REGISTRY = {}
_LOADED = []


class UnknownTheorem(KeyError):
    """No theorem has this id; the message lists the closest ids."""

    def __str__(self):
        return self.args[0]


def register(theorem):
    """Add `theorem` to the catalogue (topic modules call this at import); return it."""
    if theorem.id in _REGISTRY:
        raise ValueError(f"theorem id {theorem.id!r} is registered twice")
    _REGISTRY[theorem.id] = theorem
    return theorem


def _load():
    """Import the topic modules that exist, once."""
    if _LOADED:
        return
    for topic in TOPICS:
        try:
            importlib.import_module(f"theorems.{topic}")
        except ModuleNotFoundError as exc:
            if exc.name != f"theorems.{topic}":
                raise
    _LOADED.append(True)


def get(id):
    """Return the theorem with this id.

    Raises
    ------
    UnknownTheorem
        A ``KeyError`` whose message lists the closest ids.

    Examples
    --------
    >>> get("homogeneity.relu_euler").topic
    'homogeneity'
    >>> get("homogeneity.relu_eular")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    theorems.registry.UnknownTheorem: unknown theorem id 'homogeneity.relu_eular'; closest matches: ['homogeneity.relu_euler'...]
    """
    _load()
    if id in _REGISTRY:
        return _REGISTRY[id]
    close = difflib.get_close_matches(str(id), list(_REGISTRY), n=3, cutoff=0.5)
    hint = f"; closest matches: {close}" if close else f"; `theorems list` shows the {len(_REGISTRY)} ids"
    raise UnknownTheorem(f"unknown theorem id {id!r}{hint}")


def catalogue(topic=None):
    """All theorems, or those of one `topic`, as a tuple sorted by id.

    Raises
    ------
    InvalidArgument
        If `topic` is not one of the topics (the message lists them).

    Examples
    --------
    >>> [t.id for t in catalogue("homogeneity")][:1]
    ['homogeneity.relu_euler']
    """
    _load()
    if topic is not None:
        check_choice(topic, "topic", TOPICS)
    return tuple(sorted((t for t in _REGISTRY.values() if topic in (None, t.topic)), key=lambda t: t.id))

"""The catalogue: every Theorem by id, found on first use by walking :mod:`theorems.entries` (no hand-kept list)."""

import difflib
import importlib
import pkgutil

from numerics.errors import InvalidArgument, check_choice
from theorems.fixed_names import TOPICS

__all__ = ["UnknownTheorem", "catalogue", "get", "register", "select"]

_REGISTRY = {}
_LOADED = []


class UnknownTheorem(KeyError):
    """No theorem has this id; the message lists the closest ids."""

    def __str__(self):
        return self.args[0]


def register(theorem):
    """Add `theorem` to the catalogue (each entry's module calls this at import); return it."""
    if theorem.id in _REGISTRY:
        raise ValueError(f"theorem id {theorem.id!r} is registered twice")
    _REGISTRY[theorem.id] = theorem
    return theorem


def _load():
    """Import every module of :mod:`theorems.entries`, once: each entry registers its theorem."""
    if _LOADED:
        return
    import theorems.entries as entries

    for module in pkgutil.walk_packages(entries.__path__, entries.__name__ + "."):
        importlib.import_module(module.name)
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


def select(ids=None, topic=None):
    """The theorems named by `ids` (each once, in the order given) within `topic`, or all of `topic`.

    Parameters
    ----------
    ids : str or sequence of str, optional
        Theorem ids; a single id may be given as a string.  None for every theorem of `topic`.
    topic : str or sequence of str, optional
        One topic, or several (their union).  None for every topic.

    Returns
    -------
    tuple of Theorem

    Raises
    ------
    UnknownTheorem
        On an unknown id.
    InvalidArgument
        On an unknown topic, or when nothing is selected (an empty `ids`, or ids none of which is in `topic`):
        verifying nothing would pass without checking anything.

    Examples
    --------
    >>> [t.id for t in select(["homogeneity.relu_euler", "homogeneity.relu_euler"])]
    ['homogeneity.relu_euler']
    >>> select(["homogeneity.relu_euler"], topic="dynamics")
    Traceback (most recent call last):
        ...
    numerics.errors.InvalidArgument: no theorem matches: homogeneity.relu_euler is not in topic dynamics
    """
    topics = None if topic is None else [topic] if isinstance(topic, str) else list(topic)
    for t in topics or ():
        check_choice(t, "topic", TOPICS)
    if ids is None:
        chosen = catalogue() if topics is None else tuple(t for t in catalogue() if t.topic in topics)
    else:
        ids = [ids] if isinstance(ids, str) else list(ids)
        if not ids:
            raise InvalidArgument("no theorem matches: the list of ids is empty")
        named = tuple(get(i) for i in dict.fromkeys(ids))
        chosen = named if topics is None else tuple(t for t in named if t.topic in topics)
        if not chosen:
            raise InvalidArgument(f"no theorem matches: {', '.join(t.id for t in named)} "
                                  f"{'is' if len(named) == 1 else 'are'} not in topic {' or '.join(topics)}")
    return chosen

"""Output for people: the catalogue as LaTeX (:mod:`~theorems.render.latex`, sections, the report, its bibliography
and figures) and as Unicode for a terminal (:mod:`~theorems.render.terminal`)."""

__all__ = []

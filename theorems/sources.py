"""The lectures the catalogue covers, cited: each theorem's ``source`` is one of them and the slide or section.

The author is named only where the lecture names one (Poggio's slides do; the course session and the post do not).

Examples
--------
>>> cite(POGGIO, 'slide "Bezout theorem"')
'T. Poggio, "Theory of Deep Learning", lecture slides (Center for Brains, Minds and Machines), slide "Bezout theorem"'
"""

__all__ = ["LECTURES", "POGGIO", "POST", "SEANCE", "cite"]

POGGIO = 'T. Poggio, "Theory of Deep Learning", lecture slides (Center for Brains, Minds and Machines)'
SEANCE = '"Séance 5: Deep learning", slides of a course session on deep learning'
POST = ('"Recent Advances for a Better Understanding of Deep Learning", blog post on non-convex optimization '
        '(first published on Towards Data Science)')
LECTURES = (POGGIO, SEANCE, POST)


def cite(lecture, where):
    """The citation of `where` (a slide or section heading, in quotes) in `lecture`, one of :data:`LECTURES`."""
    if lecture not in LECTURES:
        raise ValueError(f"lecture={lecture!r} is not one of the catalogue's lectures")
    return f"{lecture}, {where}"

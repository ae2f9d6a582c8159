"""Sphinx configuration for dl-theorems.

The topic pages (``topics/<topic>.rst``) and their figures are generated from the catalogue at every build
(:mod:`docs.catalogue_pages`), so the documentation cannot drift from the code.  Build with warnings as errors::

    python -m sphinx -W -b html docs docs/_build/html
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import theorems  # noqa: E402

project = "dl-theorems"
author = "the dl-theorems developers"
copyright = "2026, " + author
version = release = theorems.__version__

extensions = ["sphinx.ext.autodoc", "sphinx.ext.mathjax", "numpydoc"]
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False}
autodoc_inherit_docstrings = False  # SymPy's docstrings of eval, fdiff... are not ours
exclude_patterns = ["_build", "*.ipynb_checkpoints"]
html_theme = "alabaster"
html_static_path = []
mathjax3_config = {"tex": {"macros": {"fitmath": ["#1", 1]}}}
suppress_warnings = []
nitpicky = False


def setup(app):
    from catalogue_pages import write_pages

    app.connect("builder-inited", lambda app: write_pages(os.path.join(HERE, "topics")))

"""Entries of the ``dynamics`` topic that live in modules of their own (the topic module loads them)."""

"""The catalogue's entries, one module per theorem: ``theorems/entries/<topic>/<name>.py`` holds ``topic.name``."""

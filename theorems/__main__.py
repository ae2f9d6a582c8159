"""``python -m theorems``: the same command line as ``theorems``."""

import sys

from theorems.cli import main

if __name__ == "__main__":
    sys.exit(main())

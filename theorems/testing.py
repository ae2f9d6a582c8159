"""Property-based validation of a user's own claims, for their pytest suites: the names of
:mod:`theorems.derivations.testing`, where the code lives, at their first import path.
"""

from theorems.derivations.testing import assert_identity

__all__ = ["assert_identity"]

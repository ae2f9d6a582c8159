"""Names of a package imported on first use (PEP 562), so that importing a light module of the package does not
pay for the heavy ones.

Examples
--------
>>> getattr_, dir_ = lazy_names("numerics", {"forward": "numerics.nets"}, {})
>>> getattr_("forward").__module__
'numerics.nets'
"""

import importlib
import importlib.util

__all__ = ["lazy_names"]


def lazy_names(package, homes, namespace):
    """The ``__getattr__`` and ``__dir__`` of `package` whose public names live in the modules `homes` gives.

    Parameters
    ----------
    package : str
        The package's name.
    homes : dict
        Public name -> the module that defines it.
    namespace : dict
        The package's ``globals()``: a name, once imported, is stored there (later lookups are plain).

    Returns
    -------
    (callable, callable)
        ``__getattr__(name)``, which also imports the package's submodules by name, and ``__dir__()``.
    """

    def getattr_(name):
        if name in homes:
            value = getattr(importlib.import_module(homes[name]), name)
        elif importlib.util.find_spec(f"{package}.{name}") is not None:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def dir_():
        return sorted(set(namespace) | set(homes))

    return getattr_, dir_

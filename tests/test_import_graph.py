"""The house's import graph: no circle anywhere, and ``numerics`` never imports SymPy or ``theorems``.

Every import statement counts, at module level or inside a function (a lazy import still ties the two modules);
importing ``a.b.c`` counts as an edge to ``a.b.c`` only, not to the packages above it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _modules():
    for package in ("theorems", "numerics"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


MODULES = dict(_modules())


def _target(name):
    """The module that `name` (a module or a name in a module) denotes among ours, or None."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module, path):
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}".strip(".")
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base


def graph():
    return {module: {t for t in map(_target, _imports(module, path)) if t and t != module}
            for module, path in MODULES.items()}


def test_no_import_circle():
    edges, state, circles = graph(), {}, []

    def visit(module, path):
        state[module] = "open"
        for target in sorted(edges[module]):
            if state.get(target) == "open":
                circles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert not circles, "\n".join(circles)


def test_numerics_imports_neither_sympy_nor_theorems():
    for module, path in MODULES.items():
        if module.startswith("numerics"):
            imported = set(_imports(module, path))
            assert not {i for i in imported if i.split(".")[0] in ("sympy", "theorems")}, module


def test_the_rooms_import_what_the_map_allows():
    """Entries never import another topic's entries; nothing but entries imports them (the registry walks the
    package); nothing imports the command line."""
    for module, targets in graph().items():
        for target in targets:
            if target.startswith("theorems.entries."):
                assert module.startswith("theorems.entries."), (module, target)
                assert module.split(".")[2] == target.split(".")[2], (module, target)  # the same topic
            assert target not in ("theorems.cli", "theorems.commands") or module in (
                "theorems.__main__", "theorems.cli"), (module, target)

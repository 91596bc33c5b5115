"""tramas.neo4j sits above the analysis, and its own imports run one way (no circle)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tramas

SRC = Path(tramas.__file__).resolve().parent
PACKAGE = SRC / "neo4j"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every tramas module a file imports, at run time or under TYPE_CHECKING."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tramas"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tramas"):
            found.add(node.module)
            # `from tramas.neo4j import schema` imports the submodule tramas.neo4j.schema
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _package_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _imports(path) & set(modules) for name, path in modules.items()}


def test_no_module_below_the_store_imports_it():
    graph = _package_graph()
    users = sorted(m for m, deps in graph.items() if "tramas.neo4j.store" in deps)
    assert users == ["tramas.neo4j"]  # only the package's re-exports


def test_the_modules_of_tramas_neo4j_import_each_other_without_a_circle():
    graph = {m: deps - {"tramas.neo4j"} for m, deps in _package_graph().items()}
    graph.pop("tramas.neo4j")  # the re-exporting __init__ sits above everything
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            pytest.fail("import circle: " + " -> ".join((*path, module)))
        if module in done:
            return
        for dep in sorted(graph.get(module, ())):
            visit(dep, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


@pytest.mark.parametrize("layer", ["ingest", "graph", "metrics"])
def test_the_layers_below_never_import_tramas_neo4j(layer):
    offenders = sorted(
        str(p.relative_to(SRC))
        for p in (SRC / layer).rglob("*.py")
        if any(m == "tramas.neo4j" or m.startswith("tramas.neo4j.") for m in _imports(p))
    )
    assert offenders == []

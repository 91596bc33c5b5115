"""The layering of tramas, checked over every import statement of the package (#13).

``ingest`` builds the in-memory model of ``graph``; ``metrics`` computes on its views;
``viz``, ``report``, ``identify`` and ``neo4j`` present or store what the analysis gives;
``demo`` and ``cli`` sit on top. Words (``locale``), errors (``exceptions``) and safe
output files (``output``) are below everything. An import may only point down this list,
and no chain of imports between modules runs in a circle, whether the import sits at the
top of a module, inside a function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tramas"

#: Rank of each part of the package: imports point to a lower rank only.
LAYERS: dict[str, int] = {
    "_version": 0,
    "exceptions": 0,
    "locale": 1,
    "output": 1,
    "graph": 2,
    "manifest": 2,
    "sample": 2,
    "ingest": 3,
    "metrics": 4,
    "viz": 5,
    "neo4j": 5,
    "report": 6,
    "identify": 6,
    "export": 6,
    "demo": 7,
    "cli": 8,
    "__main__": 9,
}
#: The package's own ``__init__`` (the facade for notebooks) may import any layer.
FACADE = "tramas"


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every ``tramas`` module each module imports, wherever the import statement is."""
    found: dict[str, set[str]] = defaultdict(set)
    modules = {_module(p) for p in SRC.rglob("*.py")}
    for path in SRC.rglob("*.py"):
        name = _module(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                if not base.startswith("tramas"):
                    continue
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    found[name].add(full if full in modules else base)
            elif isinstance(node, ast.Import):
                found[name].update(a.name for a in node.names if a.name.startswith("tramas"))
    return found


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else FACADE


IMPORTS = _imports()


def test_every_part_of_the_package_has_a_layer():
    parts = {_layer(m) for m in IMPORTS} | {_layer(t) for ts in IMPORTS.values() for t in ts}
    assert parts - {FACADE} <= set(LAYERS), sorted(parts - {FACADE} - set(LAYERS))


def test_no_import_points_upward():
    upward = sorted(
        f"{src} -> {dst}"
        for src, targets in IMPORTS.items()
        for dst in targets
        if _layer(src) != FACADE
        and _layer(src) != _layer(dst)
        and (_layer(dst) == FACADE or LAYERS[_layer(dst)] >= LAYERS[_layer(src)])
    )
    assert upward == []


def test_no_import_runs_in_a_circle():
    graph = {m: {t for t in ts if t in IMPORTS or t in _all_modules()} for m, ts in IMPORTS.items()}
    cycles = _cycles(graph)
    assert cycles == []


def _all_modules() -> set[str]:
    return {_module(p) for p in SRC.rglob("*.py")}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan), each a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w == v:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


@pytest.mark.parametrize("part", sorted(LAYERS))
def test_layers_exist(part):
    assert (SRC / part).is_dir() or (SRC / f"{part}.py").exists(), part

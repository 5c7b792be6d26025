"""Domains stay apart: no import circle between backend's packages and modules, and every module imports.

The graph is read with `ast` from the source (imports inside functions count too: importing late hides a
circle, it does not remove it), at the level of backend's packages (accounts, rhythm, …) and top-level
modules (errors, extensions, signals, …). backend/__init__.py is the app factory that wires every domain
together and is left out; nothing else is exempt.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[1] / "backend"
ROOT = BACKEND.parent
ALLOWED_EDGES: set[tuple[str, str]] = set()  # (from, to) pairs allowed to close a circle: none


def _unit(module: str) -> str | None:
    """backend.rhythm.service -> rhythm; backend.errors -> errors; backend -> None (the factory)."""
    parts = module.split(".")
    if parts[0] != "backend" or len(parts) == 1:
        return None
    return parts[1]


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(BACKEND.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST, modules: dict[str, Path]) -> set[str]:
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                names.add(candidate if candidate in modules else node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in names if name == "backend" or name.startswith("backend.")}


def import_graph() -> dict[str, dict[str, list[str]]]:
    """unit -> {imported unit: [the modules that import it]}."""
    modules = _modules()
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name, path in modules.items():
        source = _unit(name)
        if source is None:
            continue
        for imported in _imported(ast.parse(path.read_text(), str(path)), modules):
            target = _unit(imported)
            if target is not None and target != source and (source, target) not in ALLOWED_EDGES:
                graph[source][target].append(name)
    return graph


def _cycles(graph) -> list[list[str]]:
    """Every strongly connected component with more than one unit (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(unit: str) -> None:
        index[unit] = low[unit] = len(index)
        stack.append(unit)
        on_stack.add(unit)
        for target in graph.get(unit, {}):
            if target not in index:
                connect(target)
                low[unit] = min(low[unit], low[target])
            elif target in on_stack:
                low[unit] = min(low[unit], index[target])
        if low[unit] == index[unit]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == unit:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for unit in sorted(graph):
        if unit not in index:
            connect(unit)
    return found


def test_no_import_circle_between_backend_packages():
    graph = import_graph()
    circles = _cycles(graph)
    evidence = [
        f"{a} -> {b} (in {', '.join(sorted(set(graph[a][b])))})"
        for circle in circles
        for a in circle
        for b in circle
        if b in graph.get(a, {})
    ]
    assert circles == [], "import circles:\n" + "\n".join(evidence)


def test_the_graph_sees_real_imports():
    """The reader is not blind: known one-way dependencies show up, and the circles once fixed are gone."""
    graph = import_graph()
    assert "errors" in graph["extensions"] and "extensions" not in graph.get("errors", {})
    assert "accounts" in graph["admin"] and "admin" not in graph["accounts"]
    assert "rhythm" in graph["push"] and "signals" in graph["audit"]
    assert _cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}) == [["a", "b", "c"]]


def test_admin_and_push_read_rhythm_only_through_its_read_api():
    modules = _modules()
    for name, path in modules.items():
        if _unit(name) not in ("admin", "push"):
            continue
        rhythm = {m for m in _imported(ast.parse(path.read_text()), modules) if _unit(m) == "rhythm"}
        assert rhythm <= {"backend.rhythm.read"}, (name, rhythm)


def test_every_backend_module_imports_in_a_fresh_interpreter():
    names = [name for name in _modules() if not name.endswith("__main__")]
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    result = subprocess.run(
        [sys.executable, "-c", script, *names], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]

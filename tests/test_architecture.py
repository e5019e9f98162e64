"""The package's shape: no import circles, layers that only import downward, small units.

The import graph is read from the source with ``ast``: every ``import`` and
``from ... import`` of a ``collectsim`` module, at module level, inside a
function or under ``TYPE_CHECKING`` alike, since each is a dependency a
reader must follow. Layers, lowest first::

    ground (channels, metrics, errors, the package itself) -> config -> engine
    -> model -> runner -> analysis -> optimiser -> report -> dashboard -> cli

A module may import its own layer or any below it, never one above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "collectsim"

#: top-level modules in the ground layer: tables every layer reads
GROUND = {"collectsim", "collectsim.channels", "collectsim.metrics", "collectsim.errors"}
#: the engine's parts outside engine/ (none since streams and ledger moved into it)
ENGINE_MODULES: set[str] = set()
#: the model that wires the engine's parts, and one run of it
MODEL_MODULES = {"collectsim.model", "collectsim.simulation", "collectsim.pilot"}
LAYERS = (
    "ground", "config", "engine", "model", "runner", "analysis", "optimiser", "report",
    "dashboard", "cli",
)  # fmt: skip

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The known module ``name`` is, or lies in (``a.b.c`` a name inside module ``a.b``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every collectsim module ``module`` imports, wherever the import statement stands."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import sub` imports the submodule pkg.sub where there is one
            subs = [f"{base}.{alias.name}" for alias in node.names]
            names = [n if n in known else base for n in subs]
        else:
            continue
        for name in names:
            target = _resolve(name, known)
            if target is not None and target != module:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def layer(module: str) -> str:
    if module in GROUND or module == "collectsim.__main__":
        return "cli" if module == "collectsim.__main__" else "ground"
    if module in ENGINE_MODULES:
        return "engine"
    if module in MODEL_MODULES:
        return "model"
    part = module.split(".")[1]
    if part in LAYERS:
        return part
    raise AssertionError(f"{module} is in no layer: add it to a layer's folder")


def upward(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    rank = {name: i for i, name in enumerate(LAYERS)}
    return sorted(
        (a, b) for a, targets in graph.items() for b in targets if rank[layer(b)] > rank[layer(a)]
    )


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (its modules in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def _engine_upward(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return [(a, b) for a, b in upward(graph) if layer(a) == "engine"]


# -- the reader itself ---------------------------------------------------------------------------
def test_the_reader_sees_every_kind_of_import(tmp_path: Path) -> None:
    known = {
        "collectsim.a": tmp_path / "a.py",
        "collectsim.b": tmp_path / "b.py",
        "collectsim.c": tmp_path / "c.py",
        "collectsim.pkg": tmp_path / "pkg" / "__init__.py",
        "collectsim.pkg.d": tmp_path / "pkg" / "d.py",
    }
    source = known["collectsim.a"]
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from collectsim.b import X\n"
        "def f():\n    import collectsim.c\n"
        "from collectsim.pkg import d\n"
    )
    assert imports_of("collectsim.a", source, known) == {
        "collectsim.b",
        "collectsim.c",
        "collectsim.pkg.d",
    }


def test_a_cycle_is_found_and_named() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


# -- the package ---------------------------------------------------------------------------------
def test_every_module_is_in_a_layer() -> None:
    for name in modules():
        assert layer(name) in LAYERS


def test_no_import_circle() -> None:
    """The whole graph, type-checking and function-level imports included."""
    assert find_cycle(import_graph()) is None


def test_layers_import_only_downward() -> None:
    wrong = upward(import_graph())
    assert not wrong, "\n".join(f"{a} ({layer(a)}) imports {b} ({layer(b)})" for a, b in wrong)


def test_the_engine_imports_nothing_above_it() -> None:
    wrong = _engine_upward(import_graph())
    assert not wrong, "\n".join(f"{a} imports {b}" for a, b in wrong)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=str)
def test_modules_and_functions_are_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, long

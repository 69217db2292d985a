"""The layout stays as the README describes it: imports run one way (no cycles), prediction
never imports training, the engine stands alone, and no module grows into a hub."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lstmcast"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """(lstmcast modules, other top-level packages) that ``path`` imports, at any depth."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    ours, theirs = set(), set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [f"{target}.{a.name}" for a in node.names]
                # 'from . import kernels' imports the module, not the package around it
                ours.update(n for n in [*names, *([target] if node.module else [])]
                            if n in MODULES)
            elif (node.module or "").startswith("lstmcast"):
                ours.add(node.module)
            else:
                theirs.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                (ours if alias.name.startswith("lstmcast") else theirs).add(
                    alias.name if alias.name.startswith("lstmcast") else alias.name.split(".")[0])
    return ours, theirs


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: imports_of(path)[0] - {name} for name, path in MODULES.items()}


def closure(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for dep in GRAPH.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_no_import_cycles():
    assert [name for name in GRAPH if name in closure(name)] == []


def test_prediction_imports_nothing_from_training():
    for start in ("lstmcast.forecast", "lstmcast.render", "lstmcast.bundle", "lstmcast.cli_base"):
        assert "lstmcast.train" not in closure(start), start
        assert "lstmcast.fit" not in closure(start), start
        assert "lstmcast.disown" not in closure(start), start


def test_engine_imports_no_pandas_typer_or_rich():
    for name, path in MODULES.items():
        if name.startswith("lstmcast.engine"):
            ours, theirs = imports_of(path)
            assert not {"pandas", "typer", "rich"} & theirs, name
            assert all(dep.startswith("lstmcast.engine") for dep in ours), name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_a_hub(name):
    lines = len(MODULES[name].read_text().splitlines())
    limit = {"lstmcast.engine.kernels": 500, "lstmcast.train": 200}.get(name, 400)
    assert lines <= limit, f"{name} has {lines} lines (limit {limit}); split it"

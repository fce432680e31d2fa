"""The pipeline's layers: a lower step never imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

# Lowest first. A module may import only modules of its own layer or lower ones.
LAYERS = [
    {"errors"},
    {"load", "model", "urls", "cache", "dates", "section_text"},
    {"fields"},
    {"validate", "references"},
    {"conversion"},
    {"resolve", "reader"},
    {"pages", "search_index", "inputs"},
    {"render", "metadata", "publish"},
    {"write", "config"},
    {"build", "check", "rebuild", "freshness"},
    {"serve"},
    {"cli", "__main__"},
]


def layer_of(module: str) -> int | None:
    for index, members in enumerate(LAYERS):
        if module in members:
            return index
    return None


def sitegen_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "sitegen":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("sitegen."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("sitegen."))
    return found


def test_no_lower_layer_imports_a_higher_one():
    violations = []
    for path in sorted(PACKAGE.glob("*.py")):
        own = layer_of(path.stem)
        if own is None:
            continue  # modules added later place themselves by adding to LAYERS
        for imported in sitegen_imports(path):
            other = layer_of(imported)
            if other is not None and other > own:
                violations.append(f"{path.stem} imports {imported}")
    assert violations == []


def test_every_module_has_a_layer():
    unplaced = [p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__" and layer_of(p.stem) is None]
    assert unplaced == [], "add new modules to LAYERS in tests/test_architecture.py"

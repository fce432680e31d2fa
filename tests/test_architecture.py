"""The pipeline's stages are the package's folders, and no stage imports a later one."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

# The stages, first first (docs/architecture.md says what each reads and hands on). A stage is
# a folder of the package, or a module at its top; a module may import its own stage and
# earlier ones. Within a stage the order of modules is free.
STAGES = [
    # foundations that know no stage: errors, files, processes, the code's own stamp, where
    # the templates are
    {
        "errors",
        "progress",
        "atomic",
        "marshal_file",
        "file_state",
        "code_stamp",
        "process_tuning",
        "workers",
        "template_folders",
        "config",
    },
    {"content"},  # load, validate, model, the caches of checked entries
    {"urls"},  # every page's address
    {"media"},  # images and charts
    {"markdown"},  # references, conversion
    {"incremental"},  # what each page read, and whether it still finds the same
    {"site"},  # resolve, plan, render, site-wide files
    {"output"},  # writing, the build's record
    {"build", "checks", "scaffold"},
    {"preview"},
    {"terminal", "cli", "__main__"},
]


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def modules() -> list[Path]:
    return [path for path in sorted(PACKAGE.rglob("*.py")) if path.stem != "__init__"]


def stage_of(module: str) -> int | None:
    """The stage of a module named by its path in the package (`site.pages`, `urls`)."""
    first = module.split(".")[0]
    for index, members in enumerate(STAGES):
        if first in members:
            return index
    return None


def sitegen_imports(path: Path) -> set[str]:
    """The sitegen modules a file imports, by their name in the package (`site.pages`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "sitegen":  # `from sitegen import urls`: the names are modules
                found.update(alias.name for alias in node.names if alias.name != "__version__")
            elif node.module.startswith("sitegen."):
                found.add(node.module[len("sitegen.") :])
        elif isinstance(node, ast.Import):
            found.update(a.name[len("sitegen.") :] for a in node.names if a.name.startswith("sitegen."))
    return found


def test_no_stage_imports_a_later_one():
    violations = []
    for path in modules():
        own = stage_of(module_name(path))
        if own is None:
            continue  # test_every_module_is_in_a_stage reports it
        for imported in sitegen_imports(path):
            other = stage_of(imported)
            if other is not None and other > own:
                violations.append(f"{module_name(path)} imports {imported}")
    assert violations == []


def test_every_module_is_in_a_stage():
    unplaced = [module_name(p) for p in modules() if stage_of(module_name(p)) is None]
    assert unplaced == [], "add the new folder or module to STAGES in tests/test_architecture.py"


def test_the_stage_test_sees_imports():
    """The test above would pass vacuously if import names were read wrongly."""
    assert "urls" in sitegen_imports(PACKAGE / "site" / "pages.py")
    assert "content.model" in sitegen_imports(PACKAGE / "site" / "pages.py")
    assert stage_of("site.pages") > stage_of("markdown.conversion") > stage_of("content.model")

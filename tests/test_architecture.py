"""The pipeline's layers: a lower step never imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

# Lowest first. A module may import only modules of its own layer or lower ones. Modules are
# named by their path in the package (`content.load`); the folders are the pipeline's stages:
# content (load, validate, model) -> media (images, charts) -> markdown (references, conversion)
# -> site (resolve, pages, render) -> output (write) -> build, checks, scaffold (init, new)
# -> preview -> cli.
LAYERS = [
    {"errors", "progress", "atomic", "marshal_file", "file_state"},
    {"workers", "output.exchange", "output.lock", "markdown.alignment",  # need no other step
     "markdown.nesting", "output.leftovers", "output.retired"},
    {"content.located_yaml"},
    {"content.load", "content.model", "content.model_cache", "content.item_digests", "site.urls",
     "markdown.cache",
     "site.dates",
     "markdown.section_text", "content.quantities", "content.visuals", "media.svg",
     "media.images", "media.raster", "media.image_cache", "site.template_folders", "markdown.sentences",
     "site.template_cache", "site.backlink_memo"},
    {"content.fields", "media.charts", "content.snapshots"},
    {"content.validate", "content.validate_visuals", "markdown.references", "markdown.figures",
     "media.library"},
    {"content.migrate"},
    {"markdown.conversion"},
    {"site.source_view"},
    {"site.resolve", "site.reader", "site.timeline"},
    {"site.pages", "site.search_index", "site.inputs"},
    {"site.render", "site.metadata", "site.publish"},
    {"site.render_many"},
    {"output.write", "config"},
    {"build", "checks.quotes", "checks.coverage", "checks.http_probe", "checks.link_cache",
     "checks.links", "checks.media_rules", "preview.rebuild", "output.freshness",
     "scaffold.writing", "scaffold.init", "scaffold.new"},
    {"checks.rules"},
    {"preview.serve", "terminal"},
    {"cli", "__main__"},
]


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def modules() -> list[Path]:
    return [path for path in sorted(PACKAGE.rglob("*.py")) if path.stem != "__init__"]


def layer_of(module: str) -> int | None:
    for index, members in enumerate(LAYERS):
        if module in members:
            return index
    return None


def sitegen_imports(path: Path) -> set[str]:
    """The sitegen modules a file imports, by their name in the package (`site.urls`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "sitegen" or (node.module.startswith("sitegen.")
                                            and layer_of(node.module[8:]) is None):
                # `from sitegen.site import urls`: the names are modules
                prefix = node.module[8:] + "." if node.module != "sitegen" else ""
                found.update(prefix + alias.name for alias in node.names)
            elif node.module.startswith("sitegen."):
                found.add(node.module[8:])
        elif isinstance(node, ast.Import):
            found.update(a.name[8:] for a in node.names if a.name.startswith("sitegen."))
    return found


def test_no_lower_layer_imports_a_higher_one():
    violations = []
    for path in modules():
        own = layer_of(module_name(path))
        if own is None:
            continue  # test_every_module_has_a_layer reports it
        for imported in sitegen_imports(path):
            other = layer_of(imported)
            if other is not None and other > own:
                violations.append(f"{module_name(path)} imports {imported}")
    assert violations == []


def test_every_module_has_a_layer():
    unplaced = [module_name(p) for p in modules() if layer_of(module_name(p)) is None]
    assert unplaced == [], "add new modules to LAYERS in tests/test_architecture.py"


def test_the_layer_test_sees_imports():
    """The test above would pass vacuously if import names were read wrongly."""
    assert "site.urls" in sitegen_imports(PACKAGE / "site" / "pages.py")
    assert "content.model" in sitegen_imports(PACKAGE / "site" / "pages.py")

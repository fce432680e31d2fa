"""The tests' own layout: a helper that more than one module uses lives in tests/helpers.py, a
fixture in tests/conftest.py. So no module of the tests imports from a test module (a helper
kept in one is found only by reading its importers, and importing it loads the whole test
module) or from conftest.py (pytest loads it for its fixtures; it is not meant to be
imported)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def modules() -> list[Path]:
    """The Python files of tests/ (none of them is in a subfolder)."""
    return sorted(TESTS.glob("*.py"))


def is_test_module(name: str) -> bool:
    """Whether pytest collects the module `name` (its default python_files)."""
    return name.startswith("test_") or name.endswith("_test")


def imported_modules(source: str) -> set[str]:
    """The top-level modules `source` imports, anywhere in it (in a function as well)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.module:
                found.add(node.module.split(".")[0])
            else:  # `from . import test_x`
                found.update(alias.name for alias in node.names)
    return found


def imports_of(wanted) -> dict[str, list[str]]:
    """Per file of tests/, the modules it imports that `wanted` picks; files with none left out."""
    found = {}
    for path in modules():
        picked = sorted(name for name in imported_modules(path.read_text(encoding="utf-8")) if wanted(name))
        if picked:
            found[path.name] = picked
    return found


def test_no_module_of_the_tests_imports_a_test_module():
    assert imports_of(is_test_module) == {}, "move the helpers these import to tests/helpers.py"


def test_no_module_of_the_tests_imports_conftest():
    assert imports_of(lambda name: name == "conftest") == {}, (
        "import helpers from tests/helpers.py; fixtures need no import"
    )


def fixtures_in(source: str) -> list[str]:
    """The functions `source` makes fixtures of."""
    return [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef)
        and any("fixture" in ast.unparse(decorator) for decorator in node.decorator_list)
    ]


def test_helpers_hold_no_fixtures():
    assert fixtures_in((TESTS / "helpers.py").read_text(encoding="utf-8")) == [], (
        "fixtures go in tests/conftest.py, where pytest finds them"
    )


def test_the_layout_tests_see_imports():
    source = """
import os
import test_preview_server as preview
import sitegen.test_support
from pathlib import Path
from helpers import edit
from test_check import assert_check
from conftest import snapshot
from . import checks_test


def fixture():
    from test_reader_browser import AXE
"""
    imported = imported_modules(source)
    assert imported == {
        "os",
        "test_preview_server",
        "sitegen",
        "pathlib",
        "helpers",
        "test_check",
        "conftest",
        "checks_test",
        "test_reader_browser",
    }
    assert {name for name in imported if is_test_module(name)} == {
        "test_preview_server",
        "test_check",
        "checks_test",
        "test_reader_browser",
    }
    assert imports_of(lambda name: name == "os") != {}  # it reads the files it means to
    assert "test_test_layout.py" in {path.name for path in modules()}


def test_the_fixture_test_sees_fixtures():
    source = """
@pytest.fixture
def project(): ...


@pytest.fixture(scope="module")
def built(): ...


def helper(): ...
"""
    assert fixtures_in(source) == ["project", "built"]

"""The example project of `sitegen init`, built, as readers meet it: no axe-core violation and no
Nu Html Checker error on any page (its links and anchors: tests/test_package.py); and the
same with the two examples of docs/theming.md applied."""

from __future__ import annotations

import shutil

import pytest
from helpers import REPO, axe_violations, nu_html_checker_errors
from pages_server import serve_site

pytestmark = pytest.mark.browser


def build_starter(folder, examples=()):
    from sitegen.build import build
    from sitegen.config import BuildConfig
    from sitegen.scaffold.init import init_project

    project = folder / "site"
    init_project(project)
    for example in examples:
        shutil.copytree(
            REPO / "docs/examples" / example / "templates", project / "templates", dirs_exist_ok=True
        )
    output = project / "output"
    build(BuildConfig(project / "content", project / "templates", output, cache_dir=None))
    return output


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    return build_starter(tmp_path_factory.mktemp("starter"))


def test_axe_finds_no_violations_in_the_example(starter, chromium):
    with serve_site(starter, "/site/") as server:
        assert axe_violations(starter, server.url, chromium) == {}


def test_the_nu_html_checker_finds_no_errors_in_the_example(starter):
    assert nu_html_checker_errors(starter) == []


def test_the_theming_examples_keep_the_example_accessible_and_valid(tmp_path, chromium):
    output = build_starter(tmp_path, ("footer", "stylesheet"))
    with serve_site(output, "/site/") as server:
        assert axe_violations(output, server.url, chromium) == {}
    assert nu_html_checker_errors(output) == []

"""The example project of `sitegen init`, built, as readers meet it: no axe-core violation and no
Nu Html Checker error on any page (its links and anchors: tests/test_package.py)."""

from __future__ import annotations

import pytest
from pages_server import serve_site
from test_reader_browser import axe_violations, nu_html_checker_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    from sitegen.build import build
    from sitegen.config import BuildConfig
    from sitegen.scaffold.init import init_project

    project = tmp_path_factory.mktemp("starter") / "site"
    init_project(project)
    output = project / "output"
    build(BuildConfig(project / "content", project / "templates", output, cache_dir=None))
    return output


def test_axe_finds_no_violations_in_the_example(starter, chromium):
    with serve_site(starter, "/site/") as server:
        assert axe_violations(starter, server.url, chromium) == {}


def test_the_nu_html_checker_finds_no_errors_in_the_example(starter):
    assert nu_html_checker_errors(starter) == []

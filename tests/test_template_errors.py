"""Mistakes in templates: named by template file and line, and by whose file it is (the project's
own templates/ or sitegen's built-in theme), exit 1, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, REPO, assert_fails_with, edit, make_project

from sitegen.build import render_site
from sitegen.config import BuildConfig
from sitegen.errors import ContentError


def line_of(path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_syntax_error_names_the_template_and_line(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/section.html"
    edit(template, "{% if rendered.toc %}", "{% if rendered.toc %}{% endfor %}")
    line = line_of(template, "{% endfor %}")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        f"templates/section.html:{line}: template error (your template): "
        "Encountered unknown tag 'endfor'. Jinja was looking for the following "
        "tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be "
        "closed is 'if'.",
    )


def test_an_undefined_name_names_the_template_and_line(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/sources.html"
    edit(template, "<h1>Sources</h1>", "<h1>{{ sauces }}</h1>")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        f"templates/sources.html:{line_of(template, 'sauces')}: template error (your "
        "template): 'sauces' is undefined",
    )


def test_an_undefined_name_in_an_included_template(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/base.html"
    edit(template, '<main id="main">', '<main id="main">{{ page.subtitle }}')
    lines = [
        f"templates/base.html:{line_of(template, 'page.subtitle')}: template error (your "
        "template): 'sitegen.site.pages.Page object' has no attribute 'subtitle'"
    ]
    assert_fails_with(mini_project, run_sitegen, previous_output, *lines)


def test_a_runtime_error_names_the_template_and_line(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/timeline.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block main %}", "{% block main %}{{ 1 // 0 }}", 1), encoding="utf-8")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        f"templates/timeline.html:{line_of(template, '1 // 0')}: template error (your "
        "template): integer division or modulo by zero",
    )


def test_including_a_template_that_exists_nowhere(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/facts.html"
    edit(template, "{% block main %}", "{% block main %}{% include '_nowhere.html' %}")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        f"templates/facts.html:{line_of(template, '_nowhere')}: template error (your "
        "template): template '_nowhere.html' not found",
    )


def test_a_template_that_is_not_utf8(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/entities.html"
    template.write_bytes(template.read_bytes() + b"\xff\n")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "templates/entities.html: template error (your template): not valid UTF-8 "
        "(the template or one it includes)",
    )


def test_check_reports_template_errors_too(mini_project, run_sitegen):
    template = mini_project / "templates/sources.html"
    edit(template, "<h1>Sources</h1>", "<h1>{{ sauces }}</h1>")
    result = run_sitegen(mini_project, "check")
    assert result.status == 1
    assert result.out.splitlines() == [
        f"templates/sources.html:{line_of(template, 'sauces')}: error: template error (your "
        "template): 'sauces' is undefined [template]",
        "1 error",
    ]


# A project with a templates/ of its own over the built-in theme: the message says whose file.


def test_a_mistake_in_one_overridden_template_is_yours(mini_project, run_sitegen, previous_output):
    shutil.rmtree(mini_project / "templates")
    footer = mini_project / "templates/_footer.html"
    footer.parent.mkdir()
    footer.write_text('<footer class="site-footer">\n<p>{{ publisher }}</p>\n</footer>\n', encoding="utf-8")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "templates/_footer.html:2: template error (your template): 'publisher' is undefined",
    )


def test_a_mistake_in_the_theme_is_the_themes(tmp_path, monkeypatch):
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates", theme)
    edit(theme / "base.html", '<main id="main">', '<main id="main">{{ nope }}')
    project = make_project(tmp_path, FIXTURES / "mini")
    shutil.rmtree(project / "templates")
    monkeypatch.chdir(project)
    config = BuildConfig(Path("content"), Path("templates"), Path("output"), theme_dir=theme)
    with pytest.raises(ContentError) as raised:
        render_site(config)
    assert {str(problem) for problem in raised.value.problems} == {
        f"{theme.as_posix()}/base.html:{line_of(theme / 'base.html', 'nope')}: template error "
        "(built-in theme): 'nope' is undefined"
    }

"""Mistakes in the user's own templates/: named by template file and line, exit 1, no traceback."""

from __future__ import annotations

from test_content_errors import assert_fails_with, edit


def line_of(path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1)
                if text in line)


def test_a_syntax_error_names_the_template_and_line(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/section.html"
    edit(template, "{% if rendered.toc %}", "{% if rendered.toc %}{% endfor %}")
    line = line_of(template, "{% endfor %}")
    assert_fails_with(mini_project, run_sitegen, previous_output,
                      f"templates/section.html:{line}: template error: Encountered unknown tag "
                      "'endfor'. Jinja was looking for the following tags: 'elif' or 'else' or "
                      "'endif'. The innermost block that needs to be closed is 'if'.")


def test_an_undefined_name_names_the_template_and_line(mini_project, run_sitegen,
                                                       previous_output):
    template = mini_project / "templates/sources.html"
    edit(template, "<h1>Sources</h1>", "<h1>{{ sauces }}</h1>")
    assert_fails_with(mini_project, run_sitegen, previous_output,
                      f"templates/sources.html:{line_of(template, 'sauces')}: template error: "
                      "'sauces' is undefined")


def test_an_undefined_name_in_an_included_template(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/base.html"
    edit(template, "<main id=\"main\">", "<main id=\"main\">{{ page.subtitle }}")
    lines = [f"templates/base.html:{line_of(template, 'page.subtitle')}: template error: "
             "'sitegen.site.pages.Page object' has no attribute 'subtitle'"]
    assert_fails_with(mini_project, run_sitegen, previous_output, *lines)


def test_a_runtime_error_names_the_template_and_line(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/timeline.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block main %}", "{% block main %}{{ 1 // 0 }}", 1),
                        encoding="utf-8")
    assert_fails_with(mini_project, run_sitegen, previous_output,
                      f"templates/timeline.html:{line_of(template, '1 // 0')}: template error: "
                      "integer division or modulo by zero")


def test_a_missing_template(mini_project, run_sitegen, previous_output):
    (mini_project / "templates/facts.html").unlink()
    assert_fails_with(mini_project, run_sitegen, previous_output,
                      "templates/facts.html: template not found: 'facts.html'")


def test_a_template_that_is_not_utf8(mini_project, run_sitegen, previous_output):
    template = mini_project / "templates/entities.html"
    template.write_bytes(template.read_bytes() + b"\xff\n")
    assert_fails_with(mini_project, run_sitegen, previous_output,
                      "templates/entities.html: a template (or one it includes) is not valid UTF-8")


def test_check_reports_template_errors_too(mini_project, run_sitegen):
    template = mini_project / "templates/sources.html"
    edit(template, "<h1>Sources</h1>", "<h1>{{ sauces }}</h1>")
    result = run_sitegen(mini_project, "check")
    assert result.status == 1
    assert result.out.splitlines() == [
        f"templates/sources.html:{line_of(template, 'sauces')}: error: template error: "
        "'sauces' is undefined [template]", "1 error"]

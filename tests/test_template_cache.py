"""Compiled templates kept in the cache folder (sitegen/site/template_cache.py): an edited
template shows at once, whatever the cache holds; a damaged cache costs only time."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from bs4 import Comment
from helpers import clean_build, parse, snapshot

from sitegen.site.template_cache import FORMAT


def cached_code(project: Path) -> Path:
    return project / ".sitegen-cache" / f"templates-{FORMAT}.marshal"


def edit_section(project: Path, words: str) -> None:
    section = project / "content" / "sections" / "one.md"
    section.write_text(section.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


# each edit adds a comment to the section page's HTML, from a page template, the base
# template it extends or a template the base includes
EDITS = {
    "section.html": ("{% endblock %}", "<!-- edited -->{% endblock %}"),
    "base.html": ("</main>", "<!-- edited --></main>"),
    "_footer.html": ("</footer>", "</footer><!-- edited -->"),
}


@pytest.mark.parametrize("template", EDITS)
def test_an_edited_template_shows_in_the_next_build(mini_project: Path, run_sitegen, template):
    assert run_sitegen(mini_project, "build").status == 0
    assert cached_code(mini_project).is_file()
    path = mini_project / "templates" / template
    old, new = EDITS[template]
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert run_sitegen(mini_project, "build").status == 0
    page = parse(mini_project / "output" / "sections" / "one.html")
    assert [c.strip() for c in page.find_all(string=lambda s: isinstance(s, Comment))] == ["edited"]
    assert snapshot(mini_project / "output") == clean_build(mini_project, run_sitegen)


def test_a_build_after_an_edit_compiles_no_template(mini_project: Path, run_sitegen, monkeypatch):
    assert run_sitegen(mini_project, "build").status == 0
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_template(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    edit_section(mini_project, "A new sentence.")
    assert run_sitegen(mini_project, "build").status == 0
    assert compiled == []
    assert snapshot(mini_project / "output") == clean_build(mini_project, run_sitegen)
    assert compiled  # the build without the cache compiled them


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "cut short": lambda data: data[: len(data) // 2],
    "not marshal": lambda data: b"\x00garbage" * 10,
    "empty": lambda data: b"",
    "another shape": lambda data: marshal.dumps(["templates", 1]),
    "code that is not code": lambda data: marshal.dumps(
        (
            marshal.loads(data)[0],
            {key: (checksum, b"\xff not code") for key, (checksum, _) in marshal.loads(data)[1].items()},
        )
    ),
    "code of another template": lambda data: marshal.dumps(
        (
            marshal.loads(data)[0],
            dict(zip(marshal.loads(data)[1], reversed(marshal.loads(data)[1].values()), strict=True)),
        )
    ),
    "a value that is not code": lambda data: marshal.dumps(
        (
            marshal.loads(data)[0],
            {
                key: (checksum, marshal.dumps("print"))
                for key, (checksum, _) in marshal.loads(data)[1].items()
            },
        )
    ),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_template_cache_is_only_slower(mini_project: Path, run_sitegen, damage):
    assert run_sitegen(mini_project, "build").status == 0
    path = cached_code(mini_project)
    path.write_bytes(damage(path.read_bytes()))
    edit_section(mini_project, "Another sentence.")
    result = run_sitegen(mini_project, "build")
    assert (result.status, result.err) == (0, "")
    assert snapshot(mini_project / "output") == clean_build(mini_project, run_sitegen)
    edit_section(mini_project, "A third sentence.")  # and the cache is whole again after it
    assert run_sitegen(mini_project, "build").status == 0
    assert snapshot(mini_project / "output") == clean_build(mini_project, run_sitegen)


def test_a_failed_build_leaves_no_compiled_templates(mini_project: Path, run_sitegen):
    (mini_project / "content" / "facts.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    assert run_sitegen(mini_project, "build").status == 1
    assert not cached_code(mini_project).exists()

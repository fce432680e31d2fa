"""Editor help while typing: `sitegen init` writes JSON Schemas of the content files and the
VS Code settings that hand them to the YAML language server, which then marks a mistyped field
or a value of the wrong type at its line. The schemas are made from the field specs the
validator checks against; these tests hold the two together, field by field and value by value,
with the real yaml-language-server (npm, tests/node)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import REPO, YAML_LANGUAGE_SERVER, tool
from yaml_language_server import YamlLanguageServer

from sitegen.content import validate
from sitegen.content.field_specs import ENTRY_FILES, ONE_ENTRY_FILES, SECTION_FIELDS, FieldSpec
from sitegen.content.fields import CONVERTERS, blank
from sitegen.content.load import SITE_FILES, load_content
from sitegen.content.located_yaml import LocatedList, LocatedMap, parse_yaml
from sitegen.content.schema import content_schemas
from sitegen.errors import Location
from sitegen.scaffold.init import init_project

EXAMPLE = "content/briefings/example-briefing"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("editor") / "site"
    init_project(folder)
    return folder


@pytest.fixture(scope="module")
def server(project):
    """The language server, set up as VS Code sets it up from the project's settings."""
    settings = json.loads((project / ".vscode/settings.json").read_text(encoding="utf-8"))
    started = YamlLanguageServer(tool(YAML_LANGUAGE_SERVER), project, settings)
    yield started
    started.close()


def test_init_writes_a_schema_for_every_content_file_and_recommends_the_yaml_extension(project):
    schemas = sorted(path.name for path in (project / ".sitegen-schemas").iterdir())
    assert schemas == [
        f"{name}.schema.json"
        for name in sorted(
            (
                "site",
                "briefing",
                "sources",
                "entities",
                "facts",
                "quotes",
                "events",
                "figures",
                "charts",
                "section",
            )
        )
    ]
    extensions = json.loads((project / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}
    assert not (project / "output").exists()


def test_a_mistyped_field_and_a_wrong_type_are_marked_at_their_lines(project, server, run_sitegen, tmp_path):
    facts = project / EXAMPLE / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.splitlines()[3:6] == [
        '  value: "12"',
        "  sources: [example-source]",
        "  entities: [example-organisation]",
    ]
    text = text.replace('  value: "12"', '  valeu: "12"').replace(
        "  entities: [example-organisation]", "  entities: 12"
    )
    assert server.diagnostics(facts, text) == [
        (4, "Property valeu is not allowed."),
        (6, "Incorrect type. Expected one of string, array, null."),
    ]
    mine = shutil.copytree(project, tmp_path / "site")  # the same two lines as sitegen's own check
    (mine / EXAMPLE / "facts.yaml").write_text(text, encoding="utf-8")
    checked = run_sitegen(mine, "check")
    assert checked.status == 1
    assert [line for line in checked.out.splitlines() if "facts.yaml" in line] == [
        f"{EXAMPLE}/facts.yaml:4:3: error: unknown field 'valeu' in fact 'example-staff' "
        "(did you mean 'value'?) [unknown-field]",
        f"{EXAMPLE}/facts.yaml:6:13: error: fact 'example-staff': 'entities' must be an id or a list of ids, "
        "not '12' [wrong-type]",
    ]


@pytest.mark.parametrize("where", ["example", "desk"])
def test_every_content_file_is_checked_by_its_schema_and_passes_it(where, project, server):
    """The example and the bundled desk as they are: no mark. One field too many at the end of
    each: a mark at its line, so each file was checked by a schema."""
    content = project / "content" if where == "example" else REPO / "content"
    files = sorted(content.rglob("*.yaml"))
    assert len(files) == (7 if where == "example" else 13)
    for file in files:
        text = file.read_text(encoding="utf-8")
        # where the project's globs see it, in a folder of the project's (each path is opened once)
        shown = project / f"{where}-as-it-is" / "content" / file.relative_to(content)
        assert server.diagnostics(shown, text) == [], file
        typo = f"{text.rstrip()}\nzz-not-a-field: 1\n"
        marks = server.diagnostics(
            project / f"{where}-with-a-typo" / "content" / file.relative_to(content), typo
        )
        assert [line for line, _ in marks] == [len(typo.splitlines())], (file, marks)


# --- the schemas and the validator agree -----------------------------------------------------


def test_the_validator_checks_each_file_against_the_spec_its_schema_is_made_from(monkeypatch):
    """While the bundled desk (every kind of file, changes and chart points included) is
    checked, each mapping of fields is checked against the spec its file's schema is made
    from; and each schema lists exactly that spec's fields, the required ones required."""
    used: dict[str, set[int]] = {}
    checked = validate._Checker.entry_fields

    def noting(self, entry, where: Location, what: str, spec):
        name = Path(where.path).stem if where.path.endswith(".yaml") else "section"
        if what.startswith("change "):
            name = "briefing/changes"
        elif ", point " in what:
            name = "charts/points"
        used.setdefault(name, set()).add(id(spec))
        return checked(self, entry, where, what, spec)

    monkeypatch.setattr(validate._Checker, "entry_fields", noting)
    validate.build_site(load_content(REPO / "content", []))
    declared = {**ONE_ENTRY_FILES, **ENTRY_FILES, "section": SECTION_FIELDS}
    declared["briefing/changes"] = ONE_ENTRY_FILES["briefing"]["changes"].entry
    declared["charts/points"] = ENTRY_FILES["charts"]["points"].entry
    assert used == {name: {id(spec)} for name, spec in declared.items()}

    schemas = content_schemas()
    for name, spec in declared.items():
        file, _, field = name.partition("/")
        schema = schemas[file]
        entry = schema.get("additionalProperties") or schema
        if field:
            entry = entry["properties"][field]["items"]
        assert list(entry["properties"]) == list(spec), name
        assert entry.get("required", []) == [key for key, value in spec.items() if value.required], name
        assert entry["additionalProperties"] is False


# Values of every type, as YAML writes them, for every field.
SAMPLES = (
    "words of text",
    "28500",
    "2.5",
    "true",
    "2026-02-01",
    '"2026-02-01"',
    "https://example.org/a",
    "ftp://example.org/a",
    "a-id",
    "[a-id, b-id]",
    "[1, 2]",
    "[a-id, [b-id]]",
    "{a: 1}",
    "[{a: 1}]",
    "update",
    "bar",
    "",
    '"  "',
    "[]",
)


# Where the schema and the validator differ, on purpose: an empty list or spaces in a field
# that may be left out are no value to the validator; the schema takes an empty field (`url:`)
# and marks them. A date where an id goes is text to the language server (it reads YAML 1.1 as
# sitegen does, dates aside), which sitegen's YAML reader makes a date.
def _differs_on_purpose(sample: str, field: FieldSpec) -> bool:
    if sample in ("[]", '"  "'):
        return not field.required
    return sample == "2026-02-01" and field.kind in ("id", "ids", "ref", "refs")


def _case(spec: dict[str, FieldSpec], sample: str, nested: str | None) -> tuple[str, dict[str, int], int]:
    """A file whose entry has every field of `spec` set to `sample`, and a field too many; the
    line of each field, and of the one too many. `nested` is the file's field whose list
    holds the entry (a briefing's changes, a chart's points)."""
    lines = [f"{name}: {sample}" for name in spec] + ["zz_not_a_field: 1"]
    if nested == "changes":
        head, indent = ["title: T", "changes:", "  -"], "    "
    elif nested == "points":
        head = [
            "c:",
            "  kind: bar",
            "  title: T",
            "  description: D",
            "  category_axis: C",
            "  value_axis: V",
        ]
        head, indent = [*head, "  points:", "    -"], "      "
    else:
        head, indent = ["the-entry:"], "  "
    if nested is None and any(spec is single for single in ONE_ENTRY_FILES.values()):
        head, indent = [], ""
    body = [indent + line for line in lines]
    at = {name: len(head) + number for number, name in enumerate(spec, 1)}
    return "\n".join([*head, *body]) + "\n", at, len(head) + len(lines)


def _validator_rejects(data, spec: dict[str, FieldSpec], nested: str | None, path: str) -> set[str]:
    entry = data["the-entry"] if "the-entry" in data else data
    if nested == "changes":
        entry = data["changes"][0]
    elif nested == "points":
        entry = data["c"]["points"][0]
    return _refused(entry, spec, path)


def _refused(entry: LocatedMap, spec: dict[str, FieldSpec], path: str) -> set[str]:
    """The fields of `entry` the validator refuses, as validate.py checks them: each one's type,
    the words of a field of a few, each entry of a list of entries (ids of a bad shape aside:
    schemas cannot know ids)."""
    checker = validate._Checker()
    checker.entry_fields(entry, Location(path, 1, 1), "the entry", spec)
    refused = set()
    for name, field in spec.items():
        raw = entry.get(name)
        line = entry.value_location(name).line if name in entry else None
        if any(
            problem.code != "bad-id" and (problem.location.line == line or f"'{name}'" in problem.message)
            for problem in checker.problems
        ):
            refused.add(name)
        elif field.choices and not blank(raw) and CONVERTERS["text"](raw)[0] not in field.choices:
            refused.add(name)  # as validate.py reports once the entry is made
        elif field.kind == "entries" and isinstance(raw, LocatedList):
            if any(
                not isinstance(item, LocatedMap)
                or set(item) - set(field.entry)
                or _refused(item, field.entry, path)
                for item in raw
            ):
                refused.add(name)
    return refused


TARGETS = [(name, spec, None) for name, spec in {**ONE_ENTRY_FILES, **ENTRY_FILES}.items()] + [
    ("briefing", ONE_ENTRY_FILES["briefing"]["changes"].entry, "changes"),
    ("charts", ENTRY_FILES["charts"]["points"].entry, "points"),
]


@pytest.mark.parametrize(
    ("name", "spec", "nested"),
    TARGETS,
    ids=[name + (f"/{nested}" if nested else "") for name, _, nested in TARGETS],
)
def test_the_schema_accepts_exactly_the_values_the_validator_accepts(name, spec, nested, project, server):
    folder = "content" if name in SITE_FILES else EXAMPLE
    cases = {
        project / f"case-{name}-{nested}-{number}" / folder / f"{name}.yaml": (
            sample,
            *_case(spec, sample, nested),
        )
        for number, sample in enumerate(SAMPLES)
    }
    all_marks = server.diagnostics_of({path: case[1] for path, case in cases.items()})
    for path, (sample, text, at, too_many) in cases.items():
        marks = all_marks[path]
        problems: list = []
        data = parse_yaml(text, str(path), problems)
        assert problems == [], (sample, problems)
        assert any(line == too_many for line, _ in marks), (sample, marks)
        marked = {field for field, line in at.items() if any(mark == line for mark, _ in marks)}
        refused = _validator_rejects(data, spec, nested, str(path))
        for field, declared in spec.items():
            if (field in marked) == (field in refused) or _differs_on_purpose(sample, declared):
                continue
            raise AssertionError(
                f"{name}{'/' + nested if nested else ''}: '{field}: {sample}': the schema "
                f"{'refuses' if field in marked else 'accepts'} it, the validator "
                f"{'refuses' if field in refused else 'accepts'} it; marks: {marks}"
            )


# --- `sitegen schemas`: the same files for a project made before, or after an upgrade ---------


def test_schemas_writes_the_schemas_over_old_ones_and_the_settings_where_there_are_none(
    project, tmp_path, run_sitegen
):
    mine = tmp_path / "desk"
    shutil.copytree(REPO / "content", mine / "content")
    (mine / ".sitegen-schemas").mkdir()
    (mine / ".sitegen-schemas/facts.schema.json").write_text("{}\n", encoding="utf-8")  # an older sitegen's
    result = run_sitegen(mine, "schemas")
    assert (result.status, result.err) == (0, "")
    assert result.out == (
        "wrote 10 schemas into .sitegen-schemas/, .vscode/settings.json, .vscode/extensions.json\n"
    )
    made = {path.relative_to(mine) for path in mine.rglob("*") if path.is_file()} - {
        path.relative_to(mine) for path in (mine / "content").rglob("*")
    }
    expected = {
        path.relative_to(project)
        for path in project.rglob("*")
        if path.parent.name in (".sitegen-schemas", ".vscode")
    }
    assert made == expected
    for name in expected:
        assert (mine / name).read_bytes() == (project / name).read_bytes(), name  # as init writes them
    again = run_sitegen(mine, "schemas")
    assert (again.status, again.out, again.err) == (0, "wrote 10 schemas into .sitegen-schemas/\n", "")


def test_schemas_keeps_settings_of_the_users_and_says_so(tmp_path, run_sitegen):
    (tmp_path / "content").mkdir()
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode/settings.json").write_text('{"editor.tabSize": 2}\n', encoding="utf-8")
    result = run_sitegen(tmp_path, "schemas")
    assert result.status == 0
    assert result.out == "wrote 10 schemas into .sitegen-schemas/, .vscode/extensions.json\n"
    assert result.err == (
        "sitegen: kept .vscode/settings.json: a file of yours is there; for the schemas, add "
        "sitegen's yaml.schemas to it (see docs/editor.md)\n"
    )
    assert (tmp_path / ".vscode/settings.json").read_text(encoding="utf-8") == '{"editor.tabSize": 2}\n'


def test_schemas_outside_a_project_writes_nothing(tmp_path, run_sitegen):
    result = run_sitegen(tmp_path, "schemas")
    assert (result.status, result.out) == (2, "")
    assert result.err == "sitegen: 'content' is not a folder: run this in a project's folder\n"
    assert list(tmp_path.iterdir()) == []


def test_the_first_line_docs_editor_gives_other_editors_names_the_schema(project, server):
    line = next(
        line
        for line in (REPO / "docs/editor.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("# yaml-language-server: $schema=")
    )
    # outside content/, where no glob of the settings reaches: the line alone names the schema
    marks = server.diagnostics(project / "elsewhere/briefings/b/facts.yaml", f"{line}\nx:\n  statment: a\n")
    assert marks == [
        (2, 'Missing property "sources".'),
        (2, 'Missing property "statement".'),
        (3, "Property statment is not allowed."),
    ]

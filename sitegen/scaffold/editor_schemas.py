"""The files that give an editor sitegen's JSON Schemas: the schemas themselves, in the
project's .sitegen-schemas/ (beside .sitegen-cache/, outside content/ and output/), and the
settings that tell VS Code's YAML extension (the YAML language server) which content file
each one checks. `sitegen init` writes them with the example; `sitegen schemas` writes them
into a project made before, or again after an upgrade of sitegen."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.load import BRIEFINGS_FOLDER, SITE_FILES
from sitegen.content.schema import content_schemas, schema_file_name, schema_text
from sitegen.errors import UsageError, display_path
from sitegen.output.write import replace_file
from sitegen.scaffold.writing import write_new_files

SCHEMA_FOLDER = ".sitegen-schemas"
SETTINGS = ".vscode/settings.json"
EXTENSIONS = ".vscode/extensions.json"
YAML_EXTENSION = "redhat.vscode-yaml"  # VS Code's client of the YAML language server


def editor_files() -> dict[str, bytes]:
    """Every file, by its path in the project."""
    files = {
        f"{SCHEMA_FOLDER}/{schema_file_name(name)}": schema_text(schema).encode("utf-8")
        for name, schema in content_schemas().items()
    }
    # sitegen reads YAML 1.1 (PyYAML), where `yes` and `on` are true: the editor too
    files[SETTINGS] = _json({"yaml.schemas": yaml_schemas(), "yaml.yamlVersion": "1.1"})
    files[EXTENSIONS] = _json({"recommendations": [YAML_EXTENSION]})
    return files


def yaml_schemas() -> dict[str, list[str]]:
    """The `yaml.schemas` setting: each schema file, relative to the project, and the globs of
    the files it checks. A section's front matter is Markdown's, which the YAML language
    server does not read: its schema is there for tools that do."""
    mapping = {}
    for name in content_schemas():
        if name == "section":
            continue
        # a briefing's files are in both layouts: at the top of content/, or in a folder of
        # content/briefings/; the project may be a folder of the one open in the editor
        file = f"{name}.yaml"
        globs = [f"**/content/{file}"]
        if name not in SITE_FILES:
            globs.append(f"**/content/{BRIEFINGS_FOLDER}/*/{file}")
        mapping[f"./{SCHEMA_FOLDER}/{schema_file_name(name)}"] = globs
    return mapping


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True, slots=True)
class EditorFiles:
    schemas: tuple[str, ...]  # the schema files written, relative to the project
    settings: tuple[str, ...]  # VS Code's files written (none where the project had its own)
    kept: tuple[str, ...]  # VS Code's files already there and not sitegen's, left as they were


def write_editor_files(project: Path) -> EditorFiles:
    """The schemas written over those of an earlier sitegen (the folder is sitegen's), each
    whole; VS Code's settings only where the project has none: they may hold the user's own."""
    if not (project / "content").is_dir():
        raise UsageError(
            f"'{display_path(project / 'content')}' is not a folder: run this in a project's folder"
        )
    files = editor_files()
    schemas = tuple(name for name in files if name.startswith(f"{SCHEMA_FOLDER}/"))
    try:
        (project / SCHEMA_FOLDER).mkdir(exist_ok=True)
        for name in schemas:
            replace_file(project / name, files[name])
    except OSError as error:
        where = Path(error.filename) if error.filename else project / SCHEMA_FOLDER
        raise UsageError(f"could not write '{display_path(where)}': {error.strerror or error}") from None
    vscode = {name: data for name, data in files.items() if name not in schemas}
    written = tuple(write_new_files(project, vscode))
    kept = tuple(name for name in vscode if name not in written and _read(project / name) != vscode[name])
    return EditorFiles(schemas, written, kept)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None

"""The files that give an editor sitegen's JSON Schemas: the schemas themselves, in the
project's .sitegen-schemas/ (beside .sitegen-cache/, outside content/ and output/), and the
settings that tell VS Code's YAML extension (the YAML language server) which content file
each one checks."""

from __future__ import annotations

import json

from sitegen.content.load import BRIEFINGS_FOLDER, SITE_FILES
from sitegen.content.schema import content_schemas, schema_file_name, schema_text

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

"""`sitegen init DIR`: a new project with an example desk that builds and checks clean at once;
never into a file, never over a file that is there, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import parse, snapshot

from sitegen.output import write
from sitegen.scaffold import init

STARTER = {
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
    "content/site.yaml",
    "content/sources.yaml",
    "content/entities.yaml",
    "content/briefings/example-briefing/briefing.yaml",
    "content/briefings/example-briefing/facts.yaml",
    "content/briefings/example-briefing/quotes.yaml",
    "content/briefings/example-briefing/events.yaml",
    "content/briefings/example-briefing/sections/overview.md",
    ".vscode/settings.json",
    ".vscode/extensions.json",
} | {
    f".sitegen-schemas/{name}.schema.json"
    for name in ("site", "briefing", "sources", "entities", "facts", "quotes", "events", "figures", "charts")
    + ("section",)
}


def test_init_writes_the_example_project(tmp_path, run_sitegen):
    result = run_sitegen(tmp_path, "init", "site")
    assert (result.status, result.err) == (0, "")
    assert set(snapshot(tmp_path / "site")) == STARTER
    assert result.out.splitlines()[0] == (
        "created a sitegen project in site/, with an example briefing to replace (see its README.md)"
    )
    assert "  cd site" in result.out.splitlines()
    for command in ("sitegen build", "sitegen serve", "sitegen check"):
        assert any(line.strip().startswith(command) for line in result.out.splitlines())


def test_the_new_project_builds_and_checks_clean_without_templates(tmp_path, run_sitegen):
    assert run_sitegen(tmp_path, "init", "site").status == 0
    project = tmp_path / "site"
    built = run_sitegen(project, "build")
    assert (built.status, built.err) == (0, "")
    assert built.out.startswith("built 13 pages into output/ in ")
    assert built.out.rstrip().endswith(": 1 briefing, 1 section, 2 entities, 1 source")
    checked = run_sitegen(project, "check", "--strict")
    assert (checked.status, checked.out) == (0, "no problems found\n")
    assert not (project / "templates").exists()
    section = parse(project / "output/briefings/example-briefing/sections/overview.html")
    assert section.select("main .prose a.entity")  # the example shows each kind of reference
    assert section.select("main .prose span.fact") and section.select("main .prose figure.quote")
    assert section.select("main .prose sup.cite a.cite-mark")


def test_every_content_file_of_the_example_says_it_is_one(tmp_path, run_sitegen):
    assert run_sitegen(tmp_path, "init", "site").status == 0
    content = tmp_path / "site/content"
    for path in sorted(content.rglob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith("# EXAMPLE, written by `sitegen init`"), path
    site = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
    assert site["title"] == "Example Desk"
    sources = yaml.safe_load((content / "sources.yaml").read_text(encoding="utf-8"))
    assert [source["publisher"] for source in sources.values()] == ["Example Source"]
    assert all(source["url"].startswith("https://example.org/") for source in sources.values())
    overview = (content / "briefings/example-briefing/sections/overview.md").read_text("utf-8")
    assert "This section is an **example**" in overview


def test_the_gitignore_and_the_publishing_workflow(tmp_path, run_sitegen):
    assert run_sitegen(tmp_path, "init", "site").status == 0
    ignored = (tmp_path / "site/.gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/output/", "/.sitegen-cache/", "/.sitegen-preview/"} <= set(ignored)
    workflow = yaml.safe_load((tmp_path / "site/.github/workflows/pages.yml").read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any('python -m pip install "$SITEGEN"' in run for run in runs)
    assert any(run.startswith("sitegen build --output _site --base-url") for run in runs)
    # installed from a wheel: where CI gets sitegen is not known, and the workflow says so
    assert workflow["env"] == {"SITEGEN": ""}


def test_a_sitegen_installed_from_git_is_what_the_workflow_installs(tmp_path, monkeypatch):
    class Installed:
        def read_text(self, name):
            assert name == "direct_url.json"
            return json.dumps(
                {
                    "url": "https://github.com/someone/sitegen",
                    "vcs_info": {"vcs": "git", "commit_id": "0123abcd"},
                }
            )

    monkeypatch.setattr(init, "distribution", lambda name: Installed())
    requirement = init.install_requirement()
    assert requirement == "sitegen @ git+https://github.com/someone/sitegen@0123abcd"
    files = init.starter_files(requirement)
    workflow = yaml.safe_load(files[".github/workflows/pages.yml"])
    assert workflow["env"] == {"SITEGEN": requirement}
    assert f"`{requirement}`" in files["README.md"].decode("utf-8")


def test_init_into_the_current_folder_when_it_holds_only_git(tmp_path, run_sitegen):
    (tmp_path / ".git").mkdir()
    result = run_sitegen(tmp_path, "init", ".")
    assert result.status == 0
    assert "cd " not in result.out
    assert set(snapshot(tmp_path)) == STARTER


def test_quiet_init_prints_nothing(tmp_path, run_sitegen):
    result = run_sitegen(tmp_path, "init", "--quiet", "site")
    assert (result.status, result.out, result.err) == (0, "", "")
    assert set(snapshot(tmp_path / "site")) == STARTER


# Refused: one line on stderr, exit 2, nothing written.


def test_init_refuses_a_folder_with_files(tmp_path, run_sitegen):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_sitegen(tmp_path, "init", "site")
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        "sitegen: 'site' is not empty: choose a new or empty folder, or add "
        "--force to write the example files that are missing there (a file "
        "already there is never replaced)\n"
    )
    assert snapshot(tmp_path / "site") == {"notes.txt": b"mine\n"}


def test_init_refuses_a_file(tmp_path, run_sitegen):
    (tmp_path / "site").write_text("a file\n", encoding="utf-8")
    result = run_sitegen(tmp_path, "init", "site")
    assert (result.status, result.out) == (2, "")
    assert result.err == "sitegen: cannot create a project in 'site': it is a file\n"
    assert (tmp_path / "site").read_text(encoding="utf-8") == "a file\n"


def test_init_below_a_file(tmp_path, run_sitegen):
    (tmp_path / "notes").write_text("a file\n", encoding="utf-8")
    result = run_sitegen(tmp_path, "init", "notes/site")
    assert (result.status, result.out) == (2, "")
    assert result.err == "sitegen: could not write 'notes': not a folder; nothing was written\n"
    assert snapshot(tmp_path) == {"notes": b"a file\n"}


def test_a_write_that_fails_half_way_leaves_nothing_behind(tmp_path, run_sitegen, monkeypatch):
    """A folder that refuses writes, or a full disk, after some files were written."""
    original = write.replace_file
    written = []

    def fail_on_the_fourth(destination: Path, data: bytes) -> None:
        if len(written) == 3:
            raise PermissionError(13, "Permission denied", str(destination))
        original(destination, data)
        written.append(destination)

    monkeypatch.setattr("sitegen.scaffold.writing.replace_file", fail_on_the_fourth)
    result = run_sitegen(tmp_path, "init", "site")
    assert (result.status, result.out) == (2, "")
    assert result.err.startswith("sitegen: could not write '")
    assert result.err.endswith("': Permission denied; nothing was written\n")
    assert list(tmp_path.iterdir()) == []


def test_a_refused_write_into_an_existing_folder_leaves_it_as_it_was(tmp_path, run_sitegen, monkeypatch):
    (tmp_path / "site").mkdir()

    def refuse(destination: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(destination))

    monkeypatch.setattr("sitegen.scaffold.writing.replace_file", refuse)
    result = run_sitegen(tmp_path, "init", "site")
    assert result.status == 2
    assert list((tmp_path / "site").iterdir()) == []


# --force: adds what is missing, keeps every file that is there, and says which.


def test_force_adds_the_missing_files_and_keeps_yours(tmp_path, run_sitegen):
    project = tmp_path / "site"
    (project / "content").mkdir(parents=True)
    (project / "README.md").write_text("# My desk\n", encoding="utf-8")
    (project / "LICENSE").write_text("mine\n", encoding="utf-8")
    result = run_sitegen(tmp_path, "init", "site", "--force")
    assert result.status == 0
    assert result.err == (
        "sitegen: kept site/README.md: a file of yours is there, so the example's was not written\n"
    )
    files = snapshot(project)
    assert set(files) == STARTER | {"LICENSE"}
    assert files["README.md"] == b"# My desk\n" and files["LICENSE"] == b"mine\n"


def test_force_again_writes_nothing_and_says_so(tmp_path, run_sitegen):
    assert run_sitegen(tmp_path, "init", "site").status == 0
    before = snapshot(tmp_path / "site")
    result = run_sitegen(tmp_path, "init", "site", "--force")
    assert (result.status, result.err) == (0, "")
    assert result.out == "nothing to write: site/ already holds every file of the example\n"
    assert snapshot(tmp_path / "site") == before


def test_force_never_replaces_a_changed_example_file(tmp_path, run_sitegen):
    assert run_sitegen(tmp_path, "init", "site").status == 0
    site_yaml = tmp_path / "site/content/site.yaml"
    site_yaml.write_text("title: My Desk\n", encoding="utf-8")
    (tmp_path / "site/.gitignore").unlink()
    result = run_sitegen(tmp_path, "init", "site", "--force")
    assert result.status == 0
    assert result.err == (
        "sitegen: kept site/content/site.yaml: a file of yours is there, so the example's was not written\n"
    )
    assert site_yaml.read_text(encoding="utf-8") == "title: My Desk\n"
    assert (tmp_path / "site/.gitignore").is_file()


@pytest.mark.parametrize("argv", [["init"], ["init", "a", "b"]])
def test_init_wants_one_folder(tmp_path, run_sitegen, argv):
    with pytest.raises(SystemExit) as exited:
        run_sitegen(tmp_path, *argv)
    assert exited.value.code == 2

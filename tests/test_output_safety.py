"""The output folder: swapped in whole or not at all, never a folder sitegen must not touch,
never a path outside it, never a file sitegen did not write deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import UsageError
from sitegen.output import write
from sitegen.output.write import MANIFEST, write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built_once(mini_project: Path, run_sitegen) -> dict[str, bytes]:
    assert run_sitegen(mini_project, "build").status == 0
    return snapshot(mini_project / "output")


def test_a_build_failing_half_way_leaves_the_previous_site_untouched(
        mini_project, run_sitegen, built_once, monkeypatch):
    # the site's title is on every page: each is written again (an unchanged one is linked)
    (mini_project / "content" / "site.yaml").write_text(
        (mini_project / "content" / "site.yaml").read_text().replace("Mini briefings", "Minis"))
    real_write = Path.write_bytes
    written: list[Path] = []

    def write_then_fail(path: Path, data: bytes) -> int:
        if len(written) == 5:
            raise OSError(28, "No space left on device")
        written.append(path)
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", write_then_fail)
    result = run_sitegen(mini_project, "build")
    assert len(written) == 5  # the failure came half-way through the new site
    assert result.status == 2
    assert result.err == ("sitegen: could not write the output: No space left on device; "
                          "'output' is unchanged\n")
    assert snapshot(mini_project / "output") == built_once
    # the half-written staging folder is gone too (the cache is the first build's)
    assert sorted(p.name for p in mini_project.iterdir()) == [
        ".sitegen-cache", "content", "output", "templates"]


def test_a_rebuild_removes_pages_sitegen_wrote_and_keeps_the_users_files(
        mini_project, run_sitegen):
    entities = mini_project / "content" / "entities.yaml"
    original = entities.read_text()
    entities.write_text(original + "zed:\n  name: Zed\n  kind: person\n")
    assert run_sitegen(mini_project, "build").status == 0
    output = mini_project / "output"
    assert (output / "entities" / "zed.html").is_file()
    (output / "notes.txt").write_text("mine")
    (output / "extra").mkdir()
    (output / "extra" / "keep.html").write_text("mine too")
    entities.write_text(original)
    assert run_sitegen(mini_project, "build").status == 0
    assert not (output / "entities" / "zed.html").exists()
    assert (output / "notes.txt").read_text() == "mine"
    assert (output / "extra" / "keep.html").read_text() == "mine too"


def test_a_file_of_the_user_is_never_overwritten(mini_project, run_sitegen, built_once):
    output = mini_project / "output"
    (output / "robots.txt").unlink()  # now the user's own robots.txt in the output
    manifest = output / MANIFEST
    manifest.write_text(manifest.read_text().replace('"robots.txt",\n', ""))
    (output / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    result = run_sitegen(mini_project, "build")
    assert result.status == 2
    assert result.err == ("sitegen: refusing to overwrite 'output/robots.txt': "
                          "sitegen did not write it\n")
    assert (output / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


def refused(project: Path, run_sitegen, *args: str) -> str:
    before = snapshot(project)
    result = run_sitegen(project, "build", *args)
    assert result.status == 2
    assert result.out == ""
    assert snapshot(project) == before
    return result.err


def test_refuses_the_project_folder(mini_project, run_sitegen):
    assert refused(mini_project, run_sitegen, "--output", ".") == (
        "sitegen: refusing to use '.' as the output folder: it is or holds the project folder\n")


def test_refuses_a_folder_holding_the_project(mini_project, run_sitegen):
    assert refused(mini_project, run_sitegen, "--output", "..") == (
        "sitegen: refusing to use '..' as the output folder: it is or holds the project folder\n")


@pytest.mark.parametrize("folder", ["content", "templates"])
def test_refuses_the_folders_sitegen_reads(mini_project, run_sitegen, folder):
    assert refused(mini_project, run_sitegen, "--output", folder) == (
        f"sitegen: refusing to use '{folder}' as the output folder: it overlaps '{folder}', "
        "which sitegen reads from\n")


def test_refuses_a_folder_inside_the_content(mini_project, run_sitegen):
    assert refused(mini_project, run_sitegen, "--output", "content/site") == (
        "sitegen: refusing to use 'content/site' as the output folder: it overlaps 'content', "
        "which sitegen reads from\n")


def test_refuses_a_folder_containing_content_and_templates(mini_project, run_sitegen):
    (mini_project / "src").mkdir()
    for name in ("content", "templates"):
        (mini_project / name).rename(mini_project / "src" / name)
    assert refused(mini_project, run_sitegen, "--content", "src/content", "--templates",
                   "src/templates", "--output", "src") == (
        "sitegen: refusing to use 'src' as the output folder: it overlaps 'src/content', "
        "which sitegen reads from\n")


def test_refuses_a_non_empty_folder_it_did_not_create(mini_project, run_sitegen):
    (mini_project / "site").mkdir()
    (mini_project / "site" / "thesis.pdf").write_bytes(b"%PDF")
    assert refused(mini_project, run_sitegen, "--output", "site") == (
        "sitegen: refusing to write into 'site': it is not empty and sitegen did not create it "
        "(no .sitegen-output.json); choose an empty folder\n")


def test_refuses_a_file_as_output(mini_project, run_sitegen):
    (mini_project / "output").write_text("a file")
    assert refused(mini_project, run_sitegen) == (
        "sitegen: refusing to use 'output' as the output folder: it is not a plain folder\n")


def test_an_empty_folder_is_accepted_and_marked(mini_project, run_sitegen):
    (mini_project / "site").mkdir()
    assert run_sitegen(mini_project, "build", "--output", "site").status == 0
    assert (mini_project / "site" / MANIFEST).is_file()


@pytest.mark.parametrize("name", ["../evil.html", "/etc/evil", "sections/../../evil.html",
                                  "entities/./x.html", "a\\..\\evil.html", ""])
def test_no_path_can_leave_the_output_folder(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as error:
        write_site(tmp_path / "site" / "output", {"index.html": b"ok", name: b"x"}, ())
    assert str(error.value) == f"refusing to write '{name}': the path would leave the output folder"
    assert list(tmp_path.rglob("*")) == []


def test_an_id_that_would_make_a_path_is_a_content_error(mini_project, run_sitegen):
    entities = mini_project / "content" / "entities.yaml"
    entities.write_text(entities.read_text() + "../evil:\n  name: Evil\n  kind: person\n")
    lines = entities.read_text().count("\n")
    result = run_sitegen(mini_project, "build")
    assert result.status == 1
    assert result.err.splitlines() == [
        f"content/entities.yaml:{lines - 2}:1: invalid entity id '../evil': use letters, digits "
        "and single hyphens (at most 80 characters)",
        "1 error; nothing was written"]
    assert not (mini_project / "output").exists()


def test_the_manifest_names_every_file_written(mini_project, run_sitegen, built_once):
    import json
    names = json.loads(built_once[MANIFEST])
    assert sorted(names) == sorted(set(built_once) - {MANIFEST})
    assert write.MANIFEST == ".sitegen-output.json"


def test_an_unreadable_manifest_stops_the_build_and_leaves_the_output(mini_project,
                                                                      run_sitegen, built_once):
    """Which files are the user's is unknown without the manifest: nothing is replaced,
    nothing linked from it, and no staging folder is left beside the output."""
    manifest = mini_project / "output" / MANIFEST
    manifest.write_text("not the list sitegen wrote")
    before = snapshot(mini_project / "output")
    result = run_sitegen(mini_project, "build", "--no-cache")
    assert (result.status, result.out) == (2, "")
    assert result.err == ("sitegen: cannot read output/.sitegen-output.json; remove the output "
                          "folder by hand if sitegen made it\n")
    assert snapshot(mini_project / "output") == before
    assert sorted(path.name for path in mini_project.iterdir()) == [
        ".sitegen-cache", "content", "output", "templates"]

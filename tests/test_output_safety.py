"""The output folder: swapped in whole or not at all, never a folder sitegen must not touch,
never a path outside it, never a file sitegen did not write deleted. A full disk (ENOSPC,
simulated at each step that writes) is reported with the path being written and what
became of the output: unchanged."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from helpers import snapshot

from sitegen.errors import UsageError
from sitegen.output import write
from sitegen.output.leftovers import STAGING_MARK
from sitegen.output.lock import fcntl
from sitegen.output.write import MANIFEST, write_site


@pytest.fixture
def built_once(mini_project: Path, run_sitegen) -> dict[str, bytes]:
    assert run_sitegen(mini_project, "build").status == 0
    return snapshot(mini_project / "output")


FULL = "No space left on device"


def disk_full() -> OSError:
    return OSError(errno.ENOSPC, FULL)


def shown(path: Path | str, project: Path) -> str:
    """A path as sitegen shows it from the project folder."""
    return Path(path).resolve().relative_to(project.resolve()).as_posix()


def retitle(project: Path) -> None:
    """A new title for the site, which is on every page: each is written again (an unchanged
    one is linked)."""
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text().replace("title: ", "title: New ", 1))


def assert_failed_cleanly(project: Path, result, err: str, before: dict[str, bytes]) -> None:
    """Exit 2, the message, output/ byte for byte as it was, and nothing left beside it: no
    staging folder, no lock (the cache is the earlier builds')."""
    assert (result.status, result.out, result.err) == (2, "", err)
    assert snapshot(project / "output") == before
    assert sorted(p.name for p in project.iterdir()) == [".sitegen-cache", "content", "output", "templates"]


@pytest.mark.parametrize("builds_before", [1, 2])  # 2: the new site is staged in the cache,
def test_a_build_failing_half_way_leaves_the_previous_site_untouched(  # from the retired one
    mini_project, run_sitegen, built_once, monkeypatch, builds_before
):
    for _ in range(builds_before - 1):
        retitle(mini_project)
        assert run_sitegen(mini_project, "build").status == 0
    before = snapshot(mini_project / "output")
    retitle(mini_project)
    real_write = Path.write_bytes
    written: list[Path] = []
    failed: list[Path] = []

    def write_then_fail(path: Path, data: bytes) -> int:
        if len(written) == 5:
            failed.append(path)
            raise disk_full()
        written.append(path)
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", write_then_fail)
    result = run_sitegen(mini_project, "build")
    assert len(written) == 5  # the failure came half-way through the new site
    staged_in = ".sitegen-cache/retired-output-" if builds_before == 2 else ".output.building-"
    assert shown(failed[0], mini_project).startswith(staged_in)
    assert_failed_cleanly(
        mini_project,
        result,
        "sitegen: could not write the new site at "
        f"'{shown(failed[0], mini_project)}': {FULL}; 'output' is unchanged\n",
        before,
    )


@pytest.mark.parametrize("name", [STAGING_MARK, MANIFEST])  # the first file staged, the last
def test_a_full_disk_at_the_first_or_last_file_of_the_new_site(
    mini_project, run_sitegen, built_once, monkeypatch, name
):
    real_write_text = Path.write_text
    failed: list[Path] = []

    def write_text(path: Path, text: str, *args, **kwargs) -> int:
        if path.name != name:
            return real_write_text(path, text, *args, **kwargs)
        failed.append(path)
        path.open("w").close()  # a full disk makes the file, then refuses its bytes
        raise disk_full()

    monkeypatch.setattr(Path, "write_text", write_text)
    result = run_sitegen(mini_project, "build", "--no-cache")
    [path] = failed
    assert shown(path, mini_project).startswith(".output.building-")
    assert_failed_cleanly(
        mini_project,
        result,
        "sitegen: could not write the new site at "
        f"'{shown(path, mini_project)}': {FULL}; 'output' is unchanged\n",
        built_once,
    )


@pytest.mark.skipif(fcntl is None, reason="no output lock without flock")
def test_a_disk_with_no_room_at_all_fails_at_the_lock(mini_project, run_sitegen, built_once, monkeypatch):
    """The lock file is the first thing a build writes: with nothing left on the disk, that
    write is the one that fails."""
    retitle(mini_project)
    real_write = os.write
    lock = mini_project / ".output.lock"

    def write(fd: int, data: bytes) -> int:
        try:
            to_lock = os.path.samestat(os.fstat(fd), lock.stat())
        except OSError:
            to_lock = False
        if to_lock:
            raise disk_full()
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    result = run_sitegen(mini_project, "build")
    assert_failed_cleanly(
        mini_project,
        result,
        f"sitegen: could not write the lock file '.output.lock': {FULL}; 'output' is unchanged\n",
        built_once,
    )


@pytest.mark.parametrize("atomic_exchange", [True, False])  # False: the swap in two renames
def test_a_full_disk_at_the_swap_leaves_the_previous_site(
    mini_project, run_sitegen, built_once, monkeypatch, atomic_exchange
):
    retitle(mini_project)
    real_rename = os.rename

    def exchange(first: Path, second: Path) -> bool:
        if not atomic_exchange:
            return False  # as where the system has no atomic exchange
        raise OSError(errno.ENOSPC, FULL, str(second))

    refused: list = []

    def rename(source, destination, *args, **kwargs):
        if Path(destination) == Path("output") and not refused:  # the new site's place; the
            refused.append(source)  # previous site's, given back, is not refused
            raise OSError(errno.ENOSPC, FULL, str(source), None, str(destination))
        return real_rename(source, destination, *args, **kwargs)

    monkeypatch.setattr(write, "exchange_folders", exchange)
    monkeypatch.setattr(os, "rename", rename)
    result = run_sitegen(mini_project, "build")
    assert_failed_cleanly(
        mini_project,
        result,
        f"sitegen: could not swap the new site into 'output': {FULL}; 'output' is unchanged\n",
        built_once,
    )


def test_a_swap_that_cannot_put_the_previous_site_back_says_where_it_is(
    mini_project, run_sitegen, built_once, monkeypatch
):
    """Two renames, where the system has no atomic exchange: the previous site aside, the new
    one refused its place, and the previous one refused its place back too."""
    retitle(mini_project)
    real_rename = os.rename
    aside: list[str] = []

    def rename(source, destination, *args, **kwargs):
        if Path(source) == Path("output"):
            aside.append(str(destination))
        elif Path(destination) == Path("output"):
            raise OSError(errno.ENOSPC, FULL, str(source), None, str(destination))
        return real_rename(source, destination, *args, **kwargs)

    monkeypatch.setattr(write, "exchange_folders", lambda first, second: False)
    monkeypatch.setattr(os, "rename", rename)
    result = run_sitegen(mini_project, "build")
    [previous] = aside
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        f"sitegen: could not swap the new site into 'output': {FULL}; "
        f"'output' is missing: the previous site is in '{previous}', which "
        "the next build puts back\n"
    )
    assert not (mini_project / "output").exists()
    assert snapshot(mini_project / previous) == built_once
    monkeypatch.setattr(os, "rename", real_rename)  # room on the disk again
    assert run_sitegen(mini_project, "build").status == 0
    assert sorted(p.name for p in mini_project.iterdir()) == [
        ".sitegen-cache",
        "content",
        "output",
        "templates",
    ]


def test_a_rebuild_removes_pages_sitegen_wrote_and_keeps_the_users_files(mini_project, run_sitegen):
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
    assert result.err == ("sitegen: refusing to overwrite 'output/robots.txt': sitegen did not write it\n")
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
        "sitegen: refusing to use '.' as the output folder: it is or holds the project folder\n"
    )


def test_refuses_a_folder_holding_the_project(mini_project, run_sitegen):
    assert refused(mini_project, run_sitegen, "--output", "..") == (
        "sitegen: refusing to use '..' as the output folder: it is or holds the project folder\n"
    )


@pytest.mark.parametrize("folder", ["content", "templates"])
def test_refuses_the_folders_sitegen_reads(mini_project, run_sitegen, folder):
    assert refused(mini_project, run_sitegen, "--output", folder) == (
        f"sitegen: refusing to use '{folder}' as the output folder: it overlaps '{folder}', "
        "which sitegen reads from\n"
    )


def test_refuses_a_folder_inside_the_content(mini_project, run_sitegen):
    assert refused(mini_project, run_sitegen, "--output", "content/site") == (
        "sitegen: refusing to use 'content/site' as the output folder: it overlaps 'content', "
        "which sitegen reads from\n"
    )


def test_refuses_a_folder_containing_content_and_templates(mini_project, run_sitegen):
    (mini_project / "src").mkdir()
    for name in ("content", "templates"):
        (mini_project / name).rename(mini_project / "src" / name)
    assert refused(
        mini_project,
        run_sitegen,
        "--content",
        "src/content",
        "--templates",
        "src/templates",
        "--output",
        "src",
    ) == (
        "sitegen: refusing to use 'src' as the output folder: it overlaps 'src/content', "
        "which sitegen reads from\n"
    )


def test_refuses_a_non_empty_folder_it_did_not_create(mini_project, run_sitegen):
    (mini_project / "site").mkdir()
    (mini_project / "site" / "thesis.pdf").write_bytes(b"%PDF")
    assert refused(mini_project, run_sitegen, "--output", "site") == (
        "sitegen: refusing to write into 'site': it is not empty and sitegen did not create it "
        "(no .sitegen-output.json); choose an empty folder\n"
    )


def test_refuses_a_file_as_output(mini_project, run_sitegen):
    (mini_project / "output").write_text("a file")
    assert refused(mini_project, run_sitegen) == (
        "sitegen: refusing to use 'output' as the output folder: it is not a plain folder\n"
    )


def test_an_empty_folder_is_accepted_and_marked(mini_project, run_sitegen):
    (mini_project / "site").mkdir()
    assert run_sitegen(mini_project, "build", "--output", "site").status == 0
    assert (mini_project / "site" / MANIFEST).is_file()


@pytest.mark.parametrize(
    "name",
    ["../evil.html", "/etc/evil", "sections/../../evil.html", "entities/./x.html", "a\\..\\evil.html", ""],
)
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
        "1 error; nothing was written",
    ]
    assert not (mini_project / "output").exists()


def test_the_manifest_names_every_file_written(mini_project, run_sitegen, built_once):
    import json

    names = json.loads(built_once[MANIFEST])
    assert sorted(names) == sorted(set(built_once) - {MANIFEST})
    assert write.MANIFEST == ".sitegen-output.json"


def test_an_unreadable_manifest_stops_the_build_and_leaves_the_output(mini_project, run_sitegen, built_once):
    """Which files are the user's is unknown without the manifest: nothing is replaced,
    nothing linked from it, and no staging folder is left beside the output."""
    manifest = mini_project / "output" / MANIFEST
    manifest.write_text("not the list sitegen wrote")
    before = snapshot(mini_project / "output")
    result = run_sitegen(mini_project, "build", "--no-cache")
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        "sitegen: cannot read output/.sitegen-output.json; remove the output "
        "folder by hand if sitegen made it\n"
    )
    assert snapshot(mini_project / "output") == before
    assert sorted(path.name for path in mini_project.iterdir()) == [
        ".sitegen-cache",
        "content",
        "output",
        "templates",
    ]

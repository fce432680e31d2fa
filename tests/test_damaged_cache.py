"""A damaged cache is never trusted: whatever happened to .sitegen-cache/ (a file cut short by
a full disk or a killed build, garbled bytes, another program's JSON, a cache written by
another version of sitegen), the build ignores what it cannot trust, says nothing alarming,
and gives exactly the output of a build without the cache."""

from __future__ import annotations

import json
import marshal
import re
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import snapshot

from sitegen.content import model_cache
from sitegen.incremental import state
from sitegen.markdown.cache import FINGERPRINTS_FORMAT, FORMAT, SUFFIX, decode_entry
from sitegen.output import freshness
from sitegen.site import template_cache

POISON = "<p>POISON: from a damaged cache entry</p>"


def entries(project: Path) -> list[Path]:
    return sorted((project / ".sitegen-cache" / f"markdown-{FORMAT}").glob(f"*{SUFFIX}"))


DETAILS = ("mentions", "contexts", "coverage")  # stored after the HTML and the text, as JSON


def poisoned(
    text: str,
    change: Callable[[dict], object] = lambda entry: None,
    change_lengths: Callable[[list[int]], object] = lambda sizes: None,
) -> str:
    """A well-formed entry whose HTML is poison, then damaged: `change` is given its line of
    JSON and its details (mentions and coverage, stored apart) as one dictionary,
    `change_lengths` the lengths its line gives of the HTML, text and details that follow."""
    line, _, rest = text.partition("\n")
    header = json.loads(line)
    data = rest.encode("utf-8")
    html_size, text_size, _ = header["bytes"]
    entry = {**header, **json.loads(data[html_size + text_size :])}
    change(entry)
    blobs = [
        POISON.encode("utf-8"),
        data[html_size : html_size + text_size],
        json.dumps({name: entry.pop(name) for name in DETAILS if name in entry}).encode(),
    ]
    entry["bytes"] = [len(blob) for blob in blobs]
    entry["crc32"] = [zlib.crc32(blob) for blob in blobs]
    change_lengths(entry["bytes"])
    return json.dumps(entry, ensure_ascii=False) + "\n" + b"".join(blobs).decode("utf-8")


def with_poison(change: Callable[[dict], object]) -> Callable[[str], str]:
    """A well-formed entry whose HTML is poison, damaged by `change`: if the build ever used
    it, the poison would show in the pages."""

    def damage(text: str) -> str:
        assert decode_entry(poisoned(text).encode("utf-8")) is not None  # only poisoned
        return poisoned(text, change)

    return damage


def with_lengths(change: Callable[[list[int]], object]) -> Callable[[str], str]:
    """An entry whose HTML is poison, and whose line of JSON then gives other lengths for
    the HTML, text and details that follow it."""
    return lambda text: poisoned(text, change_lengths=change)


# Damage to the details, which a build decodes only when it needs them (a build after an edit
# seldom does): found then, and the build made again without the cache's conversions.
DETAILS_DAMAGE: dict[str, Callable[[str], str]] = {
    "a row of the wrong length": with_poison(lambda entry: entry["mentions"].append(["x"])),
    "a mention's sentence missing": with_poison(
        lambda entry: entry["mentions"].append(["entity", "x", "s", "a", 10**6])
    ),
    "a mention's sentence numbered -1": with_poison(
        lambda entry: entry["mentions"].append(["entity", "x", "s", "a", -1])
    ),
    "the sentences missing": with_poison(lambda entry: entry.pop("contexts")),
    "the coverage of the wrong shape": with_poison(lambda entry: entry.update(coverage=[1, 2])),
    "the coverage not a list": with_poison(lambda entry: entry.update(coverage="all")),
}

ENTRY_DAMAGE: dict[str, Callable[[str], str]] = {
    **DETAILS_DAMAGE,
    "truncated": lambda text: text[: len(text) // 2],
    "empty": lambda text: "",
    "garbled": lambda text: "\ufffd\x00" + text[::-1],
    "another program's JSON": lambda text: '["not", "a", "sitegen", "entry"]',
    "another sitegen version": with_poison(lambda entry: entry.update(salt="0.0.1|3.0|x")),
    "a field missing": with_poison(lambda entry: entry.pop("links")),
    "a field of the wrong type": with_poison(lambda entry: entry.update(toc="not a list")),
    "a lookup of the wrong type": with_poison(lambda entry: entry.update(lookups=["fact:x"])),
    "lengths longer than the entry": with_lengths(lambda sizes: sizes.__setitem__(0, 10**6)),
    "lengths shorter than the entry": with_lengths(lambda sizes: sizes.__setitem__(1, 0)),
    "lengths missing": with_lengths(lambda sizes: sizes.pop()),
    "lengths moving a byte from the text to the HTML": with_lengths(
        lambda sizes: sizes.__setitem__(slice(None), [sizes[0] + 1, sizes[1] - 1])
    ),
    "a byte of the HTML changed": lambda text: "\n".join(
        (text.partition("\n")[0], text.partition("\n")[2].replace("<", "[", 1))
    ),
    "lengths of the wrong type": with_lengths(lambda sizes: sizes.__setitem__(0, "12")),
}


@pytest.mark.parametrize("damage", ENTRY_DAMAGE.values(), ids=ENTRY_DAMAGE.keys())
def test_a_damaged_entry_is_converted_again(mini_project: Path, run_sitegen, damage):
    assert run_sitegen(mini_project, "build").status == 0
    uncached = run_sitegen(mini_project, "build", "--no-cache", "--output", "uncached")
    assert uncached.status == 0
    for entry in entries(mini_project):
        entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    # a new output folder: the build cannot be skipped as up to date, so it reads the cache
    result = run_sitegen(mini_project, "build", "--output", "cached")
    assert (result.status, result.err) == (0, "")
    assert snapshot(mini_project / "cached") == snapshot(mini_project / "uncached")
    # the damaged entries were replaced by good ones
    for entry in entries(mini_project):
        assert POISON not in entry.read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", DETAILS_DAMAGE.values(), ids=DETAILS_DAMAGE.keys())
def test_damaged_details_change_nothing_check_reports(mini_project: Path, run_sitegen, damage):
    assert run_sitegen(mini_project, "build").status == 0
    report = run_sitegen(mini_project, "check", "--coverage", "--format", "json")
    assert json.loads(report.out)["coverage"]  # every section's sourcing: all details read
    for entry in entries(mini_project):
        entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    damaged = run_sitegen(mini_project, "check", "--coverage", "--format", "json")
    assert (damaged.status, damaged.out, damaged.err) == (report.status, report.out, report.err)


RECORD_DAMAGE: dict[str, Callable[[str], str]] = {
    "truncated": lambda text: text[: len(text) // 2],
    "garbled": lambda text: "\x00\xff" + text[1:],
    "another program's JSON": lambda text: "[1, 2, 3]",
    "outputs of the wrong shape": lambda text: json.dumps({**json.loads(text), "outputs": [1]}),
    "pages of the wrong type": lambda text: json.dumps({**json.loads(text), "pages": "many"}),
    "sizes of the wrong shape": lambda text: json.dumps(
        {**json.loads(text), "outputs": {name: 1 for name in json.loads(text)["outputs"]}}
    ),
}


@pytest.mark.parametrize("damage", RECORD_DAMAGE.values(), ids=RECORD_DAMAGE.keys())
def test_a_damaged_build_record_means_a_full_build(mini_project: Path, run_sitegen, damage):
    assert run_sitegen(mini_project, "build").status == 0
    before = snapshot(mini_project / "output")
    [record] = (mini_project / ".sitegen-cache").glob("build-*.json")
    record.write_text(damage(record.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_sitegen(mini_project, "build")
    assert (result.status, result.err) == (0, "")
    assert result.out.startswith("built ")  # not "up to date": the record was not trusted
    assert snapshot(mini_project / "output") == before
    assert run_sitegen(mini_project, "build").out.startswith("output/ is up to date")


def every_read_another(data: bytes) -> bytes:
    """The reads as stored, with their stamp (so they are read), each read naming another
    item than it read, with what it found kept."""
    stamp, record = marshal.loads(data)
    reads = tuple(f"entity:nobody-{number}|name" for number, _ in enumerate(record["reads"]))
    return marshal.dumps((stamp, {**record, "reads": reads}))


def reads_of_the_wrong_shape(data: bytes) -> bytes:
    stamp, record = marshal.loads(data)
    return marshal.dumps((stamp, {**record, "pages": dict.fromkeys(record["pages"], ("head", [1, 2]))}))


def reads_beyond_the_table(data: bytes) -> bytes:
    stamp, record = marshal.loads(data)
    beyond = array("I", [len(record["reads"]) + 5]).tobytes()
    pages = {path: (head, digest, beyond) for path, (head, digest, _) in record["pages"].items()}
    return marshal.dumps((stamp, {**record, "pages": pages}))


READS_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "garbled": lambda data: b"\x00\xff" + data[2:],
    "every read another": every_read_another,
    "of the wrong shape": reads_of_the_wrong_shape,
    "beyond the table": reads_beyond_the_table,
}


@pytest.mark.parametrize("damage", READS_DAMAGE.values(), ids=READS_DAMAGE.keys())
def test_damaged_page_reads_render_the_pages_again(mini_project: Path, run_sitegen, damage):
    """What each page read (sitegen/incremental/state.py) decides which pages are kept: damaged,
    it keeps none wrongly, and the build after an edit is a clean build's."""
    assert run_sitegen(mini_project, "build").status == 0
    [reads] = (mini_project / ".sitegen-cache").glob("page-reads-*.marshal")
    reads.write_bytes(damage(reads.read_bytes()))
    facts = mini_project / "content" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run_sitegen(mini_project, "build")
    assert (result.status, result.err) == (0, "")
    assert run_sitegen(mini_project, "build", "--no-cache", "--output", "uncached").status == 0
    assert snapshot(mini_project / "output") == snapshot(mini_project / "uncached")


@pytest.mark.parametrize("where", [".sitegen-cache", f".sitegen-cache/markdown-{FORMAT}"])
def test_a_file_where_the_cache_folder_should_be_is_only_slower(mini_project: Path, run_sitegen, where):
    assert run_sitegen(mini_project, "build", "--no-cache", "--output", "uncached").status == 0
    (mini_project / where).parent.mkdir(parents=True, exist_ok=True)
    (mini_project / where).write_text("not a folder")
    result = run_sitegen(mini_project, "build")
    assert (result.status, result.err) == (0, "")
    assert snapshot(mini_project / "output") == snapshot(mini_project / "uncached")


def test_a_cache_file_in_a_format_no_build_reads_is_removed(mini_project: Path, run_sitegen):
    """A new sitegen that stores a cache in a new format (`templates-2.marshal`) removes the
    file of the old one, rather than leaving it in the cache folder for good; files of other
    names stay."""
    cache = mini_project / ".sitegen-cache"
    cache.mkdir()
    old_formats = [
        cache / f"templates-{template_cache.FORMAT + 1}.marshal",
        cache / "model-1.marshal",
        cache / f"model-{model_cache.FORMAT + 1}.03.marshal",
    ]
    kept = [cache / "templates-notes.marshal", cache / "notes.txt"]
    for path in old_formats + kept:
        path.write_bytes(b"left by an older sitegen")
    assert run_sitegen(mini_project, "build").status == 0
    assert [path.exists() for path in old_formats] == [False, False, False]
    assert all(path.read_bytes() == b"left by an older sitegen" for path in kept)
    names = {path.name for path in cache.glob("*.marshal")}
    models = {name for name in names if name.startswith("model-")}
    assert models and all(
        re.fullmatch(rf"model-{model_cache.FORMAT}\.\d\d\.marshal", name) for name in models
    )
    reads = {name for name in names if name.startswith("page-reads-")}
    assert len(reads) == 1 and re.fullmatch(rf"page-reads-[0-9a-f]{{16}}-{state.FORMAT}\.marshal", *reads)
    assert names - models - reads == {
        f"templates-{template_cache.FORMAT}.marshal",
        f"fingerprints-{FINGERPRINTS_FORMAT}.marshal",
        f"input-files-{freshness.FILES_FORMAT}.marshal",
        "templates-notes.marshal",
    }


def every_fingerprint_another(data: bytes) -> bytes:
    """The table as stored, with its stamp (so it is read), every fingerprint in it wrong."""
    stamp, table = marshal.loads(data)
    return marshal.dumps((stamp, dict.fromkeys(table, "0" * 16)))


FINGERPRINT_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "every fingerprint another": every_fingerprint_another,
}


@pytest.mark.parametrize("damage", FINGERPRINT_DAMAGE.values(), ids=FINGERPRINT_DAMAGE.keys())
def test_damaged_fingerprints_of_lookups_cost_only_time(mini_project: Path, run_sitegen, damage):
    assert run_sitegen(mini_project, "build").status == 0
    table = mini_project / ".sitegen-cache" / f"fingerprints-{FINGERPRINTS_FORMAT}.marshal"
    table.write_bytes(damage(table.read_bytes()))
    for _ in range(2):  # the build that reads it, and the next
        section = mini_project / "content/sections/one.md"
        section.write_text(section.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        result = run_sitegen(mini_project, "build")
        assert (result.status, result.err) == (0, "")
        clean = run_sitegen(mini_project, "build", "--no-cache", "--output", "uncached")
        assert clean.status == 0
        assert snapshot(mini_project / "output") == {
            **snapshot(mini_project / "uncached"),
            ".sitegen-output.json": (mini_project / "output/.sitegen-output.json").read_bytes(),
        }


def every_input_file_of_another_shape(data: bytes) -> bytes:
    stamp, table = marshal.loads(data)
    return marshal.dumps((stamp, dict.fromkeys(table, 5)))


INPUT_FILES_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "entries of another shape": every_input_file_of_another_shape,
}


@pytest.mark.parametrize("damage", INPUT_FILES_DAMAGE.values(), ids=INPUT_FILES_DAMAGE.keys())
def test_a_damaged_table_of_input_files_means_reading_them(
    mini_project: Path, run_sitegen, damage, files_settle_at_once
):
    assert run_sitegen(mini_project, "build").status == 0
    table = mini_project / ".sitegen-cache" / f"input-files-{freshness.FILES_FORMAT}.marshal"
    assert len(marshal.loads(table.read_bytes())[1]) > 5
    table.write_bytes(damage(table.read_bytes()))
    section = mini_project / "content/sections/one.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    result = run_sitegen(mini_project, "build")
    assert (result.status, result.err) == (0, "")
    assert result.out.startswith("built ")
    assert run_sitegen(mini_project, "build").out.startswith("output/ is up to date")

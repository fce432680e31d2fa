"""Source snapshots: `sitegen check` verifies quotes and figures against the text of their source
as captured in content/snapshots/, allowing only typographic differences; snapshots are read
safely and never published."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import REPO, SEED, assert_check, edit, snapshot

from sitegen.checks.quotes import contains, nearest_passage, normalise
from sitegen.content.load import MAX_FILE_BYTES
from sitegen.content.snapshots import html_text

WEB = "Example News\n\nAlice, a minister, said: “We will talk,” on Monday.\n"
WIRE = "A wire story\n\nAbout 100 troops are stationed in Ruritania.\n"


def write_snapshots(project: Path, **files: str | bytes) -> None:
    folder = project / "content" / "snapshots"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        path = folder / name.replace("_", ".")
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def test_quotes_and_figures_found_in_their_snapshots_pass(mini_project, run_sitegen):
    write_snapshots(mini_project, web_txt=WEB, wire_txt=WIRE)
    assert_check(mini_project, run_sitegen, 0, args=("--strict",))


def test_a_drifted_quote_is_an_error_showing_the_nearest_passage(mini_project, run_sitegen):
    write_snapshots(mini_project, web_txt=WEB.replace("We will talk", "We shall talk soon"))
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/quotes.yaml:1:1: error: quote 'alice-says' is not in the snapshot of "
        "source 'web' (content/snapshots/web.txt); nearest passage: ““We shall talk” "
        "(the text has 'will', the snapshot 'shall') [quote-not-in-source]",
    )


def test_a_quote_with_nothing_like_it_in_the_snapshot(mini_project, run_sitegen):
    write_snapshots(mini_project, web_txt="Nothing of the sort.\n")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/quotes.yaml:1:1: error: quote 'alice-says' is not in the snapshot of "
        "source 'web' (content/snapshots/web.txt); nothing in it comes near "
        "[quote-not-in-source]",
    )


@pytest.mark.parametrize(
    "captured",
    [
        'Alice said: "We will talk".',  # straight quotation marks
        "Alice said: ‘we will talk’.",  # the case of the first letter
        "Alice said:\n“We\u00a0will\n   talk”",  # line breaks and no-break spaces
    ],
)
def test_typography_may_differ(mini_project, run_sitegen, captured):
    write_snapshots(mini_project, web_txt=captured)
    assert_check(mini_project, run_sitegen, 0)


@pytest.mark.parametrize(
    "quote, captured, found",
    [
        ("a long — and winding — road", "a long-and winding - road", True),
        ("wait…", "wait...", True),
        ("We will talk", "We will not talk", False),
        ("We will talk", "we Will talk", False),  # only the first letter's case may differ
        ("We will talk", "We will tal", False),
    ],
)
def test_what_counts_as_the_same_words(quote, captured, found):
    assert contains(normalise(captured), normalise(quote)) is found


def test_a_figure_missing_from_the_snapshot(mini_project, run_sitegen):
    write_snapshots(mini_project, wire_txt=WIRE.replace("About 100", "About 1,000"))
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/facts.yaml:1:1: error: fact 'troops': the figure 100 of its value "
        "'about 100' is not in the snapshot of source 'wire' "
        "(content/snapshots/wire.txt); nearest passage: “About 1,000 troops are "
        "stationed in Ruritania.” (the text has '100', the snapshot '1,000') "
        "[figure-not-in-source]",
    )


def test_grouped_digits_are_the_same_figure(mini_project, run_sitegen):
    edit(mini_project / "content/facts.yaml", "value: about 100", "value: about 28,500")
    edit(mini_project / "content/facts.yaml", "About 100", "About 28,500")
    write_snapshots(mini_project, wire_txt="About 28500 troops are stationed in Ruritania.")
    assert_check(mini_project, run_sitegen, 0)


def test_an_html_snapshot_is_read_as_its_text(mini_project, run_sitegen):
    write_snapshots(
        mini_project,
        web_html=(
            "<!doctype html><html><head><title>We will talk</title>"
            "<script>var s = 'We will talk';</script></head><body><nav>Home</nav>"
            "<article><p>Alice said: &ldquo;We <em>will</em>\n talk&rdquo;.</p></article></body>"
        ),
    )
    assert_check(mini_project, run_sitegen, 0)


def test_text_in_scripts_and_the_head_of_an_html_snapshot_does_not_count(mini_project, run_sitegen):
    write_snapshots(
        mini_project,
        web_html=(
            "<html><head><title>We will talk</title></head><body><p>Alice spoke.</p>"
            "<script>document.title = 'We will talk';</script><style>p::after{content:'We will talk'}"
            "</style></body></html>"
        ),
    )
    result = run_sitegen(mini_project, "check")
    assert result.status == 1
    assert "[quote-not-in-source]" in result.out


def test_html_text_keeps_blocks_apart():
    assert html_text("<p>One</p><p>Two&nbsp;&amp; three<br>four</p>") == "One\nTwo & three\nfour"


def test_nearest_passage_in_a_long_snapshot():
    text = " ".join(f"filler{n}" for n in range(200_000)) + " Alice said we shall talk today."
    passage, alike = nearest_passage(text, "Alice said we will talk today")
    assert (passage, alike) == ("Alice said we shall talk today.", 3)


# The snapshot files themselves.


def test_snapshot_of_an_unknown_source(mini_project, run_sitegen):
    write_snapshots(mini_project, wirre_txt=WIRE)
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/snapshots/wirre.txt: error: snapshot of unknown source 'wirre' (did you mean "
        "'wire'?): a snapshot is named <source-id>.txt or <source-id>.html [unknown-id]",
    )


def test_two_snapshots_of_one_source(mini_project, run_sitegen):
    write_snapshots(mini_project, web_txt=WEB, web_html=f"<p>{WEB}</p>")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/snapshots/web.txt: error: source 'web' already has a snapshot, "
        "content/snapshots/web.html; keep one [duplicate-snapshot]",
    )


def test_a_snapshot_that_is_not_utf8(mini_project, run_sitegen):
    write_snapshots(mini_project, web_txt=b"Alice said: " + b"\xff We will talk")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/snapshots/web.txt:1:13: error: file is not valid UTF-8 (byte 0xff) [not-utf8]",
    )


def test_a_snapshot_over_the_size_limit(mini_project, run_sitegen):
    write_snapshots(mini_project, web_txt=WEB)
    with open(mini_project / "content/snapshots/web.txt", "r+b") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written, nothing need be read
    assert_check(
        mini_project,
        run_sitegen,
        1,
        f"content/snapshots/web.txt: error: file is too large ({MAX_FILE_BYTES + 1:,} "
        f"bytes; the limit is {MAX_FILE_BYTES:,}) [file-too-large]",
    )


def test_a_snapshot_linking_out_of_the_content_folder_is_refused(mini_project, run_sitegen, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("We will talk", encoding="utf-8")
    (mini_project / "content/snapshots").mkdir()
    os.symlink(outside, mini_project / "content/snapshots/web.txt")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/snapshots/web.txt: error: refusing a symlink that points outside the "
        "content folder [symlink-outside]",
    )


def test_files_of_other_kinds_are_left_alone(mini_project, run_sitegen):
    write_snapshots(mini_project, notes_md="Where these came from.", web_txt=WEB)
    assert_check(mini_project, run_sitegen, 0)


def test_build_checks_snapshots_but_never_publishes_them(mini_project, run_sitegen):
    write_snapshots(mini_project, web_txt=WEB, wire_txt=WIRE + "Wirecaptured text\n")
    assert run_sitegen(mini_project, "build").status == 0
    published = snapshot(mini_project / "output")
    assert not [name for name in published if "snapshot" in name or name.endswith(("web.txt", "wire.txt"))]
    assert not [name for name, data in published.items() if b"Wirecaptured" in data]


# The bundled desk.


def test_the_bundled_snapshots_are_the_articles_as_given():
    fixture = REPO / "tests/fixtures/articles/anews-takaichi-lee.txt"
    lines = fixture.read_text(encoding="utf-8").splitlines(keepends=True)
    snapshots = REPO / "content" / "snapshots"
    assert (snapshots / "anews-takaichi-lee.txt").read_text(encoding="utf-8") == "".join(lines[1:])
    # The Reuters article is the project's seed, kept beside the repository (shared/seeds/),
    # not in it: the repository holds no full copy of a wire story.
    assert not (snapshots / "reuters-agencies.txt").exists()


def test_the_first_briefings_quotes_verify_against_the_seed_as_a_snapshot(briefing_project, run_sitegen):
    if not SEED.is_file():
        pytest.skip(f"the source article is not beside this checkout ({SEED})")
    shutil.copy(SEED, briefing_project / "content/snapshots/reuters-agencies.txt")
    result = run_sitegen(briefing_project, "check")
    assert result.status == 0, result.out
    assert "-not-in-source]" not in result.out
    edit(
        briefing_project / "content/briefings/xi-lee-summit/quotes.yaml",
        "slightly more than before",
        "much more than before",
    )
    result = run_sitegen(briefing_project, "check")
    assert result.status == 1
    assert any(
        line.startswith(
            "content/briefings/xi-lee-summit/quotes.yaml:1:1: error: quote "
            "'kang-importance' is not in the snapshot of source "
            "'reuters-agencies'"
        )
        for line in result.out.splitlines()
    )


def test_the_bundled_quotes_and_figures_are_in_their_snapshots(briefing_project, run_sitegen):
    result = run_sitegen(briefing_project, "check")
    assert result.status == 0
    assert "-not-in-source]" not in result.out
    # and a drifted quote would be caught
    edit(
        briefing_project / "content/briefings/takaichi-lee-nara/quotes.yaml",
        "is more important than ever",
        "is more vital than ever",
    )
    result = run_sitegen(briefing_project, "check")
    assert result.status == 1
    assert (
        "content/briefings/takaichi-lee-nara/quotes.yaml:20:1: error: quote "
        "'lee-more-important' is not in the snapshot of source 'anews-takaichi-lee' "
        '(content/snapshots/anews-takaichi-lee.txt); nearest passage: “"is more important '
        "than ever\".” (the text has 'vital', the snapshot 'important') "
        "[quote-not-in-source]"
    ) in result.out.splitlines()

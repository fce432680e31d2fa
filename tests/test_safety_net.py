"""The safety net on by default: what `sitegen check` finds without the network stops
`sitegen build` and shows in the preview, as any content error does (quotes, figures and the
numbers of sourced sentences against the snapshots of their sources); its warnings stop
`sitegen build --strict`."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import OTHER_BRIEFING, REPO, SEED, SEED_BRIEFING, append, assert_check, edit, snapshot

from sitegen.config import BuildConfig
from sitegen.errors import ContentError
from sitegen.preview.rebuild import PreviewBuilder

WEB = "Example News\n\nAlice, a minister, said: “We will talk,” on Monday.\n"
WIRE = "A wire story\n\nAbout 100 troops are stationed in Ruritania.\n"
SECTION = "content/sections/one.md"
MISQUOTE = (
    "content/quotes.yaml:1:1: quote 'alice-says' is not in the snapshot of source 'web' "
    "(content/snapshots/web.txt); nearest passage: ““We shall talk” (the text has 'will', "
    "the snapshot 'shall')"
)


def write_snapshot(project: Path, name: str, text: str) -> None:
    folder = project / "content" / "snapshots"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def sourced_sentence(project: Path, sentence: str, snapshot_text: str, source: str = "wire") -> None:
    """`sentence` appended to the first section as a paragraph of its own, citing `source`,
    whose snapshot says `snapshot_text`."""
    append(project / SECTION, f"\n{sentence} [@{source}]\n")
    write_snapshot(project, f"{source}.txt", snapshot_text)


def readable_files(project: Path) -> dict[str, bytes]:
    """The project's files but sitegen's cache (the output folder, the content)."""
    return {name: data for name, data in snapshot(project).items() if not name.startswith(".sitegen-cache/")}


def fails_to_build(project: Path, run_sitegen, *args: str) -> list[str]:
    """`sitegen build` exits 1 with located messages, without a traceback, writing nothing
    anywhere in the project; the messages."""
    before = readable_files(project)
    result = run_sitegen(project, "build", *args)
    assert result.status == 1, result.out
    assert "Traceback" not in result.err
    assert readable_files(project) == before, "a failed build wrote or changed a file"
    *problems, summary = result.err.strip().splitlines()
    assert summary.endswith("; nothing was written")
    return problems


# --- quotes and figures, as `build` now refuses them -------------------------------------------


def test_a_misquote_stops_the_build_at_the_quote_and_leaves_output_untouched(
    mini_project, run_sitegen, previous_output
):
    write_snapshot(mini_project, "web.txt", WEB.replace("We will talk", "We shall talk soon"))
    assert fails_to_build(mini_project, run_sitegen) == [MISQUOTE]
    assert snapshot(mini_project / "output") == previous_output


def test_a_figure_missing_from_its_snapshot_stops_the_build(mini_project, run_sitegen, previous_output):
    write_snapshot(mini_project, "wire.txt", WIRE.replace("100", "150"))
    (problem,) = fails_to_build(mini_project, run_sitegen)
    assert problem.startswith(
        "content/facts.yaml:1:1: fact 'troops': the figure 100 of its value 'about 100' is not in "
        "the snapshot of source 'wire' (content/snapshots/wire.txt)"
    )


def test_quotes_and_figures_that_their_snapshots_hold_build(mini_project, run_sitegen):
    write_snapshot(mini_project, "web.txt", WEB)
    write_snapshot(mini_project, "wire.txt", WIRE)
    assert run_sitegen(mini_project, "build").status == 0


def test_a_damaged_snapshot_stops_the_build(mini_project, run_sitegen):
    (mini_project / "content/snapshots").mkdir()
    (mini_project / "content/snapshots/web.txt").write_bytes(b"\xff not UTF-8")
    assert fails_to_build(mini_project, run_sitegen) == [
        "content/snapshots/web.txt:1:1: file is not valid UTF-8 (byte 0xff)"
    ]


# --- numbers in sourced sentences --------------------------------------------------------------


def test_a_wrong_number_in_a_sourced_sentence_is_an_error_at_the_sentence(mini_project, run_sitegen):
    sourced_sentence(
        mini_project,
        "The ministry counts 31.6% more troops.",
        WIRE + "The ministry counts 21.6% more troops.\n",
    )
    line = len((mini_project / SECTION).read_text(encoding="utf-8").splitlines())
    message = (
        "the number 31.6 in the sentence “The ministry counts 31.6% more troops.” is not in the "
        "snapshot of source 'wire' (content/snapshots/wire.txt); nearest passage: "
        "“The ministry counts 21.6% more troops.”"
    )
    assert_check(mini_project, run_sitegen, 1, f"{SECTION}:{line}:1: error: {message} [number-not-in-source]")
    assert fails_to_build(mini_project, run_sitegen) == [f"{SECTION}:{line}:1: {message}"]


@pytest.mark.parametrize(
    "sentence, captured",
    [
        ("The ministry counts 21.6% more troops.", "Troops: up 21.6 percent."),
        ("About 28500 troops are there.", "About 28,500 U.S. troops are stationed there."),
        ("About 28,500 troops are there.", "About 28500 troops are stationed there."),
        ("They met on January 13th, 2026.", "They met on 13 January 2026."),
        ("It was the 2nd meeting in 2 months.", "The second meeting in just two months."),
        ("Some 21 people came.", "Twenty-one people came."),
    ],
)
def test_a_number_its_source_holds_in_another_form_passes(mini_project, run_sitegen, sentence, captured):
    sourced_sentence(mini_project, sentence, captured)
    write_snapshot(mini_project, "wire.txt", WIRE + captured)  # the fact's figure is there too
    assert_check(mini_project, run_sitegen, 0)
    assert run_sitegen(mini_project, "build").status == 0


def test_numbers_of_references_and_citation_marks_are_not_the_sentences_own(mini_project, run_sitegen):
    """The fact's value is checked as the fact's; the citation mark shows a number of its own;
    an entity's name and a link's text are not words of the claim."""
    append(
        mini_project / "content/entities.yaml",
        "g7:\n  name: G7 Office\n  kind: organisation\n",
    )
    append(
        mini_project / SECTION,
        "\n[[G7 Office]] says [[fact:troops]] troops serve, says [the 2025 report](https://example.org/r).\n",
    )
    write_snapshot(mini_project, "wire.txt", WIRE)
    assert run_sitegen(mini_project, "build").status == 0


def test_a_sentence_also_citing_a_source_without_a_snapshot_is_left_alone(mini_project, run_sitegen):
    append(mini_project / SECTION, "\nThe gazette counts 450 troops [@wire; @web].\n")
    write_snapshot(mini_project, "wire.txt", WIRE)  # web has none: it may say 450
    assert run_sitegen(mini_project, "build").status == 0
    write_snapshot(mini_project, "web.txt", WEB)  # now both do, and neither says 450
    (problem,) = fails_to_build(mini_project, run_sitegen)
    assert problem.startswith(f"{SECTION}:") and "the number 450 in the sentence" in problem


def test_the_bundled_desk_checks_clean_with_its_seed_as_snapshot_and_a_changed_number_fails(
    briefing_project, run_sitegen
):
    if not SEED.is_file():
        pytest.skip(f"the source article is not beside this checkout ({SEED})")
    (briefing_project / "content/snapshots/reuters-agencies.txt").write_text(
        SEED.read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run_sitegen(briefing_project, "check")
    assert "error" not in result.out.splitlines()[-1], result.out
    technology = briefing_project / SEED_BRIEFING / "sections/technology.md"
    edit(technology, "Ascend 950 AI chips in", "Ascend 960 AI chips in")
    (problem,) = fails_to_build(briefing_project, run_sitegen)
    assert problem.startswith(f"{SEED_BRIEFING}/sections/technology.md:22:1: the number 960 in the sentence")
    assert "nearest passage: “has announced plans to roll out its Ascend 950 AI chips" in problem


# --- warnings and --strict ---------------------------------------------------------------------


def test_warnings_stop_only_a_strict_build(mini_project, run_sitegen, previous_output):
    append(mini_project / "content/sources.yaml", "gazette:\n  publisher: The Gazette\n")
    warning = "content/sources.yaml:7:1: warning: source 'gazette' is never cited [unused-source]"
    assert fails_to_build(mini_project, run_sitegen, "--strict") == [warning]
    assert snapshot(mini_project / "output") == previous_output
    result = run_sitegen(mini_project, "build")
    assert result.status == 0, result.err
    # a strict build after that one still looks for warnings (it is not "up to date")
    assert fails_to_build(mini_project, run_sitegen, "--strict") == [warning]


def test_a_strict_build_of_a_clean_project_passes_and_is_then_up_to_date(mini_project, run_sitegen):
    assert run_sitegen(mini_project, "build", "--strict").status == 0
    result = run_sitegen(mini_project, "build", "--strict")
    assert result.status == 0
    assert "is up to date" in result.out


def test_check_still_shows_warnings_beside_a_misquote(mini_project, run_sitegen):
    append(mini_project / "content/sources.yaml", "gazette:\n  publisher: The Gazette\n")
    write_snapshot(mini_project, "web.txt", WEB.replace("We will talk", "We shall talk soon"))
    result = run_sitegen(mini_project, "check")
    assert result.status == 1
    assert result.out.splitlines()[-1] == "1 error, 1 warning"


# --- the preview -------------------------------------------------------------------------------


def test_the_preview_refuses_a_misquote_and_keeps_the_last_good_build(briefing_project):
    preview = PreviewBuilder(
        BuildConfig(
            briefing_project / "content",
            briefing_project / "templates",
            briefing_project.parent / "preview",
            include_drafts=True,
        )
    )
    preview.build()
    before = snapshot(preview.config.output_dir)
    quotes = briefing_project / OTHER_BRIEFING / "quotes.yaml"
    edit(quotes, "is more important than ever", "is more vital than ever")
    with pytest.raises(ContentError) as raised:
        preview.build()
    (problem,) = raised.value.problems
    assert problem.location.path.endswith(f"{OTHER_BRIEFING}/quotes.yaml")
    assert (problem.location.line, problem.location.col, problem.code) == (20, 1, "quote-not-in-source")
    assert snapshot(preview.config.output_dir) == before
    edit(quotes, "is more vital than ever", "is more important than ever")
    preview.build()


# --- the workflows -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "workflow", [".github/workflows/pages.yml", "sitegen/scaffold/starter/dot-github/workflows/pages.yml"]
)
def test_both_pages_workflows_check_strictly_before_building_and_deploying(workflow):
    import yaml

    jobs = yaml.safe_load((REPO / workflow).read_text(encoding="utf-8"))["jobs"]
    steps = jobs["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps]
    check = runs.index("sitegen check --strict")
    build = next(n for n, run in enumerate(runs) if run.startswith("sitegen build"))
    upload = next(n for n, action in enumerate(uses) if action.startswith("actions/upload-pages-artifact"))
    assert check < build < upload
    assert jobs["deploy"]["needs"] == "build"  # a failed check fails the build job: no deploy

"""Draft briefings and draft sections: left out of `build` and of `check`'s view of the site,
shown (marked) in the preview, never making what they use look unused; `check --briefing` and
`check --drafts`."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, append, edit, html_pages, make_project, parse, snapshot, words_of

NARA = "content/briefings/takaichi-lee-nara"
XI = "content/briefings/xi-lee-summit"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    return make_project(tmp_path, REPO / "content")


def _make_draft(desk: Path) -> None:
    path = desk / NARA / "briefing.yaml"
    path.write_text("draft: true\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


def _preview_build(desk: Path) -> Path:
    """What `sitegen serve` builds: drafts included."""
    from sitegen.build import build
    from sitegen.config import BuildConfig

    output = desk / "preview"
    build(BuildConfig(desk / "content", desk / "templates", output, include_drafts=True))
    return output


def _card_titles(home: Path) -> list[str]:
    return [words_of(title) for title in parse(home).select(".card-title")]


def test_a_draft_briefing_is_left_out_of_the_build(desk: Path, run_sitegen):
    _make_draft(desk)
    result = run_sitegen(desk, "build")
    assert result.status == 0, result.err
    output = desk / "output"
    assert not (output / "briefings/takaichi-lee-nara").exists()
    assert _card_titles(output / "index.html") == [
        "China’s Xi to Host South Korea’s Lee Amid Regional Tensions"
    ]
    # no page links to it: not the pages of the people it involves, not the sources page
    linking = [
        page.relative_to(output).as_posix()
        for page in html_pages(output)
        if parse(page).select('a[href*="takaichi-lee-nara"]')
    ]
    assert linking == []
    assert (output / "entities/sanae-takaichi.html").exists()  # she is in the other briefing too


def test_the_preview_shows_a_draft_briefing_marked_as_a_draft(desk: Path):
    _make_draft(desk)
    output = _preview_build(desk)
    page = parse(output / "briefings/takaichi-lee-nara/index.html")
    assert [words_of(badge) for badge in page.select("h1 .draft-badge")] == ["Draft"]
    cards = parse(output / "index.html").select(".card-title")
    marked = {words_of(card.a): [words_of(b) for b in card.select(".draft-badge")] for card in cards}
    assert marked == {
        "Takaichi says urged S. Korea’s Lee to help ‘ensure regional stability’": ["Draft"],
        "China’s Xi to Host South Korea’s Lee Amid Regional Tensions": [],
    }


def test_what_only_a_draft_uses_is_not_called_unused(desk: Path, run_sitegen):
    before = run_sitegen(desk, "check").out.splitlines()
    _make_draft(desk)  # its facts, quotes, sources and people are the draft's own business
    append(
        desk / XI / "facts.yaml",
        "\ndraft-only:\n  statement: Economic cooperation is expected to be a key focus.\n"
        "  sources: [reuters-agencies]\n",
    )
    (desk / XI / "sections/later.md").write_text(
        "---\ntitle: Later\norder: 9\ndraft: true\n---\nIt is expected [[fact:draft-only]].\n",
        encoding="utf-8",
    )
    after = run_sitegen(desk, "check").out.splitlines()
    assert not [line for line in after if "draft-only" in line]
    # and nothing about the draft briefing: no warning that was not there before
    assert [line for line in after[:-1] if line not in before] == []
    assert not [line for line in after if "takaichi-lee-nara" in line]


def test_without_the_draft_the_fact_is_unused_again(desk: Path, run_sitegen):
    """The rule still holds: the draft counted, not anything at all."""
    append(
        desk / XI / "facts.yaml",
        "\ndraft-only:\n  statement: Economic cooperation is expected to be a key focus.\n"
        "  sources: [reuters-agencies]\n",
    )
    lines = run_sitegen(desk, "check").out.splitlines()
    assert [line for line in lines if "draft-only" in line] == [
        f"{XI}/facts.yaml:{_line_of(desk / XI / 'facts.yaml', 'draft-only:')}:1: warning: fact 'draft-only' "
        "is not used in any section or in key_facts [unused-fact]"
    ]


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == text)


def test_a_published_page_cannot_refer_to_a_draft_briefing(desk: Path, run_sitegen):
    run_sitegen(desk, "build")
    previous = snapshot(desk / "output")
    _make_draft(desk)
    section = desk / XI / "sections/overview.md"
    edit(
        section,
        "[[quote:kang-importance]]",
        "[[quote:kang-importance]]\n\nSee [[fact:takaichi-lee-nara/met-in-nara]].",
    )
    line = _line_of(section, "See [[fact:takaichi-lee-nara/met-in-nara]].")
    result = run_sitegen(desk, "build")
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        f"{XI}/sections/overview.md:{line}:5: fact 'takaichi-lee-nara/met-in-nara' is in a draft: "
        "briefing 'takaichi-lee-nara' has draft: true, so only the preview shows it and a published "
        "page cannot refer to it"
    )
    assert snapshot(desk / "output") == previous
    _preview_build(desk)  # the preview, which shows the draft, builds it


def test_key_facts_cannot_name_a_draft_briefings_fact(desk: Path, run_sitegen):
    _make_draft(desk)
    edit(
        desk / XI / "briefing.yaml",
        "  - second-meeting\n",
        "  - second-meeting\n  - takaichi-lee-nara/met-in-nara\n",
    )
    result = run_sitegen(desk, "build")
    assert result.status == 1
    assert "fact 'takaichi-lee-nara/met-in-nara' is in a draft" in result.err.splitlines()[0]
    assert result.err.splitlines()[0].startswith(f"{XI}/briefing.yaml:")
    assert (
        ": the briefing: 'key_facts' names fact 'takaichi-lee-nara/met-in-nara' is in a draft"
        in (result.err.splitlines()[0])
    )


def test_a_desk_of_drafts_only_has_nothing_to_publish(desk: Path, run_sitegen):
    _make_draft(desk)
    path = desk / XI / "briefing.yaml"
    path.write_text("draft: true\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_sitegen(desk, "build")
    assert result.status == 1
    assert "every briefing is a draft (draft: true), so there is nothing to publish" in result.err
    assert not (desk / "output").exists()
    _preview_build(desk)


def test_check_one_briefing(desk: Path, run_sitegen):
    everything = run_sitegen(desk, "check").out.splitlines()[:-1]
    result = run_sitegen(desk, "check", "--briefing", "takaichi-lee-nara")
    lines = result.out.splitlines()
    mine = [line for line in everything if line.startswith(f"{NARA}/")]
    others = len(everything) - len(mine)
    if others:
        assert (
            lines[-1]
            == f"({others} more outside briefing 'takaichi-lee-nara': run sitegen check to see them)"
        )
        lines = lines[:-1]
    assert lines[:-1] == mine


def test_check_one_briefing_reports_only_its_own_errors(desk: Path, run_sitegen):
    append(desk / XI / "facts.yaml", "\nbroken:\n  statement: x\n  sources: [nobody]\n")
    assert run_sitegen(desk, "check").status == 1
    result = run_sitegen(desk, "check", "--briefing", "takaichi-lee-nara")
    assert result.status == 0
    assert result.out.splitlines()[-1].startswith("(1 more outside briefing 'takaichi-lee-nara'")
    assert run_sitegen(desk, "check", "--briefing", "xi-lee-summit").status == 1


def test_check_an_unknown_briefing(desk: Path, run_sitegen):
    result = run_sitegen(desk, "check", "--briefing", "xi-summit")
    assert result.status == 2
    assert result.err == (
        "sitegen: check --briefing: no briefing 'xi-summit' "
        "(the briefings are: takaichi-lee-nara, xi-lee-summit)\n"
    )


def test_check_drafts_checks_what_only_the_preview_shows(desk: Path, run_sitegen):
    (desk / XI / "sections/later.md").write_text(
        "---\ntitle: Later\norder: 9\ndraft: true\n---\nIt is [[fact:no-such-fact]].\n", encoding="utf-8"
    )
    assert run_sitegen(desk, "check").status == 0  # what build publishes is fine
    result = run_sitegen(desk, "check", "--drafts")
    assert result.status == 1
    assert f"{XI}/sections/later.md:6:7: error: unknown fact 'no-such-fact'" in result.out

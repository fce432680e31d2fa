"""Trust and policies: the site's corrections, fact-checking and masthead pages named in
site.yaml reach every briefing's JSON-LD and every footer; a briefing's `[!analysis]` share
sets its schema.org type, and its home shows how it is sourced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import FIXTURES, edit, html_pages, make_project, parse

from sitegen.build import build
from sitegen.config import BuildConfig

POLICIES = {
    "correctionsPolicy": "https://example.org/corrections",
    "verificationFactCheckingPolicy": "https://example.org/fact-checking",
    "masthead": "https://example.org/about/masthead",
}


def build_desk(project: Path) -> Path:
    output = project / "output"
    build(BuildConfig(project / "content", project / "templates", output, "https://example.org/desk/"))
    return output


def article_ld(page: Path) -> dict:
    for script in parse(page).find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data["@type"].endswith("NewsArticle"):
            return data
    raise AssertionError(f"no article JSON-LD in {page}")


@pytest.fixture(scope="module")
def with_policies(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("trust"), FIXTURES / "desk")
    site = project / "content/site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8") + "".join(f"{k}: {v}\n" for k, v in POLICIES.items()),
        encoding="utf-8",
    )
    return build_desk(project)


def test_the_policies_are_in_every_briefings_json_ld(with_policies: Path):
    for briefing in ("first", "second"):
        data = article_ld(with_policies / f"briefings/{briefing}/index.html")
        assert {term: data.get(term) for term in POLICIES} == POLICIES


def test_the_policies_are_linked_from_every_footer(with_policies: Path):
    for page in html_pages(with_policies):
        footer = parse(page).find("footer", class_="site-footer")
        links = {a.get_text(): a["href"] for a in footer.select("p.policies a")}
        assert links == {
            "Corrections policy": POLICIES["correctionsPolicy"],
            "Fact-checking policy": POLICIES["verificationFactCheckingPolicy"],
            "Masthead": POLICIES["masthead"],
        }, page


def test_without_policies_nothing_is_said(tmp_path: Path):
    output = build_desk(make_project(tmp_path, FIXTURES / "desk"))
    assert not set(POLICIES) & set(article_ld(output / "briefings/first/index.html"))
    assert parse(output / "index.html").select_one("footer p.policies") is None


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/policy", "/corrections"])
def test_a_policy_that_is_not_a_web_url_is_refused_where_it_is_written(desk_project, run_sitegen, url):
    site = desk_project / "content/site.yaml"
    lines = site.read_text(encoding="utf-8").count("\n")
    site.write_text(site.read_text(encoding="utf-8") + f"masthead: '{url}'\n", encoding="utf-8")
    result = run_sitegen(desk_project, "build")
    assert result.status == 1
    assert (
        f"content/site.yaml:{lines + 1}:11: the site: 'masthead' must be an http:// or https:// URL"
        in result.err
    )
    assert "Traceback" not in result.err
    assert not (desk_project / "output").exists()


@pytest.fixture
def desk_project(tmp_path: Path) -> Path:
    return make_project(tmp_path, FIXTURES / "desk")


def test_reporting_unless_most_sentences_are_marked_analysis(tmp_path: Path):
    project = make_project(tmp_path, FIXTURES / "desk")
    output = build_desk(project)
    assert article_ld(output / "briefings/first/index.html")["@type"] == "ReportageNewsArticle"
    assert article_ld(output / "briefings/first/full/index.html")["@type"] == "ReportageNewsArticle"
    sourcing = parse(output / "briefings/first/index.html").find("section", class_="sourcing")
    assert sourcing.find("h2").get_text() == "How this briefing is sourced"
    assert sourcing.find("p").get_text() == "3 of 3 sentences sourced, 0 marked as analysis, 2 sources."

    edit(
        project / "content/briefings/first/sections/one.md",
        "[[quote:alice-says]]",
        "[[quote:alice-says]]\n\n[!analysis] We think the talks matter. They may last. They could fail. "
        "Or not.",
    )
    output = build_desk(project)
    assert article_ld(output / "briefings/first/index.html")["@type"] == "AnalysisNewsArticle"
    sourcing = parse(output / "briefings/first/index.html").find("section", class_="sourcing")
    assert sourcing.find("p").get_text() == "3 of 7 sentences sourced, 4 marked as analysis, 2 sources."

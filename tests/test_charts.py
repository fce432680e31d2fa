"""Charts: drawn at build time from sourced data points, as SVG with a title, a description,
axis labels and the data as a table; the same input gives the same bytes; a point without a
source, or whose words state no quantity, is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES, REPO, SEED_PAGES, make_project, parse, snapshot

from sitegen.content.quantities import ABOUT, ABOVE, BELOW, COUNT, EXACT, PERCENT, SHARE, read_quantity

CHARTS_YAML = """\
troop-levels:
  kind: line
  title: Troops in Ruritania
  description: How many troops were stationed, year by year.
  category_axis: Year
  value_axis: Troops
  points:
    - label: "2024"
      value: "90"
      sources: [web]
    - label: "2025"
      fact: troops
  entities: [ruritania]
shares:
  kind: bar
  title: Shares
  description: Two shares.
  category_axis: Share of
  value_axis: Share
  points:
    - label: Supplies
      value: nearly half
      sources: [wire]
    - label: Exports
      value: a quarter
      sources: [web]
"""


def chart_project(
    tmp_path: Path, charts: str = CHARTS_YAML, placed: str = "[[chart:troop-levels]]\n\n[[chart:shares]]"
) -> Path:
    project = make_project(tmp_path, FIXTURES / "mini")
    (project / "content" / "charts.yaml").write_text(charts, encoding="utf-8")
    two = project / "content" / "sections" / "two.md"
    two.write_text(two.read_text(encoding="utf-8") + f"\n{placed}\n", encoding="utf-8")
    return project


@pytest.mark.parametrize(
    "words, value, scale, qualifier",
    [
        ("nearly half", 0.5, SHARE, BELOW),
        ("about one-third", 1 / 3, SHARE, ABOUT),
        ("two-thirds", 2 / 3, SHARE, EXACT),
        ("a quarter", 0.25, SHARE, EXACT),
        ("about 28,500", 28500, COUNT, ABOUT),
        ("more than 10", 10, COUNT, ABOVE),
        ("45%", 45, PERCENT, EXACT),
        ("almost 12.5 per cent", 12.5, PERCENT, BELOW),
    ],
)
def test_a_quantity_is_read_from_the_sources_words(words, value, scale, qualifier):
    quantity = read_quantity(words)
    assert quantity is not None
    assert quantity.value == pytest.approx(value)
    assert (quantity.scale, quantity.qualifier) == (scale, qualifier)


@pytest.mark.parametrize(
    "words",
    [
        "two months",
        "in 2025",
        "second visit to Japan since August",
        "thirds",
        "five halves",
        "about",
        "10 or 12",
    ],
)
def test_words_that_state_no_drawable_quantity_are_not_guessed(words):
    assert read_quantity(words) is None


def chart_of(project: Path, title: str):
    page = parse(project / "output" / "sections" / "two.html")
    return next(
        figure
        for figure in page.select("figure.chart")
        if figure.select_one(".chart-title").get_text() == title
    )


def test_a_chart_has_a_title_a_description_axis_labels_and_its_data_as_a_table(tmp_path, run_sitegen):
    project = chart_project(tmp_path)
    assert run_sitegen(project, "build").status == 0
    figure = chart_of(project, "Troops in Ruritania")
    svg = figure.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find(id=title_id).name == "title"
    assert svg.find(id=title_id).get_text() == "Troops in Ruritania"
    assert (
        svg.find(id=desc_id).get_text()
        == "How many troops were stationed, year by year. 2024: 90; 2025: about 100."
    )
    texts = [text.get_text() for text in svg.find_all("text")]
    assert "Troops" in texts and "Year" in texts  # the axis labels
    assert svg.find("polyline") is not None and len(svg.find_all("circle")) >= 2
    assert (
        figure.select_one(".chart-description").get_text() == "How many troops were stationed, year by year."
    )
    table = figure.select_one("table.chart-data")
    assert [th.get_text() for th in table.select("thead th")] == ["Year", "Troops", "Source"]
    rows = [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in table.select("tbody tr")]
    assert rows == [["2024", "90", "Example News [2]"], ["2025", "about 100", "Test Wire [1]"]]
    assert [row.find("th")["scope"] for row in table.select("tbody tr")] == ["row", "row"]
    sources = figure.select_one(".chart-sources")
    assert sources.find(string=True, recursive=False) == "Sources: Example News, Test Wire"
    assert [a["href"] for a in sources.select("a.cite-mark")] == [
        "../sources/index.html#src-web",
        "../sources/index.html#src-wire",
    ]


def test_an_approximate_figure_is_drawn_as_its_words_say(tmp_path, run_sitegen):
    project = chart_project(tmp_path)
    assert run_sitegen(project, "build").status == 0
    svg = chart_of(project, "Shares").find("svg")
    bars = svg.select("g > rect.chart-bar")
    # "nearly half" reaches the half tick and is dashed; "a quarter" is exact
    assert ["approximate" in bar["class"] for bar in bars] == [True, False]
    ticks = {text.get_text(): float(text["x"]) for text in svg.select("text.chart-tick")}
    assert float(bars[0]["width"]) == pytest.approx(ticks["½"], abs=0.2)
    assert float(bars[1]["width"]) == pytest.approx(ticks["¼"], abs=0.2)
    values = [text.get_text() for text in svg.select("text.chart-value")]
    assert values == ["nearly half", "a quarter"]
    legend = " ".join(text.get_text() for text in svg.select("text.chart-legend"))
    assert legend == "Dashed: the source gives an approximate figure"


def test_a_chart_is_byte_identical_for_the_same_input(tmp_path, run_sitegen):
    one, two = chart_project(tmp_path / "a"), chart_project(tmp_path / "b")
    for project in (one, two):
        assert run_sitegen(project, "build", "--no-cache").status == 0
    assert snapshot(one / "output") == snapshot(two / "output")


def test_a_chart_is_listed_on_its_entity_page_and_counts_as_citing_its_facts(tmp_path, run_sitegen):
    project = chart_project(tmp_path, placed="[[chart:troop-levels]]")
    assert run_sitegen(project, "build").status == 0
    entity = parse(project / "output" / "entities" / "ruritania.html")
    items = [li.get_text(" ", strip=True) for li in entity.select(".visual-list li")]
    assert items[0].startswith("Chart: Troops in Ruritania")
    anchor = chart_of(project, "Troops in Ruritania")["id"]
    facts = parse(project / "output" / "facts" / "index.html")
    used_in = [a["href"] for a in facts.select("#fact-troops .used-in a")]
    assert f"../sections/two.html#{anchor}" in used_in


def refused(project: Path, run_sitegen, *lines: str) -> None:
    result = run_sitegen(project, "build")
    assert result.status == 1
    assert result.err.strip().splitlines()[:-1] == list(lines)
    assert not (project / "output").exists()


POINT = "content/charts.yaml:{line}:{col}: chart 'c', point 1"


@pytest.mark.parametrize(
    "points, message",
    [
        (
            "    - label: A\n      value: nearly half\n",
            "content/charts.yaml:8:7: chart 'c', point 1 has no source: add 'sources' (or take the "
            "point from a fact)",
        ),
        (
            "    - label: A\n      value: two months\n      sources: [wire]\n",
            "content/charts.yaml:9:14: chart 'c', point 1: cannot draw 'value' ('two months'): "
            "a chart needs a number ('28,500', '45%') or a share ('nearly half'), with at most a "
            "word such as 'about' or 'more than' before it",
        ),
        (
            "    - label: A\n      fact: nope\n",
            "content/charts.yaml:9:13: chart 'c', point 1: 'fact' names unknown fact 'nope'; "
            "the known facts are: troops",
        ),
        (
            "    - label: A\n      fact: troops\n      sources: [wire]\n",
            "content/charts.yaml:8:7: chart 'c', point 1: give either 'fact' or 'value' with "
            "'sources', not both (a fact brings its own)",
        ),
        (
            "    - label: A\n      value: half\n      sources: [wire]\n"
            "    - label: B\n      value: '12'\n      sources: [wire]\n",
            "content/charts.yaml:8:5: chart 'c': 'points' mix count and share values: "
            "draw one kind per chart",
        ),
    ],
)
def test_a_data_point_needs_a_source_and_a_drawable_quantity(tmp_path, run_sitegen, points, message):
    charts = (
        "c:\n  kind: bar\n  title: T\n  description: D\n  category_axis: X\n"
        f"  value_axis: Y\n  points:\n{points}"
    )
    refused(chart_project(tmp_path, charts, "[[chart:c]]"), run_sitegen, message)


def test_a_chart_of_an_unknown_kind_is_refused(tmp_path, run_sitegen):
    charts = CHARTS_YAML.replace("kind: line", "kind: pie")
    refused(
        chart_project(tmp_path, charts),
        run_sitegen,
        "content/charts.yaml:2:9: chart 'troop-levels' has unknown kind 'pie' (use one of: bar, line)",
    )


def test_the_bundled_desk_charts_only_the_shares_its_article_states(built_briefing: Path):
    page = parse(built_briefing / SEED_PAGES / "sections" / "technology.html")
    figure = page.select_one("figure.chart")
    rows = [
        [cell.get_text() for cell in row.find_all(["th", "td"])[:2]]
        for row in figure.select("table.chart-data tbody tr")
    ]
    assert rows == [
        ["South Korea’s rare earth mineral supplies", "nearly half"],
        ["South Korea’s chip exports", "about one-third"],
    ]
    charts = (REPO / "content" / "briefings" / "xi-lee-summit" / "charts.yaml").read_text()
    assert not any(character.isdigit() for character in charts)  # words only, no number added

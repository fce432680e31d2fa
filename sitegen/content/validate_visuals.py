"""Checking a briefing's figures (figures.yaml) and charts (charts.yaml) and making them model
objects; called by validate.py once every briefing's facts are known, since a chart may draw
the facts of another briefing.

The rules that are particular to them: a figure has alt text and a credit line or sources, and
its file stays inside the content folder; every data point of a chart has a source (its own,
or its fact's) and words that state a quantity a chart can draw (see quantities.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sitegen.content.field_specs import CHART_FIELDS
from sitegen.content.load import BRIEFINGS_FOLDER, RawBriefing
from sitegen.content.located_yaml import LocatedMap
from sitegen.content.model import Fact, qualified
from sitegen.content.quantities import read_quantity
from sitegen.content.visuals import Chart, ChartPoint, Figure
from sitegen.errors import Location

if TYPE_CHECKING:
    from sitegen.content.field_specs import FieldSpec
    from sitegen.content.validate import _Checker, _Declared

# The file types a browser shows, by extension (what the file holds is checked when it is read).
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".svg")


class VisualMakers:
    """Figures and charts of one briefing; `folder` is the briefing's folder relative to the
    content folder ("" in the one-briefing layout), where `file` paths start from."""

    def __init__(
        self,
        checker: _Checker,
        raw: RawBriefing,
        facts: Mapping[str, Fact],
        declared: _Declared,
        point_fields: dict[str, FieldSpec],
    ):
        self.checker, self.briefing = checker, raw.folder
        self.folder = f"{BRIEFINGS_FOLDER}/{raw.folder}" if raw.folder else ""
        self.files = raw.yaml_files
        self.facts, self.declared = facts, declared
        self.point_fields = point_fields

    def _entry(self, name: str, key: str) -> LocatedMap:
        return self.files[name].data[key]  # type: ignore[no-any-return]

    def _named(self, ids: tuple[str, ...], kind: str, owner: str, name: str, where: Location) -> None:
        known = getattr(self.declared, kind)
        for ref in ids:
            if ref not in known:
                message = f"{owner}: '{name}' names {self.declared.unknown(kind, ref)}"
                self.checker.error(where, message, "unknown-id")

    def figure(self, key: str, v: dict[str, Any], where: Location) -> Figure | None:
        owner = f"figure '{key}'"
        file_at = self._entry("figures", key).value_location("file")
        path = self.content_path(v["file"], owner, file_at)
        if not v["alt"]:
            self.checker.error(where, f"{owner} is missing required field 'alt'", "missing-field")
        if not v["credit"] and not v["sources"]:
            self.checker.error(
                where,
                f"{owner} needs a credit line ('credit', such as "
                "'Photo: Name / Agency') or its sources ('sources')",
                "no-credit",
            )
        if not v["alt"] or not (v["credit"] or v["sources"]):
            return None
        self._named(v["sources"] or (), "source", owner, "sources", where)
        self._named(v["entities"] or (), "entity", owner, "entities", where)
        if path is None:
            return None
        return Figure(
            key,
            path,
            v["alt"],
            v["caption"],
            v["credit"],
            v["sources"] or (),
            v["licence"],
            v["entities"] or (),
            self.briefing,
            where,
            file_at,
        )

    def content_path(self, written: str, owner: str, where: Location) -> str | None:
        """`written` (relative to the briefing's folder) as a path relative to the content
        folder; None, with a problem, when it leaves the folder or is no image type."""
        path = posixpath.normpath(posixpath.join(self.folder, written.replace("\\", "/")))
        if written.startswith(("/", "\\")) or path == ".." or path.startswith("../") or ":" in written:
            self.checker.error(
                where,
                f"{owner}: file '{written}' is outside the content folder (an image must live inside it)",
                "outside-content",
            )
            return None
        extension = posixpath.splitext(path)[1].lower()
        if extension not in IMAGE_EXTENSIONS:
            self.checker.error(
                where,
                f"{owner}: file '{written}' is not an image type sitegen "
                f"publishes (use {', '.join(IMAGE_EXTENSIONS[:-1])} or "
                f"{IMAGE_EXTENSIONS[-1]})",
                "image-type",
            )
            return None
        return path

    def chart(self, key: str, v: dict[str, Any], where: Location) -> Chart | None:
        owner = f"chart '{key}'"
        entry = self._entry("charts", key)
        kinds = CHART_FIELDS["kind"].choices
        if v["kind"] not in kinds:
            self.checker.error(
                entry.value_location("kind"),
                f"{owner} has unknown kind '{v['kind']}' (use one of: {', '.join(kinds)})",
                "bad-kind",
            )
            return None
        self._named(v["entities"] or (), "entity", owner, "entities", where)
        points = []
        for number, raw in enumerate(v["points"], 1):
            at = raw.location if isinstance(raw, LocatedMap) else entry.value_location("points")
            point = self.point(raw, at, f"{owner}, point {number}")
            if point is not None:
                points.append(point)
        if len(points) != len(v["points"]):
            return None
        scales = {point.quantity.scale for point in points}
        if len(scales) > 1:
            self.checker.error(
                entry.value_location("points"),
                f"{owner}: 'points' mix {' and '.join(sorted(scales))} values: draw one kind per chart",
                "bad-value",
            )
            return None
        if v["kind"] == "line" and len(points) < 2:
            self.checker.error(
                entry.value_location("points"),
                f"{owner}: a line chart needs at least two points",
                "bad-value",
            )
            return None
        return Chart(
            key,
            v["kind"],
            v["title"],
            v["description"],
            v["category_axis"],
            v["value_axis"],
            tuple(points),
            v["entities"] or (),
            self.briefing,
            where,
        )

    def point(self, raw: Any, where: Location, owner: str) -> ChartPoint | None:
        values = self.checker.entry_fields(raw, where, owner, self.point_fields)
        if values is None:
            return None
        fact_key = qualified(values["fact"], self.briefing) if values["fact"] else None
        if fact_key and (values["value"] or values["sources"]):
            self.checker.error(
                where,
                f"{owner}: give either 'fact' or 'value' with 'sources', not both (a fact brings its own)",
                "bad-value",
            )
            return None
        if fact_key:
            fact = self.facts.get(fact_key)
            if fact is None:
                self.checker.error(
                    raw.value_location("fact"),
                    f"{owner}: 'fact' names {self.declared.unknown('fact', fact_key)}",
                    "unknown-id",
                )
                return None
            if not fact.value:
                self.checker.error(
                    raw.value_location("fact"),
                    f"{owner}: fact '{fact_key}' has "
                    "no value to draw (a chart needs a figure such as "
                    "'about one-third')",
                    "bad-value",
                )
                return None
            words, sources, at = fact.value, fact.sources, raw.value_location("fact")
            drawn = f"the value of fact '{fact_key}'"
        else:
            if not values["value"]:
                self.checker.error(
                    where, f"{owner} is missing required field 'value' (or 'fact')", "missing-field"
                )
                return None
            if not values["sources"]:
                self.checker.error(
                    where,
                    f"{owner} has no source: add 'sources' (or take the point from a fact)",
                    "no-source",
                )
                return None
            self._named(values["sources"], "source", owner, "sources", where)
            words, sources, at = values["value"], values["sources"], raw.value_location("value")
            drawn = "'value'"
        quantity = read_quantity(words)
        if quantity is None:
            self.checker.error(
                at,
                f"{owner}: cannot draw {drawn} ('{words}'): a chart needs a number "
                "('28,500', '45%') or a share ('nearly half'), with at most a "
                "word such as 'about' or 'more than' before it",
                "bad-value",
            )
            return None
        return ChartPoint(values["label"], words, quantity, sources, fact_key, where)

"""The order of events on a timeline: exact dates in date order, vague ones where written.

Sources date events in their own words ("in November", "Sunday"); only some carry an exact
`date`. Within a briefing, the events file is written in the order things happened, so a vague
event keeps its place among its neighbours, while the events with exact dates take the places
of the dated ones in date order. Across briefings, each briefing's timeline keeps its own order
and the timelines are merged by date: a vague event goes with the next dated event of its own
briefing, and vague events after a briefing's last date come at the end.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence

from sitegen.content.model import Briefing, Event

_LAST = "\uffff"  # sorts after every ISO date


def briefing_timeline(events: Iterable[Event]) -> list[Event]:
    """One briefing's events: the dated ones sorted by date in the places of the dated ones."""
    ordered = list(events)
    places = [index for index, event in enumerate(ordered) if event.date]
    by_date = sorted((ordered[index] for index in places), key=lambda event: event.date or "")
    for index, event in zip(places, by_date, strict=True):
        ordered[index] = event
    return ordered


def site_timeline(briefings: Sequence[Briefing]) -> list[Event]:
    """Every briefing's timeline merged by date; among equal dates, and for vague events that
    no date follows, the older briefing first (`briefings` lists the newest first)."""
    streams = []
    for rank, briefing in enumerate(reversed(briefings)):
        events = briefing_timeline(briefing.events.values())
        keys, following = [], _LAST
        for event in reversed(events):  # each event goes with the next date of its briefing
            following = event.date or following
            keys.append(following)
        keys.reverse()
        streams.append(
            [
                (key, rank, position, event)
                for position, (key, event) in enumerate(zip(keys, events, strict=True))
            ]
        )
    # Within a stream keys never decrease, so the merge keeps each briefing's own order.
    return [event for _, _, _, event in heapq.merge(*streams)]

"""Why a date written YYYY-MM-DD is no day of the calendar (`2026-02-30`: February has 28
days in 2026), for the messages of the YAML loader and of date fields."""

from __future__ import annotations

import calendar
import re

_WRITTEN = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")


def why_not_a_date(text: str) -> str | None:
    """What is impossible in `text` when it starts with a date YYYY-MM-DD that the calendar
    has not; None when it is a real date or not written as one."""
    found = _WRITTEN.match(text)
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1] if year else 31
    if day == 0:
        return "there is no day 0"
    if day > days:
        name = calendar.month_name[month]
        return f"{name} has {days} days in {year}" if month == 2 else f"{name} has {days} days"
    return None

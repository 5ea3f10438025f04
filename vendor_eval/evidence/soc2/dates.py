"""Dates and periods as audit firms write them ("January 1, 2025 to December 31, 2025",
"the twelve months ended ...", "1/1/2025").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from vendor_eval.evidence.soc2.vocabulary import MONTHS


def parse_date(text: str, default_year: int | None = None) -> date | None:
    text = text.strip().rstrip(".,")
    numeric = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})\d?", text)
    if numeric:
        month_number, day_number, year_number = (int(part) for part in numeric.groups())
        return _safe_date(year_number, month_number, day_number)
    iso = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", text)
    if iso:
        return _safe_date(*(int(part) for part in iso.groups()))
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month: int | None = None
    day: int | None = None
    year: int | None = None
    for word in words:
        lowered = word.lower()
        if lowered in MONTHS and month is None:
            month = MONTHS[lowered]
        elif word.isdigit() and len(word) >= 4:
            year = int(word[:4])
        elif word.isdigit() and day is None:
            day = int(word)
    year = year or default_year
    if month is None or day is None or year is None:
        return None
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_range(match: re.Match[str]) -> tuple[date, date] | None:
    end = parse_date(match["end"])
    if end is None:
        return None
    start = parse_date(match["start"], default_year=end.year)
    if start is None:
        return None
    if not re.search(r"\d{4}", match["start"]) and start > end:
        # "October 1 - September 30, 2025": the year given once belongs to the end.
        start = start.replace(year=start.year - 1)
    if start >= end:
        return None
    return start, end


def months_before(end: date, months: int) -> date:
    """First day of the `months` ending on `end`: six months ended September 30 began on
    April 1 (count back from the day after, or month ends of unequal length go wrong)."""
    after = end + timedelta(days=1)
    year, month = after.year, after.month - months
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, min(after.day, calendar.monthrange(year, month)[1]))

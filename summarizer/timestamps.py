"""Dates, times and time zones as news pages print them around an article.

The patterns that find a date or a clock time in a furniture line ("December 28, 2023 08:15
am IST"), and the reading of one into a date or a zoned datetime. Used by the line rules in
`summarizer.clean_rules`; apart from them because reading a time zone is its own problem.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

__all__ = [
    "DATE_IN_LINE",
    "META_DATE",
    "MONTH",
    "TIMESTAMP_WORDS",
    "TIME_IN_LINE",
    "TZ_IN_LINE",
    "parse_iso",
    "parse_when",
]

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?"
_DATE = (
    rf"(?:{_WEEKDAY}\s+)?(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
# Abbreviations that news sites print after times; IST is India's (the most common in scrapes).
_TZ_OFFSETS_HOURS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "IST": 5.5,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "KST": 9,
    "JST": 9,
    "HKT": 8,
    "SGT": 8,
    "AEST": 10,
    "AEDT": 11,
    "PKT": 5,
    "GST": 4,
    "WIB": 7,
    "ICT": 7,
    "PHT": 8,
}
_TZ = r"(?:" + "|".join(sorted(_TZ_OFFSETS_HOURS, key=len, reverse=True)) + r")"
META_DATE = re.compile(
    r"^\s*(?:date|dated|published|posted)\s*[:=]?\s*"
    r"(?P<value>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)\b"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
DATE_IN_LINE = re.compile(_DATE, re.IGNORECASE)
TIME_IN_LINE = re.compile(rf"{_TIME}(?:\s*{_TZ}\b)?", re.IGNORECASE)
_ZONED_TIME = re.compile(rf"\b(?P<clock>{_TIME})(?:\s*(?P<zone>{_TZ})\b)?", re.IGNORECASE)
TZ_IN_LINE = re.compile(rf"\b{_TZ}\b")
TIMESTAMP_WORDS = re.compile(
    r"\b(?:updated|published|posted|last|modified|first|on|at|edt|ist|utc|gmt)\b|[|:,•·/–—-]",
    re.IGNORECASE,
)


def parse_when(line: str, date_match: re.Match[str]) -> datetime | date | None:
    """The date of a timestamp line, with its time and zone when the line makes them clear.

    "08:15 am | Updated 08:15 am IST": the zone printed once covers both times.
    "4:10 PM Taipei (08:10 GMT)": the zoned time is the same instant, so it is used.
    """
    from dateutil import parser as date_parser

    try:
        day = date_parser.parse(date_match[0].replace(".", " ").replace(",", " "), fuzzy=True)
    except (ValueError, OverflowError):
        return None
    times = list(_ZONED_TIME.finditer(line, date_match.end()))
    if not times:
        return day.date()
    first = times[0]
    chosen, zone = first, first["zone"]
    if zone is None:
        later = next((t for t in times[1:] if t["zone"]), None)
        if later is None:
            return day.date()
        between = line[first.end() : later.start()]
        zone = later["zone"]
        if not re.search(r"\bupdated\b", between, re.IGNORECASE):
            chosen = later
    clock = _parse_clock(chosen["clock"])
    if clock is None:
        return day.date()
    offset = timezone(timedelta(hours=_TZ_OFFSETS_HOURS[zone.upper()]))
    return datetime.combine(day.date(), clock, tzinfo=offset)


def _parse_clock(text: str) -> time | None:
    match = re.match(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([ap])?", text, re.IGNORECASE)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    meridiem = (match[4] or "").lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_iso(value: str) -> datetime | date | None:
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        return None
    if len(value) == 10:
        return parsed.date()
    return parsed if parsed.tzinfo else parsed.date()

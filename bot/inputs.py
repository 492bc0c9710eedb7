"""Checking what people type and send: sizes, times of day, days, time zones, dates.

Each check returns the clean value or raises InputError with a message fit to show them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import InputError

__all__ = [
    "check_size",
    "check_timezone",
    "optional_str",
    "parse_clock",
    "parse_days",
    "parse_published",
]


def parse_clock(text: str) -> time:
    """ "07:30", "7:30", "0730" -> a time of day; anything else is a clear error."""
    match = re.fullmatch(r"(\d{1,2}):?(\d{2})", text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise InputError(f"{text[:20]!r} is not a time of day; use HH:MM, e.g. 07:30")
    return time(int(match[1]), int(match[2]))


_DAY_NAMES = {name: str(i) for i, name in enumerate(
    ("mon", "tue", "wed", "thu", "fri", "sat", "sun"), start=1)}  # fmt: skip


def parse_days(text: str) -> str:
    """ "mon-fri", "weekdays", "sat,sun", "1234567", "daily" -> ISO weekday digits."""
    value = text.strip().lower()
    if value in {"daily", "every", "all"}:
        return "1234567"
    if value in {"weekdays", "mon-fri"}:
        return "12345"
    if value in {"weekends", "weekend", "sat-sun"}:
        return "67"
    if re.fullmatch(r"[1-7]{1,7}", value):
        return "".join(sorted(set(value)))
    days = [_DAY_NAMES.get(part.strip()[:3]) for part in value.split(",")]
    if not days or None in days:
        raise InputError(f"{text[:30]!r} is not a list of days; use mon,wed,fri or weekdays")
    return "".join(sorted({d for d in days if d}))


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(
            f"{name[:40]!r} is not a time zone; use an IANA name like Europe/Berlin or UTC"
        ) from exc
    return name.strip()


def check_size(size: int, limit: int) -> None:
    """Refuse a document over the configured size before anything reads or parses it."""
    if size > limit:
        raise InputError(
            f"is {_megabytes(size)}; the limit is {_megabytes(limit)} (BRIEFING_MAX_DOCUMENT_BYTES)"
        )


def optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f'"{key}" must be a string')
    return value.strip() or None


def parse_published(value: object) -> date | datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError('"published" must be an ISO 8601 date string')
    try:
        if len(value.strip()) == 10:
            return date.fromisoformat(value.strip())
        return datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f'"published" is not an ISO 8601 date: {value[:40]!r}') from exc


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"

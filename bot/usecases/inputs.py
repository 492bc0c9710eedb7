"""Checking what people type and send: sizes, times of day, days, time zones, dates.

Each check returns the clean value or raises InputError with a message fit to show them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from types import MappingProxyType
from typing import Any

from bot.usecases.errors import InputError
from storage.query import DATE_FORMS, MAX_RECORD_ID, parse_moment
from storage.values import DEFAULT_WEEKDAYS
from storage.zones import is_zone
from summarizer.hygiene import one_line
from summarizer.rank import DEFAULT_METHOD, METHODS

__all__ = [
    "CLOCK",
    "DEFAULT_METHOD",
    "MAX_CHAT_ID",
    "MAX_ID",
    "METHODS",
    "check_size",
    "check_timezone",
    "could_be_article",
    "one_line",
    "optional_str",
    "parse_clock",
    "parse_count",
    "parse_days",
    "parse_id",
    "parse_published",
    "parse_when",
    "reads_like_article",
]

MAX_ID = MAX_RECORD_ID  # an article or source id
MAX_CHAT_ID = 2**63 - 1  # Telegram chat ids are BIGINT columns
_ASCII_NUMBER = re.compile(r"#?([0-9]{1,19})")
_ASCII_COUNT = re.compile(r"[0-9]{1,6}")


def parse_id(text: str, what: str = "an article") -> int:
    """An id as people type it ("12", "#12"): ASCII digits within the records' range only,
    so "²", "abc" or 25 digits get a reason rather than an OverflowError or a database
    error."""
    match = _ASCII_NUMBER.fullmatch(text.strip())
    if match is None or not 0 < int(match[1]) <= MAX_ID:
        shown = text.strip()[:30]
        raise InputError(f"{shown!r} is not {what} id; ids are whole numbers like 12")
    return int(match[1])


def parse_count(text: str, low: int, high: int, what: str) -> int:
    """A small count people type ("5"): ASCII digits from `low` to `high`, else a reason."""
    value = text.strip()
    if not _ASCII_COUNT.fullmatch(value) or not low <= int(value) <= high:
        raise InputError(f"{what}: a number from {low} to {high}, not {value[:20]!r}")
    return int(value)


# A sentence ends in . ! ? (or the Arabic ؟) before a space or the end, or in CJK 。！？.
_SENTENCE_END = re.compile(r"[.!?؟]+[\"'”’»)\]]*(?=\s|$)|[。！？]")


def reads_like_article(text: str) -> bool:
    """Whether a plain message is an article to summarise, not a remark: several
    sentences and a few hundred characters (a line or two gets a hint instead)."""
    body = text.strip()
    return len(body) >= 250 and len(_SENTENCE_END.findall(body)) >= 3


def could_be_article(text: str) -> bool:
    """Whether text given to /summary may be summarised: a sentence or more, not a word or
    two (long text always is: the summariser then says what is wrong with it)."""
    body = text.strip()
    return len(body) >= 200 or (len(_SENTENCE_END.findall(body)) >= 1 and len(body.split()) >= 8)


def parse_when(text: str, now: datetime, *, end: bool = False) -> datetime:
    """A date or span as every command takes it (see `storage.query.parse_moment`)."""
    moment = parse_moment(text, now, end=end)
    if moment is None:
        raise InputError(f"{text.strip()[:30]!r} is not a date; use {DATE_FORMS}")
    return moment


CLOCK = re.compile(r"([0-9]{1,2}):?([0-9]{2})")  # what parse_clock reads, ASCII digits only


def parse_clock(text: str) -> time:
    """ "07:30", "7:30", "0730" -> a time of day; anything else (Unicode digits too) is a
    clear error."""
    match = CLOCK.fullmatch(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise InputError(f"{text[:20]!r} is not a time of day; use HH:MM, e.g. 07:30")
    return time(int(match[1]), int(match[2]))


_DAY_NAMES = MappingProxyType(
    {name: str(i) for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), 1)}
)


def parse_days(text: str) -> str:
    """ "mon-fri", "weekdays", "sat,sun", "1234567", "daily" -> ISO weekday digits."""
    value = text.strip().lower()
    if value in {"daily", "every", "all"}:
        return DEFAULT_WEEKDAYS
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
    """An IANA zone name, checked by `storage.zones.is_zone`: `ZoneInfo` alone lets a tzdata
    folder such as "America" through to an IsADirectoryError later."""
    value = name.strip()
    if not is_zone(value):
        raise InputError(
            f"{value[:40]!r} is not a time zone; use an IANA name like Europe/Berlin or UTC"
        )
    return value


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

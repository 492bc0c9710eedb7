"""The archive's search language, parsed into a small, safe structure.

    Hwasong                  a word (every word must match)
    "drone strike"           a phrase
    -Trump  -"peace talks"   exclusions
    drone OR missile         alternatives
    Hwas*                    a prefix
    since:2024-01-01 until:2024-06  source:Reuters  actor:"Kim Jong Un"  weapon:HIMARS
    since:7d  since:24h  until:yesterday    (every date a person types: see `parse_moment`)

User text never reaches FTS5 or SQL as written: terms are reduced to letters and digits and
re-rendered by each backend, so quotes, NEAR(, column filters, NUL bytes or 5,000-character
queries cannot make a query fail.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from storage.terms import strip_marks

__all__ = [
    "DATE_FORMS",
    "MAX_OFFSET",
    "MAX_RECORD_ID",
    "Atom",
    "ParsedQuery",
    "parse_moment",
    "parse_query",
]

# Record ids (articles, sources) are INTEGER columns: 32-bit on PostgreSQL. An id past this
# is no record on either database, so inputs refuse it before any query is built.
MAX_RECORD_ID = 2**31 - 1
MAX_OFFSET = 10_000  # results a page may start after: deeper pages get a note, not a query
_MAX_QUERY_CHARS = 2000
_MAX_ATOMS = 24
_MAX_WORDS_PER_ATOM = 12
_MAX_WORD_CHARS = 64
_FILTERS = frozenset({"since", "until", "source", "actor", "weapon"})
_PIECE = re.compile(
    r'(?P<neg>-)?(?:(?P<key>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+))'
)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Atom:
    """Words that must appear together, in order; the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[tuple[Atom, ...], ...] = ()  # all groups must match; any atom of a group
    excluded: tuple[Atom, ...] = ()
    since: date | None = None
    until: date | None = None
    sources: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())  # parts ignored, said back to the user

    @property
    def has_terms(self) -> bool:
        return bool(self.groups)

    @property
    def is_empty(self) -> bool:
        return not (
            self.groups
            or self.excluded
            or self.since
            or self.until
            or self.sources
            or self.actors
            or self.weapons
        )


def parse_query(text: str, now: datetime | None = None) -> ParsedQuery:
    """Parse what a person typed; anything unusable is dropped, never an error. Relative
    dates (since:7d) count back from `now` (default: the current time)."""
    text = unicodedata.normalize("NFKC", text.replace("\x00", " "))[:_MAX_QUERY_CHARS]
    text = strip_marks(text)  # "المسيّرة" is one word, not two split at its shadda
    text = text.replace("“", '"').replace("”", '"')
    groups: list[list[Atom]] = []
    excluded: list[Atom] = []
    filters: dict[str, list[str]] = {name: [] for name in _FILTERS}
    notes: list[str] = []
    join_next = False
    for match in _PIECE.finditer(text):
        key = (match["key"] or "").lower()
        raw = match["quoted"] if match["quoted"] is not None else (match["bare"] or "")
        if key in _FILTERS and raw.strip():
            filters[key].append(raw.strip())
            continue
        if key:  # an unknown "column:" prefix is just text
            raw = f"{match['key']} {raw}"
        if match["bare"] == "OR" and not match["neg"] and not key:
            join_next = bool(groups)
            continue
        atom = _atom(raw, quoted=match["quoted"] is not None)
        if atom is None:
            continue
        if len(excluded) + sum(len(g) for g in groups) >= _MAX_ATOMS:
            notes.append("only the first terms of a long query are used")
            break
        if match["neg"]:
            excluded.append(atom)
        elif join_next:
            groups[-1].append(atom)
        else:
            groups.append([atom])
        join_next = False
    now = now or datetime.now(UTC)
    since = _dates(filters["since"], notes, now)
    until = _dates(filters["until"], notes, now, end=True)
    return ParsedQuery(
        groups=tuple(tuple(g) for g in groups),
        excluded=tuple(excluded),
        since=since,
        until=until,
        sources=tuple(filters["source"]),
        actors=tuple(filters["actor"]),
        weapons=tuple(filters["weapon"]),
        notes=tuple(dict.fromkeys(notes)),
    )


def _atom(raw: str, *, quoted: bool) -> Atom | None:
    prefix = not quoted and raw.rstrip().endswith("*")
    words = tuple(w.lower()[:_MAX_WORD_CHARS] for w in _WORD.findall(raw))[:_MAX_WORDS_PER_ATOM]
    words = tuple(w for w in words if w.replace("_", ""))
    if not words:
        return None
    return Atom(words, prefix=prefix and len(words[-1]) >= 2)


def _dates(values: list[str], notes: list[str], now: datetime, *, end: bool = False) -> date | None:
    """The first usable date (the period's end for until:)."""
    for value in values:
        moment = parse_moment(value, now, end=end)
        if moment is not None:
            return moment.date()
        notes.append(f"ignored date {value[:20]!r} (use {DATE_FORMS})")
    return None


DATE_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, 24h, 7d, today or yesterday"
# ASCII digits only: "²" or "١٢" are digits to `\d` but not dates anyone means.
_RELATIVE = re.compile(r"([0-9]{1,6})\s*(m|min|h|d|w)", re.IGNORECASE | re.ASCII)
_PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?", re.ASCII)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_moment(text: str, now: datetime, *, end: bool = False) -> datetime | None:
    """The one grammar for dates people type, in search filters and command options alike:
    a period (YYYY-MM-DD, YYYY-MM, YYYY: its first moment, or with `end` its last), today,
    yesterday, a span back from `now` (90m, 24h, 7d, 2w) or an ISO date-time. None when it
    is none of those or out of the calendar's range (years 1 to 9999 in UTC): never an
    exception, so no caller has to guess which ones to catch."""
    value = text.strip().lower()
    today = now.astimezone(UTC).date()
    try:
        if value in {"today", "yesterday"}:
            day = today - timedelta(days=value == "yesterday")
            return _day_bound(day, day, end=end)
        if match := _RELATIVE.fullmatch(value):
            return now.astimezone(UTC) - timedelta(**{_UNITS[match[2]]: int(match[1])})
        if match := _PERIOD.fullmatch(value):
            return _period(int(match[1]), match[2], match[3], end=end)
        if "t" in value or " " in value:
            moment = datetime.fromisoformat(text.strip())
            # In UTC like every other answer: "0001-01-01T00:00+05:00" has no UTC date.
            return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    return None


def _period(year: int, month: str | None, day: str | None, *, end: bool) -> datetime:
    if day is not None:
        first = last = date(year, int(month or 0), int(day))
    elif month is not None:
        first = date(year, int(month), 1)
        last = first.replace(day=calendar.monthrange(year, first.month)[1])
    else:
        first, last = date(year, 1, 1), date(year, 12, 31)
    return _day_bound(first, last, end=end)


def _day_bound(first: date, last: date, *, end: bool) -> datetime:
    return datetime.combine(last, time.max, UTC) if end else datetime.combine(first, time.min, UTC)

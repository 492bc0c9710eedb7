"""The archive's search language, parsed into a small, safe structure.

    Hwasong                  a word (every word must match)
    "drone strike"           a phrase
    -Trump  -"peace talks"   exclusions
    drone OR missile         alternatives
    Hwas*                    a prefix
    since:2024-01-01 until:2024-06  source:Reuters  actor:"Kim Jong Un"  weapon:HIMARS

User text never reaches FTS5 or SQL as written: terms are reduced to letters and digits and
re-rendered by each backend, so quotes, NEAR(, column filters, NUL bytes or 5,000-character
queries cannot make a query fail.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Atom", "ParsedQuery", "parse_query"]

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
        return not (self.groups or self.excluded or self.since or self.until or self.sources
                    or self.actors or self.weapons)  # fmt: skip


def parse_query(text: str) -> ParsedQuery:
    """Parse what a person typed; anything unusable is dropped, never an error."""
    text = unicodedata.normalize("NFKC", text.replace("\x00", " "))[:_MAX_QUERY_CHARS]
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
    since, until = _dates(filters["since"], notes), _dates(filters["until"], notes, end=True)
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


def _dates(values: list[str], notes: list[str], *, end: bool = False) -> date | None:
    """The first usable date: YYYY-MM-DD, YYYY-MM or YYYY (the period's end for until:)."""
    for value in values:
        parsed = _parse_day(value, end=end)
        if parsed is not None:
            return parsed
        notes.append(f"ignored date {value[:20]!r} (use YYYY-MM-DD)")
    return None


def _parse_day(value: str, *, end: bool) -> date | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if match is None:
        return None
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day is not None:
            return date(year, int(month), int(day))
        if month is not None:
            first = date(year, int(month), 1)
            if not end:
                return first
            following = date(year + (first.month == 12), first.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date(year, 12, 31) if end else date(year, 1, 1)
    except ValueError:
        return None

"""Timelines: the dated sentences of many articles, told once per event, in date order.

An article's date facts each keep the sentence that states them. A timeline keeps the ones
whose sentence is about what was asked (`Subject`), and joins the reports of one event: the
same date value, in sentences that share most of their content words. Dates keep their own
granularity ("2025", "2025-H2", "2025-10", "2025-W41", "2025-10-14", ranges "A/B").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from summarizer.rank import stem_sentences, stop_words

__all__ = [
    "SAME_EVENT",
    "DatedSentence",
    "Event",
    "Period",
    "Subject",
    "about",
    "events",
    "period_of",
]

# Two sentences with one date value tell one event when this share of the shorter one's
# content stems is in the other (chosen on half of bench/data/clusters.jsonl; see
# `python -m bench.timeline --quality`).
SAME_EVENT = 0.3
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_HALF = re.compile(r"(\d{4})-H([12])")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # not %b: locale-free


@dataclass(frozen=True)
class Period:
    """A date value as the days it covers."""

    start: date
    span: int  # days covered, 1 for a day
    value: str

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.span - 1)

    @property
    def label(self) -> str:
        """The date as a person writes it, at its own granularity: "14 Oct 2025", "Oct
        2025", "week of 6 Oct 2025", "H2 2025", "2025", "3 Oct 2025 – 5 Oct 2025"."""
        first, _, last = self.value.partition("/")
        if last:
            return f"{_label(first)} – {_label(last)}"
        return _label(first)

    @property
    def key(self) -> tuple[date, int, str]:
        """Date order, the wider period first: "2025", then "2025-10", then "2025-10-14"."""
        return self.start, -self.span, self.value


def period_of(value: str) -> Period | None:
    """The days a stored date value covers; None for anything else (an unresolved date)."""
    first, _, last = value.partition("/")
    start = _bounds(first)
    end = _bounds(last) if last else start
    if start is None or end is None or end[1] < start[0]:
        return None
    span = (end[1] - start[0]).days + 1
    return Period(start[0], span, value)


def _label(value: str) -> str:
    bounds = _bounds(value)
    if bounds is None:
        return value
    start = bounds[0]
    if _DAY.fullmatch(value):
        return f"{start.day} {_MONTHS[start.month - 1]} {start.year}"
    if _WEEK.fullmatch(value):
        return f"week of {start.day} {_MONTHS[start.month - 1]} {start.year}"
    if _MONTH.fullmatch(value):
        return f"{_MONTHS[start.month - 1]} {start.year}"
    if _HALF.fullmatch(value):
        return f"H{1 if start.month == 1 else 2} {start.year}"
    return str(start.year)


@lru_cache(maxsize=4096)
def _bounds(value: str) -> tuple[date, date] | None:
    try:
        if found := _DAY.fullmatch(value):
            day = date(int(found[1]), int(found[2]), int(found[3]))
            return day, day
        if found := _WEEK.fullmatch(value):
            monday = date.fromisocalendar(int(found[1]), int(found[2]), 1)
            return monday, monday + timedelta(days=6)
        if found := _MONTH.fullmatch(value):
            year, month = int(found[1]), int(found[2])
            first = date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        if found := _HALF.fullmatch(value):
            year, half = int(found[1]), int(found[2])
            return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (
                date(year, 7, 1), date(year, 12, 31))  # fmt: skip
        if found := _YEAR.fullmatch(value):
            year = int(found[1])
            return date(year, 1, 1), date(year, 12, 31)
    except ValueError:  # month 13, week 60, year 0
        return None
    return None


@dataclass(frozen=True)
class Subject:
    """What a sentence must be about: every group (a group is alternatives, each a run of
    words, the last one maybe a prefix), none of the excluded runs, and for each required
    name, one of its forms (an actor's or weapon's forms as the article wrote them).

    Words match as the archive's search does, loosely: a word counts when it starts with
    the asked word less its last two letters ("strikes" for "strike")."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    prefixes: frozenset[tuple[str, ...]] = frozenset()  # runs whose last word is a prefix

    def patterns(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        groups = [_any_of(group, self.prefixes) for group in self.groups]
        excluded = [_any_of((run,), self.prefixes) for run in self.excluded]
        return groups, excluded


def _any_of(
    runs: Sequence[tuple[str, ...]], prefixes: frozenset[tuple[str, ...]]
) -> re.Pattern[str]:
    alternatives = []
    for run in runs:
        words = []
        for i, word in enumerate(run):
            prefix = run in prefixes and i == len(run) - 1
            stem = word if prefix or len(word) <= 4 else word[: max(4, len(word) - 2)]
            words.append(re.escape(stem) + r"\w*")
        alternatives.append(r"\W+".join(words))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


def _names_pattern(forms: Sequence[str]) -> re.Pattern[str] | None:
    forms = sorted({f.strip() for f in forms if f.strip()}, key=len, reverse=True)
    if not forms:
        return None
    words = "|".join(r"\W+".join(map(re.escape, form.split())) for form in forms)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class DatedSentence:
    """One article's date fact: its value, the sentence that states it, and the forms of
    each required name that article used (one list per name the query asks for)."""

    value: str
    sentence: str
    article_id: int
    published: date | None = None
    names: tuple[tuple[str, ...], ...] = ()
    texts: tuple[str, ...] = ()  # the date as written ("late Monday"), when known


@dataclass(frozen=True)
class Event:
    period: Period
    sentence: str
    article_ids: tuple[int, ...]  # every report of it, the earliest first


def about(subject: Subject, found: Sequence[DatedSentence]) -> list[DatedSentence]:
    """The dated sentences that are about the subject."""
    groups, excluded = subject.patterns()
    kept = []
    for item in found:
        text = item.sentence
        if not text or not all(p.search(text) for p in groups):
            continue
        if any(p.search(text) for p in excluded):
            continue
        names = [_names_pattern(forms) for forms in item.names]
        if all(p is not None and p.search(text) for p in names):
            kept.append(item)
    return kept


def events(found: Sequence[DatedSentence]) -> list[Event]:
    """One event per date value and run of like sentences (single link), date order.

    The sentence shown is the one most like the others (the plainest common telling),
    the earliest report's on a tie."""
    by_value: dict[str, list[DatedSentence]] = {}
    for item in _finest(found):
        by_value.setdefault(item.value, []).append(item)
    made = []
    stops = stop_words()
    for value, items in by_value.items():
        period = period_of(value)
        if period is None:
            continue
        items.sort(key=lambda i: (i.published or date.max, i.article_id))
        stems = [
            {s for s in words if s not in stops and len(s) > 2}
            for words in stem_sentences([i.sentence for i in items])
        ]
        for members in _linked(stems):
            chosen = max(members, key=lambda m: (_centrality(m, members, stems), -m))
            ids = tuple(dict.fromkeys(items[m].article_id for m in members))
            made.append(Event(period, items[chosen].sentence, ids))
    made.sort(key=lambda e: (e.period.key, e.article_ids[0]))
    return made


def _finest(found: Sequence[DatedSentence]) -> list[DatedSentence]:
    """Without the dates a finer date of the same sentence falls in ("Earlier this month,
    on Nov. 6" is one event on 6 Nov, not one in November as well), and without the date
    a sentence is told on when it states another ("struck ... late Monday, officials said
    Tuesday" happened on Monday)."""
    periods = {item.value: period_of(item.value) for item in found}
    by_sentence: dict[tuple[int, str], list[Period]] = {}
    for item in found:
        if (period := periods[item.value]) is not None:
            by_sentence.setdefault((item.article_id, item.sentence), []).append(period)
    kept = []
    for item in found:
        period = periods[item.value]
        others = by_sentence.get((item.article_id, item.sentence), [])
        if period is not None and any(
            o.span < period.span and period.start <= o.start and o.end <= period.end for o in others
        ):
            continue
        if len(others) > 1 and _attribution_only(item):
            continue
        kept.append(item)
    return kept


_SAID = re.compile(
    r"\b(?:said|says|told|announced|reported|confirmed|added|stated|statement)"
    r"(?:\s+(?:on|late|early|in|a|statement|reporters|journalists))*\s+$",
    re.IGNORECASE,
)


def _attribution_only(item: DatedSentence) -> bool:
    """Whether every place the sentence writes this date follows a verb of saying."""
    places = [
        m.start()
        for text in item.texts
        if text
        for m in re.finditer(re.escape(text), item.sentence)
    ]
    return bool(places) and all(_SAID.search(item.sentence[max(0, p - 60) : p]) for p in places)


def _similar(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return len(a & b) / min(len(a), len(b))


def _linked(stems: list[set[str]]) -> list[list[int]]:
    """Groups of indices joined by similarity >= SAME_EVENT (union-find)."""
    parent = list(range(len(stems)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(stems)):
        for j in range(i + 1, len(stems)):
            if root(i) != root(j) and _similar(stems[i], stems[j]) >= SAME_EVENT:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(stems)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _centrality(m: int, members: list[int], stems: list[set[str]]) -> float:
    return sum(_similar(stems[m], stems[o]) for o in members if o != m)

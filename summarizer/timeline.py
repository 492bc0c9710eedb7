"""Timelines: the dated sentences of many articles, told once per event, in date order.

An article's date facts each keep the sentence that states them. A timeline keeps the ones
whose sentence is about what was asked (`Subject`), and joins the reports of one event: the
same date value, in sentences that share enough of their rarer content words. Dates keep their own
granularity ("2025", "2025-H2", "2025-10", "2025-W41", "2025-10-14", ranges "A/B").
"""

from __future__ import annotations

import calendar
import math
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from summarizer.rank import stem_sentences, stop_words

__all__ = [
    "PER_DATE",
    "SAME_EVENT",
    "DatedSentence",
    "Event",
    "Period",
    "Subject",
    "about",
    "events",
    "period_of",
]

# A sentence joins the reports of an event with its date value when, on average over them,
# this weighted share of the lighter sentence's content stems is in the other. Chosen, with
# average link and the words' weights, by 2-fold cross-validation over the groups of
# bench/data/clusters.jsonl, where both folds chose it (`python -m bench.timeline_events`).
SAME_EVENT = 0.15
PER_DATE = 60  # reports of one date value compared (the earliest; joining is quadratic)
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
            return first, first.replace(day=calendar.monthrange(year, month)[1])
        if found := _HALF.fullmatch(value):
            year, half = int(found[1]), int(found[2])
            if half == 1:
                return date(year, 1, 1), date(year, 6, 30)
            return date(year, 7, 1), date(year, 12, 31)
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

    def test(self) -> Callable[[str, tuple[tuple[str, ...], ...]], bool]:
        """Whether a sentence, with its article's forms of each required name, is about
        the subject (the patterns made once, for the thousands of sentences of a page)."""
        groups = [_any_of(group, self.prefixes) for group in self.groups]
        excluded = [_any_of((run,), self.prefixes) for run in self.excluded]

        def about(text: str, names: tuple[tuple[str, ...], ...]) -> bool:
            if not text or not all(p.search(text) for p in groups):
                return False
            if any(p.search(text) for p in excluded):
                return False
            patterns = [_names_pattern(forms) for forms in names]
            return all(p is not None and p.search(text) for p in patterns)

        return about


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


@lru_cache(maxsize=4096)
def _names_pattern(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for an article's forms of a name (articles share them: cached)."""
    forms = tuple(sorted({f.strip() for f in forms if f.strip()}, key=len, reverse=True))
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

    @property
    def tiebreak(self) -> int:
        """Orders events alike in start, span and first report (two dates of one article
        in one week, two events of one day): 30 bits of a checksum of the value and the
        sentence (small enough for button data's bounded numbers)."""
        return zlib.crc32(f"{self.period.value}\x00{self.sentence}".encode()) & 0x3FFFFFFF


def about(subject: Subject, found: Sequence[DatedSentence]) -> list[DatedSentence]:
    """The dated sentences that are about the subject."""
    test = subject.test()
    return [item for item in found if test(item.sentence, item.names)]


def events(found: Sequence[DatedSentence], same_event: float = SAME_EVENT) -> list[Event]:
    """One event per date value and run of like sentences (average link), date order.

    Likeness weighs each word by its rarity among all the sentences given (inverse
    document frequency): the words every report of the query shares ("said", the query's
    own words) tell two events apart less than a place or a number does. The sentence
    shown is the one most like the others, the earliest report's on a tie."""
    kept = _finest(found)
    stems = [_content_stems(item.sentence) for item in kept]
    frequency: dict[str, int] = {}
    for words in stems:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    weight = {word: math.log(1 + len(kept) / count) for word, count in frequency.items()}
    by_value: dict[str, list[int]] = {}
    for n, item in enumerate(kept):
        by_value.setdefault(item.value, []).append(n)
    made = []
    for value, members in by_value.items():
        period = period_of(value)
        if period is None:
            continue
        members.sort(key=lambda n: (kept[n].published or date.max, kept[n].article_id))
        del members[PER_DATE:]  # the earliest reports of a date told a thousand times
        sets = [stems[n] for n in members]
        masses = [sum(weight[w] for w in words) for words in sets]
        for group in _linked(sets, masses, weight, same_event):
            chosen = max(group, key=lambda m: (_centrality(m, group, sets, masses, weight), -m))
            ids = tuple(dict.fromkeys(kept[members[m]].article_id for m in group))
            made.append(Event(period, kept[members[chosen]].sentence, ids))
    made.sort(key=lambda e: (e.period.start, -e.period.span, e.article_ids[0], e.tiebreak))
    return made


def _finest(found: Sequence[DatedSentence]) -> list[DatedSentence]:
    """Without a coarser date that a finer one contains, in the same sentence ("Earlier this
    month, on Nov. 6" is 6 Nov, not November as well) or, for a relative one ("this
    month", "last year"), anywhere in the article (a headline's "this month" is the day its
    text names; an absolute "in 2022" elsewhere is an event of its own). And without the
    date a sentence is told on when it states another ("struck ... late Monday, officials
    said Tuesday" happened on Monday)."""
    periods = {item.value: period_of(item.value) for item in found}
    in_article: dict[int, list[Period]] = {}
    in_sentence: dict[tuple[int, str], list[Period]] = {}
    for item in found:
        if (period := periods[item.value]) is not None:
            in_article.setdefault(item.article_id, []).append(period)
            in_sentence.setdefault((item.article_id, item.sentence), []).append(period)
    kept = []
    for item in found:
        period = periods[item.value]
        same = in_sentence.get((item.article_id, item.sentence), [])
        relative = bool(item.texts) and all(_RELATIVE.search(t) for t in item.texts)
        others = in_article.get(item.article_id, []) if relative else same
        if period is not None and any(_inside(o, period) for o in others):
            continue
        if len(same) > 1 and _attribution_only(item):
            continue
        kept.append(item)
    return kept


_RELATIVE = re.compile(
    r"\b(?:this|last|next|that|the following|the previous|earlier|later)\b", re.I
)


def _inside(finer: Period, coarser: Period) -> bool:
    return finer.span < coarser.span and coarser.start <= finer.start and finer.end <= coarser.end


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


@lru_cache(maxsize=65_536)
def _content_stems(sentence: str) -> frozenset[str]:
    """A sentence's content words, stemmed (cached: a timeline's next chunk, and the next
    page, compare the same sentences again)."""
    stops = stop_words()
    [words] = stem_sentences([sentence])
    return frozenset(w for w in words if w not in stops and len(w) > 2)


def _similar(
    a: frozenset[str], b: frozenset[str], mass_a: float, mass_b: float, weight: dict[str, float]
) -> float:
    """The weighted share of the lighter sentence's words that the other one has."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    return sum(weight[w] for w in a & b) / min(mass_a, mass_b)


def _linked(
    sets: list[frozenset[str]], masses: list[float], weight: dict[str, float], threshold: float
) -> list[list[int]]:
    """Groups of indices, in order: each joins the group it is most like on average, when
    that is at least `threshold`, or starts one (average link: one loose pair cannot
    chain two events together, as single link lets it)."""
    groups: list[list[int]] = []
    for i, words in enumerate(sets):
        best, score = None, threshold
        for group in groups:
            total = sum(_similar(words, sets[o], masses[i], masses[o], weight) for o in group)
            if total / len(group) >= score:
                best, score = group, total / len(group)
        if best is None:
            groups.append([i])
        else:
            best.append(i)
    return groups


def _centrality(
    m: int,
    group: list[int],
    sets: list[frozenset[str]],
    masses: list[float],
    weight: dict[str, float],
) -> float:
    return sum(_similar(sets[m], sets[o], masses[m], masses[o], weight) for o in group if o != m)

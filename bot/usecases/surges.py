"""Surges: a watch item, actor or weapon mentioned far more today than in the 30 days before.

A watch item alerts on its surge at most once a day (`Briefings.surge_alerts`), and the daily
briefing carries a "rising" line (`Surges.rising`). Counts are per publication day, from the
search index for a watch item and from the stored facts for every actor and weapon at once;
each is kept for a few minutes, so a minute's subscribers share one count.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from storage import Database
from storage.query import Atom, ParsedQuery
from storage.search import daily_counts
from storage.timeline import fact_daily_counts
from storage.values import WatchKind
from summarizer.facts.weapons import is_weapon_class

__all__ = ["AVERAGE_DAYS", "RISING_NAMES", "Surge", "Surges", "surge_of", "watch_query"]

AVERAGE_DAYS = 30
# A surge: at least this many mentions in a day, and this many times the 30-day average.
SURGE_MIN = 5
SURGE_RATIO = 3.0
RISING_NAMES = 3  # names a briefing's "rising" line shows at most
_FRESH = timedelta(minutes=10)  # how long a count is reused
_CACHED = 4096
_CACHED_DAYS = 4  # today and yesterday, and a day's change at midnight
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Surge:
    name: str
    count: int  # mentions on the day
    average: float  # mentions a day over the 30 days before it
    day: date | None = None  # the day (UTC, by publication day)

    @property
    def ratio(self) -> float | None:
        """How many times the average; None when the 30 days before had none."""
        return self.count / self.average if self.average else None


def surge_of(name: str, counts: dict[date, int], day: date) -> Surge | None:
    """A surge on `day`: at least SURGE_MIN mentions and SURGE_RATIO times the average of
    the AVERAGE_DAYS before it (with none before, SURGE_MIN mentions make one)."""
    today = counts.get(day, 0)
    before = [counts.get(day - timedelta(days=n), 0) for n in range(1, AVERAGE_DAYS + 1)]
    average = sum(before) / AVERAGE_DAYS
    if today >= SURGE_MIN and today >= SURGE_RATIO * average:
        return Surge(name, today, average, day)
    return None


def watch_query(kind: WatchKind, value: str) -> ParsedQuery:
    """A watch item as a search query: an actor or weapon filter, or a keyword as a phrase
    whose last word may go on ("drone" matches "drones"), as watch-lists match stories."""
    if kind == "actor":
        return ParsedQuery(actors=(value,))
    if kind == "weapon":
        return ParsedQuery(weapons=(value,))
    words = tuple(w.lower() for w in _WORD.findall(value))[:12]
    if not words:
        return ParsedQuery()
    return ParsedQuery(groups=((Atom(words, prefix=len(words[-1]) >= 2),),))


class Surges:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._items: dict[tuple[WatchKind, str, date], tuple[datetime, Surge | None]] = {}
        self._facts: dict[date, tuple[datetime, list[Surge]]] = {}
        self._lock = threading.Lock()
        self._counting = threading.Lock()  # one count of every name at a time

    def of_item(self, kind: WatchKind, value: str, day: date, now: datetime) -> Surge | None:
        """The watch item's surge on `day`, if it has one."""
        key = (kind, value, day)
        with self._lock:
            cached = self._items.get(key)
        if cached is not None and now - cached[0] < _FRESH:
            return cached[1]
        query = watch_query(kind, value)
        first = day - timedelta(days=AVERAGE_DAYS)
        counts: dict[date, int] = {}
        if not query.is_empty:
            with self._db.read() as session:
                bounded = ParsedQuery(query.groups, (), first, day, (), query.actors, query.weapons)
                counts = daily_counts(session, bounded, day)
        surge = surge_of(value, counts, day)
        with self._lock:
            if len(self._items) >= _CACHED:
                self._items.pop(next(iter(self._items)))
            self._items[key] = (now, surge)
        return surge

    def rising(self, watch: Sequence[tuple[str, str]], day: date, now: datetime) -> list[Surge]:
        """What a briefing's "rising" line names: the subscriber's surging watch items,
        then the most surging actors and weapons of the whole archive."""
        found: list[Surge] = []
        for kind, value in watch:
            if kind in ("actor", "weapon", "keyword"):
                surge = self.of_item(kind, value, day, now)  # type: ignore[arg-type]
                if surge is not None:
                    found.append(surge)
        names = {s.name.casefold() for s in found}
        for surge in self._fact_surges(day, now):
            if len(found) >= RISING_NAMES:
                break
            if surge.name.casefold() not in names:
                found.append(surge)
        return found[:RISING_NAMES]

    def _fact_surges(self, day: date, now: datetime) -> list[Surge]:
        """Every actor's and weapon's surge on `day`, strongest first. One caller counts at
        a time, and the others take its result: at a briefing minute, many ask at once."""
        with self._counting:
            with self._lock:
                cached = self._facts.get(day)
            if cached is not None and now - cached[0] < _FRESH:
                return cached[1]
            with self._db.read() as session:
                per_name = fact_daily_counts(session, day - timedelta(days=AVERAGE_DAYS), day)
            surges = [
                surge
                for name, counts in per_name.items()
                if not is_weapon_class(name) and (surge := surge_of(name, counts, day))
            ]
            # Strongest first; a name new this month counts its mentions over half a day's.
            surges.sort(key=lambda s: (-s.count / max(s.average, 0.5), -s.count, s.name))
            with self._lock:
                if len(self._facts) >= _CACHED_DAYS:
                    self._facts.pop(next(iter(self._facts)))
                self._facts[day] = (now, surges)
            return surges

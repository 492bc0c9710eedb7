"""Trends: how often the archive mentions something, per day or week, and whether it is
rising against its 30-day average (a surge: what a watch item alerts on).

A mention is a matching article, counted on its publication day. Counts come from the
search index (`storage.search.daily_counts`): one grouped count per query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Literal, get_args

from bot.usecases.archive import Archive
from bot.usecases.errors import InputError
from bot.usecases.surges import AVERAGE_DAYS
from storage.query import ParsedQuery
from storage.search import daily_counts

__all__ = [
    "AVERAGE_DAYS",
    "BUCKETS",
    "MAX_TREND_QUERIES",
    "Bucket",
    "Series",
    "Trend",
    "Trends",
]

Bucket = Literal["day", "week"]
BUCKETS: tuple[Bucket, ...] = get_args(Bucket)
MAX_TREND_QUERIES = 4
DEFAULT_SPAN = {"day": timedelta(days=90), "week": timedelta(weeks=52)}
MAX_SPAN = timedelta(days=3660)


@dataclass(frozen=True)
class Series:
    query: str
    points: tuple[tuple[date, int], ...]  # each bucket's first day and its mentions
    averages: tuple[float, ...]  # the trailing 30-day average at each bucket, per bucket

    @property
    def total(self) -> int:
        return sum(count for _, count in self.points)

    @property
    def peak(self) -> tuple[date, int] | None:
        return max(self.points, key=lambda p: (p[1], p[0])) if self.total else None


@dataclass(frozen=True)
class Trend:
    series: tuple[Series, ...]
    since: date
    until: date
    by: Bucket


class Trends(Archive):
    def trend(
        self,
        queries: Sequence[str],
        *,
        since: date | None = None,
        until: date | None = None,
        by: Bucket = "day",
        today: date | None = None,
    ) -> Trend:
        """Mentions of each query per day or week in [since, until] (default: the last 90
        days by day, the last 52 weeks by week), each with its 30-day average."""
        if by not in BUCKETS:
            raise InputError(f"a trend counts by {' or by '.join(BUCKETS)}")
        if not 1 <= len(queries) <= MAX_TREND_QUERIES:
            raise InputError(f"a trend compares 1 to {MAX_TREND_QUERIES} queries")
        parsed = [self._subject_query(text) for text in queries]
        today = today or datetime.now(UTC).date()
        # Dates in a query (since:2024-01) count when no option gives them.
        until = until or next((q.until for q in parsed if q.until), None) or today
        since = since or next((q.since for q in parsed if q.since), None)
        since = since or until - DEFAULT_SPAN[by] + timedelta(days=1)
        if since > until:
            raise InputError("the trend's start is after its end")
        if until - since > MAX_SPAN:
            raise InputError("a trend spans at most ten years")
        first = since - timedelta(days=AVERAGE_DAYS)
        with self._db.read() as session:
            counts = [
                daily_counts(session, replace(q, since=first, until=until), today) for q in parsed
            ]
        return Trend(
            tuple(_series(t, c, since, until, by) for t, c in zip(queries, counts, strict=True)),
            since,
            until,
            by,
        )

    def trend_chart(self, trend: Trend) -> bytes:
        """The trend drawn as a PNG (CPU-bound: about a fifth of a second)."""
        from bot.usecases.trend_chart import render_png  # noqa: PLC0415 - matplotlib

        return render_png(trend)

    def _subject_query(self, text: str) -> ParsedQuery:
        query = self._parsed(text)
        if not (query.groups or query.actors or query.weapons):
            raise InputError(f"{text[:60]!r}: a trend counts words, actor:NAME or weapon:NAME")
        return query


def _series(query: str, counts: dict[date, int], since: date, until: date, by: Bucket) -> Series:
    days = [since + timedelta(days=n) for n in range((until - since).days + 1)]
    window = sum(counts.get(since - timedelta(days=n), 0) for n in range(1, AVERAGE_DAYS))
    per_day: list[tuple[date, int, float]] = []  # day, count, trailing 30-day average
    for day in days:
        window += counts.get(day, 0)
        per_day.append((day, counts.get(day, 0), window / AVERAGE_DAYS))
        window -= counts.get(day - timedelta(days=AVERAGE_DAYS - 1), 0)
    if by == "day":
        return Series(query, tuple((d, c) for d, c, _ in per_day), tuple(a for *_, a in per_day))
    weeks: dict[date, list[tuple[date, int, float]]] = {}
    for item in per_day:
        weeks.setdefault(item[0] - timedelta(days=item[0].weekday()), []).append(item)
    return Series(
        query,
        tuple((max(monday, since), sum(c for _, c, _ in items)) for monday, items in weeks.items()),
        tuple(7 * items[-1][2] for items in weeks.values()),
    )

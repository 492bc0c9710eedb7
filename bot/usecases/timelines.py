"""Timelines: what happened with an actor, weapon or keyword, as dated events.

The archive's date facts keep the sentence that states each date. A timeline reads the
articles a query matches, newest first, keeps their dated sentences about the query, and
joins the reports of one event (`summarizer.timeline`). It reads only as many articles as
the page needs: an event's reports are published on or after it, so once the articles read
reach back past an event's date, every report of it has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.usecases.archive import Archive
from bot.usecases.errors import InputError
from storage.query import ParsedQuery
from storage.search import matching_days
from storage.timeline import ArticleRef, article_refs, date_rows, name_forms
from storage.values import FactCategory
from summarizer.timeline import DatedSentence, Event, Subject, events

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy.orm import Session

__all__ = [
    "MAX_PAGES_BACK",
    "MAX_TIMELINE_LIMIT",
    "TIMELINE_LIMIT",
    "Cursor",
    "Timeline",
    "TimelineEntry",
    "TimelineSource",
    "Timelines",
]

TIMELINE_LIMIT = 20
MAX_TIMELINE_LIMIT = 100
MAX_PAGES_BACK = 50
READ_AT_MOST = 1000  # matching articles one page reads, newest first (the next goes on)
_EVER = 10**7  # wider than any period: a cursor before every event starting on its day
_FIRST_CHUNK = 200  # articles read at first; each further read doubles
REPORT_LAG = timedelta(days=31)  # how long after an event a report is still looked for
CURSOR_LAG = timedelta(days=3)  # the reports a Later page reads of an event before it shows it
_WINDOW_DAYS = (31, 122, 487, 1461)  # the windows of days the matches are asked for in
_NO_SUBJECT = "a timeline follows words, actor:NAME or weapon:NAME (dates alone follow nothing)"

TimelineSource = ArticleRef


@dataclass(frozen=True)
class TimelineEntry:
    date: str  # the stored ISO value: "2025", "2025-H2", "2025-10", "2025-W41", "2025-10-14"
    label: str  # the same, as a person writes it ("14 Oct 2025")
    sentence: str
    sources: tuple[TimelineSource, ...]  # earliest first


@dataclass(frozen=True, order=True)
class Cursor:
    """An event's place in a timeline's order (its start, the wider first, its first
    report): where a page ends, so the next page starts right after it whatever else the
    archive gained or the reading depth changed."""

    day: int  # the ordinal of the event's first day
    wider: int  # minus the days it covers
    first: int  # the id of its first report
    tie: int = 0  # `Event.tiebreak`: events alike in all of the above

    @property
    def read_to(self) -> bool:
        """A cursor of no event: every event that starts before `day`; the page it came
        from read everything published since."""
        return self.wider == -_EVER

    @classmethod
    def of(cls, event: Event) -> Cursor:
        period = event.period
        return cls(period.start.toordinal(), -period.span, event.article_ids[0], event.tiebreak)


@dataclass(frozen=True)
class Timeline:
    query: str
    entries: tuple[TimelineEntry, ...]  # date order, oldest first
    earlier: Cursor | None  # set when older entries may follow: pass it as `before`
    later: Cursor | None  # set when newer entries follow: pass it as `after`
    notes: tuple[str, ...] = ()
    articles_read: int = 0


class Timelines(Archive):
    def timeline(
        self,
        text: str,
        *,
        since: date | None = None,
        until: date | None = None,
        limit: int = TIMELINE_LIMIT,
        before: Cursor | None = None,
        after: Cursor | None = None,
        pages_back: int = 0,
    ) -> Timeline:
        """The newest `limit` events (before a cursor, or `pages_back` pages back), or the
        oldest `limit` after a cursor; shown oldest first. `since` and `until` (or since:
        and until: in the query) bound the events' dates."""
        if not 1 <= limit <= MAX_TIMELINE_LIMIT:
            raise InputError(f"a timeline shows 1 to {MAX_TIMELINE_LIMIT} entries")
        if not 0 <= pages_back <= MAX_PAGES_BACK:
            raise InputError(f"a timeline pages back at most {MAX_PAGES_BACK} times")
        query = self._parsed(text)
        if not (query.groups or query.actors or query.weapons):
            raise InputError(_NO_SUBJECT)
        since = max(d for d in (since, query.since, date.min) if d is not None)
        until = min(d for d in (until, query.until, date.max) if d is not None)
        if after is not None:
            return replace(self._later(query, since, until, limit, after), query=text)
        found = self._page(query, since, until, limit, before)
        for _ in range(pages_back):  # each page starts where the one before it ended
            if found.earlier is None:
                return replace(found, query=text, entries=(), later=None)
            found = self._page(query, since, until, limit, found.earlier)
        return replace(found, query=text)

    def _page(
        self,
        query: ParsedQuery,
        since: date,
        until: date,
        limit: int,
        before: Cursor | None,
    ) -> Timeline:
        # Reports come after events: the articles to read start at `since`, and end a
        # REPORT_LAG after `until` (later background mentions are left out), or a few days
        # after the event a page goes on from, or (`Cursor.read_to`) at the oldest day the
        # page before read, when it stopped at READ_AT_MOST: everything newer was read.
        last = until + REPORT_LAG if until < date.max - REPORT_LAG else None
        if before is not None:
            until = min(until, date.fromordinal(max(1, before.day)))
            if before.read_to:
                last = date.fromordinal(max(1, before.day - 1))
            elif until < date.max - REPORT_LAG:
                last = min(last or date.max, until + REPORT_LAG)
        reading = replace(query, since=since if since > date.min else None, until=last)

        def wanted(event: Event) -> bool:
            place = Cursor.of(event)
            return _within(event, since, until) and (before is None or place < before)

        def enough(found: list[Event], oldest: date) -> bool:
            return sum(e.period.start > oldest for e in found if wanted(e)) > limit

        with self._db.read() as session:
            found, read, oldest, exhausted = self._events(session, reading, enough)
            chosen = [e for e in found if wanted(e)]  # newest first
            complete = [e for e in chosen if e.period.start > oldest or exhausted]
            page, more_later = complete[:limit], before is not None
            if exhausted:
                earlier = Cursor.of(page[-1]) if page and len(chosen) > len(page) else None
            elif len(page) == limit:
                earlier = Cursor.of(page[-1])
            else:
                # READ_AT_MOST came first: the next page goes on from the oldest day read
                # (the events left start on or before it, complete or not), and always
                # further back than this one (a day of more matches than that is cut).
                day = oldest.toordinal() + 1
                if before is not None:
                    day = min(day, before.day - 1 if before.read_to else before.day)
                earlier = Cursor(day, -_EVER, 0)
            refs = article_refs(session, [i for event in page for i in event.article_ids])
        entries = tuple(_entry(event, refs) for event in reversed(page))
        later = Cursor.of(page[0]) if page and more_later else None
        return Timeline("", entries, earlier, later, query.notes, read)

    def _later(
        self, query: ParsedQuery, since: date, until: date, limit: int, after: Cursor
    ) -> Timeline:
        """The oldest `limit` events after a cursor ("Later »"). The articles from the
        cursor's day on are read oldest first, until `limit` events after the cursor have
        had CURSOR_LAG days of reports read (or no article is left)."""
        start = max(date.fromordinal(max(1, after.day)), since)
        last = until + REPORT_LAG if until < date.max - REPORT_LAG else None
        reading = replace(query, since=start, until=last)
        newest = date.min

        def chosen(found: list[Event]) -> list[Event]:
            return [
                e
                for e in found  # newest first
                if _within(e, since, until)
                and Cursor.of(e) > after
                and (e.period.start <= newest - CURSOR_LAG or newest == date.max)
            ]

        def enough(found: list[Event], newest_read: date) -> bool:
            nonlocal newest
            newest = newest_read
            return len(chosen(found)) > limit

        with self._db.read() as session:
            found, read, newest_read, exhausted = self._events(
                session, reading, enough, oldest_first=True
            )
            newest = date.max if exhausted else newest_read
            ahead = chosen(found)
            if not ahead and not exhausted:  # READ_AT_MOST within CURSOR_LAG: go on anyway
                newest = newest_read + CURSOR_LAG
                ahead = chosen(found)
            page = ahead[-limit:]
            refs = article_refs(session, [i for event in page for i in event.article_ids])
        entries = tuple(_entry(event, refs) for event in reversed(page))
        more = len(ahead) > limit or not exhausted
        later = Cursor.of(page[0]) if page and more else None
        # An empty page still leads back: to the events up to and with the cursor's.
        earlier = Cursor.of(page[-1]) if page else replace(after, tie=after.tie + 1)
        return Timeline("", entries, earlier, later, query.notes, read)

    def _events(
        self,
        session: Session,
        query: ParsedQuery,
        enough: Callable[[list[Event], date], bool],
        *,
        oldest_first: bool = False,
    ) -> tuple[list[Event], int, date, bool]:
        """Events newest first, read (newest first, or oldest first) until `enough` says so
        given the last day read; how many articles were read, that day, and whether those
        were all the matches."""
        is_about = _subject(query).test()
        names: list[tuple[FactCategory, str]] = [("actor", a) for a in query.actors]
        names += [("weapon", w) for w in query.weapons]
        collected: list[DatedSentence] = []
        found: list[Event] = []
        read, exhausted, last = 0, True, date.min if oldest_first else date.max
        parts = _oldest_first(session, query) if oldest_first else _newest_first(session, query)
        for part in parts:
            read += len(part)
            days = dict(part)
            ids = list(days)
            forms = [name_forms(session, ids, c, n) for c, n in names]
            written = {i: tuple(tuple(dict.fromkeys(f.get(i, ()))) for f in forms) for i in ids}
            for row in date_rows(session, ids):
                names_written = written.get(row.article_id, ())
                if is_about(row.sentence, names_written):  # (most rows are not)
                    collected.append(
                        DatedSentence(
                            row.value,
                            row.sentence,
                            row.article_id,
                            days.get(row.article_id),
                            names_written,
                            row.texts,
                        )
                    )
            found = events(collected)[::-1]
            days_read = [day for _, day in part if day is not None]
            if oldest_first:
                last = max(days_read, default=last)
            else:
                last = min(days_read, default=date.min)
            if enough(found, last):
                exhausted = False
                break
        else:
            exhausted = read < READ_AT_MOST
        return found, read, last, exhausted


def _newest_first(session: Session, query: ParsedQuery) -> Iterator[list[tuple[int, date | None]]]:
    """The matching articles, newest first, in chunks of growing size (at most READ_AT_MOST
    in all). They are asked for a window of days at a time, the newest month first: sorting
    a month's matches by day is cheap, sorting 30,000 matches of a common word is not."""
    newest = query.until or datetime.now(UTC).date()
    left, size = READ_AT_MOST, _FIRST_CHUNK
    waiting: list[tuple[int, date | None]] = []
    for since, until in _windows(newest, query.since, query.until):
        rows = matching_days(session, replace(query, since=since, until=until), left)
        left -= len(rows)
        waiting += rows
        while len(waiting) >= size:
            yield waiting[:size]
            waiting, size = waiting[size:], size * 2
        if left <= 0:
            break
    if waiting:
        yield waiting


def _oldest_first(session: Session, query: ParsedQuery) -> Iterator[list[tuple[int, date | None]]]:
    """The matching articles from `query.since` on, oldest first, in growing chunks."""
    rows = matching_days(session, query, READ_AT_MOST, oldest_first=True)
    position, size = 0, _FIRST_CHUNK
    while position < len(rows):
        yield rows[position : position + size]
        position, size = position + size, size * 2


def _windows(
    newest: date, first: date | None, last: date | None
) -> Iterator[tuple[date | None, date | None]]:
    """Windows of days back from `newest`, growing, from `last` (or, open, the future:
    articles dated ahead) down to `first` (or the beginning)."""
    until = last
    for days in _WINDOW_DAYS:
        if newest.toordinal() <= days + 1:  # the calendar's first days: no window before
            break
        since = newest - timedelta(days=days)
        if first is not None and since <= first:
            break
        yield since, until
        until = since - timedelta(days=1)
    yield first, until


def _never(_found: list[Event], _oldest: date) -> bool:
    return False


def _within(event: Event, since: date, until: date) -> bool:
    return event.period.end >= since and event.period.start <= until


def _subject(query: ParsedQuery) -> Subject:
    return Subject(
        groups=tuple(tuple(atom.words for atom in group) for group in query.groups),
        excluded=tuple(atom.words for atom in query.excluded),
        prefixes=frozenset(
            atom.words
            for atom in (*(a for g in query.groups for a in g), *query.excluded)
            if atom.prefix
        ),
    )


def _entry(event: Event, refs: dict[int, ArticleRef]) -> TimelineEntry:
    sources = tuple(refs[i] for i in event.article_ids if i in refs)
    return TimelineEntry(event.period.value, event.period.label, event.sentence, sources)

"""Timelines: what happened with an actor, weapon or keyword, as dated events.

The archive's date facts keep the sentence that states each date. A timeline reads the
articles a query matches, newest first, keeps their dated sentences about the query, and
joins the reports of one event (`summarizer.timeline`). It reads only as many articles as
the page needs: an event's reports are published on or after it, so once the articles read
reach back past an event's date, every report of it has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.usecases.archive import Archive
from bot.usecases.errors import InputError
from storage.query import ParsedQuery
from storage.search import matching_days
from storage.timeline import ArticleRef, article_refs, date_rows, name_forms
from storage.values import FactCategory
from summarizer.timeline import DatedSentence, Event, Period, Subject, about, events

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "MAX_TIMELINE_LIMIT",
    "TIMELINE_LIMIT",
    "Timeline",
    "TimelineEntry",
    "TimelineSource",
    "Timelines",
]

TIMELINE_LIMIT = 20
MAX_TIMELINE_LIMIT = 100
READ_AT_MOST = 5000  # matching articles one timeline reads, newest first
_FIRST_CHUNK = 200  # articles read at first; each further read doubles
REPORT_LAG = timedelta(days=31)  # how long after an event a report is still looked for
_NO_SUBJECT = "a timeline follows words, actor:NAME or weapon:NAME (dates alone follow nothing)"

TimelineSource = ArticleRef


@dataclass(frozen=True)
class TimelineEntry:
    date: str  # the stored ISO value: "2025", "2025-H2", "2025-10", "2025-W41", "2025-10-14"
    label: str  # the same, as a person writes it ("14 Oct 2025")
    sentence: str
    sources: tuple[TimelineSource, ...]  # earliest first


@dataclass(frozen=True)
class Timeline:
    query: str
    entries: tuple[TimelineEntry, ...]  # date order, oldest first
    offset: int  # newer entries skipped (a page further back)
    earlier: bool  # older entries may follow
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
        offset: int = 0,
        today: date | None = None,
    ) -> Timeline:
        """The newest `limit` events after skipping `offset`, shown oldest first; `since`
        and `until` (or since:/until: in the query) bound the events' dates."""
        if not 1 <= limit <= MAX_TIMELINE_LIMIT:
            raise InputError(f"a timeline shows 1 to {MAX_TIMELINE_LIMIT} entries")
        query = self._parsed(text)
        if not (query.groups or query.actors or query.weapons):
            raise InputError(_NO_SUBJECT)
        since = max(d for d in (since, query.since, date.min) if d is not None)
        until = min(d for d in (until, query.until, date.max) if d is not None)
        # Reports come after events: the articles to read start at `since`, and end a
        # REPORT_LAG after `until` (later background mentions are left out).
        last = until + REPORT_LAG if until < date.max - REPORT_LAG else None
        reading = replace(query, since=since if since > date.min else None, until=last)
        with self._db.read() as session:
            found, read, exhausted = self._events(session, reading, since, until, offset + limit)
            page = found[offset : offset + limit]
            refs = article_refs(session, [i for event in page for i in event.article_ids])
        entries = tuple(_entry(event, refs) for event in reversed(page))
        earlier = len(found) > offset + limit or not exhausted
        return Timeline(text, entries, offset, earlier, query.notes, read)

    def _events(
        self, session: Session, query: ParsedQuery, since: date, until: date, wanted: int
    ) -> tuple[list[Event], int, bool]:
        """Events newest first, at least `wanted` complete ones when the archive has them;
        how many articles were read, and whether those were all the matches."""
        rows = matching_days(session, query, READ_AT_MOST)
        subject = _subject(query)
        names: list[tuple[FactCategory, str]] = [("actor", a) for a in query.actors]
        names += [("weapon", w) for w in query.weapons]
        collected: list[DatedSentence] = []
        position, chunk = 0, _FIRST_CHUNK
        found: list[Event] = []
        while position < len(rows):
            part = rows[position : position + chunk]
            position, chunk = position + len(part), chunk * 2
            days = dict(part)
            ids = list(days)
            forms = [name_forms(session, ids, c, n) for c, n in names]
            dated = [
                DatedSentence(
                    row.value,
                    row.sentence,
                    row.article_id,
                    days.get(row.article_id),
                    tuple(tuple(f.get(row.article_id, ())) for f in forms),
                    row.texts,
                )
                for row in date_rows(session, ids)
            ]
            collected += about(subject, dated)
            found = [e for e in events(collected)[::-1] if _within(e.period, since, until)]
            oldest = min((day for _, day in part if day is not None), default=date.min)
            if sum(event.period.start > oldest for event in found) > wanted:
                break
        return found, position, position >= len(rows) and len(rows) < READ_AT_MOST


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


def _within(period: Period, since: date, until: date) -> bool:
    return period.end >= since and period.start <= until


def _entry(event: Event, refs: dict[int, ArticleRef]) -> TimelineEntry:
    sources = tuple(refs[i] for i in event.article_ids if i in refs)
    return TimelineEntry(event.period.value, event.period.label, event.sentence, sources)

"""Sources: named origins of articles, and the RSS/Atom feeds that are polled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Article, Source
from storage.values import SourceKind

__all__ = [
    "FeedState",
    "SourceRecord",
    "add_feed",
    "due_feeds",
    "list_sources",
    "record_poll",
    "remove_source",
]

_MAX_BACKOFF_STEPS = 6  # a failing feed waits at most 2**6 polling intervals


@dataclass(frozen=True)
class FeedState:
    id: int
    name: str
    url: str
    etag: str | None
    last_modified: str | None
    failures: int


def due_feeds(session: Session, now: datetime, interval: timedelta) -> list[FeedState]:
    """Active feeds due for polling; a failing feed waits twice as long after each failure."""
    feeds = session.scalars(
        select(Source).where(
            Source.kind == "feed", Source.active.is_(True), Source.url.is_not(None)
        )
    ).all()
    due = []
    for feed in feeds:
        wait = interval * 2 ** min(feed.failures, _MAX_BACKOFF_STEPS)
        # The query has only feeds with a URL; the check says so to the type checker.
        if feed.url is not None and (
            feed.last_polled_at is None or now - feed.last_polled_at >= wait
        ):
            due.append(
                FeedState(
                    feed.id, feed.name, feed.url, feed.etag, feed.last_modified, feed.failures
                )
            )
    return due


def record_poll(
    session: Session,
    source_id: int,
    now: datetime,
    *,
    ok: bool,
    etag: str | None = None,
    last_modified: str | None = None,
) -> None:
    """After a poll: new validators on success (kept on 304), one more failure otherwise."""
    source = session.get(Source, source_id)
    if source is None:
        return
    source.last_polled_at = now
    if ok:
        source.failures = 0
        source.etag = etag or source.etag
        source.last_modified = last_modified or source.last_modified
    else:
        source.failures += 1


@dataclass(frozen=True)
class SourceRecord:
    id: int
    name: str
    kind: SourceKind
    url: str | None
    active: bool
    articles: int


def list_sources(session: Session) -> list[SourceRecord]:
    counts = (
        select(Article.source_id, func.count().label("n")).group_by(Article.source_id).subquery()
    )
    rows = session.execute(
        select(Source, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.source_id == Source.id)
        .order_by(Source.kind, Source.name)
    ).all()
    return [SourceRecord(s.id, s.name, s.kind, s.url, s.active, int(n)) for s, n in rows]


def add_feed(session: Session, url: str, name: str | None = None) -> tuple[SourceRecord, bool]:
    """Register a feed to poll; (record, True) when it is new."""
    existing = session.scalars(select(Source).where(Source.url == url)).first()
    if existing is not None:
        existing.active = True
        return _record(existing), False
    base = name or urlsplit(url).hostname or url
    candidate, number = base[:190], 2
    while session.scalars(select(Source.id).where(Source.name == candidate)).first():
        candidate, number = f"{base[:180]} ({number})", number + 1
    source = Source(name=candidate, kind="feed", url=url, active=True, failures=0)
    session.add(source)
    session.flush()
    return _record(source), True


def remove_source(session: Session, source_id: int) -> SourceRecord | None:
    """Stop polling a feed; its articles stay in the archive."""
    source = session.get(Source, source_id)
    if source is None:
        return None
    source.active = False
    return _record(source)


def _record(source: Source) -> SourceRecord:
    return SourceRecord(source.id, source.name, source.kind, source.url, source.active, 0)

"""Sources and feeds: adding, OPML import and export, polling (with back-off), removal."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from bot.usecases.errors import BriefingError, InputError, NotFound, Unavailable, translated
from bot.usecases.ingest import Ingest, describe_exception
from bot.usecases.inputs import check_size
from storage.sources import (
    FeedState,
    SourceRecord,
    add_feed,
    due_feeds,
    list_sources,
    record_poll,
    remove_source,
)
from summarizer.hygiene import one_line
from summarizer.urls import MAX_URL, url_problem

if TYPE_CHECKING:
    from summarizer.opml import OpmlFeed

__all__ = ["FeedList", "FeedPoll", "Feeds", "OpmlImport", "OutlineOutcome"]

OutlineStatus = Literal["added", "already polled", "duplicate", "invalid"]
_COUNT_OF: Mapping[OutlineStatus, str] = MappingProxyType(
    {
        "added": "added",
        "already polled": "already_polled",
        "duplicate": "duplicates",
        "invalid": "invalid",
    }
)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedPoll:
    feed: str
    status: str  # ok | not modified | failed
    stored: int
    error: str | None = None


@dataclass(frozen=True)
class OutlineOutcome:
    """One feed outline of an imported OPML file (numbered from 1 in file order); its
    `--json` shape is in `bot.cli.shapes`."""

    outline: int
    feed: OpmlFeed
    status: OutlineStatus
    source: SourceRecord | None = None
    error: str | None = None


@dataclass(frozen=True)
class OpmlImport:
    """What an OPML import did, outline by outline."""

    outcomes: list[OutlineOutcome]

    def counts(self) -> dict[str, int]:
        """`{"feeds", "added", "already_polled", "duplicates", "invalid"}`."""
        counts = {
            "feeds": len(self.outcomes),
            "added": 0,
            "already_polled": 0,
            "duplicates": 0,
            "invalid": 0,
        }
        for outcome in self.outcomes:
            counts[_COUNT_OF[outcome.status]] += 1
        return counts


@dataclass(frozen=True)
class FeedList:
    """The polled feeds as an OPML file, and how many it lists."""

    opml: bytes
    feeds: int


class Feeds(Ingest):
    """The sources polled for articles; a poll stores what is new through `Ingest`."""

    def sources(self) -> list[SourceRecord]:
        with self._db.read() as session:
            return list_sources(session)

    def add_feed(self, url: str) -> tuple[SourceRecord, bool]:
        _check_feed_url(url)
        with self._db.transaction() as session:
            return add_feed(session, url)

    def import_opml(self, data: bytes) -> OpmlImport:
        """Poll the feeds an OPML file lists (any reader's export): each URL is checked as
        `add_feed` checks it; feeds already polled, and ones the file lists twice, are not
        added again; a bad outline is reported and the others still go in."""
        from summarizer.opml import parse_opml  # noqa: PLC0415

        check_size(len(data), self._settings.max_document_bytes)
        with translated():
            feeds = parse_opml(data)
        outcomes: list[OutlineOutcome] = []
        first: dict[str, OutlineOutcome] = {}
        with self._db.transaction() as session:
            for number, feed in enumerate(feeds, start=1):
                try:
                    _check_feed_url(feed.url)
                except InputError as exc:
                    reason = str(exc) if feed.url else "has no xmlUrl (feed URL)"
                    outcomes.append(OutlineOutcome(number, feed, "invalid", error=reason))
                    continue
                if (earlier := first.get(feed.url)) is not None:
                    why = f"listed twice (first as outline {earlier.outline})"
                    outcomes.append(OutlineOutcome(number, feed, "duplicate", earlier.source, why))
                    continue
                record, new = add_feed(session, feed.url, feed.title)
                outcome = OutlineOutcome(number, feed, "added" if new else "already polled", record)
                first[feed.url] = outcome
                outcomes.append(outcome)
        return OpmlImport(outcomes)

    def export_opml(self) -> FeedList:
        """The feeds being polled as OPML 2.0, for any feed reader (or `import_opml`)."""
        from summarizer.opml import OpmlFeed, write_opml  # noqa: PLC0415

        feeds = [
            OpmlFeed(s.url, s.name)
            for s in self.sources()
            if s.kind == "feed" and s.active and s.url
        ]
        opml = write_opml(feeds, title="Briefing feeds", created=datetime.now(UTC))
        return FeedList(opml, len(feeds))

    def register_feeds(self) -> None:
        """The feeds named in the configuration (BRIEFING_FEEDS) are polled."""
        for url in self._settings.feeds:
            self.add_feed(url)

    async def poll_feeds(self, now: datetime | None = None) -> list[FeedPoll]:
        """Poll every feed that is due: 304s cost nothing, new items are stored (with their
        facts), failures back off."""
        now = now or datetime.now(UTC)
        interval = timedelta(minutes=self._settings.feed_interval_minutes)
        with self._db.read() as session:
            feeds = due_feeds(session, now, interval)
        return [await self._poll(feed, now) for feed in feeds]

    async def _poll(self, feed: FeedState, now: datetime) -> FeedPoll:
        """One feed's poll. Whatever goes wrong with it (a refusal, or any exception at all
        from fetching, parsing or storing) is that feed's failure: recorded, so it backs
        off, and logged as one line; the other feeds are still polled. Cancellation (a
        BaseException) still stops the poll."""
        from bot.usecases.fetch import fetch_document  # noqa: PLC0415

        try:
            fetched = await fetch_document(
                feed.url, self.fetch_policy, etag=feed.etag, last_modified=feed.last_modified
            )
            stored = 0
            if fetched.status != 304:
                report = await asyncio.to_thread(
                    self.ingest_bytes,
                    fetched.data,
                    name=feed.url,
                    url=None,
                    content_type=fetched.content_type,
                    source=feed.name,
                )
                stored = sum(1 for r in report.results if not r.duplicate)
        except Unavailable as exc:  # named by the storage's own class, as an unexpected one
            logger.debug("feed %s failed", feed.name, exc_info=True)
            return self._poll_failed(feed, now, describe_exception(exc.__cause__ or exc))
        except BriefingError as exc:
            return self._poll_failed(feed, now, str(exc))
        except Exception as exc:  # an unexpected one: the same, with the class named
            logger.debug("feed %s failed", feed.name, exc_info=True)
            return self._poll_failed(feed, now, describe_exception(exc))
        with self._db.transaction() as session:
            record_poll(
                session,
                feed.id,
                now,
                ok=True,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
            )
        return FeedPoll(feed.name, "not modified" if fetched.status == 304 else "ok", stored)

    def _poll_failed(self, feed: FeedState, now: datetime, reason: str) -> FeedPoll:
        """Record a feed's failure (it backs off) and log it as one line."""
        logger.warning("feed %s failed: %s", one_line(feed.name, 120), reason)
        with self._db.transaction() as session:
            record_poll(session, feed.id, now, ok=False)
        return FeedPoll(feed.name, "failed", 0, reason)

    def remove_source(self, source_id: int) -> SourceRecord:
        with self._db.transaction() as session:
            record = remove_source(session, source_id)
        if record is None:
            raise NotFound(f"no source with id {source_id}")
        return record


def _check_feed_url(url: str) -> None:
    """A feed URL is http(s) with a host, and fits the sources table (`summarizer.urls`)."""
    problem = url_problem(url)
    if problem is None:
        return
    if problem.startswith("is longer than"):
        raise InputError(f"feed URL longer than {MAX_URL} characters: {one_line(url)}")
    if problem in {"is not an http(s) URL", "has no host name", "is empty", "is not a string"}:
        raise InputError(f"not an http(s) feed URL: {one_line(url)}")
    raise InputError(f"not an http(s) feed URL ({problem.removeprefix('is ')}): {one_line(url)}")

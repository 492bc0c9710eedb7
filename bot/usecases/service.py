"""Briefing's use cases, the only code that calls both `storage` and `summarizer`.

The CLI and the Telegram handlers call these methods; they own the transactions.

The text pipeline (documents, summaries, facts), fetching, briefings, search and the backup
format are imported by the methods that use them: `briefing stats` starts without them.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from bot.usecases.config import Settings
from bot.usecases.errors import BriefingError, FetchError, InputError, NotFound
from bot.usecases.inputs import (
    check_size,
    check_timezone,
    optional_str,
    parse_clock,
    parse_days,
    parse_published,
)
from storage import (
    ArchiveStats,
    ArticleRecord,
    Database,
    NewArticle,
    StoredFact,
    add_article,
    archive_stats,
    article_facts,
    find_duplicate,
    get_article,
    latest_articles,
    replace_facts,
)
from storage.audience import (
    WATCH_KINDS,
    ChatInfo,
    SubscriptionRecord,
    add_watch,
    deactivate_chat,
    get_subscription,
    load_state,
    remember_chat,
    remove_watch,
    save_state,
    subscribe,
    unsubscribe,
    update_subscription,
)
from storage.errors import StorageError
from storage.sources import (
    FeedState,
    SourceRecord,
    add_feed,
    due_feeds,
    list_sources,
    record_poll,
    remove_source,
)
from summarizer.facts import FactExtractor
from summarizer.hygiene import one_line
from summarizer.rank import summarize
from summarizer.urls import MAX_URL, url_problem

if TYPE_CHECKING:
    from bot.usecases.analysis import ArticleCard
    from bot.usecases.briefings import Briefing, Briefings
    from bot.usecases.fetch import FetchedDocument, FetchPolicy
    from storage.backup import ImportReport
    from storage.search import SearchPage
    from summarizer.documents import ArticleDraft
    from summarizer.opml import OpmlFeed

__all__ = [
    "BriefingService",
    "DigestItem",
    "FeedList",
    "FeedPoll",
    "IngestReport",
    "IngestResult",
    "LineOutcome",
    "OpmlImport",
    "OutlineOutcome",
]

SAMPLES_SOURCE = "Briefing demo samples"
OutlineStatus = Literal["added", "already polled", "duplicate", "invalid"]
_COUNT_OF: dict[OutlineStatus, str] = {"added": "added", "already polled": "already_polled",
                                       "duplicate": "duplicates", "invalid": "invalid"}  # fmt: skip
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    """One document's outcome; `to_json` is the `briefing ingest --json` contract."""

    id: int
    title: str
    published: date | None
    duplicate: bool

    def to_json(self) -> dict[str, Any]:
        published = self.published.isoformat() if self.published else None
        return {
            "id": self.id,
            "title": self.title,
            "published": published,
            "duplicate": self.duplicate,
        }


@dataclass(frozen=True)
class IngestReport:
    """Articles a document yielded, and the parts of it skipped (feed items without text)."""

    results: list[IngestResult]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # fields dropped from kept ones


@dataclass(frozen=True)
class FeedPoll:
    feed: str
    status: str  # ok | not modified | failed
    stored: int
    error: str | None = None


@dataclass(frozen=True)
class DigestItem:
    article: ArticleRecord
    summary: list[str]
    facts: list[StoredFact] = field(default_factory=list)

    def facts_line(self, category: str, limit: int = 5) -> str:
        """The most mentioned facts of one category, for a one-line overview."""
        chosen = [f for f in self.facts if f.category == category and f.name]
        chosen.sort(key=lambda f: -f.count)
        if category == "weapon":
            return ", ".join(f"{f.name} ({f.kind})" for f in chosen[:limit])
        return ", ".join(f.name or "" for f in chosen[:limit])


@dataclass(frozen=True)
class LineOutcome:
    """One JSON line of a batch: its result or its error, never both."""

    line: int
    result: IngestResult | None = None
    error: str | None = None


@dataclass(frozen=True)
class OutlineOutcome:
    """One feed outline of an imported OPML file (numbered from 1 in file order);
    `to_json` is the `briefing sources import --json` contract."""

    outline: int
    feed: OpmlFeed
    status: OutlineStatus
    source: SourceRecord | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "outline": self.outline,
            "title": self.feed.title,
            "folder": self.feed.folder,
            "url": self.feed.url or None,
            "status": self.status,
            "id": self.source.id if self.source else None,
            "error": self.error,
        }


@dataclass(frozen=True)
class OpmlImport:
    """What an OPML import did, outline by outline."""

    outcomes: list[OutlineOutcome]

    def counts(self) -> dict[str, int]:
        """`{"feeds", "added", "already_polled", "duplicates", "invalid"}`."""
        counts = {"feeds": len(self.outcomes), "added": 0, "already_polled": 0,
                  "duplicates": 0, "invalid": 0}  # fmt: skip
        for outcome in self.outcomes:
            counts[_COUNT_OF[outcome.status]] += 1
        return counts


@dataclass(frozen=True)
class FeedList:
    """The polled feeds as an OPML file, and how many it lists."""

    opml: bytes
    feeds: int


class BriefingService:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        facts: FactExtractor | Callable[[], FactExtractor],
    ) -> None:
        """`facts`: the extractor, or what makes it when facts are first needed (most
        commands never compute any, and skip importing the extractor's code)."""
        self._db = db
        self._settings = settings
        self._facts_source = facts
        self._briefings: Briefings | None = None
        self._lock = threading.Lock()  # the bot's threads: each of those is made once

    @property
    def _facts(self) -> FactExtractor:
        with self._lock:
            if not isinstance(self._facts_source, FactExtractor):
                self._facts_source = self._facts_source()
            return self._facts_source

    @property
    def fetch_policy(self) -> FetchPolicy:
        from bot.usecases.fetch import FetchPolicy  # noqa: PLC0415

        return FetchPolicy(
            timeout=self._settings.fetch_timeout,
            max_bytes=self._settings.max_document_bytes,
            allow_private=self._settings.allow_private_urls,
        )

    # -- ingestion -------------------------------------------------------------------------

    def ingest_bytes(
        self,
        data: bytes,
        *,
        name: str | None = None,
        url: str | None = None,
        content_type: str | None = None,
        source: str | None = None,
    ) -> IngestReport:
        """Store every article of a text, HTML or RSS/Atom document."""
        from summarizer.documents import DocumentError, parse_document  # noqa: PLC0415

        check_size(len(data), self._settings.max_document_bytes)
        try:
            parsed = parse_document(data, name=name, url=url, content_type=content_type)
        except DocumentError as exc:
            raise InputError(str(exc)) from exc
        fallback_source = source or _host_name(url)
        results = [self._store(draft, source or draft.source or fallback_source)
                   for draft in parsed.articles]  # fmt: skip
        return IngestReport(results, parsed.skipped, parsed.notes)

    async def ingest_url(self, url: str, *, source: str | None = None) -> IngestReport:
        """Fetch a URL (under the SSRF and size policy) and store what it holds."""
        from bot.usecases.fetch import fetch_document  # noqa: PLC0415

        fetched = await fetch_document(check_fetch_url(url), self.fetch_policy)
        return await asyncio.to_thread(
            self.ingest_bytes,
            fetched.data,
            name=urlsplit(fetched.url).path,
            url=fetched.url,
            content_type=fetched.content_type,
            source=source,
        )

    def ingest_record(self, record: object) -> IngestResult:
        """Store one JSON-lines record: `text` required; `url`, `title`, `published`, `source`."""
        if not isinstance(record, dict):
            raise InputError("is not a JSON object")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError('has no "text" (a non-empty string is required)')
        check_size(len(text.encode("utf-8", "surrogatepass")), self._settings.max_document_bytes)
        url = optional_str(record, "url")
        if url is not None and (problem := url_problem(url)) is not None:
            raise InputError(f'"url" {problem}: {_shown(url)}')
        published = parse_published(record.get("published"))
        from summarizer.documents import DocumentError, draft_from_text  # noqa: PLC0415

        try:
            draft = draft_from_text(
                text,
                title=optional_str(record, "title"),
                url=url,
                published=published,
                source=optional_str(record, "source"),
            )
        except DocumentError as exc:
            raise InputError(str(exc)) from exc
        return self._store(draft, draft.source or _host_name(url))

    def ingest_jsonl(self, lines: Iterable[bytes]) -> Iterator[LineOutcome]:
        """Store a JSON-lines batch; a bad line is reported and the rest still go in.

        Each line ends as a result or a one-line error: the reader (`bot.usecases.jsonlines`) turns
        any bytes into a value or a reason, and anything else that goes wrong with one
        line's article is that line's error. Only the database failing stops the batch."""
        from bot.usecases.jsonlines import read_json_lines  # noqa: PLC0415

        for line in read_json_lines(lines):
            if line.error is not None:
                yield LineOutcome(line.number, error=line.error)
                continue
            try:
                yield LineOutcome(line.number, result=self.ingest_record(line.value))
            except InputError as exc:
                yield LineOutcome(line.number, error=str(exc))
            except StorageError:
                raise
            except Exception as exc:  # one line's surprise is that line's error
                logger.warning("JSON line %d failed: %s", line.number, _one_line(exc))
                yield LineOutcome(line.number, error=f"could not be stored ({_one_line(exc)})")

    def load_samples(self) -> IngestReport:
        """Store the demo articles shipped in the package (duplicates are skipped)."""
        folder = resources.files("bot") / "samples"
        results: list[IngestResult] = []
        for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if item.name.endswith(".txt"):
                report = self.ingest_bytes(item.read_bytes(), name=item.name, source=SAMPLES_SOURCE)
                results.extend(report.results)
        return IngestReport(results)

    # -- reading ---------------------------------------------------------------------------

    def article(self, article_id: int) -> ArticleRecord:
        with self._db.read() as session:
            record = get_article(session, article_id)
        if record is None:
            raise NotFound(f"no article with id {article_id}")
        return record

    def latest(self, limit: int = 10) -> list[ArticleRecord]:
        with self._db.read() as session:
            return latest_articles(session, limit)

    def digest(self, limit: int = 10, sentences: int = 2) -> list[DigestItem]:
        """The newest articles, each with its extractive summary and stored facts."""
        return self.latest_page(limit, 0, sentences)[0]

    def latest_page(
        self, limit: int, offset: int, sentences: int = 1
    ) -> tuple[list[DigestItem], bool]:
        """A page of the newest articles with their summaries and facts, and whether older
        ones follow."""
        items = []
        with self._db.read() as session:
            records = latest_articles(session, limit + 1, offset)
            more = len(records) > limit
            records = records[:limit]
            facts = {r.id: article_facts(session, r.id) for r in records}
        for record in records:
            summary = summarize(record.text, sentences=sentences).sentences
            items.append(DigestItem(record, summary, facts[record.id]))
        return items, more

    def stats(self) -> ArchiveStats:
        with self._db.read() as session:
            return archive_stats(session)

    # -- helpers ---------------------------------------------------------------------------

    # -- cards: an article's title, summary and facts, for the bot ---------------------------

    def prepare(self) -> None:
        """Read the gazetteers and load the NER model now, not with the first article."""
        self._facts.load()

    def card_for_text(self, text: str) -> ArticleCard:
        """Summary and facts of pasted text (nothing is stored). CPU-bound."""
        from bot.usecases.analysis import text_card  # noqa: PLC0415

        return text_card(self._facts, text, max_bytes=self._settings.max_document_bytes)

    def card_for_bytes(
        self,
        data: bytes,
        *,
        name: str | None = None,
        url: str | None = None,
        content_type: str | None = None,
    ) -> ArticleCard:
        """Summary and facts of a document's first article (nothing is stored). CPU-bound."""
        from bot.usecases.analysis import document_card  # noqa: PLC0415

        return document_card(self._facts, data, name=name, url=url, content_type=content_type,
                             max_bytes=self._settings.max_document_bytes)  # fmt: skip

    async def fetch(self, url: str) -> FetchedDocument:
        """A URL's document, under the SSRF and size policy."""
        from bot.usecases.fetch import fetch_document  # noqa: PLC0415

        return await fetch_document(url, self.fetch_policy)

    def card_for_article(self, article_id: int) -> ArticleCard:
        from bot.usecases.analysis import ArticleCard  # noqa: PLC0415

        record = self.article(article_id)
        summary = summarize(record.text, sentences=3).sentences
        return ArticleCard(record.title, record.url, record.source, record.published_on,
                           summary, self.article_facts(article_id), record.id)  # fmt: skip

    def latest_card(self) -> ArticleCard | None:
        newest = self.latest(1)
        return self.card_for_article(newest[0].id) if newest else None

    # -- chats, subscriptions, watch-lists --------------------------------------------------

    def remember_chat(self, chat: ChatInfo) -> None:
        with self._db.transaction() as session:
            remember_chat(session, chat)

    def mark_blocked(self, chat_id: int) -> None:
        with self._db.transaction() as session:
            deactivate_chat(session, chat_id)

    def subscribe(
        self, chat: ChatInfo, at: str | None = None, timezone: str | None = None
    ) -> SubscriptionRecord:
        """Subscribe (or change the time of) a chat's daily briefing; defaults from config."""
        when = parse_clock(at) if at else self._settings.briefing_time
        zone = check_timezone(timezone) if timezone else self._settings.timezone
        with self._db.transaction() as session:
            return subscribe(session, chat, zone, when)

    def unsubscribe(self, chat_id: int) -> bool:
        with self._db.transaction() as session:
            return unsubscribe(session, chat_id)

    def subscription(self, chat_id: int) -> SubscriptionRecord | None:
        with self._db.read() as session:
            return get_subscription(session, chat_id)

    def change_subscription(
        self,
        chat_id: int,
        *,
        at: str | None = None,
        timezone: str | None = None,
        items: int | None = None,
        days: str | None = None,
    ) -> SubscriptionRecord:
        if items is not None and not 1 <= items <= 20:
            raise InputError("items per briefing must be between 1 and 20")
        if days is not None:
            days = parse_days(days)
        with self._db.transaction() as session:
            record = update_subscription(
                session,
                chat_id,
                timezone=check_timezone(timezone) if timezone else None,
                briefing_time=parse_clock(at) if at else None,
                items=items,
                weekdays=days,
            )
        if record is None:
            raise NotFound("this chat has no subscription yet: /subscribe first")
        return record

    def watch(self, chat: ChatInfo, kind: str, value: str) -> bool:
        if kind not in WATCH_KINDS:
            raise InputError(f"watch-list items are {', '.join(WATCH_KINDS)}")
        if not value.strip():
            raise InputError(f"give the {kind} to watch")
        if kind == "actor":
            value = self._facts.canonical_actor(value.strip())
        elif kind == "weapon":
            value = self._facts.canonical_weapon(value.strip())
        with self._db.transaction() as session:
            return add_watch(session, chat, kind, value)

    def unwatch(self, chat_id: int, kind: str, value: str) -> bool:
        with self._db.transaction() as session:
            return remove_watch(session, chat_id, kind, value)

    def save_state(self, chat_id: int, kind: str, payload: dict[str, Any]) -> int:
        with self._db.transaction() as session:
            return save_state(session, chat_id, kind, payload)

    def load_state(self, state_id: int, chat_id: int) -> dict[str, Any] | None:
        with self._db.read() as session:
            return load_state(session, state_id, chat_id)

    # -- sources -----------------------------------------------------------------------------

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
        from summarizer.opml import OpmlError, parse_opml  # noqa: PLC0415

        check_size(len(data), self._settings.max_document_bytes)
        try:
            feeds = parse_opml(data)
        except OpmlError as exc:
            raise InputError(str(exc)) from exc
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

        feeds = [OpmlFeed(s.url, s.name) for s in self.sources()
                 if s.kind == "feed" and s.active and s.url]  # fmt: skip
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
            fetched = await fetch_document(feed.url, self.fetch_policy, etag=feed.etag,
                                           last_modified=feed.last_modified)  # fmt: skip
            stored = 0
            if fetched.status != 304:
                report = await asyncio.to_thread(
                    self.ingest_bytes, fetched.data, name=feed.url, url=None,
                    content_type=fetched.content_type, source=feed.name,
                )  # fmt: skip
                stored = sum(1 for r in report.results if not r.duplicate)
        except BriefingError as exc:
            return self._poll_failed(feed, now, str(exc))
        except Exception as exc:  # an unexpected one: the same, with the class named
            logger.debug("feed %s failed", feed.name, exc_info=True)
            return self._poll_failed(feed, now, _one_line(exc))
        with self._db.transaction() as session:
            record_poll(session, feed.id, now, ok=True, etag=fetched.etag,
                        last_modified=fetched.last_modified)  # fmt: skip
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

    @property
    def briefings(self) -> Briefings:
        with self._lock:
            if self._briefings is None:
                from bot.usecases.briefings import Briefings  # noqa: PLC0415

                settings = self._settings
                self._briefings = Briefings(
                    self._db,
                    settings.empty_note,
                    timedelta(hours=settings.grace_hours),
                    lease=timedelta(seconds=settings.claim_lease_seconds),
                    retry_after=timedelta(seconds=settings.delivery_retry_seconds),
                )
            return self._briefings

    def compose_briefing(
        self, chat_id: int | None = None, since: datetime | None = None, *, on_demand: bool = False
    ) -> Briefing:
        """The briefing a chat would get now (its settings and watch-list, since its last
        briefing), or a default one; `since` overrides the start of the window. Asked for
        `on_demand` (/brief), a briefing with nothing new shows the latest stories instead."""
        subscription = self.subscription(chat_id) if chat_id is not None else None
        if since is not None and subscription is not None:
            subscription = replace(subscription, last_briefing_at=since)
        now = datetime.now(UTC)
        stories = self.briefings.stories(since, now, capped=False) if since is not None else None
        return self.briefings.compose(subscription, now, stories, on_demand=on_demand)

    def subscribers(self) -> list[SubscriptionRecord]:
        return self.briefings.subscriptions()

    def search(self, text: str, *, limit: int = 10, offset: int = 0) -> SearchPage:
        """Search the archive; actor and weapon filters accept any known form ("US")."""
        from storage.query import parse_query  # noqa: PLC0415
        from storage.search import search  # noqa: PLC0415

        query = parse_query(text)
        query = replace(
            query,
            actors=tuple(self._facts.canonical_actor(a) for a in query.actors),
            weapons=tuple(self._facts.canonical_weapon(w) for w in query.weapons),
        )
        with self._db.read() as session:
            return search(session, query, limit=limit, offset=offset)

    def export_backup(self) -> Iterator[dict[str, Any]]:
        """The archive and the audience as backup records (see `storage.backup`)."""
        from storage.backup import export_records  # noqa: PLC0415

        return export_records(self._db, now=datetime.now(UTC))

    def import_backup(self, lines: Iterable[tuple[int, bytes]]) -> ImportReport:
        """Add a backup's records that this database lacks."""
        from storage.backup import import_records  # noqa: PLC0415

        return import_records(self._db, lines)

    def article_facts(self, article_id: int) -> list[StoredFact]:
        with self._db.read() as session:
            return article_facts(session, article_id)

    def _store(self, draft: ArticleDraft, source: str | None) -> IngestResult:
        """Store a new article with its facts; the facts are computed only for new ones."""
        from bot.usecases.analysis import stored_facts  # noqa: PLC0415

        with self._db.read() as session:
            known = find_duplicate(session, draft.url, draft.text)
        if known is not None:
            return IngestResult(known.id, known.title, known.published_on, duplicate=True)
        facts = self._facts.extract(f"{draft.title}\n{draft.text}", draft.published_on)
        # The draft and the storage record carry the same fields by design.
        new = NewArticle(**(vars(draft) | {"source": source}))
        with self._db.transaction() as session:
            added = add_article(session, new)
            if not added.duplicate:
                replace_facts(session, added.id, stored_facts(facts))
        return IngestResult(added.id, added.title, added.published_on, added.duplicate)


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


def check_fetch_url(url: str) -> str:
    """A URL given to fetch, as `summarizer.urls` accepts it, or a FetchError in one line
    (`http://[::1` and `:99999` used to reach urllib and end in a traceback)."""
    problem = url_problem(url)
    if problem == "is not an http(s) URL":  # the words `bot.usecases.fetch` uses for these two
        scheme = url.strip().split(":", 1)[0].lower() if ":" in url else "?"
        raise FetchError(f"only http and https URLs can be fetched, not {one_line(scheme, 20)}:")
    if problem == "has no host name":
        raise FetchError("URL has no host")
    if problem is not None:
        raise FetchError(f"not a URL that can be fetched: it {problem}")
    return url.strip()


def _host_name(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # not a URL at all: no host to name the source after
        return None
    return host.removeprefix("www.") or None


def _shown(value: str) -> str:
    return repr(one_line(value))


def _one_line(exc: BaseException) -> str:
    """An unexpected exception as one line: its class and the first line of its message."""
    lines = str(exc).splitlines()
    return f"{type(exc).__name__}: {one_line(lines[0], 160)}" if lines else type(exc).__name__

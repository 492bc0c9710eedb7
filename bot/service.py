"""Briefing's use cases, the only code that calls both `storage` and `summarizer`.

The CLI and the Telegram handlers call these methods; they own the transactions.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.briefings import Briefing, Briefings
from bot.config import Settings
from bot.errors import BriefingError, InputError, NotFound
from bot.fetch import FetchedDocument, FetchPolicy, fetch_document
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
from storage.query import parse_query
from storage.search import SearchPage, search
from storage.sources import (
    FeedState,
    SourceRecord,
    add_feed,
    due_feeds,
    list_sources,
    record_poll,
    remove_source,
)
from summarizer.clean import clean_scraped_text
from summarizer.documents import ArticleDraft, DocumentError, draft_from_text, parse_document
from summarizer.facts import ArticleFacts, FactExtractor
from summarizer.facts.ner import NerUnavailable, load_spacy_recognizer
from summarizer.rank import DEFAULT_METHOD, Summary, SummaryError, summarize

__all__ = [
    "ArticleCard",
    "BriefingService",
    "DigestItem",
    "DocumentSummary",
    "IngestReport",
    "IngestResult",
    "LineOutcome",
    "build_fact_extractor",
    "check_size",
    "document_card",
    "facts_jsonl",
    "facts_of_document",
    "stored_facts",
    "summarize_document",
    "summarize_jsonl",
    "summarize_text",
    "text_card",
]

SAMPLES_SOURCE = "Briefing demo samples"
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


@dataclass(frozen=True)
class ArticleCard:
    """What the bot shows for an article: title, summary, facts and where it came from."""

    title: str
    url: str | None
    source: str | None
    published: date | None
    summary: list[str]
    facts: list[StoredFact]
    article_id: int | None


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


class BriefingService:
    def __init__(self, db: Database, settings: Settings, facts: FactExtractor) -> None:
        self._db = db
        self._settings = settings
        self._facts = facts
        self._briefings = Briefings(db, settings.empty_note, timedelta(hours=settings.grace_hours))

    @property
    def fetch_policy(self) -> FetchPolicy:
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
        check_size(len(data), self._settings.max_document_bytes)
        try:
            parsed = parse_document(data, name=name, url=url, content_type=content_type)
        except DocumentError as exc:
            raise InputError(str(exc)) from exc
        fallback_source = source or _host_name(url)
        results = [self._store(draft, source or draft.source or fallback_source)
                   for draft in parsed.articles]  # fmt: skip
        return IngestReport(results, parsed.skipped)

    async def ingest_url(self, url: str, *, source: str | None = None) -> IngestReport:
        """Fetch a URL (under the SSRF and size policy) and store what it holds."""
        fetched = await fetch_document(url, self.fetch_policy)
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
        url = _optional_str(record, "url")
        if url is not None and urlsplit(url).scheme not in {"http", "https"}:
            raise InputError(f'"url" is not an http(s) URL: {url[:80]!r}')
        published = _parse_published(record.get("published"))
        try:
            draft = draft_from_text(
                text,
                title=_optional_str(record, "title"),
                url=url,
                published=published,
                source=_optional_str(record, "source"),
            )
        except DocumentError as exc:
            raise InputError(str(exc)) from exc
        return self._store(draft, draft.source or _host_name(url))

    def ingest_jsonl(self, lines: Iterable[bytes]) -> Iterator[LineOutcome]:
        """Store a JSON-lines batch; a bad line is reported and the rest still go in."""
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except UnicodeDecodeError:
                yield LineOutcome(number, error="is not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield LineOutcome(number, error=f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            try:
                yield LineOutcome(number, result=self.ingest_record(record))
            except InputError as exc:
                yield LineOutcome(number, error=str(exc))

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
        items = []
        with self._db.read() as session:
            records = latest_articles(session, limit)
            facts = {r.id: article_facts(session, r.id) for r in records}
        for record in records:
            summary = summarize(record.text, sentences=sentences).sentences
            items.append(DigestItem(record, summary, facts[record.id]))
        return items

    def stats(self) -> ArchiveStats:
        with self._db.read() as session:
            return archive_stats(session)

    # -- helpers ---------------------------------------------------------------------------

    # -- cards: an article's title, summary and facts, for the bot ---------------------------

    def card_for_text(self, text: str) -> ArticleCard:
        """Summary and facts of pasted text (nothing is stored). CPU-bound."""
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
        return document_card(self._facts, data, name=name, url=url, content_type=content_type,
                             max_bytes=self._settings.max_document_bytes)  # fmt: skip

    async def fetch(self, url: str) -> FetchedDocument:
        """A URL's document, under the SSRF and size policy."""
        return await fetch_document(url, self.fetch_policy)

    def card_for_article(self, article_id: int) -> ArticleCard:
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
        if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).hostname:
            raise InputError(f"not an http(s) feed URL: {url[:80]}")
        with self._db.transaction() as session:
            return add_feed(session, url)

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
            with self._db.transaction() as session:
                record_poll(session, feed.id, now, ok=False)
            logger.warning("feed %s failed: %s", feed.name, exc)
            return FeedPoll(feed.name, "failed", 0, str(exc))
        with self._db.transaction() as session:
            record_poll(session, feed.id, now, ok=True, etag=fetched.etag,
                        last_modified=fetched.last_modified)  # fmt: skip
        return FeedPoll(feed.name, "not modified" if fetched.status == 304 else "ok", stored)

    def remove_source(self, source_id: int) -> SourceRecord:
        with self._db.transaction() as session:
            record = remove_source(session, source_id)
        if record is None:
            raise NotFound(f"no source with id {source_id}")
        return record

    @property
    def briefings(self) -> Briefings:
        return self._briefings

    def compose_briefing(
        self, chat_id: int | None = None, since: datetime | None = None
    ) -> Briefing:
        """The briefing a chat would get now (its settings and watch-list, since its last
        briefing), or a default one; `since` overrides the start of the window."""
        subscription = self.subscription(chat_id) if chat_id is not None else None
        if since is not None and subscription is not None:
            subscription = replace(subscription, last_briefing_at=since)
        now = datetime.now(UTC)
        stories = self.briefings.stories(since, now, capped=False) if since is not None else None
        return self.briefings.compose(subscription, now, stories)

    def subscribers(self) -> list[SubscriptionRecord]:
        return self.briefings.subscriptions()

    def search(self, text: str, *, limit: int = 10, offset: int = 0) -> SearchPage:
        """Search the archive; actor and weapon filters accept any known form ("US")."""
        query = parse_query(text)
        query = replace(
            query,
            actors=tuple(self._facts.canonical_actor(a) for a in query.actors),
            weapons=tuple(self._facts.canonical_weapon(w) for w in query.weapons),
        )
        with self._db.read() as session:
            return search(session, query, limit=limit, offset=offset)

    def article_facts(self, article_id: int) -> list[StoredFact]:
        with self._db.read() as session:
            return article_facts(session, article_id)

    def _store(self, draft: ArticleDraft, source: str | None) -> IngestResult:
        """Store a new article with its facts; the facts are computed only for new ones."""
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


@dataclass(frozen=True)
class DocumentSummary:
    title: str
    summary: Summary

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "summary": self.summary.sentences,
                "method": self.summary.method}  # fmt: skip


def summarize_text(text: str, *, sentences: int = 3, method: str = DEFAULT_METHOD) -> Summary:
    """Summary of raw article text: page furniture is removed before ranking."""
    body = clean_scraped_text(text).text
    try:
        return summarize(body, sentences=sentences, method=method)
    except SummaryError as exc:
        raise InputError(str(exc)) from exc


def summarize_document(
    data: bytes,
    *,
    name: str | None = None,
    max_bytes: int,
    sentences: int = 3,
    method: str = DEFAULT_METHOD,
) -> list[DocumentSummary]:
    """Summaries of every article in a text, HTML or RSS/Atom document (nothing is stored)."""
    check_size(len(data), max_bytes)
    try:
        parsed = parse_document(data, name=name)
        return [
            DocumentSummary(draft.title, summarize(draft.text, sentences=sentences, method=method))
            for draft in parsed.articles
        ]
    except (DocumentError, SummaryError) as exc:
        raise InputError(str(exc)) from exc


def summarize_jsonl(
    lines: Iterable[bytes], *, sentences: int = 3, method: str = DEFAULT_METHOD
) -> Iterator[dict[str, Any]]:
    """One result per input line, in order: `{"id", "summary"}` or `{"id", "error"}`."""
    for number, raw in enumerate(lines, start=1):
        try:
            record = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            yield {"id": None, "error": f"line {number}: invalid JSON"}
            continue
        if not isinstance(record, dict):
            yield {"id": None, "error": f"line {number}: not a JSON object"}
            continue
        ident = record.get("id")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield {"id": ident, "error": f'line {number}: no "text"'}
            continue
        try:
            summary = summarize_text(text, sentences=sentences, method=method)
        except InputError as exc:
            yield {"id": ident, "error": f"line {number}: {exc}"}
            continue
        yield {"id": ident, "summary": summary.sentences}


def text_card(extractor: FactExtractor, text: str, *, max_bytes: int) -> ArticleCard:
    """Summary and facts of pasted text: pure computation, also run in worker processes."""
    check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    try:
        draft = draft_from_text(text)
    except DocumentError as exc:
        raise InputError(str(exc)) from exc
    return _draft_card(extractor, draft)


def document_card(
    extractor: FactExtractor,
    data: bytes,
    *,
    name: str | None,
    url: str | None,
    content_type: str | None,
    max_bytes: int,
) -> ArticleCard:
    """Summary and facts of a document's first article (text, HTML or a feed)."""
    check_size(len(data), max_bytes)
    try:
        parsed = parse_document(data, name=name, url=url, content_type=content_type)
    except DocumentError as exc:
        raise InputError(str(exc)) from exc
    return _draft_card(extractor, parsed.articles[0])


def _draft_card(extractor: FactExtractor, draft: ArticleDraft) -> ArticleCard:
    summary = summarize(draft.text, sentences=3).sentences
    facts = extractor.extract(f"{draft.title}\n{draft.text}", draft.published_on)
    return ArticleCard(draft.title, draft.url, draft.source, draft.published_on, summary,
                       stored_facts(facts), None)  # fmt: skip


def build_fact_extractor(settings: Settings) -> FactExtractor:
    """The fact extractor, with the configured NER model when it is installed."""
    if not settings.ner_model:
        return FactExtractor(None)
    try:
        recognizer = load_spacy_recognizer(settings.ner_model)
    except NerUnavailable as exc:
        logger.warning("%s; people and organisations come from title patterns only", exc)
        return FactExtractor(None)
    return FactExtractor(recognizer)


def stored_facts(facts: ArticleFacts) -> list[StoredFact]:
    """Facts as the storage layer keeps them."""
    return [
        *(StoredFact("date", d.value, None, d.text, [d.text], 1, d.sentence) for d in facts.dates),
        *(StoredFact("actor", a.name, a.kind, None, a.mentions, a.count, a.sentence)
          for a in facts.actors),
        *(StoredFact("weapon", w.name, w.kind, None, w.mentions, w.count, w.sentence)
          for w in facts.weapons),
    ]  # fmt: skip


def facts_of_document(
    extractor: FactExtractor,
    data: bytes,
    *,
    name: str | None = None,
    max_bytes: int,
    published: date | None = None,
) -> list[tuple[str, ArticleFacts]]:
    """Facts of every article in a document (nothing is stored); `published` overrides."""
    check_size(len(data), max_bytes)
    try:
        drafts = parse_document(data, name=name).articles
    except DocumentError as exc:
        raise InputError(str(exc)) from exc
    items = [(f"{d.title}\n{d.text}", published or d.published_on) for d in drafts]
    return list(zip((d.title for d in drafts), extractor.extract_many(items), strict=True))


def facts_jsonl(extractor: FactExtractor, lines: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """One result per input line, in order: `{"id", "published", "dates", ...}` or an error."""
    parsed: list[tuple[int, object, str | None, date | None, str | None]] = []
    for number, raw in enumerate(lines, start=1):
        ident, text, published, error = _facts_line(raw)
        parsed.append((number, ident, text, published, error))
        if len(parsed) >= 64:
            yield from _facts_batch(extractor, parsed)
            parsed = []
    yield from _facts_batch(extractor, parsed)


def _facts_line(raw: bytes) -> tuple[object, str | None, date | None, str | None]:
    try:
        record = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, None, None, "invalid JSON"
    if not isinstance(record, dict):
        return None, None, None, "not a JSON object"
    ident = record.get("id")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return ident, None, None, 'no "text"'
    try:
        published = _parse_published(record.get("published"))
    except InputError as exc:
        return ident, None, None, str(exc)
    day = published.date() if isinstance(published, datetime) else published
    return ident, clean_scraped_text(text).text, day, None


def _facts_batch(
    extractor: FactExtractor, parsed: list[tuple[int, object, str | None, date | None, str | None]]
) -> Iterator[dict[str, Any]]:
    good = [(text, published) for _, _, text, published, error in parsed if text is not None]
    results = iter(extractor.extract_many(good))
    for number, ident, text, _published, error in parsed:
        if text is None:
            yield {"id": ident, "error": f"line {number}: {error}"}
        else:
            yield {"id": ident, **next(results).to_json()}


def parse_clock(text: str) -> time:
    """ "07:30", "7:30", "0730" -> a time of day; anything else is a clear error."""
    match = re.fullmatch(r"(\d{1,2}):?(\d{2})", text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise InputError(f"{text[:20]!r} is not a time of day; use HH:MM, e.g. 07:30")
    return time(int(match[1]), int(match[2]))


_DAY_NAMES = {name: str(i) for i, name in enumerate(
    ("mon", "tue", "wed", "thu", "fri", "sat", "sun"), start=1)}  # fmt: skip


def parse_days(text: str) -> str:
    """ "mon-fri", "weekdays", "sat,sun", "1234567", "daily" -> ISO weekday digits."""
    value = text.strip().lower()
    if value in {"daily", "every", "all"}:
        return "1234567"
    if value in {"weekdays", "mon-fri"}:
        return "12345"
    if value in {"weekends", "weekend", "sat-sun"}:
        return "67"
    if re.fullmatch(r"[1-7]{1,7}", value):
        return "".join(sorted(set(value)))
    days = [_DAY_NAMES.get(part.strip()[:3]) for part in value.split(",")]
    if not days or None in days:
        raise InputError(f"{text[:30]!r} is not a list of days; use mon,wed,fri or weekdays")
    return "".join(sorted({d for d in days if d}))


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(
            f"{name[:40]!r} is not a time zone; use an IANA name like Europe/Berlin or UTC"
        ) from exc
    return name.strip()


def check_size(size: int, limit: int) -> None:
    """Refuse a document over the configured size before anything reads or parses it."""
    if size > limit:
        raise InputError(
            f"is {_megabytes(size)}; the limit is {_megabytes(limit)} (BRIEFING_MAX_DOCUMENT_BYTES)"
        )


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f'"{key}" must be a string')
    return value.strip() or None


def _parse_published(value: object) -> date | datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError('"published" must be an ISO 8601 date string')
    try:
        if len(value.strip()) == 10:
            return date.fromisoformat(value.strip())
        return datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f'"published" is not an ISO 8601 date: {value[:40]!r}') from exc


def _host_name(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"

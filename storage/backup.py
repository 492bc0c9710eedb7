"""Backup: the archive and the audience as JSON lines, and back.

One record per line, each with a "type": a header, then sources, articles (with their facts),
chats (with subscription and watch-list), deliveries, and an end record with the counts, so a
truncated file is noticed. Import only adds what the target lacks (articles by URL or content,
chats by id, ...), so importing a file twice, or into a live database, loses and duplicates
nothing. Article ids are kept when they are free, because people quote them (`/summary 42`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.archive import content_hash, find_duplicate, normalize_url, source_id_for
from storage.db import Database
from storage.errors import StorageError
from storage.facts import StoredFact, replace_facts
from storage.models import (
    Article,
    ArticleFact,
    Chat,
    Delivery,
    Source,
    Subscription,
    WatchItem,
)

__all__ = ["FORMAT", "VERSION", "BackupError", "ImportReport", "export_records", "import_records"]

FORMAT: Literal["briefing-export"] = "briefing-export"
VERSION = 1
_BATCH = 200


class BackupError(StorageError):
    """A backup file that cannot be read: wrong format, or a record that does not parse."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HeaderRecord(_Record):
    type: Literal["header"]
    format: Literal["briefing-export"]
    version: int
    exported_at: AwareDatetime


class SourceRecord(_Record):
    type: Literal["source"]
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(max_length=16)
    url: str | None = Field(default=None, max_length=2048)
    active: bool = True
    last_polled_at: AwareDatetime | None = None


class FactRecord(_Record):
    category: Literal["date", "actor", "weapon"]
    name: str | None = None
    kind: str | None = None
    text: str | None = None
    mentions: list[str] = []
    count: int = Field(default=1, ge=1)
    sentence: str = ""


class ArticleRecordLine(_Record):
    type: Literal["article"]
    id: int = Field(ge=1)
    title: str = Field(max_length=500)
    text: str = Field(min_length=1)
    url: str | None = Field(default=None, max_length=2048)
    source: str | None = Field(default=None, max_length=200)
    byline: str | None = Field(default=None, max_length=200)
    dateline: str | None = Field(default=None, max_length=100)
    language: str | None = Field(default=None, max_length=8)
    published_on: date | None = None
    published_at: AwareDatetime | None = None
    ingested_at: AwareDatetime
    facts: list[FactRecord] = []


class SubscriptionLine(_Record):
    timezone: str = Field(max_length=64)
    briefing_time: time
    weekdays: str = Field(default="1234567", pattern=r"^[1-7]{1,7}$")
    items: int = Field(default=8, ge=1)
    active: bool = True
    last_briefing_at: AwareDatetime | None = None


class WatchLine(_Record):
    kind: str = Field(max_length=16)
    value: str = Field(max_length=200)


class ChatRecord(_Record):
    type: Literal["chat"]
    id: int
    kind: str = Field(max_length=16)
    title: str | None = Field(default=None, max_length=255)
    active: bool = True
    deactivated_at: AwareDatetime | None = None
    subscription: SubscriptionLine | None = None
    watch: list[WatchLine] = []


class DeliveryRecord(_Record):
    type: Literal["delivery"]
    chat_id: int
    kind: str = Field(max_length=16)
    period: str = Field(max_length=64)
    status: str = Field(max_length=16)
    attempts: int = 0
    claimed_at: AwareDatetime
    sent_at: AwareDatetime | None = None
    error: str | None = None


class EndRecord(_Record):
    type: Literal["end"]
    counts: dict[str, int]


_ANY_RECORD: TypeAdapter[
    HeaderRecord | SourceRecord | ArticleRecordLine | ChatRecord | DeliveryRecord | EndRecord
] = TypeAdapter(
    Annotated[
        HeaderRecord | SourceRecord | ArticleRecordLine | ChatRecord | DeliveryRecord | EndRecord,
        Field(discriminator="type"),
    ]
)


@dataclass
class ImportReport:
    """What an import did, per record type: added, or already in the target."""

    added: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    renumbered: int = 0  # articles whose id was taken in the target
    complete: bool = False  # the end record was read and its counts matched
    # The file's source names and the target's ids for them (a source may be there already
    # under another name, found by its feed URL).
    source_ids: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": dict(self.added),
            "already_present": dict(self.present),
            "renumbered_articles": self.renumbered,
            "complete": self.complete,
        }


def export_records(db: Database, *, now: datetime) -> Iterator[dict[str, Any]]:
    """Every record of the backup, in import order, as JSON-ready dicts (streamed)."""
    counts: Counter[str] = Counter()
    yield HeaderRecord(type="header", format=FORMAT, version=VERSION, exported_at=now).model_dump(
        mode="json"
    )
    with db.read() as session:
        if db.backend == "postgresql":
            # One snapshot for the whole export, however long it takes while the bot writes
            # (SQLite's read transaction is one already).
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        for kind, rows in (
            ("source", _export_sources(session)),
            ("article", _export_articles(session)),
            ("chat", _export_chats(session)),
            ("delivery", _export_deliveries(session)),
        ):
            for row in rows:
                counts[kind] += 1
                yield row.model_dump(mode="json")
    yield EndRecord(type="end", counts=dict(counts)).model_dump(mode="json")


def import_records(db: Database, lines: Iterable[tuple[int, bytes | str]]) -> ImportReport:
    """Add the records of numbered JSON lines to the database, committing in batches.

    A line that does not parse, or a record that cannot be added, stops the import with its
    line number; the records before it are kept (importing the mended file again adds only
    the rest).
    """
    report = ImportReport()
    batch: list[tuple[int, Any]] = []
    try:
        for numbered in _records(lines, report):
            batch.append(numbered)
            if len(batch) >= _BATCH:
                pending, batch = batch, []
                _import_batch(db, pending, report)
    except BackupError:
        if batch:  # what was read before the bad line
            _import_batch(db, batch, report)
        raise
    if batch:
        _import_batch(db, batch, report)
    return report


def _records(
    lines: Iterable[tuple[int, bytes | str]], report: ImportReport
) -> Iterator[tuple[int, Any]]:
    """The data records (with their line numbers) between the header and the end record,
    checked against both."""
    read: Counter[str] = Counter()
    header_seen = False
    end: EndRecord | None = None
    for number, line in lines:
        if not line.strip():
            continue
        if end is not None:
            raise BackupError(f"line {number}: records after the end record")
        record = _parse(number, line)
        if isinstance(record, HeaderRecord) or not header_seen:
            _check_header(number, record, header_seen)
            header_seen = True
        elif isinstance(record, EndRecord):
            end = record
        else:
            read[record.type] += 1
            yield number, record
    if not header_seen:
        raise BackupError(f"empty input: not a {FORMAT} file")
    if end is None:
        raise BackupError("the file ends without its end record (truncated?); "
                          "the records it held were imported")  # fmt: skip
    if dict(read) != {k: v for k, v in end.counts.items() if v}:
        raise BackupError(f"record counts {dict(read)} differ from the end record's {end.counts}")
    report.complete = True


def _check_header(number: int, record: object, header_seen: bool) -> None:
    if header_seen:
        raise BackupError(f"line {number}: a second header record")
    if not isinstance(record, HeaderRecord):
        raise BackupError(f"line {number}: not a {FORMAT} file (no header record)")
    if record.version > VERSION:
        raise BackupError(
            f"line {number}: format version {record.version} is newer than this program "
            f"reads ({VERSION}); upgrade Briefing"
        )


def _parse(number: int, line: bytes | str) -> Any:
    try:
        return _ANY_RECORD.validate_json(line)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise BackupError(f"line {number}: {where}: {first['msg']}") from None


# --- export -------------------------------------------------------------------------------


def _export_sources(session: Session) -> Iterator[SourceRecord]:
    for source in session.scalars(select(Source).order_by(Source.id)):
        yield SourceRecord(
            type="source",
            name=source.name,
            kind=source.kind,
            url=source.url,
            active=source.active,
            last_polled_at=source.last_polled_at,
        )


def _export_articles(session: Session) -> Iterator[ArticleRecordLine]:
    names: dict[int, str] = {
        row.id: row.name for row in session.execute(select(Source.id, Source.name))
    }
    after = 0
    while True:
        # Keyset pages: memory stays flat however large the archive is.
        articles = session.scalars(
            select(Article).where(Article.id > after).order_by(Article.id).limit(_BATCH)
        ).all()
        if not articles:
            return
        facts: dict[int, list[FactRecord]] = {}
        for row in session.scalars(
            select(ArticleFact)
            .where(ArticleFact.article_id.in_([a.id for a in articles]))
            .order_by(ArticleFact.article_id, ArticleFact.id)
        ):
            facts.setdefault(row.article_id, []).append(
                FactRecord(
                    category=row.category,  # type: ignore[arg-type]
                    name=row.name,
                    kind=row.kind,
                    text=row.text,
                    mentions=list(row.mentions),
                    count=row.count,
                    sentence=row.sentence,
                )
            )
        for article in articles:
            yield ArticleRecordLine(
                type="article",
                id=article.id,
                title=article.title,
                text=article.text,
                url=article.url,
                source=names.get(article.source_id) if article.source_id else None,
                byline=article.byline,
                dateline=article.dateline,
                language=article.language,
                published_on=article.published_on,
                published_at=article.published_at,
                ingested_at=article.ingested_at,
                facts=facts.get(article.id, []),
            )
        after = articles[-1].id
        session.expunge_all()


def _export_chats(session: Session) -> Iterator[ChatRecord]:
    watch: dict[int, list[WatchLine]] = {}
    for item in session.scalars(select(WatchItem).order_by(WatchItem.id)):
        watch.setdefault(item.chat_id, []).append(WatchLine(kind=item.kind, value=item.value))
    subscriptions = {s.chat_id: s for s in session.scalars(select(Subscription))}
    for chat in session.scalars(select(Chat).order_by(Chat.id)):
        sub = subscriptions.get(chat.id)
        yield ChatRecord(
            type="chat",
            id=chat.id,
            kind=chat.kind,
            title=chat.title,
            active=chat.active,
            deactivated_at=chat.deactivated_at,
            subscription=SubscriptionLine(
                timezone=sub.timezone,
                briefing_time=sub.briefing_time,
                weekdays=sub.weekdays,
                items=sub.items,
                active=sub.active,
                last_briefing_at=sub.last_briefing_at,
            )
            if sub
            else None,
            watch=watch.get(chat.id, []),
        )


def _export_deliveries(session: Session) -> Iterator[DeliveryRecord]:
    for row in session.scalars(select(Delivery).order_by(Delivery.id)):
        yield DeliveryRecord(
            type="delivery",
            chat_id=row.chat_id,
            kind=row.kind,
            period=row.period,
            status=row.status,
            attempts=row.attempts,
            claimed_at=row.claimed_at,
            sent_at=row.sent_at,
            error=row.error,
        )


# --- import -------------------------------------------------------------------------------


def _import_batch(db: Database, batch: list[tuple[int, Any]], report: ImportReport) -> None:
    """One transaction; a record that cannot be added ends it after the records before it."""
    failure: BackupError | None = None
    with db.transaction() as session:
        _advance_article_ids(session, batch)
        for number, record in batch:
            try:
                with session.begin_nested():
                    added = _import_record(session, record, report)
            except BackupError as exc:
                failure = BackupError(f"line {number}: {exc}")
                break
            except IntegrityError:
                failure = BackupError(
                    f"line {number}: conflicts with a change made meanwhile by someone else; "
                    "import the file again (it adds only what is missing)"
                )
                break
            (report.added if added else report.present)[record.type] += 1
    if failure is not None:
        raise failure


def _import_record(session: Session, record: Any, report: ImportReport) -> bool:
    if isinstance(record, SourceRecord):
        return _import_source(session, record, report)
    if isinstance(record, ArticleRecordLine):
        return _import_article(session, record, report)
    if isinstance(record, ChatRecord):
        return _import_chat(session, record)
    return _import_delivery(session, record)


def _advance_article_ids(session: Session, batch: list[tuple[int, Any]]) -> None:
    """PostgreSQL hands out ids from a sequence that explicit ids do not move: move it past
    this batch's ids first (never back), so the bot storing articles meanwhile gets ids
    that the import will not want."""
    if session.get_bind().dialect.name != "postgresql":
        return
    top = max((r.id for _, r in batch if isinstance(r, ArticleRecordLine)), default=0)
    if top:
        session.execute(
            text(
                "SELECT setval(seq, GREATEST(:top, COALESCE(pg_sequence_last_value(seq), 0))) "
                "FROM CAST(pg_get_serial_sequence('articles', 'id') AS regclass) AS seq"
            ),
            {"top": top},
        )


def _import_source(session: Session, record: SourceRecord, report: ImportReport) -> bool:
    """A source is there already when its name or its feed URL is; the file's name then
    stands for that source (its articles go to it)."""
    taken = Source.name == record.name
    if record.url is not None:
        taken = taken | (Source.url == record.url)
    found = session.scalars(select(Source.id).where(taken)).first()
    if found is not None:
        report.source_ids[record.name] = found
        return False
    source = Source(
        name=record.name,
        kind=record.kind,
        url=record.url,
        active=record.active,
        last_polled_at=record.last_polled_at,
    )
    session.add(source)
    session.flush()
    report.source_ids[record.name] = source.id
    return True


def _import_article(session: Session, record: ArticleRecordLine, report: ImportReport) -> bool:
    if find_duplicate(session, record.url, record.text) is not None:
        return False
    source_id = None
    if record.source:
        source_id = report.source_ids.get(record.source) or source_id_for(session, record.source)
    article_id: int | None = record.id
    if session.get(Article, record.id) is not None:
        article_id = None
        report.renumbered += 1
    article = Article(
        id=article_id,
        url=normalize_url(record.url) if record.url else None,
        title=record.title,
        text=record.text,
        byline=record.byline,
        dateline=record.dateline,
        language=record.language,
        published_on=record.published_on,
        published_at=record.published_at,
        ingested_at=record.ingested_at,
        content_hash=content_hash(record.text),
        source_id=source_id,
    )
    session.add(article)
    session.flush()
    # Also writes the search filter tokens, which hold the (target's) source id.
    replace_facts(
        session,
        article.id,
        [
            StoredFact(f.category, f.name, f.kind, f.text, list(f.mentions), f.count, f.sentence)
            for f in record.facts
        ],
    )
    return True


def _import_chat(session: Session, record: ChatRecord) -> bool:
    chat = session.get(Chat, record.id)
    added = chat is None
    if chat is None:
        chat = Chat(
            id=record.id,
            kind=record.kind,
            title=record.title,
            active=record.active,
            deactivated_at=record.deactivated_at,
        )
        session.add(chat)
        session.flush()
    sub = record.subscription
    has_subscription = session.scalars(
        select(Subscription.id).where(Subscription.chat_id == record.id)
    ).first()
    if sub is not None and has_subscription is None:
        session.add(
            Subscription(
                chat_id=record.id,
                timezone=sub.timezone,
                briefing_time=sub.briefing_time,
                weekdays=sub.weekdays,
                items=sub.items,
                active=sub.active,
                last_briefing_at=sub.last_briefing_at,
            )
        )
        added = True
    existing = {
        (row.kind, row.value)
        for row in session.execute(
            select(WatchItem.kind, WatchItem.value).where(WatchItem.chat_id == record.id)
        )
    }
    for item in record.watch:
        if (item.kind, item.value) not in existing:
            session.add(WatchItem(chat_id=record.id, kind=item.kind, value=item.value))
            existing.add((item.kind, item.value))
            added = True
    return added


def _import_delivery(session: Session, record: DeliveryRecord) -> bool:
    if session.get(Chat, record.chat_id) is None:
        raise BackupError(f"delivery for chat {record.chat_id}, which the file does not hold")
    found = session.scalars(
        select(Delivery.id).where(
            Delivery.chat_id == record.chat_id,
            Delivery.kind == record.kind,
            Delivery.period == record.period,
        )
    ).first()
    if found is not None:
        return False
    session.add(
        Delivery(
            chat_id=record.chat_id,
            kind=record.kind,
            period=record.period,
            status=record.status,
            attempts=record.attempts,
            claimed_at=record.claimed_at,
            sent_at=record.sent_at,
            error=record.error,
        )
    )
    return True

"""Backup: the archive and the audience as JSON lines, and back.

One record per line, each with a "type": a header, then sources, articles (with their facts),
chats (with subscription and watch-list), deliveries, and an end record with the counts, so a
truncated file is noticed. Import only adds what the target lacks (articles by URL or content,
chats by id, ...), so importing a file twice, or into a live database, loses and duplicates
nothing. Article ids are kept when they are free, because people quote them (`/summary 42`).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, ClassVar, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from storage.archive import (
    check_article_ids_left,
    content_hash,
    find_duplicate,
    normalize_url,
    source_id_for,
)
from storage.db import Database
from storage.errors import StorageError
from storage.facts import StoredFact, replace_facts
from storage.models import (
    Article,
    ArticleFact,
    Base,
    Chat,
    Delivery,
    Source,
    Subscription,
    WatchItem,
)
from storage.values import (
    DEFAULT_BRIEFING_ITEMS,
    DEFAULT_WEEKDAYS,
    MAX_BRIEFING_ITEMS,
    ChatKind,
    DeliveryKind,
    DeliveryStatus,
    FactCategory,
    SourceKind,
    WatchKind,
)
from storage.zones import is_zone

__all__ = [
    "FORMAT",
    "MAX_IMPORTED_ARTICLE_ID",
    "VERSION",
    "BackupError",
    "ImportReport",
    "export_records",
    "import_records",
]

FORMAT: Literal["briefing-export"] = "briefing-export"
VERSION = 1
_BATCH = 200


class BackupError(StorageError):
    """A backup file that cannot be read: wrong format, or a record that does not parse."""


# Bounds of what the database stores and the bot creates: a backup is user input, so each
# record is checked as strictly as the command that would have made it (and a value the
# database would refuse, or overflow on, is a reason with a line number, not a traceback).
_BIGINT = 2**63 - 1  # chat ids (Telegram's are negative for groups)
_INT = 2**31 - 1  # PostgreSQL's INTEGER, the narrower of the two backends
MAX_IMPORTED_ARTICLE_ID = 2**30  # leaves as many ids again for the articles stored later
_EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
_LATEST = datetime(9998, 12, 31, tzinfo=UTC)  # date arithmetic near 9999 would overflow


def _no_nul(value: object) -> object:
    """PostgreSQL text cannot hold NUL, and no command stores one."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("holds a NUL character")
    if isinstance(value, list) and any(isinstance(v, str) and "\x00" in v for v in value):
        raise ValueError("holds a NUL character")
    return value


def _in_range(value: datetime) -> datetime:
    """An instant the bot can compute with: converting it to UTC (as storing it does) must
    not overflow, and it lies within years 1000 to 9998."""
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError("is out of range") from None
    if not _EARLIEST <= utc <= _LATEST:
        raise ValueError("is outside the years 1000 to 9998")
    return value


def _day_in_range(value: date) -> date:
    if not _EARLIEST.date() <= value <= _LATEST.date():
        raise ValueError("is outside the years 1000 to 9998")
    return value


def _local_time(value: time) -> time:
    """A briefing time is a local time of day; its zone is the subscription's."""
    if value.tzinfo is not None:
        raise ValueError("must be a local time without an offset (the zone is separate)")
    return value


def _zone(value: str) -> str:
    if not is_zone(value):
        raise ValueError(f"{value[:40]!r} is not an IANA time zone")
    return value


def _http_url(value: str) -> str:
    """What ingest stores: an http(s) URL with a host that normalises within 2,048
    characters (a `javascript:` link would be shown to users in cards)."""
    try:
        parts = urlsplit(value)
        _ = parts.port  # a port that is not a number raises here
        normalized = normalize_url(value)
    except ValueError:
        raise ValueError("is not a URL") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ValueError("is not an http(s) URL with a host")
    if len(normalized) > 2048 or any(c.isspace() or ord(c) < 32 for c in value):
        raise ValueError("is longer than 2,048 characters or holds spaces")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is blank")
    return value


def _casefolds_within_200(value: str | None) -> str | None:
    """Facts are found by their case-folded name, stored in 200 characters ("ß" is two)."""
    if value is not None and len(value.casefold()) > 200:
        raise ValueError("is longer than 200 characters once case-folded")
    return value


def _nonzero(value: int) -> int:
    if value == 0:
        raise ValueError("chat id 0 does not exist")
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_in_range)]
Day = Annotated[date, AfterValidator(_day_in_range)]
Url = Annotated[str, AfterValidator(_http_url)]
Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_not_blank)]
ChatId = Annotated[int, Field(ge=-_BIGINT, le=_BIGINT), AfterValidator(_nonzero)]


class _Record(BaseModel):
    # Strict: "42" is not an id and "yes" is not a boolean (JSON strings still read as
    # dates and times).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    # The model a record is a row of. Its fields are that model's columns of the same name,
    # except `not_columns` (the record type, related rows, a source by name); the model's
    # columns that are not backed up are `left_out`. A test checks that the two together
    # name every column, so a new column is either backed up both ways or left out on purpose.
    row_model: ClassVar[type[Base] | None] = None
    not_columns: ClassVar[frozenset[str]] = frozenset({"type"})
    left_out: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _text_without_nul(cls, value: object) -> object:
        return _no_nul(value)

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        """The fields that are columns of `row_model`, in the file's order."""
        return tuple(name for name in cls.model_fields if name not in cls.not_columns)

    @classmethod
    def from_row(cls, row: Base, **others: Any) -> Self:
        """The record of a row, unchecked (see the export below); `others` are the fields
        that are not columns."""
        values = {name: getattr(row, name) for name in cls.columns()}
        # A JSON column's list is copied: the record outlives the session's row.
        values = {k: list(v) if isinstance(v, list) else v for k, v in values.items()}
        return cls.model_construct(**values, **others)

    def column_values(self) -> dict[str, Any]:
        """The record's columns, as keyword arguments for a new row of `row_model`."""
        values = {name: getattr(self, name) for name in self.columns()}
        return {k: list(v) if isinstance(v, list) else v for k, v in values.items()}


class HeaderLine(_Record):
    type: Literal["header"]
    format: Literal["briefing-export"]
    version: int = Field(ge=1, le=_INT)
    exported_at: Instant


class SourceLine(_Record):
    row_model = Source
    left_out = frozenset({"id", "etag", "last_modified", "failures", "created_at"})

    type: Literal["source"]
    name: Name
    kind: SourceKind
    url: Url | None = None
    active: bool = True
    last_polled_at: Instant | None = None


class FactLine(_Record):
    row_model = ArticleFact
    not_columns = frozenset()
    # `key` is made from the name on import (storage.facts.replace_facts).
    left_out = frozenset({"id", "article_id", "key"})

    category: FactCategory
    name: Annotated[str, Field(max_length=200), AfterValidator(_casefolds_within_200)] | None = None
    kind: str | None = Field(default=None, max_length=32)
    text: str | None = Field(default=None, max_length=200)
    mentions: list[Annotated[str, Field(max_length=200)]] = Field(default=[], max_length=50)
    count: int = Field(default=1, ge=1, le=_INT)
    sentence: str = Field(default="", max_length=2000)


class ArticleLine(_Record):
    row_model = Article
    not_columns = frozenset({"type", "source", "facts"})
    # The source by name (ids differ between databases); the hash and the search tokens are
    # computed again on import.
    left_out = frozenset({"source_id", "content_hash", "search_meta"})

    type: Literal["article"]
    id: int = Field(ge=1, le=MAX_IMPORTED_ARTICLE_ID)
    title: str = Field(max_length=500)
    text: str = Field(min_length=1)
    url: Url | None = None
    source: Name | None = None
    byline: str | None = Field(default=None, max_length=200)
    dateline: str | None = Field(default=None, max_length=100)
    language: str | None = Field(default=None, max_length=8)
    published_on: Day | None = None
    published_at: Instant | None = None
    ingested_at: Instant
    facts: list[FactLine] = []

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        return _not_blank(value)


class SubscriptionLine(_Record):
    row_model = Subscription
    not_columns = frozenset()
    left_out = frozenset({"id", "chat_id", "created_at", "updated_at"})

    timezone: Annotated[str, Field(max_length=64), AfterValidator(_zone)]
    briefing_time: Annotated[time, AfterValidator(_local_time)]
    # ISO weekdays, each once and in order, as `parse_days` writes them.
    weekdays: str = Field(default=DEFAULT_WEEKDAYS, min_length=1, pattern=r"^1?2?3?4?5?6?7?$")
    items: int = Field(default=DEFAULT_BRIEFING_ITEMS, ge=1, le=MAX_BRIEFING_ITEMS)
    active: bool = True
    last_briefing_at: Instant | None = None


class WatchLine(_Record):
    row_model = WatchItem
    not_columns = frozenset()
    left_out = frozenset({"id", "chat_id", "created_at"})

    kind: WatchKind
    value: Name


class ChatLine(_Record):
    row_model = Chat
    not_columns = frozenset({"type", "subscription", "watch"})
    left_out = frozenset({"created_at"})

    type: Literal["chat"]
    id: ChatId
    kind: ChatKind
    title: str | None = Field(default=None, max_length=255)
    active: bool = True
    deactivated_at: Instant | None = None
    subscription: SubscriptionLine | None = None
    watch: list[WatchLine] = Field(default=[], max_length=10_000)


class DeliveryLine(_Record):
    row_model = Delivery
    # A briefing's composed parts are only for resuming a send in progress.
    left_out = frozenset({"id", "parts_sent", "parts"})

    type: Literal["delivery"]
    chat_id: ChatId
    kind: DeliveryKind
    period: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_not_blank)]
    status: DeliveryStatus  # every status the bot writes
    attempts: int = Field(default=0, ge=0, le=_INT)
    claimed_at: Instant
    sent_at: Instant | None = None
    error: str | None = Field(default=None, max_length=2000)


class EndLine(_Record):
    type: Literal["end"]
    counts: dict[Literal["source", "article", "chat", "delivery"], int] = Field(max_length=4)

    @field_validator("counts")
    @classmethod
    def _counts_in_range(cls, value: dict[str, int]) -> dict[str, int]:
        if any(not 0 <= n <= _BIGINT for n in value.values()):
            raise ValueError("a count is out of range")
        return value


_ANY_RECORD: TypeAdapter[
    HeaderLine | SourceLine | ArticleLine | ChatLine | DeliveryLine | EndLine
] = TypeAdapter(
    Annotated[
        HeaderLine | SourceLine | ArticleLine | ChatLine | DeliveryLine | EndLine,
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
    yield HeaderLine(type="header", format=FORMAT, version=VERSION, exported_at=now).model_dump(
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
    yield EndLine.model_construct(type="end", counts=dict(counts)).model_dump(mode="json")


def import_records(db: Database, lines: Iterable[tuple[int, bytes | str]]) -> ImportReport:
    """Add the records of numbered JSON lines to the database, committing in batches.

    A line that does not parse, a record that breaks a rule, a record that cannot be added or
    lines that cannot be read (a cut-off gzip file) stop the import with the line number;
    the records before it are kept (importing the mended file again adds only the rest), and
    the message says how many.
    """
    report = ImportReport()
    batch: list[tuple[int, Any]] = []
    try:
        try:
            for numbered in _records(lines, report):
                batch.append(numbered)
                if len(batch) >= _BATCH:
                    pending, batch = batch, []
                    _import_batch(db, pending, report)
        except BackupError:
            if batch:  # what was read before the bad line (its own failure comes first)
                pending, batch = batch, []
                _import_batch(db, pending, report)
            raise
        if batch:
            _import_batch(db, batch, report)
    except BackupError as exc:
        kept = sum(report.added.values()) + sum(report.present.values())
        raise BackupError(f"{exc}; stopped there, the {kept} records before it are kept") from None
    return report


def _records(
    lines: Iterable[tuple[int, bytes | str]], report: ImportReport
) -> Iterator[tuple[int, Any]]:
    """The data records (with their line numbers) between the header and the end record,
    checked against both."""
    read: Counter[str] = Counter()
    header_seen = False
    end: EndLine | None = None
    number = 0
    for number, line in _readable(lines):
        if not line.strip():
            continue
        if end is not None:
            raise BackupError(f"line {number}: records after the end record")
        record = _parse(number, line)
        if isinstance(record, HeaderLine) or not header_seen:
            _check_header(number, record, header_seen)
            header_seen = True
        elif isinstance(record, EndLine):
            end = record
        else:
            read[record.type] += 1
            yield number, record
    if not header_seen:
        raise BackupError(f"empty input: not a {FORMAT} file")
    if end is None:
        raise BackupError(f"the file ends after line {number} without its end record (truncated?)")
    if dict(read) != {k: v for k, v in end.counts.items() if v}:
        raise BackupError(f"record counts {dict(read)} differ from the end record's {end.counts}")
    report.complete = True


def _readable(lines: Iterable[tuple[int, bytes | str]]) -> Iterator[tuple[int, bytes | str]]:
    """The lines, until they cannot be read: a gzip file cut off or damaged ends the import
    there with a reason, after the records read before it."""
    number = 0
    iterator = iter(lines)
    while True:
        try:
            numbered = next(iterator)
        except StopIteration:
            return
        except (EOFError, OSError, zlib.error, ValueError) as exc:
            reason = _one_line(str(exc)) or type(exc).__name__
            raise BackupError(
                f"line {number + 1}: the file cannot be read from here, cut off or damaged "
                f"({reason})"
            ) from None
        number = numbered[0]
        yield numbered


def _one_line(text: str, limit: int = 200) -> str:
    """A reason fit for one line of output: no control characters, not endless."""
    flat = "".join(c if c.isprintable() else " " for c in text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _check_header(number: int, record: object, header_seen: bool) -> None:
    if header_seen:
        raise BackupError(f"line {number}: a second header record")
    if not isinstance(record, HeaderLine):
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
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise BackupError(_one_line(f"line {number}: {where}: {message}", 300)) from None
    except (ValueError, RecursionError) as exc:  # input too deeply nested, say
        raise BackupError(f"line {number}: {_one_line(str(exc))}") from None


# --- export -------------------------------------------------------------------------------
# Records are built unchecked: an export never fails on what the database holds (a row from
# before a check existed), and the import then names the line that breaks a rule.


def _export_sources(session: Session) -> Iterator[SourceLine]:
    for source in session.scalars(select(Source).order_by(Source.id)):
        yield SourceLine.from_row(source, type="source")


def _export_articles(session: Session) -> Iterator[ArticleLine]:
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
        facts: dict[int, list[FactLine]] = {}
        for row in session.scalars(
            select(ArticleFact)
            .where(ArticleFact.article_id.in_([a.id for a in articles]))
            .order_by(ArticleFact.article_id, ArticleFact.id)
        ):
            facts.setdefault(row.article_id, []).append(FactLine.from_row(row))
        for article in articles:
            yield ArticleLine.from_row(
                article,
                type="article",
                source=names.get(article.source_id) if article.source_id else None,
                facts=facts.get(article.id, []),
            )
        after = articles[-1].id
        session.expunge_all()


def _export_chats(session: Session) -> Iterator[ChatLine]:
    watch: dict[int, list[WatchLine]] = {}
    for item in session.scalars(select(WatchItem).order_by(WatchItem.id)):
        watch.setdefault(item.chat_id, []).append(WatchLine.from_row(item))
    subscriptions = {s.chat_id: s for s in session.scalars(select(Subscription))}
    for chat in session.scalars(select(Chat).order_by(Chat.id)):
        sub = subscriptions.get(chat.id)
        yield ChatLine.from_row(
            chat,
            type="chat",
            subscription=SubscriptionLine.from_row(sub) if sub else None,
            watch=watch.get(chat.id, []),
        )


def _export_deliveries(session: Session) -> Iterator[DeliveryLine]:
    for row in session.scalars(select(Delivery).order_by(Delivery.id)):
        yield DeliveryLine.from_row(row, type="delivery")


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
            except StorageError as exc:  # no article ids left, say
                failure = BackupError(f"line {number}: {exc}")
                break
            except (DBAPIError, OverflowError, ValueError) as exc:
                # The records are checked before this, so the database refusing one is a
                # bound missed here; still a reason with the line, never a traceback.
                reason = _one_line(str(getattr(exc, "orig", None) or exc).split("\n")[0])
                failure = BackupError(f"line {number}: the database refused it ({reason})")
                break
            (report.added if added else report.present)[record.type] += 1
    if failure is not None:
        raise failure


def _import_record(session: Session, record: Any, report: ImportReport) -> bool:
    if isinstance(record, SourceLine):
        return _import_source(session, record, report)
    if isinstance(record, ArticleLine):
        return _import_article(session, record, report)
    if isinstance(record, ChatLine):
        return _import_chat(session, record)
    return _import_delivery(session, record)


def _advance_article_ids(session: Session, batch: list[tuple[int, Any]]) -> None:
    """PostgreSQL hands out ids from a sequence that explicit ids do not move: move it past
    this batch's ids first (never back), so the bot storing articles meanwhile gets ids
    that the import will not want."""
    if session.get_bind().dialect.name != "postgresql":
        return
    top = max((r.id for _, r in batch if isinstance(r, ArticleLine)), default=0)
    if top:
        session.execute(
            text(
                "SELECT setval(seq, GREATEST(:top, COALESCE(pg_sequence_last_value(seq), 0))) "
                "FROM CAST(pg_get_serial_sequence('articles', 'id') AS regclass) AS seq"
            ),
            {"top": top},
        )


def _import_source(session: Session, record: SourceLine, report: ImportReport) -> bool:
    """A source is there already when its name or its feed URL is; the file's name then
    stands for that source (its articles go to it)."""
    taken = Source.name == record.name
    if record.url is not None:
        taken = taken | (Source.url == record.url)
    found = session.scalars(select(Source.id).where(taken)).first()
    if found is not None:
        report.source_ids[record.name] = found
        return False
    source = Source(**record.column_values())
    session.add(source)
    session.flush()
    report.source_ids[record.name] = source.id
    return True


def _import_article(session: Session, record: ArticleLine, report: ImportReport) -> bool:
    if find_duplicate(session, record.url, record.text) is not None:
        return False
    source_id = None
    if record.source:
        source_id = report.source_ids.get(record.source) or source_id_for(session, record.source)
    article_id: int | None = record.id
    if session.get(Article, record.id) is not None:
        check_article_ids_left(session)  # the new id is the highest plus one
        article_id = None
        report.renumbered += 1
    article = Article(
        **{
            **record.column_values(),
            "id": article_id,
            "url": normalize_url(record.url) if record.url else None,
            "content_hash": content_hash(record.text),
            "source_id": source_id,
        }
    )
    session.add(article)
    session.flush()
    # Also writes the search filter tokens, which hold the (target's) source id.
    replace_facts(
        session,
        article.id,
        [StoredFact(**fact.column_values()) for fact in record.facts],
    )
    return True


def _import_chat(session: Session, record: ChatLine) -> bool:
    chat = session.get(Chat, record.id)
    added = chat is None
    if chat is None:
        chat = Chat(**record.column_values())
        session.add(chat)
        session.flush()
    sub = record.subscription
    has_subscription = session.scalars(
        select(Subscription.id).where(Subscription.chat_id == record.id)
    ).first()
    if sub is not None and has_subscription is None:
        session.add(Subscription(chat_id=record.id, **sub.column_values()))
        added = True
    existing = {
        (row.kind, row.value)
        for row in session.execute(
            select(WatchItem.kind, WatchItem.value).where(WatchItem.chat_id == record.id)
        )
    }
    for item in record.watch:
        if (item.kind, item.value) not in existing:
            session.add(WatchItem(chat_id=record.id, **item.column_values()))
            existing.add((item.kind, item.value))
            added = True
    return added


def _import_delivery(session: Session, record: DeliveryLine) -> bool:
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
    session.add(Delivery(**record.column_values()))
    return True

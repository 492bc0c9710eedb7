"""Backup records: what each line of a backup file may hold, and reading one line into one.

A backup is user input, so these classes check a record as strictly as the command that would
have made it, and a line that breaks a rule is a `BackupError` naming the line and the field.
They live apart from `storage.backup` (which streams the whole file in and out) because this
schema is the file format's contract: each class maps its fields to its model's columns, and a
test holds the two together.
"""

from __future__ import annotations

from collections.abc import Iterable
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

from storage import values
from storage.archive import normalize_url
from storage.errors import StorageError
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
from storage.values import DEFAULT_BRIEFING_ITEMS, DEFAULT_WEEKDAYS, MAX_BRIEFING_ITEMS
from storage.zones import is_zone

__all__ = [
    "MAX_IMPORTED_ARTICLE_ID",
    "ArticleLine",
    "BackupError",
    "ChatLine",
    "DeliveryLine",
    "EndLine",
    "FactLine",
    "HeaderLine",
    "SourceLine",
    "SubscriptionLine",
    "WatchLine",
    "one_line",
    "parse_line",
]


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


def _copied(source: object, names: Iterable[str]) -> dict[str, Any]:
    """The named attributes, each list copied (a JSON column's list is shared otherwise)."""
    found = {name: getattr(source, name) for name in names}
    return {k: list(v) if isinstance(v, list) else v for k, v in found.items()}


class _Record(BaseModel):
    # Strict: "42" is not an id and "yes" is not a boolean (JSON strings still read as
    # dates and times).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    # The model a record is a row of. The fields named like that model's columns are those
    # columns; the others are the file's own (the record type, related rows, a source by
    # name). The model's columns that are not backed up are `left_out`. A test checks that
    # the two together name every column, so a new column is either backed up both ways or
    # left out on purpose.
    row_model: ClassVar[type[Base] | None] = None
    left_out: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _text_without_nul(cls, value: object) -> object:
        return _no_nul(value)

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        """The fields that are columns of `row_model`, in the file's order."""
        if cls.row_model is None:
            return ()
        table = cls.row_model.__table__.columns
        return tuple(name for name in cls.model_fields if name in table)

    @classmethod
    def from_row(cls, row: Base, **others: Any) -> Self:
        """The record of a row, unchecked (see the export below); `others` are the fields
        that are not columns."""
        # A JSON column's list is copied: the record outlives the session's row.
        return cls.model_construct(**_copied(row, cls.columns()), **others)

    def column_values(self) -> dict[str, Any]:
        """The record's columns, as keyword arguments for a new row of `row_model`."""
        return _copied(self, self.columns())


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
    kind: values.SourceKind
    url: Url | None = None
    active: bool = True
    last_polled_at: Instant | None = None


class FactLine(_Record):
    """One fact of an article: held in its article's line, never a line of its own."""

    row_model = ArticleFact
    # `key` is made from the name on import (storage.facts.replace_facts).
    left_out = frozenset({"id", "article_id", "key"})

    category: values.FactCategory
    name: Annotated[str, Field(max_length=200), AfterValidator(_casefolds_within_200)] | None = None
    kind: str | None = Field(default=None, max_length=32)
    text: str | None = Field(default=None, max_length=200)
    mentions: list[Annotated[str, Field(max_length=200)]] = Field(default=[], max_length=50)
    count: int = Field(default=1, ge=1, le=_INT)
    sentence: str = Field(default="", max_length=2000)


class ArticleLine(_Record):
    row_model = Article
    # The source by name (ids differ between databases); the hash, the search tokens and
    # the search terms are computed again on import.
    left_out = frozenset({"source_id", "content_hash", "search_meta", "search_terms"})

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


class WatchLine(_Record):
    row_model = WatchItem
    left_out = frozenset({"id", "chat_id", "created_at"})

    kind: values.WatchKind
    value: Name


class SubscriptionLine(_Record):
    row_model = Subscription
    left_out = frozenset({"id", "chat_id", "created_at", "updated_at"})

    timezone: Annotated[str, Field(max_length=64), AfterValidator(_zone)]
    briefing_time: Annotated[time, AfterValidator(_local_time)]
    # ISO weekdays, each once and in order, as `parse_days` writes them.
    weekdays: str = Field(default=DEFAULT_WEEKDAYS, min_length=1, pattern=r"^1?2?3?4?5?6?7?$")
    items: int = Field(default=DEFAULT_BRIEFING_ITEMS, ge=1, le=MAX_BRIEFING_ITEMS)
    active: bool = True
    last_briefing_at: Instant | None = None


class ChatLine(_Record):
    row_model = Chat
    left_out = frozenset({"created_at"})

    type: Literal["chat"]
    id: ChatId
    kind: values.ChatKind
    title: str | None = Field(default=None, max_length=255)
    active: bool = True
    deactivated_at: Instant | None = None
    subscription: SubscriptionLine | None = None
    watch: list[WatchLine] = Field(default=[], max_length=10_000)


class DeliveryLine(_Record):
    row_model = Delivery
    # A briefing's composed parts are only for resuming a send in progress. Told article ids:
    # import may renumber articles, so a restore forgets them (the next update is told in full).
    left_out = frozenset({"id", "parts_sent", "parts", "article_ids"})

    type: Literal["delivery"]
    chat_id: ChatId
    kind: values.DeliveryKind
    period: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_not_blank)]
    status: values.DeliveryStatus  # every status the bot writes
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


def one_line(text: str, limit: int = 200) -> str:
    """A reason fit for one line of output: no control characters, not endless."""
    flat = "".join(c if c.isprintable() else " " for c in text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_line(number: int, line: bytes | str) -> Any:
    """The record on line `number`, or a `BackupError` naming the line and the field."""
    try:
        return _ANY_RECORD.validate_json(line)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise BackupError(one_line(f"line {number}: {where}: {message}", 300)) from None
    except (ValueError, RecursionError) as exc:  # input too deeply nested, say
        raise BackupError(f"line {number}: {one_line(str(exc))}") from None

"""SQLAlchemy 2 models: the archive (sources, articles) and the audience (chats, subscriptions,
deliveries).

The same models run on SQLite and PostgreSQL; Alembic migrations in `storage/migrations`
create them, and a test checks that the migrations and these models agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from storage.errors import StorageError
from storage.values import (
    DEFAULT_BRIEFING_ITEMS,
    DEFAULT_WEEKDAYS,
    DeliveryKind,
    DeliveryStatus,
    FactCategory,
    SourceKind,
    WatchKind,
)

__all__ = [
    "Article",
    "ArticleFact",
    "Base",
    "BotState",
    "Chat",
    "Delivery",
    "Source",
    "Subscription",
    "UTCDateTime",
    "WatchItem",
]

# Explicit constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise StorageError(f"a UTC column held {type(value).__name__}, not a datetime")
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """Where articles come from: a feed that is polled, a site, or a named manual source."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[SourceKind] = mapped_column(String(16), default="manual")
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())

    articles: Mapped[list[Article]] = relationship(back_populates="source")


class Article(Base):
    """One stored article: clean text, metadata, and the keys that detect duplicates."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_published_at", "published_at"),
        Index("ix_articles_published_on", "published_on"),
        Index("ix_articles_ingested_at", "ingested_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(String(200))
    dateline: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(8))
    # The calendar date printed on the article (its local date, which relative dates in the
    # text refer to), and the exact instant when the document gave a time and zone.
    published_on: Mapped[date | None] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Filter tokens for the SQLite full-text index (see storage.filter_tokens).
    search_meta: Mapped[str | None] = mapped_column(Text)
    # Search terms of the title and text's Cyrillic, Arabic and Chinese words, which the
    # index's own tokenizers serve badly (storage.terms); None for an English article.
    search_terms: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source | None] = relationship(back_populates="articles")
    facts: Mapped[list[ArticleFact]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class ArticleFact(Base):
    """A key fact of an article: a date (name = ISO value), an actor or a weapon."""

    __tablename__ = "article_facts"
    __table_args__ = (
        Index("ix_article_facts_category_name", "category", "name"),
        Index("ix_article_facts_category_key", "category", "key"),
        Index("ix_article_facts_article_category", "article_id", "category"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    category: Mapped[FactCategory] = mapped_column(String(8))
    name: Mapped[str | None] = mapped_column(String(200))  # None: a date with no value
    key: Mapped[str | None] = mapped_column(String(200))  # lower-cased name, for filters
    kind: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(String(200))
    mentions: Mapped[list[str]] = mapped_column(JSON, default=list)
    count: Mapped[int] = mapped_column(Integer, default=1)
    sentence: Mapped[str] = mapped_column(Text, default="")

    article: Mapped[Article] = relationship(back_populates="facts")


class Chat(Base):
    """A Telegram chat (private, group or channel) that has talked to the bot."""

    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))  # a ChatKind (ChatInfo.kind is a str)
    title: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    subscription: Mapped[Subscription | None] = relationship(back_populates="chat")


class Subscription(Base):
    """A chat's daily briefing: when (local time, IANA zone, weekdays) and how much."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), unique=True
    )
    timezone: Mapped[str] = mapped_column(String(64))
    briefing_time: Mapped[time] = mapped_column(Time)
    weekdays: Mapped[str] = mapped_column(String(7), default=DEFAULT_WEEKDAYS)
    items: Mapped[int] = mapped_column(Integer, default=DEFAULT_BRIEFING_ITEMS)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_briefing_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    chat: Mapped[Chat] = relationship(back_populates="subscription")


class Delivery(Base):
    """One message owed to one chat; unique per (chat, kind, period) so it is sent once."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("chat_id", "kind", "period", name="uq_deliveries_chat_kind_period"),
        Index("ix_deliveries_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("chats.id", ondelete="CASCADE"))
    kind: Mapped[DeliveryKind] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(64))  # e.g. the briefing's local date
    status: Mapped[DeliveryStatus] = mapped_column(String(16), default="claimed")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    # A briefing in several messages: the parts as first composed, and how many went out,
    # so a retry sends the rest of the same briefing, not all of a new one.
    parts_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    parts: Mapped[list[str] | None] = mapped_column(JSON)
    # The ids of the articles its stories covered (sorted, bounded in storage.briefings):
    # what the chat has been told, so a later story can say what is new since.
    article_ids: Mapped[list[int] | None] = mapped_column(JSON)


class WatchItem(Base):
    """A keyword, actor or weapon a chat wants first in its briefings (and alerts on)."""

    __tablename__ = "watch_items"
    __table_args__ = (
        UniqueConstraint("chat_id", "kind", "value", name="uq_watch_items_chat_kind_value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[WatchKind] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())


class BotState(Base):
    """Small state behind inline buttons (a search's query and page), so callback data
    stays under Telegram's 64 bytes and survives restarts."""

    __tablename__ = "bot_states"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())

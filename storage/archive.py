"""The article archive: storing articles once, reading them back, counting.

Functions take a Session (the caller owns the transaction) and plain dataclasses, and return
plain dataclasses, never ORM objects.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.errors import StorageError
from storage.filter_tokens import meta_line
from storage.models import Article, Source, Subscription
from storage.query import MAX_RECORD_ID
from storage.terms import article_terms

__all__ = [
    "MAX_ARTICLE_ID",
    "AddedArticle",
    "ArchiveStats",
    "ArticleRecord",
    "NewArticle",
    "add_article",
    "archive_stats",
    "check_article_ids_left",
    "content_hash",
    "find_duplicate",
    "get_article",
    "latest_articles",
    "normalize_url",
    "source_id_for",
]

_TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|ocid|cmpid|smid|ref_src)$",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[\W_]+")

# Article ids are sequential: each new article gets the highest id plus one, so ids people
# quote (`/summary 42`) are never reused and later articles sort after earlier ones. The
# bound is PostgreSQL's INTEGER column; SQLite would store more, but past 2**63 - 1 it picks
# random free ids instead, so the archive stops at one bound on both.
MAX_ARTICLE_ID = MAX_RECORD_ID


@dataclass(frozen=True)
class NewArticle:
    title: str
    text: str
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    published_on: date | None = None
    byline: str | None = None
    dateline: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class AddedArticle:
    """The result of storing: the article's id, and whether it was already there."""

    id: int
    title: str
    published_on: date | None
    duplicate: bool
    duplicate_reason: str | None = None  # "url" or "content"


@dataclass(frozen=True)
class ArticleRecord:
    id: int
    title: str
    text: str
    url: str | None
    source: str | None
    published_at: datetime | None
    published_on: date | None
    ingested_at: datetime
    byline: str | None
    dateline: str | None
    language: str | None


@dataclass(frozen=True)
class ArchiveStats:
    articles: int
    sources: int
    subscribers: int


def normalize_url(url: str) -> str:
    """One spelling per page: lower-case host, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if port is None or port == default_port else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        ]
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def content_hash(text: str) -> str:
    """Hash of the words alone, so spacing, case and punctuation changes still match."""
    words = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def find_duplicate(session: Session, url: str | None, text: str) -> AddedArticle | None:
    """The archived article with this URL or this normalised text, if there is one."""
    return _find_duplicate(session, normalize_url(url) if url else None, content_hash(text))


def add_article(session: Session, new: NewArticle, *, now: datetime | None = None) -> AddedArticle:
    """Store an article unless its URL or its normalised content is already archived."""
    url = normalize_url(new.url) if new.url else None
    digest = content_hash(new.text)
    existing = _find_duplicate(session, url, digest)
    if existing is not None:
        return existing
    check_article_ids_left(session)
    source_id = source_id_for(session, new.source) if new.source else None
    now = now or datetime.now(UTC)
    title = _clip(new.title, 500)
    language = _clip_optional(new.language, 8)
    article = Article(
        url=url,
        title=title,
        text=new.text,
        byline=_clip_optional(new.byline, 200),
        dateline=_clip_optional(new.dateline, 100),
        language=language,
        published_on=new.published_on,
        published_at=new.published_at,
        ingested_at=now,
        content_hash=digest,
        source_id=source_id,
        search_meta=meta_line(source_id, new.published_on or now.date(), (), ()),
        search_terms=article_terms(title, new.text, language),
    )
    try:
        with session.begin_nested():
            session.add(article)
    except IntegrityError:
        # Another writer stored the same article between our check and our insert.
        raced = _find_duplicate(session, url, digest)
        if raced is None:
            raise
        return raced
    return AddedArticle(article.id, article.title, article.published_on, duplicate=False)


def check_article_ids_left(session: Session) -> None:
    """Refuse to store an article that would get an id past MAX_ARTICLE_ID (the database
    would fail, or on SQLite past 2**63 - 1 hand out a random one)."""
    top = session.scalar(select(func.max(Article.id)))
    if top is not None and top >= MAX_ARTICLE_ID:
        raise StorageError(
            f"the archive has used every article id up to {MAX_ARTICLE_ID}; no new article "
            "can be stored"
        )


def get_article(session: Session, article_id: int) -> ArticleRecord | None:
    row = session.execute(
        select(Article, Source.name)
        .outerjoin(Source, Article.source_id == Source.id)
        .where(Article.id == article_id)
    ).first()
    return _record(row[0], row[1]) if row else None


def latest_articles(session: Session, limit: int = 10, offset: int = 0) -> list[ArticleRecord]:
    """Newest first by publication date (ingestion time for undated articles), paged."""
    newest = func.coalesce(Article.published_on, func.date(Article.ingested_at))
    rows = session.execute(
        select(Article, Source.name)
        .outerjoin(Source, Article.source_id == Source.id)
        .order_by(newest.desc(), Article.published_at.desc(), Article.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return [_record(article, source) for article, source in rows]


def archive_stats(session: Session) -> ArchiveStats:
    articles = session.scalar(select(func.count()).select_from(Article)) or 0
    sources = session.scalar(select(func.count()).select_from(Source)) or 0
    subscribers = (
        session.scalar(
            select(func.count()).select_from(Subscription).where(Subscription.active.is_(True))
        )
        or 0
    )
    return ArchiveStats(articles=articles, sources=sources, subscribers=subscribers)


def _find_duplicate(session: Session, url: str | None, digest: str) -> AddedArticle | None:
    if url is not None:
        by_url = session.scalars(select(Article).where(Article.url == url)).first()
        if by_url is not None:
            return _duplicate(by_url, "url")
    by_content = session.scalars(select(Article).where(Article.content_hash == digest)).first()
    return _duplicate(by_content, "content") if by_content is not None else None


def _duplicate(article: Article, reason: str) -> AddedArticle:
    return AddedArticle(
        article.id, article.title, article.published_on, duplicate=True, duplicate_reason=reason
    )


def source_id_for(session: Session, name: str) -> int:
    """The id of the source with this name, created (as a manual source) when new."""
    name = _clip(name.strip(), 200)
    found = session.scalars(select(Source.id).where(Source.name == name)).first()
    if found is not None:
        return found
    source = Source(name=name, kind="manual")
    try:
        with session.begin_nested():
            session.add(source)
    except IntegrityError:
        raced = session.scalars(select(Source.id).where(Source.name == name)).first()
        if raced is None:
            raise
        return raced
    return source.id


def _record(article: Article, source: str | None) -> ArticleRecord:
    return ArticleRecord(
        id=article.id,
        title=article.title,
        text=article.text,
        url=article.url,
        source=source,
        published_at=article.published_at,
        published_on=article.published_on,
        ingested_at=article.ingested_at,
        byline=article.byline,
        dateline=article.dateline,
        language=article.language,
    )


def _clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _clip_optional(value: str | None, limit: int) -> str | None:
    return _clip(value, limit) if value else None

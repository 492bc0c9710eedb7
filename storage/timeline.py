"""What timelines and trends read: dated sentences, name forms and sources of articles."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import Text, and_, distinct, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from storage.models import Article, ArticleFact, Source
from storage.values import FactCategory

__all__ = [
    "ArticleRef",
    "DateRow",
    "article_refs",
    "date_rows",
    "fact_daily_counts",
    "name_forms",
]

_IN_CHUNK = 500  # ids per IN (...) list: SQLite's bound-parameter limit is far above


class DateRow(NamedTuple):
    """A date fact as a timeline reads it (a tuple: thousands are read for a page)."""

    article_id: int
    value: str
    sentence: str
    written: object = None  # the stored mentions: JSON text (SQLite) or a decoded list

    @property
    def texts(self) -> tuple[str, ...]:
        """The date as the article wrote it ("late Monday"): decoded only when asked for,
        since a timeline keeps few of the rows it reads."""
        return _texts(self.written)


def _texts(written: object) -> tuple[str, ...]:
    value = written
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ()
    return tuple(str(t) for t in value) if isinstance(value, list) else ()


@dataclass(frozen=True)
class ArticleRef:
    id: int
    title: str
    url: str | None
    source: str | None
    published: date | None


def date_rows(session: Session, article_ids: Sequence[int]) -> list[DateRow]:
    """The resolved date facts of the articles, each with the sentence that states it.

    The conditions are only the article and the category, which the (article_id, category)
    index answers: a condition on the name (even IS NOT NULL) made SQLite's planner scan
    (category, name) over every date fact of the archive instead. The same holds below."""
    found: list[DateRow] = []
    for chunk in _chunks(article_ids):
        rows = session.connection().execute(  # Core, not the ORM: rows, not objects
            select(
                ArticleFact.article_id,
                ArticleFact.name,
                ArticleFact.sentence,
                type_coerce(ArticleFact.mentions, Text),
            ).where(ArticleFact.article_id.in_(chunk), ArticleFact.category == "date")
        )
        found.extend(
            DateRow(a, name, sentence or "", written)
            for a, name, sentence, written in rows
            if name is not None
        )
    return found


def name_forms(
    session: Session, article_ids: Sequence[int], category: FactCategory, name: str
) -> dict[int, list[str]]:
    """How each article wrote an actor or weapon (its canonical name and the forms it used),
    for the articles that name it; a name also covers its sub-entries ("Russia" covers a
    stored "Russia Defence Ministry" filed under "russia ...")."""
    key = name.casefold().strip()
    unindexed = ArticleFact.key.concat("")
    forms: dict[int, list[str]] = {}
    for chunk in _chunks(article_ids):
        rows = session.connection().execute(
            select(
                ArticleFact.article_id,
                ArticleFact.key,
                ArticleFact.name,
                type_coerce(ArticleFact.mentions, Text),
            ).where(
                ArticleFact.article_id.in_(chunk),
                ArticleFact.category == category,
                # The key as an expression (key || ''), which no index answers: the planner
                # then reads the chunk's articles by (article_id, category), not every fact
                # of a common name by (category, key).
                or_(unindexed == key, unindexed.startswith(key + " ")),
            )
        )
        for article_id, found_key, canonical, written in rows:
            if found_key != key and not (found_key or "").startswith(key + " "):
                continue  # (the mentions of other names are never decoded)
            mentions = _texts(written)
            forms.setdefault(int(article_id), []).extend([str(canonical or ""), *mentions])
    return forms


def article_refs(session: Session, article_ids: Sequence[int]) -> dict[int, ArticleRef]:
    refs: dict[int, ArticleRef] = {}
    day = Article.published_on
    for chunk in _chunks(article_ids):
        rows = session.execute(
            select(Article.id, Article.title, Article.url, Source.name, day, Article.ingested_at)
            .outerjoin(Source, Article.source_id == Source.id)
            .where(Article.id.in_(chunk))
        )
        for article_id, title, url, source, published, ingested in rows:
            when = published or (ingested.date() if ingested else None)
            refs[int(article_id)] = ArticleRef(int(article_id), title, url, source, when)
    return refs


def fact_daily_counts(session: Session, since: date, until: date) -> dict[str, dict[date, int]]:
    """Articles naming each actor or weapon, per publication day in [since, until]."""
    day = func.coalesce(Article.published_on, func.date(Article.ingested_at)).label("day")
    start = datetime.combine(since, time.min, UTC)
    end = datetime.combine(until + timedelta(days=1), time.min, UTC)
    in_range = or_(
        Article.published_on.between(since, until),
        and_(
            Article.published_on.is_(None),
            Article.ingested_at >= start,
            Article.ingested_at < end,
        ),
    )
    rows = session.execute(
        select(ArticleFact.name, day, func.count(distinct(ArticleFact.article_id)))
        .join(Article, Article.id == ArticleFact.article_id)
        .where(
            in_range, ArticleFact.category.in_(("actor", "weapon")), ArticleFact.name.is_not(None)
        )
        .group_by(ArticleFact.name, day)
    )
    counts: dict[str, dict[date, int]] = {}
    for name, value, count in rows:
        when = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        counts.setdefault(str(name), {})[when] = int(count)
    return counts


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    unique = list(dict.fromkeys(ids))
    return [unique[i : i + _IN_CHUNK] for i in range(0, len(unique), _IN_CHUNK)]

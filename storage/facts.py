"""Key facts stored with their article (computed once, at ingestion)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.filter_tokens import meta_line
from storage.models import Article, ArticleFact
from storage.values import FactCategory

__all__ = ["StoredFact", "article_facts", "replace_facts"]


@dataclass(frozen=True)
class StoredFact:
    category: FactCategory
    name: str | None  # canonical name, or a date's ISO value (None when unresolved)
    kind: str | None = None
    text: str | None = None
    mentions: list[str] = field(default_factory=list)
    count: int = 1
    sentence: str = ""


def replace_facts(session: Session, article_id: int, facts: Sequence[StoredFact]) -> None:
    """Store an article's facts, replacing any it had, and its filter tokens with them."""
    session.execute(delete(ArticleFact).where(ArticleFact.article_id == article_id))
    article = session.get(Article, article_id)
    if article is not None:
        day = article.published_on or article.ingested_at.date()
        article.search_meta = meta_line(
            article.source_id,
            day,
            [f.name for f in facts if f.category == "actor" and f.name],
            [f.name for f in facts if f.category == "weapon" and f.name],
        )
    session.add_all(
        ArticleFact(
            article_id=article_id,
            category=fact.category,
            name=fact.name[:200] if fact.name else None,
            key=fact.name[:200].casefold() if fact.name else None,
            kind=fact.kind[:32] if fact.kind else None,
            text=fact.text[:200] if fact.text else None,
            mentions=[m[:200] for m in fact.mentions[:50]],
            count=fact.count,
            sentence=fact.sentence[:2000],
        )
        for fact in facts
    )


def article_facts(session: Session, article_id: int) -> list[StoredFact]:
    rows = session.scalars(
        select(ArticleFact).where(ArticleFact.article_id == article_id).order_by(ArticleFact.id)
    )
    return [
        StoredFact(r.category, r.name, r.kind, r.text, list(r.mentions), r.count, r.sentence)
        for r in rows
    ]

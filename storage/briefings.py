"""What briefings need from the database: a window's articles with their facts, the active
subscriptions, and delivery claims that make every briefing go out once.

A delivery is claimed (a row unique per chat, kind and period) in a transaction before the
message is sent. Two bot processes racing for the same briefing cannot both claim it. A claim
whose process died before finishing expires after a lease and can be claimed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.archive import ArticleRecord
from storage.audience import SubscriptionRecord, watch_items
from storage.facts import StoredFact
from storage.models import Article, ArticleFact, Chat, Delivery, Source, Subscription

__all__ = [
    "DeliveryRecord",
    "WindowArticle",
    "active_subscriptions",
    "articles_since",
    "claim_delivery",
    "deliveries",
    "finish_delivery",
    "recent_deliveries",
]

CLAIM_LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class WindowArticle:
    article: ArticleRecord
    facts: list[StoredFact]


@dataclass(frozen=True)
class DeliveryRecord:
    chat_id: int
    kind: str
    period: str
    status: str
    attempts: int
    sent_at: datetime | None
    error: str | None


def articles_since(
    session: Session, since: datetime, limit: int = 500, *, ingested: bool = False
) -> list[WindowArticle]:
    """Articles published since a moment (by their time, else their date, else when they
    were ingested), or with `ingested` those stored since then; newest first, with facts."""
    published_since = (
        Article.ingested_at >= since
        if ingested
        else or_(
            Article.published_at >= since,
            and_(Article.published_at.is_(None), Article.published_on >= since.date()),
            and_(
                Article.published_at.is_(None),
                Article.published_on.is_(None),
                Article.ingested_at >= since,
            ),
        )
    )
    rows = session.execute(
        select(Article, Source.name)
        .outerjoin(Source, Article.source_id == Source.id)
        .where(published_since)
        .order_by(Article.id.desc())
        .limit(limit)
    ).all()
    ids = [article.id for article, _ in rows]
    facts: dict[int, list[StoredFact]] = {i: [] for i in ids}
    if ids:
        for fact in session.scalars(
            select(ArticleFact).where(ArticleFact.article_id.in_(ids)).order_by(ArticleFact.id)
        ):
            facts[fact.article_id].append(
                StoredFact(
                    fact.category,
                    fact.name,
                    fact.kind,
                    fact.text,
                    list(fact.mentions),
                    fact.count,
                    fact.sentence,
                )
            )
    return [
        WindowArticle(
            ArticleRecord(
                a.id,
                a.title,
                a.text,
                a.url,
                source,
                a.published_at,
                a.published_on,
                a.ingested_at,
                a.byline,
                a.dateline,
                a.language,
            ),
            facts[a.id],
        )
        for a, source in rows
    ]


def active_subscriptions(session: Session) -> list[SubscriptionRecord]:
    """Subscriptions of chats that have not blocked the bot."""
    rows = session.scalars(
        select(Subscription)
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(Subscription.active.is_(True), Chat.active.is_(True))
        .order_by(Subscription.chat_id)
    ).all()
    return [
        SubscriptionRecord(
            r.chat_id,
            r.timezone,
            r.briefing_time,
            r.items,
            r.active,
            watch_items(session, r.chat_id),
            r.last_briefing_at,
            r.weekdays,
        )
        for r in rows
    ]


def claim_delivery(
    session: Session, chat_id: int, kind: str, period: str, now: datetime | None = None
) -> bool:
    """True when this caller may send (chat, kind, period): nobody has, or a claim expired."""
    now = now or datetime.now(UTC)
    try:
        with session.begin_nested():
            session.add(
                Delivery(
                    chat_id=chat_id,
                    kind=kind,
                    period=period,
                    status="claimed",
                    attempts=1,
                    claimed_at=now,
                )
            )
        return True
    except IntegrityError:
        pass
    # Someone claimed it; take it over only if that claim was never finished in time.
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.chat_id == chat_id,
            Delivery.kind == kind,
            Delivery.period == period,
            Delivery.status == "claimed",
            Delivery.claimed_at < now - CLAIM_LEASE,
        )
        .values(claimed_at=now, attempts=Delivery.attempts + 1)
    )
    return bool(getattr(result, "rowcount", 0))


def finish_delivery(
    session: Session,
    chat_id: int,
    kind: str,
    period: str,
    status: str,
    error: str | None = None,
    now: datetime | None = None,
) -> None:
    """Record how a claimed delivery ended: sent, blocked or failed."""
    now = now or datetime.now(UTC)
    session.execute(
        update(Delivery)
        .where(Delivery.chat_id == chat_id, Delivery.kind == kind, Delivery.period == period)
        .values(
            status=status,
            error=error[:2000] if error else None,
            sent_at=now if status == "sent" else None,
        )
    )
    if status == "sent" and kind == "briefing":
        session.execute(
            update(Subscription).where(Subscription.chat_id == chat_id).values(last_briefing_at=now)
        )


def recent_deliveries(session: Session, chat_id: int, kind: str, since: datetime) -> int:
    """How many messages of a kind a chat was sent since a moment (for alert rate limits)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.chat_id == chat_id, Delivery.kind == kind, Delivery.claimed_at >= since)
        )
        or 0
    )


def deliveries(session: Session, chat_id: int | None = None) -> list[DeliveryRecord]:
    statement = select(Delivery).order_by(Delivery.id)
    if chat_id is not None:
        statement = statement.where(Delivery.chat_id == chat_id)
    return [
        DeliveryRecord(d.chat_id, d.kind, d.period, d.status, d.attempts, d.sent_at, d.error)
        for d in session.scalars(statement)
    ]

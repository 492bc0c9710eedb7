"""What briefings need from the database: a window's articles with their facts, the active
subscriptions, and delivery claims that make every briefing go out once.

A delivery is claimed (a row unique per chat, kind and period) in a transaction before the
message is sent. Two bot processes racing for the same briefing cannot both claim it. A claim
whose process died before finishing expires after a lease and can be claimed again; a send
that failed for a passing reason (Telegram unreachable) can be claimed again after a wait.
A delivery also keeps the ids of the articles its stories covered: what the chat was told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.archive import ArticleRecord
from storage.audience import SubscriptionRecord, watch_items
from storage.facts import StoredFact
from storage.models import Article, ArticleFact, Chat, Delivery, Source, Subscription
from storage.values import CLAIM_LEASE, RETRY_AFTER, DeliveryKind, DeliveryStatus

__all__ = [
    "DeliveryRecord",
    "WindowArticle",
    "active_subscriptions",
    "articles_between",
    "articles_by_ids",
    "articles_since",
    "claim_delivery",
    "deliveries",
    "delivery_progress",
    "finish_delivery",
    "may_take_over",
    "recent_deliveries",
    "record_progress",
    "retryable_deliveries",
    "told_article_ids",
]

# A transient failure (Telegram unreachable) is retried after RETRY_AFTER (storage.values),
# doubling each time up to MAX_RETRY_WAIT, for at most MAX_ATTEMPTS sends.
MAX_RETRY_WAIT = timedelta(minutes=30)
MAX_ATTEMPTS = 12
# A delivery remembers at most this many article ids (the newest): far more than a briefing's
# stories cover, and a bound on what one row holds.
MAX_TOLD_ARTICLES = 500


@dataclass(frozen=True)
class WindowArticle:
    article: ArticleRecord
    facts: list[StoredFact]


@dataclass(frozen=True)
class DeliveryRecord:
    chat_id: int
    kind: DeliveryKind
    period: str
    status: DeliveryStatus
    attempts: int
    sent_at: datetime | None
    error: str | None
    parts_sent: int = 0


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
    return _with_facts(session, published_since, limit)


def articles_by_ids(session: Session, ids: Sequence[int], limit: int = 500) -> list[WindowArticle]:
    """The articles of these ids that still exist (at most `limit`, the newest), with facts."""
    if not ids:
        return []
    return _with_facts(session, Article.id.in_(sorted(set(ids))[-limit:]), limit)


def articles_between(
    session: Session, start: datetime, end: datetime, limit: int = 200
) -> list[WindowArticle]:
    """Articles published in [start, end] (by their time, else their date, else when they
    were ingested), newest first, with facts."""
    published = or_(
        and_(Article.published_at >= start, Article.published_at <= end),
        and_(
            Article.published_at.is_(None),
            Article.published_on >= start.date(),
            Article.published_on <= end.date(),
        ),
        and_(
            Article.published_at.is_(None),
            Article.published_on.is_(None),
            Article.ingested_at >= start,
            Article.ingested_at <= end,
        ),
    )
    return _with_facts(session, published, limit)


def _with_facts(session: Session, where: ColumnElement[bool], limit: int) -> list[WindowArticle]:
    rows = session.execute(
        select(Article, Source.name)
        .outerjoin(Source, Article.source_id == Source.id)
        .where(where)
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
    session: Session,
    chat_id: int,
    kind: str,
    period: str,
    now: datetime | None = None,
    *,
    lease: timedelta = CLAIM_LEASE,
    retry_after: timedelta = RETRY_AFTER,
) -> int | None:
    """The attempt number this caller now owns, when it may send (chat, kind, period): nobody
    has, a claim was never finished within its lease (the sender died), or a send failed and
    its wait is over; None otherwise. Finishing needs that number, so a sender that lost its
    claim to another cannot overwrite the other's outcome."""
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
        return 1
    except IntegrityError:
        pass
    row = session.execute(
        select(Delivery.status, Delivery.attempts, Delivery.claimed_at).where(
            *_one(chat_id, kind, period)
        )
    ).first()
    if row is None or not may_take_over(
        row.status, row.attempts, row.claimed_at, now, lease=lease, retry_after=retry_after
    ):
        return None
    # Only if nobody took it over since we looked (the attempts count is the version).
    result = session.execute(
        update(Delivery)
        .where(
            *_one(chat_id, kind, period),
            Delivery.status == row.status,
            Delivery.attempts == row.attempts,
        )
        .values(status="claimed", claimed_at=now, attempts=row.attempts + 1, error=None)
    )
    return row.attempts + 1 if getattr(result, "rowcount", 0) else None


def _one(chat_id: int, kind: str, period: str) -> tuple[ColumnElement[bool], ...]:
    """The conditions that pick one delivery (its unique key)."""
    return (Delivery.chat_id == chat_id, Delivery.kind == kind, Delivery.period == period)


def renew_claim(
    session: Session, chat_id: int, kind: str, period: str, attempt: int, now: datetime
) -> bool:
    """Keep a live sender's claim fresh: its lease counts from the last renewal, so a send
    that waits long (behind the flood limit, say) is not taken for an abandoned one. Only the
    claim's own attempt may renew it; False when it was finished or taken over."""
    result = session.execute(
        update(Delivery).where(*_owned(chat_id, kind, period, attempt)).values(claimed_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


def may_take_over(
    status: DeliveryStatus,
    attempts: int,
    claimed_at: datetime,
    now: datetime,
    *,
    lease: timedelta = CLAIM_LEASE,
    retry_after: timedelta = RETRY_AFTER,
) -> bool:
    """A claim whose sender never finished (past the lease), or a transient failure whose
    wait (doubling with each attempt, at most MAX_RETRY_WAIT) is over, may be sent again."""
    if status == "claimed":
        return claimed_at < now - lease
    if status == "failed" and attempts < MAX_ATTEMPTS:
        wait = min(retry_after * (1 << max(0, attempts - 1)), MAX_RETRY_WAIT)
        return claimed_at < now - wait
    return False


def retryable_deliveries(
    session: Session,
    kind: DeliveryKind,
    now: datetime,
    *,
    lease: timedelta = CLAIM_LEASE,
    retry_after: timedelta = RETRY_AFTER,
    since: timedelta = timedelta(days=2),
) -> list[tuple[int, str]]:
    """(chat, period) of recent deliveries that failed or were abandoned and may be retried."""
    rows = session.execute(
        select(
            Delivery.chat_id,
            Delivery.period,
            Delivery.status,
            Delivery.attempts,
            Delivery.claimed_at,
        )
        .where(
            Delivery.kind == kind,
            Delivery.status.in_(("claimed", "failed")),
            Delivery.claimed_at > now - since,
        )
        .order_by(Delivery.id)
    ).all()
    return [
        (row.chat_id, row.period)
        for row in rows
        if may_take_over(
            row.status, row.attempts, row.claimed_at, now, lease=lease, retry_after=retry_after
        )
    ]


def finish_delivery(
    session: Session,
    chat_id: int,
    kind: str,
    period: str,
    status: str,
    error: str | None = None,
    now: datetime | None = None,
    *,
    attempt: int | None = None,
    article_ids: Sequence[int] | None = None,
) -> bool:
    """Record how a claimed delivery ended: sent, failed, rejected or blocked. With the
    attempt number of the claim, only while that claim is still the caller's; False when
    another sender has taken it over meanwhile (its outcome stands). `article_ids`, when
    given, are the articles its stories covered (see `told_article_ids`); without them the
    ids stored before, if any, stay."""
    now = now or datetime.now(UTC)
    values: dict[str, object] = {
        "status": status,
        "error": error[:2000] if error else None,
        "sent_at": now if status == "sent" else None,
    }
    if article_ids is not None:
        values["article_ids"] = _bounded(article_ids)
    result = session.execute(
        update(Delivery).where(*_owned(chat_id, kind, period, attempt)).values(**values)
    )
    if not getattr(result, "rowcount", 0):
        return False
    if status == "sent" and kind == "briefing":
        session.execute(
            update(Subscription).where(Subscription.chat_id == chat_id).values(last_briefing_at=now)
        )
    return True


def record_progress(
    session: Session,
    chat_id: int,
    kind: DeliveryKind,
    period: str,
    attempt: int,
    *,
    parts: list[str] | None = None,
    parts_sent: int | None = None,
    article_ids: Sequence[int] | None = None,
) -> None:
    """Remember a message in several parts (as composed, with the articles its stories
    cover) and how many of them went out."""
    values: dict[str, object] = {}
    if parts is not None:
        values["parts"] = parts
    if parts_sent is not None:
        values["parts_sent"] = parts_sent
    if article_ids is not None:
        values["article_ids"] = _bounded(article_ids)
    if values:
        session.execute(
            update(Delivery).where(*_owned(chat_id, kind, period, attempt)).values(**values)
        )


def delivery_progress(
    session: Session, chat_id: int, kind: DeliveryKind, period: str
) -> tuple[list[str] | None, int]:
    """The parts an earlier attempt composed (None: compose afresh) and how many were sent."""
    row = session.execute(
        select(Delivery.parts, Delivery.parts_sent).where(*_one(chat_id, kind, period))
    ).first()
    if row is None or not row.parts:
        return None, 0
    return list(row.parts), row.parts_sent


def told_article_ids(session: Session, chat_id: int, since: datetime) -> set[int]:
    """The articles a chat has been told of by its deliveries (briefings and alerts) claimed
    at or after `since`.

    Told means the delivery reached the chat: it was sent, or at least one of its parts
    went out. A briefing in parts whose send stopped midway for good (a part rejected, the
    retries used up) counts as telling all of its articles, since the parts do not record
    which stories each held; the rare cost is an update that assumes a story the chat
    missed. Sends that failed, were rejected or blocked with nothing delivered told nothing.
    `claimed_at` is the claim's last renewal, so a send in progress at `since` counts. Ids
    of articles deleted since may be among them."""
    rows = session.scalars(
        select(Delivery.article_ids).where(
            Delivery.chat_id == chat_id,
            Delivery.claimed_at >= since,
            or_(Delivery.status == "sent", Delivery.parts_sent > 0),
        )
    )
    return {int(article_id) for ids in rows if ids for article_id in ids}


def _bounded(article_ids: Sequence[int]) -> list[int]:
    """Each id once, in order, at most MAX_TOLD_ARTICLES of them (the newest, highest)."""
    return sorted(set(article_ids))[-MAX_TOLD_ARTICLES:]


def _owned(chat_id: int, kind: str, period: str, attempt: int | None) -> list[Any]:
    conditions: list[Any] = list(_one(chat_id, kind, period))
    if attempt is not None:
        conditions += [Delivery.status == "claimed", Delivery.attempts == attempt]
    return conditions


def recent_deliveries(session: Session, chat_id: int, kind: DeliveryKind, since: datetime) -> int:
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
        DeliveryRecord(
            d.chat_id, d.kind, d.period, d.status, d.attempts, d.sent_at, d.error, d.parts_sent
        )
        for d in session.scalars(statement)
    ]

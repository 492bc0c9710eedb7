"""Chats, their subscriptions and watch-lists, and the state behind inline buttons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.models import BotState, Chat, Subscription, WatchItem
from storage.values import DEFAULT_WEEKDAYS, WATCH_KINDS, WatchKind

__all__ = [
    "WATCH_KINDS",  # its home is storage.values; kept here for the callers that import it here
    "ChatInfo",
    "SubscriptionRecord",
    "add_watch",
    "deactivate_chat",
    "get_subscription",
    "load_state",
    "remember_chat",
    "remove_watch",
    "save_state",
    "subscribe",
    "unsubscribe",
    "update_subscription",
    "watch_items",
    "watch_items_added",
]


@dataclass(frozen=True)
class ChatInfo:
    id: int
    kind: str  # a ChatKind (private, group, supergroup, channel)
    title: str | None = None


@dataclass(frozen=True)
class SubscriptionRecord:
    chat_id: int
    timezone: str
    briefing_time: time
    items: int
    active: bool
    watch: list[tuple[str, str]] = field(default_factory=list)  # (kind, value)
    last_briefing_at: datetime | None = None
    weekdays: str = DEFAULT_WEEKDAYS  # ISO weekdays the briefing goes out (1 = Monday)


def remember_chat(session: Session, chat: ChatInfo) -> None:
    """Record a chat the bot heard from; a chat that comes back is active again."""
    row = session.get(Chat, chat.id)
    if row is None:
        session.add(Chat(id=chat.id, kind=chat.kind, title=(chat.title or "")[:255] or None))
        session.flush()
    elif not row.active or row.kind != chat.kind:
        row.active, row.kind, row.deactivated_at = True, chat.kind, None


def deactivate_chat(session: Session, chat_id: int) -> None:
    """A chat that blocked the bot (or removed it) gets nothing more until it writes again."""
    row = session.get(Chat, chat_id)
    if row is not None and row.active:
        row.active, row.deactivated_at = False, datetime.now(UTC)


def subscribe(
    session: Session, chat: ChatInfo, timezone: str, briefing_time: time
) -> SubscriptionRecord:
    remember_chat(session, chat)
    row = session.scalars(select(Subscription).where(Subscription.chat_id == chat.id)).first()
    if row is None:
        row = Subscription(chat_id=chat.id, timezone=timezone, briefing_time=briefing_time)
        session.add(row)
    row.timezone, row.briefing_time, row.active = timezone, briefing_time, True
    row.updated_at = datetime.now(UTC)
    session.flush()
    return _record(session, row)


def unsubscribe(session: Session, chat_id: int) -> bool:
    """True when there was an active subscription to end."""
    row = session.scalars(select(Subscription).where(Subscription.chat_id == chat_id)).first()
    if row is None or not row.active:
        return False
    row.active, row.updated_at = False, datetime.now(UTC)
    return True


def get_subscription(session: Session, chat_id: int) -> SubscriptionRecord | None:
    row = session.scalars(select(Subscription).where(Subscription.chat_id == chat_id)).first()
    return _record(session, row) if row is not None else None


def update_subscription(
    session: Session,
    chat_id: int,
    *,
    timezone: str | None = None,
    briefing_time: time | None = None,
    items: int | None = None,
    weekdays: str | None = None,
) -> SubscriptionRecord | None:
    row = session.scalars(select(Subscription).where(Subscription.chat_id == chat_id)).first()
    if row is None:
        return None
    if timezone is not None:
        row.timezone = timezone
    if briefing_time is not None:
        row.briefing_time = briefing_time
    if items is not None:
        row.items = items
    if weekdays is not None:
        row.weekdays = weekdays
    row.updated_at = datetime.now(UTC)
    session.flush()
    return _record(session, row)


def add_watch(session: Session, chat: ChatInfo, kind: WatchKind, value: str) -> bool:
    """True when the item is new on the chat's watch-list."""
    remember_chat(session, chat)
    value = value.strip()[:200]
    exists = session.scalar(
        select(func.count())
        .select_from(WatchItem)
        .where(WatchItem.chat_id == chat.id, WatchItem.kind == kind, WatchItem.value == value)
    )
    if exists:
        return False
    # The moment is taken here, to the microsecond (SQLite's CURRENT_TIMESTAMP has seconds).
    session.add(WatchItem(chat_id=chat.id, kind=kind, value=value, created_at=datetime.now(UTC)))
    return True


def remove_watch(session: Session, chat_id: int, kind: str, value: str) -> bool:
    result = session.execute(
        delete(WatchItem).where(
            WatchItem.chat_id == chat_id, WatchItem.kind == kind, WatchItem.value == value.strip()
        )
    )
    return bool(getattr(result, "rowcount", 0))


def watch_items(session: Session, chat_id: int) -> list[tuple[str, str]]:
    rows = session.execute(
        select(WatchItem.kind, WatchItem.value)
        .where(WatchItem.chat_id == chat_id)
        .order_by(WatchItem.kind, WatchItem.value)
    )
    return [(kind, value) for kind, value in rows]


def watch_items_added(session: Session, chat_id: int) -> list[tuple[str, str, datetime]]:
    """The watch-list with when each item was added (alerts only cover news after that)."""
    rows = session.execute(
        select(WatchItem.kind, WatchItem.value, WatchItem.created_at)
        .where(WatchItem.chat_id == chat_id)
        .order_by(WatchItem.id)
    )
    return [(kind, value, added) for kind, value, added in rows]


def save_state(session: Session, chat_id: int, kind: str, payload: dict[str, Any]) -> int:
    state = BotState(chat_id=chat_id, kind=kind, payload=payload)
    session.add(state)
    session.flush()
    return state.id


def load_state(session: Session, state_id: int, chat_id: int) -> dict[str, Any] | None:
    """A button's state, only for the chat it was made for."""
    state = session.get(BotState, state_id)
    if state is None or state.chat_id != chat_id:
        return None
    return dict(state.payload)


def _record(session: Session, row: Subscription) -> SubscriptionRecord:
    return SubscriptionRecord(
        chat_id=row.chat_id,
        timezone=row.timezone,
        briefing_time=row.briefing_time,
        items=row.items,
        active=row.active,
        watch=watch_items(session, row.chat_id),
        last_briefing_at=row.last_briefing_at,
        weekdays=row.weekdays,
    )

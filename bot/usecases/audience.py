"""Chats, their subscriptions and watch-lists, saved bot state, and composing their briefings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.usecases.core import UseCase
from bot.usecases.errors import InputError, NotFound
from bot.usecases.inputs import (
    check_timezone,
    parse_clock,
    parse_days,
)
from storage.audience import (
    WATCH_KINDS,
    ChatInfo,
    SubscriptionRecord,
    add_watch,
    deactivate_chat,
    get_subscription,
    load_state,
    remember_chat,
    remove_watch,
    save_state,
    subscribe,
    unsubscribe,
    update_subscription,
)
from storage.values import MAX_BRIEFING_ITEMS, WatchKind

if TYPE_CHECKING:
    from bot.usecases.briefings import Briefing, Briefings

__all__ = [
    "Audience",
    "ChatInfo",
    "SubscriptionRecord",
]


class Audience(UseCase):
    """Who the bot talks to, what they asked for, and the briefing they would get now."""

    def remember_chat(self, chat: ChatInfo) -> None:
        with self._db.transaction() as session:
            remember_chat(session, chat)

    def mark_blocked(self, chat_id: int) -> None:
        with self._db.transaction() as session:
            deactivate_chat(session, chat_id)

    def subscribe(
        self, chat: ChatInfo, at: str | None = None, timezone: str | None = None
    ) -> SubscriptionRecord:
        """Subscribe (or change the time of) a chat's daily briefing; defaults from config."""
        when = parse_clock(at) if at else self._settings.briefing_time
        zone = check_timezone(timezone) if timezone else self._settings.timezone
        with self._db.transaction() as session:
            return subscribe(session, chat, zone, when)

    def unsubscribe(self, chat_id: int) -> bool:
        with self._db.transaction() as session:
            return unsubscribe(session, chat_id)

    def subscription(self, chat_id: int) -> SubscriptionRecord | None:
        with self._db.read() as session:
            return get_subscription(session, chat_id)

    def change_subscription(
        self,
        chat_id: int,
        *,
        at: str | None = None,
        timezone: str | None = None,
        items: int | None = None,
        days: str | None = None,
    ) -> SubscriptionRecord:
        if items is not None and not 1 <= items <= MAX_BRIEFING_ITEMS:
            raise InputError(f"items per briefing must be between 1 and {MAX_BRIEFING_ITEMS}")
        if days is not None:
            days = parse_days(days)
        with self._db.transaction() as session:
            record = update_subscription(
                session,
                chat_id,
                timezone=check_timezone(timezone) if timezone else None,
                briefing_time=parse_clock(at) if at else None,
                items=items,
                weekdays=days,
            )
        if record is None:
            raise NotFound("this chat has no subscription yet: /subscribe first")
        return record

    def watch(self, chat: ChatInfo, kind: str, value: str) -> bool:
        if kind not in WATCH_KINDS:
            raise InputError(f"watch-list items are {', '.join(WATCH_KINDS)}")
        if not value.strip():
            raise InputError(f"give the {kind} to watch")
        if kind == "actor":
            value = self._facts.canonical_actor(value.strip())
        elif kind == "weapon":
            value = self._facts.canonical_weapon(value.strip())
        with self._db.transaction() as session:
            return add_watch(session, chat, kind, value)

    def unwatch(self, chat_id: int, kind: WatchKind, value: str) -> bool:
        with self._db.transaction() as session:
            return remove_watch(session, chat_id, kind, value)

    def save_state(self, chat_id: int, kind: str, payload: dict[str, Any]) -> int:
        with self._db.transaction() as session:
            return save_state(session, chat_id, kind, payload)

    def load_state(self, state_id: int, chat_id: int) -> dict[str, Any] | None:
        with self._db.read() as session:
            return load_state(session, state_id, chat_id)

    @property
    def briefings(self) -> Briefings:
        with self._lock:
            if self._briefings is None:
                from bot.usecases.briefings import Briefings  # noqa: PLC0415

                settings = self._settings
                self._briefings = Briefings(
                    self._db,
                    settings.empty_note,
                    timedelta(hours=settings.grace_hours),
                    lease=timedelta(seconds=settings.claim_lease_seconds),
                    retry_after=timedelta(seconds=settings.delivery_retry_seconds),
                )
            return self._briefings

    def compose_briefing(
        self, chat_id: int | None = None, since: datetime | None = None, *, on_demand: bool = False
    ) -> Briefing:
        """The briefing a chat would get now (its settings and watch-list, since its last
        briefing), or a default one; `since` overrides the start of the window. Asked for
        `on_demand` (/brief), a briefing with nothing new shows the latest stories instead."""
        subscription = self.subscription(chat_id) if chat_id is not None else None
        if since is not None and subscription is not None:
            subscription = replace(subscription, last_briefing_at=since)
        now = datetime.now(UTC)
        stories = self.briefings.stories(since, now, capped=False) if since is not None else None
        return self.briefings.compose(subscription, now, stories, on_demand=on_demand)

    def subscribers(self) -> list[SubscriptionRecord]:
        return self.briefings.subscriptions()

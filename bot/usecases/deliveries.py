"""Delivery claims: a briefing or an alert is claimed in the database before it is sent, so
that restarts and several bot processes send each one once.

A claim is unique per (chat, kind, period). The period means one thing per kind: for a
briefing, the subscriber's local date it is for (`period_of`, "2024-05-01"); for an alert,
the id of the story's first article (`alert_period`, "1234"); for a surge, the UTC day and
the watch item (`surge_period`, "2024-05-01:3f2a…").
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Literal, TypeAlias

from storage import Database
from storage.briefings import (
    claim_delivery,
    delivery_progress,
    finish_delivery,
    record_progress,
    renew_claim,
    retryable_deliveries,
    told_article_ids,
)
from storage.values import (
    CLAIM_LEASE,
    DELIVERY_KINDS,
    DELIVERY_STATUSES,
    RETRY_AFTER,
    DeliveryKind,
    DeliveryStatus,
)

__all__ = [
    "DELIVERY_KINDS",
    "DELIVERY_STATUSES",
    "Deliveries",
    "DeliveryKind",
    "DeliveryOutcome",
    "DeliveryStatus",
    "Period",
    "alert_period",
]

# A delivery's period, as stored: a briefing's local ISO date, or an alert's first article id.
Period: TypeAlias = str
# What one delivery attempt came to: a final status, "failed" (to be retried), or "skipped"
# (someone else holds the claim, or it is done).
DeliveryOutcome = Literal["sent", "blocked", "rejected", "failed", "skipped"]


def alert_period(article_ids: Iterable[int]) -> Period:
    """An alert's period: the id of its story's first article, so a story alerts once."""
    return str(min(article_ids))


class Deliveries:
    """The claims of this process on the deliveries of one database."""

    def __init__(
        self, db: Database, *, lease: timedelta = CLAIM_LEASE, retry_after: timedelta = RETRY_AFTER
    ) -> None:
        self._db = db
        self._lease = lease
        self._retry_after = retry_after
        # Claims this process holds and is still sending. The lease guards against dead
        # processes; it cannot tell a live sender of this process that is slow (a stalled
        # event loop, a busy database) from a dead one, so this process never takes over
        # its own claims, however late their renewals are.
        self._held: set[tuple[int, DeliveryKind, Period]] = set()
        self._held_lock = threading.Lock()

    def retryable(self, kind: DeliveryKind, now: datetime) -> set[tuple[int, Period]]:
        """(chat, period) of the deliveries that failed or were abandoned mid-send, whose
        wait before another try is over."""
        with self._db.read() as session:
            return set(
                retryable_deliveries(
                    session, kind, now, lease=self._lease, retry_after=self._retry_after
                )
            )

    def claim(self, chat_id: int, period: Period, kind: DeliveryKind = "briefing") -> int | None:
        """The attempt number now owned, or None: someone else has it (or it is done), or a
        sender in this process is still at it. Release it with `release` when done."""
        key = (chat_id, kind, period)
        with self._held_lock:
            if key in self._held:
                return None
            self._held.add(key)
        try:
            with self._db.transaction() as session:
                attempt = claim_delivery(
                    session, chat_id, kind, period, lease=self._lease, retry_after=self._retry_after
                )
        except BaseException:
            self.release(chat_id, period, kind)
            raise
        if not attempt:
            self.release(chat_id, period, kind)
        return attempt

    def release(self, chat_id: int, period: Period, kind: DeliveryKind = "briefing") -> None:
        """This process's sender of the claim is done with it (whatever the outcome)."""
        with self._held_lock:
            self._held.discard((chat_id, kind, period))

    @property
    def renew_every(self) -> timedelta:
        """How often a live sender renews its claims: well within the lease."""
        return self._lease / 3

    def renew(
        self, chat_id: int, period: Period, attempt: int, kind: DeliveryKind = "briefing"
    ) -> bool:
        with self._db.transaction() as session:
            return renew_claim(session, chat_id, kind, period, attempt, datetime.now(UTC))

    def finish(
        self,
        chat_id: int,
        period: Period,
        status: DeliveryStatus,
        error: str | None = None,
        kind: DeliveryKind = "briefing",
        attempt: int | None = None,
        *,
        article_ids: Sequence[int] | None = None,
    ) -> bool:
        """Record the outcome; `article_ids` are the articles the stories covered (None
        keeps those recorded before, as when a retry resumed from stored parts)."""
        with self._db.transaction() as session:
            return finish_delivery(
                session,
                chat_id,
                kind,
                period,
                status,
                error,
                attempt=attempt,
                article_ids=article_ids,
            )

    def told(self, chat_id: int, since: datetime) -> set[int]:
        """The ids of the articles this chat's briefings and alerts claimed since a moment
        told it (sent, or partly sent); some may have been deleted since."""
        with self._db.read() as session:
            return told_article_ids(session, chat_id, since)

    def progress(self, chat_id: int, period: Period) -> tuple[list[str] | None, int]:
        """A briefing's parts as an earlier attempt composed them, and how many went out."""
        with self._db.read() as session:
            return delivery_progress(session, chat_id, "briefing", period)

    def record_progress(
        self,
        chat_id: int,
        period: Period,
        attempt: int,
        *,
        parts: list[str] | None = None,
        parts_sent: int | None = None,
        article_ids: Sequence[int] | None = None,
    ) -> None:
        """Keep a briefing's parts (with the articles they cover) or how many went out."""
        with self._db.transaction() as session:
            record_progress(
                session,
                chat_id,
                "briefing",
                period,
                attempt,
                parts=parts,
                parts_sent=parts_sent,
                article_ids=article_ids,
            )

"""What each chat has been told: the article ids its deliveries recorded, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from storage.audience import ChatInfo, subscribe
from storage.briefings import (
    MAX_TOLD_ARTICLES,
    claim_delivery,
    finish_delivery,
    record_progress,
    told_article_ids,
)
from storage.models import Delivery

ALICE, BOB = 11, 22
NOW = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=1)


def _chats(db, *chat_ids):
    with db.transaction() as session:
        for chat_id in chat_ids:
            subscribe(session, ChatInfo(chat_id, "private"), "UTC", time(7))


def _deliver(db, chat_id, period, status, ids, *, kind="briefing", at=NOW, parts_sent=None):
    """Claim one delivery at `at`, optionally record parts sent, and finish it."""
    with db.transaction() as session:
        attempt = claim_delivery(session, chat_id, kind, period, at)
        assert attempt
        if parts_sent is not None:
            record_progress(
                session,
                chat_id,
                kind,
                period,
                attempt,
                parts=["a", "b", "c"],
                parts_sent=parts_sent,
            )
        assert finish_delivery(
            session, chat_id, kind, period, status, None, at, attempt=attempt, article_ids=ids
        )


def _told(db, chat_id, since=SINCE):
    with db.read() as session:
        return told_article_ids(session, chat_id, since)


def _stored(db, chat_id, period):
    with db.read() as session:
        return session.scalar(
            select(Delivery.article_ids).where(
                Delivery.chat_id == chat_id, Delivery.period == period
            )
        )


def test_the_articles_of_sent_briefings_and_alerts_are_told(db):
    _chats(db, ALICE, BOB)
    _deliver(db, ALICE, "2026-12-01", "sent", [3, 1, 2])
    _deliver(db, ALICE, "7", "sent", [7, 8], kind="alert")
    _deliver(db, BOB, "2026-12-01", "sent", [50])
    assert _told(db, ALICE) == {1, 2, 3, 7, 8}
    assert _told(db, BOB) == {50}
    assert _told(db, 999) == set()


def test_a_send_that_reached_nobody_told_nothing(db):
    _chats(db, ALICE)
    _deliver(db, ALICE, "2026-11-29", "failed", [1])
    _deliver(db, ALICE, "2026-11-30", "rejected", [2])
    _deliver(db, ALICE, "2026-12-01", "blocked", [3])
    _deliver(db, ALICE, "9", "failed", [9], kind="alert")
    assert _told(db, ALICE) == set()


def test_a_briefing_cut_off_after_its_first_part_told_its_articles(db):
    """Parts went out before the send failed for good: the chat read some of it."""
    _chats(db, ALICE)
    _deliver(db, ALICE, "2026-11-30", "failed", [4, 5], parts_sent=1)
    _deliver(db, ALICE, "2026-12-01", "failed", [6], parts_sent=0)
    assert _told(db, ALICE) == {4, 5}


def test_deliveries_claimed_before_the_moment_are_not_counted(db):
    _chats(db, ALICE)
    _deliver(db, ALICE, "2026-11-20", "sent", [1, 2], at=SINCE - timedelta(seconds=1))
    _deliver(db, ALICE, "2026-12-01", "sent", [2, 3], at=SINCE)  # at the moment itself counts
    assert _told(db, ALICE) == {2, 3}
    assert _told(db, ALICE, SINCE - timedelta(days=30)) == {1, 2, 3}
    assert _told(db, ALICE, NOW) == set()


def test_the_ids_are_stored_once_each_sorted_and_bounded(db):
    _chats(db, ALICE)
    _deliver(db, ALICE, "2026-11-30", "sent", [5, 3, 5, 3, 1])
    assert _stored(db, ALICE, "2026-11-30") == [1, 3, 5]
    many = list(range(2000, 1000, -1)) * 2  # 1,000 ids, each twice, newest first
    _deliver(db, ALICE, "2026-12-01", "sent", many)
    kept = _stored(db, ALICE, "2026-12-01")
    assert len(kept) == MAX_TOLD_ARTICLES == 500
    assert kept == list(range(1501, 2001))  # the newest (highest) ids, in order
    assert _told(db, ALICE) == {1, 3, 5} | set(kept)


def test_finishing_without_ids_keeps_those_recorded_with_the_parts(db):
    """A retry that resumed from stored parts composed nothing: it must not erase the ids
    the first attempt stored with them."""
    _chats(db, ALICE)
    period = "2026-12-01"
    with db.transaction() as session:
        first = claim_delivery(session, ALICE, "briefing", period, NOW)
        assert first
        record_progress(
            session,
            ALICE,
            "briefing",
            period,
            first,
            parts=["a", "b"],
            article_ids=[12, 10, 11, 10],
        )
        finish_delivery(session, ALICE, "briefing", period, "failed", "down", NOW, attempt=first)
    assert _stored(db, ALICE, period) == [10, 11, 12]
    assert _told(db, ALICE) == set()  # nothing reached the chat yet
    later = NOW + timedelta(hours=1)
    with db.transaction() as session:
        retry = claim_delivery(session, ALICE, "briefing", period, later)
        assert retry == 2
        record_progress(session, ALICE, "briefing", period, retry, parts_sent=2)
        assert finish_delivery(
            session, ALICE, "briefing", period, "sent", None, later, attempt=retry
        )
    assert _told(db, ALICE) == {10, 11, 12}


def test_a_sender_that_lost_its_claim_records_no_ids(db):
    _chats(db, ALICE)
    period = "2026-12-01"
    with db.transaction() as session:
        slow = claim_delivery(session, ALICE, "briefing", period, NOW)
    with db.transaction() as session:
        fast = claim_delivery(session, ALICE, "briefing", period, NOW + timedelta(minutes=11))
        assert (slow, fast) == (1, 2)
        assert finish_delivery(
            session, ALICE, "briefing", period, "sent", attempt=fast, article_ids=[1]
        )
    with db.transaction() as session:
        assert not finish_delivery(
            session, ALICE, "briefing", period, "sent", attempt=slow, article_ids=[2]
        )
    assert _told(db, ALICE, NOW - timedelta(days=1)) == {1}

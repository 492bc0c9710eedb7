"""Briefing times, composition and delivery claims, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.usecases.briefings import Briefings, latest_due, period_of
from storage import NewArticle, StoredFact, add_article, replace_facts
from storage.audience import ChatInfo, SubscriptionRecord, add_watch, subscribe
from storage.briefings import (
    CLAIM_LEASE,
    MAX_ATTEMPTS,
    RETRY_AFTER,
    claim_delivery,
    deliveries,
    finish_delivery,
    renew_claim,
)


def test_due_times_follow_daylight_saving():
    berlin = "Europe/Berlin"
    # Summer time starts in Berlin on 2026-03-29: 07:30 local is 06:30 UTC before, 05:30 after.
    assert latest_due(time(7, 30), berlin, datetime(2026, 3, 28, 12, tzinfo=UTC)) == datetime(
        2026, 3, 28, 6, 30, tzinfo=UTC
    )
    assert latest_due(time(7, 30), berlin, datetime(2026, 3, 29, 12, tzinfo=UTC)) == datetime(
        2026, 3, 29, 5, 30, tzinfo=UTC
    )
    # Before today's time the due briefing is yesterday's, and its period is that local date.
    due = latest_due(time(7, 30), berlin, datetime(2026, 3, 29, 5, 0, tzinfo=UTC))
    assert due == datetime(2026, 3, 28, 6, 30, tzinfo=UTC)
    assert period_of(due, berlin) == "2026-03-28"
    # A zone east of UTC whose local date is already tomorrow.
    seoul = latest_due(time(6, 0), "Asia/Seoul", datetime(2026, 11, 26, 22, tzinfo=UTC))
    assert seoul == datetime(2026, 11, 26, 21, tzinfo=UTC)
    assert period_of(seoul, "Asia/Seoul") == "2026-11-27"


def _store(db, title, text, hours_ago, actors=(), source="Wire"):
    now = datetime.now(UTC)
    with db.transaction() as session:
        added = add_article(
            session,
            NewArticle(
                title=title, text=text, source=source, published_at=now - timedelta(hours=hours_ago)
            ),
        )
        replace_facts(session, added.id, [StoredFact("actor", a, "state") for a in actors])
    return added.id


def test_composition_clusters_ranks_and_puts_the_watch_list_first(db):
    _store(db, "Drones hit Odesa port", "Russian drones struck the port of Odesa overnight, "
           "setting grain silos on fire, officials said.", 3, ["Russia", "Ukraine"])  # fmt: skip
    _store(db, "Overnight drone attack sets Odesa grain terminal ablaze", "A grain terminal in "
           "Odesa caught fire after an overnight drone attack, Ukraine said.", 2,
           ["Russia", "Ukraine"], source="Courier")  # fmt: skip
    _store(db, "Seoul reports North Korean missile launch", "North Korea fired a ballistic "
           "missile into the sea, Seoul said.", 1, ["North Korea", "South Korea"])  # fmt: skip
    _store(db, "Old story", "Something that happened long ago in Vienna.", 24 * 10, ["Austria"])
    briefings = Briefings(db, "Quiet day.")
    now = datetime.now(UTC)
    plain = briefings.compose(None, now)
    assert plain.articles == 3
    assert [len(s.sources) for s in plain.stories] == [2, 1]
    assert plain.stories[0].headline.startswith(("Drones hit Odesa", "Overnight drone attack"))
    subscription = SubscriptionRecord(1, "UTC", time(7), 5, True, [("actor", "North Korea")])
    watched = briefings.compose(subscription, now)
    assert watched.stories[0].headline == "Seoul reports North Korean missile launch"
    assert watched.stories[0].watched
    keyword = SubscriptionRecord(1, "UTC", time(7), 1, True, [("keyword", "grain")])
    [story] = briefings.compose(keyword, now).stories
    assert "Odesa" in story.headline


def test_an_empty_window_gets_the_note(db):
    since = datetime.now(UTC) - timedelta(minutes=5)
    subscription = SubscriptionRecord(1, "UTC", time(7), 5, True, [], last_briefing_at=since)
    briefing = Briefings(db, "Quiet day.").compose(subscription, datetime.now(UTC))
    assert briefing.stories == [] and briefing.note == "Quiet day."


def test_a_renewed_claim_is_not_taken_over_and_only_its_owner_renews(db):
    with db.transaction() as session:
        subscribe(session, ChatInfo(43, "private"), "UTC", time(7))
    now = datetime.now(UTC)
    with db.transaction() as session:
        attempt = claim_delivery(session, 43, "briefing", "2026-11-27", now)
    assert attempt == 1
    renewed_at = now + CLAIM_LEASE - timedelta(seconds=1)
    with db.transaction() as session:
        assert renew_claim(session, 43, "briefing", "2026-11-27", attempt, renewed_at)
        assert not renew_claim(session, 43, "briefing", "2026-11-27", attempt + 1, renewed_at)
    # Past the first lease, but not past the renewal's: still the live sender's.
    with db.transaction() as session:
        assert not claim_delivery(session, 43, "briefing", "2026-11-27", now + CLAIM_LEASE * 1.5)
    with db.transaction() as session:
        finish_delivery(session, 43, "briefing", "2026-11-27", "sent", now=renewed_at)
    with db.transaction() as session:  # a finished delivery has no claim left to renew
        assert not renew_claim(session, 43, "briefing", "2026-11-27", attempt, renewed_at)


def test_a_delivery_is_claimed_once_and_a_stale_claim_expires(db):
    with db.transaction() as session:
        subscribe(session, ChatInfo(42, "private"), "UTC", time(7))
    now = datetime.now(UTC)
    with db.transaction() as session:
        assert claim_delivery(session, 42, "briefing", "2026-11-27", now)
    with db.transaction() as session:
        assert not claim_delivery(session, 42, "briefing", "2026-11-27", now)
    # The first claimant died without finishing: after the lease someone else may send.
    later = now + CLAIM_LEASE + timedelta(seconds=1)
    with db.transaction() as session:
        assert claim_delivery(session, 42, "briefing", "2026-11-27", later)
    with db.transaction() as session:
        finish_delivery(session, 42, "briefing", "2026-11-27", "sent", now=later)
    with db.transaction() as session:
        assert not claim_delivery(session, 42, "briefing", "2026-11-27", later + CLAIM_LEASE * 2)
    with db.read() as session:
        [record] = deliveries(session, 42)
    assert (record.status, record.attempts) == ("sent", 2)


def test_a_failed_send_is_retried_with_growing_waits_and_a_rejected_one_never(db):
    """Telegram unreachable: the delivery may be claimed again after 1, 2, 4, ... minutes
    (RETRY_AFTER doubling), and is given up after MAX_ATTEMPTS; a message Telegram refused
    (rejected) or a blocked chat is never sent again."""
    with db.transaction() as session:
        subscribe(session, ChatInfo(42, "private"), "UTC", time(7))
        subscribe(session, ChatInfo(43, "private"), "UTC", time(7))
    now = datetime.now(UTC)
    day = "2026-11-27"

    def claim(chat: int, at: datetime) -> bool:
        with db.transaction() as session:
            return claim_delivery(session, chat, "briefing", day, at)

    def finish(chat: int, status: str, at: datetime) -> None:
        with db.transaction() as session:
            finish_delivery(session, chat, "briefing", day, status, "cut off", now=at)

    assert claim(42, now)
    finish(42, "failed", now)
    attempts, at = 1, now
    while attempts < MAX_ATTEMPTS:
        wait = min(RETRY_AFTER * 2 ** (attempts - 1), timedelta(minutes=30))
        assert not claim(42, at + wait - timedelta(seconds=1))
        at = at + wait + timedelta(seconds=1)
        assert claim(42, at)
        attempts += 1
        finish(42, "failed", at)
    assert not claim(42, at + timedelta(days=1))  # given up
    with db.read() as session:
        [record] = deliveries(session, 42)
    assert (record.status, record.attempts) == ("failed", MAX_ATTEMPTS)

    assert claim(43, now)
    finish(43, "rejected", now)
    assert not claim(43, now + timedelta(days=1))


def test_retry_due_lists_failed_briefings_still_in_their_window(db):
    with db.transaction() as session:
        subscribe(session, ChatInfo(42, "private"), "UTC", time(7))
        subscribe(session, ChatInfo(43, "private"), "UTC", time(7))
    briefings = Briefings(db, "")
    now = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    for chat, status in ((42, "failed"), (43, "sent")):
        with db.transaction() as session:
            claim_delivery(session, chat, "briefing", "2026-11-27", now)
            finish_delivery(session, chat, "briefing", "2026-11-27", status, now=now)
    assert briefings.retry_due(now + timedelta(seconds=30)) == []  # still waiting
    [(subscription, period)] = briefings.retry_due(now + timedelta(minutes=2))
    assert (subscription.chat_id, period) == (42, "2026-11-27")
    # Past the grace window (6 h after 07:00) the briefing is stale: no retry.
    assert briefings.retry_due(now + timedelta(hours=6)) == []


def test_due_lists_only_briefings_within_the_grace_window(db):
    now = datetime.now(UTC)
    recent = (now - timedelta(hours=1)).time().replace(microsecond=0)
    with db.transaction() as session:
        subscribe(session, ChatInfo(1, "private"), "UTC", recent)
        add_watch(session, ChatInfo(1, "private"), "actor", "Iran")
    due = Briefings(db, "").due(now)
    assert [(s.chat_id, p) for s, p in due] == [
        (1, period_of(latest_due(recent, "UTC", now), "UTC"))
    ]
    assert due[0][0].watch == [("actor", "Iran")]
    assert Briefings(db, "").due(now + timedelta(hours=7)) == []


def test_briefings_only_on_the_chosen_weekdays(db):
    # 2026-11-27 is a Friday.
    now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with db.transaction() as session:
        subscribe(session, ChatInfo(7, "private"), "UTC", time(8, 0))
    briefings = Briefings(db, "")
    assert [s.chat_id for s, _ in briefings.due(now)] == [7]
    from storage.audience import update_subscription

    with db.transaction() as session:
        update_subscription(session, 7, weekdays="67")  # weekends only
    assert briefings.due(now) == []
    assert [s.chat_id for s, _ in briefings.due(now + timedelta(days=1))] == [7]

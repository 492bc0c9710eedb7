"""Scheduled briefings through the real bot and the Bot API test server: on time, once,
after restarts, from two processes on one PostgreSQL, through 429s, to blocked chats."""

from __future__ import annotations

import time as clock
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.usecases.service import BriefingService
from storage import Database, upgrade
from storage.audience import ChatInfo, subscribe
from storage.briefings import deliveries
from storage.models import Chat
from tests.bot.running import RunningBot, ask, bot_settings
from tests.bot.telegram_server import FakeTelegram

ALICE, BOB = 101, 202


@pytest.fixture
def telegram():
    with FakeTelegram() as server:
        yield server


def subscribe_at(db: Database, chat_id: int, moment: datetime, zone: str = "UTC") -> None:
    with db.transaction() as session:
        subscribe(session, ChatInfo(chat_id, "private"), zone, moment.time().replace(microsecond=0))


def records(db: Database, chat_id: int):
    with db.read() as session:
        return deliveries(session, chat_id)


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


def fresh_news(service: BriefingService) -> list[int]:
    """Two outlets' reports of one event, published just now; their article ids."""
    now = datetime.now(UTC).isoformat()
    reports = [
        ("Wire A", "https://a.example/odesa", "Russian drones hit Odesa port, grain silos burn",
         "Russian Shahed drones struck the port of Odesa overnight, setting grain silos on fire, "
         "regional officials said. Air defences shot down 31 of the 40 drones, the air force "
         "said. Two port workers were injured."),
        ("Courier", "https://b.example/odesa", "Odesa grain silos ablaze after Shahed drone attack",
         "Grain silos in the port of Odesa were on fire after an overnight attack by Russian "
         "Shahed drones. Ukraine's air force said it downed 31 of 40 drones; two workers at the "
         "port were hurt, officials said."),
    ]  # fmt: skip
    return [
        service.ingest_record(
            {"title": title, "text": text, "source": source, "url": url, "published": now}
        ).id
        for source, url, title, text in reports
    ]


def told(db: Database, chat_id: int, since: datetime) -> set[int]:
    """The article ids the bot recorded as told to a chat since a moment."""
    from bot.usecases.briefings import Briefings

    return Briefings(db, "").told(chat_id, since)


def test_a_subscriber_receives_the_briefing_at_the_set_time(telegram, archive):
    db, service, _ = archive
    fresh_news(service)
    subscribe_at(db, ALICE, datetime.now(UTC) + timedelta(seconds=4))
    with RunningBot(bot_settings(db, telegram), service):
        assert telegram.messages_to(ALICE) == []  # not before its time
        [briefing] = telegram.wait_for_messages(ALICE, 1, timeout=30)
    assert briefing["text"].startswith("<b>Briefing</b>")
    assert "2 sources:" in briefing["text"]
    assert 'href="https://a.example/odesa"' in briefing["text"]
    [record] = records(db, ALICE)
    assert record.status == "sent"


def test_a_briefing_missed_while_down_arrives_once_after_restarts(telegram, archive):
    db, service, _ = archive
    subscribe_at(db, ALICE, datetime.now(UTC) - timedelta(hours=1))
    subscribe_at(db, BOB, datetime.now(UTC) - timedelta(hours=9))  # beyond the 6 h grace
    settings = bot_settings(db, telegram)
    with RunningBot(settings, service):
        telegram.wait_for_messages(ALICE, 1, timeout=30)
    with RunningBot(settings, service):
        clock.sleep(2)
    assert len(telegram.messages_to(ALICE)) == 1
    assert telegram.messages_to(BOB) == []
    assert [r.status for r in records(db, ALICE)] == ["sent"]


def test_a_sent_briefing_records_the_articles_its_stories_told(telegram, tmp_path, extractor):
    """On an archive of the two reports of one event and an older article outside the
    window, the briefing's one story covers the two reports: those are what the chat was told."""
    db = Database.connect(f"sqlite:///{tmp_path / 'told.db'}")
    upgrade(db)
    settings = bot_settings(db, telegram)
    service = BriefingService(db, settings, extractor)
    odesa = fresh_news(service)
    service.ingest_record({
        "title": "Scarborough Shoal stand-off", "source": "Wire C",
        "published": (datetime.now(UTC) - timedelta(days=4)).isoformat(),
        "text": "Chinese coast guard ships fired water cannon at a Philippine supply boat near "
                "Scarborough Shoal, Manila said.",
    })  # fmt: skip
    start = datetime.now(UTC) - timedelta(seconds=1)
    subscribe_at(db, ALICE, datetime.now(UTC) - timedelta(minutes=10))
    assert told(db, ALICE, start) == set()
    with RunningBot(settings, service):
        [briefing] = telegram.wait_for_messages(ALICE, 1, timeout=30)
        deadline = clock.time() + 10
        while clock.time() < deadline and records(db, ALICE)[0].status != "sent":
            clock.sleep(0.1)
    assert "2 sources:" in briefing["text"] and "Scarborough" not in briefing["text"]
    assert [r.status for r in records(db, ALICE)] == ["sent"]
    assert told(db, ALICE, start) == set(odesa)
    assert told(db, ALICE, datetime.now(UTC) + timedelta(seconds=1)) == set()
    assert told(db, BOB, start) == set()
    db.dispose()


def test_unsubscribe_removes_the_job_and_subscribe_adds_it(telegram, archive):
    db, service, _ = archive
    with RunningBot(bot_settings(db, telegram), service) as running:
        scheduler = running.application.bot_data["scheduler"]
        ask(telegram, ALICE, "/subscribe 06:30 Asia/Seoul")
        assert scheduler.job_names() == [f"briefing:{ALICE}"]
        ask(telegram, ALICE, "/settings time 07:45")
        [job] = running.application.job_queue.get_jobs_by_name(f"briefing:{ALICE}")
        assert job.next_t.astimezone(UTC).minute == 45
        ask(telegram, ALICE, "/unsubscribe")
        clock.sleep(0.2)
        assert scheduler.job_names() == []


def test_flood_limits_are_waited_out_and_blocked_chats_deactivated(telegram, archive):
    db, service, _ = archive
    past = datetime.now(UTC) - timedelta(minutes=30)
    subscribe_at(db, ALICE, past)
    subscribe_at(db, BOB, past)
    telegram.fail_next("sendMessage", status=429, retry_after=1, times=3)
    with RunningBot(bot_settings(db, telegram), service):
        telegram.wait_for_messages(ALICE, 1, timeout=60)
        deadline = clock.time() + 30
        while clock.time() < deadline and len(records(db, BOB)) == 0:
            clock.sleep(0.2)
    assert len(telegram.messages_to(ALICE)) + len(telegram.messages_to(BOB)) == 2
    assert [r.status for r in records(db, ALICE)] == ["sent"]

    subscribe_at(db, 303, past)
    telegram.fail_next("sendMessage", status=403)
    with RunningBot(bot_settings(db, telegram), service):
        deadline = clock.time() + 30
        while clock.time() < deadline and not records(db, 303):
            clock.sleep(0.2)
        clock.sleep(0.5)
    [blocked] = records(db, 303)
    assert blocked.status == "blocked"
    with db.read() as session:
        assert session.scalar(select(Chat.active).where(Chat.id == 303)) is False


@pytest.mark.postgres
def test_two_bot_processes_on_one_postgresql_deliver_once(telegram, postgres_url, extractor):
    db = Database.connect(postgres_url)
    upgrade(db)
    settings = bot_settings(db, telegram)
    service = BriefingService(db, settings, extractor)
    service.load_samples()
    past = datetime.now(UTC) - timedelta(minutes=20)
    for chat_id in range(1000, 1010):
        subscribe_at(db, chat_id, past)
    with RunningBot(settings, service, polling=False), RunningBot(settings, service, polling=False):
        for chat_id in range(1000, 1010):
            telegram.wait_for_messages(chat_id, 1, timeout=60)
        clock.sleep(1)
    for chat_id in range(1000, 1010):
        assert len(telegram.messages_to(chat_id)) == 1
        assert [r.status for r in records(db, chat_id)] == ["sent"]
    db.dispose()


def test_watch_list_alerts_go_out_once(telegram, archive):
    db, service, _ = archive
    settings = bot_settings(db, telegram).model_copy(update={"alert_interval_seconds": 1})
    later = (datetime.now(UTC) + timedelta(hours=12)).strftime("%H:%M")  # no briefing now
    with RunningBot(settings, service):
        ask(telegram, ALICE, f"/subscribe {later} UTC")
        ask(telegram, ALICE, "/settings watch actor North Korea")
        ask(telegram, BOB, f"/subscribe {later} UTC")
        ask(telegram, BOB, "/settings watch keyword Baltic")
        before = len(telegram.messages_to(ALICE))
        start = datetime.now(UTC) - timedelta(seconds=1)
        missile = service.ingest_record({
            "title": "North Korea fires ballistic missile", "source": "Wire A",
            "published": datetime.now(UTC).isoformat(),
            "text": "North Korea fired a KN-23 short-range ballistic missile into the sea on "
                    "Friday, South Korea's Joint Chiefs of Staff said.",
        }).id  # fmt: skip
        [alert] = telegram.wait_for_messages(ALICE, before + 1, timeout=30)[before:]
        clock.sleep(3)  # more alert rounds pass
    assert alert["text"].startswith("🔔 <b>On your watch-list:</b> North Korea fires")
    assert len(telegram.messages_to(ALICE)) == before + 1
    assert not any("watch-list" in m["text"] for m in telegram.messages_to(BOB))
    assert [r.status for r in records(db, ALICE) if r.kind == "alert"] == ["sent"]
    assert missile in told(db, ALICE, start)  # the alert's story, as the chat was told it
    assert told(db, BOB, start) == set()


def test_a_briefing_survives_telegram_being_unreachable(telegram, archive, extractor):
    """Every send is cut off for a while: the delivery is recorded as failed, retried after
    its wait, and arrives once when Telegram answers again."""
    db, service, _ = archive
    subscribe_at(db, ALICE, datetime.now(UTC) - timedelta(minutes=30))
    settings = bot_settings(db, telegram).model_copy(update={"delivery_retry_seconds": 1})
    service = BriefingService(db, settings, extractor)
    telegram.drop_next("sendMessage", times=6)  # the first run's 4 tries, 2 of the retry's
    with RunningBot(settings, service):
        [briefing] = telegram.wait_for_messages(ALICE, 1, timeout=60)
        clock.sleep(2.5)  # a later retry would send it again now
    assert briefing["text"].startswith("<b>Briefing</b>")
    assert len(telegram.messages_to(ALICE)) == 1
    [record] = records(db, ALICE)
    assert record.status == "sent" and record.attempts == 2
    sends = [method for method, _ in telegram.calls if method == "sendMessage"]
    assert len(sends) == 7  # 6 cut off, 1 delivered


def test_a_send_that_waits_longer_than_the_lease_is_not_sent_twice(telegram, archive, extractor):
    """Sends queued behind the flood limit outlive a short lease: the live sender renews its
    claims, so the retry job never takes them for abandoned ones and sends them again (the
    cause of the duplicate the kill test used to find now and then)."""
    db, service, _ = archive
    chats = list(range(7000, 7010))
    for chat_id in chats:
        subscribe_at(db, chat_id, datetime.now(UTC) - timedelta(minutes=10))
    settings = bot_settings(db, telegram).model_copy(
        update={"claim_lease_seconds": 2, "delivery_retry_seconds": 1}
    )
    service = BriefingService(db, settings, extractor)
    telegram.limit_rate(per_second=1, burst=1)  # ten briefings take about ten seconds
    with RunningBot(settings, service):
        deadline = clock.time() + 60
        while clock.time() < deadline and not all(telegram.messages_to(c) for c in chats):
            clock.sleep(0.1)
        clock.sleep(3)  # a retry round past the lease would send one again now
    assert [len(telegram.messages_to(chat)) for chat in chats] == [1] * len(chats)
    assert {r.status for chat in chats for r in records(db, chat)} == {"sent"}


def test_a_process_never_takes_over_a_claim_its_own_sender_still_holds(tmp_path):
    """However late a live sender's renewals are (a stalled loop, a busy database), the
    lease lets only another process take its claim over, never its own retry job."""
    from bot.usecases.briefings import Briefings

    db = Database.connect(f"sqlite:///{tmp_path / 'held.db'}")
    upgrade(db)
    subscribe_at(db, ALICE, datetime.now(UTC))
    lease = timedelta(milliseconds=200)
    here = Briefings(db, "", lease=lease)
    elsewhere = Briefings(db, "", lease=lease)  # another process on the same database
    period = "2026-12-01"
    first = here.claim(ALICE, period)
    assert first == 1
    clock.sleep(0.3)  # the lease has passed with no renewal
    assert here.claim(ALICE, period) is None  # this process's sender is still at it
    assert elsewhere.claim(ALICE, period) == 2  # to another process it looks dead
    assert not here.renew(ALICE, period, first)  # ...and the slow sender learns it lost it
    here.release(ALICE, period)
    clock.sleep(0.3)
    assert here.claim(ALICE, period) == 3  # released: the lease rules again
    db.dispose()


async def _send_taken_over(telegram: FakeTelegram, tmp_path) -> str:
    import asyncio

    from telegram import Bot

    from bot.telegram.jobs import _deliver_claimed
    from bot.usecases.briefings import Briefings
    from storage.briefings import active_subscriptions

    db = Database.connect(f"sqlite:///{tmp_path / 'over.db'}")
    upgrade(db)
    subscribe_at(db, ALICE, datetime.now(UTC))
    lease = timedelta(milliseconds=200)
    slow, other = Briefings(db, "", lease=lease), Briefings(db, "", lease=lease)
    period = "2026-12-01"
    attempt = slow.claim(ALICE, period)
    assert attempt
    await asyncio.sleep(0.3)
    assert other.claim(ALICE, period)  # taken over while the slow sender composed
    with db.read() as session:
        [subscription] = active_subscriptions(session)
    async with Bot(telegram.token, base_url=f"{telegram.url}/bot") as bot:
        outcome = await _deliver_claimed(bot, slow, subscription, period, attempt, lambda _: None)
    db.dispose()
    return outcome


def test_a_sender_whose_claim_was_taken_over_does_not_send(telegram, tmp_path):
    """The last check before a message goes out is that the claim is still the sender's."""
    import asyncio

    assert asyncio.run(_send_taken_over(telegram, tmp_path)) == "skipped"
    assert telegram.messages_to(ALICE) == []


def test_a_bot_killed_mid_run_delivers_the_rest_once_after_restart(telegram, tmp_path):
    """The real `briefing run` process is killed (SIGKILL) while Telegram is slow and then
    unreachable, with briefings sent, in flight and not yet started; a new process sends
    each missing one exactly once."""
    import os
    import signal
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'kill.db'}"
    db = Database.connect(url)
    upgrade(db)
    chats = list(range(5000, 5024))
    past = datetime.now(UTC) - timedelta(minutes=20)
    for chat_id in chats:
        subscribe_at(db, chat_id, past)
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "BRIEFING_TELEGRAM_BASE_URL": f"{telegram.url}/bot",
        "BRIEFING_DATABASE_URL": url,
        "BRIEFING_NER_MODEL": "",
        "BRIEFING_CLAIM_LEASE_SECONDS": "3",
        "BRIEFING_DELIVERY_RETRY_SECONDS": "1",
        "PTB_TIMEDELTA": "1",
    }

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip

    def delivered() -> list[int]:
        return [chat for chat in chats if telegram.messages_to(chat)]

    telegram.limit_rate(per_second=4, burst=1)
    first = start()
    try:
        deadline = clock.time() + 60
        while len(delivered()) < 6 and clock.time() < deadline:
            clock.sleep(0.05)
        telegram.drop_next("sendMessage", times=10_000)  # now Telegram is unreachable
        clock.sleep(1.0)  # sends in flight fail and back off; delivered ones are recorded
    finally:
        first.send_signal(signal.SIGKILL)
        # Its summary workers share its stderr: this returns only once they, orphaned, exit.
        first.communicate(timeout=30)
    before_restart = delivered()
    assert 6 <= len(before_restart) < len(chats), "the kill must fall mid-run"
    with db.read() as session:
        statuses = [r.status for r in deliveries(session)]
    assert "claimed" in statuses  # abandoned in flight: the new process must take them over

    telegram.clear_faults()
    telegram.limit_rate(per_second=30)
    second = start()
    try:
        deadline = clock.time() + 90
        while len(delivered()) < len(chats) and clock.time() < deadline:
            clock.sleep(0.1)
        clock.sleep(4)  # long enough for any stale claim to be (wrongly) sent again
    finally:
        second.send_signal(signal.SIGINT)
        _, stderr = second.communicate(timeout=30)
    assert [len(telegram.messages_to(chat)) for chat in chats] == [1] * len(chats), stderr
    with db.read() as session:
        assert {r.status for r in deliveries(session)} == {"sent"}
    db.dispose()


def test_a_briefing_in_parts_cut_off_midway_resumes_without_repeating(telegram, archive, extractor):
    """Part 1 arrives, then Telegram becomes unreachable: the retry sends the remaining parts
    of the same briefing, and part 1 is not sent again."""
    db, _, _ = archive
    settings = bot_settings(db, telegram).model_copy(update={"delivery_retry_seconds": 1})
    service = BriefingService(db, settings, extractor)
    now = datetime.now(UTC).isoformat()
    start = datetime.now(UTC) - timedelta(seconds=1)
    stored = []
    for story in range(20):  # twenty unrelated stories with long headlines: several parts
        words = [f"w{story}x{n}" for n in range(40)]
        stored.append(service.ingest_record({
            "title": "Report " + " ".join(words[:30]),
            "text": " ".join(words) + ". " + " ".join(reversed(words)) + ".",
            "url": f"https://wire.example/{story}", "source": f"Wire {story}", "published": now,
        }).id)  # fmt: skip
    subscribe_at(db, ALICE, datetime.now(UTC) - timedelta(minutes=10))
    service.change_subscription(ALICE, items=20)
    with RunningBot(settings, service):
        [first] = telegram.wait_for_messages(ALICE, 1, timeout=60)
        telegram.drop_next("sendMessage", times=4)  # the next part's four tries all fail
        deadline = clock.time() + 60
        while clock.time() < deadline and records(db, ALICE)[0].status != "sent":
            clock.sleep(0.2)
        clock.sleep(2)  # a repeat of the whole briefing would show now
    texts = [m["text"] for m in telegram.messages_to(ALICE)]
    [record] = records(db, ALICE)
    assert record.status == "sent" and record.attempts == 2
    assert len(texts) >= 3 and record.parts_sent == len(texts)
    assert texts[0] == first["text"] and texts.count(first["text"]) == 1
    assert texts[0].startswith("<b>Briefing</b>") and len(set(texts)) == len(texts)
    # The retry resumed from the stored parts and composed nothing: the ids stored with the
    # parts by the first attempt are what the chat was told.
    assert told(db, ALICE, start) == set(stored)


def test_a_sender_that_lost_its_claim_cannot_overwrite_the_outcome(db):
    from storage.briefings import claim_delivery, finish_delivery
    from storage.briefings import deliveries as all_deliveries

    with db.transaction() as session:
        subscribe(session, ChatInfo(42, "private"), "UTC", datetime.now(UTC).time())
    start = datetime.now(UTC)
    with db.transaction() as session:
        slow = claim_delivery(session, 42, "briefing", "p", start)
    later = start + timedelta(minutes=11)  # past the lease: the slow sender is presumed dead
    with db.transaction() as session:
        fast = claim_delivery(session, 42, "briefing", "p", later)
    assert (slow, fast) == (1, 2)
    with db.transaction() as session:
        assert finish_delivery(session, 42, "briefing", "p", "sent", attempt=fast)
    with db.transaction() as session:  # the slow one wakes up and fails: too late to say so
        assert not finish_delivery(session, 42, "briefing", "p", "failed", "x", attempt=slow)
    with db.read() as session:
        [record] = all_deliveries(session, 42)
    assert (record.status, record.attempts) == ("sent", 2)


def test_a_stored_zone_that_is_no_zone_neither_stops_start_up_nor_other_briefings(
    telegram, archive, caplog
):
    """A row written before zones were checked ("America" is a tzdata folder): that chat's
    briefing goes out in UTC, with a warning, and everyone else's as usual."""
    db, service, _ = archive
    subscribe_at(db, ALICE, datetime.now(UTC) - timedelta(hours=1), zone="America")
    subscribe_at(db, BOB, datetime.now(UTC) - timedelta(hours=1))
    with RunningBot(bot_settings(db, telegram), service) as running:
        telegram.wait_for_messages(ALICE, 1, timeout=30)
        telegram.wait_for_messages(BOB, 1, timeout=30)
        scheduler = running.application.bot_data["scheduler"]
        assert scheduler.job_names() == [f"briefing:{ALICE}", f"briefing:{BOB}"]
    assert "'America' is not a time zone; using UTC" in caplog.text
    assert [r.status for r in records(db, ALICE)] == ["sent"]

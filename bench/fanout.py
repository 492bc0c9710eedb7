"""Many subscribers due in the same minute, through a Bot API test server that enforces
Telegram's flood limit with 429s.

    python -m bench.fanout [--subscribers 10000] [--articles 60] [--rate 30] [--json]

A fresh SQLite archive with fresh articles (half of them second reports of the same events),
S subscribers whose briefing time passed a minute ago, and the real bot started against the
test server: at start-up it sends every due briefing. Measured: composition time per
subscriber (composing all of them once, before delivery), then delivery: every chat must get
exactly one briefing, and the sustained rate is the number delivered over the time from the
first to the last. Prints a table, then one JSON line.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from bench.bot import on_test_server
from bench.report import run_bench
from bench.search import sentence_pool
from bot.telegram.app import build_application
from bot.usecases.service import BriefingService
from storage import Database
from storage.briefings import deliveries
from storage.models import Chat, Subscription
from summarizer.facts import FactExtractor

# The command line's options, with their defaults (`run` takes them in this order).
OPTIONS = {"--subscribers": 10_000, "--articles": 60, "--rate": 30.0}


def fresh_articles(service: BriefingService, count: int, seed: int = 3) -> None:
    """News of the last hours: each event reported by one or two outlets."""
    rng = random.Random(seed)
    pool = sentence_pool(6000)
    now = datetime.now(UTC)
    for number in range(count // 2):
        sentences = rng.sample(pool, 8)
        published = (now - timedelta(minutes=rng.randrange(30, 600))).isoformat()
        for copy in range(2 if number % 2 == 0 else 1):
            order = sentences if copy == 0 else sentences[1:] + sentences[:1]
            service.ingest_record({
                "title": order[0][:100], "text": " ".join(order), "published": published,
                "source": f"Outlet {copy}", "url": f"https://news{copy}.example/{number}",
            })  # fmt: skip


def subscribe_all(db: Database, count: int, due: datetime) -> None:
    chats = [{"id": 10_000 + i, "kind": "private", "active": True} for i in range(count)]
    subscriptions = [
        {"chat_id": 10_000 + i, "timezone": "UTC", "briefing_time": due.time().replace(
            microsecond=0), "weekdays": "1234567", "items": 5, "active": True}
        for i in range(count)
    ]  # fmt: skip
    with db.transaction() as session:
        session.execute(insert(Chat), chats)
        session.execute(insert(Subscription), subscriptions)


def _finished(db: Database) -> int:
    """Deliveries that ended (sent, blocked or failed)."""
    with db.read() as session:
        return sum(1 for r in deliveries(session) if r.status != "claimed")


def run(subscribers: int, articles: int, rate: float) -> dict[str, Any]:
    with on_test_server("fanout.db") as (telegram, settings, db):
        service = BriefingService(db, settings, FactExtractor(None))
        fresh_articles(service, articles)
        subscribe_all(db, subscribers, datetime.now(UTC) - timedelta(minutes=1))

        briefings = service.briefings
        records = briefings.subscriptions()
        now = datetime.now(UTC)
        started = time.perf_counter()
        for record in records:
            briefings.compose(record, now)
        compose_ms = 1000 * (time.perf_counter() - started) / max(len(records), 1)

        telegram.limit_rate(rate)
        application = build_application(settings, service)
        done = threading.Event()
        first_sent: list[float] = []

        async def serve() -> None:
            await application.initialize()
            assert application.post_init is not None
            await application.post_init(application)  # schedules; catch-up runs after start
            first_sent.append(time.perf_counter())
            await application.start()
            deadline = time.monotonic() + 3600
            # Polls the database: the deliveries there are what this bench counts.
            while (  # noqa: ASYNC110
                time.monotonic() < deadline and await asyncio.to_thread(_finished, db) < subscribers
            ):
                await asyncio.sleep(0.5)
            done.set()
            await application.stop()
            await application.shutdown()

        started = time.perf_counter()
        bot = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
        bot.start()
        done.wait(3600)
        elapsed = time.perf_counter() - first_sent[0]
        bot.join(60)
        per_chat = Counter(m["chat_id"] for m in telegram.sent if m["method"] == "sendMessage")
        with db.read() as session:
            statuses = Counter(r.status for r in deliveries(session))
        db.dispose()
    delivered = sum(1 for i in range(subscribers) if per_chat.get(10_000 + i) == 1)
    return {
        "subscribers": subscribers,
        "delivered_once": delivered,
        "duplicates": sum(1 for n in per_chat.values() if n > 1),
        "statuses": dict(statuses),
        "seconds": round(elapsed, 1),
        "messages_per_s": round(sum(per_chat.values()) / elapsed, 2),
        "throttled_429": telegram.throttled,
        "compose_ms_per_subscriber": round(compose_ms, 3),
        "server_limit_per_s": rate,
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['delivered_once']} of {result['subscribers']} subscribers got exactly one "
          f"briefing ({result['duplicates']} duplicates) in {result['seconds']} s")  # fmt: skip
    limit, throttled = result["server_limit_per_s"], result["throttled_429"]
    print(f"sustained {result['messages_per_s']} messages/s against a limit of "
          f"{limit}/s ({throttled} answered 429)")  # fmt: skip
    print(f"composition {result['compose_ms_per_subscriber']} ms per subscriber")


def main() -> None:
    run_bench("Briefing fan-out under Telegram's flood limit.", OPTIONS, run, print_table)


if __name__ == "__main__":
    main()

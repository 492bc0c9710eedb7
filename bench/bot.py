"""The bot under load, through the Bot API test server over real HTTP on 127.0.0.1.

    python -m bench.bot [--users 20] [--rounds 5] [--articles 5000] [--json]

A fresh SQLite archive (the sample articles plus N recombined news articles), the real
Application with the real extractor (spaCy NER) long polling the test server, and U users
sending at once, each in a loop: /summary with a pasted 1,000-word article, then /search with
a query from a fixed mix. Latency is from the user's message to the bot's answer. A task in
the bot's event loop measures how late its 10 ms sleeps wake up: the longest delay is the
longest time the loop was blocked. Prints a table, then one JSON line.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram.ext import Application

from bench.report import run_bench
from bench.search import build
from bot.telegram.app import build_application
from bot.telegram.cards import InProcesses
from bot.usecases.analysis import build_fact_extractor
from bot.usecases.config import Settings
from bot.usecases.service import BriefingService
from storage import Database, upgrade
from tests.bot.telegram_server import FakeTelegram

# The command line's options, with their defaults (`run` takes them in this order).
OPTIONS = {"--users": 20, "--rounds": 5, "--articles": 5000}
SEARCHES = ("drones", '"air defence" Ukraine', "Kim -Trump", "missile OR rocket",
            "actor:Russia", "Hwas*", "election since:2025-06-01", "police")  # fmt: skip


def article_text(service: BriefingService, words: int = 1000) -> str:
    """About `words` words of real wire copy from the shipped samples."""
    text: list[str] = []
    for record in service.latest(10):
        text.extend(record.text.split())
        if len(text) >= words:
            break
    return " ".join(text[:words])


class LoopWatch:
    """Wakes every 10 ms in the bot's loop and records how late each wake-up was."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._stop = False

    async def run(self) -> None:
        while not self._stop:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            self.worst = max(self.worst, time.perf_counter() - started - 0.01)

    def stop(self) -> None:
        self._stop = True


# Per-user limits high enough never to refuse (the limiter still runs): a benchmark measures
# answers, not refusals.
NO_LIMITS = {"summary_per_minute": 100_000, "search_per_minute": 100_000}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def all_at_once(user: Callable[[int], None], numbers: Iterable[int]) -> float:
    """Runs `user(n)` for every number, each in its own thread, all started together; returns
    the seconds from the first start until the last one finished."""
    threads = [threading.Thread(target=user, args=(n,)) for n in numbers]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


@dataclass(frozen=True)
class RunningBot:
    """The bot and its surroundings while `running_bot` keeps them up."""

    telegram: FakeTelegram
    service: BriefingService
    watch: LoopWatch


@contextmanager
def on_test_server(
    sqlite_file: str, settings: Mapping[str, Any] | None = None
) -> Iterator[tuple[FakeTelegram, Settings, Database]]:
    """The Bot API test server, an empty migrated SQLite file `sqlite_file` in a temporary
    folder, and the Settings of a bot on both (`settings` overrides their fields)."""
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram() as telegram:
        url = f"sqlite:///{Path(tmp) / sqlite_file}"
        config = Settings(
            database_url=SecretStr(url),
            telegram_bot_token=SecretStr(telegram.token),
            telegram_base_url=f"{telegram.url}/bot",
            _env_file=None,  # type: ignore[call-arg]
            **(settings or {}),
        )
        db = Database.connect(url)
        upgrade(db)
        yield telegram, config, db


@contextmanager
def running_bot(
    articles: int,
    *,
    settings: Mapping[str, Any] | None = None,
    prepare: Callable[[Application[Any, Any, Any, Any, Any, Any]], None] | None = None,
) -> Iterator[RunningBot]:
    """A fresh archive of `articles` (plus the samples) and the real Application, with its
    NER worker processes warmed up, long polling the test server from its own thread.

    `settings` overrides Settings fields; `prepare` sees the Application before it starts.
    Read `telegram.rejections` inside the block: stopping the updater ends its long poll
    with a second getUpdates, which the server answers with a 409 by design.
    """
    # Settings ignores unknown keys; here a misspelt one would silently measure the default.
    if unknown := set(settings or {}) - set(Settings.model_fields):
        raise ValueError(f"not Settings fields: {sorted(unknown)}")
    with on_test_server("bot.db", settings) as (telegram, config, db):
        build(db, articles)
        service = BriefingService(db, config, build_fact_extractor(config))
        service.prepare()  # this process's NER model loads now, not while measuring
        service.load_samples()
        cards = InProcesses(config)
        cards.warm_up()
        application = build_application(config, service, cards=cards)
        if prepare is not None:
            prepare(application)
        watch = LoopWatch()
        ready, done = threading.Event(), threading.Event()

        async def serve() -> None:
            await application.initialize()
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
            watcher = asyncio.create_task(watch.run())
            ready.set()
            await asyncio.to_thread(done.wait)
            watch.stop()
            await watcher
            await application.updater.stop()
            await application.stop()
            await application.shutdown()

        bot = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
        bot.start()
        try:
            if not ready.wait(60):
                raise RuntimeError("the bot did not start polling within 60 s")
            yield RunningBot(telegram, service, watch)
        finally:
            done.set()
            bot.join(60)
            cards.close()
            db.dispose()


def run(users: int, rounds: int, articles: int) -> dict[str, Any]:
    with running_bot(articles, settings=NO_LIMITS) as running:
        telegram, watch = running.telegram, running.watch
        pasted = article_text(running.service)
        timings: dict[str, list[float]] = {"summary": [], "search": []}
        lock = threading.Lock()

        def user(chat_id: int) -> None:
            for round_ in range(rounds):
                search = SEARCHES[(chat_id + round_) % len(SEARCHES)]
                for kind, text in (
                    ("summary", "/summary " + pasted),
                    ("search", "/search " + search),
                ):
                    before = len(telegram.messages_to(chat_id))
                    started = time.perf_counter()
                    telegram.send_text(chat_id, text)
                    telegram.wait_for_messages(chat_id, before + 1, timeout=120)
                    with lock:
                        timings[kind].append(1000 * (time.perf_counter() - started))

        # One warm-up request, so model loading is not measured.
        telegram.send_text(999, "/summary " + pasted)
        telegram.wait_for_messages(999, 1, timeout=120)
        watch.worst = 0.0
        elapsed = all_at_once(user, [1000 + i for i in range(users)])
        rejected = [description for _, _, description in telegram.rejections]
    return {
        "users": users,
        "requests": sum(len(v) for v in timings.values()),
        "seconds": round(elapsed, 2),
        "summary_words": len(pasted.split()),
        "summary_p50_ms": round(statistics.median(timings["summary"]), 1),
        "summary_p95_ms": round(percentile(timings["summary"], 0.95), 1),
        "search_p50_ms": round(statistics.median(timings["search"]), 1),
        "search_p95_ms": round(percentile(timings["search"], 0.95), 1),
        "max_loop_block_ms": round(1000 * watch.worst, 1),
        "rejected_by_telegram": rejected,
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['users']} users, {result['requests']} requests in {result['seconds']} s")
    print(f"{'command':<10}{'p50 ms':>10}{'p95 ms':>10}")
    for kind in ("summary", "search"):
        print(f"{kind:<10}{result[f'{kind}_p50_ms']:>10}{result[f'{kind}_p95_ms']:>10}")
    print(f"event loop blocked at most {result['max_loop_block_ms']} ms")


def main() -> None:
    run_bench("The bot under concurrent load.", OPTIONS, run, print_table)


if __name__ == "__main__":
    main()

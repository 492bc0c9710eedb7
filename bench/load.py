"""Fifty people at once, through the Bot API test server: every answer checked, none may fail.

    python -m bench.load [--users 50] [--rounds 4] [--articles 5000] [--timeout 120] [--json]

The bot of `bench/bot.py` (real Application, real NER workers, fresh SQLite archive). Each
user sends, per round: /summary of a stored article by id, /search with an ordinary query,
/summary of a pasted 1,000-word article, /search with a hostile one (unbalanced quotes, a
lone *, NEAR(, 4,000-character queries). Latency runs from the user's message until the bot
has finished handling it (a last handler group marks that), so a reply in several parts is
timed to its last part. Errors: the bot's apology for a crash, a ⚠️ refusal, a rate-limit
refusal, a reply of the wrong kind, no answer within the timeout, a call the test server
rejected, an ERROR logged; any of them makes the exit status 1 (a user whose request timed
out sends no more). Before the load, one user sends every request of the mix once, one at a
time: p95 under load over that single-user p50 is the figure to compare across machines.
Prints a table, then one JSON line.
"""

from __future__ import annotations

import logging
import re
import statistics
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, TypeHandler

from bench.bot import (
    NO_LIMITS,
    SEARCHES,
    all_at_once,
    article_text,
    percentile,
    running_bot,
)
from bench.report import bench_parser, report
from bot.telegram.app import _SORRY  # the bot's own apology, so a rewording cannot hide crashes
from tests.bot.telegram_server import FakeTelegram

# Syntax a person can type that a search engine may choke on; each must get a normal answer.
HOSTILE = (
    '"air defence Ukraine', 'Kim "', '"', "*", "***", "Hwas* *", "NEAR(", "NEAR(drone missile, 5)",
    "drone AND OR NOT", "( ( ( missile", ")", "-", "- - -drone", "OR", "OR OR drone OR",
    "actor: weapon: since:", "since:2025-13-45 until:yesterday", "title:drone ^missile {x}:y",
    "'; DROP TABLE articles; --", "100% _drone_ \\ %", "Київ ракета 北朝鮮 🚀",
    " ".join(["missile"] * 500), "x" * 4000, " ".join(f"word{i}" for i in range(480)),
)  # fmt: skip
KINDS = ("summary_id", "summary_text", "search_plain", "search_hostile")
# Rows of the table: each command, then the kinds of request that make it up.
ROWS = {
    "summary": ("summary_id", "summary_text"),
    "summary_id": ("summary_id",),
    "summary_text": ("summary_text",),
    "search": ("search_plain", "search_hostile"),
    "search_plain": ("search_plain",),
    "search_hostile": ("search_hostile",),
    "all": KINDS,
}
ERRORS = ("crashed", "refused", "rate_limited", "unexpected", "timeout",
          "rejected_by_telegram", "logged")  # fmt: skip
# The per-user limit's refusal ("⏳ That is more summaries than I can do for you right now.
# Please try again in 9 s."), and wordings it might take; the apology ("try again in a
# moment") is told apart before this is tried.
_RATE_LIMITED = re.compile(r"^⏳|too many|slow down|rate.?limit|try again in \d", re.I)
_BASELINE_CHAT = 500
_FIRST_USER_CHAT = 1000


@dataclass(frozen=True)
class Request:
    kind: str
    text: str
    expect: str  # a reply of the right kind contains this


@dataclass(frozen=True)
class Answer:
    request: Request
    ms: float | None  # None: no answer within the timeout
    replies: list[str]


def mix(rounds: int, offset: int, ids: Sequence[int], pasted: str) -> list[Request]:
    """A user's requests: per round one of each kind, the queries and ids taken in turn."""
    requests = []
    for n in range(offset, offset + rounds):
        article = ids[n % len(ids)]
        # A search reply counts one result or many ("1 result for", "12 results for").
        requests += [
            Request("summary_id", f"/summary {article}", f"#{article}"),
            Request("search_plain", "/search " + SEARCHES[n % len(SEARCHES)], "result"),
            Request("summary_text", "/summary " + pasted, "<b>"),
            Request("search_hostile", "/search " + HOSTILE[n % len(HOSTILE)], "result"),
        ]
    return requests


class Handled:
    """How many updates of each chat the bot has finished with: a handler in a group after
    the bot's own runs once its answer (or the error handler's apology) has been sent."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._counts: dict[int, int] = {}

    def install(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        application.add_handler(TypeHandler(Update, self._done), group=1)

    async def _done(self, update: Update, context: object) -> None:
        if update.effective_chat is not None:
            with self._cond:
                chat_id = update.effective_chat.id
                self._counts[chat_id] = self._counts.get(chat_id, 0) + 1
                self._cond.notify_all()

    def count(self, chat_id: int) -> int:
        with self._cond:
            return self._counts.get(chat_id, 0)

    def wait(self, chat_id: int, count: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self._counts.get(chat_id, 0) >= count, timeout)


class LogRecords(logging.Handler):
    """Warnings and errors anything logs during the run (the bot logs every failed update)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self, at_least: int, below: int = logging.CRITICAL + 1) -> list[str]:
        return [f"{r.levelname} {r.name}: {r.getMessage()}"[:300] for r in self.records
                if at_least <= r.levelno < below]  # fmt: skip


@contextmanager
def logged() -> Iterator[LogRecords]:
    handler = LogRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def ask(telegram: FakeTelegram, handled: Handled, chat_id: int, request: Request,
        timeout: float) -> Answer:  # fmt: skip
    before = len(telegram.messages_to(chat_id))
    count = handled.count(chat_id)
    started = time.perf_counter()
    telegram.send_text(chat_id, request.text)
    if not handled.wait(chat_id, count + 1, timeout):
        return Answer(request, None, [])
    ms = 1000 * (time.perf_counter() - started)
    return Answer(request, ms, [m["text"] for m in telegram.messages_to(chat_id)[before:]])


def converse(telegram: FakeTelegram, handled: Handled, chat_id: int,
             requests: Sequence[Request], timeout: float) -> list[Answer]:  # fmt: skip
    """One user's requests, each after the answer to the last. A timeout ends the talk: a
    late answer would be taken for the next request's."""
    answers = []
    for request in requests:
        answers.append(ask(telegram, handled, chat_id, request, timeout))
        if answers[-1].ms is None:
            break
    return answers


def verdict(answer: Answer) -> str:
    """Whether the answer is good ("ok"), else which kind of error it is."""
    if answer.ms is None:
        return "timeout"
    if _SORRY in answer.replies:
        return "crashed"
    first = answer.replies[0] if answer.replies else ""
    if answer.request.expect in first and not first.startswith("⚠️"):
        return "ok"
    # Only a reply of the wrong kind is read for refusals: results may quote "too many".
    if _RATE_LIMITED.search(first):
        return "rate_limited"
    return "refused" if first.startswith("⚠️") else "unexpected"


def latencies(answers: Sequence[Answer], kinds: Sequence[str]) -> list[float]:
    """The latencies of the good answers: an error is counted, not timed."""
    return [a.ms for a in answers
            if a.ms is not None and a.request.kind in kinds and verdict(a) == "ok"]  # fmt: skip


def stats(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "p99_ms": round(percentile(values, 0.99), 1),
        "max_ms": round(max(values), 1),
    }


def run(users: int, rounds: int, articles: int, timeout: float) -> dict[str, Any]:
    handled = Handled()
    # Per-user limits far above what a user here sends: the bench measures answers, not
    # refusals (any that still come are counted as errors of their own kind).
    with (
        logged() as log,
        running_bot(articles, settings=NO_LIMITS, prepare=handled.install) as running,
    ):
        telegram, watch = running.telegram, running.watch
        ids = [record.id for record in running.service.latest(100)]
        pasted = article_text(running.service)
        cycle = max(len(SEARCHES), len(HOSTILE))

        # Warm-up: one of each kind, so first-use costs are not measured.
        converse(telegram, handled, _BASELINE_CHAT - 1, mix(1, 0, ids, pasted), timeout)
        baseline = converse(telegram, handled, _BASELINE_CHAT, mix(cycle, 0, ids, pasted),
                            timeout)  # fmt: skip

        watch.worst = 0.0
        answers: list[Answer] = []
        lock = threading.Lock()

        def user(number: int) -> None:
            mine = converse(telegram, handled, _FIRST_USER_CHAT + number,
                            mix(rounds, number, ids, pasted), timeout)  # fmt: skip
            with lock:
                answers.extend(mine)

        elapsed = all_at_once(user, range(users))
        rejected = [f"{method}: {why}" for method, _, why in telegram.rejections]
        loop_block_ms = round(1000 * watch.worst, 1)
        # Taken before shutdown, which has its own expected noise (the 409 of the last poll).
        logged_errors = log.lines(logging.ERROR)
        logged_warnings = log.lines(logging.WARNING, logging.ERROR)
    counts = dict.fromkeys(ERRORS, 0)
    examples: list[dict[str, Any]] = []
    for answer in baseline + answers:
        if (kind := verdict(answer)) != "ok":
            counts[kind] += 1
            if len(examples) < 5:
                examples.append({"error": kind, "request": answer.request.text[:80],
                                 "replies": [text[:200] for text in answer.replies]})  # fmt: skip
    counts["rejected_by_telegram"] = len(rejected)
    counts["logged"] = len(logged_errors)
    rows = {}
    for name, kinds in ROWS.items():
        single = latencies(baseline, kinds)
        row: dict[str, Any] = stats(latencies(answers, kinds))
        row["single_p50_ms"] = round(statistics.median(single), 1) if single else None
        row["p95_over_single_p50"] = (round(row["p95_ms"] / row["single_p50_ms"], 1)
                                      if row["n"] and single else None)  # fmt: skip
        rows[name] = row
    return {
        "users": users,
        "rounds": rounds,
        "articles": articles,
        "requests": len(answers),
        "baseline_requests": len(baseline),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(answers) / elapsed, 2),
        "errors": sum(counts.values()),
        "error_counts": counts,
        "error_examples": examples,
        "rejected_by_telegram": rejected,
        "logged_errors": logged_errors[:5],
        "logged_warnings": logged_warnings[:5],
        "logged_warning_count": len(logged_warnings),
        "max_loop_block_ms": loop_block_ms,
        "p95_ms": rows["all"]["p95_ms"],
        "p95_over_single_p50": rows["all"]["p95_over_single_p50"],
        "commands": rows,
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['users']} users x {result['rounds']} rounds: {result['requests']} requests "
          f"in {result['seconds']} s ({result['requests_per_s']} requests/s); single-user "
          f"baseline {result['baseline_requests']} requests")  # fmt: skip
    columns = ("n", "p50_ms", "p95_ms", "p99_ms", "max_ms", "single_p50_ms", "p95_over_single_p50")
    heads = ("n", "p50 ms", "p95 ms", "p99 ms", "max ms", "1-user p50", "p95/1-user")
    print(f"{'':<16}" + "".join(f"{head:>11}" for head in heads))
    for name, row in result["commands"].items():
        cells = ["-" if row[column] is None else row[column] for column in columns]
        label = name if name in {"summary", "search", "all"} else "  " + name.split("_")[1]
        print(f"{label:<16}" + "".join(f"{cell:>11}" for cell in cells))
    print(f"event loop blocked at most {result['max_loop_block_ms']} ms")
    if result["logged_warning_count"]:
        print(f"warnings logged: {result['logged_warning_count']}, e.g.")
        for line in result["logged_warnings"][:3]:
            print(f"  {line}")
    if not result["errors"]:
        print("errors: none")
        return
    counts = ", ".join(f"{kind} {n}" for kind, n in result["error_counts"].items() if n)
    print(f"ERRORS: {result['errors']} ({counts})")
    for example in result["error_examples"]:
        print(f"  {example['error']}: {example['request']!r} -> {example['replies']!r}")
    for line in result["rejected_by_telegram"][:5] + result["logged_errors"]:
        print(f"  {line}")


def main() -> None:
    parser = bench_parser("The bot under load; fails on any error.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4, help="rounds of 4 requests per user")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    args = parser.parse_args()
    result = run(args.users, args.rounds, args.articles, args.timeout)
    report(result, print_table, args.json)
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()

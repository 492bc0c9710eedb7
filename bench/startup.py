"""How fast `briefing` starts: short commands, and the bot until it polls and answers.

    python -m bench.startup [--articles 5000] [--runs 7] [--bot-runs 3] [--json]

A fresh SQLite archive of N articles (the one `bench/search.py` builds). Each command runs as
a new process of this Python, as a user runs it: `briefing --help`, `stats`, `show ID` and
`search QUERY`, against a baseline measured in the same rounds, `python -c "import
sqlalchemy"` (the least any command that reads the database can import). A round runs each
once, so a busy machine slows them alike; the figures are medians, and the ratios are to the
baseline's median. Then the real `briefing run` starts against the Bot API test server
(tests/bot/telegram_server.py) on 127.0.0.1, and a user asks for /help and for the /summary
of a pasted article the moment the bot first polls: seconds from launch to that first
getUpdates, to the /help answer, and to the summary (its worker processes and NER model load
in the background). Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bench.search import build
from storage import Database, upgrade
from tests.bot.telegram_server import FakeTelegram

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ("python -c 'import sqlalchemy'", ["-c", "import sqlalchemy"])
COMMANDS = (
    ("briefing --help", ["-m", "bot", "--help"], 1.5),
    ("briefing stats", ["-m", "bot", "stats"], 2.5),
    ("briefing show 1", ["-m", "bot", "show", "1"], 2.5),
    ("briefing search missile", ["-m", "bot", "search", "missile"], 2.5),
)
FIRST_POLL_TARGET_S = 3.0
_HELP_CHAT, _SUMMARY_CHAT = 101, 202


@dataclass(frozen=True)
class BotStart:
    first_poll_s: float
    help_answer_s: float
    summary_answer_s: float


def environment(url: str, **extra: str) -> dict[str, str]:
    """This checkout's code first on the path; the archive; nothing read from a .env."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "BRIEFING_DATABASE_URL": url, **extra}


def timed(arguments: list[str], env: dict[str, str], cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *arguments], env=env, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    return time.perf_counter() - started


def pasted_article() -> str:
    """A shipped sample article, as someone would paste it after /summary."""
    samples = resources.files("bot") / "samples"
    return (samples / "03-north-korea-icbm-test.txt").read_text(encoding="utf-8")


def start_bot(url: str, cwd: str, ner_model: str | None, timeout: float) -> BotStart:
    """Launch `briefing run`; time its first poll and the answers asked for at that moment."""
    with FakeTelegram() as telegram, tempfile.TemporaryFile() as log:
        extra = {"TELEGRAM_BOT_TOKEN": telegram.token,
                 "BRIEFING_TELEGRAM_BASE_URL": f"{telegram.url}/bot"}  # fmt: skip
        if ner_model is not None:
            extra["BRIEFING_NER_MODEL"] = ner_model
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=cwd,
                                   env=environment(url, **extra), stdout=subprocess.DEVNULL,
                                   stderr=log)  # fmt: skip
        try:
            telegram.wait_for_calls("getUpdates", 1, timeout=timeout)
            first_poll = time.perf_counter() - started
            telegram.send_text(_HELP_CHAT, "/help")
            telegram.send_text(_SUMMARY_CHAT, "/summary " + pasted_article())
            telegram.wait_for_messages(_HELP_CHAT, 1, timeout=timeout)
            help_answer = time.perf_counter() - started
            [summary] = telegram.wait_for_messages(_SUMMARY_CHAT, 1, timeout=timeout)
            summary_answer = time.perf_counter() - started
            if "North Korea" not in summary["text"]:
                raise RuntimeError(f"unexpected answer to /summary: {summary['text'][:200]!r}")
        except BaseException:
            process.kill()
            process.wait()
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-4000:])
            raise
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    return BotStart(first_poll, help_answer, summary_answer)


def run(articles: int, runs: int, bot_runs: int, *, ner_model: str | None = None,
        timeout: float = 120.0) -> dict[str, Any]:  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'startup.db'}"
        db = Database.connect(url)
        upgrade(db)
        build(db, articles)
        db.dispose()
        env = environment(url)
        for _, arguments, _ in COMMANDS:  # once unmeasured: file caches and .pyc files
            timed(arguments, env, tmp)
        seconds: dict[str, list[float]] = {name: [] for name, *_ in (BASELINE, *COMMANDS)}
        for _ in range(runs):
            for name, arguments, *_ in (BASELINE, *COMMANDS):
                seconds[name].append(timed(arguments, env, tmp))
        starts = [start_bot(url, tmp, ner_model, timeout) for _ in range(bot_runs)]
    baseline = statistics.median(seconds[BASELINE[0]])
    commands = {}
    for name, _, target in COMMANDS:
        median = statistics.median(seconds[name])
        commands[name] = {
            "median_ms": round(1000 * median, 1),
            "min_ms": round(1000 * min(seconds[name]), 1),
            "ratio": round(median / baseline, 2),
            "target_ratio": target,
            "ok": median / baseline <= target,
        }
    return {
        "articles": articles,
        "runs": runs,
        "baseline": BASELINE[0],
        "baseline_ms": round(1000 * baseline, 1),
        "commands": commands,
        "bot": _bot_summary(starts, baseline) if starts else None,
    }


def _bot_summary(starts: list[BotStart], baseline: float) -> dict[str, Any]:
    first_poll = statistics.median(s.first_poll_s for s in starts)
    return {
        "runs": len(starts),
        "first_poll_s": round(first_poll, 2),
        "first_poll_ratio": round(first_poll / baseline, 1),
        "first_poll_runs_s": [round(s.first_poll_s, 2) for s in starts],
        "help_answer_s": round(statistics.median(s.help_answer_s for s in starts), 2),
        "summary_answer_s": round(statistics.median(s.summary_answer_s for s in starts), 2),
        "target_s": FIRST_POLL_TARGET_S,
        "ok": first_poll <= FIRST_POLL_TARGET_S,
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['articles']} articles; medians of {result['runs']} runs; baseline "
          f"{result['baseline']}: {result['baseline_ms']} ms")  # fmt: skip
    print(f"{'command':<26}{'median ms':>10}{'min ms':>9}{'ratio':>8}{'target':>8}")
    for name, row in result["commands"].items():
        mark = "" if row["ok"] else "  MISSED"
        print(f"{name:<26}{row['median_ms']:>10}{row['min_ms']:>9}{row['ratio']:>7}x"
              f"{'<=' + str(row['target_ratio']) + 'x':>8}{mark}")  # fmt: skip
    bot = result["bot"]
    if bot is None:
        return
    mark = "" if bot["ok"] else "  MISSED"
    print(f"briefing run, medians of {bot['runs']} launches (seconds from launch):")
    print(f"  first getUpdates        {bot['first_poll_s']:>6} s  (target <= {bot['target_s']} s; "
          f"runs {bot['first_poll_runs_s']}){mark}")  # fmt: skip
    print(f"  /help answered          {bot['help_answer_s']:>6} s")
    print(f"  /summary answered       {bot['summary_answer_s']:>6} s  (workers and NER model "
          "loading meanwhile)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Start-up time of commands and of the bot.")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7, help="runs of each command")
    parser.add_argument("--bot-runs", type=int, default=3,
                        help="launches of `briefing run` (0: commands only)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    result = run(args.articles, args.runs, args.bot_runs)
    if not args.json:
        print_table(result)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

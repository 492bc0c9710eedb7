"""Ingestion throughput: the archive's add_article path against a bare bulk INSERT baseline.

    python -m bench.ingest [--articles N] [--json]

Three rates on the same machine in the same run: `baseline` (one executemany INSERT of the
rows, no duplicate checks: the ceiling), `storage` (storage.add_article per article, one
transaction each, with URL and content duplicate checks) and `pipeline` (the service from raw
text: cleaning, language detection, storing).
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import insert

from bench.report import bench_parser, report
from bot.usecases.config import Settings
from bot.usecases.service import BriefingService
from storage import Database, NewArticle, add_article, upgrade
from storage.archive import content_hash
from storage.models import Article
from summarizer.facts import FactExtractor

_PLACES = ["Kyiv", "Seoul", "Taipei", "Manila", "Bamako", "Aden", "Vienna", "Brussels"]
_ACTORS = ["the defence ministry", "NATO", "the coast guard", "the army", "the IAEA"]
_THINGS = ["drones", "cruise missiles", "air-defence systems", "warships", "artillery"]


def _article_text(rng: random.Random, number: int) -> str:
    sentences = [
        f"Officials in {rng.choice(_PLACES)} said {rng.choice(_ACTORS)} tracked "
        f"{rng.randint(2, 90)} {rng.choice(_THINGS)} on day {number} of the operation."
        for _ in range(12)
    ]
    return "\n".join(" ".join(sentences[i : i + 3]) for i in range(0, 12, 3))


def _articles(count: int, seed: int) -> list[NewArticle]:
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    return [
        NewArticle(
            title=f"Report {i}: {rng.choice(_THINGS)} near {rng.choice(_PLACES)}",
            text=_article_text(rng, i),
            url=f"https://bench.example/{seed}/{i}",
            source=f"Source {i % 20}",
            published_on=start + timedelta(days=i % 300),
            language="en",
        )
        for i in range(count)
    ]


def _fresh_db(folder: Path, name: str) -> Database:
    """A new SQLite file per measurement, so no run sees another's rows."""
    db = Database.connect(f"sqlite:///{folder / name}.db")
    upgrade(db)
    return db


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def run(count: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = _articles(count, seed=1)

        db = _fresh_db(folder, "baseline")
        now = datetime.now(UTC)
        values = [
            {"title": a.title, "text": a.text, "url": a.url, "published_on": a.published_on,
             "ingested_at": now, "content_hash": content_hash(a.text), "language": a.language}
            for a in rows
        ]  # fmt: skip
        started = time.perf_counter()
        with db.transaction() as session:
            session.execute(insert(Article), values)
        baseline = _rate(count, time.perf_counter() - started)
        db.dispose()

        db = _fresh_db(folder, "storage")
        started = time.perf_counter()
        for article in rows:
            with db.transaction() as session:
                add_article(session, article)
        storage = _rate(count, time.perf_counter() - started)
        db.dispose()

        db = _fresh_db(folder, "pipeline")
        url = SecretStr(str(db.engine.url))
        settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
        service = BriefingService(db, settings, FactExtractor(None))
        texts = [f"{a.title}\n\n{a.text}" for a in _articles(count, 2)]
        started = time.perf_counter()
        for text in texts:
            service.ingest_bytes(text.encode(), name="bench.txt")
        pipeline = _rate(count, time.perf_counter() - started)
        db.dispose()

    return {
        "articles": count,
        "backend": "sqlite",
        "baseline_per_s": round(baseline, 1),
        "storage_per_s": round(storage, 1),
        "pipeline_per_s": round(pipeline, 1),
        "storage_vs_baseline": round(storage / baseline, 3),
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"{'measure':<22}{'articles/s':>12}")
    for key in ("baseline_per_s", "storage_per_s", "pipeline_per_s"):
        print(f"{key.removesuffix('_per_s'):<22}{result[key]:>12}")
    print(f"storage / baseline: {result['storage_vs_baseline']}")


def main() -> None:
    parser = bench_parser(__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    report(run(args.articles), print_table, args.json)


if __name__ == "__main__":
    main()

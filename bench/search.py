"""Search latency on a large archive, against a LIKE scan of the same archive.

    python -m bench.search [--articles 100000] [--database-url URL] [--json]

Builds an archive of N articles in a fresh SQLite file (or an empty PostgreSQL database):
each article is a dozen real news sentences (from the eval set's stories) recombined, with a
title, a date within three years, one of twenty sources, stored actor and weapon facts, and
date facts for its sentences that state a date (`date_templates`; they do not touch the FTS).
Then runs a fixed mix of queries (rare and common words, phrases, OR, prefixes, exclusions,
date/source/actor/weapon filters) through `storage.search`, and the word queries again as a
LIKE scan that returns the same things (a count and the ten newest matches). Prints a table,
then one JSON line: {"articles", "p50_ms", "p95_ms", "like_p50_ms", "speedup_p50", ...}.
"""

from __future__ import annotations

import random
import re
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, insert, not_, or_, select

from bench.evalset import eval_rows
from bench.report import Option, run_bench
from storage import Database, upgrade
from storage.archive import content_hash
from storage.filter_tokens import meta_line
from storage.models import Article, ArticleFact, Source
from storage.query import parse_query
from storage.search import search
from summarizer.facts.dates import extract_dates
from summarizer.facts.gazetteer import load_data
from summarizer.sentences import split_sentences

QUERIES = (
    "Hwasong",
    "police",
    "government officials",
    '"prime minister"',
    '"security forces" attack',
    "drone strike Yemen",
    "Kim -Trump",
    "missile OR rocket",
    "Hwas*",
    "nucl* program",
    "election since:2025-06-01",
    "attack until:2024-06-30 since:2024-01-01",
    'actor:"North Korea" missile',
    "weapon:HIMARS",
    "source:Wire-3 president",
    "zzyzx nonexistentword",
)
_INJECTED = ("Hwasong-18", "Hwasong-20", "HIMARS", "Shahed-136 drones", "Yemen", "Kim Jong Un")
# The pool's dates are read as if every sentence were published on this day (the eval set's
# stories are from around then), then moved to each article's own publication day.
DATE_REFERENCE = date(2015, 6, 17)
_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")
# `--database-url` of the benches that build an archive: SQLite in a temporary folder without it.
EMPTY_DATABASE = Option(None, "an EMPTY PostgreSQL database")
# The command line's options, with their defaults (`run` takes them in this order).
OPTIONS = {"--articles": 100_000, "--database-url": EMPTY_DATABASE, "--repeats": 5}

# A date value relative to its article's publication day: per part of a range ("A/B"), either
# days from it (a day value) or years from its year and the rest ("-10", "-W41", "-H2", "").
DatePart = tuple[int, str | None]
DateTemplate = tuple[str, tuple[DatePart, ...]]  # the text as written, the value's parts


def sentence_pool(limit: int = 40_000) -> list[str]:
    pool: list[str] = []
    for row in eval_rows():
        text = row["text"].removeprefix("(CNN)")
        pool.extend(s for s in split_sentences(text) if 40 <= len(s) <= 300)
        if len(pool) >= limit:
            break
    return pool


def date_templates(
    pool: Sequence[str], reference: date = DATE_REFERENCE
) -> dict[str, tuple[DateTemplate, ...]]:
    """The pool's sentences that state a resolved date, each with its date expressions as
    the real extractor finds them (one sentence at a time, as if published on `reference`),
    their values made relative to `reference`."""
    found: dict[str, tuple[DateTemplate, ...]] = {}
    for sentence in dict.fromkeys(pool):
        templates = []
        for fact in extract_dates([sentence], reference):
            parts = [_relative(part, reference) for part in (fact.value or "").split("/")]
            if fact.value and all(part is not None for part in parts):
                templates.append((fact.text, tuple(p for p in parts if p is not None)))
        if templates:
            found[sentence] = tuple(templates)
    return found


def _relative(value: str, reference: date) -> DatePart | None:
    if _DAY_VALUE.fullmatch(value):
        return (date.fromisoformat(value) - reference).days, None
    if len(value) >= 4 and value[:4].isdigit():
        return int(value[:4]) - reference.year, value[4:]
    return None


def dated_value(parts: Sequence[DatePart], published: date) -> str | None:
    """A template's value for an article published on `published`: a day value moves by the
    days between the reference and `published`, any other value (month, week, half, year)
    by the years between them. None when that makes no date (a week 53 in a year without
    one, a year before 1)."""
    values = []
    for offset, rest in parts:
        if rest is None:
            values.append((published + timedelta(days=offset)).isoformat())
            continue
        year = published.year + offset
        if not 1 <= year <= 9999:
            return None
        if rest.startswith("-W"):
            try:
                date.fromisocalendar(year, int(rest[2:]), 1)
            except ValueError:
                return None
        values.append(f"{year:04d}{rest}")
    return "/".join(values)


def _date_facts(
    article_id: int,
    sentences: Sequence[str],
    published: date,
    templates: dict[str, tuple[DateTemplate, ...]],
) -> list[dict[str, Any]]:
    """The article's date facts: one per distinct value, with the first sentence stating it."""
    facts: dict[str, dict[str, Any]] = {}
    for sentence in sentences:
        for text, parts in templates.get(sentence, ()):
            value = dated_value(parts, published)
            if value and value not in facts:
                facts[value] = {"article_id": article_id, "category": "date", "name": value,
                                "key": value, "kind": None, "text": text[:200],
                                "mentions": [text[:200]], "count": 1,
                                "sentence": sentence}  # fmt: skip
    return list(facts.values())


def _zipf_names(names: list[str], rng: random.Random) -> tuple[list[str], list[float]]:
    """Names with news-like popularity: a few very common, a long tail of rare ones."""
    shuffled = names[:]
    rng.shuffle(shuffled)
    return shuffled, [1.0 / (rank + 1) for rank in range(len(shuffled))]


def build(db: Database, count: int, seed: int = 7) -> float:
    """Fill the archive; returns articles per second (bulk inserts, FTS kept by triggers).

    Ids follow publication order (with a little noise), as ingestion does in practice. Date
    facts come from `date_templates` (found once for the pool, before the clock starts),
    shifted to each article's publication day (`dated_value`); they use no random numbers,
    so the articles, actors and weapons are the same as without them."""
    rng = random.Random(seed)
    pool = sentence_pool()
    templates = date_templates(pool)
    actors_data = load_data("actors.json")
    actor_names = [a["name"] for a in actors_data["states"] + actors_data["organisations"]]
    actors, actor_weights = _zipf_names(actor_names, rng)
    actors[:2] = ["North Korea", "Russia"]  # two of the most common, used by the query mix
    weapons, weapon_weights = _zipf_names([w["name"] for w in load_data("weapons.json")], rng)
    weapons[5] = "HIMARS"
    with db.transaction() as session:
        session.execute(insert(Source), [{"name": f"Wire-{i}", "kind": "manual", "active": True,
                                          "failures": 0} for i in range(20)])  # fmt: skip
        source_ids = list(session.scalars(select(Source.id)))
    start_day = date.today() - timedelta(days=3 * 365)
    now = datetime.now(UTC)
    started = time.perf_counter()
    batch = 2000
    for first in range(0, count, batch):
        articles, facts, dates = [], [], []
        for number in range(first, min(first + batch, count)):
            sentences = rng.sample(pool, 12)
            stated = sentences[:]  # an injected mention below is a sentence of its own
            if rng.random() < 0.02:
                sentences[rng.randrange(12)] += f" Officials mentioned {rng.choice(_INJECTED)}."
            body = "\n".join(" ".join(sentences[i : i + 3]) for i in range(0, 12, 3))
            published = start_day + timedelta(
                days=min(3 * 365, max(0, number * 3 * 365 // count + rng.randint(-3, 3)))
            )
            source_id = rng.choice(source_ids)
            named = sorted(set(rng.choices(actors, actor_weights, k=4)))
            weapon = rng.choices(weapons, weapon_weights)[0]
            articles.append({
                "id": number + 1, "title": sentences[0][:120], "text": body,
                "source_id": source_id, "ingested_at": now, "published_on": published,
                "content_hash": content_hash(f"{number} {body}"), "language": "en",
                "search_meta": meta_line(source_id, published, named, [weapon]),
            })  # fmt: skip
            for name in named:
                facts.append({"article_id": number + 1, "category": "actor", "name": name,
                              "key": name.casefold(), "kind": "state", "mentions": [name],
                              "count": 1, "sentence": ""})  # fmt: skip
            facts.append({"article_id": number + 1, "category": "weapon", "name": weapon,
                          "key": weapon.casefold(), "kind": "drone", "mentions": [weapon],
                          "count": 1, "sentence": ""})  # fmt: skip
            dates += _date_facts(number + 1, stated, published, templates)
        with db.transaction() as session:
            session.execute(insert(Article), articles)
            session.execute(insert(ArticleFact), facts)
            if dates:
                session.execute(insert(ArticleFact), dates)
    return count / (time.perf_counter() - started)


def timed_search(db: Database, text: str, today: date) -> float:
    started = time.perf_counter()
    with db.read() as session:
        search(session, parse_query(text), limit=10, today=today)
    return 1000 * (time.perf_counter() - started)


def timed_like(db: Database, text: str) -> float | None:
    """The same words as a LIKE scan: count plus the ten newest matches."""
    query = parse_query(text)
    if not query.has_terms:
        return None
    sqlite = db.backend == "sqlite"  # SQLite's LIKE is already case-insensitive

    def contains(pattern: str) -> Any:
        if sqlite:
            return or_(Article.title.like(pattern), Article.text.like(pattern))
        return or_(Article.title.ilike(pattern), Article.text.ilike(pattern))

    conditions = []
    for group in query.groups:
        alternatives = []
        for atom in group:
            alternatives.append(contains("%" + " ".join(atom.words) + "%"))
        conditions.append(or_(*alternatives))
    for atom in query.excluded:
        conditions.append(not_(contains("%" + " ".join(atom.words) + "%")))
    where = and_(*conditions)
    started = time.perf_counter()
    with db.read() as session:
        session.scalar(select(func.count()).select_from(Article).where(where))
        session.execute(
            select(Article.id).where(where).order_by(Article.published_on.desc()).limit(10)
        ).all()
    return 1000 * (time.perf_counter() - started)


@contextmanager
def built_archive(
    count: int, database_url: str | None, sqlite_file: str
) -> Iterator[tuple[Database, float]]:
    """A migrated archive that `build` filled with `count` articles, and its articles per
    second: at `database_url` (an empty database), else in a SQLite file `sqlite_file` in a
    temporary folder. Disposed of at the end."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.connect(database_url or f"sqlite:///{Path(tmp) / sqlite_file}")
        try:
            upgrade(db)
            yield db, build(db, count)
        finally:
            db.dispose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(count: int, database_url: str | None, repeats: int) -> dict[str, Any]:
    with built_archive(count, database_url, "search.db") as (db, rate):
        today = date.today()
        for text in QUERIES:  # warm the caches once
            timed_search(db, text, today)
        per_query = {text: [timed_search(db, text, today) for _ in range(repeats)]
                     for text in QUERIES}  # fmt: skip
        like = {text: timed_like(db, text) for text in QUERIES}
    latencies = [ms for values in per_query.values() for ms in values]
    like_ms = [ms for ms in like.values() if ms is not None]
    p50 = statistics.median(latencies)
    like_p50 = statistics.median(like_ms)
    return {
        "articles": count,
        "backend": "postgresql" if database_url else "sqlite",
        "p50_ms": round(p50, 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "max_ms": round(max(latencies), 2),
        "like_p50_ms": round(like_p50, 2),
        "speedup_p50": round(like_p50 / p50, 1),
        "build_articles_per_s": round(rate, 1),
        "queries": {
            text: {"p50_ms": round(statistics.median(v), 2), "like_ms": _rounded(like[text])}
            for text, v in per_query.items()
        },
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['articles']} articles on {result['backend']}, "
          f"built at {result['build_articles_per_s']} articles/s")  # fmt: skip
    print(f"{'query':<45}{'search p50 ms':>14}{'LIKE ms':>10}")
    for text, row in result["queries"].items():
        like = "-" if row["like_ms"] is None else f"{row['like_ms']:.1f}"
        print(f"{text:<45}{row['p50_ms']:>14.2f}{like:>10}")
    print(f"search p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms; "
          f"LIKE p50 {result['like_p50_ms']} ms ({result['speedup_p50']}x)")  # fmt: skip


def main() -> None:
    description = "Search latency against a LIKE scan."
    run_bench(description, OPTIONS, run, print_table, not_in_json={"queries"})


if __name__ == "__main__":
    main()

"""Use cases against a real database (SQLite and PostgreSQL): facts are stored at ingestion."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from bot.usecases.config import Settings
from bot.usecases.service import BriefingService
from storage import Database


def test_ingestion_stores_the_facts_with_the_article(service, seed_text):
    [result] = service.ingest_bytes(seed_text.encode(), name="seed.txt").results
    facts = service.article_facts(result.id)
    by_category = {}
    for fact in facts:
        by_category.setdefault(fact.category, {})[fact.name] = fact
    assert by_category["weapon"]["Hwasong-18"].kind == "ICBM"
    assert "Mr. Kim" in by_category["actor"]["Kim Jong Un"].mentions
    assert by_category["actor"]["United States"].kind == "state"
    wednesday = by_category["date"]["2023-12-27"]
    assert wednesday.text == "Wednesday's"
    assert "second-day session" in wednesday.sentence


def test_duplicates_do_not_get_a_second_set_of_facts(service, seed_text):
    first = service.ingest_bytes(seed_text.encode()).results[0]
    count = len(service.article_facts(first.id))
    again = service.ingest_bytes(seed_text.encode()).results[0]
    assert again.duplicate and again.id == first.id
    assert len(service.article_facts(first.id)) == count


def test_facts_go_when_their_article_goes(service, db: Database, seed_text):
    from sqlalchemy import delete, func, select

    from storage.models import Article, ArticleFact

    article_id = service.ingest_bytes(seed_text.encode()).results[0].id
    with db.transaction() as session:
        session.execute(delete(Article).where(Article.id == article_id))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ArticleFact)) == 0


def test_feed_polling_uses_etags_and_backs_off(db, database_url, extractor, http_server):
    settings = Settings(database_url=database_url, allow_private_urls=True,
                        feed_interval_minutes=15, _env_file=None)  # type: ignore[call-arg]  # fmt: skip
    polling = BriefingService(db, settings, extractor)
    good, _ = polling.add_feed(http_server.url("/feed-etag"))
    bad, _ = polling.add_feed(http_server.url("/broken-feed"))
    start = datetime.now(UTC)

    first = {r.feed: r for r in asyncio.run(polling.poll_feeds(start))}
    assert first[good.name].status == "ok" and first[good.name].stored == 1
    assert first[bad.name].status == "failed" and "HTTP 500" in (first[bad.name].error or "")
    # Not due again before the interval; then the server says nothing changed (ETag).
    assert asyncio.run(polling.poll_feeds(start + timedelta(minutes=5))) == []
    second = {r.feed: r for r in asyncio.run(polling.poll_feeds(start + timedelta(minutes=16)))}
    assert second[good.name].status == "not modified"
    # The failing feed waits twice as long after its first failure (30 minutes).
    assert bad.name not in second
    third = {r.feed: r for r in asyncio.run(polling.poll_feeds(start + timedelta(minutes=31)))}
    assert third[bad.name].status == "failed"
    assert polling.stats().articles == 1


def test_feeds_that_return_garbage_or_hang_fail_alone(db, database_url, extractor, http_server):
    """A feed answering junk, a cut-off document or nothing at all is recorded as failed with
    its reason, within the fetch timeout, and the healthy feed is still stored."""
    settings = Settings(database_url=database_url, allow_private_urls=True, fetch_timeout=1.0,
                        _env_file=None)  # type: ignore[call-arg]  # fmt: skip
    polling = BriefingService(db, settings, extractor)
    names = {
        path: polling.add_feed(http_server.url(path))[0].name
        for path in ("/junk-feed", "/truncated-feed", "/hanging-feed", "/feed")
    }
    started = time.perf_counter()
    results = {r.feed: r for r in asyncio.run(polling.poll_feeds())}
    elapsed = time.perf_counter() - started
    by_path = {path: results[name] for path, name in names.items()}
    assert by_path["/feed"].status == "ok" and by_path["/feed"].stored >= 1
    for path in ("/junk-feed", "/truncated-feed", "/hanging-feed"):
        assert by_path[path].status == "failed", (path, by_path[path])
        assert by_path[path].error
    assert "timed out" in (by_path["/hanging-feed"].error or "")
    assert elapsed < 4.5  # the hanging feed costs its timeout, not the server's 5 s delay
    assert polling.stats().articles == by_path["/feed"].stored

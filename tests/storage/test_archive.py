from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from storage import (
    Database,
    NewArticle,
    SchemaNotReady,
    add_article,
    archive_stats,
    get_article,
    latest_articles,
)
from storage.archive import content_hash, normalize_url

TEXT = "Russian drones struck port facilities in Odesa overnight, officials said on Thursday."


def _new(**overrides):
    fields = {"title": "Drones hit Odesa port", "text": TEXT}
    fields.update(overrides)
    return NewArticle(**fields)


def test_article_round_trip_keeps_metadata_and_utc_instants(db):
    kyiv = timezone(timedelta(hours=2))
    credits = {"byline": "By Jane Doe", "dateline": "ODESA, Ukraine", "language": "en"}
    new = _new(
        url="https://news.example.org/odesa",
        source="Example Wire",
        published_at=datetime(2026, 11, 19, 9, 30, tzinfo=kyiv),
        published_on=date(2026, 11, 19),
        **credits,
    )
    with db.transaction() as session:
        added = add_article(session, new)
    assert not added.duplicate
    with db.transaction() as session:
        record = get_article(session, added.id)
    assert record is not None
    assert (record.title, record.text, record.source) == (new.title, TEXT, "Example Wire")
    assert record.published_at == datetime(2026, 11, 19, 7, 30, tzinfo=UTC)
    assert record.published_on == date(2026, 11, 19)
    assert record.ingested_at.tzinfo is UTC
    assert {field: getattr(record, field) for field in credits} == credits


def test_same_url_is_a_duplicate_even_with_tracking_parameters(db):
    with db.transaction() as session:
        first = add_article(session, _new(url="https://News.Example.org/odesa/"))
    with db.transaction() as session:
        again = add_article(
            session,
            _new(
                text="A different text entirely.",
                url="https://news.example.org/odesa?utm_source=x#top",
            ),
        )
    assert again.duplicate and again.id == first.id and again.duplicate_reason == "url"


def test_same_normalised_content_is_a_duplicate(db):
    with db.transaction() as session:
        first = add_article(session, _new(url="https://a.example/1"))
    reformatted = "  " + TEXT.upper().replace(" ", "   ").replace(",", " ,") + "\n"
    with db.transaction() as session:
        again = add_article(session, _new(url="https://b.example/2", text=reformatted))
    assert again.duplicate and again.id == first.id and again.duplicate_reason == "content"
    with db.transaction() as session:
        assert archive_stats(session).articles == 1


def test_different_articles_are_both_stored(db):
    with db.transaction() as session:
        a = add_article(session, _new())
        b = add_article(session, _new(text=TEXT + " Two warehouses burned."))
    assert not a.duplicate and not b.duplicate and a.id != b.id


def test_sources_are_created_once_and_counted(db):
    with db.transaction() as session:
        add_article(session, _new(source="Wire"))
        add_article(session, _new(text="Another story about naval drills.", source="Wire"))
        add_article(session, _new(text="A third story about air defence.", source="Other"))
    with db.transaction() as session:
        stats = archive_stats(session)
    assert (stats.articles, stats.sources, stats.subscribers) == (3, 2, 0)


def test_latest_orders_by_publication_date(db):
    with db.transaction() as session:
        old = add_article(session, _new(text="old story", published_on=date(2025, 1, 1)))
        new = add_article(session, _new(text="new story", published_on=date(2026, 11, 1)))
        mid = add_article(session, _new(text="mid story", published_on=date(2026, 5, 1)))
        # Undated articles count from the day they were ingested.
        undated = add_article(
            session, _new(text="undated story"), now=datetime(2026, 6, 1, 12, tzinfo=UTC)
        )
    with db.read() as session:
        ids = [r.id for r in latest_articles(session, limit=4)]
    assert ids == [new.id, undated.id, mid.id, old.id]


def test_overlong_fields_are_clipped_not_rejected(db):
    with db.transaction() as session:
        added = add_article(session, _new(title="T" * 900, byline="B" * 400, dateline="D" * 300))
    with db.transaction() as session:
        record = get_article(session, added.id)
    assert record is not None
    assert len(record.title) == 500 and record.title.endswith("…")
    assert len(record.byline or "") == 200 and len(record.dateline or "") == 100


def test_a_failed_transaction_leaves_the_archive_untouched(db):
    with db.transaction() as session:
        add_article(session, _new())
    with pytest.raises(RuntimeError), db.transaction() as session:
        add_article(session, _new(text="this one is rolled back"))
        raise RuntimeError("boom")
    with db.transaction() as session:
        assert archive_stats(session).articles == 1


def test_concurrent_writers_store_one_copy(db):
    """Two writers racing on the same article: one insert, one duplicate, no error."""
    results = []
    barrier = threading.Barrier(4)

    def writer():
        barrier.wait()
        with db.transaction() as session:
            results.append(add_article(session, _new(url="https://race.example/1")))

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.duplicate for r in results) == [False, True, True, True]
    assert len({r.id for r in results}) == 1


def test_missing_schema_is_reported(sqlite_url):
    db = Database.connect(sqlite_url)
    with pytest.raises(SchemaNotReady, match="briefing init"), db.transaction() as session:
        archive_stats(session)
    db.dispose()


def test_normalize_url_and_content_hash():
    assert normalize_url("HTTPS://Example.COM:443/a/b/?utm_medium=x&id=3#frag") == (
        "https://example.com/a/b?id=3"
    )
    assert normalize_url("http://example.com") == "http://example.com/"
    assert content_hash("Hello,   World!") == content_hash("hello world")
    assert content_hash("Hello world") != content_hash("Hello world again")

"""Database faults: a server that is not up yet, and a busy SQLite file."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage import (
    Database,
    DatabaseUnavailable,
    NewArticle,
    add_article,
    latest_articles,
    upgrade,
    wait_for_database,
)


def test_an_unreachable_server_is_retried_with_growing_delays_then_reported():
    db = Database.connect("postgresql+psycopg://briefing:s3cret@127.0.0.1:1/briefing")
    slept: list[float] = []
    retries: list[int] = []
    with pytest.raises(DatabaseUnavailable) as caught:
        wait_for_database(
            db,
            attempts=4,
            first_delay=0.5,
            max_delay=1.5,
            on_retry=lambda _error, _delay, attempt: retries.append(attempt),
            sleep=slept.append,
        )
    assert slept == [0.5, 1.0, 1.5] and retries == [1, 2, 3]
    message = str(caught.value)
    assert "is unavailable" in message and "gave up after 4 attempts" in message
    assert "s3cret" not in message
    db.dispose()


@pytest.mark.postgres
def test_a_database_that_appears_while_waiting_is_used(postgres_url):
    """The server answers but the database is not there yet (still being created)."""
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"briefing_late_{uuid.uuid4().hex[:10]}"
    late = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    db = Database.connect(late)

    def create_it(_error: Exception, _delay: float, _attempt: int) -> None:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))

    try:
        wait_for_database(db, attempts=3, first_delay=0.01, on_retry=create_it)
        upgrade(db)
        with db.transaction() as session:
            assert not add_article(session, NewArticle("Late", "A late database.")).duplicate
    finally:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_sqlite_writers_wait_for_the_lock_and_readers_never_do(sqlite_url):
    """WAL and the busy timeout: a writer holding the lock for a while delays, but does not
    fail, another writer, and readers carry on meanwhile."""
    holder, other = Database.connect(sqlite_url), Database.connect(sqlite_url)
    upgrade(holder)
    locked, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with holder.transaction() as session:
            add_article(session, NewArticle("First", "The first writer's article."))
            locked.set()
            release.wait(10)

    thread = threading.Thread(target=hold_the_write_lock)
    thread.start()
    assert locked.wait(10)
    # WAL: reading does not wait for the writer (the lock is released only after this read,
    # so a waiting reader would fail with "database is locked").
    with other.read() as session:
        assert latest_articles(session) == []
    threading.Timer(0.5, release.set).start()
    started = time.perf_counter()
    with other.transaction() as session:  # waits for the lock (busy_timeout), then writes
        add_article(session, NewArticle("Second", "The second writer's article."))
    waited = time.perf_counter() - started
    thread.join(10)
    assert waited >= 0.4  # it really waited for the first writer
    with other.read() as session:
        assert [a.title for a in latest_articles(session)] == ["Second", "First"]
    holder.dispose()
    other.dispose()

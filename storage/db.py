"""Engine and session factory for SQLite (the embedded default) and PostgreSQL.

SQLite gets WAL, foreign keys, a busy timeout, and real transactions (pysqlite's implicit
transaction handling is switched off and BEGIN emitted by us, as SQLAlchemy recommends).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import DatabaseUnavailable, SchemaNotReady

__all__ = ["Database", "safe_url", "wait_for_database"]

_SQLITE_BUSY_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Database:
    """An engine plus its session factory; the unit every storage function works with."""

    engine: Engine
    sessions: sessionmaker[Session]
    readers: sessionmaker[Session]

    @classmethod
    def connect(cls, url: str, *, echo: bool = False) -> Database:
        """Create the engine (and the SQLite file's folder) without opening a connection."""
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise DatabaseUnavailable(f"invalid database URL: {exc}") from exc
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(parsed, echo=echo)
        elif parsed.get_backend_name() == "postgresql":
            if parsed.drivername == "postgresql":
                parsed = parsed.set(drivername="postgresql+psycopg")
            # Sessions in UTC: the day of an instant (an article's ingestion day, where it
            # has no publication date) is then the UTC day, as on SQLite.
            engine = create_engine(
                parsed,
                echo=echo,
                pool_pre_ping=True,
                connect_args={"options": "-c TimeZone=UTC"},
            )
        else:
            raise DatabaseUnavailable(
                f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
            )
        # Writers take SQLite's write lock up front (BEGIN IMMEDIATE): two deferred
        # transactions that both read, then write, deadlock instead of waiting their turn.
        writer = engine.execution_options(briefing_write=True)
        return cls(
            engine,
            sessionmaker(writer, expire_on_commit=False),
            sessionmaker(engine, expire_on_commit=False),
        )

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one write transaction: committed on success, rolled back on error."""
        with self._mapped_errors(), self.sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; on SQLite it never waits for the write lock."""
        with self._mapped_errors(), self.readers.begin() as session:
            yield session

    @contextmanager
    def _mapped_errors(self) -> Iterator[None]:
        try:
            yield
        except (OperationalError, ProgrammingError) as exc:
            if _is_missing_table(exc):
                raise SchemaNotReady(
                    f"database {safe_url(self.engine.url)} has no schema yet: run `briefing init`"
                ) from exc
            if isinstance(exc, OperationalError):
                raise DatabaseUnavailable(_describe(exc, self.engine.url)) from exc
            raise

    def dispose(self) -> None:
        self.engine.dispose()


def wait_for_database(
    db: Database,
    *,
    attempts: int,
    first_delay: float,
    max_delay: float = 30.0,
    on_retry: Callable[[DatabaseUnavailable, float, int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Wait until the database answers, retrying with doubling delays (a server that starts
    after the bot, a network blip); the last failure is raised with the attempts counted."""
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            with db.read() as session:
                session.execute(text("SELECT 1"))
            return
        except DatabaseUnavailable as exc:
            if attempt == attempts:
                raise DatabaseUnavailable(
                    f"{exc} (gave up after {attempts} attempt{'s' if attempts > 1 else ''})"
                ) from exc
            if on_retry is not None:
                on_retry(exc, delay, attempt)
            sleep(delay)
            delay = min(delay * 2, max_delay)


def safe_url(url: str | URL) -> str:
    """The URL as it may be printed or logged: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("briefing_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _is_missing_table(exc: DBAPIError) -> bool:
    message = str(exc.orig).lower()
    return "no such table" in message or ("relation" in message and "does not exist" in message)


def _describe(exc: OperationalError, url: URL) -> str:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return f"database {safe_url(url)} is unavailable: {reason}"

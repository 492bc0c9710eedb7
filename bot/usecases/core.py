"""What every use case shares: the database, the settings, the fact extractor made once."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.usecases.config import Settings
from bot.usecases.errors import translating
from storage import Database, safe_url, upgrade
from summarizer.facts import FactExtractor

if TYPE_CHECKING:
    from bot.usecases.briefings import Briefings
    from bot.usecases.fetch import FetchPolicy
    from storage.errors import DatabaseUnavailable

__all__ = [
    "Database",
    "UseCase",
    "init_database",
    "open_database",
    "safe_url",
]


class UseCase:
    """The state the use cases share; the transactions are theirs, never an adapter's.

    Every public method of a use case is the boundary the adapters call, so each runs under
    `translated`: what storage or the summarizer raise leaves as a `BriefingError`.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(member):
                setattr(cls, name, translating(member))

    def __init__(
        self,
        db: Database,
        settings: Settings,
        facts: FactExtractor | Callable[[], FactExtractor],
    ) -> None:
        """`facts`: the extractor, or what makes it when facts are first needed (most
        commands never compute any, and skip importing the extractor's code)."""
        self._db = db
        self._settings = settings
        self._facts_source = facts
        self._briefings: Briefings | None = None
        self._lock = threading.Lock()  # the bot's threads: each of those is made once

    @property
    def _facts(self) -> FactExtractor:
        with self._lock:
            if not isinstance(self._facts_source, FactExtractor):
                self._facts_source = self._facts_source()
            return self._facts_source

    @property
    def fetch_policy(self) -> FetchPolicy:
        from bot.usecases.fetch import FetchPolicy  # noqa: PLC0415

        return FetchPolicy(
            timeout=self._settings.fetch_timeout,
            max_bytes=self._settings.max_document_bytes,
            allow_private=self._settings.allow_private_urls,
        )


@translating
def open_database(
    url: str,
    *,
    wait: bool = False,
    attempts: int = 1,
    first_delay: float = 0.0,
    on_retry: Callable[[DatabaseUnavailable, float, int], None] | None = None,
) -> Database:
    """The archive at `url` with its schema created or migrated; with `wait`, a database
    that is not up yet is retried (the bot may start before its server)."""
    from storage import wait_for_database  # noqa: PLC0415 - the bot only

    db = Database.connect(url)
    if wait:
        wait_for_database(db, attempts=attempts, first_delay=first_delay, on_retry=on_retry)
    upgrade(db)
    return db


@translating
def init_database(url: str) -> str:
    """Create the archive at `url`, or migrate it; the schema revision it is at."""
    return upgrade(Database.connect(url))

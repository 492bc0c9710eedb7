"""What every use case shares: the database, the settings, the fact extractor made once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.usecases.config import Settings
from storage import Database, safe_url, upgrade, wait_for_database
from summarizer.facts import FactExtractor

if TYPE_CHECKING:
    from bot.usecases.briefings import Briefings
    from bot.usecases.fetch import FetchPolicy

__all__ = [
    "Database",
    "UseCase",
    "safe_url",
    "upgrade",
    "wait_for_database",
]


class UseCase:
    """The state the use cases share; the transactions are theirs, never an adapter's."""

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

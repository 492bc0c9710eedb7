"""What every `briefing` command shares: the lazily opened service, and one way to fail.

Every failure a user can cause prints one line, `briefing: error: <input>: <reason>`, and
exits 1.

Commands start fast: nothing here imports the ORM, the summarisers or the NER model until a
command asks for the service or the extractor (bench/startup.py measures it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer

from bot.usecases.errors import BriefingError
from bot.usecases.inputs import one_line

if TYPE_CHECKING:
    from bot.usecases.analysis import FactExtractor
    from bot.usecases.archive import Archive
    from bot.usecases.config import Settings
    from bot.usecases.core import Database
    from bot.usecases.service import BriefingService

__all__ = ["CliContext", "context_of", "emit", "fail", "one_line", "reported"]


@dataclass
class CliContext:
    settings: Settings
    env_problem: str | None = None  # why .env is unsafe, if it is (see env_file_problem)
    _service: BriefingService | None = None
    _archive: Archive | None = None
    _db: Database | None = None
    _extractor: FactExtractor | None = None

    def service(self, *, wait: bool = False) -> BriefingService:
        """Every use case, on the database opened on first use."""
        if self._service is None:
            # Imported on first use: `briefing --help` needs neither the ORM nor the service.
            from bot.usecases.service import BriefingService  # noqa: PLC0415

            self._service = BriefingService(
                self._database(wait=wait), self.settings, self.extractor
            )
        return self._service

    def archive(self) -> Archive:
        """Reading and searching the archive only: `show`, `search` and `stats` load none of
        the other use cases' modules (feeds, briefings, clustering), and start faster."""
        if self._service is not None:
            return self._service
        if self._archive is None:
            from bot.usecases.archive import Archive  # noqa: PLC0415

            self._archive = Archive(self._database(), self.settings, self.extractor)
        return self._archive

    def _database(self, *, wait: bool = False) -> Database:
        """Open the database (creating or migrating its schema) on first use; with `wait`, a
        database that is not up yet is retried (the bot may start before its server)."""
        if self._db is None:
            from bot.usecases.core import open_database  # noqa: PLC0415

            self._db = open_database(
                self.settings.database_url.get_secret_value(),
                wait=wait,
                attempts=self.settings.database_attempts,
                first_delay=self.settings.database_retry_seconds,
                on_retry=_say_retrying,
            )
        return self._db

    def extractor(self) -> FactExtractor:
        """The fact extractor; its gazetteers and NER model load when facts are computed."""
        if self._extractor is None:
            from bot.usecases.analysis import build_fact_extractor  # noqa: PLC0415

            self._extractor = build_fact_extractor(self.settings)
        return self._extractor


def _say_retrying(error: Exception, delay: float, attempt: int) -> None:
    typer.echo(f"briefing: {error}; retrying in {delay:g} s (attempt {attempt})", err=True)


def fail(message: str) -> typer.Exit:
    typer.echo(f"briefing: error: {message}", err=True)
    return typer.Exit(1)


@contextmanager
def reported(label: str | None = None) -> Iterator[None]:
    """Turn the errors a user can cause into one line and exit status 1."""
    prefix = f"{one_line(label)}: " if label else ""
    try:
        yield
    except BriefingError as exc:
        raise fail(f"{prefix}{exc}") from None


def emit(obj: dict[str, Any]) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False))


def context_of(ctx: typer.Context) -> CliContext:
    """The context the app's callback made; a command invoked without it is a bug."""
    obj = ctx.find_object(CliContext)
    if obj is None:
        raise RuntimeError("a briefing command ran without the app's callback (bot.cli.app)")
    return obj

"""Schema management: Alembic migrations applied from code, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import OperationalError

from storage.db import Database, safe_url
from storage.errors import DatabaseUnavailable

__all__ = ["current_revision", "head_revision", "include_object", "upgrade"]

_MIGRATIONS = Path(__file__).parent / "migrations"


# Search structures are made by hand in migration 0003 and live outside the ORM models, so
# comparisons between the models and a database leave them out.
_SEARCH_OBJECTS = ("articles_fts", "search_vector", "ix_articles_search_vector")


def include_object(
    _obj: object, name: str | None, _type: str, _reflected: bool, _compare_to: object
) -> bool:
    return not (name or "").startswith(_SEARCH_OBJECTS)


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is at (None for an empty database)."""
    try:
        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise DatabaseUnavailable(f"database {safe_url(db.engine.url)} is unavailable") from exc


def upgrade(db: Database) -> str:
    """Create or migrate the schema to the newest revision; safe to call on every start."""
    head = head_revision()
    if current_revision(db) == head:
        return head
    config = _config()
    try:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise DatabaseUnavailable(f"database {safe_url(db.engine.url)} is unavailable") from exc
    return head

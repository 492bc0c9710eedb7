"""Schema management: Alembic migrations applied from code, on SQLite and PostgreSQL alike.

Every command calls `upgrade`. A database already at the newest revision is recognised with
one query, without Alembic (importing it and reading the migrations costs more than the rest
of `briefing stats`); only a database that needs migrating loads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from storage.db import Database, safe_url
from storage.errors import DatabaseUnavailable, SchemaNotReady

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["HEAD_REVISION", "current_revision", "head_revision", "include_object", "upgrade"]

_MIGRATIONS = Path(__file__).parent / "migrations"

# The newest migration's revision: a new migration changes it (tests/storage/test_schema.py
# fails until it matches what Alembic finds in migrations/versions).
HEAD_REVISION = "0009"
_VERSION_TABLE = "alembic_version"  # Alembic's default

# Search structures are made by hand (migrations 0003 and 0008) and live outside the ORM
# models, so comparisons between the models and a database leave them out.
_SEARCH_OBJECTS = ("articles_fts", "search_vector", "ix_articles_search_vector")


def include_object(
    _obj: object, name: str | None, _type: str, _reflected: bool, _compare_to: object
) -> bool:
    return not (name or "").startswith(_SEARCH_OBJECTS)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest revision, as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # a broken install: the package ships its migrations
        raise SchemaNotReady(f"no migrations found in {_MIGRATIONS}; reinstall Briefing")
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    try:
        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise DatabaseUnavailable(f"database {safe_url(db.engine.url)} is unavailable") from exc


def _stamped_revisions(db: Database) -> list[str]:
    """The revisions recorded in Alembic's version table, read without Alembic."""
    try:
        with db.engine.connect() as connection:
            if not inspect(connection).has_table(_VERSION_TABLE):
                return []
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return [str(row[0]) for row in rows]
    except OperationalError as exc:
        raise DatabaseUnavailable(f"database {safe_url(db.engine.url)} is unavailable") from exc


def upgrade(db: Database) -> str:
    """Create or migrate the schema to the newest revision; safe to call on every start."""
    if _stamped_revisions(db) == [HEAD_REVISION]:
        return HEAD_REVISION
    from alembic import command

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

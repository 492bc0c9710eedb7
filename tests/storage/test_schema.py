from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from storage import Database, upgrade
from storage.models import Base
from storage.schema import HEAD_REVISION, current_revision, head_revision, include_object


def test_migrations_create_the_schema_from_empty(database_url):
    db = Database.connect(database_url)
    assert current_revision(db) is None
    assert upgrade(db) == head_revision()
    assert current_revision(db) == head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert {"articles", "sources", "chats", "subscriptions", "deliveries"} <= tables
    db.dispose()


def test_upgrade_twice_is_harmless(database_url):
    db = Database.connect(database_url)
    upgrade(db)
    assert upgrade(db) == head_revision()
    db.dispose()


def test_migrations_match_the_models(db):
    """A model changed without a migration (or the reverse) shows up here."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url):
    db = Database.connect(sqlite_url)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_the_head_revision_constant_is_the_newest_migration():
    """`upgrade` trusts HEAD_REVISION to skip Alembic: a new migration must update it."""
    assert head_revision() == HEAD_REVISION


def test_an_up_to_date_database_is_recognised_without_alembic(database_url):
    import subprocess
    import sys

    db = Database.connect(database_url)
    upgrade(db)
    db.dispose()
    script = (
        "import sys; from storage import Database, upgrade; "
        f"print(upgrade(Database.connect({database_url!r}))); "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()  # fmt: skip
    assert out == [HEAD_REVISION, "False"]

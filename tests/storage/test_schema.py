from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from storage import Database, upgrade
from storage.models import Base
from storage.schema import HEAD_REVISION, current_revision, head_revision, include_object
from tests.storage.migrating import migrate


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


def test_the_told_articles_migration_downgrades_and_upgrades_keeping_deliveries(database_url):
    """0006 adds `deliveries.article_ids`; going back to 0005 drops only that column (the
    rows stay, also through SQLite's table rebuild), and upgrading again brings it back empty."""
    from datetime import UTC, datetime, time

    from sqlalchemy import text

    from storage.audience import ChatInfo, subscribe
    from storage.briefings import claim_delivery, finish_delivery

    db = Database.connect(database_url)
    upgrade(db)
    with db.transaction() as session:
        subscribe(session, ChatInfo(7, "private"), "UTC", time(7))
        attempt = claim_delivery(session, 7, "briefing", "p", datetime.now(UTC))
        finish_delivery(session, 7, "briefing", "p", "sent", attempt=attempt, article_ids=[2, 1])
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT article_ids FROM deliveries")).scalar() in (
            [1, 2],  # PostgreSQL's driver decodes JSON
            "[1, 2]",
        )

    def columns():
        return {c["name"] for c in inspect(db.engine).get_columns("deliveries")}

    migrate(db, "downgrade", "0005")
    assert current_revision(db) == "0005"
    assert "article_ids" not in columns() and {"parts", "parts_sent"} <= columns()
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT chat_id, period FROM deliveries")).all() == [
            (7, "p")
        ]
    migrate(db, "upgrade", "head")
    assert current_revision(db) == HEAD_REVISION
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT article_ids FROM deliveries")).all() == [(None,)]
    db.dispose()

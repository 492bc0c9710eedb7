"""Alembic environment: runs on the connection that `storage.schema.upgrade` hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from storage.models import Base
from storage.schema import include_object


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `briefing init` (storage.schema.upgrade)")
run_migrations(connection)

"""search terms made again: Ukrainian stems of names in -ій and surnames in -єв

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

The Ukrainian stemmer (storage/stemmers.py) now gives one stem to every case of "Юрій"
("Юрієві", "Юрієм") and of surnames in -єв ("Кондратьєв", "Кондратьєві"): rows stemmed
before keep terms a query no longer makes. Every row with terms gets them again from the
same function new rows use; the index follows (SQLite's update trigger, PostgreSQL's
generated column). Going down keeps the new terms: 0008's index reads them as well.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.terms import article_terms

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BATCH = 500


def upgrade() -> None:
    connection = op.get_bind()
    select = sa.text(
        "SELECT id, title, text, language, search_terms FROM articles "
        "WHERE id > :after AND search_terms IS NOT NULL ORDER BY id LIMIT :n"
    )
    update = sa.text("UPDATE articles SET search_terms = :terms WHERE id = :id")
    after = 0
    while rows := connection.execute(select, {"after": after, "n": _BATCH}).all():
        changed = [
            {"id": row.id, "terms": terms}
            for row in rows
            if (terms := article_terms(row.title, row.text, row.language)) != row.search_terms
        ]
        if changed:
            connection.execute(update, changed)
        after = rows[-1].id


def downgrade() -> None:
    """Nothing to undo: the terms are the same kind of column 0008 made."""

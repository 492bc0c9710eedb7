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

from alembic import op

from storage.migrations.backfill import refill_search_terms

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    refill_search_terms(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: the terms are the same kind of column 0008 made."""

"""search terms: Cyrillic stems, Arabic light stems and Chinese bigrams in the search index

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

The index's tokenizers stem English and keep every other word as written: a Chinese word
inside a run of characters is never found, nor "ракеты" by "ракета", nor "للحوثيين" by
"الحوثيين". `articles.search_terms` holds the terms storage.terms makes of such words (None
for an English article), filled here for the existing rows by the same function that fills
it for new ones, and indexed next to the title and text: a fourth FTS5 column on SQLite (the
table and its triggers made again), a part of search_vector in the 'simple' configuration on
PostgreSQL.
"""

from __future__ import annotations

from alembic import op

from storage.migrations.backfill import refill_search_terms

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_SQLITE_DROP_INDEX = [
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
]
# 0003's table and triggers with the fourth column (bm25 weights are given per column, in
# this order: storage.search).
_SQLITE_INDEX = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, search_meta, search_terms, content='articles', content_rowid='id',
        tokenize="porter unicode61 remove_diacritics 2 tokenchars '_'", prefix='2 3')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text, search_meta, search_terms)
        VALUES (new.id, new.title, new.text, new.search_meta, new.search_terms);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, search_meta, search_terms)
        VALUES ('delete', old.id, old.title, old.text, old.search_meta, old.search_terms);
    END""",
    """CREATE TRIGGER articles_fts_update
    AFTER UPDATE OF title, text, search_meta, search_terms ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, search_meta, search_terms)
        VALUES ('delete', old.id, old.title, old.text, old.search_meta, old.search_terms);
        INSERT INTO articles_fts(rowid, title, text, search_meta, search_terms)
        VALUES (new.id, new.title, new.text, new.search_meta, new.search_terms);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
_SQLITE_INDEX_0003 = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, search_meta, content='articles', content_rowid='id',
        tokenize="porter unicode61 remove_diacritics 2 tokenchars '_'", prefix='2 3')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text, search_meta)
        VALUES (new.id, new.title, new.text, new.search_meta);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, search_meta)
        VALUES ('delete', old.id, old.title, old.text, old.search_meta);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, search_meta ON articles
    BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, search_meta)
        VALUES ('delete', old.id, old.title, old.text, old.search_meta);
        INSERT INTO articles_fts(rowid, title, text, search_meta)
        VALUES (new.id, new.title, new.text, new.search_meta);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]

_POSTGRES_DROP_VECTOR = [
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
]
_POSTGRES_VECTOR = [
    """ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(text, '')), 'B')
        || setweight(to_tsvector('simple', coalesce(search_terms, '')), 'B')) STORED""",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
]
_POSTGRES_VECTOR_0003 = [
    """ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(text, '')), 'B')) STORED""",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
]


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    # The old index goes first, so that filling the column updates no index twice.
    for statement in _SQLITE_DROP_INDEX if sqlite else _POSTGRES_DROP_VECTOR:
        op.execute(statement)
    op.execute("ALTER TABLE articles ADD COLUMN search_terms TEXT")
    refill_search_terms(connection)  # English rows stay NULL
    for statement in _SQLITE_INDEX if sqlite else _POSTGRES_VECTOR:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_DROP_INDEX if sqlite else _POSTGRES_DROP_VECTOR:
        op.execute(statement)
    op.execute("ALTER TABLE articles DROP COLUMN search_terms")
    for statement in _SQLITE_INDEX_0003 if sqlite else _POSTGRES_VECTOR_0003:
        op.execute(statement)

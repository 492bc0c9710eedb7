"""full-text search: FTS5 on SQLite, tsvector on PostgreSQL; fact keys for filters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# External-content FTS5 index over articles, kept in sync by triggers. Porter stemming lets
# "strike" find "strikes"; the prefix indexes make "Hwas*" cheap; the title weighs more at
# query time (bm25 column weights). The search_meta column holds filter tokens (source, day,
# month, year, actors, weapons: see storage.archive.search_meta), so filters are index
# lookups inside FTS5 too.
SQLITE_UP = [
    "ALTER TABLE articles ADD COLUMN search_meta TEXT",
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
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
    "ALTER TABLE articles DROP COLUMN search_meta",
]
POSTGRES_UP = [
    "ALTER TABLE articles ADD COLUMN search_meta TEXT",
    """ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(text, '')), 'B')) STORED""",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_meta",
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_UP if dialect == "sqlite" else POSTGRES_UP:
        op.execute(statement)
    with op.batch_alter_table("article_facts") as batch:
        batch.add_column(sa.Column("key", sa.String(length=200), nullable=True))
    op.execute("UPDATE article_facts SET key = lower(name)")
    op.create_index("ix_article_facts_category_key", "article_facts", ["category", "key"])


def downgrade() -> None:
    op.drop_index("ix_article_facts_category_key", table_name="article_facts")
    with op.batch_alter_table("article_facts") as batch:
        batch.drop_column("key")
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_DOWN if dialect == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)

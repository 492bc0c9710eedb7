"""Persistence for Briefing: models, sessions, migrations and archive queries.

Only this package talks SQL. It runs unchanged on SQLite (the embedded default) and PostgreSQL.
"""

from __future__ import annotations

from storage.archive import (
    AddedArticle,
    ArchiveStats,
    ArticleRecord,
    NewArticle,
    add_article,
    archive_stats,
    find_duplicate,
    get_article,
    latest_articles,
)
from storage.db import Database, safe_url, wait_for_database
from storage.errors import DatabaseUnavailable, SchemaNotReady, StorageError
from storage.facts import StoredFact, article_facts, replace_facts
from storage.schema import upgrade

__all__ = [
    "AddedArticle",
    "ArchiveStats",
    "ArticleRecord",
    "Database",
    "DatabaseUnavailable",
    "NewArticle",
    "SchemaNotReady",
    "StorageError",
    "StoredFact",
    "add_article",
    "archive_stats",
    "article_facts",
    "find_duplicate",
    "get_article",
    "latest_articles",
    "replace_facts",
    "safe_url",
    "upgrade",
    "wait_for_database",
]

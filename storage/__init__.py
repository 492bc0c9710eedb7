"""Persistence for Briefing: models, sessions, migrations and archive queries.

Only this package talks SQL. It runs unchanged on SQLite (the embedded default) and PostgreSQL.

The names below are imported from their modules when first asked for, so that the light
modules (`storage.errors`, `storage.query`) can be imported without loading the ORM.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "archive": ("AddedArticle", "ArchiveStats", "ArticleRecord", "NewArticle", "add_article",
                "archive_stats", "find_duplicate", "get_article", "latest_articles"),
    "db": ("Database", "safe_url", "wait_for_database"),
    "errors": ("DatabaseUnavailable", "SchemaNotReady", "StorageError"),
    "facts": ("StoredFact", "article_facts", "replace_facts"),
    "schema": ("upgrade",),
}  # fmt: skip
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

if not TYPE_CHECKING:  # type checkers see the imports above, and flag a misspelt name

    def __getattr__(name: str) -> Any:
        """`from storage import X` imports X's module at that moment (PEP 562)."""
        module = _HOME_OF.get(name)
        if module is None:
            raise AttributeError(f"module 'storage' has no attribute {name!r}")
        return getattr(importlib.import_module(f"storage.{module}"), name)

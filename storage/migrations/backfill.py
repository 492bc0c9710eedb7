"""Filling `articles.search_terms` from the rows themselves, for the migrations that add the
column (0008) or change what it holds (0009): the same function new rows use, a batch of rows
at a time, writing only the rows whose terms differ."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from storage.terms import article_terms

_BATCH = 500


def refill_search_terms(connection: Connection) -> None:
    select = sa.text(
        "SELECT id, title, text, language, search_terms FROM articles "
        "WHERE id > :after ORDER BY id LIMIT :n"
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

"""A parsed query (`storage.query`) in each search engine's own syntax: an FTS5 MATCH
expression for SQLite, a tsquery for PostgreSQL. Only strings are made here; running them is
`storage.search`'s."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.filter_tokens import date_range_tokens, fact_token, source_token
from storage.models import Source
from storage.query import Atom, ParsedQuery

__all__ = [
    "any_of",
    "fts_atom",
    "fts_expression",
    "fts_query",
    "text_columns",
    "ts_atom",
    "ts_query",
]


def text_columns(expression: str) -> str:
    return "{title text} : (" + expression + ")"


def fts_expression(session: Session, query: ParsedQuery, today: date) -> str | None:
    """The whole query as one FTS5 expression; None when it can match nothing."""
    parts = [text_columns(fts_query(query.groups))] if query.groups else []
    meta: list[str] = []
    if query.sources:
        names = [name.casefold() for name in query.sources]
        ids = session.scalars(select(Source.id).where(func.lower(Source.name).in_(names))).all()
        if not ids:
            return None
        meta.append(any_of(source_token(i) for i in ids))
    if query.since or query.until:
        latest = date(today.year + 1, 12, 31)
        days = date_range_tokens(query.since, query.until, latest)
        if not days:  # an empty or impossible range ("()" would be an FTS5 syntax error)
            return None
        meta.append(any_of(days))
    for category, values in (("actor", query.actors), ("weapon", query.weapons)):
        for value in values:
            token = fact_token(category, value)
            meta.append(f"({token} OR {token}_*)")
    if meta:
        parts.append("search_meta : (" + " AND ".join(meta) + ")")
    if not parts and query.excluded:
        parts.append("search_meta : y*")  # every article has a year token: match them all
    if not parts:
        return None
    expression = " AND ".join(parts)
    if query.excluded:
        excluded = " OR ".join(fts_atom(atom) for atom in query.excluded)
        expression = f"({expression}) NOT {text_columns(excluded)}"
    return expression


def any_of(tokens: Iterable[str]) -> str:
    return "(" + " OR ".join(tokens) + ")"


def fts_atom(atom: Atom) -> str:
    phrase = '"' + " ".join(atom.words) + '"'
    return phrase + "*" if atom.prefix else phrase


def fts_query(groups: Sequence[Sequence[Atom]]) -> str:
    return _joined(groups, fts_atom, either=" OR ", each=" AND ")


def ts_atom(atom: Atom) -> str:
    words = list(atom.words)
    if atom.prefix:
        words[-1] += ":*"
    return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"


def ts_query(groups: Sequence[Sequence[Atom]]) -> str:
    return _joined(groups, ts_atom, either=" | ", each=" & ")


def _joined(
    groups: Sequence[Sequence[Atom]], atom: Callable[[Atom], str], *, either: str, each: str
) -> str:
    """Every group must match (`each`), and any one atom of a group (`either`)."""
    parts = []
    for group in groups:
        atoms = [atom(member) for member in group]
        parts.append(atoms[0] if len(atoms) == 1 else "(" + either.join(atoms) + ")")
    return each.join(parts)

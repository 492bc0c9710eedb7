"""Archive search over SQLite FTS5 or PostgreSQL tsvector, behind one function.

Both backends take the same parsed query (`storage.query`), apply the same filters (dates,
source, actor, weapon from the stored facts), rank by relevance (bm25 / ts_rank_cd) and then
blend in recency, and return snippets whose matched words sit between HIGHLIGHT_START and
HIGHLIGHT_END (private-use characters: renderers turn them into bold, escaping the rest).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    and_,
    column,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session

from storage.models import Article, ArticleFact, Source
from storage.query import Atom, ParsedQuery

__all__ = ["HIGHLIGHT_END", "HIGHLIGHT_START", "SearchHit", "SearchPage", "search"]

HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"
MAX_LIMIT = 50
_MIN_CANDIDATES = 100
_RECENCY_HALF_LIFE_DAYS = 90.0
_RECENCY_WEIGHT = 0.3  # share of the score that recency can move
_TITLE_WEIGHT = 10.0
_SNIPPET_WORDS = 24

_fts = table("articles_fts", column("rowid"), column("title"), column("text"))
_article_day = func.coalesce(Article.published_on, func.date(Article.ingested_at))


@dataclass(frozen=True)
class SearchHit:
    id: int
    title: str
    url: str | None
    published: date | None
    source: str | None
    snippet: str
    score: float


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[SearchHit]
    offset: int
    limit: int
    notes: tuple[str, ...] = field(default=())


def search(
    session: Session,
    query: ParsedQuery,
    *,
    limit: int = 10,
    offset: int = 0,
    today: date | None = None,
) -> SearchPage:
    """One page of results, best first; an unusable query gives an empty page."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    today = today or date.today()
    if query.is_empty:
        return SearchPage(0, [], offset, limit, query.notes)
    dialect = session.get_bind().dialect.name
    backend: _Backend = _Sqlite(query.groups) if dialect == "sqlite" else _Postgres(query.groups)
    filters = _filters(query)
    if not query.has_terms:
        return _recent(session, backend, query, filters, limit, offset, today)
    conditions = [*filters, *backend.excluded(query.excluded), backend.match()]
    total = session.scalar(backend.base(select(func.count())).where(*conditions)) or 0
    if total == 0 or offset >= total:
        return SearchPage(total, [], offset, limit, query.notes)
    wanted = max(_MIN_CANDIDATES, 4 * (offset + limit))
    relevance = backend.relevance()
    rows = session.execute(
        backend.base(select(Article.id, relevance.label("relevance"), _article_day.label("day")))
        .where(*conditions)
        .order_by(backend.best_first(relevance))
        .limit(wanted)
    ).all()
    best = max((backend.positive(row.relevance) for row in rows), default=1.0) or 1.0
    scored = sorted(
        ((backend.positive(row.relevance) / best, row.id, _day(row.day)) for row in rows),
        key=lambda item: -_blend(item[0], item[2], today),
    )
    page = scored[offset : offset + limit]
    snippets = backend.snippets(session, [item[1] for item in page])
    hits = _hits(session, page, snippets, today)
    return SearchPage(total, hits, offset, limit, query.notes)


def _recent(
    session: Session,
    backend: _Backend,
    query: ParsedQuery,
    filters: list[ColumnElement[bool]],
    limit: int,
    offset: int,
    today: date,
) -> SearchPage:
    """Filters without words: the newest matching articles."""
    conditions = [*filters, *backend.excluded(query.excluded)]
    total = session.scalar(select(func.count()).select_from(Article).where(*conditions)) or 0
    rows = session.execute(
        select(Article.id, _article_day.label("day"))
        .where(*conditions)
        .order_by(_article_day.desc(), Article.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    page = [(1.0, row.id, _day(row.day)) for row in rows]
    return SearchPage(total, _hits(session, page, {}, today), offset, limit, query.notes)


def _hits(
    session: Session,
    page: Sequence[tuple[float, int, date | None]],
    snippets: dict[int, str],
    today: date,
) -> list[SearchHit]:
    ids = [item[1] for item in page]
    rows = {
        row.id: row
        for row in session.execute(
            select(Article.id, Article.title, Article.url, Article.text, Source.name)
            .outerjoin(Source, Article.source_id == Source.id)
            .where(Article.id.in_(ids))
        )
    }
    hits = []
    for relevance, article_id, day in page:
        row = rows[article_id]
        snippet = snippets.get(article_id) or _opening(row.text)
        score = round(_blend(relevance, day, today), 4)
        hits.append(SearchHit(article_id, row.title, row.url, day, row.name, snippet, score))
    return hits


def _blend(relevance: float, day: date | None, today: date) -> float:
    """Relevance first; among similar matches, newer articles come first."""
    age = max((today - day).days, 0) if day else 3650
    recency = 1.0 / (1.0 + age / _RECENCY_HALF_LIFE_DAYS)
    return (1 - _RECENCY_WEIGHT) * relevance + _RECENCY_WEIGHT * recency


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _opening(body: str) -> str:
    words = body.split()
    return " ".join(words[:_SNIPPET_WORDS]) + (" …" if len(words) > _SNIPPET_WORDS else "")


def _filters(query: ParsedQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.since:
        conditions.append(_article_day >= query.since)
    if query.until:
        conditions.append(_article_day <= query.until)
    if query.sources:
        names = [s.casefold() for s in query.sources]
        conditions.append(
            Article.source_id.in_(select(Source.id).where(func.lower(Source.name).in_(names)))
        )
    for category, values in (("actor", query.actors), ("weapon", query.weapons)):
        for value in values:
            key = value.casefold().strip()
            conditions.append(
                Article.id.in_(
                    select(ArticleFact.article_id).where(
                        ArticleFact.category == category,
                        or_(
                            ArticleFact.key == key,
                            and_(ArticleFact.key >= key + " ", ArticleFact.key < key + " \uffff"),
                        ),
                    )
                )
            )
    return conditions


class _Backend:
    """How one database matches, ranks and quotes; built for one parsed query."""

    def __init__(self, groups: Sequence[Sequence[Atom]]) -> None:
        self.groups = groups

    def base(self, statement: Select[Any]) -> Select[Any]:
        raise NotImplementedError

    def match(self) -> ColumnElement[bool]:
        raise NotImplementedError

    def excluded(self, atoms: Sequence[Atom]) -> list[ColumnElement[bool]]:
        raise NotImplementedError

    def relevance(self) -> ColumnElement[Any]:
        raise NotImplementedError

    def best_first(self, relevance: ColumnElement[Any]) -> ColumnElement[Any]:
        raise NotImplementedError

    def positive(self, value: Any) -> float:
        raise NotImplementedError

    def snippets(self, session: Session, ids: list[int]) -> dict[int, str]:
        raise NotImplementedError


class _Sqlite(_Backend):
    """FTS5: MATCH expressions built from quoted terms only; bm25 with a heavier title."""

    def base(self, statement: Select[Any]) -> Select[Any]:
        return statement.select_from(Article).join(_fts, _fts.c.rowid == Article.id)

    def match(self) -> ColumnElement[bool]:
        return _fts_match(_fts_query(self.groups))

    def excluded(self, atoms: Sequence[Atom]) -> list[ColumnElement[bool]]:
        if not atoms:
            return []
        expression = " OR ".join(_fts_atom(atom) for atom in atoms)
        inner = select(_fts.c.rowid).where(_fts_match(expression))
        return [not_(Article.id.in_(inner))]

    def relevance(self) -> ColumnElement[Any]:
        return literal_column(f"bm25(articles_fts, {_TITLE_WEIGHT}, 1.0)")

    def best_first(self, relevance: ColumnElement[Any]) -> ColumnElement[Any]:
        return relevance.asc()  # bm25 is lower for better matches

    def positive(self, value: Any) -> float:
        return max(-float(value), 0.0)

    def snippets(self, session: Session, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        rows = session.execute(
            select(
                _fts.c.rowid,
                literal_column(
                    f"snippet(articles_fts, 1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '…', "
                    f"{_SNIPPET_WORDS})"
                ),
            )
            .select_from(_fts)
            .where(self.match(), _fts.c.rowid.in_(ids))
        ).all()
        return {int(row[0]): str(row[1]) for row in rows}


class _Postgres(_Backend):
    """tsvector (title weighted A, text B) with a GIN index; ts_rank_cd and ts_headline."""

    _vector: ColumnElement[Any] = literal_column("articles.search_vector")

    def __init__(self, groups: Sequence[Sequence[Atom]]) -> None:
        super().__init__(groups)
        self._query = func.to_tsquery("english", _ts_query(groups))

    def base(self, statement: Select[Any]) -> Select[Any]:
        return statement.select_from(Article)

    def match(self) -> ColumnElement[bool]:
        return self._vector.op("@@", return_type=Boolean)(self._query)

    def excluded(self, atoms: Sequence[Atom]) -> list[ColumnElement[bool]]:
        if not atoms:
            return []
        expression = " | ".join(_ts_atom(atom) for atom in atoms)
        return [
            not_(self._vector.op("@@", return_type=Boolean)(func.to_tsquery("english", expression)))
        ]

    def relevance(self) -> ColumnElement[Any]:
        return func.ts_rank_cd(self._vector, self._query)

    def best_first(self, relevance: ColumnElement[Any]) -> ColumnElement[Any]:
        return relevance.desc()

    def positive(self, value: Any) -> float:
        return max(float(value), 0.0)

    def snippets(self, session: Session, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        options = (
            f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, MaxFragments=1, "
            f"MaxWords={_SNIPPET_WORDS}, MinWords=10, FragmentDelimiter=' … '"
        )
        headline = func.ts_headline("english", Article.text, self._query, options)
        rows = session.execute(select(Article.id, headline).where(Article.id.in_(ids))).all()
        return {int(row[0]): str(row[1]) for row in rows}


def _fts_match(expression: str) -> ColumnElement[bool]:
    """`articles_fts MATCH :expression`, the expression bound as a parameter."""
    return literal_column("articles_fts").op("MATCH", return_type=Boolean)(expression)


def _fts_atom(atom: Atom) -> str:
    phrase = '"' + " ".join(atom.words) + '"'
    return phrase + "*" if atom.prefix else phrase


def _fts_query(groups: Sequence[Sequence[Atom]]) -> str:
    parts = []
    for group in groups:
        atoms = [_fts_atom(atom) for atom in group]
        parts.append(atoms[0] if len(atoms) == 1 else "(" + " OR ".join(atoms) + ")")
    return " AND ".join(parts)


def _ts_atom(atom: Atom) -> str:
    words = list(atom.words)
    if atom.prefix:
        words[-1] += ":*"
    return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"


def _ts_query(groups: Sequence[Sequence[Atom]]) -> str:
    parts = []
    for group in groups:
        atoms = [_ts_atom(atom) for atom in group]
        parts.append(atoms[0] if len(atoms) == 1 else "(" + " | ".join(atoms) + ")")
    return " & ".join(parts)

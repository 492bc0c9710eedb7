"""Archive search over SQLite FTS5 or PostgreSQL tsvector, behind one function.

Both backends take the same parsed query (`storage.query`), apply the same filters (dates,
source, actor, weapon from the stored facts), rank by relevance (bm25 / ts_rank_cd) and then
blend in recency, and return snippets whose matched words sit between HIGHLIGHT_START and
HIGHLIGHT_END (private-use characters: renderers turn them into bold, escaping the rest).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    and_,
    func,
    literal_column,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Session

from storage.models import Article, ArticleFact, Source
from storage.query import MAX_OFFSET, Atom, ParsedQuery
from storage.search_syntax import (
    TsQuery,
    fts_expression,
    has_native,
    source_ids,
    ts_atom,
    ts_groups,
    ts_query,
)
from storage.snippets import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    SNIPPET_WORDS,
    highlighter,
    opening,
    snippet,
)

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "MAX_OFFSET",
    "SearchHit",
    "SearchPage",
    "daily_counts",
    "matching_days",
    "search",
]

MAX_LIMIT = 50
_MIN_CANDIDATES = 60
_RECENCY_HALF_LIFE_DAYS = 90.0
_RECENCY_WEIGHT = 0.3  # share of the score that recency can move

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
    """One page of results, best first; an unusable query gives an empty page. Pages past
    MAX_OFFSET are refused with a note: SQL offsets are 64-bit, page numbers are not."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    today = today or date.today()
    if query.is_empty:
        return SearchPage(0, [], offset, limit, query.notes)
    backend = _backend(session, query, today)
    if offset > MAX_OFFSET:
        note = f"only the first {MAX_OFFSET:,} results can be paged through"
        return SearchPage(backend.count(session), [], offset, limit, (*query.notes, note))
    if not query.has_terms:
        total = backend.count(session)
        rows = backend.newest(session, offset, limit) if offset < total else []
        page = [(1.0, article_id, _day(day)) for article_id, day in rows]
        return SearchPage(total, _hits(session, page, {}, today), offset, limit, query.notes)
    found = backend.candidates(session, offset + limit)
    total = backend.total(session, len(found), offset + limit)
    if offset >= total:
        return SearchPage(total, [], offset, limit, query.notes)
    rows = [
        (backend.positive(relevance), article_id, _day(day)) for article_id, relevance, day in found
    ]
    best = max((row[0] for row in rows), default=1.0) or 1.0
    normalised = [(relevance / best, article_id, day) for relevance, article_id, day in rows]
    normalised.sort(key=lambda item: -_blend(item[0], item[2], today))
    page = normalised[offset : offset + limit]
    snippets = backend.snippets(session, [item[1] for item in page])
    hits = _hits(session, page, snippets, today)
    return SearchPage(total, hits, offset, limit, query.notes)


def matching_days(
    session: Session,
    query: ParsedQuery,
    limit: int,
    today: date | None = None,
    *,
    oldest_first: bool = False,
) -> list[tuple[int, date | None]]:
    """(id, day) of the articles matching the query, the newest `limit` of them, newest
    first (or the oldest, oldest first): what a timeline reads its dated sentences from."""
    if query.is_empty:
        return []
    backend = _backend(session, query, today or date.today())
    rows = backend.newest(session, 0, limit, oldest_first=oldest_first)
    return [(int(article_id), _day(day)) for article_id, day in rows]


def daily_counts(
    session: Session, query: ParsedQuery, today: date | None = None
) -> dict[date, int]:
    """Matching articles per day (their publication day), within the query's dates."""
    if query.is_empty:
        return {}
    rows = _backend(session, query, today or date.today()).per_day(session)
    return {day: int(count) for value, count in rows if (day := _day(value)) is not None}


def _backend(session: Session, query: ParsedQuery, today: date) -> _Backend:
    if session.get_bind().dialect.name == "sqlite":
        return _Sqlite(session, query, today)
    return _Postgres(session, query)


def _hits(
    session: Session,
    page: Sequence[tuple[float, int, date | None]],
    snippets: dict[int, str],
    today: date,
) -> list[SearchHit]:
    ids = [item[1] for item in page]
    text_head = func.substr(Article.text, 1, 600)
    rows = {
        row[0]: row
        for row in session.execute(
            select(Article.id, Article.title, Article.url, text_head, Source.name)
            .outerjoin(Source, Article.source_id == Source.id)
            .where(Article.id.in_(ids))
        )
    }
    hits = []
    for relevance, article_id, day in page:
        _, title, url, start, source = rows[article_id]
        snippet = snippets.get(article_id) or opening(start)
        score = round(_blend(relevance, day, today), 4)
        hits.append(SearchHit(article_id, title, url, day, source, snippet, score))
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


def _filters(session: Session, query: ParsedQuery) -> list[ColumnElement[bool]]:
    """Filters as SQL conditions on Article (PostgreSQL; SQLite uses filter tokens)."""
    conditions: list[ColumnElement[bool]] = []
    if query.since:
        conditions.append(_article_day >= query.since)
    if query.until:
        conditions.append(_article_day <= query.until)
    if query.sources:
        conditions.append(Article.source_id.in_(source_ids(session, query.sources)))
    for category, values in (("actor", query.actors), ("weapon", query.weapons)):
        for value in values:
            key = value.casefold().strip()
            same = or_(
                ArticleFact.key == key,
                and_(ArticleFact.key >= key + " ", ArticleFact.key < key + " \uffff"),
            )
            facts = select(ArticleFact.article_id).where(ArticleFact.category == category, same)
            conditions.append(Article.id.in_(facts))
    return conditions


class _Backend:
    """How one database matches, ranks and quotes; built for one parsed query."""

    def count(self, session: Session) -> int:
        raise NotImplementedError

    def total(self, session: Session, candidates: int, needed: int) -> int:
        return self.count(session)

    def candidates(self, session: Session, needed: int) -> Sequence[Any]:
        """Rows (id, relevance, day) from which a page is ranked."""
        raise NotImplementedError

    def newest(
        self, session: Session, offset: int, limit: int, *, oldest_first: bool = False
    ) -> Sequence[Any]:
        """Rows (id, day) of the matches, newest first (or oldest first)."""
        raise NotImplementedError

    def per_day(self, session: Session) -> Sequence[Any]:
        """Rows (day, matches)."""
        raise NotImplementedError

    def positive(self, value: Any) -> float:
        raise NotImplementedError

    def snippets(self, session: Session, ids: list[int]) -> dict[int, str]:
        raise NotImplementedError


class _Sqlite(_Backend):
    """FTS5 answers the whole query, filters included (as tokens of the search_meta column),
    so counts are exact and cheap. bm25 weighs the title higher. Common words match thousands
    of articles and bm25 over all of them costs tens of milliseconds: candidates are the
    newest _MIN_CANDIDATES matches (FTS5 walks its index newest first and stops there).

    The statements are fixed strings run on the driver (the FTS5 expression and every value
    are bound parameters): at a few milliseconds a query, building and compiling SQLAlchemy
    statements would cost more than running them."""

    _COUNT = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    _CANDIDATES = (
        # The title weighs 10x the text; search_terms (the text's and title's terms in
        # other scripts: storage.terms) as much as the text.
        "SELECT f.rowid, bm25(articles_fts, 10.0, 1.0, 0.0, 1.0), "
        "coalesce(a.published_on, date(a.ingested_at)) "
        "FROM articles_fts f JOIN articles a ON a.id = f.rowid "
        "WHERE articles_fts MATCH ? ORDER BY f.rowid DESC LIMIT ? OFFSET ?"
    )
    _NEWEST = (
        "SELECT f.rowid, coalesce(a.published_on, date(a.ingested_at)) AS day "
        "FROM articles_fts f JOIN articles a ON a.id = f.rowid "
        "WHERE articles_fts MATCH ? ORDER BY day DESC, f.rowid DESC LIMIT ? OFFSET ?"
    )
    _OLDEST = _NEWEST.replace("day DESC, f.rowid DESC", "day, f.rowid")
    _PER_DAY = (
        "SELECT coalesce(a.published_on, date(a.ingested_at)) AS day, count(*) "
        "FROM articles_fts f JOIN articles a ON a.id = f.rowid "
        "WHERE articles_fts MATCH ? GROUP BY day"
    )
    _TEXTS = "SELECT id, text FROM articles WHERE id IN "

    def __init__(self, session: Session, query: ParsedQuery, today: date) -> None:
        self.query = query
        self.expression = fts_expression(session, query, today)

    def _run(self, session: Session, sql: str, *params: Any) -> list[Any]:
        return list(session.connection().exec_driver_sql(sql, params).all())

    def count(self, session: Session) -> int:
        if self.expression is None:
            return 0
        return int(self._run(session, self._COUNT, self.expression)[0][0])

    def candidates(self, session: Session, needed: int) -> Sequence[Any]:
        if self.expression is None:
            return []
        window = max(_MIN_CANDIDATES, 4 * needed)
        return self._run(session, self._CANDIDATES, self.expression, window, 0)

    def total(self, session: Session, candidates: int, needed: int) -> int:
        """A query with fewer matches than the window has counted itself already."""
        if candidates < max(_MIN_CANDIDATES, 4 * needed):
            return candidates
        return self.count(session)

    def newest(
        self, session: Session, offset: int, limit: int, *, oldest_first: bool = False
    ) -> Sequence[Any]:
        if self.expression is None:
            return []
        sql = self._OLDEST if oldest_first else self._NEWEST
        return self._run(session, sql, self.expression, limit, offset)

    def per_day(self, session: Session) -> Sequence[Any]:
        if self.expression is None:
            return []
        return self._run(session, self._PER_DAY, self.expression)

    def positive(self, value: Any) -> float:
        return max(-float(value), 0.0)  # bm25 is lower for better matches

    def snippets(self, session: Session, ids: list[int]) -> dict[int, str]:
        """Made here from the page's texts: FTS5's snippet() re-runs the whole match once
        per article, which costs more than the search itself for prefix queries."""
        if not ids:
            return {}
        sql = self._TEXTS + "(" + ",".join("?" * len(ids)) + ")"
        pattern = highlighter(_atoms(self.query))
        rows = self._run(session, sql, *ids)
        return {int(row[0]): snippet(str(row[1]), pattern) for row in rows}


class _Postgres(_Backend):
    """tsvector (title weighted A, text B, the search_terms of storage.terms B) with a GIN
    index; ts_rank_cd, and ts_headline for English queries (its parser knows no stems of
    other scripts: those snippets are made here, as on SQLite)."""

    _vector: ColumnElement[Any] = literal_column("articles.search_vector")

    def __init__(self, session: Session, query: ParsedQuery) -> None:
        self.query = query
        self._native = has_native(_atoms(query))
        if self._native:
            self._query = _every([_any_atom(ts_groups(group)) for group in query.groups])
        else:
            self._query = func.to_tsquery("english", ts_query(query.groups))
        self._conditions = [*_filters(session, query), *self._excluded(query.excluded)]
        if query.groups:
            self._conditions.append(self._vector.op("@@", return_type=Boolean)(self._query))

    def count(self, session: Session) -> int:
        statement = select(func.count()).select_from(Article).where(*self._conditions)
        return session.scalar(statement) or 0

    def candidates(self, session: Session, needed: int) -> Sequence[Any]:
        relevance = func.ts_rank_cd(self._vector, self._query)
        return session.execute(
            select(Article.id, relevance.label("relevance"), _article_day.label("day"))
            .where(*self._conditions)
            .order_by(relevance.desc())
            .limit(max(_MIN_CANDIDATES, 4 * needed))
        ).all()

    def newest(
        self, session: Session, offset: int, limit: int, *, oldest_first: bool = False
    ) -> Sequence[Any]:
        order = [_article_day, Article.id]
        if not oldest_first:
            order = [column.desc() for column in order]
        statement = select(Article.id, _article_day.label("day")).where(*self._conditions)
        return session.execute(statement.order_by(*order).offset(offset).limit(limit)).all()

    def per_day(self, session: Session) -> Sequence[Any]:
        day = _article_day.label("day")
        return session.execute(
            select(day, func.count()).where(*self._conditions).group_by(day)
        ).all()

    def _excluded(self, atoms: Sequence[Atom]) -> list[ColumnElement[bool]]:
        if not atoms:
            return []
        if has_native(atoms):
            query = _any_atom(ts_groups(atoms))
        else:
            query = func.to_tsquery("english", " | ".join(ts_atom(atom) for atom in atoms))
        return [not_(self._vector.op("@@", return_type=Boolean)(query))]

    def positive(self, value: Any) -> float:
        return max(float(value), 0.0)

    def snippets(self, session: Session, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        if self._native:
            pattern = highlighter(_atoms(self.query))
            texts = session.execute(select(Article.id, Article.text).where(Article.id.in_(ids)))
            return {int(row[0]): snippet(str(row[1]), pattern) for row in texts}
        options = (
            f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, MaxFragments=1, "
            f"MaxWords={SNIPPET_WORDS}, MinWords=10, FragmentDelimiter=' … '"
        )
        headline = func.ts_headline("english", Article.text, self._query, options)
        rows = session.execute(select(Article.id, headline).where(Article.id.in_(ids))).all()
        return {int(row[0]): str(row[1]) for row in rows}


def _atoms(query: ParsedQuery) -> list[Atom]:
    return [atom for group in query.groups for atom in group]


def _any_atom(atoms: Sequence[Sequence[TsQuery]]) -> Any:
    """A tsquery matching any of the atoms (each atom: its parts, all of them required)."""
    joined = [_every([func.to_tsquery(config, text) for config, text in parts]) for parts in atoms]
    return functools.reduce(lambda a, b: a.op("||")(b), joined)


def _every(queries: Sequence[Any]) -> Any:
    return functools.reduce(lambda a, b: a.op("&&")(b), queries)

"""A parsed query (`storage.query`) in each search engine's own syntax: an FTS5 MATCH
expression for SQLite, tsqueries for PostgreSQL. Only strings are made here; running them is
`storage.search`'s.

Words in the scripts of `storage.terms` (Cyrillic, Arabic, Chinese) are matched on the
article's `search_terms` by their terms (`search_terms : (...)` in FTS5, the 'simple'
configuration on PostgreSQL); every other word on the title and text, as before. A query
without such words is written exactly as it was before they were."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.filter_tokens import date_range_tokens, fact_token, source_token
from storage.models import Source
from storage.query import Atom, ParsedQuery
from storage.terms import Term, is_native, native_runs, query_terms

__all__ = [
    "TsQuery",
    "any_of",
    "fts_atom",
    "fts_expression",
    "fts_query",
    "has_native",
    "source_ids",
    "text_columns",
    "ts_atom",
    "ts_groups",
    "ts_query",
]

# One tsquery as PostgreSQL's to_tsquery takes it: (configuration, query text).
TsQuery = tuple[str, str]


def text_columns(expression: str) -> str:
    """Words in the title and text, or among search_terms' Latin words that the tokenizer
    reads as part of a Chinese one ("20" of "歼-20战机": storage.terms)."""
    return "{title text search_terms} : (" + expression + ")"


def has_native(atoms: Iterable[Atom]) -> bool:
    """Whether any atom has a word matched on search_terms."""
    return any(is_native(word) for atom in atoms for word in atom.words)


def fts_expression(session: Session, query: ParsedQuery, today: date) -> str | None:
    """The whole query as one FTS5 expression; None when it can match nothing."""
    parts = [_fts_groups(query.groups)] if query.groups else []
    meta: list[str] = []
    if query.sources:
        ids = source_ids(session, query.sources)
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
        if has_native(query.excluded):
            excluded = "(" + " OR ".join(_fts_scoped(atom) for atom in query.excluded) + ")"
        else:
            excluded = text_columns(" OR ".join(fts_atom(atom) for atom in query.excluded))
        expression = f"({expression}) NOT {excluded}"
    return expression


def _fts_groups(groups: Sequence[Sequence[Atom]]) -> str:
    if not has_native(atom for group in groups for atom in group):
        return text_columns(fts_query(groups))
    return _joined(groups, _fts_scoped, either=" OR ", each=" AND ")


def _fts_scoped(atom: Atom) -> str:
    """An atom with its columns: native runs of words on search_terms, the others on the
    title and text, all of them required."""
    parts = [
        _fts_native(words, prefix) if native else text_columns(fts_atom(Atom(words, prefix)))
        for native, words, prefix in _runs(atom)
    ]
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _fts_native(words: tuple[str, ...], prefix: bool) -> str:
    items = [
        "search_terms : (" + " OR ".join(_fts_phrase(phrase) for phrase in phrases) + ")"
        for phrases in query_terms(words, prefix=prefix)
    ]
    if not items:  # no letters to make terms of (storage.terms finds some in any such word)
        return text_columns(fts_atom(Atom(words, prefix)))
    return items[0] if len(items) == 1 else "(" + " AND ".join(items) + ")"


def _fts_phrase(phrase: Sequence[Term]) -> str:
    """Adjacent terms: "a" + "b"* (each term quoted, so none is read as syntax)."""
    return " + ".join(f'"{term.text}"' + ("*" if term.prefix else "") for term in phrase)


def _runs(atom: Atom) -> list[tuple[bool, tuple[str, ...], bool]]:
    """The atom's runs of native and other words: (native, words, prefix)."""
    runs = native_runs(atom.words)
    last = len(runs) - 1
    return [(native, words, atom.prefix and i == last) for i, (native, words) in enumerate(runs)]


def source_ids(session: Session, names: Iterable[str]) -> list[int]:
    """The ids of the sources with these names, in any case. Compared here: the databases'
    lower() leaves non-ASCII letters as they are (SQLite's always, PostgreSQL's in the C
    locale), and "source:тасс" is ТАСС. The sources table is small."""
    wanted = {name.casefold() for name in names}
    rows = session.execute(select(Source.id, Source.name)).all()
    return [source_id for source_id, name in rows if name.casefold() in wanted]


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


def ts_groups(atoms: Sequence[Atom]) -> list[list[TsQuery]]:
    """Each atom as the tsqueries that must all match: its native runs of words in the
    'simple' configuration (search_terms' terms), the others in 'english'."""
    return [
        [
            _ts_native(words, prefix) if native else ("english", ts_atom(Atom(words, prefix)))
            for native, words, prefix in _runs(atom)
        ]
        for atom in atoms
    ]


def _ts_native(words: tuple[str, ...], prefix: bool) -> TsQuery:
    items = [
        "(" + " | ".join(_ts_phrase(phrase) for phrase in phrases) + ")"
        for phrases in query_terms(words, prefix=prefix)
    ]
    if not items:  # as in _fts_native
        return "english", ts_atom(Atom(words, prefix))
    return "simple", " & ".join(items)


def _ts_phrase(phrase: Sequence[Term]) -> str:
    terms = [term.text + (":*" if term.prefix else "") for term in phrase]
    return terms[0] if len(terms) == 1 else "(" + " <-> ".join(terms) + ")"


def _joined(
    groups: Sequence[Sequence[Atom]], atom: Callable[[Atom], str], *, either: str, each: str
) -> str:
    """Every group must match (`each`), and any one atom of a group (`either`)."""
    parts = []
    for group in groups:
        atoms = [atom(member) for member in group]
        parts.append(atoms[0] if len(atoms) == 1 else "(" + either.join(atoms) + ")")
    return each.join(parts)

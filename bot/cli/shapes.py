"""Every `--json` shape of the command line: one function per result, result in, dict out.

The keys, their order and their values are a contract other tools rely on (README): change
one only as an announced break. Results are read by attribute, so the types below that the
use cases do not export are named by what the shapes read of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bot.usecases.analysis import ArticleFacts, DocumentSummary, LineResult, Summary
    from bot.usecases.archive import ArticleRecord
    from bot.usecases.audience import SubscriptionRecord
    from bot.usecases.briefings import Briefing, Story
    from bot.usecases.service import IngestResult, OutlineOutcome
    from bot.usecases.timelines import Timeline
    from bot.usecases.trends import Trend

__all__ = [
    "archive_stats",
    "article",
    "article_facts",
    "backup_import",
    "briefing",
    "document_summary",
    "ingest_line",
    "ingest_line_error",
    "ingest_result",
    "outline_outcome",
    "search_page",
    "sources",
    "subscribers",
    "timeline",
    "trend",
    "written",
]


class _Hit(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def published(self) -> date | None: ...
    @property
    def snippet(self) -> str: ...
    @property
    def score(self) -> float: ...


class _SearchPage(Protocol):
    @property
    def total(self) -> int: ...
    @property
    def hits(self) -> Sequence[_Hit]: ...


class _Stats(Protocol):
    @property
    def articles(self) -> int: ...
    @property
    def sources(self) -> int: ...
    @property
    def subscribers(self) -> int: ...


class _Source(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def active(self) -> bool: ...
    @property
    def articles(self) -> int: ...


class _ImportReport(Protocol):
    @property
    def added(self) -> Mapping[str, int]: ...
    @property
    def present(self) -> Mapping[str, int]: ...
    @property
    def renumbered(self) -> int: ...
    @property
    def complete(self) -> bool: ...


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def ingest_result(result: IngestResult) -> dict[str, Any]:
    """`briefing ingest --json`, one line per stored (or duplicate) article."""
    return {
        "id": result.id,
        "title": result.title,
        "published": _iso(result.published),
        "duplicate": result.duplicate,
    }


def ingest_line(line: int, result: IngestResult) -> dict[str, Any]:
    """`briefing ingest --jsonl FILE --json`, a line that went in."""
    return {"line": line, **ingest_result(result)}


def ingest_line_error(line: int, error: str | None) -> dict[str, Any]:
    """`briefing ingest --jsonl FILE --json`, a line that did not."""
    return {"line": line, "error": error}


def document_summary(item: DocumentSummary) -> dict[str, Any]:
    """`briefing summarize --json`, one line per article of the document."""
    return {"title": item.title, "summary": item.summary.sentences, "method": item.summary.method}


def article_facts(title: str, facts: ArticleFacts) -> dict[str, Any]:
    """`briefing facts --json`, one line per article of the document."""
    return {"title": title, **_facts(facts)}


def facts_line(line: LineResult[ArticleFacts]) -> dict[str, Any]:
    """`briefing facts --jsonl`: `{"id", "published", "dates", ...}` or `{"id", "error"}`."""
    if line.result is None:
        return {"id": line.id, "error": line.error}
    return {"id": line.id, **_facts(line.result)}


def summary_line(line: LineResult[Summary]) -> dict[str, Any]:
    """`briefing summarize --jsonl`: `{"id", "summary"}` or `{"id", "error"}`."""
    if line.result is None:
        return {"id": line.id, "error": line.error}
    return {"id": line.id, "summary": line.result.sentences}


def _facts(facts: ArticleFacts) -> dict[str, Any]:
    return {
        "published": _iso(facts.published),
        "dates": [{"text": d.text, "value": d.value, "sentence": d.sentence} for d in facts.dates],
        "actors": [
            {
                "name": a.name,
                "kind": a.kind,
                "mentions": a.mentions,
                "count": a.count,
                "sentence": a.sentence,
            }
            for a in facts.actors
        ],
        "weapons": [
            {
                "name": w.name,
                "kind": w.kind,
                "mentions": w.mentions,
                "count": w.count,
                "sentence": w.sentence,
            }
            for w in facts.weapons
        ],
    }


def search_page(
    query: str, found: _SearchPage, snippet_html: Callable[[str], str]
) -> dict[str, Any]:
    """`briefing search --json`; `snippet_html` renders a highlighted snippet as HTML."""
    return {
        "query": query,
        "total": found.total,
        "results": [
            {
                "id": hit.id,
                "title": hit.title,
                "url": hit.url,
                "published": _iso(hit.published),
                "snippet": snippet_html(hit.snippet),
                "score": hit.score,
            }
            for hit in found.hits
        ],
    }


def article(record: ArticleRecord) -> dict[str, Any]:
    """`briefing show ID --json`."""
    return {
        "id": record.id,
        "title": record.title,
        "published": _iso(record.published_on),
        "url": record.url,
        "source": record.source,
        "text": record.text,
        "published_at": _iso(record.published_at),
        "ingested_at": record.ingested_at.isoformat(),
        "language": record.language,
        "byline": record.byline,
        "dateline": record.dateline,
    }


def archive_stats(counts: _Stats) -> dict[str, Any]:
    """`briefing stats --json`."""
    return {
        "articles": counts.articles,
        "sources": counts.sources,
        "subscribers": counts.subscribers,
    }


def briefing(composed: Briefing) -> dict[str, Any]:
    """`briefing brief --json`; `rising` holds the surges of its "rising" line (the day,
    its mentions, and the average a day over the 30 days before)."""
    return {
        "day": composed.day.isoformat(),
        "articles": composed.articles,
        "note": composed.note,
        "stories": [story(s) for s in composed.stories],
        "rising": [
            {
                "name": r.name,
                "day": _iso(r.day),
                "count": r.count,
                "average": round(r.average, 2),
            }
            for r in composed.rising
        ],
    }


def story(s: Story) -> dict[str, Any]:
    """A briefing's story; `summary_sources` names each summary sentence's source, and an
    update (a story the chat was told before) has `update_since`, its summary what is new."""
    return {
        "headline": s.headline,
        "summary": s.summary,
        "summary_sources": s.summary_sources,
        "when": s.when,
        "who": s.who,
        "weapons": s.weapons,
        "sources": [{"name": n, "url": u} for n, u in s.sources],
        "article_ids": s.article_ids,
        "watched": s.watched,
        "update_since": _iso(s.update_since),
    }


def story_or_none(found: Story | None) -> dict[str, Any]:
    """`briefing story ID --json`: `{"story": {...}}`, or `{"story": null}` when the article
    is not part of a story with other sources."""
    return {"story": story(found) if found else None}


def timeline(found: Timeline) -> dict[str, Any]:
    """`briefing timeline --json`: the entries in date order, oldest first; `earlier` says
    that older entries may follow (`--page 2`)."""
    return {
        "query": found.query,
        "entries": [
            {
                "date": entry.date,
                "sentence": entry.sentence,
                "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in entry.sources],
            }
            for entry in found.entries
        ],
        "earlier": found.earlier is not None,
    }


def trend(found: Trend) -> dict[str, Any]:
    """`briefing trend --json`: per query, each bucket's first day, its articles and the
    trailing 30-day average (articles per bucket)."""
    return {
        "by": found.by,
        "since": found.since.isoformat(),
        "until": found.until.isoformat(),
        "series": [
            {
                "query": series.query,
                "total": series.total,
                "points": [
                    {"date": day.isoformat(), "count": count, "average": round(average, 2)}
                    for (day, count), average in zip(series.points, series.averages, strict=True)
                ],
            }
            for series in found.series
        ],
    }


def subscribers(found: Sequence[SubscriptionRecord]) -> dict[str, Any]:
    """`briefing subscribers --json`."""
    rows = [
        {
            "chat_id": s.chat_id,
            "time": s.briefing_time.strftime("%H:%M"),
            "timezone": s.timezone,
            "items": s.items,
            "watch": [{"kind": k, "value": v} for k, v in s.watch],
            "last_briefing_at": _iso(s.last_briefing_at),
        }
        for s in found
    ]
    return {"subscribers": rows}


def sources(found: Sequence[_Source]) -> dict[str, Any]:
    """`briefing sources --json`."""
    rows = [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "url": s.url,
            "active": s.active,
            "articles": s.articles,
        }
        for s in found
    ]
    return {"sources": rows}


def outline_outcome(outcome: OutlineOutcome) -> dict[str, Any]:
    """`briefing sources import FILE --json`, one line per outline of the file."""
    return {
        "outline": outcome.outline,
        "title": outcome.feed.title,
        "folder": outcome.feed.folder,
        "url": outcome.feed.url or None,
        "status": outcome.status,
        "id": outcome.source.id if outcome.source else None,
        "error": outcome.error,
    }


def written(path: str, key: str, count: object) -> dict[str, Any]:
    """`briefing export --json` ("counts") and `sources export --json` ("feeds")."""
    return {"path": path, key: count}


def backup_import(report: _ImportReport) -> dict[str, Any]:
    """`briefing import FILE --json`."""
    return {
        "added": dict(report.added),
        "already_present": dict(report.present),
        "renumbered_articles": report.renumbered,
        "complete": report.complete,
    }

"""`briefing ingest`, `search`, `show` and `stats`: putting articles in the archive and
reading them back.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import options, shapes
from bot.cli.base import context_of, emit, reported
from bot.cli.inputs import jsonl_lines, one_input, read_input
from bot.usecases.inputs import parse_id, parse_when

if TYPE_CHECKING:
    from bot.usecases.service import BriefingService, IngestReport, LineOutcome

__all__ = ["ingest", "search", "show", "stats", "story"]

_QUERY_HELP = (
    'Words (all must match), "phrases", -excluded, OR, prefix*, and the filters '
    "since:WHEN until:WHEN source:NAME actor:NAME weapon:NAME; the rest of the line is the query."
)


def ingest(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(help="A file (text, HTML, RSS/Atom), an http(s) URL, or - for stdin."),
    ] = None,
    jsonl: Annotated[
        str | None,
        options.jsonl_option(
            'JSON lines, one article each: "text" required; "url", "title", '
            '"published", "source" optional. - reads stdin.'
        ),
    ] = None,
    as_json: Annotated[bool, options.json_flag("results")] = False,
    source: Annotated[
        str | None, typer.Option("--source", help="Source name to file the articles under.")
    ] = None,
) -> None:
    """Store articles in the archive; duplicates (same URL or same text) are reported."""
    name, is_jsonl = one_input(
        target, jsonl, "give either a file, URL or - to ingest, or --jsonl FILE"
    )
    with reported():
        service = context_of(ctx).service()
    if is_jsonl:
        _ingest_jsonl(service, name, as_json=as_json)
        return
    with reported(name):
        if "://" in name:
            report = asyncio.run(service.ingest_url(name, source=source))
        else:
            data = read_input(name, context_of(ctx).settings.max_document_bytes)
            report = service.ingest_bytes(data, name=name, source=source)
    _print_report(report, as_json=as_json)


def _print_report(report: IngestReport, *, as_json: bool) -> None:
    for label, reason in report.skipped:
        typer.echo(f"briefing: skipped {label}: {reason}", err=True)
    for label, reason in report.notes:
        typer.echo(f"briefing: kept {label}: {reason}", err=True)
    for result in report.results:
        if as_json:
            emit(shapes.ingest_result(result))
        else:
            state = f"duplicate of #{result.id}" if result.duplicate else f"stored #{result.id}"
            when = result.published.isoformat() if result.published else "undated"
            typer.echo(f"{state}  {when}  {result.title}")


def _ingest_jsonl(service: BriefingService, jsonl: str, *, as_json: bool) -> None:
    counts = {"lines": 0, "stored": 0, "duplicates": 0, "errors": 0}
    with jsonl_lines(jsonl) as lines:
        for outcome in service.ingest_jsonl(lines):
            counts["lines"] += 1
            _report_line(jsonl, outcome, counts, as_json=as_json)
    if as_json:
        emit(counts)
    else:
        typer.echo(
            f"ingested {counts['lines']} lines: {counts['stored']} stored, "
            f"{counts['duplicates']} duplicates, {counts['errors']} errors"
        )
    if counts["errors"]:
        raise typer.Exit(1)


def _report_line(
    jsonl: str, outcome: LineOutcome, counts: dict[str, int], *, as_json: bool
) -> None:
    if outcome.result is not None:
        counts["duplicates" if outcome.result.duplicate else "stored"] += 1
        if as_json:
            emit(shapes.ingest_line(outcome.line, outcome.result))
        return
    counts["errors"] += 1
    if as_json:
        emit(shapes.ingest_line_error(outcome.line, outcome.error))
    typer.echo(f"briefing: error: {jsonl} line {outcome.line}: {outcome.error}", err=True)


def search(
    ctx: typer.Context,
    words: Annotated[list[str], options.query_argument("QUERY", _QUERY_HELP)],
    limit: Annotated[int, options.limit_option(50, "Results per page.")] = 10,
    page: Annotated[int, options.page_option()] = 1,
    since: Annotated[str | None, options.when_option("--since", "Published on or after")] = None,
    until: Annotated[str | None, options.when_option("--until", "Published on or before")] = None,
    as_json: Annotated[bool, options.json_flag("the results")] = False,
) -> None:
    """Search the archive, best matches first (newer first among equals)."""
    from bot.telegram.render import plural, snippet_html, snippet_plain  # noqa: PLC0415

    query = " ".join(words)
    now = datetime.now(UTC)
    filters = []
    with reported("--since"):
        if since is not None:
            filters.append(f"since:{parse_when(since, now).date().isoformat()}")
    with reported("--until"):
        if until is not None:
            filters.append(f"until:{parse_when(until, now, end=True).date().isoformat()}")
    with reported():
        found = (
            context_of(ctx)
            .archive()
            .search(" ".join([query, *filters]), limit=limit, offset=(page - 1) * limit)
        )
    for note in found.notes:
        typer.echo(f"briefing: note: {note}", err=True)
    if as_json:
        emit(shapes.search_page(query, found, snippet_html))
        return
    first = found.offset + 1
    shown = f"{first}-{found.offset + len(found.hits)}" if found.hits else "none"
    typer.echo(f"{plural(found.total, 'result')} for {query!r} (showing {shown})")
    for hit in found.hits:
        when = hit.published.isoformat() if hit.published else "undated"
        typer.echo(f"\n#{hit.id}  {when}  {hit.title}")
        typer.echo(f"    {snippet_plain(hit.snippet)}")


def show(
    ctx: typer.Context,
    article_id: Annotated[
        str, typer.Argument(metavar="ID", help="Article id (from search, ingest or demo).")
    ],
    as_json: Annotated[bool, options.json_flag("the article")] = False,
) -> None:
    """Print one stored article."""
    with reported():
        record = context_of(ctx).archive().article(parse_id(article_id))
    if as_json:
        emit(shapes.article(record))
        return
    typer.echo(record.title)
    details = [record.published_on.isoformat() if record.published_on else "undated"]
    details += [x for x in (record.source, record.dateline, record.url) if x]
    typer.echo(" · ".join(details))
    typer.echo("")
    typer.echo(record.text.replace("\n", "\n\n"))


def story(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id.")],
    as_json: Annotated[bool, options.json_flag("the story")] = False,
) -> None:
    """Print the story an article belongs to, told once from all its sources."""
    with reported():
        found = context_of(ctx).archive().story(parse_id(article_id))
    if as_json:
        emit(shapes.story_or_none(found))
        return
    if found is None:
        typer.echo(f"Article #{article_id.lstrip('#')} is not part of a story with other sources.")
        return
    from bot.telegram.render import telegram_html_to_plain  # noqa: PLC0415
    from bot.telegram.story_render import story_html  # noqa: PLC0415

    typer.echo(telegram_html_to_plain(story_html(found)))


def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, options.json_flag("the counts")] = False,
) -> None:
    """Count articles, sources and subscribers."""
    with reported():
        counts = context_of(ctx).archive().stats()
    if as_json:
        emit(shapes.archive_stats(counts))
        return
    typer.echo(f"articles: {counts.articles}")
    typer.echo(f"sources: {counts.sources}")
    typer.echo(f"subscribers: {counts.subscribers}")

"""`briefing timeline` and `briefing trend`: what happened with something, by date, and how
often the archive mentions it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from bot.cli import options, shapes
from bot.cli.base import context_of, emit, reported
from bot.cli.inputs import write_file
from bot.usecases.inputs import parse_when

__all__ = ["timeline", "trend"]

_QUERY_HELP = (
    'Words, "phrases", -excluded, OR, prefix*, actor:NAME and weapon:NAME, as for search; '
    "the rest of the line is the query."
)
_QUERIES_HELP = (
    "Each argument is one query to count and compare (quote a query of several words: "
    "'actor:\"North Korea\" missile'); words, phrases, actor: and weapon: as for search."
)


def timeline(
    ctx: typer.Context,
    words: Annotated[list[str], options.query_argument("QUERY", _QUERY_HELP)],
    since: Annotated[str | None, options.when_option("--since", "Events on or after")] = None,
    until: Annotated[str | None, options.when_option("--until", "Events on or before")] = None,
    limit: Annotated[int, options.limit_option(100, "Entries per page.")] = 20,
    page: Annotated[int, options.page_option("Page 2 is further back.", maximum=51)] = 1,
    as_json: Annotated[bool, options.json_flag("the timeline")] = False,
) -> None:
    """The events of an actor, weapon or keyword in date order, each with its sources."""
    query = " ".join(words)
    now = datetime.now(UTC)
    with reported("--since"):
        first = parse_when(since, now).date() if since is not None else None
    with reported("--until"):
        last = parse_when(until, now, end=True).date() if until is not None else None
    with reported():
        found = (
            context_of(ctx)
            .service()
            .timeline(query, since=first, until=last, limit=limit, pages_back=page - 1)
        )
    for note in found.notes:
        typer.echo(f"briefing: note: {note}", err=True)
    if as_json:
        emit(shapes.timeline(found))
        return
    if not found.entries:
        typer.echo(f"No dated events for {query!r}" + (" on this page." if page > 1 else "."))
    for entry in found.entries:
        names = ", ".join(f"#{s.id} {s.source or s.title}" for s in entry.sources)
        typer.echo(f"{entry.label:>22}  {entry.sentence}")
        typer.echo(f"{'':>22}  — {names}")
    if found.earlier is not None:
        typer.echo(f"(earlier events: --page {page + 1})")


def trend(
    ctx: typer.Context,
    words: Annotated[list[str], options.query_argument("QUERY...", _QUERIES_HELP)],
    since: Annotated[
        str | None,
        options.when_option("--since", "From (default: 90 days, or 52 weeks with --by week)"),
    ] = None,
    by: Annotated[str, typer.Option("--by", metavar="day|week", help="Count per.")] = "day",
    png: Annotated[
        str | None, typer.Option("--png", metavar="FILE", help="Also draw the chart to FILE.")
    ] = None,
    as_json: Annotated[bool, options.json_flag("the series")] = False,
) -> None:
    """Mentions over time (articles per day or week) with the 30-day average."""
    queries = _queries(words)
    now = datetime.now(UTC)
    with reported("--since"):
        first = parse_when(since, now).date() if since is not None else None
    with reported():
        found = context_of(ctx).service().trend(queries, since=first, by=by)  # type: ignore[arg-type]
    if png is not None:
        with reported(png):
            write_file(png, context_of(ctx).service().trend_chart(found))
    if as_json:
        emit(shapes.trend(found))
        return
    for series in found.series:
        peak = series.peak
        top = f", most on {peak[0].isoformat()} ({peak[1]})" if peak else ""
        typer.echo(
            f"{series.query}: {_articles(series.total)} {found.since.isoformat()} to "
            f"{found.until.isoformat()}{top}"
        )
        for (day, count), average in zip(series.points, series.averages, strict=True):
            bar = "#" * min(count, 60)
            typer.echo(f"  {day.isoformat()}  {count:>5}  {bar}  (30-day average {average:.1f})")
    if png is not None:
        typer.echo(f"chart written to {png}")


def _articles(count: int) -> str:
    return f"{count} article{'' if count == 1 else 's'}"


def _queries(words: list[str]) -> list[str]:
    """Each argument is one query (quote one of several words); a bare "vs" between them
    reads as it does in the bot's /trend A vs B."""
    return [word for word in words if word.strip() and word.strip().lower() != "vs"] or [""]

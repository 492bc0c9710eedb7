"""`briefing sources` and `briefing poll`: the sources and polled feeds, imported and
exported as OPML (the format every feed reader imports and exports), and polled now.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import options, shapes
from bot.cli.base import context_of, emit, fail, reported
from bot.cli.inputs import read_input
from bot.usecases.errors import InputError
from bot.usecases.inputs import parse_id

if TYPE_CHECKING:
    from bot.usecases.service import BriefingService

__all__ = ["export_feeds", "import_feeds", "poll", "sources"]


def sources(
    ctx: typer.Context,
    action: Annotated[
        str | None, typer.Argument(help="add, remove, import or export (default: list)")
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            help="A feed URL to add, an id to remove, an OPML file (or -) to import "
            "or to export to (default: stdout)."
        ),
    ] = None,
    as_json: Annotated[bool, options.json_flag("the sources")] = False,
) -> None:
    """List sources and polled feeds; add a feed URL or stop polling one (by id); import
    the feeds of an OPML file (any feed reader's export), or export them as OPML."""
    with reported():
        service = context_of(ctx).service()
        if action == "add" and value:
            record, new = service.add_feed(value)
            typer.echo(f"{'added' if new else 'already polled'}: #{record.id} {record.name}")
            return
        if action == "remove" and value:
            record = service.remove_source(parse_id(value, "a source"))
            typer.echo(f"stopped: #{record.id} {record.name}")
            return
        if action == "import" and value:
            with reported(value):
                data = read_input(value, context_of(ctx).settings.max_document_bytes)
            import_feeds(service, value, data, as_json=as_json)
            return
        if action == "export":
            export_feeds(service, value or "-", as_json=as_json)
            return
        if action is not None:
            raise fail(
                "usage: briefing sources [add URL | remove ID | import FILE | export [FILE]]"
            )
        found = service.sources()
    if as_json:
        emit(shapes.sources(found))
        return
    from bot.telegram.render import plural  # noqa: PLC0415

    for s in found:
        state = "" if s.active else " (stopped)"
        count = plural(s.articles, "article")
        typer.echo(f"#{s.id}  {s.kind:<6} {s.name}  {count}{state}  {s.url or ''}")


def poll(ctx: typer.Context) -> None:
    """Poll the feeds that are due now (the bot does this on its own every interval)."""
    with reported():
        service = context_of(ctx).service()
        service.register_feeds()
        results = asyncio.run(service.poll_feeds())
    for result in results:
        detail = f": {result.error}" if result.error else ""
        typer.echo(f"{result.feed}: {result.status}, {result.stored} new{detail}")
    if not results:
        typer.echo("no feeds due")


def import_feeds(service: BriefingService, label: str, data: bytes, *, as_json: bool) -> None:
    """Add the feeds of an OPML file; each problem gets a stderr line, the rest go in; the
    exit status is 1 when an outline was invalid."""
    with reported(label):
        report = service.import_opml(data)
    for outcome in report.outcomes:
        if as_json:
            emit(shapes.outline_outcome(outcome))
        if outcome.error:
            kind = "error:" if outcome.status == "invalid" else "skipped"
            name = outcome.feed.title or outcome.feed.url or "?"
            where = f"{label} outline {outcome.outline} ({name})"
            typer.echo(f"briefing: {kind} {where}: {outcome.error}", err=True)
    counts = report.counts()
    if as_json:
        emit(counts)
    else:
        typer.echo(
            f"imported {counts['feeds']} feeds: {counts['added']} added, "
            f"{counts['already_polled']} already polled, {counts['duplicates']} duplicates, "
            f"{counts['invalid']} invalid"
        )
    if counts["invalid"]:
        raise typer.Exit(1)


def export_feeds(service: BriefingService, path: str, *, as_json: bool) -> None:
    """Write the polled feeds as OPML 2.0 to a file, or to stdout for `-`."""
    with reported(path):
        exported = service.export_opml()
        if path == "-":
            sys.stdout.buffer.write(exported.opml)
            sys.stdout.buffer.flush()
        else:
            try:
                Path(path).write_bytes(exported.opml)
            except (OSError, ValueError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                raise InputError(f"cannot be written ({reason})") from None
    summary = shapes.written(path, "feeds", exported.feeds)
    if as_json and path == "-":  # stdout holds the file itself
        typer.echo(json.dumps(summary), err=True)
    elif as_json:
        emit(summary)
    elif path != "-":
        typer.echo(f"exported {exported.feeds} feeds to {path}")

"""`briefing sources import` and `briefing sources export`: the polled feeds as OPML, the
format every feed reader imports and exports; and the console chat's stand-in for a file
the bot would send (it cannot send one, so it saves it).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import typer

from bot.cli.base import emit, reported
from bot.telegram.render import Reply, escape
from bot.usecases.errors import InputError
from bot.usecases.service import BriefingService

__all__ = ["export_feeds", "import_feeds", "save_attachments"]


def import_feeds(service: BriefingService, label: str, data: bytes, *, as_json: bool) -> None:
    """Add the feeds of an OPML file; each problem gets a stderr line, the rest go in; the
    exit status is 1 when an outline was invalid."""
    with reported(label):
        report = service.import_opml(data)
    for outcome in report.outcomes:
        if as_json:
            emit(outcome.to_json())
        if outcome.error:
            kind = "error:" if outcome.status == "invalid" else "skipped"
            name = outcome.feed.title or outcome.feed.url or "?"
            typer.echo(f"briefing: {kind} {label} outline {outcome.outline} ({name}): "
                       f"{outcome.error}", err=True)  # fmt: skip
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
    summary = {"path": path, "feeds": exported.feeds}
    if as_json and path == "-":  # stdout holds the file itself
        typer.echo(json.dumps(summary), err=True)
    elif as_json:
        emit(summary)
    elif path != "-":
        typer.echo(f"exported {exported.feeds} feeds to {path}")


def save_attachments(replies: list[Reply], folder: Path) -> list[Reply]:
    """A file the bot would send is saved in `folder` instead, never over an existing file
    (a second export gets "name (2).opml", as browsers name downloads), and the reply says
    where it went."""
    shown = []
    for reply in replies:
        if reply.document is None:
            shown.append(reply)
            continue
        name = Path(reply.document.filename).name
        try:
            path = _create(folder, name, reply.document.data)
            note = f"Saved as {escape(str(path))} (the console cannot send files)."
        except OSError as exc:
            note = f"⚠️ Could not save {escape(name)} in {escape(str(folder))}: {exc.strerror}"
        shown.append(replace(reply, html=f"{reply.html}\n{note}", document=None))
    return shown


def _create(folder: Path, name: str, data: bytes) -> Path:
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in range(1, 1000):
        path = folder / (name if number == 1 else f"{stem} ({number}){suffix}")
        try:
            with path.open("xb") as out:
                out.write(data)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(17, "too many files of that name", str(folder / name))

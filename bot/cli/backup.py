"""`briefing export` and `briefing import`: the archive and subscribers as JSON lines.

The record format is `storage.backup`'s. A file whose name ends in .gz is written gzipped;
gzipped input (a file or stdin) is recognised by its first bytes. An export goes to a
temporary file that is renamed only when complete, and is readable by its owner alone (it
holds chat ids).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from bot.cli import options, shapes
from bot.cli.base import context_of, emit, fail, one_line, reported

__all__ = ["export_command", "import_command"]

_GZIP_MAGIC = b"\x1f\x8b"


def export_command(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="File to write (.gz to compress), or - for stdout.")],
    as_json: Annotated[bool, options.json_flag("the counts")] = False,
) -> None:
    """Back up the archive and the subscribers as JSON lines."""
    counts: dict[str, int] = {}
    with reported(path), _output(path) as out:
        for record in context_of(ctx).service().export_backup():
            out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            if record["type"] == "end":
                counts = record["counts"]
    if as_json and path == "-":  # stdout holds the backup itself
        typer.echo(json.dumps(shapes.written(path, "counts", counts)), err=True)
    elif as_json:
        emit(shapes.written(path, "counts", counts))
    elif path != "-":
        typer.echo(f"exported to {path}: " + _counts(counts))


def import_command(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A file written by `briefing export`, or -.")],
    as_json: Annotated[bool, options.json_flag("the report")] = False,
) -> None:
    """Restore a backup: add the articles, sources and subscribers this database lacks."""
    with reported(path), _input(path) as stream:
        report = context_of(ctx).service().import_backup(enumerate(stream, start=1))
    if as_json:
        emit(shapes.backup_import(report))
        return
    added, present = _counts(report.added), _counts(report.present)
    typer.echo(f"imported from {path}: added {added}; already present {present}")
    if report.renumbered:
        typer.echo(f"{report.renumbered} articles got new ids (theirs were taken)")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}s" for kind, n in sorted(counts.items()) if n) or "nothing"


@contextmanager
def _output(path: str) -> Iterator[IO[bytes] | gzip.GzipFile]:
    if path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    try:
        partial = target.with_name(target.name + ".partial")  # ValueError for "" or "."
        # A leftover from a killed run (or a planted link) is replaced, never written through.
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise fail(f"{one_line(path)}: cannot write: {reason}") from None
    try:
        with os.fdopen(fd, "wb") as raw:
            if target.suffix == ".gz":
                with gzip.GzipFile(fileobj=raw, mode="wb") as zipped:
                    yield zipped
            else:
                yield raw
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def _input(path: str) -> Iterator[IO[bytes] | gzip.GzipFile]:
    if path == "-":
        source: IO[bytes] = sys.stdin.buffer
    else:
        try:
            source = Path(path).open("rb")  # noqa: SIM115 - closed below
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise fail(f"{one_line(path)}: cannot read: {reason}") from None
    try:
        head = source.read(len(_GZIP_MAGIC))
        stream = io.BufferedReader(_Prefixed(head, source))
        if head == _GZIP_MAGIC:
            with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                yield unzipped
        else:
            yield stream
    finally:
        if source is not sys.stdin.buffer:
            source.close()


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were read to sniff it, whole again (stdin cannot seek)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

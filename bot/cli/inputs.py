"""What commands read and write: a file or stdin refused by size before it is read, JSON
lines with a progress bar on a terminal, and a file written whole or not at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from bot.cli.base import fail, one_line
from bot.usecases.errors import InputError
from bot.usecases.inputs import check_size

__all__ = ["jsonl_lines", "one_input", "read_input", "write_file"]


def one_input(target: str | None, jsonl: str | None, usage: str) -> tuple[str, bool]:
    """The one input a command was given, and whether it is `--jsonl FILE`; both or neither
    is a usage error."""
    if target is not None and jsonl is None:
        return target, False
    if jsonl is not None and target is None:
        return jsonl, True
    raise fail(usage)


def read_input(target: str, limit: int) -> bytes:
    """A file's or stdin's bytes, refused by size before it is read."""
    if target == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(target)
        try:  # a name too long, a NUL in it, a loop of links: all OSError or ValueError
            if not path.exists():
                raise InputError("no such file")
            if not path.is_file():
                raise InputError("is not a regular file")
            check_size(path.stat().st_size, limit)
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})") from exc
        except ValueError as exc:
            raise InputError(f"is not a usable file name ({exc})") from exc
    return data


def write_file(target: str, data: bytes) -> None:
    """Write `data` to the file `target` through a partial file renamed at the end, so a
    failure leaves no half-written file; a bad name or place is an InputError."""
    path = Path(target)
    try:  # "" and "." are ValueError
        partial = path.with_name(path.name + ".partial")
    except ValueError as exc:
        raise InputError(f"is not a usable file name ({exc})") from exc
    try:  # a missing folder, a directory, no permission: OSError
        partial.unlink(missing_ok=True)
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        raise InputError(f"cannot be written ({exc.strerror or exc})") from exc
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def jsonl_lines(jsonl: str) -> Iterator[Iterator[bytes]]:
    """The lines of a JSON-lines file (or stdin), with a progress bar on a terminal."""
    with _open_jsonl(jsonl) as (stream, total), _progress(total) as advance:
        yield _counting_lines(stream, advance)


@contextmanager
def _open_jsonl(jsonl: str) -> Iterator[tuple[IO[bytes], int | None]]:
    if jsonl == "-":
        yield sys.stdin.buffer, None
        return
    path = Path(jsonl)
    try:
        stream = path.open("rb")
        size = path.stat().st_size
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise fail(f"{one_line(jsonl)}: cannot be read ({reason})") from None
    with stream:
        yield stream, size


def _counting_lines(stream: IO[bytes], advance: Callable[[int], None]) -> Iterator[bytes]:
    for line in stream:
        advance(len(line))
        yield line


@contextmanager
def _progress(total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on an interactive terminal; nothing at all when output is piped."""
    # rich.progress loads for the JSON-lines commands only.
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not sys.stderr.isatty(),
        transient=True,
    )
    task = progress.add_task("ingest", total=total)
    with progress:
        yield lambda size: progress.advance(task, size)

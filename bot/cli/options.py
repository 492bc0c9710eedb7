"""The options several commands share, declared once: the same flag reads the same way in
every command, and a signature gives each option one line."""

from __future__ import annotations

from typing import Any

import typer

__all__ = [
    "WHEN_HELP",
    "json_flag",
    "jsonl_option",
    "limit_option",
    "page_option",
    "query_argument",
    "when_option",
]

WHEN_HELP = "YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, 24h or 7d"


def json_flag(what: str) -> Any:
    """`--json`: print `what` ("the results") as JSON instead of text."""
    return typer.Option("--json", help=f"Print {what} as JSON.")


def jsonl_option(help: str) -> Any:
    """`--jsonl FILE`: a JSON-lines input, one record a line."""
    return typer.Option("--jsonl", metavar="FILE", help=help)


def when_option(flag: str, what: str, more: str = "") -> Any:
    """`--since`/`--until WHEN`, in the words `parse_when` reads (and `more` the command
    reads besides)."""
    return typer.Option(flag, metavar="WHEN", help=f"{what}: {WHEN_HELP}{more}.")


def query_argument(metavar: str, help: str) -> Any:
    """The words of a query: the rest of the command line."""
    return typer.Argument(metavar=metavar, help=help)


def limit_option(maximum: int, help: str) -> Any:
    return typer.Option("--limit", metavar="N", min=1, max=maximum, help=help)


def page_option(help: str = "Page number.", maximum: int | None = None) -> Any:
    return typer.Option("--page", metavar="N", min=1, max=maximum, help=help)

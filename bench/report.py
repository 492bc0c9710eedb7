"""What every bench prints: a table for people (left out with --json), then one JSON line."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Collection
from typing import Any, NamedTuple

__all__ = ["Option", "bench_parser", "report", "run_bench"]


class Option(NamedTuple):
    """An option's default with the help text `--help` shows for it."""

    default: Any
    help: str


def bench_parser(description: str | None) -> argparse.ArgumentParser:
    """A parser that already knows `--json`; the bench adds its own options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    return parser


def report(
    result: dict[str, Any],
    table: Callable[[dict[str, Any]], None],
    json_only: bool,
    *,
    not_in_json: Collection[str] = (),
) -> None:
    """Prints `table(result)` unless `json_only`, then `result` as one JSON line, less the keys
    `not_in_json` (detail the table shows that would make the line unreadable)."""
    if not json_only:
        table(result)
    print(json.dumps({key: value for key, value in result.items() if key not in not_in_json}))


def run_bench(
    description: str | None,
    options: dict[str, Any],
    run: Callable[..., dict[str, Any]],
    table: Callable[[dict[str, Any]], None],
    *,
    not_in_json: Collection[str] = (),
) -> None:
    """A bench's `main`: parses `--json` and `options` (each name with its default, or an
    `Option`; the default's type is the option's, strings for a default of None), calls `run`
    with their values in that order and reports the result as `report` does."""
    parser = bench_parser(description)
    for name, option in options.items():
        default, text = option if isinstance(option, Option) else (option, None)
        kind = str if default is None else type(default)
        parser.add_argument(name, type=kind, default=default, help=text)
    args = vars(parser.parse_args())
    values = [args[name.removeprefix("--").replace("-", "_")] for name in options]
    report(run(*values), table, args["json"], not_in_json=not_in_json)

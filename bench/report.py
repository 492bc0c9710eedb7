"""What every bench prints: a table for people (left out with --json), then one JSON line."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Collection
from typing import Any

__all__ = ["bench_parser", "report"]


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

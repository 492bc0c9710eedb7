"""The one JSON-lines reader: every line becomes a value or a one-line reason, never an
exception, so one bad line never costs the lines after it.

`briefing ingest --jsonl`, `briefing summarize --jsonl`, `briefing facts --jsonl` and the
bot's .jsonl uploads all read through `read_json_lines`. What it guarantees of a value:

* it came from a line that is valid UTF-8 (a BOM on the first line is allowed) and valid JSON;
* it is nested at most `MAX_DEPTH` deep (a line of 100,000 brackets is refused before the
  parser recurses into a RecursionError);
* numbers are finite (`NaN`, `Infinity` and `1e999` would be echoed back as invalid JSON) and
  integers short enough to convert (Python refuses more than 4,300 digits with ValueError);
* its strings hold no lone surrogates: a `"\\ud800"` escape is valid JSON but not Unicode,
  and would fail later in spaCy, the database driver or on stdout; it becomes U+FFFD.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from summarizer.hygiene import without_surrogates

__all__ = ["MAX_DEPTH", "JsonLine", "read_json_lines"]

MAX_DEPTH = 64  # records are flat objects; nesting this deep is never a real record
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{]|[\]}]', re.DOTALL)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True)
class JsonLine:
    """One line of the input (numbered from 1): its value, or why it has none."""

    number: int
    value: object = None
    error: str | None = None


def read_json_lines(lines: Iterable[bytes | str], *, skip_blank: bool = True) -> Iterator[JsonLine]:
    """Each line's value or error, in order; blank lines are skipped (or, without
    `skip_blank`, reported, for outputs that give one result per input line)."""
    for number, raw in enumerate(lines, start=1):
        line = read_json_line(raw, first=number == 1)
        if isinstance(line, _Blank):
            if not skip_blank:
                yield JsonLine(number, error="invalid JSON (the line is empty)")
            continue
        value, error = line
        yield JsonLine(number, value, error)


class _Blank:
    pass


_BLANK = _Blank()


def read_json_line(raw: bytes | str, *, first: bool = False) -> tuple[object, str | None] | _Blank:
    """One line's (value, None) or (None, reason); `first`: a UTF-8 BOM may start it."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, f"is not valid UTF-8 (byte {exc.start + 1} of the line)"
    else:
        text = without_surrogates(raw)
    if first:
        text = text.removeprefix("\ufeff")
    if not text.strip():
        return _BLANK
    if (text.count("[") + text.count("{") > MAX_DEPTH) and _depth(text) > MAX_DEPTH:
        return None, f"is nested more than {MAX_DEPTH} levels deep"
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON ({exc.msg} at column {exc.colno})"
    except RecursionError:  # not reached after the depth check; kept as the last word
        return None, f"is nested more than {MAX_DEPTH} levels deep"
    except ValueError as exc:  # a number too long to convert, NaN, Infinity, 1e999
        return None, f"invalid JSON ({(str(exc).splitlines() or ['bad value'])[0][:120]})"
    if _SURROGATE_ESCAPE.search(text):
        value = _repaired(value)
    return value, None


def _depth(text: str) -> int:
    """How deeply arrays and objects nest, brackets inside strings not counted."""
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        piece = match[0]
        if piece in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        elif piece in "]}":
            depth -= 1
    return deepest


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in {float("inf"), float("-inf")}:
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _repaired(value: object) -> object:
    """The value with lone surrogates in its strings (keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, list):
        return [_repaired(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(key): _repaired(item) for key, item in value.items()}
    return value

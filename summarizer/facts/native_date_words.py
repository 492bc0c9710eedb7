"""The records a native-language date grammar is made of, and the pieces every script shares.

Each language module (`native_dates_slavic`, `native_dates_ar`, `native_dates_zh`) fills one
`NativeGrammar`: its rules, most specific first, the word tables its resolvers read, and the
cues of its tenses. `native_dates` runs them; nothing here holds state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "full",
    "day_month",
    "day_range",
    "cross_range",
    "month_range",
    "month_year",
    "month_rel",
    "ref_date",
    "bare_month",
    "year",
    "year_range",
    "half",
    "half_ref",
    "weekday",
    "rel_day",
    "rel_period",
    "ago",
    "anaphora",
    "day_only",
]

# Kinds that read the dates named before them, so they are resolved in reading order.
DEFERRED: frozenset[Kind] = frozenset({"ref_date", "half_ref", "anaphora", "day_only"})

Stems = tuple[tuple[str, int], ...]
Names = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class NativeRule:
    """One pattern and how its match is read; `unit` and `step` fix what the words fix
    ("на следующий день": a day, one later; "同年": a year, the same)."""

    pattern: re.Pattern[str]
    kind: Kind
    unit: str = ""
    step: int = 0


def rule(
    pattern: str, kind: Kind, unit: str = "", step: int = 0, *, flags: int = re.IGNORECASE
) -> NativeRule:
    return NativeRule(re.compile(pattern, flags), kind, unit, step)


@dataclass(frozen=True)
class NativeGrammar:
    """A language's date rules and vocabulary. Tables are read by prefix of the normalised
    word (inflected forms share a stem), `parts` by substring ("в первой половине": H1)."""

    rules: tuple[NativeRule, ...]
    months: Stems
    weekdays: Stems
    which: Stems  # last / this / next words -> -1 / 0 / +1 (-2, +2 for "позапрошлый", "前年")
    days: Stems  # yesterday / today / tomorrow words -> day offset
    units: Names  # -> day | week | month | year
    parts: Names  # -> H1 | H2 | "" (the middle: the whole year)
    number: Callable[[str], int | None]
    normalise: Callable[[str], str]
    future: re.Pattern[str]
    past: re.Pattern[str]
    clause: re.Pattern[str]  # where a clause ends, for the tense around an expression
    # Words that are dates only after a preposition ("среда" is also "environment").
    ambiguous: re.Pattern[str] | None = None
    # Prepositions meaning "since" ("с мая", "منذ مايو"): a month after them is in the past.
    since: re.Pattern[str] | None = None
    # Words meaning "by" ("к 1 марта", "بحلول"), and in a group named `term` "until" ("до"),
    # which is a deadline only in a clause that sets a term (`term`: "продлили", "запрет"):
    # a deadline's day or month is the nearest one, whatever the clause's tense.
    until: re.Pattern[str] | None = None
    term: re.Pattern[str] | None = None
    # "上周五" is Friday of last calendar week; "last Friday" is the latest Friday before.
    calendar_weeks: bool = False


# A year in any script's digits (ASCII, fullwidth, Arabic-Indic, Persian): 1800-2099.
YEAR_DIGITS = r"(?:[1１١۱][89８９٨٩۸۹]|[2２٢۲][0０٠۰])\d{2}"


def year(name: str = "year") -> str:
    return rf"(?P<{name}>{YEAR_DIGITS})"


def stem(table: Stems, key: str) -> int | None:
    return next((value for prefix, value in table if key.startswith(prefix)), None)


def name(table: Names, key: str, *, inside: bool = False) -> str | None:
    return next(
        (value for part, value in table if (part in key if inside else key.startswith(part))),
        None,
    )


def words_number(
    words: Mapping[str, int], normalise: Callable[[str], str]
) -> Callable[[str], int | None]:
    """A number written in digits of any script or as one of `words`."""

    def number(text: str) -> int | None:
        text = text.strip()
        if text.isdecimal():
            return int(text)
        return words.get(normalise(text))

    return number


def alternatives(words: str) -> str:
    """ "a b c" -> "(?:a|b|c)", longest first so no word stops at a shorter one's end."""
    return "(?:" + "|".join(sorted(words.split(), key=len, reverse=True)) + ")"


def alef(pattern: str) -> str:
    """Every أ or إ in an Arabic pattern also matches the other spellings of alef (أ إ ا)."""
    return re.sub("[أإ]", "[أإا]", pattern)

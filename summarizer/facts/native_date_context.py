"""How a native-language date match is read: its groups through the grammar's tables, the
tense of the clause around it, and the date it anchors on (the last one named, else the
publication date). The counterpart of `date_context` for the English extractor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from summarizer.facts.date_context import _shift_month, _week
from summarizer.facts.native_date_words import NativeGrammar, name, stem

# Groups that say a word stands as a date ("в среду", not "окружающая среда").
CONTEXT_GROUPS = ("prep", "which", "edge", "tense", "shahr", "yawm")
# What an anchor must look like to move it by a unit: a day for "the next day".
WANTED = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "week": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}(?:-\d{2})?",
    "year": r"\d{4}.*",
}


@dataclass(frozen=True)
class Context:
    """A sentence being read, with the publication date and the dates named so far."""

    sentence: str
    published: date | None
    grammar: NativeGrammar
    anchors: Sequence[str]


def group(match: re.Match[str], *names: str) -> str | None:
    return next(
        (match[n] for n in names if n in match.re.groupindex and match[n] is not None), None
    )


def number(ctx: Context, text: str | None) -> int:
    return (ctx.grammar.number(text) or 0) if text else 0


def month_of(ctx: Context, text: str | None) -> int:
    if not text:
        return 0
    found = ctx.grammar.number(text)
    if found is None:
        found = stem(ctx.grammar.months, ctx.grammar.normalise(text))
    return found if found and 1 <= found <= 12 else 0


def which_of(ctx: Context, text: str | None) -> int | None:
    return stem(ctx.grammar.which, ctx.grammar.normalise(text)) if text else None


def unit_of(ctx: Context, text: str | None) -> str | None:
    return name(ctx.grammar.units, ctx.grammar.normalise(text)) if text else None


def part_of(ctx: Context, text: str) -> str:
    return name(ctx.grammar.parts, ctx.grammar.normalise(text), inside=True) or ""


def count_of(match: re.Match[str], ctx: Context) -> tuple[int, str | None]:
    """How many of which unit: "три дня", "يومين" (a dual: two), "неделю" (one), "半年"."""
    if group(match, "half"):
        return 6, "month"
    unit = unit_of(ctx, group(match, "unit", "unit1", "dual"))
    if group(match, "count"):
        return number(ctx, match["count"]), unit
    return (2 if group(match, "dual") else 1), unit


def stands_alone(match: re.Match[str], ctx: Context, word: str) -> bool:
    """An ambiguous word ("среда", "Марта", "مارس") with nothing saying it is a date."""
    ambiguous = ctx.grammar.ambiguous
    return bool(ambiguous and ambiguous.fullmatch(word)) and group(match, *CONTEXT_GROUPS) is None


def clause_tense(ctx: Context, start: int, end: int) -> bool | None:
    """As `date_context._tense`, with the language's cues: True for a future clause, False
    for a past one, None when the words around say neither. The clause before decides; then
    the first cue in the clause after ("В четверг состоится встреча", "周四将举行")."""
    grammar = ctx.grammar
    before = grammar.clause.split(ctx.sentence[max(0, start - 100) : start])[-1]
    future = [m.end() for m in grammar.future.finditer(before)]
    past = [m.end() for m in grammar.past.finditer(before)]
    if future and (not past or max(future) > max(past)):
        return True
    if past:
        return False
    after = grammar.clause.split(ctx.sentence[end : end + 80])
    clause = after[0] if after[0].strip(" ,،，") else " ".join(after[:2])
    next_future = grammar.future.search(clause)
    next_past = grammar.past.search(clause)
    if next_future and (not next_past or next_future.start() < next_past.start()):
        return True
    return False if next_past else None


def after_until(ctx: Context, start: int) -> bool:
    """Whether the date is a deadline: after "by the end of" or "by" ("до кінця", "بحلول"),
    or after "until" where the clause sets a term ("продовжив заборону до 31 жовтня"); "до"
    is also "before" ("ще до 24 лютого"), which keeps the clause's tense."""
    until = ctx.grammar.until
    if until is None:
        return False
    before = ctx.sentence[max(0, start - 20) : start].split()
    for size in (2, 1):
        if len(before) >= size and (found := until.fullmatch(" ".join(before[-size:]))):
            if found["term"] is None:
                return True
            clause = ctx.grammar.clause.split(ctx.sentence[max(0, start - 100) : start])[-1]
            return ctx.grammar.term is not None and ctx.grammar.term.search(clause) is not None
    return False


def word_tense(match: re.Match[str], ctx: Context) -> bool | None:
    """ "نوفمبر الماضي" (last November), "24 نوفمبر المقبل": the word itself gives the tense."""
    offset = which_of(ctx, group(match, "tense"))
    return None if offset is None else offset > 0


def anchor(ctx: Context, unit: str) -> str | None:
    """The last date named that is fine enough for `unit`, else the publication date."""
    wanted = WANTED.get(unit, WANTED["year"])
    fallback = [ctx.published.isoformat()] if ctx.published else []
    return next((a for a in reversed([*fallback, *ctx.anchors]) if re.fullmatch(wanted, a)), None)


def shift(base: str, unit: str, step: int) -> str | None:
    """`base` moved by `step` units, written at the unit's granularity."""
    if unit == "year":
        return str(int(base[:4]) + step)
    if unit == "month":
        year, month = _shift_month(int(base[:4]), int(base[5:7]), step)
        return f"{year}-{month:02d}"
    day = date.fromisoformat(base[:10])
    try:
        if unit == "week":
            return _week(day + timedelta(weeks=step))
        return (day + timedelta(days=step)).isoformat()
    except OverflowError:
        return None

"""Date expressions in Russian, Ukrainian, Arabic and Chinese news, normalised exactly like the
English extractor's (`dates.extract_dates`): the same values, the same tense rule for weekdays
and days without a year, the same anaphora anchoring, and its calendar helpers.

The rules and words of each language are in `native_dates_slavic`, `native_dates_ar` and
`native_dates_zh`; matches are read in `native_date_context` and valued in
`native_date_resolvers`. This module runs them over an article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType

from summarizer.facts.dates import _ANCHOR_YEARS, DateFact
from summarizer.facts.native_date_context import Context
from summarizer.facts.native_date_resolvers import RESOLVERS
from summarizer.facts.native_date_words import DEFERRED, NativeGrammar, NativeRule
from summarizer.facts.native_dates_ar import ARABIC
from summarizer.facts.native_dates_slavic import RUSSIAN, UKRAINIAN
from summarizer.facts.native_dates_zh import CHINESE

__all__ = ["LANGUAGES", "extract_native_dates"]

_GRAMMARS: Mapping[str, NativeGrammar] = MappingProxyType(
    {"ru": RUSSIAN, "uk": UKRAINIAN, "ar": ARABIC, "zh": CHINESE}
)
LANGUAGES = frozenset(_GRAMMARS)

_Found = tuple[int, re.Match[str], NativeRule, str | None]


def extract_native_dates(
    sentences: Sequence[str], published: date | None, language: str
) -> list[DateFact]:
    """Every date expression, once per (text, value), in reading order; [] for a language
    without a grammar here. Values as `extract_dates`; None where the expression needs a
    publication date that is missing."""
    grammar = _GRAMMARS.get(language)
    if grammar is None:
        return []
    if published is not None and published.year not in _ANCHOR_YEARS:
        published = None  # a CMS placeholder (0001-01-01) cannot anchor "yesterday"
    facts: list[DateFact] = []
    seen: set[tuple[str, str | None]] = set()
    anchors: list[str] = []  # the dates named so far, for "того же года" and "次日"
    for sentence in sentences:
        context = Context(sentence, published, grammar, anchors)
        for _start, match, native_rule, found in sorted(_matches(context), key=lambda f: f[0]):
            value = found
            if native_rule.kind in DEFERRED:
                value = RESOLVERS[native_rule.kind](match, native_rule, context)
                if value == "":
                    continue
            if value:
                anchors.append(value.split("/")[0])
            fact = DateFact(_text(match), value, sentence)
            if (fact.text.lower(), fact.value) not in seen:
                seen.add((fact.text.lower(), fact.value))
                facts.append(fact)
    return facts


def _matches(context: Context) -> list[_Found]:
    """The rules' matches in one sentence, most specific rule first, none overlapping; all but
    the deferred kinds (which read the dates before them) are valued here."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for native_rule in context.grammar.rules:
        for match in native_rule.pattern.finditer(context.sentence):
            start, end = match.span()
            if start == end or any(start < b and a < end for a, b in taken):
                continue
            value = None
            if native_rule.kind not in DEFERRED:
                value = RESOLVERS[native_rule.kind](match, native_rule, context)
                if value == "":
                    continue  # the pattern matched something that is not a date
            taken.append((start, end))
            found.append((start, match, native_rule, value))
    return found


def _text(match: re.Match[str]) -> str:
    """The date's own words: "в ноябре" is reported as "ноябре", as "in December" is."""
    start = match.start()
    if "prep" in match.re.groupindex and match["prep"] is not None:
        start = match.end("prep")
    return match.string[start : match.end()].strip(" ,،，\t\n")

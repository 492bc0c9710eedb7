"""Date expressions in news text, normalised to ISO 8601 at their real granularity.

Relative expressions ("Wednesday", "last week", "next year") are resolved against the
article's publication date; the tense around a weekday or a bare month decides whether it
looks back or ahead. Without a publication date only expressions that carry a year resolve.
Values: "2019", "2023-12", "2023-12-27", ISO weeks "2023-W51", halves "2024-H1", and ranges
"A/B". Anaphoric expressions ("that year", "the next day", "a week later", "April 22 that
year") anchor on the date the text named last before them.

The rules and their resolvers are here; the words and pattern pieces are in `date_patterns`, and
tense, anchoring and anaphora in `date_context`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from summarizer.facts.date_context import (
    _ANAPHORA,
    _ANAPHORA_CUE,
    _PAST,
    _anaphoric,
    _is_future,
    _month_value,
    _nearest_year,
    _safe_date,
    _shift_month,
    _tense,
    _week,
)
from summarizer.facts.date_patterns import (
    _COUNT,
    _DAY,
    _M,
    _MONTH,
    _MONTHS,
    _NAME_BEFORE,
    _NOT_A_YEAR_AFTER,
    _NOT_AFTER,
    _NOT_BEFORE,
    _NOT_NAMES,
    _RANGE_JOIN,
    _WEEKDAY,
    _WEEKDAYS,
    _YEAR,
    _count,
    _month_number,
)

__all__ = ["DateFact", "count_back", "extract_dates"]

# Placeholder publication dates (0001-01-01, 9999-12-31: CMS defaults scraped as metadata) cannot
# anchor "yesterday" or "99 years ago"; outside these years the date counts as unknown.
_ANCHOR_YEARS = range(1800, 2200)


@dataclass(frozen=True)
class DateFact:
    """One date expression: its text, its ISO value (None if unresolvable), its sentence."""

    text: str
    value: str | None
    sentence: str


Resolver = Callable[[re.Match[str], str, date | None], str | None]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver


def extract_dates(sentences: Sequence[str], published: date | None) -> list[DateFact]:
    """Every date expression, once per (text, value), in reading order."""
    if published is not None and published.year not in _ANCHOR_YEARS:
        published = None
    facts: list[DateFact] = []
    seen: set[tuple[str, str | None]] = set()
    anchors: list[str] = []  # the dates named so far, for "that year" and "the next day"
    for sentence in sentences:
        anaphoric = list(_ANAPHORA.finditer(sentence)) if _ANAPHORA_CUE.search(sentence) else []
        taken: list[tuple[int, int]] = [m.span() for m in anaphoric]
        found: list[tuple[int, DateFact | re.Match[str]]] = [(m.start(), m) for m in anaphoric]
        for rule in _RULES:
            for match in rule.pattern.finditer(sentence):
                start, end = match.span()
                if any(start < b and a < end for a, b in taken):
                    continue
                value = rule.resolve(match, sentence, published)
                if value == "":
                    continue  # the pattern matched something that is not a date
                taken.append((start, end))
                text = sentence[_text_start(match) : end].strip()
                found.append((start, DateFact(text, value, sentence)))
        for _start, item in sorted(found, key=lambda pair: pair[0]):
            if isinstance(item, re.Match):
                fact = DateFact(
                    item.group(0).strip(), _anaphoric(item, anchors, published), sentence
                )
            else:
                fact = item
            if fact.value:
                anchors.append(fact.value.split("/")[0])
            key = (fact.text.lower(), fact.value)
            if key not in seen:
                seen.add(key)
                facts.append(fact)
    return facts


def _text_start(match: re.Match[str]) -> int:
    """Where the date's own words begin: "in December" is reported as "December"."""
    groups = match.groupdict()
    prefix = (groups.get("prefix") or "").strip().lower()
    if prefix and prefix not in {"last", "next", "early", "late", "mid", "mid-", "this"}:
        return match.start("month")
    return match.start()


# -- resolvers ----------------------------------------------------------------------------------


def _full_date(match: re.Match[str], _sentence: str, _published: date | None) -> str | None:
    day = _safe_date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
    return day.isoformat() if day else ""


def _iso_date(match: re.Match[str], _sentence: str, _published: date | None) -> str | None:
    day = _safe_date(int(match["year"]), int(match["m"]), int(match["day"]))
    return day.isoformat() if day else ""


def _day_range(match: re.Match[str], sentence: str, published: date | None) -> str | None:
    month = _month_number(match["month"])
    first, last = int(match["day"]), int(match["day2"])
    if last <= first:
        return ""
    if match["year"]:
        start = _safe_date(int(match["year"]), month, first)
    elif published is not None:
        start = _nearest_year(month, first, published, _is_future(sentence, match.start()) or None)
    else:
        return None
    end = _safe_date(start.year, month, last) if start else None
    if start is None or end is None:
        return ""
    return f"{start.isoformat()}/{end.isoformat()}"


def _cross_month_range(match: re.Match[str], sentence: str, published: date | None) -> str | None:
    """ "from April 21 to May 9 next year", "Dec. 30 - Jan. 2" (the end may be a year later)."""
    first = (_month_number(match["month"]), int(match["day"]))
    last = (_month_number(match["month2"]), int(match["day2"]))
    if match["year"]:
        year: int | None = int(match["year"])
    elif match["which"] and published is not None:
        year = published.year + {"last": -1, "next": 1, "this": 0}[match["which"].lower()]
    elif published is not None:
        start = _nearest_year(*first, published, _is_future(sentence, match.start()) or None)
        year = start.year if start else None
    else:
        return None
    if year is None:
        return ""
    start_day = _safe_date(year, *first)
    end_day = _safe_date(year if last >= first else year + 1, *last)
    if start_day is None or end_day is None:
        return ""
    return f"{start_day.isoformat()}/{end_day.isoformat()}"


def _month_range(match: re.Match[str], _sentence: str, _published: date | None) -> str | None:
    """ "between September and November 2020" -> 2020-09/2020-11."""
    year = int(match["year"])
    first, last = _month_number(match["month"]), _month_number(match["month2"])
    start_year = year if first <= last else year - 1
    return f"{start_year}-{first:02d}/{year}-{last:02d}"


def _month_year_range(match: re.Match[str], _sentence: str, _published: date | None) -> str | None:
    """ "from March 2009 to February 2013" -> 2009-03/2013-02."""
    first = (int(match["year"]), _month_number(match["month"]))
    last = (int(match["year2"]), _month_number(match["month2"]))
    if last <= first:
        return ""
    return f"{first[0]}-{first[1]:02d}/{last[0]}-{last[1]:02d}"


def _month_day(match: re.Match[str], sentence: str, published: date | None) -> str | None:
    month, day = _month_number(match["month"]), int(match["day"])
    if _safe_date(2024, month, day) is None:
        return ""
    if published is None:
        return None
    tense = _tense(sentence, match.start(), match.end())
    resolved = _nearest_year(month, day, published, tense)
    return resolved.isoformat() if resolved else ""


def _month_year(match: re.Match[str], _sentence: str, _published: date | None) -> str | None:
    return f"{int(match['year']):04d}-{_month_number(match['month']):02d}"


def _month_relative_year(
    match: re.Match[str], _sentence: str, published: date | None
) -> str | None:
    if published is None:
        return None
    offset = {"last": -1, "next": 1, "this": 0}[match["which"].lower()]
    return f"{published.year + offset}-{_month_number(match['month']):02d}"


def _bare_month(match: re.Match[str], sentence: str, published: date | None) -> str | None:
    if published is None:
        return None
    month = _month_number(match["month"])
    prefix = (match["prefix"] or "").lower().strip()
    if prefix == "last":
        return _month_value(month, published - timedelta(days=1), False)
    if prefix == "next":
        return _month_value(month, published + timedelta(days=31), True)
    future: bool | None = True if _is_future(sentence, match.start()) else None
    if future is None and _PAST.search(sentence):
        future = False
    return _month_value(month, published, future)


def _part_of_year(match: re.Match[str], _sentence: str, published: date | None) -> str | None:
    """ "early 2024" -> 2024-H1, "late last year" -> the year before's H2, "mid-2025" -> 2025."""
    if match["year"]:
        year = int(match["year"])
    elif published is not None:
        year = published.year + {"last": -1, "next": 1, "this": 0}[match["which"].lower()]
    else:
        return None
    part = re.sub(r"\s+", " ", match["part"].lower())
    if part.startswith(("early", "the start", "the beginning", "the first half")):
        return f"{year}-H1"
    if part.startswith(("late", "the end", "the second half")):
        return f"{year}-H2"
    return str(year)


def _year(match: re.Match[str], sentence: str, _published: date | None) -> str | None:
    if _NOT_A_YEAR_AFTER.match(sentence, match.end()):
        return ""
    name = _NAME_BEFORE.search(sentence, 0, match.start())
    if name and name["name"] not in _NOT_NAMES and name["name"].lower() not in _MONTHS:
        return ""
    if re.search(
        r"[\d,.$€£]\s*$|\b(?:No|no|number|Type|Route|flight|Flight)\s*$", sentence[: match.start()]
    ):
        return ""
    return match["year"]


def _year_range(match: re.Match[str], _sentence: str, _published: date | None) -> str | None:
    first, last = match["year"], match["year2"]
    if len(last) == 2:
        last = first[:2] + last
    return f"{first}/{last}" if int(last) > int(first) else ""


def _relative_day(match: re.Match[str], _sentence: str, published: date | None) -> str | None:
    if published is None:
        return None
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[match["word"].lower()]
    return (published + timedelta(days=offset)).isoformat()


def _weekday(match: re.Match[str], sentence: str, published: date | None) -> str | None:
    if published is None:
        return None
    target = _WEEKDAYS[match["weekday"].lower()]
    which = (match["which"] or "").lower()
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    if which == "last":
        return (published - timedelta(days=back or 7)).isoformat()
    if which == "next":
        return (published + timedelta(days=ahead or 7)).isoformat()
    if which == "this":
        return (published + timedelta(days=target - published.weekday())).isoformat()
    if _is_future(sentence, match.start()):
        return (published + timedelta(days=ahead)).isoformat()
    return (published - timedelta(days=back)).isoformat()


def _ago(match: re.Match[str], _sentence: str, published: date | None) -> str | None:
    if published is None:
        return None
    return count_back(published, _count(match["count"]), match["unit"].lower().rstrip("s"))


def count_back(published: date, count: int, unit: str) -> str:
    """ "3 days ago", "last month" and their kin in every language: the day, ISO week, month
    or year `count` units (day, week, month, year) before `published` (after, if negative)."""
    if unit == "day":
        return (published - timedelta(days=count)).isoformat()
    if unit == "week":
        return _week(published - timedelta(weeks=count))
    if unit == "month":
        year, month = _shift_month(published.year, published.month, -count)
        return f"{year}-{month:02d}"
    return str(published.year - count)


def _relative_period(match: re.Match[str], _sentence: str, published: date | None) -> str | None:
    if published is None:
        return None
    offset = {"last": -1, "next": 1, "this": 0}[match["which"].lower()]
    unit = match["unit"].lower()
    edge = (match["edge"] or "").lower()
    if unit == "year" and edge in {"early", "late"}:  # "late last year": a half
        return f"{published.year + offset}-{'H1' if edge == 'early' else 'H2'}"
    return count_back(published, -offset, unit)


def _bare_month_any(match: re.Match[str], sentence: str, published: date | None) -> str | None:
    """Bare month names; "May" and "March" count only after a preposition (verbs otherwise)."""
    if match["month2"] is not None:
        if published is None:
            return None
        future = True if _is_future(sentence, match.start()) else None
        if future is None and _PAST.search(sentence):
            future = False
        return _month_value(_month_number(match["month2"]), published, future)
    return _bare_month(match, sentence, published)


# -- the rules, most specific first --------------------------------------------------------------

_RULES: tuple[_Rule, ...] = tuple(
    _Rule(re.compile(pattern), resolve)
    for pattern, resolve in (
        (rf"{_NOT_BEFORE}(?:{_WEEKDAY},?\s+)?{_M}\s+{_DAY},?\s+{_YEAR}{_NOT_AFTER}", _full_date),
        (rf"{_NOT_BEFORE}(?:{_WEEKDAY},?\s+)?{_DAY}\s+{_M},?\s+{_YEAR}{_NOT_AFTER}", _full_date),
        (r"(?<![\d-])(?P<year>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<day>\d{2})(?![\d-])", _iso_date),
        (
            rf"{_NOT_BEFORE}{_M}\s+{_DAY}\s*(?:-|–|—|to|through|until)\s*"
            rf"(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?\s+{_YEAR}|\s+(?P<which>last|next|this)\s+year)?{_NOT_AFTER}",
            _cross_month_range,
        ),
        (
            rf"(?i:between|from)\s+{_M},?\s+{_YEAR}\s+(?i:and|to|through|until)\s+"
            rf"(?P<month2>{_MONTH})\.?,?\s+(?P<year2>(?:1[89]|20)\d{{2}}){_NOT_AFTER}",
            _month_year_range,
        ),
        (
            rf"(?i:between|from)\s+{_M}\s+(?i:and|to|through|until)\s+(?P<month2>{_MONTH})\.?,?"
            rf"\s+{_YEAR}{_NOT_AFTER}",
            _month_range,
        ),
        (
            rf"{_NOT_BEFORE}{_M}\s+{_DAY}{_RANGE_JOIN}(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?\s+{_YEAR})?{_NOT_AFTER}",
            _day_range,
        ),
        (rf"{_NOT_BEFORE}{_M}\s+{_DAY}(?![\w-]|,?\s+\d)", _month_day),
        (rf"{_NOT_BEFORE}{_DAY}\s+(?:of\s+)?{_M}(?![\w-]|,?\s+\d)", _month_day),
        (rf"{_NOT_BEFORE}{_M},?\s+{_YEAR}{_NOT_AFTER}", _month_year),
        (rf"{_NOT_BEFORE}{_M}\s+(?P<which>last|next|this)\s+year\b", _month_relative_year),
        (
            rf"(?i:between\s+){_YEAR}\s+and\s+(?P<year2>(?:1[89]|20)\d{{2}}){_NOT_AFTER}",
            _year_range,
        ),
        (
            rf"{_NOT_BEFORE}{_YEAR}\s*(?:-|–|to)\s*(?P<year2>(?:1[89]|20)?\d{{2}}){_NOT_AFTER}",
            _year_range,
        ),
        (r"(?i)\b(?P<word>today|yesterday|tomorrow)\b", _relative_day),
        (rf"(?i)\b{_COUNT}\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", _ago),
        (
            r"(?i)\b(?:(?P<edge>earlier|later|late|early)\s+)?(?P<which>last|next|this)"
            r"\s+(?P<unit>week|month|year)(?:'s|’s)?\b",
            _relative_period,
        ),
        (rf"\b(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his)\s+)?{_WEEKDAY}(?:'s|’s)?\b", _weekday),
        (
            rf"(?:(?P<prefix>\b(?:in|In|since|Since|by|until|during|from|early|late|mid|mid-|last"
            rf"|next|the|The|of|this|that|on)\s*)(?P<month>{_MONTH})\b(?!\s+\d)"
            rf"|\b(?P<month2>January|February|April|June|July|August|September|October|November"
            rf"|December)\b(?!\s+\d|\.?\w))",
            _bare_month_any,
        ),
        (
            rf"(?i:(?P<part>early|late|mid|mid-|the\s+(?:start|beginning|end|first\s+half"
            rf"|second\s+half)\s+of))\s*-?\s*(?:{_YEAR}|(?i:(?P<which>last|next|this)\s+year))"
            rf"{_NOT_AFTER}",
            _part_of_year,
        ),
        (rf"{_NOT_BEFORE}{_YEAR}{_NOT_AFTER}", _year),
    )
)

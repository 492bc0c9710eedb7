"""Date expressions in news text, normalised to ISO 8601 at their real granularity.

Relative expressions ("Wednesday", "last week", "next year") are resolved against the
article's publication date; the tense around a weekday or a bare month decides whether it
looks back or ahead. Without a publication date only expressions that carry a year resolve.
Values: "2019", "2023-12", "2023-12-27", ISO weeks "2023-W51", halves "2024-H1", and ranges
"A/B". Anaphoric expressions ("that year", "the next day", "a week later", "April 22 that
year") anchor on the date the text named last before them.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateFact", "extract_dates"]

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_M = rf"(?P<month>{_MONTH})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = r"(?P<count>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_RANGE_JOIN = r"\s*(?:-|–|—|to|through|and|until)\s*"
_NOT_AFTER = r"(?![\w-])"
_NOT_BEFORE = r"(?<![\w-])"

# Cues that the clause before a weekday or a month speaks about the future.
_FUTURE = re.compile(
    r"\b(?:will|shall|would|'ll|is to|are to|due|expected|plans?|planned|planning|scheduled"
    r"|set to|set for|slated|to be held|going to|upcoming|coming|intends?|aims?|hopes?|seeks?"
    r"|ahead of|begins?|starts?|opens?|resumes?|meets?|holds?|visits?|arrives?|convenes?"
    r"|takes? place|travels?|heads?)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:said|says|told|announced|reported|was|were|had|did|held|met|launched|fired|began"
    r"|ended|took|killed|attacked|struck|hit|last|since|ago)\b",
    re.IGNORECASE,
)
_NOT_A_YEAR_AFTER = re.compile(
    r"\s*(?:s\b|'s\b|[-–](?:\d|[a-z])|\s*(?:troops|soldiers|people|km|kilometers|kilometres"
    r"|miles|tons|tonnes|meters|metres|feet|rounds|drones|missiles|shells|civilians|men|women"
    r"|children|units|pounds|dollars|euros|cases|votes|members|hours|days|times|percent)\b)",
    re.IGNORECASE,
)
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
                fact = DateFact(item.group(0).strip(), _anaphoric(item, anchors, published),
                                sentence)  # fmt: skip
            else:
                fact = item
            if fact.value:
                anchors.append(fact.value.split("/")[0])
            key = (fact.text.lower(), fact.value)
            if key not in seen:
                seen.add(key)
                facts.append(fact)
    return facts


_ANAPHORA = re.compile(
    rf"\b(?i:(?P<md>(?-i:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|(?:in\s+)?(?-i:{_MONTH}))"
    r"\s+(?:of\s+)?that\s+year"
    r"|(?P<year_ref>(?:later |earlier )?that year|the same year|the following year|the next year"
    r"|the previous year|the year before|the year after|a year (?:later|earlier))"
    r"|(?P<month_ref>(?:later |earlier )?that month|the same month|the following month"
    r"|the next month|the previous month|a month (?:later|earlier))"
    rf"|(?P<day_ref>the (?:next|following|previous) day|the day (?:after|before)"
    rf"|{_COUNT.replace('count', 'days')} days? (?:later|earlier|after|before)"
    rf"|(?P<weeks>{_COUNT.replace('count', 'wcount')}) weeks? (?:later|earlier)"
    r"|the (?:following|next|previous) week))\b"
)
# Every anaphoric expression has one of these words: a cheap test before the long pattern.
_ANAPHORA_CUE = re.compile(r"(?i)\b(?:that|same|following|next|previous|later|earlier|before"
                           r"|after)\b")  # fmt: skip
_EARLIER = re.compile(r"(?i)earlier|previous|before")


def _anaphoric(match: re.Match[str], anchors: list[str], published: date | None) -> str | None:
    """Resolve "that year", "the next day", "April 22 that year" against the last date named
    that is fine enough (a day for "the next day", a month for "the following month")."""
    if match["day_ref"]:
        wanted = r"\d{4}-\d{2}-\d{2}"
    elif match["month_ref"]:
        wanted = r"\d{4}-\d{2}(?:-\d{2})?"
    else:
        wanted = r"\d{4}.*"
    fallback = [published.isoformat()] if published else []
    base = next((a for a in reversed([*fallback, *anchors]) if re.fullmatch(wanted, a)), None)
    if base is None:
        return None
    year = int(base[:4])
    text = match.group(0)
    back = -1 if _EARLIER.search(text) and "that" not in text.lower() else 1
    if match["md"]:
        words = match["md"].split()
        month = _month_number(words[-1] if words[0].lower() == "in" else words[0])
        day_text = re.search(r"\d{1,2}", match["md"])
        if day_text is None:
            return f"{year}-{month:02d}"
        found = _safe_date(year, month, int(day_text.group(0)))
        return found.isoformat() if found else None
    if match["year_ref"]:
        lower = text.lower()
        same = "that" in lower or "same" in lower
        return str(year if same else year + back)
    if match["month_ref"]:
        if len(base) < 7 or base[4] != "-" or not base[5:7].isdigit():
            return None
        lower = text.lower()
        delta = 0 if ("that" in lower or "same" in lower) else back
        y, m = _shift_month(year, int(base[5:7]), delta)
        return f"{y}-{m:02d}"
    day = date.fromisoformat(base) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", base) else None
    if day is None:
        return None
    if match["weeks"]:
        return _week(day + timedelta(weeks=back * _count(match["wcount"])))
    if "week" in text.lower():
        return _week(day + timedelta(weeks=back))
    count = _count(match["days"]) if match["days"] else 1
    return (day + timedelta(days=back * count)).isoformat()


def _text_start(match: re.Match[str]) -> int:
    """Where the date's own words begin: "in December" is reported as "December"."""
    groups = match.groupdict()
    prefix = (groups.get("prefix") or "").strip().lower()
    if prefix and prefix not in {"last", "next", "early", "late", "mid", "mid-", "this"}:
        return match.start("month")
    return match.start()


# -- calendar helpers ---------------------------------------------------------------------------


def _month_number(text: str) -> int:
    return _MONTHS[text.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _count(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text.lower()]


def _is_future(sentence: str, start: int) -> bool:
    """Future when the clause just before the expression has a future cue and no past cue."""
    before = sentence[max(0, start - 100) : start]
    before = re.split(r"[;:]|,\s+(?:and|but|while|when|after|as)\b", before)[-1]
    future = [m.end() for m in _FUTURE.finditer(before)]
    past = [m.end() for m in _PAST.finditer(before)]
    return bool(future) and (not past or max(future) > max(past))


def _tense(sentence: str, start: int, end: int) -> bool | None:
    """True for a future clause, False for a past one ("Russia struck on April 22", "On April
    22, troops crossed"), None when the words around say neither."""
    if _is_future(sentence, start):
        return True
    before = re.split(r"[;:]|,\s+(?:and|but|while|when|after|as)\b",
                      sentence[max(0, start - 100) : start])[-1]  # fmt: skip
    if _PAST_EVENT.search(before):
        return False
    after = re.split(r"[;:]|,\s+(?:and|but|while|when|after|as)\b", sentence[end : end + 80])
    clause = after[0] if after[0].strip(" ,") else " ".join(after[:2])
    if _FUTURE.search(clause):
        return True
    return False if _PAST_EVENT.search(clause) else None


# Past-tense verbs of events (not "said", which reports the past and the future alike).
_PAST_EVENT = re.compile(
    r"\b(?:was|were|had|did|held|met|launched|fired|began|ended|took|killed|attacked|struck"
    r"|hit|crossed|seized|captured|shot|signed|died|arrived|left|invaded|bombed|sank|detained"
    r"|arrested|downed|shelled|raided|clashed|withdrew|entered|occurred|happened|came|went"
    r"|\w{3,}ed)\b",
    re.IGNORECASE,
)


def _nearest_year(month: int, day: int, published: date, future: bool | None = None) -> date | None:
    """The year that puts month/day nearest publication: only on or after it for the
    future, only on or before it for the past."""
    candidates = [
        d for y in (published.year - 1, published.year, published.year + 1)
        if (d := _safe_date(y, month, day)) is not None
        and (not future or d >= published) and (future is not False or d <= published)
    ]  # fmt: skip
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - published).days), d > published))


def _month_value(month: int, published: date, future: bool | None) -> str:
    here = published.year * 12 + published.month - 1
    options = [(y, month) for y in (published.year - 1, published.year, published.year + 1)]
    if future is True:
        options = [o for o in options if o[0] * 12 + o[1] - 1 >= here]
    elif future is False:
        options = [o for o in options if o[0] * 12 + o[1] - 1 <= here]
    year, _ = min(options, key=lambda o: abs(o[0] * 12 + o[1] - 1 - here))
    return f"{year}-{month:02d}"


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


# A capitalised name right before a number makes it a designation: "Mirage 2000".
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b(?P<name>[A-Z][\w-]*)\s+$")
_NOT_NAMES = frozenset(
    "In Since By Until From During After Before Through Of On For And The Between Around Early "
    "Late Mid End Summer Winter Spring Autumn Fall Until Till Circa About Over Under Year "
    "Years Also But Or Than Then Throughout Within Across Starting Beginning Entering Ending "
    "Last Next This Only Even Until Between Fiscal FY Spring".split()
)


def _year(match: re.Match[str], sentence: str, _published: date | None) -> str | None:
    if _NOT_A_YEAR_AFTER.match(sentence, match.end()):
        return ""
    name = _NAME_BEFORE.search(sentence, 0, match.start())
    if name and name["name"] not in _NOT_NAMES and name["name"].lower() not in _MONTHS:
        return ""
    if re.search(r"[\d,.$€£]\s*$|\b(?:No|no|number|Type|Route|flight|Flight)\s*$",
                 sentence[: match.start()]):  # fmt: skip
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
    count, unit = _count(match["count"]), match["unit"].lower().rstrip("s")
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
    if unit == "week":
        return _week(published + timedelta(weeks=offset))
    if unit == "month":
        year, month = _shift_month(published.year, published.month, offset)
        return f"{year}-{month:02d}"
    return str(published.year + offset)


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

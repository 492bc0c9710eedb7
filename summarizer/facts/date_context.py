"""What a date expression means depends on where it stands: the tense of its clause ("will
meet on Wednesday" looks ahead), the publication date it is nearest to, and, for anaphora
("that year", "the next day", "April 22 that year"), the date the text named last before it.

Also the calendar arithmetic (safe dates, ISO weeks, month shifts) these and the rules share.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from summarizer.facts.date_patterns import _COUNT, _MONTH, _count, _month_number

# Cues that the clause before a weekday or a month speaks about the future.
_FUTURE = re.compile(
    r"(?i)\b(?:will|shall|would|'ll|is to|are to|due|expected|plans?|planned|planning|scheduled"
    r"|set to|set for|slated|to be held|going to|upcoming|coming|intends?|aims?|hopes?|seeks?"
    r"|ahead of|begins?|starts?|opens?|resumes?|meets?|holds?|visits?|arrives?|convenes?"
    r"|takes? place|travels?|heads?)\b"
)
_PAST = re.compile(
    r"(?i)\b(?:said|says|told|announced|reported|was|were|had|did|held|met|launched|fired|began"
    r"|ended|took|killed|attacked|struck|hit|last|since|ago)\b"
)
# Past-tense verbs of events (not "said", which reports the past and the future alike).
_PAST_EVENT = re.compile(
    r"(?i)\b(?:was|were|had|did|held|met|launched|fired|began|ended|took|killed|attacked|struck"
    r"|hit|crossed|seized|captured|shot|signed|died|arrived|left|invaded|bombed|sank|detained"
    r"|arrested|downed|shelled|raided|clashed|withdrew|entered|occurred|happened|came|went"
    r"|\w{3,}ed)\b"
)

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
_ANAPHORA_CUE = re.compile(
    r"(?i)\b(?:that|same|following|next|previous|later|earlier|before"
    r"|after)\b"
)
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
    before = re.split(
        r"[;:]|,\s+(?:and|but|while|when|after|as)\b", sentence[max(0, start - 100) : start]
    )[-1]
    if _PAST_EVENT.search(before):
        return False
    after = re.split(r"[;:]|,\s+(?:and|but|while|when|after|as)\b", sentence[end : end + 80])
    clause = after[0] if after[0].strip(" ,") else " ".join(after[:2])
    if _FUTURE.search(clause):
        return True
    return False if _PAST_EVENT.search(clause) else None


def _nearest_year(month: int, day: int, published: date, future: bool | None = None) -> date | None:
    """The year that puts month/day nearest publication: only on or after it for the
    future, only on or before it for the past."""
    candidates = [
        d
        for y in (published.year - 1, published.year, published.year + 1)
        if (d := _safe_date(y, month, day)) is not None
        and (not future or d >= published)
        and (future is not False or d <= published)
    ]
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

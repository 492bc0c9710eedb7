"""The resolvers of native-language date matches, one per rule kind: each turns a match into
an ISO value at its real granularity, "" when the match is not a date after all (30 February,
"среда" alone), or None when it needs a publication date that is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from types import MappingProxyType

from summarizer.facts.date_context import (
    _month_value,
    _nearest_year,
    _safe_date,
    _shift_month,
)
from summarizer.facts.dates import count_back
from summarizer.facts.native_date_context import (
    WANTED,
    Context,
    after_until,
    anchor,
    clause_tense,
    count_of,
    group,
    month_of,
    number,
    part_of,
    shift,
    stands_alone,
    unit_of,
    which_of,
    word_tense,
)
from summarizer.facts.native_date_words import Kind, NativeRule, stem

__all__ = ["RESOLVERS", "Resolver"]

Resolver = Callable[[re.Match[str], NativeRule, Context], str | None]

_DAY_MONTH_BEFORE = re.compile(r"(?<!\d)\d{1,2}\s+(?P<word>[^\W\d]+)\s+$")


def _full(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    day = _safe_date(
        number(ctx, match["year"]) or 1, month_of(ctx, match["month"]), number(ctx, match["day"])
    )
    return day.isoformat() if day and month_of(ctx, match["month"]) else ""


def _day_month(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    month, day = month_of(ctx, match["month"]), number(ctx, match["day"])
    if not month or _safe_date(2024, month, day) is None:
        return ""
    if ctx.published is None:
        return None
    offset = which_of(ctx, group(match, "which"))
    if offset is not None:
        found = _safe_date(ctx.published.year + offset, month, day)
        return found.isoformat() if found else ""
    tense = word_tense(match, ctx)
    if tense is None and not after_until(ctx, match.start()):
        tense = clause_tense(ctx, match.start(), match.end())
    resolved = _nearest_year(month, day, ctx.published, tense)
    return resolved.isoformat() if resolved else ""


def _day_range(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    month = month_of(ctx, match["month"])
    first, last = number(ctx, match["day"]), number(ctx, match["day2"])
    if not month or last <= first or _safe_date(2024, month, last) is None:
        return ""
    if group(match, "year"):
        start = _safe_date(number(ctx, match["year"]), month, first)
    elif ctx.published is not None:
        start = _nearest_year(
            month, first, ctx.published, clause_tense(ctx, match.start(), match.end())
        )
    else:
        return None
    end = _safe_date(start.year, month, last) if start else None
    return f"{start.isoformat()}/{end.isoformat()}" if start and end else ""


def _cross_range(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    first = (month_of(ctx, match["month"]), number(ctx, match["day"]))
    last = (month_of(ctx, match["month2"]), number(ctx, match["day2"]))
    if not first[0] or not last[0] or None in (_safe_date(2024, *first), _safe_date(2024, *last)):
        return ""
    if group(match, "year"):
        year = number(ctx, match["year"])
    elif ctx.published is not None:
        start = _nearest_year(*first, ctx.published, clause_tense(ctx, match.start(), match.end()))
        if start is None:
            return ""
        year = start.year
    else:
        return None
    start_day = _safe_date(year, *first)
    end_day = _safe_date(year if last >= first else year + 1, *last)
    if start_day is None or end_day is None:
        return ""
    return f"{start_day.isoformat()}/{end_day.isoformat()}"


def _month_range(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    year = number(ctx, match["year"])
    first, last = month_of(ctx, match["month"]), month_of(ctx, match["month2"])
    if not first or not last or first == last:
        return ""
    return f"{year if first < last else year - 1}-{first:02d}/{year}-{last:02d}"


def _month_year(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    month = month_of(ctx, match["month"])
    return f"{number(ctx, match['year']):04d}-{month:02d}" if month else ""


def _month_rel(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    month, offset = month_of(ctx, match["month"]), which_of(ctx, group(match, "which"))
    if not month or offset is None:
        return ""
    return f"{ctx.published.year + offset}-{month:02d}" if ctx.published else None


def _ref_date(match: re.Match[str], rule: NativeRule, ctx: Context) -> str | None:
    """ "в августе того же года", "24 نوفمبر من العام نفسه", "次年3月": the anchor's year."""
    month, day = month_of(ctx, match["month"]), number(ctx, group(match, "day"))
    if not month or (day and _safe_date(2024, month, day) is None):
        return ""
    base = anchor(ctx, "year")
    if base is None:
        return None
    year = int(base[:4]) + rule.step
    if not day:
        return f"{year}-{month:02d}"
    found = _safe_date(year, month, day)
    return found.isoformat() if found else ""


def _bare_month(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    month = month_of(ctx, match["month"])
    if not month or stands_alone(match, ctx, match["month"]):
        return ""
    published = ctx.published
    if published is None:
        return None
    tense = word_tense(match, ctx)
    since, prep = ctx.grammar.since, group(match, "prep")
    if tense is None and since is not None and prep is not None and since.fullmatch(prep):
        return _month_value(month, published, False)
    if tense is False:  # "نوفمبر الماضي": as "last November"
        return _month_value(month, published - timedelta(days=1), False)
    if tense is True:
        return _month_value(month, published + timedelta(days=31), True)
    if after_until(ctx, match.start("month")):  # the words before the month, its "до" too
        return _month_value(month, published, None)  # "до конца декабря": the nearest
    return _month_value(month, published, clause_tense(ctx, match.start(), match.end()))


def _year(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    day_and_month = _DAY_MONTH_BEFORE.search(match.string, 0, match.start())
    if day_and_month and month_of(ctx, day_and_month["word"]):
        return ""  # the year of a date rejected as impossible: "30 февраля 2024 года"
    return f"{number(ctx, match['year']):04d}"


def _year_range(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    first, last = number(ctx, match["year"]), number(ctx, match["year2"])
    if last < 100:
        last += first // 100 * 100
    return f"{first:04d}/{last:04d}" if last > first else ""


def _half(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    part = part_of(ctx, match["edge"])
    if group(match, "year"):
        year = number(ctx, match["year"])
    else:
        offset = which_of(ctx, group(match, "which"))
        if offset is None:
            return ""
        if ctx.published is None:
            return None
        year = ctx.published.year + offset
    return f"{year}-{part}" if part else str(year)


def _half_ref(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    """ "в конце года", "年底", "نهاية العام": the year named last, else the publication's; in
    a future clause never a year before publication ("будут развернуты до конца года")."""
    base = anchor(ctx, "year")
    if base is None:
        return None
    year, published = int(base[:4]), ctx.published
    if published and year < published.year and clause_tense(ctx, match.start(), match.end()):
        year = published.year
    part = part_of(ctx, match["edge"])
    return f"{year}-{part}" if part else str(year)


def _weekday(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    target = stem(ctx.grammar.weekdays, ctx.grammar.normalise(match["weekday"]))
    if target is None or stands_alone(match, ctx, match["weekday"]):
        return ""
    published = ctx.published
    if published is None:
        return None
    which = which_of(ctx, group(match, "which"))
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    if which is not None and ctx.grammar.calendar_weeks:
        monday = published - timedelta(days=published.weekday())
        return (monday + timedelta(days=7 * which + target)).isoformat()
    if which is not None and which < 0:
        return (published - timedelta(days=back or 7)).isoformat()
    if which is not None and which > 0:
        return (published + timedelta(days=ahead or 7)).isoformat()
    if which == 0:
        return (published + timedelta(days=target - published.weekday())).isoformat()
    if clause_tense(ctx, match.start(), match.end()):
        return (published + timedelta(days=ahead)).isoformat()
    return (published - timedelta(days=back)).isoformat()


def _rel_day(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    offset = stem(ctx.grammar.days, ctx.grammar.normalise(match["rel"]))
    if offset is None:
        return ""
    return (ctx.published + timedelta(days=offset)).isoformat() if ctx.published else None


def _rel_period(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    offset = which_of(ctx, group(match, "which", "which2"))
    unit = unit_of(ctx, group(match, "unit", "unit2")) or "year"
    if offset is None:
        return ""
    published = ctx.published
    if published is None:
        return None
    edge = group(match, "edge")
    if unit == "year" and edge:  # "в конце прошлого года": a half
        part = part_of(ctx, edge)
        return f"{published.year + offset}-{part}" if part else str(published.year + offset)
    return count_back(published, -offset, unit)


def _ago(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    count, unit = count_of(match, ctx)
    if unit is None or not 0 < count < 100:
        return ""
    if ctx.published is None:
        return None
    return count_back(ctx.published, count, unit)


def _anaphora(match: re.Match[str], rule: NativeRule, ctx: Context) -> str | None:
    """ "на следующий день", "через неделю", "同年", "بعد يومين": the last date named (at
    the unit's granularity) moved by the words' count, else the publication date."""
    if rule.unit:
        count, unit = (number(ctx, match["count"]) if group(match, "count") else 1), rule.unit
    else:
        count, found_unit = count_of(match, ctx)
        if found_unit is None:
            return ""
        unit = found_unit
    if not 0 < count < 100:
        return ""
    base = anchor(ctx, unit)
    return shift(base, unit, rule.step * count) if base else None


def _day_only(match: re.Match[str], _rule: NativeRule, ctx: Context) -> str | None:
    """ "24日": a day of the month named last, else of the publication's month (the tense
    decides whether it is this month's or the one before or after)."""
    day = number(ctx, match["day"])
    if not 1 <= day <= 31:
        return ""
    base = next((a for a in reversed(ctx.anchors) if re.fullmatch(WANTED["month"], a)), None)
    if base is not None:
        found = _safe_date(int(base[:4]), int(base[5:7]), day)
        return found.isoformat() if found else ""
    published = ctx.published
    if published is None:
        return None
    step = 1 if clause_tense(ctx, match.start(), match.end()) else -1
    year, month = published.year, published.month
    for _ in range(3):
        found = _safe_date(year, month, day)
        if found and (found >= published if step > 0 else found <= published):
            return found.isoformat()
        year, month = _shift_month(year, month, step)
    return ""


RESOLVERS: Mapping[Kind, Resolver] = MappingProxyType(
    {
        "full": _full,
        "day_month": _day_month,
        "day_range": _day_range,
        "cross_range": _cross_range,
        "month_range": _month_range,
        "month_year": _month_year,
        "month_rel": _month_rel,
        "ref_date": _ref_date,
        "bare_month": _bare_month,
        "year": _year,
        "year_range": _year_range,
        "half": _half,
        "half_ref": _half_ref,
        "weekday": _weekday,
        "rel_day": _rel_day,
        "rel_period": _rel_period,
        "ago": _ago,
        "anaphora": _anaphora,
        "day_only": _day_only,
    }
)

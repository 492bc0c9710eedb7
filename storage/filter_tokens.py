"""Filter tokens: what makes source, date, actor and weapon filters index lookups.

Each article carries a line of tokens in `articles.search_meta` (for example
"src3 y2024 m202401 d20240115 actor_north_korea weapon_hwasong_18"), indexed by SQLite's FTS5
next to its title and text. A filter then becomes an FTS5 expression over that column, and
FTS5 answers the whole query, filters included, from its index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

__all__ = ["date_range_tokens", "fact_token", "meta_line", "source_token"]

_NOT_WORD = re.compile(r"\W+")
_EARLIEST = date(1900, 1, 1)


def source_token(source_id: int) -> str:
    return f"src{source_id}"


def fact_token(category: str, name: str) -> str:
    """ "actor", "North Korea" -> "actor_north_korea" (a single FTS5 token)."""
    return f"{category}_{_NOT_WORD.sub('_', name.casefold()).strip('_')}"


def day_tokens(day: date) -> list[str]:
    return [f"y{day.year}", f"m{day:%Y%m}", f"d{day:%Y%m%d}"]


def meta_line(
    source_id: int | None, day: date | None, actors: Iterable[str], weapons: Iterable[str]
) -> str:
    tokens = [source_token(source_id)] if source_id is not None else []
    tokens += day_tokens(day) if day else []
    tokens += [fact_token("actor", name) for name in actors]
    tokens += [fact_token("weapon", name) for name in weapons]
    return " ".join(dict.fromkeys(tokens))


def date_range_tokens(since: date | None, until: date | None, latest: date) -> list[str]:
    """Fewest tokens covering [since, until]: whole years, then whole months, then days.

    The range is first cut to the days articles carry tokens for (1900 to `latest`): a
    filter reaching year 1 or 9999 would otherwise walk off the calendar. An empty list
    means the range holds no day: the filter matches nothing."""
    start = max(since or _EARLIEST, _EARLIEST)
    end = min(until or latest, latest)
    tokens: list[str] = []
    day = start
    while day <= end:
        year_end = date(day.year, 12, 31)
        month_end = date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)
        if day.month == 1 and day.day == 1 and year_end <= end:
            tokens.append(f"y{day.year}")
            day = year_end + timedelta(days=1)
        elif day.day == 1 and month_end <= end:
            tokens.append(f"m{day:%Y%m}")
            day = month_end + timedelta(days=1)
        else:
            tokens.append(f"d{day:%Y%m%d}")
            day += timedelta(days=1)
    return tokens

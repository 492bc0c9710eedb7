"""Time zone names, checked the one way every boundary uses (commands, settings, backups).

`ZoneInfo` alone is not a check: a tzdata folder such as "America" raises IsADirectoryError,
and odd strings raise other OSErrors or ValueErrors. A name is a zone when the tz database
knows it as a zone, whatever the platform's zone files look like.
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_MAX_NAME = 64


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def is_zone(name: str) -> bool:
    """True when `name` is an IANA zone that `ZoneInfo` loads."""
    if not isinstance(name, str) or not name or len(name) > _MAX_NAME or name not in _known():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True

"""The stored vocabularies and defaults, for the adapters: storage's, named once there.

Re-exported so that `bot.telegram` and `bot.cli` can type and check what they pass (a
delivery's kind, a watch-list kind, the default weekdays) without importing `storage`.
"""

from __future__ import annotations

from storage.values import (
    CHAT_KINDS,
    DEFAULT_BRIEFING_ITEMS,
    DEFAULT_WEEKDAYS,
    DELIVERY_KINDS,
    DELIVERY_STATUSES,
    MAX_BRIEFING_ITEMS,
    SOURCE_KINDS,
    WATCH_KINDS,
    ChatKind,
    DeliveryKind,
    DeliveryStatus,
    FactCategory,
    SourceKind,
    WatchKind,
)

__all__ = [
    "CHAT_KINDS",
    "DEFAULT_BRIEFING_ITEMS",
    "DEFAULT_WEEKDAYS",
    "DELIVERY_KINDS",
    "DELIVERY_STATUSES",
    "MAX_BRIEFING_ITEMS",
    "SOURCE_KINDS",
    "WATCH_KINDS",
    "ChatKind",
    "DeliveryKind",
    "DeliveryStatus",
    "FactCategory",
    "SourceKind",
    "WatchKind",
]

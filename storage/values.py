"""The fixed vocabularies stored as strings (delivery kinds and outcomes, source, chat and
watch-list kinds, fact categories), and the defaults named once for the whole package.

The aliases are `Literal`s of the stored strings themselves: nothing is migrated, and a
caller that passes "sent" keeps working.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final, Literal, get_args

__all__ = [
    "CHAT_KINDS",
    "CLAIM_LEASE",
    "DEFAULT_BRIEFING_ITEMS",
    "DEFAULT_WEEKDAYS",
    "DELIVERY_KINDS",
    "DELIVERY_STATUSES",
    "MAX_BRIEFING_ITEMS",
    "RETRY_AFTER",
    "SOURCE_KINDS",
    "WATCH_KINDS",
    "ChatKind",
    "DeliveryKind",
    "DeliveryStatus",
    "FactCategory",
    "SourceKind",
    "WatchKind",
]

DeliveryKind = Literal["briefing", "alert", "surge"]
# "claimed" while a sender has it; "failed" may be retried; "blocked" (the chat blocked the
# bot) and "rejected" (Telegram refused the message) are final, like "sent".
DeliveryStatus = Literal["claimed", "sent", "failed", "blocked", "rejected"]
SourceKind = Literal["feed", "site", "manual"]
ChatKind = Literal["private", "group", "supergroup", "channel"]
WatchKind = Literal["keyword", "actor", "weapon"]
FactCategory = Literal["date", "actor", "weapon"]

DELIVERY_KINDS: Final[tuple[DeliveryKind, ...]] = get_args(DeliveryKind)
DELIVERY_STATUSES: Final[tuple[DeliveryStatus, ...]] = get_args(DeliveryStatus)
SOURCE_KINDS: Final[tuple[SourceKind, ...]] = get_args(SourceKind)
CHAT_KINDS: Final[tuple[ChatKind, ...]] = get_args(ChatKind)
WATCH_KINDS: Final[tuple[WatchKind, ...]] = get_args(WatchKind)

# A claim not finished within the lease is presumed dead (its process was killed); a transient
# failure (Telegram unreachable) is retried after RETRY_AFTER (doubling; see storage.briefings).
CLAIM_LEASE: Final = timedelta(minutes=10)
RETRY_AFTER: Final = timedelta(minutes=1)
DEFAULT_BRIEFING_ITEMS: Final = 8  # stories in a briefing, until /settings items changes it
MAX_BRIEFING_ITEMS: Final = 20  # what /settings items allows
DEFAULT_WEEKDAYS: Final = "1234567"  # ISO weekdays (1 = Monday): every day

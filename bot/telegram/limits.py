"""Per-user limits on the expensive commands (summaries, searches): token buckets.

Each user has a bucket per kind that holds `per_minute` tokens and refills continuously; a
request takes tokens by its cost (a long text costs more than a stored article). The buckets
live in the process: they protect the bot from floods, they are not a quota to persist.
Administrators are never limited.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RateLimits", "text_cost"]

# How many (kind, user) buckets are kept; past that the least recently used goes.
_MAX_TRACKED = 10_000
# Characters (or bytes of a document) that one summary token pays for.
_CHARS_PER_TOKEN = 20_000


def text_cost(size: int) -> int:
    """A summary's cost: one token, plus one per 20,000 characters beyond the first."""
    return 1 + max(0, size - 1) // _CHARS_PER_TOKEN


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimits:
    """Token buckets per (kind, user). `take` answers 0 when allowed, else seconds to wait."""

    def __init__(
        self, per_minute: dict[str, int], clock: Callable[[], float] = time.monotonic
    ) -> None:
        # A limit of 0 means unlimited.
        self._capacity = {kind: float(n) for kind, n in per_minute.items() if n > 0}
        self._clock = clock
        self._buckets: OrderedDict[tuple[str, int], _Bucket] = OrderedDict()

    def take(self, kind: str, user: int, cost: int = 1) -> float:
        capacity = self._capacity.get(kind)
        if capacity is None:
            return 0.0
        cost_tokens = min(float(cost), capacity)  # the largest request is always possible
        now = self._clock()
        rate = capacity / 60.0
        key = (kind, user)
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= _MAX_TRACKED:
                # Memory stays bounded under a flood of new users: the user seen longest
                # ago is forgotten (and would start again with a full bucket).
                self._buckets.popitem(last=False)
            bucket = self._buckets[key] = _Bucket(capacity, now)
        else:
            self._buckets.move_to_end(key)
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens >= cost_tokens:
            bucket.tokens -= cost_tokens
            return 0.0
        return max(1.0, math.ceil((cost_tokens - bucket.tokens) / rate))

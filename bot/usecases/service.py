"""`BriefingService`: the one object the adapters hold, made of the use cases by concern.

Each family lives in its own module (`ingest`, `archive`, `timelines`, `trends`, `audience`,
`feeds`); this class only puts them together, so that the bot, its jobs and the CLI share one
database handle, one settings object and one fact extractor made once.
"""

from __future__ import annotations

from bot.usecases.archive import Archive, DigestItem
from bot.usecases.audience import Audience
from bot.usecases.feeds import FeedList, FeedPoll, Feeds, OpmlImport, OutlineOutcome
from bot.usecases.ingest import IngestReport, IngestResult, LineOutcome
from bot.usecases.timelines import Timelines
from bot.usecases.trends import Trends

__all__ = [
    "BriefingService",
    "DigestItem",
    "FeedList",
    "FeedPoll",
    "IngestReport",
    "IngestResult",
    "LineOutcome",
    "OpmlImport",
    "OutlineOutcome",
]


class BriefingService(Feeds, Timelines, Trends, Archive, Audience):
    """Every use case: ingesting (through `Feeds`), reading (timelines and trends too), the
    audience and the feeds."""

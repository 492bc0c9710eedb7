"""Inline-button data: what each button asks for, encoded under Telegram's 64 bytes and read
back into a typed request.

The encoded strings are a contract with buttons already sitting in chats ("a:12", "st:12",
"l:5:5", "items:4", "s:STATE:PAGE", "tlb:STATE:DAY:SPAN:ID:TIE" and "tla:..." for timelines,
"sub", "brief", "help"): they never change. Reading is strict: numbers are ASCII digits only
and bounded, so a forged button is "no longer valid".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.usecases.archive import MAX_OFFSET
from bot.usecases.inputs import MAX_ID

__all__ = [
    "ITEMS_MAX",
    "LATEST_MAX",
    "MAX_LATEST_OFFSET",
    "MAX_SEARCH_PAGE",
    "SEARCH_RESULTS_PER_PAGE",
    "ButtonRequest",
    "LatestPage",
    "SearchPage",
    "SetItems",
    "ShowArticle",
    "ShowBriefing",
    "ShowHelp",
    "ShowStory",
    "Subscribe",
    "TimelinePage",
    "decode",
]

SEARCH_RESULTS_PER_PAGE = 5
MAX_SEARCH_PAGE = MAX_OFFSET // SEARCH_RESULTS_PER_PAGE  # result pages a button may ask for
_MAX_DAY = 3_652_059  # date.max.toordinal(): the last day a cursor can name
_MAX_TIE = 2**30  # a cursor's tie-break has 30 bits; one past is "and the event itself"
MAX_LATEST_OFFSET = 1_000_000  # articles an "Older »" button may skip
LATEST_MAX = 20  # articles per /latest page
ITEMS_MAX = 20  # items per briefing (the service checks the same range)
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


@dataclass(frozen=True)
class Subscribe:
    @property
    def data(self) -> str:
        return "sub"


@dataclass(frozen=True)
class ShowBriefing:
    @property
    def data(self) -> str:
        return "brief"


@dataclass(frozen=True)
class ShowHelp:
    @property
    def data(self) -> str:
        return "help"


@dataclass(frozen=True)
class ShowArticle:
    """An article's summary card (from /search and /latest)."""

    article_id: int

    @property
    def data(self) -> str:
        return f"a:{self.article_id}"


@dataclass(frozen=True)
class ShowStory:
    """The whole story an article belongs to, from all its sources (a /summary card's button)."""

    article_id: int

    @property
    def data(self) -> str:
        return f"st:{self.article_id}"


@dataclass(frozen=True)
class LatestPage:
    """A page of /latest: `count` articles after skipping `offset`."""

    offset: int
    count: int

    @property
    def data(self) -> str:
        return f"l:{self.offset}:{self.count}"


@dataclass(frozen=True)
class SetItems:
    """Items per briefing, from the /settings buttons."""

    items: int

    @property
    def data(self) -> str:
        return f"items:{self.items}"


@dataclass(frozen=True)
class SearchPage:
    """A page of a saved search (`state` is the saved query's id)."""

    state: int
    page: int

    @property
    def data(self) -> str:
        return f"s:{self.state}:{self.page}"


@dataclass(frozen=True)
class TimelinePage:
    """A page of a saved timeline (`state`): the events before a cursor ("« Earlier"), or
    after it ("Later »"). The cursor is an event's first day (an ordinal), how many days it
    covers, its first report's id and a tie-break (`bot.usecases.timelines.Cursor`)."""

    state: int
    day: int
    span: int
    first: int
    tie: int = 0
    later: bool = False

    @property
    def data(self) -> str:
        way = "tla" if self.later else "tlb"
        return f"{way}:{self.state}:{self.day}:{self.span}:{self.first}:{self.tie}"


ButtonRequest = (
    Subscribe
    | ShowBriefing
    | ShowHelp
    | ShowArticle
    | ShowStory
    | LatestPage
    | SetItems
    | SearchPage
    | TimelinePage
)
_WORDS: dict[str, ButtonRequest] = {"sub": Subscribe(), "brief": ShowBriefing(), "help": ShowHelp()}


def decode(data: str) -> ButtonRequest | None:
    """The request a button's data stands for; None when it is malformed or out of bounds."""
    if data in _WORDS:
        return _WORDS[data]
    kind, *fields = data.split(":")
    numbers = [int(p) for p in fields if _ASCII_DIGITS.fullmatch(p) and int(p) <= MAX_ID]
    if len(numbers) != len(fields):
        return None
    match kind, numbers:
        case "a", [article_id]:
            return ShowArticle(article_id)
        case "st", [article_id]:
            return ShowStory(article_id)
        case "l", [offset, count] if offset <= MAX_LATEST_OFFSET and 1 <= count <= LATEST_MAX:
            return LatestPage(offset, count)
        case "items", [items] if 1 <= items <= ITEMS_MAX:
            return SetItems(items)
        case "s", [state, page] if page <= MAX_SEARCH_PAGE:
            return SearchPage(state, page)
        case ("tlb" | "tla") as way, [state, day, span, first, tie] if (
            1 <= day <= _MAX_DAY and span and tie <= _MAX_TIE
        ):
            return TimelinePage(state, day, span, first, tie, later=way == "tla")
    return None

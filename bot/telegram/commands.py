"""The command registry: each command declared once, beside its handler, and read by
dispatch, the Telegram menu (setMyCommands), /help and the argument rules alike.

Also what every command family shares: who is asking (`Caller`), the admin check, the turn of
a user's mistake into a reply, worker threads and rate limits.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from bot.telegram.cards import Cards
from bot.telegram.limits import RateLimits
from bot.telegram.render import Reply, escape, split_html
from bot.usecases.audience import ChatInfo
from bot.usecases.errors import BriefingError, Unavailable
from bot.usecases.service import BriefingService

__all__ = [
    "Caller",
    "Command",
    "CommandFamily",
    "CommandRegistry",
    "admin_only",
    "command",
    "declared",
    "friendly",
]

Answer = Callable[..., Awaitable[list[Reply]]]
A = TypeVar("A", bound=Answer)
T = TypeVar("T")

_ARCHIVE_UNAVAILABLE = "⚠️ The archive is unavailable right now. Please try again in a while."
_DECLARED = "_briefing_command"  # the attribute `command` leaves on a handler

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Caller:
    """Who is talking: the chat (private or group) and the user, and whether they may admin."""

    chat: ChatInfo
    user_id: int | None
    is_admin: bool = False


@dataclass(frozen=True)
class Command:
    """One command: its menu and /help text, and what its handler is given.

    A handler takes the caller, then (when `takes_arguments`) the text after the command,
    then (when `reads_reply`) the text of the message it replies to."""

    name: str
    description: str  # the menu's line, and /help's
    example: str  # /help's example
    takes_arguments: bool = True
    reads_reply: bool = False
    admin_only: bool = False


def friendly(method: A) -> A:
    """A refusal the user caused (bad input, nothing found) is an answer, not a crash. A
    storage failure is the operator's to read: its message names the database (a path, a
    host), so users get a plain apology and the log gets the detail."""

    @wraps(method)
    async def wrapper(*args: Any, **kwargs: Any) -> list[Reply]:
        try:
            return await method(*args, **kwargs)
        except Unavailable as exc:
            logger.warning("%s: %s", method.__name__, exc)
            return [Reply(_ARCHIVE_UNAVAILABLE)]
        except BriefingError as exc:
            return [Reply(f"⚠️ {escape(str(exc))}")]

    return wrapper  # type: ignore[return-value]


def admin_only(what: str) -> Callable[[A], A]:
    """Only the bot's administrators get past: others hear "`what` is for the bot's
    administrators." The handler's second argument is the `Caller`."""

    def decorate(method: A) -> A:
        @wraps(method)
        async def wrapper(self: object, caller: Caller, *args: Any, **kwargs: Any) -> list[Reply]:
            if not caller.is_admin:
                return [Reply(f"{what} is for the bot's administrators.")]
            return await method(self, caller, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def command(description: str, example: str, *, admin: bool = False) -> Callable[[A], A]:
    """Declare a family's method as the handler of the command of its name (admin-only with
    `admin`). What it is given follows its signature: after the caller, `args` (the text
    after the command), then `replied` (the text of the message it answers)."""

    def decorate(method: A) -> A:
        given = list(inspect.signature(method).parameters)[2:]  # after self and the caller
        declared_command = Command(
            method.__name__, description, example, len(given) >= 1, len(given) >= 2, admin
        )
        handler = friendly(admin_only(f"/{method.__name__}")(method) if admin else method)
        setattr(handler, _DECLARED, declared_command)
        return handler

    return decorate


def declared(*families: type) -> tuple[Command, ...]:
    """The commands the family classes declare, family by family, in definition order."""
    return tuple(
        getattr(member, _DECLARED)
        for family in families
        for member in vars(family).values()
        if hasattr(member, _DECLARED)
    )


class CommandRegistry:
    """Every command, bound to the handler of the family object that answers it."""

    def __init__(self, families: Sequence[object]) -> None:
        self._handlers: dict[str, tuple[Command, Answer]] = {}
        for family in families:
            for attribute, member in vars(type(family)).items():
                if hasattr(member, _DECLARED):
                    found: Command = getattr(member, _DECLARED)
                    if found.name in self._handlers:
                        raise ValueError(f"/{found.name} is declared twice")
                    self._handlers[found.name] = (found, getattr(family, attribute))

    def __iter__(self) -> Iterator[Command]:
        return (found for found, _ in self._handlers.values())

    def __contains__(self, name: object) -> bool:
        return name in self._handlers

    async def dispatch(
        self, caller: Caller, name: str, args: str = "", replied: str | None = None
    ) -> list[Reply] | None:
        """The command's replies, None when no command has this name."""
        if name not in self._handlers:
            return None
        found, handler = self._handlers[name]
        if not found.takes_arguments:
            return list(await handler(caller))
        if found.reads_reply:
            return list(await handler(caller, args, replied))
        return list(await handler(caller, args))


class CommandFamily:
    """What a family of commands works with: the service (always in worker threads), the
    summary cards, the rate limits, and who to tell when a subscription changes."""

    def __init__(
        self,
        service: BriefingService,
        cards: Cards,
        limits: RateLimits,
        on_subscription_change: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        self._service = service
        self._cards = cards
        self._limits = limits
        self._on_change = on_subscription_change

    async def _run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(function, *args, **kwargs)

    def _over_limit(self, caller: Caller, kind: str, cost: int = 1) -> list[Reply] | None:
        """A polite refusal when this user has used up their share of `kind` for now."""
        if caller.is_admin:
            return None
        wait = self._limits.take(kind, caller.user_id or caller.chat.id, cost)
        if not wait:
            return None
        what = "summaries" if kind == "summary" else "searches"
        return [
            Reply(
                f"⏳ That is more {what} than I can do for you right now. "
                f"Please try again in {wait:.0f} s."
            )
        ]

    async def _changed(self, chat_id: int) -> None:
        """Let the scheduler follow a subscription change (the console chat has none)."""
        if self._on_change is not None:
            await self._on_change(chat_id)

    @staticmethod
    def _split(text: str) -> list[Reply]:
        return [Reply(part) for part in split_html(text)]

"""What the bot answers, whatever carries the messages (Telegram, or the console chat).

`Conversation` puts the command families together behind one registry and routes what is
not a command: buttons, plain messages, sent files. Each answer is a list of replies (HTML
plus buttons); service calls run in worker threads, and a user's mistake becomes a reply.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.telegram.admin_commands import AdminCommands
from bot.telegram.archive_commands import ArchiveCommands
from bot.telegram.audience_commands import AudienceCommands
from bot.telegram.callbacks import (
    LatestPage,
    SearchPage,
    SetItems,
    ShowArticle,
    ShowBriefing,
    ShowHelp,
    ShowStory,
    Subscribe,
    TimelinePage,
    decode,
)
from bot.telegram.cards import Cards, InThreads
from bot.telegram.commands import Caller, Command, CommandRegistry, declared, friendly
from bot.telegram.limits import RateLimits
from bot.telegram.render import Reply, escape
from bot.telegram.trend_commands import TrendCommands
from bot.telegram.welcome_commands import WelcomeCommands
from bot.usecases.service import BriefingService

__all__ = ["COMMANDS", "MENU", "Caller", "Command", "Conversation"]

# Every command, in the order of the menu and /help: the families', as they declare them.
COMMANDS: tuple[Command, ...] = declared(
    WelcomeCommands, ArchiveCommands, TrendCommands, AudienceCommands, AdminCommands
)
# (name, description, example) of each command, for whoever lists them.
MENU: tuple[tuple[str, str, str], ...] = tuple((c.name, c.description, c.example) for c in COMMANDS)

_CAPTION_COMMANDS = ("/summary", "/ingest", "/sources")  # what a document in a group may ask


class Conversation:
    def __init__(
        self,
        service: BriefingService,
        cards: Cards | None = None,
        on_subscription_change: Callable[[int], Awaitable[None]] | None = None,
        limits: RateLimits | None = None,
    ) -> None:
        self._service = service
        tools = (service, cards or InThreads(service), limits or RateLimits({}))
        self._archive = ArchiveCommands(*tools)
        self._trends = TrendCommands(*tools)
        self._audience = AudienceCommands(*tools, on_subscription_change)
        self._admin = AdminCommands(*tools)
        welcome = WelcomeCommands(*tools, COMMANDS)
        self.commands = CommandRegistry(
            [welcome, self._archive, self._trends, self._audience, self._admin]
        )

    async def dispatch(
        self, caller: Caller, command: str, args: str = "", replied: str | None = None
    ) -> list[Reply]:
        """A command by name, as Telegram and the console chat both deliver them."""
        name = command.lower()
        replies = await self.commands.dispatch(caller, name, args, replied)
        return await self.unknown(caller, name) if replies is None else replies

    async def chat_blocked(self, chat_id: int) -> None:
        """The chat blocked the bot or removed it: no more briefings until it writes again."""
        await asyncio.to_thread(self._service.mark_blocked, chat_id)

    async def unknown(self, caller: Caller, command: str) -> list[Reply]:
        if caller.chat.kind != "private":
            return []  # in a group it may be another bot's command
        return [Reply(f"I don't know /{escape(command[:40])}. Try /help.")]

    async def button(self, caller: Caller, data: str) -> list[Reply]:
        """Inline buttons: what each callback_data asks for (see `callbacks`)."""
        match decode(data):
            case Subscribe():
                return await self.dispatch(caller, "subscribe")
            case ShowBriefing():
                return await self.dispatch(caller, "brief")
            case ShowHelp():
                return await self.dispatch(caller, "help")
            case ShowArticle(article_id):
                return await self.dispatch(caller, "summary", str(article_id))
            case ShowStory(article_id):
                return await self._archive.show_story(caller, article_id)
            case LatestPage() as page:
                return await self._archive.turn_latest_page(page)
            case SetItems() as request:
                return await self._audience.set_items(caller, request)
            case SearchPage() as search:
                return await self._archive.turn_search_page(caller, search)
            case TimelinePage() as page:
                return await self._trends.turn_timeline_page(caller, page)
        return [Reply("That button is no longer valid.")]

    @friendly
    async def document(
        self, caller: Caller, filename: str, data: bytes, caption: str | None
    ) -> list[Reply]:
        """A sent file: its summary, stored (/ingest), or feeds imported (/sources import)."""
        command = (caption or "").strip()
        if caller.chat.kind != "private" and not command.startswith(_CAPTION_COMMANDS):
            return []  # files shared in a group are the group's business
        if command.startswith("/sources"):
            return await self._admin.import_feeds(caller, data, command)
        if command.startswith("/ingest"):
            return await self._admin.ingest_document(caller, filename, data)
        return await self._archive.summarize_file(caller, filename, data)

    async def text(self, caller: Caller, text: str) -> list[Reply]:
        """A plain message: in a private chat, the summary of the article or link it holds."""
        if caller.chat.kind != "private":
            return []  # group privacy: in groups the bot only answers commands
        return await self._archive.summarize_message(caller, text)

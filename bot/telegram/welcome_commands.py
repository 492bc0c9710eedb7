"""/start and /help: what the bot does, and every command with an example."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from bot.telegram.callbacks import ShowBriefing, ShowHelp, Subscribe
from bot.telegram.cards import Cards
from bot.telegram.commands import Caller, Command, CommandFamily, command
from bot.telegram.limits import RateLimits
from bot.telegram.render import Button, Reply, help_html
from bot.usecases.service import BriefingService

__all__ = ["WelcomeCommands"]

_WELCOME = (
    "<b>Briefing</b> keeps an archive of defence and geopolitics news, summarises "
    "articles with their key facts (when, who, with what) and sends a daily briefing "
    "at the time you choose.\n\nSend me a link or a .txt/.html file for its summary, "
    "or try /search, /latest and /brief."
)


class WelcomeCommands(CommandFamily):
    def __init__(
        self,
        service: BriefingService,
        cards: Cards,
        limits: RateLimits,
        commands: Sequence[Command],
        on_subscription_change: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(service, cards, limits, on_subscription_change)
        self._commands = commands

    @command("What this bot does", "/start")
    async def start(self, caller: Caller) -> list[Reply]:
        await self._run(self._service.remember_chat, caller.chat)
        buttons = [
            [
                Button("Subscribe", data=Subscribe().data),
                Button("Latest briefing", data=ShowBriefing().data),
            ],
            [Button("Help", data=ShowHelp().data)],
        ]
        return [Reply(_WELCOME, buttons)]

    @command("Every command, with examples", "/help")
    async def help(self, caller: Caller) -> list[Reply]:
        shown = [
            (c.name, c.description, c.example)
            for c in self._commands
            if caller.is_admin or not c.admin_only
        ]
        return [Reply(help_html(shown))]

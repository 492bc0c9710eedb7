"""The audience's commands: /brief /subscribe /unsubscribe /settings, and the settings'
"− item" / "+ item" buttons. Every change is passed on so the scheduler follows it."""

from __future__ import annotations

from typing import Any

from bot.telegram.callbacks import ITEMS_MAX, SetItems, Subscribe
from bot.telegram.commands import Caller, CommandFamily, command, friendly
from bot.telegram.render import Button, Reply, escape, settings_html
from bot.telegram.story_render import briefing_html
from bot.usecases.audience import SubscriptionRecord
from bot.usecases.errors import BriefingError
from bot.usecases.inputs import parse_count

__all__ = ["AudienceCommands"]

_SETTINGS_USAGE = (
    "settings: time HH:MM | tz Europe/Berlin | items N | days mon-fri | "
    "watch keyword|actor|weapon VALUE | unwatch keyword|actor|weapon VALUE"
)
_SETTING_KEYS = {
    "time": "at",
    "timezone": "timezone",
    "tz": "timezone",
    "items": "items",
    "days": "days",
}


class AudienceCommands(CommandFamily):
    @command("Today's briefing, now", "/brief")
    async def brief(self, caller: Caller) -> list[Reply]:
        briefing = await self._run(self._service.compose_briefing, caller.chat.id, on_demand=True)
        return self._split(briefing_html(briefing))

    @command("Daily briefing at your time", "/subscribe 07:30 Europe/Berlin")
    async def subscribe(self, caller: Caller, args: str) -> list[Reply]:
        at = zone = None
        for word in args.split():
            # Whatever reads like a time is one, so "٠٧:٣٠" gets parse_clock's reason
            # instead of being taken for a zone name.
            if ":" in word or word[0].isdigit():
                at = word
            else:
                zone = word
        record = await self._run(self._service.subscribe, caller.chat, at, zone)
        await self._changed(caller.chat.id)
        return [
            Reply(
                f"Subscribed: a daily briefing at <b>{record.briefing_time:%H:%M}</b> "
                f"({escape(record.timezone)}). Change it with /settings, stop it with "
                "/unsubscribe."
            )
        ]

    @command("Stop the daily briefing", "/unsubscribe")
    async def unsubscribe(self, caller: Caller) -> list[Reply]:
        ended = await self._run(self._service.unsubscribe, caller.chat.id)
        await self._changed(caller.chat.id)
        if not ended:
            return [Reply("This chat has no daily briefing. /subscribe to start one.")]
        return [Reply("Unsubscribed: no more daily briefings. /subscribe to start again.")]

    @command("Time, time zone, watch-list, items", "/settings watch actor North Korea")
    async def settings(self, caller: Caller, args: str) -> list[Reply]:
        words = args.split()
        if words:
            await self._change_settings(caller, words)
        record = await self._run(self._service.subscription, caller.chat.id)
        return [self._settings_reply(record)]

    @friendly
    async def set_items(self, caller: Caller, request: SetItems) -> list[Reply]:
        """The "− item" / "+ item" buttons: the settings message shows the new count."""
        record = await self._run(
            self._service.change_subscription, caller.chat.id, items=request.items
        )
        return [self._settings_reply(record, edit=True)]

    async def _change_settings(self, caller: Caller, words: list[str]) -> None:
        action, rest = words[0].lower(), words[1:]
        chat_id = caller.chat.id
        if action in _SETTING_KEYS and rest:
            key = _SETTING_KEYS[action]
            value: Any = rest[0]
            if key == "items":
                value = parse_count(rest[0], 1, ITEMS_MAX, "/settings items takes how many")
            await self._run(self._service.change_subscription, chat_id, **{key: value})
            await self._changed(chat_id)
        elif action in {"watch", "unwatch"} and len(rest) >= 2:
            kind, value = rest[0].lower(), " ".join(rest[1:])
            if action == "watch":
                await self._run(self._service.watch, caller.chat, kind, value)
            else:
                await self._run(self._service.unwatch, chat_id, kind, value)
        else:
            raise BriefingError(_SETTINGS_USAGE)

    def _settings_reply(self, record: SubscriptionRecord | None, edit: bool = False) -> Reply:
        if record is None or not record.active:
            return Reply(
                "No daily briefing in this chat. /subscribe 07:30 Europe/Berlin",
                [[Button("Subscribe", data=Subscribe().data)]],
                edit=edit,
            )
        less, more = max(1, record.items - 1), min(ITEMS_MAX, record.items + 1)
        buttons = [
            [Button("− item", data=SetItems(less).data), Button("+ item", data=SetItems(more).data)]
        ]
        return Reply(settings_html(record), buttons, edit=edit)

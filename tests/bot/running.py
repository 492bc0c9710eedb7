"""Helpers for tests that run the real bot: the application in a thread, and a user's ask."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from pydantic import SecretStr

from bot.telegram.app import build_application
from bot.telegram.render import telegram_html_to_plain
from bot.usecases.config import Settings
from bot.usecases.service import BriefingService
from storage import Database
from tests.bot.telegram_server import FakeTelegram


def bot_settings(db: Database, telegram: FakeTelegram, **overrides: Any) -> Settings:
    """Settings for a bot on this database talking to this test server (no .env read)."""
    return Settings(
        database_url=SecretStr(str(db.engine.url)),
        telegram_bot_token=SecretStr(telegram.token),
        telegram_base_url=f"{telegram.url}/bot",
        _env_file=None,  # type: ignore[call-arg]
        **overrides,
    )


class RunningBot:
    """The application in its own thread and event loop, long polling the test server."""

    def __init__(
        self, settings: Settings, service: BriefingService, *, polling: bool = True
    ) -> None:
        self.application = build_application(settings, service)
        self._polling = polling
        self._stop = threading.Event()
        self._started = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        application = self.application
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        if self._polling:
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
        self._started.set()
        await asyncio.to_thread(self._stop.wait)
        if self._polling:
            await application.updater.stop()
        await application.stop()
        await application.shutdown()

    def __enter__(self) -> RunningBot:
        self._thread.start()
        assert self._started.wait(20), "the bot did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(20)


def ask(telegram: FakeTelegram, chat_id: int, text: str, count: int = 1, **kwargs) -> list[dict]:
    """Send a message; the bot's answers, each with its text as the user reads it."""
    before = len(telegram.messages_to(chat_id))
    telegram.send_text(chat_id, text, **kwargs)
    answers = telegram.wait_for_messages(chat_id, before + count)[before:]
    return [{**answer, "plain": telegram_html_to_plain(answer["text"])} for answer in answers]

"""The Telegram application: every handler in one visible list, and the one error handler.

Handlers only translate: they read the update, call the conversation (which calls the
service in worker threads) and send what it returns.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, TypeVar

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    JobQueue,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.telegram.cards import Cards, InThreads
from bot.telegram.conversation import COMMANDS, Caller, Conversation
from bot.telegram.jobs import Scheduler
from bot.telegram.limits import RateLimits
from bot.telegram.redact import TokenRedactor
from bot.telegram.render import Button, Reply
from bot.usecases.audience import ChatInfo
from bot.usecases.config import Settings
from bot.usecases.service import BriefingService
from bot.usecases.values import CHAT_KINDS, ChatKind

__all__ = ["BotContext", "build_application", "redact_token"]

logger = logging.getLogger(__name__)
T = TypeVar("T")
# Every message the bot sends (replies, briefings, alerts) is Telegram HTML without link
# previews: set once on the application rather than at each send.
_DEFAULTS = Defaults(
    parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
)
_SORRY = "Sorry, something went wrong on our side. Please try again in a moment."
# A start-up call that only changes how the bot looks, when it fails, is tried again after
# this many seconds, doubling up to the second figure.
_COSMETIC_RETRY_SECONDS = (1.0, 900.0)
# Start-up jobs run however late the scheduler starts (APScheduler would skip them past 1 s).
_ALWAYS_RUN = {"misfire_grace_time": None}


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The typed way for handlers to reach the conversation and the settings."""

    @property
    def conversation(self) -> Conversation:
        return _bot_data(self.application.bot_data, "conversation", Conversation)

    @property
    def settings(self) -> Settings:
        return _bot_data(self.application.bot_data, "settings", Settings)


def _bot_data(bot_data: dict[Any, Any], key: str, kind: type[T]) -> T:
    """What `build_application` put in bot_data, typed; a clear error if it is not there."""
    value = bot_data.get(key)
    if not isinstance(value, kind):
        raise RuntimeError(
            f"bot_data[{key!r}] is not a {kind.__name__}: "
            "was the application made by build_application?"
        )
    return value


Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


def build_application(
    settings: Settings,
    service: BriefingService,
    *,
    cards: Cards | None = None,
    request: HTTPXRequest | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bot, talking to the Bot API at `settings.telegram_base_url`."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    token = settings.telegram_bot_token.get_secret_value()
    base_url = settings.telegram_base_url
    builder = (
        Application.builder()
        .token(token)
        .base_url(base_url)
        .base_file_url(_file_url(base_url))
        .context_types(ContextTypes(context=BotContext))
        .defaults(_DEFAULTS)
        .rate_limiter(AIORateLimiter(max_retries=3))
        # Updates from different people are handled at the same time; one slow summary
        # must not hold up everyone else's search.
        .concurrent_updates(64)
        .post_init(_start)
    )
    if request is not None:
        builder = builder.request(request)
    application = builder.build()
    scheduler = Scheduler(application, service.briefings, service.mark_blocked)
    scheduler.alert_every(timedelta(seconds=settings.alert_interval_seconds))
    scheduler.retry_every(timedelta(seconds=settings.delivery_retry_seconds))
    scheduler.poll_feeds_every(
        timedelta(minutes=settings.feed_interval_minutes), service.poll_feeds
    )
    application.bot_data["scheduler"] = scheduler
    limits = RateLimits(
        {"summary": settings.summary_per_minute, "search": settings.search_per_minute}
    )
    cards = cards or InThreads(service)
    application.bot_data["warm_up"] = _warm_up(cards, service)
    application.bot_data["conversation"] = Conversation(service, cards, scheduler.refresh, limits)
    application.bot_data["settings"] = settings
    application.add_handlers(_handlers())
    application.add_error_handler(on_error)
    return application


def _handlers() -> list[Any]:
    """Every handler the bot has, in order of precedence."""
    plain = [c.name for c in COMMANDS if not c.reads_reply]
    return [
        CommandHandler(plain, on_command),
        *(CommandHandler(c.name, _with_reply(c.name)) for c in COMMANDS if c.reads_reply),
        CallbackQueryHandler(on_button),
        MessageHandler(filters.Document.ALL, on_document),
        MessageHandler(filters.COMMAND, on_unknown_command),
        MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
    ]


async def on_command(update: Update, context: BotContext) -> None:
    """A command: its arguments are the message text after the command word."""
    replies = await context.conversation.dispatch(
        _caller(update, context), _command_name(update), _arguments(update)
    )
    await _send(update, context, replies)


def _command_name(update: Update) -> str:
    message = update.effective_message
    text = message.text if message and message.text else ""
    return text.split()[0].lstrip("/").split("@")[0] if text.split() else ""


def _with_reply(name: str) -> Handler:
    async def handle(update: Update, context: BotContext) -> None:
        """/summary and /facts read the arguments, else the message they reply to."""
        caller = _caller(update, context)
        message = update.effective_message
        replied = message.reply_to_message if message else None
        if replied is not None and replied.document is not None and not _arguments(update):
            data = await _download(replied)
            replies = await context.conversation.document(
                caller, replied.document.file_name or "document.txt", data, None
            )
        else:
            replied_text = (replied.text or replied.caption) if replied else None
            replies = await context.conversation.dispatch(
                caller, name, _arguments(update), replied_text
            )
        await _send(update, context, replies)

    return handle


async def on_document(update: Update, context: BotContext) -> None:
    """A sent file: its summary, or stored when an admin captions it /ingest."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    caller = _caller(update, context)
    limit = context.settings.max_document_bytes
    if (message.document.file_size or 0) > limit:
        await _send(update, context, [Reply(f"That file is larger than {limit // 1_048_576} MB.")])
        return
    data = await _download(message)
    name = message.document.file_name or "document"
    replies = await context.conversation.document(caller, name, data, message.caption)
    await _send(update, context, replies)


async def on_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    await _send(
        update, context, await context.conversation.text(_caller(update, context), message.text)
    )


async def on_unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    replies = await context.conversation.unknown(_caller(update, context), _command_name(update))
    await _send(update, context, replies)


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    replies = await context.conversation.button(_caller(update, context), query.data or "")
    await _send(update, context, replies)


async def on_error(update: object, context: BotContext) -> None:
    """One place for failures: blocked chats are marked inactive, the rest is logged (the
    token is redacted by the log filter) and the user gets a polite answer."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    if isinstance(error, Forbidden) and chat is not None:
        logger.info("chat %s blocked the bot; marking it inactive", chat.id)
        await context.conversation.chat_blocked(chat.id)
        return
    logger.error("update failed: %s", error, exc_info=error)
    if chat is not None:
        try:
            await context.bot.send_message(chat.id, _SORRY)
        except Exception as exc:  # the apology itself failing is only logged
            logger.warning("could not tell chat %s about the failure: %s", chat.id, exc)


async def _send(update: Update, context: BotContext, replies: list[Reply]) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    for reply in replies:
        markup = _markup(reply.buttons)
        if reply.edit and update.callback_query is not None:
            try:
                await update.callback_query.edit_message_text(reply.html, reply_markup=markup)
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():
                    raise
            continue
        if reply.document is not None:
            upload = InputFile(reply.document.data, filename=reply.document.filename)
            if reply.document.kind == "photo":
                await context.bot.send_photo(
                    chat.id, upload, caption=reply.html, reply_markup=markup
                )
            else:
                await context.bot.send_document(
                    chat.id, upload, caption=reply.html, reply_markup=markup
                )
            continue
        await context.bot.send_message(chat.id, reply.html, reply_markup=markup)


def _markup(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    keyboard = [
        [InlineKeyboardButton(b.label, callback_data=b.data, url=b.url) for b in row]
        for row in rows
        if row
    ]
    return InlineKeyboardMarkup(keyboard) if keyboard else None


def _caller(update: Update, context: BotContext) -> Caller:
    chat = update.effective_chat
    user = update.effective_user
    if chat is None:
        raise RuntimeError("a handler was given an update without a chat")
    title = chat.title or chat.username or chat.first_name
    is_admin = user is not None and user.id in context.settings.admin_ids
    return Caller(
        ChatInfo(chat.id, _chat_kind(chat.type), title), user.id if user else None, is_admin
    )


def _chat_kind(chat_type: str) -> ChatKind:
    """Telegram's chat type as stored; a type Telegram adds later counts as private."""
    for kind in CHAT_KINDS:
        if chat_type == kind:
            return kind
    return "private"


def _arguments(update: Update) -> str:
    """Everything after the command word, newlines kept (pasted articles)."""
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) == 2 else ""


async def _download(message: Any) -> bytes:
    file = await message.document.get_file()
    return bytes(await file.download_as_bytearray())


async def _start(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The briefing schedule; then, as jobs that run once polling has begun, so that the bot
    answers within seconds of starting: the command menu, and loading the summary workers
    and the NER model (a /summary sent meanwhile waits for them)."""
    scheduler = _bot_data(application.bot_data, "scheduler", Scheduler)
    await scheduler.start()
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("no job queue: python-telegram-bot[job-queue] is a dependency")
    for cosmetic in _cosmetic_calls():
        _schedule_cosmetic(queue, cosmetic, when=0)
    queue.run_once(application.bot_data["warm_up"], when=0, name="warm-up", job_kwargs=_ALWAYS_RUN)


@dataclass(frozen=True)
class _Cosmetic:
    """A start-up call that only changes how the bot looks (its menu): when Telegram fails
    it, the bot logs a warning and carries on, and tries again later."""

    what: str
    call: Callable[[ExtBot[None]], Awaitable[object]]
    retry_in: float = _COSMETIC_RETRY_SECONDS[0]


def _cosmetic_calls() -> list[_Cosmetic]:
    commands = [BotCommand(c.name, c.description[:256]) for c in COMMANDS]
    # The command menu is the same list /help shows.
    return [_Cosmetic("command menu", lambda bot: bot.set_my_commands(commands))]


async def _job_cosmetic(context: BotContext) -> None:
    job = context.job
    if job is None or not isinstance(job.data, _Cosmetic):
        raise RuntimeError(f"_job_cosmetic was scheduled without its call: {job!r}")
    cosmetic = job.data
    try:
        await cosmetic.call(context.bot)
    except TelegramError as exc:  # one line, no traceback; the log filter keeps the token out
        logger.warning(
            "could not set the %s (%s); trying again in %g s",
            cosmetic.what,
            str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
            cosmetic.retry_in,
        )
        later = replace(cosmetic, retry_in=min(2 * cosmetic.retry_in, _COSMETIC_RETRY_SECONDS[1]))
        if context.job_queue is not None:  # a job always runs on a job queue
            _schedule_cosmetic(context.job_queue, later, when=cosmetic.retry_in)


def _schedule_cosmetic(queue: JobQueue[Any], cosmetic: _Cosmetic, *, when: float) -> None:
    queue.run_once(
        _job_cosmetic, when=when, data=cosmetic, name=cosmetic.what, job_kwargs=_ALWAYS_RUN
    )


def _warm_up(cards: Cards, service: BriefingService) -> Callable[[BotContext], Awaitable[None]]:
    async def job_warm_up(_context: BotContext) -> None:
        """The summary workers, then this process's NER model (feeds and /ingest use it)."""
        started = time.perf_counter()
        await cards.ready()
        await asyncio.to_thread(service.prepare)
        logger.info(
            "summaries and facts ready, %.1f s after polling began", time.perf_counter() - started
        )

    return job_warm_up


def _file_url(base_url: str) -> str:
    """Telegram serves files from /file/bot<token>/... beside /bot<token>/<method>."""
    if base_url.rstrip("/").endswith("/bot"):
        return base_url.rstrip("/")[: -len("/bot")] + "/file/bot"
    return base_url.rstrip("/") + "/file/bot"


def redact_token(token: str) -> logging.Filter:
    """No log line may carry the bot token (HTTP client logs print request URLs). The filter
    goes on the root logger's handlers, and is returned so that it can be taken off."""
    redactor = TokenRedactor(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor

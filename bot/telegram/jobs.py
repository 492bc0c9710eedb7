"""Scheduled work: each subscriber's daily briefing, delivered once.

The schedule lives in the database. At start-up the JobQueue (APScheduler) is rebuilt from it
(one daily job per subscription, at the subscriber's local time, so daylight-saving changes
follow the zone), briefings missed while the bot was down are sent if their time passed
within the grace window, and every /subscribe, /settings or /unsubscribe updates the jobs.
A delivery is claimed in the database before anything is sent, so restarts and several bot
processes never send one briefing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes

from bot.telegram.render import split_html
from bot.telegram.story_render import alert_html, briefing_html
from bot.telegram.trend_render import surge_html
from bot.usecases.audience import SubscriptionRecord
from bot.usecases.briefings import (
    Briefings,
    DeliveryKind,
    DeliveryOutcome,
    Story,
    Surge,
    alert_period,
    latest_due,
    period_of,
    zone_of,
)
from bot.usecases.values import DeliveryStatus

__all__ = ["DeliveryOutcome", "Scheduler", "deliver_alert", "deliver_briefing", "deliver_surge"]

logger = logging.getLogger(__name__)
_ATTEMPTS = 4
_PARALLEL_DELIVERIES = 16
_SAME_CHAT_GAP = 1.0


class Scheduler:
    """Keeps the JobQueue in step with the subscriptions stored in the database."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        briefings: Briefings,
        mark_blocked: Any,
    ) -> None:
        self._application = application
        self._briefings = briefings
        self._mark_blocked = mark_blocked

    async def start(self) -> None:
        """Schedule every subscription; what was missed while the bot was down is sent by a
        one-off job right after start-up, so the bot answers people meanwhile."""
        for subscription in await asyncio.to_thread(self._briefings.subscriptions):
            self._schedule(subscription)
        queue = self._application.job_queue
        if queue is not None:
            queue.run_once(self._job_catch_up, when=0.5, name="catch-up")

    async def _job_catch_up(self, _context: ContextTypes.DEFAULT_TYPE) -> None:
        sent = await self.catch_up()
        logger.info("start-up catch-up: %s briefings sent", sent)

    def alert_every(self, interval: timedelta) -> None:
        """Watch-list alerts as a repeating job: new matching stories go out at once."""
        queue = self._application.job_queue
        if queue is not None:
            queue.run_repeating(self._job_alerts, interval=interval, first=interval, name="alerts")

    async def _job_alerts(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """New stories on watched items, then watched items' surges (each once a day)."""
        now = datetime.now(UTC)
        for subscription, story in await asyncio.to_thread(self._briefings.alerts, now):
            await deliver_alert(
                context.bot, self._briefings, subscription.chat_id, story, self._mark_blocked
            )
        for subscription, surge, period in await asyncio.to_thread(
            self._briefings.surge_alerts, now
        ):
            await deliver_surge(
                context.bot,
                self._briefings,
                subscription.chat_id,
                surge,
                period,
                self._mark_blocked,
            )

    def retry_every(self, interval: timedelta) -> None:
        """Briefings that failed (Telegram unreachable) or whose sender died are tried again
        while still due; the claims' waits and leases decide when."""
        queue = self._application.job_queue
        if queue is not None:
            queue.run_repeating(self._job_retry, interval=interval, first=interval, name="retry")

    async def _job_retry(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        for subscription, period in await asyncio.to_thread(
            self._briefings.retry_due, datetime.now(UTC)
        ):
            outcome = await deliver_briefing(
                context.bot, self._briefings, subscription, period, self._mark_blocked
            )
            logger.info("briefing for chat %s retried: %s", subscription.chat_id, outcome)

    def poll_feeds_every(self, interval: timedelta, poll: Callable[[], Awaitable[Any]]) -> None:
        """Feed polling as a repeating job (each feed keeps its own backoff)."""
        queue = self._application.job_queue
        if queue is None:
            return

        async def job_poll_feeds(_context: ContextTypes.DEFAULT_TYPE) -> None:
            for result in await poll():
                logger.info("feed %s: %s, %s new", result.feed, result.status, result.stored)

        queue.run_repeating(job_poll_feeds, interval=interval, first=5, name="feeds")

    async def catch_up(self, now: datetime | None = None) -> int:
        """Deliver briefings whose time passed within the grace window; claims keep it once."""
        now = now or datetime.now(UTC)
        due = await asyncio.to_thread(self._briefings.due, now)
        # Several at a time: the rate limiter paces sending, the claims keep each one single.
        gate = asyncio.Semaphore(_PARALLEL_DELIVERIES)

        async def deliver(subscription: SubscriptionRecord, period: str) -> DeliveryOutcome:
            async with gate:
                return await deliver_briefing(
                    self._application.bot, self._briefings, subscription, period, self._mark_blocked
                )

        outcomes = await asyncio.gather(*(deliver(s, p) for s, p in due))
        return sum(outcome == "sent" for outcome in outcomes)

    async def refresh(self, chat_id: int) -> None:
        """A subscription changed (or ended): its job follows."""
        subscriptions = await asyncio.to_thread(self._briefings.subscriptions)
        current = next((s for s in subscriptions if s.chat_id == chat_id), None)
        self._unschedule(chat_id)
        if current is not None:
            self._schedule(current)

    def job_names(self) -> list[str]:
        """The briefing jobs now scheduled (one per subscription)."""
        queue = self._application.job_queue
        names = (job.name or "" for job in queue.jobs()) if queue else ()
        return sorted(name for name in names if name.startswith("briefing:"))

    def _schedule(self, subscription: SubscriptionRecord) -> None:
        queue = self._application.job_queue
        if queue is None:
            raise RuntimeError("the application has no job queue (install the job-queue extra)")
        self._unschedule(subscription.chat_id)
        at = subscription.briefing_time.replace(tzinfo=zone_of(subscription.timezone))
        # PTB counts days from Sunday = 0; ISO weekdays from Monday = 1 to Sunday = 7.
        days = tuple(sorted({int(day) % 7 for day in subscription.weekdays if day in "1234567"}))
        queue.run_daily(
            self._job,
            time=at,
            days=days or (0, 1, 2, 3, 4, 5, 6),
            name=_name(subscription.chat_id),
            chat_id=subscription.chat_id,
            job_kwargs={"misfire_grace_time": 60},
        )

    def _unschedule(self, chat_id: int) -> None:
        queue = self._application.job_queue
        if queue is None:
            return
        for job in queue.get_jobs_by_name(_name(chat_id)):
            job.schedule_removal()

    async def _job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A subscriber's briefing time has come."""
        job = context.job
        if job is None or job.chat_id is None:
            return
        subscriptions = await asyncio.to_thread(self._briefings.subscriptions)
        subscription = next((s for s in subscriptions if s.chat_id == job.chat_id), None)
        if subscription is None:
            return
        now = datetime.now(UTC)
        period = period_of(
            latest_due(subscription.briefing_time, subscription.timezone, now),
            subscription.timezone,
        )
        await deliver_briefing(
            context.bot, self._briefings, subscription, period, self._mark_blocked
        )


async def deliver_briefing(
    bot: Bot,
    briefings: Briefings,
    subscription: SubscriptionRecord,
    period: str,
    mark_blocked: Any,
) -> DeliveryOutcome:
    """Claim, compose, send and record one briefing; the outcome: sent, blocked, rejected,
    failed or skipped (already claimed by an earlier run or another process).

    A briefing in several parts keeps its parts and how many went out on the claim, so a
    retry sends the rest of the same briefing instead of repeating what arrived."""
    chat_id = subscription.chat_id
    attempt = await asyncio.to_thread(briefings.claim, chat_id, period)
    if not attempt:
        return "skipped"
    async with _renewed(briefings, chat_id, period, attempt, "briefing"):
        return await _deliver_claimed(bot, briefings, subscription, period, attempt, mark_blocked)


@asynccontextmanager
async def _renewed(
    briefings: Briefings, chat_id: int, period: str, attempt: int, kind: DeliveryKind
) -> AsyncIterator[None]:
    """Renew a claim while its sender lives, and release it in this process at the end.

    A send can wait longer than the lease (behind the flood limit, or retrying a dropped
    connection); without renewal the retry job took such a claim for abandoned and sent the
    briefing a second time."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(briefings.renew_every.total_seconds())
            if not await asyncio.to_thread(briefings.renew, chat_id, period, attempt, kind):
                return

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        briefings.release(chat_id, period, kind)


async def _still_ours(
    briefings: Briefings, chat_id: int, period: str, attempt: int, kind: DeliveryKind
) -> bool:
    """Renew right before a message goes out: a claim another process took over (ours was
    presumed dead) is not sent again by us."""
    return await asyncio.to_thread(briefings.renew, chat_id, period, attempt, kind)


async def _deliver_claimed(
    bot: Bot,
    briefings: Briefings,
    subscription: SubscriptionRecord,
    period: str,
    attempt: int,
    mark_blocked: Any,
) -> DeliveryOutcome:
    chat_id = subscription.chat_id
    # The composed briefing's articles, recorded as what the chat is told. None when a retry
    # resumes from stored parts: the ids stored with those parts stay.
    told: list[int] | None = None

    async def finish(status: DeliveryStatus, error: str | None = None) -> None:
        await asyncio.to_thread(
            briefings.finish, chat_id, period, status, error, attempt=attempt, article_ids=told
        )

    try:
        parts: list[str] | None = None
        sent = 0
        if attempt > 1:  # only a retry can find parts an earlier attempt composed
            parts, sent = await asyncio.to_thread(briefings.progress, chat_id, period)
        if parts is None:
            composed = await asyncio.to_thread(briefings.compose, subscription, datetime.now(UTC))
            told = composed.article_ids
            parts = split_html(briefing_html(composed))
            if len(parts) > 1:
                await asyncio.to_thread(
                    briefings.record_progress,
                    chat_id,
                    period,
                    attempt,
                    parts=parts,
                    article_ids=told,
                )
        for number in range(sent, len(parts)):
            if number > sent:
                await asyncio.sleep(_SAME_CHAT_GAP)  # Telegram: about one message a second per chat
            if not await _still_ours(briefings, chat_id, period, attempt, "briefing"):
                logger.warning("briefing for chat %s was taken over; not sent here", chat_id)
                return "skipped"
            await _send(bot, chat_id, parts[number])
            if len(parts) > 1:
                await asyncio.to_thread(
                    briefings.record_progress, chat_id, period, attempt, parts_sent=number + 1
                )
    except Forbidden as exc:
        await asyncio.to_thread(mark_blocked, chat_id)
        await finish("blocked", str(exc))
        return "blocked"
    except BadRequest as exc:
        # Telegram refused this message itself: sending it again would not help.
        logger.error("briefing for chat %s rejected: %s", chat_id, exc)
        await finish("rejected", str(exc))
        return "rejected"
    except TelegramError as exc:
        logger.warning("briefing for chat %s failed (will retry): %s", chat_id, exc)
        await finish("failed", str(exc))
        return "failed"
    await finish("sent")
    return "sent"


async def _send(bot: Bot, chat_id: int, text: str) -> None:
    """Send, waiting out flood limits and retrying network faults with backoff. The bot is
    the application's: its `Defaults` make the text HTML, without link previews."""
    for attempt in range(_ATTEMPTS):
        try:
            await bot.send_message(chat_id, text)
            return
        except RetryAfter as exc:
            if attempt == _ATTEMPTS - 1:
                raise
            delay = exc.retry_after
            await asyncio.sleep(delay.total_seconds() if hasattr(delay, "total_seconds") else delay)
        except (Forbidden, BadRequest):
            raise
        except NetworkError:
            if attempt == _ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.5 * 2**attempt)


async def deliver_alert(
    bot: Bot, briefings: Briefings, chat_id: int, story: Story, mark_blocked: Any
) -> DeliveryOutcome:
    """One watch-list alert, claimed per (chat, story's first article) so it goes out once."""
    period = alert_period(story.article_ids)
    return await _deliver_once(
        bot,
        briefings,
        chat_id,
        ("alert", period),
        alert_html(story),
        mark_blocked,
        article_ids=story.article_ids,
    )


async def deliver_surge(
    bot: Bot, briefings: Briefings, chat_id: int, surge: Surge, period: str, mark_blocked: Any
) -> DeliveryOutcome:
    """One watch item's surge alert, claimed per (chat, day, item): once a day an item."""
    return await _deliver_once(
        bot, briefings, chat_id, ("surge", period), surge_html(surge), mark_blocked
    )


async def _deliver_once(
    bot: Bot,
    briefings: Briefings,
    chat_id: int,
    claim: tuple[DeliveryKind, str],
    text: str,
    mark_blocked: Any,
    *,
    article_ids: list[int] | None = None,
) -> DeliveryOutcome:
    """Send one message under a claim (kind, period), so it goes out once."""
    kind, period = claim
    attempt = await asyncio.to_thread(briefings.claim, chat_id, period, kind)
    if not attempt:
        return "skipped"

    async def finish(status: DeliveryStatus, error: str | None = None) -> None:
        await asyncio.to_thread(
            briefings.finish,
            chat_id,
            period,
            status,
            error,
            kind,
            attempt,
            article_ids=article_ids,
        )

    async with _renewed(briefings, chat_id, period, attempt, kind):
        try:
            if not await _still_ours(briefings, chat_id, period, attempt, kind):
                return "skipped"
            await _send(bot, chat_id, text)
        except Forbidden as exc:
            await asyncio.to_thread(mark_blocked, chat_id)
            await finish("blocked", str(exc))
            return "blocked"
        except BadRequest as exc:
            await finish("rejected", str(exc))
            return "rejected"
        except TelegramError as exc:
            await finish("failed", str(exc))
            return "failed"
        await finish("sent")
        return "sent"


def _name(chat_id: int) -> str:
    return f"briefing:{chat_id}"

"""Daily briefings and watch-list alerts: when each one is due and what it says.

Composition takes the articles since the subscriber's last briefing (at most a window),
clusters them into stories (`bot.usecases.stories`) and keeps the top N for the subscriber.
Clustering runs once per window and is shared by every subscriber due at the same time; only
the ranking is per subscriber. The claims that send each one once are `Deliveries`'.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.usecases.config import GRACE_HOURS
from bot.usecases.deliveries import (
    DELIVERY_KINDS,
    DELIVERY_STATUSES,
    Deliveries,
    DeliveryKind,
    DeliveryOutcome,
    DeliveryStatus,
    Period,
    alert_period,
)
from bot.usecases.stories import Briefing, Story, StorySet, cluster_window, is_weapon_class
from bot.usecases.surges import Surge, Surges
from storage import Database
from storage.audience import SubscriptionRecord, watch_items_added
from storage.briefings import (
    WindowArticle,
    active_subscriptions,
    articles_by_ids,
    articles_since,
    recent_deliveries,
)
from storage.values import CLAIM_LEASE, DEFAULT_BRIEFING_ITEMS, RETRY_AFTER, WATCH_KINDS
from storage.zones import is_zone

__all__ = [
    "DELIVERY_KINDS",
    "DELIVERY_STATUSES",
    "Briefing",
    "Briefings",
    "DeliveryKind",
    "DeliveryOutcome",
    "DeliveryStatus",
    "Period",
    "Story",
    "StorySet",
    "Surge",
    "alert_period",
    "is_weapon_class",
    "latest_due",
    "period_of",
    "surge_period",
    "zone_of",
]

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=48)
GRACE = timedelta(hours=GRACE_HOURS)
ALERT_WINDOW = timedelta(hours=2)
_CACHED_WINDOWS = 8
ALERTS_PER_HOUR = 5
_LATEST = 60  # articles an on-demand briefing with nothing new looks back over
_LATEST_NOTE = "Nothing new since your last briefing; here are the latest stories."
# What a subscriber was told this long ago still makes a story continuing it an update.
TOLD_WINDOW = timedelta(days=7)
_TOLD_ARTICLES = 300  # the newest of those articles compared with today's stories
_CACHED_TOLD = 64


class Briefings(Deliveries):
    """Who is due a briefing or an alert, and what it says; `Deliveries` sends each once."""

    def __init__(
        self,
        db: Database,
        empty_note: str,
        grace: timedelta = GRACE,
        *,
        lease: timedelta = CLAIM_LEASE,
        retry_after: timedelta = RETRY_AFTER,
    ) -> None:
        super().__init__(db, lease=lease, retry_after=retry_after)
        self._empty_note = empty_note
        self._grace = grace
        # Subscribers due in the same minute share one clustering of the same window: a
        # cache of recent windows, keyed to the minute (not a store: rebuilt on demand).
        self._recent: dict[tuple[datetime, datetime], StorySet] = {}
        # The told articles of recent compositions, by their ids (articles do not change).
        self._told: dict[frozenset[int], list[WindowArticle]] = {}
        self._lock = threading.Lock()
        self._surges = Surges(db)

    def stories_for(self, since: datetime, now: datetime) -> StorySet:
        """The window's stories, clustered once per minute however many subscribers ask."""
        key = (_minute(max(since, now - WINDOW)), _minute(now))
        with self._lock:
            found = self._recent.get(key)
            if found is None:
                found = self.stories(since, now)
                if len(self._recent) >= _CACHED_WINDOWS:
                    self._recent.pop(next(iter(self._recent)))
                self._recent[key] = found
        return found

    def stories(self, since: datetime, now: datetime, *, capped: bool = True) -> StorySet:
        """The stories of the window [since, now] (at most WINDOW long unless not capped),
        clustered and scored once."""
        with self._db.read() as session:
            window = articles_since(session, max(since, now - WINDOW) if capped else since)
        return cluster_window(window, now)

    def latest_stories(self, now: datetime) -> StorySet:
        """The newest stored articles as stories, however old: what an on-demand briefing
        shows when nothing is new (a fresh archive, or a quiet day)."""
        with self._db.read() as session:
            window = articles_since(session, datetime.min.replace(tzinfo=UTC), _LATEST)
        return cluster_window(window, now)

    def compose(
        self,
        subscription: SubscriptionRecord | None,
        now: datetime,
        stories: StorySet | None = None,
        *,
        on_demand: bool = False,
    ) -> Briefing:
        """The briefing a subscriber gets now (or a default one without a subscription).
        Asked for `on_demand` with nothing new, it shows the latest stories and says so."""
        zone = zone_of(subscription.timezone) if subscription else UTC
        since = (subscription.last_briefing_at if subscription else None) or now - timedelta(
            hours=24
        )
        stories = stories or self.stories_for(since, now)
        items = subscription.items if subscription else DEFAULT_BRIEFING_ITEMS
        watch = subscription.watch if subscription else []
        told = self.told_articles(subscription.chat_id, now) if subscription else []
        chosen = stories.select(watch, items, told)
        note = None if chosen else self._empty_note
        if not chosen and on_demand:  # the latest stories, as they are, told or not
            stories = self.latest_stories(now)
            chosen = stories.select(watch, items)
            note = _LATEST_NOTE if chosen else note
        rising = self.rising(watch, now)
        return Briefing(now.astimezone(zone).date(), chosen, stories.articles, note, rising)

    def rising(self, watch: list[tuple[str, str]], now: datetime) -> list[Surge]:
        """The "rising" line: surging watch items first, then the archive's most surging
        actors and weapons; today's (UTC) surges, or yesterday's early in the day."""
        today = now.astimezone(UTC).date()
        return self._surges.rising(watch, today, now) or self._surges.rising(
            watch, today - timedelta(days=1), now
        )

    def surge_alerts(self, now: datetime) -> list[tuple[SubscriptionRecord, Surge, Period]]:
        """Watch items mentioned today (UTC) SURGE_RATIO times their 30-day average, with
        the claim period that sends each item's surge once a day per chat."""
        with self._db.read() as session:
            subscriptions = [s for s in active_subscriptions(session) if s.watch]
        today = now.astimezone(UTC).date()
        found = []
        for subscription in subscriptions:
            for kind, value in subscription.watch:
                if kind not in WATCH_KINDS:
                    continue
                surge = self._surges.of_item(kind, value, today, now)
                if surge is not None:
                    found.append((subscription, surge, surge_period(kind, value, today)))
        return found

    def told_articles(self, chat_id: int, now: datetime) -> list[WindowArticle]:
        """The articles this chat's briefings and alerts told it within TOLD_WINDOW (the
        newest _TOLD_ARTICLES). Chats told the same share one read of them."""
        ids = frozenset(sorted(self.told(chat_id, now - TOLD_WINDOW))[-_TOLD_ARTICLES:])
        if not ids:
            return []
        with self._lock:
            found = self._told.get(ids)
        if found is None:
            with self._db.read() as session:
                found = articles_by_ids(session, sorted(ids), _TOLD_ARTICLES)
            with self._lock:
                if len(self._told) >= _CACHED_TOLD:
                    self._told.pop(next(iter(self._told)))
                self._told[ids] = found
        return found

    def due(self, now: datetime) -> list[tuple[SubscriptionRecord, Period]]:
        """Subscriptions whose briefing time passed within the grace window, with the
        period (the subscriber's local date) it is for. Claims decide who sends it."""
        with self._db.read() as session:
            subscriptions = active_subscriptions(session)
        found = []
        for subscription in subscriptions:
            when = latest_due(subscription.briefing_time, subscription.timezone, now)
            local_day = when.astimezone(zone_of(subscription.timezone)).isoweekday()
            if now - when <= self._grace and str(local_day) in subscription.weekdays:
                found.append((subscription, period_of(when, subscription.timezone)))
        return found

    def retry_due(self, now: datetime) -> list[tuple[SubscriptionRecord, Period]]:
        """Briefings that failed or were abandoned mid-send, still due (the same period,
        within the grace window), whose wait before another try is over."""
        retry = self.retryable("briefing", now)
        if not retry:
            return []
        return [(s, period) for s, period in self.due(now) if (s.chat_id, period) in retry]

    def alerts(self, now: datetime) -> list[tuple[SubscriptionRecord, Story]]:
        """Stories stored in the last ALERT_WINDOW that match a subscriber's watch-list, one
        alert per story (several sources of one event are one alert), at most
        ALERTS_PER_HOUR a chat; a claim per (chat, first article) sends each once. A story
        continuing one the chat was told comes as an update, and not at all when it adds
        nothing to what they were told."""
        with self._db.read() as session:
            subscriptions = [s for s in active_subscriptions(session) if s.watch]
            window = articles_since(session, now - ALERT_WINDOW, ingested=True)
        if not subscriptions or not window:
            return []
        stories = cluster_window(window, now)
        found = []
        for subscription in subscriptions:
            with self._db.read() as session:
                sent = recent_deliveries(
                    session, subscription.chat_id, "alert", now - timedelta(hours=1)
                )
                items = watch_items_added(session, subscription.chat_id)
            budget = ALERTS_PER_HOUR - sent
            told: list[WindowArticle] | None = None
            for cluster in stories.clusters:
                if budget <= 0:
                    break
                arrived = max(a.article.ingested_at for a in cluster.articles)
                # Only news stored after the item was added: a new watch item does not
                # alert on what was already in the archive.
                if not any(
                    arrived >= added and cluster.matches([(kind, value)])
                    for kind, value, added in items
                ):
                    continue
                if told is None:
                    told = self.told_articles(subscription.chat_id, now)
                story = cluster.update_for(told) if told else None
                if story is not None and not story.summary:
                    continue  # all of it was told, or it adds nothing to what was
                found.append((subscription, story or cluster.story))
                budget -= 1
        return found

    def subscriptions(self) -> list[SubscriptionRecord]:
        with self._db.read() as session:
            return active_subscriptions(session)


def surge_period(kind: str, value: str, day: date) -> Period:
    """A surge alert's claim period: the day and the watch item (hashed: a value may be 200
    characters, a period 64), so an item's surge alerts a chat once a day."""
    digest = hashlib.sha256(f"{kind}\x00{value}".encode()).hexdigest()[:20]
    return f"{day.isoformat()}:{digest}"


def latest_due(briefing_time: time, zone: str, now: datetime) -> datetime:
    """The most recent moment (UTC) at or before `now` when this daily briefing was due.

    The time is local to the zone, so it follows daylight-saving changes."""
    tz = zone_of(zone)
    local_today = now.astimezone(tz).date()
    for day in (local_today, local_today - timedelta(days=1)):
        due = datetime.combine(day, briefing_time, tzinfo=tz).astimezone(UTC)
        if due <= now:
            return due
    return datetime.combine(local_today - timedelta(days=2), briefing_time, tzinfo=tz).astimezone(
        UTC
    )


def period_of(due: datetime, zone: str) -> Period:
    """A briefing's period: the subscriber's local date it was due on (ISO, "2024-05-01")."""
    return due.astimezone(zone_of(zone)).date().isoformat()


def zone_of(name: str) -> tzinfo:
    """A stored subscription's zone. A name the tz database does not know as a zone (a row
    written before zones were checked, or a zone a tzdata upgrade dropped) means UTC, with a
    warning: one bad row must not stop start-up or everyone's briefings."""
    if is_zone(name):
        return ZoneInfo(name)
    _warn_bad_zone(name[:64])
    return UTC


@lru_cache(maxsize=128)
def _warn_bad_zone(name: str) -> None:
    """Once per name (while it is among the recent 128): the zone is looked up every minute."""
    logger.warning("subscription time zone %r is not a time zone; using UTC", name)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)

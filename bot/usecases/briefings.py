"""Daily briefings: when each one is due, what it says, and the claims that send it once.

Composition takes the articles since the subscriber's last briefing (at most a window),
clusters them into stories (the same event from several sources becomes one item), ranks the
stories (the subscriber's watch-list first, then how many sources carried it, how recent it
is and how many facts it has) and keeps the top N, each with a headline, one or two summary
sentences, a facts line and its sources. Clustering runs once per window and is shared by
every subscriber due at the same time; only the ranking is per subscriber.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from storage import Database, StoredFact
from storage.audience import SubscriptionRecord, watch_items_added
from storage.briefings import (
    CLAIM_LEASE,
    RETRY_AFTER,
    WindowArticle,
    active_subscriptions,
    articles_since,
    claim_delivery,
    delivery_progress,
    finish_delivery,
    recent_deliveries,
    record_progress,
    renew_claim,
    retryable_deliveries,
)
from storage.zones import is_zone
from summarizer.cluster import StoryItem, cluster_stories
from summarizer.facts.weapons import is_weapon_class
from summarizer.rank import summarize

__all__ = [
    "Briefing",
    "Briefings",
    "Story",
    "StorySet",
    "is_weapon_class",
    "latest_due",
    "period_of",
    "zone_of",
]

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=48)
GRACE = timedelta(hours=6)
ALERT_WINDOW = timedelta(hours=2)
_CACHED_WINDOWS = 8
ALERTS_PER_HOUR = 5
_WATCHED = 10.0
_LATEST = 60  # articles an on-demand briefing with nothing new looks back over
_LATEST_NOTE = "Nothing new since your last briefing; here are the latest stories."


@dataclass(frozen=True)
class Story:
    headline: str
    summary: list[str]
    when: list[str]
    who: list[str]
    weapons: list[str]
    sources: list[tuple[str, str | None]]  # (name, url)
    article_ids: list[int]
    watched: bool = False


@dataclass(frozen=True)
class Briefing:
    day: date
    stories: list[Story]
    articles: int
    note: str | None = None


@dataclass
class _Cluster:
    articles: list[WindowArticle]
    base: float
    names: frozenset[str]
    text: str

    @cached_property
    def story(self) -> Story:
        lead = max(self.articles, key=lambda a: (len(a.facts), -_moment(a).timestamp()))
        facts = [f for a in self.articles for f in a.facts]
        return Story(
            headline=lead.article.title,
            summary=summarize(lead.article.text, sentences=2).sentences,
            when=_top(f for f in facts if f.category == "date" and _is_day(f.name))[:2],
            who=_top(f for f in facts if f.category == "actor")[:4],
            weapons=_named_first(_top(f for f in facts if f.category == "weapon"))[:3],
            sources=_sources(self.articles),
            article_ids=[a.article.id for a in self.articles],
        )


@dataclass
class StorySet:
    """A window's stories, clustered once; subscribers pick and order from it."""

    articles: int
    clusters: list[_Cluster] = field(default_factory=list)

    def select(self, watch: list[tuple[str, str]], items: int) -> list[Story]:
        ranked = sorted(
            self.clusters, key=lambda c: -(c.base + (_WATCHED if _watched(c, watch) else 0.0))
        )
        chosen = []
        for cluster in ranked[:items]:
            story = cluster.story
            if _watched(cluster, watch):
                story = Story(**{**story.__dict__, "watched": True})
            chosen.append(story)
        return chosen


class Briefings:
    def __init__(
        self,
        db: Database,
        empty_note: str,
        grace: timedelta = GRACE,
        *,
        lease: timedelta = CLAIM_LEASE,
        retry_after: timedelta = RETRY_AFTER,
    ) -> None:
        self._db = db
        self._empty_note = empty_note
        self._grace = grace
        self._lease = lease
        self._retry_after = retry_after
        # Subscribers due in the same minute share one clustering of the same window: a
        # cache of recent windows, keyed to the minute (not a store: rebuilt on demand).
        self._recent: dict[tuple[datetime, datetime], StorySet] = {}
        self._lock = threading.Lock()
        # Claims this process holds and is still sending. The lease guards against dead
        # processes; it cannot tell a live sender of this process that is slow (a stalled
        # event loop, a busy database) from a dead one, so this process never takes over
        # its own claims, however late their renewals are.
        self._held: set[tuple[int, str, str]] = set()
        self._held_lock = threading.Lock()

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
        return self._cluster(window, now)

    def _cluster(self, window: list[WindowArticle], now: datetime) -> StorySet:
        items = [
            StoryItem(a.article.id, a.article.title, a.article.text, _moment(a),
                      frozenset(f.name for f in a.facts
                                if f.category in {"actor", "weapon"} and f.name),
                      frozenset(f.name for f in a.facts
                                if f.category == "date" and f.name and len(f.name) == 10))
            for a in window
        ]  # fmt: skip
        clusters = []
        for group in cluster_stories(items):
            members = [window[i] for i in group]
            clusters.append(
                _Cluster(
                    members,
                    _base_score(members, now),
                    frozenset(n for i in group for n in items[i].names),
                    " ".join(f"{m.article.title} {m.article.text}" for m in members).casefold(),
                )
            )
        return StorySet(len(window), clusters)

    def latest_stories(self, now: datetime) -> StorySet:
        """The newest stored articles as stories, however old: what an on-demand briefing
        shows when nothing is new (a fresh archive, or a quiet day)."""
        with self._db.read() as session:
            window = articles_since(session, datetime.min.replace(tzinfo=UTC), _LATEST)
        return self._cluster(window, now)

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
        items = subscription.items if subscription else 8
        watch = subscription.watch if subscription else []
        chosen = stories.select(watch, items)
        note = None if chosen else self._empty_note
        if not chosen and on_demand:
            stories = self.latest_stories(now)
            chosen = stories.select(watch, items)
            note = _LATEST_NOTE if chosen else note
        return Briefing(now.astimezone(zone).date(), chosen, stories.articles, note)

    def due(self, now: datetime) -> list[tuple[SubscriptionRecord, str]]:
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

    def retry_due(self, now: datetime) -> list[tuple[SubscriptionRecord, str]]:
        """Briefings that failed or were abandoned mid-send, still due (the same period,
        within the grace window), whose wait before another try is over."""
        with self._db.read() as session:
            retry = set(retryable_deliveries(session, "briefing", now, lease=self._lease,
                                             retry_after=self._retry_after))  # fmt: skip
        if not retry:
            return []
        return [(s, period) for s, period in self.due(now) if (s.chat_id, period) in retry]

    def claim(self, chat_id: int, period: str, kind: str = "briefing") -> int | None:
        """The attempt number now owned, or None: someone else has it (or it is done), or a
        sender in this process is still at it. Release it with `release` when done."""
        key = (chat_id, kind, period)
        with self._held_lock:
            if key in self._held:
                return None
            self._held.add(key)
        try:
            with self._db.transaction() as session:
                attempt = claim_delivery(session, chat_id, kind, period, lease=self._lease,
                                         retry_after=self._retry_after)  # fmt: skip
        except BaseException:
            self.release(chat_id, period, kind)
            raise
        if not attempt:
            self.release(chat_id, period, kind)
        return attempt

    def release(self, chat_id: int, period: str, kind: str = "briefing") -> None:
        """This process's sender of the claim is done with it (whatever the outcome)."""
        with self._held_lock:
            self._held.discard((chat_id, kind, period))

    @property
    def renew_every(self) -> timedelta:
        """How often a live sender renews its claims: well within the lease."""
        return self._lease / 3

    def renew(self, chat_id: int, period: str, attempt: int, kind: str = "briefing") -> bool:
        with self._db.transaction() as session:
            return renew_claim(session, chat_id, kind, period, attempt, datetime.now(UTC))

    def finish(
        self, chat_id: int, period: str, status: str, error: str | None = None,
        kind: str = "briefing", attempt: int | None = None,
    ) -> bool:  # fmt: skip
        with self._db.transaction() as session:
            return finish_delivery(session, chat_id, kind, period, status, error,
                                   attempt=attempt)  # fmt: skip

    def progress(self, chat_id: int, period: str) -> tuple[list[str] | None, int]:
        """A briefing's parts as an earlier attempt composed them, and how many went out."""
        with self._db.read() as session:
            return delivery_progress(session, chat_id, "briefing", period)

    def record_progress(
        self, chat_id: int, period: str, attempt: int, *, parts: list[str] | None = None,
        parts_sent: int | None = None,
    ) -> None:  # fmt: skip
        with self._db.transaction() as session:
            record_progress(session, chat_id, "briefing", period, attempt, parts=parts,
                            parts_sent=parts_sent)  # fmt: skip

    def alerts(self, now: datetime) -> list[tuple[SubscriptionRecord, Story]]:
        """Stories stored in the last ALERT_WINDOW that match a subscriber's watch-list, one
        alert per story (several sources of one event are one alert), at most
        ALERTS_PER_HOUR a chat; a claim per (chat, first article) sends each once."""
        with self._db.read() as session:
            subscriptions = [s for s in active_subscriptions(session) if s.watch]
            window = articles_since(session, now - ALERT_WINDOW, ingested=True)
        if not subscriptions or not window:
            return []
        stories = self._cluster(window, now)
        found = []
        for subscription in subscriptions:
            with self._db.read() as session:
                sent = recent_deliveries(session, subscription.chat_id, "alert",
                                         now - timedelta(hours=1))  # fmt: skip
                items = watch_items_added(session, subscription.chat_id)
            budget = ALERTS_PER_HOUR - sent
            for cluster in stories.clusters:
                if budget <= 0:
                    break
                arrived = max(a.article.ingested_at for a in cluster.articles)
                # Only news stored after the item was added: a new watch item does not
                # alert on what was already in the archive.
                if any(arrived >= added and _watched(cluster, [(kind, value)])
                       for kind, value, added in items):  # fmt: skip
                    found.append((subscription, cluster.story))
                    budget -= 1
        return found

    def subscriptions(self) -> list[SubscriptionRecord]:
        with self._db.read() as session:
            return active_subscriptions(session)


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


def period_of(due: datetime, zone: str) -> str:
    """A briefing's period: the subscriber's local date it was due on."""
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


def _is_day(value: str | None) -> bool:
    return value is not None and len(value) == 10


def _moment(article: WindowArticle) -> datetime:
    record = article.article
    if record.published_at is not None:
        return record.published_at
    if record.published_on is not None:
        return datetime.combine(record.published_on, time(12), tzinfo=UTC)
    return record.ingested_at


def _base_score(members: list[WindowArticle], now: datetime) -> float:
    sources = {m.article.source or m.article.url or str(m.article.id) for m in members}
    newest = max(_moment(m) for m in members)
    age_hours = max((now - newest).total_seconds() / 3600, 0.0)
    facts = max(sum(1 for f in m.facts if f.category in {"actor", "weapon"}) for m in members)
    return math.log2(1 + len(sources)) + 1 / (1 + age_hours / 12) + 0.5 * min(facts / 10, 1.0)


def _watched(cluster: _Cluster, watch: list[tuple[str, str]]) -> bool:
    for kind, value in watch:
        if kind in {"actor", "weapon"} and value in cluster.names:
            return True
        if kind == "keyword" and re.search(rf"(?<!\w){re.escape(value.casefold())}", cluster.text):
            return True
    return False


def _named_first(weapons: list[str]) -> list[str]:
    """Named systems before classes ("Patriot" before "drones"), keeping their order."""
    return sorted(weapons, key=is_weapon_class)


def _top(facts: Iterable[StoredFact]) -> list[str]:
    """Fact names, most mentioned first."""
    counts: dict[str, int] = {}
    for fact in facts:
        if fact.name:
            counts[fact.name] = counts.get(fact.name, 0) + fact.count
    return [name for name, _ in sorted(counts.items(), key=lambda item: -item[1])]


def _sources(articles: list[WindowArticle]) -> list[tuple[str, str | None]]:
    seen: dict[str, str | None] = {}
    for member in articles:
        name = member.article.source or "archive"
        seen.setdefault(name, member.article.url)
    return list(seen.items())

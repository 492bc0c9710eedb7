"""Stories: a window's articles clustered (the same event from several sources is one story)
and scored once, and the picks each subscriber's briefing makes from them.

The scoring: the subscriber's watch-list first, then how many sources carried the story, how
recent it is and how many facts it has.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cached_property

from storage import StoredFact
from storage.briefings import WindowArticle
from summarizer.cluster import StoryItem, cluster_stories
from summarizer.facts.weapons import is_weapon_class
from summarizer.rank import summarize

__all__ = ["Briefing", "Cluster", "Story", "StorySet", "cluster_window", "is_weapon_class"]

_WATCHED = 10.0  # a watched story's score bonus: above any unwatched story's


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

    @property
    def article_ids(self) -> list[int]:
        """The articles its stories cover, each once: what sending it tells the chat."""
        return sorted({i for story in self.stories for i in story.article_ids})


@dataclass
class Cluster:
    """One story's articles, scored; its `story` (the summary) is made only when picked."""

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

    def matches(self, watch: list[tuple[str, str]]) -> bool:
        """Whether any of the (kind, value) watch-list items is in this story."""
        for kind, value in watch:
            if kind in {"actor", "weapon"} and value in self.names:
                return True
            if kind == "keyword" and re.search(rf"(?<!\w){re.escape(value.casefold())}", self.text):
                return True
        return False


@dataclass
class StorySet:
    """A window's stories, clustered once; subscribers pick and order from it."""

    articles: int
    clusters: list[Cluster] = field(default_factory=list)

    def select(self, watch: list[tuple[str, str]], items: int) -> list[Story]:
        ranked = sorted(
            self.clusters, key=lambda c: -(c.base + (_WATCHED if c.matches(watch) else 0.0))
        )
        chosen = []
        for cluster in ranked[:items]:
            story = cluster.story
            if cluster.matches(watch):
                story = Story(**{**story.__dict__, "watched": True})
            chosen.append(story)
        return chosen


def cluster_window(window: list[WindowArticle], now: datetime) -> StorySet:
    """The window's articles clustered into stories and scored as of `now`."""
    items = [
        StoryItem(
            a.article.id,
            a.article.title,
            a.article.text,
            _moment(a),
            frozenset(f.name for f in a.facts if f.category in {"actor", "weapon"} and f.name),
            frozenset(
                f.name for f in a.facts if f.category == "date" and f.name and len(f.name) == 10
            ),
        )
        for a in window
    ]
    clusters = []
    for group in cluster_stories(items):
        members = [window[i] for i in group]
        clusters.append(
            Cluster(
                members,
                _base_score(members, now),
                frozenset(n for i in group for n in items[i].names),
                " ".join(f"{m.article.title} {m.article.text}" for m in members).casefold(),
            )
        )
    return StorySet(len(window), clusters)


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

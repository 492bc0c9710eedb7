"""Stories: a window's articles clustered (the same event from several sources is one story)
and scored once, and the picks each subscriber's briefing makes from them.

The scoring: the subscriber's watch-list first, then how many sources carried the story, how
recent it is and how many facts it has.

A story's summary is drawn from all its sources (`summarizer.story_summary`): the best lead,
then what the other sources add, each sentence with its source. For a reader who was told
this story before (an earlier briefing or alert), it is an update: only what is new since.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from functools import cached_property

from bot.usecases.surges import Surge
from storage import StoredFact
from storage.briefings import WindowArticle
from summarizer.cluster import MAX_GAP, StoryItem, cluster_stories, continuing
from summarizer.facts.weapons import is_weapon_class
from summarizer.story_summary import StorySource, summarize_story

__all__ = [
    "STORY_SPAN",
    "Briefing",
    "Cluster",
    "Story",
    "StorySet",
    "cluster_window",
    "is_weapon_class",
    "moment_of",
    "story_of",
]

_WATCHED = 10.0  # a watched story's score bonus: above any unwatched story's
_CACHED_UPDATES = 4096  # (story, told set) updates a window keeps
STORY_SPAN = MAX_GAP  # an article's story is told by the articles this close to it
_SENTENCES = 2  # a briefing story's summary: its lead and one more
_SENTENCES_MANY_SOURCES = 3  # ... and with several sources, room for what the others add


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
    summary_sources: list[str] = field(default_factory=list)  # each sentence's source
    # An update for a reader told this story before: the time of the latest article they
    # were told on it. The summary is then what is new since; `article_ids` the new articles.
    update_since: datetime | None = None


@dataclass(frozen=True)
class Briefing:
    day: date
    stories: list[Story]
    articles: int
    note: str | None = None
    rising: list[Surge] = field(default_factory=list)  # the "rising" line (`surges`)

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
        """The story for a reader who has not been told it."""
        return self._story(self.ranked, known=())

    @cached_property
    def ranked(self) -> list[WindowArticle]:
        """Its articles, the one with most facts first (the lead's), then the earliest."""
        return sorted(self.articles, key=lambda a: (-len(a.facts), moment_of(a).timestamp()))

    def update_for(self, told: Sequence[WindowArticle]) -> Story | None:
        """The story as an update for a reader told `told` (recent articles) before: only
        what is new since, from its articles they were not told (`article_ids`); an empty
        summary when there is nothing new (all of it was told, or it adds no fact). None
        when the story continues nothing they were told."""
        told_ids = {t.article.id for t in told}
        new = [a for a in self.ranked if a.article.id not in told_ids]
        own = {a.article.id for a in self.articles}
        earlier = [t for t in told if t.article.id not in own]
        related = [a for a in self.articles if a.article.id in told_ids]
        if earlier and new:
            found = continuing([_item(a, dated=False) for a in self.articles],
                               [_item(t, dated=False) for t in earlier])  # fmt: skip
            related += [earlier[k] for k in found]
        if not related:
            return None
        since = max(moment_of(r) for r in related)
        if not new:
            return replace(self.story, summary=[], summary_sources=[], article_ids=[],
                           update_since=since)  # fmt: skip
        story = self._story(new, known=[r.article.text for r in related])
        return replace(story, article_ids=[a.article.id for a in new], update_since=since)

    def _story(self, ranked: list[WindowArticle], known: Sequence[str]) -> Story:
        lead = ranked[0]
        facts = [f for a in ranked for f in a.facts]
        several = len(ranked) > 1
        told = summarize_story(
            [
                StorySource(a.article.id, a.article.source or "archive", a.article.text)
                for a in ranked
            ],
            sentences=_SENTENCES_MANY_SOURCES if several else _SENTENCES,
            known=known,
        )
        return Story(
            headline=lead.article.title,
            summary=[s.text for s in told],
            when=_top(f for f in facts if f.category == "date" and _is_day(f.name))[:2],
            who=_top(f for f in facts if f.category == "actor")[:4],
            weapons=_named_first(_top(f for f in facts if f.category == "weapon"))[:3],
            sources=_sources(self.articles),
            article_ids=[a.article.id for a in self.articles],
            summary_sources=[s.source for s in told],
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
    # Updates made for a set of told articles: subscribers who were told the same (the same
    # default briefing) share them, as they share `Cluster.story`. Rebuilt with the window.
    _updates: dict[tuple[int, frozenset[int]], Story | None] = field(default_factory=dict)

    def select(
        self, watch: list[tuple[str, str]], items: int, told: Sequence[WindowArticle] = ()
    ) -> list[Story]:
        """The subscriber's stories: watched first, then by score. A story continuing one
        they were `told` before comes as an update (what is new since), and not at all when
        nothing in it is new to them."""
        ranked = sorted(
            enumerate(self.clusters),
            key=lambda item: -(item[1].base + (_WATCHED if item[1].matches(watch) else 0.0)),
        )
        chosen: list[Story] = []
        for index, cluster in ranked:
            if len(chosen) >= items:
                break
            update = self._update(index, cluster, told) if told else None
            if update is not None and not update.summary:
                continue  # all of it was told, or it adds nothing to what was
            story = update or cluster.story
            if cluster.matches(watch):
                story = replace(story, watched=True)
            chosen.append(story)
        return chosen

    def _update(self, index: int, cluster: Cluster, told: Sequence[WindowArticle]) -> Story | None:
        key = (index, frozenset(t.article.id for t in told))
        if key not in self._updates:
            if len(self._updates) >= _CACHED_UPDATES:
                self._updates.pop(next(iter(self._updates)))
            self._updates[key] = cluster.update_for(told)
        return self._updates[key]

    def containing(self, article_id: int) -> Cluster | None:
        return next(
            (c for c in self.clusters if any(a.article.id == article_id for a in c.articles)),
            None,
        )


def cluster_window(window: list[WindowArticle], now: datetime) -> StorySet:
    """The window's articles clustered into stories and scored as of `now`."""
    items = [_item(a) for a in window]
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


def story_of(target: WindowArticle, around: list[WindowArticle], now: datetime) -> Cluster | None:
    """The story an article belongs to among the articles `around` it (its days' news), when
    other articles tell it too; None when it stands alone. Only the articles like it are
    clustered, so a busy day costs little; the summary is made when `.story` is asked for."""
    others = [a for a in around if a.article.id != target.article.id]
    found = continuing([_item(target)], [_item(a) for a in others])
    if not found:
        return None
    cluster = cluster_window([target, *(others[k] for k in found)], now).containing(
        target.article.id
    )
    return cluster if cluster is not None and len(cluster.articles) > 1 else None


def _item(article: WindowArticle, *, dated: bool = True) -> StoryItem:
    """What clustering compares. Undated (`dated=False`) for a story told days before."""
    return StoryItem(
        article.article.id,
        article.article.title,
        article.article.text,
        moment_of(article) if dated else None,
        frozenset(f.name for f in article.facts if f.category in {"actor", "weapon"} and f.name),
        frozenset(
            f.name for f in article.facts if f.category == "date" and f.name and len(f.name) == 10
        ),
    )


def _is_day(value: str | None) -> bool:
    return value is not None and len(value) == 10


def moment_of(article: WindowArticle) -> datetime:
    """When an article happened, for clustering: its time, else noon of its date, else when
    it was stored."""
    record = article.article
    if record.published_at is not None:
        return record.published_at
    if record.published_on is not None:
        return datetime.combine(record.published_on, time(12), tzinfo=UTC)
    return record.ingested_at


def _base_score(members: list[WindowArticle], now: datetime) -> float:
    sources = {m.article.source or m.article.url or str(m.article.id) for m in members}
    newest = max(moment_of(m) for m in members)
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

"""One summary per story, drawn from all its sources: a lead that reads alone, then what the
other articles add (new numbers, names, dates), each sentence with the source it came from;
or, given what the reader was already told, only what is new.

It chooses from `summarizer.rank`'s candidates and scores, under the same readability rules as
`rank.pick_sentences`, and tells facts apart with `summarizer.fact_keys`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.fact_keys import SentenceFacts, sentence_facts
from summarizer.rank import (
    FRAGMENT_WORDS,
    REDUNDANCY,
    Candidates,
    SummaryError,
    candidates,
    clip,
    head_of,
    opens_well,
    overlap,
    sentence_features,
    stem_sentences,
    summarize,
    with_antecedents,
    word_count,
)
from summarizer.ranker_weights import WEIGHTS, WORD_BUDGET_PER_SENTENCE
from summarizer.sentences import split_sentences, split_words

__all__ = ["StorySentence", "StorySource", "summarize_story"]

_MAX_SENTENCES = 20  # as `summarize` allows
# Bounds, so that a story of huge pastes still finishes in well under a second: the first
# sources (the caller puts its preferred one first), the start of the first as `summarize`
# reads it, and a shorter start of the others (a second report's news is in its first
# paragraphs, and a story has room for a few sentences of it). News tells what matters first.
_MAX_SOURCES = 12
_MAX_SOURCE_CHARS = 100_000
_MAX_SOURCE_SENTENCES = 400
_MAX_OTHER_CHARS = 20_000
_MAX_OTHER_SENTENCES = 100
_MAX_KNOWN_CHARS = 100_000
_MAX_KNOWN_SENTENCES = 400
# Another source's opening replaces sources[0]'s as the lead when it carries this many more of
# the story's shared facts (facts that two or more of the sources state).
_LEAD_MARGIN = 2
# After the lead, a candidate's value is its ranker score (within its own article; an article's
# scores run from about 0 to 0.5) plus this much for each fact not yet told, up to
# _NEW_FACTS_COUNTED of them: news from another source can outrank its article's position.
_NEW_FACT = 0.1
_NEW_FACTS_COUNTED = 3


@dataclass(frozen=True)
class StorySource:
    key: int  # the article's id
    source: str  # the source's name, as shown to readers
    text: str  # the article's clean body text (paragraphs separated by newlines)


@dataclass(frozen=True)
class StorySentence:
    text: str
    key: int  # which StorySource it came from
    source: str


@dataclass(frozen=True)
class _Article:
    """One source, ready to choose from."""

    order: int  # its place among the sources
    item: StorySource
    units: Candidates
    scores: list[float]
    facts: list[SentenceFacts]

    @property
    def told(self) -> frozenset[str]:
        """Every fact key the article states."""
        return frozenset().union(*(f.all for f in self.facts))


@dataclass(frozen=True)
class _Known:
    hard: frozenset[str]
    names: frozenset[str]
    stems: list[list[str]]


def summarize_story(
    sources: Sequence[StorySource], *, sentences: int = 3, known: Sequence[str] = ()
) -> list[StorySentence]:
    """At most `sentences` sentences of the story's articles, within WORD_BUDGET_PER_SENTENCE
    words per sentence, each with the source it is verbatim from.

    Without `known` (a story shown for the first time): a lead, then what the sources add.
    - The lead is sources[0]'s opening when it reads alone (not a fragment, a question, half a
      quotation); another source's opening takes its place when it states _LEAD_MARGIN more of
      the story's shared facts, or when sources[0]'s does not read alone.
    - Then, again and again, the candidate of any source with the highest value (its ranker
      score, more for each new fact) among those that: tell a fact not yet told; tell no
      number or date already told (a figure is told once); are no near-repeat of a chosen
      sentence; are sentences of 6 words or more, not half a quotation; fit the word budget;
      and bring the sentence of their own article they lean on (or give way).
    - Order: the lead's article first, then the other sources in the caller's order, each
      article's sentences in their order there (a back-reference follows its antecedent).
    - One source: exactly `summarize(text, sentences=n)`, so an article's summary and its
      one-source story agree.

    With `known` (texts the reader was already told): the same choice with `known` as told
    already, and no lead: only sentences that tell a number, a name or a date `known` does not
    have, none that tells a number or a date it has, none a near-repeat of one of its
    sentences. [] when nothing is new.

    Sources with the same text (a reprint) count once, as the first of them. No sources, or
    none with a sentence: [].
    """
    if not 1 <= sentences <= _MAX_SENTENCES:
        raise SummaryError(f"sentences must be between 1 and {_MAX_SENTENCES}")
    texts = [
        (item, _sentences(item.text, first=order == 0))
        for order, item in enumerate(_distinct(sources[:_MAX_SOURCES]))
    ]
    texts = [(item, found) for item, found in texts if found]
    if not texts:
        return []
    if not known and len(texts) == 1:
        only = texts[0][0]
        summary = summarize(only.text, sentences=sentences).sentences
        return [StorySentence(text, only.key, only.source) for text in summary]
    articles = [_article(order, item, found) for order, (item, found) in enumerate(texts)]
    picker = _Picker(articles, sentences, _known(known) if known else None)
    return picker.pick()


class _Picker:
    """One story's choice: what is chosen so far and what it has told."""

    def __init__(self, articles: list[_Article], count: int, known: _Known | None) -> None:
        self.articles = articles
        self.count = count
        self.known = known
        self.budget = WORD_BUDGET_PER_SENTENCE * count
        self.chosen: dict[int, set[int]] = {a.order: set() for a in articles}
        self.taken = 0
        self.used = 0.0
        self.told_hard: set[str] = set(known.hard) if known else set()
        self.told_names: set[str] = set(known.names) if known else set()
        self.near_known: dict[tuple[int, int], bool] = {}  # what is known does not change

    def pick(self) -> list[StorySentence]:
        lead = None if self.known else _lead(self.articles)
        if lead is not None:
            self._take(lead, [0])
        while self.taken < self.count:
            best = self._best()
            if best is None:
                break
            self._take(*best)
        if not self.taken and self.known is None:
            self._take(*_fallback(self.articles))
        first_order = lead.order if lead is not None else -1
        ordered = sorted(self.articles, key=lambda a: (a.order != first_order, a.order))
        return [
            StorySentence(clip(article.units.texts[i]), article.item.key, article.item.source)
            for article in ordered
            for i in sorted(self.chosen[article.order])
        ]

    def _take(self, article: _Article, group: list[int]) -> None:
        for i in group:
            self.chosen[article.order].add(i)
            self.told_hard.update(article.facts[i].hard)
            self.told_names.update(article.facts[i].names)
            self.used += word_count(article.units.stems[i])
            self.taken += 1

    def _best(self) -> tuple[_Article, list[int]] | None:
        best: tuple[float, _Article, list[int]] | None = None
        for article in self.articles:
            for i in range(len(article.units.texts)):
                group = self._eligible(article, i)
                if group is None:
                    continue
                value = self._value(article, i, group)
                if best is None or value > best[0]:  # ties: the earlier source and sentence
                    best = (value, article, group)
        return None if best is None else (best[1], best[2])

    def _eligible(self, article: _Article, i: int) -> list[int] | None:
        units, chosen = article.units, self.chosen[article.order]
        if i in chosen or units.half[i]:
            return None
        group = with_antecedents(units, i, chosen)
        if group is None or self.taken + len(group) > self.count:
            return None
        if any(word_count(units.stems[j]) < FRAGMENT_WORDS for j in group):
            return None
        if self.taken and self.used + sum(word_count(units.stems[j]) for j in group) > self.budget:
            return None
        facts = [article.facts[j] for j in group]
        if not any(f.all - self.told_hard - self.told_names for f in facts):
            return None
        if any(f.hard & self.told_hard for f in facts):
            return None
        if any(self._repeats(article, j) for j in group):
            return None
        return group

    def _repeats(self, article: _Article, i: int) -> bool:
        """A near-repeat of a chosen sentence (of any source) or of a known one."""
        stems = article.units.stems[i]
        for other in self.articles:
            for k in self.chosen[other.order]:
                if overlap(stems, other.units.stems[k]) > REDUNDANCY:
                    return True
        if self.known is None:
            return False
        if (article.order, i) not in self.near_known:
            self.near_known[article.order, i] = any(
                overlap(stems, k) > REDUNDANCY for k in self.known.stems
            )
        return self.near_known[article.order, i]

    def _value(self, article: _Article, i: int, group: list[int]) -> float:
        hard = frozenset().union(*(article.facts[j].hard for j in group))
        names = frozenset().union(*(article.facts[j].names for j in group))
        new = len(hard - self.told_hard) + len(names - self.told_names)
        return article.scores[i] + _NEW_FACT * min(new, _NEW_FACTS_COUNTED)


def _distinct(sources: Sequence[StorySource]) -> list[StorySource]:
    """The same copy from two outlets (a wire story reprinted) is one source: the first.
    Texts are compared as far as they are read, spaces aside."""
    seen: set[str] = set()
    distinct = []
    for item in sources:
        text = " ".join(head_of(item.text, _MAX_SOURCE_CHARS).split())
        if text not in seen:
            seen.add(text)
            distinct.append(item)
    return distinct


def _sentences(text: str, *, first: bool) -> list[str]:
    """The sentences of the text's start that hold a word: as many as `summarize` ranks for
    the first source, fewer for the others."""
    chars, count = (
        (_MAX_SOURCE_CHARS, _MAX_SOURCE_SENTENCES)
        if first
        else (_MAX_OTHER_CHARS, _MAX_OTHER_SENTENCES)
    )
    return [s for s in split_sentences(head_of(text, chars))[:count] if split_words(s)]


def _article(order: int, item: StorySource, found: list[str]) -> _Article:
    """The source's candidates, scores and facts."""
    import numpy as np

    units = candidates(found)
    scores = sentence_features(units.texts, units.stems) @ np.asarray(WEIGHTS, dtype=float)
    facts = [sentence_facts(t) for t in units.texts]
    return _Article(order, item, units, [float(s) for s in scores], facts)


def _known(known: Sequence[str]) -> _Known:
    text = head_of("\n".join(known), _MAX_KNOWN_CHARS)
    found = [s for s in split_sentences(text)[:_MAX_KNOWN_SENTENCES] if split_words(s)]
    facts = [sentence_facts(s) for s in found]
    return _Known(
        frozenset().union(*(f.hard for f in facts)),
        frozenset().union(*(f.names for f in facts)),
        stem_sentences(found),
    )


def _lead(articles: list[_Article]) -> _Article | None:
    """The article whose opening leads the summary (see `summarize_story`), or None when no
    opening reads alone."""
    said_by: dict[str, int] = {}
    for article in articles:
        for key in article.told:
            said_by[key] = said_by.get(key, 0) + 1
    shared = {key for key, n in said_by.items() if n >= 2}
    openers = [a for a in articles if opens_well(a.units, 0)]
    if not openers:
        return None

    def covered(article: _Article) -> int:
        return len(article.facts[0].all & shared)

    best = max(openers, key=lambda a: (covered(a), -a.order))
    first = articles[0]
    if first in openers and covered(best) < covered(first) + _LEAD_MARGIN:
        return first
    return best


def _fallback(articles: list[_Article]) -> tuple[_Article, list[int]]:
    """A story shown for the first time always has a sentence: when no opening reads alone and
    nothing tells a fact, the best-scored candidate that reads alone (the first source that
    has one), else sources[0]'s best, as `rank.pick_sentences` does."""
    for article in articles:
        units = article.units
        alone = [i for i in range(len(units.texts)) if not units.half[i] and not units.leans[i]]
        if alone:
            return article, [max(alone, key=lambda i: (article.scores[i], -i))]
    first = articles[0]
    return first, [max(range(len(first.scores)), key=lambda i: (first.scores[i], -i))]

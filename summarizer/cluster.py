"""Story clustering: articles about the same event, from several sources, become one story.

Two articles are the same story when their headlines and leads say the same things (TF-IDF
cosine over word stems, the headline counted twice), when they name the same actors and
weapons, and when they appeared within a short time of each other; two that both give
figures share one. Articles in two languages (any two of `summarizer.scripts.rules_for`'s:
"en" and "ru", "ru" and "uk") share few words: they are compared by what a translation keeps,
the canonical actors and weapons, the days they name and the figures they give ("38
missiles", "402 drones"). Clusters grow by merging the most similar pairs first, and a merge
must keep the two groups similar on average, so one shared name cannot chain unrelated
stories together.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from summarizer.rank import stem_sentences, stop_words
from summarizer.scripts import has_han, rules_for
from summarizer.sentences import split_words

__all__ = ["StoryItem", "cluster_stories", "continuing", "similarity_matrix"]

_LEAD_WORDS = 120
_TEXT_WEIGHT = 0.7
_FACT_WEIGHT = 0.3
_SAME_DAY_BONUS = 0.1
THRESHOLD = 0.35  # chosen on bench/data/clusters.jsonl (0.345-0.355 give P, R >= 0.94)
_AVERAGE_SHARE = 0.75  # a merge needs the groups' mean similarity >= this share of THRESHOLD
MAX_GAP = timedelta(hours=48)
# IDF as if the batch had this many more articles without the word: a briefing window of
# two articles must not make their shared words worthless.
_PSEUDO_DOCUMENTS = 10
# Two languages: names, numbers and shared days instead of words (chosen on the dev stories of
# bench/data/languages: pairs of one event score 0.37-0.86, other pairs at most 0.11).
_CROSS_FACT_WEIGHT = 0.55
_CROSS_NUMBER_WEIGHT = 0.35
_CROSS_DAY_WEIGHT = 0.1
_FIGURES = 3
_SHARED_FIGURES = 0.25  # dev pairs of one event share 0.33-1.0 of their figures
_LANGUAGE_SAMPLE = 2000
# Numbers a report gives (counts, distances), not years, which many stories share.
# A figure as each language writes it: thousands grouped by a comma, a space or a narrow or
# no-break space ("1,200", "1 200", "١٬٢٠٠"), decimals after a point or a comma ("1.5",
# "1,5"); any script's digits.
# Digits in a designation ("Su-34", "FAB-500", "歼-16", "إف-16", "2S22", "155mm") name a model,
# which look-alike reports share, not a figure: left out.
_ALPHABET = "A-Za-zА-яЁёІіЇїЄєҐґ"
_NOT_IN_NAME_BEFORE = rf"(?<![^\W\d_][-‐])(?<![{_ALPHABET}])"
# (and no part of a longer figure: "1.5km" gives neither "1.5" nor "1")
_NOT_IN_NAME_AFTER = rf"(?![{_ALPHABET}]|[-‐][^\W\d_]|[.,٫٬]\d)"
_NUMBER = re.compile(
    rf"{_NOT_IN_NAME_BEFORE}(?<![\d.,٫٬])(?:\d{{1,3}}(?:[,\u00a0\u202f ٬]\d{{3}})+(?![\d])"
    rf"|\d+(?:[.,٫]\d+)?(?![\d])){_NOT_IN_NAME_AFTER}"
)
_GROUPING = re.compile(r"[,\u00a0\u202f ٬](?=\d{3})")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class StoryItem:
    id: int | str
    title: str
    text: str
    published: datetime | None = None
    names: frozenset[str] = field(default_factory=frozenset)  # actors and weapons
    days: frozenset[str] = field(default_factory=frozenset)  # day-level date values


def cluster_stories(items: Sequence[StoryItem], threshold: float = THRESHOLD) -> list[list[int]]:
    """Groups of indexes into `items`, each a story; biggest first, then in input order."""
    matrix = similarity_matrix(items)
    n = len(items)
    owner = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    pairs = sorted(
        (
            (matrix[i][j], i, j)
            for i in range(n)
            for j in range(i + 1, n)
            if matrix[i][j] >= threshold
        ),
        reverse=True,
    )
    for _score, i, j in pairs:
        a, b = owner[i], owner[j]
        if a == b:
            continue
        left, right = members[a], members[b]
        mean = sum(matrix[x][y] for x in left for y in right) / (len(left) * len(right))
        if mean < _AVERAGE_SHARE * threshold:
            continue
        for index in right:
            owner[index] = a
        left.extend(right)
        del members[b]
    groups = [sorted(group) for group in members.values()]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


@dataclass(frozen=True)
class _Batch:
    """What similarity compares, made once for a batch of items."""

    items: Sequence[StoryItem]
    vectors: list[dict[str, float]]
    names: list[dict[str, float]]
    languages: list[str]
    numbers: list[frozenset[str]]


def _batch(items: Sequence[StoryItem]) -> _Batch:
    heads = [f"{item.title}\n{item.text[:_LANGUAGE_SAMPLE]}" for item in items]
    return _Batch(
        items,
        _vectors(items),
        _weighted_names(items),
        [rules_for(head) for head in heads],
        [_numbers(f"{item.title}\n{item.text}") for item in items],
    )


def _numbers(text: str) -> frozenset[str]:
    """The text's figures as plain ASCII numbers ("1 200" and "1,200" are "1200"), years left
    out."""
    found = set()
    for figure in _NUMBER.findall(text):
        digits = "".join(
            str(unicodedata.digit(c)) if c.isdigit() else c
            for c in _GROUPING.sub("", figure) if c.isdigit() or c in ".,٫"
        )  # fmt: skip
        value = re.sub("[,٫]", ".", digits)
        if not _YEAR.fullmatch(value):
            found.add(value)
    return frozenset(found)


def similarity_matrix(items: Sequence[StoryItem]) -> list[list[float]]:
    batch = _batch(items)
    n = len(items)
    matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if _too_far_apart(items[i], items[j]):
                continue
            matrix[i][j] = matrix[j][i] = _similarity(batch, i, j)
    return matrix


def continuing(
    story: Sequence[StoryItem], earlier: Sequence[StoryItem], threshold: float = THRESHOLD
) -> list[int]:
    """Indexes of the `earlier` items that are this story (as similar to one of its members
    as clustering asks), however long before: a story a reader was told days ago and that
    goes on now. Names shared with the story are checked first, so unrelated items cost
    little."""
    names = frozenset(n for item in story for n in item.names)
    words = set().union(*(_title_words(item) for item in story))
    candidates = [
        k for k, item in enumerate(earlier) if item.names & names or words & _title_words(item)
    ]
    if not story or not candidates:
        return []
    batch = _batch([*story, *(earlier[k] for k in candidates)])
    found = []
    for offset, k in enumerate(candidates, start=len(story)):
        best = max(_similarity(batch, i, offset) for i in range(len(story)))
        if best >= threshold:
            found.append(k)
    return found


def _title_words(item: StoryItem) -> set[str]:
    common = stop_words()
    words = split_words(item.title.casefold())
    return {w for w in words if (len(w) > 3 or has_han(w)) and w not in common}


def _telling(word: str) -> bool:
    """Long enough to say something: three letters, or a pair of Han characters (each
    Chinese "word" here is a pair: `summarizer.sentences.split_words`)."""
    return len(word) > 2 or has_han(word)


def _similarity(batch: _Batch, i: int, j: int) -> float:
    items, names = batch.items, batch.names
    shared_day = bool(items[i].days & items[j].days)
    if batch.languages[i] != batch.languages[j]:
        mine, theirs = batch.numbers[i], batch.numbers[j]
        same_numbers = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        # The same actors are in the news every day: names alone never make one story. Two
        # reports that both name days must share one (a translation keeps the event's day);
        # two that both give figures must share a quarter of them, others a day.
        if items[i].days and items[j].days and not shared_day:
            return 0.0
        if min(len(mine), len(theirs)) >= _FIGURES:
            if same_numbers < _SHARED_FIGURES:
                return 0.0
        elif not shared_day:
            return 0.0
        score = _CROSS_FACT_WEIGHT * _weighted_jaccard(names[i], names[j])
        return score + _CROSS_NUMBER_WEIGHT * same_numbers + _CROSS_DAY_WEIGHT * shared_day
    # Look-alikes in one language (one outlet's wording for two nights of strikes) differ in
    # their figures: reports of one event share at least one of them.
    mine, theirs = batch.numbers[i], batch.numbers[j]
    if min(len(mine), len(theirs)) >= _FIGURES and not mine & theirs:
        return 0.0
    score = _TEXT_WEIGHT * _cosine(batch.vectors[i], batch.vectors[j])
    score += _FACT_WEIGHT * _weighted_jaccard(names[i], names[j])
    return score + _SAME_DAY_BONUS * shared_day


def _too_far_apart(a: StoryItem, b: StoryItem) -> bool:
    if a.published is None or b.published is None:
        return False
    return abs(a.published - b.published) > MAX_GAP


def _vectors(items: Sequence[StoryItem]) -> list[dict[str, float]]:
    words = stop_words()
    bags = []
    for item in items:
        lead = " ".join(item.text.split()[:_LEAD_WORDS])
        stems = stem_sentences([item.title, item.title, lead])
        bags.append(Counter(w for ws in stems for w in ws if w not in words and _telling(w)))
    documents = Counter(w for bag in bags for w in bag)
    n = len(items)
    idf = {w: math.log((n + _PSEUDO_DOCUMENTS) / (df + 1)) for w, df in documents.items()}
    return [{w: c * idf[w] for w, c in bag.items()} for bag in bags]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _weighted_names(items: Sequence[StoryItem]) -> list[dict[str, float]]:
    """Names weighted by rarity in the batch: a shared "United States" says little."""
    counts = Counter(name for item in items for name in item.names)
    n = len(items)
    return [{name: math.log((n + 1) / counts[name]) for name in item.names} for item in items]


def _weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    union = set(a) | set(b)
    if not union:
        return 0.0
    shared = sum(a[name] for name in set(a) & set(b))
    total = sum(a.get(name, b.get(name, 0.0)) for name in union)
    return shared / total if total else 0.0

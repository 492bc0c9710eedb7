"""Key facts of an article: dates (normalised), actors and weapons systems, each with the
sentence it came from.

`FactExtractor` is built once (it reads the gazetteers, and is handed an optional entity
recogniser); extracting is then pure and does no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from summarizer.facts.actors import ActorFact, ActorFinder, Entity
from summarizer.facts.dates import DateFact, extract_dates
from summarizer.facts.gazetteer import tokenize
from summarizer.facts.ner import EntityRecognizer
from summarizer.facts.weapons import WeaponFact, WeaponFinder
from summarizer.sentences import split_sentences

__all__ = [
    "ActorFact",
    "ArticleFacts",
    "DateFact",
    "Entity",
    "EntityRecognizer",
    "FactExtractor",
    "WeaponFact",
]

# Facts are read from the first 200,000 characters (tens of thousands of words): entity
# recognition on a 10 MB paste would take minutes, and news puts its facts first.
MAX_FACT_CHARS = 200_000
_BATCH = 32


@dataclass(frozen=True)
class ArticleFacts:
    published: date | None
    dates: list[DateFact]
    actors: list[ActorFact]
    weapons: list[WeaponFact]

    def to_json(self) -> dict[str, Any]:
        """The `briefing facts --json` shape (a contract: keep it stable)."""
        return {
            "published": self.published.isoformat() if self.published else None,
            "dates": [{"text": d.text, "value": d.value, "sentence": d.sentence}
                      for d in self.dates],
            "actors": [{"name": a.name, "kind": a.kind, "mentions": a.mentions,
                        "count": a.count, "sentence": a.sentence} for a in self.actors],
            "weapons": [{"name": w.name, "kind": w.kind, "mentions": w.mentions,
                         "count": w.count, "sentence": w.sentence} for w in self.weapons],
        }  # fmt: skip


class FactExtractor:
    def __init__(self, recognizer: EntityRecognizer | None = None) -> None:
        self._actors = ActorFinder()
        self._weapons = WeaponFinder()
        self._recognizer = recognizer

    def canonical_actor(self, name: str) -> str:
        """What a person typed as an actor, as the facts store it ("US" -> United States)."""
        return self._actors.canonical(name) or name

    def canonical_weapon(self, name: str) -> str:
        return self._weapons.canonical(name) or name

    def extract(self, text: str, published: date | None = None) -> ArticleFacts:
        return next(self.extract_many([(text, published)]))

    def extract_many(self, items: Iterable[tuple[str, date | None]]) -> Iterator[ArticleFacts]:
        """Facts of many texts in order; entity recognition runs in batches."""
        iterator = iter(items)
        while batch := list(itertools.islice(iterator, _BATCH)):
            texts = [_head(text) for text, _ in batch]
            if self._recognizer is None:
                entities: list[list[Entity] | None] = [None] * len(texts)
            else:
                entities = list(self._recognizer.entities(texts))
            for text, (_, published), found in zip(texts, batch, entities, strict=True):
                yield self._facts(text, published, found)

    def _facts(
        self, text: str, published: date | None, entities: list[Entity] | None
    ) -> ArticleFacts:
        sentences = _located_sentences(text)
        tokens = [(offset, sentence, tokenize(sentence)) for offset, sentence in sentences]
        weapons = self._weapons.find([(sentence, toks) for _, sentence, toks in tokens])
        mentioned = frozenset(m for w in weapons for m in w.mentions)

        def is_weapon(name: str) -> bool:
            """A span naming a weapon, or part of one ("IRIS" and "SLM" of "IRIS-T SLM"),
            or holding one ("Iskander-M ballistic missiles"), is a weapon, never an actor."""
            if name in mentioned or self._weapons.is_weapon(name):
                return True
            return any(name in m or m in name for m in mentioned if m[:1].isupper() and len(m) > 2)

        actors = self._actors.find(text, tokens, entities, is_weapon)
        dates = extract_dates([sentence for _, sentence in sentences], published)
        return ArticleFacts(published, dates, actors, weapons)


def _head(text: str) -> str:
    if len(text) <= MAX_FACT_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_FACT_CHARS)
    return text[: cut if cut > 0 else MAX_FACT_CHARS]


def _located_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their character offsets in the text."""
    located = []
    position = 0
    for sentence in split_sentences(text):
        found = text.find(sentence, position)
        if found < 0:  # a sentence cut into word windows: find its first word instead
            found = text.find(sentence.split()[0], position) if sentence.split() else position
        found = max(found, position)
        located.append((found, sentence))
        position = found + 1
    return located

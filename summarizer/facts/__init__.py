"""Key facts of an article: dates (normalised), actors and weapons systems, each with the
sentence it came from.

`FactExtractor` is built once and holds the gazetteers and an optional entity recogniser.
It reads the gazetteers on first use and loads the recogniser (a spaCy model, seconds) on the
first extraction, or at once with `load`; a command that only looks up a name never loads
the model. Extracting is then pure and does no I/O.

The finders' modules (with their patterns, compiled on import) load with the gazetteers, so
that a program which only passes an extractor along (`briefing stats`) does not pay for them.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from summarizer.lazy import lazy_getattr
from summarizer.scripts import rules_for
from summarizer.sentences import split_sentences

if TYPE_CHECKING:
    from summarizer.facts.actors import ActorFact, ActorFinder, Entity
    from summarizer.facts.dates import DateFact
    from summarizer.facts.mentions import NamedFact
    from summarizer.facts.native_names import NativeFinder
    from summarizer.facts.ner import EntityRecognizer
    from summarizer.facts.ner_slavic import PeopleRecognizer
    from summarizer.facts.weapons import WeaponFact, WeaponFinder

__all__ = [
    "ActorFact",
    "ArticleFacts",
    "DateFact",
    "Entity",
    "EntityRecognizer",
    "FactExtractor",
    "WeaponFact",
]

_NAMES_OF = {
    "actors": ("ActorFact", "Entity"),
    "dates": ("DateFact",),
    "ner": ("EntityRecognizer",),
    "weapons": ("WeaponFact",),
}

if not TYPE_CHECKING:  # type checkers see the imports above, and flag a misspelt name
    __getattr__ = lazy_getattr(__name__, _NAMES_OF)


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


class FactExtractor:
    def __init__(
        self,
        recognizer: EntityRecognizer | None = None,
        *,
        load_recognizer: Callable[[], EntityRecognizer | None] | None = None,
        load_people: Callable[[], PeopleRecognizer | None] | None = None,
    ) -> None:
        """`recognizer` ready now, or `load_recognizer` called on the first extraction;
        `load_people` (people in Russian text) on the first Russian article."""
        self._recognizer = recognizer
        self._load_recognizer = load_recognizer
        self._people: PeopleRecognizer | None = None
        self._load_people = load_people
        self._finders: tuple[ActorFinder, WeaponFinder] | None = None
        self._native: NativeFinder | None = None
        # Threads of the bot share one extractor: each part is built once.
        self._finders_lock = threading.Lock()
        self._recognizer_lock = threading.Lock()

    def load(self) -> None:
        """Read the gazetteers and load the recogniser now, not on the first article."""
        self._gazetteers()
        self._entity_recognizer()

    def _gazetteers(self) -> tuple[ActorFinder, WeaponFinder]:
        with self._finders_lock:
            if self._finders is None:
                from summarizer.facts.actors import ActorFinder  # noqa: PLC0415 - see above
                from summarizer.facts.weapons import WeaponFinder  # noqa: PLC0415

                self._finders = (ActorFinder(), WeaponFinder())
            return self._finders

    def _people_recognizer(self) -> PeopleRecognizer | None:
        """Loaded once: a loader that fails (the model is not installed) is not tried again
        for every Russian article."""
        from summarizer.facts.ner import NerUnavailable  # noqa: PLC0415 - see above

        with self._recognizer_lock:
            load, self._load_people = self._load_people, None
            if load is not None:
                try:
                    self._people = load()
                except NerUnavailable:
                    self._people = None
            return self._people

    def _native_finder(self) -> NativeFinder:
        """The native gazetteers, read on the first article in another script."""
        weapons = self._gazetteers()[1]
        with self._finders_lock:
            if self._native is None:
                from summarizer.facts.native_names import NativeFinder  # noqa: PLC0415

                self._native = NativeFinder(weapons.system)
            return self._native

    def _entity_recognizer(self) -> EntityRecognizer | None:
        with self._recognizer_lock:
            if self._load_recognizer is not None:
                self._recognizer = self._load_recognizer()
                self._load_recognizer = None
            return self._recognizer

    def canonical_actor(self, name: str) -> str:
        """What a person typed as an actor, as the facts store it ("US" -> United States)."""
        return self._gazetteers()[0].canonical(name) or name

    def canonical_weapon(self, name: str) -> str:
        return self._gazetteers()[1].canonical(name) or name

    def extract(self, text: str, published: date | None = None) -> ArticleFacts:
        return next(self.extract_many([(text, published)]))

    def extract_many(self, items: Iterable[tuple[str, date | None]]) -> Iterator[ArticleFacts]:
        """Facts of many texts in order; entity recognition runs in batches."""
        iterator = iter(items)
        while batch := list(itertools.islice(iterator, _BATCH)):
            texts = [_head(text) for text, _ in batch]
            languages = [rules_for(text) for text in texts]
            # The recogniser is an English model: other scripts get the gazetteers only.
            english = [i for i, language in enumerate(languages) if language == "en"]
            recognizer = self._entity_recognizer() if english else None
            entities: list[list[Entity] | None] = [None] * len(texts)
            if recognizer is not None:
                found = recognizer.entities([texts[i] for i in english])
                for i, recognised in zip(english, found, strict=True):
                    entities[i] = recognised
            for text, (_, published), language, spans in zip(
                texts, batch, languages, entities, strict=True
            ):
                yield self._facts(text, published, spans, language)

    def _facts(
        self, text: str, published: date | None, entities: list[Entity] | None, language: str
    ) -> ArticleFacts:
        from summarizer.facts.dates import extract_dates  # noqa: PLC0415 - see above
        from summarizer.facts.gazetteer import tokenize  # noqa: PLC0415
        from summarizer.facts.native_dates import extract_native_dates  # noqa: PLC0415
        from summarizer.facts.native_names import NATIVE_LANGUAGES  # noqa: PLC0415

        actor_finder, weapon_finder = self._gazetteers()
        sentences = _located_sentences(text)
        tokens = [(offset, sentence, tokenize(sentence)) for offset, sentence in sentences]
        weapons = weapon_finder.find(
            [(sentence, toks) for _, sentence, toks in tokens],
            english=language not in NATIVE_LANGUAGES,
        )
        mentioned = frozenset(m for w in weapons for m in w.mentions)

        def is_weapon(name: str) -> bool:
            """A span naming a weapon, or part of one ("IRIS" and "SLM" of "IRIS-T SLM"),
            or holding one ("Iskander-M ballistic missiles"), is a weapon, never an actor."""
            if name in mentioned or weapon_finder.is_weapon(name):
                return True
            return any(name in m or m in name for m in mentioned if m[:1].isupper() and len(m) > 2)

        actors = actor_finder.find(text, tokens, entities, is_weapon)
        plain = [sentence for _, sentence in sentences]
        if language not in NATIVE_LANGUAGES:
            return ArticleFacts(published, extract_dates(plain, published), actors, weapons)
        # Another script: its own dates, and its names under their English canonical ones,
        # with the Latin names (Patriot, Reuters) the English gazetteers found in it.
        # People: slovnet's NER for both Cyrillic languages; Russian names are put in the
        # nominative by pymorphy3, Ukrainian ones are taken where written in it (ner_slavic).
        recognizer = self._people_recognizer() if language in {"ru", "uk"} else None
        people = recognizer.people(text, language) if recognizer is not None else []
        native_actors, native_weapons = self._native_finder().find(
            plain, language, people, named=weapons
        )
        dates = extract_native_dates(plain, published, language)
        return ArticleFacts(
            published,
            dates,
            _merged(actors, native_actors, by_count=True),
            _merged(weapons, native_weapons),
        )


_Fact = TypeVar("_Fact", bound="NamedFact")


def _merged(first: list[_Fact], second: list[_Fact], *, by_count: bool = False) -> list[_Fact]:
    """One fact a name: the second list's mentions and counts join the first's; `by_count`,
    the most mentioned first, as the English actor finder orders actors."""
    by_name = {fact.name: fact for fact in first}
    merged = list(first)
    for fact in second:
        known = by_name.get(fact.name)
        if known is None:
            by_name[fact.name] = fact
            merged.append(fact)
            continue
        for mention in fact.mentions:
            if mention not in known.mentions:
                known.mentions.append(mention)
        known.count += fact.count
        known.sentence = known.sentence or fact.sentence
    return sorted(merged, key=lambda f: (-f.count, f.name)) if by_count else merged


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

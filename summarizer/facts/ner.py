"""Named-entity recognition behind a small protocol, with a spaCy implementation.

The model is loaded once (`load_spacy_recognizer`), outside any per-article call; nothing is
downloaded: the model must be an installed package (see the README).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from summarizer.facts.actors import Entity

__all__ = ["EntityRecognizer", "NerUnavailable", "SpacyRecognizer", "load_spacy_recognizer"]

# NORP, LOC and FAC are kept as evidence that a name is a group or a place.
_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Only what entity recognition needs runs; the tagger, parser and lemmatiser are skipped.
_SKIP = ["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"]


class NerUnavailable(RuntimeError):
    """The configured model is not installed (or not a spaCy pipeline)."""


class EntityRecognizer(Protocol):
    def entities(self, texts: Iterable[str]) -> Iterator[list[Entity]]:
        """Entities of each text, in order."""
        ...


class SpacyRecognizer:
    def __init__(self, nlp: Any, batch_size: int = 32, labels: frozenset[str] = _LABELS) -> None:
        self._nlp = nlp
        self._batch_size = batch_size
        self._labels = labels

    @property
    def name(self) -> str:
        meta = self._nlp.meta
        return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"

    def entities(self, texts: Iterable[str]) -> Iterator[list[Entity]]:
        for doc in self._nlp.pipe(texts, batch_size=self._batch_size):
            yield [
                Entity(ent.start_char, ent.end_char, ent.label_, ent.text)
                for ent in doc.ents
                if ent.label_ in self._labels
            ]


def load_spacy_recognizer(model: str, labels: frozenset[str] = _LABELS) -> SpacyRecognizer:
    """Load an installed spaCy pipeline by package name, with only its NER parts enabled."""
    # Imported here: start-up of commands that never extract facts stays fast.
    import spacy

    try:
        nlp = spacy.load(model, exclude=_SKIP)
    except OSError as exc:
        raise NerUnavailable(
            f"spaCy model {model!r} is not installed (scripts/setup installs the pinned one)"
        ) from exc
    nlp.max_length = 2_000_000
    return SpacyRecognizer(nlp, labels=labels)

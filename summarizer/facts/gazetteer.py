"""Phrase lookup over word tokens, and the curated data files it is built from.

A gazetteer is matched token by token (longest phrase first), which is linear in the text and
does not depend on a model's tokenizer. The data files are read when a gazetteer is built,
never while text is processed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Generic, TypeVar

__all__ = ["Match", "PhraseIndex", "Token", "load_data", "tokenize"]

T = TypeVar("T")

# Words (with inner hyphens and dots: "Hwasong-18", "U.S"), or single punctuation marks.
# Apostrophes are their own tokens, so "Korea's" is "Korea" + "'" + "s".
_TOKEN = re.compile(r"\w+(?:[-.]\w+)*|[^\w\s]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Match(Generic[T]):
    first: int  # token index
    last: int  # token index, exclusive
    start: int  # character offset
    end: int
    value: T


def tokenize(text: str) -> list[Token]:
    normalized = text.translate(_APOSTROPHES)
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(normalized)]


def phrase_key(phrase: str, *, lower: bool = False) -> tuple[str, ...]:
    words = tuple(t.text for t in tokenize(phrase))
    return tuple(w.lower() for w in words) if lower else words


class PhraseIndex(Generic[T]):
    """Exact phrases (case-sensitive unless `lower`) mapped to values; longest match wins."""

    def __init__(self, phrases: Iterable[tuple[str, T]], *, lower: bool = False) -> None:
        self._lower = lower
        self._phrases: dict[tuple[str, ...], T] = {}
        for phrase, value in phrases:
            key = phrase_key(phrase, lower=lower)
            if key:
                self._phrases.setdefault(key, value)
        self._longest = max((len(k) for k in self._phrases), default=0)
        self._first_words = {k[0] for k in self._phrases}

    def __contains__(self, phrase: str) -> bool:
        return phrase_key(phrase, lower=self._lower) in self._phrases

    def get(self, phrase: str) -> T | None:
        return self._phrases.get(phrase_key(phrase, lower=self._lower))

    def find(self, tokens: list[Token]) -> list[Match[T]]:
        """Non-overlapping matches, longest first: "the North Atlantic Treaty Organization"
        is NATO, not "the North" followed by leftovers."""
        words = [t.text.lower() for t in tokens] if self._lower else [t.text for t in tokens]
        candidates: list[Match[T]] = []
        for i, word in enumerate(words):
            if word not in self._first_words:
                continue
            for size in range(min(self._longest, len(words) - i), 0, -1):
                value = self._phrases.get(tuple(words[i : i + size]))
                if value is not None:
                    end = tokens[i + size - 1].end
                    candidates.append(Match(i, i + size, tokens[i].start, end, value))
                    break
        chosen: list[Match[T]] = []
        taken: set[int] = set()
        for match in sorted(candidates, key=lambda m: (m.first - m.last, m.first)):
            span = range(match.first, match.last)
            if not taken.intersection(span):
                chosen.append(match)
                taken.update(span)
        return sorted(chosen, key=lambda m: m.first)


def load_data(name: str) -> Any:
    """A JSON data file shipped in `summarizer/facts/data/`."""
    path = resources.files("summarizer.facts") / "data" / name
    return json.loads(path.read_text(encoding="utf-8"))

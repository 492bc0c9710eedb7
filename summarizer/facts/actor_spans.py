"""The spans that may name an actor: a recogniser's entities, and the mentions kept of them.

Recognisers cut long names short; the spans are mended here ("Abdu Rabu" + "Mansour Hadi"),
and without a recogniser people are found after their titles ("President Donald Trump").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.facts.actor_rules import (
    _MONTH_WORDS,
    _NAME_WORD,
    _PLACE_BEFORE,
    _TITLE_WORDS,
    _TITLED_NAME,
    _WORD_BEFORE,
)
from summarizer.facts.gazetteer import Token

__all__ = ["Entity"]


@dataclass(frozen=True)
class Entity:
    """A span a named-entity recogniser labelled (PERSON, ORG, GPE, NORP, ...)."""

    start: int
    end: int
    label: str
    text: str


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    sentence: str


def _titled_people(text: str) -> list[Entity]:
    """Without a recogniser: names after a title, then their bare surnames."""
    found = [
        Entity(m.start("name"), m.end("name"), "PERSON", m["name"])
        for m in _TITLED_NAME.finditer(text)
    ]
    surnames = {e.text.split()[-1] for e in found if len(e.text.split()) > 1}
    for surname in surnames:
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            if not any(e.start <= m.start() < e.end for e in found):
                found.append(Entity(m.start(), m.end(), "PERSON", surname))
    return sorted(found, key=lambda e: e.start)


def _joined_people(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Recognisers cut long names: "Abdu Rabu" + "Mansour Hadi" are one person, and
    "Beji Caid" is followed by "Essebsi"."""
    joined: list[Entity] = []
    for entity in sorted(entities, key=lambda e: e.start):
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.label == entity.label == "PERSON"
            and not text[previous.end : entity.start].strip()
        ):
            joined[-1] = Entity(
                previous.start, entity.end, "PERSON", text[previous.start : entity.end]
            )
            continue
        joined.append(entity)
    result = []
    for i, entity in enumerate(joined):
        start, end = entity.start, entity.end
        if entity.label == "PERSON" and " " in entity.text:
            for _ in range(2):
                more = _NAME_WORD.match(text, end)
                if more is None or more.group(1) in _TITLE_WORDS:
                    break
                end = more.end()
            earlier = joined[i - 1].end if i else 0
            # A word another span holds is not the name's ("House of Commons William Hague").
            front = _name_start(text, start)
            start = start if front < earlier else front
        shown = text[start:end]
        nick = _NICKNAME_THEN_NAME.match(text, end) if entity.label == "PERSON" else None
        if nick and nick["name"] not in _TITLE_WORDS and nick["name"].lower() not in _MONTH_WORDS:
            # Moshe "Bogy" Yaalon: the name goes on past the nickname, which it leaves out
            shown, end = f"{shown} {nick['name']}", nick.end()
        result.append(Entity(start, end, entity.label, shown))
    return result


_DEMONYM_END = re.compile(r"(?:ian|ean|ese|ish|an|i)$")
_NICKNAME_THEN_NAME = re.compile(
    r"\s+[\"“][A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?[\"”]\s+(?P<name>[A-Z][\w'’-]+)"
)


def _name_start(text: str, start: int) -> int:
    """A capitalised word the recogniser left off the front ("as Son Young Nam"): taken when
    a lower-case word stands before it, so titles and sentence starts stay out."""
    found = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if found is None or found.group(1) in _TITLE_WORDS or found.group(1).lower() in _MONTH_WORDS:
        return start
    before = text[max(0, found.start() - 20) : found.start()].split()
    word = before[-1] if before else ""
    # "neo-Nazi Frazier Glenn Miller": a hyphenated word that starts in lower case counts,
    # unless what it lets in is a nationality ("pro-Russian Ukrainian Viktor Medvedchuk")
    hyphenated = "-" in word and bool(_DEMONYM_END.search(found.group(1)))
    lower_word = (
        word[:1].islower()
        and word.replace("-", "").isalpha()
        and word not in _PLACE_BEFORE
        and not hyphenated
    )
    return found.start() if lower_word else start


def _sentence_at(sentences: Sequence[tuple[int, str, list[Token]]], position: int) -> str:
    offsets = [offset for offset, _, _ in sentences]
    index = bisect.bisect_right(offsets, position) - 1
    return sentences[index][1] if index >= 0 else ""

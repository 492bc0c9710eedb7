"""Actors in news text: people, states and organisations, each once under a canonical name.

States and organisations come from a curated gazetteer (`data/actors.json`), which also maps
demonyms, capitals and seats of government to their state ("Pyongyang" -> North Korea).
People (and organisations the gazetteer lacks) come from a named-entity recogniser when one is
given, else from title patterns ("President Donald Trump"); a surname alone ("Mr. Kim") joins
the full name it belongs to ("Kim Jong Un").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarizer.facts.gazetteer import Match, PhraseIndex, Token, load_data
from summarizer.facts.mentions import NamedFact

__all__ = ["ActorFact", "ActorFinder", "Entity"]

_TITLES = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Adm|Sgt|Sen|Rep|Gov|Rev|St)\.?"
    r"|President|Vice President|Prime Minister|Deputy Prime Minister|Foreign Minister"
    r"|Defen[cs]e Minister|Defen[cs]e Secretary|Secretary of State|Secretary|Minister"
    r"|Chancellor|Premier|King|Queen|Prince|Princess|Crown Prince|Sheikh|Emir|Ayatollah"
    r"|Supreme Leader|Leader|leader|General|Admiral|Colonel|Commander|Senator|Governor|Mayor"
    r"|Ambassador|Envoy|Spokesman|Spokeswoman|spokesman|spokeswoman|spokesperson|Chief"
    r"|Director|Chairman|Chairwoman|Speaker|Judge|Justice|Representative|Lieutenant|Captain"
    r"|Major|Sergeant|Marshal|Field Marshal|Brig|Brigadier"
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_PREFIXES = ("Pope ",)
_TITLE_WORDS = frozenset(re.findall(r"[A-Z][a-z]+", _TITLES)) | {"The", "A", "An"}
_TITLE_BEFORE = re.compile(rf"(?:{_TITLES})\s+$")
_TITLED_NAME = re.compile(
    rf"\b(?:{_TITLES})\s+(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][\w'’-]+){{0,3}})"
)
_TRAILING = re.compile(r"(?:'s|’s|')$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_GENERIC_ORG_WORDS = frozenset(
    "the army military government ministry police state media officials forces navy air force "
    "parliament cabinet court agency council party".split()
)
_MAX_NAME_WORDS = 6
# Places whose names contain an actor's name: matched as places, so they count for nobody.
_PLACES = (
    "South China Sea", "East China Sea", "Taiwan Strait", "Indian Ocean", "Philippine Sea",
    "Sea of Japan", "Latin America", "Latin American", "Gulf of Mexico", "New Mexico",
    "Korean Peninsula", "Party Congress", "Russian Far East", "Arabian Peninsula",
    "Arabian Sea", "Sea of Okhotsk", "Turkish Straits", "Israeli-occupied",
    *(f"{n} Congress" for n in ("First", "Second", "Third", "Fourth", "Fifth", "Sixth",
                                 "Seventh", "Eighth", "Ninth", "Tenth", "Party", "National")),
)  # fmt: skip


@dataclass(frozen=True)
class Entity:
    """A span a named-entity recogniser labelled (PERSON, ORG, GPE, NORP, ...)."""

    start: int
    end: int
    label: str
    text: str


@dataclass
class ActorFact(NamedFact):
    """An actor; kind is person, state or organisation."""


@dataclass(frozen=True)
class _Known:
    name: str
    kind: str
    contextual: bool


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    sentence: str


class ActorFinder:
    """Built once from the shipped gazetteer; `find` is then pure."""

    def __init__(self) -> None:
        data = load_data("actors.json")
        phrases: list[tuple[str, _Known]] = []
        for state in data["states"]:
            for key in ("name", "aliases", "demonyms", "capitals", "seats"):
                forms = state.get(key, [])
                for form in [forms] if isinstance(forms, str) else forms:
                    phrases.append((form, _Known(state["name"], "state", False)))
            phrases.extend(
                (form, _Known(state["name"], "state", True)) for form in state.get("contextual", [])
            )
        for org in data["organisations"]:
            for form in [org["name"], *org.get("aliases", [])]:
                phrases.append((form, _Known(org["name"], "organisation", False)))
            phrases.extend(
                (form, _Known(org["name"], "organisation", True))
                for form in org.get("contextual", [])
            )
        phrases.extend((place, _Known(place, "place", False)) for place in _PLACES)
        self._known = PhraseIndex(phrases)

    def known(self, phrase: str) -> bool:
        return phrase in self._known

    def canonical(self, phrase: str) -> str | None:
        """The canonical name of a state or organisation form ("U.S." -> United States)."""
        found = self._known.get(phrase)
        return found.name if found is not None and found.kind != "place" else None

    def find(
        self,
        text: str,
        sentences: Sequence[tuple[int, str, list[Token]]],
        entities: Sequence[Entity] | None,
        is_weapon: Callable[[str], bool] = lambda _: False,
    ) -> list[ActorFact]:
        """Actors of a text, from its sentences (offset, text, tokens) and NER entities."""
        facts: dict[tuple[str, str], ActorFact] = {}
        deferred: list[tuple[_Known, str, str]] = []
        covered: list[tuple[int, int]] = []
        # An organisation the recogniser found around a state's name ("Singapore Airlines",
        # "Russia 24") is that organisation, not the state.
        org_spans = [
            (e.start, e.end) for e in entities or () if e.label == "ORG" and not self.known(e.text)
        ]
        for offset, sentence, tokens in sentences:
            for match in self._known_with_parts(tokens):
                start, end = offset + match.start, offset + match.end
                if match.value.kind == "state" and any(
                    a <= start and end <= b and (b - a) > (end - start) for a, b in org_spans
                ):
                    continue
                mention = sentence[match.start : match.end]
                covered.append((start, end))
                if match.value.kind == "place":
                    continue
                if match.value.contextual:
                    deferred.append((match.value, mention, sentence))
                else:
                    key = (match.value.name, match.value.kind)
                    facts.setdefault(key, ActorFact(*key)).add(mention, sentence)
        for known, mention, sentence in deferred:
            key = (known.name, known.kind)
            if key in facts:
                facts[key].add(mention, sentence)
        people, organisations = self._candidates(text, sentences, entities, covered, is_weapon)
        for name, spans in _merge_people(people).items():
            fact = ActorFact(name, "person")
            for span in spans:
                fact.add(span.text, span.sentence)
            facts[(name, "person")] = fact
        for span in organisations:
            name = _LEADING_THE.sub("", _TRAILING.sub("", span.text)).strip()
            facts.setdefault((name, "organisation"), ActorFact(name, "organisation")).add(
                span.text, span.sentence
            )
        return sorted(facts.values(), key=lambda f: (-f.count, f.name))

    def _known_with_parts(self, tokens: list[Token]) -> list[Match[_Known]]:
        """Gazetteer matches, plus hyphenated parts: "pro-Russian", "Russian-backed"."""
        found = self._known.find(tokens)
        taken = {i for m in found for i in range(m.first, m.last)}
        for i, token in enumerate(tokens):
            if i in taken or "-" not in token.text:
                continue
            position = token.start
            for part in token.text.split("-"):
                known = self._known.get(part) if part[:1].isupper() else None
                if known is not None and known.kind == "state" and not known.contextual:
                    found.append(Match(i, i + 1, position, position + len(part), known))
                position += len(part) + 1
        return found

    def _candidates(
        self,
        text: str,
        sentences: Sequence[tuple[int, str, list[Token]]],
        entities: Sequence[Entity] | None,
        covered: list[tuple[int, int]],
        is_weapon: Callable[[str], bool],
    ) -> tuple[list[_Mention], list[_Mention]]:
        people: list[_Mention] = []
        organisations: list[_Mention] = []
        spans = _joined_people(text, entities) if entities is not None else _titled_people(text)
        # What the recogniser also calls a place somewhere in the text is a place.
        places = {e.text for e in spans if e.label in _PLACE_LABELS}
        for entity in spans:
            if entity.text in places and entity.label not in _PLACE_LABELS:
                continue
            if any(entity.start < b and a < entity.end for a, b in covered):
                continue
            surface = _TRAILING.sub("", entity.text.strip()).strip()
            bare = _LEADING_THE.sub("", surface)
            if not bare or is_weapon(bare) or self.known(bare):
                continue
            sentence = _sentence_at(sentences, entity.start)
            if entity.label == "PERSON" and _looks_like_name(bare):
                prefix = next((p for p in _NAME_PREFIXES if text.endswith(p, 0, entity.start)), "")
                title = _TITLE_BEFORE.search(text, max(0, entity.start - 40), entity.start)
                shown = prefix + bare if prefix else (title.group(0) if title else "") + bare
                people.append(_Mention(entity.start, entity.end, shown, sentence))
            elif entity.label == "ORG" and _looks_like_organisation(bare):
                organisations.append(_Mention(entity.start, entity.end, bare, sentence))
        return people, organisations


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


def _merge_people(mentions: list[_Mention]) -> dict[str, list[_Mention]]:
    """Group mentions of one person under the fullest name: "Mr. Kim" -> "Kim Jong Un"."""
    names: dict[str, list[_Mention]] = {}
    bare_of = {id(m): _strip_title(m.text) for m in mentions}
    full = sorted({bare_of[id(m)] for m in mentions}, key=lambda n: -len(n.split()))
    for mention in mentions:
        bare = bare_of[id(mention)]
        if "-" in bare and " " not in bare:
            # "Kim-Trump diplomacy": one mention of each person, when both are known.
            owners = [_owner(part, full) for part in bare.split("-")]
            if all(owners):
                for owner in owners:
                    names.setdefault(str(owner), []).append(mention)
                continue
        parts = bare.split()
        target = next(
            (name for name in full if name != bare and len(name.split()) > len(parts)
             and _part_of(parts, name.split())),
            bare,
        )  # fmt: skip
        names.setdefault(target, []).append(mention)
    return names


def _owner(part: str, full: list[str]) -> str | None:
    return next((n for n in full if len(n.split()) > 1 and _part_of([part], n.split())), None)


def _part_of(parts: list[str], name: list[str]) -> bool:
    if len(parts) == 1:
        return parts[0] in (name[0], name[-1])
    return all(p in name for p in parts)


def _strip_title(text: str) -> str:
    return re.sub(rf"^(?:(?:{_TITLES})\s+)+", "", text).strip()


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _MAX_NAME_WORDS
        and all(w[:1].isupper() or w in {"bin", "al", "de", "van", "von", "der", "da"}
                or w.startswith("al-") for w in words)
        and not any(ch.isdigit() for ch in text)
    )  # fmt: skip


def _looks_like_organisation(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 8 or not text[:1].isupper():
        return False
    if len(words) == 1 and not (text.isupper() and len(text) >= 2):
        return False  # one capitalised word the gazetteer lacks is more often a place
    return not all(w.lower() in _GENERIC_ORG_WORDS for w in words)


_NAME_WORD = re.compile(r"\s+([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)\b")


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
            joined[-1] = Entity(previous.start, entity.end, "PERSON",
                                text[previous.start : entity.end])  # fmt: skip
            continue
        joined.append(entity)
    result = []
    for entity in joined:
        end = entity.end
        if entity.label == "PERSON" and " " in entity.text:
            for _ in range(2):
                more = _NAME_WORD.match(text, end)
                if more is None or more.group(1) in _TITLE_WORDS:
                    break
                end = more.end()
        result.append(Entity(entity.start, end, entity.label, text[entity.start : end]))
    return result


def _sentence_at(sentences: Sequence[tuple[int, str, list[Token]]], position: int) -> str:
    offsets = [offset for offset, _, _ in sentences]
    index = bisect.bisect_right(offsets, position) - 1
    return sentences[index][1] if index >= 0 else ""

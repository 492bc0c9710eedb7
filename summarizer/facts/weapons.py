"""Weapons systems and weapon classes in news text.

Named systems come from a curated gazetteer (`data/weapons.json`: designations, aliases,
kinds, operators), from ship prefixes ("USS Carney") and from designation patterns next to a
class noun ("the new XK-9 missile"). Weapon classes (`data/weapon_classes.json`) are reported
only where they do not describe a named system of the same sentence.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from summarizer.facts.gazetteer import Match, PhraseIndex, Token, load_data
from summarizer.facts.mentions import NamedFact

__all__ = ["WeaponFact", "WeaponFinder", "is_weapon_class"]

_SHIP_PREFIXES = frozenset(
    {"USS", "HMS", "INS", "HMCS", "HMAS", "HMNZS", "ROKS", "JS", "FS", "BRP", "TCG", "KRI", "HNLMS"}
)
_DESIGNATION = re.compile(r"^(?:[A-Z]{1,4}|[A-Z][a-z]{1,3})-\d{1,4}[A-Z]{0,3}$")
_NOT_DESIGNATIONS = frozenset({"COVID-19", "G-7", "G-20", "P-5", "E-3", "I-95", "A-1", "B-1"})
# A class noun right after a designation tells its kind.
_CLASS_NOUNS = {
    "missile": "missile",
    "missiles": "missile",
    "drone": "drone",
    "drones": "drone",
    "jet": "fighter",
    "jets": "fighter",
    "fighter": "fighter",
    "fighters": "fighter",
    "bomber": "bomber",
    "bombers": "bomber",
    "tank": "tank",
    "tanks": "tank",
    "helicopter": "helicopter",
    "helicopters": "helicopter",
    "rocket": "rocket artillery",
    "rockets": "rocket artillery",
    "howitzer": "artillery",
    "howitzers": "artillery",
    "interceptor": "surface-to-air missile",
    "interceptors": "surface-to-air missile",
    "submarine": "submarine",
    "destroyer": "warship",
    "frigate": "warship",
    "satellite": "satellite",
    "launcher": "rocket artillery",
    "launchers": "rocket artillery",
}
# Words before a class word that make it something else ("think tank", "suicide bomber").
_NOT_WEAPON_BEFORE = frozenset(
    {"think", "fuel", "water", "oil", "gas", "septic", "storage", "suicide", "passenger"}
)
# Names that are also places or surnames ("Shandong", "Abrams") count only near such words.
_CONTEXT_WORDS = {
    "aircraft carrier": {
        "carrier",
        "carriers",
        "ship",
        "ships",
        "vessel",
        "vessels",
        "warship",
        "navy",
        "naval",
        "fleet",
        "deck",
        "sailed",
        "group",
    },
    "warship": {
        "ship",
        "ships",
        "vessel",
        "warship",
        "cruiser",
        "navy",
        "naval",
        "fleet",
        "sank",
        "sunk",
        "flagship",
    },
    "tank": {"tank", "tanks", "armor", "armour", "armored", "armoured", "battle"},
}
# Near any other kind of system: words of weapons and their use ("Patriot batteries", "fired
# Tomahawks"), which "Patriot groups" and "a tomahawk" lack.
_ARMS_WORDS = frozenset(
    "missile missiles rocket rockets launcher launchers system systems battery batteries "
    "interceptor interceptors air defense defence air-defense air-defence fired launched "
    "strike strikes struck drone drones munition munitions anti-tank anti-aircraft "
    "anti-ship shot weapon weapons armed armored armoured vehicle vehicles howitzer "
    "howitzers artillery supplied delivered deliveries deliver supply sent send military "
    "troops army warship destroyer submarine aircraft jets".split()
)
_CONTEXT_WINDOW = 6
_CIVILIAN_BEFORE = frozenset(
    "passenger private commercial jumbo business corporate cargo executive charter airline "
    "airliner jetliner chartered civilian".split()
)
_DEFINITE = frozenset({"the", "that", "this", "its"})
# Words after a class noun that end its phrase ("the aircraft carrier to ..."), where a noun
# would make it a modifier ("ballistic missile programme").
_PHRASE_ENDS = frozenset(
    "to of in on at from with and or was is that which has had will would for by into near "
    "off as but were are it".split()
)
_COMBAT_WORDS = frozenset(
    "fired firing bombed bombing bombs struck strikes airstrike airstrikes missile missiles "
    "rockets shot downed intercepted intercept scrambled ordnance sortie sorties combat "
    "attacked raid raids warplanes".split()
)
# Words of civil flying: a sentence with them is about an airliner ("landed at the airport").
_CIVIL_WORDS = frozenset(
    "airport airports landing landed takeoff runway passengers passenger flight flights "
    "airline airlines diverted caught fuel".split()
)
_CIVILIAN_AFTER = frozenset("fuel lag stream streams engine engines ski skis set setter".split())


@cache
def _class_names() -> frozenset[str]:
    return frozenset(entry["name"] for entry in load_data("weapon_classes.json"))


def is_weapon_class(name: str) -> bool:
    """Whether a weapon fact names a class ("drones", "IEDs") rather than a system: readers
    want the named systems first."""
    return name in _class_names()


@dataclass
class WeaponFact(NamedFact):
    """A named system or a weapon class, with the states known to operate it."""

    operators: tuple[str, ...] = ()


@dataclass(frozen=True)
class _System:
    name: str
    kind: str
    operators: tuple[str, ...]
    needs_context: bool = False


@dataclass(frozen=True)
class _Class:
    name: str
    kind: str
    absorbs: frozenset[str]
    joins: frozenset[str]
    needs_context: bool = False


class WeaponFinder:
    """Built once from the shipped data; `find` is then pure and fast."""

    def __init__(self) -> None:
        phrases: list[tuple[str, _System]] = []
        for entry in load_data("weapons.json"):
            system = _System(
                entry["name"],
                entry["kind"],
                tuple(entry.get("operators", ())),
                bool(entry.get("needs_context", False)),
            )
            for form in [entry["name"], *entry.get("aliases", ())]:
                phrases.append((form, system))
                if not form.endswith("s"):
                    phrases.append((form + "s", system))  # "F-16s", "Patriots"
        self._systems = PhraseIndex(phrases)
        classes: list[tuple[str, _Class]] = []
        self._joins: dict[str, _Class] = {}
        for entry in load_data("weapon_classes.json"):
            item = _Class(
                entry["name"],
                entry["kind"],
                frozenset(entry.get("absorbs", ())),
                frozenset(entry.get("joins", ())),
            )
            classes.extend((phrase, item) for phrase in entry["phrases"])
            # "jets" names a weapon only in a sentence of combat: "a jet fired missiles".
            contextual = dataclasses.replace(item, needs_context=True)
            classes.extend((phrase, contextual) for phrase in entry.get("contextual_phrases", ()))
            for word in item.joins:
                self._joins[word] = item
        self._classes = PhraseIndex(classes, lower=True)

    def canonical(self, phrase: str) -> str | None:
        """The canonical name of a system's alias ("M142 HIMARS" -> HIMARS)."""
        found = self._systems.get(phrase)
        return found.name if found is not None else None

    def system(self, phrase: str) -> tuple[str, str, tuple[str, ...]] | None:
        """A system's canonical name, kind and operators, by any of its names."""
        found = self._systems.get(phrase)
        return None if found is None else (found.name, found.kind, found.operators)

    def is_weapon(self, phrase: str) -> bool:
        designation = bool(_DESIGNATION.match(phrase)) and phrase not in _NOT_DESIGNATIONS
        return phrase in self._systems or designation

    def find(
        self, sentences: Sequence[tuple[str, list[Token]]], *, english: bool = True
    ) -> list[WeaponFact]:
        """Weapons of an article, given its sentences with their tokens. In another
        language a Latin "Patriot" stands out as a name and needs no context words."""
        systems: dict[str, WeaponFact] = {}
        pending: list[tuple[_Class, str, str, set[str], bool]] = []
        joinable: list[tuple[str, str]] = []
        for sentence, tokens in sentences:
            kinds_here: set[str] = set()
            claimed: set[int] = set()
            for match in self._named(tokens, english=english):
                system = match.value
                fact = systems.setdefault(
                    system.name, WeaponFact(system.name, system.kind, operators=system.operators)
                )
                fact.add(sentence[match.start : match.end], sentence)
                kinds_here.add(system.kind)
                claimed.update(range(match.first, match.last))
            for found in self._classes.find(tokens):
                if claimed.intersection(range(found.first, found.last)):
                    continue
                before = tokens[found.first - 1].text.lower() if found.first else ""
                if before in _NOT_WEAPON_BEFORE:
                    continue
                if found.value.needs_context and not _class_in_context(found, tokens):
                    continue
                text = sentence[found.start : found.end]
                again = _refers_back(found, tokens, text)
                pending.append((found.value, text, sentence, kinds_here, again))
            joinable.extend(
                (t.text.lower(), sentence) for t in tokens if t.text.lower() in self._joins
            )
        facts = list(systems.values())
        named_kinds = {fact.kind for fact in facts}
        classes: dict[str, WeaponFact] = {}
        for item, text, sentence, kinds_here, again in pending:
            if kinds_here & item.absorbs:
                continue  # the class word describes a system named in the same sentence
            if again and named_kinds & item.absorbs:
                continue  # "the aircraft carrier" of a story naming the Liaoning: that one
            fact = classes.setdefault(item.name, WeaponFact(item.name, item.kind))
            fact.add(text, sentence)
        for word, sentence in joinable:
            target = self._joins[word]
            if target.name in classes:
                classes[target.name].add(word, sentence)
        return facts + list(classes.values())

    def _named(self, tokens: list[Token], *, english: bool) -> list[Match[_System]]:
        found = [m for m in self._systems.find(tokens) if not english or _in_context(m, tokens)]
        taken = {i for m in found for i in range(m.first, m.last)}
        for i, token in enumerate(tokens):
            if i in taken:
                continue
            if token.text in _SHIP_PREFIXES and i + 1 < len(tokens):
                ship = self._ship(tokens, i)
                if ship is not None:
                    found.append(ship)
                    taken.update(range(ship.first, ship.last))
            elif _DESIGNATION.match(token.text) and token.text not in _NOT_DESIGNATIONS:
                after = (t.text.lower() for t in tokens[i + 1 : i + 4])
                noun = next((word for word in after if word in _CLASS_NOUNS), None)
                if noun is not None:
                    system = _System(token.text, _CLASS_NOUNS[noun], ())
                    found.append(Match(i, i + 1, token.start, token.end, system))
        return sorted(found, key=lambda m: m.first)

    @staticmethod
    def _ship(tokens: list[Token], i: int) -> Match[_System] | None:
        """ "USS Gerald R. Ford": the prefix and the capitalised words (and initials) after it."""
        j = i + 1
        while j < len(tokens) and j - i <= 4:
            word = tokens[j].text
            initial_dot = word == "." and j > i + 1 and len(tokens[j - 1].text) == 1
            if not (initial_dot or (word[:1].isupper() and word.replace(".", "").isalpha())):
                break
            j += 1
        if j == i + 1:
            return None
        start, end = tokens[i].start, tokens[j - 1].end
        name = " ".join(t.text for t in tokens[i:j] if t.text != ".")
        name = re.sub(r"\b([A-Z]) ", r"\1. ", name)
        return Match(i, j, start, end, _System(name, "warship", ()))


def _refers_back(found: Match[_Class], tokens: list[Token], text: str) -> bool:
    """A definite singular class ending its phrase ("the aircraft carrier, too", "China's
    aircraft carrier"), which may name a system again; "a new missile" and "ballistic missile
    programme" do not."""
    after = tokens[found.last].text if found.last < len(tokens) else ""
    ends = not after.isalpha() or after in _PHRASE_ENDS or after in {"'", "’"}
    before = [t.text.lower() for t in tokens[max(0, found.first - 3) : found.first]]
    definite = bool(set(before) & _DEFINITE) or any(
        a in {"'", "’"} and b == "s" for a, b in itertools.pairwise(before)
    )
    return ends and definite and not text.lower().endswith("s")


def _class_in_context(found: Match[_Class], tokens: list[Token]) -> bool:
    """A class word that is also a civilian one ("jet") names a weapon in a sentence of
    combat ("a jet fired missiles at the palace"), never as "a passenger jet" or "jet fuel"."""
    before = tokens[found.first - 1].text.lower() if found.first else ""
    after = tokens[found.last].text.lower() if found.last < len(tokens) else ""
    if before in _CIVILIAN_BEFORE or after in _CIVILIAN_AFTER:
        return False
    words = {t.text.lower() for t in tokens}
    return bool(words & _COMBAT_WORDS) and not words & _CIVIL_WORDS


def _in_context(match: Match[_System], tokens: list[Token]) -> bool:
    """A bare name that is also a place, a surname or a word needs a word of its kind
    nearby."""
    if not match.value.needs_context or match.last - match.first > 1:
        return True
    if not tokens[match.first].text.isalpha():
        return True  # a designation ("PAC-3") is never a word
    wanted = _CONTEXT_WORDS.get(match.value.kind, _ARMS_WORDS)
    lo, hi = max(0, match.first - _CONTEXT_WINDOW), match.last + _CONTEXT_WINDOW
    return any(t.text.lower() in wanted for t in tokens[lo:hi])

"""Actors in news text: people, states and organisations, each once under a canonical name.

States and organisations come from a curated gazetteer (`data/actors.json`), which also maps
demonyms, capitals and seats of government to their state ("Pyongyang" -> North Korea).
People (and organisations the gazetteer lacks) come from a named-entity recogniser when one is
given, else from title patterns ("President Donald Trump"); a surname alone ("Mr. Kim") joins
the full name it belongs to ("Kim Jong Un").

The finder is here; its vocabulary is in `actor_rules`, the candidate spans in `actor_spans`,
typing a span as a person or an organisation in `actor_kinds`, and joining one actor's names in
`aliases`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from summarizer.facts.actor_kinds import (
    _after_preposition,
    _after_the,
    _candidates,
    _names_a_body,
    _placed,
    _ship_context,
)
from summarizer.facts.actor_rules import (
    _BODIES,
    _COUNT_WORDS,
    _DETERMINERS,
    _EVENT_AFTER,
    _LANGUAGE_BEFORE,
    _LEADING_THE,
    _NOT_BODIES,
    _NOUN_END,
    _ORG_WORDS,
    _PLACE_NOUNS,
    _PLACES,
    _PRIVATE_NOUNS,
    _TRAILING,
    _UNIT,
    _VENUE_AFTER,
    _VENUE_BEFORE,
)
from summarizer.facts.actor_spans import Entity, _Mention
from summarizer.facts.aliases import _aliases, _merge_people, _strip_title
from summarizer.facts.gazetteer import Match, PhraseIndex, Token, load_data
from summarizer.facts.mentions import NamedFact
from summarizer.facts.places import Places

__all__ = ["ActorFact", "ActorFinder", "Entity"]


@dataclass
class ActorFact(NamedFact):
    """An actor; kind is person, state or organisation."""


@dataclass(frozen=True)
class _Known:
    name: str
    kind: str
    contextual: bool


@dataclass
class _Found:
    """What `find` has gathered so far: facts by (name, kind), the text spans the gazetteer
    took, and each standard body's latest owner ("Ministry of Defence" -> "... (Japan)")."""

    facts: dict[tuple[str, str], ActorFact] = field(default_factory=dict)
    covered: list[tuple[int, int]] = field(default_factory=list)
    owned: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, kind: str, mention: str, sentence: str) -> None:
        self.facts.setdefault((name, kind), ActorFact(name, kind)).add(mention, sentence)


class ActorFinder:
    """Built once from the shipped gazetteer; `find` is then pure."""

    def __init__(self) -> None:
        data = load_data("actors.json")
        phrases, self._capitals, self._demonyms = _gazetteer_phrases(data)
        self._known = PhraseIndex(phrases)
        self._bodies = PhraseIndex(list(_BODIES.items()))
        self._places = Places()
        # An organisation's home state: its contextual forms count in a story of that state
        # too ("a Republican" where the United States is named).
        self._home = {o["name"]: o["home"] for o in data["organisations"] if "home" in o}
        # Gazetteer bodies that are a state's standard body ("United States Navy" is "Navy
        # (United States)"): a bare "the Navy" after one of them is that body.
        standard = set(_BODIES.values())
        self._body_of = {
            org["name"]: body
            for org in data["organisations"]
            for alias in org.get("aliases", ())
            if (body := alias.split(" (")[0]) in standard and alias.endswith(")")
        }

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
        promos = [(o, o + len(s)) for o, s, _ in sentences if _PROMO.match(s)]
        if promos:  # "Follow us on Twitter": a line about the publication names no actor
            sentences = [s for s in sentences if (s[0], s[0] + len(s[1])) not in promos]
            entities = entities and [
                e for e in entities if not any(a <= e.start < b for a, b in promos)
            ]
        found = _Found()
        self._gazetteer_facts(found, sentences, entities)
        _unit_facts(found, sentences)
        people, organisations = _candidates(
            text, sentences, entities, found.covered, is_weapon, partial(self._not_an_actor, text)
        )
        self._people_facts(found, people, text)
        self._organisation_facts(found, organisations, _aliases(text))
        return sorted(found.facts.values(), key=lambda f: (-f.count, f.name))

    def _gazetteer_facts(
        self,
        found: _Found,
        sentences: Sequence[tuple[int, str, list[Token]]],
        entities: Sequence[Entity] | None,
    ) -> None:
        """States and organisations the gazetteer knows, and the bodies states own."""
        deferred: list[tuple[_Known, str, str]] = []
        unowned: list[tuple[str, str, str]] = []  # "The Army" with no owner named before
        # An organisation the recogniser found around a state's name ("Singapore Airlines",
        # "Russia 24") is that organisation, not the state.
        org_spans = [
            (e.start, e.end, e.text)
            for e in entities or ()
            if e.label == "ORG" and not self.known(e.text) and _names_a_body(e.text)
        ]
        for offset, sentence, tokens in sentences:
            for match, body in self._matches(tokens):
                start, end = offset + match.start, offset + match.end
                inside = [
                    (a, b, name)
                    for a, b, name in org_spans
                    if a <= start and end <= b and (b - a) > (end - start)
                ]
                if body is None and match.value.kind == "state" and inside:
                    continue
                if match.value.kind == "organisation" and any(
                    self._in_longer_name(name[: start - a], name[end - a :])
                    for a, _, name in inside
                ):
                    continue
                if _goes_on(match, tokens):
                    continue  # "Republican Guard", "Republican People's Party": another name
                mention = sentence[match.start : match.end]
                found.covered.append((start, end))
                if match.value.kind == "place" or not self._stands_for_actor(match, tokens):
                    continue
                if body is not None:  # "Japan's Defense Ministry": the body, and the state
                    owned_name = f"{body[1]} ({match.value.name})"
                    name = self.canonical(owned_name) or owned_name  # "China Coast Guard"
                    found.owned[body[1]] = name
                    found.covered.append((start, offset + body[0]))
                    found.add(name, "organisation", sentence[match.start : body[0]], sentence)
                if match.value.contextual:
                    if not _qualified(tokens, match.first):
                        deferred.append((match.value, mention, sentence))
                else:
                    self._add_known(found, match.value, (mention, sentence), unowned)
        for known, mention, sentence in deferred:
            if (known.name, known.kind) in found.facts or self._at_home(known.name, found):
                found.add(known.name, known.kind, mention, sentence)
        self._services_of_the_story(found, unowned)

    def _at_home(self, name: str, found: _Found) -> bool:
        """Whether the story names the organisation's home state, or one of its bodies
        ("United States Senate"; for the United States, Congress too)."""
        home = self._home.get(name)
        if home is None:
            return False
        names = {other for other, _ in found.facts}
        american = home == "United States" and bool(names & {"Congress", "Pentagon"})
        return american or any(other.startswith(home) for other in names)

    def _add_known(
        self,
        found: _Found,
        known: _Known,
        said: tuple[str, str],
        unowned: list[tuple[str, str, str]],
    ) -> None:
        mention, sentence = said
        if known.name in found.owned:
            # A bare body ("the navy", "Joint Chiefs of Staff") is the owner's named before
            # it; without one it is nobody's, unless the gazetteer knows it.
            found.add(found.owned[known.name], "organisation", mention, sentence)
        elif known.kind != "body":
            found.add(known.name, known.kind, mention, sentence)
            if (standard := self._body_of.get(known.name)) is not None:
                found.owned[standard] = known.name
        elif known.name in _SERVICES and mention[:1].isupper():
            unowned.append((known.name, mention, sentence))

    def _services_of_the_story(self, found: _Found, unowned: list[tuple[str, str, str]]) -> None:
        """ "The Army said" with no owner named before: in a story that is plainly about one
        state (named at least twice, and half as often again as any other), its service."""
        counts = sorted(
            (fact.count for (_, kind), fact in found.facts.items() if kind == "state"),
            reverse=True,
        )
        if not unowned or not counts or counts[0] < 2:
            return
        if len(counts) > 1 and 2 * counts[0] < 3 * counts[1]:
            return
        state = next(
            name
            for (name, kind), fact in found.facts.items()
            if kind == "state" and fact.count == counts[0]
        )
        american = any(name in _US_POLITICS for name, _ in found.facts)
        for body, mention, sentence in unowned:
            # "the Senate" in a story of Congress and its parties is Congress's chamber.
            owner = "United States" if american and body in _CHAMBERS else state
            owned_name = f"{body} ({owner})"
            known = self.canonical(owned_name)
            if known is None and body in _CHAMBERS:
                continue  # not every state has a Senate: only a chamber the gazetteer knows
            found.add(known or owned_name, "organisation", mention, sentence)

    def _in_longer_name(self, front: str, rest: str) -> bool:
        """A known name inside a recogniser's longer one names another body: "Islamic State
        Sahel Province" is not the Islamic State, "All Progressives Congress" not the US
        Congress (unless the words before are a state's: "U.S. Congress")."""
        front = _LEADING_THE.sub("", front).strip()
        if not front:
            return _extends(rest)
        return _extends(front) and self._known.get(front) is None

    def _people_facts(self, found: _Found, people: list[_Mention], text: str) -> None:
        people, family = _with_family_names(people, text)
        merged = _one_casing(_merge_people(people, family))
        for name, spans in merged.items():
            if not self._not_a_person(name, spans, text):
                for span in spans:
                    found.add(name, "person", span.text, span.sentence)

    def _not_a_person(self, name: str, spans: list[_Mention], text: str) -> bool:
        if all(_STORM_BEFORE.search(text, max(0, m.start - 60), m.start) for m in spans):
            return True  # "Hurricanes Katrina, Rita and Isaac"
        if any(_strip_title(span.text) != span.text for span in spans):
            return False  # "President Obama": a title says person, whatever else the name is
        placed = _placed(text, spans) or any(_of_place(text, s) for s in spans)
        if not placed and any(_acts_as_person(text, span) for span in spans):
            return False  # "Moreno said", never "in Moreno": a person (not "Tigray said")
        if self._places.is_place(name):
            return True
        if len(name.split()) == 1 and (
            placed  # "in Lublin", "a Sahel researcher"
            or 2 * sum(_after_the(text, s) for s in spans) >= len(spans)  # "the Chronicle"
            or re.search(rf"\b{re.escape(name.lower())}\b", text)  # "Dad": also in lower case
        ):
            return True
        # "in Lashkar Gah", "near Pokrovsk": people are not where things are
        return all(_after_preposition(text, span) for span in spans)

    def _organisation_facts(
        self, found: _Found, organisations: list[_Mention], aliases: dict[str, str]
    ) -> None:
        people_words = {w for name, kind in found.facts if kind == "person" for w in name.split()}
        for span in organisations:
            name = _LEADING_THE.sub("", _TRAILING.sub("", span.text)).strip()
            name = aliases.get(name, name)
            if " " not in name and name in people_words:
                continue  # "Leonardo" of "Leonardo Cabrera"
            if (body := _BODIES.get(name)) is not None:
                if body in found.owned:  # "the Defense Ministry" of the owner named before
                    found.add(found.owned[body], "organisation", span.text, span.sentence)
                continue  # a body nobody owns is not an actor
            known = self.canonical(name)
            kind = "state" if known and self._is_state(known) else "organisation"
            found.add(known or name, kind, span.text, span.sentence)

    def _is_state(self, name: str) -> bool:
        found = self._known.get(name)
        return found is not None and found.kind == "state"

    def _matches(self, tokens: list[Token]) -> list[tuple[Match[_Known], tuple[int, str] | None]]:
        """Gazetteer matches, each with the body its state owns right after it, if any
        ("Japan's Defense Ministry" -> (end offset, "Ministry of Defence")); bodies standing
        alone become `body` matches, which join the owner named before them."""
        found = self._known_with_parts(tokens)
        results: list[tuple[Match[_Known], tuple[int, str] | None]] = []
        taken: list[tuple[int, int]] = []  # token spans of gazetteer matches and owned bodies
        skip_until = -1
        for match in found:
            if match.first < skip_until:
                continue
            body = None
            form = " ".join(t.text for t in tokens[match.first : match.last])
            if match.value.kind == "state" and form not in self._capitals:
                body = _body_after(tokens, match.last)
                if body is not None:
                    skip_until = body[2]
            taken.append((match.first, max(match.last, skip_until)))
            results.append((match, (body[0], body[1]) if body else None))
        for bare in self._bodies.find(tokens):
            inside = any(a <= bare.first < b for a, b in taken)
            if not inside and bare.value and _stands_alone(tokens, bare.first, bare.last):
                known = _Known(bare.value, "body", False)
                results.append((Match(bare.first, bare.last, bare.start, bare.end, known), None))
        return sorted(results, key=lambda r: r[0].first)

    def _stands_for_actor(self, match: Match[_Known], tokens: list[Token]) -> bool:
        """A capital as a venue ("talks in Vienna") or a demonym as a private person's
        nationality ("a Filipino crew member") does not make its state an actor."""
        if match.value.kind != "state":
            return True
        form = " ".join(t.text for t in tokens[match.first : match.last])
        before = tokens[match.first - 1].text.lower() if match.first > 0 else ""
        after = tokens[match.last].text if match.last < len(tokens) else ""
        if after in _PLACE_NOUNS:
            return False  # "the Panama Canal", "the Vietnam War": a place or an event
        if form in self._capitals:
            return before not in _VENUE_BEFORE and after.lower() not in _VENUE_AFTER
        if form in self._demonyms:
            if self._noun_after_list(tokens, match.last) in _PRIVATE_NOUNS:
                return False  # "French, Spanish and British citizens"
            if before in _LANGUAGE_BEFORE or (before == "in" and after.lower() in _NOUN_END):
                return False  # "speaking French", "said in Russian."
            if before in _COUNT_WORDS and form.endswith("s"):
                return False  # "many Americans", "two Filipinos": people, not their state
            return not (before in _COUNT_WORDS and after.lower() in _NOUN_END)
        return True

    def _noun_after_list(self, tokens: list[Token], index: int) -> str:
        """The word after a demonym and the demonyms listed with it ("French, Spanish and
        British citizens" -> "citizens")."""
        while index < len(tokens):
            word = tokens[index].text
            if word not in {",", "and", "or"} and word not in self._demonyms:
                return word.lower()
            index += 1
        return ""

    def _known_with_parts(self, tokens: list[Token]) -> list[Match[_Known]]:
        """Gazetteer matches, plus hyphenated parts: "pro-Russian", "Russian-backed"."""
        found = self._known.find(tokens)
        taken = {i for m in found for i in range(m.first, m.last)}
        for i, token in enumerate(tokens):
            if i in taken or "-" not in token.text or token.text.lower().endswith("-based"):
                continue  # "Beirut-based" says where, not who
            if _HYPHENATED_IDENTITY.fullmatch(token.text):
                continue  # "African-American", "Iranian-American": a person's heritage
            position = token.start
            for part in token.text.split("-"):
                known = self._known.get(part) if part[:1].isupper() else None
                if known is not None and known.kind == "state" and not known.contextual:
                    found.append(Match(i, i + 1, position, position + len(part), known))
                position += len(part) + 1
        return found

    def _not_an_actor(self, text: str, entity: Entity, bare: str) -> bool:
        """A name the gazetteer knows already, a place ("Buenos Aires", "Huangyan Dao"; one
        word is judged after merging), a document, site or event, a ship, or an exercise."""
        return (
            self.known(bare)
            or (" " in bare and self._places.is_place(bare))
            or (bool(_NOT_BODIES.search(bare)) and not _surname_shaped(entity, bare))
            or _ship_context(text, entity.start, entity.end)
            or (entity.label == "ORG" and _EVENT_AFTER.match(text, entity.end) is not None)
        )


# Words that end documents' or sites' names and are also surnames ("Nathan Deal", "Sally
# Field"): a PERSON span ending in one is a person.
_SURNAME_WORDS = frozenset("Deal Field Line Church Day Bridge Plant Port Dam Mine Hotel".split())


def _surname_shaped(entity: Entity, bare: str) -> bool:
    words = bare.split()
    return entity.label == "PERSON" and len(words) == 2 and words[-1] in _SURNAME_WORDS


def _unit_facts(found: _Found, sentences: Sequence[tuple[int, str, list[Token]]]) -> None:
    """Units by their numbered names, as one organisation each (the recogniser splits them at
    the comma or leaves the number out)."""
    for offset, sentence, _ in sentences:
        for match in _UNIT.finditer(sentence):
            start, end = offset + match.start(), offset + match.end()
            if any(a <= start and end <= b for a, b in found.covered):
                continue  # a gazetteer name already ("Eighth Army" of a known body)
            name = re.sub(r"\s+", " ", match.group())
            found.add(name, "organisation", match.group(), sentence)
            found.covered.append((start, end))


# Armed services, chambers and courts, whose owner a story about one state makes plain ("The
# Navy said", "the Senate voted").
_SERVICES = frozenset(
    {"Army", "Navy", "Air Force", "Marine Corps", "Coast Guard", "National Guard", "Space Force"}
    | {"Senate", "House of Representatives", "Chamber of Deputies", "Supreme Court"}
)
_NAME_GOES_ON = _ORG_WORDS | {"Guard", "Guards", "People", "Alliance", "League"}
_HYPHENATED_IDENTITY = re.compile(r"[A-Z][a-z]+-(?:Americans?|Canadians?|Britons?|Australians?)")
_CHAMBERS = frozenset({"Senate", "House of Representatives"})
_US_POLITICS = frozenset({"Congress", "Republican Party", "Democratic Party"})
_RELATIVE_BEFORE = re.compile(
    r"\b(?:(?P<owner>[A-Z][\w'’-]+)(?:'s|’s|'|’)|(?P<named>[A-Z][\w'’-]+),?\s+and\s+(?:his|her))"
    r"\s+(?:wife|husband|son|daughter|"
    r"father|mother|brother|sister|widow|widower|niece|nephew|cousin|uncle|aunt),?\s+$"
)


def _with_family_names(people: list[_Mention], text: str) -> tuple[list[_Mention], frozenset[str]]:
    """A first name after a relative's ("Netanyahu and his wife Sara", "Huskins' father,
    Michael") takes the family name, when that is a person's: "Sara Netanyahu"."""
    surnames = {_strip_title(m.text).split()[-1] for m in people if m.text.strip()}
    result: list[_Mention] = []
    made: set[str] = set()
    for mention in people:
        relative = None
        if " " not in mention.text:
            relative = _RELATIVE_BEFORE.search(text, max(0, mention.start - 60), mention.start)
        family = relative and (relative["owner"] or relative["named"])
        if family and family in surnames and family != mention.text:
            shown = f"{mention.text} {family}"
            made.add(shown)
            result.append(_Mention(mention.start, mention.end, shown, mention.sentence))
        else:
            result.append(mention)
    return result, frozenset(made)


# An imperative to the reader: "Follow us", "Follow Jane Doyle on Twitter", "Like us on
# Facebook", "Share your thoughts" (not "Like many Gazans, he wrote on Facebook").
_PROMO = re.compile(
    r"\s*(?:(?:Follow|Join|Like|Find)\s+(?:us\b|@|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+on\b)"
    r"|Share your|Tell us|Sign up|Subscribe)"
    r"[^\n]{0,200}?(?:\bon (?:Twitter|Facebook|Instagram|YouTube)\b|@\w+|\.com/)"
)
_STORM_BEFORE = re.compile(
    r"\b(?:Hurricanes?|Typhoons?|Cyclones?|(?:Tropical )?Storms?)\s+"
    r"(?:[A-Z][a-z]+(?:,\s+|\s+and\s+|\s+or\s+))*$"
)


_PERSONAL_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:said|says|told|added|stated|explained|wrote|asked|replied|insisted|"
    r"administration|government|presidency|campaign|aides?|advisers?)\b"
)


# "the state of Gombe", "residents of Goma": a name after these is a place's.
_PLACE_OF = re.compile(
    r"\b(?:state|city|town|village|province|region|district|county|island|capital|residents|"
    r"people|outskirts|centre|center|mayor|governor)\s+of\s+$",
    re.IGNORECASE,
)


def _of_place(text: str, span: _Mention) -> bool:
    return _PLACE_OF.search(text, max(0, span.start - 40), span.start) is not None


def _acts_as_person(text: str, span: _Mention) -> bool:
    """ "Moreno said", "the Obama administration": what only people do or have."""
    return " " not in span.text and _PERSONAL_AFTER.match(text, span.end) is not None


def _one_casing(names: dict[str, list[_Mention]]) -> dict[str, list[_Mention]]:
    """ "al-Murabitun" and "Al-Murabitun" are one name, under its most frequent writing."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name.casefold(), []).append(name)
    merged: dict[str, list[_Mention]] = {}
    for variants in groups.values():
        main = max(variants, key=lambda n: len(names[n]))
        merged[main] = [span for variant in variants for span in names[variant]]
    return merged


def _qualified(tokens: list[Token], first: int) -> bool:
    """ "Social Democrat", "Irish Republican": a capitalised word before a contextual form
    makes it another party's."""
    return first > 0 and tokens[first - 1].text[:1].isupper()


def _goes_on(match: Match[_Known], tokens: list[Token]) -> bool:
    after = tokens[match.last].text if match.last < len(tokens) else ""
    one_word = match.last - match.first == 1
    return match.value.kind == "organisation" and one_word and after in _NAME_GOES_ON


def _stands_alone(tokens: list[Token], first: int, last: int) -> bool:
    """ "the navy said": a body on its own; "Somali National Army", "the Metropolitan
    Police", "the Army Corps" name something else."""
    before = tokens[first - 1].text if first > 0 else ""
    after = tokens[last].text if last < len(tokens) else ""
    return before.lower() in _DETERMINERS and not after[:1].isupper()


def _extends(rest: str) -> bool:
    """The words after a known name inside a longer one make another body's name: "Sahel
    Province", "Human Rights Office" (capitalised words, not a possessive or a list)."""
    words = rest.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() and w.isalpha() for w in words)


def _body_after(tokens: list[Token], index: int) -> tuple[int, str, int] | None:
    """A body right after a state's form, past a possessive: (end, name, token end)."""
    if index + 1 < len(tokens) and tokens[index].text == "'" and tokens[index + 1].text == "s":
        index += 2
    for size in (5, 4, 3, 2, 1):
        words = " ".join(t.text for t in tokens[index : index + size])
        if len(tokens) >= index + size and _BODIES.get(words):
            return tokens[index + size - 1].end, _BODIES[words], index + size
    return None


def _gazetteer_phrases(data: Any) -> tuple[list[tuple[str, _Known]], set[str], set[str]]:
    """Every form the gazetteer and `_PLACES` know, with the capitals and seats among them (the
    state only as its government) and the demonyms."""
    phrases: list[tuple[str, _Known]] = []
    capitals: set[str] = set()
    demonyms: set[str] = set()
    for state in data["states"]:
        for key in ("name", "aliases", "demonyms", "capitals", "seats"):
            forms = state.get(key, [])
            # A name that is also a US state's ("Georgia") counts where another form of the
            # state (Tbilisi, Georgian) says which one is meant.
            contextual = key == "name" and state.get("name_contextual", False)
            for form in [forms] if isinstance(forms, str) else forms:
                phrases.append((form, _Known(state["name"], "state", contextual)))
                if key in {"capitals", "seats"}:
                    capitals.add(form)
                elif key == "demonyms":
                    demonyms.add(form)
        phrases.extend(
            (form, _Known(state["name"], "state", True)) for form in state.get("contextual", [])
        )
    for org in data["organisations"]:
        for form in [org["name"], *org.get("aliases", [])]:
            phrases.append((form, _Known(org["name"], "organisation", False)))
        phrases.extend(
            (form, _Known(org["name"], "organisation", True)) for form in org.get("contextual", [])
        )
    phrases.extend((place, _Known(place, "place", False)) for place in _PLACES)
    return phrases, capitals, demonyms

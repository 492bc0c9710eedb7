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
from dataclasses import dataclass, field

from summarizer.facts.gazetteer import Match, PhraseIndex, Token, load_data
from summarizer.facts.mentions import NamedFact
from summarizer.facts.places import Places

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
# Bodies every state has: named with their owner ("Ministry of Defence (Japan)"), never merged
# across owners. Each form maps to the standard name, or keeps a body's own full name.
_BODIES = {
    **dict.fromkeys(("Defense Ministry", "Defence Ministry", "Ministry of Defense",
                     "Ministry of Defence", "defense ministry", "defence ministry"),
                    "Ministry of Defence"),
    **dict.fromkeys(("Ministry of National Defense", "Ministry of National Defence",
                     "National Defense Ministry"), "Ministry of National Defense"),
    **dict.fromkeys(("Foreign Ministry", "Ministry of Foreign Affairs", "foreign ministry",
                     "Foreign Affairs Ministry"), "Ministry of Foreign Affairs"),
    **dict.fromkeys(("Interior Ministry", "Ministry of Interior", "Ministry of the Interior",
                     "interior ministry"), "Ministry of the Interior"),
    **dict.fromkeys(("Justice Ministry", "Ministry of Justice"), "Ministry of Justice"),
    **dict.fromkeys(("Finance Ministry", "Ministry of Finance"), "Ministry of Finance"),
    **dict.fromkeys(("Health Ministry", "Ministry of Health"), "Ministry of Health"),
    **{b: b for b in ("Navy", "Army", "Air Force", "Coast Guard", "Joint Chiefs of Staff",
                      "Parliament", "Police", "Marine Corps", "Space Force", "National Guard")},
    "navy": "Navy", "army": "Army", "air force": "Air Force", "coast guard": "Coast Guard",
}  # fmt: skip
# A capital after these words, or before these nouns, is where something happens.
_VENUE_BEFORE = frozenset("in at near outside to from into around via across visiting".split())
_VENUE_AFTER = frozenset(
    "summit talks conference meeting meetings airport embassy office process format forum "
    "correspondent bureau declaration accord agreement protocol marathon convention treaty "
    "accords communique communiqué".split()
)
# A demonym before these nouns, or standing for a person ("a Filipino"), is a nationality.
_PRIVATE_NOUNS = frozenset(
    "crew crewman crewmen sailor sailors seafarer seafarers national nationals citizen "
    "citizens tourist tourists man woman men women boy girl boys girls journalist journalists "
    "worker workers student students family families resident residents hostage hostages "
    "fisherman fishermen passenger passengers child children couple businessman doctor "
    "aid volunteer volunteers engineer engineers descent origin-born".split()
)
# A state's name before these is part of a place's or an event's name.
_PLACE_NOUNS = frozenset(
    "Canal Strait Straits Sea Gulf Peninsula Airport Desert River Basin Valley Mountains Island "
    "Islands Coast War Wars Crisis Revolution Airlines Airways".split()
)
# A name before these is an exercise, an operation or an event, not a body.
_DESCRIBED = re.compile(r"(?:\s+(?!al-|el-|bin\b|ibn\b|de\b|da\b|van\b|von\b)[a-z][\w'-]*)+$")
_EVENT_AFTER = re.compile(
    r"\s+(?:exercises?|drills?|operation|campaign|offensive|summit|talks|festival|award|"
    r"games|war|crisis|plan|initiative|doctrine|formula)\b"
)
_COUNT_WORDS = frozenset("a an one two three four five six seven eight nine ten".split())
_NOUN_END = frozenset({",", ".", ";", ":", "and", "or", "who", "were", "was", "is", "are", ")"})
# Organisation-like spans that are documents, sites, events or products.
_NOT_BODIES = re.compile(
    r"\b(?:Treaty|Agreement|Accords?|Convention|Protocol|Reactor|Plant|Facility|Airport|"
    r"Air Base|Base|Port|Summit|Conference|Games|Cup|Olympics|Declaration|Charter|Doctrine|"
    r"Resolution|Act|Memorandum|Ceasefire|Truce|Deal|Plan|Corridor|Pipeline|Bridge|Dam|"
    r"Mine|Field|Zone|Line|Station|Complex|Site|Program|Programme|Museum|Hotel|Stadium|"
    r"Mosque|Cathedral|Church|Square|Terminus|Terminal|War|Day|Revolution|Crisis)$"
    r"|^(?:Operation|Exercise|Resolution)\b"
)
_ORG_WORDS = frozenset(
    "Carriers Shipping Group Company Co Corp Corporation Inc Ltd LLC Bank Airlines Airways "
    "Holdings Industries Systems Technologies Logistics Media News Agency Institute University "
    "Council Committee Party Front Movement Brigade Battalion Regiment Division Corps Army "
    "Forces Guard Foundation Association Union Network Services Solutions Partners Energy "
    "Petroleum Oil Gas Aerospace Dynamics Defence Defense Ministry Department Office".split()
)
_ORG_BEFORE = re.compile(
    r"\b(?:agency|newspaper|broadcaster|channel|group|company|firm|station|daily|outlet|"
    r"militia|movement|party|network|operator|manufacturer|maker|contractor|shipowner)\s+$"
)
_SHIP_WORDS = frozenset(
    "ship vessel tanker carrier freighter ferry boat trawler cargo bulk container merchant "
    "ship's vessel's tanker's".split()
)
_BYLINE = re.compile(
    r"(?:^|\n)\s*By\s+(?P<name>[A-Z][^\n,]{2,60})\s*(?:\n|,|$)"
    r"|(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Ee]dited|[Ww]ritten) by "
    r"(?P<credit>[A-Z][^;.\n]{2,80})"
    r"|(?P<contributor>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}) contributed (?:to|from|reporting)"
)
_ABBREVIATED = re.compile(
    r"(?P<full>(?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|the|de|du|al)\s+)*){1,8}[A-Z][\w'’-]*)"
    r"\s+\((?P<short>[A-Z][A-Za-z&-]{1,9})\)"
)
_ALSO_KNOWN = re.compile(
    r"(?:also known as|known as|a\.k\.a\.|aka|under the nom de guerre)\s+"
    r"(?P<alias>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4})"
)
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
class _Found:
    """What `find` has gathered so far: facts by (name, kind), the text spans the gazetteer
    took, and each standard body's latest owner ("Ministry of Defence" -> "... (Japan)")."""

    facts: dict[tuple[str, str], ActorFact] = field(default_factory=dict)
    covered: list[tuple[int, int]] = field(default_factory=list)
    owned: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, kind: str, mention: str, sentence: str) -> None:
        self.facts.setdefault((name, kind), ActorFact(name, kind)).add(mention, sentence)


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
        self._capitals: set[str] = set()  # capitals and seats: the state only as its government
        self._demonyms: set[str] = set()
        for state in data["states"]:
            for key in ("name", "aliases", "demonyms", "capitals", "seats"):
                forms = state.get(key, [])
                for form in [forms] if isinstance(forms, str) else forms:
                    phrases.append((form, _Known(state["name"], "state", False)))
                    if key in {"capitals", "seats"}:
                        self._capitals.add(form)
                    elif key == "demonyms":
                        self._demonyms.add(form)
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
        self._bodies = PhraseIndex(list(_BODIES.items()))
        self._places = Places()

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
        found = _Found()
        self._gazetteer_facts(found, sentences, entities)
        people, organisations = self._candidates(text, sentences, entities, found.covered,
                                                 is_weapon)  # fmt: skip
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
        # An organisation the recogniser found around a state's name ("Singapore Airlines",
        # "Russia 24") is that organisation, not the state.
        org_spans = [
            (e.start, e.end, e.text) for e in entities or ()
            if e.label == "ORG" and not self.known(e.text) and _names_a_body(e.text)
        ]  # fmt: skip
        for offset, sentence, tokens in sentences:
            for match, body in self._matches(tokens):
                start, end = offset + match.start, offset + match.end
                inside = [(a, b, name) for a, b, name in org_spans
                          if a <= start and end <= b and (b - a) > (end - start)]  # fmt: skip
                if body is None and match.value.kind == "state" and inside:
                    continue
                if match.value.kind == "organisation" and any(
                    _LEADING_THE.sub("", name[: start - a]) == "" and _extends(name[end - a :])
                    for a, _, name in inside
                ):
                    continue  # "Islamic State Sahel Province" is not the Islamic State
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
                    deferred.append((match.value, mention, sentence))
                elif match.value.name in found.owned:
                    # A bare body ("the navy", "Joint Chiefs of Staff") is the owner's named
                    # before it; without one it is nobody's, unless the gazetteer knows it.
                    found.add(found.owned[match.value.name], "organisation", mention, sentence)
                elif match.value.kind != "body":
                    found.add(match.value.name, match.value.kind, mention, sentence)
        for known, mention, sentence in deferred:
            if (known.name, known.kind) in found.facts:
                found.add(known.name, known.kind, mention, sentence)

    def _people_facts(self, found: _Found, people: list[_Mention], text: str) -> None:
        for name, spans in _merge_people(people).items():
            if self._places.is_place(name):
                continue
            if len(name.split()) == 1 and any(_placed(text, span) for span in spans):
                continue  # "in Lublin", "a Sahel researcher": a place, not a person
            if all(_after_preposition(text, span) for span in spans):
                continue  # "in Lashkar Gah", "near Pokrovsk": people are not where things are
            for span in spans:
                found.add(name, "person", span.text, span.sentence)

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
                body = self._body_after(tokens, match.last)
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

    def _body_after(self, tokens: list[Token], index: int) -> tuple[int, str, int] | None:
        """A body right after a state's form, past a possessive: (end, name, token end)."""
        if index + 1 < len(tokens) and tokens[index].text == "'" and tokens[index + 1].text == "s":
            index += 2
        for size in (5, 4, 3, 2, 1):
            words = " ".join(t.text for t in tokens[index : index + size])
            if len(tokens) >= index + size and _BODIES.get(words):
                return tokens[index + size - 1].end, _BODIES[words], index + size
        return None

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
            if after.lower() in _PRIVATE_NOUNS:
                return False
            return not (before in _COUNT_WORDS and after.lower() in _NOUN_END)
        return True

    def _known_with_parts(self, tokens: list[Token]) -> list[Match[_Known]]:
        """Gazetteer matches, plus hyphenated parts: "pro-Russian", "Russian-backed"."""
        found = self._known.find(tokens)
        taken = {i for m in found for i in range(m.first, m.last)}
        for i, token in enumerate(tokens):
            if i in taken or "-" not in token.text or token.text.lower().endswith("-based"):
                continue  # "Beirut-based" says where, not who
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
            or bool(_NOT_BODIES.search(bare))
            or _ship_context(text, entity.start, entity.end)
            or (entity.label == "ORG" and _EVENT_AFTER.match(text, entity.end) is not None)
        )

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
        # What the recogniser also calls a place somewhere in the text is a place; a name it
        # labels both ways is what it says most often.
        places = {e.text for e in spans if e.label in _PLACE_LABELS}
        credits = _credits(text)
        votes: dict[str, dict[str, int]] = {}  # in insertion order: the first label first
        for e in spans:
            votes.setdefault(e.text, {}).setdefault(e.label, 0)
            votes[e.text][e.label] += 1
        for entity in spans:
            if entity.text in places and entity.label not in _PLACE_LABELS:
                continue
            if any(entity.start < b and a < entity.end for a, b in covered):
                continue
            surface = _TRAILING.sub("", entity.text.strip()).strip()
            # Lower-case words at the end describe the name: "AIP news agency" is AIP.
            if entity.label == "ORG":
                surface = _DESCRIBED.sub("", surface) or surface
            bare = _LEADING_THE.sub("", surface)
            if not bare or is_weapon(bare) or self._not_an_actor(text, entity, bare):
                continue
            # The label said most often wins; on a tie, the first one said.
            label = max(votes[entity.text], key=lambda name: votes[entity.text][name])
            if _ORG_BEFORE.search(text, max(0, entity.start - 30), entity.start):
                label = "ORG"  # "news agency Al Akhbar", "the firm Thalassa"
            if label == "PERSON" and bare.split()[-1] in _ORG_WORDS:
                label = "ORG"  # "Thalassa Bulk Carriers"
            sentence = _sentence_at(sentences, entity.start)
            if label == "PERSON" and _looks_like_name(bare) and not _in_byline(text, credits, bare):
                prefix = next((p for p in _NAME_PREFIXES if text.endswith(p, 0, entity.start)), "")
                title = _TITLE_BEFORE.search(text, max(0, entity.start - 40), entity.start)
                shown = prefix + bare if prefix else (title.group(0) if title else "") + bare
                people.append(_Mention(entity.start, entity.end, shown, sentence))
            elif label == "ORG" and _looks_like_organisation(bare):
                organisations.append(_Mention(entity.start, entity.end, bare, sentence))
        return people, organisations


_DETERMINERS = frozenset("the its their his her our whose".split())


def _stands_alone(tokens: list[Token], first: int, last: int) -> bool:
    """ "the navy said": a body on its own; "Somali National Army", "the Metropolitan
    Police", "the Army Corps" name something else."""
    before = tokens[first - 1].text if first > 0 else ""
    after = tokens[last].text if last < len(tokens) else ""
    return before.lower() in _DETERMINERS and not after[:1].isupper()


def _names_a_body(span: str) -> bool:
    """An organisation's name ("Islamic State Sahel Province"), not an event, document or
    site around a known name ("NATO Summit", "Minsk Agreement")."""
    bare = _LEADING_THE.sub("", _TRAILING.sub("", span.strip()))
    return _looks_like_organisation(bare) and not _NOT_BODIES.search(bare)


def _extends(rest: str) -> bool:
    """The words after a known name inside a longer one make another body's name: "Sahel
    Province", "Human Rights Office" (capitalised words, not a possessive or a list)."""
    words = rest.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() and w.isalpha() for w in words)


def _aliases(text: str) -> dict[str, str]:
    """Other names the text itself gives a body: "Maritime Trade Operations (UKMTO)", "the
    Islamic State, also known as Daesh"."""
    found: dict[str, str] = {}
    for match in _ABBREVIATED.finditer(text):
        full = _LEADING_THE.sub("", match["full"].strip())
        initials = "".join(w[0] for w in full.split() if w[:1].isupper())
        if match["short"].upper().startswith(initials[:2]) or len(full.split()) >= 2:
            found.setdefault(match["short"], full)
    for match in _ALSO_KNOWN.finditer(text):
        before = re.findall(r"[A-Z][\w'’-]*(?:\s+(?:of|the|al|for)?\s*[A-Z][\w'’-]*)*",
                            text[max(0, match.start() - 80) : match.start()])  # fmt: skip
        if before:
            found.setdefault(match["alias"].strip(), _LEADING_THE.sub("", before[-1].strip()))
    return found


_PLACE_BEFORE = frozenset(
    "in at near from to outside off into across around toward towards via".split()
)


def _placed(text: str, span: _Mention) -> bool:
    """A one-word name used as a place: after "in", or as a modifier ("a Sahel researcher")."""
    before = re.findall(r"[\w']+", text[max(0, span.start - 20) : span.start])[-1:]
    after = re.match(r"\s+([a-z]+)", text[span.end : span.end + 30])
    word = before[0].lower() if before else ""
    return word in _PLACE_BEFORE or (word in {"a", "an", "the"} and after is not None)


def _credits(text: str) -> str:
    """The story's byline and reporting credits, where names are authors, not actors."""
    return " ".join((m["name"] or m["credit"] or m["contributor"] or "")
                    for m in _BYLINE.finditer(text))  # fmt: skip


def _after_preposition(text: str, span: _Mention) -> bool:
    before = re.findall(r"[\w']+", text[max(0, span.start - 20) : span.start])[-1:]
    return bool(before) and before[0] in _PLACE_BEFORE - {"to", "from"}


def _in_byline(text: str, credits: str, name: str) -> bool:
    """Whether a name appears only as the story's author or in its reporting credits."""
    return name in credits and text.count(name) <= credits.count(name)


def _ship_context(text: str, start: int, end: int) -> bool:
    """A name right after "the tanker" or before ", a Liberian-flagged bulk carrier"."""
    before = re.findall(r"[\w']+", text[max(0, start - 40) : start].lower())[-3:]
    after = text[end : end + 60].lower()
    appositive = re.match(r"\s*,\s*(?:a|an|the)\s+[^,.]{0,40}?\b(ship|vessel|tanker|carrier|"
                          r"freighter|ferry|boat|trawler|barge)\b", after)  # fmt: skip
    return bool(set(before) & _SHIP_WORDS) or appositive is not None


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
    if "," in text and not any(ch.isdigit() for ch in text):
        return False  # "Fordow, Natanz": a list; units keep commas ("3rd Battalion, 5th ...")
    return not all(w.lower() in _GENERIC_ORG_WORDS for w in words)


_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
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
        start, end = entity.start, entity.end
        if entity.label == "PERSON" and " " in entity.text:
            for _ in range(2):
                more = _NAME_WORD.match(text, end)
                if more is None or more.group(1) in _TITLE_WORDS:
                    break
                end = more.end()
            start = _name_start(text, start)
        result.append(Entity(start, end, entity.label, text[start:end]))
    return result


_WORD_BEFORE = re.compile(r"([A-Z][a-z]+)\s+$")


def _name_start(text: str, start: int) -> int:
    """A capitalised word the recogniser left off the front ("as Son Young Nam"): taken when
    a lower-case word stands before it, so titles and sentence starts stay out."""
    found = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if found is None or found.group(1) in _TITLE_WORDS or found.group(1).lower() in _MONTH_WORDS:
        return start
    before = text[max(0, found.start() - 20) : found.start()].split()
    word = before[-1] if before else ""
    lower_word = word.isalpha() and word.islower() and word not in _PLACE_BEFORE
    return found.start() if lower_word else start


def _sentence_at(sentences: Sequence[tuple[int, str, list[Token]]], position: int) -> str:
    offsets = [offset for offset, _, _ in sentences]
    index = bisect.bisect_right(offsets, position) - 1
    return sentences[index][1] if index >= 0 else ""

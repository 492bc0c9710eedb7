"""Whether a candidate span is a person, an organisation or nobody, judged by evidence: the
labels a recogniser gave the name across the text, the words before and after it, its shape,
and whether it appears only in the byline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from summarizer.facts.actor_rules import (
    _ABBREVIATED_TITLES,
    _BYLINE,
    _DESCRIBED,
    _END_CREDITS,
    _END_CREDITS_TAIL,
    _ENDS_IN_RANK,
    _GENERIC_ORG_WORDS,
    _LEADING_THE,
    _MAX_NAME_WORDS,
    _NAME_PREFIXES,
    _NOT_BODIES,
    _ORG_BEFORE,
    _ORG_WORDS,
    _PLACE_BEFORE,
    _PLACE_LABELS,
    _RANKS_BEFORE_NAME,
    _SHIP_WORDS,
    _TITLE_BEFORE,
    _TITLE_WORDS,
    _TITLES,
    _TRAILING,
)
from summarizer.facts.actor_spans import (
    Entity,
    _joined_people,
    _Mention,
    _sentence_at,
    _titled_people,
)
from summarizer.facts.gazetteer import Token

# A rank that is a title, not only a service ("Adm.", not "Navy").
# (abbreviated, with its dot: "Major League Baseball" and "General Electric" start with none)
_TITLE_ONLY = re.compile(rf"\b(?!St\.)(?:{_ABBREVIATED_TITLES})\.")
_ROMAN = re.compile(r"[IVXLC]+")
# "Speaker of the House", "Leader of the House of Commons": an office whose last words a
# recogniser takes into the name after it.
_TITLE_OF = re.compile(
    rf"\b(?:{_TITLES})\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][a-z]+\s+(?:of\s+(?:the\s+)?)?)*$"
)
_OFFICE_WORDS = frozenset(
    "House Commons Lords Senate Representatives State Defense Defence Navy Army Air Force "
    "Treasury Interior Justice Homeland Security Staff Joint Chiefs General Foreign Affairs "
    "Exchequer Council Assembly Parliament Energy Commerce Health Education Veterans".split()
)
# Nouns a person's name modifies ("the Obama administration"), where a place's would not.
_PERSONAL_NOUNS = frozenset(
    "administration administration's government presidency campaign family era doctrine "
    "aide aides adviser advisers camp team regime cabinet years family's".split()
)
# "Avigdor Lieberman's Yisrael Beiteinu": a person's party or company, named with its leader.
_PERSON_OWNER = re.compile(r"(?P<person>[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3})['’]s (?=[A-Z])")


def _candidates(
    text: str,
    sentences: Sequence[tuple[int, str, list[Token]]],
    entities: Sequence[Entity] | None,
    covered: list[tuple[int, int]],
    is_weapon: Callable[[str], bool],
    not_an_actor: Callable[[Entity, str], bool],
) -> tuple[list[_Mention], list[_Mention]]:
    """People and organisations among the recogniser's spans (or the titled names), each
    typed by the evidence around it; spans the gazetteer took, weapons and `not_an_actor`
    ones are left out."""
    people: list[_Mention] = []
    organisations: list[_Mention] = []
    spans = _joined_people(text, entities) if entities is not None else _titled_people(text)
    # What the recogniser also calls a place somewhere in the text is a place; a name it
    # labels both ways is what it says most often.
    places = {e.text for e in spans if e.label in _PLACE_LABELS}
    credits = _credits(text)
    votes: dict[str, dict[str, int]] = {}  # in insertion order: the first label first
    person_words = {w for e in spans if e.label == "PERSON" for w in e.text.split()}
    # Surnames the recogniser calls a person standing alone ("Tzemach said").
    alone = {e.text for e in spans if e.label == "PERSON" and " " not in e.text.strip()}
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
        bare = _without_office(text, entity, _LEADING_THE.sub("", surface))
        if _ENDS_IN_RANK.search(bare) and text.startswith(".", entity.end):
            continue  # "Air Force Col." before the name: a title, cut off
        # The label said most often wins; on a tie, the first one said.
        label = max(votes[entity.text], key=lambda name: votes[entity.text][name])
        bare, label, leader = _without_titles_or_leader(bare, label, person_words)
        if leader is not None:
            sentence = _sentence_at(sentences, entity.start)
            people.append(_Mention(entity.start, entity.start + len(leader), leader, sentence))
        if not bare or is_weapon(bare) or not_an_actor(entity, bare):
            continue
        if _ORG_BEFORE.search(text, max(0, entity.start - 30), entity.start):
            label = "ORG"  # "news agency Al Akhbar", "the firm Thalassa"
        once_org = votes[entity.text].get("ORG", 0) <= 1
        label = _label_by_words(bare, label, alone if once_org else set())
        sentence = _sentence_at(sentences, entity.start)
        if label == "PERSON" and _looks_like_name(bare) and not _in_byline(text, credits, bare):
            prefix = next((p for p in _NAME_PREFIXES if text.endswith(p, 0, entity.start)), "")
            title = _TITLE_BEFORE.search(text, max(0, entity.start - 40), entity.start)
            shown = prefix + bare if prefix else (title.group(0) if title else "") + bare
            people.append(_Mention(entity.start, entity.end, shown, sentence))
        elif label == "ORG" and _looks_like_organisation(bare):
            organisations.append(_Mention(entity.start, entity.end, bare, sentence))
    return people, organisations


def _without_titles_or_leader(
    bare: str, label: str, person_words: set[str]
) -> tuple[str, str, str | None]:
    """A person's name without the ranks before it ("Navy Rear Adm. Sinclair Harris"); a
    party or company named with its leader ("Herzog's Zionist Union") as the body, with the
    leader's full name when the span gives one."""
    if label == "PERSON":
        bare = _RANKS_BEFORE_NAME.sub("", bare)
    elif (ranked := _RANKS_BEFORE_NAME.match(bare)) is not None:
        rest = bare[ranked.end() :]
        named = len(rest.split()) > 1 and _looks_like_name(rest)
        if named and rest.split()[-1] not in _ORG_WORDS and _TITLE_ONLY.search(ranked[0]):
            return rest, "PERSON", None  # "Navy Rear Adm. Sinclair Harris", labelled ORG
    owner = _PERSON_OWNER.match(bare) if label in {"PERSON", "ORG"} else None
    if owner is None:
        return bare, label, None
    person, rest = owner["person"], bare[owner.end() :]
    if not ((len(person.split()) > 1 or person in person_words) and _names_a_body(rest)):
        return bare, label, None
    leader = person if len(person.split()) > 1 and _looks_like_name(person) else None
    return rest, "ORG", leader


def _without_office(text: str, entity: Entity, span: str) -> str:
    """ "Speaker of the House Newt Gingrich": the recogniser's "House Newt Gingrich" is
    "Newt Gingrich"."""
    if entity.label != "PERSON" or not _TITLE_OF.search(
        text, max(0, entity.start - 60), entity.start
    ):
        return span
    words = span.split()
    while len(words) > 2 and words[0] in _OFFICE_WORDS:
        words = words[1:]
    return " ".join(words)


def _label_by_words(bare: str, label: str, surnames: set[str]) -> str:
    if label == "ORG" and _surname_of_person(bare, surnames):
        return "PERSON"  # "Mina Tzemach" (ORG once), whose "Tzemach" alone is a PERSON
    if label == "PERSON" and bare.rsplit(maxsplit=1)[-1] in _ORG_WORDS:
        return "ORG"  # "Thalassa Bulk Carriers"
    acronym = any(
        len(w) > 2 and w.isupper() and w.isalpha() and not _ROMAN.fullmatch(w) for w in bare.split()
    )  # "Charles III" keeps his numeral
    if label == "PERSON" and acronym and not any(c.isdigit() for c in bare):
        return "ORG"  # "TVNZ", "Ho Chi Minh ATC": people's names are not acronyms
    return label


def _surname_of_person(span: str, surnames: set[str]) -> bool:
    words = span.split()
    return (
        len(words) == 2
        and _looks_like_name(span)
        and words[-1] in surnames
        and words[0] not in surnames | _TITLE_WORDS
        and not any(w in _ORG_WORDS or w.isupper() for w in words)
    )


def _names_a_body(span: str) -> bool:
    """An organisation's name ("Islamic State Sahel Province"), not an event, document or
    site around a known name ("NATO Summit", "Minsk Agreement")."""
    bare = _LEADING_THE.sub("", _TRAILING.sub("", span.strip()))
    return _looks_like_organisation(bare) and not _NOT_BODIES.search(bare)


def _placed_by(text: str, span: _Mention) -> str | None:
    """The word that makes a one-word name a place here: a preposition right before it ("in
    Lublin", not "in Jackie's account" or "off, Kemp"), or an article before it used as a
    modifier ("a Sahel researcher")."""
    before = re.search(r"(\w+)\s+$", text[max(0, span.start - 20) : span.start])
    word = before.group(1).lower() if before else ""
    if word in _PLACE_BEFORE and not text.startswith(("'s", "’s"), span.end):
        return word
    after = re.match(r"\s+([a-z]+)", text[span.end : span.end + 30])
    if word in {"a", "an", "the"} and after is not None and after.group(1) not in _PERSONAL_NOUNS:
        return word
    return None


def _placed(text: str, spans: Sequence[_Mention]) -> bool:
    """Whether a one-word name is a place: placed once by a word other than "to" (which leads
    to people as often: "wrote to Jackie"), or by "to" in most of its mentions."""
    words = [_placed_by(text, span) for span in spans]
    by_to = sum(w == "to" for w in words)
    return any(w not in {None, "to"} for w in words) or 2 * by_to > len(words)


def _credits(text: str) -> str:
    """The story's byline and reporting credits, where names are authors, not actors."""
    return " ".join(
        [
            *((m["name"] or m["credit"] or m["contributor"] or "") for m in _BYLINE.finditer(text)),
            *(m["reporters"] for m in _END_CREDITS.finditer(text[-_END_CREDITS_TAIL:])),
        ]
    )


def _after_the(text: str, span: _Mention) -> bool:
    """ "the Chronicle", "the Tuareg fighters"; not "the Obama administration"."""
    before = re.findall(r"[\w']+", text[max(0, span.start - 20) : span.start])[-1:]
    after = re.match(r"\s+([a-z]+)", text[span.end : span.end + 30])
    personal = after is not None and after.group(1) in _PERSONAL_NOUNS
    return bool(before) and before[0].lower() == "the" and not personal


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
    appositive = re.match(
        r"\s*,\s*(?:a|an|the)\s+[^,.]{0,40}?\b(ship|vessel|tanker|carrier|"
        r"freighter|ferry|boat|trawler|barge)\b",
        after,
    )
    return bool(set(before) & _SHIP_WORDS) or appositive is not None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _MAX_NAME_WORDS
        and all(
            w[:1].isupper()
            or w in {"bin", "al", "de", "van", "von", "der", "da"}
            or w.startswith("al-")
            for w in words
        )
        and not any(ch.isdigit() for ch in text)
    )


def _looks_like_organisation(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 8 or not text[:1].isupper():
        return False
    if len(words) == 1 and not (text.isupper() and len(text) >= 2):
        return False  # one capitalised word the gazetteer lacks is more often a place
    if "," in text and not any(ch.isdigit() for ch in text):
        return False  # "Fordow, Natanz": a list; units keep commas ("3rd Battalion, 5th ...")
    return not all(w.lower() in _GENERIC_ORG_WORDS for w in words)

"""Cheap keys for what a sentence tells, to tell a repeat from news across articles: numbers
(in digits or words, normalised), dates (a weekday, a month and its day) and capitalised
names. No model and no gazetteer: the keys only need to agree between two sentences that say
the same thing, and to differ when one says more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SentenceFacts", "sentence_facts"]

_UNITS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    word: 10 * value
    for value, word in enumerate(
        "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
    )
    if value > 1
}
_SCALES = frozenset("hundred thousand million billion trillion".split())
# Counts without a figure still tell something ("dozens of drones").
_VAGUE = {"dozen": "dozens", "dozens": "dozens", "hundreds": "hundreds",
          "thousands": "thousands", "millions": "millions", "billions": "billions"}  # fmt: skip
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {name: name[:3] for name in _MONTH_NAMES.split()} | {
    short: short[:3] for short in "jan feb mar apr jun jul aug sep sept oct nov dec".split()
}
_TOKEN = re.compile(r"\w+(?:[-'’.:,]\w+)*", re.UNICODE)
_DIGITS = re.compile(r"\d+(?:[.,:]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_DAY = re.compile(r"([12]?\d|3[01])(?:st|nd|rd|th)?")
_POSSESSIVE = re.compile(r"['’]s?$")
# Capitalised words that open a clause rather than name anything.
_FUNCTION_WORDS = frozenset(
    "a an the and but or so yet if in on at by for from to of with as after before since "
    "while when where what who why how this that these those it its he she they we i you his "
    "her their our my your there here then now not no all some many most more according".split()
)
# A sentence, or a clause after a colon, dash or quotation mark, opens after these: its first
# word is capitalised whatever it is.
_OPENERS = ".!?:;\"“”‘'([—–-"


@dataclass(frozen=True)
class SentenceFacts:
    """Numbers and dates (`hard`: a figure told twice is a repeat) and names (`names`: a
    story's actors come back in most of its sentences; a new one is news)."""

    hard: frozenset[str]
    names: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.hard | self.names


def sentence_facts(text: str) -> SentenceFacts:
    """The keys of one sentence (or of a quotation unit of a few sentences).

    - numbers: "n:2" for "two" and "2", "n:1200" for "1,200", "n:1.5 billion", "n:dozens";
      "one" is not a count ("one of the", "no one");
    - dates: "d:thursday", "d:nov 12" for "Nov. 12", "November 12th" and "12 November";
    - names: runs of capitalised words, lower-cased, possessives dropped ("p:south korea");
      a run of one word at the start of a clause only when it is an acronym or a possessive
      ("NATO", "Japan's"), since any word opens a sentence capitalised.
    """
    matches = list(_TOKEN.finditer(text))
    words = [m.group().rstrip(".,:") for m in matches]
    hard: set[str] = set()
    names: set[str] = set()
    run: list[str] = []
    run_opens = False

    def close_run() -> None:
        if run and (len(run) > 1 or not run_opens or _looks_named(run[0])):
            names.add("p:" + " ".join(_name_form(w) for w in run))
        run.clear()

    i = 0
    while i < len(words):
        word = words[i]
        after = [w.casefold() for w in words[i + 1 : i + 2]]
        key, used = _date(word, after)
        if key is None:
            key, used = _number(word, after)
        if key is not None:
            close_run()
            hard.add(key)
            i += 1 + used
            continue
        named = word[:1].isupper() and len(word) > 1 and word.casefold() not in _FUNCTION_WORDS
        if run and (not named or text[matches[i - 1].end() : matches[i].start()].strip()):
            close_run()
        if named:
            if not run:
                run_opens = _opens_clause(text, matches[i].start())
            run.append(word)
            if _POSSESSIVE.search(word):  # "Japan's defence ministry": the name ends here
                close_run()
        i += 1
    close_run()
    return SentenceFacts(frozenset(hard), frozenset(names))


def _opens_clause(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _OPENERS


def _looks_named(word: str) -> bool:
    bare = _POSSESSIVE.sub("", word)
    return (bare.isupper() and len(bare) > 1) or bare != word


def _name_form(word: str) -> str:
    return _POSSESSIVE.sub("", word).replace(".", "").casefold()


def _date(word: str, after: list[str]) -> tuple[str | None, int]:
    """A date key and how many following words it used: "Thursday", "Nov. 12", "12 November"."""
    lower = word.casefold()
    if word[:1].isupper() and lower in _WEEKDAYS:
        return f"d:{lower}", 0
    if word[:1].isupper() and lower in _MONTHS:
        day = _DAY.fullmatch(after[0]) if after else None
        if day:
            return f"d:{_MONTHS[lower]} {int(day.group(1))}", 1
        if lower == "may":  # "May officials...", "Theresa May": a month only with its day
            return None, 0
        return f"d:{_MONTHS[lower]}", 0
    day = _DAY.fullmatch(lower)
    if day and after and after[0] in _MONTHS and after[0] != "may":
        return f"d:{_MONTHS[after[0]]} {int(day.group(1))}", 1
    return None, 0


def _number(word: str, after: list[str]) -> tuple[str | None, int]:
    """A number key and how many following words it used (a scale joins its figure)."""
    lower = word.casefold()
    if lower in _VAGUE:
        return f"n:{_VAGUE[lower]}", 0
    value = _value(word, lower)
    if value is None:
        return None, 0
    if after and after[0] in _SCALES:
        return f"n:{value} {after[0]}", 1
    return f"n:{value}", 0


def _value(word: str, lower: str) -> str | None:
    if _DIGITS.fullmatch(word):
        return word.replace(",", "") if _THOUSANDS.fullmatch(word) else word
    if lower in _UNITS and _UNITS[lower] > 1:
        return str(_UNITS[lower])
    tens, _, unit = lower.partition("-")
    if tens in _TENS and (not unit or 0 < _UNITS.get(unit, 0) < 10):
        return str(_TENS[tens] + _UNITS.get(unit, 0))
    return None

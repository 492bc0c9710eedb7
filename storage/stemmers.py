"""Light stemmers written here, for the languages Snowball (PyStemmer) serves badly: Ukrainian
(it has no stemmer) and Arabic (its stemmer keeps "و" and "ال" on many words: measured in
storage/terms.py's docstring). Pure functions over one lower-cased word.
"""

from __future__ import annotations

import re

__all__ = ["arabic_stem", "normalise_arabic", "ukrainian_stem"]

# -- Ukrainian ----------------------------------------------------------------------------
# The Russian Snowball algorithm's shape with Ukrainian endings: one ending comes off the
# region after the first vowel (so short words keep their root), the longest one of the
# first class that has one: gerunds, else (after a reflexive "ся") adjectives, verbs, nouns.
# Verb endings start with the vowel before "ти", "в", "ла": a bare "-ти" or "-ли" would cut
# nouns such as "ракети" or "сигнали".

_UK_VOWELS = frozenset("аеиоуюяіїє")


def _by_length(endings: str) -> tuple[tuple[int, frozenset[str]], ...]:
    """Endings grouped by length, longest first (for longest-match lookups)."""
    words = endings.split()
    sizes = sorted({len(w) for w in words}, reverse=True)
    return tuple((n, frozenset(w for w in words if len(w) == n)) for n in sizes)


_UK_GERUND = _by_length("учи ючи ачи ячи учись ючись ачись ячись вши вшись")
_UK_REFLEXIVE = _by_length("ся сь")
_UK_ADJECTIVE = _by_length("ього ьому ого ому ими іми ьої ьою ої ою ий ій им ім их іх ую юю")
_UK_VERB = _by_length(
    "увати ювати ати яти ити іти ути ував ювала ювали ювало ював увала ували увало "
    "ив ила или ило ів іла іли іло яв яла яли яло ує ює ують юють ить ять уть ють "
    "ємо емо имо ете єте ите"
)
_UK_NOUN = _by_length(
    "а я и і ї у ю о е є ь й ою ею єю ом ем єм ам ям ами ями ах ях ів їв ей ові еві єві ов ев "
    "ія ії ію ією ієм ієві ій іям іями іях єв"
)


def _strip(region: str, endings: tuple[tuple[int, frozenset[str]], ...]) -> str | None:
    """The region less its longest ending of the class (None when it has none)."""
    for size, group in endings:
        if size <= len(region) and region[-size:] in group:
            return region[:-size]
    return None


def ukrainian_stem(word: str) -> str:
    """ "ракетою", "ракети" -> "ракет"; "атакували" -> "атак"."""
    word = word.replace("ґ", "г")
    first = next((i for i, letter in enumerate(word) if letter in _UK_VOWELS), None)
    if first is None:
        return word
    head, region = word[: first + 1], word[first + 1 :]
    stripped = _strip(region, _UK_GERUND)
    if stripped is None:
        region = _strip(region, _UK_REFLEXIVE) or region
        for endings in (_UK_ADJECTIVE, _UK_VERB, _UK_NOUN):
            stripped = _strip(region, endings)
            if stripped is not None:
                break
    region = region if stripped is None else stripped
    return head + region.removesuffix("ь")


# -- Arabic -------------------------------------------------------------------------------
# A light stemmer in the manner of Larkey's light10: spelling normalised, then the article
# with its proclitics (وال بال لل ...) or, on longer words, one proclitic letter (و ف ب ك ل)
# off the front, and the common suffixes (plural, dual, feminine, pronouns) off the end.

ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
_MARK = re.compile(f"[{ARABIC_MARKS}]")
# One spelling of alef, of final ya, and of hamza whatever carries it ("مسؤول", "مسئول").
_SPELLING = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ؤ": "ء", "ئ": "ء"})
_ARTICLES = ("وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
_PROCLITICS = frozenset("وفبكل")
_PROCLITIC_MIN_WORD = 5  # shorter words keep a first و ف ب ك ل: it is too often their root's
_MIN_PROCLITIC_STEM = 3
_TA_SUFFIXES = ("تين", "تان", "تها", "تهم", "ته")  # "مدينتين" -> "مدين", as "مدينة"
# In this order, each at most once: "الروسية" loses "ية", "الحوثيين" "ين" and then "ي".
_SUFFIXES = ("ها", "هم", "ان", "ات", "ون", "ين", "ية", "يه", "ة", "ه", "ا", "ي")
_MIN_STEM = 2


def normalise_arabic(word: str) -> str:
    """Without short vowels and tatweel, in one spelling (alef, ya, hamza)."""
    return _MARK.sub("", word).translate(_SPELLING)


def arabic_stem(word: str) -> str:
    """ "للحوثيين", "والحوثيون", "الحوثي" -> "حوث"; "بصواريخ" -> "صواريخ"."""
    word = normalise_arabic(word)
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= _MIN_STEM:
            return _suffixes_off(word[len(article) :])
    if len(word) >= _PROCLITIC_MIN_WORD and word[0] in _PROCLITICS:
        # Only where a stem of some length is left: "لبنان" keeps its ل ("لبن", not "بن").
        stem = _suffixes_off(word[1:])
        if len(stem) >= _MIN_PROCLITIC_STEM:
            return stem
    return _suffixes_off(word)


def _suffixes_off(word: str) -> str:
    for suffix in _TA_SUFFIXES:  # a feminine ة written ت before a dual or a pronoun
        stem = word[: -len(suffix)]
        # Not the plural's ت: "قواتها" is "قوات" and "ها".
        if word.endswith(suffix) and len(stem) >= _MIN_STEM and not stem.endswith("ا"):
            return stem
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
    return word

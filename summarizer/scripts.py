"""Which language's rules a text is read by, told from its script.

Sentence splitting, stemming, stop words, dates and native names differ by language, and the
script says which rules apply without a model: Han (with kana: Japanese), Arabic, Cyrillic
(Ukrainian when it has the letters Russian lacks: і ї є ґ) and Latin (English, as before).
py3langid (`summarizer.language`) stores an article's language; this answers, in microseconds,
the narrower question "which rules", for any string, stored or pasted.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["NATIVE", "Rules", "has_cjk", "has_han", "rules_for", "script_of_word"]

Rules = Literal["en", "ru", "uk", "ar", "zh", "ja"]
NATIVE: frozenset[Rules] = frozenset({"ru", "uk", "ar", "zh", "ja"})

_SAMPLE = 3000
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъЫЭЪ]")


def rules_for(text: str) -> Rules:
    """The language whose rules read `text`: the script most of its letters are in."""
    sample = text[:_SAMPLE]
    han = len(_HAN.findall(sample))
    counts = {
        "han": han + len(_KANA.findall(sample)),
        "ar": len(_ARABIC.findall(sample)),
        "cyr": len(_CYRILLIC.findall(sample)),
        "lat": len(_LATIN.findall(sample)),
    }
    # A Han character carries about a word; count it as two letters against the others.
    counts["han"] *= 2
    script = max(counts, key=lambda key: (counts[key], key == "lat"))
    if counts[script] == 0 or script == "lat":
        return "en"
    if script == "han":
        return "ja" if _KANA.search(sample) else "zh"
    if script == "ar":
        return "ar"
    ukrainian = len(_UKRAINIAN.findall(sample))
    russian = len(_RUSSIAN_ONLY.findall(sample))
    return "uk" if ukrainian > russian else "ru"


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def has_cjk(text: str) -> bool:
    """Han or kana: a Chinese or Japanese word, which `split_words` cuts into character pairs."""
    return _HAN.search(text) is not None or _KANA.search(text) is not None


def script_of_word(word: str) -> Literal["han", "ar", "cyr", "lat", "other"]:
    """The script of a word's first letter."""
    for char in word:
        if _HAN.match(char) or _KANA.match(char):
            return "han"
        if _ARABIC.match(char):
            return "ar"
        if _CYRILLIC.match(char):
            return "cyr"
        if char.isalpha():
            return "lat"
    return "other"

"""Search terms for the scripts the index's own tokenizer serves badly, made by one set of
pure functions for stored texts and query words alike, so the two always agree.

FTS5's `porter unicode61` and PostgreSQL's english config stem English and leave any other
word as written: Chinese becomes one token per run of characters (a word inside it is never
found), Arabic words keep their clitics ("للحوثيين" is not "الحوثيين") and Russian and
Ukrainian words their endings ("ракеты" is not "ракета"). Here:

- Cyrillic words become stems: Snowball's Russian (PyStemmer), or for articles in Ukrainian a
  light stemmer written here (storage.stemmers). A query word, whose language is not known,
  matches either stem.
- Arabic words become light stems (storage.stemmers.arabic_stem); a query word also matches
  the forms that stemmer leaves whole (short words with a proclitic: "وغزة" for "غزة").
- Runs of Han and kana (Chinese, Japanese) become overlapping character bigrams ("弹道导弹"
  -> 弹道 道导 导弹); a single character stays a unigram. Latin letters and digits written
  against them ("歼-20战机", "F-16战斗机") are terms too: the index's own tokenizer reads
  "20战机" as one word, so "20" would not be found there.
- Latin words, digits and other scripts give no terms: English stays on the index's stemming.

Measured on inflected and cliticised forms written for the purpose (a query word finding
each other form of its word): Russian Snowball 96% (94% on a second set written before any
tuning); for Ukrainian, Snowball's Russian 58%, pymorphy3's lemmas 100% (90%) at ~40 µs a
word, this light stemmer 94% (89%) at ~4 µs; for Arabic, Snowball's 53% (50%), this light
stemmer 97% (97%), 99% (98%) with the query's clitic alternatives.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, cast

from storage.stemmers import ARABIC_MARKS, arabic_stem, normalise_arabic, ukrainian_stem

__all__ = [
    "MAX_ALTERNATIVES",
    "MAX_TERMS",
    "Term",
    "article_terms",
    "is_native",
    "native_runs",
    "query_terms",
    "strip_marks",
    "text_terms",
    "word_stems",
]

Script = Literal["cyrillic", "arabic", "cjk", "latin"]
Phrase = tuple["Term", ...]

_CYRILLIC = "\u0400-\u0481\u048a-\u052f\u1c80-\u1c88\ua640-\ua66e\ua680-\ua69d"
_ARABIC = "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
_CJK = (
    "\u3005\u3007\u3021-\u3029\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
_RUN = re.compile(
    f"(?P<cyrillic>[{_CYRILLIC}]+)|(?P<arabic>[{_ARABIC}][{_ARABIC}{ARABIC_MARKS}]*)"
    f"|(?P<cjk>[{_CJK}]+)"
)
# Latin letters and digits (with inner hyphens and dots: "f-16", "j-35a") written against Han
# or kana on either side, or after a hyphen ("轰-6k").
# Atomic, and (before Chinese) tried only where a Latin word starts: a long Latin run costs
# linear time, not quadratic.
_LATIN = r"(?>[0-9a-z]+(?:[-.][0-9a-z]+)*)"
_RUN_AND_LATIN = re.compile(
    f"(?P<latin>(?:(?<=[{_CJK}])|(?<=[{_CJK}]-)){_LATIN}|(?<![0-9a-z.-]){_LATIN}(?=-?[{_CJK}]))|"
    + _RUN.pattern
)
_LATIN_WORD = re.compile("[0-9a-z]+")
_LATIN_ONLY = re.compile("[0-9A-Za-z]+")
_NATIVE_LETTER = re.compile(f"[{_CYRILLIC}{_ARABIC}{_CJK}]")
_CJK_WORD = re.compile(f"[{_CJK}]+")
# Marks a query word would otherwise be split at (they are not \w): Arabic short vowels and
# Cyrillic stress accents.
_MARKS = re.compile(f"[{ARABIC_MARKS.replace(chr(0x640), '')}]|(?<=[{_CYRILLIC}])[\u0300\u0301]")
_PROCLITICS = "وفبكل"
# A proclitic before a Latin designation ("وF/A-18"), or before the Arabic names of the
# letters designations are spelt with ("وإف-35", "ومي 24"), not before any short word
# ("بعد 5" is "after 5", not "و" + "عد").
_LETTER_NAMES = (
    "اف|إف|اس|إس|تي|بي|سي|مي|سو|ميغ|ميج|كا|تو|ام|إم|جيه|خ|ايه|إيه|يو|زد|دي|اتش|إتش|ار|آر"
)
_CLITIC_DESIGNATION = re.compile(f"[{_PROCLITICS}](?:[A-Za-z0-9]|(?:{_LETTER_NAMES})[-‐]?[0-9٠-٩])")
_CONJUNCTIONS = "وف"  # "and", "so": the proclitics most often on a word of four letters
_MIN_UNCLITICISED_STEM = 3  # "ولبنان" may be "لبنان" with و, "وغزة" is never "زة"

# A query's alternatives (phrases) for one run of words, at most: past that the words are
# matched one by one (all of them, anywhere), which costs nothing and loses only adjacency.
MAX_ALTERNATIVES = 16


@dataclass(frozen=True)
class Term:
    """One search term of a query; a prefix matches every term it begins."""

    text: str
    prefix: bool = False


def is_native(word: str) -> bool:
    """Whether a word has letters this module makes terms of (Cyrillic, Arabic, Han, kana)."""
    return _NATIVE_LETTER.search(word) is not None


def strip_marks(text: str) -> str:
    """Arabic short vowels and Cyrillic stress accents removed: what the query parser does
    before it splits words, so "صَاروخ" stays one word."""
    return _MARKS.sub("", text)


# An article's terms, at most: PostgreSQL refuses a tsvector over 1 MB, which the character
# pairs of a 200,000-character Chinese article exceed (measured: 1.35 MB). Words past the first
# 50,000 terms (some 50,000 Chinese characters) are not searchable in their script.
MAX_TERMS = 50_000


def article_terms(title: str, text: str, language: str | None) -> str | None:
    """What an article stores in `search_terms`: the terms of its title, then of its text,
    space-separated, at most MAX_TERMS; None when neither has a word in these scripts
    (English rows stay as they were)."""
    terms = [*text_terms(title, language), *text_terms(text, language)][:MAX_TERMS]
    return " ".join(terms) if terms else None


def text_terms(text: str, language: str | None) -> list[str]:
    """The terms of a text, in its order (so phrases can ask for adjacent terms). The
    article's language (ISO 639-1) picks Ukrainian or Russian stems for Cyrillic words."""
    if _NATIVE_LETTER.search(text) is None:
        return []
    cyrillic = _cyrillic_stemmer(_base_language(language))
    seen: dict[tuple[str, str], str] = {}  # news repeats its words: stem each once
    terms: list[str] = []
    runs = list(_runs(unicodedata.normalize("NFKC", text).lower(), latin_by_cjk=True))
    for index, (script, run) in enumerate(runs):
        if script == "cjk":
            terms.extend(_cjk_terms(run, before_latin=_latin_next(runs, index)))
            continue
        if script == "latin":
            terms.extend(_LATIN_WORD.findall(run))
            continue
        stem = seen.get((script, run))
        if stem is None:
            stem = seen[(script, run)] = (
                cyrillic(_hard_sign_off(run)) if script == "cyrillic" else arabic_stem(run)
            )
        terms.append(stem)
    return terms


def native_runs(words: Sequence[str]) -> list[tuple[bool, tuple[str, ...]]]:
    """A query's words cut into runs of words that are native (True) or not: each run is
    matched on its own columns (search_terms, or the title and text). Chinese words with
    Latin and digit ones ("歼-20", "东风 17") are one native run: search_terms holds the
    Latin words written against Chinese characters, in order."""
    words = [
        _designation_unclitic(word, words[i + 1] if i + 1 < len(words) else "")
        for i, word in enumerate(words)
    ]
    if any(_CJK_WORD.search(word) for word in words) and all(
        _CJK_WORD.search(word) or _LATIN_ONLY.fullmatch(word) for word in words
    ):
        return [(True, tuple(words))]
    return [(native, tuple(group)) for native, group in itertools.groupby(words, key=is_native)]


def _designation_unclitic(word: str, after: str) -> str:
    """A proclitic on a designation is the word before it ("وF/A-18", "وإف-35": and ...): the
    designation is matched as written without it. The query parser may have cut the number
    off ("وإف" "35"): `after` is the next word."""
    joined = f"{word}-{after}" if after.isdigit() else word
    return word[1:] if _CLITIC_DESIGNATION.match(joined) else word


def _hard_sign_off(word: str) -> str:
    """A final "ъ" is old spelling, silent ("Коммерсантъ" is "Коммерсант", "Коммерсанту")."""
    return word[:-1] if len(word) > 1 and word.endswith("ъ") else word


def _latin_next(runs: Sequence[tuple[Script, str]], index: int) -> bool:
    return index + 1 < len(runs) and runs[index + 1][0] == "latin"


def _cjk_terms(run: str, *, before_latin: bool) -> list[str]:
    """A run's bigrams, and before a Latin word its last character alone as well, so that a
    designation's prefix is a term next to its number ("出动歼-20" -> 出动 动歼 歼 20)."""
    terms = _bigrams(run)
    return [*terms, run[-1]] if before_latin and len(run) > 1 else terms


def query_terms(words: Sequence[str], *, prefix: bool = False) -> list[list[Phrase]]:
    """How a run of native query words matches: every item of the list must match, each
    by any one of its phrases (the phrase's terms adjacent, in order). Usually one item:
    the words as a phrase, in each of their alternative forms. With `prefix`, the last word
    is the beginning of a word."""
    variants = list(dict.fromkeys([tuple(words), tuple(_joined_cjk(words))]))
    phrases: list[Phrase] = []
    for variant, language in itertools.product(variants, ("ru", "uk")):
        runs = list(_word_runs(variant))
        options = [
            _run_options(script, run, language, before_latin=_latin_next(runs, index))
            for index, (script, run) in enumerate(runs)
        ]
        if not options:
            continue
        options[-1] = [_as_prefix(option, prefix) for option in options[-1]]
        count = 1
        for option in options:
            count *= len(option)
        if count > MAX_ALTERNATIVES:
            return _word_by_word(words, prefix=prefix)
        phrases.extend(tuple(itertools.chain(*choice)) for choice in itertools.product(*options))
    unique = list(dict.fromkeys(phrases))
    if len(unique) > MAX_ALTERNATIVES:
        return _word_by_word(words, prefix=prefix)
    return [unique] if unique else []


def _word_by_word(words: Sequence[str], *, prefix: bool) -> list[list[Phrase]]:
    """Each run of each word on its own (in any of its forms), all of them required."""
    items: list[list[Phrase]] = []
    runs = list(_word_runs(words))
    for index, (script, run) in enumerate(runs):
        last = prefix and index == len(runs) - 1
        options = {
            _as_prefix(option, last)
            for language in ("ru", "uk")
            for option in _run_options(script, run, language)
        }
        items.append(sorted(options, key=lambda phrase: [t.text for t in phrase]))
    return items


def word_stems(word: str) -> list[tuple[Script, str]]:
    """Each run of letters of a query word as the index may hold it, for highlighting: a
    Cyrillic run's Russian and Ukrainian stems, an Arabic run's stems, a Chinese run as
    it is."""
    stems: list[tuple[Script, str]] = []
    for script, run in _word_runs([word]):
        if script == "latin":
            continue  # the snippet's Latin words are marked as English ones are
        if script == "cyrillic":
            stems += [
                (script, _cyrillic_stemmer(language)(_hard_sign_off(run)))
                for language in ("ru", "uk")
            ]
        elif script == "arabic":
            stems += [(script, stem) for stem in _arabic_alternatives(run)]
        else:
            stems.append((script, run))
    return list(dict.fromkeys(stems))


def _run_options(
    script: Script, run: str, language: str, *, before_latin: bool = False
) -> list[Phrase]:
    """The forms one run of letters may take in the index, each a phrase of terms."""
    if script == "latin":
        return [tuple(Term(word) for word in _LATIN_WORD.findall(run))]
    if before_latin:
        return [tuple(Term(term) for term in _cjk_terms(run, before_latin=True))]
    if script == "cyrillic":
        return [(Term(_cyrillic_stemmer(language)(_hard_sign_off(run))),)]
    if script == "arabic":
        return [(Term(stem),) for stem in _arabic_alternatives(run)]
    if len(run) == 1:  # a character alone: as a unigram or the start of a bigram
        return [(Term(run, prefix=True),)]
    return [tuple(Term(bigram) for bigram in _bigrams(run))]


def _arabic_alternatives(word: str) -> list[str]:
    """The word's stem, and the stems of the forms the index leaves whole: the word with a
    proclitic ("وغزة" for "غزة"), or without the one it was typed with."""
    stems = [arabic_stem(word), *(arabic_stem(letter + word) for letter in _PROCLITICS)]
    bare = normalise_arabic(word)
    if len(bare) > 1 and bare[0] in _PROCLITICS:
        rest = arabic_stem(bare[1:])
        # "وقوات" is "قوات" with و, though its stem is two letters; "كلمة" is not "لمة".
        conjunction = bare[0] in _CONJUNCTIONS and len(bare) > _MIN_UNCLITICISED_STEM + 1
        if len(rest) >= _MIN_UNCLITICISED_STEM or conjunction:
            stems.append(rest)
    return list(dict.fromkeys(stems))


def _as_prefix(phrase: Phrase, prefix: bool) -> Phrase:
    if not prefix or not phrase or phrase[-1].prefix:
        return phrase
    return (*phrase[:-1], Term(phrase[-1].text, prefix=True))


def _joined_cjk(words: Sequence[str]) -> list[str]:
    """Neighbouring Chinese words as one ("乌克兰 导弹" is written "乌克兰导弹")."""
    joined: list[str] = []
    for word in words:
        if joined and _CJK_WORD.fullmatch(word) and _CJK_WORD.fullmatch(joined[-1]):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _word_runs(words: Iterable[str]) -> Iterator[tuple[Script, str]]:
    """The runs of a query's words; Latin and digit words too when Chinese ones are there."""
    words = list(words)
    with_latin = any(_CJK_WORD.search(word) for word in words)
    for word in words:
        normal = unicodedata.normalize("NFKC", word).lower()
        if with_latin and _LATIN_ONLY.fullmatch(normal):
            yield "latin", normal
            continue
        # "20战机" (the parser split "歼-20战机" at its hyphen): "20" then "战机", as stored.
        yield from _runs(normal, latin_by_cjk=with_latin)


def _runs(text: str, *, latin_by_cjk: bool = False) -> Iterator[tuple[Script, str]]:
    """Runs of letters of one script; Arabic runs normalised (marks off). With
    `latin_by_cjk`, also the Latin and digit words that touch a Han or kana character."""
    pattern = _RUN_AND_LATIN if latin_by_cjk else _RUN
    for match in pattern.finditer(text):
        script = cast(Script, match.lastgroup)
        run = match.group()
        if script == "arabic":
            run = normalise_arabic(run)
        yield script, run


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _base_language(language: str | None) -> str:
    """ "uk", "uk-UA", "UK" -> "uk"; anything else (or nothing) stems Cyrillic as Russian."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return "uk" if code == "uk" else "ru"


def _cyrillic_stemmer(language: str) -> Callable[[str], str]:
    """The language's stemmer, applied again to its own stem until nothing comes off:
    Snowball cuts a name's nominative deeper than its other cases ("йемен" -> "йем", but
    "йемене" -> "йемен"), and a stem of a stem makes every form meet ("йемене" -> "йем")."""
    base = ukrainian_stem if language == "uk" else _snowball_russian()

    def stem(word: str) -> str:
        current = base(word)
        for _ in range(_MAX_RESTEMS):
            again = base(current)
            if again == current or len(again) < _MIN_RESTEM:
                break
            current = again
        return current

    return stem


_MAX_RESTEMS = 3
_MIN_RESTEM = 3  # a stem of a stem keeps three letters ("нато" is not cut to "н")


def _snowball_russian() -> Callable[[str], str]:
    # PyStemmer's stemmers are not thread-safe and cost half a microsecond to make: one for
    # each caller, never shared. Imported here: most commands never stem Cyrillic.
    import Stemmer  # type: ignore[import-not-found, unused-ignore]  # noqa: PLC0415

    stemmer = Stemmer.Stemmer("russian")
    return stemmer.stemWord  # type: ignore[no-any-return]

"""Actors and weapons named in Russian, Ukrainian, Arabic or Chinese, under the English
gazetteers' canonical names, so that a Russian article feeds `actor:"North Korea"` as an
English one does.

The names come from the shipped native gazetteers (`data/native_states.json`,
`native_arms.json`, `native_bodies.json`). Words are matched by how each script inflects:

- Cyrillic: a gazetteer word less its ending is a root, and a word of the text matches when
  it is that root plus a noun or adjective ending ("Кореи", "Корею" for "Корея"; "российские"
  for "российский"). Names keep their capital letter, so "малый" is not "Мали";
  abbreviations ("США", "КНДР") match only as written.
- Arabic: both sides lose the article and proclitics (وال بال لل و ف ...) and one common
  suffix before they are compared ("للحوثيين" and "الحوثيون" are one word).
- Chinese: the longest gazetteer form at each character, as Chinese has no spaces.

Standard bodies take their owner from the state named next to them ("Минобороны России",
"وزارة الدفاع الروسية", "俄罗斯国防部") as the English finder does ("Ministry of Defence
(Russia)"); a capital stands for its state unless it is where something happens ("в Москве").
Designations are read in the native prefix ("Су-57Э", "歼-16") and looked up in English.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from summarizer.facts.actors import ActorFact
from summarizer.facts.gazetteer import load_data
from summarizer.facts.translit import romanised
from summarizer.facts.weapons import WeaponFact

__all__ = ["NATIVE_LANGUAGES", "NativeFinder", "NativeLanguage"]

NativeLanguage = Literal["ru", "uk", "ar", "zh"]
NATIVE_LANGUAGES: frozenset[str] = frozenset({"ru", "uk", "ar", "zh"})

Role = Literal[
    "state", "demonym", "capital", "person", "organisation", "body", "weapon", "class", "word"
]  # "word": a common word that takes part in the Chinese cover and names nothing
# What the English weapons gazetteer knows of a canonical name: (name, kind, operators).
SystemLookup = Callable[[str], "tuple[str, str, tuple[str, ...]] | None"]


@dataclass(frozen=True)
class _Entry:
    name: str
    role: Role
    kind: str | None = None  # a designation outside the gazetteer: its class noun's kind
    quoted: bool = False  # a name that is also a common word ("Точка"): only in quotes


@dataclass
class _Article:
    """What `find` gathers over an article's sentences."""

    language: str
    actors: dict[str, ActorFact] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # each body's latest owner


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    entry: _Entry
    text: str


# -- words ----------------------------------------------------------------------------------

# Arabic marks (tanwin, shadda) are part of a word: "صاروخًا", "مسيّرتين" (\w leaves them out).
_WORD = re.compile(r"[\w\u064b-\u065f\u0670]+(?:[-‐'’ʼ][\w\u064b-\u065f\u0670]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "‐": "-", "ё": "е", "Ё": "Е"})

# Noun and adjective endings of Russian and Ukrainian names and class words, longest first.
_CYRILLIC_ENDINGS = tuple(
    sorted(
        set(
            "а я о е и ы у ю ь й і ї є "
            "ой ей ою ею єю ом ем єм ам ям ах ях ов ев ів їв ий ый ій ая яя ое ее ые ие ої "
            "ую юю ым им ім ых их іх ія ії ію ия ии ию ие "
            "ами ями ого его ому ему ими ыми іми ові еві ією ией иям иях іям іях ьої ьою "
            "иями іями".split()
        ),
        key=len,
        reverse=True,
    )
)
_ENDINGS_SET = frozenset(_CYRILLIC_ENDINGS) | {""}
_MIN_ROOT = 3
_MIN_NAME_WORDS = 2


def _cyrillic_root(word: str) -> str:
    """A lower-cased word less its longest ending that leaves a root of 3 letters."""
    word = word.lower()
    if "-" in word:  # "искандер-м", "буркина-фасо": only the last part inflects
        head, _, tail = word.rpartition("-")
        return head + "-" + _cyrillic_root(tail) if len(tail) > _MIN_ROOT else word
    for ending in _CYRILLIC_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_ROOT:
            return word[: -len(ending)]
    return word


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2 and len(word) <= 6


_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_SPELLING = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ؤ": "ء", "ئ": "ء", "ة": "ه"}
)
_AR_PREFIXES = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_AR_CLITICS = "وفبلك"
_AR_PRONOUNS = ("هما", "ها", "هم", "نا")
_AR_DUALS = ("تين", "تان")
_AR_SUFFIXES = ("يون", "يين", "يان", "ية", "يه", "ون", "ين", "ان", "ات", "ي", "ه")


def _arabic_spelling(word: str) -> str:
    return _AR_MARKS.sub("", word).translate(_AR_SPELLING)


def _arabic_suffix_off(word: str) -> str:
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_ROOT:
            return word[: -len(suffix)]
    return word


def _arabic_key(word: str, *, inflects: bool, name: bool = False) -> str:
    """A gazetteer word as it is compared: one spelling, without its article, and without a
    common suffix if it `inflects`: Arabic words (those with the article, adjectives, common
    nouns), not foreign names, whose endings are not suffixes ("تالين" is Tallinn, not
    "تال" + "ين")."""
    word = _AR_MARKS.sub("", word)
    article = word.startswith("ال") and len(word) - 2 >= _MIN_ROOT  # before "أ" is "ا"
    word = _arabic_spelling(word[2:] if article else word)
    # A system's name keeps its ending even after the article ("السارين" is not "الساري").
    return _arabic_suffix_off(word) if inflects or (article and not name) else word


def _arabic_keys(word: str) -> set[str]:
    """The keys a word of a text may be: as written or less an article and proclitics
    ("وللحوثيين" may be "الحوثيين" with و and ل), each with and without a common suffix."""
    if "\u064b" in word and _AR_MARKS.sub("", word).endswith("ا"):
        word = _AR_MARKS.sub("", word)[:-1]  # "قصفاً مدفعياً": the accusative's alif off
    word = _AR_MARKS.sub("", word)
    bases = {word}
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_ROOT:
            bases.add(word[len(prefix) :])
    if word[:1] in _AR_CLITICS and len(word) > _MIN_ROOT:
        bases.add(word[1:])
    spelt = {_arabic_spelling(base) for base in bases}
    # A possessive pronoun after the word ("مقاتلاتها": its fighters).
    spelt |= {
        base[: -len(pronoun)]
        for base in spelt
        for pronoun in _AR_PRONOUNS
        if base.endswith(pronoun) and len(base) - len(pronoun) >= _MIN_ROOT + 1
    }
    # "دفاعاته": his after a plural in ات (alone, ه is also the spelt ة).
    spelt |= {base[:-1] for base in spelt if base.endswith("اته") and len(base) > _MIN_ROOT + 3}
    # A dual of a noun in ة ("مدرعتين", "مسيرتان": two armoured vehicles, two drones).
    spelt |= {
        base[: -len(dual)] + "ه"
        for base in spelt
        for dual in _AR_DUALS
        if base.endswith(dual) and len(base) - len(dual) >= _MIN_ROOT
    }
    return spelt | {_arabic_suffix_off(base) for base in spelt}


# -- matchers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Form:
    """One gazetteer phrase as the matcher compares it."""

    keys: tuple[str, ...]
    words: tuple[str, ...]  # as written, lower-cased: an exact match beats a root's
    exact: tuple[bool, ...]  # per word: only as written (abbreviations)
    capital: tuple[bool, ...]  # per word: the text's word must be capitalised
    entry: _Entry


class _WordMatcher:
    """Token-by-token longest match, for the scripts with spaces (Cyrillic, Arabic)."""

    def __init__(self, forms: Iterable[tuple[str, _Entry]], script: Literal["cyr", "ar"]) -> None:
        self._script = script
        self._by_first: dict[str, list[_Form]] = {}
        seen: set[tuple[str, ...]] = set()
        for phrase, entry in forms:
            words = _WORD.findall(phrase.translate(_APOSTROPHES))
            if not words:
                continue
            form = self._form(words, entry)
            if form.words in seen or not all(form.keys):
                continue
            seen.add(form.words)  # the first entry of a phrase wins
            self._by_first.setdefault(form.keys[0], []).append(form)
        for group in self._by_first.values():
            group.sort(key=lambda f: len(f.keys), reverse=True)

    def _form(self, words: Sequence[str], entry: _Entry) -> _Form:
        if self._script == "ar":
            inflects = entry.role in {"demonym", "class", "body"}
            name = entry.role == "weapon"
            keys = tuple(_arabic_key(w, inflects=inflects, name=name) for w in words)
            bare = tuple(_arabic_spelling(w) for w in words)
            return _Form(keys, bare, (False,) * len(words), (False,) * len(words), entry)
        exact = tuple(_is_abbreviation(w) for w in words)
        keys = tuple(w if e else _cyrillic_root(w) for w, e in zip(words, exact, strict=True))
        capital = tuple(w[:1].isupper() and not e for w, e in zip(words, exact, strict=True))
        return _Form(keys, tuple(w.lower() for w in words), exact, capital, entry)

    def _candidates(self, word: str) -> list[str]:
        """The keys a text word may match: itself, and (Cyrillic) its roots."""
        if self._script == "ar":
            return sorted(_arabic_keys(word))
        lower = word.lower()
        keys = [word] if _is_abbreviation(word) else []
        for ending in _CYRILLIC_ENDINGS:
            if lower.endswith(ending) and len(lower) - len(ending) >= _MIN_ROOT:
                keys.append(lower[: -len(ending)])
        keys.append(lower)
        return keys

    def _matches(
        self, form: _Form, i: int, words: Sequence[re.Match[str]], keys: Sequence[set[str]]
    ) -> bool:
        """Whether the form's words are the text's from word `i` (`keys`: each text word's
        Arabic keys, made once)."""
        if i + len(form.keys) > len(words):
            return False
        for offset, key in enumerate(form.keys):
            word = words[i + offset].group(0)
            if form.exact[offset]:
                if word != key:
                    return False
                continue
            if form.capital[offset] and not word[:1].isupper():
                return False
            if self._script == "ar":
                if key not in keys[i + offset]:
                    return False
            elif not _fits_root(word.lower(), key):
                return False
        return True

    def _as_written(self, form: _Form, i: int, words: Sequence[re.Match[str]]) -> int:
        """How many of the form's words the text has exactly ("Мали" is Mali, not Malé)."""
        written = [w.group(0).lower() for w in words[i : i + len(form.words)]]
        if self._script == "ar":
            written = [_arabic_spelling(w) for w in written]
        return sum(a == b for a, b in zip(written, form.words, strict=False))

    def find(self, sentence: str) -> list[_Hit]:
        text = sentence.translate(_APOSTROPHES)
        words = list(_WORD.finditer(text))
        keys = [set(self._candidates(w.group(0))) if self._script == "ar" else set() for w in words]
        hits: list[_Hit] = []
        i = 0
        while i < len(words):
            best: _Form | None = None
            best_rank = (0, 0)
            first = keys[i] if self._script == "ar" else self._candidates(words[i].group(0))
            for key in first:
                for form in self._by_first.get(key, ()):
                    rank = (len(form.keys), self._as_written(form, i, words))
                    if rank > best_rank and self._matches(form, i, words, keys):
                        best, best_rank = form, rank
            if best is None:
                i += 1
                continue
            last = words[i + len(best.keys) - 1]
            start, end = words[i].start(), last.end()
            hits.append(_Hit(start, end, best.entry, sentence[start:end]))
            i += len(best.keys)
        return hits


def _fits_root(word: str, root: str) -> bool:
    return word.startswith(root) and word[len(root) :] in _ENDINGS_SET


class _CharMatcher:
    """Longest form at each character, for Chinese."""

    def __init__(self, forms: Iterable[tuple[str, _Entry]]) -> None:
        self._forms: dict[str, _Entry] = {}
        for phrase, entry in forms:
            if len(phrase) >= 2:  # a single character is too often part of another word
                self._forms.setdefault(phrase, entry)
        self._longest = max((len(f) for f in self._forms), default=0)

    def find(self, sentence: str) -> list[_Hit]:
        """The forms covering the most characters, then the fewest forms: "俄国防部" is
        "俄" + "国防部" (the ministry), not "俄国" (Russia) + "防部"."""
        n = len(sentence)
        # best[i]: (characters covered, -forms) of sentence[i:], and the form taken at i.
        best: list[tuple[tuple[int, int], int]] = [((0, 0), 0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            choice = (best[i + 1][0], 0)
            for size in range(2, min(self._longest, n - i) + 1):
                if sentence[i : i + size] in self._forms:
                    covered, forms = best[i + size][0]
                    score = (covered + size, forms - 1)
                    if score > choice[0]:
                        choice = (score, size)
            best[i] = choice
        hits: list[_Hit] = []
        i = 0
        while i < n:
            size = best[i][1]
            if size:
                text = sentence[i : i + size]
                if self._forms[text].role != "word":
                    hits.append(_Hit(i, i + size, self._forms[text], text))
                i += size
            else:
                i += 1
        return hits


# -- rules by language ----------------------------------------------------------------------

# Where a capital is the place something happens, not its government acting.
_VENUE_BEFORE: dict[str, frozenset[str]] = {
    "ru": frozenset("в во из у под над до на к через".split()),
    "uk": frozenset("в у із з зі до на під над через".split()),
    "ar": frozenset("في من إلى الى عبر قرب".split()),
    "zh": frozenset("在于赴到至从抵"),
}
# A Latin name ("Shahed"), or any word standing alone (a native designation prefix: "شاهد").
_NAME_WORD = re.compile(
    r"(?<![\w-])(?:[A-Z][A-Za-z]+(?:-[A-Za-z0-9]+)?|[^\W\d_A-Za-z]{2,})(?![\w-])"
)
_CLASS_GAP = 3  # characters between a designation and its class noun: a space, quotes
_AR_VENUE_CLITIC = "ب"  # "بموسكو": in Moscow
# A body inside a minister's title ("وزير الخارجية", "外交部长") names the minister, not the body.
_AR_MINISTER = frozenset({"وزير", "وزيره"})  # as spelt by _arabic_keys (ة -> ه)
# A state's name after these is part of a place's ("بحر عمان": the Sea of Oman), and "بحر"
# there is the sea, not the navy ("البحرية") its stem shares.
_AR_PLACE_NOUNS = frozenset("بحر خليج مضيق قناه جزيره جزر".split())
_AR_NAVY = "بحريه"
# A demonym after these is a private person's or a firm's nationality ("معظمهم فلبينيون":
# most of them Filipinos; "شركة يونانية": a Greek company; "ملايين اليمنيين": millions of
# Yemenis), as spelt by _arabic_keys.
_AR_PRIVATE_BEFORE = frozenset(
    "طاقم بحار بحاره بحارا مواطن مواطنين مواطنون مواطنو مواطنه سائح سياح عامل عمال صحفي "
    "صحفيين صحفيون شركه عائله طالب طلاب رهائن رهينه ركاب صياد صيادين صيادون معظمهم بينهم "
    "منهم غالبيتهم اغلبهم جميعهم تاجر تجار رجل امراه رجال نساء اطفال طفل مهندس مهندسين "
    "ملايين الاف مئات عشرات".split()
)
# Cyrillic: a state's adjective before these is a sea's or a gulf's ("Оманский залив").
_CYRILLIC_PLACE_NOUNS = re.compile(
    r"(?:залив\w*|мор(?:е|я|ю|ем|і|ях)|пролив\w*|зато[кц]\w*|прото[кц]\w*|полуостр\w*"
    r"|півостр\w*)",
    re.IGNORECASE,
)  # not "морські дрони", "моряки": those name the state's forces
_TITLE_AFTER = {"zh": "长"}
_LOOK_BACK = 40

# Cyrillic designation letters after the digits ("Су-57Э", "Искандер-М").
_LETTERS = str.maketrans(
    "АБВГДЕЗИКЛМНОПРСТУФХЭ", "ABVGDEZIKLMNOPRSTUFHE"
)  # fmt: skip
# A prefix, a hyphen (or none: "Су57"), digits: "Су-57Э", "Х-101". Arabic also writes a space
# ("إف 16"); in Cyrillic a space would read "С 300 ракетами" (with 300 missiles) as S-300.
_DESIGNATION = re.compile(
    r"(?<![\w-])(?P<prefix>[^\W\d_]+(?: [^\W\d_]+)?)(?P<gap>[-‐－]?|(?<=[\u0600-\u06ff]) )"
    r"(?P<number>(?![0٠０])\d{1,4})(?P<suffix>[A-Za-zА-ЯЁ]{0,3})(?![\w])"
)
_ZH_DESIGNATION = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,3})[-－]?(?P<number>(?![0０])\d{1,4})(?P<suffix>[A-Z]{0,2})"
    r"(?![0-9A-Za-z])"
)


class NativeFinder:
    """Built once from the native gazetteers; `find` is then pure."""

    def __init__(self, system: SystemLookup) -> None:
        self._system = system
        states = load_data("native_states.json")
        arms = load_data("native_arms.json")
        bodies = load_data("native_bodies.json")
        classes = {entry["name"]: entry for entry in load_data("weapon_classes.json")}
        self._class_kinds = {name: entry["kind"] for name, entry in classes.items()}
        self._class_nouns = {name: tuple(entry["phrases"][:2]) for name, entry in classes.items()}
        self._absorbs = {
            name: frozenset(entry.get("absorbs", ())) for name, entry in classes.items()
        }
        self._named = {(n["body"], n["owner"]): n["name"] for n in bodies["named"]}
        self._designations: dict[str, dict[str, str]] = arms["designations"]
        self._owner_prefixes: dict[str, str] = bodies.get("owner_prefixes", {})
        # The first words of Arabic capitals as spelt: "بكين" is Beijing, "بموسكو" in Moscow.
        self._capital_words = frozenset(
            _arabic_spelling(form.split()[0])
            for item in states["states"]
            for key in ("capitals", "seats")
            for form in item[key].get("ar", ())
            if form.split()
        )
        self._ar_skeletons = _skeletons(
            (form, item["name"])
            for item in arms["weapons"]
            for key in ("names", "quoted")
            for form in item.get(key, {}).get("ar", ())
        )
        self._matchers: dict[str, _WordMatcher | _CharMatcher] = {}
        for language in NATIVE_LANGUAGES:
            forms: list[tuple[str, _Entry]] = []
            # Longer, more specific tables first: an organisation's name beats a state's.
            for item in arms["organisations"]:
                forms += _forms(item["names"], language, _Entry(item["name"], "organisation"))
            for item in bodies["bodies"]:
                forms += _forms(item["names"], language, _Entry(item["name"], "body"))
            for item in states["people"]:
                forms += _forms(item["names"], language, _Entry(item["name"], "person"))
            for item in states["states"]:
                entry = _Entry(item["name"], "state")
                forms += _forms(item["names"], language, entry)
                forms += _forms(item["seats"], language, _Entry(item["name"], "capital"))
                forms += _forms(item["capitals"], language, _Entry(item["name"], "capital"))
                forms += _forms(item["demonyms"], language, _Entry(item["name"], "demonym"))
            for item in arms["weapons"]:
                forms += _forms(item["names"], language, _Entry(item["name"], "weapon"))
                quoted = _Entry(item["name"], "weapon", quoted=True)
                forms += _forms(item.get("quoted", {}), language, quoted)
            for item in arms["weapon_classes"]:
                forms += _forms(item["names"], language, _Entry(item["name"], "class"))
            if language == "zh":
                words = [(word, _Entry(word, "word")) for word in _ZH_COMMON_WORDS]
                self._matchers[language] = _CharMatcher([*forms, *_chinese_heads(forms), *words])
            else:
                self._matchers[language] = _WordMatcher(forms, "ar" if language == "ar" else "cyr")

    def find(
        self,
        sentences: Sequence[str],
        language: str,
        people: Sequence[tuple[str, str]] = (),
        named: Sequence[WeaponFact] = (),
    ) -> tuple[list[ActorFact], list[WeaponFact]]:
        """Actors and weapons of an article's sentences; ([], []) for another language.
        `people`: names a recogniser found, as written and in the nominative; `named`: the
        systems the English gazetteer found in the same text (Latin names: "эсминец USS
        Stockdale"), whose class words are theirs as the native systems' are."""
        matcher = self._matchers.get(language)
        if matcher is None:
            return [], []
        article = _Article(language)
        systems: dict[str, WeaponFact] = {}
        pending: list[tuple[str, str, str, set[str]]] = []  # class, text, sentence, kinds
        for sentence in sentences:
            hits = [h for h in matcher.find(sentence) if not h.entry.quoted or _quoted(sentence, h)]
            kinds_here = {w.kind for w in named if any(m in sentence for m in w.mentions)}
            for hit in self._designated(sentence, language, hits):
                found = self._system(hit.entry.name)
                if found is None and hit.entry.kind is not None:
                    found = (hit.entry.name, hit.entry.kind, ())
                if found is None:
                    continue
                name, kind, operators = found
                fact = systems.setdefault(name, WeaponFact(name, kind, operators=operators))
                fact.add(hit.text, sentence)
                kinds_here.add(kind)
                if kind in {"submarine", "aircraft carrier"}:
                    kinds_here.add("warship")  # "подводный крейсер «Князь Пожарский»"
            for index, hit in enumerate(hits):
                if hit.entry.role == "class":
                    if _names_follow(sentence, hit, hits, language) or _militants(hit, language):
                        continue
                    pending.append((hit.entry.name, hit.text, sentence, kinds_here))
                elif hit.entry.role != "weapon":  # weapons are read by _designated
                    self._actor(sentence, hits, index, article)
        classes: dict[str, WeaponFact] = {}
        for name, text, sentence, kinds_here in pending:
            if kinds_here & self._absorbs.get(name, frozenset()):
                continue  # the class word describes a system named in the same sentence
            kind = self._class_kinds.get(name, name)
            classes.setdefault(name, WeaponFact(name, kind)).add(text, sentence)
        self._recognised_people(people, matcher, article, sentences)
        return list(article.actors.values()), [*systems.values(), *classes.values()]

    def _recognised_people(
        self,
        people: Sequence[tuple[str, str]],
        matcher: _WordMatcher | _CharMatcher,
        article: _Article,
        sentences: Sequence[str],
    ) -> None:
        """People outside the gazetteer, romanised as English news writes them. A name the
        gazetteers know (a person, a state, a body) is theirs; a surname alone joins the full
        name it ends; one alone with no full name is left out (too often a misread word)."""
        by_surname: dict[str, set[str]] = {}  # the root of a surname: the full names it ends
        pending: list[tuple[str, str]] = []
        for written, nominative in people:
            if matcher.find(written) or matcher.find(nominative):
                continue
            words = nominative.split()
            if len(words) < _MIN_NAME_WORDS:
                pending.append((written, nominative))
                continue
            name = romanised(nominative, article.language)
            fact = article.actors.setdefault(name, ActorFact(name, "person"))
            fact.add(written, _sentence_of(written, sentences))
            by_surname.setdefault(_cyrillic_root(words[-1]), set()).add(name)
        for written, nominative in pending:
            names = by_surname.get(_cyrillic_root(nominative), set())
            if len(names) == 1:  # "Михеев" after "Александр Михеев", if he is the only one
                article.actors[next(iter(names))].add(written, _sentence_of(written, sentences))

    def _actor(self, sentence: str, hits: list[_Hit], index: int, article: _Article) -> None:
        """Adds the actor hit `index` names, if it names one here."""
        hit = hits[index]
        role = hit.entry.role
        capitals = self._capital_words if article.language == "ar" else frozenset()
        if role == "capital" and _is_venue(sentence, hit, article.language, capitals):
            return
        if _in_place_or_private(sentence, hit, article.language):
            return
        if role != "body":
            kind = {"person": "person", "organisation": "organisation"}.get(role, "state")
            _add(article.actors, hit.entry.name, kind, hit.text, sentence)
            return
        if _in_title(sentence, hit, article.language):
            return
        owner = self._owner(sentence, hits, index, article) or article.owners.get(hit.entry.name)
        if owner is None:
            return  # "армия", "الجيش" of nobody named: not a fact yet
        article.owners[hit.entry.name] = owner
        name = self._named.get((hit.entry.name, owner), f"{hit.entry.name} ({owner})")
        _add(article.actors, name, "organisation", hit.text, sentence)

    def _designated(self, sentence: str, language: str, hits: list[_Hit]) -> list[_Hit]:
        """Named systems: the gazetteer's, and designations in the native prefix."""
        named = [hit for hit in hits if hit.entry.role == "weapon"]
        taken = [(hit.start, hit.end) for hit in named]
        if language == "ar":
            spelt = self._spelt_designations(sentence, taken, hits)
            named += spelt
            taken += [(hit.start, hit.end) for hit in spelt]
        prefixes = self._designations.get(language, {})
        pattern = _ZH_DESIGNATION if language == "zh" else _DESIGNATION
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            prefix = match["prefix"]
            if language == "zh":
                # The longest known prefix ending where the digits start ("国产歼" -> "歼").
                prefix = next(
                    (prefix[i:] for i in range(len(prefix)) if prefix[i:] in prefixes), ""
                )
                gap = sentence[match.start("number") - 1] in "-－"
                start = match.start("number") - len(prefix) - gap
            if prefix not in prefixes and " " in prefix:  # "ракета Х-59": the prefix is "Х"
                start += prefix.rindex(" ") + 1
                prefix = prefix.rsplit(" ", 1)[1]
            english = prefixes.get(prefix)
            if not english:
                continue
            suffix = match["suffix"].translate(_LETTERS)
            number = _ascii_digits(match["number"])  # "١٠١", "１６" are 101, 16
            full = f"{english}-{number}{suffix}"
            known = next(
                (
                    candidate
                    for candidate in (
                        full,
                        f"{english}-{number}",
                        f"{english}{number}{suffix}",
                    )
                    if self._system(candidate) is not None
                ),
                None,
            )
            entry = (
                _Entry(known, "weapon") if known else self._by_class_noun(full, start, end, hits)
            )
            if entry is not None:
                named.append(_Hit(start, end, entry, sentence[start:end]))
                taken.append((start, end))
        named += self._latin_by_class_noun(sentence, hits, taken, language)
        named += self._latin_of_type(
            sentence, hits, [*taken, *((h.start, h.end) for h in named)], language
        )
        if language in {"ru", "uk"}:
            named += _named_ships(
                sentence, language, hits, [*taken, *((h.start, h.end) for h in named)]
            )
        if language == "ar":
            quoted = self._quoted_by_skeleton(sentence)
            # A whole quoted name beats a part of it ("بيرقدار أكنجي" is Akinci, not TB2).
            named = [
                h
                for h in named
                if not any(
                    q.start <= h.start and h.end <= q.end and q.entry.name != h.entry.name
                    for q in quoted
                )
            ]
            spans = [(h.start, h.end) for h in named]
            named += [q for q in quoted if not any(q.start < b and a < q.end for a, b in spans)]
            named = [h for h in named if not _at_site(sentence, h)]
        return named

    def _spelt_designations(
        self, sentence: str, taken: list[tuple[int, int]], hits: list[_Hit]
    ) -> list[_Hit]:
        """Designations whose letters Arabic spells by their names ("دي إف-17" DF-17, "إتش-6
        كيه" H-6K, "بي إتش إل-16" PHL-16, "النوع 055" Type 055), where the English gazetteer
        knows the result ("بي" is B or P: both are tried)."""
        found = []
        for match in _AR_SPELT.finditer(sentence):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            number = _ascii_digits(match["number"])
            if match["type"]:
                options = [f"Type {number}"]
            else:
                words = [_arabic_spelling(w) for w in match["letters"].split()]
                hyphen = "-" in match.group() or "‐" in match.group()
                if words in (["ان"], ["اي"], ["ام"], ["ال"]) and not hyphen:
                    continue  # "أن 20", "أي 5": "that", "any" before a number
                if not all(w in _AR_LETTER_NAMES for w in words):
                    continue
                letters = [_AR_LETTER_NAMES[w] for w in words]
                suffix = match["suffix"] or ""
                tail = (
                    _AR_LETTER_NAMES.get(_arabic_spelling(suffix), (suffix,)) if suffix else ("",)
                )
                options = [
                    candidate
                    for prefix in itertools.product(*letters)
                    for end_letters in tail
                    for candidate in (
                        f"{''.join(prefix)}-{number}{end_letters}",
                        f"{''.join(prefix)}-{number}",
                    )
                ]
            known = next((o for o in options if self._system(o) is not None), None)
            if known is not None:
                found.append(_Hit(start, end, _Entry(known, "weapon"), match.group()))
            elif len(set(options)) == 1:  # one reading ("سي إتش-95" is CH-95)
                typed = self._typed(sentence, options[0], start, hits, "ar")
                if typed is not None:
                    found.append(_Hit(start, end, typed, match.group()))
        return found

    def _quoted_by_skeleton(self, sentence: str) -> list[_Hit]:
        """A quoted Arabic name ("هيرمس 900", "أقنجي") whose letters less its long vowels are
        a system's: foreign names are spelt with and without them ("هيرميس", "هرمس")."""
        found = []
        for match in _AR_QUOTED.finditer(sentence):
            start, end = match.span("name")
            name = self._ar_skeletons.get(_arabic_skeleton(match["name"]))
            if name is not None:
                found.append(_Hit(start, end, _Entry(name, "weapon"), match["name"]))
        return found

    def _latin_by_class_noun(
        self, sentence: str, hits: list[_Hit], taken: list[tuple[int, int]], language: str
    ) -> list[_Hit]:
        """A name the English gazetteer knows only with its class noun ("Shahed drones") next
        to the native class noun: in Latin letters ("беспилотников Shahed") or as the native
        name of a designation's prefix ("مسيرات شاهد", "شاهد" being Shahed)."""
        prefixes = self._designations.get(language, {})
        found = []
        for match in _NAME_WORD.finditer(sentence):
            start, end = match.span()
            word = match.group()
            english = word if word.isascii() else prefixes.get(word.strip("«»\"'"))
            if not english or any(start < b and a < end for a, b in taken):
                continue
            if word.isascii() and self._system(word):
                continue  # the English finder reads a name it knows alone
            for hit in hits:
                if hit.entry.role != "class" or not _next_to(sentence, hit, start, end, language):
                    continue
                for noun in self._class_nouns.get(hit.entry.name, ()):
                    system = self._system(f"{english} {noun}")
                    if system is not None:
                        found.append(_Hit(start, end, _Entry(system[0], "weapon"), word))
                        break
        return found

    def _latin_of_type(
        self, sentence: str, hits: list[_Hit], taken: list[tuple[int, int]], language: str
    ) -> list[_Hit]:
        """A Latin designation the gazetteer lacks, after a class noun and "of the type"
        ("مسيّرات، بعضها من طراز CH-95", "дроны типа XK-9"): a system of that class's kind."""
        found = []
        for match in _LATIN_DESIGNATION.finditer(sentence):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            typed = self._typed(sentence, match.group(), start, hits, language)
            if typed is not None:
                found.append(_Hit(start, end, typed, match.group()))
        return found

    def _typed(
        self, sentence: str, name: str, start: int, hits: list[_Hit], language: str
    ) -> _Entry | None:
        """A designation after "of the type" that follows a class noun, with a word at most
        between ("مسيّرات، بعضها من طراز CH-95"): a system of the class's kind. A truck "of
        the type" is no system ("شاحنة من نوع MAN-26" has no class noun before it)."""
        before = " ".join(sentence[max(0, start - 12) : start].strip(" \"'«»“”").split())
        ends = [w for w in _OF_TYPE.get(language, ()) if before.endswith(w)]
        words = max(ends, key=len, default=None)  # "من طراز" before its "طراز"
        if words is None:
            return None
        for hit in hits:
            if hit.entry.role != "class" or hit.end > start:
                continue
            gap = sentence[hit.end : start].strip(" \"'«»“”")
            between = gap[: len(gap) - len(words)] if gap.endswith(words) else None
            if between is not None and len(re.findall(r"\w+", between)) <= 1:
                return _Entry(name, "weapon", self._class_kinds.get(hit.entry.name))
        return None

    def _by_class_noun(self, name: str, start: int, end: int, hits: list[_Hit]) -> _Entry | None:
        """A designation the gazetteer lacks, next to a class noun ("ракета Х-59",
        "歼-35A战机"): a system of the class's kind, as the English finder reads "XK-9
        missile"."""
        for hit in hits:
            near = 0 <= start - hit.end <= _CLASS_GAP or 0 <= hit.start - end <= _CLASS_GAP
            if hit.entry.role == "class" and near:
                return _Entry(name, "weapon", self._class_kinds.get(hit.entry.name))
        return None

    def _owner(self, sentence: str, hits: list[_Hit], index: int, article: _Article) -> str | None:
        """The state a body belongs to, named right next to it."""
        language = article.language
        hit = hits[index]
        after = hits[index + 1] if index + 1 < len(hits) else None
        before = hits[index - 1] if index > 0 else None

        def state_of(other: _Hit | None, gap: str) -> str | None:
            if other is None or gap.strip(" \u00a0"):
                return None
            return other.entry.name if other.entry.role in {"state", "demonym"} else None

        if language == "zh":
            owner = state_of(before, sentence[before.end : hit.start] if before else "")
            if owner is None:
                abbreviation = sentence[hit.start - 1 : hit.start] if hit.start else ""
                owner = self._owner_prefixes.get(abbreviation)
                if owner is not None:  # "俄" of "俄国防部" names Russia too
                    _add(article.actors, owner, "state", abbreviation, sentence)
            return owner
        if language == "ar":  # the owner follows: "وزارة الدفاع الروسية", "... في روسيا"
            return state_of(after, sentence[hit.end : after.start] if after else "")
        owner = state_of(after, sentence[hit.end : after.start] if after else "")
        if owner is None and before is not None and before.entry.role == "demonym":
            owner = state_of(before, sentence[before.end : hit.start])
        return owner


# Common Chinese words that hold a name's characters across their edge ("非法国际" is 非法 +
# 国际, illegal and international, not 法国 France; "日本海" is a sea): in the cover they win.
_ZH_COMMON_WORDS = (
    "国际", "国家", "合法", "非法", "立法", "执法", "宪法", "司法", "方法", "办法", "说法",
    "看法", "做法", "想法", "日本海", "印度洋", "朝鲜半岛",
)  # fmt: skip

# Generic nouns a Chinese system's name is often written with ("爱国者系统", "见证者无人机"):
# the name is also written without them ("爱国者").
_ZH_GENERIC_TAILS = ("防空系统", "反导系统", "防空导弹", "系统", "导弹", "无人机", "战斗机", "战机")
_MIN_ZH_HEAD = 2


def _chinese_heads(forms: Iterable[tuple[str, _Entry]]) -> list[tuple[str, _Entry]]:
    """A weapon's names less a generic tail, where what is left is a name of its own."""
    heads = []
    for form, entry in forms:
        if entry.role != "weapon":
            continue
        for tail in _ZH_GENERIC_TAILS:
            head = form.removesuffix(tail)
            if head != form and len(head) >= _MIN_ZH_HEAD and not head[-1].isdigit():
                heads.append((head, entry))
                break
    return heads


# Words between a class noun and a system's name that say "of the type" ("مسيّرة من طراز
# شاهد", "дроны типа Shahed").
_LATIN_DESIGNATION = re.compile(r"(?<![\w-])[A-Z]{1,4}-\d{1,4}[A-Z]{0,3}(?![\w-])")
_OF_TYPE = {
    "ar": frozenset({"من طراز", "طراز", "من نوع", "نوع"}),
    "ru": frozenset({"типа", "модели", "марки"}),
    "uk": frozenset({"типу", "моделі", "марки"}),
}


def _next_to(sentence: str, hit: _Hit, start: int, end: int, language: str) -> bool:
    """Whether the class noun `hit` is right before or after sentence[start:end], with at
    most quotes and spaces, or an "of the type" between."""
    if hit.end <= start:
        gap = sentence[hit.end : start]
    elif end <= hit.start:
        gap = sentence[end : hit.start]
    else:
        return False
    words = gap.strip(" \u00a0\"'«»“”").strip()
    return len(gap) <= _CLASS_GAP or " ".join(words.split()) in _OF_TYPE.get(language, ())


def _ascii_digits(number: str) -> str:
    return "".join(str(unicodedata.digit(char)) for char in number)


def _sentence_of(text: str, sentences: Sequence[str]) -> str:
    return next((sentence for sentence in sentences if text in sentence), "")


def _forms(names: dict[str, list[str]], language: str, entry: _Entry) -> list[tuple[str, _Entry]]:
    return [(form, entry) for form in names.get(language, ())]


_OPENING_QUOTES = "«\"“„'‘"
_CLOSING_QUOTES = "»\"”“'’"


# A ship's quoted name after its class noun, a few genitive words between ("фрегат «Адмирал
# Касатонов»", "Корвет Балтийского флота «Бойкий»", "тральщика ВМС Эстонии «Сакала»").
_SHIP_NOUNS = {
    "submarine": r"подводн\w*(?:\s+\w+)?\s+(?:лодк|крейсер|човн|човен)\w*|подлодк\w*|субмарин\w*"
    r"|АПЛ|ПЛАРБ|човн\w*|човен",
    "aircraft carrier": r"авианос\w*|авіанос\w*",
    "warship": r"фрегат\w*|корвет\w*|эсмин\w*|есмін\w*|крейсер\w*|корабл\w*|корабел\w*"
    r"|кораб\w*|тральщик\w*|катер(?:а|у|ом|е|і|и|ы|ов|ів|ам|ами|ах)?(?!\w)|сторожевик\w*",
}  # "катер" with its case endings only: "Катерина" is a name
_SHIP_GENITIVES = (
    "флота флоту назначения призначення стратегического стратегічного проекта проекту проєкту "
    "класса класу типа типу ВМС ВМФ ВМСУ ЗСУ".split()
)
_SHIP_NAME = re.compile(
    r"(?<![\w-])(?i:(?P<noun>"
    + "|".join(f"(?P<{kind.replace(' ', '_')}>{nouns})" for kind, nouns in _SHIP_NOUNS.items())
    + r"))(?P<between>(?:\s+(?:[А-ЯЁІЇЄҐA-Z0-9][\w-]*|"
    + "|".join(_SHIP_GENITIVES)
    + r")){0,3})\s+[«\"“](?P<name>[А-ЯЁІЇЄҐ][\w'’-]{1,30}(?:\s[\w'’-]{1,30}){0,2})[»\"”]"
)


def _named_ships(
    sentence: str, language: str, hits: list[_Hit], taken: list[tuple[int, int]]
) -> list[_Hit]:
    """Warships by their quoted names, romanised ("Admiral Kasatonov"): the English gazetteer
    names only the best-known ones. A quoted name the gazetteers know as something else is
    not a ship's ("корабль ВМФ России «Интерфаксу» рассказал")."""
    found = []
    for match in _SHIP_NAME.finditer(sentence):
        start, end = match.span("name")
        if any(start < b and a < end for a, b in taken):
            continue  # «Калибр» after "корабль выпустил ракеты" is the missile, matched before
        if any(start <= h.start < end for h in hits):
            continue
        kind = next(k for k in _SHIP_NOUNS if match[k.replace(" ", "_")])
        name = romanised(match["name"], language)
        found.append(_Hit(start, end, _Entry(name, "weapon", kind=kind), match["name"]))
    return found


# A class noun before a quoted name ("صواريخ كروز من طراز "أبو مهدي"", "ракеты «Оникс»",
# "الفرقاطة الإيطالية "فيرجينيو فاسان""): the words describe that named system, known or not.
_NAMED_AFTER = re.compile(
    r"(?:\s+(?:(?:من\s+)?(?:طراز|نوع)|типа|типу|класса|класу|проекта|проєкту|проекту"
    r"|ال[\u0621-\u064a]+(?:ية|ي)))?\s+[\"«“]"  # or an adjective: "الفرقاطة الإيطالية"
    # A name: capitalised in Cyrillic ("ракеты класса «земля-воздух»" is a class), in Arabic
    # not a pair of domains ("أرض-جو").
    r"(?=[А-ЯЁІЇЄҐA-Z0-9]|(?![\u0621-\u064a]+\s*-\s*[\u0621-\u064a]+[\"»”])[\u0621-\u064a])"
)
# Arabic "مقاتلوه", "مقاتليه", "مقاتلين": fighters who are people, not jets ("مقاتلات").
_AR_MILITANTS = re.compile(r"مقاتل(?:ين|ون|و|ي)\w*$|مقاتليه|مقاتلوه")


# A name after these is a place's ("قاعدة فلامنغو البحرية": the Flamingo naval base).
_AR_SITES = frozenset("قاعده مطار ميناء معسكر مدينه بلده قريه منطقه حي شارع".split())


def _at_site(sentence: str, hit: _Hit) -> bool:
    return bool(_arabic_keys(_word_before(sentence, hit.start)) & _AR_SITES)


def _names_follow(sentence: str, hit: _Hit, hits: list[_Hit], language: str) -> bool:
    """Whether a quoted name follows the class noun, one that is not a body's, a state's or a
    class's ("ракет «Хезболли»", "قاذفات "آر بي جي"")."""
    if language == "zh":
        return False
    match = _NAMED_AFTER.match(sentence, hit.end)
    if match is None:
        return False
    return not any(h.start == match.end() and h.entry.role != "weapon" for h in hits)


def _militants(hit: _Hit, language: str) -> bool:
    return language == "ar" and _AR_MILITANTS.search(_arabic_spelling(hit.text)) is not None


# Latin letters as Arabic spells their names (after _arabic_spelling: "إف" is "اف"); not V
# ("في", also "in": "في 22 أكتوبر") nor O ("أو", also "or").
_AR_LETTER_NAMES: dict[str, tuple[str, ...]] = {
    "ايه": ("A",), "بي": ("B", "P"), "سي": ("C",), "دي": ("D",), "اف": ("F",), "جي": ("G",),
    "اتش": ("H",), "اش": ("H",), "جيه": ("J",), "كيه": ("K",), "ال": ("L",), "ام": ("M",),
    "ان": ("N",), "كيو": ("Q",), "ار": ("R",), "اس": ("S",), "تي": ("T",), "يو": ("U",),
    "دبليو": ("W",), "اكس": ("X",), "واي": ("Y",), "زد": ("Z",), "اي": ("I",),
}  # fmt: skip
_AR_LETTER = "|".join(
    sorted(
        {
            variant
            for name in _AR_LETTER_NAMES
            for variant in (
                (name, "إ" + name[1:], "أ" + name[1:], "آ" + name[1:])
                if name.startswith("ا")
                else (name,)
            )
        },
        key=len,
        reverse=True,
    )
)
# One space at most between the parts (runs of spaces would make the matching quadratic).
_AR_SPELT = re.compile(
    rf"(?<![\u0600-\u06ff])(?:(?P<type>النوع|طراز) |(?P<letters>(?:(?:{_AR_LETTER}) ){{0,3}}"
    rf"(?:{_AR_LETTER})) ?[-‐]? ?)(?P<number>[0-9٠-٩]{{1,4}})(?![0-9٠-٩])"
    rf"(?: ?[-‐]? ?(?P<suffix>(?:{_AR_LETTER})(?![\u0600-\u06ff])|[A-Z]{{1,2}}\b))?"
)
_AR_QUOTED = re.compile(r"[\"«“](?P<name>[\u0600-\u06ff][\u0600-\u06ff0-9٠-٩ -]{1,30})[\"»”]")
# Long vowels dropped; the letters foreign k, g, s and t are spelt with made one ("أقنجي" and
# "أكينجي" are Akinci; "هواسونغ" and "هواسونج" Hwasong; "هيرمز" and "هيرميس" Hermes).
_AR_LONG_VOWELS = str.maketrans(
    {"ا": None, "و": None, "ي": None, "ق": "ك", "غ": "ج", "گ": "ج", "ز": "س", "ط": "ت"}
)
_MIN_SKELETON = 3


def _arabic_skeleton(form: str) -> str:
    """A foreign name's Arabic letters less the long vowels after its first letter, with one
    letter for each of k and g."""
    spelt = _arabic_spelling(form.strip())
    return spelt[:1] + spelt[1:].translate(_AR_LONG_VOWELS)


def _skeletons(forms: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Skeleton -> system, for the skeletons only one system has (and long enough)."""
    owners: dict[str, set[str]] = {}
    for form, name in forms:
        skeleton = _arabic_skeleton(form)
        if len(skeleton.replace(" ", "")) >= _MIN_SKELETON:
            owners.setdefault(skeleton, set()).add(name)
    return {skeleton: next(iter(names)) for skeleton, names in owners.items() if len(names) == 1}


def _quoted(sentence: str, hit: _Hit) -> bool:
    """Whether a hit is written in quotes: «Точка-У», "أوسا", “爱国者”."""
    before = sentence[hit.start - 1 : hit.start]
    after = sentence[hit.end : hit.end + 1]
    return bool(before) and before in _OPENING_QUOTES and bool(after) and after in _CLOSING_QUOTES


def _add(actors: dict[str, ActorFact], name: str, kind: str, text: str, sentence: str) -> None:
    actors.setdefault(name, ActorFact(name, kind)).add(text, sentence)


def _is_venue(sentence: str, hit: _Hit, language: str, capitals: frozenset[str]) -> bool:
    """Whether a capital is where something is ("в Москве", "في موسكو", "بموسكو", "在北京");
    `capitals`: the language's capitals as spelt, so that "بكين" (Beijing) is not "ب" + ..."""
    if language == "zh":
        return sentence[hit.start - 1 : hit.start] in _VENUE_BEFORE["zh"]
    if language == "ar":
        word = _arabic_spelling(hit.text.split()[0])
        if word[:1] in "وف" and word not in capitals:
            word = word[1:]  # "وبموسكو": and in Moscow
        if word.startswith(_AR_VENUE_CLITIC) and word not in capitals:
            return True
    return _word_before(sentence, hit.start).lower() in _VENUE_BEFORE[language]


def _in_place_or_private(sentence: str, hit: _Hit, language: str) -> bool:
    """A state's name inside a sea's ("بحر عمان", "Оманский залив"), the sea word itself, or
    a demonym naming a private person's nationality ("معظمهم فلبينيون")."""
    role = hit.entry.role
    if language == "ar":
        before = _arabic_keys(_word_before(sentence, hit.start))
        if role in {"state", "demonym"} and before & _AR_PLACE_NOUNS:
            return True
        if role == "demonym" and before & _AR_PRIVATE_BEFORE:
            return True
        keys = _arabic_keys(hit.text.split()[0]) if hit.text.split() else set()
        return role == "body" and bool(keys & _AR_PLACE_NOUNS) and _AR_NAVY not in keys
    if language in {"ru", "uk"} and role in {"state", "demonym"}:
        after = sentence[hit.end : hit.end + _LOOK_BACK].split()
        return bool(after) and _CYRILLIC_PLACE_NOUNS.fullmatch(after[0].strip(",.;:»")) is not None
    return False


def _word_before(sentence: str, start: int) -> str:
    """The word right before `start` (a bounded look back: sentences can be long)."""
    words = sentence[max(0, start - _LOOK_BACK) : start].split()
    return words[-1] if words else ""


def _in_title(sentence: str, hit: _Hit, language: str) -> bool:
    after = _TITLE_AFTER.get(language)
    if after is not None and sentence[hit.end : hit.end + len(after)] == after:
        return True
    if language != "ar":
        return False
    before = _word_before(sentence, hit.start)  # "وزير", "وزيرة", "بوزير", "ووزير"
    return bool(before) and bool(_arabic_keys(before) & _AR_MINISTER)

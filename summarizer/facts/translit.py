"""Russian and Ukrainian names in Latin letters, as English-language news writes them: the
BGN/PCGN romanisation for Russian, the Ukrainian national system (2010) for Ukrainian, and the
usual English spelling of common first names ("Александр" -> Alexander, "Андрій" -> Andriy),
which the systems would give otherwise ("Aleksandr", "Andrii"). Pure functions."""

from __future__ import annotations

__all__ = ["romanised"]

_VOWELS = frozenset("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")
_SIGNS = frozenset("ьъЬЪ'’ʼ")

_RUSSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_UKRAINIAN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
# At the start of a word the Ukrainian system writes these letters differently.
_UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_NEWS_ENDINGS = {
    "ru": (("skiy", "sky"), ("iy", "y"), ("yy", "y")),
    "uk": (("skyi", "sky"), ("tskyi", "tsky")),
}

# First names as English-language news usually spells them.
_FIRST_NAMES = {
    "александр": "Alexander", "алексей": "Alexei", "андрей": "Andrei", "анатолий": "Anatoly",
    "аркадий": "Arkady", "валерий": "Valery", "василий": "Vasily", "виталий": "Vitaly",
    "геннадий": "Gennady", "георгий": "Georgy", "григорий": "Grigory", "дмитрий": "Dmitry",
    "евгений": "Yevgeny", "иосиф": "Joseph", "юрий": "Yuri", "николай": "Nikolai",
    "пётр": "Pyotr", "петр": "Pyotr", "сергей": "Sergei", "матвей": "Matvei",
    "мария": "Maria", "наталья": "Natalya", "татьяна": "Tatyana", "юлия": "Yulia",
    "андрій": "Andriy", "олександр": "Oleksandr", "олексій": "Oleksiy", "сергій": "Serhiy",
    "юрій": "Yuriy", "віталій": "Vitaliy", "валерій": "Valeriy", "анатолій": "Anatoliy",
    "дмитро": "Dmytro", "михайло": "Mykhailo", "юлія": "Yulia", "марія": "Maria",
    # Arabic and Persian names, where "х" is an "h" ("Мохаммад" Mohammad, not Mokhammad).
    "мохаммад": "Mohammad", "мохаммед": "Mohammed", "мухаммед": "Muhammad",
    "мухаммад": "Muhammad", "ахмед": "Ahmed", "ахмад": "Ahmad", "хасан": "Hassan",
    "хусейн": "Hussein", "хамид": "Hamid", "махмуд": "Mahmoud", "абдулла": "Abdullah",
    "хамад": "Hamad", "хосейн": "Hossein", "мохаммадреза": "Mohammadreza", "хамза": "Hamza",
    "реджеп": "Recep", "хакан": "Hakan", "ибрагим": "Ibrahim",
}  # fmt: skip


def romanised(name: str, language: str) -> str:
    """A name in Cyrillic letters as English news writes it; other letters are kept."""
    return " ".join(
        "-".join(_word(part, language, first=index == 0) for part in word.split("-"))
        for index, word in enumerate(name.split())
    )


def _word(word: str, language: str, *, first: bool) -> str:
    known = _FIRST_NAMES.get(word.lower()) if first else None
    if known:
        return known
    letters = []
    for i, char in enumerate(word):
        lower = char.lower()
        before = word[i - 1] if i else ""
        if language == "uk":
            latin = _UKRAINIAN_INITIAL.get(lower) if i == 0 else None
            if lower == "г" and before.lower() == "з":
                latin = "gh"  # "зг" is "zgh", so that it is not "ж" ("Згурівка" Zghurivka)
            latin = latin if latin is not None else _UKRAINIAN.get(lower, char)
        elif lower == "е" and (i == 0 or before in _VOWELS or before in _SIGNS):
            latin = "ye"  # BGN/PCGN: "Евгений" Yevgeny, "Михеев" Mikheyev
        elif lower == "й" and i + 1 < len(word) and word[i + 1] not in _VOWELS:
            latin = "i"  # before a consonant, as English news writes it: "Шойгу" Shoigu
        else:
            latin = _RUSSIAN.get(lower, char)
        letters.append(latin)
    text = "".join(letters)
    # English news ends names in -sky, -tsky, -y ("Чайковский" Chaikovsky, "Зеленський" Zelensky).
    for ending, english in _NEWS_ENDINGS.get(language, ()):
        if text.endswith(ending):
            text = text[: -len(ending)] + english
            break
    return text[:1].upper() + text[1:] if word[:1].isupper() else text

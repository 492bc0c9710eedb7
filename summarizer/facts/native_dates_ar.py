"""Arabic date grammar: both month sets (نوفمبر and تشرين الثاني, also paired as "تشرين
الثاني/نوفمبر"), Maghreb names, Eastern Arabic digits, weekdays with يوم, and the relative,
anaphoric and counted forms ("الأسبوع الماضي", "في اليوم التالي", "قبل ثلاثة أيام").

Hamza spellings vary (أ إ ا), so patterns are written with أ/إ and widened by `alef`; the
clitics و ف ب ل may stand before a word ("وفي", "بالأمس").
"""

from __future__ import annotations

import re

from summarizer.facts.native_date_tenses import AR_CLAUSE, AR_FUTURE, AR_PAST
from summarizer.facts.native_date_words import (
    Kind,
    NativeGrammar,
    NativeRule,
    alef,
    alternatives,
    rule,
    words_number,
    year,
)


def _normalise(text: str) -> str:
    text = re.sub("[\u064b-\u0652\u0640]", "", text)  # vowel marks and tatweel
    return re.sub(r"\s+", " ", re.sub("[أإآ]", "ا", text)).strip()


# A word starts here: nothing before it, or one or two clitics (و ف, then ب ل).
_A = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل])|(?<=(?<!\w)[وف][بل]))"
_E = r"(?!\w)"
_MARKS = "[\u064b-\u0652]*"

_GREGORIAN = (
    "يناير فبراير مارس أبريل مايو يونيو يونيه يوليو يوليه يوليوز أغسطس غشت أوت سبتمبر شتنبر "
    "أكتوبر نوفمبر نونبر ديسمبر دجنبر جانفي فيفري أفريل جوان جويلية"
)
_LEVANTINE = (
    r"كانون\s+الثاني|كانون\s+الأول|شباط|[آا]ذار|نيسان|أيار|حزيران|تموز|آب|أيلول"
    r"|تشرين\s+الأول|تشرين\s+الثاني"
)
_GREG = alternatives(_GREGORIAN)
_MONTH = (
    rf"(?:(?:{_LEVANTINE})(?:\s*[/(]\s*{_GREG}\s*\)?)?|{_GREG}(?:\s*[/(]\s*(?:{_LEVANTINE})"
    r"\s*\)?)?)"
)
_M = rf"(?P<month>{_MONTH}){_E}"
_M2 = rf"(?P<month2>{_MONTH}){_E}"
_Y = rf"{year()}(?!\d)(?:\s?م{_E})?"
_Y2 = rf"{year('year2')}(?!\d)(?:\s?م{_E})?"
_KW = r"(?:عام|العام|سنة|لعام|للعام)"
_DAY = r"(?P<day>\d{1,2})"
_DAY2 = r"(?P<day2>\d{1,2})"
_OF = r"(?:من\s+)?(?:شهر\s+)?"
_WEEKDAY = r"ال(?:اثنين|إثنين|ثلاثاء|أربعاء|خميس|جمعة|سبت|أحد)"
_PAST_WORD = r"الماضي|الماضية|المنصرم|المنصرمة|الفائت|الفائتة"
_NEXT_WORD = r"المقبل|المقبلة|القادم|القادمة"
_WHICH = rf"(?:قبل\s+)?(?:{_PAST_WORD})|{_NEXT_WORD}|الجاري|الجارية|الحالي|الحالية"
_YEAR_UNIT = r"(?:العام|السنة)"
_THAT_YEAR = (
    r"(?:(?:العام|السنة)\s+(?:نفسه|نفسها|ذاته|ذاتها)|(?:ذلك|تلك)\s+(?:العام|السنة)"
    r"|(?:نفس|ذات)\s+(?:العام|السنة))"
)
_REF_YEAR = rf"(?:من\s+)?{_THAT_YEAR}"
_EDGE = r"مطلع|أوائل|بداية|بدايات|أواخر|نهاية|أواسط|منتصف|النصف\s+الأول\s+من|النصف\s+الثاني\s+من"
_PREP = r"في|منذ|حتى|خلال|قبل|بعد|من|إلى|الى|بحلول|مع"
_PREP_MONTH = rf"{_PREP}|{_EDGE}"
_COUNT = alternatives(
    "واحد اثنين اثنتين اثنان ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثمان ثماني ثمانية "
    "تسع تسعة عشر عشرة عشرين ثلاثين"
)
_COUNTED = rf"(?P<count>\d{{1,2}}|{_COUNT}){_E}"
_UNITS_PLURAL = (
    rf"(?:أيام|يوم[اًا]{_MARKS}|أسابيع|أسبوع[اً]{_MARKS}|أشهر|شهور|شهر[اً]{_MARKS}|أعوام"
    rf"|عام[اً]{_MARKS}|سنوات|سنين|سنة)"
)
_DUAL = r"(?:يومين|أسبوعين|شهرين|عامين|سنتين)"
_SINGLE = r"(?:يوم|أسبوع|شهر|عام|سنة)"
_HOW_MANY = (
    rf"(?:{_COUNTED}\s+(?P<unit>{_UNITS_PLURAL}){_E}|(?P<dual>{_DUAL}){_E}"
    rf"|(?P<unit1>{_SINGLE}){_E}(?!\s*\d))"
)
# A year after a preposition, unless a counted noun follows ("من 2000 جندي": soldiers).
_YEAR_ENDS = (
    r"(?=\s*(?:$|[^\w\s]|\d|و|ف|ال|(?:في|على|إلى|الى|حتى|عندما|حين|ثم|لكن|بعد|قبل|من|عن|مع"
    r"|أن|إن|كان|كانت|وفق)(?!\w)))"
)


def _r(pattern: str, kind: Kind, unit: str = "", step: int = 0) -> NativeRule:
    return rule(alef(pattern), kind, unit, step, flags=0)


_RULES: tuple[NativeRule, ...] = (
    _r(
        rf"{_A}(?:(?:يوم\s+)?(?P<weekday>{_WEEKDAY})\s*[،,]?\s*)?{_DAY}\s+{_OF}{_M}\s*[،,]?\s*"
        rf"(?:من\s+)?(?:{_KW}\s+)?{_Y}",
        "full",
    ),
    _r(rf"(?<![\d/.-]){_DAY}[/.-](?P<month>\d{{1,2}})[/.-]{_Y}", "full"),
    _r(rf"(?<![\d-]){year()}-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?![\d-])", "full"),
    _r(
        rf"{_A}(?:(?P<prep>من|بين)\s+)?{_DAY}\s+{_OF}{_M}\s*(?:إلى|الى|حتى|و|-|–)\s*{_DAY2}"
        rf"\s+{_OF}{_M2}(?:\s+(?:{_KW}\s+)?{_Y})?",
        "cross_range",
    ),
    _r(
        rf"{_A}(?:(?P<prep>من|بين)\s+)?{_DAY}\s*(?:\s(?:إلى|الى|حتى)\s|و|-|–)\s*{_DAY2}\s+{_OF}"
        rf"{_M}(?:\s+(?:{_KW}\s+)?{_Y})?",
        "day_range",
    ),
    _r(
        rf"{_A}(?P<prep>من|بين)\s+(?:شهر\s+)?{_M}\s*(?:\s(?:إلى|الى|حتى)\s+|\s+و\s*)(?:شهر\s+)?"
        rf"{_M2}\s+(?:{_KW}\s+)?{_Y}",
        "month_range",
    ),
    _r(
        rf"{_A}(?:(?P<prep>(?:في\s+)?يوم|في)\s+)?{_DAY}\s+{_OF}{_M}\s+(?:من\s+)?{_YEAR_UNIT}\s+"
        rf"(?P<which>{_WHICH}){_E}",
        "day_month",
    ),
    _r(
        rf"{_A}(?:(?P<prep>(?:في\s+)?يوم|في)\s+)?{_DAY}\s+{_OF}{_M}\s+{_REF_YEAR}{_E}",
        "ref_date",
    ),
    _r(
        rf"{_A}(?:(?P<prep>(?:في\s+)?يوم|في)\s+)?{_DAY}\s+{_OF}{_M}"
        rf"(?:\s+(?P<tense>{_PAST_WORD}|{_NEXT_WORD}){_E})?(?!\s*[،,]?\s*(?:من\s+)?(?:{_KW}\s+)?\d)",
        "day_month",
    ),
    _r(
        rf"{_A}(?<!\d\s)(?:(?P<prep>{_PREP_MONTH})\s+)?(?:شهر\s+)?{_M}\s*[،,]?\s*(?:من\s+)?(?:{_KW}\s+)?"
        rf"{_Y}",
        "month_year",
    ),
    _r(
        rf"{_A}(?<!\d\s)(?:(?P<prep>{_PREP_MONTH})\s+)?(?:شهر\s+)?{_M}\s+(?:من\s+)?(?:{_YEAR_UNIT}\s+"
        rf"(?P<which>{_WHICH})|(?P<which2>هذا|هذه)\s+{_YEAR_UNIT}){_E}",
        "month_rel",
    ),
    _r(
        rf"{_A}(?<!\d\s)(?:(?P<prep>{_PREP_MONTH})\s+)?(?:شهر\s+)?{_M}\s+{_REF_YEAR}{_E}",
        "ref_date",
    ),
    _r(
        rf"{_A}(?:بين|ما\s+بين)\s+(?:(?:عامي|العامين|سنتي)\s+)?{_Y}\s+و\s*(?:{_KW}\s+)?{_Y2}",
        "year_range",
    ),
    _r(
        rf"{_A}(?P<prep>من|منذ)\s+(?:{_KW}\s+)?{_Y}\s+(?:إلى|الى|حتى|وحتى|ولغاية|لغاية)\s+"
        rf"(?:{_KW}\s+)?{_Y2}",
        "year_range",
    ),
    _r(
        rf"{_A}(?:(?P<prep>في|خلال|بين)\s+)?(?:(?:عامي|الفترة|الفترة\s+من|{_KW})\s+)?"
        rf"{year()}\s*[-–—/]\s*(?P<year2>\d{{4}}|\d{{2}})(?!\d)",
        "year_range",
    ),
    _r(rf"{_A}(?P<edge>{_EDGE})\s+(?:{_KW}\s+)?{_Y}", "half"),
    _r(
        rf"{_A}(?P<edge>{_EDGE})\s+(?:{_YEAR_UNIT}\s+(?P<which>{_WHICH})|(?P<which2>هذا|هذه)\s+"
        rf"{_YEAR_UNIT}){_E}",
        "half",
    ),
    _r(
        rf"{_A}(?P<edge>{_EDGE})\s+{_YEAR_UNIT}(?:\s+(?:نفسه|نفسها|ذاته|ذاتها))?{_E}"
        rf"(?!\s+(?:{_WHICH}|\d))",
        "half_ref",
    ),
    # anaphora: the same, next, previous day / week / month / year; "بعد أسبوع"
    _r(
        rf"{_A}(?:في\s+)?(?:اليوم\s+(?:نفسه|ذاته)|(?:نفس|ذات|ذلك)\s+اليوم){_E}",
        "anaphora",
        "day",
        0,
    ),
    _r(
        rf"{_A}(?:في\s+)?(?:(?:صباح|مساء)\s+)?اليوم\s+التالي{_E}|{_A}(?:بعد\s+ذلك|بعدها)\s+بيوم"
        rf"{_E}",
        "anaphora",
        "day",
        1,
    ),
    _r(
        rf"{_A}(?:في\s+)?اليوم\s+السابق{_E}|{_A}(?:قبل\s+ذلك|قبلها)\s+بيوم{_E}",
        "anaphora",
        "day",
        -1,
    ),
    _r(rf"{_A}(?:بعد\s+ذلك|بعدها)\s+ب{_HOW_MANY}", "anaphora", "", 1),
    _r(rf"{_A}(?:قبل\s+ذلك|قبلها)\s+ب{_HOW_MANY}", "anaphora", "", -1),
    _r(rf"{_A}(?<!يوما\s)(?<!يوماً\s)بعد\s+{_HOW_MANY}", "anaphora", "", 1),
    _r(
        rf"{_A}(?:في\s+)?(?:الأسبوع\s+(?:نفسه|ذاته)|(?:نفس|ذات|ذلك)\s+الأسبوع){_E}",
        "anaphora",
        "week",
        0,
    ),
    _r(rf"{_A}(?:في\s+)?الأسبوع\s+(?:التالي|اللاحق){_E}", "anaphora", "week", 1),
    _r(
        rf"{_A}(?:في\s+)?(?:الشهر\s+(?:نفسه|ذاته)|(?:نفس|ذات|ذلك)\s+الشهر){_E}",
        "anaphora",
        "month",
        0,
    ),
    _r(rf"{_A}(?:في\s+)?الشهر\s+(?:التالي|اللاحق){_E}", "anaphora", "month", 1),
    _r(rf"{_A}(?:في\s+)?الشهر\s+السابق{_E}", "anaphora", "month", -1),
    _r(rf"{_A}(?:في\s+)?{_THAT_YEAR}{_E}", "anaphora", "year", 0),
    _r(
        rf"{_A}(?:في\s+)?{_YEAR_UNIT}\s+(?:التالي|التالية|اللاحق|اللاحقة|الذي\s+تلاه){_E}",
        "anaphora",
        "year",
        1,
    ),
    _r(
        rf"{_A}(?:في\s+)?{_YEAR_UNIT}\s+(?:السابق|السابقة|الذي\s+سبقه){_E}",
        "anaphora",
        "year",
        -1,
    ),
    _r(rf"{_A}(?P<kw>(?:ال)?عامي?|سنة|لعام|للعام)\s+{_Y}", "year"),
    _r(rf"{_A}(?P<prep>في|منذ|حتى|بحلول|خلال|قبل|بعد|مع|إلى|الى)\s+{_Y}{_YEAR_ENDS}", "year"),
    _r(rf"{_A}{year()}(?!\d)\s?م{_E}", "year"),
    _r(rf"(?:(?<=\d\sو)|(?<=\dو)|(?<=\d،\s)|(?<=\d,\s)){_Y}", "year"),
    _r(
        rf"{_A}(?:(?P<prep>في|منذ|حتى|قبل|بعد)\s+)?(?:(?P<yawm>يوم|مساء|صباح|ليلة|فجر|ظهر|عصر)\s+)?"
        rf"(?<!بين\s)(?<!كلا\s)(?P<weekday>{_WEEKDAY})(?:\s+(?P<which>{_PAST_WORD}|{_NEXT_WORD}))?"
        rf"{_E}",
        "weekday",
    ),
    _r(
        rf"{_A}(?P<rel>أول\s+(?:من\s+)?أمس|(?:ال)?أمس|بعد\s+غد|غد(?:اً|ًا|ا)"
        rf"|(?<!هذا\s)(?<!ذلك\s)اليوم(?!\s*\d)(?!\s+ال(?!اثنين|إثنين|ثلاثاء|أربعاء|خميس|جمعة|سبت|أحد))){_E}",
        "rel_day",
    ),
    _r(
        rf"{_A}(?:(?P<prep>في|خلال|منذ|حتى|{_EDGE})\s+)?(?:(?P<unit>الأسبوع|الشهر|العام|السنة)\s+"
        rf"(?P<which>{_WHICH})|(?P<which2>هذا|هذه)\s+(?P<unit2>الأسبوع|الشهر|العام|السنة)){_E}",
        "rel_period",
    ),
    _r(
        rf"{_A}قبل\s+(?:{_COUNTED}\s+(?P<unit>{_UNITS_PLURAL}){_E}|(?P<dual>{_DUAL}){_E}"
        rf"|(?P<unit1>{_SINGLE}){_E}(?=\s*(?:$|[^\w\s]|و|ف|أن{_E}|على|في)))(?!\s+من{_E})",
        "ago",
    ),
    _r(
        rf"{_A}(?<!\d\s)(?:(?P<prep>{_PREP_MONTH})\s+)?(?:(?P<shahr>شهر)\s+)?{_M}"
        rf"(?:\s+(?P<tense>{_PAST_WORD}|{_NEXT_WORD}){_E})?(?!\s*\d)",
        "bare_month",
    ),
)

_NUMBERS = {
    "واحد": 1, "اثنين": 2, "اثنتين": 2, "اثنان": 2, "ثلاث": 3, "ثلاثة": 3, "اربع": 4,
    "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8,
    "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرين": 20,
    "ثلاثين": 30,
}  # fmt: skip

ARABIC = NativeGrammar(
    rules=_RULES,
    months=(("يناير", 1), ("جانفي", 1), ("كانون الثاني", 1), ("فبراير", 2), ("فيفري", 2),
            ("شباط", 2), ("مارس", 3), ("اذار", 3), ("ابريل", 4), ("افريل", 4), ("نيسان", 4),
            ("مايو", 5), ("ايار", 5), ("يوني", 6), ("جوان", 6), ("حزيران", 6), ("يولي", 7),
            ("جويلية", 7), ("تموز", 7), ("اغسطس", 8), ("غشت", 8), ("اوت", 8), ("اب", 8),
            ("سبتمبر", 9), ("شتنبر", 9), ("ايلول", 9), ("اكتوبر", 10), ("تشرين الاول", 10),
            ("نوفمبر", 11), ("نونبر", 11), ("تشرين الثاني", 11), ("ديسمبر", 12),
            ("دجنبر", 12), ("كانون الاول", 12)),
    weekdays=(("الاثنين", 0), ("الثلاثاء", 1), ("الاربعاء", 2), ("الخميس", 3),
              ("الجمعة", 4), ("السبت", 5), ("الاحد", 6)),
    which=(("قبل", -2), ("الماضي", -1), ("المنصرم", -1), ("الفائت", -1), ("المقبل", 1),
           ("القادم", 1), ("الجاري", 0), ("الحالي", 0), ("هذا", 0), ("هذه", 0)),
    days=(("اول", -2), ("امس", -1), ("الامس", -1), ("اليوم", 0), ("بعد", 2), ("غد", 1)),
    units=(("الاسبوع", "week"), ("اسبوع", "week"), ("اسابيع", "week"), ("الشهر", "month"),
           ("شهر", "month"), ("اشهر", "month"), ("شهور", "month"), ("العام", "year"),
           ("عام", "year"), ("اعوام", "year"), ("السنة", "year"), ("سن", "year"),
           ("يوم", "day"), ("ايام", "day")),
    parts=(("النصف الاول", "H1"), ("النصف الثاني", "H2"), ("مطلع", "H1"), ("اوائل", "H1"),
           ("بداي", "H1"), ("اواخر", "H2"), ("نهاي", "H2"), ("منتصف", ""), ("اواسط", "")),
    number=words_number(_NUMBERS, _normalise),
    normalise=_normalise,
    future=AR_FUTURE,
    past=AR_PAST,
    clause=AR_CLAUSE,
    ambiguous=re.compile("مارس"),
    since=re.compile("منذ"),
    until=re.compile("بحلول|(?P<term>حتى|لغاية)"),
    term=re.compile("مدد|تمديد|يمدد|تمدد|ساري|سريان|حظر|هدنة|الهدنة|مهلة|المهلة|عقوبات"),
)  # fmt: skip

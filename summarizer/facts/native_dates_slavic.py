"""Russian and Ukrainian date grammar: one skeleton of rules ("24 ноября 2026 года", "в прошлом
году", "через неделю"), filled by each language's words.

Years count only with a year word ("в 2025 году", "2025 року") or after a preposition at a
clause end ("с 2014."), so "2000 военных" and "Су-34" never become years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.facts.native_date_tenses import (
    RU_CLAUSE,
    RU_FUTURE,
    RU_PAST,
    UK_CLAUSE,
    UK_FUTURE,
    UK_PAST,
)
from summarizer.facts.native_date_words import (
    YEAR_DIGITS,
    NativeGrammar,
    NativeRule,
    alternatives,
    rule,
    words_number,
    year,
)

_B = r"(?<![\w-])"
_E = r"(?![\w-])"
_DAY = r"(?P<day>\d{1,2})(?:-?(?:го|е|ое|ого|му))?"
_DAY2 = r"(?P<day2>\d{1,2})(?:-?(?:го|е|ое|ого|му))?"
_APOSTROPHE = "[’'ʼ`]"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(_APOSTROPHE, "", text.lower().replace("ё", "е"))).strip()


@dataclass(frozen=True)
class _Words:
    month: str  # any case of a month name
    month_abbr: str  # "нояб." (full dates only)
    weekday: str
    which_weekday: str  # "прошлую", "наступної"
    which: str  # "прошлом", "наступного", "торік"
    units: str  # week / month / year nouns after a `which`
    year_word: str  # "году", "року", "г.", "р."
    year_gen: str  # "года", "року" (after "прошлого")
    ref_year: str  # "того же года"
    edge: str  # "в начале", "наприкінці", "в первой половине"
    prep_year: str
    prep_year_end: str  # prepositions that make a bare year at a clause end a year
    prep_month: str
    prep_weekday: str
    prep_period: str
    from_: str  # "с", "з" (ranges)
    to: str  # "по", "до"
    between: str
    and_: str
    rel_day: str
    count: str
    ago_units: str
    ago_single: str
    ago: str  # "назад", "тому"
    half_year: str  # "полгода"
    single_year: str  # "торік": last year in one word
    anaphora: tuple[tuple[str, str, int], ...]  # (pattern, unit or "" from the words, step)


def _rules(w: _Words) -> tuple[NativeRule, ...]:
    y, y2 = year(), year("year2")
    month = rf"(?P<month>{w.month}){_E}"
    yw = rf"(?![\d-])(?:\s*(?:{w.year_word}))?"
    which_year = rf"(?P<which>{w.which})\s+(?:{w.year_gen}){_E}"
    edge = rf"(?P<edge>{w.edge})"
    # no day number just before: "30 февраля 2024" is no date, not February 2024
    prep_m = rf"(?<!\d\s)(?:(?P<prep>{w.prep_month}|{w.edge})\s+)?"
    prep_in = rf"(?:(?:{w.prep_month})\s+)?"  # inside the expression: reported with it
    return (
        rule(
            rf"{_B}(?:(?P<weekday>{w.weekday})\s*,\s*)?{_DAY}\s+(?P<month>{w.month}{_E}"
            rf"|{w.month_abbr})\s*,?\s*{y}{yw}",
            "full",
        ),
        rule(rf"{_B}(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.{y}(?![\d.]\d){yw}", "full"),
        rule(rf"(?<![\d-]){y}-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?![\d-])", "full"),
        rule(
            rf"{_B}(?:(?P<prep>{w.from_})\s+)?{_DAY}\s+{month}\s*(?:{w.to}|-|–|—)\s*{_DAY2}"
            rf"\s+(?P<month2>{w.month}){_E}(?:\s+{y}{yw})?",
            "cross_range",
        ),
        rule(
            rf"{_B}(?:(?P<prep>{w.from_})\s+)?{_DAY}(?:\s*[-–—]\s*|\s+(?:{w.to}|{w.and_})\s+)"
            rf"{_DAY2}\s+{month}(?:\s+{y}{yw})?",
            "day_range",
        ),
        rule(
            rf"{_B}(?P<prep>{w.from_})\s+{month}\s+(?:{w.to})\s+(?P<month2>{w.month})\s+{y}{yw}",
            "month_range",
        ),
        rule(rf"{_B}{_DAY}\s+{month}\s+{which_year}", "day_month"),
        rule(rf"{_B}{_DAY}\s+{month}\s+(?:{w.ref_year}){_E}", "ref_date"),
        rule(rf"{_B}{_DAY}\s+(?P<month>{w.month}{_E}|{w.month_abbr})(?!\s*,?\s*\d)", "day_month"),
        rule(rf"{_B}{prep_m}{month}\s*,?\s*{y}{yw}", "month_year"),
        rule(rf"{_B}{prep_m}{month}\s+{which_year}", "month_rel"),
        # The year first: "торік у травні", "в прошлом году в мае".
        rule(rf"{_B}(?P<which>{w.single_year}){_E}\s+{prep_in}{month}", "month_rel"),
        rule(
            rf"{_B}(?:(?P<prep>в|у)\s+)?(?P<which>{w.which})\s+(?:{w.year_gen}|году|році){_E}"
            rf"\s+{prep_in}{month}",
            "month_rel",
        ),
        rule(rf"{_B}{prep_m}{month}\s+(?:{w.ref_year}){_E}", "ref_date"),
        rule(
            rf"{_B}(?:(?P<prep>{w.prep_year})\s+)?{y}\s*[-–—]\s*(?P<year2>{YEAR_DIGITS}|\d{{2}})"
            rf"(?:-?(?:х|ті|і))?\s*(?:{w.year_word})",
            "year_range",
        ),
        rule(
            rf"{_B}(?P<prep>{w.from_})\s+{y}(?:\s+(?:{w.year_word}))?\s+(?:{w.to})\s+{y2}{yw}",
            "year_range",
        ),
        rule(rf"{_B}(?:{w.between})\s+{y}\s+(?:{w.and_})\s+{y2}{yw}", "year_range"),
        rule(rf"{_B}{edge}\s+{y}{yw}", "half"),
        rule(rf"{_B}{edge}\s+{which_year}", "half"),
        rule(rf"{_B}{edge}\s+(?:{w.year_gen}){_E}(?!\s+\d)", "half_ref"),
        *(
            rule(rf"{_B}(?:{pattern}){_E}", "anaphora", unit, step)
            for pattern, unit, step in w.anaphora
        ),
        rule(
            rf"{_B}(?:(?P<prep>{w.prep_year})\s+)?{y}(?:-?(?:м|го|й|ий|му|ому))?\s*"
            rf"(?:{w.year_word})",
            "year",
        ),
        # "в 2014, 2015 и 2016 годах": each year of a list that ends in a year word
        rule(
            rf"{_B}{y}(?=(?:\s*(?:,|{w.and_}|или|або|либо)\s*(?:(?:в|у)\s+)?{YEAR_DIGITS})+"
            rf"\s*(?:{w.year_word}))",
            "year",
        ),
        rule(
            rf"{_B}(?P<prep>{w.prep_year_end})\s+{y}(?:-(?:м|го|й|му|ому|ий)(?!\w)"
            r"|(?=\s*(?:[,.;:!?)»]|$)))",
            "year",
        ),
        rule(
            rf"{_B}(?:(?P<prep>{w.prep_weekday})\s+)?(?:(?P<which>{w.which_weekday})\s+)?"
            rf"(?P<weekday>{w.weekday}){_E}",
            "weekday",
        ),
        rule(rf"{_B}(?P<rel>{w.rel_day}){_E}", "rel_day"),
        rule(
            rf"{_B}(?:{edge}\s+|(?P<prep>{w.prep_period})\s+)?(?P<which>{w.which})"
            rf"\s+(?P<unit>{w.units}){_E}",
            "rel_period",
        ),
        rule(rf"{_B}(?:{edge}\s+)?(?P<which>{w.single_year}){_E}", "rel_period"),
        rule(
            rf"{_B}(?:(?P<count>{w.count})\s+(?P<unit>{w.ago_units})|(?P<unit1>{w.ago_single})"
            rf"|(?P<half>{w.half_year}))\s+(?:{w.ago}){_E}",
            "ago",
        ),
        rule(rf"{_B}{prep_m}{month}(?!\s*\d)", "bare_month"),
    )


def _ana(
    later: str, earlier: str, before_this: str, count: str, units: str, singular: str
) -> tuple[tuple[str, str, int], ...]:
    """The counted anaphora, same shape in both languages: "через N дней", "N днів потому"."""
    return (
        (rf"(?:через|спустя)\s+(?P<count>{count})\s+(?P<unit>{units})", "", 1),
        (rf"(?P<count>{count})\s+(?P<unit>{units})\s+(?:{later})", "", 1),
        (rf"(?:через|спустя)\s+(?P<unit1>{singular})", "", 1),
        (rf"(?P<unit1>{singular})\s+(?:{later})", "", 1),
        (rf"за\s+(?P<count>{count})\s+(?P<unit>{units})\s+(?:{before_this})", "", -1),
        (rf"за\s+(?P<unit1>{singular}|день)\s+(?:{before_this})", "", -1),
        (rf"(?P<unit1>неделей|месяцем|годом|тижнем|місяцем|роком)\s+(?:{later})", "", 1),
        (rf"(?P<unit1>неделей|месяцем|годом|тижнем|місяцем|роком)\s+(?:{earlier})", "", -1),
    )


# "накануне"/"напередодні" is "the day before" standing alone, not "on the eve of the vote".
_EVE_ALONE = (
    r"(?=\s*(?:[,.;:!?»)—–-]|$)|\s+(?:в|во|на|у|с|з|из|із|вечером|утром|ночью|ввечері|вранці)"
    r"(?!\w)|\s+[а-яёіїєґ'’]+(?:л|ла|ли|ло|[аиуя]в)(?:ся|сь)?(?!\w)"
    r"|\s+(?-i:[А-ЯЁІЇЄҐ])\w+\s+[а-яёіїєґ'’]+(?:л|ла|ли|[аиуя]в)(?:ся|сь)?(?!\w))"
)

_RU_COUNT = alternatives(
    "один одну одна два две три четыре пять шесть семь восемь девять десять одиннадцать "
    "двенадцать пятнадцать двадцать тридцать сорок пятьдесят"
)
_RU = _Words(
    month=r"январ[ьяею]|феврал[ьяею]|март[аеу]?|апрел[ьяею]|ма[йяею]|июн[ьяею]|июл[ьяею]"
    r"|август[аеу]?|сентябр[ьяею]|октябр[ьяею]|ноябр[ьяею]|декабр[ьяею]",
    month_abbr=r"(?:янв|февр?|апр|авг|сент?|окт|нояб?|дек)\.",
    weekday=r"понедельник[аеу]?|вторник[аеу]?|сред[аеуы]|четверг[аеу]?|пятниц[аеуы]"
    r"|суббот[аеуы]|воскресень[еяю]",
    which_weekday=r"прошл(?:ый|ую|ое|ой|ого)|минувш(?:ий|ую|ее|ей|его)|следующ(?:ий|ую|ее|ей|его)"
    r"|ближайш(?:ий|ую|ее|ей|его)|эт(?:от|у|о|ой|ого)|будущ(?:ий|ую|ее|ей)|нынешн(?:ий|юю|ее)",
    which=r"позапрошл\w*|прошл\w*|минувш\w*|следующ\w*|будущ\w*|предстоящ\w*|наступающ\w*"
    r"|грядущ\w*|текущ\w*|нынешн\w*|эт(?:от|ой|ом|ого|у)|сего",
    units=r"недел[яеию]|месяц[аеу]?|год[ау]?",
    year_word=r"год(?:а|у|ом|ы|ов|ах|ами)?(?!\w)|гг?\.",
    year_gen="года",
    ref_year=r"того\s+же\s+года|того\s+года|этого\s+же\s+года",
    edge=r"(?:в|во)\s+начале|в\s+конце|к\s+концу|до\s+конца|в\s+середине|с\s+начала"
    r"|(?:в|во)\s+(?:первой|второй)\s+половине|(?:в|во)\s+(?:первом|втором)\s+полугодии",
    prep_year=r"во?|со?|до|к|по|после|от|около|на|за|начиная\s+с",
    prep_year_end=r"во?|со?|до|к|после|начиная\s+с",
    prep_month=r"во?|со?|до|к|по|после|от|на|в\s+течение|на\s+протяжении",
    prep_weekday=r"в\s+ночь\s+(?:на|со?)|во?|на|ко?|до|со?|по|между",
    prep_period=r"на|во?|со?|до|к|по|за|в\s+течение|на\s+протяжении",
    from_=r"со?|от",
    to=r"по|до",
    between="между",
    and_="и",
    rel_day=r"позавчера|вчерашн\w*|вчера|сегодняшн\w*|сегодня|послезавтра|завтрашн\w*|завтра",
    count=rf"\d{{1,2}}|{_RU_COUNT}",
    ago_units=r"дн(?:я|ей)|день|суток|сутки|недел(?:ю|и|ь)|месяц(?:а|ев)?|года?|лет",
    ago_single=r"день|сутки|неделю|месяц|год",
    ago="назад",
    half_year="полгода",
    single_year=r"(?!x)x",
    anaphora=(
        (r"(?:в|во)\s+(?:тот|этот)\s+же\s+день|в\s+тот\s+день|тем\s+же\s+дн[её]м", "day", 0),
        (
            r"на\s+(?:следующий|другой)\s+день|следующим\s+дн[её]м|дн[её]м\s+(?:позже|позднее)"
            r"|на\s+следующие\s+сутки|через\s+(?:сутки|день)|(?:день\s+спустя|спустя\s+день)",
            "day",
            1,
        ),
        (rf"дн[её]м\s+(?:ранее|раньше)|за\s+день\s+до\s+этого|накануне{_EVE_ALONE}", "day", -1),
        (r"на\s+той\s+же\s+неделе", "week", 0),
        (r"в\s+том\s+же\s+месяце|того\s+же\s+месяца|в\s+том\s+месяце", "month", 0),
        (r"в\s+том\s+же\s+году|в\s+тот\s+же\s+год|того\s+же\s+года|в\s+том\s+году", "year", 0),
        *_ana(
            r"спустя|позже|позднее",
            r"ранее|раньше",
            r"до\s+этого",
            rf"\d{{1,2}}|{_RU_COUNT}",
            r"дн(?:я|ей)|день|суток|недел(?:и|ь|ю)|месяц(?:а|ев)?|года?|лет",
            r"неделю|месяц|год",
        ),
    ),
)

_UK_COUNT = alternatives(
    "один одну одна два дві три чотири п'ять шість сім вісім дев'ять десять одинадцять "
    "дванадцять п'ятнадцять двадцять тридцять сорок п'ятдесят"
).replace("'", f"{_APOSTROPHE}?")
_UK = _Words(
    month=r"січ(?:ень|ня|ні|нем)|лют(?:ий|ого|ому)|берез(?:ень|ня|ні)|квіт(?:ень|ня|ні)"
    r"|трав(?:ень|ня|ні)|черв(?:ень|ня|ні)|лип(?:ень|ня|ні)|серп(?:ень|ня|ні)"
    r"|верес(?:ень|ня|ні)|жовт(?:ень|ня|ні)|листопад(?:а|і|у)?|груд(?:ень|ня|ні)",
    month_abbr=r"(?!x)x",
    weekday=rf"понеділ(?:ок|ка|ку)|вівтор(?:ок|ка|ку)|серед(?:а|у|и|і)|четвер(?:га|гу)?"
    rf"|п{_APOSTROPHE}?ятниц(?:я|ю|і|е)|субот(?:а|у|и|і)|неділ(?:я|ю|і|е)",
    which_weekday=r"минул(?:ий|у|ого|ої|ому|ій|е)|наступн(?:ий|у|ого|ої|ому|ій|е)"
    r"|найближч(?:ий|у|ого|ої|ому|ій|е)|ц(?:ей|ю|ього|ієї|ій|е|я)|майбутн(?:ій|ю|ього|ьої)",
    which=r"позаминул\w*|минул\w*|наступн\w*|майбутн\w*|найближч\w*|прийдешн\w*|поточн\w*"
    r"|нинішн\w*|ц(?:ей|ього|ьому|ю|ієї|ій|я)",
    units=r"тиж(?:день|ня|ні|нем)|місяц(?:ь|я|і|ем)|рок(?:у|ові)|році|рік",
    year_word=r"рок(?:у|ові|ів|и|ах|ами)(?!\w)|році(?!\w)|рік(?!\w)|рр?\.",
    year_gen="року",
    ref_year=r"того\s+(?:ж|же|самого)\s+року|того\s+року|цього\s+ж\s+року",
    edge=r"на\s+початку|наприкінці|(?:в|у)\s+кінці|до\s+кінця|(?:в|у)\s+середині|з\s+початку"
    r"|(?:в|у)\s+(?:першій|другій)\s+половині|(?:в|у)\s+(?:першому|другому)\s+півріччі",
    prep_year=r"у|в|з|із|зі|до|від|після|на|за|починаючи\s+з",
    prep_year_end=r"у|в|з|із|до|після|від",
    prep_month=r"у|в|з|із|до|від|на|після|протягом",
    prep_weekday=r"(?:в|у)\s+ніч\s+(?:на|з|проти)|у|в|на|до|з|із|зі|по|між",
    prep_period=r"на|у|в|з|із|до|за|протягом",
    from_=r"з|із|від",
    to=r"по|до",
    between="між",
    and_=r"і|й|та",
    rel_day=r"позавчора|[ву]чорашн\w*|[ву]чора|сьогоднішн\w*|сьогодні|післязавтра|завтрашн\w*"
    r"|завтра",
    count=rf"\d{{1,2}}|{_UK_COUNT}",
    ago_units=r"дн(?:і|ів)|день|доб(?:и|у)|тиж(?:ні|нів|день)|місяц(?:і|ів|ь)|рок(?:и|ів)|рік|літ",
    ago_single=r"день|добу|тиждень|місяць|рік",
    ago="тому",
    half_year="півроку",
    single_year=r"позаторік|торік",
    anaphora=(
        (r"того\s+(?:ж|же|самого)\s+дня|(?:в|у)\s+той\s+(?:же|самий)\s+день|того\s+дня", "day", 0),
        (
            r"наступного\s+дня|на\s+наступний\s+день|через\s+(?:добу|день)|дн[её]м\s+пізніше"
            r"|наступної\s+доби",
            "day",
            1,
        ),
        (
            rf"дн[её]м\s+раніше|за\s+день\s+до\s+цього|попереднього\s+дня|напередодні{_EVE_ALONE}",
            "day",
            -1,
        ),
        (r"того\s+(?:ж|же|самого)\s+тижня|на\s+тому\s+ж\s+тижні", "week", 0),
        (r"того\s+(?:ж|же|самого)\s+місяця|(?:в|у)\s+тому\s+ж\s+місяці", "month", 0),
        (r"того\s+(?:ж|же|самого)\s+року|(?:в|у)\s+тому\s+(?:ж\s+)?році", "year", 0),
        *_ana(
            r"потому|по\s+тому|пізніше",
            r"раніше",
            r"до\s+цього",
            rf"\d{{1,2}}|{_UK_COUNT}",
            r"дн(?:і|ів)|день|доб(?:и|у)|тиж(?:ні|нів|день)|місяц(?:і|ів|ь)|рок(?:и|ів)|рік|літ",
            r"тиждень|місяць|рік",
        ),
    ),
)

_RU_NUMBERS = {
    "один": 1, "одну": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11,
    "двенадцать": 12, "пятнадцать": 15, "двадцать": 20, "тридцать": 30, "сорок": 40,
    "пятьдесят": 50,
}  # fmt: skip
_UK_NUMBERS = {
    "один": 1, "одну": 1, "одна": 1, "два": 2, "дві": 2, "три": 3, "чотири": 4, "пять": 5,
    "шість": 6, "сім": 7, "вісім": 8, "девять": 9, "десять": 10, "одинадцять": 11,
    "дванадцять": 12, "пятнадцять": 15, "двадцять": 20, "тридцать": 30, "сорок": 40,
    "пятдесят": 50,
}  # fmt: skip
_PARTS = (("перв", "H1"), ("перш", "H1"), ("втор", "H2"), ("друг", "H2"), ("начал", "H1"),
          ("початк", "H1"), ("конц", "H2"), ("кінц", "H2"), ("середин", ""))  # fmt: skip

RUSSIAN = NativeGrammar(
    rules=_rules(_RU),
    months=(("янв", 1), ("фев", 2), ("март", 3), ("апр", 4), ("июн", 6), ("июл", 7),
            ("авг", 8), ("сен", 9), ("окт", 10), ("ноя", 11), ("дек", 12), ("ма", 5)),
    weekdays=(("пон", 0), ("вто", 1), ("сре", 2), ("чет", 3), ("пят", 4), ("суб", 5),
              ("вос", 6)),
    which=(("позапрошл", -2), ("прошл", -1), ("минувш", -1), ("следующ", 1), ("будущ", 1),
           ("предстоящ", 1), ("наступающ", 1), ("грядущ", 1), ("ближайш", 1), ("текущ", 0),
           ("нынешн", 0), ("эт", 0), ("сего", 0)),
    days=(("позавчера", -2), ("вчера", -1), ("сегодня", 0), ("послезавтра", 2),
          ("завтра", 1)),
    units=(("дн", "day"), ("день", "day"), ("сут", "day"), ("недел", "week"),
           ("месяц", "month"), ("год", "year"), ("лет", "year")),
    parts=_PARTS,
    number=words_number(_RU_NUMBERS, _normalise),
    normalise=_normalise,
    future=RU_FUTURE,
    past=RU_PAST,
    clause=RU_CLAUSE,
    ambiguous=re.compile(r"[Сс]ред\w*|Март\w*|Ма[йяею]"),
    since=re.compile(r"со?|начиная\s+с|с\s+начала", re.IGNORECASE),
    until=re.compile(r"до\s+конца|к\s+концу|(?P<term>до)", re.IGNORECASE),
    term=re.compile(
        r"продл\w*|продлен\w*|продолж\w*|действ\w*|срок\w*|мораторий\w*|запрет\w*|санкци\w*"
        r"|огранич\w*|режим\w*|перемири\w*|отсроч\w*",
        re.IGNORECASE,
    ),
)  # fmt: skip

UKRAINIAN = NativeGrammar(
    rules=_rules(_UK),
    months=(("січ", 1), ("лют", 2), ("берез", 3), ("квіт", 4), ("трав", 5), ("черв", 6),
            ("лип", 7), ("серп", 8), ("верес", 9), ("жовт", 10), ("листопад", 11),
            ("груд", 12)),
    weekdays=(("пон", 0), ("вів", 1), ("сер", 2), ("чет", 3), ("пят", 4), ("суб", 5),
              ("нед", 6)),
    which=(("позаминул", -2), ("позаторік", -2), ("торік", -1), ("минул", -1),
           ("наступн", 1), ("майбутн", 1), ("найближч", 1), ("прийдешн", 1), ("поточн", 0),
           ("нинішн", 0), ("ц", 0)),
    days=(("позавчора", -2), ("вчора", -1), ("учора", -1), ("сьогодн", 0),
          ("післязавтра", 2), ("завтра", 1)),
    units=(("дн", "day"), ("день", "day"), ("доб", "day"), ("тиж", "week"),
           ("місяц", "month"), ("рок", "year"), ("рік", "year"), ("літ", "year")),
    parts=_PARTS,
    number=words_number(_UK_NUMBERS, _normalise),
    normalise=_normalise,
    future=UK_FUTURE,
    past=UK_PAST,
    clause=UK_CLAUSE,
    ambiguous=re.compile(r"[Сс]еред\w*|[Лл]ют\w*"),
    since=re.compile(r"з|із|зі|від|з\s+початку", re.IGNORECASE),
    until=re.compile(r"до\s+кінця|(?P<term>до)", re.IGNORECASE),
    term=re.compile(
        r"продовж\w*|подовж\w*|продовжен\w*|ді[єя]\w*|чинн\w*|термін\w*|строк\w*|мораторі\w*"
        r"|заборон\w*|санкці\w*|обмежен\w*|режим\w*|перемир\w*|відстроч\w*",
        re.IGNORECASE,
    ),
)  # fmt: skip

"""One story across languages (issue 18): reports of one event in English and in Russian,
Arabic or Chinese cluster together through their canonical facts, numbers and days; reports
of other events with the same actors do not. Facts come from the real extractor."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from summarizer.cluster import StoryItem, _numbers, cluster_stories, continuing
from summarizer.facts import FactExtractor

PUBLISHED = date(2026, 10, 9)

ENGLISH = (
    "Russia fires 38 missiles and 450 drones at Ukraine's power grid",
    "Russia launched 38 missiles, including Kh-101 cruise missiles and Iskander-M ballistic "
    "missiles, and more than 450 drones at Ukraine's energy system overnight into Friday, "
    "Ukraine's air force said. Air defences shot down 31 missiles and 402 drones. President "
    "Volodymyr Zelensky urged partners to speed up deliveries of Patriot systems.",
)
RUSSIAN = (
    "Россия нанесла массированный удар по энергосистеме Украины",
    "В ночь на пятницу российские войска выпустили по Украине 38 ракет, в том числе "
    "крылатые Х-101 и баллистические «Искандер-М», а также более 450 беспилотников, "
    "сообщили Воздушные силы Украины. Силы ПВО сбили 31 ракету и 402 дрона. Президент "
    "Украины Владимир Зеленский призвал партнёров ускорить поставки систем Patriot.",
)
# The same actors and weapons, another night: other numbers, another day.
RUSSIAN_OTHER_NIGHT = (
    "Россия атаковала Украину ракетами и дронами",
    "В ночь на вторник 6 октября российские войска выпустили по Украине 12 ракет Х-101 и "
    "«Искандер-М» и 96 беспилотников, сообщили Воздушные силы Украины. Сбиты 9 ракет и "
    "70 дронов. Владимир Зеленский вновь попросил партнёров о системах Patriot.",
)
ARABIC = (
    "روسيا تطلق 38 صاروخا و450 مسيرة على شبكة الكهرباء الأوكرانية",
    "أطلقت روسيا ليل الخميس إلى الجمعة 38 صاروخا، بينها صواريخ كروز خ-101 وصواريخ "
    "إسكندر-إم الباليستية، وأكثر من 450 طائرة مسيرة على منشآت الطاقة في أوكرانيا، وفق سلاح "
    "الجو الأوكراني الذي قال إنه أسقط 31 صاروخا و402 مسيرة. ودعا الرئيس الأوكراني فولوديمير "
    "زيلينسكي الشركاء إلى تسريع تسليم منظومات باتريوت.",
)
CHINESE = (
    "俄罗斯向乌克兰电网发射38枚导弹和450架无人机",
    "乌克兰空军称，俄罗斯周五凌晨向乌克兰能源设施发射了38枚导弹，其中包括Kh-101巡航导弹和"
    "伊斯坎德尔-M弹道导弹，以及450多架无人机。防空部队击落31枚导弹和402架无人机。"
    "乌克兰总统泽连斯基呼吁伙伴加快交付爱国者系统。",
)


@pytest.fixture(scope="module")
def extractor() -> FactExtractor:
    return FactExtractor()


def item(extractor: FactExtractor, key: str, story: tuple[str, str], day: date) -> StoryItem:
    title, text = story
    found = extractor.extract(f"{title}\n{text}", day)
    names = frozenset([a.name for a in found.actors] + [w.name for w in found.weapons])
    days = frozenset(d.value for d in found.dates if d.value and len(d.value) == 10)
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    return StoryItem(key, title, text, moment, names, days)


@pytest.mark.parametrize("native", [RUSSIAN, ARABIC, CHINESE], ids=["ru", "ar", "zh"])
def test_an_english_and_a_native_report_of_one_event_are_one_story(extractor, native):
    items = [
        item(extractor, "en", ENGLISH, PUBLISHED),
        item(extractor, "native", native, PUBLISHED),
        item(extractor, "other", RUSSIAN_OTHER_NIGHT, date(2026, 10, 6)),
    ]
    groups = cluster_stories(items)
    assert [0, 1] in groups
    assert [2] in groups


def test_two_nights_of_strikes_in_two_languages_stay_two_stories(extractor):
    items = [
        item(extractor, "en", ENGLISH, PUBLISHED),
        item(extractor, "other", RUSSIAN_OTHER_NIGHT, date(2026, 10, 7)),
    ]
    assert cluster_stories(items) == [[0], [1]]


def test_a_story_told_in_english_goes_on_in_russian(extractor):
    told = [item(extractor, "en", ENGLISH, PUBLISHED)]
    now = [item(extractor, "ru", RUSSIAN, PUBLISHED)]
    assert continuing(now, told) == [0]


def test_the_same_figures_on_another_day_are_another_story(extractor):
    # A look-alike: the Russian report of another night that happens to give the same
    # figures; the days the two reports name differ.
    title, text = RUSSIAN
    other_night = (title, text.replace("В ночь на пятницу", "В ночь на вторник, 6 октября,"))
    items = [
        item(extractor, "en", ENGLISH, PUBLISHED),
        item(extractor, "ru", other_night, PUBLISHED),
    ]
    assert items[0].days and items[1].days and not items[0].days & items[1].days
    assert cluster_stories(items) == [[0], [1]]


# Two nights of strikes told in the same words by one outlet: only the figures differ.
UKRAINIAN_NIGHT_ONE = (
    "Росія атакувала енергетику України ракетами і дронами",
    "Уночі російські війська атакували енергетичну інфраструктуру України. За даними "
    "Повітряних сил, противник випустив 42 ракети та 310 ударних безпілотників, сили ППО "
    "збили 35 ракет і 280 дронів. Пошкоджено об'єкти в Київській і Львівській областях.",
)
UKRAINIAN_NIGHT_TWO = (
    "Росія атакувала енергетику України ракетами і дронами",
    "Уночі російські війська атакували енергетичну інфраструктуру України. За даними "
    "Повітряних сил, противник випустив 18 ракет та 145 ударних безпілотників, сили ППО "
    "збили 14 ракет і 120 дронів. Пошкоджено об'єкти в Одеській і Харківській областях.",
)


def test_look_alike_reports_in_one_language_with_other_figures_stay_apart(extractor):
    items = [
        item(extractor, "one", UKRAINIAN_NIGHT_ONE, date(2026, 10, 8)),
        item(extractor, "two", UKRAINIAN_NIGHT_TWO, date(2026, 10, 9)),
    ]
    assert cluster_stories(items) == [[0], [1]]


def test_two_outlets_reporting_one_night_with_its_figures_are_one_story(extractor):
    other_outlet = (
        "Масована атака: 42 ракети і 310 дронів",
        "Російські війська вночі випустили по Україні 42 ракети та 310 безпілотників, "
        "повідомили Повітряні сили. Збито 35 ракет і 280 дронів, удару зазнали Київська "
        "та Львівська області.",
    )
    items = [
        item(extractor, "one", UKRAINIAN_NIGHT_ONE, date(2026, 10, 8)),
        item(extractor, "other", other_outlet, date(2026, 10, 8)),
    ]
    assert cluster_stories(items) == [[0, 1]]


def test_digits_of_a_designation_are_not_figures():
    """Two nights of strikes with Su-34s and FAB-500s share those digits, not their counts."""
    assert _numbers("Su-34 jets dropped FAB-500 bombs; 2S22 guns, 155mm shells, 歼-16, "
                    "إف-16 and a 30-day pause") == frozenset()  # fmt: skip
    assert _numbers("71架次 aircraft, 23 بحاراً, 38 ракет, 1,200 troops") == {"71", "23", "38",
                                                                         "1200"}  # fmt: skip
    assert _numbers("1.5km, a $2.5bn deal, a 1,200km march, 1,5км") == frozenset()  # no parts


def test_figures_are_compared_as_numbers_whatever_their_grouping():
    english = _numbers("1,200 troops, 3.5 km, 38 missiles, in 2024")
    assert english == _numbers("1 200 военных, 3,5 км, 38 ракет, в 2024 году")
    assert english == _numbers("١٬٢٠٠ جندي، 3.5 كم، ٣٨ صاروخا، عام 2024")

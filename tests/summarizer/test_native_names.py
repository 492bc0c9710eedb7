"""Actors, weapons and dates of Russian, Ukrainian, Arabic and Chinese text under the English
canonical names (issue 18), through the real FactExtractor (gazetteers only, no model)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.facts import ArticleFacts, FactExtractor

PUBLISHED = date(2026, 10, 9)  # a Friday


@pytest.fixture(scope="module")
def extractor() -> FactExtractor:
    return FactExtractor()


def facts(extractor: FactExtractor, text: str) -> ArticleFacts:
    return extractor.extract(text, PUBLISHED)


def actors(found: ArticleFacts) -> dict[str, str]:
    return {actor.name: actor.kind for actor in found.actors}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Inflected names: genitive, instrumental, dative.
        (
            "Переговоры Южной Кореи и Японии прошли без КНДР.",
            {"South Korea", "Japan", "North Korea"},
        ),
        (
            "Встреча с Зеленским состоялась после звонка Путину.",
            {"Volodymyr Zelensky", "Vladimir Putin"},
        ),
        ("Україною та Польщею підписано угоду.", {"Ukraine", "Poland"}),
        # A demonym stands for its state.
        ("Российские войска продвинулись к городу.", {"Russia"}),
        # Arabic clitics and the article.
        ("وأعلن الحوثيون أن للحوثيين حقاً في الرد.", {"Houthis"}),
        ("وقالت فرنسا وبريطانيا إنهما تدعمان لبنان.", {"France", "United Kingdom", "Lebanon"}),
        # Chinese: the longest form wins (the theater command, not China).
        ("东部战区在台湾岛周边举行演习。", {"Eastern Theater Command", "Taiwan"}),
    ],
)
def test_native_names_come_out_under_english_canonical_names(extractor, text, expected):
    assert set(actors(facts(extractor, text))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Министерство обороны России заявило об ударе.", "Ministry of Defence (Russia)"),
        ("Минобороны Японии сообщило о пуске.", "Ministry of Defence (Japan)"),
        ("Міністерство оборони Росії заявило про удар.", "Ministry of Defence (Russia)"),
        ("وقالت وزارة الدفاع الروسية إنها أسقطت الطائرات.", "Ministry of Defence (Russia)"),
        ("وأعلنت وزارة الصحة اللبنانية حصيلة جديدة.", "Ministry of Health (Lebanon)"),
        ("俄罗斯国防部表示，防空系统拦截了无人机。", "Ministry of Defence (Russia)"),
        ("俄国防部周五发表声明。", "Ministry of Defence (Russia)"),
        ("وقال الجيش الإسرائيلي إنه قصف مواقع.", "Israel Defense Forces"),
    ],
)
def test_bodies_are_named_with_their_owner(extractor, text, expected):
    assert actors(facts(extractor, text)).get(expected) == "organisation"


def test_two_owners_bodies_stay_two_actors(extractor):
    found = actors(
        facts(extractor, "Минобороны России и Министерство обороны Украины обменялись заявлениями.")
    )
    assert {"Ministry of Defence (Russia)", "Ministry of Defence (Ukraine)"} <= set(found)


def test_a_body_with_no_owner_named_is_not_a_fact(extractor):
    assert not any("Army" in name for name in actors(facts(extractor, "армия отступила.")))


@pytest.mark.parametrize(
    "text",
    [
        "وقال وزير الخارجية المصري إن المحادثات مستمرة.",
        "وقالت وزيرة الخارجية المصرية إن المحادثات مستمرة.",
        "والتقى بوزير الخارجية المصري في القاهرة.",
    ],
)
def test_a_ministers_title_is_not_the_ministry(extractor, text):
    found = actors(facts(extractor, text))
    assert "Egypt" in found
    assert not any(name.startswith("Ministry of Foreign Affairs") for name in found)


@pytest.mark.parametrize("text", ["这是非法国际行为。", "合法国家利益受损。", "舰队驶入日本海。"])
def test_common_chinese_words_are_not_read_as_names_across_their_edge(extractor, text):
    assert actors(facts(extractor, text)) == {}


@pytest.mark.parametrize(
    ("text", "is_actor"),
    [
        ("Москва заявила о готовности к переговорам.", True),
        ("Переговоры прошли в Москве во вторник.", False),
        ("ورحبت موسكو بالاقتراح.", True),
        ("وعقد الاجتماع في موسكو.", False),
        ("北京表示反对。", True),
        ("会议在北京举行。", False),
        # Beijing's Arabic name starts with the letter of "in" (ب): only a ب added is "in".
        ("ورحبت بكين بالاقتراح.", True),
        ("وعقد الاجتماع بموسكو.", False),
    ],
)
def test_a_capital_acts_for_its_state_unless_it_is_the_venue(extractor, text, is_actor):
    found = actors(facts(extractor, text))
    assert (found.get("Russia") or found.get("China")) == ("state" if is_actor else None)


def test_a_short_name_is_not_read_inside_another_word(extractor):
    # "Мали" is Mali (exactly as written), not Malé's root; "малый" is not a name at all.
    assert set(actors(facts(extractor, "Боевики атаковали колонну на юге Мали."))) == {"Mali"}
    assert actors(facts(extractor, "малый бизнес пострадал.")) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Истребители Су-57Э поставят в 2027 году.", "Su-57"),
        ("Ракеты Х-101 и «Искандер-М» были сбиты.", "Kh-101"),
        ("Ракети «Іскандер-М» влучили в ціль.", "Iskander-M"),
        ("وأطلقت روسيا صواريخ خ-101 ليلاً.", "Kh-101"),
        ("两架歼-16战机飞越海峡中线。", "J-16"),
        ("两架歼－１６战机飞越海峡中线。", "J-16"),  # full-width hyphen and digits
        ("وأطلقت روسيا صواريخ خ-١٠١ ليلاً.", "Kh-101"),  # Arabic-Indic digits
        ("朝鲜试射了火星-18洲际弹道导弹。", "Hwasong-18"),
    ],
)
def test_weapons_are_read_in_native_designations(extractor, text, expected):
    assert expected in {weapon.name for weapon in facts(extractor, text).weapons}


@pytest.mark.parametrize(
    "text", ["С 300 ракетами ударили по городу.", "Ми 8 человек погибли.", "Су 34 года стоял дом."]
)
def test_a_preposition_and_a_number_are_not_a_designation(extractor, text):
    assert not any(w.name[:1].isupper() for w in facts(extractor, text).weapons)


def test_a_class_word_next_to_a_named_system_is_not_a_second_weapon(extractor):
    names = {w.name for w in facts(extractor, "Крылатые ракеты Х-101 поразили цели.").weapons}
    assert "Kh-101" in names
    assert "cruise missiles" not in names
    alone = {w.name for w in facts(extractor, "Крылатые ракеты поразили цели.").weapons}
    assert "cruise missiles" in alone


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("В четверг Россия нанесла удар.", "2026-10-08"),
        ("У п'ятницю Україна повідомила про атаку.", "2026-10-09"),
        ("وقالت إسرائيل الجمعة إنها ستواصل العمليات.", "2026-10-09"),
        ("朝鲜明年将继续试射。", "2027"),
        # A schedule told in the present looks ahead.
        ("Учения начинаются в понедельник.", "2026-10-12"),
        ("Навчання, які стартують у понеділок, триватимуть тиждень.", "2026-10-12"),
        ("Россия нанесла удар в понедельник.", "2026-10-05"),
    ],
)
def test_native_dates_are_normalised_against_the_publication_date(extractor, text, value):
    assert value in {d.value for d in facts(extractor, text).dates}


def test_english_articles_are_read_as_before(extractor):
    found = facts(extractor, "Russia's Defence Ministry said on Thursday that it fired Kh-101s.")
    assert "Ministry of Defence (Russia)" in actors(found)
    assert "Kh-101" in {w.name for w in found.weapons}
    assert "2026-10-08" in {d.value for d in found.dates}


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("МинобороныРоссииКНДР ,.-0123456789«»الحوثيونوزارةالدفاع国防部歼东风。，")
        ),
        max_size=120,
    )
)
def test_any_mix_of_native_letters_gives_facts_or_nothing(text):
    found = _SHARED.extract(text, PUBLISHED)
    for fact in [*found.actors, *found.weapons]:
        assert fact.name and fact.mentions
        assert all(mention in text for mention in fact.mentions)


_SHARED = FactExtractor()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ракета Х-777 попала в склад.", ("Kh-777", "missile")),
        ("新型歼-99战机首次亮相。", ("J-99", "fighter")),
    ],
)
def test_a_designation_outside_the_gazetteer_takes_its_class_nouns_kind(extractor, text, expected):
    found = {(w.name, w.kind) for w in facts(extractor, text).weapons}
    assert expected in found


def test_a_latin_name_known_with_its_class_noun_is_read_next_to_the_native_one(extractor):
    names = {w.name for w in facts(extractor, "Выпущено 450 беспилотников Shahed.").weapons}
    assert names == {"Shahed-136"}  # the class word is the Shahed's, not a second weapon
    assert {w.name for w in facts(extractor, "Прилетел Shahed.").weapons} == set()


def test_a_class_word_next_to_a_latin_named_system_is_that_systems(extractor):
    names = {
        w.name for w in facts(extractor, "Эсминец USS Stockdale сбил два беспилотника.").weapons
    }
    assert names == {"USS Stockdale", "drones"}  # the destroyer is the ship, the drones are not


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('وأطلقت روسيا 80 مسيرة من طراز "شاهد" على كييف.', {"Shahed-136"}),
        ("وأطلقت روسيا مسيرات شاهد على كييف.", {"Shahed-136"}),
        ("Россия запустила 80 дронов типа Shahed.", {"Shahed-136"}),
        ("وكان شاهد عيان قد رأى الحادث.", set()),  # "شاهد عيان": an eyewitness
    ],
)
def test_a_native_prefix_name_next_to_its_class_noun_is_the_system(extractor, text, expected):
    assert {w.name for w in facts(extractor, text).weapons} - {"drones"} == expected


def test_seas_named_after_states_and_private_nationalities_are_not_actors(extractor):
    text = ("أجرت إيران مناورات في مضيق هرمز وبحر عُمان. وقال الطاقم "
            "إن معظمهم فلبينيون، وإن السفينة تملكها شركة يونانية.")  # fmt: skip
    arabic = actors(facts(extractor, text))
    assert "Iran" in arabic
    assert not {"Oman", "Philippines", "Greece"} & set(arabic)
    assert not any(name.startswith("Navy") for name in arabic)
    officials = actors(facts(extractor, "وقال مسؤولون فلبينيون إن البحرية العمانية شاركت."))
    assert "Philippines" in officials
    russian = actors(facts(extractor, "Корабли вошли в Оманский залив, сообщил Тегеран."))
    assert "Oman" not in russian and "Iran" in russian


def test_a_latin_name_that_is_an_english_word_is_a_system_in_other_scripts(extractor):
    """In English "Patriot groups" needs weapon words near it; in Russian or Ukrainian text
    the Latin "Patriot" stands out as the system's name."""
    for text in ("Партнеры передали Украине еще две батареи Patriot.",
                 "Сили ППО отримали ще один комплекс Patriot від Німеччини."):  # fmt: skip
        assert "Patriot" in {w.name for w in facts(extractor, text).weapons}


def test_a_system_named_by_a_common_word_counts_only_in_quotes(extractor):
    """«Точка» (a point) and «Тор» are systems in quotes, words outside them."""
    quoted = facts(extractor, "Армия применила комплексы «Тор» и ракеты «Точка» по аэродрому.")
    assert {"Tor-M2", "Tochka-U"} <= {w.name for w in quoted.weapons}
    plain = facts(extractor, "Точка зрения министра не изменилась. Тор — бог грома.")
    assert not {"Tor-M2", "Tochka-U"} & {w.name for w in plain.weapons}


def test_a_quoted_arabic_name_matches_however_its_vowels_and_k_are_spelt(extractor):
    """ "هيرمس 900" and "أقنجي" are the gazetteer's "هيرميس 900" and "أكينجي"."""
    found = facts(extractor, 'حلقت طائرات مسيّرة من طراز "هيرمس 900" و"أقنجي" فوق المنطقة.')
    assert {"Hermes 900", "Bayraktar Akinci"} <= {w.name for w in found.weapons}
    unquoted = facts(extractor, "قال هرمس إن الطائرات حلقت فوق المنطقة.")
    assert "Hermes 900" not in {w.name for w in unquoted.weapons}


def test_a_warship_is_named_by_its_quoted_name_after_its_class_noun(extractor):
    text = ("Корвет Балтийского флота «Стойкий» сопроводил танкеры, а подводная лодка "
            "«Краснодар» вышла в море. Корабль выпустил ракеты «Калибр».")  # fmt: skip
    weapons = {w.name: w.kind for w in facts(extractor, text).weapons}
    assert weapons["Stoiky"] == "warship" and weapons["Krasnodar"] == "submarine"
    assert "Kalibr" in weapons and weapons["Kalibr"] != "warship"
    merchant = facts(extractor, "Судно «Мария» с зерном зашло в порт Измаил.")
    assert not merchant.weapons


def test_a_class_noun_before_a_quoted_name_describes_that_system(extractor):
    """ "صواريخ كروز من طراز "أبو مهدي"": cruise missiles of a named type are that system,
    not a separate class entry, even where the gazetteer lacks the name; a quoted body's name
    after the noun ("ракет «Хезболли»") is not a system's."""
    arabic = facts(extractor, 'أطلق الحرس الثوري صواريخ كروز من طراز "أبو مهدي" في المناورات.')
    assert "cruise missiles" not in {w.name for w in arabic.weapons}
    plain = facts(extractor, "أطلق الحرس الثوري صواريخ كروز في المناورات.")
    assert "cruise missiles" in {w.name for w in plain.weapons}
    russian = facts(extractor, "Уничтожены склады противотанковых ракет «Хезболлы» на юге.")
    assert "anti-tank missiles" in {w.name for w in russian.weapons}


def test_arabic_fighters_who_are_people_are_not_fighter_jets(extractor):
    people = facts(extractor, "أعلن الحزب أن مقاتليه استهدفوا دبابة قرب البلدة.")
    assert "fighter jets" not in {w.name for w in people.weapons}
    jets = facts(extractor, "شنت مقاتلات غارات على مواقع في البقاع.")
    assert "fighter jets" in {w.name for w in jets.weapons}


def test_rockets_named_in_a_sentence_take_its_missile_word(extractor):
    """Arabic and Russian call rockets "صواريخ", "ракеты": six "missiles", Katyushas among
    them, are the Katyushas."""
    found = facts(extractor, "أطلق المسلحون ستة صواريخ على القاعدة، بينها كاتيوشا.")
    names = {w.name for w in found.weapons}
    assert "Katyusha" in names and "missiles" not in names


def test_arabic_names_of_places_and_words_are_not_systems(extractor):
    """ "قاعدة فلامنغو البحرية" is a naval base; "الساري" (in force) is not sarin; a whole
    quoted name beats its first word ("بيرقدار أكنجي" is the Akinci, not the TB2)."""
    text = ('تصدت الدفاعات حول قاعدة فلامنغو البحرية للمسيّرات، في خرق لوقف إطلاق النار '
            'الساري منذ أشهر. ونفذ الجيش غارات بمسيّرات "بيرقدار أكنجي" على المطار.')  # fmt: skip
    names = {w.name for w in facts(extractor, text).weapons}
    assert not {"FP-5 Flamingo", "Sarin", "Bayraktar TB2"} & names
    assert "Bayraktar Akinci" in names
    sarin = facts(extractor, "اتهمت اللجنة النظام باستخدام غاز السارين في الهجوم.")
    assert "Sarin" in {w.name for w in sarin.weapons}


def test_designations_spelt_by_letter_names_in_arabic(extractor):
    """ "دي إف-17" is DF-17, "بي إتش إل-16" PHL-16 ("بي" is B or P), "النوع 055" Type 055;
    "في 22" is "on the 22nd", "أن 35" "that 35": no system."""
    text = ("شاركت قاذفات «إتش-6 كيه» ومدمرات من «النوع 055» وراجمات «بي إتش إل-16» وصواريخ "
            "«دي إف-17». وقال إن 35 مسيرة أسقطت في 22 أكتوبر أو 18 منها.")  # fmt: skip
    names = {w.name for w in facts(extractor, text).weapons}
    assert {"H-6K", "Type 055", "PHL-16", "DF-17"} <= names
    assert not {"V-22 Osprey"} & names


def test_arabic_duals_accusatives_and_plurals_with_a_pronoun_are_class_words(extractor):
    """ "مدرعتين" (two armoured vehicles), "قصفاً مدفعياً" (accusative), "دفاعاته الجوية"
    (its air defences), "سيارة ملغومة" (a car bomb)."""
    text = ("صادرت القوات مدرعتين. وقال الجيش إن دفاعاته الجوية تصدت للهجوم، بينما استهدف "
            "قصفاً مدفعياً المدينة، بعد تفجير سيارة ملغومة عند البوابة.")  # fmt: skip
    names = {w.name for w in facts(extractor, text).weapons}
    assert {"armoured vehicles", "air-defence systems", "artillery", "IEDs"} <= names
    assert "tanks" in {w.name for w in facts(extractor, "دمرت المسيّرة دبابتين.").weapons}


def test_a_designation_after_of_the_type_is_a_system_of_the_class_kind(extractor):
    """ "مسيّرات ... من طراز "XK-95"", "سي إتش-95": systems the gazetteer lacks, drones by
    the sentence's class noun; a designation without "of the type" stays unnamed."""
    latin = facts(extractor, 'أسقطت الدفاعات 8 مسيّرات، بعضها من طراز "XK-95" بعيد المدى.')
    weapons = {w.name: w.kind for w in latin.weapons}
    assert weapons.get("XK-95") == "drone"
    spelt = facts(extractor, 'أسقط الجيش مسيّرات من طراز "سي إتش-95" فوق المدينة.')
    assert {w.name: w.kind for w in spelt.weapons}.get("CH-95") == "drone"
    plain = facts(extractor, "قال التقرير إن XK-95 وصل إلى الميناء.")
    assert "XK-95" not in {w.name for w in plain.weapons}


def test_arabic_marks_are_part_of_a_word_and_of_type_needs_its_class_noun(extractor):
    """Tanwin before or after the alif ("صاروخًا", "صاروخاً"), a shadda in a dual
    ("مسيّرتين"); a truck "of the type MAN-26" is no system."""
    for text in ("أطلق الحوثيون صاروخًا باليستيًا على إسرائيل.",
                 "أطلق الحوثيون صاروخاً باليستياً على إسرائيل."):  # fmt: skip
        assert "ballistic missiles" in {w.name for w in facts(extractor, text).weapons}
    assert "drones" in {w.name for w in facts(extractor, "أسقطت الدفاعات مسيّرتين.").weapons}
    truck = facts(extractor, "استهدفت مسيرة إسرائيلية شاحنة من نوع MAN-26 في جنوب لبنان.")
    assert {w.name for w in truck.weapons} == {"drones"}


def test_more_class_phrasings_and_grenades_in_each_script(extractor):
    arabic = facts(extractor, "اعترضت زوارق حربية سفينة، وأطلقت طائرات بلا طيار قنابل يدوية.")
    assert {"warships", "drones", "grenades"} <= {w.name for w in arabic.weapons}
    russian = facts(extractor, "Дроны, переделанные для сброса гранат, атаковали колонну.")
    assert "grenades" in {w.name for w in russian.weapons}
    launcher = facts(extractor, "Боевики применили гранатометы против колонны.")
    assert "grenades" not in {w.name for w in launcher.weapons}


def test_a_quoted_arabic_name_matches_with_z_for_s(extractor):
    found = facts(extractor, 'نفذتها مسيّرة إسرائيلية من طراز "هيرمز 450" على سيارة.')
    assert "Hermes 450" in {w.name for w in found.weapons}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["إف", "أو", "في", "بي", "إتش", "دي", "النوع", "طراز", "-", "16", "٥٥",
                         "055", "«", "»", '"', "كيه", "أن", "إم", "صواريخ", "من", " "]),
        max_size=12,
    )
)  # fmt: skip
def test_any_run_of_arabic_letter_names_and_numbers_is_read_without_error(extractor, words):
    found = facts(extractor, " ".join(words))
    assert all(w.name and w.kind for w in found.weapons)


def test_words_that_look_like_place_or_ship_nouns_keep_their_meaning(extractor):
    """ "морські дрони" (naval drones) are Ukraine's, not a sea's; a media outlet quoted after
    "корабль ВМФ России" is no ship, nor is a singer's nickname after "Катерина"; a lowercase
    quoted class ("класса «земля-воздух»") is no system's name."""
    assert "Ukraine" in actors(facts(extractor, "Українські морські дрони атакували корабель."))
    for text in ("Об атаке на корабль ВМФ России «Интерфаксу» рассказал источник.",
                 "Співачка Катерина «Кузя» Павленко виступила в Києві."):  # fmt: skip
        assert not [w for w in facts(extractor, text).weapons if w.kind == "warship"]
    classed = facts(extractor, "Армия получила ракеты класса «земля-воздух».")
    assert "missiles" in {w.name for w in classed.weapons}

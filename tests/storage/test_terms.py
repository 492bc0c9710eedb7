"""Search terms of Cyrillic, Arabic and Chinese words (storage.terms): what the index stores
and what a query word asks for agree, on inflected and cliticised forms written here."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.stemmers import ukrainian_stem
from storage.terms import (
    MAX_ALTERNATIVES,
    Term,
    article_terms,
    native_runs,
    query_terms,
    text_terms,
)

# Word families: each line is forms of one word (the first its dictionary form). Written for
# measuring the stemmers; the second set of each language was written before any tuning.
RU = """
ракета ракеты ракете ракету ракетой ракет ракетам ракетами ракетах
удар удара удару ударом ударе удары ударов ударам ударами
беспилотник беспилотника беспилотники беспилотников беспилотником беспилотниками
армия армии армию армией армий армиям
обстрел обстрела обстрелы обстрелов обстреле обстрелом
переговоры переговоров переговорах переговорам переговорами
министр министра министру министром министре министры министров
граница границы границе границу границей границ границам
войска войск войсками войсках войскам
ядерный ядерная ядерного ядерной ядерные ядерных ядерным ядерную
военный военного военные военных военным военная военной
атаковать атаковал атаковали атакует атакуют атаковала
заявить заявил заявила заявили заявит
запуск запуска запуски запусков запуском
сбить сбил сбили сбила
дрон дрона дроны дронов дронами
украина украины украине украину украиной
россия россии россию россией
хуситы хуситов хуситами хуситам
город города городу городом городе городов
снаряд снаряда снаряды снарядов снарядами
оборона обороны обороне оборону обороной
наступление наступления наступлению наступлением наступлении
санкция санкции санкций санкциям санкциями
корабль корабля кораблю кораблем корабли кораблей кораблями
ещё еще
"""
UK = """
ракета ракети ракеті ракету ракетою ракет ракетам ракетами ракетах
удар удару ударом ударі удари ударів ударам ударами
безпілотник безпілотника безпілотники безпілотників безпілотником безпілотниками
армія армії армію армією армій
обстріл обстрілу обстріли обстрілів обстрілі обстрілом
переговори переговорів переговорах переговорам
міністр міністра міністру міністром міністрові міністри міністрів
кордон кордону кордоном кордоні кордони
війська військ військами військах
ядерний ядерна ядерного ядерної ядерні ядерних ядерним ядерну
військовий військового військові військових військовим військова
атакувати атакував атакували атакує атакують
заявити заявив заявила заявили
запуск запуску запуски запусків запуском
дрон дрона дрони дронів дронами
україна україни україні україну україною
росія росії росію росією
місто міста місту містом місті
оборона оборони обороні оборону обороною
наступ наступу наступом наступі
санкція санкції санкцій санкціям санкціями
область області областю областей
ворог ворога ворогу ворогом вороги ворогів
сила сили сил силам силами силах
корабель корабля кораблю кораблем кораблі кораблів
заява заяви заяві заяву заявою
"""
AR = """
الحوثيين الحوثيون للحوثيين والحوثيين والحوثيون بالحوثيين الحوثي
صاروخ الصاروخ بصاروخ والصاروخ للصاروخ صاروخا صاروخين
صواريخ الصواريخ بالصواريخ والصواريخ صواريخها بصواريخ
هجوم الهجوم هجوما والهجوم بالهجوم هجومها للهجوم هجومهم
طائرات الطائرات بطائرات والطائرات طائرة الطائرة
مسيرات المسيرات بمسيرات والمسيرات مسيرة المسيرة
الجيش جيش والجيش للجيش بالجيش جيشها جيشهم
إسرائيل لإسرائيل وإسرائيل بإسرائيل
الإسرائيلي إسرائيلي الإسرائيلية الإسرائيليين الإسرائيليون والإسرائيلي
الحكومة حكومة والحكومة للحكومة حكومات الحكومات
المتحدث متحدث والمتحدث للمتحدث متحدثون
السفينة سفينة بالسفينة والسفينة
الهجمات هجمات والهجمات بالهجمات هجماتهم
غارة الغارة غارات الغارات بغارة وغارات
الأمن أمن والأمن للأمن بالأمن
القوات قوات والقوات للقوات بالقوات قواتها
مسؤول المسؤول مسؤولون المسؤولين ومسؤولون
البحر بحر والبحر بالبحر للبحر
اليمن واليمن باليمن لليمن
اليمني اليمنية اليمنيين يمني
إيران وإيران لإيران بإيران
الإيراني الإيرانية الإيرانيين إيراني
الأحمر والأحمر بالأحمر
الدفاع دفاع والدفاع للدفاع بالدفاع دفاعها
فلسطين وفلسطين لفلسطين بفلسطين
الفلسطيني الفلسطينيين فلسطيني الفلسطينية
لبنان ولبنان بلبنان
كتائب الكتائب وكتائب
"""
RU_UNTUNED = """
генерал генерала генералу генералом генералы генералов
государство государства государству государством государстве
уничтожить уничтожил уничтожила уничтожили уничтожит
сообщить сообщил сообщила сообщили сообщит
батальон батальона батальону батальоном батальоне батальоны
бригада бригады бригаде бригаду бригадой бригад
танк танка танки танков танками танках
самолёт самолета самолеты самолетов самолетом
оружие оружия оружию оружием
атака атаки атаке атаку атакой атак
соглашение соглашения соглашению соглашением соглашении
президент президента президенту президентом президенте
правительство правительства правительству правительством
фронт фронта фронту фронтом фронте
угроза угрозы угрозе угрозу угрозой угроз
позиция позиции позицию позицией позиций позициях
морской морского морской морские морских морским
российский российского российской российские российских российским российская
противник противника противнику противником противники
село села селу селом селе сёл
житель жителя жители жителей жителям
бой боя боем бои боёв
канал канала каналом каналы каналов
стрелять стрелял стреляли стреляют стреляет
подстанция подстанции подстанцию подстанций
"""
UK_UNTUNED = """
генерал генерала генералу генералом генерали генералів
держава держави державі державу державою держав державами
знищити знищив знищила знищили знищить знищено
повідомити повідомив повідомила повідомили повідомляє
батальйон батальйону батальйоном батальйоні батальйони батальйонів
бригада бригади бригаді бригаду бригадою бригад
танк танка танки танків танками танках
снаряд снаряда снаряди снарядів снарядами
літак літака літаки літаків літаком
зброя зброї зброю зброєю
атака атаки атаці атаку атакою атак
угода угоди угоді угоду угодою угод
перемир'я перемир'я
президент президента президенту президентом президентові
уряд уряду урядом уряді
фронт фронту фронтом фронті
загроза загрози загрозі загрозу загрозою загроз
позиція позиції позицію позицією позицій позиціях
морський морського морської морські морських морським
російський російського російської російські російських російським російська
український українського української українські українських українським українська
противник противника противнику противником противники
село села селу селом селі сіл
мешканець мешканця мешканці мешканців
бій бою боєм бої боїв
канал каналу каналом канали каналів
стріляти стріляв стріляли стріляють стріляє
ураження ураженням ураженні
енергетика енергетики енергетиці енергетику
підстанція підстанції підстанцію підстанцій
"""
AR_UNTUNED = """
الصاروخية صاروخية والصاروخية
الميليشيات ميليشيات والميليشيات بالميليشيات للميليشيات
المدينة مدينة والمدينة بالمدينة للمدينة مدينتين
الوزير وزير والوزير للوزير بالوزير
الرئيس رئيس والرئيس للرئيس بالرئيس رئيسها
المفاوضات مفاوضات والمفاوضات بالمفاوضات للمفاوضات
الاتفاق اتفاق والاتفاق بالاتفاق للاتفاق اتفاقا
الهدنة هدنة والهدنة بالهدنة للهدنة
الغارات غارات والغارات بالغارات
الجنود جنود والجنود للجنود بالجنود
المستشفى مستشفى والمستشفى بالمستشفى للمستشفى
السفن سفن والسفن بالسفن للسفن
الطائرة طائرة والطائرة بالطائرة للطائرة
الحدود حدود والحدود بالحدود للحدود
العسكرية عسكرية والعسكرية العسكري عسكري العسكريين
الأمريكي أمريكي الأمريكية الأمريكيين والأمريكي
المسلحين مسلحين المسلحون والمسلحين بالمسلحين
غزة وغزة بغزة لغزة
التحالف تحالف والتحالف للتحالف بالتحالف
البحرية بحرية والبحرية للبحرية
"""


def families(table: str) -> list[list[str]]:
    return [line.split() for line in table.strip().splitlines()]


def finds(query: str, form: str, language: str) -> bool:
    """Whether the query word finds a text that is this one word (of that language)."""
    stored = text_terms(form, language)
    return any(
        len(phrase) == len(stored)
        and all(
            word.startswith(term.text) if term.prefix else word == term.text
            for term, word in zip(phrase, stored, strict=True)
        )
        for item in query_terms([query])
        for phrase in item
    )


def recall(table: str, language: str) -> float:
    pairs = [pair for forms in families(table) for pair in itertools.permutations(forms, 2)]
    return sum(finds(query, form, language) for query, form in pairs) / len(pairs)


@pytest.mark.parametrize(
    ("table", "language", "floor"),
    [(RU, "ru", 0.95), (RU_UNTUNED, "ru", 0.9), (UK, "uk", 0.95), (UK_UNTUNED, "uk", 0.85),
     (AR, "ar", 0.95), (AR_UNTUNED, "ar", 0.95)],
    ids=["ru", "ru-untuned", "uk", "uk-untuned", "ar", "ar-untuned"],
)  # fmt: skip
def test_any_form_of_a_word_finds_its_other_forms(table, language, floor):
    """Recall over every (query form, text form) pair of a word, as measured when written:
    97% and 98% (ru), 96% and 91% (uk), 99% and 98% (ar)."""
    assert recall(table, language) >= floor


def test_the_forms_in_the_brief():
    assert finds("ракета", "ракеты", "ru") and finds("ракета", "ракетой", "ru")
    assert finds("ракети", "ракетою", "uk")
    assert finds("الحوثيين", "للحوثيين", "ar") and finds("الحوثيين", "والحوثيون", "ar")
    assert not finds("ракета", "ракетный", "ru")  # another word, as Snowball has it
    assert not finds("الحوثيين", "الحكومة", "ar")


@pytest.mark.parametrize(
    ("words", "language"),
    [("ракета рак удар армия граница министр переговоры беспилотник корабль война вой", "ru"),
     ("ракета рак удар армія кордон міністр переговори безпілотник корабель війна", "uk"),
     ("الحوثيين صاروخ هجوم الجيش الحكومة لبنان بن فلسطين غزة الرئيس المدينة زلزال وزير",
      "ar")],
    ids=["ru", "uk", "ar"],
)  # fmt: skip
def test_unrelated_words_keep_apart(words, language):
    stems = [text_terms(word, language) for word in words.split()]
    assert len({tuple(stem) for stem in stems}) == len(stems), stems


def test_article_language_picks_the_cyrillic_stemmer():
    assert text_terms("ракетою ударів", "uk") == ["ракет", "удар"]
    assert text_terms("ракетою ударів", "uk-UA") == ["ракет", "удар"]
    assert text_terms("ракетой ударов", "ru") == ["ракет", "удар"]
    assert text_terms("ракетой ударов", None) == text_terms("ракетой ударов", "ru")
    assert text_terms("ракетой", "en") == ["ракет"]  # Cyrillic in another language: Russian
    assert ukrainian_stem("ґрунт") == ukrainian_stem("грунт")


def test_chinese_runs_become_overlapping_bigrams():
    assert text_terms("朝鲜进行弹道导弹试射。", "zh") == [
        "朝鲜", "鲜进", "进行", "行弹", "弹道", "道导", "导弹", "弹试", "试射",
    ]  # fmt: skip
    assert text_terms("美 国", "zh") == ["美", "国"]  # a character alone is a unigram
    assert query_terms(["导弹"]) == [[(Term("导弹"),)]]
    assert query_terms(["乌克兰"]) == [[(Term("乌克"), Term("克兰"))]]
    assert query_terms(["弹"]) == [[(Term("弹", prefix=True),)]]
    # Neighbouring Chinese words of a phrase are also tried as one ("乌克兰导弹").
    assert (Term("乌克"), Term("克兰"), Term("兰导"), Term("导弹")) in query_terms(
        ["乌克兰", "导弹"]
    )[0]


def test_latin_words_make_no_terms():
    assert text_terms("North Korea fired a Hwasong-18 missile, officials said.", "en") == []
    assert article_terms("Missile test", "Officials said 2024 was quiet.", "en") is None
    mixed = article_terms("Су-35 over Kharkiv", "Пилот катапультировался.", None)
    assert mixed is not None
    assert mixed.split()[:2] == ["су", "пилот"]  # the Latin words made none
    assert len(mixed.split()) == 3 and mixed.split()[2].startswith("катапульт")


def test_arabic_spelling_and_marks_are_normalised():
    assert text_terms("صَارُوخٌ", "ar") == text_terms("صاروخ", "ar")
    assert text_terms("بإسرائيل", "ar") == text_terms("اسرائيل", "ar")
    assert text_terms("مـسـؤول", "ar") == text_terms("مسئول", "ar")


def test_a_cyrillic_query_word_matches_both_stems_and_a_phrase_stays_in_one_language():
    [phrases] = query_terms(["ракети", "впали"])
    texts = {tuple(term.text for term in phrase) for phrase in phrases}
    ru = tuple(text_terms("ракети впали", "ru"))
    uk = tuple(text_terms("ракети впали", "uk"))
    assert texts == {ru, uk}


def test_prefix_queries_stem_the_prefix():
    [[phrase]] = query_terms(["ракетам"], prefix=True)
    assert phrase == (Term("ракет", prefix=True),)
    [phrases] = query_terms(["الصوار"], prefix=True)
    assert (Term("صوار", prefix=True),) in phrases


def test_long_phrases_fall_back_to_every_word():
    """Each short Arabic word has several clitic alternatives: past MAX_ALTERNATIVES
    phrases, the words are required one by one instead."""
    words = ["غزة", "بحر", "قصف", "جيش"]
    items = query_terms(words)
    assert len(items) == len(words)
    assert all(len(item) <= MAX_ALTERNATIVES for item in items)


NATIVE = st.one_of(
    st.characters(min_codepoint=0x400, max_codepoint=0x52F),
    st.characters(min_codepoint=0x600, max_codepoint=0x6FF),
    st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(" -'ʼ’\u0301\u064e\u0640"),
)


@given(st.text(NATIVE, max_size=60), st.sampled_from(["ru", "uk", "ar", "zh", None]))
def test_terms_are_single_tokens_of_letters(text, language):
    """Terms reach FTS5 and tsquery quoted but unescaped: letters only, never empty."""
    for term in text_terms(text, language):
        assert term and all(char.isalpha() or char in "\u3007" for char in term), term


def test_a_final_hard_sign_is_old_spelling():
    # "Коммерсантъ" (the paper's name) and "Коммерсанту" (to it) are one word.
    stored = set(article_terms("", "сообщили «Коммерсанту» источники", "ru").split())
    (phrases,) = query_terms(("Коммерсантъ",))
    assert any(phrase[0].text in stored for phrase in phrases)


def test_chinese_designations_keep_their_prefix_next_to_their_number():
    stored = article_terms("", "出动歼-20战机与轰-6K，台军出动F-16战斗机", "zh").split()
    assert stored[stored.index("歼") : stored.index("歼") + 2] == ["歼", "20"]
    assert stored[stored.index("f") : stored.index("f") + 2] == ["f", "16"]
    (phrases,) = query_terms(("东风", "17"))
    assert [term.text for term in phrases[0]] == ["东风", "风", "17"]
    assert "东风 风 17" in article_terms("", "发射东风-17导弹", "zh")


@pytest.mark.parametrize(
    "forms",
    [
        ("Йемен", "Йемена", "Йемене", "Йеменом"),  # Snowball cuts the nominative deeper
        ("Михеев", "Михеева", "Михееву", "Михеевым"),
        ("Касем", "Касема", "Касему"),
    ],
)
def test_every_case_of_a_russian_name_makes_one_term(forms):
    assert len({article_terms("", form, "ru") for form in forms}) == 1


def test_ukrainian_surnames_in_ov_make_one_term():
    assert len({article_terms("", form, "uk") for form in ("Малков", "Малкова", "Малкові")}) == 1


@pytest.mark.parametrize(
    "forms",
    [["Юрій", "Юрія", "Юрієві", "Юрієм", "Юрію"], ["Андрій", "Андрієві", "Андрієм"],
     ["Кондратьєв", "Кондратьєва", "Кондратьєві", "Кондратьєвим"]],
)  # fmt: skip
def test_ukrainian_names_in_ii_and_surnames_in_yev_find_every_case(forms):
    assert all(finds(query, form, "uk") for query, form in itertools.permutations(forms, 2))


def test_a_proclitic_typed_on_a_designation_or_a_short_word_still_finds_it():
    """ "وإف-35" and "وF/A-18" ("and the F-35") are the designations as written; "وقوات" is
    "قوات" with و, though its stem is two letters."""
    assert native_runs(["وF/A-18"]) == [(False, ("F/A-18",))]
    assert native_runs(["وإف-35"]) == [(True, ("إف-35",))]
    assert native_runs(["ومي", "24"]) == [(True, ("مي",)), (False, ("24",))]  # as parsed
    assert native_runs(["والحوثيين", "2"])[0] == (True, ("والحوثيين",))
    assert native_runs(["بعد", "5"])[0] == (True, ("بعد",))  # "after 5": no proclitic
    assert not finds("كلمة", "لم", "ar")  # "speech" is not "ك" + the negation
    assert not finds("بحرية", "حرية", "ar")
    assert finds("وقوات", "قوات", "ar")
    assert not finds("وقوات", "وقت", "ar")

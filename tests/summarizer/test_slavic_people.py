"""People in Russian text outside the gazetteer (issue 18): slovnet's NER with the real model
files the natasha wheel ships, names put in the nominative and romanised as English news
writes them."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.facts import FactExtractor
from summarizer.facts.ner_slavic import load_slavic_people
from summarizer.facts.translit import romanised


@pytest.fixture(scope="module")
def extractor() -> FactExtractor:
    return FactExtractor(load_people=load_slavic_people)


def people(extractor: FactExtractor, text: str) -> dict[str, list[str]]:
    found = extractor.extract(text, date(2026, 10, 9))
    return {a.name: a.mentions for a in found.actors if a.kind == "person"}


def test_a_person_outside_the_gazetteer_is_found_in_the_nominative(extractor):
    text = (
        "Об этом «Коммерсанту» рассказал гендиректор компании Александр Михеев. "
        "По словам Александра Михеева, поставки начнутся в 2027 году. Михеев отказался "
        "назвать сумму."
    )
    found = people(extractor, text)
    assert set(found) == {"Alexander Mikheyev"}
    assert {"Александр Михеев", "Александра Михеева", "Михеев"} <= set(found["Alexander Mikheyev"])


def test_gazetteer_people_keep_their_english_names(extractor):
    found = people(extractor, "Президент Владимир Путин встретился с Нарендрой Моди.")
    assert set(found) == {"Vladimir Putin", "Narendra Modi"}


def test_a_surname_alone_is_not_a_person(extractor):
    assert people(extractor, "Как заявил Сидоренко, переговоры продолжатся.") == {}


def test_ukrainian_people_are_taken_where_written_in_the_nominative(extractor):
    """No dictionary declines Ukrainian names here: "Андрія Юсова" alone would come out as
    "Andriia Yusova", so a name counts where a common first name stands as written
    ("Андрій Юсов"), and its other cases join it by the surname."""
    assert people(extractor, "Речник Андрія Юсова заявив про нові поставки.") == {}
    text = ("Про це повідомив речник розвідки Андрій Юсов. За словами Андрія Юсова, "
            "поставки почнуться взимку.")  # fmt: skip
    found = people(extractor, text)
    assert set(found) == {"Andriy Yusov"}
    assert {"Андрій Юсов", "Андрія Юсова"} <= set(found["Andriy Yusov"])
    # "Олександра" is also the genitive of "Олександр": not taken as a nominative.
    assert people(extractor, "Заява Олександра Петренка вийшла вранці.") == {}


def test_two_people_with_one_surname_stay_two(extractor):
    found = people(
        extractor,
        "Александр Михеев и Сергей Михеев подписали договор. Иван Петров и Ольга Петрова "
        "были на церемонии, как и Ольгой Петровой приглашённые гости. Михеев отказался "
        "от комментариев.",
    )
    assert {"Alexander Mikheyev", "Sergei Mikheyev", "Ivan Petrov", "Olga Petrova"} <= set(found)
    # A lone "Михеев" could be either of them: it joins neither.
    assert "Михеев" not in found["Alexander Mikheyev"] + found["Sergei Mikheyev"]


def test_text_without_words_has_no_people():
    recognizer = load_slavic_people()
    assert recognizer.people("", "ru") == []
    assert recognizer.people("... 123 —", "ru") == []


@pytest.mark.parametrize(
    ("name", "language", "english"),
    [
        ("Александр Михеев", "ru", "Alexander Mikheyev"),
        ("Евгений Пригожин", "ru", "Yevgeny Prigozhin"),
        ("Мария Захарова", "ru", "Maria Zakharova"),
        ("Сергей Шойгу", "ru", "Sergei Shoigu"),
        ("Андрій Юсов", "uk", "Andriy Yusov"),
        ("Юлія Свириденко", "uk", "Yulia Svyrydenko"),
        ("Олена Зеленська", "uk", "Olena Zelenska"),
        ("Володимир Зеленський", "uk", "Volodymyr Zelensky"),
        ("Аркадий Дворкович", "ru", "Arkady Dvorkovich"),
        ("Згурівка", "uk", "Zghurivka"),
        ("Ярослав Їжак", "uk", "Yaroslav Yizhak"),
        ("Мохаммад Карими", "ru", "Mohammad Karimi"),
        ("Хасан Нуриев", "ru", "Hassan Nuriyev"),
    ],
)
def test_names_are_romanised_as_english_news_writes_them(name, language, english):
    assert romanised(name, language) == english


def test_a_name_written_with_e_keeps_it_in_the_nominative(extractor):
    """The dictionary's nominative writes "ё" ("Фёдоров"); the text wrote "е", and so does the
    English name (Fedorov, not Fyodorov)."""
    text = "Глава области Иван Федоров заявил о разрушениях. Федорова поддержали в Киеве."
    found = people(extractor, "Губернатору Ивану Федорову доложили о пожаре. " + text)
    assert "Ivan Fedorov" in found
    assert not any("yo" in name for name in found)

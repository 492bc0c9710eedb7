from __future__ import annotations

from datetime import date

import pytest

from summarizer.clean import clean_scraped_text
from summarizer.facts import FactExtractor


@pytest.fixture(scope="session")
def plain_extractor() -> FactExtractor:
    return FactExtractor(None)


@pytest.fixture(scope="session")
def seed_facts(extractor, seed_text):
    cleaned = clean_scraped_text(seed_text)
    return extractor.extract(f"{cleaned.title}\n{cleaned.text}", cleaned.published_on)


def by_name(items):
    return {item.name: item for item in items}


def test_seed_dates(seed_facts):
    found = {d.text: d.value for d in seed_facts.dates}
    assert found["Wednesday's"] == "2023-12-27"
    assert found["December 31"] == "2023-12-31"
    assert found["November 21"] == "2023-11-21"
    assert found["last week's"] == "2023-W51"
    assert found["November next year"] == "2024-11"
    assert found["2019"] == "2019"
    assert all(d.sentence and d.text in d.sentence for d in seed_facts.dates)


def test_seed_actors_once_each_with_their_forms(seed_facts):
    actors = by_name(seed_facts.actors)
    assert {
        "Kim Jong Un", "North Korea", "Workers' Party of Korea", "Korean Central News Agency",
        "United States", "South Korea", "Russia", "China", "Donald Trump", "United Nations",
    } <= set(actors)  # fmt: skip
    assert actors["Kim Jong Un"].kind == "person"
    assert "Mr. Kim" in actors["Kim Jong Un"].mentions
    assert {"North Korean", "the North"} <= set(actors["North Korea"].mentions)
    assert {"U.S.", "Washington"} <= set(actors["United States"].mentions)
    assert "KCNA" in actors["Korean Central News Agency"].mentions
    assert actors["United States"].kind == "state"
    assert actors["United Nations"].kind == "organisation"
    # One entry per real actor: no "U.S." or "Kim" of their own, no places.
    assert not {"U.S.", "US", "Kim", "Mr. Kim", "KCNA", "Seoul"} & set(actors)


def test_seed_weapons_with_class_words_absorbed(seed_facts):
    weapons = by_name(seed_facts.weapons)
    assert set(weapons) == {"Hwasong-18", "reconnaissance satellites", "nuclear weapons"}
    assert weapons["Hwasong-18"].kind == "ICBM"
    assert "intercontinental ballistic missile" in weapons["Hwasong-18"].sentence
    assert {"spy satellites", "military reconnaissance satellite"} <= set(
        weapons["reconnaissance satellites"].mentions
    )
    assert "nuclear arsenal" in weapons["nuclear weapons"].mentions


def test_weapons_named_by_gazetteer_pattern_and_ship_prefix(plain_extractor):
    text = (
        "Russia launched Kh-101 cruise missiles and Shahed-136 drones overnight. "
        "Ukraine used HIMARS and F-16s; the USS Gerald R. Ford and HMS Imaginary sailed east. "
        "A new XK-9 missile was shown. Rebels planted roadside bombs near the think tank."
    )
    weapons = by_name(plain_extractor.extract(text).weapons)
    assert weapons["Kh-101"].kind == "cruise missile"
    assert weapons["HIMARS"].kind == "rocket artillery"
    assert "F-16s" in weapons["F-16"].mentions
    assert weapons["USS Gerald R. Ford"].kind == "aircraft carrier"  # from the gazetteer
    assert weapons["HMS Imaginary"].kind == "warship"  # from the ship prefix
    assert weapons["XK-9"].kind == "missile"
    assert weapons["IEDs"].kind == "IED"
    # "cruise missiles" and "drones" describe the named systems of their sentence.
    assert "cruise missiles" not in weapons and "drones" not in weapons
    assert "tanks" not in weapons


def test_place_names_that_are_also_weapon_names_need_context(plain_extractor):
    text = "Officials in Shandong province met. The carrier Shandong sailed near Taiwan."
    [carrier] = [w for w in plain_extractor.extract(text).weapons if w.name == "Shandong"]
    assert carrier.count == 1


def test_without_a_model_people_come_from_titles(plain_extractor):
    facts = plain_extractor.extract(
        "President Emmanuel Macron met Prime Minister Keir Starmer in Paris. "
        "Macron said France would send more aid to Ukraine.",
        date(2025, 3, 2),
    )
    actors = by_name(facts.actors)
    assert actors["Emmanuel Macron"].count == 2
    assert actors["Keir Starmer"].kind == "person"
    assert {"France", "Ukraine"} <= set(actors)
    assert actors["France"].mentions == ["France"]  # "in Paris" is where they met: a venue


def test_facts_to_json_shape(seed_facts):
    from bot.cli.shapes import article_facts  # the `briefing facts --json` contract

    data = article_facts("Seed", seed_facts)
    assert data["title"] == "Seed"
    assert data["published"] == "2023-12-28"
    assert set(data["dates"][0]) == {"text", "value", "sentence"}
    assert {"name", "kind", "mentions", "count"} <= set(data["actors"][0])
    assert {"name", "kind", "mentions", "count"} <= set(data["weapons"][0])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Der Bundeskanzler sprach am Mittwoch in Berlin über Patriot-Systeme für die Ukraine.",
        "日本政府は水曜日に新しい防衛計画を発表した。",
        "no punctuation at all " * 2000,
    ],
)
def test_odd_input_gives_a_result(extractor, text):
    facts = extractor.extract(text, None)
    assert isinstance(facts.dates, list)


def test_ten_megabytes_of_text_is_read_from_its_start(extractor):
    text = "North Korea fired a Hwasong-18 on Monday.\n" + ("Filler words here. " * 600_000)
    facts = extractor.extract(text, date(2024, 1, 3))
    assert "Hwasong-18" in {w.name for w in facts.weapons}
    assert "North Korea" in {a.name for a in facts.actors}

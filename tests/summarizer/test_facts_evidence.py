"""Key facts typed by evidence, on sentences written for each rule (none from a labelled set):
venues and nationalities are not states, bodies carry their owner, places and products are not
actors, and dates read in context."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.facts import FactExtractor
from summarizer.facts.dates import extract_dates
from summarizer.sentences import split_sentences


def by_name(items):
    return {item.name: item for item in items}


def actors_of(extractor: FactExtractor, text: str, published: date | None = None) -> dict:
    return by_name(extractor.extract(text, published).actors)


def test_a_capital_as_a_venue_is_not_its_state(extractor):
    actors = actors_of(extractor, "Iran and the United States held talks in Vienna on Monday. "
                                  "Ministers later met at the Cairo summit.")  # fmt: skip
    assert {"Iran", "United States"} <= set(actors)
    assert "Austria" not in actors and "Egypt" not in actors
    governing = actors_of(extractor, "Moscow said the sanctions imposed by Washington would fail.")
    assert {"Russia", "United States"} <= set(governing)


def test_a_private_persons_nationality_is_not_a_state(extractor):
    text = ("Houthi missiles hit the ship. Two crew members, a Filipino and a Ukrainian, "
            "suffered burns, and a Greek sailor was missing.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert not {"Philippines", "Ukraine", "Greece"} & set(actors)
    official = actors_of(extractor, "Ukrainian officials said Filipino troops had left.")
    assert {"Ukraine", "Philippines"} <= set(official)


def test_bodies_are_named_with_their_owner_and_never_merged(extractor):
    text = ("Japan's Defense Ministry said Chinese ships sailed near Okinawa. Taiwan's Ministry of "
            "National Defense said it tracked 17 vessels. China's foreign ministry called the "
            "report false. The Defense Ministry added that jets were scrambled.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert actors["Ministry of Defence (Japan)"].kind == "organisation"
    assert actors["Ministry of Defence (Japan)"].count == 2  # "The Defense Ministry" is Japan's
    assert "Ministry of National Defense (Taiwan)" in actors
    assert "Ministry of Foreign Affairs (China)" in actors
    assert not any(name in actors for name in ("Defense Ministry", "Ministry of Defence"))


def test_a_body_nobody_owns_is_not_an_actor_and_names_are_not_bodies(extractor):
    actors = actors_of(extractor, "The army said the navy had moved. The Somali National Army and "
                                  "the Metropolitan Police were also deployed.")  # fmt: skip
    assert not {"Army", "Navy"} & {name.split(" (")[0] for name in actors}
    assert {"Somali National Army", "Metropolitan Police"} <= set(actors)


def test_places_treaties_sites_and_products_are_not_actors(extractor):
    text = ("Researchers in Lublin said the drills near Huangyan Dao worried Manila. "
            "India suspended the Indus Waters Treaty. Inspectors visited Fordow, Natanz and the "
            "Bardo Museum. Germany sent IRIS-T SLM launchers and NASAMS air-defense systems. "
            "The Aegean Meridian, a Liberian-flagged bulk carrier, was hit.")  # fmt: skip
    actors = actors_of(extractor, text)
    for name in ("Lublin", "Huangyan Dao", "Indus Waters Treaty", "Fordow, Natanz", "Bardo Museum",
                 "IRIS", "SLM", "NASAMS air-defense", "Aegean Meridian"):  # fmt: skip
        assert name not in actors, name
    assert {"India", "Germany", "Philippines"} <= set(actors)


def test_abbreviations_the_text_gives_join_their_full_name(extractor):
    text = ("The United Kingdom Maritime Trade Operations (UKMTO) agency reported the attack. "
            "UKMTO said the crew was safe.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert "UKMTO" not in actors  # one body, under the name the text spells out
    assert "UKMTO" in actors["United Kingdom Maritime Trade Operations"].mentions


def test_credits_are_not_actors(extractor):
    text = ("Troops withdrew from the town, Colonel Amadou Diallo said on Monday.\n"
            "Reporting by Daniel Reames; editing by Sara Okafor")  # fmt: skip
    actors = actors_of(extractor, text)
    assert "Amadou Diallo" in actors
    assert "Daniel Reames" not in actors and "Sara Okafor" not in actors


def values(text: str, published: date | None = date(2026, 3, 10)) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in extract_dates(split_sentences(text), published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The offensive began in September 2025. In August that year, talks had failed.",
         [("September 2025", "2025-09"), ("In August that year", "2025-08")]),
        ("Troops entered on May 3, 2021. The next day they left. A week later they returned.",
         [("May 3, 2021", "2021-05-03"), ("The next day", "2021-05-04"),
          ("A week later", "2021-W19")]),
        ("The deal was signed in March 2019. The following month it collapsed.",
         [("March 2019", "2019-03"), ("The following month", "2019-04")]),
        ("Fighting grew in 2013. May 8 of that year was the worst day.",
         [("2013", "2013"), ("May 8 of that year", "2013-05-08")]),
        ("Russia struck the port on April 22, officials said.", [("April 22", "2025-04-22")]),
        ("The ministers will meet on May 7.", [("May 7", "2026-05-07")]),
        ("Deliveries began in early 2024 and ended in late last year; output peaked in mid-2025.",
         [("early 2024", "2024-H1"), ("late last year", "2025-H2"), ("mid-2025", "2025")]),
        ("India flew Mirage 2000 jets and Su-30MKI fighters in 2019.", [("2019", "2019")]),
    ],
)  # fmt: skip
def test_dates_in_context(text, expected):
    assert values(text) == expected


def test_anaphora_without_an_anchor_needs_a_publication_date():
    assert values("That year was hard.", None) == [("That year", None)]
    assert values("That year was hard.") == [("That year", "2026")]


def test_rpgs_helicopters_and_armoured_vehicles_are_weapon_classes(extractor):
    text = ("Militants fired rocket-propelled grenades and small arms at the convoy. Attack "
            "helicopters and armoured personnel carriers were sent in.")  # fmt: skip
    weapons = by_name(extractor.extract(text).weapons)
    assert weapons["RPGs"].kind == "rocket-propelled grenade"
    assert weapons["small arms"].kind == "small arms"
    assert weapons["helicopters"].kind == "helicopter"
    assert weapons["armoured vehicles"].kind == "armoured vehicle"


def test_ranks_and_services_before_a_name_are_not_part_of_it(extractor):
    text = ("Navy Rear Adm. Kendra Solberg told reporters the drills went on. Police Commissioner "
            "Ahmed Varga said roads were shut, and Air Force Col. Dimitri Okafor confirmed the "
            "crash. Solberg and Okafor spoke on Friday.")  # fmt: skip
    actors = actors_of(extractor, text)
    people = {name for name, fact in actors.items() if fact.kind == "person"}
    assert {"Kendra Solberg", "Dimitri Okafor"} <= people
    assert not any(word in name for name in actors for word in ("Adm", "Col", "Commissioner"))
    assert not {"Air Force", "Air Force Col"} & set(actors)


def test_a_leaders_possessive_names_the_party_and_the_leader(extractor):
    text = ("Polls put Tomas Halvorsen's Northern Unity Alliance ahead of the Civic Renewal "
            "Movement, whose leader Ines Marchetti conceded on Tuesday.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert not any("'s" in name for name in actors)
    assert "Northern Unity Alliance" in actors


def test_a_gazetteer_service_makes_a_later_bare_mention_its_own(extractor):
    text = ("The U.S. Navy said a destroyer shot down two drones over the Red Sea. "
            "The Navy said no sailors were hurt.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert actors["United States Navy"].count == 2
    assert "Navy" not in actors


def test_words_and_storm_names_are_not_people(extractor):
    text = ("Guard crews flew during Hurricanes Katrina, Rita and Isaac. \"Dad never complained,\" "
            "his daughter said; her dad had served 20 years under Gen. Lloyd Austin.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert not {"Rita", "Isaac", "Dad", "Katrina"} & set(actors)
    assert "Lloyd Austin" in actors


def test_historical_states_are_states_of_their_own(extractor):
    text = "In 1983 the Soviets deployed SS-20s, and Washington answered with Pershing II missiles."
    actors = actors_of(extractor, text)
    assert actors["Soviet Union"].kind == "state"
    assert "Russia" not in actors


def test_a_system_named_by_a_common_word_needs_weapons_nearby(extractor):
    words = extractor.extract(
        'Patriot groups, the report said, fell to 874. Fans called him "The Patriot".', None
    )
    assert "Patriot" not in {w.name for w in words.weapons}
    arms = extractor.extract(
        "Germany sent two more Patriot batteries, and the Navy fired Tomahawks at radar sites.",
        None,
    )
    assert {"Patriot", "Tomahawk"} <= {w.name for w in arms.weapons}
    code = extractor.extract("A PAC-3 interceptor was used.", None)
    assert "Patriot" in {w.name for w in code.weapons}


def test_numbered_units_and_military_districts_are_one_organisation_each(extractor):
    text = ("Soldiers of the 2nd Battalion, 137th Infantry Regiment fired first. Crews of the "
            "1-158th Aviation Regiment and the Southern Military District were named.")  # fmt: skip
    actors = actors_of(extractor, text)
    for unit in ("2nd Battalion, 137th Infantry Regiment", "1-158th Aviation Regiment",
                 "Southern Military District"):  # fmt: skip
        assert actors[unit].kind == "organisation", unit
    assert "137th Infantry Regiment" not in actors


def test_end_credits_are_bylines_and_a_letter_writer_is_an_actor(extractor):
    text = ("Police said the suspect fled toward Boston. Governor Maura Healey thanked the "
            "officers. Dana Whitcomb reported from Boston. Priya Natarajan and Tomas Oyelaran "
            "wrote the story in Atlanta. Party chair Ines Varga wrote in a letter to "
            "members.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert {"Maura Healey", "Ines Varga"} <= set(actors)
    prisoner = actors_of(extractor, "Opposition leader Alexei Navalny wrote from prison that the "
                                    "war was lost. His lawyers agreed.")  # fmt: skip
    assert "Alexei Navalny" in prisoner
    assert not {"Dana Whitcomb", "Priya Natarajan", "Tomas Oyelaran"} & set(actors)


def test_a_title_makes_a_person_of_a_name_that_is_also_a_place(extractor):
    # "Obama" is a town in Japan and "the Obama administration" a modifier: the title decides.
    text = ("The Obama administration said on Monday it would act. President Obama told "
            "reporters the plan was ready. An aide wrote to Jackie, who had asked.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert actors["Obama"].kind == "person"
    place = actors_of(extractor, "Fighting spread to Lublin. A Sahel researcher said it was cut.")
    assert "Lublin" not in place and "Sahel" not in place


def test_a_one_word_name_after_the_is_no_person(extractor):
    text = ("The Chronicle reported the arrest. The editor of the Chronicle said the paper would "
            "publish the letter, and the Tuareg fighters withdrew.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert not {"Chronicle", "Tuareg"} & {n for n, a in actors.items() if a.kind == "person"}


def test_ranks_and_offices_before_a_name_are_not_the_name(extractor):
    text = ("Navy Rear Adm. Sinclair Harris declined to comment. Former Speaker of the House "
            "Newt Gingrich said the deal was weak, and the Leader of the House of Commons "
            "William Hague agreed.")  # fmt: skip
    actors = actors_of(extractor, text)
    people = {n for n, a in actors.items() if a.kind == "person"}
    assert {"Sinclair Harris", "Newt Gingrich", "William Hague"} <= people
    assert not any("Adm" in n or n.startswith(("House Newt", "Commons ")) for n in actors)
    county = actors_of(extractor, "The St. Louis County Police Department made arrests.")
    assert not any(a.kind == "person" for a in county.values())


def test_a_surname_that_ends_documents_names_is_still_a_surname(extractor):
    actors = actors_of(extractor, "Governors like Georgia's Nathan Deal have acted. The Iran Deal "
                                  "was signed in Vienna.")  # fmt: skip
    assert actors["Nathan Deal"].kind == "person"
    assert "Iran Deal" not in actors


def test_a_known_name_ending_a_longer_name_is_another_body(extractor):
    text = ("The All Progressives Congress won the vote, and the Peoples Democratic Party "
            "conceded. The U.S. Congress welcomed the result.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert {"All Progressives Congress", "Peoples Democratic Party"} <= set(actors)
    assert "Democratic Party" not in actors


def test_platforms_are_organisations_but_promotional_lines_name_nobody(extractor):
    text = ("The minister said on Twitter that the talks had failed, and the group "
            "posted the video on Facebook.\nFollow Jane Doyle on Twitter @jdoyle.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert actors["Twitter"].kind == actors["Facebook"].kind == "organisation"
    assert actors["Twitter"].count == 1 and "Jane Doyle" not in actors


def test_a_first_name_after_a_relative_takes_the_family_name(extractor):
    text = ("Prime Minister Benjamin Netanyahu and his wife Sara voted in Jerusalem. Denise "
            "Huskins was found on Saturday. Huskins' father, Michael, thanked them.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert {"Sara Netanyahu", "Michael Huskins"} <= set(actors)
    assert not {"Sara", "Michael"} & set(actors)
    unknown = actors_of(extractor, "The man known as Jihadi John is his son, Mohammed, they said.")
    assert "Mohammed John" not in unknown


def weapons_of(extractor: FactExtractor, text: str) -> dict:
    return by_name(extractor.extract(text).weapons)


def test_grenades_anti_aircraft_fire_and_armed_states_are_weapon_classes(extractor):
    text = ("Gunmen threw hand grenades at the checkpoint. Anti-aircraft guns opened up over the "
            "port, and officials warned against a nuclear-armed neighbour. A truck packed with "
            "explosives was stopped near MRAPs on the road.")  # fmt: skip
    weapons = weapons_of(extractor, text)
    assert weapons["grenades"].kind == "grenade"
    assert weapons["air-defence systems"].kind == "air-defence system"
    assert "nuclear weapons" in weapons and "IEDs" in weapons
    assert weapons["armoured vehicles"].kind == "armoured vehicle"
    assert "RPGs" in weapons_of(extractor, "They fired rocket-propelled grenades.")
    assert "grenades" not in weapons_of(extractor, "They fired rocket-propelled grenades.")


def test_a_jet_is_a_weapon_only_in_a_sentence_of_combat(extractor):
    armed = weapons_of(extractor, "A Yemeni jet commanded by the rebels fired missiles at the "
                                  "palace in Aden.")  # fmt: skip
    assert armed["fighter jets"].kind == "fighter"
    for civil in ("The agency sent a jet to fly her back to the Bay Area.",
                  "A passenger jet was shot down over the border.",
                  "Jet fuel prices rose after the strikes."):  # fmt: skip
        assert "fighter jets" not in weapons_of(extractor, civil), civil


def test_a_singular_class_after_a_named_system_is_that_system(extractor):
    text = ("China's Liaoning aircraft carrier sailed on Monday. Two men sold photos of the "
            "aircraft carrier to foreign agents.")  # fmt: skip
    assert set(weapons_of(extractor, text)) == {"Liaoning"}
    other = ("India tested an Agni-V missile on Saturday. The United States sanctioned firms "
             "over Pakistan's ballistic missile programme.")  # fmt: skip
    assert "ballistic missiles" in weapons_of(extractor, other)
    plural = weapons_of(extractor, "The Liaoning aircraft carrier sailed. Other aircraft "
                                   "carriers stayed in port.")  # fmt: skip
    assert "warships" in plural


def test_a_service_with_no_owner_named_is_the_services_of_a_one_state_story(extractor):
    text = ("A hacking group posted the names of 100 U.S. troops online. The Army said it was "
            "checking the list, and the Navy told sailors to limit what they share. Officials "
            "in the United States called the threat unverified.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert {"United States Army", "United States Navy"} <= set(actors)
    mixed = actors_of(extractor, "Russia and China held drills. The Navy said it watched "
                                 "them. Russia and China later ended the drills.")  # fmt: skip
    assert not any(name.startswith(("Navy", "United States")) for name in mixed)
    generic = actors_of(extractor, "Israel said the army had moved. Israel's cabinet met.")
    assert not any(name.startswith("Army") for name in generic)


def test_a_chamber_with_no_owner_is_the_chamber_of_the_story_state(extractor):
    us_text = ("Republican senators wrote to Iran's leaders. Iran called the letter a stunt, "
               "and Iran's foreign minister said the U.S. Congress could not undo a deal. "
               "The Senate will vote in May.")  # fmt: skip
    us = actors_of(extractor, us_text)
    assert "United States Senate" in us and "Senate (Iran)" not in us
    assert us["Republican Party"].kind == "organisation"  # "Republican senators", a US story
    german_text = ("Chancellor Olaf Scholz, a Social Democrat, said Germany would help. "
                   "Dissident Republican groups were blamed.")  # fmt: skip
    assert not {"Democratic Party", "Republican Party"} & set(actors_of(extractor, german_text))
    ukraine_text = ("The Senate passed an aid package for Ukraine. Ukraine's president "
                    "thanked them. Ukraine has fought since 2022.")  # fmt: skip
    assert "Senate (Ukraine)" not in actors_of(extractor, ukraine_text)


def test_a_party_word_inside_another_name_is_not_the_party(extractor):
    actors = actors_of(extractor, "Saddam's Republican Guard fought on. The Republican People's "
                                  "Party lost seats in Ankara.")  # fmt: skip
    assert "Republican Party" not in actors
    assert {"Republican Guard", "Republican People's Party"} <= set(actors)


def test_names_go_on_past_a_nickname_and_a_hyphenated_word_before(extractor):
    text = ("Israeli Defense Minister Moshe \"Bogy\" Yaalon said the deal was bad. The report "
            "named the neo-Nazi Frazier Glenn Miller, who attacked a centre.")  # fmt: skip
    people = {n for n, a in actors_of(extractor, text).items() if a.kind == "person"}
    assert {"Moshe Yaalon", "Frazier Glenn Miller"} <= people
    assert not {"Moshe", "Glenn Miller"} & people
    quoted = actors_of(extractor, 'Kim Jong Un said "Fire" Monday, state media reported.')
    assert "Kim Jong Un" in quoted and not any("Monday" in n for n in quoted)


def test_an_acronym_is_no_persons_name_and_one_name_has_one_casing(extractor):
    text = ("Al-Murabitun claimed the attack in Bamako. The group, al-Murabitun, is led by "
            "Mokhtar Belmokhtar, broadcaster TVNZ reported.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert actors["TVNZ"].kind == "organisation"
    assert len([n for n in actors if n.casefold() == "al-murabitun"]) == 1


def test_a_one_word_name_that_is_also_a_place_is_a_person_by_what_it_does(extractor):
    text = ('"We do not know why," he said. Moreno said the department would ask for help. '
            "Residents in the northeastern state of Gombe said 11 people were killed.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert actors["Moreno"].kind == "person"
    assert "Gombe" not in actors


def test_a_relatives_name_takes_no_bare_surname(extractor):
    text = ("Israeli Prime Minister Benjamin Netanyahu and his wife Sara arrived in Washington. "
            "Netanyahu said he would meet Biden. Netanyahu later left.")  # fmt: skip
    actors = actors_of(extractor, text)
    assert actors["Benjamin Netanyahu"].count == 3 and actors["Sara Netanyahu"].count == 1
    alone = actors_of(extractor, "Netanyahu and his wife Sara flew to Rome. Netanyahu said "
                                 "the trip was private.")  # fmt: skip
    assert alone["Netanyahu"].count == 2


def test_places_that_speak_stay_places(extractor):
    for text in ("Fighting continued in Tigray. Tigray said its forces had withdrawn.",
                 "Goma said it had been shelled overnight. Residents of Goma fled."):  # fmt: skip
        assert not any(a.kind == "person" for a in actors_of(extractor, text).values()), text


def test_companies_monarchs_and_leagues_keep_their_kinds(extractor):
    actors = actors_of(extractor, "Goldman Sachs cut its forecast, economist Jeffrey Sachs "
                                  "said. King Charles III met Rishi Sunak. Major League "
                                  "Baseball said it would suspend all games.")  # fmt: skip
    assert actors["Goldman Sachs"].kind == "organisation"
    assert actors["Charles III"].kind == "person"
    assert actors["Major League Baseball"].kind == "organisation"


def test_civil_jets_and_other_systems_class_words_are_no_fighters(extractor):
    for civil in ("A jet caught fire after landing at Heathrow airport on Sunday.",
                  "An Air India jet was diverted after a bomb threat, police said."):  # fmt: skip
        assert "fighter jets" not in weapons_of(extractor, civil), civil
    other = weapons_of(extractor, "Russia fired Kalibr missiles at Kyiv on Monday. Separately, "
                                  "North Korea tested a new missile.")  # fmt: skip
    assert {"Kalibr", "missiles"} <= set(other)


def test_a_sentence_starting_like_is_no_promotion(extractor):
    text = "Like many Gazans, Ahmed Yousef wrote on Facebook that Israel had bombed his home."
    assert "Ahmed Yousef" in actors_of(extractor, text)
    medvedchuk = actors_of(extractor, "The pro-Russian Ukrainian Viktor Medvedchuk was arrested.")
    assert "Viktor Medvedchuk" in medvedchuk


def test_heritage_and_private_nationals_are_not_their_state(extractor):
    text = ("Police shot an unarmed African-American teenager. A book by American academic "
            "Wendy Doniger was withdrawn, and many Americans protested on behalf of the "
            "American taxpayer.")  # fmt: skip
    assert "United States" not in actors_of(extractor, text)
    official = actors_of(extractor, "American officials said U.S.-backed forces had advanced.")
    assert "United States" in official


def test_georgia_is_the_country_only_where_the_text_says_so(extractor):
    us = actors_of(extractor, "Governors like Georgia's Nathan Deal have acted, and Georgia "
                              "passed the bill.")  # fmt: skip
    assert "Georgia" not in us
    caucasus = actors_of(extractor, "Georgia accused Russia of moving the border. Officials in "
                                    "Tbilisi said Georgian police were on alert.")  # fmt: skip
    assert caucasus["Georgia"].kind == "state"


def test_listed_nationals_languages_and_visits_are_not_states(extractor):
    text = ("French, Spanish and British citizens are among the dead. The adult, speaking "
            "Russian, gives a command. Chelsea's Russian owner was disgusted. He offered to "
            "visit Moscow.")  # fmt: skip
    assert not {"France", "Spain", "United Kingdom", "Russia"} & set(actors_of(extractor, text))
    acting = actors_of(extractor, "French and British jets struck the base, Moscow said.")
    assert {"France", "United Kingdom", "Russia"} <= set(acting)


def test_a_supreme_court_is_its_states(extractor):
    text = ("India's government defended the law. India's opposition called it vague, and the "
            "Supreme Court ruled that it was unconstitutional.")  # fmt: skip
    assert "Supreme Court (India)" in actors_of(extractor, text)

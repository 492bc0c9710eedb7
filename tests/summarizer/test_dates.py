from __future__ import annotations

from datetime import date

import pytest

from summarizer.facts.dates import extract_dates

THU = date(2023, 12, 28)  # the seed article's date, a Thursday


def values(sentence: str, published: date | None = THU) -> list[tuple[str, str | None]]:
    return [(f.text, f.value) for f in extract_dates([sentence], published)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("During Wednesday's second-day session, he spoke.", [("Wednesday's", "2023-12-27")]),
        ("State media reported on Thursday.", [("Thursday", "2023-12-28")]),
        ("It ends, likely on December 31.", [("December 31", "2023-12-31")]),
        ("It launched a satellite on November 21.", [("November 21", "2023-11-21")]),
        ("It included last week's launch.", [("last week's", "2023-W51")]),
        ("Setting objectives for 2024.", [("2024", "2024")]),
        ("The election in November next year.", [("November next year", "2024-11")]),
        ("Since last year, tests continued.", [("last year", "2022")]),
        ("Diplomacy fell apart in 2019.", [("2019", "2019")]),
        ("After the November launch, it said.", [("November", "2023-11")]),
        ("The December 2023 plenary meeting.", [("December 2023", "2023-12")]),
        ("The ministers will meet on Friday.", [("Friday", "2023-12-29")]),
        ("He visited last Friday.", [("last Friday", "2023-12-22")]),
        ("They meet next Friday.", [("next Friday", "2023-12-29")]),
        ("Talks are set for Sept. 17-18.", [("Sept. 17-18", "2024-09-17/2024-09-18")]),
        ("Drills ran from Dec. 30 to Jan. 2.", [("Dec. 30 to Jan. 2", "2023-12-30/2024-01-02")]),
        ("It happened two days ago.", [("two days ago", "2023-12-26")]),
        ("It happened three weeks ago.", [("three weeks ago", "2023-W49")]),
        ("Yesterday and tomorrow.", [("Yesterday", "2023-12-27"), ("tomorrow", "2023-12-29")]),
        ("Next week, and next month.", [("Next week", "2024-W01"), ("next month", "2024-01")]),
        ("Between 2014 and 2016 it grew.", [("Between 2014 and 2016", "2014/2016")]),
        ("He served from November 2013 to June 2014.",
         [("from November 2013 to June 2014", "2013-11/2014-06")]),
        ("Exports fell between May 2021 and May 2019.", [("May 2021", "2021-05"),
                                                          ("May 2019", "2019-05")]),
        ("The 2022-23 budget.", [("2022-23", "2022/2023")]),
        ("On Dec. 28, 2023 it began.", [("Dec. 28, 2023", "2023-12-28")]),
        ("On 5 March 2024 it ends.", [("5 March 2024", "2024-03-05")]),
        ("Earlier this month, and early next year.",
         [("Earlier this month", "2023-12"), ("early next year", "2024-H1")]),
    ],
)  # fmt: skip
def test_dates_resolve_against_the_publication_date(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Some 2,000 troops and 1500 tanks moved for two years.",
        "The Hwasong-18 and Type 055 and F-16 and COVID-19.",
        "In the 1990s it was different, for 48 hours.",
        "You may go, and they march on.",
        "It is 2000 troops strong.",
    ],
)
def test_things_that_are_not_dates(sentence):
    assert values(sentence) == []


def test_without_publication_date_only_absolute_dates_resolve():
    found = values("On Wednesday, Dec. 28, 2023, and on Friday, and in 2019.", None)
    assert found == [
        ("Wednesday, Dec. 28, 2023", "2023-12-28"),
        ("Friday", None),
        ("2019", "2019"),
    ]


def test_impossible_dates_are_not_reported():
    assert values("It happened on February 30, 2024 and on April 31.") == []


def test_future_bare_month_looks_ahead_and_past_looks_back():
    published = date(2025, 10, 8)
    assert values("Japan would deploy missiles from March.", published) == [("March", "2026-03")]
    assert values("The talks were held in March.", published) == [("March", "2025-03")]


def test_iso_week_crosses_the_year_boundary():
    assert values("They meet next week.", date(2024, 12, 24)) == [("next week", "2025-W01")]


def test_each_sentence_is_kept_as_provenance():
    [fact] = extract_dates(["First.", "It started on Wednesday."], THU)
    assert fact.sentence == "It started on Wednesday."

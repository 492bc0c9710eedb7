"""Archive search on SQLite (FTS5) and PostgreSQL (tsvector): same answers from both."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import NewArticle, StoredFact, add_article, replace_facts
from storage.query import parse_query
from storage.search import HIGHLIGHT_END, HIGHLIGHT_START, search

TODAY = date(2026, 11, 27)

ARTICLES = [
    # title, text, published, source, actors, weapons
    ("North Korea tests Hwasong-18 missile",
     "Pyongyang launched a solid-fuel Hwasong-18 missile on Monday, Seoul said.",
     date(2026, 11, 20), "Wire", ["North Korea", "South Korea"], ["Hwasong-18"]),
    ("Talks in Geneva",
     "Diplomats said North Korea was discussed; a drone strike in Yemen was also raised.",
     date(2025, 3, 1), "Other", ["North Korea", "Yemen"], ["drones"]),
    ("Drone strike hits port in Yemen",
     "A drone strike hit the port of Hodeidah, officials said. Kim Jong Un was not mentioned.",
     date(2026, 11, 25), "Wire", ["Yemen", "Houthis"], ["drones"]),
    ("Kim meets Trump again",
     "Kim Jong Un and Donald Trump met at the border in a surprise summit.",
     date(2026, 10, 1), "Wire", ["Kim Jong Un", "Donald Trump"], []),
    ("Kim inspects artillery",
     "Kim Jong Un inspected artillery drills near the coast.",
     date(2026, 9, 1), "Other", ["Kim Jong Un", "North Korea"], ["artillery"]),
    ("HIMARS deliveries continue",
     "More HIMARS launchers reached Ukraine this month, the ministry said.",
     date(2024, 5, 5), "Wire", ["Ukraine"], ["HIMARS"]),
    ("Missile defence review",
     "A review of missile defence and rocket artillery was published in Brussels.",
     date(2024, 1, 15), "Other", ["NATO"], ["missiles", "rockets"]),
    ("Naval drills in the Baltic",
     "Warships from 14 allied navies began a two-week exercise in the Baltic Sea.",
     date(2023, 6, 1), "Wire", ["NATO"], ["warships"]),
]  # fmt: skip


@pytest.fixture
def archive(db):
    ids = {}
    for title, text, published, source, actors, weapons in ARTICLES:
        with db.transaction() as session:
            added = add_article(
                session, NewArticle(title=title, text=text, published_on=published, source=source)
            )
            facts = [StoredFact("actor", name, "state") for name in actors]
            facts += [StoredFact("weapon", name, "missile") for name in weapons]
            replace_facts(session, added.id, facts)
        ids[title] = added.id
    return ids


def run(db, text, **options):
    with db.read() as session:
        return search(session, parse_query(text), today=TODAY, **options)


def titles(page):
    return [hit.title for hit in page.hits]


def test_all_words_must_match(db, archive):
    page = run(db, "drone strike Yemen")
    assert set(titles(page)) == {"Talks in Geneva", "Drone strike hits port in Yemen"}
    assert page.total == 2


def test_title_matches_and_recency_rank_first(db, archive):
    page = run(db, "drone strike Yemen")
    assert titles(page)[0] == "Drone strike hits port in Yemen"


def test_phrase_or_prefix_and_exclusion(db, archive):
    assert titles(run(db, '"surprise summit"')) == ["Kim meets Trump again"]
    assert set(titles(run(db, "HIMARS OR Baltic"))) == {
        "HIMARS deliveries continue",
        "Naval drills in the Baltic",
    }
    assert titles(run(db, "Hwas*")) == ["North Korea tests Hwasong-18 missile"]
    kim = set(titles(run(db, "Kim -Trump")))
    assert "Kim meets Trump again" not in kim
    assert "Kim inspects artillery" in kim


def test_filters_by_date_source_actor_and_weapon(db, archive):
    assert set(titles(run(db, "Kim since:2026-09-15"))) == {
        "Kim meets Trump again",
        "Drone strike hits port in Yemen",
    }
    assert titles(run(db, "missile until:2024-06")) == ["Missile defence review"]
    assert set(titles(run(db, "source:wire Kim"))) == {
        "Kim meets Trump again",
        "Drone strike hits port in Yemen",
    }
    assert set(titles(run(db, 'actor:"north korea"'))) == {
        "North Korea tests Hwasong-18 missile",
        "Talks in Geneva",
        "Kim inspects artillery",
    }
    # A first name finds the person ("kim" -> "Kim Jong Un").
    assert "Kim meets Trump again" in titles(run(db, "actor:kim"))
    assert titles(run(db, "weapon:HIMARS")) == ["HIMARS deliveries continue"]
    assert titles(run(db, "source:nobody Kim")) == []
    assert run(db, "Kim since:2026-01-01 until:2025-01-01").total == 0


def test_filters_alone_list_the_newest_first(db, archive):
    page = run(db, "actor:NATO")
    assert titles(page) == ["Missile defence review", "Naval drills in the Baltic"]
    assert page.total == 2
    everything_but = titles(run(db, "-Kim", limit=50))
    assert len(everything_but) == len(ARTICLES) - 3


def test_pages_do_not_overlap_and_total_is_exact(db, archive):
    first = run(db, "said", limit=2)
    second = run(db, "said", limit=2, offset=2)
    assert first.total == second.total == 4
    assert not set(titles(first)) & set(titles(second))
    assert run(db, "said", limit=2, offset=10).hits == []


def test_snippets_highlight_the_matched_words(db, archive):
    [hit] = run(db, "Hodeidah").hits
    assert f"{HIGHLIGHT_START}Hodeidah{HIGHLIGHT_END}" in hit.snippet
    assert hit.published == date(2026, 11, 25)
    assert hit.source == "Wire"
    assert 0 < hit.score <= 1


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"unbalanced quote',
        "NEAR(kim trump, 5)",
        "kim AND OR NOT trump",
        "*",
        "title:kim",
        "{title text}: kim",
        "^kim",
        "kim\x00trump",
        "'; DROP TABLE articles; --",
        "x" * 5000,
        "kim " * 2000,
        "since:2026-13-45 until:yesterday",
        "-",
        "OR",
        "🙂 ünïcödé 北朝鲜",
        "actor:",
        'weapon:"',
    ],
)
def test_hostile_queries_give_results_or_nothing(db, archive, text):
    page = run(db, text)
    assert page.total >= 0
    assert len(page.hits) <= page.total


def test_bad_dates_are_reported_back(db, archive):
    page = run(db, "kim since:banana")
    assert page.total == 3
    assert any("banana" in note for note in page.notes)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_any_text_is_a_valid_query(db, text):
    page = run(db, text)
    assert page.total >= 0


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(['"', "*", "-", "(", ")", ":", "^", "'", "\\", "%", "_", " ", "OR",
                         "AND", "NOT", "NEAR(", "since:", "until:", "actor:", "weapon:",
                         "source:", "kim", "missile", "2024-01-01", "\x00", "ü", "{", "}"]),
        max_size=30,
    ).map("".join)
)  # fmt: skip
def test_query_syntax_soup_never_fails_and_filters_only_narrow(db, archive, text):
    """Operators, quotes and filters in any order: an answer, never an error, and adding
    them to a word can only narrow what the word alone finds."""
    page = run(db, text, limit=50)
    assert 0 <= len(page.hits) <= page.total
    narrowed = run(db, "kim " + text, limit=50)
    alone = {hit.id for hit in run(db, "kim", limit=50).hits}
    if "OR" not in text:  # an OR may widen; everything else only adds conditions
        assert {hit.id for hit in narrowed.hits} <= alone


# -- dates at the ends of the calendar, and deep pages --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since:2030", 0),  # after every day the index has tokens for: nothing, not an error
        ("until:1899", 0),  # before the first one
        ("since:9999-12-31", 0),
        ("until:0001-01-01", 0),
        ("since:2026-12 until:2026-01", 0),  # an empty range
        ("since:0001-01-01 until:9999-12-31", len(ARTICLES)),  # the whole calendar: everything
        ("since:0001-01-01", len(ARTICLES)),
        ("until:9999-12-31", len(ARTICLES)),
        ("since:0001-01-01 until:9999-12-31 kim", 3),
        ("since:2024 until:9999 -kim", 4),
    ],
)
def test_dates_at_the_ends_of_the_calendar(db, archive, text, expected):
    page = run(db, text, limit=50)
    assert page.total == len(page.hits) == expected


def test_deep_pages_are_refused_with_a_note(db, archive):
    for text in ("kim", "since:2024", "-kim"):
        page = run(db, text, offset=10**20)
        assert page.hits == [] and page.total == run(db, text).total
        assert any("only the first 10,000 results" in note for note in page.notes)
    assert run(db, "kim", offset=10_000).notes == ()


def _moment(kind: str, day: date, number: int) -> str:
    return {"day": day.isoformat(), "month": f"{day:%Y-%m}", "year": f"{day:%Y}",
            "span": f"{number}d", "hours": f"{number}h"}[kind]  # fmt: skip


MOMENTS = st.builds(
    _moment,
    st.sampled_from(["day", "month", "year", "span", "hours"]),
    st.dates(),  # year 1 to 9999
    st.integers(0, 999_999),
)
FILTER = st.one_of(
    st.tuples(st.sampled_from(["since:", "until:"]), MOMENTS).map("".join),
    st.sampled_from(["since:", "until:", "since:²⁰²⁴", "until:١٢", "since:0000", "since:10000"]),
)
WORD = st.one_of(st.sampled_from(["kim", "drone", "-kim", "OR", '"', "said", "*"]),
                 st.text(max_size=10))  # fmt: skip


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(st.one_of(WORD, FILTER), max_size=6),
    offset=st.one_of(st.integers(0, 20), st.integers(0, 2**80)),
    limit=st.integers(-5, 100),
)
def test_any_query_with_any_dates_and_any_page_is_an_answer(db, archive, words, offset, limit):
    """Any words, since:/until: anywhere on the calendar (or off it) and any page: results
    or none, never an error; what is found lies within the dates asked for."""
    text = " ".join(words)
    page = run(db, text, offset=offset, limit=limit)
    assert 0 <= len(page.hits) <= min(max(limit, 1), 50) and len(page.hits) <= page.total
    parsed = parse_query(text)
    for hit in page.hits:
        assert hit.published is not None
        assert parsed.since is None or hit.published >= parsed.since
        assert parsed.until is None or hit.published <= parsed.until
    assert all("\n" not in note for note in page.notes)

"""The one grammar for dates people type (storage.query.parse_moment)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.query import parse_moment, parse_query

NOW = datetime(2026, 12, 1, 19, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", datetime(2024, 1, 1, tzinfo=UTC), date(2024, 12, 31)),
        ("2024-02", datetime(2024, 2, 1, tzinfo=UTC), date(2024, 2, 29)),
        ("2024-02-29", datetime(2024, 2, 29, tzinfo=UTC), date(2024, 2, 29)),
        ("9999-12", datetime(9999, 12, 1, tzinfo=UTC), date(9999, 12, 31)),
        ("today", datetime(2026, 12, 1, tzinfo=UTC), date(2026, 12, 1)),
        (" Yesterday ", datetime(2026, 11, 30, tzinfo=UTC), date(2026, 11, 30)),
        ("24h", NOW - timedelta(hours=24), date(2026, 11, 30)),
        ("7d", NOW - timedelta(days=7), date(2026, 11, 24)),
        ("90m", NOW - timedelta(minutes=90), date(2026, 12, 1)),
        ("2w", NOW - timedelta(weeks=2), date(2026, 11, 17)),
        ("2026-11-30T06:00", datetime(2026, 11, 30, 6, tzinfo=UTC), date(2026, 11, 30)),
    ],
)
def test_every_form_gives_its_start_and_end(text, start, end):
    assert parse_moment(text, NOW) == start
    assert parse_moment(text, NOW, end=True).date() == end


@pytest.mark.parametrize("text", ["", "soon", "2023-02-29", "2024-13", "10000", "-1d", "7x",
                                  "9999999d", "0000", "2024-1-1-1", "today!"])  # fmt: skip
def test_anything_else_is_none(text):
    assert parse_moment(text, NOW) is None


@given(st.text(max_size=40))
def test_any_string_is_a_moment_or_none_never_an_error(text):
    moment = parse_moment(text, NOW)
    assert moment is None or moment.tzinfo is not None
    query = parse_query(f"drone since:{text} until:{text}", NOW)  # never raises
    assert query.has_terms


def test_query_filters_use_the_grammar_and_say_what_they_ignore():
    query = parse_query("drone since:7d until:yesterday", NOW)
    assert (query.since, query.until) == (date(2026, 11, 24), date(2026, 11, 30))
    ignored = parse_query("drone since:soon", NOW)
    assert ignored.since is None and "24h, 7d, today or yesterday" in ignored.notes[0]

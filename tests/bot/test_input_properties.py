"""Whatever people type or a button carries, the bot answers: never an exception (which the
transport would turn into "Sorry, something went wrong", and which ends `briefing chat`).

Driven like tests/bot/test_conversation.py, on a real SQLite archive, with text built from
the inputs that broke it before: Unicode digits, 20-digit numbers, tzdata folders, dates at
the ends of the calendar.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import UTC, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.telegram.conversation import MENU as COMMANDS
from bot.telegram.conversation import Caller, Conversation
from bot.telegram.render import telegram_html_to_plain
from bot.usecases.briefings import latest_due, period_of, zone_of
from bot.usecases.config import Settings, settings_problem
from bot.usecases.errors import InputError
from bot.usecases.inputs import check_timezone, parse_clock, parse_count, parse_id
from storage.audience import ChatInfo

ALICE = Caller(ChatInfo(101, "private", "alice"), 101, is_admin=False)
ADMIN = Caller(ChatInfo(7, "private", "admin"), 7, is_admin=True)
GROUP = Caller(ChatInfo(-500, "group", "analysts"), 102, is_admin=False)
CRASH = "something went wrong"

TRICKY = [
    "²", "³", "١٢", "٠٧:٣٠", "𝟙𝟚", "12", "#12", "0", "-1", "+5", "1e3", "99999999999999999999999",
    "9223372036854775807", "9223372036854775808", "07:00", "25:99", "America", "America/",
    "Etc", "Europe/Berlin", "UTC", "../etc/passwd", "\x00", "since:2030", "until:1899",
    "since:0001-01-01", "until:9999-12-31", "since:9999-12-31", "since:999999d", "OR", '"',
    "items", "tz", "time", "days", "watch", "unwatch", "actor", "remove", "add", "export",
    "import", "mon-fri", "🙂", "",
]  # fmt: skip
WORDS = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))
# No links: a URL would send /summary or /ingest to the network.
ARGS = st.lists(WORDS, max_size=6).map(" ".join).filter(lambda s: "://" not in s)
COMMAND_NAMES = [name for name, _, _ in COMMANDS]
PROPERTY = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def conversation(archive):
    _db, service, _seed = archive
    return Conversation(service)


def _answers(replies) -> str:
    assert isinstance(replies, list)
    text = "\n".join(telegram_html_to_plain(r.html) for r in replies)
    assert CRASH not in text
    return text


@PROPERTY
@given(name=st.sampled_from(COMMAND_NAMES), args=ARGS, who=st.sampled_from([ALICE, ADMIN, GROUP]))
def test_any_text_after_any_command_gets_an_answer(conversation, name, args, who):
    _answers(asyncio.run(conversation.dispatch(who, name, args)))


BUTTON_KINDS = ["a", "st", "l", "s", "tlb", "tla", "items", "sub", "x"]


@PROPERTY
@given(
    data=st.one_of(
        st.text(max_size=40),
        st.lists(st.one_of(st.sampled_from(BUTTON_KINDS), WORDS),
                 min_size=1, max_size=4).map(":".join),
    )
)  # fmt: skip
def test_any_button_data_gets_an_answer_or_a_reason(conversation, data):
    _answers(asyncio.run(conversation.button(ALICE, data)))


@pytest.mark.parametrize(
    ("command", "args", "reason"),
    [
        ("article", "²", "is not an article id"),
        ("article", "99999999999999999999999", "is not an article id"),
        ("summary", "²", "is not an article id"),
        ("latest", "³", "a number from 1 to 20"),
        ("subscribe", "07:00 America", "'America' is not a time zone"),
        ("subscribe", "٠٧:٣٠ UTC", "is not a time of day"),
        ("settings", "tz America", "'America' is not a time zone"),
        ("settings", "items ²", "a number from 1 to 20"),
        ("settings", "items 99999999999999999999", "a number from 1 to 20"),
    ],
)
def test_the_reported_inputs_get_their_reason(conversation, command, args, reason):
    text = _answers(asyncio.run(conversation.dispatch(ADMIN, command, args)))
    assert reason in text


BUTTONS = ["a:²", "items:²", "a:99999999999999999999", "l:²:5", "l:99999999999999999999:5",
           "s:1:99999999999999999999", "items:0", "items:21", "st:²", "st:1:2",
           "st:99999999999999999999", "tlb:1", "tlb:1:2:3", "tlb:1:0:1:1:0", "tlb:1:3652060:1:1:0",
           "tla:1:²:1:1:0", "tla:1:739000:0:5:0", "tl:1:2", "tlb:1:739000:1:1:1073741825",
           "tlb:1:739000:1:99999999999999999999:0", "tlb:1:739000:1:1"]  # fmt: skip


@pytest.mark.parametrize("data", BUTTONS)
def test_the_reported_buttons_are_no_longer_valid(conversation, data):
    assert "no longer valid" in _answers(asyncio.run(conversation.button(ALICE, data)))


@pytest.mark.parametrize(
    "query", ["since:2030", "until:1899", "since:0001-01-01 until:9999-12-31 drone"]
)
def test_searches_at_the_ends_of_the_calendar_are_answers(conversation, query):
    text = _answers(asyncio.run(conversation.dispatch(ALICE, "search", query)))
    assert "unavailable" not in text and "fts5" not in text


def test_a_storage_failure_never_shows_the_database_to_users(archive, caplog):
    db, service, _seed = archive
    path = str(db.engine.url.database)
    db.engine.dispose()
    with db.transaction() as session:  # the schema goes: every query now fails
        session.connection().exec_driver_sql("DROP TABLE articles_fts")
    conversation = Conversation(service)
    with caplog.at_level(logging.WARNING, logger="bot.telegram.conversation"):
        text = _answers(asyncio.run(conversation.dispatch(ALICE, "search", "drone")))
    assert "unavailable" in text and path not in text and "sqlite" not in text
    assert path in caplog.text  # the operator still gets the detail


# -- parsing helpers -----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.sampled_from(TRICKY)))
def test_number_and_zone_checks_give_a_value_or_an_input_error(text):
    for check in (parse_id, lambda t: parse_count(t, 1, 20, "n"), parse_clock, check_timezone):
        with contextlib.suppress(InputError):
            check(text)


def test_only_ascii_digits_are_numbers():
    for text in ("²", "١٢", "𝟙𝟚", "١"):
        with pytest.raises(InputError, match="not"):
            parse_id(text)
    assert parse_id("#12") == 12
    assert parse_count("7", 1, 20, "n") == 7
    with pytest.raises(InputError, match="not a time of day"):
        parse_clock("٠٧:٣٠")


# -- stored zones --------------------------------------------------------------------------


def test_a_stored_zone_that_is_no_zone_means_utc_with_one_warning(caplog):
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    bad = f"Mars/Olympus-{uuid.uuid4().hex[:8]}"  # warned once per name: a name no test used
    with caplog.at_level(logging.WARNING, logger="bot.usecases.briefings"):
        for _ in range(3):
            assert zone_of(bad) is UTC
            assert latest_due(time(7, 0), bad, now) == datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
            assert period_of(now, bad) == "2026-03-01"
    assert caplog.text.count(f"{bad!r} is not a time zone") == 1
    assert zone_of("Europe/Berlin").utcoffset(now).total_seconds() == 3600


# -- settings ------------------------------------------------------------------------------

INT_SETTINGS = ["admin_ids", "max_document_bytes", "feed_interval_minutes", "summary_per_minute",
                "search_per_minute", "database_attempts", "delivery_retry_seconds",
                "claim_lease_seconds", "alert_interval_seconds"]  # fmt: skip
VALUES = st.one_of(st.sampled_from(TRICKY), st.text(max_size=20), st.integers().map(str))


def _settings_or_one_line(**values: str) -> Settings | str:
    try:
        return Settings(_env_file=None, **values)  # type: ignore[arg-type]
    except ValidationError as exc:
        line = settings_problem(exc)
        assert "\n" not in line and line.startswith(("BRIEFING_", "TELEGRAM_"))
        return line


@settings(max_examples=150, deadline=None)
@given(zone=VALUES)
def test_any_timezone_setting_is_a_zone_or_one_line(zone):
    found = _settings_or_one_line(timezone=zone)
    if isinstance(found, Settings):
        zone_of(found.timezone)  # a zone every briefing can use
        assert check_timezone(found.timezone) == found.timezone
    else:
        assert found.startswith("BRIEFING_TIMEZONE: ")


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(INT_SETTINGS), value=VALUES)
def test_any_int_setting_is_bounded_or_one_line(name, value):
    found = _settings_or_one_line(**{name: value})
    if isinstance(found, Settings):
        numbers = getattr(found, name)
        for number in numbers if isinstance(numbers, frozenset) else [numbers]:
            assert abs(number) < 2**63
    else:
        assert found.startswith(f"BRIEFING_{name.upper()}: ")


def test_the_reported_settings_name_their_variable():
    assert _settings_or_one_line(timezone="America").startswith("BRIEFING_TIMEZONE: ")
    assert _settings_or_one_line(admin_ids="١٢").startswith("BRIEFING_ADMIN_IDS: ")
    assert "BRIEFING_TIME: " in str(_settings_or_one_line(briefing_time="²:00"))

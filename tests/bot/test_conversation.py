"""The bot's answers (shared by Telegram and the console chat) on a real SQLite archive."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram.conversation import MENU as COMMANDS
from bot.telegram.conversation import Caller, Conversation
from bot.telegram.render import MAX_MESSAGE, telegram_html_to_plain
from storage.audience import ChatInfo

ALICE = Caller(ChatInfo(101, "private", "alice"), 101, is_admin=False)
ADMIN = Caller(ChatInfo(7, "private", "admin"), 7, is_admin=True)
GROUP = Caller(ChatInfo(-500, "group", "analysts"), 102, is_admin=False)


@pytest.fixture
def talk(archive):
    _db, service, seed_id = archive
    conversation = Conversation(service)

    def say(caller, command, args="", replied=None):
        replies = asyncio.run(conversation.dispatch(caller, command, args, replied))
        for reply in replies:
            assert len(reply.html) <= MAX_MESSAGE
        return replies

    say.conversation = conversation
    say.seed_id = seed_id
    return say


def text_of(replies):
    return "\n".join(telegram_html_to_plain(r.html) for r in replies)


def test_start_and_help_list_every_command(talk):
    [welcome] = talk(ALICE, "start")
    labels = [b.label for row in welcome.buttons for b in row]
    assert labels == ["Subscribe", "Latest briefing", "Help"]
    help_text = text_of(talk(ALICE, "help"))
    for name, _, _ in COMMANDS:
        if name not in {"ingest", "sources", "stats"}:
            assert f"/{name}" in help_text
    assert "/ingest" not in help_text
    assert "/ingest" in text_of(talk(ADMIN, "help"))


def test_summary_of_an_article_id_has_summary_and_facts(talk):
    text = text_of(talk(ALICE, "summary", str(talk.seed_id)))
    assert text.startswith("North Korea's Kim vows to bolster war readiness")
    assert "• North Korean leader Kim Jong Un called for bolstered war readiness" in text
    assert "When: " in text and "2023-12-27 (Wednesday's)" in text
    assert "Who: North Korea" in text and "Kim Jong Un" in text
    assert "Weapons: Hwasong-18 (ICBM)" in text


def test_summary_of_pasted_text_and_of_a_reply(talk, seed_text):
    pasted = text_of(talk(ALICE, "summary", seed_text))
    assert "Hwasong-18 (ICBM)" in pasted
    replied = text_of(talk(ALICE, "summary", "", replied=seed_text))
    assert replied == pasted


def test_summary_without_input_shows_the_latest_article(talk):
    assert "Weapons:" in text_of(talk(ALICE, "summary"))


def test_facts_keep_their_sentences(talk):
    text = text_of(talk(ALICE, "facts", str(talk.seed_id)))
    assert "2023-12-27 (Wednesday's): During Wednesday's second-day session" in text
    assert "Kim Jong Un (person):" in text


def test_search_pages_with_buttons(talk):
    [page] = talk(ALICE, "search", "drones")
    assert "results for drones (1–5)" in telegram_html_to_plain(page.html)
    summary_buttons, nav = page.buttons
    assert all(b.data.startswith("a:") for b in summary_buttons)
    [next_button] = nav
    assert next_button.label == "Next »" and len(next_button.data.encode()) < 64
    [second] = asyncio.run(talk.conversation.button(ALICE, next_button.data))
    assert second.edit and "(6–" in telegram_html_to_plain(second.html)
    # Another chat cannot use this chat's button.
    [other] = asyncio.run(talk.conversation.button(GROUP, next_button.data))
    assert "expired" in other.html
    [card] = asyncio.run(talk.conversation.button(ALICE, summary_buttons[0].data))
    assert "Who:" in telegram_html_to_plain(card.html)


def test_hostile_search_and_markup_in_text(talk):
    for query in ['NEAR( "x', "<b>bold</b> & co", "\x00", "x" * 5000, "-"]:
        replies = talk(ALICE, "search", query)
        assert replies and "⚠️" not in replies[0].html
    assert "Usage" in text_of(talk(ALICE, "search", ""))


def test_latest_article_and_brief(talk):
    latest = talk(ALICE, "latest", "3")
    assert text_of(latest).count("\n#") == 3
    article = text_of(talk(ALICE, "article", str(talk.seed_id)))
    assert "partial surrender of its nuclear programme." in article
    assert "is not an article id" in text_of(talk(ALICE, "article", "abc"))
    assert "no article with id 9999" in text_of(talk(ALICE, "article", "9999"))
    assert text_of(talk(ALICE, "brief")).startswith("Briefing")


def test_subscribe_settings_and_unsubscribe(talk):
    assert "07:30 (Europe/Berlin)" in text_of(talk(ALICE, "subscribe", "07:30 Europe/Berlin"))
    assert "06:00 (UTC)" in text_of(talk(GROUP, "subscribe", "06:00 UTC"))
    assert "not a time of day" in text_of(talk(ALICE, "subscribe", "25:99"))
    assert "not a time zone" in text_of(talk(ALICE, "subscribe", "Mars/Base"))
    talk(ALICE, "settings", "watch actor US")
    talk(ALICE, "settings", "watch weapon M142 HIMARS")
    assert "Monday to Friday" in text_of(talk(ALICE, "settings", "days weekdays"))
    assert "not a list of days" in text_of(talk(ALICE, "settings", "days someday"))
    [settings_reply] = talk(ALICE, "settings", "items 5")
    shown = telegram_html_to_plain(settings_reply.html)
    assert "Items per briefing: 5" in shown
    assert "actor: United States" in shown and "weapon: HIMARS" in shown
    [_minus, plus] = settings_reply.buttons[0]
    [changed] = asyncio.run(talk.conversation.button(ALICE, plus.data))
    assert changed.edit and "Items per briefing: 6" in telegram_html_to_plain(changed.html)
    assert "settings:" in text_of(talk(ALICE, "settings", "colour blue"))
    assert "Unsubscribed" in text_of(talk(ALICE, "unsubscribe"))
    assert "no daily briefing" in text_of(talk(ALICE, "unsubscribe"))


def test_admin_commands_are_refused_for_others(talk):
    for command in ("ingest", "sources", "stats"):
        assert "administrators" in text_of(talk(ALICE, command, "https://example.org/x"))
    assert "Articles: 11" in text_of(talk(ADMIN, "stats"))
    added = text_of(talk(ADMIN, "sources", "add https://example.org/rss"))
    assert added.startswith("Added: #")
    listing = text_of(talk(ADMIN, "sources"))
    assert "example.org — feed" in listing
    assert "not an http(s) feed URL" in text_of(talk(ADMIN, "sources", "add ftp://x"))


def test_documents(talk, seed_text):
    conversation = talk.conversation
    card = asyncio.run(conversation.document(ALICE, "seed.txt", seed_text.encode(), None))
    assert "Hwasong-18 (ICBM)" in text_of(card)
    binary = asyncio.run(conversation.document(ALICE, "x.txt", b"\x00\x01" * 50, None))
    assert "binary" in text_of(binary)
    pdf = asyncio.run(conversation.document(ALICE, "report.pdf", b"%PDF-1.4", None))
    assert ".txt or .html" in text_of(pdf)
    refused = asyncio.run(conversation.document(ALICE, "a.txt", b"text", "/ingest"))
    assert "administrators" in text_of(refused)
    stored = asyncio.run(conversation.document(ADMIN, "seed.txt", seed_text.encode(), "/ingest"))
    assert "Stored 0 new, 1 already archived." in text_of(stored)
    batch = b'{"text": "A new story about naval drills in the Baltic Sea today."}\nnot json\n'
    lines = asyncio.run(conversation.document(ADMIN, "batch.jsonl", batch, "/ingest"))
    assert "Stored 1 new" in text_of(lines) and "1 bad line," in text_of(lines)


def test_malformed_and_refused_links(talk):
    assert "neither an article id" in text_of(talk(ALICE, "summary", "http://"))
    refused = text_of(talk(ALICE, "summary", "http://127.0.0.1:9/x"))
    assert "⚠️" in refused and "non-public address" in refused
    assert "Usage" in text_of(talk(ADMIN, "ingest", "ftp://example.org/x"))


def test_plain_text_and_unknown_commands(talk):
    assert "Send me a link" in text_of(asyncio.run(talk.conversation.text(ALICE, "hello")))
    assert asyncio.run(talk.conversation.text(GROUP, "hello")) == []
    assert "I don't know /bogus" in text_of(talk(ALICE, "bogus"))
    huge = text_of(talk(ALICE, "summary", "word " * 3_000_000))
    assert "⚠️" in huge and "limit" in huge


def test_ids_past_the_records_range_get_a_reason_on_both_databases(service):
    """Record ids are 32-bit INTEGER columns on PostgreSQL: a larger id is no article there,
    and must be refused as an input, not sent to the database to fail."""
    conversation = Conversation(service)
    for command, args in [("article", "2147483648"), ("summary", "2147483648"),
                          ("article", "9223372036854775807"), ("facts", "2147483648")]:  # fmt: skip
        text = text_of(asyncio.run(conversation.dispatch(ADMIN, command, args, None)))
        assert "is not an article id" in text, (command, text)
        assert "unavailable" not in text and "Sorry" not in text
    [reply] = asyncio.run(conversation.button(ADMIN, "a:2147483648"))
    assert "no longer valid" in telegram_html_to_plain(reply.html)

"""A newcomer's first hour with the bot: a non-empty first briefing, pasted articles, lists
that page, numbers with reasons, and answers that split where a reader would."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram.render import MAX_MESSAGE, facts_block_html, facts_detail_html, split_html
from storage import StoredFact
from tests.bot.test_conversation import ADMIN, ALICE, GROUP, talk, text_of

__all__ = ["talk"]  # the fixture, shared with test_conversation.py

ARTICLE = (
    "Houthi forces fired two anti-ship missiles at a tanker in the Red Sea on Monday, the "
    "vessel's operator said. Nobody was hurt, but the ship was damaged near its bow. A European "
    "Union warship escorted it to Djibouti. The group has attacked dozens of ships since 2023."
)


def buttons(reply):
    return [b for row in reply.buttons for b in row]


def test_the_first_on_demand_briefing_shows_the_latest_stories(talk):
    """A fresh archive has nothing "since the last briefing": /brief shows what there is."""
    replies = talk(ALICE, "brief")
    text = text_of(replies)
    assert "here are the latest stories" in text
    assert "1. " in text and "Nothing new on your topics" not in text
    pressed = asyncio.run(talk.conversation.button(ALICE, "brief"))
    assert "here are the latest stories" in text_of(pressed)


def test_a_pasted_article_gets_its_summary_and_a_remark_the_hint(talk):
    conversation = talk.conversation
    card = text_of(asyncio.run(conversation.text(ALICE, ARTICLE)))
    assert "• Houthi forces fired two anti-ship missiles" in card and "Who:" in card
    hint = text_of(asyncio.run(conversation.text(ALICE, "thanks, that was useful!")))
    assert "Send me a link" in hint
    assert asyncio.run(conversation.text(GROUP, ARTICLE)) == []  # groups: commands only


def test_latest_lists_page_with_a_button_for_every_article(talk):
    [page] = talk(ALICE, "latest", "7")
    listed = [line.split()[0] for line in text_of([page]).splitlines() if line.startswith("#")]
    assert len(listed) == 7
    labels = [b.label for b in buttons(page)]
    assert labels[:7] == listed and labels[-1] == "Older »"
    older = next(b for b in buttons(page) if b.label == "Older »")
    [second] = asyncio.run(talk.conversation.button(ALICE, older.data))
    shown = [line.split()[0] for line in text_of([second]).splitlines() if line.startswith("#")]
    assert shown and not set(shown) & set(listed)  # 11 articles: 4 more, none repeated
    assert len(shown) == 4 and "« Newer" in [b.label for b in buttons(second)]
    assert "Older »" not in [b.label for b in buttons(second)]
    [plain] = talk(ALICE, "latest")
    assert "Older »" in [b.label for b in buttons(plain)]  # 5 of 11: there is more


@pytest.mark.parametrize("value", ["0", "abc", "³", "100", "-3", "99999999999999999999"])
def test_bad_counts_get_a_reason(talk, value):
    assert "a number from 1 to 20" in text_of(talk(ALICE, "latest", value))


@pytest.mark.parametrize("command", ["summary", "facts", "article"])
@pytest.mark.parametrize("value", ["²", "#³", "99999999999999999999999", "0"])
def test_ids_in_any_digits_or_out_of_range_get_a_reason(talk, command, value):
    assert "is not an article id" in text_of(talk(ALICE, command, value))


def test_summary_of_a_word_says_what_it_expects(talk):
    answer = text_of(talk(ALICE, "summary", "abc"))
    assert "neither an article id, a link nor an article's text" in answer
    assert "furniture" not in answer


@pytest.mark.parametrize(
    "data",
    [
        "a:²",
        "a:99999999999999999999",
        "items:³",
        "s:1:²",
        "l:0:0",
        "l:0:999",
        "s:1:99999999",
        "l:x",
        "a:",
        ":::",
        "a:1:2",
    ],
)
def test_hostile_button_data_is_refused_politely(talk, data):
    answer = text_of(asyncio.run(talk.conversation.button(ALICE, data)))
    assert answer.startswith(("That button is no longer valid", "⚠️")), answer


def test_every_article_in_search_results_has_its_button(talk):
    [page] = talk(ADMIN, "search", "drones")
    ids = [line.split()[0] for line in text_of([page]).splitlines() if line.startswith("#")]
    assert [b.label for b in buttons(page)][: len(ids)] == ids


# -- rendering ----------------------------------------------------------------------------------


def _fact(category, name, kind=None, text=None, count=1, sentence="s"):
    return StoredFact(category, name, kind, text, [text or name or ""], count, sentence)


def test_when_lines_say_each_date_once_and_unresolved_ones_plainly():
    facts = [
        _fact("date", "2035", text="2035"),
        _fact("date", "2026-11-19", text="Thursday"),
        _fact("date", None, text="Sunday", sentence="They met on Sunday."),
    ]
    assert "<b>When:</b> 2035, 2026-11-19 (Thursday)" in facts_block_html(facts)
    detail = facts_detail_html("T", facts)
    assert "2035 (2035)" not in detail and "? (Sunday)" not in detail
    assert "Sunday (date unknown)" in detail


def test_named_systems_come_before_classes():
    facts = [
        _fact("weapon", "drones", "drone", count=9),
        _fact("weapon", "IEDs", "IED", count=5),
        _fact("weapon", "Bayraktar TB2", "drone"),
        _fact("weapon", "IRIS-T SLM", "SAM"),
    ]
    line = facts_block_html(facts)
    assert line.index("Bayraktar TB2") < line.index("IEDs") and line.index("IRIS-T") < line.index(
        "drones"
    )
    detail = facts_detail_html("T", facts)
    assert detail.index("IRIS-T SLM") < detail.index("drones") < detail.index("IEDs")


def test_long_answers_split_between_bullets_never_inside_one():
    bullets = [
        f"• <b>Fact {i}</b>: <i>Diplomats said the panel monitoring sanctions met in "
        f"March {2000 + i}, and officials said more talks would follow.</i>"
        for i in range(90)
    ]
    parts = split_html("<b>Title</b>\n\n" + "\n".join(bullets))
    assert len(parts) > 1 and all(len(p) <= MAX_MESSAGE for p in parts)
    for part in parts:
        for line in part.splitlines()[1:] if part.startswith("<b>Title") else part.splitlines():
            if line.strip():
                assert line in bullets, line  # every line is a whole bullet


def test_a_bullet_longer_than_a_message_splits_at_a_sentence_end():
    sentence = "The U.N. panel monitoring sanctions met again in March. "
    bullet = "• " + sentence * 120
    parts = split_html(bullet)
    assert len(parts) > 1
    for part in parts[:-1]:
        assert part.endswith("March."), part[-40:]
    assert "".join(p.replace("• ", "") for p in parts).replace(" ", "") == bullet[2:].replace(
        " ", ""
    )

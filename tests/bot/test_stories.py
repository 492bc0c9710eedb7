"""Stories told once from all their sources, updates on what a chat was told before, and the
story behind one article (/summary's button, `briefing story`), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.telegram.conversation import Conversation
from bot.telegram.render import telegram_html_to_plain
from bot.telegram.story_render import briefing_html
from bot.usecases.errors import NotFound
from storage.audience import ChatInfo
from tests.bot.cli_run import cli, cli_env
from tests.bot.test_conversation import ALICE, text_of

STRIKE = (
    "Russian drones struck the port of Odesa overnight, setting grain silos on fire and "
    "damaging two ships, Ukrainian officials said on Tuesday.\n"
    "The governor of the Odesa region, Oleh Kiper, said firefighters worked through the night "
    "to contain the blaze at the terminal.\n"
    "Ukraine's air force said it shot down 31 of the 40 drones launched at the region."
)
STRIKE_AGAIN = (
    "Russian drones struck the Odesa port overnight, setting grain silos ablaze, Ukrainian "
    "officials said on Tuesday.\n"
    "At least 14 dock workers were killed and 22 injured, the Ministry of Internal Affairs "
    "said, making it the deadliest attack on the port since March.\n"
    "Firefighters worked through the night to contain the blaze at the terminal."
)
LATER = (
    "The death toll from Tuesday's Russian drone strike on the Odesa port rose to 19 on "
    "Wednesday, the Ministry of Internal Affairs said, as rescuers searched the burnt grain "
    "silos of the terminal.\n"
    "President Volodymyr Zelensky called for more Patriot air-defence systems for the Odesa "
    "region.\n"
    "The port's operator said exports would resume within 10 days."
)
UNRELATED = (
    "North Korea fired a ballistic missile into the sea off its east coast on Wednesday, "
    "South Korea's Joint Chiefs of Staff said.\n"
    "The missile flew about 800 kilometres, Japan's defence ministry said."
)


def _add(service, title, text, source, hours_ago, url):
    published = (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat()
    record = {"title": title, "text": text, "source": source, "published": published, "url": url}
    result = service.ingest_record(record)
    assert not result.duplicate
    return result.id


def _sentences_from(story, texts_by_source):
    for sentence, source in zip(story.summary, story.summary_sources, strict=True):
        assert sentence in texts_by_source[source], (sentence, source)


def test_a_story_with_several_sources_gets_one_summary_from_all_of_them(service):
    first = _add(service, "Drones hit Odesa port", STRIKE, "Wire", 3, "https://a.example/1")
    second = _add(service, "Drone attack on Odesa port kills 14", STRIKE_AGAIN, "Courier", 2,
                  "https://b.example/1")  # fmt: skip
    _add(service, "North Korea fires missile", UNRELATED, "Seoul Daily", 1, "https://c.example/1")
    briefing = service.compose_briefing(None)
    story = next(s for s in briefing.stories if first in s.article_ids)
    assert sorted(story.article_ids) == sorted([first, second])
    assert len(story.summary) == len(story.summary_sources) >= 2
    _sentences_from(story, {"Wire": STRIKE, "Courier": STRIKE_AGAIN})
    # the second source's new numbers come in, credited to it; the shared lead comes once
    assert any("14 dock workers" in s for s in story.summary)
    assert story.summary_sources[story.summary.index(
        next(s for s in story.summary if "14 dock workers" in s))] == "Courier"  # fmt: skip
    assert sum("grain silos" in s for s in story.summary) == 1
    assert len(set(story.summary)) == len(story.summary)
    shown = telegram_html_to_plain(briefing_html(briefing))
    assert "— Courier" in shown and "— Wire" in shown


def test_a_story_told_before_comes_as_what_is_new_since(service):
    chat = ChatInfo(42, "private", "alice")
    service.subscribe(chat, "07:00", "UTC")
    told = _add(service, "Drones hit Odesa port", STRIKE, "Wire", 30, "https://a.example/2")
    briefings = service.briefings
    period = "2026-01-01"
    assert briefings.claim(chat.id, period)
    briefings.finish(chat.id, period, "sent", article_ids=[told])
    later = _add(service, "Drone strike on Odesa port: toll rises to 19", LATER, "Courier", 2,
                 "https://b.example/2")  # fmt: skip
    other = _add(service, "North Korea fires missile", UNRELATED, "Seoul Daily", 1,
                 "https://c.example/2")  # fmt: skip
    since = datetime.now(UTC) - timedelta(hours=24)
    briefing = service.compose_briefing(chat.id, since)
    update = next(s for s in briefing.stories if later in s.article_ids)
    assert update.update_since is not None
    assert update.update_since < datetime.now(UTC) - timedelta(hours=24)
    assert update.summary, "the later article has new facts"
    assert not any(sentence in STRIKE for sentence in update.summary)
    assert any("19" in s or "10 days" in s or "Patriot" in s for s in update.summary)
    fresh = next(s for s in briefing.stories if other in s.article_ids)
    assert fresh.update_since is None
    shown = telegram_html_to_plain(briefing_html(briefing))
    assert "Update: Drone strike on Odesa port: toll rises to 19" in shown and "New since" in shown
    # a reader who was told nothing gets the story in full
    plain = service.compose_briefing(None, since)
    assert all(s.update_since is None for s in plain.stories)


def test_a_story_with_nothing_new_to_the_chat_is_left_out(service):
    chat = ChatInfo(43, "private", "bob")
    service.subscribe(chat, "07:00", "UTC")
    told = _add(service, "Drones hit Odesa port", STRIKE, "Wire", 30, "https://a.example/3")
    alerted = _add(service, "North Korea fires missile", UNRELATED, "Seoul Daily", 3,
                   "https://c.example/3")  # fmt: skip
    assert service.briefings.claim(chat.id, "2026-01-02")
    service.briefings.finish(chat.id, "2026-01-02", "sent", article_ids=[told, alerted])
    again = _add(service, "Odesa port hit by drones", STRIKE.replace("Tuesday", "Tuesday morning"),
                 "Courier", 2, "https://b.example/3")  # fmt: skip
    fresh = _add(service, "Houthis hit tanker", "Houthi forces fired two anti-ship missiles at "
                 "a tanker in the Red Sea on Monday, the operator said.", "Gulf Wire", 1,
                 "https://d.example/3")  # fmt: skip
    since = datetime.now(UTC) - timedelta(hours=24)
    subscription = service.subscription(chat.id)
    # the repeat of a told story, and a story alerted earlier today, give way to news
    one = service.briefings.compose(replace(subscription, items=1, last_briefing_at=since),
                                    datetime.now(UTC))  # fmt: skip
    assert [s.article_ids for s in one.stories] == [[fresh]]
    briefing = service.compose_briefing(chat.id, since)
    shown = [i for s in briefing.stories for i in s.article_ids]
    assert again not in shown and alerted not in shown and fresh in shown


def test_the_story_behind_one_article(service):
    first = _add(service, "Drones hit Odesa port", STRIKE, "Wire", 3, "https://a.example/4")
    second = _add(service, "Drone attack on Odesa port kills 14", STRIKE_AGAIN, "Courier", 2,
                  "https://b.example/4")  # fmt: skip
    alone = _add(service, "North Korea fires missile", UNRELATED, "Seoul Daily", 1,
                 "https://c.example/4")  # fmt: skip
    story = service.story(second)
    assert story is not None and sorted(story.article_ids) == sorted([first, second])
    assert service.card_for_article(first).story_articles == 2
    assert service.story(alone) is None
    assert service.card_for_article(alone).story_articles == 0
    with pytest.raises(NotFound):
        service.story(999_999)


def test_a_summary_card_has_a_button_for_the_whole_story(service):
    first = _add(service, "Drones hit Odesa port", STRIKE, "Wire", 3, "https://a.example/5")
    _add(service, "Drone attack on Odesa port kills 14", STRIKE_AGAIN, "Courier", 2,
         "https://b.example/5")  # fmt: skip
    alone = _add(service, "North Korea fires missile", UNRELATED, "Seoul Daily", 1,
                 "https://c.example/5")  # fmt: skip
    conversation = Conversation(service)
    card = asyncio.run(conversation.dispatch(ALICE, "summary", str(first)))
    [button] = [b for r in card for row in r.buttons for b in row]
    assert button.label == "Whole story · 2 articles" and button.data == f"st:{first}"
    whole = text_of(asyncio.run(conversation.button(ALICE, button.data)))
    assert "2 sources: Wire" in whole and "Courier" in whole
    assert "14 dock workers" in whole
    lone = asyncio.run(conversation.dispatch(ALICE, "summary", str(alone)))
    assert not [b for r in lone for row in r.buttons for b in row]
    missing = text_of(asyncio.run(conversation.button(ALICE, "st:999999")))
    assert "999999" in missing
    not_a_story = text_of(asyncio.run(conversation.button(ALICE, f"st:{alone}")))
    assert "not part of a story" in not_a_story


def test_briefing_story_on_the_command_line(tmp_path, monkeypatch):
    env = cli_env(tmp_path, monkeypatch, max_document_bytes=1_000_000)
    now = datetime.now(UTC)
    lines = [
        {"title": "Drones hit Odesa port", "text": STRIKE, "source": "Wire",
         "published": (now - timedelta(hours=3)).isoformat(), "url": "https://a.example/6"},
        {"title": "Drone attack on Odesa port kills 14", "text": STRIKE_AGAIN,
         "source": "Courier", "published": (now - timedelta(hours=2)).isoformat(),
         "url": "https://b.example/6"},
        {"title": "North Korea fires missile", "text": UNRELATED, "source": "Seoul Daily",
         "published": (now - timedelta(hours=1)).isoformat(), "url": "https://c.example/6"},
    ]  # fmt: skip
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    assert cli(env, "ingest", "--jsonl", str(batch)).exit_code == 0
    shown = json.loads(cli(env, "story", "1", "--json").output)["story"]
    assert sorted(shown["article_ids"]) == [1, 2]
    assert len(shown["summary"]) == len(shown["summary_sources"])
    assert shown["update_since"] is None
    assert json.loads(cli(env, "story", "3", "--json").output) == {"story": None}
    plain = cli(env, "story", "2")
    assert plain.exit_code == 0 and "2 sources: " in plain.output
    missing = cli(env, "story", "99")
    assert missing.exit_code == 1 and "99" in missing.output


def test_an_alert_on_a_story_told_before_is_an_update_or_not_sent(service):
    chat = ChatInfo(44, "private", "carol")
    service.subscribe(chat, "07:00", "UTC")
    told = _add(service, "Drones hit Odesa port", STRIKE, "Wire", 30, "https://a.example/7")
    assert service.briefings.claim(chat.id, "2026-01-03")
    service.briefings.finish(chat.id, "2026-01-03", "sent", article_ids=[told])
    assert service.watch(chat, "keyword", "Odesa")
    again = _add(service, "Odesa port hit by drones", STRIKE.replace("Tuesday", "Tuesday morning"),
                 "Courier", 2, "https://b.example/7")  # fmt: skip
    now = datetime.now(UTC)
    assert [s for c, s in service.briefings.alerts(now) if c.chat_id == chat.id] == []
    later = _add(service, "Drone strike on Odesa port: toll rises to 19", LATER, "Herald", 1,
                 "https://c.example/7")  # fmt: skip
    [story] = [s for c, s in service.briefings.alerts(datetime.now(UTC)) if c.chat_id == chat.id]
    assert later in story.article_ids and again in story.article_ids
    assert story.update_since is not None and story.summary
    assert not any(sentence in STRIKE for sentence in story.summary)

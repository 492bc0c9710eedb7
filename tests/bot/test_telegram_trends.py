"""/timeline, /trend and surge alerts through the real PTB Application, over real HTTP, against
the Bot API test server on 127.0.0.1: the chart must arrive as a photo a phone shows."""

from __future__ import annotations

import io
import time as clock
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from bot.usecases.surges import SURGE_MIN
from storage.briefings import deliveries
from tests.bot.running import RunningBot, ask, bot_settings
from tests.bot.telegram_server import FakeTelegram

ALICE, BOB = 101, 202


@pytest.fixture
def telegram():
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def bot(telegram, archive, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    db, service, _ = archive
    settings = bot_settings(db, telegram).model_copy(update={"alert_interval_seconds": 1})
    with RunningBot(settings, service) as running:
        running.db = db
        running.service = service
        yield running


def test_trend_sends_its_chart_as_a_photo_with_the_numbers_as_caption(bot, telegram):
    [photo] = ask(telegram, ALICE, "/trend missile vs drones")
    assert photo["method"] == "sendPhoto" and photo["parse_mode"] == "HTML"
    assert photo["mime_type"] == "image/png" and (photo["width"], photo["height"]) == (1280, 720)
    with Image.open(io.BytesIO(photo["data"])) as image:
        assert image.format == "PNG" and image.size == (1280, 720)
    caption = photo["plain"]
    missile, drones, legend = caption.splitlines()
    assert missile.startswith("missile: ") and "30-day average" in missile and " in all" in missile
    assert drones.startswith("drones: ")
    assert legend.startswith("Articles per day")
    shown = telegram.message(ALICE, photo["message_id"])
    assert shown["photo"][-1]["width"] == 1280  # the chat shows the picture itself
    assert telegram.rejections == []


def test_trend_without_matches_usage_and_too_many_queries(bot, telegram):
    [nothing] = ask(telegram, ALICE, "/trend zzyzxq")
    assert nothing["method"] == "sendMessage" and "No articles mention zzyzxq" in nothing["plain"]
    [usage] = ask(telegram, ALICE, "/trend")
    assert "Usage" in usage["plain"]
    [many] = ask(telegram, ALICE, "/trend a vs b vs c vs d vs e")
    assert "at most 4" in many["plain"]
    [dates] = ask(telegram, ALICE, "/trend since:7d")
    assert "counts words" in dates["plain"]


def test_timeline_pages_back_with_buttons(bot, telegram):
    [page] = ask(telegram, ALICE, "/timeline missile")
    text = page["plain"]
    assert text.startswith("Timeline: missile")
    [[earlier]] = page["reply_markup"]["inline_keyboard"]
    assert earlier["text"] == "« Earlier" and earlier["callback_data"].startswith("tlb:")
    newest = text.split("\n\n")[1:]
    telegram.press_button(ALICE, page["message_id"], earlier["callback_data"])
    telegram.wait_for_calls("editMessageText")
    back = telegram.message(ALICE, page["message_id"])
    older = back["text"].split("\n\n")[1:]
    assert older and not set(older) & set(newest)
    labels = [b["text"] for row in back["reply_markup"]["inline_keyboard"] for b in row]
    assert "Later »" in labels
    [usage] = ask(telegram, ALICE, "/timeline")
    assert "Usage" in usage["plain"]
    [refused] = ask(telegram, ALICE, "/timeline since:2025-01-01")
    assert "a timeline follows" in refused["plain"]


def test_a_surge_on_a_watched_keyword_alerts_once(bot, telegram):
    later = (datetime.now(UTC) + timedelta(hours=12)).strftime("%H:%M")  # no briefing now
    ask(telegram, ALICE, f"/subscribe {later} UTC")
    ask(telegram, ALICE, "/settings watch keyword Lancet")
    now = datetime.now(UTC).isoformat()
    for n in range(SURGE_MIN + 1):
        bot.service.ingest_record({
            "title": f"Lancet drones hit depot {n}", "source": f"Wire {n}", "published": now,
            "text": f"Russian Lancet drones struck a fuel depot near the front, report {n} "
                    "said, and fire crews worked through the night to put out the blaze.",
        })  # fmt: skip
    deadline = clock.monotonic() + 30
    surges: list[dict] = []
    while clock.monotonic() < deadline and not surges:
        surges = [m for m in telegram.messages_to(ALICE) if "Surge" in (m["text"] or "")]
        clock.sleep(0.2)
    clock.sleep(3)  # more alert rounds pass
    surges = [m for m in telegram.messages_to(ALICE) if "Surge" in (m["text"] or "")]
    assert len(surges) == 1
    assert (
        f"Lancet: {SURGE_MIN + 1} articles today, none in the 30 days before" in surges[0]["text"]
    )
    with bot.db.read() as session:
        kinds = [r.kind for r in deliveries(session, ALICE)]
    assert kinds.count("surge") == 1


def test_a_timeline_page_shows_every_entry_whatever_its_links(bot, telegram):
    """Long sentences and long links (one with a quote in it) still make one page of six
    entries that Telegram accepts: nothing is cut off, and the button pages past them."""
    today = datetime.now(UTC).date()
    for n in range(8):
        day = today - timedelta(days=2 * n + 1)
        url = f'https://news.example/{"x" * 600}/{n}?a="b"&c=<d>'
        bot.service.ingest_record({
            "title": f"Zeppelin sighting {n}", "source": f"Outlet {'&<' * 30} {n}", "url": url,
            "published": day.isoformat(),
            "text": f"A surveillance zeppelin was seen over the harbour on {day:%B} {day.day}, "
                    f"{day.year}, port officials said in a long statement number {n} that "
                    + "went on to describe the weather, the wind and the tides " * 6 + ".",
        })  # fmt: skip
    [page] = ask(telegram, ALICE, "/timeline zeppelin")
    assert telegram.rejections == []
    shown = telegram.message(ALICE, page["message_id"])["text"]  # as Telegram parsed it
    entries = shown.split("\n\n")[1:]
    assert len(entries) == 6
    assert len(shown) <= 4096 < len(page["text"])  # the links' addresses are not counted
    [[earlier]] = page["reply_markup"]["inline_keyboard"]
    telegram.press_button(ALICE, page["message_id"], earlier["callback_data"])
    telegram.wait_for_calls("editMessageText")
    older = telegram.message(ALICE, page["message_id"])["text"].split("\n\n")[1:]
    assert len(older) == 2 and not set(older) & set(entries)


def test_a_full_timeline_page_fits_one_message_by_construction():
    from bot.telegram.trend_commands import TIMELINE_PER_PAGE
    from bot.telegram.trend_render import MAX_ENTRY_CHARS

    title_and_notes = 100 + 3 * 121
    assert title_and_notes + TIMELINE_PER_PAGE * (MAX_ENTRY_CHARS + 2) <= 4096


def test_a_trend_caption_of_hostile_queries_is_accepted_whole(bot, telegram):
    queries = " vs ".join(["<b>&amp;" * 20 + f" missile{n}" for n in range(4)])
    [answer] = ask(telegram, ALICE, f"/trend {queries}")
    assert telegram.rejections == []
    assert answer["method"] == "sendMessage"  # nothing matches: a sentence, not a chart
    [photo] = ask(telegram, ALICE, "/trend " + " vs ".join(["missile & <drones>"] * 4))
    assert photo["method"] == "sendPhoto" and telegram.rejections == []
    assert photo["plain"].count("missile & <drones>") == 4

"""Per-user limits: the token buckets on a fake clock, and the bot's answers when they run out."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram.conversation import Caller, Conversation
from bot.telegram.limits import RateLimits, text_cost
from bot.telegram.render import telegram_html_to_plain
from storage.audience import ChatInfo

ALICE = Caller(ChatInfo(101, "private", "alice"), 101)
BOB = Caller(ChatInfo(202, "private", "bob"), 202)
ADMIN = Caller(ChatInfo(7, "private", "admin"), 7, is_admin=True)
GROUP = Caller(ChatInfo(-500, "group", "analysts"), 101)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_size_then_refills_at_its_rate():
    clock = Clock()
    limits = RateLimits({"search": 6}, clock)
    assert [limits.take("search", 1) for _ in range(6)] == [0.0] * 6
    assert limits.take("search", 1) == 10  # one token every 10 s
    assert limits.take("search", 2) == 0.0  # other users have their own bucket
    clock.now += 10
    assert limits.take("search", 1) == 0.0
    assert limits.take("search", 1) > 0
    clock.now += 3600
    assert [limits.take("search", 1) for _ in range(6)] == [0.0] * 6  # never more than full


def test_costs_zero_limits_and_the_largest_request():
    limits = RateLimits({"summary": 6, "search": 0}, Clock())
    assert all(limits.take("search", 1) == 0.0 for _ in range(1000))  # 0 means unlimited
    assert limits.take("summary", 1, cost=100) == 0.0  # a full bucket pays for anything...
    assert limits.take("summary", 1) > 0  # ...and is then empty
    assert text_cost(0) == 1 and text_cost(6_000) == 1
    assert text_cost(20_001) == 2 and text_cost(1_000_000) == 50


def test_memory_is_bounded_by_forgetting_the_least_recently_seen(monkeypatch):
    monkeypatch.setattr("bot.telegram.limits._MAX_TRACKED", 100)
    limits = RateLimits({"search": 5}, Clock())
    for _ in range(5):
        limits.take("search", 0)  # user 0 has used everything...
    assert limits.take("search", 0) > 0
    for user in range(1, 100):
        limits.take("search", user)
    limits.take("search", 0)  # ...and is seen again, so is not the one forgotten
    limits.take("search", 100)  # the 101st user: user 1 goes
    assert len(limits._buckets) == 100
    assert ("search", 1) not in limits._buckets and limits.take("search", 0) > 0


@pytest.fixture
def limited(archive):
    _db, service, seed_id = archive
    clock = Clock()
    conversation = Conversation(service, limits=RateLimits({"summary": 3, "search": 4}, clock))

    def say(caller, command, args=""):
        return "\n".join(
            telegram_html_to_plain(r.html)
            for r in asyncio.run(conversation.dispatch(caller, command, args))
        )

    say.clock, say.seed_id, say.conversation = clock, seed_id, conversation
    return say


def test_summary_flood_is_refused_politely_and_recovers(limited):
    answers = [limited(ALICE, "summary", str(limited.seed_id)) for _ in range(4)]
    assert all("Kim Jong Un" in a for a in answers[:3])
    assert answers[3].startswith("⏳") and "try again in 20 s" in answers[3]
    assert "Kim Jong Un" in limited(BOB, "summary", str(limited.seed_id))
    assert "Kim Jong Un" in limited(ADMIN, "summary", str(limited.seed_id))
    limited.clock.now += 20
    assert "Kim Jong Un" in limited(ALICE, "facts", str(limited.seed_id))


def test_a_huge_pasted_text_costs_more_than_a_short_one(limited, seed_text):
    huge = (seed_text + "\n\n") * 40  # ~120,000 characters
    assert text_cost(len(huge)) >= 3
    first = limited(ALICE, "summary", huge)
    assert not first.startswith("⏳")
    assert limited(ALICE, "summary", str(limited.seed_id)).startswith("⏳")


def test_search_flood_is_refused_including_paging_buttons(limited):
    answers = [limited(ALICE, "search", "Kim") for _ in range(4)]
    assert all("1 result for Kim" in a for a in answers)
    assert limited(ALICE, "search", "Kim").startswith("⏳")
    refused = asyncio.run(limited.conversation.button(ALICE, "s:1:1"))
    assert telegram_html_to_plain(refused[0].html).startswith("⏳")
    assert "1 result for Kim" in limited(BOB, "search", "Kim")


def test_in_groups_the_bot_only_answers_commands(limited, seed_text):
    conversation = limited.conversation
    link = "look at https://example.org/story"
    assert asyncio.run(conversation.text(GROUP, link)) == []
    assert asyncio.run(conversation.unknown(GROUP, "otherbotcommand")) == []
    data = seed_text.encode()
    assert asyncio.run(conversation.document(GROUP, "story.txt", data, None)) == []
    asked = asyncio.run(conversation.document(GROUP, "story.txt", data, "/summary"))
    assert "Kim Jong Un" in telegram_html_to_plain(asked[0].html)
    # In a private chat the same things get answers.
    assert asyncio.run(conversation.unknown(ALICE, "nonsense"))
    assert asyncio.run(conversation.document(ALICE, "story.txt", data, None))

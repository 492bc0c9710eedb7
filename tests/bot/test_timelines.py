"""Timelines, trends, surges and charts, through the use cases on SQLite and PostgreSQL, the
command line, and the pure pieces they stand on."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest
from PIL import Image

from bot.telegram.story_render import briefing_html
from bot.usecases import timelines
from bot.usecases.config import Settings
from bot.usecases.core import open_database
from bot.usecases.errors import InputError
from bot.usecases.service import BriefingService
from bot.usecases.surges import SURGE_MIN, Surge, surge_of, watch_query
from bot.usecases.trend_chart import CHART_PIXELS, render_png
from storage.audience import ChatInfo
from summarizer.timeline import DatedSentence, Subject, about, events, period_of
from tests.bot.cli_run import cli, cli_env

TODAY = datetime.now(UTC).date()  # the day surges count in


def _day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _add(service, title, text, source, published: date, url=None):
    moment = datetime.combine(published, time(9), UTC)
    record = {"title": title, "text": text, "source": source, "published": moment.isoformat()}
    if url:
        record["url"] = url
    result = service.ingest_record(record)
    assert not result.duplicate
    return result.id


@pytest.fixture
def on_cli(tmp_path, monkeypatch, extractor):
    """The command line's environment, and a service on the same SQLite file."""
    env = cli_env(tmp_path, monkeypatch, max_document_bytes=1_000_000)
    db = open_database(env["BRIEFING_DATABASE_URL"])
    yield env, BriefingService(db, Settings(_env_file=None), extractor)  # type: ignore[call-arg]
    db.dispose()


# A paragraph a report: `key | source | day | url`, then its title, then its text, one sentence
# a line (a backslash goes on with the same sentence); {launch} and {again} are the launch days.
_LAUNCH_REPORTS = """
wire | Wire | launch | https://wire.example/1
North Korea fires Hwasong-18
North Korea fired a Hwasong-18 intercontinental ballistic missile from Pyongyang \
on {launch}, South Korea's military said.
The missile flew for 73 minutes before falling into the sea east of Japan.
North Korea first flew the solid-fuel Hwasong-18 in April 2023.

courier | Courier | a day later | https://courier.example/1
Pyongyang tests solid-fuel ICBM
The Hwasong-18 missile North Korea launched on {launch} flew for 73 minutes \
into the sea east of Japan, Japanese officials said.
Tokyo lodged a protest through diplomatic channels in Beijing.

again | Wire | again | https://wire.example/2
Second Hwasong-18 test this month
North Korea tested another Hwasong-18 from a mobile launcher near Sunchon on \
{again}, its state media said.
Leader Kim Jong Un watched the launch with his daughter.

noise | Wire | launch | https://wire.example/3
Floods in the south
Heavy rain flooded farms across the southern provinces on {launch}, \
officials said, and 300 people left their homes.
The weather service expects more rain next week.
"""


def _launch_archive(service):
    """One launch told by two sources, a later test, an old first flight, and noise."""
    launch, again = _day(20), _day(6)
    days = {"launch": launch, "a day later": launch + timedelta(days=1), "again": again}
    ids = {}
    for report in _LAUNCH_REPORTS.strip().split("\n\n"):
        head, title, *text = report.splitlines()
        key, source, day, url = (field.strip() for field in head.split("|"))
        body = "\n".join(text).format(launch=_long(launch), again=_long(again))
        ids[key] = _add(service, title, body, source, days[day], url)
    return ids, launch, again


def test_a_timeline_joins_the_reports_of_one_event_in_date_order(service):
    ids, launch, again = _launch_archive(service)
    found = service.timeline("Hwasong")
    assert [e.date for e in found.entries] == ["2023-04", launch.isoformat(), again.isoformat()]
    first_flight, joined, later = found.entries
    assert {s.id for s in joined.sources} == {ids["wire"], ids["courier"]}
    assert next(s.id for s in joined.sources) == ids["wire"]  # the earliest report first
    assert joined.sentence.startswith("North Korea fired a Hwasong-18")  # the earliest telling
    assert [s.id for s in later.sources] == [ids["again"]]
    assert first_flight.label == "Apr 2023" and joined.label == f"{launch.day} {launch:%b %Y}"
    assert found.earlier is None and found.later is None
    # The flood shares the launch's date but not its subject: it is in no entry.
    assert all(ids["noise"] not in [s.id for s in e.sources] for e in found.entries)


def test_timeline_filters_dates_pages_and_refuses_what_follows_nothing(service):
    _ids, launch, again = _launch_archive(service)
    since = service.timeline("Hwasong", since=launch)
    assert [e.date for e in since.entries] == [launch.isoformat(), again.isoformat()]
    until = service.timeline(f"Hwasong until:{(again - timedelta(days=1)).isoformat()}")
    assert [e.date for e in until.entries] == ["2023-04", launch.isoformat()]
    newest = service.timeline("Hwasong", limit=1)
    assert [e.date for e in newest.entries] == [again.isoformat()]
    assert newest.earlier is not None and newest.later is None
    older = service.timeline("Hwasong", limit=1, before=newest.earlier)
    assert [e.date for e in older.entries] == [launch.isoformat()]
    assert older.later is not None
    back = service.timeline("Hwasong", limit=1, after=older.later)
    assert back.entries == newest.entries and back.later is None
    oldest = service.timeline("Hwasong", limit=1, pages_back=2)
    assert [e.date for e in oldest.entries] == ["2023-04"] and oldest.earlier is None
    assert service.timeline("Hwasong", limit=1, pages_back=3).entries == ()
    with pytest.raises(InputError, match="at most 50"):
        service.timeline("Hwasong", pages_back=51)
    weapon = service.timeline("weapon:Hwasong-18")
    assert [e.date for e in weapon.entries][-1] == again.isoformat()
    for text in ("", "since:2024-01-01", "-Hwasong"):
        with pytest.raises(InputError, match="a timeline follows"):
            service.timeline(text)
    with pytest.raises(InputError, match="1 to 100"):
        service.timeline("Hwasong", limit=0)


@pytest.mark.parametrize("chunk", [1, 2, 10_000])
def test_reading_in_chunks_finds_what_reading_everything_finds(service, monkeypatch, chunk):
    """The timeline stops reading once the page's events are complete; the events it
    returns are those of reading every match."""
    for n in range(12):
        day = _day(3 * n + 1)
        _add(service, f"Drill {n}", (
            f"North Korean artillery units held a live-fire drill number {n} near the "
            f"border on {_long(day)}, the Joint Chiefs of Staff said.\n"
            f"Around {40 + n} shells landed in the buffer zone."
        ), f"Source {n % 3}", day)  # fmt: skip
    monkeypatch.setattr(timelines, "_FIRST_CHUNK", 10_000)
    everything = [service.timeline("artillery", limit=4, pages_back=n).entries for n in range(3)]
    monkeypatch.setattr(timelines, "_FIRST_CHUNK", chunk)
    pages = [service.timeline("artillery", limit=4)]
    while pages[-1].earlier is not None:
        pages.append(service.timeline("artillery", limit=4, before=pages[-1].earlier))
    assert [p.entries for p in pages] == everything
    assert len({e.date for page in everything for e in page}) == 12  # no entry twice
    if chunk == 1:
        assert pages[0].articles_read < 12  # the newest page did not read the whole archive


def test_a_page_that_reads_its_limit_first_leads_on_to_the_rest(service, monkeypatch):
    """Each page reads at most READ_AT_MOST articles; a short page's "earlier" goes on from
    the oldest day it read, and walking back finds every event once."""
    for n in range(9):
        day = _day(5 * n + 1)
        _add(service, f"Patrol {n}", (
            f"A coast guard cutter shadowed a survey ship near the atoll on {_long(day)}, "
            f"in patrol number {n}, the navy said."
        ), "Wire", day)  # fmt: skip
    monkeypatch.setattr(timelines, "READ_AT_MOST", 2)
    pages = [service.timeline("cutter", limit=4)]
    while pages[-1].earlier is not None and len(pages) < 20:
        pages.append(service.timeline("cutter", limit=4, before=pages[-1].earlier))
    dates = [e.date for page in pages for e in page.entries]
    assert sorted(dates) == sorted({_day(5 * n + 1).isoformat() for n in range(9)})
    assert all(page.articles_read <= 2 for page in pages)
    # And forward again with "Later »", from the oldest page to the newest.
    back = [pages[-1]] if pages[-1].entries else [pages[-2]]
    while back[-1].later is not None and len(back) < 20:
        back.append(service.timeline("cutter", limit=4, after=back[-1].later))
    forward = [e.date for page in back for e in page.entries]
    assert forward == sorted(forward) and set(forward) == set(dates)


def test_timeline_json_is_the_contract(on_cli):
    env, service = on_cli
    ids, launch, _again = _launch_archive(service)
    result = cli(env, "timeline", "Hwasong", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert list(found) == ["query", "entries", "earlier"]
    assert found["query"] == "Hwasong"
    entry = found["entries"][1]
    assert list(entry) == ["date", "sentence", "sources"]
    assert entry["date"] == launch.isoformat()
    assert [list(s) for s in entry["sources"]] == [["id", "title", "url"]] * 2
    assert entry["sources"][0] == {
        "id": ids["wire"],
        "title": "North Korea fires Hwasong-18",
        "url": "https://wire.example/1",
    }
    text = cli(env, "timeline", "Hwasong", "--limit", "1")
    assert "(earlier events: --page 2)" in text.output
    bad = cli(env, "timeline", "Hwasong", "--since", "someday")
    assert bad.exit_code == 1 and "briefing: error: --since:" in bad.output


def test_trend_counts_articles_per_day_and_week_with_the_30_day_average(service):
    for days_ago, count in ((0, 3), (1, 1), (40, 2)):
        for n in range(count):
            _add(service, f"Houthi strike {days_ago}-{n}", (
                f"Houthi forces fired drones at shipping in the Red Sea, report {days_ago}-{n} "
                "said, as insurers raised war-risk premiums again."
            ), "Wire", _day(days_ago))  # fmt: skip
    found = service.trend(["Houthi"], since=_day(44), today=TODAY)
    [series] = found.series
    counts = dict(series.points)
    assert counts[TODAY] == 3 and counts[_day(1)] == 1 and counts[_day(40)] == 2
    assert series.total == 6 and series.peak == (TODAY, 3)
    averages = dict(zip((d for d, _ in series.points), series.averages, strict=True))
    assert averages[TODAY] == pytest.approx(4 / 30)  # today and yesterday in the 30 days
    assert averages[_day(11)] == pytest.approx(2 / 30)  # day 40 is 29 days before day 11
    assert averages[_day(10)] == 0
    weekly = service.trend(["Houthi"], since=_day(44), by="week", today=TODAY)
    assert weekly.series[0].total == 6
    assert all(d.weekday() == 0 for d, _ in weekly.series[0].points[1:])
    both = service.trend(["Houthi", "actor:Houthis"], today=TODAY)
    assert [s.query for s in both.series] == ["Houthi", "actor:Houthis"]
    for bad, message in (
        ({"by": "month"}, "by day or by week"),
        ({"since": TODAY + timedelta(days=1)}, "after its end"),
    ):
        with pytest.raises(InputError, match=message):
            service.trend(["Houthi"], today=TODAY, **bad)
    with pytest.raises(InputError, match="1 to 4"):
        service.trend(["a", "b", "c", "d", "e"])
    with pytest.raises(InputError, match="counts words"):
        service.trend(["since:7d"])


def _pixels_like(image: Image.Image, colour: str, tolerance: int = 40) -> int:
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    distance = np.abs(np.asarray(image, dtype=int)[:, :, :3] - target).max(axis=2)
    return int((distance <= tolerance).sum())


def test_a_chart_is_a_phone_sized_png_with_each_series_drawn(service):
    for days_ago in (0, 0, 1, 5, 20, 33):
        _add(service, f"Shahed {days_ago}", (
            f"Russia launched Shahed drones at Kyiv overnight, the air force said in report "
            f"{days_ago}-{service.stats().articles}, and most were shot down."
        ), "Wire", _day(days_ago))  # fmt: skip
    one = service.trend(["Shahed"], today=TODAY)
    two = service.trend(["Shahed", "Kyiv"], today=TODAY)
    for trend, colours in ((one, ["#1f5fa8"]), (two, ["#1f5fa8", "#d2691e"])):
        png = render_png(trend)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and 10_000 < len(png) < 400_000
        image = Image.open(io.BytesIO(png)).convert("RGB")
        assert image.size == CHART_PIXELS == (1280, 720)
        for colour in colours:
            assert _pixels_like(image, colour) > 200, colour  # the series and its average
        assert _pixels_like(image, "#ffffff", 5) > 0.6 * 1280 * 720  # a white background
        assert _pixels_like(image, "#000000", 60) > 2000  # text: title, axes, labels
    empty = service.trend(["zzyzx"], today=TODAY)
    assert Image.open(io.BytesIO(render_png(empty))).size == (1280, 720)


def test_trend_png_and_json_from_the_command_line(on_cli, tmp_path):
    env, service = on_cli
    _launch_archive(service)
    chart = tmp_path / "chart.png"
    result = cli(env, "trend", "Hwasong", "vs", "floods", "--png", str(chart), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output.splitlines()[0])
    assert list(found) == ["by", "since", "until", "series"]
    assert [s["query"] for s in found["series"]] == ["Hwasong", "floods"]
    assert [s["total"] for s in found["series"]] == [3, 1]
    assert list(found["series"][0]["points"][0]) == ["date", "count", "average"]
    with Image.open(chart) as drawn:
        assert drawn.size == (1280, 720)
    bad = cli(env, "trend", "Hwasong", "--by", "month")
    assert bad.exit_code == 1 and "by day or by week" in bad.output


def test_surge_rule_edges():
    quiet = {_day(n): 1 for n in range(1, 31)}  # one a day: average 1.0
    assert surge_of("X", {**quiet, TODAY: 2}, TODAY) is None  # under SURGE_MIN
    assert surge_of("X", {**quiet, TODAY: 5}, TODAY) == Surge("X", 5, 1.0, TODAY)
    busy = {_day(n): 2 for n in range(1, 31)}  # average 2.0: 6 is 3x
    assert surge_of("X", {**busy, TODAY: 5}, TODAY) is None
    assert surge_of("X", {**busy, TODAY: 6}, TODAY).ratio == pytest.approx(3.0)
    fresh = surge_of("X", {TODAY: SURGE_MIN}, TODAY)
    assert fresh is not None and fresh.ratio is None  # none in the 30 days before
    assert surge_of("X", {_day(31): 50, TODAY: 5}, TODAY).average == 0  # outside the 30 days
    assert watch_query("keyword", "  ").is_empty
    assert watch_query("keyword", "Shahed drones").groups[0][0].words == ("shahed", "drones")


def _surging(service, keyword: str, today: int):
    for n in range(today):
        _add(service, f"{keyword} report {n}", (
            f"{keyword} strikes hit a fuel depot near the front, local officials said in "
            f"statement number {n}, and fire crews worked through the night."
        ), f"Wire {n}", TODAY)  # fmt: skip


def test_a_watched_surge_alerts_once_a_day_and_rises_in_the_briefing(service):
    chat = ChatInfo(4242, "private", "analyst")
    service.subscribe(chat, "07:00", "UTC")
    service.watch(chat, "keyword", "Lancet")
    _surging(service, "Lancet", SURGE_MIN + 1)
    now = datetime.now(UTC)
    briefings = service.briefings
    [(subscription, surge, period)] = briefings.surge_alerts(now)
    assert subscription.chat_id == chat.id and surge.name == "Lancet"
    assert surge.count == SURGE_MIN + 1 and surge.ratio is None and surge.day == TODAY
    attempt = briefings.claim(chat.id, period, "surge")
    assert attempt
    briefings.finish(chat.id, period, "sent", None, "surge", attempt)
    assert briefings.claim(chat.id, period, "surge") is None  # once a day per item
    assert period.startswith(now.date().isoformat())
    composed = service.compose_briefing(chat.id)
    assert next(r.name for r in composed.rising) == "Lancet"
    rising = f"Rising (articles on {TODAY.day} {TODAY:%b}): Lancet 6 (new)"
    assert rising in briefing_html(composed).replace("<i>", "").replace("</i>", "")
    quiet = service.compose_briefing(None)  # no watch-list: only the archive's own surges
    assert "Lancet" not in [r.name for r in quiet.rising]


def test_dated_sentences_keep_the_finest_date_and_not_the_day_they_were_said():
    said = DatedSentence(
        "2026-11-17",
        "Houthi rebels struck a bulk carrier late Monday, officials said Tuesday.",
        1,
        texts=("Tuesday",),
    )
    struck = DatedSentence("2026-11-16", said.sentence, 1, texts=("late Monday",))
    month = DatedSentence("2026-11", "Earlier this month, on Nov. 6, it fired two KN-23s.", 2)
    day = DatedSentence("2026-11-06", month.sentence, 2)
    assert [e.period.value for e in events([said, struck, month, day])] == [
        "2026-11-06",
        "2026-11-16",
    ]
    alone = DatedSentence("2026-11-17", "The army said Tuesday it had shelled the port.", 3,
                          texts=("Tuesday",))  # fmt: skip
    assert [e.period.value for e in events([alone])] == ["2026-11-17"]  # its only date


def test_periods_and_subjects():
    assert period_of("2025-10-14").label == "14 Oct 2025"
    assert period_of("2025-10").span == 31 and period_of("2024-02").span == 29
    assert period_of("2025-W41").label == "week of 6 Oct 2025"
    assert period_of("2025-H2").start == date(2025, 7, 1) and period_of("2025-H2").span == 184
    assert period_of("2025/2026").span == 730
    assert period_of("2025-10-03/2025-10-05").label == "3 Oct 2025 – 5 Oct 2025"
    for nonsense in ("", "2025-13", "2025-W60", "0000", "2025-02-30", "2026/2025", "x"):
        assert period_of(nonsense) is None
    ordered = sorted(["2025-10-14", "2025", "2025-10", "2024-H2"], key=lambda v: period_of(v).key)
    assert ordered == ["2024-H2", "2025", "2025-10", "2025-10-14"]
    subject = Subject(groups=((("drone", "strike"),), (("yemen",), ("houthis",))),
                      excluded=(("exercise",),))  # fmt: skip
    found = [
        DatedSentence("2025", "Drone strikes hit Yemen's port in 2025.", 1),
        DatedSentence("2025", "A drone strike exercise in Yemen in 2025.", 2),
        DatedSentence("2025", "Houthis claimed a drone strike in 2025.", 3),
        DatedSentence("2025", "A drone hit Yemen in 2025.", 4),
    ]
    assert [i.article_id for i in about(subject, found)] == [1, 3]
    named = DatedSentence("2025", "Pyongyang fired a missile in 2025.", 5, names=(("Pyongyang",),))
    unnamed = DatedSentence("2025", "Seoul fired a missile in 2025.", 6, names=(("Pyongyang",),))
    assert [i.article_id for i in about(Subject(), [named, unnamed])] == [5]


def test_earlier_pages_keep_events_reported_late_and_later_never_dead_ends(service):
    """An event told only in an article published weeks after it still shows on the page
    it belongs to; walking Later ends on the newest page, not on an empty one."""
    _add(service, "Cutter report", (
        f"A coast guard cutter shadowed a survey ship near the atoll on {_long(_day(30))}, "
        "the navy said."
    ), "Wire", _day(1))  # fmt: skip
    _add(service, "Cutter rams boat", (
        f"A coast guard cutter rammed a fishing boat near the reef on {_long(_day(10))}, the "
        "navy said."
    ), "Wire", _day(10))  # fmt: skip
    newest = service.timeline("cutter", limit=1)
    assert [e.date for e in newest.entries] == [_day(10).isoformat()]
    older = service.timeline("cutter", limit=1, before=newest.earlier)
    assert [e.date for e in older.entries] == [_day(30).isoformat()]
    assert service.timeline("cutter", limit=1, pages_back=1).entries == older.entries
    again = service.timeline("cutter", limit=1, after=older.later)
    assert again.entries == newest.entries and again.later is None


@pytest.mark.parametrize(
    "where",
    [
        {"before": timelines.Cursor(5, -1, 1)},
        {"before": timelines.Cursor(20, -timelines._EVER, 0)},
        {"after": timelines.Cursor(1, -1, 1)},
        {"after": timelines.Cursor(3_652_059, -1, 1)},
        {"before": timelines.Cursor(3_652_059, -1, 1)},
        {"until": date(1, 1, 10)},
        {"since": date(9999, 12, 1)},
    ],
)
def test_cursors_and_bounds_at_the_ends_of_the_calendar(service, where):
    _launch_archive(service)
    found = service.timeline("Hwasong", limit=2, **where)
    assert all(e.date for e in found.entries)  # an answer, never an overflow

"""Backup round trips on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import gzip
import itertools
import json
from datetime import UTC, date, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from storage import (
    Database,
    NewArticle,
    StoredFact,
    add_article,
    get_article,
    replace_facts,
    upgrade,
)
from storage.archive import MAX_ARTICLE_ID
from storage.audience import (
    ChatInfo,
    add_watch,
    deactivate_chat,
    subscribe,
    update_subscription,
)
from storage.backup import BackupError, export_records, import_records
from storage.backup_records import (
    MAX_IMPORTED_ARTICLE_ID,
    ArticleLine,
    ChatLine,
    DeliveryLine,
    FactLine,
    SourceLine,
    SubscriptionLine,
    WatchLine,
)
from storage.briefings import claim_delivery, finish_delivery
from storage.errors import StorageError
from storage.models import Article, Chat, Subscription
from storage.query import parse_query
from storage.search import search
from storage.sources import add_feed

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
_CASES = itertools.count()
ROW_LINES = [ArticleLine, ChatLine, DeliveryLine, FactLine, SourceLine, SubscriptionLine, WatchLine]


@pytest.mark.parametrize("line", ROW_LINES, ids=lambda line: line.__name__)
def test_every_column_is_backed_up_or_left_out_on_purpose(line):
    """A column added to a model fails here until its record carries it (both ways, as
    export and import go through the same column list) or lists it as left out."""
    assert line.row_model is not None
    columns = {column.key for column in line.row_model.__table__.columns}
    # The fields that are not columns are the file's own, which storage.backup reads itself.
    own = {"type", "source", "facts", "subscription", "watch"}
    assert set(line.model_fields) - set(line.columns()) <= own, "a field that is no column"
    assert not set(line.columns()) & line.left_out
    assert set(line.columns()) | line.left_out == columns


def fill(db: Database) -> None:
    """A small archive touching every exported column: sources, facts, chats, deliveries."""
    with db.transaction() as session:
        add_feed(session, "https://news.example/rss", "Example News")
        first = add_article(
            session,
            NewArticle(
                title="Patriot batteries arrive in Rzeszów",
                text="Two Patriot batteries arrived on Wednesday, the ministry said. "
                "Officials in Kyiv welcomed them. «Ça va», said one — naïve quotes kept.",
                url="https://news.example/a/1?utm_source=x",
                source="Example News",
                published_at=datetime(2024, 3, 6, 8, 0, tzinfo=UTC),
                published_on=date(2024, 3, 6),
                byline="By A. Writer",
                dateline="RZESZÓW",
                language="en",
            ),
            now=NOW,
        )
        replace_facts(
            session,
            first.id,
            [
                StoredFact("date", "2024-03-06", "weekday", "Wednesday", ["Wednesday"], 1, "s1"),
                StoredFact("actor", "Ukraine", "country", "Kyiv", ["Kyiv"], 2, "s2"),
                StoredFact("weapon", "MIM-104 Patriot", "air defence", "Patriot", [], 1, "s1"),
                StoredFact("date", None, None, "soon", [], 1, ""),
            ],
        )
        add_article(
            session,
            NewArticle(title="Undated note", text="A short note without a date or source."),
            now=NOW,
        )
        subscribe(session, ChatInfo(11, "private"), "Europe/Kyiv", time(7, 30))
        add_watch(session, ChatInfo(11, "private"), "weapon", "Patriot")
        add_watch(session, ChatInfo(11, "private"), "keyword", "Rzeszów")
        subscribe(session, ChatInfo(-1002, "supergroup", "Analysts"), "UTC", time(6, 0))
        subscribe(session, ChatInfo(13, "private"), "Asia/Seoul", time(8, 0))
        deactivate_chat(session, 13)
        assert claim_delivery(session, 11, "briefing", "2026-11-27", now=NOW)
        finish_delivery(session, 11, "briefing", "2026-11-27", "sent", now=NOW)
        assert claim_delivery(session, -1002, "briefing", "2026-11-27", now=NOW)


def records(db: Database) -> list[dict]:
    return list(export_records(db, now=NOW))


def numbered(rows: list[dict]) -> list[tuple[int, bytes]]:
    return [(n, json.dumps(row).encode()) for n, row in enumerate(rows, start=1)]


@pytest.fixture
def target(tmp_path) -> Database:
    database = Database.connect(f"sqlite:///{tmp_path / 'target.db'}")
    upgrade(database)
    yield database
    database.dispose()


def test_round_trip_keeps_every_record(db, tmp_path):
    fill(db)
    exported = records(db)
    kinds = [row["type"] for row in exported]
    assert kinds[0] == "header" and kinds[-1] == "end"
    assert exported[-1]["counts"] == {"source": 1, "article": 2, "chat": 3, "delivery": 2}

    fresh = Database.connect(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(fresh)
    report = import_records(fresh, numbered(exported))
    assert report.complete
    assert dict(report.added) == {"source": 1, "article": 2, "chat": 3, "delivery": 2}
    # The same records come back out, ids included.
    assert records(fresh) == exported
    fresh.dispose()


@pytest.mark.postgres
def test_sqlite_backup_restores_into_postgres(target, postgres_url):
    """The scale-out path: move an embedded archive to PostgreSQL."""
    fill(target)
    exported = records(target)
    server = Database.connect(postgres_url)
    upgrade(server)
    try:
        assert import_records(server, numbered(exported)).complete
        assert records(server) == exported
    finally:
        server.dispose()


def test_imported_archive_is_searchable_and_keeps_numbering(db, target):
    fill(target)
    report = import_records(db, numbered(records(target)))
    assert report.complete
    with db.read() as session:
        page = search(session, parse_query("Patriot actor:Ukraine"), today=date(2026, 11, 27))
        assert [hit.title for hit in page.hits] == ["Patriot batteries arrive in Rzeszów"]
        by_source = search(session, parse_query('source:"Example News"'), today=NOW.date())
        assert by_source.total == 1
    # New articles get fresh ids after the imported ones (PostgreSQL sequences included).
    with db.transaction() as session:
        added = add_article(session, NewArticle(title="Later", text="Something new happened."))
    assert added.id == 3


def test_import_twice_adds_nothing_the_second_time(db, target):
    fill(target)
    exported = numbered(records(target))
    import_records(db, exported)
    again = import_records(db, exported)
    assert dict(again.added) == {}
    assert dict(again.present) == {"source": 1, "article": 2, "chat": 3, "delivery": 2}
    assert records(db) == records(target)


def test_import_into_a_live_archive_renumbers_taken_ids(db, target):
    fill(target)
    with db.transaction() as session:
        mine = add_article(session, NewArticle(title="Mine", text="An article only here."))
    report = import_records(db, numbered(records(target)))
    # Id 1 is taken. PostgreSQL's sequence is moved past the file's ids first, so only that
    # article gets a new id (3); SQLite gives the next free one (2), which then takes the
    # file's article 2's id as well.
    assert mine.id == 1
    assert report.renumbered == (1 if db.backend == "postgresql" else 2)
    with db.read() as session:
        assert get_article(session, 1).title == "Mine"
    with db.read() as session:
        titles = [h.title for h in search(session, parse_query("Patriot"), today=NOW.date()).hits]
    assert titles == ["Patriot batteries arrive in Rzeszów"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "empty input"),
        ([b'{"type": "chat", "id": 1, "kind": "private"}'], "no header record"),
        ([b"\x89PNG\r\n\x1a\n\x00\x00"], "line 1: .*JSON"),
        (
            [
                b'{"type": "header", "format": "briefing-export", "version": 99, '
                b'"exported_at": "2026-11-27T00:00:00Z"}'
            ],
            "newer than this program",
        ),
    ],
)
def test_unreadable_files_are_refused_with_the_line(db, lines, message):
    with pytest.raises(BackupError, match=message):
        import_records(db, list(enumerate(lines, start=1)))


def test_a_bad_record_stops_with_its_line_number_and_keeps_what_came_before(db, target):
    fill(target)
    rows = records(target)
    broken = [*numbered(rows[:3]), (4, b'{"type": "article", "id": "x"}')]
    with pytest.raises(BackupError, match=r"line 4: .*id"):
        import_records(db, broken)
    with db.read() as session:
        assert search(session, parse_query("Patriot"), today=NOW.date()).total == 1


def test_a_truncated_file_is_reported_but_what_it_held_is_kept(db, target):
    fill(target)
    rows = records(target)
    with pytest.raises(BackupError, match="truncated"):
        import_records(db, numbered(rows[:-1]))
    # Importing the whole file afterwards completes it.
    report = import_records(db, numbered(rows))
    assert report.complete and records(db) == rows


def test_gzip_has_no_special_meaning_to_storage(db):
    """The storage layer reads lines; compression is the CLI's business (tested there)."""
    with pytest.raises(BackupError):
        import_records(db, [(1, gzip.compress(b"{}"))])


def test_an_export_is_one_snapshot_while_the_bot_writes(db):
    """Articles stored while an export runs are not half in it: the file is the archive as
    it was when the export began, and its end record agrees with its lines."""
    fill(db)
    stream = export_records(db, now=NOW)
    head = [next(stream), next(stream)]  # the header and the first source: reading has begun
    with db.transaction() as session:
        add_article(session, NewArticle(title="During", text="Stored while exporting."))
    rows = head + list(stream)
    articles = [row["title"] for row in rows if row["type"] == "article"]
    assert "During" not in articles and len(articles) == 2
    assert rows[-1]["counts"]["article"] == 2


def header() -> dict:
    return {"type": "header", "format": "briefing-export", "version": 1,
            "exported_at": "2026-11-27T09:30:00Z"}  # fmt: skip


def article_row(article_id: int, title: str, **extra) -> dict:
    return {"type": "article", "id": article_id, "title": title, "text": f"{title} happened.",
            "ingested_at": "2026-11-27T09:30:00Z", **extra}  # fmt: skip


def test_new_articles_get_ids_past_the_imported_ones_and_ids_never_go_back(db):
    with db.transaction() as session:
        for n in range(3):
            add_article(session, NewArticle(title=f"Local {n}", text=f"Local story {n}."))
    rows = [header(), article_row(50, "Fifty"), article_row(51, "Fifty-one"),
            {"type": "end", "counts": {"article": 2}}]  # fmt: skip
    assert import_records(db, numbered(rows)).complete
    with db.transaction() as session:
        assert add_article(session, NewArticle(title="Next", text="The next one.")).id == 52
    # A file whose ids are all lower (and free) does not move the numbering back.
    rows = [header(), article_row(4, "Four"), {"type": "end", "counts": {"article": 1}}]
    import_records(db, numbered(rows))
    with db.transaction() as session:
        assert add_article(session, NewArticle(title="Later", text="Later still.")).id == 53
        assert get_article(session, 4).title == "Four"


def test_a_record_that_cannot_be_added_names_its_line_and_keeps_the_earlier_ones(db):
    rows = [header(), article_row(1, "Kept"),
            {"type": "delivery", "chat_id": 999, "kind": "briefing", "period": "2026-11-27",
             "status": "sent", "claimed_at": "2026-11-27T07:00:00Z"},
            {"type": "end", "counts": {"article": 1, "delivery": 1}}]  # fmt: skip
    with pytest.raises(BackupError, match=r"^line 3: delivery for chat 999"):
        import_records(db, numbered(rows))
    with db.read() as session:
        assert get_article(session, 1).title == "Kept"


def test_a_source_known_by_its_feed_url_under_another_name_is_not_duplicated(db, target):
    fill(target)
    with db.transaction() as session:
        add_feed(session, "https://news.example/rss", "Renamed feed")
    import_records(db, numbered(records(target)))
    with db.read() as session:
        page = search(session, parse_query('source:"Renamed feed"'), today=NOW.date())
        assert [hit.title for hit in page.hits] == ["Patriot batteries arrive in Rzeszów"]
        assert search(session, parse_query('source:"Example News"'), today=NOW.date()).total == 0


def chat_row(chat_id: int = 11, **subscription) -> dict:
    sub = {"timezone": "Europe/Kyiv", "briefing_time": "07:30:00", **subscription}
    return {"type": "chat", "id": chat_id, "kind": "private", "subscription": sub}


BIG = 2**70
# Each breaks a rule the command that creates such a record enforces, or a bound of the
# database: the import names the line and keeps the records before it.
HOSTILE = {
    "tz folder": chat_row(timezone="America"),
    "tz unknown": chat_row(timezone="Mars/Olympus"),
    "tz path": chat_row(timezone="../../etc/passwd"),
    "time with offset": chat_row(briefing_time="07:30:00+02:00"),
    "weekdays repeated": chat_row(weekdays="1111"),
    "weekdays empty": chat_row(weekdays=""),
    "items too many": chat_row(items=10**30),
    "chat id huge": chat_row(chat_id=2**63),
    "chat id zero": chat_row(chat_id=0),
    "chat id as text": chat_row(chat_id="11"),
    "chat kind": {"type": "chat", "id": 5, "kind": "bot"},
    "article id huge": article_row(BIG, "Huge"),
    "article id leaves no room": article_row(2**63 - 1, "Last"),
    "article id zero": article_row(0, "Zero"),
    "article url javascript": article_row(7, "Js", url="javascript:alert(1)"),
    "article url bad port": article_row(7, "Port", url="https://x.example:99999/a"),
    "article NUL": article_row(7, "Nul\x00"),
    "article date overflow": article_row(7, "Old", published_at="0001-01-01T00:00:00+05:00"),
    "article far future": article_row(7, "Future", ingested_at="9999-12-31T23:00:00Z"),
    "fact count huge": article_row(7, "Fact", facts=[{"category": "actor", "count": 10**30}]),
    "fact name folds long": article_row(7, "Fold", facts=[{"category": "actor",
                                                            "name": "ß" * 150}]),
    "source kind": {"type": "source", "name": "X", "kind": "evil"},
    "source blank": {"type": "source", "name": "   ", "kind": "manual"},
    "delivery attempts": {"type": "delivery", "chat_id": 11, "kind": "briefing",
                          "period": "p", "status": "sent", "attempts": BIG,
                          "claimed_at": "2026-11-27T07:00:00Z"},
    "delivery status": {"type": "delivery", "chat_id": 11, "kind": "briefing",
                        "period": "p", "status": "lost", "claimed_at": "2026-11-27T07:00:00Z"},
}  # fmt: skip


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_record_is_refused_with_its_line_and_the_earlier_ones_kept(db, name):
    rows = [header(), article_row(1, "Kept"), HOSTILE[name], {"type": "end", "counts": {}}]
    with pytest.raises(BackupError) as caught:
        import_records(db, numbered(rows))
    message = str(caught.value)
    assert message.startswith("line 3: "), message
    assert message.endswith("stopped there, the 1 records before it are kept"), message
    assert "\n" not in message and len(message) < 400
    with db.read() as session:
        assert get_article(session, 1).title == "Kept"
        assert session.scalar(select(func.count()).select_from(Chat)) == 0
        assert session.scalar(select(func.count()).select_from(Article)) == 1


def test_odd_strings_in_a_record_are_one_line_reasons(db):
    odd = {"type": "article\n" + "x" * 5000, "id": 1}
    with pytest.raises(BackupError) as caught:
        import_records(db, numbered([header(), odd]))
    assert str(caught.value).startswith("line 2: ") and "\n" not in str(caught.value)
    assert len(str(caught.value)) < 500


def test_articles_after_the_highest_importable_id_are_numbered_on_from_it(db):
    rows = [header(), article_row(MAX_IMPORTED_ARTICLE_ID, "Highest"),
            {"type": "end", "counts": {"article": 1}}]  # fmt: skip
    assert import_records(db, numbered(rows)).complete
    with db.transaction() as session:
        assert add_article(session, NewArticle("Next", "The next story.")).id == (
            MAX_IMPORTED_ARTICLE_ID + 1
        )


def test_when_the_ids_run_out_storing_is_refused_not_random(db):
    """SQLite hands out random ids past 2**63 - 1; the archive stops at MAX_ARTICLE_ID on
    both databases instead, with a reason."""
    with db.transaction() as session:
        session.add(Article(id=MAX_ARTICLE_ID, title="Last", text="The last id.",
                            ingested_at=NOW, content_hash="0" * 64))  # fmt: skip
    with db.transaction() as session, pytest.raises(StorageError, match="every article id"):
        add_article(session, NewArticle("One more", "Does not fit."))
    # An import whose article id is taken would need a new id: the same reason, on its line.
    rows = [header(), article_row(5, "Five"), article_row(5, "Other five"),
            {"type": "end", "counts": {"article": 2}}]  # fmt: skip
    with pytest.raises(BackupError, match=r"^line 3: .*every article id"):
        import_records(db, numbered(rows))
    with db.read() as session:
        assert get_article(session, 5).title == "Five"


def test_unreadable_lines_stop_the_import_and_keep_what_was_read(db):
    def lines():
        yield 1, json.dumps(header()).encode()
        yield 2, json.dumps(article_row(1, "Before the cut")).encode()
        raise EOFError("Compressed file ended before the end-of-stream marker was reached")

    with pytest.raises(BackupError) as caught:
        import_records(db, lines())
    assert str(caught.value).startswith("line 3: the file cannot be read from here")
    assert "the 1 records before it are kept" in str(caught.value)
    with db.read() as session:
        assert get_article(session, 1).title == "Before the cut"


def test_an_export_of_rows_from_before_the_checks_still_works(db):
    """A subscription stored before zones were checked exports (backups must not fail);
    the import then names its line."""
    fill(db)
    with db.transaction() as session:
        session.execute(update(Subscription).values(timezone="America"))
    rows = records(db)
    assert {r["subscription"]["timezone"] for r in rows if r["type"] == "chat"} == {"America"}


@pytest.mark.parametrize("status", ["sent", "failed", "rejected", "blocked"])
def test_every_delivery_outcome_the_bot_records_round_trips(db, tmp_path, status):
    """A backup of a database with a briefing Telegram refused (or a chat that blocked the
    bot) must import: the validation follows what `finish_delivery` writes."""
    with db.transaction() as session:
        subscribe(session, ChatInfo(21, "private"), "UTC", time(7, 0))
        assert claim_delivery(session, 21, "briefing", "2026-11-28", now=NOW)
        finish_delivery(session, 21, "briefing", "2026-11-28", status, now=NOW)
    exported = records(db)
    fresh = Database.connect(f"sqlite:///{tmp_path / 'outcome.db'}")
    upgrade(fresh)
    report = import_records(fresh, numbered(exported))
    assert report.complete and report.added["delivery"] == 1
    assert records(fresh) == exported
    fresh.dispose()


_ZONES = ["UTC", "Europe/Kyiv", "Asia/Seoul", "America/Argentina/Buenos_Aires", "Etc/GMT+12",
          "Pacific/Kiritimati", "Asia/Kathmandu"]  # fmt: skip
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)


_MINUTES = st.times().map(lambda t: t.replace(second=0, microsecond=0))
_DAYS = st.sets(st.sampled_from("1234567"), min_size=1).map(lambda days: "".join(sorted(days)))
_WATCH = st.tuples(st.sampled_from(["keyword", "actor", "weapon"]), _TEXT.filter(str.strip))
_OUTCOME = st.sampled_from(["claimed", "sent", "failed", "rejected", "blocked"])
_CHATS = st.lists(st.integers(-(2**62), 2**62).filter(bool), min_size=1, max_size=4, unique=True)


@st.composite
def _audience(draw) -> list[tuple]:
    """What the commands let people do: subscribe at any time in any zone on any days with
    any number of items, watch anything, and every delivery outcome the bot records."""
    steps: list[tuple] = []
    for chat in draw(_CHATS):
        zone, at = draw(st.sampled_from(_ZONES)), draw(_MINUTES)
        steps.append(("subscribe", chat, zone, at, draw(st.integers(1, 20)), draw(_DAYS)))
        steps += [
            ("watch", chat, kind, value) for kind, value in draw(st.lists(_WATCH, max_size=3))
        ]
        steps += [("deliver", chat, status) for status in draw(st.lists(_OUTCOME, max_size=2))]
    return steps


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(steps=_audience())
def test_any_audience_the_commands_can_make_exports_a_file_its_import_restores(tmp_path, steps):
    """The class of the delivery-status bug: whatever the bot can write, a backup of it must
    import back, and the restored database exports the same file."""
    folder = tmp_path / f"case-{next(_CASES)}"
    folder.mkdir()
    source = Database.connect(f"sqlite:///{folder / 'source.db'}")
    upgrade(source)
    with source.transaction() as session:
        for number, step in enumerate(steps):
            chat = ChatInfo(step[1], "private" if step[1] > 0 else "group")
            if step[0] == "subscribe":
                subscribe(session, chat, step[2], step[3])
                update_subscription(session, chat.id, items=step[4], weekdays=step[5])
            elif step[0] == "watch":
                add_watch(session, chat, step[2], step[3])
            else:
                period = f"2026-11-{1 + number % 28:02d}"
                if (
                    claim_delivery(session, chat.id, "briefing", period, now=NOW)
                    and step[2] != "claimed"
                ):
                    finish_delivery(session, chat.id, "briefing", period, step[2], now=NOW)
    exported = records(source)
    restored = Database.connect(f"sqlite:///{folder / 'restored.db'}")
    upgrade(restored)
    report = import_records(restored, numbered(exported))
    assert report.complete, report
    assert records(restored) == exported
    source.dispose()
    restored.dispose()

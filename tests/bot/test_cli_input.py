"""The CLI reads as people type: the rest of the line is the query, one date grammar for every
command, ids in plain words, usage lines that name their placeholders."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.bot.test_cli import cli, env, json_lines

__all__ = ["env"]  # the fixture, shared with test_cli.py


def _dated_archive(env, tmp_path: Path) -> dict[str, int]:
    """Three stories about the same drone strike: published today, yesterday and 30 days ago."""
    today = datetime.now(UTC).date()
    rows, ids = [], {}
    for label, age in (("today", 0), ("yesterday", 1), ("old", 30)):
        day = (today - timedelta(days=age)).isoformat()
        text = (
            f"A drone strike hit a fuel depot in Yemen, officials said on the {label} story. "
            f"The strike on the depot was the {label} one of its kind. Officials said more "
            "strikes could follow."
        )
        rows.append(
            json.dumps(
                {
                    "text": text,
                    "title": f"Drone strike in Yemen ({label})",
                    "published": day,
                    "url": f"https://example.org/{label}",
                }
            )
        )
    path = tmp_path / "dated.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for line in json_lines(cli(env, "ingest", "--jsonl", str(path), "--json").output):
        if "id" in line:
            ids[line["title"].split("(")[1].rstrip(")")] = line["id"]
    assert len(ids) == 3
    return ids


def _found(env, *args: str) -> set[int]:
    result = cli(env, "search", *args, "--json")
    assert result.exit_code == 0, result.output
    return {hit["id"] for hit in json.loads(result.output)["results"]}


def test_the_rest_of_the_line_is_the_query(env, tmp_path):
    ids = _dated_archive(env, tmp_path)
    assert _found(env, "drone", "strike", "Yemen") == set(ids.values())
    assert _found(env, "drone", "strike", "Yemen", "-old") == {ids["today"], ids["yesterday"]}
    assert _found(env, "drone", '-"old one"', "--limit", "3") == {ids["today"], ids["yesterday"]}
    out = json.loads(cli(env, "search", "drone", "strike", "Yemen", "--json").output)
    assert out["query"] == "drone strike Yemen"
    # Options may come anywhere on the line.
    assert _found(env, "drone", "--limit", "5", "Yemen") == set(ids.values())


@pytest.mark.parametrize(
    ("since", "expected"),
    # Search works in publication days: 24h back from now is a day that began yesterday.
    [
        ("today", {"today"}),
        ("yesterday", {"today", "yesterday"}),
        ("24h", {"today", "yesterday"}),
        ("7d", {"today", "yesterday"}),
        ("1900", {"today", "yesterday", "old"}),
    ],
)
def test_one_date_grammar_for_options_and_filters(env, tmp_path, since, expected):
    ids = _dated_archive(env, tmp_path)
    wanted = {ids[label] for label in expected}
    assert _found(env, "drone", "--since", since) == wanted
    assert _found(env, "drone", f"since:{since}") == wanted


def test_until_takes_the_same_grammar_and_ends_the_period(env, tmp_path):
    ids = _dated_archive(env, tmp_path)
    assert _found(env, "drone", "--until", "yesterday") == {ids["yesterday"], ids["old"]}
    month = (datetime.now(UTC).date() - timedelta(days=30)).strftime("%Y-%m")
    assert ids["old"] in _found(env, "drone", "--until", month)


@pytest.mark.parametrize("value", ["soon", "7x", "2024-13", "2023-02-29", "yesterdayish", "-1d"])
def test_a_date_nobody_can_read_is_an_error_for_every_command(env, tmp_path, value):
    _dated_archive(env, tmp_path)
    for args in (
        ["search", "drone", "--since", value],
        ["search", "drone", "--until", value],
        ["brief", "--since", value],
    ):
        result = cli(env, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "is not a date; use YYYY-MM-DD, YYYY-MM, YYYY, 24h, 7d" in result.output


def test_brief_since_takes_the_grammar(env, tmp_path):
    ids = _dated_archive(env, tmp_path)
    week = json.loads(cli(env, "brief", "--since", "7d", "--json").output)
    assert {i for s in week["stories"] for i in s["article_ids"]} == {
        ids["today"],
        ids["yesterday"],
    }
    assert cli(env, "brief", "--since", "2026-01-01T06:00").exit_code == 0


def test_ids_in_plain_words(env, tmp_path):
    _dated_archive(env, tmp_path)
    for value in ("abc", "²", "99999999999999999999999", "0"):
        result = cli(env, "show", value)
        assert result.exit_code == 1
        assert (
            result.output.startswith("briefing: error: ")
            and "is not an article id" in result.output
        )
    assert cli(env, "show", "#1").exit_code == 0
    assert "is not a source id" in cli(env, "sources", "remove", "x").output


def test_usage_lines_name_their_placeholders(env):
    for command in ("search", "show", "ingest", "brief", "sources", "summarize", "facts"):
        text = cli(env, command, "--help").output
        assert "{" not in text.split("\n", 1)[0] and "<str>" not in text and "<int" not in text
    assert cli(env, "search", "--help").output.startswith("Usage: briefing search [OPTIONS] QUERY")
    assert "Missing argument 'QUERY'" in cli(env, "search").output


def test_the_demo_names_a_command_this_shell_can_run(tmp_path):
    """After quickstart `briefing` is not on PATH: the demo says how to reach it."""
    venv_bin = Path(os.environ.get("VIRTUAL_ENV", "")) / "bin"
    program = next(
        (
            p
            for p in (
                venv_bin / "briefing",
                Path(__import__("sys").executable).with_name("briefing"),
            )
            if p.exists()
        ),
        None,
    )
    if program is None:
        pytest.skip("the briefing console script is not installed")
    clean_path = "/usr/bin:/bin"
    run_env = {
        "PATH": clean_path,
        "BRIEFING_DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}",
        "BRIEFING_NER_MODEL": "",
        "HOME": str(tmp_path),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), capture_output=True, text=True, env=run_env,
                              cwd=tmp_path, check=False, timeout=300)  # fmt: skip

    done = run(str(program), "demo", "--limit", "1")
    assert done.returncode == 0, done.stderr
    [advice] = [line for line in done.stdout.splitlines() if line.startswith("Next: ")]
    shown = advice.split("`")[1].removesuffix(" show ID")
    assert shown != "briefing"  # not on this PATH
    again = run(*shown.split(), "stats")
    assert again.returncode == 0 and "articles: 10" in again.stdout


def test_facts_published_takes_a_day_in_the_same_grammar(env, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Troops withdrew on Friday, officials said.\n", encoding="utf-8")
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    as_of = json_lines(cli(env, "facts", str(story), "--published", "yesterday", "--json").output)
    assert as_of[0]["published"] == yesterday
    for value in ("2024-05", "2024", "someday"):
        result = cli(env, "facts", str(story), "--published", value)
        assert result.exit_code == 1 and "--published" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["drone", "since:2030"],
        ["until:1899"],
        ["drone", "--since", "9999-12-31"],
        ["drone", "--until", "0001-01-01"],
        ["since:0001-01-01", "until:9999-12-31", "drone", "--since", "0001"],
    ],
)
def test_dates_nothing_is_published_on_are_no_results_not_errors(env, tmp_path, args):
    _dated_archive(env, tmp_path)
    result = cli(env, "search", *args, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output.splitlines()[-1])
    assert found["total"] == len(found["results"])
    assert found["total"] in (0, 3)


def test_the_whole_calendar_finds_everything(env, tmp_path):
    ids = _dated_archive(env, tmp_path)
    assert _found(env, "since:0001-01-01", "until:9999-12-31", "drone") == set(ids.values())


def test_pages_and_ids_past_64_bits_are_a_line_not_a_traceback(env, tmp_path):
    _dated_archive(env, tmp_path)
    deep = cli(env, "search", "drone", "--page", "100000000000000000000")
    assert deep.exit_code == 0 and "only the first 10,000 results" in deep.output
    assert "3 results for 'drone' (showing none)" in deep.output
    chat = cli(env, "brief", "--chat", "99999999999999999999")
    assert chat.exit_code == 2 and "Traceback" not in chat.output
    assert "--chat" in chat.output


@pytest.mark.parametrize(
    ("variable", "value"),
    [("BRIEFING_TIMEZONE", "America"), ("BRIEFING_TIMEZONE", "Europe/"),
     ("BRIEFING_ADMIN_IDS", "١٢"), ("BRIEFING_MAX_DOCUMENT_BYTES", "9" * 30),
     ("BRIEFING_SEARCH_PER_MINUTE", "9" * 30)],
)  # fmt: skip
def test_a_bad_setting_is_one_line_naming_it_on_every_command(env, variable, value):
    for command in (["stats"], ["search", "x"], ["chat"], ["subscribers"]):
        result = cli({**env, variable: value}, *command, input="")
        assert result.exit_code == 1, (command, result.output)
        [line] = result.output.splitlines()
        assert line.startswith(f"briefing: error: configuration: {variable}: ")


def test_chat_survives_what_used_to_end_it(env, tmp_path):
    _dated_archive(env, tmp_path)
    lines = ["/article ²", "/latest ³", "/summary ²", "/article 99999999999999999999999",
             "/search since:2030", "/search until:1899",
             "/search since:0001-01-01 until:9999-12-31 drone", "/subscribe 07:00 America",
             "/settings tz America", "/settings items ²", "²", "99999999999999999999",
             "/stats"]  # fmt: skip
    result = cli(env, "chat", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("is not an article id") == 3
    assert result.output.count("'America' is not a time zone") == 2
    assert "3 results for since:0001-01-01 until:9999-12-31 drone" in result.output
    assert "unavailable" not in result.output and "fts5" not in result.output
    assert "Articles: 3" in result.output  # the last line was still answered

"""The CLI boundary: any arguments to any command end in an answer or a one-line reason and
an exit status, never a traceback (hypothesis)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.bot.test_cli import cli, env

__all__ = ["env"]  # the fixture, shared with test_cli.py

# Every command but the long-running ones (`run` serves Telegram, `demo` loads samples and
# opens the console chat); `chat` reads an empty stdin and ends.
COMMANDS = ["init", "ingest", "summarize", "facts", "search", "show", "stats", "brief",
            "subscribers", "sources", "poll", "chat", "export", "import", "timeline",
            "trend"]  # fmt: skip
OPTIONS = ["--json", "--jsonl", "--since", "--until", "--page", "--limit", "--chat",
           "--source", "--published", "--all", "add", "remove", "import", "export", "-", "--",
           "--help", "--by", "--png", "week", "vs", "actor:Russia"]  # fmt: skip
AWKWARD = ["²", "٣", "99999999999999999999", "-1", "0", "9" * 40, "America", "since:9999",
           "until:0001-01-01", "x" * 3000, "", " ", "\x00", "\u202e", "#12", "1e999",
           "2026-02-30", "7d", "-9223372036854775809", "%s%n", "../../etc", "NaN"]  # fmt: skip
WORDS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
ARGUMENT = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(AWKWARD), WORDS)


@pytest.fixture
def stocked(env, seed_text, tmp_path):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    assert cli(env, "ingest", str(seed)).exit_code == 0
    return env


@settings(max_examples=int(os.environ.get("BRIEFING_PROPERTY_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(command=st.sampled_from(COMMANDS), arguments=st.lists(ARGUMENT, max_size=5))
def test_any_arguments_to_any_command_are_an_answer_or_a_reason(stocked, command, arguments):
    # A URL would be fetched: network tests touch nothing but 127.0.0.1.
    assume(not any("://" in argument for argument in arguments))
    result = cli(stocked, command, *arguments, input="")
    assert result.exit_code in (0, 1, 2), (command, arguments, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        command, arguments, repr(result.exception))  # fmt: skip
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        last = result.output.strip().splitlines()[-1]
        assert last.startswith("briefing: "), (command, arguments, result.output)

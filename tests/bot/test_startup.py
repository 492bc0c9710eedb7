"""Starting up: commands import only what they use, the bot answers as soon as it polls
(its summary workers and NER model load meanwhile), and a cosmetic start-up call that fails
(the command menu) is a warning and a later retry, never the end of the bot."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.telegram.render import telegram_html_to_plain
from bot.usecases.service import BriefingService
from storage import Database, NewArticle, add_article, upgrade
from tests.bot.running import RunningBot, ask, bot_settings
from tests.bot.telegram_server import FakeTelegram

ALICE, BOB = 101, 202
HEAVY = ("spacy", "telegram", "sumy", "nltk", "numpy", "trafilatura", "feedparser", "httpx",
         "alembic", "py3langid")  # fmt: skip
SAMPLE = Path(__file__).resolve().parents[2] / "bot" / "samples" / "03-north-korea-icbm-test.txt"

# Runs one command and reports its exit status and the top-level packages it imported.
_IMPORTS = """
import json, sys
from bot.cli import main
sys.argv = ["briefing", *sys.argv[1:]]
try:
    main()
    status = 0
except SystemExit as exit:
    status = exit.code or 0
modules = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"status": status, "modules": modules}), file=sys.stderr)
"""


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def archive_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'startup.db'}"
    db = Database.connect(url)
    upgrade(db)
    with db.transaction() as session:
        add_article(session, NewArticle("Missile test", "North Korea fired a missile."))
    db.dispose()
    return url


def imported_by(arguments: list[str], url: str, cwd: Path) -> set[str]:
    env = {**os.environ, "BRIEFING_DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-c", _IMPORTS, *arguments], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr
    return set(report["modules"])


@pytest.mark.parametrize(
    "arguments", [["stats"], ["stats", "--json"], ["show", "1"], ["search", "missile"]]
)
def test_short_commands_import_none_of_the_heavy_libraries(arguments, archive_url, tmp_path):
    assert imported_by(arguments, archive_url, tmp_path) & set(HEAVY) == set()


def test_help_does_not_even_load_the_orm(archive_url, tmp_path):
    assert imported_by(["--help"], archive_url, tmp_path) & {*HEAVY, "sqlalchemy"} == set()


def test_the_facts_command_still_loads_the_model_it_needs(archive_url, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert "spacy" in imported_by(["facts", str(article)], archive_url, tmp_path)


def test_a_failing_menu_call_is_one_warning_and_is_tried_again(
    telegram, archive, extractor, caplog
):
    db, _, _ = archive
    settings = bot_settings(db, telegram)
    telegram.fail_always("setMyCommands", status=500)
    caplog.set_level(logging.WARNING)
    with RunningBot(settings, BriefingService(db, settings, extractor)):
        [answer] = ask(telegram, ALICE, "/help")
        assert "/summary" in answer["text"]
        telegram.wait_for_calls("setMyCommands", 2, timeout=15)  # tried again, 1 s later
        assert telegram.commands == []
        telegram.clear_faults()
        deadline = time.monotonic() + 15
        while not telegram.commands and time.monotonic() < deadline:
            time.sleep(0.1)
        assert telegram.commands, "the menu was not set once Telegram answered again"
        assert "/help" in ask(telegram, BOB, "/help")[0]["text"]  # still answering
    warnings = [r for r in caplog.records if "command menu" in r.getMessage()]
    assert len(warnings) >= 2
    for record in warnings:
        assert record.levelno == logging.WARNING and record.exc_info is None
        assert "Internal Server Error" in record.getMessage()
        assert "\n" not in record.getMessage() and telegram.token not in record.getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def _run_bot(telegram: FakeTelegram, url: str, cwd: Path, **env: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "TELEGRAM_BOT_TOKEN": telegram.token,
                   "BRIEFING_TELEGRAM_BASE_URL": f"{telegram.url}/bot",
                   "BRIEFING_DATABASE_URL": url, **env}  # fmt: skip
    return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=cwd, env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip


def _stop(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr.decode(errors="replace")


def test_the_real_bot_answers_a_summary_asked_for_the_moment_it_polls(
    telegram, archive_url, tmp_path
):
    """`briefing run` with the NER model: the first getUpdates comes before the workers are
    loaded, and a /summary of a pasted article sent right then gets its card."""
    process = _run_bot(telegram, archive_url, tmp_path)
    try:
        telegram.wait_for_calls("getUpdates", 1, timeout=60)
        telegram.send_text(ALICE, "/summary " + SAMPLE.read_text(encoding="utf-8"))
        telegram.send_text(BOB, "/help")
        [card] = telegram.wait_for_messages(ALICE, 1, timeout=120)
        [help_reply] = telegram.wait_for_messages(BOB, 1, timeout=30)
    finally:
        status, stderr = _stop(process)
    text = telegram_html_to_plain(card["text"])
    assert text.startswith("North Korea test-fires long-range missile"), text
    assert "Who:" in text and "Weapons:" in text, text
    assert "/summary" in help_reply["text"]
    assert status == 0, stderr
    assert "summaries and facts ready" in stderr, stderr  # the warm-up job ran to its end
    assert "Traceback" not in stderr and "ERROR" not in stderr, stderr


def test_the_real_bot_carries_on_when_telegram_fails_the_menu(telegram, archive_url, tmp_path):
    """The reported failure: setMyCommands answered 500 and `briefing run` exited."""
    telegram.fail_always("setMyCommands", status=500)
    process = _run_bot(telegram, archive_url, tmp_path, BRIEFING_NER_MODEL="")
    try:
        telegram.wait_for_calls("getUpdates", 1, timeout=60)
        [answer] = ask(telegram, ALICE, "/help")
        telegram.wait_for_calls("setMyCommands", 2, timeout=15)
        assert process.poll() is None, "the bot exited"
    finally:
        status, stderr = _stop(process)
    assert "/summary" in answer["text"]
    assert status == 0, stderr
    menu = [line for line in stderr.splitlines() if "could not set the command menu" in line]
    assert menu and all(line.startswith("WARNING bot.telegram.app: ") for line in menu), stderr
    assert "Internal Server Error" in menu[0]
    assert "Traceback" not in stderr and telegram.token not in stderr, stderr


@pytest.mark.parametrize("how", ["wrong token", "getMe answers 401"])
def test_a_refused_token_is_one_line_and_never_printed(telegram, archive_url, tmp_path, how):
    """The reported leak: a 401 from the Bot API printed InvalidToken's traceback, whose
    message quotes the token, uncaught and so past the log filter."""
    secret = "424242:SECRET-never-printed"
    if how == "wrong token":
        env = {"TELEGRAM_BOT_TOKEN": secret}  # the server answers 401 to any call
    else:
        secret = telegram.token
        telegram.fail_always("getMe", status=401)
        env = {}
    environment = {**os.environ, "TELEGRAM_BOT_TOKEN": telegram.token,
                   "BRIEFING_TELEGRAM_BASE_URL": f"{telegram.url}/bot",
                   "BRIEFING_DATABASE_URL": archive_url, "BRIEFING_NER_MODEL": "",
                   "BRIEFING_LOG_LEVEL": "DEBUG", **env}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=environment,
                          check=False,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert done.stderr.splitlines()[-1] == "briefing: error: the Bot API refused the token"
    assert secret not in output and secret.split(":")[1] not in output, output
    assert "Traceback" not in output, output
    if how == "getMe answers 401":
        assert [method for method, _ in telegram.calls] == ["getMe"]

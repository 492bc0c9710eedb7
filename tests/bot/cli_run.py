"""The `briefing` CLI run in-process (typer's CliRunner), each test on its own SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def cli_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, max_document_bytes: int
) -> dict[str, str]:
    """Its own working directory (no stray .env) and SQLite file, no bot token, and no NER model
    (tests that look at people turn it on)."""
    monkeypatch.chdir(tmp_path)
    return {
        "BRIEFING_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "BRIEFING_MAX_DOCUMENT_BYTES": str(max_document_bytes),
        "TELEGRAM_BOT_TOKEN": "",
        "BRIEFING_NER_MODEL": "",
    }


def cli(env: dict[str, str], *args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(app, list(args), env=env, input=input)


def json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]

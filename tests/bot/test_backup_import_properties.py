"""Property: `briefing import` of generated backups, valid records mixed with hostile fields
(huge ints, bad zones, odd strings) and gzip files cut at any byte, never lets an exception
escape, ends with one line, and keeps exactly the records before the one it stopped at."""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from storage import Database
from storage.models import Article, Chat

runner = CliRunner()
HEADER = {"type": "header", "format": "briefing-export", "version": 1,
          "exported_at": "2026-11-27T09:30:00Z"}  # fmt: skip
HOSTILE_VALUES = st.one_of(
    st.integers(min_value=2**62, max_value=2**80),
    st.integers(max_value=-(2**62)),
    st.sampled_from(["America", "Mars/Olympus", "", "Europe/", "../x", "UTC\x00", "24:61"]),
    st.text(max_size=30),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)


def article(n: int) -> dict[str, Any]:
    return {"type": "article", "id": n, "title": f"Story {n}", "text": f"Story number {n}.",
            "ingested_at": "2026-11-27T09:30:00Z"}  # fmt: skip


def chat(n: int) -> dict[str, Any]:
    return {"type": "chat", "id": -1000 - n, "kind": "group",
            "subscription": {"timezone": "Europe/Berlin", "briefing_time": "07:00:00",
                             "weekdays": "12345", "items": 5}}  # fmt: skip


@st.composite
def backups(draw: st.DrawFn) -> tuple[list[dict[str, Any]], bytes, bool]:
    count = draw(st.integers(min_value=0, max_value=8))
    rows = []
    for n in range(1, count + 1):
        row = article(n) if draw(st.booleans()) else chat(n)
        if draw(st.integers(min_value=0, max_value=4)) == 0:  # a hostile field
            target = row["subscription"] if row["type"] == "chat" and draw(st.booleans()) else row
            target[draw(st.sampled_from(sorted(target)))] = draw(HOSTILE_VALUES)
        rows.append(row)
    counts: dict[str, int] = {}
    for row in rows:
        if isinstance(row.get("type"), str) and row["type"] in {"article", "chat"}:
            counts[row["type"]] = counts.get(row["type"], 0) + 1
    lines = [HEADER, *rows, {"type": "end", "counts": counts}]
    data = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    cut = draw(st.booleans())
    if cut:
        zipped = gzip.compress(data)
        data = zipped[: draw(st.integers(min_value=0, max_value=len(zipped)))]
    return rows, data, cut


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(backups())
def test_import_never_crashes_and_keeps_the_records_before_the_stop(backup):
    rows, data, cut = backup
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "backup.jsonl"
        path.write_bytes(data)
        url = f"sqlite:///{Path(folder) / 'target.db'}"
        env = {"BRIEFING_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "", "BRIEFING_NER_MODEL": ""}
        result = runner.invoke(app, ["import", str(path)], env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert result.exit_code in {0, 1}, result.output
        lines = result.output.splitlines()
        if result.exit_code == 0:
            assert not cut or len(lines) >= 1
            kept = len(rows)
        else:
            assert len(lines) == 1, result.output
            assert lines[0].startswith(f"briefing: error: {path}: ")
            found = re.search(r"the (\d+) records before it are kept$", lines[0])
            kept = int(found[1]) if found else 0
            stopped = re.match(rf"briefing: error: {re.escape(str(path))}: line (\d+): ", lines[0])
            if stopped and not cut:
                assert kept == int(stopped[1]) - 2  # the header is line 1
        db = Database.connect(url)
        try:
            with db.read() as session:
                articles = set(session.scalars(select(Article.id)))
                chats = set(session.scalars(select(Chat.id)))
        finally:
            db.dispose()
        before = rows[:kept]
        assert articles == {r["id"] for r in before if r["type"] == "article"}
        assert chats == {r["id"] for r in before if r["type"] == "chat"}

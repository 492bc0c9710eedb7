"""Summary workers: separate processes with their own environment and model."""

from __future__ import annotations

import os

from bot.telegram.cards import InProcesses
from bot.usecases.config import Settings


def test_workers_run_one_math_thread_and_the_bot_keeps_its_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'w.db'}", ner_model="", _env_file=None)  # type: ignore[call-arg]
    cards = InProcesses(settings, processes=1)
    try:
        worker = cards._pool.submit(os.getpid).result(timeout=120)
        assert worker != os.getpid()  # a process of its own
        assert cards._pool.submit(os.getenv, "OMP_NUM_THREADS").result(timeout=60) == "1"
        assert "OMP_NUM_THREADS" not in os.environ  # set in the worker, not in the bot
    finally:
        cards.close()

"""The load benchmark's own checks, on a small scale: many users at once get only good answers.

Latencies are not asserted here (they belong to `python -m bench.load`); what is asserted is
that concurrent /summary and /search, hostile queries included, produce no error of any kind.
"""

from __future__ import annotations

import pytest

from bench.load import run


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


def test_twelve_users_at_once_get_only_correct_answers():
    result = run(users=12, rounds=1, articles=300, timeout=120)
    assert result["requests"] == 12 * 4
    assert result["error_counts"] == dict.fromkeys(result["error_counts"], 0), result
    assert result["errors"] == 0

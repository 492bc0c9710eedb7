"""The start-up benchmark's own check, on a small scale: it runs end to end and reports
every figure. Timings are not asserted here (they belong to `python -m bench.startup`)."""

from __future__ import annotations

import json
import math

from bench.startup import COMMANDS, print_table, run


def test_the_startup_bench_measures_every_command_and_the_bot(capsys):
    result = run(articles=50, runs=1, bot_runs=1, ner_model="")
    assert set(result["commands"]) == {name for name, _, _ in COMMANDS}
    for row in result["commands"].values():
        assert row["median_ms"] > 0 and math.isfinite(row["ratio"])
        assert isinstance(row["ok"], bool)
    bot = result["bot"]
    assert 0 < bot["first_poll_s"] <= bot["help_answer_s"]
    assert bot["first_poll_s"] <= bot["summary_answer_s"]
    print_table(result)
    json.dumps(result)  # the JSON line's content
    assert "first getUpdates" in capsys.readouterr().out

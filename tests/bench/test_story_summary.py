"""The story-summary benchmark's own check, on a small scale: it runs end to end on a few
groups and reports every figure. The figures themselves belong to `python -m bench.story_summary`.
"""

from __future__ import annotations

import json

from bench.story_summary import CLUSTERS, print_table, run
from summarizer.facts import FactExtractor


def test_the_story_summary_bench_compares_every_story_and_prints_one_json_line(tmp_path, capsys):
    rows = [json.loads(line) for line in CLUSTERS.read_text(encoding="utf-8").splitlines()]
    groups = {"g01", "g02", "g03"}
    small = tmp_path / "clusters.jsonl"
    lines = [json.dumps(r) for r in rows if r["group"] in groups]
    lines.append(json.dumps({**rows[0], "id": "alone", "group": "alone"}))  # one article: left out
    small.write_text("\n".join(lines), encoding="utf-8")

    result = run(small, FactExtractor())  # gazetteers only: no model to load

    assert result["stories"] == 3 and {r["group"] for r in result["rows"]} == groups
    for side in ("top", "story"):
        assert 0 < result[side]["coverage"] <= 1
        assert result[side]["words"] <= 3 * 24 + 40  # the budget, or one long lead
        assert result[side]["detached_per_100"] == 0 == result[side]["half_quotations_per_100"]
    assert result["story"]["sources"] >= result["top"]["sources"] == 1
    change = result["what_changed"]
    assert change["story"]["known_share_figures"] <= change["latest"]["known_share_figures"]
    print_table(result, show=True)
    out = capsys.readouterr().out
    assert "what changed" in out and "g01:" in out
    json.dumps({k: v for k, v in result.items() if k != "rows"})

"""The timeline benchmark's own check, on a small scale: it runs end to end, reports every
figure, and its archive has date facts that timelines find. Timings are not asserted here
(they belong to `python -m bench.timeline`)."""

from __future__ import annotations

import json
from datetime import date

from bench.search import dated_value
from bench.timeline import CHARTS, PAGED, print_table, run

_FIGURES = {
    "articles", "backend", "build_articles_per_s", "date_facts", "today", "timeline_p50_ms",
    "timeline_p95_ms", "timeline_max_ms", "search_p50_ms", "search_p95_ms", "chart_p50_ms",
    "chart_p95_ms", "chart_max_ms", "trend_p95_ms", "render_p95_ms", "first_render_ms",
    "matplotlib_imported_before", "timeline_vs_search_p95", "chart_vs_search_p95", "targets",
    "meets_targets", "repeats", "timelines", "searches", "charts",
}  # fmt: skip


def test_the_timeline_bench_measures_timelines_charts_and_the_search_baseline(capsys):
    result = run(300, None, 1)
    assert set(result) == _FIGURES
    assert result["date_facts"] > 300  # about two dated sentences an article
    assert result["targets"] == {"timeline_p95_ms": 150.0, "chart_p95_ms": 500.0}
    assert isinstance(result["meets_targets"], bool)
    timelines = result["timelines"]
    assert f"{PAGED[0]} (page {PAGED[1]})" in timelines
    assert set(result["searches"]) == {label for label in timelines if "(page" not in label}
    police = timelines["police"]
    assert police["entries"] > 0 and 0 < police["read"] <= 300, police  # dated sentences found
    assert all(row["p95_ms"] > 0 for row in timelines.values())
    assert len(result["charts"]) == len(CHARTS)
    for row in result["charts"].values():
        assert row["points"] > 0 and row["png_bytes"] > 1000
        assert row["p50_ms"] > 0 and row["trend_p50_ms"] > 0 and row["render_p50_ms"] > 0
    assert result["timeline_vs_search_p95"] > 0 and result["chart_vs_search_p95"] > 0
    print_table(result)
    json.dumps(result)  # the JSON line's content
    assert "meets the issue's targets" in capsys.readouterr().out


def test_date_values_move_with_the_publication_day():
    published = date(2025, 3, 10)
    assert dated_value([(-2, None)], published) == "2025-03-08"  # "Saturday", two days back
    assert dated_value([(-1, "")], published) == "2024"  # "last year"
    assert dated_value([(0, "-10")], published) == "2025-10"
    assert dated_value([(0, "-H2")], published) == "2025-H2"
    assert dated_value([(0, "-W41")], published) == "2025-W41"
    assert dated_value([(-1, ""), (0, "")], published) == "2024/2025"
    assert dated_value([(0, "-W53")], published) is None  # 2025 has 52 ISO weeks

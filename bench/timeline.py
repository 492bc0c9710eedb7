"""Timeline and trend-chart latency on a large archive, against archive search of the same.

    python -m bench.timeline [--articles 100000] [--database-url URL] [--repeats N] [--json]

Builds the archive `bench/search.py` builds (N articles in a fresh SQLite file, or an EMPTY
PostgreSQL database), date facts included, and takes the build's last day as today, so that
relative dates and the default trend spans are stable. Then, warm (each case once untimed):

- timelines (`Timelines.timeline`, 20 entries, page 1; page 3 for one query) for a fixed mix
  of rare and common words, a phrase, actor and weapon filters, words with a filter, and
  since:/until:; per query the entries returned and the matching articles read;
- charts: `Trends.trend` of one query and of two, by day (90 days) and by week (52 weeks),
  then `render_png`, timed together, and each step alone to show where the time goes; the
  very first chart of the process (matplotlib's import) is reported on its own;
- the baseline, in the same run: `Archive.search` of the same queries (10 results), so that
  the ratios hold on a noisy machine where the milliseconds do not.

Prints a table with the issue's targets (timeline p95 <= 150 ms, chart p95 <= 500 ms with
rendering), then one JSON line: {"timeline_p95_ms", "chart_p95_ms", "search_p95_ms",
"timeline_vs_search_p95", "chart_vs_search_p95", "meets_targets", ...}.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, select

from bench.report import run_bench
from bench.search import OPTIONS, built_archive, percentile
from bot.usecases.config import Settings
from bot.usecases.service import BriefingService
from bot.usecases.trend_chart import render_png
from bot.usecases.trends import Bucket
from storage.models import Article, ArticleFact
from summarizer.facts import FactExtractor

TIMELINE_TARGET_MS = 150.0  # p95, one page of a timeline
CHART_TARGET_MS = 500.0  # p95, a trend and its PNG
PAGE = 20  # the timeline's default page
PAGED = ("police", 3)  # a query also timed on a later page
_T = TypeVar("_T")


def timeline_queries(today: date) -> tuple[str, ...]:
    """The mix; the dated one spans a half year ending six months before `today`."""
    since, until = today - timedelta(days=365), today - timedelta(days=183)
    return (
        "Hwasong",
        "police",
        "missile",
        '"security forces"',
        'actor:"North Korea"',
        "actor:Russia",
        "weapon:HIMARS",
        'actor:"North Korea" missile',
        f"police since:{since.isoformat()} until:{until.isoformat()}",
    )


CHARTS: tuple[tuple[tuple[str, ...], Bucket], ...] = (
    (("missile",), "day"),
    (("missile",), "week"),
    (('actor:"North Korea"', "actor:Russia"), "day"),
    (('actor:"North Korea"', "actor:Russia"), "week"),
)


def timed(call: Callable[..., _T], *args: Any, **kwargs: Any) -> tuple[float, _T]:
    """Milliseconds `call(*args, **kwargs)` took, and what it returned."""
    started = time.perf_counter()
    result = call(*args, **kwargs)
    return 1000 * (time.perf_counter() - started), result


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "max_ms": round(max(values), 2),
    }


def _chart_label(queries: tuple[str, ...], by: Bucket) -> str:
    span = "90 days" if by == "day" else "52 weeks"
    return f"{' vs '.join(queries)}, by {by} ({span})"


def run(count: int, database_url: str | None, repeats: int) -> dict[str, Any]:
    with built_archive(count, database_url, "timeline.db") as (db, rate):
        with db.read() as session:
            today = session.scalar(select(func.max(Article.published_on)))
            date_facts = session.scalar(
                select(func.count()).select_from(ArticleFact).where(ArticleFact.category == "date")
            )
        assert isinstance(today, date)
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        service = BriefingService(db, settings, FactExtractor)
        result = _measure(service, today, repeats)
    return {
        "articles": count,
        "backend": "postgresql" if database_url else "sqlite",
        "build_articles_per_s": round(rate, 1),
        "date_facts": int(date_facts or 0),
        "today": today.isoformat(),
        **result,
    }


def _measure(service: BriefingService, today: date, repeats: int) -> dict[str, Any]:
    queries = timeline_queries(today)
    # The first chart the process draws imports matplotlib, as the bot's first one does.
    imported = "matplotlib" in sys.modules
    first_render_ms, _ = timed(render_png, service.trend([CHARTS[0][0][0]], today=today))
    timelines = {}
    for text, page in [*((text, 1) for text in queries), PAGED]:
        label = text if page == 1 else f"{text} (page {page})"
        timelines[label] = _timeline_runs(service, text, page, today, repeats)
    searches: dict[str, dict[str, Any]] = {}
    for text in queries:
        found = service.search(text, limit=10)  # warm
        runs = [timed(service.search, text, limit=10)[0] for _ in range(repeats)]
        searches[text] = {**_stats(runs), "total": found.total, "runs": runs}
    charts = {
        _chart_label(texts, by): _chart_runs(service, texts, by, today, repeats)
        for texts, by in CHARTS
    }
    timeline_all = [ms for row in timelines.values() for ms in row.pop("runs")]
    search_all = [ms for row in searches.values() for ms in row.pop("runs")]
    chart_all = [ms for row in charts.values() for ms in row.pop("runs")]
    trend_all = [ms for row in charts.values() for ms in row.pop("trend_runs")]
    render_all = [ms for row in charts.values() for ms in row.pop("render_runs")]
    timeline_p95 = percentile(timeline_all, 0.95)
    search_p95 = percentile(search_all, 0.95)
    chart_p95 = percentile(chart_all, 0.95)
    for label, row in timelines.items():
        base = searches.get(label.removesuffix(f" (page {PAGED[1]})"))
        row["vs_search_p50"] = round(row["p50_ms"] / base["p50_ms"], 1) if base else None
    return {
        "timeline_p50_ms": round(statistics.median(timeline_all), 2),
        "timeline_p95_ms": round(timeline_p95, 2),
        "timeline_max_ms": round(max(timeline_all), 2),
        "search_p50_ms": round(statistics.median(search_all), 2),
        "search_p95_ms": round(search_p95, 2),
        "chart_p50_ms": round(statistics.median(chart_all), 2),
        "chart_p95_ms": round(chart_p95, 2),
        "chart_max_ms": round(max(chart_all), 2),
        "trend_p95_ms": round(percentile(trend_all, 0.95), 2),
        "render_p95_ms": round(percentile(render_all, 0.95), 2),
        "first_render_ms": round(first_render_ms, 1),
        "matplotlib_imported_before": imported,
        "timeline_vs_search_p95": round(timeline_p95 / search_p95, 1),
        "chart_vs_search_p95": round(chart_p95 / search_p95, 1),
        "targets": {"timeline_p95_ms": TIMELINE_TARGET_MS, "chart_p95_ms": CHART_TARGET_MS},
        "meets_targets": timeline_p95 <= TIMELINE_TARGET_MS and chart_p95 <= CHART_TARGET_MS,
        "repeats": repeats,
        "timelines": timelines,
        "searches": searches,
        "charts": charts,
    }


def _timeline_runs(
    service: BriefingService, text: str, page: int, today: date, repeats: int
) -> dict[str, Any]:
    options: dict[str, Any] = {"limit": PAGE, "pages_back": page - 1}
    found = service.timeline(text, **options)  # warm: parsing, the gazetteer, the page cache
    runs = [timed(service.timeline, text, **options)[0] for _ in range(repeats)]
    return {**_stats(runs), "entries": len(found.entries), "read": found.articles_read,
            "earlier": found.earlier is not None, "runs": runs}  # fmt: skip


def _chart_runs(
    service: BriefingService, texts: tuple[str, ...], by: Bucket, today: date, repeats: int
) -> dict[str, Any]:
    """A trend with its chart, timed together; then the trend alone and the chart alone."""

    def chart() -> bytes:
        return render_png(service.trend(texts, by=by, today=today))

    chart()  # warm
    together = [timed(chart)[0] for _ in range(repeats)]
    alone = [timed(service.trend, texts, by=by, today=today) for _ in range(repeats)]
    drawn = [timed(render_png, trend) for _, trend in alone]
    trend = alone[-1][1]
    return {
        **_stats(together), "trend_p50_ms": round(statistics.median(t for t, _ in alone), 2),
        "render_p50_ms": round(statistics.median(t for t, _ in drawn), 2),
        "points": sum(len(series.points) for series in trend.series),
        "mentions": sum(series.total for series in trend.series),
        "png_bytes": len(drawn[-1][1]), "runs": together,
        "trend_runs": [t for t, _ in alone], "render_runs": [t for t, _ in drawn],
    }  # fmt: skip


def _verdict(value: float, target: float) -> str:
    return f"target <= {target:.0f}: {'met' if value <= target else 'MISSED'}"


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['articles']} articles on {result['backend']} "
          f"({result['date_facts']} date facts), built at {result['build_articles_per_s']} "
          f"articles/s; today {result['today']}; {result['repeats']} runs each, warm")  # fmt: skip
    print()
    print(f"{'timeline (20 entries)':<58}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
          f"{'entries':>9}{'read':>7}{'search p50':>12}{'x search':>10}")  # fmt: skip
    searches = result["searches"]
    for label, row in result["timelines"].items():
        base = searches.get(label.removesuffix(f" (page {PAGED[1]})"))
        search_p50 = f"{base['p50_ms']:.2f}" if base else "-"
        ratio = "-" if row["vs_search_p50"] is None else f"{row['vs_search_p50']:.1f}x"
        print(f"{label[:57]:<58}{row['p50_ms']:>9.2f}{row['p95_ms']:>9.2f}{row['max_ms']:>9.2f}"
              f"{row['entries']:>9}{row['read']:>7}{search_p50:>12}{ratio:>10}")  # fmt: skip
    print()
    print(f"{'chart: trend + render_png (and each alone, p50)':<58}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'max ms':>9}{'trend':>9}{'render':>9}{'points':>8}{'KB':>6}")  # fmt: skip
    for label, row in result["charts"].items():
        print(f"{label[:57]:<58}{row['p50_ms']:>9.2f}{row['p95_ms']:>9.2f}{row['max_ms']:>9.2f}"
              f"{row['trend_p50_ms']:>9.2f}{row['render_p50_ms']:>9.2f}{row['points']:>8}"
              f"{row['png_bytes'] // 1024:>6}")  # fmt: skip
    cold = " (matplotlib was already imported)" if result["matplotlib_imported_before"] else ""
    print(f"first render_png of the process (cold, imports matplotlib): "
          f"{result['first_render_ms']} ms{cold}")  # fmt: skip
    print()
    timeline, chart = result["timeline_p95_ms"], result["chart_p95_ms"]
    print(f"timelines p95 {timeline} ms ({_verdict(timeline, TIMELINE_TARGET_MS)}), "
          f"p50 {result['timeline_p50_ms']} ms; search p95 {result['search_p95_ms']} ms; "
          f"timeline/search p95 {result['timeline_vs_search_p95']}x")  # fmt: skip
    print(f"charts p95 {chart} ms including rendering ({_verdict(chart, CHART_TARGET_MS)}); "
          f"trend alone p95 {result['trend_p95_ms']} ms, render alone p95 "
          f"{result['render_p95_ms']} ms; chart/search p95 "
          f"{result['chart_vs_search_p95']}x")  # fmt: skip
    print(f"meets the issue's targets: {'yes' if result['meets_targets'] else 'NO'}")


def main() -> None:
    description = "Timeline and trend-chart latency against archive search."
    detail = {"timelines", "searches", "charts"}
    run_bench(description, OPTIONS, run, print_table, not_in_json=detail)  # search's options


if __name__ == "__main__":
    main()

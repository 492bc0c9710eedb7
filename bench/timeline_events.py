"""How well a timeline joins the reports of one event, on hand-built groups of same-event
articles from different sources (bench/data/clusters.jsonl).

    python -m bench.timeline_events [--json]

Every article's date facts come from the real date extractor, one per value with its first
sentence, as ingestion stores them. Two dated sentences of different articles with the same
date value are truly one event when the file puts their articles in one group, or when
bench/data/timeline_events.jsonl says that sentences of their two groups with that value
report one event (labelled by hand before any threshold was tried on them: "same" when a
sentence of each reports the same launch, strike, incident, meeting, vote, decision or deal,
even if one only refers back to it; "different" for different occurrences that merely share
the date, or unrelated background such as "since 2023"); predicted one when
`summarizer.timeline.events` joins them.

The threshold is checked by 2-fold cross-validation over the groups (sorted by name, even
and odd): each fold picks the threshold with the best F1 on its own half and is scored on
the other half, which it never saw. The baseline joins every pair with the same value
(what grouping by date alone would do).
"""

from __future__ import annotations

import argparse
import itertools
import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarizer.facts.dates import extract_dates
from summarizer.sentences import split_sentences
from summarizer.timeline import SAME_EVENT, DatedSentence, events

CLUSTERS = Path(__file__).with_name("data") / "clusters.jsonl"
SAME_EVENTS = Path(__file__).with_name("data") / "timeline_events.jsonl"
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def load(path: Path) -> tuple[list[DatedSentence], dict[int, str]]:
    """The dated sentences of every article, and each article's group."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    found: list[DatedSentence] = []
    groups: dict[int, str] = {}
    for number, row in enumerate(rows):
        published = datetime.fromisoformat(row["published"]).date()
        groups[number] = row["group"]
        first: dict[str, DatedSentence] = {}
        for fact in extract_dates(split_sentences(f"{row['title']}\n{row['text']}"), published):
            if fact.value and fact.value not in first:
                first[fact.value] = DatedSentence(
                    fact.value, fact.sentence, number, published, (), (fact.text,)
                )
        found.extend(first.values())
    return found, groups


@lru_cache(maxsize=1)
def labelled_same(path: Path = SAME_EVENTS) -> frozenset[tuple[str, str, str]]:
    """(group, group, value) whose sentences with that value report one event."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return frozenset((r["a"], r["b"], r["value"]) for r in rows if r["same"])


def _one_event(a: DatedSentence, b: DatedSentence, groups: dict[int, str]) -> bool:
    first, second = sorted((groups[a.article_id], groups[b.article_id]))
    return first == second or (first, second, a.value) in labelled_same()


def pair_scores(
    found: list[DatedSentence], groups: dict[int, str], threshold: float | None
) -> dict[str, float]:
    """Pairwise precision and recall over same-value pairs of different articles; None as
    the threshold joins every same-value pair (the baseline)."""
    index = {id(item): n for n, item in enumerate(found)}
    if threshold is None:
        joined = {frozenset((index[id(a)], index[id(b)]))
                  for a, b in itertools.combinations(found, 2) if a.value == b.value}  # fmt: skip
    else:
        by_sentence = {(i.article_id, i.value): index[id(i)] for i in found}
        joined = set()
        for event in events(found, threshold):
            members = [by_sentence[(a, event.period.value)] for a in event.article_ids]
            joined |= {frozenset(p) for p in itertools.combinations(members, 2)}
    candidates = [
        (a, b) for a, b in itertools.combinations(range(len(found)), 2)
        if found[a].value == found[b].value and found[a].article_id != found[b].article_id
    ]  # fmt: skip
    truth = {frozenset(p) for p in candidates if _one_event(found[p[0]], found[p[1]], groups)}
    predicted = {frozenset(p) for p in candidates} & joined
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "pairs": len(candidates), "true_pairs": len(truth)}  # fmt: skip


def run(path: Path) -> dict[str, Any]:
    found, groups = load(path)
    names = sorted(set(groups.values()))
    halves = [set(names[0::2]), set(names[1::2])]
    parts = [[i for i in found if groups[i.article_id] in half] for half in halves]
    folds = []
    for tune, test in ((parts[0], parts[1]), (parts[1], parts[0])):
        sweep = {t: pair_scores(tune, groups, t)["f1"] for t in THRESHOLDS}
        best = max(THRESHOLDS, key=lambda t: (sweep[t], -abs(t - SAME_EVENT)))
        folds.append({"chosen": best, **pair_scores(test, groups, best)})
    held_out = {key: round(sum(f[key] for f in folds) / 2, 3)
                for key in ("precision", "recall", "f1")}  # fmt: skip
    return {
        "dated_sentences": len(found),
        "groups": len(names),
        "same_event": SAME_EVENT,
        "folds": folds,
        "held_out": held_out,
        "all_at_same_event": pair_scores(found, groups, SAME_EVENT),
        "same_value_baseline": pair_scores(found, groups, None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Timeline event joining, pairwise.")
    parser.add_argument("--file", type=Path, default=CLUSTERS)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    result = run(args.file)
    if not args.json:
        print(f"{result['dated_sentences']} dated sentences of {result['groups']} groups; "
              f"SAME_EVENT = {result['same_event']}")  # fmt: skip
        print(f"{'':<34}{'precision':>10}{'recall':>8}{'F1':>7}")
        rows = [(f"fold {n + 1} held out (chose {f['chosen']})", f)
                for n, f in enumerate(result["folds"])]  # fmt: skip
        rows += [("held out, mean", result["held_out"]),
                 ("all groups at SAME_EVENT", result["all_at_same_event"]),
                 ("baseline: same value = one event", result["same_value_baseline"])]  # fmt: skip
        for label, row in rows:
            print(f"{label:<34}{row['precision']:>10.3f}{row['recall']:>8.3f}{row['f1']:>7.3f}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

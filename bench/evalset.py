"""The shared news eval set (../shared/eval/news_eval.jsonl) and ROUGE scoring for benches."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rouge_score import rouge_scorer

from summarizer.clean import clean_scraped_text

EVAL_FILE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "news_eval.jsonl"
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True)
class Story:
    id: str
    text: str  # cleaned the way ingestion cleans it
    reference: list[str]


def load_split(split: str, path: Path = EVAL_FILE, limit: int | None = None) -> list[Story]:
    """Stories of one split ("dev" for tuning, "test" for reporting)."""
    stories = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["split"] != split:
                continue
            text = clean_scraped_text(row["text"], detect_title=False).text
            stories.append(Story(row["id"], text, row["reference"].split("\n")))
            if limit is not None and len(stories) >= limit:
                break
    return stories


def rouge(summaries: Sequence[Sequence[str]], stories: Sequence[Story]) -> dict[str, float]:
    """Mean ROUGE F1 x 100 (stemming; rougeLsum with one sentence per line)."""
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    for summary, story in zip(summaries, stories, strict=True):
        scores = scorer.score("\n".join(story.reference), "\n".join(summary))
        for name in ROUGE_TYPES:
            totals[name] += scores[name].fmeasure
    return {name: 100 * total / max(len(stories), 1) for name, total in totals.items()}


Summarize = Callable[[str], list[str]]

"""The news eval set (bench/data/news_eval.jsonl.gz, see bench/data/README.md) and ROUGE scoring."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

from summarizer.clean import clean_scraped_text

DATA = Path(__file__).resolve().parent / "data"
EVAL_FILE = DATA / "news_eval.jsonl.gz"
# The seed article is a test fixture; the facts bench labels it too.
SEED_FILE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed_article.txt"
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True)
class Story:
    id: str
    text: str  # cleaned the way ingestion cleans it
    reference: list[str]


def load_split(split: str, path: Path = EVAL_FILE, limit: int | None = None) -> list[Story]:
    """Stories of one split ("dev" for tuning, "test" for reporting)."""
    stories = []
    for row in eval_rows(path):
        if row["split"] != split:
            continue
        text = clean_scraped_text(row["text"], detect_title=False).text
        stories.append(Story(row["id"], text, row["reference"].split("\n")))
        if limit is not None and len(stories) >= limit:
            break
    return stories


def eval_rows(path: Path = EVAL_FILE) -> Iterator[dict[str, Any]]:
    """The rows of the eval set in file order, read from the compressed copy shipped here."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


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

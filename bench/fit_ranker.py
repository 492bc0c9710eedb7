"""Fit the default ranker's weights on the eval set's dev split (never on test).

    python -m bench.fit_ranker [--passes 2] [--write]

1. Ridge regression of each sentence's own ROUGE-1/2 F1 against the reference on the
   features of `summarizer.rank.sentence_features` gives starting weights.
2. Coordinate search then adjusts each weight and the word budget to maximise the mean of
   ROUGE-1, ROUGE-2 and ROUGE-Lsum of the actual summaries on dev.
With --write, the result replaces `summarizer/ranker_weights.py`.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from bench.evalset import Story, load_split, rouge
from summarizer import rank
from summarizer.ranker_weights import FEATURES, WORD_BUDGET_PER_SENTENCE
from summarizer.sentences import split_sentences, split_words

WEIGHTS_FILE = Path(rank.__file__).with_name("ranker_weights.py")
SENTENCES = 3


@dataclass
class Prepared:
    story: Story
    units: rank.Candidates
    features: np.ndarray


def prepare(stories: list[Story]) -> list[Prepared]:
    prepared = []
    for story in stories:
        found = [s for s in split_sentences(story.text)[:400] if split_words(s)]
        if len(found) > SENTENCES:
            units = rank.candidates(found)
            features = rank.sentence_features(units.texts, units.stems)
            prepared.append(Prepared(story, units, features))
    return prepared


def ridge_start(prepared: list[Prepared], alpha: float = 1.0) -> np.ndarray:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    rows, targets = [], []
    for item in prepared:
        reference = "\n".join(item.story.reference)
        for sentence, row in zip(item.units.texts, item.features, strict=True):
            scores = scorer.score(reference, sentence)
            targets.append(scores["rouge1"].fmeasure + scores["rouge2"].fmeasure)
            rows.append(row)
    x, y = np.asarray(rows), np.asarray(targets)
    weights: np.ndarray = np.linalg.solve(x.T @ x + alpha * np.eye(x.shape[1]), x.T @ y)
    return weights


def select(item: Prepared, weights: np.ndarray, budget: int) -> list[str]:
    scores = item.features @ weights
    return rank.pick_sentences(item.units, scores, SENTENCES, budget)


def objective(prepared: list[Prepared], weights: np.ndarray, budget: int) -> float:
    scores = rouge([select(p, weights, budget) for p in prepared], [p.story for p in prepared])
    return sum(scores.values()) / len(scores)


def coordinate_search(
    prepared: list[Prepared], weights: np.ndarray, budget: int, passes: int
) -> tuple[np.ndarray, int, float]:
    best = objective(prepared, weights, budget)
    for round_ in range(passes):
        step = 0.5 / (round_ + 1)
        for k in range(len(weights)):
            for delta in (-step, step):
                trial = weights.copy()
                trial[k] += delta * max(abs(weights[k]), 0.2)
                score = objective(prepared, trial, budget)
                if score > best:
                    best, weights = score, trial
        for trial_budget in (budget - 4, budget - 2, budget + 2, budget + 4):
            score = objective(prepared, weights, trial_budget)
            if score > best:
                best, budget = score, trial_budget
        print(json.dumps({"pass": round_ + 1, "objective": round(best, 4), "budget": budget}))
    return weights, budget, best


def write_weights(weights: np.ndarray, budget: int) -> None:
    text = WEIGHTS_FILE.read_text(encoding="utf-8")
    head = text[: text.index("WEIGHTS = (")]
    values = [f"{w:.4f}" for w in weights]
    rows = "\n".join("    " + ", ".join(values[i : i + 8]) + "," for i in range(0, len(values), 8))
    WEIGHTS_FILE.write_text(
        f"{head}WEIGHTS = (\n{rows}\n)  # fmt: skip\nWORD_BUDGET_PER_SENTENCE = {budget}\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit the ranker on the dev split.")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="update ranker_weights.py")
    args = parser.parse_args()
    prepared = prepare(load_split("dev"))
    weights = ridge_start(prepared)
    budget = WORD_BUDGET_PER_SENTENCE
    print(json.dumps({"ridge_objective": round(objective(prepared, weights, budget), 4)}))
    weights, budget, best = coordinate_search(prepared, weights, budget, args.passes)
    print(json.dumps({"features": FEATURES, "weights": [round(float(w), 4) for w in weights],
                      "budget": budget, "dev_objective": round(best, 4)}))  # fmt: skip
    if args.write:
        write_weights(weights, budget)


if __name__ == "__main__":
    main()

"""Fit the default ranker on the eval set's dev split (never on test), and cross-validate the
fitting procedure inside dev.

    python -m bench.fit_ranker [--procedure ridge] [--write]
    python -m bench.fit_ranker --cv [--folds 5] [--repeats 5] [--procedures ridge,ridge-b24]

The default procedure ("ridge"), chosen by the cross-validation table (`--cv`):
1. Ridge regression, over every candidate of every story, of a target that says how much the
   candidate belongs in a summary: its own ROUGE-2 F1 against the reference plus 1 when a
   greedy oracle (the candidates that most raise mean ROUGE F1, up to 3) takes it, divided
   by the article's highest; on the features of FEATURES_CV (kept or dropped by CV).
2. The word budget per sentence with the best ratio to Lead-3 on the training stories,
   averaged with its neighbours (+-2 words, triangular weights): the curve is jagged (one
   word more changes a quarter of the summaries), and its smoothed top holds up out of fold.
The summaries are picked as `summarizer.rank` picks them (its shortlist included). The
older procedure ("search-16-all") ran a coordinate search over every weight and the budget
after a ridge start on R-1 + R-2 F1: it fitted dev's noise. With --write, the result
replaces `summarizer/ranker_weights.py`.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from rouge_score import rouge_scorer, tokenizers

from bench.evalset import ROUGE_TYPES, Story, load_split
from summarizer import rank
from summarizer.rank_features import FEATURE_NAMES, feature_matrix
from summarizer.sentences import split_sentences, split_words

WEIGHTS_FILE = Path(rank.__file__).with_name("ranker_weights.py")
SENTENCES = 3
BUDGETS = range(16, 35)
SMOOTHING = 2  # words either side of a budget that its smoothed score averages over

# The features of the searched fit (the 16 before cross-validation), and those CV chose.
FEATURES_16 = (
    "bias", "first", "second", "third", "inverse_position", "relative_position", "log_length",
    "short", "long", "centrality", "lead_similarity", "numbers", "capitals", "quote",
    "question", "said",
)  # fmt: skip
FEATURES_CV = (
    "bias", "second", "inverse_position", "relative_position", "log_length", "short", "long",
    "centrality", "lead_similarity", "lexrank", "log_idf_mass", "numbers", "capitals",
    "starts_name", "quote", "quote_open", "question", "said",
)  # fmt: skip


@dataclass(frozen=True)
class Procedure:
    """How weights and a budget are fitted on a set of stories."""

    features: tuple[str, ...]
    target: str = "oracle"  # "oracle" (see the module docstring) or "rouge12" (R-1 + R-2 F1)
    alpha: float = 0.1  # ridge penalty
    passes: int = 0  # coordinate-search passes after the ridge start
    budget: int | None = None  # fixed words per sentence, or None: the smoothed best
    shortlist: int | None = rank.SHORTLIST_PER_SENTENCE  # see rank.pick_sentences


PROCEDURES = {
    "ridge": Procedure(FEATURES_CV),
    "ridge-all": Procedure(FEATURES_CV, shortlist=None),
    "ridge-b24": Procedure(FEATURES_CV, budget=24),
    "ridge-a1": Procedure(FEATURES_CV, alpha=1.0),
    "ridge-rouge12": Procedure(FEATURES_CV, target="rouge12", alpha=1.0),
    "ridge+search1": Procedure(FEATURES_CV, passes=1),
    "ridge-16-all": Procedure(FEATURES_16, shortlist=None),
    "search-16-all": Procedure(
        FEATURES_16, target="rouge12", alpha=1.0, passes=2, budget=24, shortlist=None
    ),
}


@dataclass(frozen=True)
class Ranker:
    """A fitted model: feature columns (indices into FEATURE_NAMES), their weights, the word
    budget per sentence and the shortlist per sentence it picks with."""

    columns: tuple[int, ...]
    weights: np.ndarray
    budget: int
    shortlist: int | None


class _MemoTokenizer:
    """rouge-score's tokenizer, line by line with each line tokenised once: a summary is
    lines the fit has seen before (newlines split tokens anyway, so the tokens are the same)."""

    def __init__(self) -> None:
        self._inner = tokenizers.DefaultTokenizer(use_stemmer=True)
        self._memo: dict[str, list[str]] = {}

    def tokenize(self, text: str) -> list[str]:
        tokens: list[str] = []
        for line in text.split("\n"):
            if line not in self._memo:
                self._memo[line] = self._inner.tokenize(line)
            tokens.extend(self._memo[line])
        return tokens


@dataclass
class Prepared:
    """A dev story ready for fitting: its candidates and all their features, Lead-3's ROUGE,
    and the ROUGE of each summary (a tuple of candidate indices) scored so far."""

    story: Story
    units: rank.Candidates | None  # None: no more sentences than a summary has
    features: np.ndarray
    lead: np.ndarray
    scored: dict[tuple[int, ...], np.ndarray] = field(default_factory=dict)
    targets: dict[str, np.ndarray] = field(default_factory=dict)


class Fitter:
    """Fits and scores procedures on prepared stories."""

    def __init__(self, stories: Iterable[Story]) -> None:
        self._scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=_MemoTokenizer())
        self.items = [self._prepare(story) for story in stories]

    def _rouge(self, story: Story, summary: Sequence[str]) -> np.ndarray:
        scores = self._scorer.score("\n".join(story.reference), "\n".join(summary))
        return 100 * np.asarray([scores[name].fmeasure for name in ROUGE_TYPES])

    def _prepare(self, story: Story) -> Prepared:
        found = [s for s in split_sentences(story.text)[:400] if split_words(s)]
        lead = self._rouge(story, found[:SENTENCES])
        if len(found) <= SENTENCES:
            return Prepared(story, None, np.zeros((0, len(FEATURE_NAMES))), lead)
        units = rank.candidates(found)
        features = feature_matrix(units.texts, units.stems, rank.stop_words())
        return Prepared(story, units, features, lead)

    def score(self, item: Prepared, chosen: tuple[int, ...]) -> np.ndarray:
        """ROUGE-1/2/Lsum F1 x 100 of the summary made of these candidates."""
        if item.units is None:
            return item.lead
        if chosen not in item.scored:
            item.scored[chosen] = self._rouge(item.story, [item.units.texts[i] for i in chosen])
        return item.scored[chosen]

    def summary(self, item: Prepared, ranker: Ranker) -> tuple[int, ...]:
        """The candidates the ranker picks (indices, in document order)."""
        assert item.units is not None
        scores = item.features[:, list(ranker.columns)] @ ranker.weights
        texts = rank.pick_sentences(
            item.units, scores, SENTENCES, ranker.budget, shortlist=ranker.shortlist
        )
        index = {t: i for i, t in reversed(list(enumerate(item.units.texts)))}
        return tuple(index[t] for t in texts)

    def totals(self, items: Sequence[Prepared], ranker: Ranker) -> np.ndarray:
        """Summed ROUGE-1/2/Lsum of the ranker's summaries over the stories."""
        ours = np.zeros(len(ROUGE_TYPES))
        for item in items:
            if item.units is None:
                ours += item.lead
            else:
                ours += self.score(item, self.summary(item, ranker))
        return ours

    def ratio(self, items: Sequence[Prepared], ranker: Ranker) -> float:
        """Mean over ROUGE-1/2/Lsum of the ratio to Lead-3 (sums over the stories)."""
        lead = np.sum([item.lead for item in items], axis=0)
        return float(np.mean(self.totals(items, ranker) / lead))

    # -- fitting --------------------------------------------------------------------------

    def target(self, item: Prepared, kind: str) -> np.ndarray:
        assert item.units is not None
        if kind not in item.targets:
            alone = np.asarray([self.score(item, (i,)) for i in range(len(item.units.texts))])
            if kind == "rouge12":
                value = (alone[:, 0] + alone[:, 1]) / 100
            else:
                value = alone[:, 1] / 100 + self._oracle(item)
                value = value / (value.max() or 1.0)
            item.targets[kind] = value
        return item.targets[kind]

    def _oracle(self, item: Prepared) -> np.ndarray:
        """1 for the candidates that, added greedily, most raise mean ROUGE F1 (up to 3)."""
        assert item.units is not None
        chosen: list[int] = []
        best = 0.0
        while len(chosen) < SENTENCES:
            gains = {
                i: float(np.mean(self.score(item, tuple(sorted([*chosen, i])))))
                for i in range(len(item.units.texts))
                if i not in chosen
            }
            pick = max(gains, key=lambda i: gains[i], default=None)
            if pick is None or gains[pick] <= best:
                break
            chosen.append(pick)
            best = gains[pick]
        picked = np.zeros(len(item.units.texts))
        picked[chosen] = 1.0
        return picked

    def fit(self, items: Sequence[Prepared], procedure: Procedure) -> Ranker:
        columns = tuple(FEATURE_NAMES.index(name) for name in procedure.features)
        ranked = [item for item in items if item.units is not None]
        x = np.vstack([item.features[:, list(columns)] for item in ranked])
        y = np.concatenate([self.target(item, procedure.target) for item in ranked])
        penalty = procedure.alpha * np.eye(len(columns))
        weights: np.ndarray = np.linalg.solve(x.T @ x + penalty, x.T @ y)
        ranker = Ranker(columns, weights, procedure.budget or 0, procedure.shortlist)
        if procedure.budget is None:
            ranker = self.smoothed_budget(items, ranker)
        if procedure.passes:
            ranker = self.coordinate_search(items, ranker, procedure.passes)
        return ranker

    def smoothed_budget(self, items: Sequence[Prepared], ranker: Ranker) -> Ranker:
        curve = {b: self.ratio(items, replace(ranker, budget=b)) for b in BUDGETS}
        offsets = range(-SMOOTHING, SMOOTHING + 1)
        kernel = {d: SMOOTHING + 1 - abs(d) for d in offsets}
        smoothed = {
            b: sum(kernel[d] * curve[b + d] for d in offsets) / sum(kernel.values())
            for b in BUDGETS[SMOOTHING:-SMOOTHING]
        }
        return replace(ranker, budget=max(smoothed, key=lambda b: smoothed[b]))

    def coordinate_search(self, items: Sequence[Prepared], ranker: Ranker, passes: int) -> Ranker:
        """Each weight up and down in turn, then the budget, kept when the ratio to Lead-3 on
        the stories improves; steps halve each pass."""
        best = self.ratio(items, ranker)
        for round_ in range(passes):
            step = 0.5 / (round_ + 1)
            for k in range(len(ranker.weights)):
                for delta in (-step, step):
                    weights = ranker.weights.copy()
                    weights[k] += delta * max(abs(weights[k]), 0.2)
                    best, ranker = self._keep_better(items, ranker, best, weights=weights)
            for change in (-4, -2, 2, 4):
                budget = ranker.budget + change
                best, ranker = self._keep_better(items, ranker, best, budget=budget)
        return ranker

    def _keep_better(
        self, items: Sequence[Prepared], ranker: Ranker, best: float, **change: Any
    ) -> tuple[float, Ranker]:
        trial = replace(ranker, **change)
        score = self.ratio(items, trial)
        return (score, trial) if score > best else (best, ranker)

    # -- cross-validation -----------------------------------------------------------------

    def cross_validate(self, procedure: Procedure, folds: int, repeats: int) -> dict[str, object]:
        """Held-out ratios to Lead-3: each repeat shuffles dev into folds, fits on all but one
        and summarises that one, so that every story is scored once by a model that did not
        see it; ratios are of sums over all stories, averaged over the repeats."""
        ratios, budgets = [], []
        for repeat in range(repeats):
            order = list(range(len(self.items)))
            random.Random(repeat).shuffle(order)
            ours, lead = np.zeros(len(ROUGE_TYPES)), np.zeros(len(ROUGE_TYPES))
            for fold in range(folds):
                held = [self.items[i] for i in order[fold::folds]]
                held_ids = {id(item) for item in held}
                train = [item for item in self.items if id(item) not in held_ids]
                ranker = self.fit(train, procedure)
                budgets.append(ranker.budget)
                ours += self.totals(held, ranker)
                lead += np.sum([item.lead for item in held], axis=0)
            ratios.append(ours / lead)
        mean = np.mean(ratios, axis=0)
        return {
            **{name: round(float(v), 4) for name, v in zip(ROUGE_TYPES, mean, strict=True)},
            "mean": round(float(mean.mean()), 4),
            "repeat_sd": round(float(np.std([r.mean() for r in ratios])), 4),
            "budgets": sorted(set(budgets)),
        }


def write_weights(features: Sequence[str], weights: np.ndarray, budget: int) -> None:
    text = WEIGHTS_FILE.read_text(encoding="utf-8")
    head = text[: text.index("FEATURES = (")]
    WEIGHTS_FILE.write_text(
        f"{head}FEATURES = (\n{_rows([json.dumps(f) for f in features], 6)}\n)  # fmt: skip\n"
        f"WEIGHTS = (\n{_rows([f'{w:.4f}' for w in weights], 8)}\n)  # fmt: skip\n"
        f"WORD_BUDGET_PER_SENTENCE = {budget}\n",
        encoding="utf-8",
    )


def _rows(values: list[str], per_row: int) -> str:
    return "\n".join(
        "    " + ", ".join(values[i : i + per_row]) + "," for i in range(0, len(values), per_row)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit the ranker on the dev split.")
    parser.add_argument("--procedure", choices=sorted(PROCEDURES), default="ridge")
    parser.add_argument("--write", action="store_true", help="update ranker_weights.py")
    parser.add_argument("--cv", action="store_true", help="cross-validate procedures on dev")
    parser.add_argument("--procedures", default=",".join(PROCEDURES), help="with --cv")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    fitter = Fitter(load_split("dev"))
    if args.cv:
        table = {}
        for name in args.procedures.split(","):
            table[name] = fitter.cross_validate(PROCEDURES[name], args.folds, args.repeats)
            row = table[name]
            print(f"{name:<16} R-1 {row['rouge1']:.4f}  R-2 {row['rouge2']:.4f}  "
                  f"R-Lsum {row['rougeLsum']:.4f}  mean {row['mean']:.4f} "
                  f"(sd over repeats {row['repeat_sd']:.4f}, budgets {row['budgets']})",
                  flush=True)  # fmt: skip
        print(json.dumps({"folds": args.folds, "repeats": args.repeats, "cv": table}))
        return
    procedure = PROCEDURES[args.procedure]
    ranker = fitter.fit(fitter.items, procedure)
    print(json.dumps({"procedure": args.procedure, "features": procedure.features,
                      "weights": [round(float(w), 4) for w in ranker.weights],
                      "budget": ranker.budget,
                      "dev_ratio": round(fitter.ratio(fitter.items, ranker), 4)}))  # fmt: skip
    if args.write:
        write_weights(procedure.features, ranker.weights, ranker.budget)


if __name__ == "__main__":
    main()

"""Weights of the default ranker, written by `python -m bench.fit_ranker` (dev split only).

Each weight multiplies the feature of the same position in FEATURES.
"""

from __future__ import annotations

FEATURES = (
    "bias", "first", "second", "third", "inverse_position", "relative_position", "log_length",
    "short", "long", "centrality", "lead_similarity", "numbers", "capitals", "quote",
    "question", "said",
)  # fmt: skip
WEIGHTS = (
    -0.0143, 0.1680, 0.1324, 0.0910, 0.0432, -0.1156, 0.0079, 0.0070,
    -0.0024, 0.6136, 0.1711, 0.0055, 0.1078, -0.1053, 0.0078, 0.0322,
)  # fmt: skip
WORD_BUDGET_PER_SENTENCE = 24

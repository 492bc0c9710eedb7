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
    -0.0041, 0.0486, 0.2212, 0.0972, 0.1671, -0.0136, -0.0965, -0.1331,
    0.0160, 0.7210, 0.0493, 0.0038, 0.0264, -0.1073, 0.1082, 0.0984,
)  # fmt: skip
WORD_BUDGET_PER_SENTENCE = 24

"""Weights of the default ranker, written by `python -m bench.fit_ranker` (dev split only).

Each weight multiplies the feature of the same position in FEATURES.
"""

from __future__ import annotations

FEATURES = (
    "bias", "second", "inverse_position", "relative_position", "log_length", "short",
    "long", "centrality", "lead_similarity", "lexrank", "log_idf_mass", "numbers",
    "capitals", "starts_name", "quote", "quote_open", "question", "said",
)  # fmt: skip
WEIGHTS = (
    0.0876, 0.0542, 0.2234, -0.0178, -0.0214, -0.0301, -0.0290, 0.4813,
    -0.1164, 0.0284, -0.0350, 0.0199, 0.0917, 0.0029, 0.0113, -0.0324,
    -0.0105, -0.0058,
)  # fmt: skip
WORD_BUDGET_PER_SENTENCE = 24

"""The default ranker's sentence features: cheap signals of what a news summary keeps.

Position, length, how central a sentence is to its document (against the word centroid and
by LexRank), how specific its words are, numbers, names and quotes. `FEATURE_NAMES` is every
feature on offer; `bench/fit_ranker.py` chooses the subset the fitted model uses (`FEATURES`
in ranker_weights.py) by cross-validation on the dev split.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from summarizer.sentences import split_words

if TYPE_CHECKING:
    import numpy as np

__all__ = ["FEATURE_NAMES", "feature_matrix"]

FEATURE_NAMES = (
    "bias", "first", "second", "third", "inverse_position", "relative_position",
    "log_length", "short", "long", "centrality", "lead_similarity", "lexrank", "log_idf_mass",
    "numbers", "capitals", "starts_name", "quote", "quote_open", "question",
    "said",
)  # fmt: skip

_QUOTE = re.compile(r"[\"“”]")
_NUMBER = re.compile(r"\d")
_DAMPING = 0.85  # LexRank's (PageRank's) chance of following a similarity edge
_ROUNDS = 30  # power iterations: the ranks settle well within this on article-sized graphs


def feature_matrix(
    found: Sequence[str],
    stems: Sequence[Sequence[str]],
    stop_words: frozenset[str],
    names: Sequence[str] = FEATURE_NAMES,
) -> np.ndarray:
    """One row per sentence, one column per name in `names` (each one of FEATURE_NAMES).

    `stems` are each sentence's lower-cased word stems; words in `stop_words` do not count
    towards centrality or specificity."""
    import numpy as np

    unknown = set(names) - set(FEATURE_NAMES)
    if unknown:
        raise ValueError(f"unknown features: {', '.join(sorted(unknown))}")
    content = [[w for w in ws if w not in stop_words] for ws in stems]
    n = len(found)
    # Within-document idf: a word in few of the article's sentences is specific to them.
    document = Counter(w for ws in content for w in set(ws))
    idf = {w: math.log((n + 1) / (df + 0.5)) for w, df in document.items()}
    centroid = Counter({w: c * idf[w] for w, c in Counter(w for ws in content for w in ws).items()})
    centroid_norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    lead = Counter(w for ws in content[:3] for w in ws)
    lead_norm = math.sqrt(sum(v * v for v in lead.values())) or 1.0
    lexrank = _lexrank(content, idf) if "lexrank" in names else np.zeros(n)
    rows = []
    for i, (sentence, words, ws) in enumerate(zip(found, stems, content, strict=True)):
        counts = Counter(ws)
        norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
        length = len(words)
        tokens = split_words(sentence)
        values = {
            "bias": 1.0,
            "first": 1.0 if i == 0 else 0.0,
            "second": 1.0 if i == 1 else 0.0,
            "third": 1.0 if i == 2 else 0.0,
            "inverse_position": 1.0 / (i + 1),
            "relative_position": i / max(n - 1, 1),
            "log_length": math.log1p(length),
            "short": 1.0 if length < 8 else 0.0,
            "long": 1.0 if length > 40 else 0.0,
            "centrality": sum(c * centroid[w] for w, c in counts.items()) / (norm * centroid_norm),
            "lead_similarity": (
                sum(c * lead[w] for w, c in counts.items()) / (norm * lead_norm) if i >= 3 else 0.0
            ),
            "lexrank": float(lexrank[i]),
            # How much content specific to it the sentence holds.
            "log_idf_mass": math.log1p(sum(idf[w] for w in ws)),
            "numbers": min(len(_NUMBER.findall(sentence)), 6) / 6,
            "capitals": sum(1 for w in tokens[1:] if w[:1].isupper()) / max(length, 1),
            # A sentence whose subject is a name ("Kim Jong Un called...", "Taiwan said...").
            "starts_name": (
                1.0
                if tokens and tokens[0][:1].isupper() and tokens[0].lower() not in stop_words
                else 0.0
            ),
            "quote": 1.0 if _QUOTE.search(sentence) else 0.0,
            "quote_open": 1.0 if sentence.lstrip()[:1] in '"“' else 0.0,
            "question": 1.0 if sentence.rstrip().endswith("?") else 0.0,
            "said": 1.0 if " said" in sentence or " says" in sentence else 0.0,
        }
        rows.append([values[name] for name in names])
    return np.asarray(rows, dtype=float).reshape(n, len(names))


def _lexrank(content: Sequence[Sequence[str]], idf: dict[str, float]) -> np.ndarray:
    """Continuous LexRank (Erkan and Radev 2004): the stationary chance of a walk that moves
    between sentences in proportion to their tf-idf cosine similarity, times the number of
    sentences (1.0 is average)."""
    import numpy as np

    n = len(content)
    vocabulary = {w: k for k, w in enumerate(idf)}
    vectors = np.zeros((n, max(len(vocabulary), 1)))
    for i, ws in enumerate(content):
        for w in ws:
            vectors[i, vocabulary[w]] += idf[w]
    norms = np.linalg.norm(vectors, axis=1)
    vectors /= np.where(norms > 0, norms, 1.0)[:, None]
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    degree = similarity.sum(axis=1)
    # A sentence like no other jumps anywhere, as the walk's random restart does.
    walk = np.where(
        degree[:, None] > 0, similarity / np.where(degree > 0, degree, 1.0)[:, None], 1.0 / n
    )
    transition = (1 - _DAMPING) / n + _DAMPING * walk
    rank = np.full(n, 1.0 / n)
    for _ in range(_ROUNDS):
        rank = rank @ transition
    result: np.ndarray = rank * n
    return result

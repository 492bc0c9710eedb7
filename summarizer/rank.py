"""Extractive summarisation: every sumy algorithm by name, Lead-N, and our default ranker.

The default ("briefing") scores each sentence with a small linear model over cheap features
(`summarizer.rank_features`: position, length, centrality against the document and by
LexRank, how specific its words are, numbers, names, quotes), fitted on the dev split of the
eval set by `bench/fit_ranker.py`; it then picks the best sentences under a word budget, by
rules that make a summary read alone, and returns them in document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from summarizer.rank_features import feature_matrix
from summarizer.ranker_weights import FEATURES, WEIGHTS, WORD_BUDGET_PER_SENTENCE
from summarizer.readability import is_half_quotation, leans_back, quote_units
from summarizer.scripts import has_cjk, script_of_word
from summarizer.sentences import SentenceTokenizer, split_sentences, split_words
from summarizer.stop_words import stop_words as every_language

# numpy and sumy (with NLTK's stemmer, 0.4 s to import) load on the first summary: commands
# that never summarise start without them.
if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "DEFAULT_METHOD",
    "FRAGMENT_WORDS",
    "MAX_OUTPUT_SENTENCE_CHARS",
    "METHODS",
    "REDUNDANCY",
    "Candidates",
    "Summary",
    "SummaryError",
    "candidates",
    "clip",
    "head_of",
    "opens_well",
    "overlap",
    "pick_sentences",
    "sentence_features",
    "stem_sentences",
    "stop_words",
    "summarize",
    "with_antecedents",
]

DEFAULT_METHOD = "briefing"
SUMY_METHODS = ("lexrank", "textrank", "lsa", "luhn", "edmundson", "sumbasic", "kl")
METHODS = (DEFAULT_METHOD, "lead", *SUMY_METHODS)

_MAX_SENTENCES = 20
MAX_OUTPUT_SENTENCE_CHARS = 600
# Only the start of a very long text is ranked: news puts what matters first, and the
# ranking must stay fast on a 10 MB paste.
_MAX_RANKED_SENTENCES = 400
_MAX_RANKED_CHARS = 100_000
REDUNDANCY = 0.6
SHORTLIST_PER_SENTENCE = 3  # candidates the default considers per requested sentence
FRAGMENT_WORDS = 6  # fewer words than this is a fragment ("Israel welcomed the vote.")
# Spelled-out quantities count as numbers: "two destroyers", "dozens of drones".
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty hundred hundreds thousand thousands million millions billion billions dozen dozens "
    "half twice double triple".split()
)
_NUMBER = re.compile(r"\d")
_CUE_BONUS = frozenset(
    "said announced confirmed killed launched fired attack strike missile ministry officials "
    "military president government forces".split()
)
_CUE_STIGMA = frozenset("i me my we our you your maybe perhaps think feel".split())
_UKRAINIAN_LETTERS = frozenset("іїєґ")


class SummaryError(ValueError):
    """Text that cannot be summarised (for example: no sentences at all)."""


@dataclass(frozen=True)
class Summary:
    sentences: list[str]
    method: str


def summarize(text: str, *, sentences: int = 3, method: str = DEFAULT_METHOD) -> Summary:
    """The most important sentences of a clean article text, in document order.

    sumy methods and Lead-N return `sentences` sentences. The default returns at most that
    many, within a budget of WORD_BUDGET_PER_SENTENCE words per requested sentence: short
    summaries read better in a briefing, and score better against human highlights.
    """
    if method not in METHODS:
        raise SummaryError(f"unknown method {method!r}; choose one of: {', '.join(METHODS)}")
    if not 1 <= sentences <= _MAX_SENTENCES:
        raise SummaryError(f"sentences must be between 1 and {_MAX_SENTENCES}")
    found = split_sentences(head_of(text, _MAX_RANKED_CHARS))[:_MAX_RANKED_SENTENCES]
    found = [s for s in found if split_words(s)]
    if not found:
        raise SummaryError("no sentences to summarise")
    if len(found) <= sentences:
        chosen = found
    elif method == "lead":
        chosen = found[:sentences]
    elif method == DEFAULT_METHOD:
        chosen = _briefing(found, sentences)
    else:
        chosen = _sumy(found, sentences, method)
    return Summary([clip(s) for s in chosen], method)


# -- sumy -------------------------------------------------------------------------------------


@cache
def _stemmer(language: str = "english") -> Callable[[str], str]:
    from sumy.nlp.stemmers import Stemmer

    stemmer: Callable[[str], str] = Stemmer(language)
    return stemmer


def _stop_words() -> frozenset[str]:
    return every_language()


def stop_words() -> frozenset[str]:
    """The stop words of every language summaries read (`summarizer.stop_words`)."""
    return _stop_words()


def _sumy(found: Sequence[str], count: int, method: str) -> list[str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = SentenceTokenizer()
    document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in found])])
    summarizer = _sumy_summarizer(method)
    picked = {str(s) for s in summarizer(document, count)}
    return [s for s in found if s in picked][:count]


def _sumy_summarizer(method: str) -> Any:
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes: dict[str, Any] = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "edmundson": EdmundsonSummarizer,
        "sumbasic": SumBasicSummarizer,
        "kl": KLSummarizer,
    }
    summarizer = classes[method](_stem)
    summarizer.stop_words = _stop_words()
    if method == "edmundson":
        summarizer.bonus_words = _CUE_BONUS
        summarizer.stigma_words = _CUE_STIGMA
        summarizer.null_words = _stop_words()
    return summarizer


# -- our ranker -------------------------------------------------------------------------------


def _briefing(found: Sequence[str], count: int) -> list[str]:
    import numpy as np

    units = candidates(found)
    scores = sentence_features(units.texts, units.stems) @ np.asarray(WEIGHTS, dtype=float)
    return pick_sentences(units, scores, count, WORD_BUDGET_PER_SENTENCE)


@dataclass(frozen=True)
class Candidates:
    """What the ranker chooses from: the article's sentences, a quotation the splitter cut
    across sentences joined back into one, each marked by whether it can stand alone."""

    texts: list[str]
    stems: list[list[str]]
    leans: list[bool]  # leans on the candidate before it (a pronoun, a connective...)
    half: list[bool]  # holds a quotation that does not close (or open) in it
    facts: list[frozenset[str]]  # numbers and names: what a sentence tells


def candidates(found: Sequence[str]) -> Candidates:
    """The ranker's candidates from an article's sentences (see `Candidates`)."""
    texts, leans = [], []
    for start, end in quote_units(found):
        texts.append(" ".join(found[start:end]))
        leans.append(
            start > 0 and leans_back(found[start], found[max(0, start - 5) : start]) is not None
        )
    return Candidates(
        texts,
        stem_sentences(texts),
        leans,
        [is_half_quotation(t) for t in texts],
        [_facts(t) for t in texts],
    )


def stem_sentences(found: Sequence[str]) -> list[list[str]]:
    """Lower-cased word stems per sentence."""
    return [[_stem(word.lower()) for word in split_words(sentence)] for sentence in found]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """Snowball for the word's own language, told by its script (a Han pair is its own
    stem). Cached: Snowball is slow and news repeats its words: clustering a day's stories,
    or finding an article's story, stems the same few thousand words again and again."""
    script = script_of_word(word)
    if script in {"lat", "other"}:
        return _stemmer()(word)
    if script == "cyr":
        return _stemmer("ukrainian" if _UKRAINIAN_LETTERS & set(word) else "russian")(word)
    if script == "ar":
        return _stemmer("arabic")(word)
    return word


def pick_sentences(
    units: Candidates,
    scores: np.ndarray,
    count: int,
    words_per_sentence: int,
    shortlist: int | None = SHORTLIST_PER_SENTENCE,
) -> list[str]:
    """Best-scored candidates within a word budget, in document order, that read alone.

    Only the `shortlist` best-scored candidates per requested sentence are considered (None:
    all): when the budget or the rules below turn those away, the summary ends shorter
    rather than filling up with a low-ranked sentence that happens to fit.

    - The lead opens the summary unless it is a fragment, a question or half a quotation.
    - A candidate that leans on the one before brings it (and what that one leans on, up to
      two back) when the budget allows, or gives way.
    - Half quotations, fragments (under 6 words: "Empathy.") and near-repeats of a chosen
      candidate are skipped.
    - After the first, a candidate must tell something new: a number or a name the chosen
      ones do not have. Filler that only fits the budget ("NATO's deputy secretary-general
      attended the talks.") gives way.
    """
    import numpy as np

    budget = words_per_sentence * count
    words = units.stems
    chosen: set[int] = set()
    told: set[str] = set()
    used = 0.0

    def take(group: list[int]) -> None:
        nonlocal used
        for i in group:
            chosen.add(i)
            told.update(units.facts[i])
            used += word_count(words[i])

    if opens_well(units, 0):
        take([0])
    ranked = np.argsort(-scores, kind="stable")
    for index in ranked if shortlist is None else ranked[: shortlist * count]:
        if len(chosen) >= count:
            break
        i = int(index)
        if i in chosen or units.half[i]:
            continue
        group = with_antecedents(units, i, chosen)
        if group is None or len(chosen) + len(group) > count:
            continue
        length = sum(word_count(words[j]) for j in group)
        if chosen and used + length > budget:
            continue
        if any(word_count(words[j]) < FRAGMENT_WORDS for j in group):
            continue
        if any(overlap(words[j], words[k]) > REDUNDANCY for j in group for k in chosen):
            continue
        if chosen and not any(units.facts[j] - told for j in group):
            continue
        take(group)
    if not chosen:  # every candidate is a fragment, half a quotation, or leans on one
        alone = [i for i in range(len(scores)) if not units.half[i] and not units.leans[i]]
        take([max(alone or range(len(scores)), key=lambda i: float(scores[i]))])
    return [units.texts[i] for i in sorted(chosen)]


# Chinese words run 1.6 characters on average, and a Chinese or Japanese sentence's stems are
# its overlapping character pairs (about one a character): 1.6 pairs make a word of the budget
# (Japanese words run about as long).
_HAN_PAIRS_PER_WORD = 1.6


def word_count(stems: Sequence[str]) -> float:
    """A sentence's length in words, for budgets and fragments, in any script."""
    pairs = sum(1 for stem in stems if has_cjk(stem))
    return len(stems) - pairs + pairs / _HAN_PAIRS_PER_WORD


def opens_well(units: Candidates, i: int) -> bool:
    """A lead that reads alone: a sentence (6 words or more), not a question, not half a
    quotation, leaning on nothing."""
    text = units.texts[i]
    return (
        not units.half[i]
        and not units.leans[i]
        and word_count(units.stems[i]) >= FRAGMENT_WORDS
        and not text.rstrip().endswith("?")
    )


def with_antecedents(units: Candidates, i: int, chosen: set[int]) -> list[int] | None:
    """The candidate with what it leans on (up to two back), or None when that is a half
    quotation or leans further still."""
    group = [i]
    j = i
    while units.leans[j] and j - 1 not in chosen:
        j -= 1
        if j < 0 or units.half[j] or len(group) > 2:
            return None
        group.insert(0, j)
    return group


def sentence_features(found: Sequence[str], stems: Sequence[Sequence[str]]) -> np.ndarray:
    """One row per sentence, one column per name in `FEATURES` (the fitted model's inputs)."""
    return feature_matrix(found, stems, _stop_words(), FEATURES)


def overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of the shorter sentence's words that the other one repeats."""
    small, large = (set(a), set(b)) if len(set(a)) <= len(set(b)) else (set(b), set(a))
    return len(small & large) / max(len(small), 1)


def _facts(text: str) -> frozenset[str]:
    """Numbers (in digits or words) and capitalised names (not the first word): cheap
    stand-ins for the facts a sentence tells, to tell filler from news."""
    words = split_words(text)
    found = {w for w in words if _NUMBER.search(w) or w.casefold() in _NUMBER_WORDS}
    found.update(w.casefold() for w in words[1:] if w[:1].isupper())
    return frozenset(found)


def head_of(text: str, limit: int) -> str:
    """The start of a text up to `limit` characters, cut at a paragraph break if there is one."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > 0 else limit]


def clip(sentence: str) -> str:
    """A sentence as shown: one longer than MAX_OUTPUT_SENTENCE_CHARS is cut at a word."""
    if len(sentence) <= MAX_OUTPUT_SENTENCE_CHARS:
        return sentence
    return sentence[:MAX_OUTPUT_SENTENCE_CHARS].rsplit(" ", 1)[0] + "…"

"""Whether a summary sentence can stand alone: back-references, half quotations, fragments.

A reader meets a summary without its article. A sentence that opens with a pronoun ("She was
sentenced..."), a connective ("But the talks...", "Russia also fired...") or a definite
reference to something named earlier ("The ministry said...") leans on the sentence before
it; a quotation split by the sentence splitter (`"Every month it gets harder.`) is half a
quote. The ranker uses these checks to choose sentences, and `bench/summarize.py` counts them
in every method's summaries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from summarizer.sentences import split_words

__all__ = [
    "Lean",
    "Readability",
    "is_half_quotation",
    "leans_back",
    "quote_units",
    "readability",
]

Lean = Literal["pronoun", "connective", "reference"]

# Pronouns and determiners that stand for something the reader was told before. Sentence
# openers only: "it" and "that" mid-sentence are ordinary.
_PRONOUNS = frozenset(
    "he she they it its his her hers their theirs them him this these those that such "
    "another others both neither".split()
)
# "I wanted to...", "We never said...": outside quotation marks, a writer or speaker that a
# summary has not named. Inside them, the sentence usually names the speaker ("...," he said).
_FIRST_PERSON = frozenset("i me my we us our".split())
# "He'd", "That's", "I'm": the pronoun before a contracted verb.
_CLITIC = re.compile(r"['’](?:s|d|re|ll|ve|m)$")
# Words and phrases that continue, contrast or follow on from the sentence before.
_CONNECTIVES = (
    "but", "however", "and", "or", "so", "yet", "still", "also", "meanwhile", "moreover",
    "furthermore", "additionally", "besides", "instead", "nevertheless", "nonetheless",
    "thus", "therefore", "hence", "then", "otherwise", "likewise", "similarly", "separately",
    "consequently", "accordingly", "indeed", "afterwards", "afterward", "later", "earlier",
    "in addition", "as a result", "at the same time", "on the other hand", "in response",
    "in turn", "even so", "by contrast", "in contrast", "after that", "since then",
    "until then", "by then", "at that time", "in that case", "for that reason",
    "despite this", "despite that", "because of this", "as well", "the next day",
    "the following day", "a day later", "days later", "hours later", "weeks later",
    "months later", "the other", "the same", "the latter", "the former",
)  # fmt: skip
_CONNECTIVE = re.compile(
    r"^(?:" + "|".join(re.escape(c) for c in _CONNECTIVES) + r")(?![\w'’-])", re.IGNORECASE
)
_NOT_CONNECTIVE = re.compile(r"^(?:so far|so-called|later this|earlier this)\b", re.IGNORECASE)
# "Russia also fired 51 missiles.": an additive adverb right after a short subject.
_ALSO_EARLY = re.compile(r"^(?:\S+\s+){1,3}(?:also|too|again|likewise|meanwhile)\b", re.I)
# "It is unclear whether...", "It turns out that...": an "it" that points forward, not back.
_EXPLETIVE_IT = re.compile(
    r"^it(?:'s|’s| is| was| seems| seemed| appears| appeared| remains| remained| turns out)"
    r"(?: not)?(?: yet)?(?: immediately| still| now)?"
    r"(?: (?:un)?clear| (?:un)?likely| (?:im)?possible| (?:un)?known| important| difficult"
    r"| hard| easy| true| time| too early| too soon| worth| out| that)\b",
    re.IGNORECASE,
)
# "This week", "That morning": a demonstrative that dates the sentence, not a back-reference.
_TIME_NOUNS = frozenset(
    "week weekend year month morning afternoon evening night summer spring autumn fall "
    "winter season century decade".split()
)
_OPENING_PUNCTUATION = "\"'“”‘’([—–- "
# Heads that a definite article makes specific without an earlier mention: "The U.N. said",
# "The government of X", "The world's...". A lower-case head is checked against earlier text.
_DEFINING = frozenset("of in at from for on with who which that whose".split())
# Content words too general to tell a back-reference ("the first", "the most").
_GENERAL = frozenset(
    "first last most best latest new next same other former latter two three four five "
    "year years day days week weeks month months time number".split()
)


@dataclass(frozen=True)
class Readability:
    """Counts for one summary (or a sum over many)."""

    summaries: int = 0
    sentences: int = 0
    detached: int = 0  # summaries holding a back-reference whose antecedent is not shown
    half_quotations: int = 0  # summaries holding a quotation cut in half
    short: int = 0  # summary sentences under 6 words

    def __add__(self, other: Readability) -> Readability:
        return Readability(
            self.summaries + other.summaries,
            self.sentences + other.sentences,
            self.detached + other.detached,
            self.half_quotations + other.half_quotations,
            self.short + other.short,
        )

    def per_100(self) -> dict[str, float]:
        """Per 100 summaries: the way the targets are stated."""
        n = max(self.summaries, 1)
        return {
            "detached_per_100": round(100 * self.detached / n, 2),
            "half_quotations_per_100": round(100 * self.half_quotations / n, 2),
            "short_per_100": round(100 * self.short / n, 2),
        }


def leans_back(sentence: str, earlier: Sequence[str] = ()) -> Lean | None:
    """How the sentence leans on what came before it, or None when it stands alone.

    `earlier` are the article's sentences before this one: a definite reference ("The
    ministry said...") leans back only when its noun was mentioned there."""
    text = sentence.lstrip(_OPENING_PUNCTUATION)
    words = split_words(text)
    if not words:
        return None
    first = _CLITIC.sub("", words[0].casefold())
    if first in _PRONOUNS and not _names_a_title(words) and not _points_elsewhere(words, text):
        return "pronoun"
    quoted = sentence.lstrip()[:1] in "\"'“‘"
    acronym = len(words[0]) > 1 and words[0].isupper()  # "US forces...", not "us"
    if first in _FIRST_PERSON and not (quoted or acronym or _names_a_title(words)):
        return "pronoun"
    if (_CONNECTIVE.match(text) and not _NOT_CONNECTIVE.match(text)) or _ALSO_EARLY.match(text):
        return "connective"
    if first == "the" and earlier and _refers_back(words, earlier):
        return "reference"
    return None


def is_half_quotation(sentence: str) -> bool:
    """A quotation opened and not closed, or closed and not opened, in this sentence."""
    return _quote_balance(sentence) != 0


def quote_units(sentences: Sequence[str], longest: int = 4) -> list[tuple[int, int]]:
    """(start, end) spans of sentences to be taken together: a quotation the splitter cut
    across sentences is one unit from its opening to its closing sentence. A quotation that
    does not close within `longest` sentences leaves its sentences as single units (each still
    a half quotation, which the ranker avoids)."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(sentences):
        balance = _quote_balance(sentences[i])
        end = i + 1
        if balance > 0:
            running = balance
            for j in range(i + 1, min(i + longest, len(sentences))):
                running += _quote_balance(sentences[j])
                if running <= 0:
                    end = j + 1 if running == 0 else end
                    break
        spans.append((i, end))
        i = end
    return spans


def readability(article: Sequence[str], summary: Sequence[str]) -> Readability:
    """How one summary of the article (its sentences, in the splitter's order) reads alone.

    Each summary item is found in the article as one sentence or a run of sentences (a
    quotation unit); a leaning sentence is detached when the article sentence before it is
    not in the summary. The article's first sentence has nothing before it to show: a teaser
    lead ("It was nothing if not predictable.") is the article's own opening."""
    positions = _positions(article, summary)
    shown = {i for span in positions for i in span}
    detached = False
    for span in positions:
        start = span[0] if span else 0
        if start == 0:
            continue
        if start - 1 not in shown and leans_back(
            article[start], article[max(0, start - 5) : start]
        ):
            detached = True
    half = any(is_half_quotation(item) for item in summary)
    short = sum(1 for item in summary if len(split_words(item)) < 6)
    return Readability(1, len(summary), int(detached), int(half), short)


def _positions(article: Sequence[str], summary: Sequence[str]) -> list[list[int]]:
    """Article sentence indices of each summary item (a clipped item matches by its start)."""
    found: list[list[int]] = []
    for item in summary:
        stem = item.removesuffix("…")
        span: list[int] = []
        for i, sentence in enumerate(article):
            if not stem.startswith(sentence[: len(stem)]) and not sentence.startswith(stem):
                continue
            joined, j = sentence, i
            span = [i]
            while len(joined) < len(stem) and j + 1 < len(article):
                j += 1
                joined = f"{joined} {article[j]}"
                span.append(j)
            if joined.startswith(stem) or stem.startswith(joined):
                break
            span = []
        found.append(span)
    return found


def _quote_balance(sentence: str) -> int:
    """+1 when the sentence leaves a quotation open, -1 when it closes one it did not open."""
    curly = sentence.count("“") - sentence.count("”")
    if curly:
        return 1 if curly > 0 else -1
    if sentence.count('"') % 2 == 0:
        return 0
    # An odd straight quote: it opens when a quote starts a phrase after the last
    # even-numbered one, closes when it ends one.
    last = sentence.rfind('"')
    before = sentence[last - 1] if last > 0 else " "
    return 1 if before in " ([—–-" else -1


def _points_elsewhere(words: Sequence[str], text: str) -> bool:
    """ "This week...", "Both Evans and Cisse...", "It is unclear whether...": openers that
    look like pronouns and stand alone."""
    first = _CLITIC.sub("", words[0].casefold())
    second = words[1] if len(words) > 1 else ""
    if first in {"this", "that", "these", "those"} and second.casefold() in _TIME_NOUNS:
        return True
    if first in {"both", "neither", "another"} and second[:1].isupper():
        return True
    return first == "it" and bool(_EXPLETIVE_IT.match(text))


def _names_a_title(words: Sequence[str]) -> bool:
    """ "This Is England", "Those Who Wait": a capitalised run reads as a name, not a pronoun."""
    return len(words) > 2 and all(w[:1].isupper() for w in words[:3])


def _refers_back(words: Sequence[str], earlier: Sequence[str]) -> bool:
    """ "The ministry said", "The missiles were": a lower-case noun after "the" that an earlier
    sentence mentioned, not defined here by "of ..." or "who ...". Word forms are compared
    without a final "s", so "missile" meets "missiles"."""
    if len(words) < 2 or not (words[1].islower() and words[1].isalpha()):
        return False
    at = 2 if words[1] in _GENERAL and len(words) > 2 and words[2].islower() else 1
    head = words[at]
    nxt = words[at + 1] if len(words) > at + 1 else ""
    if nxt.casefold() in _DEFINING or head in _GENERAL or len(head) <= 3:
        return False
    mentioned = {w.casefold().removesuffix("s") for s in earlier for w in split_words(s)}
    return head.removesuffix("s") in mentioned

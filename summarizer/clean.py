"""Boilerplate removal and metadata for scraped article text.

Scraped news text carries page furniture: subscription banners, timestamp lines, wire bylines,
photo captions (often twice, once with a credit) and a standfirst that repeats the body. This
module strips it before anything is ranked, and keeps what is metadata (title, publication
date, byline, dateline) instead of throwing it away.

Here are the passes over the whole text (titles, fragments, captions, near-duplicates,
closing credits); the rules for a single line are in `summarizer.clean_rules` (dates and
times in `summarizer.timestamps`), and the merge of two HTML extractions is in
`summarizer.extraction`. `RemovedLine` and `merge_extractions` are re-exported here.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from summarizer.clean_rules import (
    CAPTION_PHRASE,
    TERMINAL,
    WORD,
    Meta,
    Para,
    RemovedLine,
    classify_line,
    fingerprint,
    is_credit,
    looks_like_prose,
    mentions_media,
    strip_wire_dateline,
    word_count,
)
from summarizer.extraction import merge_extractions
from summarizer.sentences import split_sentences

__all__ = [
    "CleanedText",
    "RemovedLine",
    "clean_scraped_text",
    "derive_title",
    "merge_extractions",
    "normalize_text",
]

# Characters that are invisible or layout-only in scraped pages.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Only the top of a document is compared for near-duplicates (standfirsts, captions): the
# comparison is quadratic, and a 10 MB text must still clean in linear time.
_NEAR_DUP_WINDOW = 60
_NEAR_DUP_CONTAINMENT = 0.8
_NEAR_DUP_MIN_BIGRAMS = 8
_TITLE_SEARCH_DEPTH = 3
_CREDIT_SCAN_PARAGRAPHS = 3


@dataclass(frozen=True)
class CleanedText:
    """Clean article body plus the metadata found in the furniture around it."""

    title: str | None
    text: str
    published_at: datetime | None
    published_on: date | None
    byline: str | None
    dateline: str | None
    removed: tuple[RemovedLine, ...]

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []


def normalize_text(text: str) -> str:
    """Unicode NFC, no invisible or control characters, Unix newlines, single spaces."""
    # Invisible characters go first: one between a letter and its accent would otherwise block
    # composition, and removing it afterwards would leave the text not in NFC.
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def clean_scraped_text(
    text: str, *, title: str | None = None, detect_title: bool = True
) -> CleanedText:
    """Turn scraped article text into a clean body with its title and metadata.

    A known `title` is removed where the page repeats it at the top; otherwise the title is
    detected from the first lines (unless `detect_title` is off).
    """
    removed: list[RemovedLine] = []
    meta = Meta()
    paras: list[Para] = []
    for line in _split_paragraphs(normalize_text(text)):
        paras.extend(classify_line(line, meta, removed))

    if title is not None:
        title = " ".join(title.split())
        _drop_repeated_title(paras, title, removed)
    elif detect_title:
        title = _take_title(paras)

    paras = _drop_fragments(paras, removed)
    paras = _drop_captions_and_duplicates(paras, removed)
    paras = _drop_near_duplicates(paras, removed)
    paras = _drop_credit_sentences(paras, removed)
    if paras:
        first = strip_wire_dateline(paras[0].text, meta)
        paras[0] = Para(first) if first else paras[0]
    return CleanedText(
        title=title,
        text="\n".join(p.text for p in paras),
        published_at=meta.published_at,
        published_on=meta.published_on,
        byline=meta.byline,
        dateline=meta.dateline,
        removed=tuple(removed),
    )


def derive_title(first_sentence: str, limit: int = 120) -> str:
    """A headline for text that came without one: its first sentence, cut at a word."""
    sentence = first_sentence.strip()
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def _split_paragraphs(text: str) -> list[str]:
    """One paragraph per line, unless the text is hard-wrapped at a fixed width."""
    blocks = [b.split("\n") for b in re.split(r"\n\s*\n", text)]
    wrapped_lines = [line for b in blocks if len(b) > 1 for line in b[:-1] if line]
    all_lines = [line for b in blocks for line in b if line]
    if _looks_hard_wrapped(wrapped_lines, all_lines):
        return [" ".join(x for x in b if x) for b in blocks if any(b)]
    return all_lines


def _looks_hard_wrapped(wrapped_lines: list[str], all_lines: list[str]) -> bool:
    if len(wrapped_lines) < 3 or max(len(line) for line in all_lines) > 110:
        return False
    in_band = sum(1 for line in wrapped_lines if 45 <= len(line) <= 100)
    # A wrap falls mid-sentence; lines that end sentences are paragraphs, not wrapped text.
    mid_sentence = sum(1 for line in wrapped_lines if not line.endswith(TERMINAL))
    return in_band >= 0.7 * len(wrapped_lines) and mid_sentence >= 0.6 * len(wrapped_lines)


def _take_title(paras: list[Para]) -> str | None:
    """The headline is a short, unpunctuated line near the top, before the prose starts."""
    for index, para in enumerate(paras[:_TITLE_SEARCH_DEPTH]):
        words = word_count(para.text)
        if looks_like_prose(para.text):
            return None
        headline_like = 3 <= words <= 30 and len(para.text) <= 250 and not para.text.endswith(".")
        if headline_like and not para.had_credit and index + 1 < len(paras):
            del paras[index]
            return para.text
    return None


def _drop_repeated_title(paras: list[Para], title: str, removed: list[RemovedLine]) -> None:
    wanted = fingerprint(title)
    for index, para in enumerate(paras[:_TITLE_SEARCH_DEPTH]):
        if fingerprint(para.text) == wanted:
            removed.append(RemovedLine(para.text, "title"))
            del paras[index]
            return


def _drop_fragments(paras: list[Para], removed: list[RemovedLine]) -> list[Para]:
    """Section labels, place names and other stubs are not article text; a sentence-case
    stub between two prose paragraphs is a subheading of the story ("Reaping the harvest")."""
    kept = []
    for index, para in enumerate(paras):
        short = len(para.text) < 60 and word_count(para.text) <= 3
        if short and not para.text.endswith(TERMINAL) and not _is_subheading(paras, index):
            removed.append(RemovedLine(para.text, "fragment"))
        else:
            kept.append(para)
    return kept


def _is_subheading(paras: list[Para], index: int) -> bool:
    """Names, credits and labels are capitalised throughout ("Getty Images", "New York");
    a subheading reads as words ("What comes next"), inside the story."""
    if not 0 < index < len(paras) - 1:
        return False
    words = paras[index].text.split()
    inside = looks_like_prose(paras[index - 1].text) and looks_like_prose(paras[index + 1].text)
    return (
        inside
        and len(words) >= 2
        and words[0][:1].isupper()
        and any(w[:1].islower() for w in words[1:])
        and not mentions_media(paras[index].text)
    )


def _drop_captions_and_duplicates(paras: list[Para], removed: list[RemovedLine]) -> list[Para]:
    """Captions (credited or repeated caption text) go entirely; other repeats keep one copy."""
    groups: dict[str, list[int]] = {}
    for index, para in enumerate(paras):
        groups.setdefault(fingerprint(para.text), []).append(index)
    drop: dict[int, str] = {}
    for indexes in groups.values():
        group = [paras[i] for i in indexes]
        repeated = len(indexes) > 1
        captioned = any(p.had_credit for p in group) or any(
            CAPTION_PHRASE.search(p.text) for p in group
        )
        credited = any(p.had_credit for p in group)
        if captioned and (repeated or credited or word_count(group[0].text) <= 60):
            drop.update(dict.fromkeys(indexes, "caption"))
        elif repeated:
            drop.update(dict.fromkeys(indexes[1:], "duplicate"))
    for index, reason in drop.items():
        removed.append(RemovedLine(paras[index].text, reason))
    return [p for i, p in enumerate(paras) if i not in drop]


def _drop_near_duplicates(paras: list[Para], removed: list[RemovedLine]) -> list[Para]:
    """A standfirst that the body repeats almost word for word is dropped (the body stays).

    Only paragraphs near the top can be dropped this way; an index of their word pairs keeps
    the comparison with every other paragraph linear in the length of the text.
    """
    shingles = [_bigrams(p.text) for p in paras]
    window = [
        i
        for i in range(min(len(paras), _NEAR_DUP_WINDOW))
        if len(shingles[i]) >= _NEAR_DUP_MIN_BIGRAMS
    ]
    index: dict[tuple[str, str], list[int]] = {}
    for i in window:
        for pair in shingles[i]:
            index.setdefault(pair, []).append(i)
    drop: set[int] = set()
    for j, other in enumerate(shingles):
        shared = Counter(i for pair in other & index.keys() for i in index[pair])
        for i, count in shared.items():
            size = len(shingles[i])
            bigger = len(other) > size or (len(other) == size and j < i)
            if i == j or i in drop or j in drop or not bigger or len(other) > 4 * size:
                continue
            if count >= _NEAR_DUP_CONTAINMENT * size:
                drop.add(i)
                removed.append(RemovedLine(paras[i].text, "near-duplicate"))
    return [p for i, p in enumerate(paras) if i not in drop]


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = WORD.findall(text.lower())
    return set(itertools.pairwise(words))


def _drop_credit_sentences(paras: list[Para], removed: list[RemovedLine]) -> list[Para]:
    """Staff credits at the end of the story ("X contributed to this report.") go."""
    for index in range(max(0, len(paras) - _CREDIT_SCAN_PARAGRAPHS), len(paras)):
        text = paras[index].text
        sentences = split_sentences(text)
        while sentences and is_credit(sentences[-1]):
            credit = sentences.pop()
            removed.append(RemovedLine(credit, "credit"))
            # Cut the credit off instead of re-joining the sentences, which would add spaces
            # where the paragraph had none ('He left.(It rained.)').
            text = text[: text.rindex(credit)].rstrip()
        paras[index] = Para(text, paras[index].had_credit)
    return [p for p in paras if p.text]

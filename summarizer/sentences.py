"""Sentence and word splitting that works offline, and the tokenizer handed to sumy.

nupunkt is a pure-Python Punkt implementation with its model inside the package, so it needs
no NLTK data download and handles abbreviations such as "U.S.", "Dec. 28" and "a.m.".
"""

from __future__ import annotations

import re

__all__ = ["SentenceTokenizer", "split_sentences", "split_words"]

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
# Punkt gets paragraphs in bounded chunks, and a "sentence" longer than this (text without
# punctuation) is cut into word windows: a 10 MB text without punctuation must still finish.
_MAX_SENTENCE_CHARS = 2000


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping paragraph breaks as hard boundaries."""
    import nupunkt

    sentences: list[str] = []
    for line in text.split("\n"):
        paragraph = line.strip()
        if not paragraph:
            continue
        for chunk in _bounded_chunks(paragraph):
            found: list[str] = [str(s).strip() for s in nupunkt.sent_tokenize(chunk)]
            for sentence in found:
                if len(sentence) > _MAX_SENTENCE_CHARS:
                    sentences.extend(_word_windows(sentence))
                elif sentence:
                    sentences.append(sentence)
    return sentences


def split_words(sentence: str) -> list[str]:
    """Word tokens (letters, digits, inner hyphens and apostrophes), punctuation dropped."""
    return [w.rstrip(".") for w in _WORD.findall(sentence)]


def _word_windows(run: str, words_per_window: int = 60) -> list[str]:
    """Text with no sentence breaks (no punctuation at all) in readable, bounded pieces."""
    words = run.split()
    return [
        " ".join(words[i : i + words_per_window]) for i in range(0, len(words), words_per_window)
    ]


def _bounded_chunks(paragraph: str) -> list[str]:
    if len(paragraph) <= 20 * _MAX_SENTENCE_CHARS:
        return [paragraph]
    chunks: list[str] = []
    start = 0
    while start < len(paragraph):
        end = min(start + 20 * _MAX_SENTENCE_CHARS, len(paragraph))
        if end < len(paragraph):
            cut = max(paragraph.rfind(". ", start, end), paragraph.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        chunks.append(paragraph[start:end])
        start = end
    return chunks


class SentenceTokenizer:
    """sumy's tokenizer protocol (`to_sentences`, `to_words`) on top of nupunkt."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return split_words(sentence)

"""Sentence splitting that works offline.

nupunkt is a pure-Python Punkt implementation with its model inside the package, so it
needs no NLTK data download and handles abbreviations such as "U.S.", "Dec. 28" and "a.m.".
"""

from __future__ import annotations

import nupunkt


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping paragraph breaks as hard boundaries."""
    sentences: list[str] = []
    for line in text.split("\n"):
        paragraph = line.strip()
        if paragraph:
            found: list[str] = [str(s).strip() for s in nupunkt.sent_tokenize(paragraph)]
            sentences.extend(s for s in found if s)
    return sentences

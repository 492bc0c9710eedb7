"""Search snippets: the words around a query's first match, matched words marked.

The markers are private-use characters (HIGHLIGHT_START, HIGHLIGHT_END): renderers turn them
into bold and escape the rest, so a snippet never carries markup of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storage.query import Atom

__all__ = ["HIGHLIGHT_END", "HIGHLIGHT_START", "SNIPPET_WORDS", "highlighter", "opening", "snippet"]

HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"
SNIPPET_WORDS = 24
SNIPPET_CHARS = 220


def highlighter(atoms: Sequence[Atom]) -> re.Pattern[str] | None:
    """Words a query matched, for display: a word matches when it starts with a query word
    less its last two letters ("strikes" for "strike"), close to the index's stemming."""
    stems = {
        (w if atom.prefix and i == len(atom.words) - 1 else w[: max(3, len(w) - 2)])
        for atom in atoms
        for i, w in enumerate(atom.words)
    }
    if not stems:
        return None
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def snippet(body: str, pattern: re.Pattern[str] | None) -> str:
    """About 35 words around the first match, matched words between the markers."""
    found = pattern.search(body) if pattern is not None else None
    if pattern is None or found is None:
        return opening(body)
    start = max(0, found.start() - SNIPPET_CHARS // 3)
    if start:
        start = body.find(" ", start, found.start()) + 1 or found.start()
    end = min(len(body), start + SNIPPET_CHARS)
    if end < len(body):
        end = body.rfind(" ", found.end(), end) if body.rfind(" ", found.end(), end) > 0 else end
    window = pattern.sub(lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_END}", body[start:end])
    window = " ".join(window.split())
    return ("… " if start else "") + window + (" …" if end < len(body) else "")


def opening(body: str) -> str:
    words = body.split()
    return " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")

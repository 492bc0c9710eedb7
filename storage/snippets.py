"""Search snippets: the words around a query's first match, matched words marked.

The markers are private-use characters (HIGHLIGHT_START, HIGHLIGHT_END): renderers turn them
into bold and escape the rest, so a snippet never carries markup of its own. Words in the
scripts of `storage.terms` are marked in the forms the index matched: a Russian or Ukrainian
word by its stem, an Arabic word by its stem behind any clitics, Chinese as a substring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storage.query import Atom
from storage.stemmers import ARABIC_MARKS
from storage.terms import is_native, word_stems

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
        if not is_native(w)
    }
    native = [w for atom in atoms for w in atom.words if is_native(w)]
    if not stems and not native:
        return None
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    latin = rf"(?<!\w)(?:{alternatives})\w*" if stems else ""
    if not native:
        return re.compile(latin, re.IGNORECASE)
    return re.compile("|".join(filter(None, [latin, *_native_patterns(native)])), re.IGNORECASE)


_MARK = f"[{ARABIC_MARKS}]*"
_ARABIC_LETTER = {"ا": "[اأإآٱ]", "ي": "[يى]", "ء": "[ءؤئ]"}
# What may stand before an Arabic stem: a conjunction, a preposition, the article.
_ARABIC_FRONT = f"(?:[وف]{_MARK})?(?:[بكل]{_MARK})?(?:ا{_MARK}ل{_MARK}|ل{_MARK})?"
_ARABIC_ENDINGS = "(?:تين|تان|تها|تهم|ته|ها|هم|ان|ات|ون|ين|ية|يه|ة|ه|ا|ي)*"
_SHORT_STEM = 3  # a shorter stem marks only its word with known endings, not every word it begins


def _native_patterns(words: Sequence[str]) -> list[str]:
    """Patterns for the forms of native query words that the index finds."""
    cyrillic: set[str] = set()
    arabic: set[str] = set()
    cjk: set[str] = set()
    for word in words:
        for script, stem in word_stems(word):
            {"cyrillic": cyrillic, "arabic": arabic, "cjk": cjk}[script].add(stem)
    patterns = []
    for stem in sorted(cyrillic, key=len, reverse=True):
        letters = "".join(
            {"е": "[её]", "г": "[гґ]"}.get(letter, re.escape(letter)) for letter in stem
        )
        tail = r"\w*" if len(stem) >= _SHORT_STEM else r"\w{0,3}(?!\w)"
        patterns.append(rf"(?<!\w){letters}{tail}")
    for stem in sorted(arabic, key=len, reverse=True):
        letters = "".join(_ARABIC_LETTER.get(letter, re.escape(letter)) + _MARK for letter in stem)
        tail = rf"[\w{ARABIC_MARKS}]*" if len(stem) >= _SHORT_STEM else rf"{_ARABIC_ENDINGS}(?!\w)"
        patterns.append(rf"(?<!\w){_ARABIC_FRONT}{letters}{tail}")
    patterns += [re.escape(run) for run in sorted(cjk, key=len, reverse=True)]
    return patterns


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

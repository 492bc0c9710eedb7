"""Characters no stored or shown text may carry: lone surrogates and bidi formatting controls.

Pure. Every article draft passes through here (see `summarizer.documents`), so whatever a
document, a feed or a JSON line held, what reaches spaCy, the database and Telegram is valid
Unicode that cannot reorder the text around it.

Why two levels:

* Titles, sources, bylines and other one-line metadata lose every bidi control, marks
  included: they are pasted next to other text (cards, briefings, lists), where a control
  changes how that text reads.
* Body text loses the embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they
  open a direction that stays open until a matching close, and summaries cut sentences out of
  the body, so a pair that balanced in the article need not balance in a summary. The
  implicit marks (LRM U+200E, RLM U+200F, ALM U+061C) stay in body text: they are
  zero-width, open nothing, only steer the neutral characters next to them, and Arabic or
  Hebrew text needs them to show numbers and Latin names in the right order.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "BIDI_CONTROLS",
    "BIDI_MARKS",
    "one_line",
    "scrub_inline",
    "scrub_text",
    "without_surrogates",
]

BIDI_MARKS = "\u200e\u200f\u061c"
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SURROGATE = re.compile("[\ud800-\udfff]")
_BODY_DROP = dict.fromkeys(map(ord, BIDI_CONTROLS), None)
_INLINE_DROP = dict.fromkeys(map(ord, BIDI_CONTROLS + BIDI_MARKS), None)
REPLACEMENT = "\ufffd"


def without_surrogates(text: str) -> str:
    """Lone surrogates (from a JSON escape like "\\ud800" or a numeric character reference)
    become U+FFFD: they are not characters, and UTF-8 encoders (spaCy's, the database
    driver's, Telegram's) refuse them. U+FFFD marks the spot, as a decoder would."""
    return _SURROGATE.sub(REPLACEMENT, text) if _SURROGATE.search(text) else text


def scrub_text(text: str) -> str:
    """Body text: no lone surrogates, no bidi embeddings, overrides or isolates."""
    return without_surrogates(text).translate(_BODY_DROP)


def scrub_inline(text: str) -> str:
    """One-line metadata (titles, sources, bylines): no lone surrogates, no bidi controls."""
    return without_surrogates(text).translate(_INLINE_DROP)


def one_line(value: str, limit: int = 80) -> str:
    """A hostile value fit to quote in a one-line message: controls, line breaks, invisible
    and bidi characters and lone surrogates each become a space (a terminal escape or an
    override cannot act), runs of spaces one space, cut to `limit` characters with "…"."""
    shown = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in value[: limit * 4])
    shown = " ".join(shown.split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"

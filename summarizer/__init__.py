"""Pure text processing for Briefing: cleaning, sentences, documents, language.

Nothing in this package does I/O, touches a database or keeps mutable global state.

The names below are imported from their modules when first asked for: importing one module
of the package (`summarizer.rank`) does not load the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.lazy import lazy_getattr

if TYPE_CHECKING:
    from summarizer.clean import CleanedText, clean_scraped_text
    from summarizer.documents import ArticleDraft, DocumentError, parse_document

__all__ = ["ArticleDraft", "CleanedText", "DocumentError", "clean_scraped_text", "parse_document"]

_NAMES_OF = {
    "clean": ("CleanedText", "clean_scraped_text"),
    "documents": ("ArticleDraft", "DocumentError", "parse_document"),
}

if not TYPE_CHECKING:  # type checkers see the imports above, and flag a misspelt name
    __getattr__ = lazy_getattr(__name__, _NAMES_OF)

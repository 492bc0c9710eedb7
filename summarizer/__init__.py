"""Pure text processing for Briefing: cleaning, sentences, documents, language.

Nothing in this package does I/O, touches a database or keeps mutable global state.
"""

from __future__ import annotations

from summarizer.clean import CleanedText, clean_scraped_text
from summarizer.documents import ArticleDraft, DocumentError, parse_document

__all__ = [
    "ArticleDraft",
    "CleanedText",
    "DocumentError",
    "clean_scraped_text",
    "parse_document",
]

"""Pure text processing for Briefing: cleaning, sentences, documents, language.

Nothing in this package does I/O, touches a database or keeps mutable global state.

The names below are imported from their modules when first asked for: importing one module
of the package (`summarizer.rank`) does not load the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarizer.clean import CleanedText, clean_scraped_text
    from summarizer.documents import ArticleDraft, DocumentError, parse_document

__all__ = [
    "ArticleDraft",
    "CleanedText",
    "DocumentError",
    "clean_scraped_text",
    "parse_document",
]

_HOME_OF = {
    "CleanedText": "clean",
    "clean_scraped_text": "clean",
    "ArticleDraft": "documents",
    "DocumentError": "documents",
    "parse_document": "documents",
}

if not TYPE_CHECKING:  # type checkers see the imports above, and flag a misspelt name

    def __getattr__(name: str) -> Any:
        """`from summarizer import X` imports X's module at that moment (PEP 562)."""
        module = _HOME_OF.get(name)
        if module is None:
            raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
        return getattr(importlib.import_module(f"summarizer.{module}"), name)

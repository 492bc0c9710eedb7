"""The ways a document can fail to become an article: one `DocumentError` family.

Its own module because every stage (decoding, feeds, HTML pages, drafts) raises these, and
callers catch them from `summarizer.documents`, which re-exports them.
"""

from __future__ import annotations

__all__ = [
    "BinaryDocument",
    "DocumentError",
    "EmptyDocument",
    "MalformedDocument",
    "NoArticleText",
    "UndecodableDocument",
]


class DocumentError(ValueError):
    """A document that cannot become an article; the message says why, in one line."""


class EmptyDocument(DocumentError):
    pass


class BinaryDocument(DocumentError):
    pass


class UndecodableDocument(DocumentError):
    pass


class MalformedDocument(DocumentError):
    pass


class NoArticleText(DocumentError):
    pass

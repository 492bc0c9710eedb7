"""Raw documents (bytes of plain text, HTML or RSS/Atom) to clean article drafts.

Pure: the caller reads files or fetches URLs and hands the bytes in. Every way a document can
be unusable raises a `DocumentError` subclass whose message names the reason in one line.

This module is the entry point and the public face: `parse_document` picks the format and
hands the text to its reader. The stages live next to it: `summarizer.decoding` (bytes to
text, format sniffing), `summarizer.feeds` (RSS/Atom), `summarizer.html_text` (HTML pages
and fragments), `summarizer.drafts` (the drafts and their guarantees) and
`summarizer.document_errors`; their public names are re-exported here.
"""

from __future__ import annotations

from datetime import date, datetime

from summarizer.clean import clean_scraped_text
from summarizer.decoding import DocumentFormat, decode_document, sniff_format
from summarizer.document_errors import (
    BinaryDocument,
    DocumentError,
    EmptyDocument,
    MalformedDocument,
    NoArticleText,
    UndecodableDocument,
)
from summarizer.drafts import (
    PUBLISHED_YEARS,
    ArticleDraft,
    ParsedDocument,
    make_draft,
    published_problem,
)
from summarizer.feeds import parse_feed, refuse_entity_declarations
from summarizer.html_text import clean_inline, html_to_text, parse_html_page

__all__ = [
    "PUBLISHED_YEARS",
    "ArticleDraft",
    "BinaryDocument",
    "DocumentError",
    "DocumentFormat",
    "EmptyDocument",
    "MalformedDocument",
    "NoArticleText",
    "ParsedDocument",
    "UndecodableDocument",
    "decode_document",
    "draft_from_text",
    "html_to_text",
    "parse_document",
    "published_problem",
    "refuse_entity_declarations",
    "sniff_format",
]


def parse_document(
    data: bytes,
    *,
    name: str | None = None,
    url: str | None = None,
    content_type: str | None = None,
) -> ParsedDocument:
    """Parse one document of any supported format into article drafts."""
    text = decode_document(data)
    fmt = sniff_format(text, name=name, content_type=content_type)
    if fmt == "feed":
        return parse_feed(text)
    if fmt == "html":
        return parse_html_page(text, url=url)
    return ParsedDocument("text", [draft_from_text(text, url=url)])


def draft_from_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: datetime | date | None = None,
    source: str | None = None,
) -> ArticleDraft:
    """A draft from scraped plain text; explicit metadata wins over what the text says."""
    cleaned = clean_scraped_text(text, title=clean_inline(title) or None)
    return make_draft(cleaned, url=url, published=published, source=source)

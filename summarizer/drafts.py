"""Article drafts: what a document yields, and the one place every draft is made.

Every format (plain text, HTML page, feed item) ends in `make_draft`, so the guarantees on a
draft's text, URL and dates are kept in one function rather than once per format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from summarizer.clean import CleanedText, derive_title
from summarizer.decoding import DocumentFormat
from summarizer.document_errors import MalformedDocument, NoArticleText
from summarizer.hygiene import one_line, scrub_inline, scrub_text
from summarizer.language import detect_language
from summarizer.sentences import split_sentences
from summarizer.urls import url_problem

__all__ = [
    "PUBLISHED_YEARS",
    "ArticleDraft",
    "ParsedDocument",
    "make_draft",
    "published_problem",
    "shown",
]

_MIN_TEXT_CHARS = 20
# Publication dates the archive believes. Outside it a date is a CMS placeholder (0001-01-01,
# 9999-12-31) or garbage, sorts before or after every real story, and is one conversion away
# from an OverflowError; within it every conversion and a few centuries of date arithmetic
# are safe. Fixed rather than "now + n", so that parsing stays pure and repeatable.
PUBLISHED_YEARS = range(1800, 2200)


@dataclass(frozen=True)
class ArticleDraft:
    """An article ready to be stored: clean text plus the metadata the document carried."""

    title: str
    text: str
    url: str | None = None
    published_at: datetime | None = None
    published_on: date | None = None
    byline: str | None = None
    dateline: str | None = None
    language: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class ParsedDocument:
    """What a document yielded: articles, and the parts skipped with the reason for each."""

    format: DocumentFormat
    articles: list[ArticleDraft]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # Fields dropped from articles that were kept (a feed item's javascript: link, a date in
    # the year 9999), as (article, what was dropped and why).
    notes: list[tuple[str, str]] = field(default_factory=list)


def make_draft(
    cleaned: CleanedText,
    *,
    url: str | None,
    published: datetime | date | None,
    source: str | None,
) -> ArticleDraft:
    """The one place every draft is made: whatever the document held, a draft's strings are
    valid Unicode without bidi controls (see `summarizer.hygiene`), its URL is None or an
    http(s) URL that `summarizer.urls` accepts, and its dates lie in `PUBLISHED_YEARS`.
    A bad explicit `url` or `published` is refused (the caller vouched for it); a date read
    from the text itself is only dropped."""
    body = scrub_text(cleaned.text)
    if not body.strip():
        raise NoArticleText("has no article text left after removing page furniture")
    if len(body.strip()) < _MIN_TEXT_CHARS:
        raise NoArticleText(f"is too short to be an article (under {_MIN_TEXT_CHARS} characters)")
    if url is not None and (problem := url_problem(url)) is not None:
        raise MalformedDocument(f"has a URL that {problem}: {shown(url)}")
    headline = " ".join(scrub_inline(cleaned.title or "").split())
    if not headline:
        sentences = split_sentences(body[:2000])
        headline = derive_title(sentences[0] if sentences else body)
    published_at: datetime | None = None
    published_on: date | None = None
    if published is not None:
        if (problem := published_problem(published)) is not None:
            raise MalformedDocument(f"has a publication date that {problem}")
        published_at, published_on = _instant(published)
    else:
        if cleaned.published_at is not None and published_problem(cleaned.published_at) is None:
            published_at = cleaned.published_at
        if cleaned.published_on is not None and published_problem(cleaned.published_on) is None:
            published_on = cleaned.published_on
    return ArticleDraft(
        title=headline,
        text=body,
        url=url.strip() if url is not None else None,
        published_at=published_at,
        published_on=published_on,
        byline=_scrubbed(cleaned.byline),
        dateline=_scrubbed(cleaned.dateline),
        language=detect_language(body),
        source=_scrubbed(source),
    )


def published_problem(value: datetime | date) -> str | None:
    """Why a publication date cannot be believed (a short phrase), or None."""
    if value.year not in PUBLISHED_YEARS:
        first, last = PUBLISHED_YEARS[0], PUBLISHED_YEARS[-1]
        return f"is in the year {value.year}, outside {first}-{last}"
    if isinstance(value, datetime) and value.tzinfo is not None:
        try:
            offset = value.utcoffset()
            value.astimezone(UTC)
        except (OverflowError, ValueError):  # a tzinfo whose offset is a day or more
            return "has an impossible time zone offset"
        if offset is None:
            return "has a time zone without an offset"
    return None


def _instant(published: datetime | date) -> tuple[datetime | None, date]:
    """(the UTC instant, when the value has a zone; the local date)."""
    if isinstance(published, datetime):
        return (published.astimezone(UTC) if published.tzinfo else None), published.date()
    return None, published


def _scrubbed(value: str | None) -> str | None:
    return " ".join(scrub_inline(value).split()) or None if value is not None else None


def shown(value: str) -> str:
    """A hostile value, quoted and cut short, safe to put in a one-line message."""
    return repr(one_line(value))

"""HTML to article text: a whole page's article, and any fragment's visible text.

A page goes through trafilatura (two passes, merged) and then our cleaner; a fragment (a feed
item's body, a title with markup) through lxml alone. Limits on the markup itself live in
`summarizer.html_limits`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from summarizer.clean import clean_scraped_text, merge_extractions, normalize_text
from summarizer.drafts import ParsedDocument, make_draft, published_problem
from summarizer.html_limits import bound_html

__all__ = ["clean_inline", "html_to_text", "parse_html_page"]

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "pre",
    }
)


def parse_html_page(html: str, *, url: str | None) -> ParsedDocument:
    """trafilatura finds the article in the page; our cleaner then removes what it left."""
    import trafilatura

    html = bound_html(html)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        # Only dates the markup states (meta tags, JSON-LD, URL, time elements, a full date in
        # the text): the extensive search falls back to any year in the page, junk included,
        # and turns it into 1 January of that year.
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": datetime.now(UTC).strftime("%Y-%m-%d"),
        },
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    meta: dict[str, Any] = {}
    if isinstance(doc, dict):
        meta = doc
    elif doc is not None:
        meta = doc.as_dict()
    # The precision-first pass alone sometimes drops headings, the standfirst or the story
    # itself; a second, default pass shows what it dropped (merge_extractions decides).
    broad = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    body = merge_extractions(meta.get("text") or "", broad or "") or html_to_text(html)
    cleaned = clean_scraped_text(
        body, title=clean_inline(meta.get("title")) or None, detect_title=False
    )
    published: datetime | date | None = _parse_date_string(meta.get("date"))
    stamped = _html_published_time(html)
    if stamped is not None and (published is None or stamped.date() == published):
        published = stamped
    notes: list[tuple[str, str]] = []
    if published is not None and (problem := published_problem(published)) is not None:
        notes.append(("the page", f"publication date dropped: it {problem}"))
        published = None
    draft = make_draft(
        cleaned,
        url=url,
        published=published,
        source=meta.get("sitename") or meta.get("hostname"),
    )
    return ParsedDocument("html", [draft], notes=notes)


_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "pubdate",
    "publish-date",
    "dc.date.issued",
)


def _html_published_time(html: str) -> datetime | None:
    """The publication instant from standard meta tags, when the page gives one with a zone."""
    head = html[: html.lower().find("</head>")] if "</head>" in html.lower() else html[:65536]
    for match in re.finditer(r"<meta\b[^>]*>", head, re.IGNORECASE):
        tag = match[0]
        key = re.search(r"(?:property|name|itemprop)\s*=\s*[\"']([^\"']+)", tag, re.IGNORECASE)
        value = re.search(r"content\s*=\s*[\"']([^\"']+)", tag, re.IGNORECASE)
        if key and value and key[1].strip().lower() in {k.lower() for k in _PUBLISHED_META}:
            try:
                parsed = datetime.fromisoformat(value[1].strip().replace("Z", "+00:00"))
            except ValueError:
                continue
            if parsed.tzinfo is not None:
                return parsed
    return None


def html_to_text(html: str) -> str:
    """All visible text of an HTML fragment, one line per block element."""
    if not html.strip():
        return ""
    # An HTML parser never expands DTD entities nor loads external ones; these options keep
    # it off the network and within libxml2's size and depth limits.
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False)
    try:
        root = lxml.html.fromstring(bound_html(html), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter("script", "style", "noscript", "template")):
        if isinstance(element, lxml.html.HtmlElement):
            element.drop_tree()
    parts: list[str] = []
    _collect_text(root, parts)
    return "\n".join(line.strip() for line in "".join(parts).split("\n") if line.strip())


def _collect_text(element: Any, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _BLOCK_TAGS:
        parts.append("\n")
    if element.text and tag:
        parts.append(element.text)
    for child in element:
        _collect_text(child, parts)
    if tag in _BLOCK_TAGS:
        parts.append("\n")
    if element.tail:
        parts.append(element.tail)


def clean_inline(value: object) -> str:
    if not isinstance(value, str):
        return ""
    text = html_to_text(value) if "<" in value else value
    return " ".join(normalize_text(text).split())


def _parse_date_string(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None

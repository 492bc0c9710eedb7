"""RSS and Atom feeds to article drafts, one per item, refusing dangerous XML first.

Feeds are the one format parsed as XML, so entity declarations are checked here (also for
OPML, which is XML too) before feedparser sees a byte; a bad item is skipped, with the
reason, without costing the rest of the feed.
"""

from __future__ import annotations

import calendar
import io
import re
from datetime import UTC, datetime
from typing import Any
from xml.parsers import expat

from summarizer.clean import clean_scraped_text
from summarizer.document_errors import DocumentError, MalformedDocument, NoArticleText
from summarizer.drafts import ArticleDraft, ParsedDocument, make_draft, published_problem, shown
from summarizer.html_text import clean_inline, html_to_text
from summarizer.hygiene import one_line
from summarizer.urls import url_problem

__all__ = ["parse_feed", "refuse_entity_declarations"]

# What feeds may declare: an entity standing for one character (nbsp, copy). Any longer
# value can multiply a small document (billion laughs, quadratic blow-up), and an external
# one names a file or URL.
_CHARACTER_ENTITY = re.compile(
    r"""<!ENTITY\s+[A-Za-z_][\w.-]*\s+"""
    r"""(?:"(?:&\#x?[0-9A-Fa-f]{1,6};|[^"&%<])"|'(?:&\#x?[0-9A-Fa-f]{1,6};|[^'&%<])')\s*>"""
)


def parse_feed(text: str) -> ParsedDocument:
    xml = text.encode("utf-8")
    refuse_entity_declarations(xml)
    # feedparser reads exactly the text that was checked: UTF-8, and told so (an HTTP
    # charset outranks the XML declaration), rather than decoding the bytes its own way.
    import feedparser

    parsed = feedparser.parse(
        io.BytesIO(xml),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=True,
        resolve_relative_uris=False,
    )
    entries: list[Any] = list(parsed.get("entries", []))
    reason = parsed.get("bozo_exception") if parsed.get("bozo") else None
    detail = f" ({str(reason).splitlines()[0]})" if reason else ""
    if not entries:
        raise MalformedDocument(f"is not a readable RSS/Atom feed with items{detail}")
    source = clean_inline(parsed.get("feed", {}).get("title")) or None
    drafts: list[ArticleDraft] = []
    skipped: list[tuple[str, str]] = []
    notes: list[tuple[str, str]] = []
    for number, entry in enumerate(entries, start=1):
        label = _entry_label(entry, number)
        try:
            draft, dropped = _feed_entry_draft(entry, source)
        except DocumentError as exc:
            skipped.append((label, str(exc)))
            continue
        except Exception as exc:  # one odd item never costs the feed
            why = f"could not be read ({type(exc).__name__}: {_first_line(exc)})"
            skipped.append((label, why))
            continue
        drafts.append(draft)
        notes.extend((label, why) for why in dropped)
    if not drafts:
        if reason:
            raise MalformedDocument(f"is not a readable RSS/Atom feed{detail}")
        first = "; ".join(f"{label}: {why}" for label, why in skipped[:3])
        raise NoArticleText(f"has no feed item with article text ({first})")
    return ParsedDocument("feed", drafts, skipped, notes)


def _entry_label(entry: Any, number: int) -> str:
    """How messages name a feed item: its title, else its link, else its number."""
    title = clean_inline(entry.get("title"))
    if title:
        return title[:120]
    link = entry.get("link")
    shown = one_line(link, 120) if isinstance(link, str) else ""
    return shown or f"item {number}"


def _first_line(exc: BaseException) -> str:
    lines = str(exc).splitlines()
    return one_line(lines[0], 160) if lines else ""


class _EntityDeclared(Exception):
    pass


class _RootReached(Exception):
    pass


def refuse_entity_declarations(xml: bytes, what: str = "feeds") -> None:
    """Refuse a feed (or other XML, named by `what`) that declares any entity but a
    one-character one.

    feedparser parses with expat, which expands what the DTD declares (it stops a billion
    laughs, but allows a hundredfold growth); when that fails it falls back to a loose parser
    that expands every declaration it finds before the first tag, unchecked (a 90 KB
    document grows to 90 MB). So both are looked at: expat's view of the prolog, and the
    text of the prolog and of that first stretch."""
    parser = expat.ParserCreate("utf-8")

    def declared(name: str, parameter: bool, value: str | None, *_: object) -> None:
        if parameter or value is None or len(value) != 1:
            raise _EntityDeclared(name)

    def root(*_: object) -> None:
        raise _RootReached

    parser.EntityDeclHandler = declared
    parser.UnparsedEntityDeclHandler = lambda name, *_: declared(name, False, None)
    parser.StartElementHandler = root
    prolog = len(xml)  # when expat cannot find the root, all of it is looked at
    try:
        parser.Parse(xml, True)
    except _EntityDeclared as refused:
        raise _entities_refused(str(refused), what) from None
    except _RootReached:
        prolog = parser.CurrentByteIndex
    except expat.ExpatError:
        pass
    first_tag = re.search(rb"<\w", xml)  # where feedparser's fallback stops looking
    end = max(prolog, first_tag.end() if first_tag else len(xml))
    head = xml[:end].decode("utf-8", "replace")
    for match in re.finditer(r"<!ENTITY", head, re.IGNORECASE):
        if not _CHARACTER_ENTITY.match(head, match.start()):
            name = head[match.end() : match.end() + 40].split()
            raise _entities_refused(name[0] if name else "?", what)


def _entities_refused(name: str, what: str) -> MalformedDocument:
    return MalformedDocument(
        f"declares the XML entity {name!r}; {what} may only declare one-character entities "
        "(like nbsp), since others can expand without bound or read local files"
    )


def _feed_entry_draft(entry: Any, source: str | None) -> tuple[ArticleDraft, list[str]]:
    """A feed item's draft, and the fields dropped from it: a link that is not an http(s)
    URL (`javascript:` and `data:` links would be rendered into `<a href>`), a date that
    cannot be believed. The item itself is only refused when it has no article text."""
    dropped: list[str] = []
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    text = html_to_text(html) if isinstance(html, str) and html else ""
    published, why = _entry_time(entry)
    if why is not None:
        dropped.append(why)
    link = entry.get("link")
    if link is not None and (problem := url_problem(link)) is not None:
        dropped.append(f"link dropped: it {problem}: {shown(str(link))}")
        link = None
    cleaned = clean_scraped_text(text, title=clean_inline(entry.get("title")) or None)
    draft = make_draft(cleaned, url=link, published=published, source=source)
    return draft, dropped


def _entry_time(entry: Any) -> tuple[datetime | None, str | None]:
    """The entry's own timestamp with its zone (so the local date is kept), else UTC; and,
    when the feed's date had to be dropped, why."""
    from dateutil import parser as date_parser

    problem: str | None = None
    for key in ("published", "updated"):
        raw = entry.get(key)
        candidates: list[datetime] = []
        if isinstance(raw, str):
            try:
                parsed = date_parser.parse(raw)
            except (ValueError, OverflowError):
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                candidates.append(parsed)
        stamp = entry.get(f"{key}_parsed")
        if stamp:
            try:
                candidates.append(datetime.fromtimestamp(calendar.timegm(stamp), UTC))
            except (ValueError, OverflowError, OSError, TypeError):
                problem = problem or f"{key} date dropped: it is out of range"
        for candidate in candidates:
            why = published_problem(candidate)
            if why is None:
                return candidate, None
            problem = problem or f"{key} date dropped: it {why}"
        if candidates:
            break  # a bad "published" is not replaced by "updated"
    return None, problem

"""Raw documents (bytes of plain text, HTML or RSS/Atom) to clean article drafts.

Pure: the caller reads files or fetches URLs and hands the bytes in. Every way a document can
be unusable raises a `DocumentError` subclass whose message names the reason in one line.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal
from xml.parsers import expat

from summarizer.clean import (
    CleanedText,
    clean_scraped_text,
    derive_title,
    merge_extractions,
    normalize_text,
)
from summarizer.html_limits import bound_html
from summarizer.hygiene import one_line, scrub_inline, scrub_text
from summarizer.language import detect_language
from summarizer.sentences import split_sentences
from summarizer.urls import url_problem

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

DocumentFormat = Literal["text", "html", "feed"]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
     "table", "section", "article", "header", "footer", "figure", "figcaption", "pre"}
)  # fmt: skip
_XML_ENCODING = re.compile(
    rb"""\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]{0,39})["']"""
)
# What feeds may declare: an entity standing for one character (nbsp, copy). Any longer
# value can multiply a small document (billion laughs, quadratic blow-up), and an external
# one names a file or URL.
_CHARACTER_ENTITY = re.compile(
    r"""<!ENTITY\s+[A-Za-z_][\w.-]*\s+"""
    r"""(?:"(?:&\#x?[0-9A-Fa-f]{1,6};|[^"&%<])"|'(?:&\#x?[0-9A-Fa-f]{1,6};|[^'&%<])')\s*>"""
)
_MAX_CONTROL_RATIO = 0.01
_MIN_TEXT_CHARS = 20
# Publication dates the archive believes. Outside it a date is a CMS placeholder (0001-01-01,
# 9999-12-31) or garbage, sorts before or after every real story, and is one conversion away
# from an OverflowError; within it every conversion and a few centuries of date arithmetic
# are safe. Fixed rather than "now + n", so that parsing stays pure and repeatable.
PUBLISHED_YEARS = range(1800, 2200)
# Detection guesses that are never right for a document we accept: UTF-16/32 without a BOM
# (that text has NUL bytes, refused as binary, unless it is all CJK) and EBCDIC code pages.
_UNLIKELY_CODECS = re.compile(r"utf_(?:16|32)|cp(?:037|273|424|500|875|1026|1140)$")
# Latin-1 letters (but not the multiplication and division signs) and the punctuation
# Western text uses: what a cp1252 reading of Western text contains beyond ASCII.
_WESTERN = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u00a0\u00ab\u00bb\u00b0"
                      r"\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac]")  # fmt: skip


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


def decode_document(data: bytes) -> str:
    """Bytes to text: UTF-8 (or a BOM's encoding) first, then charset detection."""
    if not data.strip():
        raise EmptyDocument("is empty")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryDocument(f"is {kind}, not a text document")
    if not data.startswith(_BOMS[1:]) and b"\x00" in data[:65536]:
        raise BinaryDocument("looks binary (contains NUL bytes), not a text document")
    text = _decode(data)
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > _MAX_CONTROL_RATIO * max(len(sample), 1):
        raise BinaryDocument("looks binary (many control characters), not a text document")
    if not text.strip():
        raise EmptyDocument("is empty")
    return text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data.startswith(_BOMS[1:]):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UndecodableDocument("cannot be decoded as UTF-16 text") from exc
    declared = _XML_ENCODING.match(data[:1024])
    if declared:  # an XML document that names its encoding is believed, when it decodes
        try:
            text = data.decode(declared[1].decode("ascii"))
        except (ValueError, LookupError):  # UnicodeError is a ValueError; unknown codecs
            text = ""
        if text.lstrip().startswith("<?xml"):
            return text
    encoding = _guess_encoding(data[:1_000_000])
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UndecodableDocument(
            f"cannot be decoded as text (guessed {encoding}, which failed)"
        ) from exc


def _guess_encoding(sample: bytes) -> str:
    """The legacy encoding of text that is not UTF-8.

    charset_normalizer ranks code pages by how garbled and how language-like each reading
    is; many readings tie (all the Latin code pages read "caf\\xe9" alike, and some tie
    while reading it differently: cp1250 gives "crčme" for cp1252's "crème"). Windows-1252
    (which HTML5 uses for unlabelled Western pages) wins a tie. A text too short for any
    evidence is read as cp1252 when that reading looks like Western text: a few accented
    Latin letters among ASCII ones, as in "Café"."""
    import charset_normalizer

    matches = [m for m in charset_normalizer.from_bytes(sample)
               if not _UNLIKELY_CODECS.match(m.encoding)]  # fmt: skip
    if matches:
        best = matches[0]
        tied = [m for m in matches if m.chaos <= best.chaos + 0.01
                and m.coherence >= best.coherence - 0.01]  # fmt: skip
        readings = {name for m in tied for name in (m.encoding, *m.could_be_from_charset)}
        if readings & {"cp1252", "latin_1", "iso8859_15"} and _decodes(sample, "cp1252"):
            return "cp1252"
        if best.coherence > 0 or not _looks_western(sample):
            return best.encoding
    if _looks_western(sample):
        return "cp1252"
    raise UndecodableDocument("cannot be decoded as text (unknown character encoding)")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _looks_western(sample: bytes) -> bool:
    """Whether cp1252 reads the bytes as mostly-ASCII text whose other characters are Latin
    letters and common punctuation (a Cyrillic or Greek text read so is all accents)."""
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    extra = [ch for ch in text if not ch.isascii()]
    letters = sum(1 for ch in text if ch.isalpha())
    if not extra or not all(_WESTERN.match(ch) for ch in extra):
        return False
    return 3 * sum(1 for ch in extra if ch.isalpha()) <= letters


def sniff_format(
    text: str, *, name: str | None = None, content_type: str | None = None
) -> DocumentFormat:
    """Decide the format: a document that declares itself (XML prolog, feed root, HTML
    doctype) is believed first, then the content type, then the file name, then markup hints.
    """
    ctype = (content_type or "").split(";")[0].strip().lower()
    head = text[:4096].lstrip().lower()
    looks_feed = bool(re.search(r"<(?:rss|feed|rdf:rdf)[\s>]", head))
    if looks_feed and (head.startswith(("<?xml", "<rss", "<feed", "<rdf"))):
        return "feed"
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("<?xml") and ctype not in {"text/html", "application/xhtml+xml"}:
        return _not_a_feed()
    if ctype in {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}:
        return "feed"
    if ctype in {"text/html", "application/xhtml+xml"}:
        return "html"
    suffix = name.lower().rsplit(".", 1)[-1] if name and "." in name else ""
    if suffix in {"rss", "atom"}:
        return "feed"
    if suffix in {"html", "htm", "xhtml"}:
        return "html"
    if suffix == "txt" or ctype == "text/plain":
        return "text"
    if re.search(r"<(?:body|p|div|article)[\s>]", head):
        return "html"
    return "text"


def _not_a_feed() -> DocumentFormat:
    raise MalformedDocument("is an XML document but not an RSS or Atom feed")


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
        return _parse_feed(text)
    if fmt == "html":
        return _parse_html(text, url=url)
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
    cleaned = clean_scraped_text(text, title=_clean_inline(title) or None)
    return _draft(cleaned, url=url, published=published, source=source)


def _draft(
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
        raise MalformedDocument(f"has a URL that {problem}: {_shown(url)}")
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


def _shown(value: str) -> str:
    """A hostile value, quoted and cut short, safe to put in a one-line message."""
    return repr(one_line(value))


def _parse_html(html: str, *, url: str | None) -> ParsedDocument:
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
        body, title=_clean_inline(meta.get("title")) or None, detect_title=False
    )
    published: datetime | date | None = _parse_date_string(meta.get("date"))
    stamped = _html_published_time(html)
    if stamped is not None and (published is None or stamped.date() == published):
        published = stamped
    notes: list[tuple[str, str]] = []
    if published is not None and (problem := published_problem(published)) is not None:
        notes.append(("the page", f"publication date dropped: it {problem}"))
        published = None
    draft = _draft(
        cleaned,
        url=url,
        published=published,
        source=meta.get("sitename") or meta.get("hostname"),
    )
    return ParsedDocument("html", [draft], notes=notes)


def _parse_feed(text: str) -> ParsedDocument:
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
    source = _clean_inline(parsed.get("feed", {}).get("title")) or None
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
    title = _clean_inline(entry.get("title"))
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
        dropped.append(f"link dropped: it {problem}: {_shown(str(link))}")
        link = None
    cleaned = clean_scraped_text(text, title=_clean_inline(entry.get("title")) or None)
    draft = _draft(cleaned, url=link, published=published, source=source)
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


def _clean_inline(value: object) -> str:
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

"""OPML, the subscription lists every feed reader imports and exports: reading and writing.

Pure: bytes in, feed outlines out, and back. Hostile XML is refused the way feeds are
(`refuse_entity_declarations`); every way a file can be unusable raises `OpmlError` with
the reason in one line. Checking the URLs is the caller's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING

from summarizer.documents import DocumentError, decode_document, refuse_entity_declarations

if TYPE_CHECKING:
    import lxml.etree

__all__ = ["OpmlError", "OpmlFeed", "parse_opml", "write_opml"]

# An outline is a feed when it names a feed URL; readers differ on the rest (Miniflux
# writes no type, some write "atom", OPML 2.0 says "rss").
_FEED_TYPES = frozenset({"rss", "atom"})
# What XML 1.0 cannot carry: control characters but tab, newline and return; surrogates;
# U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class OpmlError(DocumentError):
    """A file that is not a usable OPML subscription list; the message says why."""


@dataclass(frozen=True)
class OpmlFeed:
    """One feed outline: its URL as written (empty when the outline has none), its name,
    its site, and the folders around it (outer first, joined by " / ")."""

    url: str
    title: str | None = None
    html_url: str | None = None
    folder: str | None = None


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """The feed outlines of an OPML file in document order, folders at any depth flattened.

    Attribute names are matched in any letter case (`xmlUrl`, `xmlurl`); an outline that
    says it is a feed (type rss or atom) but has no URL is returned with an empty one, so
    the caller can report it."""
    try:
        xml = decode_document(data).encode("utf-8")
        refuse_entity_declarations(xml, "OPML files")
    except DocumentError as exc:
        raise OpmlError(str(exc)) from None
    except UnicodeError:  # lone surrogates from a lenient decoder
        raise OpmlError("cannot be decoded as text") from None
    import lxml.etree

    # The guard above already refused entity tricks; the parser is told not to expand,
    # load or fetch anything either, and keeps libxml2's size and depth limits.
    parser = lxml.etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        encoding="utf-8",
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = lxml.etree.fromstring(xml, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        reason = str(exc.msg or "unreadable").splitlines()[0]
        if reason.startswith("Excessive depth"):
            raise OpmlError("nests outlines too deeply (over 256 levels)") from None
        raise OpmlError(f"is not well-formed XML ({reason})") from None
    if root is None or _name(root.tag) != "opml":
        found = _name(root.tag) if root is not None else "nothing"
        raise OpmlError(f"is not an OPML file (its root element is <{found}>, not <opml>)")
    body = next((child for child in root if _name(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("is an OPML file without a <body>, so it lists no feeds")
    return list(_feeds(body))


def _feeds(body: lxml.etree._Element) -> Iterable[OpmlFeed]:
    """Walk the outlines without recursion: a deep file must not exhaust the stack."""
    stack: list[tuple[lxml.etree._Element, tuple[str, ...]]] = [
        (child, ()) for child in reversed(body)
    ]
    while stack:
        element, folders = stack.pop()
        if _name(element.tag) != "outline":
            continue
        attributes = {
            _name(key): value for key, value in element.attrib.items() if isinstance(value, str)
        }
        name = _inline(attributes.get("text")) or _inline(attributes.get("title"))
        kind = attributes.get("type", "").strip().lower()
        inner = folders
        if "xmlurl" in attributes or kind in _FEED_TYPES:
            yield OpmlFeed(
                url=attributes.get("xmlurl", "").strip(),
                title=name or None,
                html_url=attributes.get("htmlurl", "").strip() or None,
                folder=" / ".join(folders) or None,
            )
        elif name:
            inner = (*folders, name)
        stack.extend((child, inner) for child in reversed(element))


def _name(tag: object) -> str:
    """An element's or attribute's local name in lower case ("" for comments and the like)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _inline(value: str | None) -> str:
    return " ".join((value or "").split())


def write_opml(feeds: Iterable[OpmlFeed], *, title: str, created: datetime | None = None) -> bytes:
    """An OPML 2.0 subscription list as feed readers import it: one flat outline per feed
    with `type="rss"`, `text` and `title` (the feed's name, else its URL), `xmlUrl`, and
    `htmlUrl` when known. Folders are not written."""
    import lxml.etree

    root = lxml.etree.Element("opml", version="2.0")
    head = lxml.etree.SubElement(root, "head")
    lxml.etree.SubElement(head, "title").text = _xml_text(title)
    if created is not None:
        lxml.etree.SubElement(head, "dateCreated").text = format_datetime(
            created.astimezone(UTC), usegmt=True
        )
    body = lxml.etree.SubElement(root, "body")
    for feed in feeds:
        name = _inline(_xml_text(feed.title or "")) or _xml_text(feed.url)
        outline = lxml.etree.SubElement(body, "outline")
        outline.set("type", "rss")
        outline.set("text", name)
        outline.set("title", name)
        outline.set("xmlUrl", _xml_text(feed.url))
        if feed.html_url:
            outline.set("htmlUrl", _xml_text(feed.html_url))
    lxml.etree.indent(root, space="  ")
    text = lxml.etree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)

"""Document bytes to text, and which format that text is in (plain text, HTML or a feed).

The first step of reading any document, apart from what is done with it afterwards: binary
files are refused, the character encoding is found, and the format is sniffed.
"""

from __future__ import annotations

import re
from typing import Literal

from summarizer.document_errors import (
    BinaryDocument,
    EmptyDocument,
    MalformedDocument,
    UndecodableDocument,
)

__all__ = ["DocumentFormat", "decode_document", "sniff_format"]

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
_XML_ENCODING = re.compile(
    rb"""\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]{0,39})["']"""
)
_MAX_CONTROL_RATIO = 0.01
# Detection guesses that are never right for a document we accept: UTF-16/32 without a BOM
# (that text has NUL bytes, refused as binary, unless it is all CJK) and EBCDIC code pages.
_UNLIKELY_CODECS = re.compile(r"utf_(?:16|32)|cp(?:037|273|424|500|875|1026|1140)$")
# Latin-1 letters (but not the multiplication and division signs) and the punctuation
# Western text uses: what a cp1252 reading of Western text contains beyond ASCII.
_WESTERN = re.compile(
    r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u00a0\u00ab\u00bb\u00b0"
    r"\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac]"
)


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

    matches = [
        m for m in charset_normalizer.from_bytes(sample) if not _UNLIKELY_CODECS.match(m.encoding)
    ]
    if matches:
        best = matches[0]
        tied = [
            m
            for m in matches
            if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01
        ]
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

"""Ingestion limits over real HTTP: oversized, compressed, mistyped and binary documents are
refused with a clear reason, memory stays bounded while refusing, and nothing is stored.

The server here streams its bodies (no Content-Length), so the client cannot refuse a body
by its declared size and has to count what it reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import tracemalloc
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pytest

from bot.usecases.config import Settings
from bot.usecases.errors import BriefingError, FetchError
from bot.usecases.fetch import FetchPolicy, fetch_document
from bot.usecases.service import BriefingService
from summarizer.documents import DocumentError, parse_document
from tests.bot.local_http import QuietHandler, serving

LIMIT = 1_000_000
POLICY = FetchPolicy(timeout=10.0, max_bytes=LIMIT, allow_private=True)
TEXT = b"Naval drills began in the Baltic Sea on Monday, the alliance said.\n" * 20
LOLS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
LAUGHS = (
    f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol0 "lol">{LOLS}]>\n<rss version="2.0">'
    f"<channel><title>T</title><item><title>Drills</title><description>{TEXT.decode()} &lol9;"
    "</description></item></channel></rss>"
).encode()


def compress(chunks: Iterable[bytes], wbits: int = 31) -> Iterator[bytes]:
    """zlib streaming: a gzip (31) or zlib/deflate (15) body, never whole in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    for chunk in chunks:
        if out := compressor.compress(chunk):
            yield out
    yield compressor.flush()


def zeros(megabytes: int) -> Iterator[bytes]:
    block = bytes(1 << 20)
    return (block for _ in range(megabytes))


def endless(block: bytes) -> Iterator[bytes]:
    return itertools.repeat(block)


@dataclass(frozen=True)
class Reply:
    body: Callable[[], Iterable[bytes]]
    content_type: str | None = "text/plain"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class StreamingServer:
    base: str
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """200 MB of zeros, gzipped as a stream: about 200 KB on the wire."""
    return b"".join(compress(zeros(200)))


@pytest.fixture(scope="module")
def server(bomb: bytes) -> Iterator[StreamingServer]:
    gzip = (("Content-Encoding", "gzip"),)
    routes = {
        "/gzip-bomb": Reply(lambda: [bomb], headers=gzip),
        "/deflate-bomb": Reply(
            lambda: compress(zeros(200), wbits=15), headers=(("Content-Encoding", "deflate"),)
        ),
        # Each layer is small; inflated in one go the inner one would be 200 MB at once.
        "/double-gzip-bomb": Reply(
            lambda: compress([bomb]), headers=(("Content-Encoding", "gzip, gzip"),)
        ),
        "/gzip-then-junk": Reply(
            lambda: itertools.chain(compress([TEXT]), endless(b"j" * 65536)), headers=gzip
        ),
        "/gzip-text": Reply(lambda: compress([TEXT]), headers=gzip),
        "/deflate-text": Reply(
            lambda: compress([TEXT], wbits=15), headers=(("Content-Encoding", "deflate"),)
        ),
        "/raw-deflate-text": Reply(
            lambda: compress([TEXT], wbits=-15), headers=(("Content-Encoding", "deflate"),)
        ),
        "/corrupt-gzip": Reply(lambda: [b"\x1f\x8b\x08\x00" + b"\xff" * 64], headers=gzip),
        "/brotli": Reply(lambda: [b"\x8b\x03\x80hello\x03"], headers=(("Content-Encoding", "br"),)),
        "/gzip-x3": Reply(
            lambda: compress(compress(compress([TEXT]))),
            headers=(("Content-Encoding", "gzip, gzip, gzip"),),
        ),
        "/endless": Reply(lambda: endless(b"x" * 65536)),
        "/png": Reply(lambda: endless(b"\x89PNG\r\n\x1a\n" * 8192), content_type="image/png"),
        "/octet": Reply(lambda: endless(TEXT), content_type="application/octet-stream"),
        "/pdf": Reply(lambda: endless(b"%PDF-1.7\n"), content_type="application/pdf"),
        "/json": Reply(lambda: [b'{"a": 1}'], content_type="application/json"),
        "/html": Reply(
            lambda: [b"<html><body><p>" + TEXT + b"</p></body></html>"],
            content_type="text/html; charset=utf-8",
        ),
        "/xhtml": Reply(
            lambda: [b"<html><body><p>" + TEXT + b"</p></body></html>"],
            content_type="application/xhtml+xml",
        ),
        "/rss": Reply(lambda: [b"<rss/>"], content_type="application/rss+xml"),
        "/untyped": Reply(lambda: [TEXT], content_type=None),
        "/png-as-html": Reply(
            lambda: [b"\x89PNG\r\n\x1a\n" + bytes(range(256))], content_type="text/html"
        ),
        "/pdf-as-text": Reply(lambda: [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]),
        "/random-binary": Reply(lambda: [bytes(range(1, 256)) * 40]),
        "/laughs": Reply(lambda: [LAUGHS], content_type="application/rss+xml"),
    }
    seen: list[str] = []

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            reply = routes.get(self.path)
            if reply is None:
                self.send_error(404)
                return
            self.send_response(200)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Connection", "close")  # the body ends when the connection does
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for chunk in reply.body():
                    self.wfile.write(chunk)  # the client hangs up on an endless body

    with serving(Handler) as base:
        yield StreamingServer(base, seen)


def fetch(url: str, policy: FetchPolicy = POLICY):
    return asyncio.run(fetch_document(url, policy))


def fetch_traced(url: str) -> tuple[BaseException | None, int]:
    """Fetch under tracemalloc: (the error raised, if any; peak bytes allocated meanwhile)."""
    tracemalloc.start()
    try:
        fetch(url)
    except FetchError as exc:
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return None, 0


@pytest.mark.parametrize("path", ["/gzip-bomb", "/deflate-bomb", "/double-gzip-bomb"])
def test_a_compression_bomb_is_refused_without_inflating_it(server, path):
    error, peak = fetch_traced(server.url(path))
    assert error is not None
    assert str(error) == f"document is larger than the limit of {LIMIT:,} bytes"
    # 200 MB behind the door: refusing it costs about the limit, not the bomb.
    assert peak < 8 * LIMIT, f"{peak:,} bytes allocated while refusing {path}"


def test_an_undeclared_body_is_cut_off_at_the_limit(server):
    error, peak = fetch_traced(server.url("/endless"))
    assert error is not None and "larger than the limit" in str(error)
    assert peak < 8 * LIMIT


def test_compressed_bytes_count_too(server):
    # 1.5 KB of gzip followed by junk without end: small inflated, unbounded on the wire.
    with pytest.raises(FetchError, match="larger than the limit"):
        fetch(server.url("/gzip-then-junk"))


@pytest.mark.parametrize("path", ["/gzip-text", "/deflate-text", "/raw-deflate-text", "/untyped"])
def test_ordinary_bodies_are_decoded(server, path):
    assert fetch(server.url(path)).data == TEXT


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/corrupt-gzip", "corrupt gzip data"),
        ("/brotli", r"unsupported Content-Encoding \(br\)"),
        ("/gzip-x3", "more than 2 content encodings"),
    ],
)
def test_bad_content_encodings_are_refused(server, path, message):
    with pytest.raises(FetchError, match=message):
        fetch(server.url(path))


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/png", "an image (image/png)"),
        ("/octet", "binary data (application/octet-stream)"),
        ("/pdf", "a PDF file (application/pdf)"),
        ("/json", "a file of type application/json"),
    ],
)
def test_wrong_content_types_are_refused_before_the_body_is_read(server, path, kind):
    # The bodies are endless: reading any of them would end in the size limit instead.
    with pytest.raises(FetchError) as refused:
        fetch(server.url(path))
    assert str(refused.value) == f"is {kind}, not a web page, feed or text document"


@pytest.mark.parametrize("path", ["/html", "/xhtml", "/rss", "/untyped"])
def test_web_pages_feeds_and_untyped_text_are_accepted(server, path):
    assert fetch(server.url(path)).data


def test_documents_never_fetch_what_their_doctype_names(server):
    dtd, entity = server.url("/evil.dtd"), server.url("/evil.ent")
    story = TEXT.decode()
    feed = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "{dtd}">\n<rss version="2.0"><channel>'
        f"<title>T</title><item><title>x</title><description>{story}</description></item>"
        "</channel></rss>"
    )
    feed_entity = feed.replace(f'SYSTEM "{dtd}">', f'[<!ENTITY e SYSTEM "{entity}">]>')
    page = (
        f'<!DOCTYPE html SYSTEM "{dtd}" [<!ENTITY e SYSTEM "{entity}">]>'
        f"<html><body><p>{story} &e;</p></body></html>"
    )
    for document, content_type in [
        (feed, None),
        (feed_entity, None),
        (page, "text/html"),
        (page, "application/xhtml+xml"),
        ('<?xml version="1.0"?>\n' + page, "application/xhtml+xml"),
    ]:
        with contextlib.suppress(DocumentError):
            parse_document(document.encode(), content_type=content_type)
    fetch(server.url("/html"))  # the server does notice requests
    assert server.requests[-1] == "/html"
    assert not {"/evil.dtd", "/evil.ent"} & set(server.requests)


@pytest.fixture
def open_service(db, database_url, extractor) -> BriefingService:
    settings = Settings(
        database_url=database_url,
        allow_private_urls=True,  # type: ignore[call-arg]
        max_document_bytes=LIMIT,
        fetch_timeout=10.0,
        _env_file=None,
    )
    return BriefingService(db, settings, extractor)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/gzip-bomb", "larger than the limit"),
        ("/double-gzip-bomb", "larger than the limit"),
        ("/endless", "larger than the limit"),
        ("/png", "is an image"),
        ("/png-as-html", "is a PNG image, not a text document"),
        ("/pdf-as-text", "is a PDF file, not a text document"),
        ("/random-binary", "cannot be decoded as text"),
        ("/laughs", "declares the XML entity 'lol0'"),
    ],
)
def test_refused_urls_store_nothing(open_service, server, path, message):
    with pytest.raises(BriefingError, match=message):
        asyncio.run(open_service.ingest_url(server.url(path)))
    assert open_service.stats().articles == 0

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.usecases.errors import FetchError
from bot.usecases.fetch import FetchPolicy, fetch_document

OPEN = FetchPolicy(timeout=2.0, max_bytes=1_000_000, allow_private=True)


def fetch(url: str, policy: FetchPolicy = OPEN):
    return asyncio.run(fetch_document(url, policy))


def test_fetches_a_page_and_follows_redirects(http_server):
    doc = fetch(http_server.url("/moved"))
    assert doc.url == http_server.url("/article.html")
    assert doc.content_type == "text/html; charset=utf-8"
    assert b"Coast guard ships collide" in doc.data


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost/x",
        "http://10.1.2.3/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "http://[::ffff:127.0.0.1]/x",
        "http://0.0.0.0/x",
    ],
)
def test_non_public_addresses_are_refused_by_default(url):
    with pytest.raises(FetchError, match="non-public address"):
        fetch(url, FetchPolicy(timeout=2.0))


def test_a_redirect_is_checked_again(http_server):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(http_server.url("/to-file"))
    with pytest.raises(FetchError, match=r"a redirect loop at http://127\.0\.0\.1:\d+/loop$"):
        fetch(http_server.url("/loop"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x"])
def test_other_schemes_are_refused(url):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)


def test_http_errors_size_caps_and_timeouts(http_server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(http_server.url("/missing"))
    with pytest.raises(FetchError, match="limit"):
        fetch(http_server.url("/big"))
    # 5 MB after decompression from a few kilobytes on the wire: the cap counts decoded bytes.
    with pytest.raises(FetchError, match="larger than the limit"):
        fetch(http_server.url("/bomb"))
    with pytest.raises(FetchError, match="timed out"):
        fetch(http_server.url("/slow"), FetchPolicy(timeout=0.5, allow_private=True))


def test_unreachable_host_is_a_fetch_error():
    with pytest.raises(FetchError, match=r"network error|cannot resolve"):
        fetch("http://127.0.0.1:1/nothing-listens-here")


class Rebinding:
    """A hostile DNS server: a public address for the first lookup, loopback afterwards."""

    def __init__(self) -> None:
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        return ["93.184.216.34"] if len(self.lookups) == 1 else ["127.0.0.1"]


STORY = b"Story text."


def story(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Type": "text/plain"},
                          stream=httpx.ByteStream(STORY))  # fmt: skip


def fetch_checked(url: str, answer, resolve):
    """`url` under the default policy (addresses checked), `answer` standing in for the
    network and `resolve` for DNS."""
    transport = httpx.MockTransport(answer)
    return asyncio.run(
        fetch_document(url, FetchPolicy(timeout=2.0), transport=transport, resolve=resolve)
    )


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup():
    """DNS rebinding: the name is resolved once, checked, and the request is sent to that
    address (the network itself cannot run here, so a transport records what it was given)."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/first":
            return httpx.Response(302, headers={"Location": "https://news.example/second"})
        return story(request)

    resolver = Rebinding()
    with pytest.raises(FetchError, match=r"non-public address \(127\.0\.0\.1\)"):
        fetch_checked("https://news.example/first", answer, resolver)
    # First hop: sent to the checked address, the name kept for Host and TLS (SNI, cert).
    [first] = seen
    assert first.url.host == "93.184.216.34" and first.url.path == "/first"
    assert first.headers["Host"] == "news.example"
    assert first.extensions["sni_hostname"] == "news.example"
    # The redirect's host was looked up again, found private, and never contacted.
    assert resolver.lookups == ["news.example", "news.example"]


def test_a_checked_fetch_reports_the_url_not_the_address():
    async def public(host: str, port: int) -> list[str]:
        return ["2001:4860:4860::8888"]

    doc = fetch_checked("http://news.example:8080/a?b=1", story, public)
    assert doc.url == "http://news.example:8080/a?b=1" and doc.data == b"Story text."


def test_when_one_checked_address_refuses_the_next_is_tried():
    tried: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        tried.append(request.url.host)
        if request.url.host == "2606:4700:4700::1111":
            raise httpx.ConnectError("network unreachable", request=request)
        return story(request)

    async def dual_stack(host: str, port: int) -> list[str]:
        return ["2606:4700:4700::1111", "93.184.216.34"]

    doc = fetch_checked("https://news.example/a", answer, dual_stack)
    assert doc.data == b"Story text." and tried == ["2606:4700:4700::1111", "93.184.216.34"]


def served(body: bytes, encoding: str) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "text/plain", "Content-Encoding": encoding}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))

    return httpx.MockTransport(answer)


def fetch_served(body: bytes, encoding: str) -> bytes:
    return asyncio.run(fetch_document("http://127.0.0.1/x", OPEN,
                                      transport=served(body, encoding))).data  # fmt: skip


def test_compressed_bodies_cut_short_are_refused_and_members_and_padding_handled():
    import gzip

    story = b"Troops crossed the river at dawn. " * 2000
    with pytest.raises(FetchError, match="cut off before its end"):
        fetch_served(gzip.compress(story)[:-40], "gzip")
    # Several gzip members are one body; zero padding after the end is ignored.
    halves = gzip.compress(story[:30_000]) + gzip.compress(story[30_000:])
    assert fetch_served(halves, "gzip") == story
    assert fetch_served(gzip.compress(story) + b"\0" * 16, "gzip") == story

from __future__ import annotations

import asyncio

import pytest

from bot.errors import FetchError
from bot.fetch import FetchPolicy, fetch_document

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
    with pytest.raises(FetchError, match="redirects"):
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

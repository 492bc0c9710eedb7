"""Fetching a document by URL, safely.

Only http(s); every hop's host is resolved and refused when it points at a private, loopback,
link-local, multicast or reserved address (unless configuration allows it); redirects are
followed by hand so each one is checked; only text-like content types are read; the body is
capped on the wire and after decompression (done here, a bounded step at a time, so a gzip bomb
never inflates in memory) and the whole fetch has a deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import zlib
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from bot.errors import FetchError

if TYPE_CHECKING:
    import httpx

__all__ = ["FetchPolicy", "FetchedDocument", "Resolver", "fetch_document"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_USER_AGENT = "BriefingBot/0.1 (+news briefing assistant)"
_CODINGS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_MAX_CODINGS = 2  # a chain of content encodings; real servers use one
_INFLATE_STEP = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"  # at most this much is inflated at once, whatever the ratio
_BINARY_TYPES = {
    "application/pdf": "a PDF file",
    "application/octet-stream": "binary data",
    "application/zip": "a ZIP archive",
    "application/gzip": "a gzip archive",
}
_BINARY_FAMILIES = {"image": "an image", "audio": "audio", "video": "a video", "font": "a font"}


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024
    allow_private: bool = False
    max_redirects: int = 5


@dataclass(frozen=True)
class FetchedDocument:
    url: str  # after redirects
    content_type: str | None
    data: bytes
    status: int = 200  # 304: not modified since the validators given (data is empty)
    etag: str | None = None
    last_modified: str | None = None


Resolver = Callable[[str, int], Awaitable[list[str]]]


async def fetch_document(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    resolve: Resolver | None = None,
) -> FetchedDocument:
    """GET a URL under the policy; every refusal or failure is a FetchError with the reason.

    With the validators of an earlier fetch (ETag, Last-Modified) the server may answer
    304 Not Modified, and nothing is downloaded."""
    conditions = {}
    if etag:
        conditions["If-None-Match"] = etag
    if last_modified:
        conditions["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(policy.timeout):
            return await _fetch(url, policy, transport, conditions, resolve or _resolve)
    except TimeoutError as exc:
        raise FetchError(f"timed out after {policy.timeout:g} s") from exc


async def _fetch(
    url: str,
    policy: FetchPolicy,
    transport: httpx.AsyncBaseTransport | None,
    conditions: dict[str, str],
    resolve: Resolver,
) -> FetchedDocument:
    import httpx  # imported by the first fetch: most commands never fetch

    timeout = httpx.Timeout(policy.timeout)
    headers = {"User-Agent": _USER_AGENT, "Accept": "text/html, application/xml, text/*;q=0.9",
               "Accept-Encoding": ", ".join(_CODINGS), **conditions}  # fmt: skip
    # An explicit transport: a proxy from the environment would connect to addresses that
    # were never checked (httpx then ignores proxy variables, still honouring SSL_CERT_FILE).
    async with httpx.AsyncClient(
        timeout=timeout, headers=headers, follow_redirects=False,
        transport=transport or httpx.AsyncHTTPTransport(),
    ) as client:  # fmt: skip
        for _hop in range(policy.max_redirects + 1):
            addresses = await _check_target(url, policy, resolve)
            try:
                response = await _send_to_any(client, url, addresses)
                try:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
                    modified = response.status_code != 304
                    if modified:
                        _check_content_type(response.headers.get("content-type"))
                    data = await _read_capped(response, policy.max_bytes) if modified else b""
                    return FetchedDocument(
                        url=url,
                        content_type=response.headers.get("content-type"),
                        data=data,
                        status=response.status_code,
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                    )
                finally:
                    await response.aclose()
            except httpx.HTTPError as exc:
                raise FetchError(f"network error: {_describe(exc)}") from exc
    raise FetchError(f"more than {policy.max_redirects} redirects")


async def _send_to_any(
    client: httpx.AsyncClient, url: str, addresses: list[str] | None
) -> httpx.Response:
    """Send the request to the checked addresses in turn, until one accepts the connection.

    Connecting by name would resolve it again, and a hostile DNS server can answer with a
    public address for the check and a private one for the connection (DNS rebinding). So
    the URL gets a checked address; the name stays in the Host header and, for https, in the
    TLS server name, against which the certificate is verified."""
    import httpx

    if addresses is None:
        return await client.send(client.build_request("GET", url), stream=True)
    for address in addresses[:-1]:
        try:
            return await client.send(_pinned(client, url, address), stream=True)
        except httpx.ConnectError:
            continue  # as a browser would: the next address (say, IPv4 after IPv6)
    return await client.send(_pinned(client, url, addresses[-1]), stream=True)


def _pinned(client: httpx.AsyncClient, url: str, address: str) -> httpx.Request:
    request = client.build_request("GET", url)  # its Host header keeps the name
    request.url = request.url.copy_with(host=address)
    if request.url.scheme == "https":
        request.extensions["sni_hostname"] = urlsplit(url).hostname or ""
    return request


def _check_content_type(content_type: str | None) -> None:
    """Refuse, before reading the body, what is neither text, HTML nor XML (feeds are XML)."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if not mime or mime.startswith("text/") or mime == "application/xml" or mime.endswith("+xml"):
        return
    kind = _BINARY_TYPES.get(mime) or _BINARY_FAMILIES.get(mime.split("/", 1)[0])
    described = f"{kind} ({mime})" if kind else f"a file of type {mime}"
    raise FetchError(f"is {described}, not a web page, feed or text document")


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"document is {int(declared):,} bytes; the limit is {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    async with contextlib.aclosing(_decoded_body(response, max_bytes)) as body:
        async for chunk in body:
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"document is larger than the limit of {max_bytes:,} bytes")
            chunks.append(chunk)
    return b"".join(chunks)


async def _decoded_body(response: httpx.Response, max_bytes: int) -> AsyncGenerator[bytes, None]:
    """The body, decompressed here rather than by httpx: httpx inflates each network chunk
    whole (64 KB of gzip can become 64 MB, and a second layer multiplies that again), while
    pieces of at most _INFLATE_STEP, each counted before the next is made, keep memory near
    the limit. Bytes on the wire count too (data after the end of a gzip stream piles up)."""
    layers = _inflaters(response.headers.get("content-encoding", ""))
    received = 0
    async for raw in response.aiter_raw():
        received += len(raw)
        if received > max_bytes:
            raise FetchError(f"document is larger than the limit of {max_bytes:,} bytes")
        for chunk in _inflate(raw, layers):
            yield chunk
    for chunk in _inflate(b"", layers, final=True):
        yield chunk


class _Inflater:
    """One gzip or deflate layer of a body, inflated at most _INFLATE_STEP bytes at a time."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._zlib = zlib.decompressobj(_CODINGS[coding])
        self._started = False
        self._ended = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._ended:
            return  # padding after the compressed data, ignored as browsers do
        while True:
            out = self._decompress(data)
            if out:
                yield out
            data = self._zlib.unconsumed_tail
            if self._zlib.eof and self._zlib.unused_data:
                following = self._next_member()
                if following is None:
                    return
                data = following
                continue
            if len(out) < _INFLATE_STEP:  # input used up and nothing left pending
                return

    def flush(self) -> bytes:
        try:
            rest = self._zlib.flush()
        except zlib.error as exc:
            raise FetchError(f"the response has corrupt {self._coding} data") from exc
        if not self._zlib.eof and not self._ended:
            raise FetchError(f"the response's {self._coding} data is cut off before its end")
        return rest

    def _next_member(self) -> bytes | None:
        """gzip allows several members one after another: start the next one. Anything else
        after the end (zero padding, junk) is ignored, as browsers and Python's gzip do."""
        rest = self._zlib.unused_data
        if self._coding == "deflate" or not rest.startswith(_GZIP_MAGIC):
            self._ended = True
            return None
        self._zlib = zlib.decompressobj(_CODINGS[self._coding])
        return rest

    def _decompress(self, data: bytes) -> bytes:
        try:
            out = self._zlib.decompress(data, _INFLATE_STEP)
        except zlib.error as exc:
            if self._started or self._coding != "deflate":
                raise FetchError(f"the response has corrupt {self._coding} data") from exc
            # "deflate" should be zlib-wrapped, but some servers send raw deflate.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            self._started = True
            return self._decompress(data)
        self._started = True
        return out


def _inflaters(content_encoding: str) -> list[_Inflater]:
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > _MAX_CODINGS:
        raise FetchError(f"the response has more than {_MAX_CODINGS} content encodings")
    for coding in codings:
        if coding not in _CODINGS:
            raise FetchError(f"the response has an unsupported Content-Encoding ({coding})")
    return [_Inflater(coding) for coding in reversed(codings)]  # the last applied comes off first


def _inflate(data: bytes, layers: Sequence[_Inflater], *, final: bool = False) -> Iterator[bytes]:
    """Pass data through every layer, step by step; `final` flushes them at the end."""
    if not layers:
        if data:
            yield data
        return
    first, rest = layers[0], layers[1:]
    for piece in first.feed(data):
        yield from _inflate(piece, rest)
    if final:
        yield from _inflate(first.flush(), rest, final=True)


async def _check_target(url: str, policy: FetchPolicy, resolve: Resolver) -> list[str] | None:
    """Refuse what the policy forbids; the public addresses to connect to, in the resolver's
    order (None: connect by name, when private addresses are allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or '?'}:")
    host = parts.hostname
    if not host:
        raise FetchError("URL has no host")
    if policy.allow_private:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("URL has an invalid port") from exc
    try:
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in await resolve(host, port)]
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve host {host}") from exc
    if not addresses:
        raise FetchError(f"cannot resolve host {host}")
    for address in addresses:
        if _is_internal(address):
            raise FetchError(
                f"refused: {host} resolves to a non-public address ({address}); "
                "set BRIEFING_ALLOW_PRIVATE_URLS=true to allow it"
            )
    return list(dict.fromkeys(str(address) for address in addresses))


async def _resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _describe(exc: httpx.HTTPError) -> str:
    return str(exc) or type(exc).__name__

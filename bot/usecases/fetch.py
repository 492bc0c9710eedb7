"""Fetching a document by URL, safely.

Only http(s); every hop's host is resolved and refused unless every address it resolves to is
globally routable, any IPv4 address embedded in an IPv6 one included (unless configuration
allows private addresses), and the request goes to the address checked, not the name;
redirects are followed by hand so each one is checked, and a malformed URL or Location is a
FetchError like any other refusal; only text-like content types are read; the body is capped
on the wire and after decompression (done here, a bounded step at a time, so a gzip bomb
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
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from bot.usecases.addresses import non_public
from bot.usecases.errors import FetchError

if TYPE_CHECKING:
    import httpx

__all__ = ["FetchPolicy", "FetchedDocument", "Resolver", "fetch_document"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_USER_AGENT = "BriefingBot/0.1 (+news briefing assistant)"
_CODINGS = MappingProxyType(
    {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
)
_MAX_URL_LENGTH = 8192  # servers commonly refuse longer; a Telegram message holds 4,096
_MAX_CODINGS = 2  # a chain of content encodings; real servers use one
_INFLATE_STEP = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"  # at most this much is inflated at once, whatever the ratio
_BINARY_TYPES = MappingProxyType(
    {
        "application/pdf": "a PDF file",
        "application/octet-stream": "binary data",
        "application/zip": "a ZIP archive",
        "application/gzip": "a gzip archive",
    }
)
_BINARY_FAMILIES = MappingProxyType(
    {"image": "an image", "audio": "audio", "video": "a video", "font": "a font"}
)


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

    timeout = httpx.Timeout(policy.timeout).as_dict()
    headers = {
        "User-Agent": _USER_AGENT,
        "Accept": "text/html, application/xml, text/*;q=0.9",
        "Accept-Encoding": ", ".join(_CODINGS),
        **conditions,
    }
    # Requests go straight to a transport, not through httpx.AsyncClient: the client parses
    # every Location even with redirects off, and raises on some (javascript:, mailto:) before
    # they reach the checks here. An explicit transport also means a proxy from the
    # environment never connects to addresses that were not checked.
    async with transport or httpx.AsyncHTTPTransport() as sender:
        seen: set[str] = set()
        for _hop in range(policy.max_redirects + 1):
            seen.add(url)
            addresses = await _check_target(url, policy, resolve)
            try:
                request = httpx.Request(
                    "GET", url, headers=headers, extensions={"timeout": timeout}
                )
                response = await _send_to_any(sender, request, addresses)
                try:
                    if response.status_code in _REDIRECTS:
                        url = _redirect_target(url, response.headers.get("location"), seen)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(
                            f"HTTP {response.status_code} {_shown(response.reason_phrase)}"
                        )
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
            except httpx.InvalidURL as exc:  # no HTTPError: httpx's parser refused the URL
                raise FetchError(f"invalid URL ({_describe(exc)})") from exc
    raise FetchError(f"more than {policy.max_redirects} redirects")


def _redirect_target(url: str, location: str | None, seen: set[str]) -> str:
    """The absolute URL a redirect points at (relative and protocol-relative ones resolved
    against the current URL); a missing, unparsable or repeated one is a FetchError."""
    if not location or not location.strip():
        raise FetchError("a redirect without a Location")
    if len(location) > _MAX_URL_LENGTH:
        raise FetchError(f"a redirect to a URL longer than {_MAX_URL_LENGTH:,} characters")
    try:
        target = urljoin(url, location.strip())
    except ValueError as exc:
        raise FetchError(f"a redirect to an invalid URL ({_shown(location)})") from exc
    if target in seen:
        raise FetchError(f"a redirect loop at {_shown(target)}")
    return target


async def _send_to_any(
    sender: httpx.AsyncBaseTransport, request: httpx.Request, addresses: list[str] | None
) -> httpx.Response:
    """Send the request to the checked addresses in turn, until one accepts the connection.

    Connecting by name would resolve it again, and a hostile DNS server can answer with a
    public address for the check and a private one for the connection (DNS rebinding). So
    the URL gets a checked address; the name stays in the Host header and, for https, in the
    TLS server name, against which the certificate is verified."""
    import httpx

    if addresses is None:
        return await _send(sender, request)
    for address in addresses[:-1]:
        try:
            return await _send(sender, _pinned(request, address))
        except httpx.ConnectError:
            continue  # as a browser would: the next address (say, IPv4 after IPv6)
    return await _send(sender, _pinned(request, addresses[-1]))


async def _send(sender: httpx.AsyncBaseTransport, request: httpx.Request) -> httpx.Response:
    response = await sender.handle_async_request(request)
    response.request = request
    return response


def _pinned(request: httpx.Request, address: str) -> httpx.Request:
    """A copy of the request sent to the address; its Host header keeps the name."""
    import httpx

    pinned = httpx.Request(
        "GET",
        request.url.copy_with(host=address),
        headers=request.headers,
        extensions=dict(request.extensions),
    )
    if pinned.url.scheme == "https":
        pinned.extensions["sni_hostname"] = request.url.raw_host.decode("ascii")  # IDNA form
    return pinned


def _check_content_type(content_type: str | None) -> None:
    """Refuse, before reading the body, what is neither text, HTML nor XML (feeds are XML)."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if not mime or mime.startswith("text/") or mime == "application/xml" or mime.endswith("+xml"):
        return
    kind = _BINARY_TYPES.get(mime) or _BINARY_FAMILIES.get(mime.split("/", 1)[0])
    described = f"{kind} ({mime})" if kind else f"a file of type {_shown(mime)}"
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
            raise FetchError(f"the response has an unsupported Content-Encoding ({_shown(coding)})")
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
    order (None: connect by name, when private addresses are allowed).

    The URL is parsed here, before anything else sees it, and each way it can be malformed
    is a FetchError: what is checked must be what is fetched."""
    if len(url) > _MAX_URL_LENGTH:
        raise FetchError(f"URL is longer than {_MAX_URL_LENGTH:,} characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError as exc:  # "http://[::1", a port out of range or not a number
        raise FetchError(f"invalid URL ({_describe(exc)})") from exc
    if parts.scheme not in {"http", "https"}:
        raise FetchError(
            f"only http and https URLs can be fetched, not {_shown(parts.scheme) or '?'}:"
        )
    if not host:
        raise FetchError("URL has no host")
    if port == 0:
        raise FetchError("URL has an invalid port (0)")
    if policy.allow_private:
        return None
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in await resolve(host, port)]
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve host {_shown(host)}") from exc
    if not addresses:
        raise FetchError(f"cannot resolve host {_shown(host)}")
    for address in addresses:
        reason = non_public(address)
        if reason is not None:
            raise FetchError(
                f"refused: {_shown(host)} resolves to a non-public address ({reason}); "
                "set BRIEFING_ALLOW_PRIVATE_URLS=true to allow it"
            )
    return list(dict.fromkeys(str(address) for address in addresses))


async def _resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _describe(exc: Exception) -> str:
    return _shown(str(exc)) or type(exc).__name__


def _shown(text: str, limit: int = 120) -> str:
    """Text from a URL or a server, fit for a one-line message: control characters escaped
    (no line breaks can be smuggled into a reply or a log) and the length capped."""
    escaped = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"

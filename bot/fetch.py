"""Fetching a document by URL, safely.

Only http(s); every hop's host is resolved and refused when it points at a private, loopback,
link-local, multicast or reserved address (unless configuration allows it); redirects are
followed by hand so each one is checked; the body is capped after decompression and the whole
fetch has a deadline.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from bot.errors import FetchError

__all__ = ["FetchPolicy", "FetchedDocument", "fetch_document"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_USER_AGENT = "BriefingBot/0.1 (+news briefing assistant)"


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


async def fetch_document(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
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
            return await _fetch(url, policy, transport, conditions)
    except TimeoutError as exc:
        raise FetchError(f"timed out after {policy.timeout:g} s") from exc


async def _fetch(
    url: str,
    policy: FetchPolicy,
    transport: httpx.AsyncBaseTransport | None,
    conditions: dict[str, str],
) -> FetchedDocument:
    timeout = httpx.Timeout(policy.timeout)
    headers = {"User-Agent": _USER_AGENT, "Accept": "text/html, application/xml, text/*;q=0.9",
               **conditions}  # fmt: skip
    async with httpx.AsyncClient(
        timeout=timeout, headers=headers, follow_redirects=False, transport=transport
    ) as client:
        for _hop in range(policy.max_redirects + 1):
            await _check_target(url, policy)
            try:
                async with client.stream("GET", url) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
                    modified = response.status_code != 304
                    data = await _read_capped(response, policy.max_bytes) if modified else b""
                    return FetchedDocument(
                        url=str(response.url),
                        content_type=response.headers.get("content-type"),
                        data=data,
                        status=response.status_code,
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                    )
            except httpx.HTTPError as exc:
                raise FetchError(f"network error: {_describe(exc)}") from exc
    raise FetchError(f"more than {policy.max_redirects} redirects")


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"document is {int(declared):,} bytes; the limit is {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():  # decompressed: caps gzip bombs too
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"document is larger than the limit of {max_bytes:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _check_target(url: str, policy: FetchPolicy) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or '?'}:")
    host = parts.hostname
    if not host:
        raise FetchError("URL has no host")
    if policy.allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("URL has an invalid port") from exc
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if _is_internal(address):
            raise FetchError(
                f"refused: {host} resolves to a non-public address ({address}); "
                "set BRIEFING_ALLOW_PRIVATE_URLS=true to allow it"
            )


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

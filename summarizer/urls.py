"""Whether a string is an http(s) URL fit to fetch, store and put in a link.

Pure: syntax only (no DNS, no network policy; `bot.usecases.fetch` decides which hosts may be
fetched). One check for every URL that enters the archive (feed item links, JSON lines,
`briefing ingest URL`, feed subscriptions), so none of them reaches `urllib` parsing, the
database or an `<a href>` without having passed it.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

__all__ = ["MAX_URL", "UrlError", "check_http_url", "url_problem"]

MAX_URL = 2048  # the sources and articles tables' limit (PostgreSQL enforces it)
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_NUMERIC_HOST = re.compile(r"[0-9.]+")


class UrlError(ValueError):
    """A URL that is not a usable http(s) URL; the message says why, in one line."""


def check_http_url(url: object) -> str:
    """The URL without surrounding spaces, or a `UrlError` saying what is wrong with it."""
    problem = url_problem(url)
    if problem is not None or not isinstance(url, str):  # a non-string always has a problem
        raise UrlError(problem or "is not a string")
    return url.strip()


def url_problem(url: object) -> str | None:
    """Why `url` is not a usable http(s) URL (a short phrase), or None when it is.

    Refused: other schemes (javascript:, data:, mailto:, file: end up in links or fetches),
    characters `urllib` would silently drop or a browser would show differently (controls,
    spaces, invisible and bidi characters, lone surrogates), user names and passwords (they
    would be stored and shown, and `http://bank.example@evil.example` misleads), a missing or
    malformed host, ports outside 1-65535, and anything `urllib` cannot parse."""
    if not isinstance(url, str):
        return "is not a string"
    url = url.strip()
    if not url:
        return "is empty"
    if len(url) > MAX_URL:
        return f"is longer than {MAX_URL} characters"
    if any(unicodedata.category(ch)[0] in "CZ" for ch in url):
        return "contains spaces, control or invisible characters"
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an unclosed IPv6 bracket, an invalid address inside one
        return f"is not a valid URL ({exc})"
    if parts.scheme not in {"http", "https"}:
        return "is not an http(s) URL"
    if "@" in parts.netloc:
        return "contains a user name or password"
    try:
        port = parts.port
    except ValueError:
        return "has a port that is not a number from 1 to 65535"
    if port == 0:
        return "has a port that is not a number from 1 to 65535"
    host = parts.hostname
    if not host:
        return "has no host name"
    return _host_problem(host, bracketed="[" in parts.netloc)


def _host_problem(host: str, *, bracketed: bool) -> str | None:
    if bracketed:
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return "has an invalid IPv6 address"
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return "has an invalid host name"
    name = host.removesuffix(".")
    if _NUMERIC_HOST.fullmatch(name):
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return "has an invalid IPv4 address"
        return None
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in name.split(".")):
        return "has an invalid host name"
    return None

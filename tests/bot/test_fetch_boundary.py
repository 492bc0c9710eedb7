"""The fetcher's boundary: which addresses it may connect to, and what any URL or redirect
does to it. No test here sends traffic anywhere but 127.0.0.1: checked fetches go through a
transport that records instead of connecting, and open ones through a guard that refuses
every host but 127.0.0.1 before a connection is made."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.usecases.addresses import non_public
from bot.usecases.errors import FetchError
from bot.usecases.fetch import FetchedDocument, FetchPolicy, fetch_document
from tests.bot.local_http import QuietHandler, serving

CHECKED = FetchPolicy(timeout=2.0, max_bytes=100_000)  # the default: public addresses only
OPEN = FetchPolicy(timeout=2.0, max_bytes=100_000, allow_private=True)

# Every range refused, with its first and last address; each range's neighbours outside it
# (where they are public) are in ALLOWED below. The comment says why it is not public.
REFUSED_RANGES = [
    ("0.0.0.0/8", "this network"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "carrier-grade NAT (100.100.100.200: cloud metadata)"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local (169.254.169.254: cloud metadata)"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "deprecated 6to4 relay anycast"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved, and broadcast"),
    ("::/96", "unspecified, loopback, IPv4-compatible"),
    ("::1:0:0/96", "reserved ::/8, between compatible and mapped"),
    ("::ffff:0:0/96", "IPv4-mapped"),
    ("64:ff9b:1::/48", "local-use NAT64"),
    ("100::/64", "discard-only"),
    ("2001::/32", "Teredo"),
    ("2001::/23", "IETF protocol assignments"),
    ("2001:db8::/32", "documentation"),
    ("3fff::/20", "documentation"),
    ("5f00::/16", "SRv6 segment identifiers"),
    ("fc00::/7", "unique local"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "deprecated site-local"),
    ("ff00::/8", "multicast"),
    ("4000::/3", "unassigned (outside global unicast 2000::/3)"),
]

# Addresses that embed a refused IPv4 address: refused although the outer range is allowed.
REFUSED_EMBEDDED = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b::6464:64c8",  # NAT64 of 100.100.100.200
    "64:ff9b::",  # NAT64 of 0.0.0.0 (the range's first address)
    "64:ff9b::ffff:ffff",  # NAT64 of 255.255.255.255 (the last)
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
    "2002::",  # 6to4 of 0.0.0.0 (first)
    "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff",  # 6to4 of 255.255.255.255 (last)
    "2002:c058:6301::",  # 6to4 of the 6to4 relay anycast 192.88.99.1
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",  # IPv4-compatible
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo, public server, client 192.0.2.45
    "2001:0:7f00:1::",  # Teredo with server 127.0.0.1
]

ALLOWED = [
    "1.0.0.0",
    "9.255.255.255",  # 10.0.0.0/8's neighbours
    "11.0.0.0",
    "100.63.255.255",  # 100.64.0.0/10's neighbours
    "100.128.0.0",
    "126.255.255.255",
    "128.0.0.0",
    "169.253.255.255",
    "169.255.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "191.255.255.255",
    "192.0.1.0",
    "192.0.3.0",
    "192.88.98.255",
    "192.88.100.0",
    "192.167.255.255",
    "192.169.0.0",
    "198.17.255.255",
    "198.20.0.0",
    "198.51.99.255",
    "198.51.101.0",
    "203.0.112.255",
    "203.0.114.0",
    "223.255.255.255",
    "93.184.216.34",
    "8.8.8.8",
    "2000::",  # global unicast 2000::/3: first
    "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff",  # just below 2001::/23
    "2001:200::",  # just above 2001::/23
    "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:db9::",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "2002:808:808::1",  # 6to4 of 8.8.8.8
    "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff",  # just below 3fff::/20
    "3fff:1000::",  # just above it
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8: IPv6-only networks reach IPv4 sites this way
    "64:ff9b::5db8:d822",  # NAT64 of 93.184.216.34
]


def _edges() -> list[tuple[str, str]]:
    out = []
    for net, why in REFUSED_RANGES:
        network = ipaddress.ip_network(net)
        out += [(str(network[0]), why), (str(network[-1]), why)]
    return out


@pytest.mark.parametrize(("address", "why"), _edges())
def test_the_first_and_last_address_of_every_non_public_range_is_refused(address, why):
    assert non_public(ipaddress.ip_address(address)) is not None, why


@pytest.mark.parametrize("address", REFUSED_EMBEDDED)
def test_an_address_embedding_a_non_public_ipv4_address_is_refused(address):
    reason = non_public(ipaddress.ip_address(address))
    assert reason is not None and reason.startswith(str(ipaddress.ip_address(address)))


def test_the_reason_names_the_embedded_address():
    assert non_public(ipaddress.ip_address("2002:a9fe:a9fe::")) == (
        "2002:a9fe:a9fe::, which embeds 169.254.169.254"
    )
    teredo = non_public(ipaddress.ip_address("2001:0:7f00:1::"))
    assert teredo is not None and "127.0.0.1" in teredo
    assert non_public(ipaddress.ip_address("::1")) == "::1"  # loopback, not ::0.0.0.1
    assert non_public(ipaddress.ip_address("::")) == "::"


@pytest.mark.parametrize("address", ALLOWED)
def test_globally_routable_addresses_are_allowed(address):
    assert non_public(ipaddress.ip_address(address)) is None


# --- end to end: the system resolver says where a name points; nothing is connected --------


class NoConnection(httpx.AsyncBaseTransport):
    """Records each request it is given and answers none: the fetch must not get here."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        raise AssertionError(f"a connection was attempted to {request.url}")


HOSTILE_DNS = {
    "metadata.test": "100.100.100.200",
    "aws-metadata.test": "169.254.169.254",
    "six-to-four.test": "2002:a9fe:a9fe::1",
    "nat64.test": "64:ff9b::7f00:1",
    "teredo.test": "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "mapped.test": "::ffff:10.0.0.1",
    "site-local.test": "fec0::1",
    "benchmark.test": "198.18.0.1",
    "ietf.test": "192.0.0.255",
    "multicast.test": "224.0.0.251",
}


@pytest.fixture
def hostile_dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """socket.getaddrinfo answers for HOSTILE_DNS and fails for any other name, so the
    fetcher's own resolution (asyncio's getaddrinfo) is what is exercised."""
    asked: list[str] = []

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        asked.append(host)
        if host not in HOSTILE_DNS:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        address = HOSTILE_DNS[host]
        if ":" in address:
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.mark.parametrize("name", sorted(HOSTILE_DNS))
def test_a_name_resolving_to_a_non_public_address_is_refused_before_connecting(name, hostile_dns):
    transport = NoConnection()
    with pytest.raises(FetchError, match=rf"refused: {name} resolves to a non-public address"):
        asyncio.run(fetch_document(f"http://{name}/latest", CHECKED, transport=transport))
    assert hostile_dns == [name] and transport.requests == []


def test_metadata_is_refused_with_the_default_transport_too(hostile_dns, monkeypatch):
    """No transport injected: the real one must never be asked to connect."""
    attempts: list[str] = []

    async def handle(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        attempts.append(str(request.url))
        raise AssertionError("connected")

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle)
    with pytest.raises(FetchError, match=r"non-public address \(100\.100\.100\.200\)"):
        asyncio.run(fetch_document("http://metadata.test/", CHECKED))
    assert attempts == [] and hostile_dns == ["metadata.test"]


@pytest.mark.parametrize("allowed", ["true", "false"])
def test_allowing_private_urls_lifts_the_rule(allowed, hostile_dns, monkeypatch):
    """BRIEFING_ALLOW_PRIVATE_URLS=true: no check, the name is connected to as it is (the
    policy built as the service builds it; the transport records instead of connecting)."""
    from bot.usecases.config import Settings

    monkeypatch.setenv("BRIEFING_ALLOW_PRIVATE_URLS", allowed)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    policy = FetchPolicy(timeout=2.0, allow_private=settings.allow_private_urls)
    transport = NoConnection()
    if allowed == "true":
        with pytest.raises(AssertionError, match=r"attempted to http://metadata\.test/"):
            asyncio.run(fetch_document("http://metadata.test/", policy, transport=transport))
        assert hostile_dns == []  # not looked up by the fetcher; the connection would
    else:
        with pytest.raises(FetchError, match="non-public address"):
            asyncio.run(fetch_document("http://metadata.test/", policy, transport=transport))
        assert transport.requests == []


# --- malformed URLs and redirects, against a real server on 127.0.0.1 ----------------------


class LoopbackOnly(httpx.AsyncBaseTransport):
    """A real transport that refuses, before connecting, every host but 127.0.0.1."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.blocked: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != "127.0.0.1":
            self.blocked.append(request.url.host)
            raise httpx.ConnectError("test guard: only 127.0.0.1 is reachable", request=request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


class Redirector(QuietHandler):
    """/to?l=<Location, percent-encoded latin-1> redirects there; /chain/N to /chain/N+1;
    /loop to itself; /long to a 9,001-character path; /page is a text page; anything else
    is a 302 without a Location."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/page":
            body = b"A story."
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(302 if parts.path != "/404" else 404)
        if parts.path == "/to":
            location = parse_qs(parts.query, encoding="latin-1").get("l", [""])[0]
            self.send_header("Location", location)
        elif parts.path == "/long":
            self.send_header("Location", "/" + "a" * 9000)
        elif parts.path == "/loop":
            self.send_header("Location", "/loop")
        elif parts.path.startswith("/chain/"):
            self.send_header("Location", f"/chain/{int(parts.path[7:]) + 1}")
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Redirector) as base:
        yield base


def open_fetch(url: str) -> tuple[FetchedDocument | FetchError, LoopbackOnly]:
    guard = LoopbackOnly()
    try:
        return asyncio.run(fetch_document(url, OPEN, transport=guard)), guard
    except FetchError as exc:
        return exc, guard


def redirect_to(base: str, location: str) -> str:
    return f"{base}/to?l={quote(location, safe='', encoding='latin-1')}"


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("javascript:alert(1)", r"only http and https URLs can be fetched, not javascript:$"),
        ("mailto:x@y", r"only http and https URLs can be fetched, not mailto:$"),
        ("data:text/html,<script>1</script>", r"only http and https .* not data:$"),
        ("http://[::1", r"^a redirect to an invalid URL \(http://\[::1\)$"),
        ("http://host:99999/", r"^invalid URL \(Port out of range 0-65535\)$"),
        ("http://host:0/", r"^URL has an invalid port \(0\)$"),
        ("http://host:abc/", r"^invalid URL \(Port could not be cast"),
        ("https:///nohost", r"^URL has no host$"),
        ("/long", r"^a redirect to a URL longer than 8,192 characters$"),
        ("/loop", r"^a redirect loop at http://127\.0\.0\.1:\d+/loop$"),
        ("", r"^a redirect without a Location$"),
    ],
)
def test_every_bad_redirect_is_a_one_line_fetch_error(server, location, reason):
    outcome, guard = open_fetch(redirect_to(server, location))
    assert isinstance(outcome, FetchError)
    assert "\n" not in str(outcome)
    assert outcome.args[0] and re.search(reason, str(outcome)), str(outcome)
    assert guard.blocked == []  # refused by the fetcher, not by the test's guard


def test_relative_and_protocol_relative_redirects_are_followed(server):
    port = urlsplit(server).port
    for location in ["/page", "page", "./page?x=1", f"//127.0.0.1:{port}/page", f"{server}/page"]:
        outcome, _ = open_fetch(redirect_to(server, location))
        assert isinstance(outcome, FetchedDocument), (location, outcome)
        assert outcome.data == b"A story." and urlsplit(outcome.url).path == "/page"


def test_a_protocol_relative_redirect_to_a_non_public_host_is_refused(hostile_dns):
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "//metadata.test/latest"})

    async def public(host: str, port: int) -> list[str]:
        return ["93.184.216.34"] if host == "news.example" else ["100.100.100.200"]

    sent: list[str] = []

    def recording(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return answer(request)

    with pytest.raises(FetchError, match=r"metadata\.test resolves to a non-public"):
        asyncio.run(
            fetch_document(
                "https://news.example/a",
                CHECKED,
                transport=httpx.MockTransport(recording),
                resolve=public,
            )
        )
    assert sent == ["https://93.184.216.34/a"]


def test_a_long_chain_of_redirects_stops(server):
    outcome, _ = open_fetch(f"{server}/chain/0")
    assert isinstance(outcome, FetchError) and str(outcome) == "more than 5 redirects"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1", r"^invalid URL \(Invalid IPv6 URL\)$"),
        ("http://[::1]:99999/", r"^invalid URL \(Port out of range"),
        ("http://news.example:99999/", r"^invalid URL \(Port out of range"),
        ("http://news.example:0/", r"^URL has an invalid port"),
        ("http://news.example/" + "a" * 9000, r"^URL is longer than 8,192 characters$"),
        ("http://exa\x0bmple.com/", r"^(invalid URL|cannot resolve host exa\\x0bmple)"),
        ("http://\u2028.example/", r"^(invalid URL|cannot resolve host)"),
        # urlsplit keeps these hosts as they are, httpx percent-encodes them: checked, the
        # name does not resolve; open, the connection is by name (the test's guard stops it).
        ("http://a b/", r"^cannot resolve host a b$|^network error: test guard"),
        ("http://ex%41mple.com/", r"^cannot resolve host ex%41mple|^network error: test guard"),
        ("javascript:alert(1)", r"only http and https"),
        ("", r"only http and https URLs can be fetched, not \?:$"),
    ],
)
@pytest.mark.parametrize("policy", [CHECKED, OPEN], ids=["checked", "open"])
def test_every_malformed_url_is_a_one_line_fetch_error(url, reason, policy):
    async def nowhere(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    guard = LoopbackOnly()
    with pytest.raises(FetchError) as caught:
        asyncio.run(fetch_document(url, policy, transport=guard, resolve=nowhere))
    assert "\n" not in str(caught.value) and "\u2028" not in str(caught.value)
    assert re.search(reason, str(caught.value)), str(caught.value)


# --- properties ----------------------------------------------------------------------------

PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2002:808:808::1",
          "64:ff9b::808:808"]  # fmt: skip
INTERNAL = sorted({a for a, _ in _edges()} | set(REFUSED_EMBEDDED) | set(HOSTILE_DNS.values()))
REFUSED_NETWORKS = [ipaddress.ip_network(net) for net, _ in REFUSED_RANGES]


def ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text.split("%", 1)[0])


def internal(text: str) -> bool:
    """The test's own judgement, from its tables: never from the code under test."""
    address = ip(text)
    return address in {ip(a) for a in INTERNAL} or any(
        address.version == net.version and address in net for net in REFUSED_NETWORKS
    )


hosts = st.one_of(
    st.sampled_from(["news.test", "metadata.test", "localhost", "127.1", "0x7f000001"]),
    st.sampled_from(PUBLIC + INTERNAL).map(lambda a: f"[{a}]" if ":" in a else a),
    st.sampled_from(["[::1", "::1]", "[", "]", "@", "a@b", "%", "%00", "\x00", "[v1.x]"]),
    st.text(max_size=12),
)
urls = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda scheme, sep, user, host, port, path: f"{scheme}{sep}{user}{host}{port}{path}",
        st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", "file", "", "h\ttp"]),
        st.sampled_from(["://", ":", "//", ":///", "\\\\", ":\\\\"]),
        st.sampled_from(["", "user@", "u:p@", "@", "a@b@"]),
        hosts,
        st.one_of(
            st.just(""),
            st.integers(-5, 100_000).map(lambda p: f":{p}"),
            st.text(max_size=6).map(lambda p: f":{p}"),
        ),
        st.text(max_size=20),
    ),
)
# Mostly well-formed: most of `urls` is refused for its scheme before any lookup.
http_urls = st.builds(
    lambda scheme, host, port, path: f"{scheme}://{host}{port}/{path}",
    st.sampled_from(["http", "https"]),
    st.one_of(st.sampled_from(["news.test", "metadata.test", "a.b.test"]), hosts),
    st.sampled_from(["", ":80", ":8080", ":0", ":65536", ":x"]),
    st.text(max_size=10),
)
locations = st.one_of(
    urls,
    http_urls,
    st.sampled_from(["//metadata.test/", "/a", "?q", "#f", "//[::1]/", "http://[::1"]),
)


# Half the answers all public (the fetch goes on), half with a non-public address among them.
dns_answers = st.one_of(
    st.lists(st.sampled_from(PUBLIC), min_size=1, max_size=3),
    st.lists(st.sampled_from(PUBLIC + INTERNAL), min_size=1, max_size=3),
)


@settings(max_examples=300, deadline=None, database=None)
@given(url=st.one_of(http_urls, http_urls, urls), data=st.data())
def test_any_url_and_redirect_under_the_checked_policy(url, data):
    """Whatever the URL, the DNS answers and the redirects: a document or a FetchError, and a
    request goes only to an address just checked and public, never after a non-public one."""
    events: list[tuple[str, list[str]]] = []

    async def resolve(host: str, port: int) -> list[str]:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if data.draw(st.integers(0, 9), label="resolves") > 0:
                answer = data.draw(dns_answers, label=f"dns {host!r}")
            else:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        else:
            answer = [host]
        events.append(("resolve", answer))
        return answer

    def answer(request: httpx.Request) -> httpx.Response:
        events.append(("send", [request.url.host]))
        if data.draw(st.integers(0, 2), label="redirects") > 0:
            location = data.draw(locations, label="Location")
            # What a server can put in a header: no line breaks or NULs; httpx would refuse.
            location = "".join(c for c in location if c not in "\r\n\x00")
            return httpx.Response(302, headers={"Location": location.encode("utf-8")})
        return httpx.Response(200, headers={"Content-Type": "text/plain"},
                              stream=httpx.ByteStream(b"Story."))  # fmt: skip

    try:
        mock = httpx.MockTransport(answer)
        outcome: object = asyncio.run(fetch_document(url, CHECKED, resolve=resolve, transport=mock))
    except FetchError as exc:
        outcome = exc
        assert "\n" not in str(exc) and "\r" not in str(exc)
    assert isinstance(outcome, FetchedDocument | FetchError)
    last_answer: list[str] = []
    for i, (kind, values) in enumerate(events):
        if kind == "resolve":
            last_answer = values
            if any(internal(v) for v in values):
                assert all(k != "send" for k, _ in events[i:]), events
                assert isinstance(outcome, FetchError)
        else:
            [host] = values
            assert not internal(host), events
            assert any(ip(host) == ip(a) for a in last_answer), events


@settings(max_examples=60, deadline=None, database=None)
@given(
    location=st.one_of(locations, st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF)))
)
def test_any_location_from_a_real_server_is_a_document_or_a_fetch_error(server, location):
    """Over a real connection to 127.0.0.1 (private URLs allowed, the guard refusing every
    other host before connecting), any Location a server sends ends in one of the two."""
    location = "".join(c for c in location if c.isprintable() and ord(c) <= 0xFF)
    outcome, _guard = open_fetch(redirect_to(server, location))
    assert isinstance(outcome, FetchedDocument | FetchError)
    if isinstance(outcome, FetchError):
        assert "\n" not in str(outcome) and len(str(outcome)) < 400


@settings(max_examples=80, deadline=None, database=None)
@given(url=urls)
def test_any_url_under_the_open_policy_is_a_document_or_a_fetch_error(url):
    outcome, _guard = open_fetch(url)
    assert isinstance(outcome, FetchedDocument | FetchError)


def test_an_international_name_goes_to_tls_and_host_in_its_ascii_form():
    """The pinned request carries the name for SNI and Host as DNS knows it (punycode)."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        stream = httpx.ByteStream(b"Story.")  # a stream, as a network transport returns
        return httpx.Response(200, headers={"Content-Type": "text/plain"}, stream=stream)

    async def public(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    doc = asyncio.run(
        fetch_document(
            "https://münchen.test/a",
            CHECKED,
            transport=httpx.MockTransport(answer),
            resolve=public,
        )
    )
    [request] = seen
    assert doc.data == b"Story." and request.url.host == "93.184.216.34"
    assert request.extensions["sni_hostname"] == "xn--mnchen-3ya.test"
    assert request.headers["Host"] == "xn--mnchen-3ya.test"

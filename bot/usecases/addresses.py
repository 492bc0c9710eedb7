"""Which IP addresses a fetch may connect to: global unicast only, judged by the special-
purpose registries by name and by any IPv4 address an IPv6 one carries.

The rule `bot.usecases.fetch` applies to every address a host resolves to, on every hop.
"""

from __future__ import annotations

import ipaddress

__all__ = ["non_public"]

# Special-purpose ranges (IANA registries, RFC 6890 and later) refused by name, so the rule
# does not hang on one Python version's is_global (3.11 calls 192.0.0.255, 224.0.0.0/4 and
# fec0::/10 global). is_global is applied too, as a second opinion that can only refuse more.
_REFUSED_V4 = tuple(ipaddress.IPv4Network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
    "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
))  # fmt: skip
_GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")  # everything else is special or unassigned
_REFUSED_V6 = tuple(ipaddress.IPv6Network(n) for n in (
    "2001::/23",  # IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID...
    "2001:db8::/32", "3fff::/20",  # documentation
))  # fmt: skip
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # well-known prefix: reaches the embedded IPv4
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # local-use (RFC 8215)
_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated IPv4-compatible, and :: and ::1


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (mapped, compatible, 6to4, NAT64, Teredo
    server and client): traffic to it can end up at them, so they are judged as well."""
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if int(address) <= 1:
        return []  # :: and ::1 are the unspecified and loopback addresses, not IPv4-compatible
    if address in _MAPPED or address in _COMPATIBLE or address in _NAT64:
        return [low32]
    if address in _NAT64_LOCAL:
        return [low32]  # the RFC 6052 /96 layout; refused whatever it holds
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)
    return []


def _public_v4(address: ipaddress.IPv4Address) -> bool:
    return address.is_global and not any(address in net for net in _REFUSED_V4)


def non_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be connected to (None: it is globally routable).

    Only global unicast is allowed: IPv4 outside the special-purpose ranges; IPv6 in 2000::/3
    outside the special ranges in it, or the NAT64 well-known prefix; and in either case every
    IPv4 address embedded in an IPv6 one must pass the IPv4 rule."""
    if isinstance(address, ipaddress.IPv4Address):
        return None if _public_v4(address) else str(address)
    shown = str(address)
    embedded = _embedded_ipv4(address)
    private = [str(v4) for v4 in embedded if not _public_v4(v4)]
    if private:
        return f"{shown}, which embeds {' and '.join(private)}"
    if address in _NAT64:
        return None  # translated to the embedded IPv4 address, just checked
    if (
        address not in _GLOBAL_UNICAST_V6
        or any(address in net for net in _REFUSED_V6)
        or not address.is_global
    ):
        return shown
    return None

"""The file boundary (`briefing ingest FILE`, a document sent to the bot): any bytes under any
name are stored as articles or refused with one line, never an exception (hypothesis)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.usecases.errors import BriefingError
from bot.usecases.service import BriefingService

PIECES = [b"<html>", b"<body>", b"<p>", b"</p>", b"<rss version='2.0'><channel>", b"<item>",
          b"<pubDate>Fri, 31 Dec 9999 23:59:59 +1400</pubDate>", b"<link>http://[::1</link>",
          b"<link>javascript:alert(1)</link>", b"<title>\xe2\x80\xae</title>", b"</item>",
          b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"&a;", b"<feed xmlns='http://www.w3.org/2005/Atom'>",
          b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\xed\xa0\x80", b"Caf\xe9 ", b"\x1f\x8b",
          b"The minister said on Tuesday that the talks would resume. ",
          b"<time datetime='0001-01-01T00:00:00+05:00'>", b"<div " + b"a=1 " * 200 + b">",
          b"<a href='http://h:99999/'>x</a>"]  # fmt: skip
DOCUMENTS = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=40)), max_size=40).map(b"".join),
)
NAMES = st.sampled_from(["a.txt", "a.html", "a.htm", "feed.xml", "a.rss", "a.atom", "a", "-",
                         "a.jsonl", "a.pdf", ".html", "a.TXT"])  # fmt: skip


@pytest.fixture(scope="module")
def service(new_service) -> BriefingService:
    return new_service("files")


@settings(max_examples=int(os.environ.get("BRIEFING_PROPERTY_EXAMPLES", "120")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(data=DOCUMENTS, name=NAMES)
def test_any_bytes_under_any_name_are_articles_or_one_reason(service, data, name):
    try:
        report = service.ingest_bytes(data, name=name)
    except BriefingError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for _label, reason in [*report.skipped, *report.notes]:
        assert reason and "\n" not in reason
    for result in report.results:
        stored = service.article(result.id)
        stored.text.encode("utf-8")  # no lone surrogate reached the archive
        assert "\u202e" not in stored.title
        if stored.url is not None:
            assert stored.url.startswith(("http://", "https://"))

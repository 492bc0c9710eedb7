"""The pure half of the ingestion boundary: URL syntax, text hygiene, legacy decoding, and
feed items whose dates or links are hostile (the item's bad field goes, the feed stays)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.documents import (
    PUBLISHED_YEARS,
    DocumentError,
    decode_document,
    draft_from_text,
    parse_document,
)
from summarizer.hygiene import BIDI_CONTROLS, BIDI_MARKS, one_line, scrub_inline, scrub_text
from summarizer.urls import UrlError, check_http_url, url_problem

STORY = "Naval drills began in the Baltic Sea on Monday, the alliance said in a statement."


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1", "not a valid URL"),
        ("http://example.org:99999/x", "port"),
        ("http://example.org:0/", "port"),
        ("http://example.org:http/", "port"),
        ("javascript:alert(1)", "not an http(s) URL"),
        ("mailto:desk@example.org", "not an http(s) URL"),
        ("data:text/html,<script>alert(1)</script>", "not an http(s) URL"),
        ("file:///etc/passwd", "not an http(s) URL"),
        ("https://user:secret@example.org/", "user name or password"),
        ("https://bank.example@evil.example/", "user name or password"),
        ("http:///path", "no host"),
        ("http://-bad-.example/", "invalid host"),
        ("http://999.1.1.1/", "invalid IPv4"),
        ("http://example.org/a\tb", "control"),  # urllib would silently drop the tab
        ("http://example.org/\u202egnp.exe", "invisible"),
        ("http://example.org/\ud800", "invisible"),
        ("http://example.org/" + "a" * 3000, "longer than"),
        ("", "empty"),
        (None, "not a string"),
    ],
)
def test_url_problem_names_what_is_wrong(url, reason):
    problem = url_problem(url)
    assert problem is not None and reason in problem
    with pytest.raises(UrlError, match=reason.split("(")[0]):
        check_http_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://example.org/story?id=1#top", "http://[::1]:8080/feed", "http://10.0.0.1/",
     "https://bücher.example/", "HTTPS://Example.ORG/Path", "http://example.org:/x"],
)  # fmt: skip
def test_real_urls_pass_and_are_only_trimmed(url):
    assert url_problem(url) is None
    assert check_http_url(f"  {url} ") == url


def test_hygiene_removes_surrogates_and_bidi_controls():
    hostile = "Evil\u202e\u2066txt.exe\u2069\u200f \ud800end"
    assert scrub_inline(hostile) == "Eviltxt.exe \ufffdend"
    # Body text keeps the implicit marks Arabic and Hebrew need, loses what opens a direction.
    assert scrub_text("\u05e9\u05dc\u05d5\u05dd 2024\u200f \u202bx\u202c\ud800") == (
        "\u05e9\u05dc\u05d5\u05dd 2024\u200f x\ufffd"
    )
    assert one_line("a\nb\x1b[31m\u202e" + "c" * 100, 10) == "a b [31m …"


def test_every_draft_is_valid_unicode_without_bidi_controls():
    draft = draft_from_text(
        f"{STORY} \ud800 \u202eReversed\u202c text.",
        title="Drills \u202eslaoh\u202c\u200e \udfff",
        source="Wire\u2067",
    )
    for value in (draft.title, draft.text, draft.source):
        assert value is not None
        value.encode("utf-8")  # no lone surrogate left
        assert not set(BIDI_CONTROLS) & set(value)
    assert not set(BIDI_MARKS) & set(draft.title)
    assert "\ufffd" in draft.text and draft.title == "Drills slaoh \ufffd"


@pytest.mark.parametrize(
    ("published", "reason"),
    [
        (datetime.fromisoformat("0001-01-01T00:00:00+05:00"), "year 1"),
        (datetime(9999, 12, 31, 23, 0, tzinfo=UTC), "year 9999"),
    ],
)
def test_an_explicit_date_out_of_range_is_refused_with_a_reason(published, reason):
    with pytest.raises(DocumentError, match=reason):
        draft_from_text(STORY, published=published)


@pytest.mark.parametrize("url", ["http://[::1", "javascript:alert(1)", "http://a.example:99999"])
def test_an_explicit_bad_url_is_refused_with_a_reason(url):
    with pytest.raises(DocumentError, match="URL"):
        draft_from_text(STORY, url=url)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café", "cp1252"),
        ("Le café est très bon à Paris. Nous avons mangé des crêpes.", "latin-1"),
        ("Café crème, naïve façade — “quoted” text.", "cp1252"),
        ("Zürich Straße Größe Übermaß", "cp1252"),
        ("El niño comió en la montaña. ¿Qué pasó? ¡Olé!", "cp1252"),
        ("Привет мир, это тест кодировки", "cp1251"),
        ("Zażółć gęślą jaźń — polski tekst", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy", "cp1250"),
        ("Καλημέρα κόσμε, αυτό είναι ένα τεστ", "cp1253"),
        ("日本語のテキストです。これはテストです。", "shift_jis"),
    ],
)
def test_legacy_encodings_are_read_without_mojibake(text, encoding):
    assert decode_document(text.encode(encoding)) == text


def test_valid_utf8_stays_utf8():
    # These bytes also read as cp1252 ("CafÃ©"); UTF-8 comes first.
    assert decode_document("Café crème".encode()) == "Café crème"


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def item(n: int, link: str | None = None, date: str | None = None) -> str:
    link_tag = f"<link><![CDATA[{link}]]></link>" if link is not None else ""
    date_tag = f"<pubDate>{date}</pubDate>" if date is not None else ""
    return f"<item><title>Story {n}</title>{link_tag}{date_tag}<description>{STORY} ({n})</description></item>"  # noqa: E501


def test_feed_items_lose_only_their_bad_date_or_link():
    good = item(9, "https://wire.example/9", "Mon, 06 Jan 2025 10:00:00 +0000")
    feed = rss(
        item(1, "https://wire.example/1", "Fri, 31 Dec 9999 23:59:59 -0500"),  # overflowed
        item(2, "https://wire.example/2", "Fri, 31 Dec 9999 23:59:59 +0000"),
        item(3, "http://wire.example:99999/3"),
        item(4, "http://[::1"),
        item(5, "javascript:alert(document.cookie)"),
        item(6, "mailto:desk@wire.example"),
        item(7, "data:text/html,<b>x</b>"),
        good,
    )
    parsed = parse_document(feed)
    by_title = {a.title: a for a in parsed.articles}
    assert len(by_title) == 8 and parsed.skipped == []
    assert by_title["Story 1"].published_on is None and by_title["Story 2"].published_at is None
    assert by_title["Story 1"].url == "https://wire.example/1"
    for n in (3, 4, 5, 6, 7):
        assert by_title[f"Story {n}"].url is None
    assert by_title["Story 9"].url == "https://wire.example/9"
    assert by_title["Story 9"].published_at == datetime(2025, 1, 6, 10, tzinfo=UTC)
    notes = dict(parsed.notes)
    assert "year 9999" in notes["Story 1"] and "year 9999" in notes["Story 2"]
    assert "port" in notes["Story 3"] and "not a valid URL" in notes["Story 4"]
    assert all("not an http(s) URL" in notes[f"Story {n}"] for n in (5, 6, 7))


# -- properties -------------------------------------------------------------------------------

hostile_dates = st.sampled_from(
    ["Fri, 31 Dec 9999 23:59:59 -0500", "Mon, 01 Jan 0001 00:00:00 +0500", "Mon, 01 Jan 99999",
     "2024-13-45T99:99:99Z", "Tue, 10 Jun 2003 04:00:00 +2500", "1e308", "", "0000-00-00",
     "Sat, 01 Jan 2000 00:00:00 GMT", "-0001-01-01T00:00:00Z"]
) | st.text(max_size=30)  # fmt: skip
hostile_links = st.sampled_from(
    ["http://[::1", "http://a.example:99999/", "javascript:alert(1)", "data:,x", "mailto:x@y",
     "http://u:p@a.example/", "//no-scheme.example/x", "/relative/path", "http://a.example/ok"]
) | st.text(max_size=30)  # fmt: skip


def _xml_safe(text: str) -> str:
    kept = (ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cs"} or ch in "\t\n")
    return "".join(kept).replace("]]>", "")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(hostile_links, hostile_dates), min_size=1, max_size=5))
def test_hostile_feed_items_never_cost_the_good_ones(hostile):
    good = item(0, "https://wire.example/good", "Mon, 06 Jan 2025 10:00:00 +0000")
    items = [item(n, _xml_safe(link), _xml_safe(date)) for n, (link, date) in enumerate(hostile, 1)]
    parsed = parse_document(rss(*items, good))
    titles = {a.title for a in parsed.articles}
    assert "Story 0" in titles
    assert titles | {label for label, _ in parsed.skipped} >= {f"Story {n}" for n in range(1, 6)
                                                               if n <= len(hostile)}  # fmt: skip
    for article in parsed.articles:
        assert article.url is None or url_problem(article.url) is None
        for value in (article.published_at, article.published_on):
            assert value is None or value.year in PUBLISHED_YEARS
        if article.published_at is not None:
            assert article.published_at.utcoffset() is not None

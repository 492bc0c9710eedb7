from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from summarizer.documents import (
    BinaryDocument,
    EmptyDocument,
    MalformedDocument,
    NoArticleText,
    UndecodableDocument,
    decode_document,
    draft_from_text,
    html_to_text,
    parse_document,
    sniff_format,
)
from tests.conftest import FIXTURES


def test_html_article_is_extracted_without_page_furniture():
    parsed = parse_document((FIXTURES / "article.html").read_bytes(), name="article.html")
    assert parsed.format == "html"
    [article] = parsed.articles
    assert article.title == "Coast guard ships collide near disputed shoal"
    assert article.published_on == date(2026, 11, 21)
    assert article.published_at == datetime(2026, 11, 21, 1, 30, tzinfo=UTC)
    assert article.dateline == "MANILA, Philippines"
    assert article.text.startswith("A Chinese coast guard vessel collided")
    assert article.language == "en"
    for junk in ("Subscribe", "Advertisement", "All rights reserved", "Photo Credit", "tracking"):
        assert junk not in article.text
    assert "Related stories" not in article.text


def test_rss_feed_items_become_articles_and_textless_items_are_skipped():
    parsed = parse_document((FIXTURES / "feed.rss").read_bytes())
    assert parsed.format == "feed"
    assert [a.title for a in parsed.articles] == [
        "Naval drills begin in the Baltic Sea",
        "Militants attack army post in the Sahel",
    ]
    baltic, sahel = parsed.articles
    assert baltic.source == "Example Wire: Security"
    assert baltic.text.split("\n") == [
        "NATO navies began a two-week exercise in the Baltic Sea on Monday, with more than 30 "
        "ships and 4,000 personnel from 14 allied countries taking part, the alliance said.",
        "The drills include mine-clearing and air-defence training.",
    ]
    # The item's own zone keeps its local date; the instant is stored in UTC.
    assert sahel.published_on == date(2026, 11, 22)
    assert sahel.published_at == datetime(2026, 11, 22, 18, 45, tzinfo=timezone(timedelta(hours=1)))
    assert parsed.skipped == [
        ("Headline with no body", "has no article text left after removing page furniture")
    ]


def test_atom_feed():
    parsed = parse_document((FIXTURES / "feed.atom").read_bytes(), name="monitor.atom")
    [entry] = parsed.articles
    assert entry.url == "https://monitor.example.net/iaea-return"
    assert entry.published_on == date(2026, 11, 24)
    assert entry.published_at is not None
    assert entry.published_at.astimezone(UTC) == datetime(2026, 11, 24, 7, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyDocument, "is empty"),
        (b"  \n\t ", EmptyDocument, "is empty"),
        (b"%PDF-1.7 binary", BinaryDocument, "is a PDF file"),
        (b"\x89PNG\r\n\x1a\n....", BinaryDocument, "PNG"),
        (b"abc\x00def" * 10, BinaryDocument, "NUL bytes"),
        (bytes(range(1, 32)) * 50, BinaryDocument, "control characters"),
    ],
)
def test_unusable_bytes_are_refused_with_a_reason(data, error, message):
    with pytest.raises(error, match=message):
        decode_document(data)


def test_legacy_and_utf16_encodings_are_decoded():
    text = "Le ministre français a annoncé la livraison de canons Caesar à l'Ukraine."
    assert decode_document(text.encode("cp1252")) == text
    assert decode_document(text.encode("utf-16")) == text
    assert decode_document(b"\xef\xbb\xbf" + text.encode()) == text


def test_undecodable_utf16_is_reported():
    with pytest.raises(UndecodableDocument):
        decode_document(b"\xff\xfe" + b"\x00\xd8" * 3)


def test_non_english_text_gets_its_language():
    draft = draft_from_text(
        "Bundesverteidigungsminister kündigt neue Luftverteidigung an\n\n"
        "Die Bundesregierung will bis zum Jahresende zwei weitere Patriot-Systeme an die "
        "Ukraine liefern, teilte das Verteidigungsministerium am Mittwoch in Berlin mit."
    )
    assert draft.language == "de"
    assert draft.title == "Bundesverteidigungsminister kündigt neue Luftverteidigung an"


def test_text_without_title_gets_one_from_its_first_sentence():
    draft = draft_from_text(
        "North Korea fired a short-range ballistic missile into the sea on Monday, Seoul said. "
        "It was the third launch this month."
    )
    assert (
        draft.title
        == "North Korea fired a short-range ballistic missile into the sea on Monday, Seoul said"
    )


def test_explicit_metadata_wins_and_repeated_title_is_dropped():
    draft = draft_from_text(
        "Drills end\nThe exercise ended on Friday after ten days, the ministry said.",
        title="Drills end",
        published=date(2026, 1, 9),
        url="https://example.org/x",
        source="Wire",
    )
    assert draft.title == "Drills end"
    assert draft.text.startswith("The exercise ended")
    assert draft.published_on == date(2026, 1, 9)
    assert (draft.url, draft.source) == ("https://example.org/x", "Wire")


def test_only_furniture_is_no_article():
    with pytest.raises(NoArticleText):
        parse_document(b"Advertisement\nSubscribe to our newsletter\nAP\n")


def test_malformed_feed_and_non_feed_xml():
    with pytest.raises(MalformedDocument, match="RSS/Atom"):
        parse_document(b"<?xml version='1.0'?><rss><channel><item><title>x</ti", name="x.rss")
    with pytest.raises(MalformedDocument, match="not an RSS or Atom feed"):
        parse_document(b"<?xml version='1.0'?><urlset><url>https://a</url></urlset>")


@pytest.mark.parametrize(
    ("text", "name", "ctype", "expected"),
    [
        ("<html><body><p>x</p></body></html>", None, None, "html"),
        ("<?xml version='1.0'?><rss version='2.0'>", None, None, "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom">', None, None, "feed"),
        ("plain words", None, None, "text"),
        ("<p>x</p>", "page.txt", None, "text"),
        ("plain", None, "text/html; charset=utf-8", "html"),
        ("<rss>", None, "application/rss+xml", "feed"),
        ("<?xml version='1.0'?><rss>", "feed.txt", "text/plain", "feed"),
        ("anything", "story.html", None, "html"),
    ],
)
def test_sniff_format(text, name, ctype, expected):
    assert sniff_format(text, name=name, content_type=ctype) == expected


def test_html_to_text_keeps_blocks_and_drops_scripts():
    html = "<div><h2>Title</h2><p>One <b>two</b>.</p><script>alert(1)</script><p>Three</p></div>"
    assert html_to_text(html) == "Title\nOne two.\nThree"
    assert html_to_text("") == ""

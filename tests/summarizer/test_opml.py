"""OPML reading and writing: the exports of real feed readers, hostile files, round trips."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.etree
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from summarizer.opml import OpmlError, OpmlFeed, parse_opml, write_opml
from tests.conftest import FIXTURES
from tests.summarizer.test_documents import EXTERNAL_ENTITIES, laughs

OPML = FIXTURES / "opml"


def opml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}\n<opml version="2.0"><head>'
        f"<title>t</title></head><body>{body}</body></opml>"
    ).encode()


def test_a_feedly_export_keeps_categories_and_lists_a_feed_once_per_category():
    feeds = parse_opml((OPML / "feedly.opml").read_bytes())
    assert [(f.folder, f.title) for f in feeds] == [
        ("Defence", "Defense News"),
        ("Defence", "Breaking Defense"),
        ("Defence", "War on the Rocks"),
        ("Asia & Pacific", "The Diplomat"),
        ("Asia & Pacific", "38 North"),
        ("Asia & Pacific", "War on the Rocks"),  # the reader's own duplicate: reported later
    ]
    assert feeds[0] == OpmlFeed(
        url="https://www.defensenews.com/arc/outboundfeeds/rss/?outputType=xml",
        title="Defense News",
        html_url="https://www.defensenews.com",
        folder="Defence",
    )


def test_an_inoreader_export_with_nested_folders_and_a_feed_outside_any():
    feeds = parse_opml((OPML / "inoreader.opml").read_bytes())
    assert [(f.folder, f.title, f.url) for f in feeds] == [
        ("Think tanks", "RUSI", "https://www.rusi.org/rss.xml"),
        ("Think tanks", "IISS Analysis", "https://www.iiss.org/rss/analysis?lang=en&type=all"),
        ("Think tanks / Long reads", "CSIS", "https://www.csis.org/analysis/feed"),
        (None, "Bellingcat", "https://www.bellingcat.com/feed/"),
    ]


def test_a_miniflux_export_without_type_attributes_and_with_go_escapes():
    feeds = parse_opml((OPML / "miniflux.opml").read_bytes())
    assert [f.title for f in feeds] == [
        'Janes "Defence" news',
        "Naval News",
        "Kyiv Independent",
        "ISW",
    ]
    assert {f.folder for f in feeds} == {"All", "Ukraine"}
    assert feeds[-1].html_url is None  # not every feed knows its site


def test_a_netnewswire_export_with_its_comment_and_extra_attributes():
    feeds = parse_opml((OPML / "netnewswire.opml").read_bytes())
    assert [(f.folder, f.title) for f in feeds] == [
        (None, "NetNewsWire News"),
        ("Europe", "Le Monde – Défense"),
        ("Europe", "Oryx"),
    ]
    assert feeds[2].url == "https://www.oryxspioenkop.com/feeds/posts/default"


def test_attribute_case_missing_types_and_outlines_that_are_not_feeds():
    feeds = parse_opml((OPML / "mixed.opml").read_bytes())
    assert [f.url for f in feeds] == [
        "https://lower.example.org/rss",  # xmlurl
        "https://upper.example.org/rss",  # XMLURL
        "https://atom.example.org/atom.xml",
        "https://deep.example.org/feed",  # spaces around it dropped
        "gopher://old.example.org/feed",  # checking URLs is the caller's business
        "javascript:alert(1)",
        "",  # says it is a feed, names none: returned for the caller to report
        "https://lower.example.org/rss",
    ]
    assert feeds[3].folder == "Wire / Deep / Deeper"
    titles = [f.title for f in feeds]
    assert "Not a feed, a bookmark" not in titles and "Empty folder" not in titles


def test_names_fall_back_from_text_to_title_to_nothing():
    feeds = parse_opml(
        opml(
            '<outline title="Only title" xmlUrl="https://a.example/rss"/>'
            '<outline text="  spread \n out  " title="x" xmlUrl="https://b.example/rss"/>'
            '<outline xmlUrl="https://c.example/rss"/>'
        )
    )
    assert [f.title for f in feeds] == ["Only title", "spread out", None]


def test_an_empty_subscription_list_is_not_an_error():
    assert parse_opml(opml("")) == []


@pytest.mark.parametrize("encoding", ["iso-8859-1", "windows-1252", "utf-16"])
def test_the_declared_encoding_is_read(encoding):
    text = opml('<outline text="Défense &amp; sécurité" xmlUrl="https://x.example/flux"/>')
    data = text.decode().replace('encoding="UTF-8"', f'encoding="{encoding}"').encode(encoding)
    [feed] = parse_opml(data)
    assert feed.title == "Défense & sécurité"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"%PDF-1.7 ...", "is a PDF file"),
        (b"\x00\x01\x02" * 50, "looks binary"),
        (b"<opml><body><outline", "is not well-formed XML"),
        (b"just some text", "is not well-formed XML"),
        (b'<rss version="2.0"><channel/></rss>', "root element is <rss>, not <opml>"),
        (b"<opml><head/></opml>", "without a <body>"),
    ],
)
def test_files_that_are_not_opml_get_one_reason(data, reason):
    with pytest.raises(OpmlError, match=reason) as refused:
        parse_opml(data)
    assert "\n" not in str(refused.value)


def test_the_billion_laughs_is_refused_like_in_a_feed():
    data = opml('<outline text="&lol9;" xmlUrl="https://x.example/rss"/>',
                f"<!DOCTYPE opml [\n{laughs()}\n]>")  # fmt: skip
    with pytest.raises(OpmlError, match="declares the XML entity 'lol0'; OPML files may only"):
        parse_opml(data)


def test_one_large_entity_used_many_times_is_refused():
    prolog = f'<!DOCTYPE opml [\n<!ENTITY a "{"A" * 3000}">\n]>'
    data = opml('<outline text="' + "&a;" * 3000 + '" xmlUrl="https://x.example/rss"/>', prolog)
    with pytest.raises(OpmlError, match="declares the XML entity 'a'"):
        parse_opml(data)


@EXTERNAL_ENTITIES
def test_external_entities_are_refused_and_never_read(tmp_path, declaration):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a9c")
    prolog = f"<!DOCTYPE opml [\n{declaration.format(url=secret.as_uri())}\n]>"
    data = opml('<outline text="&xxe;" xmlUrl="https://x.example/rss"/>', prolog)
    with pytest.raises(OpmlError, match="declares the XML entity 'xxe'") as refused:
        parse_opml(data)
    assert "TOP-SECRET" not in str(refused.value)


def test_one_character_entities_are_still_accepted():
    prolog = '<!DOCTYPE opml [\n<!ENTITY nbsp "&#160;">\n]>'
    [feed] = parse_opml(opml('<outline text="Naval&nbsp;News" xmlUrl="https://n.example/"/>',
                             prolog))  # fmt: skip
    assert feed.title == "Naval News"


def test_outlines_nested_past_the_parser_limit_are_one_error():
    deep = '<outline text="f">' * 5000 + "</outline>" * 5000
    with pytest.raises(OpmlError, match="nests outlines too deeply"):
        parse_opml(opml(deep))


def test_many_outlines_within_the_size_limit_are_read():
    body = "".join(f'<outline text="Feed {n}" xmlUrl="https://f.example/{n}"/>'
                   for n in range(20_000))  # fmt: skip
    feeds = parse_opml(opml(body))
    assert len(feeds) == 20_000 and feeds[-1].url == "https://f.example/19999"


def test_the_writer_makes_opml_2_that_readers_import():
    feeds = [
        OpmlFeed("https://www.navalnews.com/feed/?a=1&b=2", 'Naval "News" <daily> & more'),
        OpmlFeed("https://kyivindependent.com/feed/", None, "https://kyivindependent.com/"),
    ]
    created = datetime(2024, 6, 3, 9, 12, 44, tzinfo=UTC)
    data = write_opml(feeds, title="Briefing feeds", created=created)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    root = lxml.etree.fromstring(data)
    assert root.findtext("head/title") == "Briefing feeds"
    assert root.findtext("head/dateCreated") == "Mon, 03 Jun 2024 09:12:44 GMT"
    first, second = root.findall("body/outline")
    assert dict(first.attrib) == {
        "type": "rss",
        "text": 'Naval "News" <daily> & more',
        "title": 'Naval "News" <daily> & more',
        "xmlUrl": "https://www.navalnews.com/feed/?a=1&b=2",
    }
    assert dict(second.attrib) == {
        "type": "rss",
        "text": "https://kyivindependent.com/feed/",  # no name: readers need some text
        "title": "https://kyivindependent.com/feed/",
        "xmlUrl": "https://kyivindependent.com/feed/",
        "htmlUrl": "https://kyivindependent.com/",
    }
    assert [f.url for f in parse_opml(data)] == [f.url for f in feeds]


def test_the_writer_drops_what_xml_cannot_carry():
    data = write_opml([OpmlFeed("https://x.example/rss", "bell\x07 and \x00nul\ufffe")],
                      title="t\x1b")  # fmt: skip
    [feed] = parse_opml(data)
    assert feed.title == "bell and nul"


_FRAGMENTS = st.sampled_from(
    [
        "<opml>", "</opml>", "<body>", "</body>", "<head>", "<outline ", "<outline>",
        "</outline>", 'xmlUrl="', 'XMLURL="', 'type="rss" ', 'text="', '"', "/>", ">",
        "https://x.example/rss", "&amp;", "&#0;", "&#x1F;", "&nosuch;", "<!DOCTYPE opml [",
        '<!ENTITY a "aaaa">', '<!ENTITY b "&#160;">', '<!ENTITY % p SYSTEM "file:///etc/passwd">',
        "&a;", "&b;", "]>", "<!--", "-->", "<![CDATA[", "]]>", '<?xml version="1.0"?>',
        "<?xml version='1.0' encoding='utf-16'?>", "<?xml version='1.0' encoding='nope'?>",
        "\ufeff", "\x00", "\ud800",
    ]
)  # fmt: skip


def _encoded(parts: list[str], encoding: str) -> bytes:
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    return "".join(parts).encode(encoding, errors)


# Bytes that look like OPML often enough to reach the parser, not only the decoder.
_OPMLISH = st.builds(
    _encoded,
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=8)), max_size=40),
    st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1251"]),
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=2000), _OPMLISH))
@example(b'<opml><body><outline xmlUrl="x"/></body></opml>')
@example(_encoded(["<opml><body><outline text='\ud800' xmlUrl='x'/></body></opml>"], "utf-8"))
def test_any_bytes_give_feeds_or_one_opml_error(data):
    try:
        feeds = parse_opml(data)
    except OpmlError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert all(isinstance(f, OpmlFeed) and isinstance(f.url, str) for f in feeds)


_URLS = st.builds(
    "https://{}.example/{}".format,
    st.text("abcdefghij", min_size=1, max_size=10),
    st.text("abc/?=&%#;", max_size=20),
)


_NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_URLS, st.none() | _NAMES), max_size=10), st.text())
def test_what_is_written_reads_back(pairs, title):
    feeds = [OpmlFeed(url, name) for url, name in pairs]
    read = parse_opml(write_opml(feeds, title=title))
    assert [f.url for f in read] == [url for url, _ in pairs]
    for feed, (url, name) in zip(read, pairs, strict=True):
        expected = " ".join((name or "").split())
        assert feed.title == expected or (feed.title == url and not expected.strip())

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.render import (
    MAX_MESSAGE,
    card_html,
    escape,
    snippet_html,
    split_html,
    telegram_html_to_plain,
)
from storage import StoredFact
from storage.search import HIGHLIGHT_END, HIGHLIGHT_START

ALLOWED = {"b", "i", "a", "code", "pre", "u", "s"}


class _Checker(HTMLParser):
    """Fails on tags that do not nest; collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag in ALLOWED, tag
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def well_formed(part: str) -> str:
    checker = _Checker()
    checker.feed(part)
    checker.close()
    assert checker.stack == []
    assert not re.search(r"&(?!(?:#\d+|#x[0-9a-f]+|[a-z]+);)", part, re.IGNORECASE)
    return "".join(checker.text)


def test_escape_and_snippets():
    assert (
        escape('<script>alert("x") & co</script>')
        == '&lt;script&gt;alert("x") &amp; co&lt;/script&gt;'
    )
    assert (
        snippet_html(f"a <b> {HIGHLIGHT_START}Kim{HIGHLIGHT_END} & co")
        == "a &lt;b&gt; <b>Kim</b> &amp; co"
    )


def test_card_escapes_article_text_and_shows_facts():
    facts = [
        StoredFact("date", "2023-12-27", None, "Wednesday", ["Wednesday"], 1, "s"),
        StoredFact("actor", "Kim Jong Un", "person", None, ["Mr. Kim"], 4, "s"),
        StoredFact("weapon", "Hwasong-18", "ICBM", None, ["Hwasong-18"], 1, "s"),
    ]
    html = card_html(
        "A <title> & more", ["One <b>bold</b> claim."], facts, url="https://example.org/?a=1&b=2"
    )
    well_formed(html)
    text = telegram_html_to_plain(html)
    assert "A <title> & more" in text
    assert "One <b>bold</b> claim." in text
    assert "When: 2023-12-27 (Wednesday)" in text
    assert "Who: Kim Jong Un" in text
    assert "Weapons: Hwasong-18 (ICBM)" in text
    assert 'href="https://example.org/?a=1&amp;b=2"' in html


def test_long_messages_split_without_breaking_tags():
    paragraph = (
        "<b>Bold start</b> " + escape("word & <word> ") * 200 + "<i>italic " * 3 + "x" + "</i>" * 3
    )
    text = "\n".join([paragraph] * 20)
    parts = split_html(text)
    assert len(parts) > 1
    assert all(len(p) <= MAX_MESSAGE for p in parts)
    joined = "".join(well_formed(p) for p in parts)
    assert joined.replace("\n", "").replace(" ", "") == well_formed(text).replace("\n", "").replace(
        " ", ""
    )


def test_a_blob_without_spaces_is_still_split():
    parts = split_html("<b>" + "x" * 10_000 + "</b>")
    assert all(len(p) <= MAX_MESSAGE for p in parts)
    assert sum(len(well_formed(p)) for p in parts) == 10_000


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["b", "i", "code", None]), st.text(max_size=400)), max_size=40
    ),
    st.integers(min_value=200, max_value=MAX_MESSAGE),
)
def test_any_escaped_content_splits_into_valid_parts(pieces, limit):
    text = "".join(
        f"<{tag}>{escape(body)}</{tag}>" if tag else escape(body) for tag, body in pieces
    )
    parts = split_html(text, limit)
    for part in parts:
        assert len(part) <= limit
        well_formed(part)
    # Parts are separate messages, so the whitespace at a cut is dropped: compare the
    # visible characters, which must all survive, in order, exactly once.
    visible = "".join(well_formed(text).split())
    assert "".join("".join(well_formed(p) for p in parts).split()) == visible


# Article text heavy in what HTML and Telegram care about, markup-looking pieces included.
_ARTICLE_TEXT = st.lists(
    st.sampled_from([*"ab <>&\"'/;#=xé\u00a0\n", "</b>", "<a href=", "&amp;", "word "]),
    max_size=120,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(
    title=_ARTICLE_TEXT,
    summary=st.lists(_ARTICLE_TEXT, max_size=12),
    names=st.lists(_ARTICLE_TEXT, max_size=6),
    url=st.one_of(st.none(), st.text(max_size=80).map(lambda s: "https://e.org/?" + s)),
    source=st.one_of(st.none(), _ARTICLE_TEXT),
)
def test_any_article_renders_as_valid_messages_that_show_its_text(
    title, summary, names, url, source
):
    """Whatever an article holds, its card is valid Telegram HTML in parts under 4,096
    characters, and what the article said is shown as text, never taken as markup."""
    facts = [StoredFact("actor", name, "person", None, [name], 1, name) for name in names]
    parts = split_html(card_html(title, summary, facts, url=url, source=source))
    assert all(len(part) <= MAX_MESSAGE for part in parts)
    shown = "".join("".join(well_formed(part).split()) for part in parts)
    for sentence in [title, *summary]:
        assert "".join(sentence.split()) in shown

from __future__ import annotations

from datetime import date

import lxml.html
import pytest

from summarizer.clean import clean_scraped_text, merge_extractions
from summarizer.documents import html_to_text, parse_document
from summarizer.html_limits import (
    MAX_ATTRIBUTE_VALUE_CHARS,
    MAX_ATTRIBUTES_PER_ELEMENT,
    MAX_DEPTH,
    HtmlBounds,
    bound_html,
)
from tests.conftest import FIXTURES

STORY = (
    "The harbour authority said on Monday that the new ferry terminal would open in spring, "
    "after two years of delays caused by flooding and a dispute with the main contractor."
)


def page(junk: str, head: str = "") -> str:
    return (
        f"<!doctype html><html><head><title>Ferry terminal to open</title>{head}</head><body>"
        f"{junk}<article><h1>Ferry terminal to open</h1><p>{STORY}</p><p>{STORY} Again.</p>"
        "</article></body></html>"
    )


def many_attributes(count: int) -> str:
    return "<div " + " ".join(f'a{i}="{i}"' for i in range(count)) + ">x</div>"


def deep(levels: int) -> str:
    return "<div>" * levels + "deep" + "</div>" * levels


def max_attributes_and_depth(html: str) -> tuple[int, int]:
    root = lxml.html.fromstring(html)
    widest = max(len(e.attrib) for e in root.iter())
    deepest = max(sum(1 for _ in e.iterancestors()) for e in root.iter())
    return widest, deepest


@pytest.mark.parametrize(
    "junk",
    [many_attributes(50_000), deep(5_000), '<span a="1995">w</span>' * 3_000],
    ids=["one element, 50,000 attributes", "nested 5,000 deep", "many elements"],
)
def test_hostile_page_keeps_its_text_and_gets_no_invented_date(junk):
    [article] = parse_document(page(junk).encode(), name="page.html").articles
    assert STORY in article.text
    assert article.published_on is None
    assert article.published_at is None


def test_a_date_the_markup_states_is_still_taken():
    head = '<meta property="article:published_time" content="2024-03-05T08:00:00+00:00">'
    [article] = parse_document(page(many_attributes(20_000), head).encode()).articles
    assert article.published_on == date(2024, 3, 5)


def test_bounds_hold_after_the_pre_pass():
    stats = HtmlBounds()
    junk = many_attributes(10_000) + deep(1_000) + f'<a href="{"x" * 100_000}">link</a>'
    bounded = bound_html(page(junk), stats)
    widest, deepest = max_attributes_and_depth(bounded)
    assert widest <= MAX_ATTRIBUTES_PER_ELEMENT
    assert deepest < 2 * MAX_DEPTH + 10
    assert stats.attributes_dropped == 10_000 - MAX_ATTRIBUTES_PER_ELEMENT
    assert stats.values_truncated == 1
    assert len(bounded) < len(page(junk)) - 100_000 + 2 * MAX_ATTRIBUTE_VALUE_CHARS
    assert "deep" in html_to_text(bounded) and STORY in html_to_text(bounded)


def test_work_grows_linearly_with_attributes():
    """Doubling the attributes doubles what survives the pre-pass at most (here: nothing)."""
    sizes = [len(bound_html(many_attributes(n))) for n in (20_000, 40_000)]
    assert sizes[0] == sizes[1]


def test_ordinary_pages_pass_through_unchanged():
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    assert bound_html(html) == html
    scripted = "<script>if (a<b && c>d) { x = '<div>'; }</script><p>text</p>"
    assert bound_html(scripted) == scripted


def test_duplicate_attributes_keep_the_first_as_html_does():
    tag = "<p " + 'class="one" ' + " ".join(f"d{i}=1" for i in range(100)) + ' class="two">'
    bounded = bound_html(tag + "x</p>")
    assert 'class="one"' in bounded and "two" not in bounded


def test_a_precise_extraction_that_lost_the_story_gives_way_to_the_broad_one():
    story = "\n".join(
        f"Paragraph {i} of the story says something new about the port." for i in range(8)
    )
    notice = "This article may be reprinted with permission of the publisher only."
    assert merge_extractions(notice, f"{story}\n{notice}") == f"{story}\n{notice}"


def test_paragraphs_between_kept_ones_are_restored_and_furniture_around_is_not():
    body = [
        f"Body paragraph {i} tells the reader what the council decided and why." for i in range(4)
    ]
    broad = ["Sign up for our newsletter", body[0], "Heading in between", *body[1:], "More stories"]
    precise = "\n".join(body)
    merged = merge_extractions(precise, "\n".join(broad)).split("\n")
    assert merged == [body[0], "Heading in between", *body[1:]]


def test_teasers_of_other_stories_are_dropped():
    text = f"{STORY}\nThe good folks at the choir are still doing their thing, and now [&hellip;]"
    assert clean_scraped_text(text, detect_title=False).text == STORY


def test_shipped_pages_keep_their_bodies():
    """Over the labelled real pages: recall within 2 points of trafilatura's, no page under half."""
    from bench.clean import Score, briefing_text, load_pages, trafilatura_text

    ours, theirs = Score(), Score()
    for labelled in load_pages():
        kept = ours.add(briefing_text(labelled["html"], labelled["url"]), labelled["body"])
        theirs.add(trafilatura_text(labelled["html"], labelled["url"]), labelled["body"])
        assert kept >= 0.5, labelled["site"]
    assert ours.recall >= theirs.recall - 0.02
    assert ours.precision >= theirs.precision

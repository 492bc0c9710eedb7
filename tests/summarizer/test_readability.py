"""Whether a summary sentence stands alone, and the default ranker's choices for it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.rank import summarize
from summarizer.readability import (
    is_half_quotation,
    leans_back,
    quote_units,
    readability,
)

EARLIER = ["Taiwan's Ministry of National Defense said China sent 74 aircraft and ships."]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("She was sentenced to a year in jail.", "pronoun"),
        ("They practiced together for the first time this week.", "pronoun"),
        ("Her lawsuit never got that far.", "pronoun"),
        ("He'd deployed to Iraq twice.", "pronoun"),
        ("That's what police officers described on Monday.", "pronoun"),
        ("I wanted to speak to them about their tour.", "pronoun"),
        ("We're truly international in scope.", "pronoun"),
        ("“This is a stern warning,” the command said.", "pronoun"),
        ("But the talks collapsed on Friday.", "connective"),
        ("However, officials denied it.", "connective"),
        ("Separately, the ministry sent a letter.", "connective"),
        ("Russia also fired 51 missiles.", "connective"),
        ("Days later, the convoy was hit again.", "connective"),
        ("The ministry said it had detected 74 aircraft.", "reference"),
    ],
)
def test_sentences_that_lean_on_the_one_before(sentence, kind):
    assert leans_back(sentence, EARLIER) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea fired two ballistic missiles on Thursday.",
        "This week, Google's finance chief announced his retirement.",
        "It is unclear whether the strike hit the depot.",
        "It's unclear when the statue reached the Netherlands.",
        "US forces struck two depots on Friday.",
        # a quotation names its speaker
        '"We will not ship snow to the northeast," the company said.',
        "Both Evans and Cisse released statements.",
        "So far, no group has claimed the attack.",
        "The United States condemned the launch.",
        "The ministry of defence said the drills would end on Sunday.",
        # a definite noun nothing before it mentioned is not a back-reference
        "The coast guard said three boats were damaged.",
    ],
)
def test_sentences_that_stand_alone(sentence):
    assert leans_back(sentence, EARLIER) is None


def test_a_definite_reference_needs_an_earlier_mention():
    sentence = "The missiles flew about 600 kilometres."
    assert leans_back(sentence, ["North Korea fired two missiles."]) == "reference"
    assert leans_back(sentence, ["Seoul said on Thursday."]) is None
    assert leans_back(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "half"),
    [
        ('"Every month it gets harder.', True),
        ('Our boats are small," said Leonardo Cabrera.', True),
        ("“We will respond,” he said.", False),
        ("He said “no", True),
        ('He called it "insane" on Friday.', False),
        ("No quotation at all.", False),
    ],
)
def test_half_quotations(sentence, half):
    assert is_half_quotation(sentence) is half


def test_a_quotation_cut_by_the_splitter_is_one_unit():
    sentences = [
        "Fishermen say it is getting worse.",
        '"Every month it gets harder.',
        "Our boats are small.",
        'Theirs are the size of buildings," said Leonardo Cabrera.',
        "The coast guard did not comment.",
    ]
    assert quote_units(sentences) == [(0, 1), (1, 4), (4, 5)]
    # a quotation that never closes leaves its sentences alone
    assert quote_units(['"One.', "Two.", "Three."], longest=2) == [(0, 1), (1, 2), (2, 3)]


def test_readability_counts_what_a_reader_meets():
    article = [
        "North Korea fired a missile on Thursday, Seoul said.",
        "It flew 600 kilometres before landing in the sea.",
        '"We are watching closely.',
        'Our readiness is full," the JCS said.',
        "Japan protested.",
    ]
    detached = readability(article, [article[0], article[1]])
    assert (detached.detached, detached.half_quotations, detached.short) == (0, 0, 0)
    lonely = readability(article, [article[1], article[2], article[4]])
    assert (lonely.detached, lonely.half_quotations, lonely.short) == (1, 1, 2)
    whole = readability(article, [f"{article[2]} {article[3]}"])
    assert (whole.detached, whole.half_quotations) == (0, 0)
    total = detached + lonely
    assert total.summaries == 2
    assert total.per_100()["detached_per_100"] == 50.0


def test_the_taiwan_sample_keeps_its_lead():
    """The issue's example: the summary opened with "The ministry said..." then "It also..."."""
    from importlib import resources

    from summarizer.documents import draft_from_text

    raw = (resources.files("bot") / "samples" / "04-pla-drills-around-taiwan.txt").read_text()
    body = draft_from_text(raw).text
    summary = summarize(body, sentences=2).sentences
    assert summary[0].startswith("China's military sent dozens of fighter jets")
    assert not any(s.startswith(("It also", "The ministry")) for s in summary[1:])


def test_a_leaning_sentence_brings_its_antecedent_or_gives_way():
    text = "\n".join(
        [
            "Officials in Manila gave few details on Monday.",
            "Chinese coast guard ships fired water cannon at two Philippine vessels near "
            "Scarborough Shoal, injuring three crew members.",
            "They also rammed a supply boat carrying 20 tonnes of food to the garrison.",
            "The weather in the area was calm.",
        ]
    )
    summary = summarize(text, sentences=3).sentences
    if any(s.startswith("They also") for s in summary):
        index = summary.index(next(s for s in summary if s.startswith("They also")))
        assert index > 0 and summary[index - 1].startswith("Chinese coast guard")


def test_filler_gives_way():
    text = "\n".join(
        [
            "The International Atomic Energy Agency's board on Thursday passed a resolution "
            "demanding that Iran give inspectors access to nuclear sites bombed last year and "
            "account for its stockpile of highly enriched uranium, diplomats said.",
            "Israel welcomed the vote.",
            "Iran's envoy said Tehran would respond by expanding enrichment at Fordow with "
            "new centrifuges, raising its capacity by a third within weeks.",
        ]
    )
    summary = summarize(text, sentences=2).sentences
    assert "Israel welcomed the vote." not in summary


_OPENERS = ["It", "They", "But", "However,", "The ministry", "She", "Also", "Then"]
_WORDS = ["missile", "convoy", "Kyiv", "border", "drone", "talks", "42", "troops", "navy"]


@st.composite
def articles(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(4, 9))
    sentences = []
    for _ in range(count):
        opener = draw(st.sampled_from(["", *_OPENERS]))
        words = draw(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=14))
        quote = draw(st.sampled_from(["", '"', "“"]))
        sentences.append(" ".join(filter(None, [opener, quote + " ".join(words)])) + ".")
    return sentences


@settings(max_examples=150, deadline=None)
@given(articles(), st.integers(1, 4))
def test_default_summaries_hold_no_detached_reference_or_half_quotation(article, count):
    text = "\n".join(article)
    summary = summarize(text, sentences=count).sentences
    from summarizer.sentences import split_sentences

    found = split_sentences(text)
    if len(found) <= count:  # the whole article is its own summary
        return
    result = readability(found, summary)
    standalone = [
        s
        for i, s in enumerate(found)
        if not is_half_quotation(s) and (i == 0 or leans_back(s, found[max(0, i - 5) : i]) is None)
    ]
    if standalone:  # when every sentence leans or is half a quote, something is still said
        assert result.detached == 0
        assert result.half_quotations == 0
    assert summary

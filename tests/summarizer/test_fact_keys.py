"""The cheap fact keys a story summary tells repeats from news by."""

from __future__ import annotations

import pytest

from summarizer.fact_keys import sentence_facts


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Two missiles were fired.", "Officials said 2 missiles flew."),
        ("It cost 1,200 euros.", "The bill was 1200 euros."),
        ("Twenty-five ships sailed.", "Officials counted 25 ships."),
        ("The deal is worth 1.5 billion dollars.", "Officials put it at 1.5 billion."),
        ("Talks resume on Nov. 12 in Geneva.", "Officials said talks resume on 12 November."),
        ("The strike came on Thursday.", "Officials said it happened Thursday night."),
    ],
)
def test_the_same_figure_written_two_ways_has_one_key(one, other):
    assert sentence_facts(one).hard & sentence_facts(other).hard


def test_names_are_capitalised_runs_and_an_opener_only_when_it_must_be_a_name():
    facts = sentence_facts(
        "Officials said South Korea's Joint Chiefs of Staff briefed NATO. Japan's ministry agreed."
    )
    assert facts.names == {"p:south korea", "p:joint chiefs", "p:staff", "p:nato", "p:japan"}
    assert sentence_facts("Officials said it may rain.").all == frozenset()


def test_words_that_only_look_like_figures_are_not_facts():
    facts = sentence_facts("One of the ships may return, and no one knows when.")
    assert facts.hard == frozenset()
    assert sentence_facts("").all == frozenset()

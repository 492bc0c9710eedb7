"""The summary bench's spaCy cross-check of detached back-references."""

from __future__ import annotations

import pytest

from bench.spacy_leans import SpacyLeans

ARTICLE = [
    "North Korea fired two ballistic missiles into the sea on Thursday.",
    "Japan's coast guard warned ships in the area.",
    "He said the launch violated United Nations resolutions.",
    "But the talks in Geneva went ahead as planned.",
    "However, officials in Seoul cancelled a planned visit.",
    "This week, the United States sent a carrier to the region.",
    "The carrier is expected to arrive on Monday.",
]


@pytest.fixture(scope="module")
def leans() -> SpacyLeans:
    return SpacyLeans()


@pytest.mark.parametrize("index", [2, 3, 4])
def test_an_opener_that_leans_on_a_missing_sentence_is_detached(leans, index):
    assert leans.detached_per_100([ARTICLE], [[ARTICLE[0], ARTICLE[index]]]) == 100.0


def test_openers_that_stand_alone_or_follow_their_antecedent_are_not(leans):
    summaries = [
        [ARTICLE[0], ARTICLE[5]],  # "This week": a determiner, not a pronoun
        [ARTICLE[0], ARTICLE[1], ARTICLE[2]],  # "He" follows the sentence before it
        [ARTICLE[0], f"{ARTICLE[1]} {ARTICLE[2]}"],  # one item made of two sentences
    ]
    assert leans.detached_per_100([ARTICLE] * 3, summaries) == 0.0


def test_the_article_opening_has_nothing_before_it(leans):
    article = ["It was nothing if not predictable.", "The vote passed by 300 to 12."]
    assert leans.detached_per_100([article], [[article[0]]]) == 0.0

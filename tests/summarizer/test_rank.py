from __future__ import annotations

import pytest

from summarizer.clean import clean_scraped_text
from summarizer.rank import DEFAULT_METHOD, METHODS, SummaryError, summarize
from summarizer.sentences import SentenceTokenizer, split_sentences


@pytest.fixture(scope="module")
def seed_body(seed_text) -> str:
    return clean_scraped_text(seed_text).text


def _position(text: str, sentence: str) -> int:
    index = text.find(sentence)
    assert index >= 0, f"not a sentence of the text: {sentence!r}"
    return index


@pytest.mark.parametrize("method", METHODS)
def test_every_method_returns_sentences_of_the_text_in_order(seed_body, method):
    summary = summarize(seed_body, sentences=3, method=method)
    assert summary.method == method
    # The default keeps to a word budget, so it may stop short of the count; others fill it.
    assert len(summary.sentences) == 3 or (method == DEFAULT_METHOD and summary.sentences)
    positions = [_position(seed_body, s) for s in summary.sentences]
    assert positions == sorted(positions)
    assert len(set(summary.sentences)) == len(summary.sentences)


def test_seed_summary_is_clean_and_leads_with_the_news(seed_body):
    summary = summarize(seed_body)
    assert summary.method == DEFAULT_METHOD
    assert summary.sentences[0].startswith("North Korean leader Kim Jong Un called for bolstered")
    text = " ".join(summary.sentences)
    for junk in ("Subscription", "Photo Credit", "Updated", "released by", "IST"):
        assert junk not in text


def test_word_budget_limits_the_default_summary():
    long = " ".join(["Officials said the convoy of armoured vehicles moved north"] * 6) + "."
    short = [f"Short fact number {i} was confirmed by the ministry." for i in range(6)]
    text = "\n".join([long, *short])
    summary = summarize(text, sentences=3)
    words = sum(len(s.split()) for s in summary.sentences)
    assert words <= 3 * 24 or len(summary.sentences) == 1


def test_near_repeats_are_not_both_chosen():
    repeated = "The navy said two destroyers escorted the convoy through the strait on Monday."
    text = "\n".join(
        [
            repeated,
            "The navy said the two destroyers escorted the convoy through the strait on Monday.",
            "Officials in Muscat said the escort would continue for another 30 days.",
            "Shipping companies welcomed the move but said Lloyd's premiums remained high.",
        ]
    )
    summary = summarize(text, sentences=2)
    assert len(summary.sentences) == 2
    assert sum("destroyers escorted" in s for s in summary.sentences) == 1


def test_asking_for_more_sentences_than_exist_returns_them_all():
    text = "The first sentence is here. The second one follows."
    assert summarize(text, sentences=5).sentences == [
        "The first sentence is here.",
        "The second one follows.",
    ]


def test_bad_requests_are_clear_errors():
    with pytest.raises(SummaryError, match="no sentences"):
        summarize("")
    with pytest.raises(SummaryError, match="no sentences"):
        summarize(" ... --- !!! ")
    with pytest.raises(SummaryError, match="unknown method"):
        summarize("Some text here.", method="gpt")
    with pytest.raises(SummaryError, match="between 1 and 20"):
        summarize("Some text here.", sentences=0)


def test_text_without_punctuation_is_cut_into_bounded_pieces():
    summary = summarize("word " * 200_000, sentences=3)
    assert 1 <= len(summary.sentences) <= 3
    assert all(len(s) <= 600 for s in summary.sentences)


def test_ten_megabytes_of_text_is_summarised_from_its_start():
    paragraph = (
        "Artillery units fired on positions near the river for a third day, officials said. "
        "The defence ministry said 14 drones were shot down overnight.\n"
    )
    summary = summarize("Talks in Geneva ended without a deal on Friday.\n" + paragraph * 70_000)
    assert summary.sentences[0] == "Talks in Geneva ended without a deal on Friday."


def test_non_english_text_gets_a_summary():
    text = (
        "Die Bundeswehr hat am Mittwoch zwei weitere Patriot-Systeme nach Polen verlegt. "
        "Das Verteidigungsministerium teilte mit, die Verlegung sei Teil einer NATO-Mission. "
        "Die Systeme sollen bis Ende März bleiben. Polen hatte um Unterstützung gebeten."
    )
    summary = summarize(text, sentences=2)
    assert len(summary.sentences) == 2
    assert all(s in text for s in summary.sentences)


def test_tokenizer_keeps_abbreviations_together():
    tokenizer = SentenceTokenizer()
    text = "The U.S. said on Dec. 28 at 8 a.m. that talks failed. Seoul agreed."
    assert tokenizer.to_sentences(text) == [
        "The U.S. said on Dec. 28 at 8 a.m. that talks failed.",
        "Seoul agreed.",
    ]
    assert tokenizer.to_words("Hwasong-18 launch, Kim's") == ["Hwasong-18", "launch", "Kim's"]
    assert split_sentences("One.\n\nTwo") == ["One.", "Two"]


def test_default_beats_lead3_on_dev_stories():
    """A guard against regressions in the ranker (dev split: the one it was tuned on)."""
    from bench.evalset import load_split, rouge

    stories = load_split("dev", limit=120)
    ours = rouge([summarize(s.text).sentences for s in stories], stories)
    lead = rouge([summarize(s.text, method="lead").sentences for s in stories], stories)
    assert ours["rouge1"] > lead["rouge1"]
    assert ours["rougeLsum"] > lead["rougeLsum"]


def test_features_are_one_row_per_sentence_in_the_order_asked():
    from summarizer.rank import stem_sentences, stop_words
    from summarizer.rank_features import FEATURE_NAMES, feature_matrix

    found = [
        "Artillery fired on the river crossing near Kherson on Monday.",
        "The river crossing was hit again by artillery at night.",
        "Artillery units also shelled the crossing from the east bank.",
        "A choir sang in Vienna.",
    ]
    stems = stem_sentences(found)
    every = feature_matrix(found, stems, stop_words())
    assert every.shape == (4, len(FEATURE_NAMES))
    picked = feature_matrix(found, stems, stop_words(), ["lexrank", "first"])
    assert picked.tolist() == every[:, [FEATURE_NAMES.index("lexrank"), 1]].tolist()
    lexrank = picked[:, 0]
    assert abs(lexrank.sum() - 4) < 1e-6  # a distribution over sentences, times their number
    assert lexrank[3] == min(lexrank)  # the sentence like no other is the least central
    with pytest.raises(ValueError, match="unknown features"):
        feature_matrix(found, stems, stop_words(), ["colour"])

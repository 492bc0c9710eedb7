"""Story summaries: a lead that reads alone, then what other sources add, each sentence with its
source; given what was told, only what is new."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.clean import clean_scraped_text
from summarizer.rank import SummaryError, candidates, summarize
from summarizer.readability import readability
from summarizer.sentences import split_sentences, split_words
from summarizer.story_summary import StorySentence, StorySource, summarize_story

KHARKIV = StorySource(
    1,
    "Wire A",
    "Russian missiles struck a residential district of Kharkiv on Wednesday, killing four people, "
    "Ukrainian officials said. The strike hit an apartment block in the Kyivskyi district before "
    "dawn. Rescue workers searched the rubble through the morning.",
)
KHARKIV_INJURED = StorySource(
    2,
    "Courier",
    "Russia attacked Kharkiv with missiles on Wednesday, Ukrainian officials said. The regional "
    "governor said 19 people were injured, 5 of them seriously. Residents swept glass from the "
    "streets.",
)


def _sentences(text: str) -> list[str]:
    return [s for s in split_sentences(text) if split_words(s)]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _figures(text: str) -> set[str]:
    """Numbers in digits and weekdays: the facts these tests write, found without the module's
    own keys."""
    found = set(re.findall(r"\d+", text))
    return found | set(re.findall(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", text))


# -- the lead ------------------------------------------------------------------------------


def test_the_lead_is_the_preferred_articles_opening_when_it_reads_alone():
    story = summarize_story([KHARKIV, KHARKIV_INJURED])
    assert story[0] == StorySentence(_sentences(KHARKIV.text)[0], 1, "Wire A")


def test_another_opening_leads_when_the_preferred_one_is_a_question():
    question = StorySource(
        1,
        "Analysis",
        "Is the ceasefire in Gaza over? Israeli jets struck Rafah on Tuesday, killing 12 people, "
        "health officials said.",
    )
    story = summarize_story([question, KHARKIV_INJURED])
    assert story[0].key == 2
    assert story[0].text == _sentences(KHARKIV_INJURED.text)[0]


def test_an_opening_that_states_clearly_more_of_the_story_leads_and_its_article_comes_first():
    analysis = StorySource(
        1,
        "Review",
        "The night has highlighted tensions inside the region's military governments, analysts "
        "said. Mutinies have become more common across the region in recent years.",
    )
    report = StorySource(
        2,
        "Wire B",
        "Heavy gunfire erupted near the army headquarters in Niamey on Tuesday, lasting two "
        "hours, residents said. Calm returned before dawn, witnesses in the capital said.",
    )
    official = StorySource(
        3,
        "Bulletin",
        "Soldiers attacked an arms depot in Niamey on Tuesday, and two hours of fighting "
        "followed, the government said. Eleven soldiers were arrested after the attack.",
    )
    story = summarize_story([analysis, report, official])
    assert story[0] == StorySentence(_sentences(report.text)[0], 2, "Wire B")
    # The lead's article first, then the others in the caller's order.
    order = {2: 0, 1: 1, 3: 2}
    assert [order[s.key] for s in story] == sorted(order[s.key] for s in story)


# -- what the other sources add --------------------------------------------------------------


def test_a_second_sources_new_number_appears_with_that_source():
    story = summarize_story([KHARKIV, KHARKIV_INJURED])
    injured = [s for s in story if "19" in s.text]
    assert injured == [StorySentence(_sentences(KHARKIV_INJURED.text)[1], 2, "Courier")]


def test_a_fact_two_sources_state_is_told_once():
    first = StorySource(
        1,
        "Wire A",
        "North Korea fired a ballistic missile into the sea on Thursday, Seoul said. The missile "
        "flew about 600 kilometres from near Pyongyang, the Joint Chiefs of Staff said. Japan "
        "lodged a protest through its embassy in Beijing.",
    )
    second = StorySource(
        2,
        "Pacific Times",
        "Tokyo said a North Korean missile came down outside its economic zone. It travelled "
        "roughly 600 km at a low altitude, spokesman Hiroki Tanabe said. The launch came 3 days "
        "after a joint drill by 90 aircraft.",
    )
    story = summarize_story([first, second], sentences=4)
    assert sum("600" in s.text for s in story) == 1
    assert sum("Thursday" in s.text for s in story) <= 1


RESCUE = "Rescue workers searched the rubble of the apartment block in the Kyivskyi district."
RESCUE_AGAIN = StorySource(
    5,
    "Gazette",
    "Ukraine's emergency service sent 60 rescuers to Kharkiv after the attack on the city. "
    "Rescue workers searched the rubble of the apartment block in the Kyivskyi district, "
    "Governor Oleh Syniehubov said.",
)


def test_a_near_repeat_from_another_source_is_skipped_even_with_a_new_name():
    first = StorySource(1, "Wire A", f"{RESCUE} {_sentences(KHARKIV.text)[0]}")
    story = summarize_story([first, RESCUE_AGAIN], sentences=4)
    assert story[0].text == RESCUE
    assert sum("searched the rubble" in s.text for s in story) == 1
    assert any("60 rescuers" in s.text for s in story)  # the other source's news is told


def test_with_known_a_near_repeat_of_a_told_sentence_is_skipped():
    story = summarize_story([RESCUE_AGAIN], known=[RESCUE])
    assert [s.text for s in story] == [_sentences(RESCUE_AGAIN.text)[0]]


def test_the_same_copy_from_two_outlets_is_told_once_from_the_preferred_one():
    copy = StorySource(2, "Reprint", KHARKIV.text)
    story = summarize_story([KHARKIV, copy])
    assert story == summarize_story([KHARKIV])
    assert {s.key for s in story} == {1}


def test_a_back_reference_brings_its_antecedent_from_its_own_article():
    lead = StorySource(
        1,
        "Wire A",
        "Norway opened the naval exercise Northern Rampart in the Norwegian Sea on Wednesday, "
        "the Joint Headquarters said. Around 6,500 personnel from nine NATO countries take part.",
    )
    other = StorySource(
        2,
        "Nordic Report",
        "The drills off northern Norway began with a briefing for commanders in Bodø. "
        "They will involve 31 surface ships, two submarines and about 40 aircraft until "
        "November 22.",
    )
    antecedent, leaning = _sentences(other.text)
    texts = [s.text for s in summarize_story([lead, other], sentences=4)]
    assert leaning in texts  # its figures are news: it comes, with what it leans on
    assert texts[texts.index(leaning) - 1] == antecedent
    # With room for one sentence after the lead, the pair does not fit: it gives way.
    story = summarize_story([lead, other], sentences=2)
    assert leaning not in [s.text for s in story]
    for source in (lead, other):
        shown = [s.text for s in story if s.key == source.key]
        assert readability(_sentences(source.text), shown).detached == 0


def test_every_sentence_is_a_candidate_of_its_own_source(seed_text):
    seed = StorySource(7, "AP", clean_scraped_text(seed_text).text)
    story = summarize_story([seed, KHARKIV, KHARKIV_INJURED], sentences=5)
    sources = {s.key: s for s in (seed, KHARKIV, KHARKIV_INJURED)}
    for sentence in story:
        source = sources[sentence.key]
        assert sentence.source == source.source
        assert sentence.text in candidates(_sentences(source.text)).texts


# -- one source is its article's summary -------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_one_source_gives_its_articles_summary(seed_text, count):
    body = clean_scraped_text(seed_text).text
    story = summarize_story([StorySource(3, "AP", body)], sentences=count)
    assert [s.text for s in story] == summarize(body, sentences=count).sentences
    assert {(s.key, s.source) for s in story} == {(3, "AP")}


def test_one_source_among_empty_ones_is_still_its_articles_summary():
    story = summarize_story([StorySource(1, "Empty", " \n "), KHARKIV_INJURED], sentences=2)
    assert [s.text for s in story] == summarize(KHARKIV_INJURED.text, sentences=2).sentences


# -- what changed --------------------------------------------------------------------------------


def test_with_known_only_new_facts_are_told():
    update = StorySource(
        3,
        "Herald",
        "Russian missiles hit Kharkiv on Wednesday, killing four people, officials said. The "
        "mayor said 3 children were among the injured and 2 schools were damaged. The city "
        "declared Thursday a day of mourning.",
    )
    story = summarize_story([update], known=[KHARKIV.text])
    told = _figures(KHARKIV.text)
    assert story
    assert any("3 children" in s.text for s in story)
    for sentence in story:
        assert not _figures(sentence.text) & told, sentence


def test_with_known_nothing_new_is_nothing():
    assert summarize_story([KHARKIV], known=[KHARKIV.text]) == []
    retold = StorySource(
        4,
        "Echo",
        "Four people were killed when Russian missiles struck Kharkiv on Wednesday, Ukrainian "
        "officials said. The Kyivskyi district was hit before dawn.",
    )
    assert summarize_story([retold, KHARKIV], known=[KHARKIV.text]) == []


def test_with_known_the_sentences_of_a_briefing_count_as_told():
    told = summarize_story([KHARKIV, KHARKIV_INJURED])
    again = summarize_story([KHARKIV, KHARKIV_INJURED], known=[s.text for s in told])
    assert not {s.text for s in again} & {s.text for s in told}
    for sentence in again:
        assert not _figures(sentence.text) & set().union(*(_figures(s.text) for s in told))


# -- bounds and bad input ------------------------------------------------------------------------


def test_no_sources_or_empty_ones_give_nothing():
    assert summarize_story([]) == []
    assert summarize_story([StorySource(1, "a", ""), StorySource(2, "b", " ... --- ")]) == []
    assert summarize_story([], known=["anything at all"]) == []


def test_a_bad_sentence_count_is_a_clear_error():
    with pytest.raises(SummaryError, match="between 1 and 20"):
        summarize_story([KHARKIV], sentences=0)
    with pytest.raises(SummaryError, match="between 1 and 20"):
        summarize_story([KHARKIV], sentences=21)


def test_only_the_first_twelve_sources_are_read():
    many = [
        StorySource(i, f"Outlet {i}", f"Officials in Town{i} said {i + 10} drones fell on Monday.")
        for i in range(20)
    ]
    story = summarize_story(many, sentences=20)
    assert story and all(s.key < 12 for s in story)


def test_huge_texts_finish_quickly():
    paragraph = (
        "Officials said 40 drones were shot down over the region on Monday night. "
        "Debris damaged 3 houses in the village of Hrushivka, the governor said.\n"
    )
    huge = paragraph * (10_000_000 // len(paragraph))
    started = time.perf_counter()
    summarize_story([StorySource(1, "a", huge), StorySource(2, "b", huge + "x")])
    summarize_story([StorySource(1, "a", huge), KHARKIV], known=[huge])
    assert time.perf_counter() - started < 10


def test_the_same_story_gives_the_same_summary():
    sources = [KHARKIV_INJURED, KHARKIV]
    assert summarize_story(sources) == summarize_story(list(sources))


# -- properties ----------------------------------------------------------------------------------

NAMES = ["Kharkiv", "Odesa", "Niamey", "Rafah", "Pyongyang", "Jeddah", "Mokha", "Tuapse"]
NOUNS = ["drones", "missiles", "ships", "soldiers", "shells", "tankers", "aircraft", "rockets"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@st.composite
def pool_sentence(draw):
    """One sentence of a news text: a fact, a back-reference, half a quotation, a question,
    a fragment or filler."""
    name, noun, day = (
        draw(st.sampled_from(NAMES)),
        draw(st.sampled_from(NOUNS)),
        draw(st.sampled_from(DAYS)),
    )
    number = draw(st.integers(2, 900))
    kind = draw(st.sampled_from(["fact", "fact", "lean", "quote", "question", "short", "filler"]))
    if kind == "fact":
        return f"Officials in {name} said {number} {noun} were seen on {day} near the coast."
    if kind == "lean":
        opener = draw(st.sampled_from(["He", "They", "But officials", "It", "The " + noun[:-1]]))
        return f"{opener} said {number} more {noun} had been counted near {name}."
    if kind == "quote":
        return draw(
            st.sampled_from(
                [f'"We saw {number} {noun} over {name}.', 'It was terrible," a resident said.']
            )
        )
    if kind == "question":
        return f"Will the {noun} return to {name} by {day}?"
    if kind == "short":
        return f"{name} stayed calm."
    return f"Residents of {name} described a long and frightening night for everyone there."


@st.composite
def stories(draw):
    count = draw(st.integers(1, 4))
    sources = []
    for key in range(count):
        lines = draw(st.lists(pool_sentence(), min_size=0, max_size=7, unique=True))
        separator = draw(st.sampled_from([" ", "\n"]))
        sources.append(StorySource(100 + key, f"Outlet {key}", separator.join(lines)))
    return sources


def _check_attribution(story, sources):
    by_key = {s.key: s for s in sources}
    assert len({s.text for s in story}) == len(story)
    for sentence in story:
        source = by_key[sentence.key]
        assert sentence.source == source.source
        assert _squash(sentence.text) in _squash(source.text)


def _stands_alone(source):
    units = candidates(_sentences(source.text)) if _sentences(source.text) else None
    return units is not None and any(
        not half and not leans for half, leans in zip(units.half, units.leans, strict=True)
    )


@settings(max_examples=150, deadline=None)
@given(stories(), st.integers(1, 5))
def test_story_summaries_are_unique_attributed_bounded_and_read_alone(sources, count):
    story = summarize_story(sources, sentences=count)
    assert len(story) <= count
    _check_attribution(story, sources)
    if any(_stands_alone(s) for s in sources):
        for source in sources:
            shown = [s.text for s in story if s.key == source.key]
            # An article no longer than the summary is shown whole (as `summarize` does): a
            # quotation it leaves open is its own.
            whole = _squash(" ".join(shown)) == _squash(source.text)
            if shown and not whole:
                found = readability(_sentences(source.text), shown)
                assert found.detached == 0 and found.half_quotations == 0, (shown, source.text)
    assert summarize_story(sources, sentences=count) == story


@settings(max_examples=150, deadline=None)
@given(stories(), st.lists(pool_sentence(), min_size=1, max_size=6), st.integers(1, 5))
def test_known_facts_are_never_told_again(sources, known, count):
    story = summarize_story(sources, sentences=count, known=known)
    assert len(story) <= count
    _check_attribution(story, sources)
    told = set().union(*(_figures(k) for k in known))
    for sentence in story:
        assert not _figures(sentence.text) & told, (sentence.text, known)


_ANY_TEXT = st.text(max_size=300) | st.text(alphabet=st.sampled_from('aA .,!?"“”\n'), max_size=80)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.builds(StorySource, st.integers(), st.text(max_size=10), _ANY_TEXT), max_size=4),
    st.lists(_ANY_TEXT, max_size=2),
    st.integers(1, 4),
)
def test_arbitrary_text_never_raises(sources, known, count):
    story = summarize_story(sources, sentences=count, known=known)
    assert len(story) <= count
    assert all(isinstance(s, StorySentence) for s in story)

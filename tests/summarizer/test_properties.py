"""Property-based tests for the pure text processing: cleaning, sentence splitting and dates.

Each property states a contract the rest of the bot relies on (no control characters reach
Telegram, nothing is invented, resolved dates are real ISO values near the publication date).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from summarizer.clean import clean_scraped_text, normalize_text
from summarizer.facts.dates import _ANAPHORA, extract_dates
from summarizer.sentences import split_sentences, split_words

# -- shared helpers and strategies ----------------------------------------------------------------

# What scrapes really contain besides letters: controls, CR, NUL, invisible and layout characters,
# odd spaces and line separators, combining accents.
_NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1c\x1f\x7f\x85\x9f\r\n\t \u00a0\u1680\u2009\u202f\u3000"
    "\u2028\u2029\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u0301\u0308\u0327"
)
nasty_text = (
    st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(_NASTY), max_size=300)
    | st.text(alphabet=st.sampled_from("aeAE .,!?:()\"'-|" + _NASTY), max_size=60)
    # Letters, accents and what may sit between them: where NFC composition goes wrong.
    | st.text(alphabet=st.sampled_from("aeAE \u0301\u0308\u0327\u200b\u00ad\ufeff\x00"), max_size=8)
)
# Bytes decoded the way a careless fetcher would: Latin-1 (never fails) or UTF-8 with U+FFFD.
raw_bytes = st.binary(max_size=300)
binaryish_text = raw_bytes.map(lambda b: b.decode("latin-1")) | raw_bytes.map(
    lambda b: b.decode("utf-8", errors="replace")
)
any_text = nasty_text | binaryish_text

_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")


def squash(text: str) -> str:
    """The text without any whitespace: what must survive splitting and re-joining."""
    return "".join(text.split())


def assert_clean_line(text: str) -> None:
    """No control or invisible characters, NFC, single spaces, nothing to strip."""
    assert not any(unicodedata.category(ch) == "Cc" for ch in text), repr(text)
    assert not _INVISIBLE & set(text), repr(text)
    assert unicodedata.is_normalized("NFC", text), repr(text)
    assert "  " not in text, repr(text)
    assert text == text.strip(), repr(text)


# -- cleaning -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(any_text)
@example("e\u200b\u0301")  # an invisible character between a letter and its accent
def test_normalize_text_is_a_normal_form(text):
    normal = normalize_text(text)
    for line in normal.split("\n"):
        assert_clean_line(line)
    assert normalize_text(normal) == normal


@settings(max_examples=150, deadline=None)
@given(any_text)
def test_cleaning_any_text_yields_clean_paragraphs_and_metadata(text):
    cleaned = clean_scraped_text(text)
    assert cleaned.text == "\n".join(cleaned.paragraphs)
    for paragraph in cleaned.paragraphs:
        assert paragraph
        assert_clean_line(paragraph)
    for field in (cleaned.title, cleaned.byline, cleaned.dateline):
        if field is not None:
            assert field
            assert_clean_line(field)


@settings(max_examples=150, deadline=None)
@given(any_text)
def test_cleaning_never_invents_text(text):
    # Cleaning only drops lines, cuts prefixes and suffixes, and joins hard-wrapped lines, so
    # every paragraph and every metadata field is a piece of the (normalised) input.
    source = squash(normalize_text(text))
    cleaned = clean_scraped_text(text)
    for piece in [*cleaned.paragraphs, cleaned.title, cleaned.byline, cleaned.dateline]:
        if piece is not None:
            assert squash(piece) in source, (piece, text)
    assert set(split_words(cleaned.text)) <= set(split_words(normalize_text(text)))


# Real article paragraphs: long (so never banners, timestamps or hard-wrapped lines) and unlike
# each other. One has a sentence break without a space, as scrapes often do.
BODY = (
    "North Korean leader Kim Jong Un called for stronger war readiness at a year-end party "
    "meeting, state media said on Thursday.",
    "Air defence units shot down 31 of 40 Shahed-type drones overnight, the air force said in "
    "a statement on its official channel.",
    "Officials said no ships were hit in the attack, but two warehouses near the grain terminal "
    "burned for several hours.",
    "The exercise involved about 3,000 troops and ran for four days along the eastern border, "
    "according to the defence ministry.",
    "Kim also urged officials to speed up the production of nuclear weapons and missiles, and to "
    "prepare for a possible war.",
    "Negotiators from both sides met in Geneva for a second round of talks, but diplomats said a "
    "ceasefire remained distant.",
    "The parliament approved a supplementary defence budget of 1.2 billion euros, most of it "
    "earmarked for artillery shells.",
    'A spokesman for the general staff told reporters: "We will respond to every provocation."'
    "The ministry did not comment on the claim.",
)
HEADLINES = (
    "North Korea's Kim vows to bolster war readiness",
    "Drone strikes hit Black Sea port as talks stall",
    "Parliament backs extra defence spending",
)
# Page furniture that cleaning must drop wherever it sits. Byline-like lines are kept apart
# because the first of them becomes the article's byline.
FURNITURE = (
    "Advertisement",
    "Subscribe to our newsletter",
    "Skip to main content",
    "Share this article",
    "3 min read",
    "World",
    "Read more: Seoul warns of fresh provocations",
    "© 2024 Example News. All rights reserved.",
    "Photo: Reuters",
    "Reporting by Jane Doe; Editing by Omar Said",
    "Soldiers march during a parade in Pyongyang. | Photo Credit: AP",
    "In this photo released by the state news agency, Kim Jong Un inspects a launch site.",
)
BYLINES = ("By Jane Doe and Omar Said", "Reuters")
WIRE_PREFIX = "SEOUL, South Korea (AP) — "
CREDIT = "Associated Press writer Jane Doe in Seoul contributed to this report."
IST = timezone(timedelta(hours=5, minutes=30))


def date_line(day: date, style: int) -> str:
    month = day.strftime("%B")
    return (
        f"Published: {day.isoformat()}",
        f"{month} {day.day}, {day.year} 08:15 am | Updated 09:40 am IST",
        f"Posted {day.day} {month[:3]} {day.year}",
    )[style]


@st.composite
def scraped_articles(draw):
    """(raw scraped text, keyword arguments for cleaning, what cleaning must give back)."""
    body = list(draw(st.lists(st.sampled_from(BODY), min_size=2, max_size=6, unique=True)))
    first = body[0]
    wire = draw(st.booleans())
    if wire:
        body[0] = WIRE_PREFIX + body[0]
    lines: list[str] = list(body)
    credit = draw(st.sampled_from(["none", "own paragraph", "same paragraph"]))
    if credit == "own paragraph":
        lines.append(CREDIT)
    elif credit == "same paragraph":
        lines[-1] += " " + CREDIT

    extras = draw(st.lists(st.sampled_from(FURNITURE + BYLINES), max_size=8))
    published = draw(st.none() | st.dates(date(1990, 1, 1), date(2035, 12, 31)))
    style = draw(st.integers(0, 2))
    if published is not None:
        extras.append(date_line(published, style))
    for extra in extras:
        lines.insert(draw(st.integers(0, len(lines))), extra)
    if draw(st.booleans()):
        # A standfirst: the lead's first words again, which the body repeats.
        lines.insert(0, " ".join(first.split()[: draw(st.integers(10, 14))]) + ".")

    headline = draw(st.sampled_from(HEADLINES))
    mode = draw(st.sampled_from(["given", "detected", "none"]))
    if mode != "none":
        lines.insert(0, headline)
    kwargs = {"title": headline} if mode == "given" else {"detect_title": mode == "detected"}

    pads = st.sampled_from(["", " ", "\t", "\u00a0"])
    seps = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"])
    raw = "".join(draw(pads) + line + draw(pads) + draw(seps) for line in lines)

    bylines = [line for line in lines if line in BYLINES]
    expected = {
        "paragraphs": [first, *body[1:]],
        "title": None if mode == "none" else headline,
        "byline": bylines[0] if bylines else ("AP" if wire else None),
        "dateline": "SEOUL, South Korea" if wire else None,
        "published_on": published,
        "published_at": (
            datetime.combine(published, time(8, 15), tzinfo=IST).astimezone(UTC)
            if published is not None and style == 1
            else None
        ),
    }
    return raw, kwargs, expected


@settings(max_examples=120, deadline=None)
@given(scraped_articles())
def test_article_body_survives_generated_furniture(article):
    raw, kwargs, expected = article
    cleaned = clean_scraped_text(raw, **kwargs)
    # Exactly the body, verbatim and in order: no furniture left, no paragraph lost or altered.
    assert cleaned.paragraphs == expected["paragraphs"]
    assert cleaned.title == expected["title"]
    assert cleaned.byline == expected["byline"]
    assert cleaned.dateline == expected["dateline"]
    assert cleaned.published_on == expected["published_on"]
    assert cleaned.published_at == expected["published_at"]


@settings(max_examples=120, deadline=None)
@given(scraped_articles())
def test_cleaning_a_clean_article_changes_nothing(article):
    raw, kwargs, _ = article
    body = clean_scraped_text(raw, **kwargs).text
    again = clean_scraped_text(body)
    assert again.text == body
    assert again.title is None  # the lead paragraph is prose, never taken for a headline
    assert again.removed == ()


# -- sentences ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_splitting_keeps_every_character_in_order(text):
    sentences = split_sentences(text)
    assert squash("".join(sentences)) == squash(text)
    for sentence in sentences:
        assert sentence
        assert sentence == sentence.strip()
        assert "\n" not in sentence


@settings(max_examples=150, deadline=None)
@given(any_text)
def test_sentences_are_verbatim_pieces_of_the_text(text):
    # Short texts never reach the word-window fallback, so every sentence is copied as is.
    position = 0
    for sentence in split_sentences(text):
        found = text.find(sentence, position)
        assert found >= 0, (sentence, text)
        position = found + len(sentence)


# Ordinary words only: nupunkt's model takes some words for abbreviations ("ak." for Alaska, and
# also "port." and "bank."), and a sentence ending in one of them is joined to the next.
VOCAB = (
    "army navy troops border missile launch talks minister would could meeting village city "
    "ships drones attack ceasefire officials forces government president leader parliament "
    "vote budget defence exercise region after before during against about under over three "
    "hundred new old said warned fired moved signed rejected agreed"
).split()


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.sampled_from(VOCAB), min_size=1, max_size=20),
    st.integers(200, 12_000),
    st.sampled_from([" ", "  ", " \t"]),
)
def test_text_without_punctuation_is_cut_into_bounded_pieces(pattern, count, space):
    # Up to about 80,000 characters: past the 2,000-character sentence limit and past the
    # 40,000-character chunks Punkt is given.
    text = space.join((pattern * count)[:count])
    sentences = split_sentences(text)
    assert squash("".join(sentences)) == squash(text)
    assert all(len(s) <= 2000 or len(s.split()) <= 60 for s in sentences)


@st.composite
def sentences(draw):
    words = draw(st.lists(st.sampled_from(VOCAB), min_size=2, max_size=14))
    if len(words) > 3 and draw(st.booleans()):
        words[len(words) // 2] += ","
    return " ".join([words[0].capitalize(), *words[1:]]) + draw(st.sampled_from(".!?"))


@settings(max_examples=100, deadline=None)
@given(st.lists(sentences(), min_size=1, max_size=8), st.sampled_from([" ", "  ", "\n", " \n\n "]))
def test_joined_sentences_split_back(expected, separator):
    assert split_sentences(separator.join(expected)) == expected


@settings(max_examples=100, deadline=None)
@given(any_text)
def test_words_are_pieces_of_the_sentence_and_split_again_the_same(sentence):
    words = split_words(sentence)
    position = 0
    for word in words:
        assert word and not any(ch.isspace() for ch in word)
        found = sentence.find(word, position)
        assert found >= 0
        position = found + len(word)
    assert split_words(" ".join(words)) == words


# -- dates --------------------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
# Realistic publication dates; the ends of the calendar are covered by the no-raise property.
news_days = st.dates(date(1990, 1, 1), date(2100, 12, 31))

# Sentence template and the allowed offset (days) of the resolved weekday from publication.
WEEKDAY_CASES = (
    ("The talks were held on {w}.", -6, 0),
    ("He said on {w} that the talks had failed.", -6, 0),
    ("During {w}'s session, he spoke.", -6, 0),
    ("The ministers will meet on {w}.", 0, 6),
    ("The summit is expected to open on {w}.", 0, 6),
    ("They met last {w}.", -7, -1),
    ("They will meet again next {w}.", 1, 7),
    ("Voting closes this {w}.", -6, 6),
)


@settings(max_examples=200, deadline=None)
@given(news_days, st.sampled_from(WEEKDAYS), st.sampled_from(WEEKDAY_CASES))
def test_weekdays_resolve_to_that_weekday_within_a_week(published, weekday, case):
    template, lowest, highest = case
    sentence = template.format(w=weekday)
    [fact] = extract_dates([sentence], published)
    assert fact.value is not None
    resolved = date.fromisoformat(fact.value)
    assert resolved.strftime("%A") == weekday
    assert lowest <= (resolved - published).days <= highest, (sentence, published, resolved)
    if template.startswith("Voting closes this"):
        # "this Friday" is the Friday of the publication's own (ISO, Monday-first) week.
        assert resolved.isocalendar()[:2] == published.isocalendar()[:2]
    # Without a publication date a weekday cannot be placed.
    assert [f.value for f in extract_dates([sentence], None)] == [None]


def explicit_forms(day: date) -> list[str]:
    month = MONTHS[day.month - 1]
    forms = [
        f"{month} {day.day}, {day.year}",
        f"{month[:3]}. {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{WEEKDAYS[day.weekday()]}, {month} {day.day}, {day.year}",
    ]
    if day.year >= 1900:  # ISO dates are only taken for 19xx and 20xx
        forms.append(day.isoformat())
    return forms


@settings(max_examples=200, deadline=None)
@given(
    st.dates(date(1800, 1, 1), date(2099, 12, 31)).flatmap(
        lambda day: st.tuples(st.just(day), st.sampled_from(explicit_forms(day)))
    ),
    st.none() | news_days,
)
def test_explicit_dates_round_trip(case, published):
    day, text = case
    facts = extract_dates([f"The accord was signed on {text} in Geneva."], published)
    assert [(f.text, f.value) for f in facts] == [(text, day.isoformat())]


@settings(max_examples=150, deadline=None)
@given(news_days, st.dates(date(2001, 1, 1), date(2001, 12, 31)), st.booleans())
def test_month_and_day_without_a_year_land_nearest_the_publication(published, when, future):
    # 2001 is not a leap year, so the day exists in every year.
    text = f"{MONTHS[when.month - 1]} {when.day}"
    sentence = f"The summit will open on {text}." if future else f"The summit is on {text}."
    [fact] = extract_dates([sentence], published)
    assert fact.value is not None
    resolved = date.fromisoformat(fact.value)
    assert (resolved.month, resolved.day) == (when.month, when.day)
    offset = (resolved - published).days
    if future:
        assert 0 <= offset <= 365
    else:
        assert abs(offset) <= 184


_ISO_ONE = r"\d{4}(?:-W\d{2}|-H[12]|-\d{2}(?:-\d{2})?)?"
_ISO_VALUE = re.compile(rf"(?P<start>{_ISO_ONE})(?:/(?P<end>{_ISO_ONE}))?")
DATEISH = (
    "yesterday", "today", "tomorrow", "two days ago", "three weeks ago", "99 months ago",
    "12 years ago", "last week", "next month", "this year", "next year's", "last Friday",
    "next Sunday", "Wednesday's", "in March", "since May", "early next year",
    "November next year", "December 2023", "Dec. 30 to Jan. 2", "Sept. 17-18",
    "from April 21 to May 9 next year", "between September and November 2020",
    "between 2014 and 2016", "2022-23", "February 29", "29 February", "on April 31",
    "2023-02-30", "March 5th", "the 1990s", "in 2019", "2,000 troops", "will", "said",
    "that year", "the next day", "a week later", "May 8 of that year", "the following month",
    "late last year", "mid-2025", "the end of 2024", "Mirage 2000",
)  # fmt: skip


def check_iso(value: str) -> None:
    match = _ISO_VALUE.fullmatch(value)
    assert match is not None, value
    for part in (match["start"], match["end"]):
        if part is None:
            continue
        if "-W" in part:
            year, week = part.split("-W")
            date.fromisocalendar(int(year), int(week), 1)
        elif part.count("-") == 2:
            date.fromisoformat(part)
        elif "-H" in part:
            int(part.split("-H")[0])
        elif "-" in part:
            assert 1 <= int(part.split("-")[1]) <= 12, value
    if match["end"] is not None:
        assert match["start"] <= match["end"], value


date_sentences = st.lists(
    st.lists(st.sampled_from(DATEISH) | st.text(max_size=15), max_size=6).map(" ".join),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(date_sentences, st.none() | st.dates())
def test_date_extraction_never_raises_and_gives_iso_values(sentences, published):
    # Any publication date, even a CMS placeholder such as 0001-01-01 or 9999-12-31.
    facts = extract_dates(sentences, published)
    for fact in facts:
        assert fact.sentence in sentences
        assert fact.text and fact.text in fact.sentence
        if fact.value is not None:
            check_iso(fact.value)
    assert extract_dates(sentences, published) == facts


@settings(max_examples=100, deadline=None)
@given(date_sentences, st.none() | news_days)
def test_each_sentence_resolves_on_its_own(sentences, published):
    # No state leaks between sentences: the whole is the parts, with repeats reported once;
    # only anaphora ("that year", "the next day") reads the dates named before it.
    assume(not any(_ANAPHORA.search(sentence) for sentence in sentences))
    expected = []
    seen = set()
    for sentence in sentences:
        for fact in extract_dates([sentence], published):
            if (fact.text.lower(), fact.value) not in seen:
                seen.add((fact.text.lower(), fact.value))
                expected.append(fact)
    assert extract_dates(sentences, published) == expected

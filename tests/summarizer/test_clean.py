from __future__ import annotations

from datetime import UTC, date, datetime

from summarizer.clean import clean_scraped_text, derive_title, normalize_text

BOILERPLATE = (
    "GIFT a Subscription",
    "Updated 08:15 am",
    "Photo Credit",
    "in this picture released by the Korean Central News Agency",
    "date 2023-12-28",
)


def test_seed_title_date_and_metadata(seed_text):
    cleaned = clean_scraped_text(seed_text)
    assert cleaned.title is not None
    assert cleaned.title.startswith("North Korea's Kim vows to bolster war readiness")
    assert cleaned.published_on == date(2023, 12, 28)
    # 08:15 IST (UTC+05:30) is 02:45 UTC on the same day.
    assert cleaned.published_at == datetime(2023, 12, 28, 2, 45, tzinfo=UTC)
    assert cleaned.byline == "AP"
    assert cleaned.dateline == "Seoul"


def test_seed_body_has_no_boilerplate_and_no_repeats(seed_text):
    cleaned = clean_scraped_text(seed_text)
    for junk in BOILERPLATE:
        assert junk not in cleaned.text
    assert cleaned.title not in cleaned.text
    assert cleaned.paragraphs[0].startswith("North Korean leader Kim Jong Un called for")
    assert cleaned.paragraphs[-1].endswith("partial surrender of its nuclear programme.")
    assert len(cleaned.paragraphs) == 8
    # The standfirst repeats the body; only the body's version stays.
    assert cleaned.text.count("expected to last several days") == 1
    assert len(set(cleaned.paragraphs)) == len(cleaned.paragraphs)


def test_seed_removals_are_explained(seed_text):
    reasons = [r.reason for r in clean_scraped_text(seed_text).removed]
    assert reasons.count("caption") == 2
    assert {"metadata", "timestamp", "byline", "near-duplicate"} <= set(reasons)


def test_wire_layout_with_byline_read_time_and_trailer():
    text = "\n".join(
        [
            "World",
            "Drone strikes hit Black Sea port as talks stall",
            "By Jane Doe and Omar Said",
            "3 min read",
            "Published: 19 Nov 2026 14:05 GMT",
            "ODESA, Ukraine (Reuters) - Russian drones struck port facilities in Odesa "
            "overnight, regional officials said on Thursday, damaging grain silos.",
            "Air defence units shot down 31 of 40 Shahed-type drones, the air force said.",
            "Advertisement",
            "Officials said no ships were hit, but two warehouses burned for several hours.",
            "Reporting by Jane Doe; Editing by Omar Said",
            "Our Standards: The Thomson Reuters Trust Principles.",
        ]
    )
    cleaned = clean_scraped_text(text)
    assert cleaned.title == "Drone strikes hit Black Sea port as talks stall"
    assert cleaned.byline == "By Jane Doe and Omar Said"
    assert cleaned.dateline == "ODESA, Ukraine"
    assert cleaned.published_at == datetime(2026, 11, 19, 14, 5, tzinfo=UTC)
    assert cleaned.paragraphs == [
        "Russian drones struck port facilities in Odesa overnight, regional officials said "
        "on Thursday, damaging grain silos.",
        "Air defence units shot down 31 of 40 Shahed-type drones, the air force said.",
        "Officials said no ships were hit, but two warehouses burned for several hours.",
    ]


def test_prose_that_mentions_furniture_words_is_kept():
    text = (
        "Lawmakers debated the subscription model for satellite imagery services, and several "
        "members said the comments period should be extended before any vote in December.\n"
        "A second paragraph says the ministry will publish the photo archive next year."
    )
    cleaned = clean_scraped_text(text, detect_title=False)
    assert cleaned.paragraphs == text.split("\n")
    assert cleaned.removed == ()


def test_hard_wrapped_text_is_unwrapped():
    para1 = (
        "The defence ministry said on Monday that it had completed a review of its air\n"
        "defence posture along the eastern border and would deploy two additional\n"
        "batteries before the end of the year."
    )
    para2 = (
        "Officials declined to say where the batteries would be based, citing security\n"
        "concerns, but said the deployment would be finished within three months."
    )
    cleaned = clean_scraped_text(para1 + "\n\n" + para2, detect_title=False)
    assert len(cleaned.paragraphs) == 2
    assert cleaned.paragraphs[0].startswith("The defence ministry said on Monday")
    assert "air defence posture" in cleaned.paragraphs[0]


def test_text_without_title_or_date():
    text = (
        "(CNN)Share, and your gift will be multiplied. That may sound like an esoteric adage, "
        "but when one donor decided to give a kidney to a stranger, six patients benefited."
    )
    cleaned = clean_scraped_text(text)
    assert cleaned.title is None
    assert cleaned.published_on is None and cleaned.published_at is None
    assert cleaned.paragraphs[0].startswith("Share, and your gift")
    assert cleaned.byline == "CNN"


def test_single_credited_caption_is_removed_but_plain_repeats_keep_one_copy():
    text = "\n".join(
        [
            "Troops take part in an exercise near the border. | Photo Credit: Reuters",
            "The exercise involved about 3,000 troops and ran for four days, officials said.",
            "The exercise involved about 3,000 troops and ran for four days, officials said.",
        ]
    )
    cleaned = clean_scraped_text(text, detect_title=False)
    assert cleaned.paragraphs == [
        "The exercise involved about 3,000 troops and ran for four days, officials said."
    ]


def test_normalize_text_strips_invisible_and_control_characters():
    assert normalize_text("a\u200bb\x00c\u00a0 d\r\ne\rf") == "ab c d\ne\nf"


def test_derive_title_cuts_at_a_word():
    sentence = "North Korea fired a ballistic missile " * 10
    title = derive_title(sentence, limit=60)
    assert len(title) <= 61
    assert title.endswith("…")
    assert derive_title("Short sentence.") == "Short sentence"


def test_empty_and_junk_only_input():
    assert clean_scraped_text("").text == ""
    cleaned = clean_scraped_text("Advertisement\nSubscribe now\nAP\n")
    assert cleaned.text == ""


def test_huge_text_cleans(seed_text):
    # About 10 MB; must finish (the near-duplicate pass only scans the top of a document).
    body = "\n".join(
        f"Paragraph {i} reports that unit {i} moved {i % 97} vehicles to sector {i % 13}."
        for i in range(140_000)
    )
    cleaned = clean_scraped_text(body, detect_title=False)
    assert len(cleaned.paragraphs) == 140_000


PROSE = (
    "The ministry said on Tuesday that the talks with the delegation would resume next week "
    "in the capital, after two rounds that ended without an agreement on the border."
)


def test_headings_that_contain_a_furniture_word_stay_and_banners_go():
    """A banner is made of furniture words; a headline that merely contains one is text."""
    text = "\n\n".join([
        PROSE, "Meta Outage Causes Login and Loading Problems", PROSE.replace("Tuesday", "Monday"),
        "Sign up for our daily briefing", "Join our Telegram channel", "Share this article:",
        PROSE.replace("Tuesday", "Friday"),
    ])  # fmt: skip
    cleaned = clean_scraped_text(text)
    assert "Meta Outage Causes Login and Loading Problems" in cleaned.paragraphs
    for banner in ("Sign up for our daily briefing", "Join our Telegram channel", "Share this"):
        assert not any(banner in p for p in cleaned.paragraphs), banner


def test_a_short_subheading_inside_the_story_stays_and_stubs_outside_it_go():
    text = "\n\n".join([
        "World", PROSE, "Reaping the harvest", PROSE.replace("Tuesday", "Monday"), "Getty Images",
        PROSE.replace("Tuesday", "Friday"), "New York",
    ])  # fmt: skip
    paragraphs = clean_scraped_text(text).paragraphs
    assert "Reaping the harvest" in paragraphs
    assert not {"World", "Getty Images", "New York"} & set(paragraphs)


def test_a_sentence_ending_in_a_furniture_mark_is_prose_not_a_banner():
    """Found by the JSON-lines property test: one paragraph of news ending in "©" was
    dropped as a copyright banner, and the article with it."""
    from summarizer.clean_rules import _is_banner

    assert not _is_banner(
        "In Story 3, Naval drills began in the Baltic Sea on Monday, the alliance said in a "
        "statement. ©"
    )
    assert not _is_banner(
        "Naval drills began in the Baltic Sea on Monday, the alliance said in a statement. 0©"
    )
    assert _is_banner("© 2024 Example News. All rights reserved")
    assert _is_banner("Subscribe to our newsletter. Read more")

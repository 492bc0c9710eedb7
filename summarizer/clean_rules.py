"""What page furniture looks like, one line at a time, and the metadata it carries.

The rules that decide a single line is a banner, byline, credit, teaser or timestamp (and
what date, byline or dateline it gives away), and the word measures the cleaner's passes
share. `summarizer.clean` applies them and then works on the paragraphs as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from summarizer.timestamps import (
    DATE_IN_LINE,
    META_DATE,
    MONTH,
    TIME_IN_LINE,
    TIMESTAMP_WORDS,
    TZ_IN_LINE,
    parse_iso,
    parse_when,
)

__all__ = [
    "CAPTION_PHRASE",
    "TERMINAL",
    "WORD",
    "Meta",
    "Para",
    "RemovedLine",
    "classify_line",
    "fingerprint",
    "is_credit",
    "looks_like_prose",
    "mentions_media",
    "strip_wire_dateline",
    "word_count",
]

_BANNER = re.compile(
    r"\b(?:subscri(?:be|bed|ber|bers|ption|ptions)|sign\s?(?:up|in)|log\s?in|newsletters?"
    r"|advertisement|advertising|sponsored|gift\s+(?:a|this|an)|read\s+more|also\s+read"
    r"|read\s+also|continue\s+reading|follow\s+us|share\s+(?:this|on|via)|click\s+here"
    r"|download\s+(?:the|our)\s+app|cookies?|all\s+rights\s+reserved|copyright|listen\s+to"
    r"|\d+\s+min(?:ute)?s?\s+read|e-?paper|premium|trending|recommended|related\s+(?:stories"
    r"|articles|news|topics)|trust\s+principles|our\s+standards|comments?|print\s+edition"
    r"|whatsapp|telegram\s+channel|google\s+news|skip\s+to)\b|©",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')]*\s")
# What may surround a banner's phrase and still leave it alone on its line.
_EDGE_PUNCTUATION = " \t|•·-–—:;,.!?()[]{}«»‹›→←↓▶►*#>\"'’“”"
_STOPWORDS = frozenset(
    "a an and are at be by for from get in is it its now of on or our the this to up us we"
    " with you your".split()
)
_CREDIT_TRAILER = re.compile(
    r"\s*(?:\|\s*)?\(?\b(?:photo|image|picture|video|file\s+photo)s?\s*(?:credit|courtesy)?s?\s*:"
    r"\s*[^.!?]*\)?\s*$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:(?:photo|image|picture|video)s?\s*(?:credit|courtesy|by)?s?\s*[:]|credit\s*:"
    r"|[A-Z][\w.'’ -]{0,40}\s*/\s*(?:getty\s+images|afp|reuters|ap|epa|shutterstock|anadolu))",
    re.IGNORECASE,
)
_STAFF_CREDIT = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?reporting|writing|editing|written|edited|compiled)\s+by\b",
    re.IGNORECASE,
)
_AGENCIES = (
    "AP",
    "Associated Press",
    "The Associated Press",
    "Reuters",
    "AFP",
    "Agence France-Presse",
    "PTI",
    "ANI",
    "IANS",
    "UNI",
    "Bloomberg",
    "dpa",
    "DPA",
    "Xinhua",
    "TASS",
    "Yonhap",
    "Kyodo",
    "EFE",
    "ANSA",
    "Anadolu",
    "AA",
    "Agencies",
    "CNN",
    "BBC",
    "NYT",
)
_AGENCY_LINE = re.compile(
    r"^(?:" + "|".join(re.escape(a) for a in _AGENCIES) + r")(?:\s*[|,/-]\s*[\w ]{0,30})?$"
)
_BYLINE = re.compile(
    r"^(?:written\s+)?by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|&|\|)\s*[\w.'’ -]{0,60})?$",
    re.IGNORECASE,
)
_PLACE = r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.'’ -]{1,40}?)?"
# Before an agency in brackets the place may be in title case: "New Delhi, India (CNN)".
_AGENCY_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:,\s*[A-Z][\w.'’ -]{1,40}?)?"
_AGENCY_GROUP = r"\((?P<agency>" + "|".join(re.escape(a) for a in _AGENCIES) + r")\)"
# "SEOUL, South Korea (AP) — ", "(CNN)", or a bare "MANILA, Philippines — ".
_WIRE_DATELINE = re.compile(
    rf"^(?:(?P<place>{_AGENCY_PLACE})?\s*{_AGENCY_GROUP}\s*(?:[-–—:]+\s*)?"
    rf"|(?P<bare_place>{_PLACE})\s+[-–—]+\s+)"
)
# Staff credits that close wire and network stories: "CNN's Brian Walker contributed to this
# report.", "Journalist Hakim Almasmari reported from Sanaa."
_CREDIT_SENTENCE = re.compile(
    r"^(?:(?:CNN|AP|Reuters|AFP)(?:'s|’s)\s|Journalists?\s|Reporters?\s|Correspondents?\s)"
    r"|\bcontributed(?:\s+reporting)?(?:\s+to\s+this\s+(?:report|story))?\s*\.$"
)
_CREDIT_VERB = re.compile(r"\b(?:contributed|reported|wrote)\b")
CAPTION_PHRASE = re.compile(
    r"\bin\s+this\s+(?:file\s+)?(?:photo|picture|image|handout|video\s+grab|screen\s*grab)\b"
    r"|\b(?:photo|picture|image|handout)s?\s+(?:taken|released|provided|distributed|obtained)\b",
    re.IGNORECASE,
)
# WordPress and most CMSs end the excerpt of another story with a bracketed ellipsis.
_TEASER_END = re.compile(r"\[\s*(?:…|\.\.\.|&hellip;)\s*\]\s*$")
TERMINAL = (".", "!", "?", '"', "”", "’", "'", ")", ":", "…")
WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True)
class RemovedLine:
    """A line that cleaning dropped, and why (kept for transparency and tests)."""

    text: str
    reason: str


@dataclass
class Para:
    """A paragraph still in the text, and whether a photo credit was cut off its end."""

    text: str
    had_credit: bool = False


@dataclass
class Meta:
    """The metadata found in furniture lines so far (first found wins)."""

    published_at: datetime | None = None
    published_on: date | None = None
    byline: str | None = None
    dateline: str | None = None


def classify_line(line: str, meta: Meta, removed: list[RemovedLine]) -> list[Para]:
    """Drop furniture lines (recording metadata); return what is left as paragraphs."""
    if m := META_DATE.match(line):
        _set_published(meta, parse_iso(m["value"]))
        removed.append(RemovedLine(line, "metadata"))
        rest = m["rest"].strip()
        return classify_line(rest, meta, removed) if rest and not _is_banner(rest) else []
    if _STAFF_CREDIT.match(line):
        removed.append(RemovedLine(line, "credit"))
        return []
    if _TEASER_END.search(line):
        removed.append(RemovedLine(line, "teaser"))
        return []
    if _is_banner(line):
        removed.append(RemovedLine(line, "banner"))
        return []
    if _parse_timestamp_line(line, meta):
        removed.append(RemovedLine(line, "timestamp"))
        return []
    if _AGENCY_LINE.match(line) or (_BYLINE.match(line) and len(line) < 80):
        meta.byline = meta.byline or line
        removed.append(RemovedLine(line, "byline"))
        return []
    if _CREDIT_LINE.match(line) and word_count(line) <= 12:
        removed.append(RemovedLine(line, "credit"))
        return []
    stripped = _CREDIT_TRAILER.sub("", line).strip() if mentions_media(line) else line
    if stripped != line:
        return [Para(stripped, had_credit=True)] if stripped else []
    return [Para(line)]


def _is_banner(line: str) -> bool:
    """Short, non-sentence lines made of page-furniture words; long prose is never a banner.

    The furniture phrase must open or close the line, or leave at most two other content
    words: "Sign up for our daily briefing", "Join our Telegram channel" and "3 min read"
    are banners, while a headline that merely contains such a word ("Meta Outage Causes
    Login and Loading Problems") is not."""
    if line.count(" ") > 40:
        return False
    matches = list(_BANNER.finditer(line))
    if not matches:
        return False
    words = word_count(line)
    if not (words <= 8 or (words <= 20 and not line.endswith(TERMINAL))):
        return False
    head = line[: matches[0].start()]
    if word_count(head) > 8 and _SENTENCE_END.search(head + " "):
        return False  # a whole sentence before the furniture word: prose ("... said. ©")
    before = head.strip(_EDGE_PUNCTUATION)
    after = line[matches[-1].end() :].strip(_EDGE_PUNCTUATION)
    if not before or not after:
        return True
    rest = _BANNER.sub(" ", line)
    return sum(1 for w in re.findall(r"\w+", rest) if w.lower() not in _STOPWORDS) <= 2


def mentions_media(line: str) -> bool:
    lower = line.lower()
    return any(word in lower for word in ("photo", "image", "picture", "video"))


def _parse_timestamp_line(line: str, meta: Meta) -> bool:
    """Recognise "December 28, 2023 08:15 am | Updated 08:15 am IST - Seoul" and the like."""
    if len(line) > 140:
        return False
    date_match = DATE_IN_LINE.search(line)
    if date_match is None:
        return False
    leftover = TIME_IN_LINE.sub(" ", line[: date_match.start()] + " " + line[date_match.end() :])
    leftover = TIMESTAMP_WORDS.sub(" ", leftover)
    place_words = WORD.findall(leftover)
    if len(place_words) > 3:
        return False
    when = parse_when(line, date_match)
    if when is not None:
        is_update_only = re.match(r"^\s*(?:last\s+)?updated\b", line, re.IGNORECASE)
        if not is_update_only or meta.published_on is None:
            _set_published(meta, when)
    tail = re.search(r"[-–—|]\s*([A-Z][\w.'’ ]{1,40})$", line)
    if tail and meta.dateline is None and not TZ_IN_LINE.fullmatch(tail[1].strip()):
        meta.dateline = tail[1].strip()
    return True


def _set_published(meta: Meta, when: datetime | date | None) -> None:
    """First date wins; a time-zoned timestamp on the same day adds the time to it."""
    if when is None:
        return
    if isinstance(when, datetime):
        if meta.published_on is None or meta.published_on == when.date():
            meta.published_on = when.date()
            meta.published_at = meta.published_at or when.astimezone(UTC)
    elif meta.published_on is None:
        meta.published_on = when


def is_credit(sentence: str) -> bool:
    return (
        len(sentence) < 400
        and _CREDIT_VERB.search(sentence) is not None
        and _CREDIT_SENTENCE.search(sentence) is not None
    )


def strip_wire_dateline(text: str, meta: Meta) -> str:
    """'SEOUL, South Korea (AP) — North Korean leader ...' -> metadata plus the sentence."""
    match = _WIRE_DATELINE.match(text)
    if match is None or match.end() >= len(text):
        return text
    place = match["place"] or match["bare_place"]
    if place:
        place = re.sub(rf",?\s*{MONTH}\s+\d{{1,2}}$", "", place.strip()).rstrip(",")
        meta.dateline = meta.dateline or place
    if match["agency"]:
        meta.byline = meta.byline or match["agency"]
    return text[match.end() :]


def looks_like_prose(text: str) -> bool:
    return word_count(text) > 30 or (text.endswith(".") and word_count(text) > 12)


def fingerprint(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def word_count(text: str) -> int:
    return len(WORD.findall(text))

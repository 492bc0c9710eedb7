"""Boilerplate removal and metadata for scraped article text.

Scraped news text carries page furniture: subscription banners, timestamp lines, wire bylines,
photo captions (often twice, once with a credit) and a standfirst that repeats the body. This
module strips it before anything is ranked, and keeps what is metadata (title, publication
date, byline, dateline) instead of throwing it away.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from summarizer.sentences import split_sentences

__all__ = [
    "CleanedText",
    "RemovedLine",
    "clean_scraped_text",
    "derive_title",
    "merge_extractions",
    "normalize_text",
]

# Characters that are invisible or layout-only in scraped pages.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?"
_DATE = (
    rf"(?:{_WEEKDAY}\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?"

# Abbreviations that news sites print after times; IST is India's (the most common in scrapes).
_TZ_OFFSETS_HOURS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "Z": 0, "IST": 5.5, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "MSK": 3, "KST": 9, "JST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11,
    "PKT": 5, "GST": 4, "WIB": 7, "ICT": 7, "PHT": 8,
}  # fmt: skip
_TZ = r"(?:" + "|".join(sorted(_TZ_OFFSETS_HOURS, key=len, reverse=True)) + r")"

_META_DATE = re.compile(
    r"^\s*(?:date|dated|published|posted)\s*[:=]?\s*"
    r"(?P<value>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)\b"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_DATE_IN_LINE = re.compile(_DATE, re.IGNORECASE)
_TIME_IN_LINE = re.compile(rf"{_TIME}(?:\s*{_TZ}\b)?", re.IGNORECASE)
_ZONED_TIME = re.compile(rf"\b(?P<clock>{_TIME})(?:\s*(?P<zone>{_TZ})\b)?", re.IGNORECASE)
_TZ_IN_LINE = re.compile(rf"\b{_TZ}\b")
_TIMESTAMP_WORDS = re.compile(
    r"\b(?:updated|published|posted|last|modified|first|on|at|edt|ist|utc|gmt)\b|[|:,•·/–—-]",
    re.IGNORECASE,
)

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
    "AP", "Associated Press", "The Associated Press", "Reuters", "AFP", "Agence France-Presse",
    "PTI", "ANI", "IANS", "UNI", "Bloomberg", "dpa", "DPA", "Xinhua", "TASS", "Yonhap",
    "Kyodo", "EFE", "ANSA", "Anadolu", "AA", "Agencies", "CNN", "BBC", "NYT",
)  # fmt: skip
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
_CREDIT_SCAN_PARAGRAPHS = 3
_CAPTION_PHRASE = re.compile(
    r"\bin\s+this\s+(?:file\s+)?(?:photo|picture|image|handout|video\s+grab|screen\s*grab)\b"
    r"|\b(?:photo|picture|image|handout)s?\s+(?:taken|released|provided|distributed|obtained)\b",
    re.IGNORECASE,
)
# WordPress and most CMSs end the excerpt of another story with a bracketed ellipsis.
_TEASER_END = re.compile(r"\[\s*(?:…|\.\.\.|&hellip;)\s*\]\s*$")
_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ")", ":", "…")
_WORD = re.compile(r"[\w’'-]+")

# Only the top of a document is compared for near-duplicates (standfirsts, captions): the
# comparison is quadratic, and a 10 MB text must still clean in linear time.
_NEAR_DUP_WINDOW = 60
_NEAR_DUP_CONTAINMENT = 0.8
_NEAR_DUP_MIN_BIGRAMS = 8
_TITLE_SEARCH_DEPTH = 3
# A precise extraction under this share of the broad one's words has lost the story.
_PRECISE_MIN_SHARE = 0.5


@dataclass(frozen=True)
class RemovedLine:
    """A line that cleaning dropped, and why (kept for transparency and tests)."""

    text: str
    reason: str


@dataclass(frozen=True)
class CleanedText:
    """Clean article body plus the metadata found in the furniture around it."""

    title: str | None
    text: str
    published_at: datetime | None
    published_on: date | None
    byline: str | None
    dateline: str | None
    removed: tuple[RemovedLine, ...]

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []


@dataclass
class _Para:
    text: str
    had_credit: bool = False


@dataclass
class _Meta:
    published_at: datetime | None = None
    published_on: date | None = None
    byline: str | None = None
    dateline: str | None = None


def normalize_text(text: str) -> str:
    """Unicode NFC, no invisible or control characters, Unix newlines, single spaces."""
    # Invisible characters go first: one between a letter and its accent would otherwise block
    # composition, and removing it afterwards would leave the text not in NFC.
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def clean_scraped_text(
    text: str, *, title: str | None = None, detect_title: bool = True
) -> CleanedText:
    """Turn scraped article text into a clean body with its title and metadata.

    A known `title` is removed where the page repeats it at the top; otherwise the title is
    detected from the first lines (unless `detect_title` is off).
    """
    removed: list[RemovedLine] = []
    meta = _Meta()
    paras: list[_Para] = []
    for line in _split_paragraphs(normalize_text(text)):
        paras.extend(_classify(line, meta, removed))

    if title is not None:
        title = " ".join(title.split())
        _drop_repeated_title(paras, title, removed)
    elif detect_title:
        title = _take_title(paras)

    paras = _drop_fragments(paras, removed)
    paras = _drop_captions_and_duplicates(paras, removed)
    paras = _drop_near_duplicates(paras, removed)
    paras = _drop_credit_sentences(paras, removed)
    if paras:
        first = _strip_wire_dateline(paras[0].text, meta)
        paras[0] = _Para(first) if first else paras[0]
    return CleanedText(
        title=title,
        text="\n".join(p.text for p in paras),
        published_at=meta.published_at,
        published_on=meta.published_on,
        byline=meta.byline,
        dateline=meta.dateline,
        removed=tuple(removed),
    )


def derive_title(first_sentence: str, limit: int = 120) -> str:
    """A headline for text that came without one: its first sentence, cut at a word."""
    sentence = first_sentence.strip()
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def merge_extractions(precise: str, broad: str) -> str:
    """One article text from two extractions of the same page, losing no body paragraph.

    A precision-first extraction drops page furniture but also, on some pages, headings, the
    standfirst or most of the story (a page can come down to its reprint notice). The broad
    extraction keeps the story and more furniture. When the precise text holds under half
    the broad one's words it missed the story, and the broad text is used; otherwise the
    broad paragraphs from the first to the last one the precise text kept are used: whatever
    lies between two body paragraphs is body, while furniture sits before or after the story.
    """
    precise_lines = [line for line in precise.split("\n") if line.strip()]
    broad_lines = [line for line in broad.split("\n") if line.strip()]
    if not broad_lines:
        return precise
    if _word_count(precise) < _PRECISE_MIN_SHARE * _word_count(broad):
        return broad
    kept = {_fingerprint(line) for line in precise_lines}
    matched = [i for i, line in enumerate(broad_lines) if _fingerprint(line) in kept]
    if not matched:
        return precise
    first, last = matched[0], matched[-1]
    # A standfirst right above the story is body too when it reads as prose.
    if first > 0 and _looks_like_prose(broad_lines[first - 1]):
        first -= 1
    inside = broad_lines[first : last + 1]
    found = {_fingerprint(line) for line in inside}
    # Paragraphs only the precise extraction found (rare) are kept, at the end.
    extra = [line for line in precise_lines if _fingerprint(line) not in found]
    return "\n".join(inside + extra)


def _split_paragraphs(text: str) -> list[str]:
    """One paragraph per line, unless the text is hard-wrapped at a fixed width."""
    blocks = [b.split("\n") for b in re.split(r"\n\s*\n", text)]
    wrapped_lines = [line for b in blocks if len(b) > 1 for line in b[:-1] if line]
    all_lines = [line for b in blocks for line in b if line]
    if _looks_hard_wrapped(wrapped_lines, all_lines):
        return [" ".join(x for x in b if x) for b in blocks if any(b)]
    return all_lines


def _looks_hard_wrapped(wrapped_lines: list[str], all_lines: list[str]) -> bool:
    if len(wrapped_lines) < 3 or max(len(line) for line in all_lines) > 110:
        return False
    in_band = sum(1 for line in wrapped_lines if 45 <= len(line) <= 100)
    # A wrap falls mid-sentence; lines that end sentences are paragraphs, not wrapped text.
    mid_sentence = sum(1 for line in wrapped_lines if not line.endswith(_TERMINAL))
    return in_band >= 0.7 * len(wrapped_lines) and mid_sentence >= 0.6 * len(wrapped_lines)


def _classify(line: str, meta: _Meta, removed: list[RemovedLine]) -> list[_Para]:
    """Drop furniture lines (recording metadata); return what is left as paragraphs."""
    if m := _META_DATE.match(line):
        _set_published(meta, _parse_iso(m["value"]))
        removed.append(RemovedLine(line, "metadata"))
        rest = m["rest"].strip()
        return _classify(rest, meta, removed) if rest and not _is_banner(rest) else []
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
    if _CREDIT_LINE.match(line) and _word_count(line) <= 12:
        removed.append(RemovedLine(line, "credit"))
        return []
    stripped = _CREDIT_TRAILER.sub("", line).strip() if _mentions_media(line) else line
    if stripped != line:
        return [_Para(stripped, had_credit=True)] if stripped else []
    return [_Para(line)]


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
    words = _word_count(line)
    if not (words <= 8 or (words <= 20 and not line.endswith(_TERMINAL))):
        return False
    before = line[: matches[0].start()].strip(_EDGE_PUNCTUATION)
    after = line[matches[-1].end() :].strip(_EDGE_PUNCTUATION)
    if not before or not after:
        return True
    rest = _BANNER.sub(" ", line)
    return sum(1 for w in re.findall(r"\w+", rest) if w.lower() not in _STOPWORDS) <= 2


def _mentions_media(line: str) -> bool:
    lower = line.lower()
    return any(word in lower for word in ("photo", "image", "picture", "video"))


def _parse_timestamp_line(line: str, meta: _Meta) -> bool:
    """Recognise "December 28, 2023 08:15 am | Updated 08:15 am IST - Seoul" and the like."""
    if len(line) > 140:
        return False
    date_match = _DATE_IN_LINE.search(line)
    if date_match is None:
        return False
    leftover = _TIME_IN_LINE.sub(" ", line[: date_match.start()] + " " + line[date_match.end() :])
    leftover = _TIMESTAMP_WORDS.sub(" ", leftover)
    place_words = _WORD.findall(leftover)
    if len(place_words) > 3:
        return False
    when = _parse_when(line, date_match)
    if when is not None:
        is_update_only = re.match(r"^\s*(?:last\s+)?updated\b", line, re.IGNORECASE)
        if not is_update_only or meta.published_on is None:
            _set_published(meta, when)
    tail = re.search(r"[-–—|]\s*([A-Z][\w.'’ ]{1,40})$", line)
    if tail and meta.dateline is None and not _TZ_IN_LINE.fullmatch(tail[1].strip()):
        meta.dateline = tail[1].strip()
    return True


def _parse_when(line: str, date_match: re.Match[str]) -> datetime | date | None:
    """The date of a timestamp line, with its time and zone when the line makes them clear.

    "08:15 am | Updated 08:15 am IST": the zone printed once covers both times.
    "4:10 PM Taipei (08:10 GMT)": the zoned time is the same instant, so it is used.
    """
    from dateutil import parser as date_parser

    try:
        day = date_parser.parse(date_match[0].replace(".", " ").replace(",", " "), fuzzy=True)
    except (ValueError, OverflowError):
        return None
    times = list(_ZONED_TIME.finditer(line, date_match.end()))
    if not times:
        return day.date()
    first = times[0]
    chosen, zone = first, first["zone"]
    if zone is None:
        later = next((t for t in times[1:] if t["zone"]), None)
        if later is None:
            return day.date()
        between = line[first.end() : later.start()]
        zone = later["zone"]
        if not re.search(r"\bupdated\b", between, re.IGNORECASE):
            chosen = later
    clock = _parse_clock(chosen["clock"])
    if clock is None:
        return day.date()
    offset = timezone(timedelta(hours=_TZ_OFFSETS_HOURS[zone.upper()]))
    return datetime.combine(day.date(), clock, tzinfo=offset)


def _parse_clock(text: str) -> time | None:
    match = re.match(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([ap])?", text, re.IGNORECASE)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    meridiem = (match[4] or "").lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _parse_iso(value: str) -> datetime | date | None:
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        return None
    if len(value) == 10:
        return parsed.date()
    return parsed if parsed.tzinfo else parsed.date()


def _set_published(meta: _Meta, when: datetime | date | None) -> None:
    """First date wins; a time-zoned timestamp on the same day adds the time to it."""
    if when is None:
        return
    if isinstance(when, datetime):
        if meta.published_on is None or meta.published_on == when.date():
            meta.published_on = when.date()
            meta.published_at = meta.published_at or when.astimezone(UTC)
    elif meta.published_on is None:
        meta.published_on = when


def _take_title(paras: list[_Para]) -> str | None:
    """The headline is a short, unpunctuated line near the top, before the prose starts."""
    for index, para in enumerate(paras[:_TITLE_SEARCH_DEPTH]):
        words = _word_count(para.text)
        if _looks_like_prose(para.text):
            return None
        headline_like = 3 <= words <= 30 and len(para.text) <= 250 and not para.text.endswith(".")
        if headline_like and not para.had_credit and index + 1 < len(paras):
            del paras[index]
            return para.text
    return None


def _drop_repeated_title(paras: list[_Para], title: str, removed: list[RemovedLine]) -> None:
    wanted = _fingerprint(title)
    for index, para in enumerate(paras[:_TITLE_SEARCH_DEPTH]):
        if _fingerprint(para.text) == wanted:
            removed.append(RemovedLine(para.text, "title"))
            del paras[index]
            return


def _looks_like_prose(text: str) -> bool:
    return _word_count(text) > 30 or (text.endswith(".") and _word_count(text) > 12)


def _drop_fragments(paras: list[_Para], removed: list[RemovedLine]) -> list[_Para]:
    """Section labels, place names and other stubs are not article text; a sentence-case
    stub between two prose paragraphs is a subheading of the story ("Reaping the harvest")."""
    kept = []
    for index, para in enumerate(paras):
        short = len(para.text) < 60 and _word_count(para.text) <= 3
        if short and not para.text.endswith(_TERMINAL) and not _is_subheading(paras, index):
            removed.append(RemovedLine(para.text, "fragment"))
        else:
            kept.append(para)
    return kept


def _is_subheading(paras: list[_Para], index: int) -> bool:
    """Names, credits and labels are capitalised throughout ("Getty Images", "New York");
    a subheading reads as words ("What comes next"), inside the story."""
    if not 0 < index < len(paras) - 1:
        return False
    words = paras[index].text.split()
    inside = _looks_like_prose(paras[index - 1].text) and _looks_like_prose(paras[index + 1].text)
    return (
        inside
        and len(words) >= 2
        and words[0][:1].isupper()
        and any(w[:1].islower() for w in words[1:])
        and not _mentions_media(paras[index].text)
    )


def _drop_captions_and_duplicates(paras: list[_Para], removed: list[RemovedLine]) -> list[_Para]:
    """Captions (credited or repeated caption text) go entirely; other repeats keep one copy."""
    groups: dict[str, list[int]] = {}
    for index, para in enumerate(paras):
        groups.setdefault(_fingerprint(para.text), []).append(index)
    drop: dict[int, str] = {}
    for indexes in groups.values():
        group = [paras[i] for i in indexes]
        repeated = len(indexes) > 1
        captioned = any(p.had_credit for p in group) or any(
            _CAPTION_PHRASE.search(p.text) for p in group
        )
        credited = any(p.had_credit for p in group)
        if captioned and (repeated or credited or _word_count(group[0].text) <= 60):
            drop.update(dict.fromkeys(indexes, "caption"))
        elif repeated:
            drop.update(dict.fromkeys(indexes[1:], "duplicate"))
    for index, reason in drop.items():
        removed.append(RemovedLine(paras[index].text, reason))
    return [p for i, p in enumerate(paras) if i not in drop]


def _drop_near_duplicates(paras: list[_Para], removed: list[RemovedLine]) -> list[_Para]:
    """A standfirst that the body repeats almost word for word is dropped (the body stays).

    Only paragraphs near the top can be dropped this way; an index of their word pairs keeps
    the comparison with every other paragraph linear in the length of the text.
    """
    shingles = [_bigrams(p.text) for p in paras]
    window = [
        i
        for i in range(min(len(paras), _NEAR_DUP_WINDOW))
        if len(shingles[i]) >= _NEAR_DUP_MIN_BIGRAMS
    ]
    index: dict[tuple[str, str], list[int]] = {}
    for i in window:
        for pair in shingles[i]:
            index.setdefault(pair, []).append(i)
    drop: set[int] = set()
    for j, other in enumerate(shingles):
        shared = Counter(i for pair in other & index.keys() for i in index[pair])
        for i, count in shared.items():
            size = len(shingles[i])
            bigger = len(other) > size or (len(other) == size and j < i)
            if i == j or i in drop or j in drop or not bigger or len(other) > 4 * size:
                continue
            if count >= _NEAR_DUP_CONTAINMENT * size:
                drop.add(i)
                removed.append(RemovedLine(paras[i].text, "near-duplicate"))
    return [p for i, p in enumerate(paras) if i not in drop]


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.lower())
    return set(itertools.pairwise(words))


def _drop_credit_sentences(paras: list[_Para], removed: list[RemovedLine]) -> list[_Para]:
    """Staff credits at the end of the story ("X contributed to this report.") go."""
    for index in range(max(0, len(paras) - _CREDIT_SCAN_PARAGRAPHS), len(paras)):
        text = paras[index].text
        sentences = split_sentences(text)
        while sentences and _is_credit(sentences[-1]):
            credit = sentences.pop()
            removed.append(RemovedLine(credit, "credit"))
            # Cut the credit off instead of re-joining the sentences, which would add spaces
            # where the paragraph had none ('He left.(It rained.)').
            text = text[: text.rindex(credit)].rstrip()
        paras[index] = _Para(text, paras[index].had_credit)
    return [p for p in paras if p.text]


def _is_credit(sentence: str) -> bool:
    return (
        len(sentence) < 400
        and _CREDIT_VERB.search(sentence) is not None
        and _CREDIT_SENTENCE.search(sentence) is not None
    )


def _strip_wire_dateline(text: str, meta: _Meta) -> str:
    """'SEOUL, South Korea (AP) — North Korean leader ...' -> metadata plus the sentence."""
    match = _WIRE_DATELINE.match(text)
    if match is None or match.end() >= len(text):
        return text
    place = match["place"] or match["bare_place"]
    if place:
        place = re.sub(rf",?\s*{_MONTH}\s+\d{{1,2}}$", "", place.strip()).rstrip(",")
        meta.dateline = meta.dateline or place
    if match["agency"]:
        meta.byline = meta.byline or match["agency"]
    return text[match.end() :]


def _fingerprint(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))

"""Turning the service's data into what people read: Telegram HTML, split to fit, and plain
text for the console chat.

Every string from an article or a user is escaped here; search snippets mark matched words
with private-use characters, which become <b> after escaping. Long messages are split under
Telegram's 4,096 characters without ever cutting a tag or an entity: open tags are closed at
the end of a part and opened again at the start of the next.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from storage.search import HIGHLIGHT_END, HIGHLIGHT_START

if TYPE_CHECKING:  # `briefing search` renders snippets without loading the briefings code
    from bot.briefings import Briefing, Story
    from storage import StoredFact

__all__ = [
    "MAX_MESSAGE",
    "Button",
    "Reply",
    "alert_html",
    "briefing_html",
    "card_html",
    "escape",
    "facts_detail_html",
    "html_to_text",
    "snippet_html",
    "snippet_plain",
    "split_html",
]

MAX_MESSAGE = 4096
_TOKEN = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[^<&]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>")


@dataclass(frozen=True)
class Button:
    label: str
    data: str | None = None  # callback data (under 64 bytes)
    url: str | None = None


@dataclass(frozen=True)
class Reply:
    """One answer: HTML text and rows of inline buttons; `edit` replaces the pressed message."""

    html: str
    buttons: list[list[Button]] = field(default_factory=list)
    edit: bool = False


def escape(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def snippet_html(snippet: str) -> str:
    """Escaped HTML with <b> around the matched words."""
    return escape(snippet).replace(HIGHLIGHT_START, "<b>").replace(HIGHLIGHT_END, "</b>")


def snippet_plain(snippet: str, *, start: str = "[", end: str = "]") -> str:
    return snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)


def card_html(
    title: str,
    summary: Sequence[str],
    facts: Sequence[StoredFact],
    *,
    url: str | None = None,
    source: str | None = None,
    published: date | None = None,
    article_id: int | None = None,
) -> str:
    """Title, summary sentences, then When / Who / Weapons, then where it came from."""
    lines = [f"<b>{escape(title)}</b>"]
    meta = [x for x in (published.isoformat() if published else None, source) if x]
    if article_id is not None:
        meta.append(f"#{article_id}")
    if meta:
        lines.append(f"<i>{escape(' · '.join(meta))}</i>")
    lines.append("")
    lines.extend(f"• {escape(sentence)}" for sentence in summary)
    block = facts_block_html(facts)
    if block:
        lines += ["", block]
    if url:
        lines += ["", f'<a href="{html.escape(url, quote=True)}">Source</a>']
    return "\n".join(lines)


def facts_block_html(facts: Sequence[StoredFact], limit: int = 8) -> str:
    dates = [f for f in facts if f.category == "date" and f.name]
    actors = sorted((f for f in facts if f.category == "actor" and f.name), key=lambda f: -f.count)
    # Named systems first ("Hwasong-18"), then classes ("drones", lower case), each by mentions.
    weapons = sorted((f for f in facts if f.category == "weapon" and f.name),
                     key=lambda f: (bool(f.name and f.name[0].islower()), -f.count))  # fmt: skip
    lines = []
    if dates:
        shown = ", ".join(f"{escape(f.name)} ({escape(f.text)})" for f in dates[:limit])
        lines.append(f"<b>When:</b> {shown}")
    if actors:
        lines.append("<b>Who:</b> " + ", ".join(escape(f.name) for f in actors[:limit]))
    if weapons:
        shown = ", ".join(f"{escape(f.name)} ({escape(f.kind)})" for f in weapons[:limit])
        lines.append(f"<b>Weapons:</b> {shown}")
    return "\n".join(lines)


def briefing_html(briefing: Briefing) -> str:
    """A daily briefing: a header with the date and counts, then one block per story."""
    day = f"{briefing.day:%A} {briefing.day.day} {briefing.day:%B %Y}"
    lines = [f"<b>Briefing</b> — {day}"]
    if not briefing.stories:
        lines += ["", escape(briefing.note or "Nothing new since the last briefing.")]
        return "\n".join(lines)
    lines.append(f"<i>{len(briefing.stories)} stories from {briefing.articles} articles</i>")
    for number, story in enumerate(briefing.stories, start=1):
        mark = "★ " if story.watched else ""
        lines += ["", f"<b>{number}. {mark}{escape(story.headline)}</b>"]
        lines.extend(escape(sentence) for sentence in story.summary)
        facts = [
            f"<i>{label}:</i> {escape(', '.join(values))}"
            for label, values in (("When", story.when), ("Who", story.who),
                                  ("Weapons", story.weapons))
            if values
        ]  # fmt: skip
        if facts:
            lines.append(" · ".join(facts))
        links = [
            f'<a href="{html.escape(url, quote=True)}">{escape(name)}</a>' if url else escape(name)
            for name, url in story.sources
        ]
        count = len(story.sources)
        lines.append(f"{count} source{'s' if count != 1 else ''}: " + ", ".join(links))
    return "\n".join(lines)


def alert_html(story: Story) -> str:
    """A watch-list alert: the story's headline, a sentence, and where it came from."""
    lines = [f"🔔 <b>On your watch-list:</b> {escape(story.headline)}"]
    lines.extend(escape(sentence) for sentence in story.summary[:1])
    links = [f'<a href="{html.escape(url, quote=True)}">{escape(name)}</a>' if url else escape(name)
             for name, url in story.sources]  # fmt: skip
    lines.append(", ".join(links))
    return "\n".join(lines)


def facts_detail_html(title: str, facts: Sequence[StoredFact]) -> str:
    """Every fact with the sentence it came from (provenance)."""
    lines = [f"<b>{escape(title)}</b>"]
    for category, heading in (("date", "When"), ("actor", "Who"), ("weapon", "Weapons")):
        chosen = [f for f in facts if f.category == category]
        if not chosen:
            continue
        lines += ["", f"<b>{heading}</b>"]
        for fact in chosen:
            label = fact.name or "?"
            extra = fact.text if category == "date" else fact.kind
            detail = f" ({escape(extra)})" if extra else ""
            lines.append(f"• <b>{escape(label)}</b>{detail}: <i>{escape(fact.sentence)}</i>")
    if len(lines) == 1:
        lines.append("No dates, actors or weapons found.")
    return "\n".join(lines)


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Parts of at most `limit` characters, each well-formed HTML; cuts fall on line ends
    where possible, then on spaces, never inside a tag or an entity."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    open_tags: list[tuple[str, str]] = []  # (name, opening tag)
    for token in _pieces(text):
        match = _TAG.fullmatch(token)
        closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        # An opening tag will need its own closing tag in this part too.
        needed = len(f"</{match[2]}>") if match and not match[1] else 0
        if current and len(current) + len(token) + len(closing) + needed > limit:
            parts.append(current + closing)
            current = "".join(tag for _, tag in open_tags)
        current += token
        if match:
            if match[1]:
                if open_tags and open_tags[-1][0] == match[2].lower():
                    open_tags.pop()
            else:
                open_tags.append((match[2].lower(), token))
    if current.strip():
        parts.append(current)
    return [p for p in (part.strip() for part in parts) if p]


def _pieces(text: str) -> list[str]:
    """Tags, entities, and text cut into words and line ends, each kept whole."""
    pieces: list[str] = []
    for token in _TOKEN.findall(text):
        if token.startswith(("<", "&")) and len(token) > 1:
            pieces.append(token)
            continue
        for chunk in re.findall(r"\S+\s*|\s+", token):
            # A single "word" longer than a message (a pasted blob) is cut hard.
            pieces.extend(chunk[i : i + 1000] for i in range(0, len(chunk), 1000))
    return pieces


def html_to_text(text: str) -> str:
    """The console chat's view of a Telegram message."""
    text = re.sub(r'<a href="([^"]*)">([^<]*)</a>', r"\2 (\1)", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))

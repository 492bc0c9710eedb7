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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from bot.usecases.archive import HIGHLIGHT_END, HIGHLIGHT_START

if TYPE_CHECKING:  # `briefing search` renders snippets without loading the briefings code
    from bot.usecases.archive import ArticleRecord, DigestItem, StoredFact
    from bot.usecases.audience import SubscriptionRecord

__all__ = [
    "MAX_MESSAGE",
    "Attachment",
    "Button",
    "Reply",
    "article_html",
    "card_html",
    "escape",
    "facts_detail_html",
    "help_html",
    "ingested_html",
    "latest_html",
    "opml_import_html",
    "plural",
    "search_page_html",
    "settings_html",
    "snippet_html",
    "snippet_plain",
    "sources_html",
    "split_html",
    "stats_html",
    "telegram_html_to_plain",
    "weapons_in_order",
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
class Attachment:
    """A file sent with a reply, whose HTML becomes the file's caption (at most 1,024); a
    photo (a chart) is shown in the chat, a document is offered as a file."""

    filename: str
    data: bytes
    kind: Literal["document", "photo"] = "document"


@dataclass(frozen=True)
class Reply:
    """One answer: HTML text and rows of inline buttons; `edit` replaces the pressed message."""

    html: str
    buttons: list[list[Button]] = field(default_factory=list)
    edit: bool = False
    document: Attachment | None = None


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 result", "2 results", "0 stories" (`many` for irregular plurals)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


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
    weapons = weapons_in_order(facts)
    lines = []
    if dates:
        lines.append("<b>When:</b> " + ", ".join(_date_label(f) for f in dates[:limit]))
    if actors:
        lines.append("<b>Who:</b> " + ", ".join(escape(f.name) for f in actors[:limit]))
    if weapons:
        shown = ", ".join(f"{escape(f.name)} ({escape(f.kind)})" for f in weapons[:limit])
        lines.append(f"<b>Weapons:</b> {shown}")
    return "\n".join(lines)


def weapons_in_order(facts: Sequence[StoredFact]) -> list[StoredFact]:
    """Named systems first ("Hwasong-18", "IRIS-T SLM"), then classes ("drones", "IEDs"),
    each by mentions, first mentioned first among equals."""
    weapons = [f for f in facts if f.category == "weapon" and f.name]
    # Here, not at the top: `briefing search` renders snippets without the briefings code.
    from bot.usecases.briefings import is_weapon_class  # noqa: PLC0415

    return sorted(weapons, key=lambda f: (is_weapon_class(f.name or ""), -f.count))


def _date_label(fact: StoredFact) -> str:
    """ "2026-11-19 (Thursday)"; "2035" alone when the text said just that; "Sunday (date
    unknown)" when it could not be resolved."""
    text = (fact.text or "").strip()
    if not fact.name:
        return f"{escape(text or '?')} (date unknown)"
    if not text or text.casefold() == fact.name.casefold():
        return escape(fact.name)
    return f"{escape(fact.name)} ({escape(text)})"


def facts_detail_html(title: str, facts: Sequence[StoredFact]) -> str:
    """Every fact with the sentence it came from (provenance)."""
    lines = [f"<b>{escape(title)}</b>"]
    for category, heading in (("date", "When"), ("actor", "Who"), ("weapon", "Weapons")):
        chosen = [f for f in facts if f.category == category]
        if category == "weapon":
            chosen = weapons_in_order(chosen) + [f for f in chosen if not f.name]
        if not chosen:
            continue
        lines += ["", f"<b>{heading}</b>"]
        for fact in chosen:
            if category == "date":
                label = _date_label(fact)
            else:
                label = escape(fact.name or "?") + (f" ({escape(fact.kind)})" if fact.kind else "")
            lines.append(f"• <b>{label}</b>: <i>{escape(fact.sentence)}</i>")
    if len(lines) == 1:
        lines.append("No dates, actors or weapons found.")
    return "\n".join(lines)


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Parts of at most `limit` characters, each well-formed HTML. A part ends at the last
    paragraph or line end (a bullet) that fits, else at a sentence end, else at a space;
    only a single word longer than a part is cut. Never inside a tag or an entity."""
    if len(text) <= limit:
        return [text]
    tokens = _pieces(text)
    ends = _boundaries(tokens)
    parts: list[str] = []
    start = 0
    open_tags: list[tuple[str, str]] = []  # (name, opening tag) open where the part starts
    while start < len(tokens):
        tags = list(open_tags)
        size = sum(len(tag) for _, tag in tags)
        best: dict[int, tuple[int, list[tuple[str, str]]]] = {}  # strength -> (end, tags)
        end = start
        while end < len(tokens):
            token = tokens[end]
            match = _TAG.fullmatch(token)
            closing = sum(len(name) + 3 for name, _ in tags)
            # An opening tag will need its own closing tag in this part too.
            needed = len(match[2]) + 3 if match and not match[1] else 0
            if end > start and size + len(token) + closing + needed > limit:
                break
            size += len(token)
            _follow(tags, match, token)
            end += 1
            if ends[end - 1] >= 0:
                best[min(ends[end - 1], _LINE)] = (end, list(tags))
        if end < len(tokens):
            strongest = max(best, default=None)
            if strongest is not None:
                end, tags = best[strongest]
        closing_tags = "".join(f"</{name}>" for name, _ in reversed(tags))
        prefix = "".join(tag for _, tag in open_tags)
        parts.append(prefix + "".join(tokens[start:end]) + closing_tags)
        start, open_tags = end, tags
    return [p for p in (part.strip() for part in parts) if p]


_WORD_END, _SENTENCE, _LINE = 0, 1, 2
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+$")
_SENTENCE_START = re.compile(r"[\"'“‘«(\[]?[A-Z0-9\u00c0-\u024f\u0400-\u04ff]|[^\x00-\u024f]")


def _boundaries(tokens: list[str]) -> list[int]:
    """How good a place to end a part each token's end is: a line end (a paragraph or a
    bullet), a sentence end, a space, or -1 (inside a word, tag or entity)."""
    strengths = []
    for index, token in enumerate(tokens):
        if (token.startswith(("<", "&")) and len(token) > 1) or not token[-1:].isspace():
            strengths.append(-1)
        elif "\n" in token:
            strengths.append(_LINE)
        elif _SENTENCE_END.search(token) and _SENTENCE_START.match(_next_text(tokens, index)):
            strengths.append(_SENTENCE)
        else:
            strengths.append(_WORD_END)
    return strengths


def _next_text(tokens: list[str], index: int) -> str:
    for token in tokens[index + 1 :]:
        if not _TAG.fullmatch(token):
            return token
    return ""


def _follow(tags: list[tuple[str, str]], match: re.Match[str] | None, token: str) -> None:
    """Keep the list of open tags up to date after `token`."""
    if match is None:
        return
    if match[1]:
        if tags and tags[-1][0] == match[2].lower():
            tags.pop()
    else:
        tags.append((match[2].lower(), token))


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


def telegram_html_to_plain(text: str) -> str:
    """The console chat's view of a Telegram message."""
    text = re.sub(r'<a href="([^"]*)">([^<]*)</a>', r"\2 (\1)", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


# -- command replies --------------------------------------------------------------------------


def help_html(commands: Iterable[tuple[str, str, str]]) -> str:
    """/help: each (name, description, example), then the search syntax."""
    lines = ["<b>Commands</b>"]
    lines += [
        f"/{name} — {escape(description)}\n    <code>{escape(example)}</code>"
        for name, description, example in commands
    ]
    lines.append(
        '\nSearch: words, "phrases", -exclude, OR, prefix*, since:, until:, '
        "source:, actor:, weapon:"
    )
    return "\n".join(lines)


def search_page_html(found: Any, shown: str) -> str:
    """One page of search results (`found` is the archive's SearchPage, with hits)."""
    first = found.offset + 1
    lines = [
        f"<b>{found.total}</b> {'result' if found.total == 1 else 'results'} for "
        f"<b>{escape(shown)}</b> "
        f"({first}–{found.offset + len(found.hits)})"
    ]
    for hit in found.hits:
        when = hit.published.isoformat() if hit.published else "undated"
        lines.append(
            f"\n<b>#{hit.id}</b> {escape(hit.title)}\n<i>{when}</i> · {snippet_html(hit.snippet)}"
        )
    return "\n".join(lines)


def latest_html(items: Sequence[DigestItem], offset: int, more: bool) -> str:
    """A page of /latest: id, title, date and lead sentence of each article."""
    lines = [
        "<b>Latest articles</b>"
        + (f" ({offset + 1}–{offset + len(items)})" if offset or more else "")
    ]
    for item in items:
        record = item.article
        when = record.published_on.isoformat() if record.published_on else "undated"
        lead = escape(item.summary[0]) if item.summary else ""
        lines.append(f"\n<b>#{record.id}</b> {escape(record.title)}\n<i>{when}</i> {lead}")
    return "\n".join(lines)


def article_html(record: ArticleRecord) -> str:
    """/article: the stored text, paragraph by paragraph, and its link."""
    when = record.published_on.isoformat() if record.published_on else "undated"
    meta = " · ".join(filter(None, [when, record.source]))
    head = f"<b>{escape(record.title)}</b>\n<i>{escape(meta)}</i>"
    body = "\n\n".join(escape(p) for p in record.text.split("\n"))
    link = f'\n\n<a href="{escape(record.url)}">Source</a>' if record.url else ""
    return f"{head}\n\n{body}{link}"


def _days_label(weekdays: str) -> str:
    if weekdays == "1234567":
        return "every day"
    if weekdays == "12345":
        return "Monday to Friday"
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    # Stored data is shown, not trusted: anything but an ISO weekday digit is skipped.
    return ", ".join(names[int(d) - 1] for d in weekdays if d in "1234567") or "no days"


def settings_html(record: SubscriptionRecord) -> str:
    """/settings of an active subscription, and how to change them."""
    watch = ", ".join(f"{kind}: {escape(value)}" for kind, value in record.watch) or "empty"
    return (
        f"<b>Settings</b>\nTime: <b>{record.briefing_time:%H:%M}</b> "
        f"({escape(record.timezone)}), {_days_label(record.weekdays)}\n"
        f"Items per briefing: <b>{record.items}</b>\n"
        f"Watch-list: {watch}\n\nChange: <code>/settings time 06:45</code>, "
        "<code>/settings tz Asia/Seoul</code>, <code>/settings watch actor North Korea</code>"
    )


def ingested_html(results: Sequence[Any]) -> str:
    """What /ingest stored: counts, then the first ten ids and titles."""
    new = [r for r in results if not r.duplicate]
    lines = [f"Stored {len(new)} new, {len(results) - len(new)} already archived."]
    lines += [f"#{r.id} {escape(r.title)}" for r in results[:10]]
    return "\n".join(lines)


def sources_html(sources: Sequence[Any]) -> str:
    """/sources: each source with its kind, article count and whether it is polled."""
    lines = ["<b>Sources</b>"]
    for s in sources:
        state = "" if s.active else " (stopped)"
        lines.append(f"#{s.id} {escape(s.name)} — {s.kind}, {plural(s.articles, 'article')}{state}")
    return "\n".join(lines)


def opml_import_html(report: Any) -> str:
    """What an OPML import did: counts, then up to twenty problems."""
    n = report.counts()
    lines = [
        f"Imported {n['feeds']} feeds: {n['added']} added, {n['already_polled']} already "
        f"polled, {n['duplicates']} duplicates, {n['invalid']} invalid."
    ]
    problems = [
        f"Outline {o.outline} ({escape(o.feed.title or o.feed.url or '?')}): {escape(o.error)}"
        for o in report.outcomes
        if o.error
    ]
    lines += problems[:20]
    if len(problems) > 20:
        lines.append(f"… and {len(problems) - 20} more.")
    return "\n".join(lines)


def stats_html(counts: Any) -> str:
    return (
        f"Articles: <b>{counts.articles}</b>\nSources: <b>{counts.sources}</b>\n"
        f"Subscribers: <b>{counts.subscribers}</b>"
    )

"""Timelines, trends and surges as Telegram HTML: what /timeline and /trend show, a surge
alert, and a briefing's "rising" line."""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.telegram.render import escape, plural
from bot.usecases.surges import AVERAGE_DAYS, Surge
from bot.usecases.timelines import Timeline, TimelineEntry
from bot.usecases.trends import Series, Trend

__all__ = [
    "MAX_ENTRY_CHARS",
    "rising_html",
    "surge_html",
    "timeline_html",
    "trend_caption_html",
]

_SENTENCE_CHARS = 320
_SOURCES_SHOWN = 3
_SOURCE_CHARS = 40
_LABEL_CHARS = 40
_QUERY_CHARS = 80
_NOTES, _NOTE_CHARS = 3, 120
# An entry's visible characters at most: label, sentence, three sources and their ids.
MAX_ENTRY_CHARS = _LABEL_CHARS + 3 + _SENTENCE_CHARS + 1 + _SOURCES_SHOWN * (_SOURCE_CHARS + 14) + 8


def timeline_html(found: Timeline, shown_query: str, *, first_page: bool = True) -> str:
    """A page of a timeline. Its visible length stays within a message by construction
    (at most MAX_ENTRY_CHARS an entry), so a page is never cut and no entry is lost."""
    title = f"<b>Timeline: {escape(shown_query[:_QUERY_CHARS])}</b>"
    if not found.entries:
        if found.earlier is not None:
            more = "No dated events among the newest articles read; « Earlier reads on."
        else:
            more = "No dated events found." if first_page else "No more events this way."
        return f"{title}\n\n{more}"
    lines = [title]
    lines += [f"<i>{escape(note[:_NOTE_CHARS])}</i>" for note in found.notes[:_NOTES]]
    for entry in found.entries:
        lines += ["", _entry_html(entry)]
    return "\n".join(lines)


def _entry_html(entry: TimelineEntry) -> str:
    sentence = entry.sentence
    if len(sentence) > _SENTENCE_CHARS:
        sentence = sentence[: _SENTENCE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    links = []
    for source in entry.sources[:_SOURCES_SHOWN]:
        name = escape((source.source or f"#{source.id}")[:_SOURCE_CHARS])
        url = html.escape(source.url, quote=True) if source.url else None
        links.append(f'<a href="{url}">{name}</a>' if url else name)
    extra = len(entry.sources) - _SOURCES_SHOWN
    if extra > 0:
        links.append(f"+{extra}")
    ids = " ".join(f"#{s.id}" for s in entry.sources[:_SOURCES_SHOWN])
    label = escape(entry.label[:_LABEL_CHARS])
    return f"<b>{label}</b> — {escape(sentence)}\n<i>{', '.join(links)}</i> {ids}"


def trend_caption_html(trend: Trend) -> str:
    """The numbers the chart shows, in words: each query's latest day (or week) against its
    30-day average, its total and its peak."""
    unit = trend.by
    lines = []
    for series in trend.series:
        lines.append(_series_line(series, unit))
    span = f"{trend.since.isoformat()} to {trend.until.isoformat()}"
    lines.append(f"<i>Articles per {unit}, {span}; dashed: the {AVERAGE_DAYS}-day average.</i>")
    return "\n".join(lines)  # at most ~800 visible characters: 4 queries of 80, numbers


def _series_line(series: Series, unit: str) -> str:
    latest = series.points[-1][1] if series.points else 0
    average = series.averages[-1] if series.averages else 0.0
    now = "today" if unit == "day" else "this week"
    peak = series.peak
    top = f", most on {peak[0].isoformat()} ({peak[1]})" if peak else ""
    return (
        f"<b>{escape(series.query[:_QUERY_CHARS])}</b>: {plural(latest, 'article')} {now}, "
        f"{AVERAGE_DAYS}-day average {average:.1f} a {unit}; {series.total} in all{top}."
    )


def surge_html(surge: Surge) -> str:
    """A watch item's surge alert: "Hwasong-18: 9 articles today, 6x its 30-day average"."""
    return f"📈 <b>Surge</b> — {escape(surge_text(surge))}\nSee /trend {escape(surge.name[:80])}"


def surge_text(surge: Surge) -> str:
    ratio = surge.ratio
    if ratio is None:
        against = f"none in the {AVERAGE_DAYS} days before"
    else:
        against = f"{ratio:.0f}x its {AVERAGE_DAYS}-day average"
    return f"{surge.name}: {plural(surge.count, 'article')} today, {against}"


def rising_html(surges: Sequence[Surge]) -> str:
    """A briefing's "rising" line: 📈 Rising (articles on 2 Dec): Houthis 12 (4x), Hwasong-18
    9 (6x); "new" for a name none of the 30 days before had."""
    days = {s.day for s in surges if s.day is not None}
    when = f" (articles on {min(days).day} {min(days):%b})" if len(days) == 1 else ""
    parts = []
    for surge in surges:
        ratio = f"{surge.ratio:.0f}x" if surge.ratio is not None else "new"
        parts.append(f"{escape(surge.name)} {surge.count} ({ratio})")
    return f"📈 <i>Rising{when}:</i> " + ", ".join(parts)

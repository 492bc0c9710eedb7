"""Briefings, stories and alerts as Telegram HTML: one block per story, each summary sentence
credited to its source when several sources tell it, and updates saying what is new since."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from bot.telegram.render import escape, plural
from bot.telegram.trend_render import rising_html

if TYPE_CHECKING:
    from bot.usecases.briefings import Briefing, Story

__all__ = ["alert_html", "briefing_html", "story_block_html", "story_html"]


def briefing_html(briefing: Briefing) -> str:
    """A daily briefing: a header with the date and counts, then one block per story."""
    day = f"{briefing.day:%A} {briefing.day.day} {briefing.day:%B %Y}"
    lines = [f"<b>Briefing</b> — {day}"]
    if not briefing.stories:
        lines += ["", escape(briefing.note or "Nothing new since the last briefing.")]
        return "\n".join(lines)
    counts = f"{plural(len(briefing.stories), 'story', 'stories')} from "
    lines.append(f"<i>{counts}{plural(briefing.articles, 'article')}</i>")
    if briefing.rising:
        lines.append(rising_html(briefing.rising))
    if briefing.note:
        lines.append(escape(briefing.note))
    for number, story in enumerate(briefing.stories, start=1):
        lines += ["", story_block_html(story, number)]
    return "\n".join(lines)


def story_block_html(story: Story, number: int | None = None) -> str:
    """One story: its headline, its summary (each sentence with its source when several
    sources tell it; for an update, what is new since the articles the reader was told),
    facts and sources."""
    mark = "★ " if story.watched else ""
    prefix = f"{number}. " if number is not None else ""
    update = "Update: " if story.update_since else ""
    lines = [f"<b>{prefix}{mark}{update}{escape(story.headline)}</b>"]
    if story.update_since:
        lines.append(f"<i>New since {story.update_since.day} {story.update_since:%B}:</i>")
    attributed = len(story.sources) > 1  # one name per source already
    for sentence, source in zip(story.summary, story.summary_sources, strict=False):
        credit = f" <i>— {escape(source)}</i>" if attributed else ""
        lines.append(f"{escape(sentence)}{credit}")
    facts = [
        f"<i>{label}:</i> {escape(', '.join(values))}"
        for label, values in (
            ("When", story.when),
            ("Who", story.who),
            ("Weapons", story.weapons),
        )
        if values
    ]
    if facts:
        lines.append(" · ".join(facts))
    lines.append(f"{plural(len(story.sources), 'source')}: " + _links(story))
    return "\n".join(lines)


def story_html(story: Story) -> str:
    """The whole story behind an article (the /summary button): all its sources at once."""
    return story_block_html(story)


def alert_html(story: Story) -> str:
    """A watch-list alert: the story's headline, a sentence, and where it came from."""
    update = "Update: " if story.update_since else ""
    lines = [f"🔔 <b>On your watch-list:</b> {update}{escape(story.headline)}"]
    lines.extend(escape(sentence) for sentence in story.summary[:1])
    lines.append(_links(story))
    return "\n".join(lines)


def _links(story: Story) -> str:
    return ", ".join(
        f'<a href="{html.escape(url, quote=True)}">{escape(name)}</a>' if url else escape(name)
        for name, url in story.sources
    )

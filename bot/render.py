"""Turning stored text into what people read: HTML for Telegram and JSON, plain for terminals.

Search snippets mark matched words with private-use characters; here they become bold, and
everything else is escaped.
"""

from __future__ import annotations

import html

from storage.search import HIGHLIGHT_END, HIGHLIGHT_START

__all__ = ["snippet_html", "snippet_plain"]


def snippet_html(snippet: str) -> str:
    """Escaped HTML with <b> around the matched words."""
    escaped = html.escape(snippet.replace("<b>", "").replace("</b>", ""), quote=False)
    return escaped.replace(HIGHLIGHT_START, "<b>").replace(HIGHLIGHT_END, "</b>")


def snippet_plain(snippet: str, *, start: str = "[", end: str = "]") -> str:
    return snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)

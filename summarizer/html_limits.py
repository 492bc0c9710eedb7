"""A linear pre-pass that bounds hostile HTML before any parser or extractor sees it.

libxml2 checks each attribute of a start tag against the ones before it, and lxml looks each
attribute up by name when Python reads an element's attributes (htmldate and trafilatura do,
for every element, several times): both are quadratic in the attributes of one element, so a
single tag with 50,000 attributes took over a minute. Past 255 levels of nesting libxml2 also
stops building the tree and the rest of the page (the story) is lost. This pass caps
attributes per element and per page, truncates huge attribute values and unwraps elements
nested too deep (their text stays), so later work grows linearly with the page. Ordinary pages
pass through unchanged: a tag is rewritten only when it breaks a bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "MAX_ATTRIBUTES_PER_ELEMENT",
    "MAX_ATTRIBUTES_TOTAL",
    "MAX_ATTRIBUTE_VALUE_CHARS",
    "MAX_DEPTH",
    "HtmlBounds",
    "bound_html",
]

# Real pages carry a few dozen attributes on their busiest elements (SVG, data-* widgets).
MAX_ATTRIBUTES_PER_ELEMENT = 64
MAX_ATTRIBUTES_TOTAL = 100_000
MAX_ATTRIBUTE_VALUE_CHARS = 4_096
# Counted over elements that need an end tag; 'li', 'p', 'td'... close themselves and are not
# counted, so the real depth stays well under libxml2's 255.
MAX_DEPTH = 100

# A start or end tag. '<' and '>' may not appear inside (even quoted) so every failed match
# stops at the next '<' and the scan stays linear; a tag split this way is passed through.
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)([^<>]*)>")
_COMMENT_END = re.compile(r"-->")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]*))?""")
# Up to this many characters an attribute list cannot break the per-element bound.
_FAST_ATTRIBUTE_CHARS = 128
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext"})
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
        "frame",
        "basefont",
        "isindex",
    }
)
_SELF_CLOSING = frozenset(
    {
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rp",
        "rtc",
        "html",
        "head",
        "body",
    }
)


@dataclass
class HtmlBounds:
    """What the pre-pass changed (for tests and benches)."""

    attributes_dropped: int = 0
    values_truncated: int = 0
    elements_unwrapped: int = 0


def bound_html(html: str, stats: HtmlBounds | None = None) -> str:
    """`html` with attribute counts, attribute sizes and nesting depth bounded; text kept."""
    state = _Pass(html, stats if stats is not None else HtmlBounds())
    state.run()
    return "".join(state.out)


class _Pass:
    """One left-to-right scan; every step consumes input, so the whole pass is linear."""

    def __init__(self, html: str, stats: HtmlBounds) -> None:
        self.html = html
        self.stats = stats
        self.out: list[str] = []
        self.open_tags: list[str] = []
        self.unwrapped: dict[str, int] = {}
        self.total = 0

    def run(self) -> None:
        html, pos = self.html, 0
        while (lt := html.find("<", pos)) >= 0:
            self.out.append(html[pos:lt])
            if html.startswith("<!--", lt):
                end = _COMMENT_END.search(html, lt + 4)
                pos = end.end() if end else len(html)
                self.out.append(html[lt:pos])
            elif (match := _TAG.match(html, lt)) is None:
                self.out.append("<")
                pos = lt + 1
            elif match[1]:
                pos = match.end()
                self._end_tag(match)
            else:
                pos = self._start_tag(match)
        self.out.append(html[pos:])

    def _end_tag(self, match: re.Match[str]) -> None:
        name = match[2].lower()
        if name in self.open_tags:
            while self.open_tags.pop() != name:
                pass
        elif self.unwrapped.get(name):
            self.unwrapped[name] -= 1
            return
        self.out.append(match[0])

    def _start_tag(self, match: re.Match[str]) -> int:
        """Write the bounded start tag (or drop it, too deep); return where to go on."""
        name, attributes, pos = match[2].lower(), match[3], match.end()
        tag = match[0]
        if len(attributes) > _FAST_ATTRIBUTE_CHARS or self.total >= MAX_ATTRIBUTES_TOTAL:
            tag, kept = _bound_attributes(match, MAX_ATTRIBUTES_TOTAL - self.total, self.stats)
            self.total += kept
        else:
            self.total += attributes.count("=")
        void = name in _VOID or attributes.rstrip().endswith("/")
        if not void and name not in _SELF_CLOSING:
            if len(self.open_tags) >= MAX_DEPTH:
                self.unwrapped[name] = self.unwrapped.get(name, 0) + 1
                self.stats.elements_unwrapped += 1
                return pos
            self.open_tags.append(name)
        self.out.append(tag)
        if name in _RAW_TEXT and not void:
            # A script or style body is copied unchanged: markup-like text in it is not markup.
            end = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(self.html, pos)
            stop = end.end() if end else len(self.html)
            self.out.append(self.html[pos:stop])
            if self.open_tags and self.open_tags[-1] == name:
                self.open_tags.pop()
            return stop
        return pos


def _bound_attributes(match: re.Match[str], budget: int, stats: HtmlBounds) -> tuple[str, int]:
    """The start tag rebuilt with its first distinct attributes, within the bounds."""
    limit = max(0, min(MAX_ATTRIBUTES_PER_ELEMENT, budget))
    seen: set[str] = set()
    parts: list[str] = []
    changed = False
    for attribute in _ATTRIBUTE.finditer(match[3]):
        key = attribute[1].lower()
        if key in seen or len(parts) >= limit or len(key) > MAX_ATTRIBUTE_VALUE_CHARS:
            stats.attributes_dropped += 1
            changed = True
            continue
        seen.add(key)
        value = attribute[2]
        if value is None:
            parts.append(attribute[1])
            continue
        if len(value) > MAX_ATTRIBUTE_VALUE_CHARS:
            inner = value[1:-1] if value[:1] in {'"', "'"} else value
            value = '"' + inner[:MAX_ATTRIBUTE_VALUE_CHARS].replace('"', "&quot;") + '"'
            stats.values_truncated += 1
            changed = True
        parts.append(f"{attribute[1]}={value}")
    if not changed:
        return match[0], len(parts)
    ending = "/>" if match[3].rstrip().endswith("/") else ">"
    return f"<{match[2]}{''.join(' ' + p for p in parts)}{ending}", len(parts)

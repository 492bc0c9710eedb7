"""Two extractions of one HTML page merged into one article text.

trafilatura's precision-first pass and its default pass each lose something (the story, or
nothing but furniture); `merge_extractions` keeps the body of both. Text in, text out: the
HTML reader in `summarizer.html_text` runs the passes.
"""

from __future__ import annotations

from summarizer.clean_rules import fingerprint, looks_like_prose, word_count

__all__ = ["merge_extractions"]

# A precise extraction under this share of the broad one's words has lost the story.
_PRECISE_MIN_SHARE = 0.5


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
    if word_count(precise) < _PRECISE_MIN_SHARE * word_count(broad):
        return broad
    kept = {fingerprint(line) for line in precise_lines}
    matched = [i for i, line in enumerate(broad_lines) if fingerprint(line) in kept]
    if not matched:
        return precise
    first, last = matched[0], matched[-1]
    # A standfirst right above the story is body too when it reads as prose.
    if first > 0 and looks_like_prose(broad_lines[first - 1]):
        first -= 1
    inside = broad_lines[first : last + 1]
    found = {fingerprint(line) for line in inside}
    # Paragraphs only the precise extraction found (rare) are kept, at the end.
    extra = [line for line in precise_lines if fingerprint(line) not in found]
    return "\n".join(inside + extra)

"""Language identification for stored articles.

py3langid ships its model inside the package, so detection works offline.
"""

from __future__ import annotations

_SAMPLE_CHARS = 4000
_MIN_CHARS = 20


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_CHARS:
        return None
    import py3langid  # with numpy: imported by the first article stored, not at start-up

    code, _score = py3langid.classify(sample)
    return str(code)

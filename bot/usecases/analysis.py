"""What the product computes from a document without storing it: summaries and key facts,
for `briefing summarize`, `briefing facts` and the bot's answers to pasted text and files.

Pure work on text (no database); the functions that take an extractor run in worker
processes too (bot/telegram/cards.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from bot.usecases.errors import InputError, translated
from bot.usecases.inputs import check_size, parse_published
from bot.usecases.jsonlines import read_json_lines
from summarizer.clean import clean_scraped_text
from summarizer.documents import ArticleDraft, draft_from_text, parse_document
from summarizer.facts import ArticleFacts, FactExtractor
from summarizer.hygiene import scrub_text
from summarizer.rank import DEFAULT_METHOD, Summary, summarize

if TYPE_CHECKING:
    from bot.usecases.config import Settings
    from storage.facts import StoredFact
    from summarizer.facts.ner import EntityRecognizer
    from summarizer.facts.ner_slavic import PeopleRecognizer

__all__ = [
    "ArticleCard",
    "ArticleFacts",
    "DocumentSummary",
    "FactExtractor",
    "LineResult",
    "SentDocument",
    "Summary",
    "build_fact_extractor",
    "document_card",
    "facts_jsonl",
    "facts_of_document",
    "stored_facts",
    "summarize_document",
    "summarize_jsonl",
    "summarize_text",
    "text_card",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleCard:
    """What the bot shows for an article: title, summary, facts and where it came from."""

    title: str
    url: str | None
    source: str | None
    published: date | None
    summary: list[str]
    facts: list[StoredFact]
    article_id: int | None
    story_articles: int = 0  # a stored article's story: how many articles tell it (0: none)


@dataclass(frozen=True)
class DocumentSummary:
    title: str
    summary: Summary


def summarize_text(text: str, *, sentences: int = 3, method: str = DEFAULT_METHOD) -> Summary:
    """Summary of raw article text: page furniture is removed before ranking."""
    body = scrub_text(clean_scraped_text(text).text)
    with translated():
        return summarize(body, sentences=sentences, method=method)


def summarize_document(
    data: bytes,
    *,
    name: str | None = None,
    max_bytes: int,
    sentences: int = 3,
    method: str = DEFAULT_METHOD,
) -> list[DocumentSummary]:
    """Summaries of every article in a text, HTML or RSS/Atom document (nothing is stored)."""
    check_size(len(data), max_bytes)
    with translated():
        parsed = parse_document(data, name=name)
        return [
            DocumentSummary(draft.title, summarize(draft.text, sentences=sentences, method=method))
            for draft in parsed.articles
        ]


R = TypeVar("R")


@dataclass(frozen=True)
class LineResult(Generic[R]):
    """What one JSON line came to: its `id` (any JSON value) and a result or an error."""

    id: object
    result: R | None = None
    error: str | None = None


def summarize_jsonl(
    lines: Iterable[bytes], *, sentences: int = 3, method: str = DEFAULT_METHOD
) -> Iterator[LineResult[Summary]]:
    """One result per input line, in order: a summary or the line's error."""
    for line in read_json_lines(lines, skip_blank=False):
        number, record = line.number, line.value
        if line.error is not None:
            yield LineResult(None, error=f"line {number}: {line.error}")
            continue
        if not isinstance(record, dict):
            yield LineResult(None, error=f"line {number}: not a JSON object")
            continue
        ident = record.get("id")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield LineResult(ident, error=f'line {number}: no "text"')
            continue
        try:
            summary = summarize_text(text, sentences=sentences, method=method)
        except InputError as exc:
            yield LineResult(ident, error=f"line {number}: {exc}")
            continue
        yield LineResult(ident, summary)


def text_card(extractor: FactExtractor, text: str, *, max_bytes: int) -> ArticleCard:
    """Summary and facts of pasted text: pure computation, also run in worker processes."""
    check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    with translated():
        draft = draft_from_text(text)
    return _draft_card(extractor, draft)


@dataclass(frozen=True)
class SentDocument:
    """A document to make a card of, as sent or fetched: its bytes, and what its name, URL and
    content type say about how to read them. One value, so it crosses into a worker whole."""

    data: bytes
    name: str | None = None
    url: str | None = None
    content_type: str | None = None


def document_card(
    extractor: FactExtractor, document: SentDocument, *, max_bytes: int
) -> ArticleCard:
    """Summary and facts of a document's first article (text, HTML or a feed)."""
    check_size(len(document.data), max_bytes)
    with translated():
        parsed = parse_document(
            document.data, name=document.name, url=document.url, content_type=document.content_type
        )
    return _draft_card(extractor, parsed.articles[0])


def _draft_card(extractor: FactExtractor, draft: ArticleDraft) -> ArticleCard:
    summary = summarize(draft.text, sentences=3).sentences
    facts = extractor.extract(f"{draft.title}\n{draft.text}", draft.published_on)
    return ArticleCard(
        draft.title, draft.url, draft.source, draft.published_on, summary, stored_facts(facts), None
    )


def build_fact_extractor(settings: Settings) -> FactExtractor:
    """The fact extractor, with the configured NER model when it is installed. Nothing is
    loaded yet: the model on the first extraction (or `load`), the gazetteers on first use."""
    model = settings.ner_model
    if not model:
        return FactExtractor(None)

    def load() -> EntityRecognizer | None:
        from summarizer.facts.ner import NerUnavailable, load_spacy_recognizer  # noqa: PLC0415

        try:
            return load_spacy_recognizer(model)
        except NerUnavailable as exc:
            logger.warning("%s; people and organisations come from title patterns only", exc)
            return None

    def load_people() -> PeopleRecognizer | None:
        from summarizer.facts.ner import NerUnavailable  # noqa: PLC0415
        from summarizer.facts.ner_slavic import load_slavic_people  # noqa: PLC0415

        try:
            return load_slavic_people()
        except NerUnavailable as exc:
            logger.warning("%s; people in Russian text come from the gazetteer only", exc)
            return None

    return FactExtractor(load_recognizer=load, load_people=load_people)


def stored_facts(facts: ArticleFacts) -> list[StoredFact]:
    """Facts as the storage layer keeps them."""
    from storage.facts import StoredFact  # noqa: PLC0415 - the ORM; `briefing facts` needs none

    return [
        *(StoredFact("date", d.value, None, d.text, [d.text], 1, d.sentence) for d in facts.dates),
        *(
            StoredFact("actor", a.name, a.kind, None, a.mentions, a.count, a.sentence)
            for a in facts.actors
        ),
        *(
            StoredFact("weapon", w.name, w.kind, None, w.mentions, w.count, w.sentence)
            for w in facts.weapons
        ),
    ]


def facts_of_document(
    extractor: FactExtractor,
    data: bytes,
    *,
    name: str | None = None,
    max_bytes: int,
    published: date | None = None,
) -> list[tuple[str, ArticleFacts]]:
    """Facts of every article in a document (nothing is stored); `published` overrides."""
    check_size(len(data), max_bytes)
    with translated():
        drafts = parse_document(data, name=name).articles
    items = [(f"{d.title}\n{d.text}", published or d.published_on) for d in drafts]
    return list(zip((d.title for d in drafts), extractor.extract_many(items), strict=True))


def facts_jsonl(
    extractor: FactExtractor, lines: Iterable[bytes]
) -> Iterator[LineResult[ArticleFacts]]:
    """One result per input line, in order: the line's facts or its error."""
    parsed: list[tuple[int, object, str | None, date | None, str | None]] = []
    for line in read_json_lines(lines, skip_blank=False):
        if line.error is not None:
            parsed.append((line.number, None, None, None, line.error))
        else:
            parsed.append((line.number, *_facts_line(line.value)))
        if len(parsed) >= 64:
            yield from _facts_batch(extractor, parsed)
            parsed = []
    yield from _facts_batch(extractor, parsed)


def _facts_line(record: object) -> tuple[object, str | None, date | None, str | None]:
    if not isinstance(record, dict):
        return None, None, None, "not a JSON object"
    ident = record.get("id")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return ident, None, None, 'no "text"'
    try:
        published = parse_published(record.get("published"))
    except InputError as exc:
        return ident, None, None, str(exc)
    day = published.date() if isinstance(published, datetime) else published
    return ident, scrub_text(clean_scraped_text(text).text), day, None


def _facts_batch(
    extractor: FactExtractor, parsed: list[tuple[int, object, str | None, date | None, str | None]]
) -> Iterator[LineResult[ArticleFacts]]:
    good = [(text, published) for _, _, text, published, error in parsed if text is not None]
    results = iter(extractor.extract_many(good))
    for number, ident, text, _published, error in parsed:
        if text is None:
            yield LineResult(ident, error=f"line {number}: {error}")
        else:
            yield LineResult(ident, next(results))

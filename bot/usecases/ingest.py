"""Storing articles: documents, URLs, JSON lines and the demo samples, each with its facts.

The document parser, the fetcher and the JSON-lines reader are imported by the methods
that use them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.usecases.core import UseCase
from bot.usecases.errors import FetchError, InputError, Unavailable, translated
from bot.usecases.inputs import (
    check_size,
    optional_str,
    parse_published,
)
from storage import (
    NewArticle,
    add_article,
    find_duplicate,
    replace_facts,
)
from summarizer.hygiene import one_line
from summarizer.urls import url_problem

if TYPE_CHECKING:
    from summarizer.documents import ArticleDraft

__all__ = [
    "Ingest",
    "IngestReport",
    "IngestResult",
    "LineOutcome",
    "check_fetch_url",
    "describe_exception",
]

SAMPLES_SOURCE = "Briefing demo samples"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    """One document's outcome (its `--json` shape is `bot.cli.shapes.ingest_result`)."""

    id: int
    title: str
    published: date | None
    duplicate: bool


@dataclass(frozen=True)
class IngestReport:
    """Articles a document yielded, and the parts of it skipped (feed items without text)."""

    results: list[IngestResult]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # fields dropped from kept ones


@dataclass(frozen=True)
class LineOutcome:
    """One JSON line of a batch: its result or its error, never both."""

    line: int
    result: IngestResult | None = None
    error: str | None = None


class Ingest(UseCase):
    """Documents in, stored articles (with their facts) out."""

    def ingest_bytes(
        self,
        data: bytes,
        *,
        name: str | None = None,
        url: str | None = None,
        content_type: str | None = None,
        source: str | None = None,
    ) -> IngestReport:
        """Store every article of a text, HTML or RSS/Atom document."""
        from summarizer.documents import parse_document  # noqa: PLC0415

        check_size(len(data), self._settings.max_document_bytes)
        with translated():
            parsed = parse_document(data, name=name, url=url, content_type=content_type)
        fallback_source = source or _host_name(url)
        results = [
            self._store(draft, source or draft.source or fallback_source)
            for draft in parsed.articles
        ]
        return IngestReport(results, parsed.skipped, parsed.notes)

    async def ingest_url(self, url: str, *, source: str | None = None) -> IngestReport:
        """Fetch a URL (under the SSRF and size policy) and store what it holds."""
        from bot.usecases.fetch import fetch_document  # noqa: PLC0415

        fetched = await fetch_document(check_fetch_url(url), self.fetch_policy)
        return await asyncio.to_thread(
            self.ingest_bytes,
            fetched.data,
            name=urlsplit(fetched.url).path,
            url=fetched.url,
            content_type=fetched.content_type,
            source=source,
        )

    def ingest_record(self, record: object) -> IngestResult:
        """Store one JSON-lines record: `text` required; `url`, `title`, `published`, `source`."""
        if not isinstance(record, dict):
            raise InputError("is not a JSON object")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError('has no "text" (a non-empty string is required)')
        check_size(len(text.encode("utf-8", "surrogatepass")), self._settings.max_document_bytes)
        url = optional_str(record, "url")
        if url is not None and (problem := url_problem(url)) is not None:
            raise InputError(f'"url" {problem}: {_shown(url)}')
        published = parse_published(record.get("published"))
        from summarizer.documents import draft_from_text  # noqa: PLC0415

        with translated():
            draft = draft_from_text(
                text,
                title=optional_str(record, "title"),
                url=url,
                published=published,
                source=optional_str(record, "source"),
            )
        return self._store(draft, draft.source or _host_name(url))

    def ingest_jsonl(self, lines: Iterable[bytes]) -> Iterator[LineOutcome]:
        """Store a JSON-lines batch; a bad line is reported and the rest still go in.

        Each line ends as a result or a one-line error: the reader (`bot.usecases.jsonlines`) turns
        any bytes into a value or a reason, and anything else that goes wrong with one
        line's article is that line's error. Only the database failing stops the batch."""
        from bot.usecases.jsonlines import read_json_lines  # noqa: PLC0415

        for line in read_json_lines(lines):
            if line.error is not None:
                yield LineOutcome(line.number, error=line.error)
                continue
            try:
                yield LineOutcome(line.number, result=self.ingest_record(line.value))
            except InputError as exc:
                yield LineOutcome(line.number, error=str(exc))
            except Unavailable:
                raise
            except Exception as exc:  # one line's surprise is that line's error
                logger.warning("JSON line %d failed: %s", line.number, describe_exception(exc))
                yield LineOutcome(
                    line.number, error=f"could not be stored ({describe_exception(exc)})"
                )

    def load_samples(self) -> IngestReport:
        """Store the demo articles shipped in the package (duplicates are skipped)."""
        folder = resources.files("bot") / "samples"
        results: list[IngestResult] = []
        for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if item.name.endswith(".txt"):
                report = self.ingest_bytes(item.read_bytes(), name=item.name, source=SAMPLES_SOURCE)
                results.extend(report.results)
        return IngestReport(results)

    def _store(self, draft: ArticleDraft, source: str | None) -> IngestResult:
        """Store a new article with its facts; the facts are computed only for new ones."""
        from bot.usecases.analysis import stored_facts  # noqa: PLC0415

        with self._db.read() as session:
            known = find_duplicate(session, draft.url, draft.text)
        if known is not None:
            return IngestResult(known.id, known.title, known.published_on, duplicate=True)
        facts = self._facts.extract(f"{draft.title}\n{draft.text}", draft.published_on)
        # The draft and the storage record carry the same fields by design.
        new = NewArticle(**(vars(draft) | {"source": source}))
        with self._db.transaction() as session:
            added = add_article(session, new)
            if not added.duplicate:
                replace_facts(session, added.id, stored_facts(facts))
        return IngestResult(added.id, added.title, added.published_on, added.duplicate)


def check_fetch_url(url: str) -> str:
    """A URL given to fetch, as `summarizer.urls` accepts it, or a FetchError in one line
    (`http://[::1` and `:99999` used to reach urllib and end in a traceback)."""
    problem = url_problem(url)
    if problem == "is not an http(s) URL":  # the words `bot.usecases.fetch` uses for these two
        scheme = url.strip().split(":", 1)[0].lower() if ":" in url else "?"
        raise FetchError(f"only http and https URLs can be fetched, not {one_line(scheme, 20)}:")
    if problem == "has no host name":
        raise FetchError("URL has no host")
    if problem is not None:
        raise FetchError(f"not a URL that can be fetched: it {problem}")
    return url.strip()


def _host_name(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # not a URL at all: no host to name the source after
        return None
    return host.removeprefix("www.") or None


def _shown(value: str) -> str:
    return repr(one_line(value))


def describe_exception(exc: BaseException) -> str:
    """An unexpected exception as one line: its class and the first line of its message."""
    lines = str(exc).splitlines()
    return f"{type(exc).__name__}: {one_line(lines[0], 160)}" if lines else type(exc).__name__

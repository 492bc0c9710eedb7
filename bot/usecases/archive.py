"""Reading the archive: articles, pages of the newest, search, facts, cards and backups."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.usecases.core import UseCase
from bot.usecases.errors import NotFound
from storage import (
    ArchiveStats,
    ArticleRecord,
    StoredFact,
    archive_stats,
    article_facts,
    get_article,
    latest_articles,
)
from storage.query import MAX_OFFSET
from storage.search import HIGHLIGHT_END, HIGHLIGHT_START
from summarizer.rank import summarize

if TYPE_CHECKING:
    from bot.usecases.analysis import ArticleCard, SentDocument
    from bot.usecases.fetch import FetchedDocument
    from bot.usecases.stories import Cluster, Story
    from storage.backup import ImportReport
    from storage.query import ParsedQuery
    from storage.search import SearchPage

__all__ = [
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "MAX_OFFSET",
    "Archive",
    "ArticleRecord",
    "DigestItem",
    "StoredFact",
]


@dataclass(frozen=True)
class DigestItem:
    article: ArticleRecord
    summary: list[str]
    facts: list[StoredFact] = field(default_factory=list)

    def facts_line(self, category: str, limit: int = 5) -> str:
        """The most mentioned facts of one category, for a one-line overview."""
        chosen = [f for f in self.facts if f.category == category and f.name]
        chosen.sort(key=lambda f: -f.count)
        if category == "weapon":
            # Named systems before classes ("Patriot" before "air-defence systems"), as the
            # bot's cards and briefings show them.
            from summarizer.facts.weapons import is_weapon_class  # noqa: PLC0415

            chosen.sort(key=lambda f: is_weapon_class(f.name or ""))
            return ", ".join(f"{f.name} ({f.kind})" for f in chosen[:limit])
        return ", ".join(f.name or "" for f in chosen[:limit])


class Archive(UseCase):
    """What is stored, read back: records, summaries, search pages, cards, backups."""

    def article(self, article_id: int) -> ArticleRecord:
        with self._db.read() as session:
            record = get_article(session, article_id)
        if record is None:
            raise NotFound(f"no article with id {article_id}")
        return record

    def latest(self, limit: int = 10) -> list[ArticleRecord]:
        with self._db.read() as session:
            return latest_articles(session, limit)

    def digest(self, limit: int = 10, sentences: int = 2) -> list[DigestItem]:
        """The newest articles, each with its extractive summary and stored facts."""
        return self.latest_page(limit, 0, sentences)[0]

    def latest_page(
        self, limit: int, offset: int, sentences: int = 1
    ) -> tuple[list[DigestItem], bool]:
        """A page of the newest articles with their summaries and facts, and whether older
        ones follow."""
        items = []
        with self._db.read() as session:
            records = latest_articles(session, limit + 1, offset)
            more = len(records) > limit
            records = records[:limit]
            facts = {r.id: article_facts(session, r.id) for r in records}
        for record in records:
            summary = summarize(record.text, sentences=sentences).sentences
            items.append(DigestItem(record, summary, facts[record.id]))
        return items, more

    def stats(self) -> ArchiveStats:
        with self._db.read() as session:
            return archive_stats(session)

    def article_facts(self, article_id: int) -> list[StoredFact]:
        with self._db.read() as session:
            return article_facts(session, article_id)

    def search(self, text: str, *, limit: int = 10, offset: int = 0) -> SearchPage:
        """Search the archive; actor and weapon filters accept any known form ("US")."""
        from storage.search import search  # noqa: PLC0415

        query = self._parsed(text)
        with self._db.read() as session:
            return search(session, query, limit=limit, offset=offset)

    def _parsed(self, text: str) -> ParsedQuery:
        """The search language, with actor and weapon filters under their canonical names."""
        from storage.query import parse_query  # noqa: PLC0415

        query = parse_query(text)
        return replace(
            query,
            actors=tuple(self._facts.canonical_actor(a) for a in query.actors),
            weapons=tuple(self._facts.canonical_weapon(w) for w in query.weapons),
        )

    def prepare(self) -> None:
        """Read the gazetteers and load the NER model now, not with the first article."""
        self._facts.load()

    def card_for_text(self, text: str) -> ArticleCard:
        """Summary and facts of pasted text (nothing is stored). CPU-bound."""
        from bot.usecases.analysis import text_card  # noqa: PLC0415

        return text_card(self._facts, text, max_bytes=self._settings.max_document_bytes)

    def card_for_document(self, document: SentDocument) -> ArticleCard:
        """Summary and facts of a document's first article (nothing is stored). CPU-bound."""
        from bot.usecases.analysis import document_card  # noqa: PLC0415

        return document_card(self._facts, document, max_bytes=self._settings.max_document_bytes)

    async def fetch(self, url: str) -> FetchedDocument:
        """A URL's document, under the SSRF and size policy."""
        from bot.usecases.fetch import fetch_document  # noqa: PLC0415

        return await fetch_document(url, self.fetch_policy)

    def card_for_article(self, article_id: int) -> ArticleCard:
        from bot.usecases.analysis import ArticleCard  # noqa: PLC0415

        record = self.article(article_id)
        summary = summarize(record.text, sentences=3).sentences
        story = self._story_of(article_id)
        return ArticleCard(
            record.title,
            record.url,
            record.source,
            record.published_on,
            summary,
            self.article_facts(article_id),
            record.id,
            len(story.articles) if story else 0,
        )

    def story(self, article_id: int) -> Story | None:
        """The story a stored article belongs to, told once from all its sources; None when
        no other article of its days tells it. CPU-bound (it compares those days' news)."""
        cluster = self._story_of(article_id)
        return cluster.story if cluster else None

    def _story_of(self, article_id: int) -> Cluster | None:
        from bot.usecases.stories import STORY_SPAN, moment_of, story_of  # noqa: PLC0415
        from storage.briefings import articles_between, articles_by_ids  # noqa: PLC0415

        with self._db.read() as session:
            found = articles_by_ids(session, [article_id])
            if not found:
                raise NotFound(f"no article with id {article_id}")
            moment = moment_of(found[0])
            around = articles_between(session, moment - STORY_SPAN, moment + STORY_SPAN)
        return story_of(found[0], around, datetime.now(UTC))

    def latest_card(self) -> ArticleCard | None:
        newest = self.latest(1)
        return self.card_for_article(newest[0].id) if newest else None

    def export_backup(self) -> Iterator[dict[str, Any]]:
        """The archive and the audience as backup records (see `storage.backup`)."""
        from storage.backup import export_records  # noqa: PLC0415

        yield from export_records(self._db, now=datetime.now(UTC))

    def import_backup(self, lines: Iterable[tuple[int, bytes]]) -> ImportReport:
        """Add a backup's records that this database lacks."""
        from storage.backup import import_records  # noqa: PLC0415

        return import_records(self._db, lines)

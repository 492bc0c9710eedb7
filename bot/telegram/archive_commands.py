"""The archive's commands: /summary /facts /search /latest /article, and the summary cards
of texts, links and files (also what a plain message or a sent file gets)."""

from __future__ import annotations

import re
from typing import TypeVar
from urllib.parse import urlsplit

from bot.telegram.callbacks import (
    LATEST_MAX,
    SEARCH_RESULTS_PER_PAGE,
    LatestPage,
    SearchPage,
    ShowArticle,
    ShowStory,
)
from bot.telegram.commands import Caller, CommandFamily, command, friendly
from bot.telegram.limits import text_cost
from bot.telegram.render import (
    Button,
    Reply,
    article_html,
    card_html,
    escape,
    facts_detail_html,
    latest_html,
    search_page_html,
    split_html,
)
from bot.telegram.story_render import story_html
from bot.usecases.analysis import ArticleCard, SentDocument
from bot.usecases.errors import InputError
from bot.usecases.inputs import could_be_article, parse_count, parse_id, reads_like_article

__all__ = ["URL", "ArchiveCommands"]

URL = re.compile(r"https?://\S+", re.IGNORECASE)
_SUMMARY_DOCUMENTS = (".txt", ".html", ".htm")
_LATEST_PER_PAGE = 5
_BUTTONS_PER_ROW = 5
T = TypeVar("T")


def _rows(items: list[T], size: int) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class ArchiveCommands(CommandFamily):
    # -- summaries and facts ---------------------------------------------------------------

    @command("Summary and key facts of a text, link or article", "/summary 12")
    async def summary(self, caller: Caller, args: str, replied: str | None = None) -> list[Reply]:
        if refused := self._over_limit(caller, "summary", text_cost(len(args or replied or ""))):
            return refused
        card = await self._card(args, replied)
        if card is None:
            hint = (
                "Nothing to summarise yet. Send <code>/summary</code> with a text, a link or "
                "an article id, or reply to a message with /summary."
            )
            return [Reply(hint)]
        return self.card_replies(card)

    @command("Dates, actors and weapons, with their sentences", "/facts https://example.org/story")
    async def facts(self, caller: Caller, args: str, replied: str | None = None) -> list[Reply]:
        if refused := self._over_limit(caller, "summary", text_cost(len(args or replied or ""))):
            return refused
        card = await self._card(args, replied)
        if card is None:
            return [Reply("Send <code>/facts</code> with a text, a link or an article id.")]
        return self._split(facts_detail_html(card.title, card.facts))

    async def _card(self, args: str, replied: str | None) -> ArticleCard | None:
        text = args.strip() or (replied or "").strip()
        if not text:
            return await self._run(self._service.latest_card)
        if URL.fullmatch(text):
            return await self.card_for_url(text)
        if text.removeprefix("#").isdigit():  # any digits ("²" too): parse_id says what is wrong
            return await self._run(self._service.card_for_article, parse_id(text))
        if not could_be_article(text):
            raise InputError(
                f"{text[:40]!r} is neither an article id, a link nor an article's text; "
                "try /summary 12, a link, or paste the article"
            )
        return await self._cards.from_text(text)

    async def card_for_url(self, url: str) -> ArticleCard:
        fetched = await self._service.fetch(url)
        document = SentDocument(
            fetched.data, urlsplit(fetched.url).path, fetched.url, fetched.content_type
        )
        return await self._cards.from_document(document)

    def card_replies(self, card: ArticleCard) -> list[Reply]:
        """The card; a stored article that other articles also tell gets a button for the
        whole story."""
        replies = self._split(
            card_html(
                card.title,
                card.summary,
                card.facts,
                url=card.url,
                source=card.source,
                published=card.published,
                article_id=card.article_id,
            )
        )
        if card.article_id is not None and card.story_articles > 1:
            label = f"Whole story · {card.story_articles} articles"
            replies[-1].buttons.append([Button(label, data=ShowStory(card.article_id).data)])
        return replies

    @friendly
    async def show_story(self, caller: Caller, article_id: int) -> list[Reply]:
        """The whole story behind an article, from all its sources (the card's button)."""
        if refused := self._over_limit(caller, "summary"):
            return refused
        story = await self._run(self._service.story, article_id)
        if story is None:
            return [Reply(f"Article #{article_id} is not part of a story with other sources.")]
        return self._split(story_html(story))

    @friendly
    async def summarize_message(self, caller: Caller, text: str) -> list[Reply]:
        """A plain message: an article's text or a link gets its summary; anything else a
        hint. Text that reads like an article wins over a link inside it."""
        found = URL.search(text)
        pasted = reads_like_article(text)
        if found is None and not pasted:
            return [
                Reply(
                    "Send me a link, an article's text (a few sentences or more), a "
                    ".txt/.html file, or a command such as /search."
                )
            ]
        if refused := self._over_limit(caller, "summary", text_cost(len(text)) if pasted else 1):
            return refused
        if pasted or found is None:  # (found is None only when pasted)
            card = await self._cards.from_text(text)
        else:
            card = await self.card_for_url(found.group(0))
        return self.card_replies(card)

    async def summarize_file(self, caller: Caller, filename: str, data: bytes) -> list[Reply]:
        """A sent .txt or .html file's summary."""
        if not filename.lower().endswith(_SUMMARY_DOCUMENTS):
            return [Reply("Send a .txt or .html file to get its summary.")]
        if refused := self._over_limit(caller, "summary", text_cost(len(data))):
            return refused
        card = await self._cards.from_document(SentDocument(data, name=filename))
        return self.card_replies(card)

    # -- archive ---------------------------------------------------------------------------

    @command("Search the archive", '/search "drone strike" Yemen since:2024-01-01')
    async def search(self, caller: Caller, args: str) -> list[Reply]:
        query = args.strip()
        if not query:
            return [
                Reply(
                    'Usage: <code>/search drone strike Yemen</code> — words, "phrases", '
                    "-exclude, OR, since:2024-01-01, actor:, weapon:"
                )
            ]
        if refused := self._over_limit(caller, "search"):
            return refused
        state = await self._run(
            self._service.save_state, caller.chat.id, "search", {"query": query[:500]}
        )
        return [await self._search_page(state, query, 0)]

    @friendly
    async def turn_search_page(self, caller: Caller, page: SearchPage) -> list[Reply]:
        """A "Previous"/"Next" button of a saved search."""
        if refused := self._over_limit(caller, "search"):
            return refused
        state = await self._run(self._service.load_state, page.state, caller.chat.id)
        if state is None:
            return [Reply("That search has expired; search again with /search.")]
        return [await self._search_page(page.state, str(state["query"]), page.page, edit=True)]

    async def _search_page(self, state: int, query: str, page: int, edit: bool = False) -> Reply:
        shown = query if len(query) <= 80 else query[:80] + "…"
        found = await self._run(
            self._service.search,
            query,
            limit=SEARCH_RESULTS_PER_PAGE,
            offset=page * SEARCH_RESULTS_PER_PAGE,
        )
        if not found.hits:
            return Reply(f"No results for <b>{escape(shown)}</b>.", edit=edit)
        summaries = [Button(f"#{hit.id}", data=ShowArticle(hit.id).data) for hit in found.hits]
        nav = []
        if page > 0:
            nav.append(Button("« Previous", data=SearchPage(state, page - 1).data))
        if found.offset + len(found.hits) < found.total:
            nav.append(Button("Next »", data=SearchPage(state, page + 1).data))
        text = search_page_html(found, shown)
        return Reply(split_html(text)[0], [summaries, nav] if nav else [summaries], edit=edit)

    @command("The newest articles", "/latest 5")
    async def latest(self, caller: Caller, args: str) -> list[Reply]:
        count = _LATEST_PER_PAGE
        if args.strip():
            count = parse_count(args, 1, LATEST_MAX, "/latest takes how many articles to list")
        return await self._latest_page(LatestPage(0, count))

    @friendly
    async def turn_latest_page(self, page: LatestPage) -> list[Reply]:
        """A "Newer"/"Older" button of /latest: the page replaces the pressed message."""
        return await self._latest_page(page, edit=True)

    async def _latest_page(self, page: LatestPage, *, edit: bool = False) -> list[Reply]:
        count, offset = page.count, page.offset
        items, more = await self._run(self._service.latest_page, count, offset)
        if not items:
            return [Reply("The archive is empty." if offset == 0 else "No older articles.")]
        buttons = [
            [Button(f"#{i.article.id}", data=ShowArticle(i.article.id).data) for i in row]
            for row in _rows(items, _BUTTONS_PER_ROW)
        ]
        nav = []
        if offset > 0:
            nav.append(Button("« Newer", data=LatestPage(max(offset - count, 0), count).data))
        if more:
            nav.append(Button("Older »", data=LatestPage(offset + count, count).data))
        if nav:
            buttons.append(nav)
        parts = self._split(latest_html(items, offset, more))
        return [*parts[:-1], Reply(parts[-1].html, buttons, edit=edit and len(parts) == 1)]

    @command("An article's full text", "/article 12")
    async def article(self, caller: Caller, args: str) -> list[Reply]:
        if not args.strip():
            return [Reply("Usage: <code>/article 12</code> (ids come from /search and /latest).")]
        record = await self._run(self._service.article, parse_id(args))
        return self._split(article_html(record))

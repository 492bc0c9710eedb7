"""What the bot answers, whatever carries the messages (Telegram, or the console chat).

Each command takes the chat and its arguments and returns replies (HTML plus buttons). All
service calls run in worker threads: summarising, fact extraction and database work never
block the event loop. A user's mistake becomes a helpful reply; anything else is left to the
transport's error handler.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from bot.telegram.cards import Cards, InThreads
from bot.telegram.limits import RateLimits, text_cost
from bot.telegram.render import (
    Attachment,
    Button,
    Reply,
    briefing_html,
    card_html,
    escape,
    facts_detail_html,
    plural,
    snippet_html,
    split_html,
)
from bot.usecases.analysis import ArticleCard
from bot.usecases.archive import MAX_OFFSET
from bot.usecases.audience import ChatInfo, SubscriptionRecord
from bot.usecases.errors import BriefingError, InputError, Unavailable
from bot.usecases.inputs import (
    MAX_ID,
    could_be_article,
    parse_count,
    parse_id,
    reads_like_article,
)
from bot.usecases.service import BriefingService

__all__ = ["COMMANDS", "Caller", "Conversation"]

# (command, description for the menu, example for /help)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "What this bot does", "/start"),
    ("help", "Every command, with examples", "/help"),
    ("summary", "Summary and key facts of a text, link or article", "/summary 12"),
    (
        "facts",
        "Dates, actors and weapons, with their sentences",
        "/facts https://example.org/story",
    ),
    ("search", "Search the archive", '/search "drone strike" Yemen since:2024-01-01'),
    ("latest", "The newest articles", "/latest 5"),
    ("article", "An article's full text", "/article 12"),
    ("brief", "Today's briefing, now", "/brief"),
    ("subscribe", "Daily briefing at your time", "/subscribe 07:30 Europe/Berlin"),
    ("unsubscribe", "Stop the daily briefing", "/unsubscribe"),
    ("settings", "Time, time zone, watch-list, items", "/settings watch actor North Korea"),
    ("ingest", "Admin: store a URL (or send a document with /ingest)", "/ingest https://..."),
    ("sources", "Admin: list, add, remove feeds; OPML", "/sources add https://example.org/rss"),
    ("stats", "Admin: archive counts", "/stats"),
)
_NO_ARGUMENTS = frozenset({"start", "help", "brief", "unsubscribe", "stats"})
_WITH_ARGUMENTS = frozenset(
    {"search", "latest", "article", "subscribe", "settings", "ingest", "sources"}
)
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_SUMMARY_DOCUMENTS = (".txt", ".html", ".htm")
_CAPTION_COMMANDS = ("/summary", "/ingest", "/sources")  # what a document in a group may ask
_INGEST_DOCUMENTS = (".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl")
_RESULTS_PER_PAGE = 5
_LATEST_PER_PAGE = 5
_LATEST_MAX = 20
_BUTTONS_PER_ROW = 5
_MAX_PAGE = MAX_OFFSET // _RESULTS_PER_PAGE  # result pages a button may ask for
_MAX_LATEST_OFFSET = 1_000_000  # articles a "Older »" button may skip
_ITEMS_MAX = 20  # items per briefing (the service checks the same range)
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")  # button data: bounded, ASCII only

_ARCHIVE_UNAVAILABLE = "⚠️ The archive is unavailable right now. Please try again in a while."

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Caller:
    """Who is talking: the chat (private or group) and the user, and whether they may admin."""

    chat: ChatInfo
    user_id: int | None
    is_admin: bool = False


def _friendly(
    method: Callable[..., Awaitable[list[Reply]]],
) -> Callable[..., Awaitable[list[Reply]]]:
    """A refusal the user caused (bad input, nothing found) is an answer, not a crash. A
    storage failure is the operator's to read: its message names the database (a path, a
    host), so users get a plain apology and the log gets the detail."""

    @wraps(method)
    async def wrapper(*args: Any, **kwargs: Any) -> list[Reply]:
        try:
            return await method(*args, **kwargs)
        except Unavailable as exc:
            logger.warning("%s: %s", method.__name__, exc)
            return [Reply(_ARCHIVE_UNAVAILABLE)]
        except BriefingError as exc:
            return [Reply(f"⚠️ {escape(str(exc))}")]

    return wrapper


def _rows(items: list[T], size: int) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _days_label(weekdays: str) -> str:
    if weekdays == "1234567":
        return "every day"
    if weekdays == "12345":
        return "Monday to Friday"
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    # Stored data is shown, not trusted: anything but an ISO weekday digit is skipped.
    return ", ".join(names[int(d) - 1] for d in weekdays if d in "1234567") or "no days"


class Conversation:
    def __init__(
        self,
        service: BriefingService,
        cards: Cards | None = None,
        on_subscription_change: Callable[[int], Awaitable[None]] | None = None,
        limits: RateLimits | None = None,
    ) -> None:
        self._service = service
        self._cards: Cards = cards or InThreads(service)
        self._on_change = on_subscription_change
        self._limits = limits or RateLimits({})

    def _over_limit(self, caller: Caller, kind: str, cost: int = 1) -> list[Reply] | None:
        """A polite refusal when this user has used up their share of `kind` for now."""
        if caller.is_admin:
            return None
        wait = self._limits.take(kind, caller.user_id or caller.chat.id, cost)
        if not wait:
            return None
        what = "summaries" if kind == "summary" else "searches"
        return [Reply(f"⏳ That is more {what} than I can do for you right now. "
                      f"Please try again in {wait:.0f} s.")]  # fmt: skip

    async def _changed(self, chat_id: int) -> None:
        """Let the scheduler follow a subscription change (the console chat has none)."""
        if self._on_change is not None:
            await self._on_change(chat_id)

    async def _run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(function, *args, **kwargs)

    # -- welcome ---------------------------------------------------------------------------

    @_friendly
    async def start(self, caller: Caller) -> list[Reply]:
        await self._run(self._service.remember_chat, caller.chat)
        text = (
            "<b>Briefing</b> keeps an archive of defence and geopolitics news, summarises "
            "articles with their key facts (when, who, with what) and sends a daily briefing "
            "at the time you choose.\n\nSend me a link or a .txt/.html file for its summary, "
            "or try /search, /latest and /brief."
        )
        buttons = [[Button("Subscribe", data="sub"), Button("Latest briefing", data="brief")],
                   [Button("Help", data="help")]]  # fmt: skip
        return [Reply(text, buttons)]

    @_friendly
    async def help(self, caller: Caller) -> list[Reply]:
        lines = ["<b>Commands</b>"]
        for name, description, example in COMMANDS:
            if description.startswith("Admin:") and not caller.is_admin:
                continue
            lines.append(f"/{name} — {escape(description)}\n    <code>{escape(example)}</code>")
        lines.append("\nSearch: words, \"phrases\", -exclude, OR, prefix*, since:, until:, "
                     "source:, actor:, weapon:")  # fmt: skip
        return [Reply("\n".join(lines))]

    async def dispatch(
        self, caller: Caller, command: str, args: str = "", replied: str | None = None
    ) -> list[Reply]:
        """A command by name, as Telegram and the console chat both deliver them."""
        name = command.lower()
        if name in _NO_ARGUMENTS:
            return list(await getattr(self, name)(caller))
        if name in {"summary", "facts"}:
            return list(await getattr(self, name)(caller, args, replied))
        if name in _WITH_ARGUMENTS:
            return list(await getattr(self, name)(caller, args))
        return await self.unknown(caller, name)

    async def chat_blocked(self, chat_id: int) -> None:
        """The chat blocked the bot or removed it: no more briefings until it writes again."""
        await self._run(self._service.mark_blocked, chat_id)

    async def unknown(self, caller: Caller, command: str) -> list[Reply]:
        if caller.chat.kind != "private":
            return []  # in a group it may be another bot's command
        return [Reply(f"I don't know /{escape(command[:40])}. Try /help.")]

    # -- summaries and facts ---------------------------------------------------------------

    @_friendly
    async def summary(self, caller: Caller, args: str, replied: str | None = None) -> list[Reply]:
        if refused := self._over_limit(caller, "summary", text_cost(len(args or replied or ""))):
            return refused
        card = await self._card(args, replied)
        if card is None:
            hint = ("Nothing to summarise yet. Send <code>/summary</code> with a text, a link or "
                    "an article id, or reply to a message with /summary.")  # fmt: skip
            return [Reply(hint)]
        return self._split(self._card_html(card))

    @_friendly
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
        if _URL.fullmatch(text):
            return await self._card_for_url(text)
        if text.removeprefix("#").isdigit():  # any digits ("²" too): parse_id says what is wrong
            return await self._run(self._service.card_for_article, parse_id(text))
        if not could_be_article(text):
            raise InputError(
                f"{text[:40]!r} is neither an article id, a link nor an article's text; "
                "try /summary 12, a link, or paste the article"
            )
        return await self._cards.from_text(text)

    async def _card_for_url(self, url: str) -> ArticleCard:
        fetched = await self._service.fetch(url)
        return await self._cards.from_document(
            fetched.data, name=urlsplit(fetched.url).path, url=fetched.url,
            content_type=fetched.content_type,
        )  # fmt: skip

    def _card_html(self, card: ArticleCard) -> str:
        return card_html(card.title, card.summary, card.facts, url=card.url, source=card.source,
                         published=card.published, article_id=card.article_id)  # fmt: skip

    @_friendly
    async def document(
        self, caller: Caller, filename: str, data: bytes, caption: str | None
    ) -> list[Reply]:
        name = filename.lower()
        command = (caption or "").strip()
        if caller.chat.kind != "private" and not command.startswith(_CAPTION_COMMANDS):
            return []  # files shared in a group are the group's business
        if command.startswith("/sources"):
            return await self._import_feeds(caller, data, command)
        if command.startswith("/ingest"):
            if not caller.is_admin:
                return [Reply("Storing documents is for the bot's administrators.")]
            if not name.endswith(_INGEST_DOCUMENTS):
                return [Reply("I can store .txt, .html, RSS/Atom and .jsonl files.")]
            return await self._ingest_document(filename, data)
        if not name.endswith(_SUMMARY_DOCUMENTS):
            return [Reply("Send a .txt or .html file to get its summary.")]
        if refused := self._over_limit(caller, "summary", text_cost(len(data))):
            return refused
        card = await self._cards.from_document(data, name=filename)
        return self._split(self._card_html(card))

    @_friendly
    async def text(self, caller: Caller, text: str) -> list[Reply]:
        """A plain message: an article's text or a link gets its summary; anything else a
        hint. Text that reads like an article wins over a link inside it."""
        if caller.chat.kind != "private":
            return []  # group privacy: in groups the bot only answers commands
        found = _URL.search(text)
        pasted = reads_like_article(text)
        if found is None and not pasted:
            return [Reply("Send me a link, an article's text (a few sentences or more), a "
                          ".txt/.html file, or a command such as /search.")]  # fmt: skip
        if refused := self._over_limit(caller, "summary", text_cost(len(text)) if pasted else 1):
            return refused
        if pasted:
            card = await self._cards.from_text(text)
        else:
            assert found is not None
            card = await self._card_for_url(found.group(0))
        return self._split(self._card_html(card))

    # -- archive ---------------------------------------------------------------------------

    @_friendly
    async def search(self, caller: Caller, args: str, page: int = 0) -> list[Reply]:
        query = args.strip()
        if not query:
            return [Reply('Usage: <code>/search drone strike Yemen</code> — words, "phrases", '
                          "-exclude, OR, since:2024-01-01, actor:, weapon:")]  # fmt: skip
        if refused := self._over_limit(caller, "search"):
            return refused
        state = await self._run(self._service.save_state, caller.chat.id, "search",
                                {"query": query[:500]})  # fmt: skip
        return [await self._search_page(state, query, page)]

    async def _search_page(self, state: int, query: str, page: int, edit: bool = False) -> Reply:
        shown = query if len(query) <= 80 else query[:80] + "…"
        found = await self._run(self._service.search, query, limit=_RESULTS_PER_PAGE,
                                offset=page * _RESULTS_PER_PAGE)  # fmt: skip
        if not found.hits:
            return Reply(f"No results for <b>{escape(shown)}</b>.", edit=edit)
        first = found.offset + 1
        lines = [f"<b>{found.total}</b> {'result' if found.total == 1 else 'results'} for "
                 f"<b>{escape(shown)}</b> "
                 f"({first}–{found.offset + len(found.hits)})"]  # fmt: skip
        for hit in found.hits:
            when = hit.published.isoformat() if hit.published else "undated"
            lines.append(f"\n<b>#{hit.id}</b> {escape(hit.title)}\n<i>{when}</i> · "
                         f"{snippet_html(hit.snippet)}")  # fmt: skip
        summaries = [Button(f"#{hit.id}", data=f"a:{hit.id}") for hit in found.hits]
        nav = []
        if page > 0:
            nav.append(Button("« Previous", data=f"s:{state}:{page - 1}"))
        if found.offset + len(found.hits) < found.total:
            nav.append(Button("Next »", data=f"s:{state}:{page + 1}"))
        text = "\n".join(lines)
        return Reply(split_html(text)[0], [summaries, nav] if nav else [summaries], edit=edit)

    @_friendly
    async def latest(self, caller: Caller, args: str) -> list[Reply]:
        count = _LATEST_PER_PAGE
        if args.strip():
            count = parse_count(args, 1, _LATEST_MAX, "/latest takes how many articles to list")
        return await self._latest_page(count, 0)

    async def _latest_page(self, count: int, offset: int, *, edit: bool = False) -> list[Reply]:
        items, more = await self._run(self._service.latest_page, count, offset)
        if not items:
            return [Reply("The archive is empty." if offset == 0 else "No older articles.")]
        lines = ["<b>Latest articles</b>" + (f" ({offset + 1}–{offset + len(items)})"
                                             if offset or more else "")]  # fmt: skip
        for item in items:
            record = item.article
            when = record.published_on.isoformat() if record.published_on else "undated"
            lead = escape(item.summary[0]) if item.summary else ""
            lines.append(f"\n<b>#{record.id}</b> {escape(record.title)}\n<i>{when}</i> {lead}")
        buttons = [[Button(f"#{i.article.id}", data=f"a:{i.article.id}") for i in row]
                   for row in _rows(items, _BUTTONS_PER_ROW)]  # fmt: skip
        nav = []
        if offset > 0:
            nav.append(Button("« Newer", data=f"l:{max(offset - count, 0)}:{count}"))
        if more:
            nav.append(Button("Older »", data=f"l:{offset + count}:{count}"))
        if nav:
            buttons.append(nav)
        parts = self._split("\n".join(lines))
        return [*parts[:-1], Reply(parts[-1].html, buttons, edit=edit and len(parts) == 1)]

    @_friendly
    async def article(self, caller: Caller, args: str) -> list[Reply]:
        if not args.strip():
            return [Reply("Usage: <code>/article 12</code> (ids come from /search and /latest).")]
        record = await self._run(self._service.article, parse_id(args))
        when = record.published_on.isoformat() if record.published_on else "undated"
        meta = " · ".join(filter(None, [when, record.source]))
        head = f"<b>{escape(record.title)}</b>\n<i>{escape(meta)}</i>"
        body = "\n\n".join(escape(p) for p in record.text.split("\n"))
        link = f'\n\n<a href="{escape(record.url)}">Source</a>' if record.url else ""
        return self._split(f"{head}\n\n{body}{link}")

    @_friendly
    async def brief(self, caller: Caller) -> list[Reply]:
        briefing = await self._run(self._service.compose_briefing, caller.chat.id, on_demand=True)
        return self._split(briefing_html(briefing))

    # -- subscriptions ---------------------------------------------------------------------

    @_friendly
    async def subscribe(self, caller: Caller, args: str) -> list[Reply]:
        at = zone = None
        for word in args.split():
            # Whatever reads like a time is one, so "٠٧:٣٠" gets parse_clock's reason
            # instead of being taken for a zone name.
            if ":" in word or word[0].isdigit():
                at = word
            else:
                zone = word
        record = await self._run(self._service.subscribe, caller.chat, at, zone)
        await self._changed(caller.chat.id)
        return [Reply(f"Subscribed: a daily briefing at <b>{record.briefing_time:%H:%M}</b> "
                      f"({escape(record.timezone)}). Change it with /settings, stop it with "
                      "/unsubscribe.")]  # fmt: skip

    @_friendly
    async def unsubscribe(self, caller: Caller) -> list[Reply]:
        ended = await self._run(self._service.unsubscribe, caller.chat.id)
        await self._changed(caller.chat.id)
        if not ended:
            return [Reply("This chat has no daily briefing. /subscribe to start one.")]
        return [Reply("Unsubscribed: no more daily briefings. /subscribe to start again.")]

    @_friendly
    async def settings(self, caller: Caller, args: str) -> list[Reply]:
        words = args.split()
        if words:
            await self._change_settings(caller, words)
        record = await self._run(self._service.subscription, caller.chat.id)
        return [self._settings_reply(record)]

    async def _change_settings(self, caller: Caller, words: list[str]) -> None:
        action, rest = words[0].lower(), words[1:]
        chat_id = caller.chat.id
        if action in {"time", "timezone", "tz", "items", "days"} and rest:
            key = {"time": "at", "timezone": "timezone", "tz": "timezone", "items": "items",
                   "days": "days"}[action]  # fmt: skip
            value: Any = rest[0]
            if key == "items":
                value = parse_count(rest[0], 1, _ITEMS_MAX, "/settings items takes how many")
            await self._run(self._service.change_subscription, chat_id, **{key: value})
            await self._changed(chat_id)
        elif action in {"watch", "unwatch"} and len(rest) >= 2:
            kind, value = rest[0].lower(), " ".join(rest[1:])
            if action == "watch":
                await self._run(self._service.watch, caller.chat, kind, value)
            else:
                await self._run(self._service.unwatch, chat_id, kind, value)
        else:
            raise BriefingError(
                "settings: time HH:MM | tz Europe/Berlin | items N | days mon-fri | "
                "watch keyword|actor|weapon VALUE | unwatch keyword|actor|weapon VALUE"
            )

    def _settings_reply(self, record: SubscriptionRecord | None, edit: bool = False) -> Reply:
        if record is None or not record.active:
            return Reply("No daily briefing in this chat. /subscribe 07:30 Europe/Berlin",
                         [[Button("Subscribe", data="sub")]], edit=edit)  # fmt: skip
        watch = ", ".join(f"{kind}: {escape(value)}" for kind, value in record.watch) or "empty"
        text = (
            f"<b>Settings</b>\nTime: <b>{record.briefing_time:%H:%M}</b> "
            f"({escape(record.timezone)}), {_days_label(record.weekdays)}\n"
            f"Items per briefing: <b>{record.items}</b>\n"
            f"Watch-list: {watch}\n\nChange: <code>/settings time 06:45</code>, "
            "<code>/settings tz Asia/Seoul</code>, <code>/settings watch actor North Korea</code>"
        )
        less, more = max(1, record.items - 1), min(_ITEMS_MAX, record.items + 1)
        buttons = [[Button("− item", data=f"items:{less}"), Button("+ item", data=f"items:{more}")]]
        return Reply(text, buttons, edit=edit)

    # -- admin -----------------------------------------------------------------------------

    @_friendly
    async def ingest(self, caller: Caller, args: str) -> list[Reply]:
        if not caller.is_admin:
            return [Reply("/ingest is for the bot's administrators.")]
        url = args.strip()
        if not _URL.fullmatch(url):
            return [Reply("Usage: <code>/ingest https://example.org/story</code>, or send a "
                          "document with the caption /ingest.")]  # fmt: skip
        report = await self._service.ingest_url(url)
        return [Reply(self._ingested(report.results))]

    async def _ingest_document(self, filename: str, data: bytes) -> list[Reply]:
        if filename.lower().endswith(".jsonl"):
            outcomes = await self._run(lambda: list(self._service.ingest_jsonl(data.splitlines())))
            stored = [o.result for o in outcomes if o.result is not None]
            errors = [o for o in outcomes if o.error is not None]
            text = self._ingested(stored)
            if errors:
                first = errors[0]
                text += f"\n{plural(len(errors), 'bad line')}, e.g. line {first.line}: "
                text += escape(first.error)
            return [Reply(text)]
        report = await self._run(self._service.ingest_bytes, data, name=filename)
        return [Reply(self._ingested(report.results))]

    def _ingested(self, results: list[Any]) -> str:
        new = [r for r in results if not r.duplicate]
        lines = [f"Stored {len(new)} new, {len(results) - len(new)} already archived."]
        lines += [f"#{r.id} {escape(r.title)}" for r in results[:10]]
        return "\n".join(lines)

    @_friendly
    async def sources(self, caller: Caller, args: str) -> list[Reply]:
        if not caller.is_admin:
            return [Reply("/sources is for the bot's administrators.")]
        words = args.split()
        if len(words) == 2 and words[0] == "add":
            record, new = await self._run(self._service.add_feed, words[1])
            return [Reply(f"{'Added' if new else 'Already polled'}: #{record.id} "
                          f"{escape(record.name)}")]  # fmt: skip
        if len(words) == 2 and words[0] == "remove":
            source_id = parse_id(words[1], "a source")
            record = await self._run(self._service.remove_source, source_id)
            return [Reply(f"Stopped: #{record.id} {escape(record.name)}")]
        if words == ["export"]:
            exported = await self._run(self._service.export_opml)
            return [Reply(f"{exported.feeds} feeds as OPML, for any feed reader (or "
                          "<code>/sources import</code>).",
                          document=Attachment("briefing-feeds.opml", exported.opml))]  # fmt: skip
        if words:
            return [Reply("Usage: /sources, /sources add URL, /sources remove ID, "
                          "/sources export; to import, send an OPML file captioned "
                          "/sources import")]  # fmt: skip
        found = await self._run(self._service.sources)
        if not found:
            return [Reply("No sources yet. /sources add https://example.org/rss")]
        lines = ["<b>Sources</b>"]
        for s in found:
            state = "" if s.active else " (stopped)"
            count = plural(s.articles, "article")
            lines.append(f"#{s.id} {escape(s.name)} — {s.kind}, {count}{state}")
        return self._split("\n".join(lines))

    async def _import_feeds(self, caller: Caller, data: bytes, caption: str) -> list[Reply]:
        """An OPML file (any feed reader's export) captioned /sources import."""
        if not caller.is_admin:
            return [Reply("/sources is for the bot's administrators.")]
        if caption.split()[1:] != ["import"]:
            return [Reply("To import feeds, send an OPML file with the caption /sources import.")]
        report = await self._run(self._service.import_opml, data)
        n = report.counts()
        lines = [f"Imported {n['feeds']} feeds: {n['added']} added, {n['already_polled']} already "
                 f"polled, {n['duplicates']} duplicates, {n['invalid']} invalid."]  # fmt: skip
        problems = [f"Outline {o.outline} ({escape(o.feed.title or o.feed.url or '?')}): "
                    f"{escape(o.error)}" for o in report.outcomes if o.error]  # fmt: skip
        lines += problems[:20]
        if len(problems) > 20:
            lines.append(f"… and {len(problems) - 20} more.")
        return self._split("\n".join(lines))

    @_friendly
    async def stats(self, caller: Caller) -> list[Reply]:
        if not caller.is_admin:
            return [Reply("/stats is for the bot's administrators.")]
        counts = await self._run(self._service.stats)
        return [Reply(f"Articles: <b>{counts.articles}</b>\nSources: <b>{counts.sources}</b>\n"
                      f"Subscribers: <b>{counts.subscribers}</b>")]  # fmt: skip

    # -- buttons ---------------------------------------------------------------------------

    @_friendly
    async def button(self, caller: Caller, data: str) -> list[Reply]:
        """Inline buttons: what each callback_data means (kept under 64 bytes)."""
        if data == "sub":
            return await self.subscribe(caller, "")
        if data == "brief":
            return await self.brief(caller)
        if data == "help":
            return await self.help(caller)
        parts = data.split(":")
        numbers = [int(p) for p in parts[1:] if _ASCII_DIGITS.fullmatch(p) and int(p) <= MAX_ID]
        if len(numbers) != len(parts) - 1:
            return [Reply("That button is no longer valid.")]
        if parts[0] == "a" and len(numbers) == 1:
            return await self.summary(caller, str(numbers[0]))
        if (parts[0] == "l" and len(numbers) == 2 and numbers[0] <= _MAX_LATEST_OFFSET
                and 1 <= numbers[1] <= _LATEST_MAX):  # fmt: skip
            return await self._latest_page(numbers[1], numbers[0], edit=True)
        if parts[0] == "items" and len(numbers) == 1 and 1 <= numbers[0] <= _ITEMS_MAX:
            record = await self._run(self._service.change_subscription, caller.chat.id,
                                     items=numbers[0])  # fmt: skip
            return [self._settings_reply(record, edit=True)]
        if parts[0] == "s" and len(numbers) == 2 and numbers[1] <= _MAX_PAGE:
            if refused := self._over_limit(caller, "search"):
                return refused
            state = await self._run(self._service.load_state, numbers[0], caller.chat.id)
            if state is None:
                return [Reply("That search has expired; search again with /search.")]
            return [await self._search_page(numbers[0], str(state["query"]), numbers[1],
                                            edit=True)]  # fmt: skip
        return [Reply("That button is no longer valid.")]

    @staticmethod
    def _split(text: str) -> list[Reply]:
        return [Reply(part) for part in split_html(text)]

"""/timeline and /trend: what happened with something, by date, and is it rising."""

from __future__ import annotations

import re

from bot.telegram.callbacks import TimelinePage
from bot.telegram.commands import Caller, CommandFamily, command, friendly
from bot.telegram.render import Attachment, Button, Reply, escape, split_html
from bot.telegram.trend_render import timeline_html, trend_caption_html
from bot.usecases.trends import MAX_TREND_QUERIES

__all__ = ["TIMELINE_PER_PAGE", "TrendCommands"]

TIMELINE_PER_PAGE = 6
_VS = re.compile(r"\s+vs\.?\s+", re.IGNORECASE)
_SHOWN_QUERY = 80
_TREND_COST = 3  # a chart costs about three searches


class TrendCommands(CommandFamily):
    @command(
        "timeline",
        "What happened with an actor, weapon or keyword, by date",
        "/timeline weapon:Hwasong-18",
        "archive",
    )
    async def timeline(self, caller: Caller, args: str) -> list[Reply]:
        query = args.strip()
        if not query:
            return [
                Reply(
                    "Usage: <code>/timeline weapon:Hwasong-18</code> — words, "
                    '"phrases", actor:NAME, weapon:NAME, since:2025-01-01'
                )
            ]
        if refused := self._over_limit(caller, "search"):
            return refused
        state = await self._run(
            self._service.save_state, caller.chat.id, "timeline", {"query": query[:500]}
        )
        return [await self._timeline_page(state, query, 0)]

    @friendly
    async def turn_timeline_page(self, caller: Caller, page: TimelinePage) -> list[Reply]:
        """An "« Earlier" / "Later »" button of a saved timeline."""
        if refused := self._over_limit(caller, "search"):
            return refused
        state = await self._run(self._service.load_state, page.state, caller.chat.id)
        if state is None or "query" not in state:
            return [Reply("That timeline has expired; ask again with /timeline.")]
        query = str(state["query"])
        return [await self._timeline_page(page.state, query, page.page, edit=True)]

    async def _timeline_page(self, state: int, query: str, page: int, edit: bool = False) -> Reply:
        shown = query if len(query) <= _SHOWN_QUERY else query[:_SHOWN_QUERY] + "…"
        found = await self._run(
            self._service.timeline,
            query,
            limit=TIMELINE_PER_PAGE,
            offset=page * TIMELINE_PER_PAGE,
        )
        nav = []
        if found.earlier and found.entries:
            nav.append(Button("« Earlier", data=TimelinePage(state, page + 1).data))
        if page > 0:
            nav.append(Button("Later »", data=TimelinePage(state, page - 1).data))
        text = split_html(timeline_html(found, shown))[0]
        return Reply(text, [nav] if nav else [], edit=edit)

    @command(
        "trend",
        "Mentions over time as a chart; compare with vs",
        "/trend Houthis vs Hezbollah",
        "archive",
    )
    async def trend(self, caller: Caller, args: str) -> list[Reply]:
        queries = [q.strip() for q in _VS.split(args.strip()) if q.strip()]
        if not queries:
            return [
                Reply(
                    "Usage: <code>/trend actor:Houthis</code> or "
                    "<code>/trend Hwasong vs Shahed</code> — articles a day over 90 days"
                )
            ]
        if len(queries) > MAX_TREND_QUERIES:
            return [Reply(f"A trend compares at most {MAX_TREND_QUERIES} queries.")]
        if refused := self._over_limit(caller, "search", _TREND_COST):
            return refused
        found = await self._run(self._service.trend, queries)
        if not any(series.total for series in found.series):
            names = " or ".join(f"<b>{escape(q[:_SHOWN_QUERY])}</b>" for q in queries)
            return [Reply(f"No articles mention {names} from {found.since} to {found.until}.")]
        png = await self._run(self._service.trend_chart, found)
        return [Reply(trend_caption_html(found), document=Attachment("trend.png", png, "photo"))]

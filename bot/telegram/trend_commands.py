"""/timeline and /trend: what happened with something, by date, and is it rising."""

from __future__ import annotations

import re

from bot.telegram.callbacks import TimelinePage
from bot.telegram.commands import Caller, CommandFamily, command, friendly
from bot.telegram.render import Attachment, Button, Reply, escape
from bot.telegram.trend_render import timeline_html, trend_caption_html
from bot.usecases.timelines import Cursor
from bot.usecases.trends import MAX_TREND_QUERIES

__all__ = ["TIMELINE_PER_PAGE", "TrendCommands"]

TIMELINE_PER_PAGE = 6
_VS = re.compile(r"\s+vs\.?\s+", re.IGNORECASE)
_SHOWN_QUERY = 80
_SAVED_QUERY = 500  # what a saved timeline keeps of its query (the pages use the same)
_TREND_COST = 3  # a chart costs about three searches


def _button(state: int, cursor: Cursor, *, later: bool) -> str:
    return TimelinePage(state, cursor.day, -cursor.wider, cursor.first, cursor.tie, later).data


class TrendCommands(CommandFamily):
    @command(
        "What happened with an actor, weapon or keyword, by date", "/timeline weapon:Hwasong-18"
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
        saved = query[:_SAVED_QUERY]
        state = await self._run(
            self._service.save_state, caller.chat.id, "timeline", {"query": saved}
        )
        return [await self._timeline_page(state, saved, None)]

    @friendly
    async def turn_timeline_page(self, caller: Caller, page: TimelinePage) -> list[Reply]:
        """An "« Earlier" / "Later »" button of a saved timeline."""
        if refused := self._over_limit(caller, "search"):
            return refused
        state = await self._run(self._service.load_state, page.state, caller.chat.id)
        if state is None or "query" not in state:
            return [Reply("That timeline has expired; ask again with /timeline.")]
        query = str(state["query"])
        return [await self._timeline_page(page.state, query, page, edit=True)]

    async def _timeline_page(
        self, state: int, query: str, page: TimelinePage | None, edit: bool = False
    ) -> Reply:
        shown = query if len(query) <= _SHOWN_QUERY else query[:_SHOWN_QUERY] + "…"
        cursor = Cursor(page.day, -page.span, page.first, page.tie) if page else None
        later = page is not None and page.later
        found = await self._run(
            self._service.timeline,
            query,
            limit=TIMELINE_PER_PAGE,
            before=None if later else cursor,
            after=cursor if later else None,
        )
        nav = []
        if found.earlier is not None:
            nav.append(Button("« Earlier", data=_button(state, found.earlier, later=False)))
        if found.later is not None:
            nav.append(Button("Later »", data=_button(state, found.later, later=True)))
        text = timeline_html(found, shown, first_page=page is None)
        return Reply(text, [nav] if nav else [], edit=edit)

    @command("Mentions over time as a chart; compare with vs", "/trend Houthis vs Hezbollah")
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

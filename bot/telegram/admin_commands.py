"""The administrators' commands: /ingest /sources /stats, and the files they send to store
(captioned /ingest) or to import feeds from (an OPML file captioned /sources import)."""

from __future__ import annotations

from bot.telegram.archive_commands import URL
from bot.telegram.commands import Caller, CommandFamily, admin_only, command
from bot.telegram.render import (
    Attachment,
    Reply,
    escape,
    ingested_html,
    opml_import_html,
    plural,
    sources_html,
    stats_html,
)
from bot.usecases.inputs import parse_id

__all__ = ["AdminCommands"]

_INGEST_DOCUMENTS = (".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl")


class AdminCommands(CommandFamily):
    @command(
        "Admin: store a URL (or send a document with /ingest)", "/ingest https://...", admin=True
    )
    async def ingest(self, caller: Caller, args: str) -> list[Reply]:
        url = args.strip()
        if not URL.fullmatch(url):
            return [
                Reply(
                    "Usage: <code>/ingest https://example.org/story</code>, or send a "
                    "document with the caption /ingest."
                )
            ]
        report = await self._service.ingest_url(url)
        return [Reply(ingested_html(report.results))]

    @command(
        "Admin: list, add, remove feeds; OPML", "/sources add https://example.org/rss", admin=True
    )
    async def sources(self, caller: Caller, args: str) -> list[Reply]:
        words = args.split()
        if len(words) == 2 and words[0] == "add":
            record, new = await self._run(self._service.add_feed, words[1])
            return [
                Reply(f"{'Added' if new else 'Already polled'}: #{record.id} {escape(record.name)}")
            ]
        if len(words) == 2 and words[0] == "remove":
            source_id = parse_id(words[1], "a source")
            record = await self._run(self._service.remove_source, source_id)
            return [Reply(f"Stopped: #{record.id} {escape(record.name)}")]
        if words == ["export"]:
            exported = await self._run(self._service.export_opml)
            return [
                Reply(
                    f"{exported.feeds} feeds as OPML, for any feed reader (or "
                    "<code>/sources import</code>).",
                    document=Attachment("briefing-feeds.opml", exported.opml),
                )
            ]
        if words:
            return [
                Reply(
                    "Usage: /sources, /sources add URL, /sources remove ID, "
                    "/sources export; to import, send an OPML file captioned "
                    "/sources import"
                )
            ]
        found = await self._run(self._service.sources)
        if not found:
            return [Reply("No sources yet. /sources add https://example.org/rss")]
        return self._split(sources_html(found))

    @command("Admin: archive counts", "/stats", admin=True)
    async def stats(self, caller: Caller) -> list[Reply]:
        counts = await self._run(self._service.stats)
        return [Reply(stats_html(counts))]

    @admin_only("Storing documents")
    async def ingest_document(self, caller: Caller, filename: str, data: bytes) -> list[Reply]:
        """A file captioned /ingest: a page, a feed, or JSON lines of articles."""
        if not filename.lower().endswith(_INGEST_DOCUMENTS):
            return [Reply("I can store .txt, .html, RSS/Atom and .jsonl files.")]
        if filename.lower().endswith(".jsonl"):
            outcomes = await self._run(lambda: list(self._service.ingest_jsonl(data.splitlines())))
            stored = [o.result for o in outcomes if o.result is not None]
            errors = [o for o in outcomes if o.error is not None]
            text = ingested_html(stored)
            if errors:
                first = errors[0]
                text += f"\n{plural(len(errors), 'bad line')}, e.g. line {first.line}: "
                text += escape(first.error)
            return [Reply(text)]
        report = await self._run(self._service.ingest_bytes, data, name=filename)
        return [Reply(ingested_html(report.results))]

    @admin_only("/sources")
    async def import_feeds(self, caller: Caller, data: bytes, caption: str) -> list[Reply]:
        """An OPML file (any feed reader's export) captioned /sources import."""
        if caption.split()[1:] != ["import"]:
            return [Reply("To import feeds, send an OPML file with the caption /sources import.")]
        report = await self._run(self._service.import_opml, data)
        return self._split(opml_import_html(report))

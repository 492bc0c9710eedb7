"""The `briefing` command line.

Commands and their --json shapes are a contract other tools rely on: keep them stable. Every
failure a user can cause prints one line, `briefing: error: <input>: <reason>`, and exits 1
(see `bot.cli.base`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

import typer
from pydantic import ValidationError

from bot.cli.backup import export_command, import_command
from bot.cli.base import CliContext, context_of, emit, fail, one_line, reported
from bot.cli.deferred import Deferred
from bot.telegram.redact import guard_token
from bot.usecases.config import env_file_problem, load_settings, settings_problem
from bot.usecases.errors import InputError
from bot.usecases.inputs import DEFAULT_METHOD, METHODS, check_size, parse_id, parse_when
from bot.usecases.inputs import MAX_CHAT_ID as _MAX_CHAT_ID

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from bot.cli.feeds import export_feeds, import_feeds, save_attachments
    from bot.telegram.app import build_application
    from bot.telegram.cards import InProcesses
    from bot.telegram.conversation import Caller, Conversation
    from bot.telegram.render import (
        Button,
        Reply,
        briefing_html,
        plural,
        snippet_html,
        snippet_plain,
        telegram_html_to_plain,
    )
    from bot.usecases.analysis import (
        ArticleFacts,
        facts_jsonl,
        facts_of_document,
        summarize_document,
        summarize_jsonl,
    )
    from bot.usecases.archive import ArticleRecord
    from bot.usecases.audience import ChatInfo
    from bot.usecases.core import init_database, safe_url
    from bot.usecases.service import BriefingService, IngestReport, LineOutcome
else:
    # A command imports what it calls when it calls it: `briefing --help` loads none of
    # these, `briefing stats` neither the summarisers nor Telegram (see bench/startup.py).
    facts_jsonl, facts_of_document, summarize_document, summarize_jsonl = Deferred.names(
        "bot.usecases.analysis", "facts_jsonl", "facts_of_document", "summarize_document",
        "summarize_jsonl",
    )  # fmt: skip
    (build_application,) = Deferred.names("bot.telegram.app", "build_application")
    (InProcesses,) = Deferred.names("bot.telegram.cards", "InProcesses")
    Caller, Conversation = Deferred.names("bot.telegram.conversation", "Caller", "Conversation")
    briefing_html, telegram_html_to_plain, plural, snippet_html, snippet_plain = Deferred.names(
        "bot.telegram.render",
        "briefing_html",
        "telegram_html_to_plain",
        "plural",
        "snippet_html",
        "snippet_plain",
    )
    export_feeds, import_feeds, save_attachments = Deferred.names(
        "bot.cli.feeds", "export_feeds", "import_feeds", "save_attachments"
    )
    (Console,) = Deferred.names("rich.console", "Console")
    BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn = Deferred.names(
        "rich.progress", "BarColumn", "DownloadColumn", "Progress", "TextColumn",
        "TimeRemainingColumn",
    )  # fmt: skip
    init_database, safe_url = Deferred.names("bot.usecases.core", "init_database", "safe_url")
    (ChatInfo,) = Deferred.names("bot.usecases.audience", "ChatInfo")

__all__ = ["app", "main"]

app = typer.Typer(
    name="briefing",
    help="Briefing: a news archive with summaries, key facts and daily Telegram briefings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {version('briefing')}")
        raise typer.Exit


@app.callback()
def _root(
    ctx: typer.Context,
    _show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Briefing: a news archive with summaries, key facts and daily Telegram briefings."""
    try:
        settings = load_settings()
    except ValidationError as exc:
        raise fail(f"configuration: {settings_problem(exc)}") from None
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    # HTTP client loggers print request URLs, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    env_problem = env_file_problem(Path(".env"))
    if env_problem and ctx.invoked_subcommand != "run":
        typer.echo(f"briefing: warning: {env_problem}", err=True)
    ctx.obj = CliContext(settings, env_problem=env_problem)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database, or migrate it to the current schema."""
    settings = context_of(ctx).settings
    url = settings.database_url.get_secret_value()
    with reported():
        revision = init_database(url)
    typer.echo(f"database ready: {safe_url(url)} (schema {revision})")


@app.command()
def ingest(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(help="A file (text, HTML, RSS/Atom), an http(s) URL, or - for stdin."),
    ] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE",
            help='JSON lines, one article each: "text" required; "url", "title", '
            '"published", "source" optional. - reads stdin.',
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    source: Annotated[
        str | None, typer.Option("--source", help="Source name to file the articles under.")
    ] = None,
) -> None:
    """Store articles in the archive; duplicates (same URL or same text) are reported."""
    if (target is None) == (jsonl is None):
        raise fail("give either a file, URL or - to ingest, or --jsonl FILE")
    with reported():
        service = context_of(ctx).service()
    if jsonl is not None:
        _ingest_jsonl(service, jsonl, as_json=as_json)
        return
    assert target is not None
    with reported(target):
        if "://" in target:
            report = asyncio.run(service.ingest_url(target, source=source))
        else:
            data = _read_input(target, context_of(ctx).settings.max_document_bytes)
            report = service.ingest_bytes(data, name=target, source=source)
    _print_report(report, as_json=as_json)


def _read_input(target: str, limit: int) -> bytes:
    """A file's or stdin's bytes, refused by size before it is read."""
    if target == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(target)
        try:  # a name too long, a NUL in it, a loop of links: all OSError or ValueError
            if not path.exists():
                raise InputError("no such file")
            if not path.is_file():
                raise InputError("is not a regular file")
            check_size(path.stat().st_size, limit)
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})") from exc
        except ValueError as exc:
            raise InputError(f"is not a usable file name ({exc})") from exc
    return data


def _print_report(report: IngestReport, *, as_json: bool) -> None:
    for label, reason in report.skipped:
        typer.echo(f"briefing: skipped {label}: {reason}", err=True)
    for label, reason in report.notes:
        typer.echo(f"briefing: kept {label}: {reason}", err=True)
    for result in report.results:
        if as_json:
            emit(result.to_json())
        else:
            state = f"duplicate of #{result.id}" if result.duplicate else f"stored #{result.id}"
            when = result.published.isoformat() if result.published else "undated"
            typer.echo(f"{state}  {when}  {result.title}")


def _ingest_jsonl(service: BriefingService, jsonl: str, *, as_json: bool) -> None:
    counts = {"lines": 0, "stored": 0, "duplicates": 0, "errors": 0}
    with _jsonl_lines(jsonl) as lines:
        for outcome in service.ingest_jsonl(lines):
            counts["lines"] += 1
            _report_line(jsonl, outcome, counts, as_json=as_json)
    if as_json:
        emit(counts)
    else:
        typer.echo(
            f"ingested {counts['lines']} lines: {counts['stored']} stored, "
            f"{counts['duplicates']} duplicates, {counts['errors']} errors"
        )
    if counts["errors"]:
        raise typer.Exit(1)


def _report_line(
    jsonl: str, outcome: LineOutcome, counts: dict[str, int], *, as_json: bool
) -> None:
    if outcome.result is not None:
        counts["duplicates" if outcome.result.duplicate else "stored"] += 1
        if as_json:
            emit({"line": outcome.line, **outcome.result.to_json()})
        return
    counts["errors"] += 1
    if as_json:
        emit({"line": outcome.line, "error": outcome.error})
    typer.echo(f"briefing: error: {jsonl} line {outcome.line}: {outcome.error}", err=True)


@contextmanager
def _jsonl_lines(jsonl: str) -> Iterator[Iterator[bytes]]:
    """The lines of a JSON-lines file (or stdin), with a progress bar on a terminal."""
    with _open_jsonl(jsonl) as (stream, total), _progress(total) as advance:
        yield _counting_lines(stream, advance)


@contextmanager
def _open_jsonl(jsonl: str) -> Iterator[tuple[IO[bytes], int | None]]:
    if jsonl == "-":
        yield sys.stdin.buffer, None
        return
    path = Path(jsonl)
    try:
        stream = path.open("rb")
        size = path.stat().st_size
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise fail(f"{one_line(jsonl)}: cannot be read ({reason})") from None
    with stream:
        yield stream, size


def _counting_lines(stream: IO[bytes], advance: Any) -> Iterator[bytes]:
    for line in stream:
        advance(len(line))
        yield line


@contextmanager
def _progress(total: int | None) -> Iterator[Any]:
    """A progress bar on an interactive terminal; nothing at all when output is piped."""
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not sys.stderr.isatty(),
        transient=True,
    )
    task = progress.add_task("ingest", total=total)
    with progress:
        yield lambda size: progress.advance(task, size)


_DocumentArgument = Annotated[
    str | None, typer.Argument(help="A file (text, HTML, RSS/Atom) or - for stdin.")
]


@app.command()
def summarize(
    ctx: typer.Context,
    target: _DocumentArgument = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE",
            help='JSON lines {"id", "text"}; writes {"id", "summary"} per line, in order.',
        ),
    ] = None,
    sentences: Annotated[
        int, typer.Option("--sentences", "-n", min=1, max=20, help="Sentences per summary.")
    ] = 3,
    method: Annotated[
        str, typer.Option("--method", help=f"One of: {', '.join(METHODS)}.")
    ] = DEFAULT_METHOD,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Print an extractive summary of a document (nothing is stored)."""
    if (target is None) == (jsonl is None):
        raise fail("give either a file or - to summarise, or --jsonl FILE")
    if method not in METHODS:
        raise fail(f"unknown method {method!r}; choose one of: {', '.join(METHODS)}")
    limit = context_of(ctx).settings.max_document_bytes
    if jsonl is not None:
        with _jsonl_lines(jsonl) as lines:
            for result in summarize_jsonl(lines, sentences=sentences, method=method):
                emit(result)
        return
    assert target is not None
    with reported(target):
        data = _read_input(target, limit)
        results = summarize_document(
            data, name=target, max_bytes=limit, sentences=sentences, method=method
        )
    for number, item in enumerate(results):
        if as_json:
            emit(item.to_json())
            continue
        if len(results) > 1:
            typer.echo(("\n" if number else "") + item.title)
        for sentence in item.summary.sentences:
            typer.echo(sentence)


@app.command()
def facts(
    ctx: typer.Context,
    target: _DocumentArgument = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE",
            help='JSON lines {"id", "text", "published"?}; writes the facts per line, in order.',
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DAY",
            help="Publication day to resolve relative dates against: YYYY-MM-DD, today, "
            "yesterday, 7d (default: the one the document gives).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the facts as JSON.")] = False,
) -> None:
    """Print the key facts of a document: dates, actors, weapons (nothing is stored)."""
    if (target is None) == (jsonl is None):
        raise fail("give either a file or - to read, or --jsonl FILE")
    day = _published_option(published)
    context = context_of(ctx)
    if jsonl is not None:
        with _jsonl_lines(jsonl) as lines:
            for result in facts_jsonl(context.extractor(), lines):
                emit(result)
        return
    assert target is not None
    limit = context.settings.max_document_bytes
    with reported(target):
        data = _read_input(target, limit)
        found = facts_of_document(
            context.extractor(), data, name=target, max_bytes=limit, published=day
        )
    for number, (title, article) in enumerate(found):
        if as_json:
            emit({"title": title, **article.to_json()})
        else:
            typer.echo(("\n" if number else "") + title)
            _print_facts(article)


def _published_option(value: str | None) -> date | None:
    """A publication day in the common grammar; a month or a year is not a day."""
    if value is None:
        return None
    with reported("--published"):
        day = parse_when(value, datetime.now(UTC)).date()
    if re.fullmatch(r"\s*[0-9]{4}(-[0-9]{1,2})?\s*", value):
        raise fail(
            f"--published: {value.strip()!r} is not a day; use YYYY-MM-DD, today or yesterday"
        )
    return day


def _print_facts(article: ArticleFacts) -> None:
    when = ", ".join(f"{d.value or '?'} ({d.text})" for d in article.dates)
    who = ", ".join(f"{a.name} ({a.kind})" for a in article.actors)
    arms = ", ".join(f"{w.name} ({w.kind})" for w in article.weapons)
    published = article.published.isoformat() if article.published else "unknown"
    typer.echo(f"Published: {published}")
    typer.echo(f"When: {when or '-'}")
    typer.echo(f"Who: {who or '-'}")
    typer.echo(f"Weapons: {arms or '-'}")


_WHEN_HELP = "YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, 24h or 7d"


# "-Trump" is an exclusion, not an option: unknown dashes belong to the query.
@app.command(context_settings={"ignore_unknown_options": True})
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY",
            help='Words (all must match), "phrases", -excluded, OR, prefix*, and the filters '
            "since:WHEN until:WHEN source:NAME actor:NAME weapon:NAME; the rest of the line "
            "is the query.",
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", min=1, max=50, help="Results per page.")
    ] = 10,
    page: Annotated[int, typer.Option("--page", metavar="N", min=1, help="Page number.")] = 1,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="WHEN", help=f"Published on or after: {_WHEN_HELP}."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="WHEN", help=f"Published on or before: {_WHEN_HELP}."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Search the archive, best matches first (newer first among equals)."""
    query = " ".join(words)
    now = datetime.now(UTC)
    filters = []
    with reported("--since"):
        if since is not None:
            filters.append(f"since:{parse_when(since, now).date().isoformat()}")
    with reported("--until"):
        if until is not None:
            filters.append(f"until:{parse_when(until, now, end=True).date().isoformat()}")
    with reported():
        found = (
            context_of(ctx)
            .service()
            .search(" ".join([query, *filters]), limit=limit, offset=(page - 1) * limit)
        )
    for note in found.notes:
        typer.echo(f"briefing: note: {note}", err=True)
    if as_json:
        emit(
            {
                "query": query,
                "total": found.total,
                "results": [
                    {
                        "id": hit.id,
                        "title": hit.title,
                        "url": hit.url,
                        "published": hit.published.isoformat() if hit.published else None,
                        "snippet": snippet_html(hit.snippet),
                        "score": hit.score,
                    }
                    for hit in found.hits
                ],
            }
        )
        return
    first = found.offset + 1
    shown = f"{first}-{found.offset + len(found.hits)}" if found.hits else "none"
    typer.echo(f"{plural(found.total, 'result')} for {query!r} (showing {shown})")
    for hit in found.hits:
        when = hit.published.isoformat() if hit.published else "undated"
        typer.echo(f"\n#{hit.id}  {when}  {hit.title}")
        typer.echo(f"    {snippet_plain(hit.snippet)}")


@app.command()
def show(
    ctx: typer.Context,
    article_id: Annotated[
        str, typer.Argument(metavar="ID", help="Article id (from search, ingest or demo).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the article as JSON.")] = False,
) -> None:
    """Print one stored article."""
    with reported():
        record = context_of(ctx).service().article(parse_id(article_id))
    if as_json:
        emit(_article_json(record))
        return
    typer.echo(record.title)
    details = [record.published_on.isoformat() if record.published_on else "undated"]
    details += [x for x in (record.source, record.dateline, record.url) if x]
    typer.echo(" · ".join(details))
    typer.echo("")
    typer.echo(record.text.replace("\n", "\n\n"))


def _article_json(record: ArticleRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "title": record.title,
        "published": record.published_on.isoformat() if record.published_on else None,
        "url": record.url,
        "source": record.source,
        "text": record.text,
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "ingested_at": record.ingested_at.isoformat(),
        "language": record.language,
        "byline": record.byline,
        "dateline": record.dateline,
    }


@app.command()
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Count articles, sources and subscribers."""
    with reported():
        counts = context_of(ctx).service().stats()
    if as_json:
        emit(
            {"articles": counts.articles, "sources": counts.sources,
             "subscribers": counts.subscribers}
        )  # fmt: skip
        return
    typer.echo(f"articles: {counts.articles}")
    typer.echo(f"sources: {counts.sources}")
    typer.echo(f"subscribers: {counts.subscribers}")


@app.command()
def demo(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="Articles to list.")] = 10,
) -> None:
    """Load the shipped sample articles and print the newest ones with their summaries."""
    context = context_of(ctx)
    with reported():
        service = context.service()
        loaded = service.load_samples()
        digest = service.digest(limit)
        counts = service.stats()
    new = sum(1 for r in loaded.results if not r.duplicate)
    url = safe_url(context.settings.database_url.get_secret_value())
    typer.echo(f"Briefing demo: {plural(counts.articles, 'article')} in {url} "
               f"({new} new from the samples)")  # fmt: skip
    for item in digest:
        record = item.article
        when = record.published_on.isoformat() if record.published_on else "undated"
        typer.echo("")
        typer.echo(f"#{record.id}  {when}  {record.title}")
        for sentence in item.summary:
            typer.echo(f"    {sentence}")
        for label, category in (("Who", "actor"), ("Weapons", "weapon")):
            if line := item.facts_line(category):
                typer.echo(f"    {label}: {line}")
    typer.echo("")
    me = _invocation()
    typer.echo(f"Next: `{me} show ID`, `{me} ingest FILE|URL`, `{me} stats`, `{me} chat`.")
    activate = Path(me).with_name("activate")
    if me != "briefing" and activate.is_file():
        typer.echo(f"(`source {activate}` puts `briefing` on your PATH in this shell.)")


def _invocation() -> str:
    """How this shell reaches the command: `briefing` when that name on PATH is this very
    program, else its path as typed from here (`.venv/bin/briefing` after quickstart)."""
    program = Path(sys.argv[0])
    found = shutil.which("briefing")
    if found and program.name == "briefing" and Path(found).resolve() == program.resolve():
        return "briefing"
    if program.name != "briefing":  # python -m bot, or a test runner
        return "briefing"
    try:
        return str(program.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(program.resolve())


@app.command()
def brief(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help=f"Window start: {_WHEN_HELP}, 90m, or an ISO date-time.",
        ),
    ] = None,
    chat: Annotated[
        int | None,
        typer.Option(
            "--chat",
            metavar="ID",
            min=-_MAX_CHAT_ID - 1,
            max=_MAX_CHAT_ID,
            help="Compose for this subscriber.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the briefing as JSON.")] = False,
) -> None:
    """Print the briefing that would be sent now (nothing is sent or recorded)."""
    with reported("--since"):
        start = parse_when(since, datetime.now(UTC)) if since is not None else None
    with reported():
        briefing = context_of(ctx).service().compose_briefing(chat, start)
    if not as_json:
        typer.echo(telegram_html_to_plain(briefing_html(briefing)))
        return
    emit(
        {
            "day": briefing.day.isoformat(),
            "articles": briefing.articles,
            "note": briefing.note,
            "stories": [
                {
                    "headline": s.headline,
                    "summary": s.summary,
                    "when": s.when,
                    "who": s.who,
                    "weapons": s.weapons,
                    "sources": [{"name": n, "url": u} for n, u in s.sources],
                    "article_ids": s.article_ids,
                    "watched": s.watched,
                }
                for s in briefing.stories
            ],
        }
    )


@app.command()
def subscribers(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print them as JSON.")] = False,
) -> None:
    """List the active subscriptions (chat, time, zone, items, watch-list)."""
    with reported():
        found = context_of(ctx).service().subscribers()
    rows = [
        {
            "chat_id": s.chat_id,
            "time": s.briefing_time.strftime("%H:%M"),
            "timezone": s.timezone,
            "items": s.items,
            "watch": [{"kind": k, "value": v} for k, v in s.watch],
            "last_briefing_at": s.last_briefing_at.isoformat() if s.last_briefing_at else None,
        }
        for s in found
    ]
    if as_json:
        emit({"subscribers": rows})
        return
    typer.echo(f"{plural(len(found), 'active subscription')}")
    for s in found:
        watch = ", ".join(f"{kind}:{value}" for kind, value in s.watch) or "-"
        typer.echo(f"{s.chat_id}  {s.briefing_time:%H:%M} {s.timezone}  items {s.items}  "
                   f"watch {watch}")  # fmt: skip


@app.command()
def sources(
    ctx: typer.Context,
    action: Annotated[
        str | None, typer.Argument(help="add, remove, import or export (default: list)")
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            help="A feed URL to add, an id to remove, an OPML file (or -) to import "
            "or to export to (default: stdout)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the sources as JSON.")] = False,
) -> None:
    """List sources and polled feeds; add a feed URL or stop polling one (by id); import
    the feeds of an OPML file (any feed reader's export), or export them as OPML."""
    with reported():
        service = context_of(ctx).service()
        if action == "add" and value:
            record, new = service.add_feed(value)
            typer.echo(f"{'added' if new else 'already polled'}: #{record.id} {record.name}")
            return
        if action == "remove" and value:
            record = service.remove_source(parse_id(value, "a source"))
            typer.echo(f"stopped: #{record.id} {record.name}")
            return
        if action == "import" and value:
            with reported(value):
                data = _read_input(value, context_of(ctx).settings.max_document_bytes)
            import_feeds(service, value, data, as_json=as_json)
            return
        if action == "export":
            export_feeds(service, value or "-", as_json=as_json)
            return
        if action is not None:
            raise fail(
                "usage: briefing sources [add URL | remove ID | import FILE | export [FILE]]"
            )
        found = service.sources()
    if as_json:
        rows = [{"id": s.id, "name": s.name, "kind": s.kind, "url": s.url, "active": s.active,
                 "articles": s.articles} for s in found]  # fmt: skip
        emit({"sources": rows})
        return
    for s in found:
        state = "" if s.active else " (stopped)"
        count = plural(s.articles, "article")
        typer.echo(f"#{s.id}  {s.kind:<6} {s.name}  {count}{state}  {s.url or ''}")


@app.command()
def poll(ctx: typer.Context) -> None:
    """Poll the feeds that are due now (the bot does this on its own every interval)."""
    with reported():
        service = context_of(ctx).service()
        service.register_feeds()
        results = asyncio.run(service.poll_feeds())
    for result in results:
        detail = f": {result.error}" if result.error else ""
        typer.echo(f"{result.feed}: {result.status}, {result.stored} new{detail}")
    if not results:
        typer.echo("no feeds due")


@app.command()
def run(
    ctx: typer.Context,
    webhook: Annotated[
        str | None, typer.Option("--webhook", metavar="URL", help="Public HTTPS URL for updates.")
    ] = None,
    listen: Annotated[str, typer.Option("--listen", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8443,
) -> None:
    """Run the Telegram bot (long polling, or a webhook with --webhook)."""
    context = context_of(ctx)
    token = context.settings.telegram_bot_token
    if token is None or not token.get_secret_value():
        raise fail("TELEGRAM_BOT_TOKEN is not set (in the environment or .env); "
                    "`briefing chat` runs the same bot offline")  # fmt: skip
    if context.env_problem:
        raise fail(context.env_problem)
    # From here on nothing the process prints carries the token: log lines, uncaught
    # exceptions (any thread), warnings, and errors of the event loop PTB runs on.
    redactor = guard_token(token.get_secret_value())
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(redactor.loop_exception_handler())
    asyncio.set_event_loop(loop)  # run_polling and run_webhook use the current loop
    cards = InProcesses(context.settings)
    with reported():
        context.service(wait=True).register_feeds()
        # The workers and the NER model load once polling has started (bot/telegram/app.py).
        application = build_application(context.settings, context.service(), cards=cards)
    typer.echo(f"Briefing bot running against {context.settings.telegram_base_url} "
               f"({'webhook ' + webhook if webhook else 'long polling'}); Ctrl+C stops it.",
               err=True)  # fmt: skip
    from telegram.error import InvalidToken  # noqa: PLC0415 - Telegram loads for `run` only

    try:
        if webhook:
            # Telegram posts to the webhook URL's path; only requests carrying the secret
            # (set with the webhook) are accepted.
            application.run_webhook(
                listen=listen,
                port=port,
                url_path=urlsplit(webhook).path.lstrip("/"),
                webhook_url=webhook,
                secret_token=secrets.token_urlsafe(32),
                allowed_updates=["message", "callback_query"],
            )
        else:
            application.run_polling(allowed_updates=["message", "callback_query"])
    except InvalidToken:
        # PTB's message quotes the token; a wrong or revoked token is one line.
        raise fail("the Bot API refused the token") from None
    finally:
        cards.close()


@app.command()
def chat(ctx: typer.Context) -> None:
    """Talk to the bot in this terminal: the same commands and answers, no token, no network
    (except for links you send). Type /help; a number presses a button; /quit ends."""
    context = context_of(ctx)
    with reported():
        service = context.service()
    asyncio.run(_chat(Conversation(service), interactive=sys.stdin.isatty()))


async def _chat(conversation: Conversation, *, interactive: bool) -> None:
    caller = Caller(ChatInfo(1, "private", "console"), user_id=1, is_admin=True)
    buttons: list[Button] = []
    if interactive:
        typer.echo("Briefing chat: type /help, /quit to leave.")
    while True:
        line = await asyncio.to_thread(_read_line, "you> " if interactive else "")
        if line is None or line.strip() in {"/quit", "/exit"}:
            return
        text = line.strip()
        if not text:
            continue
        pressed = _pressed(text, buttons)
        if pressed is not None:
            replies = await conversation.button(caller, pressed)
        elif text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            replies = await conversation.dispatch(caller, command.split("@")[0], args)
        else:
            replies = await conversation.text(caller, text)
        replies = await asyncio.to_thread(save_attachments, replies, Path.cwd())
        buttons = _print_replies(replies) or buttons


def _pressed(text: str, buttons: list[Button]) -> str | None:
    """The data of the button whose number was typed ("2"), if any: ASCII digits only, so
    "²" or a 30-digit number is just a message."""
    if not re.fullmatch(r"[0-9]{1,3}", text) or not 1 <= int(text) <= len(buttons):
        return None
    return buttons[int(text) - 1].data or None


def _read_line(prompt: str) -> str | None:
    try:
        return input(prompt)
    except EOFError:
        return None


def _print_replies(replies: list[Reply]) -> list[Button]:
    shown: list[Button] = []
    for reply in replies:
        typer.echo(telegram_html_to_plain(reply.html))
        row_texts = []
        for row in reply.buttons:
            labels = []
            for button in row:
                shown.append(button)
                labels.append(f"[{len(shown)}] {button.label}")
            row_texts.append("  ".join(labels))
        for row_text in row_texts:
            if row_text:
                typer.echo(row_text)
        typer.echo("")
    return shown


app.command("export")(export_command)
app.command("import")(import_command)


def main() -> None:
    """Console entry point."""
    app()

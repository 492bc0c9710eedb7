"""`briefing init`, `demo` and `run`: setting the database up, a first look at the archive,
and the Telegram bot itself (the token never reaches the output).
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import sys
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer

from bot.cli.base import context_of, fail, reported
from bot.telegram.redact import guard_token

__all__ = ["demo", "init", "run"]


def init(ctx: typer.Context) -> None:
    """Create the database, or migrate it to the current schema."""
    from bot.usecases.core import init_database, safe_url  # noqa: PLC0415 - loads the ORM

    settings = context_of(ctx).settings
    url = settings.database_url.get_secret_value()
    with reported():
        revision = init_database(url)
    typer.echo(f"database ready: {safe_url(url)} (schema {revision})")


def demo(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="Articles to list.")] = 10,
) -> None:
    """Load the shipped sample articles and print the newest ones with their summaries."""
    from bot.telegram.render import plural  # noqa: PLC0415
    from bot.usecases.core import safe_url  # noqa: PLC0415

    context = context_of(ctx)
    with reported():
        service = context.service()
        loaded = service.load_samples()
        digest = service.digest(limit)
        counts = service.stats()
    new = sum(1 for r in loaded.results if not r.duplicate)
    url = safe_url(context.settings.database_url.get_secret_value())
    articles = plural(counts.articles, "article")
    typer.echo(f"Briefing demo: {articles} in {url} ({new} new from the samples)")
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
        raise fail(
            "TELEGRAM_BOT_TOKEN is not set (in the environment or .env); "
            "`briefing chat` runs the same bot offline"
        )
    if context.env_problem:
        raise fail(context.env_problem)
    # From here on nothing the process prints carries the token: log lines, uncaught
    # exceptions (any thread), warnings, and errors of the event loop PTB runs on.
    redactor = guard_token(token.get_secret_value())
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(redactor.loop_exception_handler())
    asyncio.set_event_loop(loop)  # run_polling and run_webhook use the current loop
    # Telegram, its application and the summary workers load for `run` only.
    from bot.telegram.app import build_application  # noqa: PLC0415
    from bot.telegram.cards import InProcesses  # noqa: PLC0415

    cards = InProcesses(context.settings)
    with reported():
        context.service(wait=True).register_feeds()
        # The workers and the NER model load once polling has started (bot/telegram/app.py).
        application = build_application(context.settings, context.service(), cards=cards)
    how = f"webhook {webhook}" if webhook else "long polling"
    typer.echo(
        f"Briefing bot running against {context.settings.telegram_base_url} ({how}); "
        "Ctrl+C stops it.",
        err=True,
    )
    from telegram.error import InvalidToken  # noqa: PLC0415

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

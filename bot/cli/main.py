"""The `briefing` command line: the typer app, its global options, and every command
registered in one visible list (each family of commands lives in its own module).

Commands and their --json shapes (`bot.cli.shapes`) are a contract other tools rely on: keep
them stable. Every failure a user can cause prints one line, `briefing: error: <input>:
<reason>`, and exits 1 (see `bot.cli.base`).
"""

from __future__ import annotations

import logging
from importlib.metadata import version
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from bot.cli import analysis, archive, audience, backup, feeds, run, trends
from bot.cli.base import CliContext, fail
from bot.usecases.config import env_file_problem, load_settings, settings_problem

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
    _configure_logging(settings.log_level)
    env_problem = env_file_problem(Path(".env"))
    if env_problem and ctx.invoked_subcommand != "run":
        typer.echo(f"briefing: warning: {env_problem}", err=True)
    ctx.obj = CliContext(settings, env_problem=env_problem)


def _configure_logging(level: str) -> None:
    """Log lines on stderr at the configured level, set up once as the app starts (a second
    call in the same process, as in tests, leaves the first set-up in place)."""
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # HTTP client loggers print request URLs, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("pymorphy3").setLevel(logging.WARNING)  # "Loading dictionaries ..."


# Every command, in the order `briefing --help` lists them.
app.command()(run.init)
app.command()(archive.ingest)
app.command()(analysis.summarize)
app.command()(analysis.facts)
# "-Trump" is an exclusion, not an option: unknown dashes belong to the query.
app.command(context_settings={"ignore_unknown_options": True})(archive.search)
app.command()(archive.show)
app.command()(archive.story)
app.command(context_settings={"ignore_unknown_options": True})(trends.timeline)
app.command(context_settings={"ignore_unknown_options": True})(trends.trend)
app.command()(archive.stats)
app.command()(run.demo)
app.command()(audience.brief)
app.command()(audience.subscribers)
app.command()(feeds.sources)
app.command()(feeds.poll)
app.command()(run.run)
app.command()(audience.chat)
app.command("export")(backup.export_command)
app.command("import")(backup.import_command)


def main() -> None:
    """Console entry point."""
    app()

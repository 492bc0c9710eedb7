"""The `briefing` command line: `main` is the console entry point, `app` the typer app."""

from __future__ import annotations

from bot.cli.main import app, main

__all__ = ["app", "main"]

"""`briefing brief`, `subscribers` and `chat`: what the bot's audience gets, and the bot
itself in a terminal (a file it would send is saved instead).
"""

from __future__ import annotations

import asyncio
import re
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import options, shapes
from bot.cli.base import context_of, emit, reported
from bot.usecases.inputs import MAX_CHAT_ID, parse_when

if TYPE_CHECKING:
    from bot.telegram.conversation import Conversation
    from bot.telegram.render import Button, Reply

__all__ = ["brief", "chat", "save_attachments", "subscribers"]


def brief(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        options.when_option("--since", "Window start", ", 90m, or an ISO date-time"),
    ] = None,
    chat: Annotated[
        int | None,
        typer.Option(
            "--chat",
            metavar="ID",
            min=-MAX_CHAT_ID - 1,
            max=MAX_CHAT_ID,
            help="Compose for this subscriber.",
        ),
    ] = None,
    as_json: Annotated[bool, options.json_flag("the briefing")] = False,
) -> None:
    """Print the briefing that would be sent now (nothing is sent or recorded)."""
    with reported("--since"):
        start = parse_when(since, datetime.now(UTC)) if since is not None else None
    with reported():
        briefing = context_of(ctx).service().compose_briefing(chat, start)
    if as_json:
        emit(shapes.briefing(briefing))
        return
    from bot.telegram.render import telegram_html_to_plain  # noqa: PLC0415
    from bot.telegram.story_render import briefing_html  # noqa: PLC0415

    typer.echo(telegram_html_to_plain(briefing_html(briefing)))


def subscribers(
    ctx: typer.Context,
    as_json: Annotated[bool, options.json_flag("them")] = False,
) -> None:
    """List the active subscriptions (chat, time, zone, items, watch-list)."""
    with reported():
        found = context_of(ctx).service().subscribers()
    if as_json:
        emit(shapes.subscribers(found))
        return
    from bot.telegram.render import plural  # noqa: PLC0415

    typer.echo(f"{plural(len(found), 'active subscription')}")
    for s in found:
        watch = ", ".join(f"{kind}:{value}" for kind, value in s.watch) or "-"
        typer.echo(
            f"{s.chat_id}  {s.briefing_time:%H:%M} {s.timezone}  items {s.items}  watch {watch}"
        )


def chat(ctx: typer.Context) -> None:
    """Talk to the bot in this terminal: the same commands and answers, no token, no network
    (except for links you send). Type /help; a number presses a button; /quit ends."""
    from bot.telegram.conversation import Conversation  # noqa: PLC0415 - Telegram's, lazily

    context = context_of(ctx)
    with reported():
        service = context.service()
    asyncio.run(_chat(Conversation(service), interactive=sys.stdin.isatty()))


async def _chat(conversation: Conversation, *, interactive: bool) -> None:
    from bot.telegram.conversation import Caller  # noqa: PLC0415
    from bot.usecases.audience import ChatInfo  # noqa: PLC0415

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
    from bot.telegram.render import telegram_html_to_plain  # noqa: PLC0415

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


def save_attachments(replies: list[Reply], folder: Path) -> list[Reply]:
    """A file the bot would send is saved in `folder` instead, never over an existing file
    (a second export gets "name (2).opml", as browsers name downloads), and the reply says
    where it went."""
    from bot.telegram.render import escape  # noqa: PLC0415

    shown = []
    for reply in replies:
        if reply.document is None:
            shown.append(reply)
            continue
        name = Path(reply.document.filename).name
        try:
            path = _create(folder, name, reply.document.data)
            note = f"Saved as {escape(str(path))} (the console cannot send files)."
        except OSError as exc:
            note = f"⚠️ Could not save {escape(name)} in {escape(str(folder))}: {exc.strerror}"
        shown.append(replace(reply, html=f"{reply.html}\n{note}", document=None))
    return shown


def _create(folder: Path, name: str, data: bytes) -> Path:
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in range(1, 1000):
        path = folder / (name if number == 1 else f"{stem} ({number}){suffix}")
        try:
            with path.open("xb") as out:
                out.write(data)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(17, "too many files of that name", str(folder / name))

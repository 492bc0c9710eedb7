"""`briefing summarize` and `briefing facts`: a document's summary and key facts, computed
and printed (nothing is stored).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli import options, shapes
from bot.cli.base import context_of, emit, fail, reported
from bot.cli.inputs import jsonl_lines, one_input, read_input
from bot.usecases.inputs import DEFAULT_METHOD, METHODS, parse_when

if TYPE_CHECKING:
    from bot.usecases.analysis import ArticleFacts

__all__ = ["facts", "summarize"]

_DocumentArgument = Annotated[
    str | None, typer.Argument(help="A file (text, HTML, RSS/Atom) or - for stdin.")
]


def summarize(
    ctx: typer.Context,
    target: _DocumentArgument = None,
    jsonl: Annotated[
        str | None,
        options.jsonl_option(
            'JSON lines {"id", "text"}; writes {"id", "summary"} per line, in order.'
        ),
    ] = None,
    sentences: Annotated[
        int, typer.Option("--sentences", "-n", min=1, max=20, help="Sentences per summary.")
    ] = 3,
    method: Annotated[
        str, typer.Option("--method", help=f"One of: {', '.join(METHODS)}.")
    ] = DEFAULT_METHOD,
    as_json: Annotated[bool, options.json_flag("the summary")] = False,
) -> None:
    """Print an extractive summary of a document (nothing is stored)."""
    name, is_jsonl = one_input(
        target, jsonl, "give either a file or - to summarise, or --jsonl FILE"
    )
    if method not in METHODS:
        raise fail(f"unknown method {method!r}; choose one of: {', '.join(METHODS)}")
    limit = context_of(ctx).settings.max_document_bytes
    # The summarisers load for this command only.
    from bot.usecases.analysis import summarize_document, summarize_jsonl  # noqa: PLC0415

    if is_jsonl:
        with jsonl_lines(name) as lines:
            for line in summarize_jsonl(lines, sentences=sentences, method=method):
                emit(shapes.summary_line(line))
        return
    with reported(name):
        data = read_input(name, limit)
        results = summarize_document(
            data, name=name, max_bytes=limit, sentences=sentences, method=method
        )
    for number, item in enumerate(results):
        if as_json:
            emit(shapes.document_summary(item))
            continue
        if len(results) > 1:
            typer.echo(("\n" if number else "") + item.title)
        for sentence in item.summary.sentences:
            typer.echo(sentence)


def facts(
    ctx: typer.Context,
    target: _DocumentArgument = None,
    jsonl: Annotated[
        str | None,
        options.jsonl_option(
            'JSON lines {"id", "text", "published"?}; writes the facts per line, in order.'
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
    as_json: Annotated[bool, options.json_flag("the facts")] = False,
) -> None:
    """Print the key facts of a document: dates, actors, weapons (nothing is stored)."""
    name, is_jsonl = one_input(target, jsonl, "give either a file or - to read, or --jsonl FILE")
    day = _published_option(published)
    context = context_of(ctx)
    # The fact extractors (and the NER model) load for this command only.
    from bot.usecases.analysis import facts_jsonl, facts_of_document  # noqa: PLC0415

    if is_jsonl:
        with jsonl_lines(name) as lines:
            for line in facts_jsonl(context.extractor(), lines):
                emit(shapes.facts_line(line))
        return
    limit = context.settings.max_document_bytes
    with reported(name):
        data = read_input(name, limit)
        found = facts_of_document(
            context.extractor(), data, name=name, max_bytes=limit, published=day
        )
    for number, (title, article) in enumerate(found):
        if as_json:
            emit(shapes.article_facts(title, article))
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

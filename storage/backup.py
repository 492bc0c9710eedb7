"""Backup: the archive and the audience as JSON lines, and back.

One record per line, each with a "type": a header, then sources, articles (with their facts),
chats (with subscription and watch-list), deliveries, and an end record with the counts, so a
truncated file is noticed. Import only adds what the target lacks (articles by URL or content,
chats by id, ...), so importing a file twice, or into a live database, loses and duplicates
nothing. Article ids are kept when they are free, because people quote them (`/summary 42`).

The record classes and the reading of one line are `storage.backup_records`'s, and adding the
records to the target is `storage.backup_merge`'s; this module owns the file as a whole (its
header, order, end record and batches).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.backup_merge import ImportReport, import_batch
from storage.backup_records import (
    ArticleLine,
    BackupError,
    ChatLine,
    DeliveryLine,
    EndLine,
    FactLine,
    HeaderLine,
    SourceLine,
    SubscriptionLine,
    WatchLine,
    one_line,
    parse_line,
)
from storage.db import Database
from storage.models import Article, ArticleFact, Chat, Delivery, Source, Subscription, WatchItem

__all__ = [  # the record classes are storage.backup_records'
    "FORMAT",
    "VERSION",
    "BackupError",
    "ImportReport",
    "export_records",
    "import_records",
]

FORMAT: Literal["briefing-export"] = "briefing-export"
VERSION = 1
_BATCH = 200


def export_records(db: Database, *, now: datetime) -> Iterator[dict[str, Any]]:
    """Every record of the backup, in import order, as JSON-ready dicts (streamed)."""
    counts: Counter[str] = Counter()
    yield HeaderLine(type="header", format=FORMAT, version=VERSION, exported_at=now).model_dump(
        mode="json"
    )
    with db.read() as session:
        if db.backend == "postgresql":
            # One snapshot for the whole export, however long it takes while the bot writes
            # (SQLite's read transaction is one already).
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        for kind, rows in (
            ("source", _export_sources(session)),
            ("article", _export_articles(session)),
            ("chat", _export_chats(session)),
            ("delivery", _export_deliveries(session)),
        ):
            for row in rows:
                counts[kind] += 1
                yield row.model_dump(mode="json")
    yield EndLine.model_construct(type="end", counts=dict(counts)).model_dump(mode="json")


def import_records(db: Database, lines: Iterable[tuple[int, bytes | str]]) -> ImportReport:
    """Add the records of numbered JSON lines to the database, committing in batches.

    A line that does not parse, a record that breaks a rule, a record that cannot be added or
    lines that cannot be read (a cut-off gzip file) stop the import with the line number;
    the records before it are kept (importing the mended file again adds only the rest), and
    the message says how many.
    """
    report = ImportReport()
    batch: list[tuple[int, Any]] = []
    try:
        try:
            for numbered in _records(lines, report):
                batch.append(numbered)
                if len(batch) >= _BATCH:
                    pending, batch = batch, []
                    import_batch(db, pending, report)
        except BackupError:
            if batch:  # what was read before the bad line (its own failure comes first)
                pending, batch = batch, []
                import_batch(db, pending, report)
            raise
        if batch:
            import_batch(db, batch, report)
    except BackupError as exc:
        kept = sum(report.added.values()) + sum(report.present.values())
        raise BackupError(f"{exc}; stopped there, the {kept} records before it are kept") from None
    return report


def _records(
    lines: Iterable[tuple[int, bytes | str]], report: ImportReport
) -> Iterator[tuple[int, Any]]:
    """The data records (with their line numbers) between the header and the end record,
    checked against both."""
    read: Counter[str] = Counter()
    header_seen = False
    end: EndLine | None = None
    number = 0
    for number, line in _readable(lines):
        if not line.strip():
            continue
        if end is not None:
            raise BackupError(f"line {number}: records after the end record")
        record = parse_line(number, line)
        if isinstance(record, HeaderLine) or not header_seen:
            _check_header(number, record, header_seen)
            header_seen = True
        elif isinstance(record, EndLine):
            end = record
        else:
            read[record.type] += 1
            yield number, record
    if not header_seen:
        raise BackupError(f"empty input: not a {FORMAT} file")
    if end is None:
        raise BackupError(f"the file ends after line {number} without its end record (truncated?)")
    if dict(read) != {k: v for k, v in end.counts.items() if v}:
        raise BackupError(f"record counts {dict(read)} differ from the end record's {end.counts}")
    report.complete = True


def _readable(lines: Iterable[tuple[int, bytes | str]]) -> Iterator[tuple[int, bytes | str]]:
    """The lines, until they cannot be read: a gzip file cut off or damaged ends the import
    there with a reason, after the records read before it."""
    number = 0
    iterator = iter(lines)
    while True:
        try:
            numbered = next(iterator)
        except StopIteration:
            return
        except (EOFError, OSError, zlib.error, ValueError) as exc:
            reason = one_line(str(exc)) or type(exc).__name__
            raise BackupError(
                f"line {number + 1}: the file cannot be read from here, cut off or damaged "
                f"({reason})"
            ) from None
        number = numbered[0]
        yield numbered


def _check_header(number: int, record: object, header_seen: bool) -> None:
    if header_seen:
        raise BackupError(f"line {number}: a second header record")
    if not isinstance(record, HeaderLine):
        raise BackupError(f"line {number}: not a {FORMAT} file (no header record)")
    if record.version > VERSION:
        raise BackupError(
            f"line {number}: format version {record.version} is newer than this program "
            f"reads ({VERSION}); upgrade Briefing"
        )


# --- export -------------------------------------------------------------------------------
# Records are built unchecked: an export never fails on what the database holds (a row from
# before a check existed), and the import then names the line that breaks a rule.


def _export_sources(session: Session) -> Iterator[SourceLine]:
    for source in session.scalars(select(Source).order_by(Source.id)):
        yield SourceLine.from_row(source, type="source")


def _export_articles(session: Session) -> Iterator[ArticleLine]:
    names: dict[int, str] = {
        row.id: row.name for row in session.execute(select(Source.id, Source.name))
    }
    after = 0
    while True:
        # Keyset pages: memory stays flat however large the archive is.
        articles = session.scalars(
            select(Article).where(Article.id > after).order_by(Article.id).limit(_BATCH)
        ).all()
        if not articles:
            return
        facts: dict[int, list[FactLine]] = {}
        for row in session.scalars(
            select(ArticleFact)
            .where(ArticleFact.article_id.in_([a.id for a in articles]))
            .order_by(ArticleFact.article_id, ArticleFact.id)
        ):
            facts.setdefault(row.article_id, []).append(FactLine.from_row(row))
        for article in articles:
            yield ArticleLine.from_row(
                article,
                type="article",
                source=names.get(article.source_id) if article.source_id else None,
                facts=facts.get(article.id, []),
            )
        after = articles[-1].id
        session.expunge_all()


def _export_chats(session: Session) -> Iterator[ChatLine]:
    watch: dict[int, list[WatchLine]] = {}
    for item in session.scalars(select(WatchItem).order_by(WatchItem.id)):
        watch.setdefault(item.chat_id, []).append(WatchLine.from_row(item))
    subscriptions = {s.chat_id: s for s in session.scalars(select(Subscription))}
    for chat in session.scalars(select(Chat).order_by(Chat.id)):
        sub = subscriptions.get(chat.id)
        yield ChatLine.from_row(
            chat,
            type="chat",
            subscription=SubscriptionLine.from_row(sub) if sub else None,
            watch=watch.get(chat.id, []),
        )


def _export_deliveries(session: Session) -> Iterator[DeliveryLine]:
    for row in session.scalars(select(Delivery).order_by(Delivery.id)):
        yield DeliveryLine.from_row(row, type="delivery")

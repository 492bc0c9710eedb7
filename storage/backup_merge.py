"""Backup merge: adding checked backup records to a database, only what the target lacks.

Articles are matched by URL or content, sources by name or feed URL, chats by id, deliveries
by chat, kind and period, and article ids are kept when they are free. Apart from
`storage.backup` (which reads the file, checks its header and end record and cuts it into
batches) because these are the rules against the rows already in the target: one batch per
transaction, and whatever the database refuses becomes a reason with the line number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from storage.archive import (
    check_article_ids_left,
    content_hash,
    find_duplicate,
    normalize_url,
    source_id_for,
)
from storage.backup_records import (
    ArticleLine,
    BackupError,
    ChatLine,
    DeliveryLine,
    SourceLine,
    one_line,
)
from storage.db import Database
from storage.errors import StorageError
from storage.facts import StoredFact, replace_facts
from storage.models import Article, Chat, Delivery, Source, Subscription, WatchItem
from storage.terms import article_terms

__all__ = ["ImportReport", "import_batch"]


@dataclass
class ImportReport:
    """What an import did, per record type: added, or already in the target."""

    added: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    renumbered: int = 0  # articles whose id was taken in the target
    complete: bool = False  # the end record was read and its counts matched
    # The file's source names and the target's ids for them (a source may be there already
    # under another name, found by its feed URL).
    source_ids: dict[str, int] = field(default_factory=dict)


def import_batch(db: Database, batch: list[tuple[int, Any]], report: ImportReport) -> None:
    """One transaction; a record that cannot be added ends it after the records before it."""
    failure: BackupError | None = None
    with db.transaction() as session:
        _advance_article_ids(session, batch)
        for number, record in batch:
            try:
                with session.begin_nested():
                    added = _import_record(session, record, report)
            except BackupError as exc:
                failure = BackupError(f"line {number}: {exc}")
                break
            except IntegrityError:
                failure = BackupError(
                    f"line {number}: conflicts with a change made meanwhile by someone else; "
                    "import the file again (it adds only what is missing)"
                )
                break
            except StorageError as exc:  # no article ids left, say
                failure = BackupError(f"line {number}: {exc}")
                break
            except (DBAPIError, OverflowError, ValueError) as exc:
                # The records are checked before this, so the database refusing one is a
                # bound missed here; still a reason with the line, never a traceback.
                reason = one_line(str(getattr(exc, "orig", None) or exc).split("\n")[0])
                failure = BackupError(f"line {number}: the database refused it ({reason})")
                break
            (report.added if added else report.present)[record.type] += 1
    if failure is not None:
        raise failure


def _import_record(session: Session, record: Any, report: ImportReport) -> bool:
    if isinstance(record, SourceLine):
        return _import_source(session, record, report)
    if isinstance(record, ArticleLine):
        return _import_article(session, record, report)
    if isinstance(record, ChatLine):
        return _import_chat(session, record)
    return _import_delivery(session, record)


def _advance_article_ids(session: Session, batch: list[tuple[int, Any]]) -> None:
    """PostgreSQL hands out ids from a sequence that explicit ids do not move: move it past
    this batch's ids first (never back), so the bot storing articles meanwhile gets ids
    that the import will not want."""
    if session.get_bind().dialect.name != "postgresql":
        return
    top = max((r.id for _, r in batch if isinstance(r, ArticleLine)), default=0)
    if top:
        session.execute(
            text(
                "SELECT setval(seq, GREATEST(:top, COALESCE(pg_sequence_last_value(seq), 0))) "
                "FROM CAST(pg_get_serial_sequence('articles', 'id') AS regclass) AS seq"
            ),
            {"top": top},
        )


def _import_source(session: Session, record: SourceLine, report: ImportReport) -> bool:
    """A source is there already when its name or its feed URL is; the file's name then
    stands for that source (its articles go to it)."""
    taken = Source.name == record.name
    if record.url is not None:
        taken = taken | (Source.url == record.url)
    found = session.scalars(select(Source.id).where(taken)).first()
    if found is not None:
        report.source_ids[record.name] = found
        return False
    source = Source(**record.column_values())
    session.add(source)
    session.flush()
    report.source_ids[record.name] = source.id
    return True


def _import_article(session: Session, record: ArticleLine, report: ImportReport) -> bool:
    if find_duplicate(session, record.url, record.text) is not None:
        return False
    source_id = None
    if record.source:
        source_id = report.source_ids.get(record.source) or source_id_for(session, record.source)
    article_id: int | None = record.id
    if session.get(Article, record.id) is not None:
        check_article_ids_left(session)  # the new id is the highest plus one
        article_id = None
        report.renumbered += 1
    article = Article(
        **{
            **record.column_values(),
            "id": article_id,
            "url": normalize_url(record.url) if record.url else None,
            "content_hash": content_hash(record.text),
            "source_id": source_id,
            "search_terms": article_terms(record.title, record.text, record.language),
        }
    )
    session.add(article)
    session.flush()
    # Also writes the search filter tokens, which hold the (target's) source id.
    replace_facts(
        session,
        article.id,
        [StoredFact(**fact.column_values()) for fact in record.facts],
    )
    return True


def _import_chat(session: Session, record: ChatLine) -> bool:
    chat = session.get(Chat, record.id)
    added = chat is None
    if chat is None:
        chat = Chat(**record.column_values())
        session.add(chat)
        session.flush()
    sub = record.subscription
    has_subscription = session.scalars(
        select(Subscription.id).where(Subscription.chat_id == record.id)
    ).first()
    if sub is not None and has_subscription is None:
        session.add(Subscription(chat_id=record.id, **sub.column_values()))
        added = True
    existing = {
        (row.kind, row.value)
        for row in session.execute(
            select(WatchItem.kind, WatchItem.value).where(WatchItem.chat_id == record.id)
        )
    }
    for item in record.watch:
        if (item.kind, item.value) not in existing:
            session.add(WatchItem(chat_id=record.id, **item.column_values()))
            existing.add((item.kind, item.value))
            added = True
    return added


def _import_delivery(session: Session, record: DeliveryLine) -> bool:
    if session.get(Chat, record.chat_id) is None:
        raise BackupError(f"delivery for chat {record.chat_id}, which the file does not hold")
    found = session.scalars(
        select(Delivery.id).where(
            Delivery.chat_id == record.chat_id,
            Delivery.kind == record.kind,
            Delivery.period == record.period,
        )
    ).first()
    if found is not None:
        return False
    session.add(Delivery(**record.column_values()))
    return True

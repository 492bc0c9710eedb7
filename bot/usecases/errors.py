"""The application's errors: one tree under `BriefingError`, and the one translation into it.

`storage` and `summarizer` keep their own roots (they must not import `bot`); `translated`
maps theirs to the families below, keeping the message, where the use cases are entered
(as httpx maps httpcore's). The adapters catch `BriefingError` and nothing else.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

__all__ = [
    "BriefingError",
    "DocumentError",
    "FetchError",
    "InputError",
    "ModelUnavailable",
    "NotFound",
    "StorageFailure",
    "Unavailable",
    "translated",
    "translating",
]

F = TypeVar("F", bound=Callable[..., Any])


class BriefingError(Exception):
    """Anything the application refuses or cannot do, with a message fit for a person."""


class InputError(BriefingError):
    """A document, line or argument that cannot be used."""


class DocumentError(InputError):
    """A document, text or OPML file with nothing usable in it (the summarizer's refusals)."""


class FetchError(BriefingError):
    """A URL that cannot or may not be fetched."""


class NotFound(BriefingError):
    """A requested record does not exist."""


class Unavailable(BriefingError):
    """Something only the operator can fix. The message may name a path or a host: the bot
    logs it and tells users only that the archive is unavailable."""


class StorageFailure(Unavailable):
    """The database cannot be reached, opened or used (`storage.StorageError`)."""


class ModelUnavailable(Unavailable):
    """A configured NER model cannot be loaded (`summarizer.facts.ner.NerUnavailable`)."""


# (module, class) of a lower layer's error, and the family it becomes. Looked up in
# sys.modules: an error of a module never imported cannot be raised, so none is imported.
_FAMILIES: tuple[tuple[str, str, type[BriefingError]], ...] = (
    ("storage.errors", "StorageError", StorageFailure),
    ("summarizer.document_errors", "DocumentError", DocumentError),
    ("summarizer.rank", "SummaryError", DocumentError),
    ("summarizer.opml", "OpmlError", DocumentError),
    ("summarizer.facts.ner", "NerUnavailable", ModelUnavailable),
)


def _family_of(exc: Exception) -> type[BriefingError] | None:
    for module_name, class_name, family in _FAMILIES:
        module = sys.modules.get(module_name)
        lower = getattr(module, class_name, None) if module is not None else None
        if lower is not None and isinstance(exc, lower):
            return family
    return None


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise a storage or summarizer error as its `BriefingError` family, same message."""
    try:
        yield
    except BriefingError:
        raise
    except Exception as exc:
        family = _family_of(exc)
        if family is None:
            raise
        raise family(str(exc)) from exc


def translating(function: F) -> F:
    """`function` run under `translated`, whether it returns, yields or is awaited."""
    if inspect.isasyncgenfunction(function):

        async def agen(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
            with translated():
                async for item in function(*args, **kwargs):
                    yield item

        return cast("F", functools.wraps(function)(agen))
    if inspect.iscoroutinefunction(function):

        async def coroutine(*args: Any, **kwargs: Any) -> Any:
            with translated():
                return await function(*args, **kwargs)

        return cast("F", functools.wraps(function)(coroutine))
    if inspect.isgeneratorfunction(function):

        def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            with translated():
                yield from function(*args, **kwargs)

        return cast("F", functools.wraps(function)(generator))

    def call(*args: Any, **kwargs: Any) -> Any:
        with translated():
            return function(*args, **kwargs)

    return cast("F", functools.wraps(function)(call))

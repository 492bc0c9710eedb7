"""The application's errors: one base class, with a message fit to show a person."""

from __future__ import annotations

from storage.errors import StorageError

__all__ = [
    "BriefingError",
    "FetchError",
    "InputError",
    "NotFound",
    "StorageError",
]


class BriefingError(Exception):
    """Anything the user did or supplied that the application refuses, with the reason."""


class InputError(BriefingError):
    """A document, line or argument that cannot be used."""


class FetchError(BriefingError):
    """A URL that cannot or may not be fetched."""


class NotFound(BriefingError):
    """A requested record does not exist."""

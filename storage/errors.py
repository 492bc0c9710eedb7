"""Errors raised by the storage layer, with messages fit for a person."""

from __future__ import annotations


class StorageError(Exception):
    """Base class for storage failures the application reports instead of crashing."""


class DatabaseUnavailable(StorageError):
    """The database cannot be reached or opened."""


class SchemaNotReady(StorageError):
    """The database has no (or an outdated) schema; `briefing init` creates it."""

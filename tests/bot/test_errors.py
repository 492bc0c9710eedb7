"""The one translation of lower-layer errors into the application's tree."""

from __future__ import annotations

import importlib

import pytest

from bot.usecases import errors
from bot.usecases.errors import BriefingError, DocumentError, StorageFailure, translated


@pytest.mark.parametrize(("module", "name", "family"), errors._FAMILIES)
def test_each_translated_error_is_named_where_it_is_defined(module, name, family):
    """The table looks classes up in sys.modules by their defining module: a class moved to
    another module (and only re-exported by the old one) would silently stop translating."""
    lower = getattr(importlib.import_module(module), name)
    assert lower.__module__ == module
    assert issubclass(family, BriefingError)


def test_lower_errors_leave_as_their_family_with_message_and_cause():
    from storage.errors import StorageError
    from summarizer.decoding import decode_document

    with pytest.raises(StorageFailure, match="disk full") as caught, translated():
        raise StorageError("disk full")
    assert isinstance(caught.value.__cause__, StorageError)
    with pytest.raises(DocumentError), translated():
        decode_document(b"\x00" * 64)

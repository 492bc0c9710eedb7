"""A package's public names imported from their modules when first asked for (PEP 562), so that
importing one module of the package does not load the others."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_getattr"]


def lazy_getattr(package: str, names_of: Mapping[str, Iterable[str]]) -> Callable[[str], Any]:
    """The module `__getattr__` for `package`: `from package import X`, for an X of
    `names_of[module]`, imports `package.<module>` at that moment and returns its X."""
    home_of = {name: module for module, names in names_of.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = home_of.get(name)
        if module is None:
            raise AttributeError(f"module '{package}' has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__

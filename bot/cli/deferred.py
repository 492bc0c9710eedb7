"""Names bound now whose module is imported when they are first used.

The command line binds what its commands call, and most of it (the ORM, the Telegram
library, the summarisers) only some commands use: `briefing --help` starts without them.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Deferred"]


class Deferred:
    """`module.name`, imported when first called or read from. Type checkers are shown the
    real import instead (under TYPE_CHECKING), so calls through it are checked all the same.
    """

    __slots__ = ("_module", "_name")

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name

    def _target(self) -> Any:
        return getattr(importlib.import_module(self._module), self._name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._target()(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._target(), attribute)

    def __repr__(self) -> str:
        return f"<deferred {self._module}.{self._name}>"

    @classmethod
    def names(cls, module: str, *names: str) -> tuple[Deferred, ...]:
        """Several names of one module."""
        return tuple(cls(module, name) for name in names)

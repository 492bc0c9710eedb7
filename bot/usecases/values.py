"""The stored vocabularies and defaults, for the adapters: storage's, named once there.

Re-exported so that `bot.telegram` and `bot.cli` can type and check what they pass (a
delivery's kind, a watch-list kind, the default weekdays) without importing `storage`.
"""

from __future__ import annotations

# Everything storage.values exports, under the same names: one list, kept there.
from storage.values import *  # noqa: F403
from storage.values import __all__  # noqa: F401 - the names above are this module's

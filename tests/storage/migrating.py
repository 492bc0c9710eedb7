"""Running one Alembic step on a test database, for the tests of a migration's way up and down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from alembic import command
from alembic.config import Config

import storage
from storage import Database


def migrate(db: Database, direction: Literal["upgrade", "downgrade"], revision: str) -> None:
    """Upgrade or downgrade `db` to `revision` ("head" for the newest)."""
    config = Config()
    config.set_main_option("script_location", str(Path(storage.__file__).parent / "migrations"))
    step = command.upgrade if direction == "upgrade" else command.downgrade
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, revision)

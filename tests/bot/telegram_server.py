"""A fake Telegram Bot API server, served over real HTTP on 127.0.0.1.

Why a real server instead of mocking `telegram.Bot`: the bot under test should run exactly as
it does in production — python-telegram-bot (PTB) builds the requests, httpx sends them,
PTB's rate limiter retries a 429 and PTB's updater long-polls `getUpdates`. Only the far end
is fake. Point the application at it with

    Application.builder().token(server.token)
        .base_url(f"{server.url}/bot").base_file_url(f"{server.url}/file/bot")

Every API call is then a POST to `/bot<token>/<method>`; file downloads are a GET of
`/file/bot<token>/<file_path>`.

Why the validation: a fake that accepts everything lets a bot pass tests and then fail on
day one. This one rejects what Telegram rejects and a bot is likely to get wrong — texts over
4096 characters, malformed HTML under `parse_mode="HTML"`, `callback_data` over 64 bytes,
edits that change nothing, photos that are no image or out of shape — with the same status
codes and descriptions, so PTB raises the same exceptions it would in production.

Tests drive it from the user's side (`send_text`, `send_document`, `press_button`), watch the
bot's side (`sent`, `wait_for_messages`, `calls`) and inject faults (`fail_next`,
`drop_next`, `fail_always`). All state sits behind one lock, so those helpers are safe to
call from the test thread while the HTTP handler threads serve the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import itertools
import json
import mimetypes
import re
import socket
import struct
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, unquote, urlsplit

JSONDict = dict[str, Any]

MAX_TEXT_LENGTH = 4096
"""Telegram's limit for a message text, counted after entity parsing."""
MAX_CAPTION_LENGTH = 1024
"""Telegram's limit for a media caption, counted after entity parsing."""
MAX_CALLBACK_DATA_BYTES = 64
"""Telegram's limit for an inline button's `callback_data`, in UTF-8 bytes."""
MAX_PHOTO_BYTES = 10 * 1024 * 1024
"""Telegram's limit for an uploaded photo (sendPhoto)."""
MAX_PHOTO_SIDES = 10000
"""Telegram's limit for a photo's width and height together."""
MAX_PHOTO_RATIO = 20
"""Telegram's limit for a photo's aspect ratio (the longer side over the shorter)."""
PHOTO_THUMBNAIL_SIDE = 320
"""The longer side of the smaller size the fake adds to a photo larger than this ("m")."""
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
"""The cloud Bot API refuses `getFile` for files larger than this."""
DEFAULT_GROUP_USER_ID = 4242
"""Who speaks in a group when a test does not say: group chats need a user of their own."""

_API_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z0-9_]+)/?$")
_FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?")
_BOT_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")

# PTB sends a str parameter as it is and JSON-encodes everything else. A free text such as
# "42" or "true" would turn into a number or a bool if it went through json.loads, so these
# parameters are always kept as the raw string.
_RAW_STRING_PARAMS = frozenset(
    {
        "action",
        "callback_query_id",
        "caption",
        "description",
        "emoji",
        "explanation",
        "file_id",
        "inline_message_id",
        "language_code",
        "name",
        "parse_mode",
        "photo",
        "query",
        "short_description",
        "text",
        "title",
        "url",
    }
)

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# The fields that give an inline keyboard button something to do; a button with none of
# them is a plain text button, which Telegram does not allow in an inline keyboard.
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

_BLOCKED_DESCRIPTION = "Forbidden: bot was blocked by the user"


class ApiError(Exception):
    """An error answer of the Bot API: the HTTP status, description and optional parameters.

    PTB picks its exception from the HTTP status (400 BadRequest, 403 Forbidden, 404/401
    InvalidToken, 409 Conflict, others NetworkError) and reads `parameters.retry_after` for
    RetryAfter, so both have to be right.
    """

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        """The JSON body Telegram sends for this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


@dataclass(frozen=True)
class _Fault:
    """One queued misbehaviour: an error answer, or (`error is None`) a dropped connection."""

    error: ApiError | None


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request, as the bot uploaded it."""

    filename: str
    data: bytes
    content_type: str


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes


@dataclass
class _OpenTag:
    """An HTML start tag waiting for its end tag, with the entity it will produce."""

    name: str
    entity: JSONDict | None
    offset: int


@dataclass
class _Outcome:
    """What the HTTP handler should do: answer with `status` and `body`, or drop the line."""

    status: int = 200
    body: JSONDict = field(default_factory=dict)
    drop: bool = False


# --------------------------------------------------------------------------------------------
# HTML as Telegram understands it
# --------------------------------------------------------------------------------------------

_HTML_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
}
_START_TAG = re.compile(
    r"<([A-Za-z][A-Za-z0-9-]*)"
    r"((?:\s+[^\s=>/\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)"
    r"\s*>"
)
_ATTRIBUTE = re.compile(r"([^\s=>/\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|lt|gt|amp|quot);")
_PLAIN_RUN = re.compile(r"[^<&]+")


def _utf16_length(text: str) -> int:
    """Entity offsets and lengths are counted in UTF-16 code units, as Telegram does."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> tuple[str, list[JSONDict]]:
    """Turn a `parse_mode="HTML"` text into Telegram's plain text and message entities.

    Raises ApiError 400 "can't parse entities" for what Telegram refuses: a tag it does not
    support, a `<span>` that is not a spoiler, an `<a>` without `href`, end tags that do not
    close the innermost open tag, a bare `<` or `&`, and tags left open at the end.
    """
    plain: list[str] = []
    entities: list[JSONDict] = []
    stack: list[_OpenTag] = []
    position = 0  # in UTF-16 code units, like entity offsets
    index = 0

    def fail(detail: str, at: int) -> ApiError:
        byte_offset = len(text[:at].encode())
        return _bad_request(f"can't parse entities: {detail} at byte offset {byte_offset}")

    while index < len(text):
        if run := _PLAIN_RUN.match(text, index):
            chunk = run.group(0)
            plain.append(chunk)
            position += _utf16_length(chunk)
            index = run.end()
            continue
        if text[index] == "&":
            reference = _CHARACTER_REFERENCE.match(text, index)
            if reference is None:
                raise fail('Character "&" must be escaped as "&amp;"', index)
            try:
                chunk = html.unescape(reference.group(0))
                chunk.encode("utf-16-le")
            except (ValueError, UnicodeEncodeError) as exc:
                raise fail("Invalid character reference", index) from exc
            plain.append(chunk)
            position += _utf16_length(chunk)
            index = reference.end()
            continue
        if end := _END_TAG.match(text, index):
            name = end.group(1).lower()
            if not stack:
                raise fail(f'Unexpected end tag "</{name}>"', index)
            tag = stack.pop()
            if tag.name != name:
                raise fail(f'Unmatched end tag, expected "</{tag.name}>", found "</{name}>"', index)
            if tag.entity is not None and position > tag.offset:
                entities.append(
                    {**tag.entity, "offset": tag.offset, "length": position - tag.offset}
                )
            index = end.end()
            continue
        if start := _START_TAG.match(text, index):
            name = start.group(1).lower()
            attributes = {
                key.lower(): html.unescape(next((v for v in values if v is not None), ""))
                for key, *values in _ATTRIBUTE.findall(start.group(2))
            }
            try:
                entity = _entity_for_tag(name, attributes, stack)
            except ValueError as exc:
                raise fail(str(exc), index) from None
            stack.append(_OpenTag(name, entity, position))
            index = start.end()
            continue
        raise fail('Character "<" must be escaped as "&lt;" or start a tag', index)

    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"', len(text))
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(plain), entities


def _entity_for_tag(
    name: str, attributes: dict[str, str], stack: list[_OpenTag]
) -> JSONDict | None:
    """The entity an allowed start tag opens (None if it opens none).

    Raises ValueError naming what Telegram would not accept about the tag.
    """
    entity_type = _HTML_ENTITY_TYPES.get(name)
    if entity_type is None:
        raise ValueError(f'Unsupported start tag "{name}"')
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise ValueError('Tag "span" must have class "tg-spoiler"')
    if name == "a":
        href = attributes.get("href")
        if not href:
            raise ValueError('Tag "a" must have attribute "href"')
        return {"type": entity_type, "url": href}
    if name == "code" and stack and stack[-1].name == "pre" and stack[-1].entity is not None:
        # <pre><code class="language-x"> is one pre entity with a language, not two entities.
        language = attributes.get("class", "")
        if language.startswith("language-"):
            stack[-1].entity["language"] = language.removeprefix("language-")
            return None
    if name == "blockquote" and "expandable" in attributes:
        return {"type": "expandable_blockquote"}
    return {"type": entity_type}


# --------------------------------------------------------------------------------------------
# Images, as far as sendPhoto looks at them
# --------------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (they carry the size): C0-CF except DHT, JPG and DAC.
_JPEG_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_BARE_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0-7: no length field


def image_format(data: bytes) -> tuple[str, int, int] | None:
    """(mime type, width, height) of a PNG, JPEG, WebP or GIF, read from its header; None
    for anything else, a truncated header or a zero side. Only the header is read: the
    pixel data may be anything."""
    found: tuple[str, tuple[int, int] | None]
    if data.startswith(_PNG_SIGNATURE):
        found = "image/png", _png_size(data)
    elif data.startswith(b"\xff\xd8"):
        found = "image/jpeg", _jpeg_size(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        found = "image/webp", _webp_size(data)
    elif data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        found = "image/gif", struct.unpack_from("<HH", data, 6)
    else:
        return None
    mime_type, size = found
    if size is None or min(size) <= 0:
        return None
    return mime_type, size[0], size[1]


def _png_size(data: bytes) -> tuple[int, int] | None:
    """The size in the IHDR chunk, which must come first and be 13 bytes long."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    length, width, height = struct.unpack_from(">I4xII", data, 8)
    return (width, height) if length == 13 else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The size in the first start-of-frame segment, walking the segments after SOI."""
    index = 2
    while index + 4 <= len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte before a marker
            index += 1
        elif marker in _JPEG_BARE_MARKERS:
            index += 2
        elif marker in (0xD8, 0xD9, 0xDA):  # SOI again, EOI or a scan before any frame
            return None
        else:
            (length,) = struct.unpack_from(">H", data, index + 2)
            if length < 2:
                return None
            if marker in _JPEG_FRAME_MARKERS:
                if length < 8 or index + 9 > len(data):
                    return None
                height, width = struct.unpack_from(">HH", data, index + 5)
                return width, height
            index += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    """The size in the first chunk: lossy VP8, lossless VP8L or extended VP8X."""
    chunk, body = data[12:16], data[20:]
    if chunk == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack_from("<HH", body, 6)
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        bits = int.from_bytes(body[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(body) >= 10:
        return int.from_bytes(body[4:7], "little") + 1, int.from_bytes(body[7:10], "little") + 1
    return None


def _check_photo(data: bytes) -> tuple[str, int, int]:
    """(mime type, width, height) of an uploaded photo, or the 400 Telegram answers."""
    if len(data) > MAX_PHOTO_BYTES:
        raise _bad_request("file is too big")
    found = image_format(data)
    if found is None:
        raise _bad_request("IMAGE_PROCESS_FAILED")
    _, width, height = found
    if width + height > MAX_PHOTO_SIDES or max(width, height) > MAX_PHOTO_RATIO * min(
        width, height
    ):
        raise _bad_request("PHOTO_INVALID_DIMENSIONS")
    return found


# --------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------


def _decode_value(name: str, raw: str) -> Any:
    """A form value as PTB meant it: JSON for non-strings, the raw text for strings."""
    if name in _RAW_STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _form_parameter(header: str, key: str) -> str | None:
    """A `key="value"` parameter of a Content-Disposition header, undoing httpx's escaping.

    httpx writes `"` as %22, control characters as %XX and `\\` as `\\\\`; the rest of the
    file name is raw UTF-8.
    """
    match = re.search(rf'(?:^|;)\s*{key}="((?:[^"\\]|\\.)*)"', header)
    if match is None:
        return None
    value = re.sub(r"\\(.)", r"\1", match.group(1))
    return re.sub(r"%(22|[01][0-9A-Fa-f])", lambda m: chr(int(m.group(1), 16)), value)


def parse_multipart(body: bytes, content_type: str) -> JSONDict:
    """The parameters of a multipart/form-data body; file parts become UploadedFile."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if match is None:
        raise _bad_request("multipart body without boundary")
    delimiter = b"\r\n--" + match.group(1).encode()
    params: JSONDict = {}
    for part in (b"\r\n" + body).split(delimiter)[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            if key.strip():
                headers[key.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = _form_parameter(disposition, "name")
        if name is None:
            continue
        filename = _form_parameter(disposition, "filename")
        if filename is None:
            params[name] = _decode_value(name, content.decode("utf-8"))
        else:
            content_type_of_part = headers.get("content-type", "application/octet-stream")
            params[name] = UploadedFile(filename, content, content_type_of_part)
    return params


def parse_parameters(body: bytes, content_type: str, query: str) -> JSONDict:
    """The parameters of an API call, from the query string and a form, multipart or JSON body."""
    params: JSONDict = {name: _decode_value(name, raw) for name, raw in parse_qsl(query)}
    kind = content_type.split(";", maxsplit=1)[0].strip().lower()
    if kind == "multipart/form-data":
        params.update(parse_multipart(body, content_type))
    elif kind == "application/json" and body.strip():
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise _bad_request("JSON body must be an object")
        params.update(decoded)
    elif body:
        form = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        params.update({name: _decode_value(name, raw) for name, raw in form})
    return params


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    """A threading HTTP server that remembers its open connections so `stop` can cut them.

    Keep-alive connections otherwise leave handler threads blocked on a read after
    `shutdown()`, which only stops accepting new connections. It also counts requests in
    progress, so that `stop` lets answers already on their way (a long poll told to return
    empty) finish writing before the connections are cut.
    """

    daemon_threads = True

    def __init__(self, fake: FakeTelegram):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        self.busy = 0
        self.idle = threading.Condition()

    @contextlib.contextmanager
    def request_in_progress(self) -> Iterator[None]:
        with self.idle:
            self.busy += 1
        try:
            yield
        finally:
            with self.idle:
                self.busy -= 1
                self.idle.notify_all()

    def wait_until_idle(self, timeout: float) -> None:
        with self.idle:
            self.idle.wait_for(lambda: self.busy == 0, timeout)

    def close_connections(self) -> None:
        with self.connections_lock:
            connections = list(self.connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up (PTB cancels long polls on shutdown) are normal here."""


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into calls of the fake and its answers back into HTTP."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm and the client's
    # delayed ACKs each answer would wait ~40 ms, which would dominate measured latencies.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        try:
            with contextlib.suppress(OSError):
                super().finish()
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the fake records every call in `FakeTelegram.calls` instead."""

    def do_GET(self) -> None:
        with self.server.request_in_progress():
            self._get()

    def do_POST(self) -> None:
        with self.server.request_in_progress():
            self._api()

    def _get(self) -> None:
        path = urlsplit(self.path).path
        if file_match := _FILE_PATH.match(path):
            # PTB percent-quotes the whole download path, so the ":" of the token is "%3A".
            status, content = self.server.fake._download(
                unquote(file_match.group("token")), unquote(file_match.group("path"))
            )
            self._write(status, content, "application/octet-stream")
            return
        self._api()

    def _api(self) -> None:
        parts = urlsplit(self.path)
        body = self._read_body()
        api_match = _API_PATH.match(parts.path)
        if api_match is None:
            self._write_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        try:
            params = parse_parameters(body, self.headers.get("Content-Type", ""), parts.query)
        except (ValueError, ApiError) as exc:
            error = exc if isinstance(exc, ApiError) else _bad_request(f"invalid request: {exc}")
            self._write_json(error.status, error.payload())
            return
        token, method = unquote(api_match.group("token")), api_match.group("method")
        outcome = self.server.fake._call(token, method, params)
        if outcome.drop:
            # A network fault: the request arrived, no answer ever comes back.
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._write_json(outcome.status, outcome.body)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _write_json(self, status: int, body: JSONDict) -> None:
        self._write(status, json.dumps(body, ensure_ascii=False).encode(), "application/json")

    def _write(self, status: int, content: bytes, content_type: str) -> None:
        with contextlib.suppress(OSError):  # the client may have given up (cancelled poll)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)


# --------------------------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------------------------


class FakeTelegram:
    """A Telegram Bot API server with one bot, its chats, and hooks for tests.

    Usage::

        with FakeTelegram() as server:
            app = (Application.builder().token(server.token)
                   .base_url(f"{server.url}/bot").base_file_url(f"{server.url}/file/bot")
                   .build())
            ...
            server.send_text(1001, "/start")
            [reply] = await server.await_messages(1001, 1)

    Use `await_messages` from code running on the bot's event loop (a blocking wait there
    would stop the bot from answering) and `wait_for_messages` from any other thread.
    """

    def __init__(self, token: str = "123456:TEST-TOKEN", bot_username: str = "briefing_test_bot"):
        self.token = token
        self.bot_username = bot_username
        bot_id = token.split(":", 1)[0]
        self.bot_id = int(bot_id) if bot_id.isdigit() else 123456
        self._cond = threading.Condition()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        # Updates waiting for getUpdates.
        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(1)
        self._delivered_update_id = 0
        self._poll_generation = 0
        # The world: chats, users, messages (current state, after edits), files.
        self._chats: dict[int, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._files: dict[str, _StoredFile] = {}
        # Per photo file_id: the PhotoSizes up to and including it, and the image's type.
        self._photos: dict[str, tuple[list[JSONDict], str]] = {}
        self._file_numbers = itertools.count(1)
        self._open_queries: set[str] = set()
        self._query_numbers = itertools.count(1)
        self._commands: dict[str, list[JSONDict]] = {}
        self._last_commands: list[JSONDict] = []
        # What the bot did.
        self._sent: list[JSONDict] = []
        self._calls: list[tuple[str, JSONDict]] = []
        self._callback_answers: list[JSONDict] = []
        self._rejections: list[tuple[str, JSONDict, str]] = []
        self._faults: dict[str, deque[_Fault]] = {}
        self._broken: dict[str, ApiError] = {}  # methods failing until clear_faults
        self._webhook: tuple[str, Any] | None = None  # (url, secret token) once set
        self._rate: float | None = None  # sendMessage flood limit (see limit_rate)
        self._bucket = self._bucket_size = 0.0
        self._bucket_time = 0.0
        self.throttled = 0  # sendMessage calls answered with 429 by the flood limit
        self._methods: dict[str, tuple[str, Callable[[JSONDict], Any]]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "deleteWebhook": self._delete_webhook,
                "setWebhook": self._set_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "sendDocument": self._send_document,
                "sendPhoto": self._send_photo,
                "getFile": self._get_file,
                "sendChatAction": self._send_chat_action,
                "close": self._true,
                "logOut": self._true,
            }.items()
        }

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Self:
        """Listen on a free port of 127.0.0.1 and serve from a background thread."""
        if self._httpd is not None:
            raise RuntimeError("FakeTelegram is already running")
        self._stopping = False
        self._httpd = _Server(self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-telegram",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, promptly even while a long poll is waiting (it gets no updates)."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        httpd.shutdown()
        httpd.wait_until_idle(timeout=5)
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The server's root, "http://127.0.0.1:PORT" (the API is under /bot, files /file/bot)."""
        if self._httpd is None:
            raise RuntimeError("FakeTelegram is not running; call start() first")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # -- the user's side: injecting updates --------------------------------------------------

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to: int | None = None,
        username: str = "alice",
    ) -> int:
        """A user writes `text` in the chat; returns the new message's id.

        A text starting with "/" carries a `bot_command` entity over the command word (with
        its "@botname" suffix), which is what PTB's CommandHandler matches on. `reply_to`
        is the id of a message in the same chat that this one replies to.
        """
        with self._cond:
            user = self._user(self._default_user_id(chat_id, chat_type, user_id), username)
            chat = self._chat(chat_id, chat_type, user)
            message = self._user_message(chat, user, text=text)
            if command := _COMMAND.match(text):
                length = _utf16_length(command.group(0))
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
            if reply_to is not None:
                message["reply_to_message"] = self._quoted(chat_id, reply_to)
            self._store_message(message)
            self._push_update("message", message)
            return int(message["message_id"])

    def send_document(
        self,
        chat_id: int,
        filename: str,
        data: bytes,
        *,
        caption: str | None = None,
        user_id: int | None = None,
        mime_type: str | None = None,
    ) -> int:
        """A user sends a file; getFile and the download then serve `data`. Returns the id."""
        with self._cond:
            chat_type = _chat_type_of(chat_id, self._chats.get(chat_id))
            user = self._user(self._default_user_id(chat_id, chat_type, user_id), None)
            chat = self._chat(chat_id, chat_type, user)
            stored = self._store_file(filename, data)
            document = self._document_json(stored, filename, mime_type)
            message = self._user_message(chat, user, document=document)
            if caption is not None:
                message["caption"] = caption
            self._store_message(message)
            self._push_update("message", message)
            return int(message["message_id"])

    def press_button(
        self, chat_id: int, message_id: int, callback_data: str, *, user_id: int | None = None
    ) -> str:
        """A user presses an inline button of a message the bot sent; returns the query id.

        Raises ValueError when that message does not (or no longer) show a button with this
        `callback_data`: a user can only press what is on the screen.
        """
        with self._cond:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            buttons = [
                button.get("callback_data")
                for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
                for button in row
            ]
            if callback_data not in buttons:
                raise ValueError(
                    f"message {message_id} in chat {chat_id} has no button with callback_data "
                    f"{callback_data!r}; its buttons carry {buttons!r}"
                )
            chat = self._chats[chat_id]
            user = self._user(self._default_user_id(chat_id, chat["type"], user_id), None)
            query_id = str(4_380_000_000_000_000_000 + next(self._query_numbers))
            self._open_queries.add(query_id)
            self._push_update(
                "callback_query",
                {
                    "id": query_id,
                    "from": user,
                    "message": copy.deepcopy(message),
                    "chat_instance": str(-7_000_000_000_000_000_000 - abs(chat_id)),
                    "data": callback_data,
                },
            )
            return query_id

    # -- the bot's side: observing -----------------------------------------------------------

    @property
    def sent(self) -> list[JSONDict]:
        """Everything the bot showed, in order: one dict per sendMessage, sendDocument,
        sendPhoto, editMessageText and editMessageReplyMarkup that succeeded.

        Keys: method, chat_id, message_id, text (the caption for documents and photos, as
        sent, before HTML parsing), parse_mode, reply_markup (a dict or None), reply_to
        (message id or None); documents add filename, data, mime_type and caption; photos add
        filename, data (the image's bytes), mime_type (the image type read from those bytes),
        width, height (of the largest size) and caption.
        """
        with self._cond:
            return list(self._sent)

    def messages_to(self, chat_id: int) -> list[JSONDict]:
        """The entries of `sent` for one chat."""
        with self._cond:
            return [entry for entry in self._sent if entry["chat_id"] == chat_id]

    def message(self, chat_id: int, message_id: int) -> JSONDict:
        """A message as the chat shows it now (after edits), in Bot API JSON."""
        with self._cond:
            return copy.deepcopy(self._messages[(chat_id, message_id)])

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 10.0) -> list[JSONDict]:
        """Block until `sent` holds at least `count` entries for the chat; return them all.

        Edits count as entries. Raises AssertionError listing what was sent (and any rejected
        calls) when `timeout` seconds pass first. Do not call this on the event loop that
        runs the bot: use `await_messages` there.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [entry for entry in self._sent if entry["chat_id"] == chat_id]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._describe_shortfall(chat_id, count, found, timeout))
                self._cond.wait(remaining)

    async def await_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 10.0,  # noqa: ASYNC109 - same shape as wait_for_messages
    ) -> list[JSONDict]:
        """`wait_for_messages` for code on the bot's own event loop: waits without blocking.

        It takes a timeout rather than relying on `asyncio.timeout` so that a shortfall fails
        with the same AssertionError listing what the bot did send.
        """
        deadline = time.monotonic() + timeout
        found = self.messages_to(chat_id)
        while len(found) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
            found = self.messages_to(chat_id)
        if len(found) < count:
            with self._cond:
                raise AssertionError(self._describe_shortfall(chat_id, count, found, timeout))
        return found

    def wait_for_calls(self, method: str, count: int = 1, timeout: float = 10.0) -> list[JSONDict]:
        """Block until the bot has called `method` at least `count` times; return the params."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [p for name, p in self._calls if name.lower() == method.lower()]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    names = [name for name, _ in self._calls[-20:]]
                    raise AssertionError(
                        f"expected {count} call(s) of {method} within {timeout}s, got "
                        f"{len(found)}; last calls: {names}"
                    )
                self._cond.wait(remaining)

    def all_updates_delivered(self) -> bool:
        """Whether getUpdates has handed out every injected update (handled or not)."""
        with self._cond:
            return all(update["update_id"] <= self._delivered_update_id for update in self._updates)

    @property
    def calls(self) -> list[tuple[str, JSONDict]]:
        """Every API call as (method, params), in order, including failed ones."""
        with self._cond:
            return list(self._calls)

    @property
    def callback_answers(self) -> list[JSONDict]:
        """The answerCallbackQuery calls that succeeded: callback_query_id, text, show_alert…"""
        with self._cond:
            return list(self._callback_answers)

    @property
    def rejections(self) -> list[tuple[str, JSONDict, str]]:
        """Calls the server refused by validation, as (method, params, description)."""
        with self._cond:
            return list(self._rejections)

    @property
    def commands(self) -> list[JSONDict]:
        """The command list of the last setMyCommands call ([] before any)."""
        with self._cond:
            return copy.deepcopy(self._last_commands)

    def clear(self) -> None:
        """Forget what the bot sent and called; chats, messages and updates stay."""
        with self._cond:
            self._sent.clear()
            self._calls.clear()
            self._callback_answers.clear()
            self._rejections.clear()

    # -- fault injection ---------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` with an error instead of running them.

        429 carries `parameters.retry_after` (PTB raises RetryAfter; AIORateLimiter waits and
        retries), 403 says the user blocked the bot, 400 is a generic Bad Request; other
        statuses use their HTTP reason phrase unless `description` is given.

        Under pytest's `filterwarnings = ["error"]` a 429 needs `PTB_TIMEDELTA=1` in the
        environment (e.g. `monkeypatch.setenv`): PTB 22 builds RetryAfter by reading its own
        deprecated int `retry_after`, and that PTBDeprecationWarning, made an error, replaces
        the RetryAfter, so the rate limiter never retries.
        """
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            elif status == 403:
                description = _BLOCKED_DESCRIPTION
            elif status == 400:
                description = "Bad Request"
            else:
                description = HTTPStatus(status).phrase
        parameters = {"retry_after": retry_after} if status == 429 else None
        self._queue_faults(method, _Fault(ApiError(status, description, parameters)), times)

    def drop_next(self, method: str, times: int = 1) -> None:
        """Cut the connection, without any answer, on the next `times` calls of `method`."""
        self._queue_faults(method, _Fault(None), times)

    def fail_always(
        self, method: str, *, status: int = 500, description: str | None = None
    ) -> None:
        """Answer every call of `method` with this error until `clear_faults`: Telegram
        failing one method for a while (a 500 from setMyCommands, say). Queued faults of
        `fail_next` and `drop_next` come first."""
        error = ApiError(status, description or HTTPStatus(status).phrase)
        with self._cond:
            self._broken[method.lower()] = error

    def clear_faults(self) -> None:
        """Forget every queued fault and `fail_always`: Telegram is reachable again."""
        with self._cond:
            self._faults.clear()
            self._broken.clear()

    def _queue_faults(self, method: str, fault: _Fault, times: int) -> None:
        with self._cond:
            self._faults.setdefault(method.lower(), deque()).extend([fault] * times)

    # -- dispatch ----------------------------------------------------------------------------

    def _call(self, token: str, method: str, params: JSONDict) -> _Outcome:
        """Run one API call: token check, recording, queued faults, then the method itself."""
        if token != self.token:
            return _Outcome(401, ApiError(401, "Unauthorized").payload())
        with self._cond:
            known = self._methods.get(method.lower())
            name = known[0] if known else method
            self._calls.append((name, params))
            self._cond.notify_all()
            faults = self._faults.get(method.lower())
            if faults:
                fault = faults.popleft()
                if fault.error is None:
                    return _Outcome(drop=True)
                return _Outcome(fault.error.status, fault.error.payload())
            if broken := self._broken.get(method.lower()):
                return _Outcome(broken.status, broken.payload())
            if known is None:
                missing = ApiError(404, "Not Found: method not found")
                return _Outcome(missing.status, missing.payload())
            if name == "sendMessage" and not self._take_token():
                self.throttled += 1
                flood = ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
                return _Outcome(flood.status, flood.payload())
            try:
                result = known[1](params)
            except ApiError as refused:
                self._rejections.append((name, params, refused.description))
                return _Outcome(refused.status, refused.payload())
            except Exception as exc:  # a bug in the fake: make it loud in the bot's logs
                crash = ApiError(500, f"Internal Server Error: fake server bug: {exc!r}")
                self._rejections.append((name, params, crash.description))
                return _Outcome(crash.status, crash.payload())
            self._cond.notify_all()
            return _Outcome(200, {"ok": True, "result": result})

    def limit_rate(self, per_second: float, burst: float | None = None) -> None:
        """Enforce Telegram's flood limit on sendMessage: past `per_second` (a token bucket
        holding `burst`), answer 429 with retry_after, as Telegram does."""
        with self._cond:
            self._rate = per_second
            self._bucket = burst if burst is not None else per_second
            self._bucket_size = self._bucket
            self._bucket_time = time.monotonic()

    def _take_token(self) -> bool:
        if self._rate is None:
            return True
        now = time.monotonic()
        self._bucket = min(self._bucket_size, self._bucket + (now - self._bucket_time) * self._rate)
        self._bucket_time = now
        if self._bucket < 1:
            return False
        self._bucket -= 1
        return True

    def _download(self, token: str, file_path: str) -> tuple[int, bytes]:
        if token != self.token:
            return 401, json.dumps(ApiError(401, "Unauthorized").payload()).encode()
        with self._cond:
            for stored in self._files.values():
                if stored.file_path == file_path:
                    return 200, stored.data
        return 404, json.dumps(ApiError(404, "Not Found").payload()).encode()

    # -- API methods -------------------------------------------------------------------------

    def _true(self, params: JSONDict) -> bool:
        return True

    def _bot_user(self) -> JSONDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Test Bot",
            "username": self.bot_username,
        }

    def _get_me(self, params: JSONDict) -> JSONDict:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        """Long polling, as Telegram does it.

        `offset` confirms (forgets) every update below it; a negative offset keeps only the
        last -offset updates. The call waits up to `timeout` seconds for an update. A newer
        getUpdates call ends a waiting one with 409 Conflict, which is also what frees the
        wait PTB abandons when it stops polling.
        """
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates") or []
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()
        deadline = time.monotonic() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            batch = [u for u in self._updates if not allowed or set(u) & set(allowed)][:limit]
            remaining = deadline - time.monotonic()
            if batch or self._stopping or remaining <= 0:
                break
            self._cond.wait(remaining)
        if batch:
            self._delivered_update_id = max(self._delivered_update_id, batch[-1]["update_id"])
        return copy.deepcopy(batch)

    def _delete_webhook(self, params: JSONDict) -> bool:
        self._webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    def _commands_key(self, params: JSONDict) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("can't parse commands JSON object")
        for command in commands:
            if not _BOT_COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        stored = [{"command": c["command"], "description": c["description"]} for c in commands]
        self._commands[self._commands_key(params)] = stored
        self._last_commands = stored
        return True

    def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    def _delete_my_commands(self, params: JSONDict) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat = self._target_chat(params)
        text, entities = self._render(params, "text", MAX_TEXT_LENGTH)
        markup = _check_markup(params.get("reply_markup"))
        message = self._bot_message(chat, text=text)
        if entities:
            message["entities"] = entities
        return self._post(params, "sendMessage", message, markup)

    def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        text, entities = self._render(params, "text", MAX_TEXT_LENGTH)
        markup = _check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            self._record(params, "editMessageText", None)
            return True
        message = self._editable(params)
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
        if (text, entities, markup) == (
            message["text"],
            message.get("entities", []),
            message.get("reply_markup"),
        ):
            raise _not_modified()
        message["text"] = text
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        return self._edited(params, "editMessageText", message, markup)

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        markup = _check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            self._record(params, "editMessageReplyMarkup", None)
            return True
        message = self._editable(params)
        if markup == message.get("reply_markup"):
            raise _not_modified()
        return self._edited(params, "editMessageReplyMarkup", message, markup)

    def _delete_message(self, params: JSONDict) -> bool:
        chat = self._target_chat(params)
        key = (chat["id"], int(params.get("message_id") or 0))
        if self._messages.pop(key, None) is None:
            raise _bad_request("message to delete not found")
        return True

    def _answer_callback_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._open_queries.discard(query_id)
        self._callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": params.get("text"),
                "show_alert": bool(params.get("show_alert", False)),
                "url": params.get("url"),
                "cache_time": params.get("cache_time"),
            }
        )
        return True

    def _send_document(self, params: JSONDict) -> JSONDict:
        chat = self._target_chat(params)
        upload = params.get("document")
        mime_type: str | None = None
        if isinstance(upload, UploadedFile):
            filename, data, mime_type = upload.filename, upload.data, upload.content_type
            stored = self._store_file(filename, data)
        elif isinstance(upload, str) and upload in self._photos:
            raise _bad_request("type of file mismatch")
        elif isinstance(upload, str) and upload in self._files:
            stored = self._files[upload]
            filename, data = PurePosixPath(stored.file_path).name, stored.data
        else:
            raise _bad_request("wrong file identifier/HTTP URL specified")
        document = self._document_json(stored, filename, mime_type)
        return self._post_media(
            params, "sendDocument", chat, {"document": document},
            filename=filename, data=data, mime_type=document["mime_type"],
        )  # fmt: skip

    def _send_photo(self, params: JSONDict) -> JSONDict:
        """sendPhoto: a new upload (checked as Telegram checks photos) or a photo's file_id.

        The message's `photo` lists the sizes smallest first, the original last, as Telegram
        does; an image larger than PHOTO_THUMBNAIL_SIDE also gets a scaled-down size. The
        fake cannot resample, so every size serves the uploaded bytes; only width and height
        tell them apart. A document's file_id is a "type of file mismatch", as in Telegram.
        """
        chat = self._target_chat(params)
        upload = params.get("photo")
        sizes: list[JSONDict] = []
        new_photo: tuple[int, int] | None = None  # an upload's size, stored once all is valid
        if isinstance(upload, UploadedFile):
            filename, data = upload.filename, upload.data
            mime_type, width, height = _check_photo(data)
            new_photo = (width, height)
        elif isinstance(upload, str) and upload in self._photos:
            sizes, mime_type = self._photos[upload]
            stored = self._files[upload]
            filename, data = PurePosixPath(stored.file_path).name, stored.data
        elif isinstance(upload, str) and upload in self._files:
            raise _bad_request("type of file mismatch")
        else:
            raise _bad_request("wrong file identifier/HTTP URL specified")
        self._check_caption_and_markup(params)  # before the upload is stored
        if new_photo is not None:
            sizes = self._store_photo(data, mime_type, *new_photo)
        return self._post_media(
            params, "sendPhoto", chat, {"photo": copy.deepcopy(sizes)},
            filename=filename, data=data, mime_type=mime_type,
            width=sizes[-1]["width"], height=sizes[-1]["height"],
        )  # fmt: skip

    def _check_caption_and_markup(
        self, params: JSONDict
    ) -> tuple[str, list[JSONDict], JSONDict | None]:
        caption, entities = "", list[JSONDict]()
        if params.get("caption") is not None:
            caption, entities = self._render(params, "caption", MAX_CAPTION_LENGTH)
        return caption, entities, _check_markup(params.get("reply_markup"))

    def _post_media(
        self, params: JSONDict, method: str, chat: JSONDict, media: JSONDict, **extra: Any
    ) -> JSONDict:
        """A document or photo message with its caption and keyboard, posted as `method`."""
        caption, entities, markup = self._check_caption_and_markup(params)
        message = self._bot_message(chat, **media)
        if caption:
            message["caption"] = caption
        if entities:
            message["caption_entities"] = entities
        caption_sent = params.get("caption")
        return self._post(params, method, message, markup, text=caption_sent,
                          caption=caption_sent, **extra)  # fmt: skip

    def _get_file(self, params: JSONDict) -> JSONDict:
        stored = self._files.get(str(params.get("file_id", "")))
        if stored is None:
            raise _bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise _bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def _send_chat_action(self, params: JSONDict) -> bool:
        self._target_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    # -- helpers (called with the lock held) -------------------------------------------------

    def _default_user_id(self, chat_id: int, chat_type: str, user_id: int | None) -> int:
        if user_id is not None:
            return user_id
        return chat_id if chat_type == "private" else DEFAULT_GROUP_USER_ID

    def _user(self, user_id: int, username: str | None) -> JSONDict:
        known = self._users.get(user_id)
        if known is not None and (username is None or known.get("username") == username):
            return known
        name = username or f"user{user_id}"
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": name.capitalize(),
            "username": name,
            "language_code": "en",
        }
        self._users[user_id] = user
        return user

    def _chat(self, chat_id: int, chat_type: str | None, user: JSONDict | None) -> JSONDict:
        """The chat with this id, created on first sight; private ids are positive, groups'
        negative (supergroups "-100…"), as in Telegram."""
        known = self._chats.get(chat_id)
        if known is not None and chat_type in (None, known["type"]):
            return known
        if chat_type is None:
            chat_type = _chat_type_of(chat_id, None)
        if chat_type == "private":
            if chat_id <= 0:
                raise ValueError(f"a private chat needs a positive id, not {chat_id}")
            chat: JSONDict = {"id": chat_id, "type": "private"}
            if user is not None:
                chat.update(first_name=user["first_name"], username=user["username"])
        elif chat_type in ("group", "supergroup", "channel"):
            if chat_id >= 0:
                raise ValueError(f"a {chat_type} needs a negative id, not {chat_id}")
            chat = {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {-chat_id}"}
        else:
            raise ValueError(f"unknown chat type {chat_type!r}")
        self._chats[chat_id] = chat
        return chat

    def _target_chat(self, params: JSONDict) -> JSONDict:
        """The chat a bot call addresses by `chat_id`: a number or "@username"."""
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self._chats.values():
                if chat.get("username") == chat_id[1:]:
                    return chat
            raise _bad_request("chat not found")
        try:
            return self._chat(int(chat_id), None, None)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise _bad_request("chat not found") from exc

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _user_message(self, chat: JSONDict, user: JSONDict, **fields: Any) -> JSONDict:
        return {
            "message_id": self._next_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
            **fields,
        }

    def _bot_message(self, chat: JSONDict, **fields: Any) -> JSONDict:
        return self._user_message(chat, self._bot_user(), **fields)

    def _post(
        self,
        params: JSONDict,
        method: str,
        message: JSONDict,
        markup: JSONDict | None,
        **extra: Any,
    ) -> JSONDict:
        """Sends a new bot message: with its keyboard and the message it replies to, stored,
        recorded as `method`; returns what the Bot API answers (a copy)."""
        if markup is not None:
            message["reply_markup"] = markup
        reply_to = self._attach_reply(message, params)
        self._store_message(message)
        self._record(params, method, message, reply_to=reply_to, **extra)
        return copy.deepcopy(message)

    def _store_message(self, message: JSONDict) -> None:
        self._messages[(message["chat"]["id"], message["message_id"])] = message

    def _quoted(self, chat_id: int, message_id: int) -> JSONDict:
        """A copy of a message to put in `reply_to_message` (Telegram nests only one level)."""
        original = self._messages.get((chat_id, message_id))
        if original is None:
            raise ValueError(f"no message {message_id} in chat {chat_id} to reply to")
        quoted = copy.deepcopy(original)
        quoted.pop("reply_to_message", None)
        return quoted

    def _attach_reply(self, message: JSONDict, params: JSONDict) -> int | None:
        """Honour `reply_parameters` (or the legacy `reply_to_message_id`) of a bot call."""
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id", params.get("reply_to_message_id"))
        if reply_to is None:
            return None
        try:
            message["reply_to_message"] = self._quoted(message["chat"]["id"], int(reply_to))
        except ValueError:
            if not reply.get("allow_sending_without_reply"):
                raise _bad_request("message to be replied not found") from None
        return int(reply_to)

    def _editable(self, params: JSONDict) -> JSONDict:
        chat = self._target_chat(params)
        message = self._messages.get((chat["id"], int(params.get("message_id") or 0)))
        if message is None:
            raise _bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_id:
            raise _bad_request("message can't be edited")
        return message

    def _edited(
        self, params: JSONDict, method: str, message: JSONDict, markup: JSONDict | None
    ) -> JSONDict:
        """Ends an edit of `message`: its inline keyboard becomes `markup` (Telegram drops the
        keyboard of an edited message unless the edit repeats it), it gets its edit date and
        the call is recorded."""
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        self._record(params, method, message)
        return copy.deepcopy(message)

    def _render(self, params: JSONDict, key: str, limit: int) -> tuple[str, list[JSONDict]]:
        """The plain text and entities of `params[key]` under its parse_mode, or the 400."""
        raw = params.get(key)
        text = "" if raw is None else str(raw)
        mode = str(params.get("parse_mode") or "").lower()
        if mode == "html":
            plain, entities = parse_html(text)
        elif mode in ("", "markdown", "markdownv2"):
            plain = text
            entities = list(params.get(f"{key}_entities" if key == "caption" else "entities") or [])
        else:
            raise _bad_request("unsupported parse_mode")
        if key == "text" and not plain.strip():
            raise _bad_request("message text is empty")
        if len(plain) > limit:
            raise _bad_request(
                "message is too long" if key == "text" else "message caption is too long"
            )
        return plain, entities

    def _record(
        self,
        params: JSONDict,
        method: str,
        message: JSONDict | None,
        *,
        reply_to: int | None = None,
        **extra: Any,
    ) -> None:
        entry: JSONDict = {
            "method": method,
            "chat_id": message["chat"]["id"] if message else None,
            "message_id": message["message_id"] if message else None,
            "text": params.get("text"),
            "parse_mode": params.get("parse_mode"),
            "reply_markup": copy.deepcopy(message.get("reply_markup")) if message else None,
            "reply_to": reply_to,
        }
        entry.update(extra)
        self._sent.append(entry)
        self._cond.notify_all()

    def _store_file(self, filename: str, data: bytes, folder: str = "documents") -> _StoredFile:
        """Keep a file for getFile and the download; `folder` "photos" makes a photo's id."""
        number = next(self._file_numbers)
        suffix = PurePosixPath(filename).suffix.lower()
        kind = "AgAC" if folder == "photos" else "BQAC"  # Telegram's file_id prefixes
        stored = _StoredFile(
            file_id=f"{kind}AgIAAxkBAAI{number:08d}",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            data=bytes(data),
        )
        self._files[stored.file_id] = stored
        return stored

    def _store_photo(self, data: bytes, mime_type: str, width: int, height: int) -> list[JSONDict]:
        """Store an accepted photo's sizes (see `_send_photo`); returns them, smallest first."""
        dimensions = [(width, height)]
        longest = max(width, height)
        if longest > PHOTO_THUMBNAIL_SIDE:
            scale = PHOTO_THUMBNAIL_SIDE / longest
            thumbnail = (max(1, round(width * scale)), max(1, round(height * scale)))
            dimensions.insert(0, thumbnail)
        extension = "." + mime_type.removeprefix("image/").replace("jpeg", "jpg")
        sizes: list[JSONDict] = []
        for size_width, size_height in dimensions:
            stored = self._store_file(f"photo{extension}", data, folder="photos")
            sizes.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": size_width,
                    "height": size_height,
                    "file_size": len(stored.data),
                }
            )
            self._photos[stored.file_id] = (copy.deepcopy(sizes), mime_type)
        return sizes

    def _document_json(self, stored: _StoredFile, filename: str, mime_type: str | None) -> JSONDict:
        guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return {
            "file_name": filename,
            "mime_type": mime_type or guessed,
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }

    def _push_update(self, kind: str, payload: JSONDict) -> None:
        update_id = next(self._update_ids)
        update = {"update_id": update_id, kind: copy.deepcopy(payload)}
        if self._webhook is not None:
            # Webhook mode: Telegram POSTs each update to the bot instead of queueing it.
            url, secret = self._webhook
            threading.Thread(target=_post_update, args=(url, secret, update), daemon=True).start()
            return
        self._updates.append(update)
        self._cond.notify_all()

    def _set_webhook(self, params: JSONDict) -> bool:
        url = str(params.get("url") or "")
        self._webhook = (url, params.get("secret_token")) if url else None
        return True

    def _describe_shortfall(
        self, chat_id: int, count: int, found: list[JSONDict], timeout: float
    ) -> str:
        lines = [
            f"expected at least {count} message(s) to chat {chat_id} within {timeout}s, "
            f"the bot sent {len(found)}:"
        ]
        lines += [f"  {_describe(entry)}" for entry in found] or ["  (nothing)"]
        others = [entry for entry in self._sent if entry["chat_id"] != chat_id]
        if others:
            lines.append("to other chats:")
            lines += [f"  chat {entry['chat_id']}: {_describe(entry)}" for entry in others]
        if self._rejections:
            lines.append("calls the server refused:")
            lines += [f"  {name}: {why}" for name, _, why in self._rejections]
        pending = [
            u["update_id"] for u in self._updates if u["update_id"] > self._delivered_update_id
        ]
        if pending:
            lines.append(f"updates never fetched by getUpdates: {pending}")
        recent = [name for name, _ in self._calls[-15:]]
        lines.append(f"last calls: {recent}")
        return "\n".join(lines)


def _describe(entry: JSONDict) -> str:
    text = entry.get("text")
    shown = text if text is None or len(text) <= 200 else text[:200] + "…"
    extra = f" [{entry['filename']}]" if entry.get("filename") else ""
    buttons = ""
    if entry.get("reply_markup"):
        buttons = f" buttons={_button_labels(entry['reply_markup'])}"
    return f"{entry['method']} #{entry['message_id']}{extra}: {shown!r}{buttons}"


def _button_labels(markup: JSONDict) -> list[str]:
    rows: Iterable[list[JSONDict]] = markup.get("inline_keyboard", [])
    return [
        f"{b.get('text')}→{b.get('callback_data') or b.get('url')}" for row in rows for b in row
    ]


def _chat_type_of(chat_id: int, known: JSONDict | None) -> str:
    """A known chat's type, else what the id says: positive private, "-100…" supergroup."""
    if known is not None:
        return str(known["type"])
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


def _not_modified() -> ApiError:
    return _bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def _check_markup(markup: Any) -> JSONDict | None:
    """The decoded reply_markup, or the 400 Telegram gives for a bad inline keyboard."""
    if markup is None:
        return None
    if isinstance(markup, str):
        try:
            markup = json.loads(markup)
        except ValueError:
            raise _bad_request("can't parse reply keyboard markup JSON object") from None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request(
            'can\'t parse inline keyboard: field "inline_keyboard" must be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not any(key in button for key in _BUTTON_ACTIONS):
                raise _bad_request("text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                data = button["callback_data"]
                size = len(data.encode()) if isinstance(data, str) else 0
                if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                    raise _bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"(?:https?|tg)://\S+$", str(button["url"])):
                raise _bad_request("BUTTON_URL_INVALID")
    return markup


def _post_update(url: str, secret: Any, update: JSONDict) -> None:
    """Deliver one update to a webhook, as Telegram does (with its secret token header)."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = str(secret)
    request = urllib.request.Request(
        url, data=json.dumps(update).encode(), headers=headers, method="POST"
    )
    with contextlib.suppress(OSError):
        urllib.request.urlopen(request, timeout=10).close()

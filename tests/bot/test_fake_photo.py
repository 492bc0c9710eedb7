"""sendPhoto on the Bot API test server, driven by a real PTB bot over real HTTP on 127.0.0.1.

The bot will send charts as photos; these tests check the fake refuses what Telegram refuses
(bytes that are no image, out-of-shape images, long captions, a document's file_id) and gives
back what Telegram gives (the photo sizes, caption entities, buttons, a downloadable file).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import struct
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    MessageEntity,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Defaults, ExtBot

from tests.bot.telegram_server import MAX_PHOTO_BYTES, FakeTelegram, image_format

ALICE, BOB = 101, 202


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@contextlib.asynccontextmanager
async def connected(server: FakeTelegram) -> AsyncIterator[ExtBot[None]]:
    """A PTB bot against the server, with parse_mode HTML by default as the bot sets it."""
    bot: ExtBot[None] = ExtBot(
        server.token,
        base_url=f"{server.url}/bot",
        base_file_url=f"{server.url}/file/bot",
        defaults=Defaults(parse_mode=ParseMode.HTML),
    )
    async with bot:
        yield bot


def run(server: FakeTelegram, scenario: Callable[[ExtBot[None]], Awaitable[None]]) -> None:
    async def main() -> None:
        async with connected(server) as bot:
            await scenario(bot)

    asyncio.run(main())


def png(width: int, height: int, *, pixels: bool = True) -> bytes:
    """A valid 8-bit grey PNG; without `pixels` the IDAT is a token (only the header counts)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"\x00"
    if pixels:
        rows = b"".join(
            b"\x00" + bytes((x * 7 + y) % 256 for x in range(width)) for y in range(height)
        )
    image = zlib.compress(rows)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", image) + chunk(b"IEND", b"")
    )


def chart_png() -> bytes:
    """A 400x300 line chart, rendered by matplotlib's Agg canvas as the bot will do."""
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4, 3), dpi=100)
    axes = figure.subplots()
    axes.plot([1, 2, 3, 4], [3, 1, 4, 1], marker="o")
    axes.set_title("Drone strikes per day")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def bad_request(call: Awaitable[object], detail: str) -> None:
    """The call fails with BadRequest for `detail` (PTB drops "Bad Request: " and the case)."""
    with pytest.raises(BadRequest) as caught:
        await call
    assert caught.value.message.lower() == detail.lower()


def refused(telegram: FakeTelegram) -> str:
    """The description of the last call the server refused."""
    return telegram.rejections[-1][2]


KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Refresh", callback_data="chart:7d")]])


def test_a_chart_arrives_as_a_photo_with_its_caption_entities_and_buttons(telegram):
    data = chart_png()
    caption = "<b>Trend</b> of drone strikes, 7 days"
    returned: dict[str, Message] = {}

    async def scenario(bot: ExtBot[None]) -> None:
        upload = InputFile(data, filename="trend.png")
        returned["message"] = await bot.send_photo(
            ALICE, upload, caption=caption, reply_markup=KEYBOARD
        )

    run(telegram, scenario)
    message = returned["message"]
    assert [(size.width, size.height) for size in message.photo] == [(320, 240), (400, 300)]
    assert message.caption == "Trend of drone strikes, 7 days"
    assert message.caption_entities == (MessageEntity(MessageEntity.BOLD, 0, 5),)
    assert message.reply_markup == KEYBOARD

    [entry] = telegram.wait_for_messages(ALICE, 1)
    assert entry["method"] == "sendPhoto"
    assert entry["message_id"] == message.message_id
    assert entry["data"] == data
    assert entry["filename"] == "trend.png"
    assert entry["mime_type"] == "image/png"
    assert (entry["width"], entry["height"]) == (400, 300)
    assert entry["text"] == entry["caption"] == caption
    assert entry["parse_mode"] == "HTML"
    assert entry["reply_markup"] == KEYBOARD.to_dict()
    shown = telegram.message(ALICE, message.message_id)
    assert shown["photo"][-1]["file_size"] == len(data)
    assert telegram.messages_to(BOB) == []
    telegram.press_button(ALICE, message.message_id, "chart:7d")  # the button is on screen


def test_the_photo_downloads_and_its_file_id_sends_it_again(telegram):
    data = png(40, 30)
    got: dict[str, Any] = {}

    async def scenario(bot: ExtBot[None]) -> None:
        first = await bot.send_photo(ALICE, InputFile(data, filename="small.png"))
        [size] = first.photo
        file = await bot.get_file(size.file_id)
        got["file_size"] = file.file_size
        got["download"] = bytes(await file.download_as_bytearray())
        again = await bot.send_photo(BOB, size.file_id, caption="<i>again</i>")
        got["ids"] = (size.file_id, again.photo[-1].file_id)
        got["again"] = (again.photo[-1].width, again.photo[-1].height, again.caption)

    run(telegram, scenario)
    assert got["download"] == data
    assert got["file_size"] == len(data)
    first_id, resent_id = got["ids"]
    assert first_id == resent_id
    assert got["again"] == (40, 30, "again")
    [resent] = telegram.messages_to(BOB)
    assert resent["data"] == data
    assert (resent["width"], resent["height"], resent["mime_type"]) == (40, 30, "image/png")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        b"",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG signature without an IHDR
        b"\xff\xd8\xff\xd9",  # a JPEG that ends before any frame header
        png(0, 10, pixels=False),  # a zero side
    ],
    ids=["pdf", "empty", "png-without-header", "jpeg-without-frame", "zero-width"],
)
def test_bytes_that_are_no_image_are_refused(telegram, data):
    async def scenario(bot: ExtBot[None]) -> None:
        await bad_request(
            bot.send_photo(ALICE, InputFile(data, filename="chart.png")), "image_process_failed"
        )

    run(telegram, scenario)
    assert refused(telegram) == "Bad Request: IMAGE_PROCESS_FAILED"
    assert telegram.sent == []


@pytest.mark.parametrize(
    ("width", "height", "accepted"),
    [
        (20001, 1, False),
        (5001, 5000, False),  # sides add up to 10001
        (5000, 5000, True),
        (2100, 100, False),  # ratio 21
        (100, 2001, False),
        (2000, 100, True),  # ratio 20
    ],
)
def test_photo_dimensions_are_checked_as_telegram_does(telegram, width, height, accepted):
    data = png(width, height, pixels=False)

    async def scenario(bot: ExtBot[None]) -> None:
        upload = InputFile(data, filename="wide.png")
        if accepted:
            message = await bot.send_photo(ALICE, upload)
            assert (message.photo[-1].width, message.photo[-1].height) == (width, height)
        else:
            await bad_request(bot.send_photo(ALICE, upload), "photo_invalid_dimensions")

    run(telegram, scenario)
    assert len(telegram.sent) == int(accepted)


def test_a_photo_over_10_mb_is_refused(telegram):
    header = png(100, 100, pixels=False)
    padding = MAX_PHOTO_BYTES - len(header)

    async def scenario(bot: ExtBot[None]) -> None:
        await bot.send_photo(ALICE, InputFile(header + b"\x00" * padding, filename="max.png"))
        too_big = InputFile(header + b"\x00" * (padding + 1), filename="big.png")
        await bad_request(bot.send_photo(ALICE, too_big), "file is too big")

    run(telegram, scenario)
    assert [len(entry["data"]) for entry in telegram.sent] == [MAX_PHOTO_BYTES]


def test_captions_are_parsed_and_limited_to_1024_characters(telegram):
    data = png(8, 8)

    async def scenario(bot: ExtBot[None]) -> None:
        longest = await bot.send_photo(ALICE, data, caption="<b>" + "a" * 1024 + "</b>")
        assert longest.caption == "a" * 1024  # tags do not count
        await bad_request(
            bot.send_photo(ALICE, data, caption="a" * 1025), "message caption is too long"
        )
        await bad_request(
            bot.send_photo(ALICE, data, caption="<b>unclosed"),
            "can't parse entities: can't find end tag corresponding to start tag \"b\" "
            "at byte offset 11",
        )
        too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x" * 65)]])
        await bad_request(bot.send_photo(ALICE, data, reply_markup=too_long), "BUTTON_DATA_INVALID")

    run(telegram, scenario)
    assert len(telegram.sent) == 1


def test_replies_and_file_ids_that_are_no_photo(telegram):
    question = telegram.send_text(ALICE, "/chart")
    document = telegram.send_document(ALICE, "chart.png", png(8, 8))
    document_id = telegram.message(ALICE, document)["document"]["file_id"]
    data = png(8, 8)

    async def scenario(bot: ExtBot[None]) -> None:
        reply = await bot.send_photo(ALICE, data, reply_parameters=ReplyParameters(question))
        assert reply.reply_to_message is not None
        assert reply.reply_to_message.message_id == question
        await bad_request(
            bot.send_photo(ALICE, data, reply_parameters=ReplyParameters(999)),
            "message to be replied not found",
        )
        await bad_request(bot.send_photo(ALICE, document_id), "type of file mismatch")
        await bad_request(
            bot.send_document(ALICE, reply.photo[-1].file_id), "type of file mismatch"
        )
        for wrong in ["AgACAgIAAxkBAAI99999999", "https://example.com/chart.png"]:
            await bad_request(
                bot.send_photo(ALICE, wrong), "wrong file identifier/http url specified"
            )

    run(telegram, scenario)
    assert [entry["reply_to"] for entry in telegram.sent] == [question]


def test_faults_can_be_injected_into_send_photo(telegram, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # see FakeTelegram.fail_next
    data = png(8, 8)
    telegram.fail_next("sendPhoto", retry_after=3)
    telegram.drop_next("sendPhoto")
    telegram.fail_next("sendPhoto", status=403)

    async def scenario(bot: ExtBot[None]) -> None:
        with pytest.raises(RetryAfter):
            await bot.send_photo(ALICE, data)
        with pytest.raises(NetworkError):
            await bot.send_photo(ALICE, data)
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_photo(ALICE, data)
        await bot.send_photo(ALICE, data, caption="at last")

    run(telegram, scenario)
    [entry] = telegram.wait_for_messages(ALICE, 1)
    assert entry["caption"] == "at last"
    assert [name for name, _ in telegram.calls].count("sendPhoto") == 4


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + b"\xff" + frame + b"\xff\xda\x00\x08" + b"\x00" * 6 + b"\xff\xd9"


def _webp(chunk: bytes, body: bytes) -> bytes:
    riff = b"WEBP" + chunk + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", len(riff)) + riff


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (png(7, 5), ("image/png", 7, 5)),
        (_jpeg(640, 480), ("image/jpeg", 640, 480)),  # progressive SOF2 after APP0, fill byte
        (b"GIF89a" + struct.pack("<HH", 12, 34) + b"\x00" * 3, ("image/gif", 12, 34)),
        (
            _webp(b"VP8 ", b"\x00\x00\x00\x9d\x01\x2a" + struct.pack("<HH", 300, 200)),
            ("image/webp", 300, 200),
        ),
        (
            _webp(b"VP8L", b"\x2f" + (99 | (49 << 14)).to_bytes(4, "little")),
            ("image/webp", 100, 50),
        ),
        (
            _webp(b"VP8X", b"\x00" * 4 + (1999).to_bytes(3, "little") + (9).to_bytes(3, "little")),
            ("image/webp", 2000, 10),
        ),
        (png(7, 5)[:8] + b"\x00\x00\x00\x0c" + png(7, 5)[12:], None),  # IHDR of 12 bytes
        (_jpeg(640, 480)[:20], None),  # cut before the frame header
        (b"GIF89a\x01", None),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", None),
    ],
    ids=[
        "png",
        "jpeg",
        "gif",
        "webp-lossy",
        "webp-lossless",
        "webp-extended",
        "png-short-ihdr",
        "jpeg-cut",
        "gif-cut",
        "webp-cut",
    ],
)
def test_image_headers_give_type_and_size(data, expected):
    assert image_format(data) == expected


def test_a_jpeg_is_accepted_over_http(telegram):
    async def scenario(bot: ExtBot[None]) -> None:
        message = await bot.send_photo(ALICE, InputFile(_jpeg(1280, 64), filename="bar.jpg"))
        assert [(size.width, size.height) for size in message.photo] == [(320, 16), (1280, 64)]

    run(telegram, scenario)
    [entry] = telegram.sent
    assert entry["mime_type"] == "image/jpeg"

"""Keeping the bot token out of everything the process prints.

Bot API URLs contain the token, and PTB quotes it in `InvalidToken`'s message, so any
traceback, warning or log line may carry it. The log filter covers what goes through
logging; the hooks cover what does not: uncaught exceptions (main thread and other threads),
warnings, and asyncio's "Task exception was never retrieved" and other loop errors.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import traceback
import warnings
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

__all__ = ["MASK", "TokenRedactor", "guard_token"]

MASK = "<token>"
logger = logging.getLogger("bot")


class TokenRedactor(logging.Filter):
    """Replaces the token in log records, their arguments and their tracebacks.

    Also the process-wide hooks call `redact`, so there is one place that knows the token.
    """

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def redact(self, text: str) -> str:
        return text.replace(self._token, MASK) if self._token else text

    def filter(self, record: logging.LogRecord) -> bool:
        if _is_invalid_token(record.exc_info):
            # Its message quotes the token and its traceback says nothing more than that the
            # Bot API refused it; the command that started the bot reports that in one line.
            record.exc_info, record.exc_text = None, None
        message = record.getMessage()
        if self._token and self._token in message:
            record.msg, record.args = self.redact(message), ()
        # A traceback is formatted after the filters ran; format it now (the formatter then
        # reuses exc_text) so that an exception quoting a request URL is redacted too.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True

    def install(self) -> None:
        """On every handler of the root logger (filters on loggers would miss the records
        that propagate from child loggers), and at the process boundary."""
        for handler in logging.getLogger().handlers:
            handler.addFilter(self)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        warnings.showwarning = self._showwarning

    def loop_exception_handler(self) -> Callable[[asyncio.AbstractEventLoop, dict[str, Any]], None]:
        """For `loop.set_exception_handler`: an error no task awaited, logged redacted."""

        def handle(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
            text = str(context.get("message") or "unhandled error in the event loop")
            error = context.get("exception")
            if isinstance(error, BaseException):
                text += "\n" + "".join(traceback.format_exception(error)).rstrip()
            logger.error("%s", self.redact(text))

        return handle

    def _excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        _write(sys.stderr, self.redact("".join(traceback.format_exception(kind, error, tb))))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        text = "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        _write(sys.stderr, self.redact(f"Exception in thread {name}:\n{text}"))

    def _showwarning(
        self,
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        text = warnings.formatwarning(message, category, filename, lineno, line)
        _write(file or sys.stderr, self.redact(text))


def guard_token(token: str) -> TokenRedactor:
    """Install the redactor for `token` everywhere the process may print it; returned so that
    an event loop can get its handler and tests can take the filter off."""
    redactor = TokenRedactor(token)
    redactor.install()
    return redactor


def _is_invalid_token(exc_info: Any) -> bool:
    from telegram.error import InvalidToken  # noqa: PLC0415 - only `run` installs this

    return isinstance(exc_info, tuple) and isinstance(exc_info[1], InvalidToken)


def _write(stream: TextIO | None, text: str) -> None:
    if stream is None:  # pythonw, or stderr closed
        return
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass

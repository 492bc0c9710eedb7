"""The token never reaches stderr through the process-wide hooks `briefing run` installs:
an uncaught exception (main thread or another), a warning, an event loop error."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "777:HOOK-SECRET-token"

_SCRIPT = textwrap.dedent(
    """
    import asyncio, gc, sys, threading, warnings
    from bot.telegram.redact import guard_token

    redactor = guard_token(sys.argv[1])
    what = sys.argv[2]
    message = f"request to https://api.telegram.org/bot{sys.argv[1]}/getMe failed"
    if what == "thread":
        worker = threading.Thread(target=lambda: (_ for _ in ()).throw(RuntimeError(message)))
        worker.start()
        worker.join()
    elif what == "warning":
        warnings.warn(message, RuntimeWarning, stacklevel=1)
    elif what == "task":
        loop = asyncio.new_event_loop()
        loop.set_exception_handler(redactor.loop_exception_handler())

        async def broken():
            raise RuntimeError(message)

        async def main():
            asyncio.ensure_future(broken())  # never awaited: "never retrieved"
            await asyncio.sleep(0.05)

        loop.run_until_complete(main())
        gc.collect()
        loop.close()
        gc.collect()
    raise RuntimeError(message)
    """
)


def run_hooked(what: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", _SCRIPT, TOKEN, what], env=env, cwd=ROOT,
                          check=False, capture_output=True, text=True, timeout=60)  # fmt: skip


def test_an_uncaught_exception_quoting_the_token_is_printed_redacted():
    done = run_hooked("main")
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "RuntimeError: request to" in done.stderr
    assert "bot<token>/getMe" in done.stderr
    assert TOKEN not in done.stderr + done.stdout


def test_a_crashed_thread_a_warning_and_an_unretrieved_task_are_redacted_too():
    for what, shows in (("thread", "Exception in thread"), ("warning", "RuntimeWarning"),
                        ("task", "never retrieved")):  # fmt: skip
        done = run_hooked(what)
        assert shows in done.stderr, (what, done.stderr)
        assert done.stderr.count("bot<token>/getMe") >= 2, (what, done.stderr)  # and the last
        assert TOKEN not in done.stderr + done.stdout, (what, done.stderr)


def test_the_loop_handler_keeps_the_message_and_drops_the_token(caplog):
    from bot.telegram.redact import TokenRedactor

    handler = TokenRedactor(TOKEN).loop_exception_handler()
    loop = asyncio.new_event_loop()
    try:
        handler(loop, {"message": f"failed at /bot{TOKEN}/x", "exception": ValueError(TOKEN)})
    finally:
        loop.close()
    [record] = caplog.records
    assert "failed at /bot<token>/x" in record.getMessage()
    assert "ValueError: <token>" in record.getMessage() and TOKEN not in record.getMessage()

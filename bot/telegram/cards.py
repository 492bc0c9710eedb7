"""Where the CPU-heavy part of an answer runs: summarising and fact extraction of a pasted
text or a sent document.

In threads (`InThreads`) for the console chat and tests; in worker processes (`InProcesses`)
for the running bot, so that twenty people pasting articles use every core and a search never
waits behind a summary for the interpreter lock. Each worker process loads the NER model once,
when it starts; the bot starts them (`ready`) after it has begun answering, and a summary
asked for before then waits for its worker.
"""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing
import os
import platform
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Protocol

from bot.usecases.analysis import (
    ArticleCard,
    SentDocument,
    build_fact_extractor,
    document_card,
    text_card,
)

if TYPE_CHECKING:
    from bot.usecases.analysis import FactExtractor
    from bot.usecases.config import Settings
    from bot.usecases.service import BriefingService

__all__ = ["Cards", "InProcesses", "InThreads"]


class Cards(Protocol):
    async def ready(self) -> None:
        """Load what answers need (workers, models) now, rather than on the first request."""
        ...

    async def from_text(self, text: str) -> ArticleCard: ...

    async def from_document(self, document: SentDocument) -> ArticleCard: ...


class InThreads:
    def __init__(self, service: BriefingService) -> None:
        self._service = service

    async def ready(self) -> None:
        await asyncio.to_thread(self._service.prepare)

    async def from_text(self, text: str) -> ArticleCard:
        return await asyncio.to_thread(self._service.card_for_text, text)

    async def from_document(self, document: SentDocument) -> ArticleCard:
        return await asyncio.to_thread(self._service.card_for_document, document)


_THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
)

_PR_SET_PDEATHSIG = 1  # prctl(2)

# One extractor per worker process, made by the pool's initializer: a worker's own cache of
# the loaded model, never shared and never changed after start-up.
_worker_extractor: list[FactExtractor] = []


def _start_worker(settings: Settings, parent: int) -> None:
    _exit_with_parent(parent)
    # One math-library thread per worker: the workers already share the cores between them,
    # and thread pools inside each would only fight over the same cores (measured with
    # bench/bot.py: /summary p95 1.6 s -> 1.3 s). Set in the worker's own environment, before
    # the model (and numpy) load there; the bot's environment is left alone.
    for name in _THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    extractor = build_fact_extractor(settings)
    extractor.load()
    _worker_extractor.append(extractor)


def _exit_with_parent(parent: int) -> None:
    """A bot killed outright (SIGKILL, OOM) cannot shut its pool down, and its workers would
    live on with the model in memory: have the kernel end them with it.

    Linux delivers the signal when the thread that started the worker ends. Workers start
    when work is submitted: by `warm_up` and `ready`, and by requests (`run_in_executor`),
    all from the main thread, which runs the bot's event loop. Elsewhere a thread watches
    for the parent to go (a thread that exists costs the summaries ~8% here, measured, so
    Linux avoids it)."""
    if platform.system() == "Linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # it died before the request was in place
            os._exit(0)
        return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _text_card(text: str, max_bytes: int) -> ArticleCard:
    return text_card(_worker_extractor[0], text, max_bytes=max_bytes)


def _document_card(document: SentDocument, max_bytes: int) -> ArticleCard:
    return document_card(_worker_extractor[0], document, max_bytes=max_bytes)


class InProcesses:
    def __init__(self, settings: Settings, processes: int | None = None) -> None:
        self._max_bytes = settings.max_document_bytes
        self._processes = processes or multiprocessing.cpu_count()
        self._pool = ProcessPoolExecutor(
            max_workers=self._processes,
            mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded process
            initializer=_start_worker,
            initargs=(settings, os.getpid()),
        )

    def warm_up(self) -> None:
        """Start every worker (and load its model) now, not on the first user's request."""
        for future in self._start_workers():
            future.result()

    async def ready(self) -> None:
        """`warm_up` without blocking the event loop: call it from the loop's thread."""
        await asyncio.gather(*(asyncio.wrap_future(f) for f in self._start_workers()))

    def _start_workers(self) -> list[Future[ArticleCard]]:
        return [
            self._pool.submit(_text_card, "Warm up. " * 10, self._max_bytes)
            for _ in range(self._processes)
        ]

    async def from_text(self, text: str) -> ArticleCard:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _text_card, text, self._max_bytes)

    async def from_document(self, document: SentDocument) -> ArticleCard:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _document_card, document, self._max_bytes)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)

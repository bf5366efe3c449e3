"""Chunked batch rendering on every core, shared by badges and certificates of attendance.

A batch is rendered as a few large documents rather than one per item (WeasyPrint's fixed cost per
document dominates a single badge), in chunks so that memory stays flat whatever the batch size, on every
core (this process and worker processes, each taking the next chunk when free), and written into one PDF
as the chunks come in (``plenary.pdf.join``). The caller's ``render`` is a module-level function (it goes
to the worker processes) that turns one chunk into PDF bytes.
"""

import contextlib
import math
import multiprocessing
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import cast

import django

from plenary.pdf.join import PdfJoiner


def _worker_init() -> None:
    # Normally done by the preloaded worker module; the fork server ignores failed preloads.
    django.setup()


def _start_method() -> str:
    """Forking this process starts a worker at once (Django and WeasyPrint are loaded already), but is
    safe only while it runs a single thread: in a threaded server another thread may hold a lock that
    the child would inherit locked. Then a fork server preloads Django and WeasyPrint (about a second)."""
    return "fork" if threading.active_count() == 1 else "forkserver"


def _pool(workers: int, *, preload: str) -> ProcessPoolExecutor:
    method = _start_method()
    context = multiprocessing.get_context(method)
    if method == "fork":
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        pool.submit(int)  # forks the workers now, from this thread, before any other thread starts
        return pool
    context.set_forkserver_preload(["__main__", preload])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)


def chunk_size(count: int, *, per_sheet: int, workers: int, largest: int) -> int:
    """Chunks of at most ``largest`` items, as even as possible so that no process idles at the end,
    and made of whole sheets so that a 4-up sheet is never split across two documents.
    A batch that fits in one chunk stays in one: starting workers would cost more than it saves."""
    if count <= largest:
        return max(per_sheet, count)
    rounds = math.ceil(count / (workers * largest))
    size = math.ceil(count / (workers * rounds))
    return max(per_sheet, math.ceil(size / per_sheet) * per_sheet)


class _Joiner:
    """Appends the chunks' PDFs in order as soon as they are there, between the chunks this process
    renders, so that joining is shared out like the rendering and only the last chunk is left at the end."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = list(sizes)
        self.pdfs: list[bytes | None] = [None] * len(sizes)
        self.appended = 0
        self.joiner = PdfJoiner()

    def add(self, index: int, pdf: bytes) -> None:
        self.pdfs[index] = pdf

    @property
    def rendered(self) -> int:
        return sum(size for size, pdf in zip(self.sizes, self.pdfs, strict=True) if pdf is not None)

    @property
    def complete(self) -> bool:
        return all(pdf is not None for pdf in self.pdfs)

    def append_ready(self) -> None:
        if len(self.pdfs) == 1:
            return  # a single document needs no joining
        while self.appended < len(self.pdfs) and (pdf := self.pdfs[self.appended]) is not None:
            self.joiner.append(pdf)
            self.pdfs[self.appended] = b""  # written out
            self.appended += 1

    def result(self, *, title: str) -> bytes:
        if len(self.pdfs) == 1:
            return cast(bytes, self.pdfs[0])
        self.append_ready()
        return self.joiner.finish(title=title)


def render_chunks[Chunk](
    chunks: Sequence[Chunk],
    *,
    render: Callable[[Chunk], bytes],
    sizes: Sequence[int],
    workers: int,
    title: str,
    progress: Callable[[int, int], None] | None,
    preload: str,
) -> bytes:
    """Renders the chunks on ``workers`` processes, this one and ``workers - 1`` worker processes, each
    taking the next chunk whenever it is free, and joins them. ``sizes``: the items in each chunk, for
    progress, which is reported from this thread (it writes to the database) whenever a chunk is done.
    ``preload``: the module a fork server imports first (it sets Django up and warms WeasyPrint), when this
    process runs other threads and cannot fork."""
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(chunks)):
        todo.put(index)
    finished: queue.SimpleQueue[tuple[int, bytes | BaseException]] = queue.SimpleQueue()
    joiner = _Joiner(sizes)
    total = sum(joiner.sizes)
    reported = 0

    def take() -> int | None:
        try:
            return todo.get_nowait()
        except queue.Empty:
            return None

    def feed(pool: ProcessPoolExecutor) -> None:
        while (index := take()) is not None:
            try:
                finished.put((index, pool.submit(render, chunks[index]).result()))
            except BaseException as error:  # handed to the main thread, which stops the batch
                finished.put((index, error))
                return

    def collect(*, wait: bool) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                index, pdf = finished.get(block=wait)
                if isinstance(pdf, BaseException):
                    raise pdf
                joiner.add(index, pdf)
                wait = False

    def step() -> None:
        nonlocal reported
        joiner.append_ready()
        if progress and joiner.rendered > reported:
            reported = joiner.rendered
            progress(reported, total)

    extra = min(workers, len(chunks)) - 1
    with contextlib.ExitStack() as stack:
        if extra > 0:
            pool = stack.enter_context(_pool(extra, preload=preload))
            threads = stack.enter_context(ThreadPoolExecutor(extra))
            for _ in range(extra):
                threads.submit(feed, pool)
        try:
            while (index := take()) is not None:
                joiner.add(index, render(chunks[index]))
                collect(wait=False)
                step()
            while not joiner.complete:
                collect(wait=True)
                step()
        except BaseException:
            while take() is not None:  # the feeders stop after their current chunk
                pass
            raise
    return joiner.result(title=title)

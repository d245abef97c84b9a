"""A query's work in a worker thread, its output pulled by the caller, within a deadline.

pyoxigraph evaluates a query and serializes its results without holding the GIL, and
its serializers *push* bytes into a file object. :func:`pulled` runs such work in a
daemon thread and hands each piece to the caller's thread through a small bounded queue,
so output streams with flat memory and the caller can give up when ``timeout`` seconds
have passed (the deadline holds even inside one long step). When the caller stops early
(``kg query ... | head -1``, a deadline), the worker stops at its next piece. A step
already under way inside pyoxigraph cannot be interrupted: it finishes in the
background, or dies with the ``kg`` process.

>>> list(pulled(lambda emit: [emit(n) for n in range(3)], timeout=5, what="demo"))
[0, 1, 2]
"""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from kg.errors import QueryError, UsageError

Emit = Callable[[Any], None]


class _Stopped(Exception):
    """Raised inside the worker when the caller has gone: unwinds the work."""


def pulled(work: Callable[[Emit], Any], *, timeout: float | None, what: str,
           depth: int = 16) -> Iterator[Any]:
    """Run ``work(emit)`` in a worker thread and yield each item it emits, in order.

    An exception in the work is raised in the caller's thread; past ``timeout`` seconds
    the caller gets :class:`QueryError` ``<what> did not finish within T s (--timeout)``.
    """
    if timeout is not None and timeout <= 0:
        raise UsageError("--timeout must be positive")
    items: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> None:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.05)
                return
            except queue.Full:
                continue
        raise _Stopped

    def run() -> None:
        try:
            work(lambda item: put(("item", item)))
            put(("end", None))
        except _Stopped:
            return
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            # pyoxigraph's results must be dropped in the thread that made them: the
            # traceback's frames hold them, so their locals go here, not in the caller
            traceback.clear_frames(exc.__traceback__)
            try:
                put(("error", exc))
            except _Stopped:
                return

    worker = threading.Thread(target=run, name="kg-query", daemon=True)
    deadline = None if timeout is None else time.monotonic() + timeout
    worker.start()
    try:
        while True:
            kind, item = _next(items, deadline, timeout, what)
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()


def _next(items: queue.Queue[tuple[str, Any]], deadline: float | None, timeout: float | None,
          what: str) -> tuple[str, Any]:
    if deadline is None:
        return items.get()
    remaining = deadline - time.monotonic()
    try:
        if remaining <= 0:
            raise queue.Empty
        return items.get(timeout=remaining)
    except queue.Empty:
        raise QueryError(f"{what} did not finish within {timeout:g} s (--timeout)") from None


def from_iterator(produce: Callable[[], Iterator[Any]]) -> Callable[[Emit], None]:
    """The work of emitting what ``produce()`` yields."""
    def work(emit: Emit) -> None:
        for item in produce():
            emit(item)
    return work


class ChunkWriter:
    """A binary file object for pyoxigraph's serializers: text chunks of about ``size``
    characters go to ``emit`` (fewer, larger pieces through the queue)."""

    def __init__(self, emit: Emit, size: int = 1 << 15):
        self._emit = emit
        self._size = size
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= self._size:
            self._flush_complete()
        return len(data)

    def _flush_complete(self) -> None:
        # cut after the last complete UTF-8 character
        cut = len(self._buffer)
        while cut and (self._buffer[cut - 1] & 0xC0) == 0x80:
            cut -= 1
        if cut and self._buffer[cut - 1] >= 0xC0:
            cut -= 1
        if cut:
            self._emit(self._buffer[:cut].decode("utf-8"))
            del self._buffer[:cut]

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self._buffer:
            self._emit(self._buffer.decode("utf-8"))
            self._buffer.clear()

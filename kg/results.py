"""A cache of rendered query output for the embedded store.

A published store version is never written again (:mod:`kg.store`), so the output of a
query against it can be kept and served again until the next build publishes a new
version. ``kg query sanctions`` on a 10,000-article store sorts 14,000 rows in Oxigraph
(≈ 1 s); served from here it is a file read.

The key covers everything the output depends on: the store's files (name, size and
modification time of each, so even a store written in place by other tools misses),
the bound query text, the output format and what the renderer was given (prefixes,
widths), pyoxigraph's version and the source of the code that rendered it. Entries live beside the
version (``build/.store-<id>.results/``) and are removed with it by the next writer
(:func:`kg.store._remove_stale`).

Best effort: a store that is not one of our versioned directories, a folder we may not
write, a full disk or an output over :data:`MAX_ENTRY_BYTES` simply goes uncached.
Writes are atomic (temporary file, then ``os.replace``), so a reader never sees half an
entry, and an interrupted query leaves nothing behind.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> cache = ResultCache(folder, fingerprint="f")
>>> list(cache.tee("k", iter(["a,b\\n", "1,2\\n"])))
['a,b\\n', '1,2\\n']
>>> "".join(cache.get("k"))
'a,b\\n1,2\\n'
>>> cache.get("other") is None
True
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import KgError
from kg.files import AtomicFile

#: Beside a store version ``build/.store-<id>``, its kept outputs: ``build/.store-<id>.results``.
RESULTS_SUFFIX = ".results"
#: Larger outputs are streamed but not kept.
MAX_ENTRY_BYTES = 256 << 20
#: Entries kept per store version (the oldest go first).
MAX_ENTRIES = 64
_CHUNK = 1 << 16
#: This module's own source: the layout of entries changes when it does.
_SOURCE = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest()


def store_fingerprint(version: Path) -> str:
    """What identifies the content of a store folder without reading it: each file's
    name, size and modification time (RocksDB's ``LOG`` files are skipped: opening a
    store read-only may touch them)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(ox.__version__.encode())
    with os.scandir(version) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("LOG"):
                continue
            st = entry.stat(follow_symlinks=False)
            h.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class ResultCache:
    """Rendered outputs of one store version, in ``folder``."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = Path(folder)
        self.fingerprint = fingerprint

    @classmethod
    def for_version(cls, version: Path) -> ResultCache | None:
        """The cache of a published store version (see :func:`kg.store.open_version`)."""
        try:
            return cls(version.parent / (version.name + RESULTS_SUFFIX), store_fingerprint(version))
        except OSError:
            return None

    def key(self, *parts: str) -> str:
        h = hashlib.blake2b(digest_size=20)
        for part in (self.fingerprint, _SOURCE, *parts):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.out"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> Iterator[str] | None:
        """The kept output, as text chunks, or None."""
        try:
            handle = open(self._path(key), encoding="utf-8", newline="")
        except OSError:
            return None
        return _read(handle)

    def tee(self, key: str, chunks: Iterable[str]) -> Iterator[str]:
        """Pass ``chunks`` through and keep them under ``key`` once they are all through
        (an error or an early stop keeps nothing; a failure to keep is no error)."""
        target = AtomicFile(self._path(key), text=True, durable=False)
        out: IO[str] | None
        try:
            out = target.open()
        except KgError:
            out = None
        size = 0
        try:
            for chunk in chunks:
                if out is not None:
                    try:
                        size += out.write(chunk)
                        if size > MAX_ENTRY_BYTES:
                            raise OSError("too large to keep")
                    except OSError:
                        target.discard()
                        out = None
                yield chunk
            if out is not None:
                out = None
                with contextlib.suppress(KgError):
                    target.commit()
                    self._trim()
        finally:
            if out is not None:
                target.discard()

    def _trim(self) -> None:
        entries = sorted(self.folder.glob("*.out"), key=_mtime)
        for path in entries[:-MAX_ENTRIES]:
            _unlink(path)


def _read(handle: IO[str]) -> Iterator[str]:
    with handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()

"""Files written whole or not at all, and true reasons for paths that cannot be read.

Every file newskg writes (graphs, reports, exports, kept query answers, cache entries)
goes through :class:`AtomicFile`: a temporary file in the same folder, renamed over the
target only once it is complete, so an interrupted write leaves the previous file
intact and a reader never sees half of one.

>>> import pathlib, tempfile
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_file(target, text=True) as out:
...     _ = out.write("whole")
>>> target.read_text()
'whole'
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from kg.errors import KgError, UsageError


def reason(exc: BaseException) -> str:
    """An OSError's reason without the path and errno (``Permission denied``)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__


class AtomicFile:
    """A file that appears at ``path`` complete, or not at all.

    ``open()`` creates the temporary file (mode 0666 less the umask, as ``open`` would);
    ``commit()`` flushes it (with ``durable``, to disk) and renames it over ``path``;
    ``discard()`` removes it. Failures to create or commit are ``error`` (a
    :class:`~kg.errors.KgError` class) with the message ``cannot write <path>: <reason>``.
    """

    def __init__(self, path: Path | str, *, text: bool = False, durable: bool = True,
                 error: type[KgError] = UsageError) -> None:
        self.path = Path(path)
        self.text = text
        self.durable = durable
        self.error = error
        self.handle: IO[Any] | None = None
        self._tmp: str | None = None

    def open(self) -> IO[Any]:
        umask = os.umask(0)
        os.umask(umask)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                             dir=self.path.parent)
        except OSError as exc:
            raise self.error(f"cannot write {self.path}: {reason(exc)}") from None
        os.fchmod(fd, 0o666 & ~umask)
        self.handle = (os.fdopen(fd, "w", encoding="utf-8", newline="") if self.text
                       else os.fdopen(fd, "wb"))
        return self.handle

    def commit(self) -> None:
        assert self.handle is not None and self._tmp is not None
        try:
            self.handle.flush()
            if self.durable:
                os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.discard()
            raise self.error(f"cannot write {self.path}: {reason(exc)}") from None
        self._tmp = None
        if self.durable:
            fsync_dir(self.path.parent)

    def discard(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
        if self._tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp)
            self._tmp = None


@contextlib.contextmanager
def atomic_file(path: Path | str, *, text: bool = False, durable: bool = True,
                error: type[KgError] = UsageError) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it over ``path`` on success.

    A file that cannot be written (a folder in the way, no permission, disk full) is an
    ``error`` naming ``path`` (:class:`~kg.errors.UsageError` by default); the temporary
    file is removed, and so it is when the body raises.
    """
    target = AtomicFile(path, text=text, durable=durable, error=error)
    handle = target.open()
    try:
        yield handle
    except OSError as exc:
        target.discard()
        raise error(f"cannot write {target.path}: {reason(exc)}") from None
    except BaseException:
        target.discard()
        raise
    target.commit()


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (best effort: not every system can)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove(path: Path) -> None:
    """Remove a file, a link or a folder tree; a missing one is fine."""
    with contextlib.suppress(FileNotFoundError):
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)


def missing_reason(path: Path | str) -> str:
    """Why ``path`` cannot be opened, in words: ``no such file or directory``, ``symbolic
    link loop``, ``broken symbolic link (to X)`` or the system's reason."""
    path = Path(path)
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno == errno.ENOENT:
            if path.is_symlink():
                return f"broken symbolic link (to {os.readlink(path)})"
            return "no such file or directory"
        return reason(exc)
    return "no such file or directory"

"""Versions of the embedded store and their crash-safe publication.

``store_dir`` (``build/store``) is a *symlink* to a versioned directory beside it
(``build/.store-<12 hex>``). A published version is never written again: every change
builds a new version, fills it, closes it, and swaps the symlink with one
``os.replace``. A ``kill -9`` at any moment therefore leaves ``store_dir`` pointing at a
complete store, old or new. Writers take a lock (``build/.store.lock``) so two of them
queue instead of racing; the next writer removes what interrupted ones left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.files import fsync_dir, reason, remove
from kg.results import RESULTS_SUFFIX

#: Beside a version, the digests of its graphs (see :func:`kg.store.replace_store`).
DIGESTS = ".graphs.json"
LOCK_TIMEOUT = 10.0


def cannot_write(store_dir: Path, exc: OSError) -> str:
    """``cannot write the store at S: its folder F/ is read-only (Permission denied)``:
    every version, the lock and the link live in the store's folder."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"cannot write the store at {store_dir}: its folder {store_dir.parent}/ is "
                f"read-only ({reason(exc)})")
    return f"cannot write the store at {store_dir}: {reason(exc)}"


def has_store(store_dir: Path) -> bool:
    """Something to keep at ``store_dir`` (an empty directory counts as no store)."""
    if store_dir.is_symlink():
        return store_dir.exists()
    return store_dir.is_dir() and any(store_dir.iterdir())


def _version_re(store_dir: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(store_dir.name)}-[0-9a-f]{{12}}(\.link|\.old|\.graphs\.json|\.results)?$")


def _new_version(store_dir: Path) -> Path:
    return store_dir.parent / f".{store_dir.name}-{secrets.token_hex(6)}"


def current_version(store_dir: Path) -> Path | None:
    """The versioned directory ``store_dir`` points to, if it is one of ours."""
    if not store_dir.is_symlink():
        return None
    target = Path(os.readlink(store_dir))
    if not target.is_absolute():
        target = store_dir.parent / target
    if target.parent.resolve() == store_dir.parent.resolve() and \
            _version_re(store_dir).match(target.name):
        return store_dir.parent / target.name
    return None


@contextlib.contextmanager
def writer_lock(store_dir: Path, timeout: float) -> Iterator[None]:
    import filelock

    try:
        store_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(cannot_write(store_dir, exc)) from None
    lock_path = store_dir.parent / f".{store_dir.name}.lock"
    lock = filelock.FileLock(str(lock_path), timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise StoreError(f"{store_dir} is being written by another process (lock {lock_path}); "
                         "try again when it has finished") from None
    except OSError as exc:
        raise StoreError(cannot_write(store_dir, exc)) from None
    try:
        _recover(store_dir)
        remove_stale(store_dir)
        yield
    finally:
        lock.release()


def _recover(store_dir: Path) -> None:
    """Undo a publication interrupted on a system without an atomic directory swap."""
    if store_dir.exists() or store_dir.is_symlink():
        return
    pattern = _version_re(store_dir)
    aside = sorted((p for p in store_dir.parent.iterdir()
                    if pattern.match(p.name) and p.name.endswith(".old")),
                   key=lambda p: p.stat().st_mtime)
    if aside:
        os.rename(aside[-1], store_dir)


def remove_stale(store_dir: Path) -> None:
    """Remove every version but the current one: those left by interrupted writers and the
    previous version kept for readers (we hold the lock: no writer is running)."""
    pattern = _version_re(store_dir)
    current = current_version(store_dir)
    keep = set() if current is None else {current.name, current.name + DIGESTS,
                                          current.name + RESULTS_SUFFIX}
    for path in store_dir.parent.iterdir():
        if pattern.match(path.name) and path.name not in keep:
            remove(path)



def build_and_publish(store_dir: Path, fill: Callable[[ox.Store], None], *,
                       base_on_current: bool, digests: Mapping[str, str] | None = None) -> None:
    """Build a new version (starting from a copy of the current one, or empty), let
    ``fill`` write into it, close it, and publish it, with ``digests`` of its graphs
    beside it when given. Caller holds the writer lock."""
    _check_target(store_dir)
    new = _new_version(store_dir)
    store: ox.Store | None = None
    try:
        if base_on_current and has_store(store_dir):
            _backup(store_dir, new)
        store = ox.Store(str(new))
        fill(store)
        store.flush()
        if not base_on_current:
            store.optimize()  # a fresh bulk load: compact once for queries
    except OSError as exc:
        store = None
        remove(new)
        raise StoreError(cannot_write(store_dir, exc)) from None
    except BaseException:
        store = None  # close RocksDB before removing its files (the traceback keeps this frame)
        remove(new)
        raise
    store = None  # closed: nothing writes into the version once it is published
    try:
        if digests is not None:  # written before the swap: a published version's digests are final
            (new.parent / (new.name + DIGESTS)).write_text(
                json.dumps(dict(sorted(digests.items())), separators=(",", ":")), encoding="utf-8")
        _publish(store_dir, new)
    except OSError as exc:
        remove(new)
        remove(new.parent / (new.name + DIGESTS))
        raise StoreError(f"cannot publish the store at {store_dir}: {reason(exc)}") from None
    except BaseException:
        remove(new)
        remove(new.parent / (new.name + DIGESTS))
        raise


def _check_target(store_dir: Path) -> None:
    """Refuse to put a store where something else lives: it would be replaced."""
    if store_dir.is_symlink() or not store_dir.exists():
        return
    if not store_dir.is_dir():
        raise StoreError(f"{store_dir} exists and is not a store directory")
    if any(store_dir.iterdir()) and not (store_dir / "CURRENT").is_file():
        raise StoreError(f"{store_dir} is a directory but not a store; give another path")


def _backup(store_dir: Path, target: Path) -> None:
    """Copy the current version to ``target`` (a RocksDB checkpoint: hard links, cheap)."""
    source = ox.Store.read_only(str(store_dir.resolve()))
    try:
        source.backup(str(target))
    finally:
        del source


def _publish(store_dir: Path, new: Path) -> None:
    """Point ``store_dir`` at ``new`` atomically, then remove the previous version."""
    parent = store_dir.parent
    _fsync_tree(new)
    link = parent / f"{new.name}.link"
    os.symlink(new.name, link)  # relative: the build folder can move
    if store_dir.is_symlink() or not store_dir.exists():
        old = current_version(store_dir)
        os.replace(link, store_dir)  # atomic
    elif store_dir.is_dir():
        # A real directory (e.g. written by the oxigraph CLI): swap it with the link in
        # one step where the system can; the link's name then holds the old directory.
        if _exchange(link, store_dir):
            old = link
        else:  # pragma: no cover - non-Linux fallback; _recover() closes the window
            old = parent / f"{new.name}.old"
            os.rename(store_dir, old)
            os.replace(link, store_dir)
    else:
        remove(link)
        raise StoreError(f"{store_dir} exists and is not a store directory")
    fsync_dir(parent)
    # The version the link named until now stays until the next writer starts (see
    # remove_stale): a reader that resolved the link just before the swap can still open
    # it. A replaced real directory is not reachable through the link: remove it now.
    if old is not None and (old.name.endswith((".link", ".old")) or not old.is_dir()):
        remove(old)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_tree(root: Path) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            with contextlib.suppress(OSError):
                fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        fsync_dir(Path(dirpath))

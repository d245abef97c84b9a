"""The embedded Oxigraph store (``build/store``): open a published version for reading,
replace it with a build's quads, load a file into it. Every change is a new version,
published atomically (:mod:`kg.store.versions`).
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.files import reason
from kg.store.scan import LoadResult, Progress, Scan, counting, is_article_graph
from kg.store.versions import (
    DIGESTS,
    LOCK_TIMEOUT,
    build_and_publish,
    current_version,
    has_store,
    writer_lock,
)


def open_store(store_dir: Path, read_only: bool = True) -> ox.Store:
    """Open the embedded store for queries.

    ``read_only=True`` (the default) is always safe: published versions are never
    written again. ``read_only=False`` opens the current version for writing *in place*,
    which bypasses the crash-safe publication; prefer :func:`load`.
    """
    path = _check_store_dir(store_dir)
    if not read_only:
        try:
            return ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {store_dir}: {reason(exc)}") from None
    # Open the version the link names, not the link: a build may publish a new version
    # meanwhile. If the link moved during the open, open again (the old version is kept
    # until the next writer starts, see _remove_stale).
    return _open_read_only(path, store_dir)[0]


def open_version(store_dir: Path) -> tuple[ox.Store, Path | None]:
    """Open the embedded store read-only, and say which published version was opened
    (None when ``store_dir`` is a plain directory, which may be written in place)."""
    return _open_read_only(_check_store_dir(store_dir), store_dir)


def _check_store_dir(store_dir: Path) -> Path:
    path = Path(store_dir)
    if not path.exists():
        raise StoreError(f"no store at {store_dir}: run `kg build` first")
    if not path.is_dir():
        raise StoreError(f"{store_dir} is not a store directory")
    if not (path / "CURRENT").exists():
        raise StoreError(f"{store_dir} is not an Oxigraph store (no CURRENT file): run `kg build` or `kg load` first")
    return path


def _open_read_only(path: Path, store_dir: Path) -> tuple[ox.Store, Path | None]:
    last: Exception | None = None
    for _ in range(5):
        version = current_version(path)
        target = path.resolve()
        try:
            store = ox.Store.read_only(str(target))
        except (OSError, RuntimeError) as exc:
            last = exc
            if path.resolve() != target:
                continue
            break
        if path.resolve() == target:
            ours = version is not None and version.resolve() == target
            return store, (version if ours else None)
        del store
    raise StoreError(f"cannot open the store at {store_dir}: {reason(last) if last else 'it kept changing'}")


def replace_store(store_dir: Path, quads: Iterable[ox.Quad], *,
                  graphs: Mapping[str, str] | None = None,
                  quads_of: Callable[[set[str]], Iterable[ox.Quad]] | None = None,
                  lock_timeout: float = LOCK_TIMEOUT) -> int:
    """Replace the embedded store at ``store_dir`` with ``quads``; return the quad count.

    The new store is bulk-loaded beside ``store_dir`` and published atomically (see the
    module docstring); if ``quads`` raises, the previous store stays as it was and the
    exception propagates. Memory stays flat: quads are consumed as a stream.

    With ``graphs`` (every named graph of ``quads`` → a digest of its content) and
    ``quads_of`` (the quads of some of those graphs), the version is remembered with its
    digests (``.store-<id>.graphs.json``), and the next such replacement of that version
    starts from a checkpoint of it and only drops and adds the graphs whose digest
    changed: adding one article to a big corpus moves that article's graph and the
    entities graph, not the whole store. Any other change to the store (``kg load``)
    leaves a version without digests, which the next replacement rebuilds in full.
    """
    store_dir = Path(store_dir)

    def fill(store: ox.Store) -> None:
        store.bulk_extend(quads)

    with writer_lock(store_dir, lock_timeout):
        previous = _read_digests(store_dir) if quads_of is not None else None
        if graphs is not None and quads_of is not None and previous is not None:
            stale = {g for g, d in previous.items() if graphs.get(g) != d}
            fresh = {g for g, d in graphs.items() if previous.get(g) != d}
            changes_little = 2 * (len(stale) + len(fresh)) < len(graphs)
        else:
            changes_little = False
        if changes_little:
            def update(store: ox.Store) -> None:
                for graph in sorted(stale):
                    node = ox.NamedNode(graph)
                    if store.contains_named_graph(node):
                        store.remove_graph(node)
                store.bulk_extend(quads_of(fresh))  # type: ignore[misc]

            build_and_publish(store_dir, update, base_on_current=True, digests=graphs)
        else:
            build_and_publish(store_dir, fill, base_on_current=False, digests=graphs)
        store = open_store(store_dir)
        try:
            return len(store)
        finally:
            del store



def article_graphs(store_dir: Path) -> set[str]:
    """The article graphs the store at ``store_dir`` holds (none when there is no store yet,
    or something there that is not a store: replacing it says so)."""
    store_dir = Path(store_dir)
    if not has_store(store_dir) or not (store_dir / "CURRENT").exists():
        return set()
    store = open_store(store_dir)
    try:
        return {g.value for g in store.named_graphs() if is_article_graph(g)}  # type: ignore[union-attr]
    finally:
        del store


def _read_digests(store_dir: Path) -> dict[str, str] | None:
    """The graph digests of the current version, if the build that made it left them."""
    current = current_version(store_dir)
    if current is None:
        return None
    try:
        data = json.loads((current.parent / (current.name + DIGESTS)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in data.items()):
        return None
    return data


def load_embedded(file: Path, scan: Scan, store_dir: Path, progress: Progress | None,
                   lock_timeout: float) -> LoadResult:
    """Copy-on-write load, all or nothing: a new version holding the current content minus
    the article graphs found in ``file``, plus ``file``'s quads; then publish it.

    Two ways to make that version, whichever moves fewer quads: a small load into a big
    store starts from a checkpoint of the current version (hard links) and removes the
    replaced graphs (≈ 1 s per 100k quads removed); a load about as big as the store
    re-bulk-loads the kept quads and the file into an empty version.
    """
    started = time.monotonic()
    replaced = {g for g in scan.counts if is_article_graph(g)}
    quads = counting(scan.quads(file), progress)

    with writer_lock(store_dir, lock_timeout):
        current = len(open_store(store_dir)) if has_store(store_dir) else 0
        if current and scan.total * 2 < current:
            def fill(store: ox.Store) -> None:
                for graph in replaced:
                    if store.contains_named_graph(graph):
                        store.remove_graph(graph)
                store.bulk_extend(quads)

            build_and_publish(store_dir, fill, base_on_current=True)
        else:
            def rebuild(store: ox.Store) -> None:
                old = open_store(store_dir) if current else None
                kept: Iterable[ox.Quad] = () if old is None else (
                    q for q in old.quads_for_pattern(None, None, None, None)
                    if q.graph_name not in replaced)
                try:
                    store.bulk_extend(itertools.chain(kept, quads))
                finally:
                    del old, kept

            build_and_publish(store_dir, rebuild, base_on_current=False)
    return LoadResult(Path(file), str(store_dir), scan.total, len(scan.counts),
                      seconds=time.monotonic() - started)


"""The embedded Oxigraph store and SPARQL 1.1 servers: load, replace, export.

Two kinds of target, one vocabulary of operations:

* **Embedded** (``build/store``, pyoxigraph on disk). ``store_dir`` is a *symlink* to a
  versioned directory beside it (``build/.store-<12 hex>``). A published version is
  never written again: every change (``replace_store`` from ``kg build``, ``load`` from
  ``kg load --store``) builds a new version, bulk-loads it, closes it, and swaps the
  symlink with one ``os.replace``. A ``kill -9`` at any moment therefore leaves
  ``store_dir`` pointing at a complete store, old or new, and readers
  (``open_store(read_only=True)``) never see a half-written one. Writers take a lock
  (``build/.store.lock``) so two of them queue instead of racing.
* **Remote** (:class:`Endpoint`): SPARQL 1.1 Graph Store HTTP Protocol (default) or
  SPARQL 1.1 Update. Article graphs (``<base>graph/article/<id>``) are *replaced* as a
  whole (GSP ``PUT``, or ``DROP`` + ``INSERT DATA`` in one update request), every other
  graph (entities, the default graph) is *merged* (GSP ``POST`` / ``INSERT DATA``); all
  requests are idempotent, so a failed load is completed by running it again.

Library code: raises :mod:`kg.errors` with one-line messages (passwords never appear in
them), never prints or exits.

>>> import tempfile, pathlib
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = (tmp / "g.trig").write_text(
...     '<https://w3id.org/newskg/id/graph/article/a1> {'
...     ' <https://w3id.org/newskg/id/article/a1> <http://purl.org/dc/terms/title> "T" . }')
>>> load(tmp / "g.trig", store_dir=tmp / "store").quads
1
>>> len(open_store(tmp / "store"))
1
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import itertools
import json
import netrc
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import InputError, StoreError, UsageError
from kg.prefixes import PREFIXES
from kg.write import FORMATS, Format, format_for

if TYPE_CHECKING:  # pragma: no cover
    import requests

__all__ = [
    "FORMATS",
    "Endpoint",
    "LoadResult",
    "PartialLoad",
    "QueryResponse",
    "export",
    "format_for",
    "is_article_graph",
    "load",
    "open_store",
    "replace_store",
]

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
Progress = Callable[[int], None]

#: Most triples sent in one request (a bigger graph is split; see :func:`load`).
DEFAULT_BATCH = 50_000


# --------------------------------------------------------------------------- formats


RdfFileFormat = Format  # the one registry of file formats lives in kg.write


def is_article_graph(graph: Graph | str) -> bool:
    """True for an article's named graph (``<base>graph/article/<id>``), which a load
    *replaces*; every other graph (entities, the default graph) is *merged*."""
    iri = graph if isinstance(graph, str) else getattr(graph, "value", None)
    return isinstance(iri, str) and "/graph/article/" in iri


def _graph_name(graph: Graph) -> str:
    if isinstance(graph, ox.DefaultGraph):
        return "the default graph"
    return str(graph)  # <iri> or _:id


# --------------------------------------------------------------------------- parsing


def _parse(file: Path, fmt: RdfFileFormat) -> Iterator[ox.Quad]:
    """Stream the quads of ``file``; syntax errors become :class:`InputError` with line/column."""
    try:
        yield from ox.parse(path=str(file), format=fmt.rdf_format)
    except SyntaxError as exc:
        raise InputError(_syntax_message(file, exc)) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{file}: not valid {fmt.suffix} ({exc})") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror or exc})") from None


def _syntax_message(file: Path, exc: SyntaxError) -> str:
    text = str(exc.msg if exc.msg else exc)
    reason = text.split(": ", 1)[1] if text.startswith("Parser error") and ": " in text else text
    if exc.lineno:
        return f"{file}: syntax error at line {exc.lineno}, column {exc.offset or 0}: {reason}"
    return f"{file}: syntax error: {reason}"


@dataclass
class _Scan:
    """What one streaming pass over a file found (memory: one entry per graph)."""

    fmt: RdfFileFormat
    counts: dict[Graph, int]  # in order of first appearance
    contiguous: bool  # each graph's quads form one run (no need to regroup)
    bnode_graphs: set[Graph]  # graphs holding blank nodes: never split across requests

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _scan(file: Path) -> _Scan:
    """Validate ``file`` completely before anything is written anywhere."""
    fmt = format_for(file)
    if not Path(file).is_file():
        raise InputError(f"{file}: no such file")
    counts: dict[Graph, int] = {}
    bnodes: set[Graph] = set()
    contiguous = True
    current: Graph | None = None
    for quad in _parse(file, fmt):
        graph = quad.graph_name
        if graph != current:
            if graph in counts:
                contiguous = False
            current = graph
            counts.setdefault(graph, 0)
        counts[graph] += 1
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            bnodes.add(graph)
    return _Scan(fmt, counts, contiguous, bnodes)


def _counting(quads: Iterable[ox.Quad], progress: Progress | None, every: int = 10_000
              ) -> Iterator[ox.Quad]:
    if progress is None:
        yield from quads
        return
    pending = 0
    for quad in quads:
        yield quad
        pending += 1
        if pending == every:
            progress(pending)
            pending = 0
    if pending:
        progress(pending)


# ----------------------------------------------------------------- results, errors


@dataclass(frozen=True)
class LoadResult:
    """What a load did. ``summary()`` is the one line ``kg load`` prints."""

    source: Path
    target: str
    quads: int
    graphs: int
    graphs_failed: int = 0
    requests: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        via = f" in {self.requests} requests" if self.requests else ""
        return (f"loaded {self.quads} quads in {self.graphs} graphs from {self.source} "
                f"into {self.target}{via} ({self.seconds:.1f} s)")


class PartialLoad(StoreError):
    """A remote load stopped midway. Every graph in ``loaded`` is complete on the server;
    the others (``pending``, starting with ``failed``) are not; a rerun completes them."""

    def __init__(self, message: str, *, loaded: list[str], failed: str, pending: list[str],
                 partly_written: bool):
        super().__init__(message)
        self.loaded = loaded
        self.failed = failed
        self.pending = pending
        self.partly_written = partly_written


class AuthError(StoreError):
    """The server refused our credentials (HTTP 401 or 403)."""


# ------------------------------------------------------------------ embedded store

_LOCK_TIMEOUT = 10.0


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
            raise StoreError(f"cannot open the store at {store_dir}: {_oneline(exc)}") from None
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
    raise StoreError(f"cannot open the store at {store_dir}: {_oneline(last) if last else 'it kept changing'}")


def replace_store(store_dir: Path, quads: Iterable[ox.Quad], *,
                  graphs: Mapping[str, str] | None = None,
                  quads_of: Callable[[set[str]], Iterable[ox.Quad]] | None = None,
                  lock_timeout: float = _LOCK_TIMEOUT) -> int:
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

    with _writer_lock(store_dir, lock_timeout):
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

            _build_and_publish(store_dir, update, base_on_current=True, digests=graphs)
        else:
            _build_and_publish(store_dir, fill, base_on_current=False, digests=graphs)
        store = open_store(store_dir)
        try:
            return len(store)
        finally:
            del store


_DIGESTS = ".graphs.json"
RESULTS_SUFFIX = ".results"  # kg.results: rendered query output of that version


def _read_digests(store_dir: Path) -> dict[str, str] | None:
    """The graph digests of the current version, if the build that made it left them."""
    current = current_version(store_dir)
    if current is None:
        return None
    try:
        data = json.loads((current.parent / (current.name + _DIGESTS)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in data.items()):
        return None
    return data


def _load_embedded(file: Path, scan: _Scan, store_dir: Path, progress: Progress | None,
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
    quads = _counting(_parse(file, scan.fmt), progress)

    with _writer_lock(store_dir, lock_timeout):
        current = len(open_store(store_dir)) if _has_store(store_dir) else 0
        if current and scan.total * 2 < current:
            def fill(store: ox.Store) -> None:
                for graph in replaced:
                    if store.contains_named_graph(graph):
                        store.remove_graph(graph)
                store.bulk_extend(quads)

            _build_and_publish(store_dir, fill, base_on_current=True)
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

            _build_and_publish(store_dir, rebuild, base_on_current=False)
    return LoadResult(Path(file), str(store_dir), scan.total, len(scan.counts),
                      seconds=time.monotonic() - started)


def _has_store(store_dir: Path) -> bool:
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
def _writer_lock(store_dir: Path, timeout: float) -> Iterator[None]:
    import filelock

    try:
        store_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {store_dir.parent}: {_oneline(exc)}") from None
    lock_path = store_dir.parent / f".{store_dir.name}.lock"
    lock = filelock.FileLock(str(lock_path), timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise StoreError(f"{store_dir} is being written by another process (lock {lock_path}); "
                         "try again when it has finished") from None
    except OSError as exc:
        raise StoreError(f"cannot lock {lock_path}: {_oneline(exc)}") from None
    try:
        _recover(store_dir)
        _remove_stale(store_dir)
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


def _remove_stale(store_dir: Path) -> None:
    """Remove every version but the current one: those left by interrupted writers and the
    previous version kept for readers (we hold the lock: no writer is running)."""
    pattern = _version_re(store_dir)
    current = current_version(store_dir)
    keep = set() if current is None else {current.name, current.name + _DIGESTS,
                                          current.name + RESULTS_SUFFIX}
    for path in store_dir.parent.iterdir():
        if pattern.match(path.name) and path.name not in keep:
            _remove(path)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)


def _build_and_publish(store_dir: Path, fill: Callable[[ox.Store], None], *,
                       base_on_current: bool, digests: Mapping[str, str] | None = None) -> None:
    """Build a new version (starting from a copy of the current one, or empty), let
    ``fill`` write into it, close it, and publish it, with ``digests`` of its graphs
    beside it when given. Caller holds the writer lock."""
    _check_target(store_dir)
    new = _new_version(store_dir)
    store: ox.Store | None = None
    try:
        if base_on_current and _has_store(store_dir):
            _backup(store_dir, new)
        store = ox.Store(str(new))
        fill(store)
        store.flush()
        if not base_on_current:
            store.optimize()  # a fresh bulk load: compact once for queries
    except OSError as exc:
        store = None
        _remove(new)
        raise StoreError(f"cannot write the store at {store_dir}: {_oneline(exc)}") from None
    except BaseException:
        store = None  # close RocksDB before removing its files (the traceback keeps this frame)
        _remove(new)
        raise
    store = None  # closed: nothing writes into the version once it is published
    try:
        if digests is not None:  # written before the swap: a published version's digests are final
            (new.parent / (new.name + _DIGESTS)).write_text(
                json.dumps(dict(sorted(digests.items())), separators=(",", ":")), encoding="utf-8")
        _publish(store_dir, new)
    except OSError as exc:
        _remove(new)
        _remove(new.parent / (new.name + _DIGESTS))
        raise StoreError(f"cannot publish the store at {store_dir}: {_oneline(exc)}") from None
    except BaseException:
        _remove(new)
        _remove(new.parent / (new.name + _DIGESTS))
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
    source = open_store(store_dir)
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
        _remove(link)
        raise StoreError(f"{store_dir} exists and is not a store directory")
    _fsync_dir(parent)
    # The version the link named until now stays until the next writer starts (see
    # _remove_stale): a reader that resolved the link just before the swap can still open
    # it. A replaced real directory is not reachable through the link: remove it now.
    if old is not None and (old.name.endswith((".link", ".old")) or not old.is_dir()):
        _remove(old)


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
        _fsync_dir(Path(dirpath))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _oneline(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# ------------------------------------------------------------------------ endpoint

SERVERS = ("generic", "oxigraph", "fuseki", "graphdb")


def _strip_userinfo(url: str) -> tuple[str, str | None, str | None]:
    """``http://u:p@host/x`` -> (``http://host/x``, u, p)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {_redact(url)}")
    if "@" not in parts.netloc:
        return url, None, None
    from urllib.parse import unquote

    host = parts.netloc.rsplit("@", 1)[1]
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    return urlunsplit(parts._replace(netloc=host)), user, password


_USERINFO = re.compile(r"(?<=://)([^/@\s:]*):[^/@\s]*@")


def _redact(text: str, secret: str | None = None) -> str:
    """Hide ``user:password@`` in URLs, and ``secret`` wherever it appears."""
    text = _USERINFO.sub(r"\1:***@", text)
    if secret:
        text = text.replace(secret, "***")
    return text


def _join(base: str, *segments: str) -> str:
    return "/".join([base.rstrip("/"), *segments])


def _derive(url: str, server: str) -> tuple[str, str, str, str]:
    """(layout, graph store URL, query URL, update URL) for ``url`` and ``server``.

    See :meth:`Endpoint.from_options` for the rules.
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    origin = urlunsplit(parts._replace(path="", query="", fragment=""))

    def at(p: str) -> str:
        return urlunsplit(parts._replace(path=p, query="", fragment=""))

    def oxigraph(base: str) -> tuple[str, str, str, str]:
        return "oxigraph", _join(base, "store"), _join(base, "query"), _join(base, "update")

    def fuseki(dataset: str, query: str | None = None) -> tuple[str, str, str, str]:
        return ("fuseki", _join(dataset, "data"), query or _join(dataset, "query"),
                _join(dataset, "update"))

    def graphdb(repo: str) -> tuple[str, str, str, str]:
        return "graphdb", _join(repo, "rdf-graphs", "service"), repo, _join(repo, "statements")

    repo = re.match(r"^(.*/repositories/[^/]+)(/statements|/rdf-graphs/service)?$", path)
    if server == "oxigraph":
        return oxigraph(at(path.rsplit("/", 1)[0]) if last in ("store", "query", "update")
                        else at(path))
    if server == "fuseki":
        if last in ("data", "query", "sparql", "update", "get") and len(segments) > 1:
            return fuseki(at(path.rsplit("/", 1)[0]))
        return fuseki(at(path))
    if server == "graphdb":
        if not repo:
            raise UsageError(f"a GraphDB URL ends in /repositories/<id>, not {_redact(url)}")
        return graphdb(at(repo.group(1)))
    # generic: guess from the shape of the URL
    if not segments or (len(segments) == 1 and last in ("store", "query", "update")):
        return oxigraph(origin)
    if repo:
        return graphdb(at(repo.group(1)))
    if len(segments) > 1 and last in ("query", "sparql", "update", "data", "get"):
        dataset = at(path.rsplit("/", 1)[0])
        return fuseki(dataset, query=at(path) if last in ("query", "sparql") else None)
    whole = at(path)
    return "generic", whole, whole, whole


@dataclass
class QueryResponse:
    """A SPARQL result from a server: ``content`` (bytes) and ``content_type``; stream
    large results with ``iter_bytes()``. Use as a context manager, or read ``content``."""

    content_type: str
    _response: Any = field(repr=False)
    _redact: Callable[[str], str] = field(repr=False)

    @property
    def content(self) -> bytes:
        return b"".join(self.iter_bytes())

    def iter_bytes(self, chunk_size: int = 1 << 16) -> Iterator[bytes]:
        import requests

        try:
            yield from self._response.iter_content(chunk_size)
        except requests.RequestException as exc:
            raise StoreError(self._redact(f"the server broke off the result: {_reason(exc)}")
                             ) from None
        finally:
            self._response.close()

    def close(self) -> None:
        self._response.close()

    def __enter__(self) -> QueryResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Endpoint:
    """A SPARQL 1.1 server: Graph Store Protocol, query and update URLs, credentials.

    Build one with :meth:`from_options`. The password is never shown: not in ``repr``,
    not in error messages (URLs are printed without their user info).
    """

    graph_store: str | None
    query_url: str | None
    update_url: str | None
    layout: str = "generic"
    user: str | None = None
    password: str | None = field(default=None, repr=False, compare=False)
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    _session: Any = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_options(cls, url: str | None, *, server: str = "generic",
                     graph_store: str | None = None, query_url: str | None = None,
                     update_url: str | None = None, user: str | None = None,
                     password_env: str = "KG_PASSWORD", timeout: float = 30.0,
                     retries: int = 3, backoff: float = 0.5) -> Endpoint:
        """Derive the three URLs from ``url`` and ``server``; explicit URLs win.

        =========  ===========================  ======================  ==========================
        server     ``url``                      graph store / query     update
        =========  ===========================  ======================  ==========================
        oxigraph   ``http://h:7878``            ``/store``, ``/query``  ``/update``
        fuseki     ``http://h:3030/ds``         ``/ds/data``,           ``/ds/update``
                                                ``/ds/query``
        graphdb    ``http://h:7200/             ``REPO/rdf-graphs/      ``REPO/statements``
                   repositories/REPO``          service``, ``REPO``
        =========  ===========================  ======================  ==========================

        ``generic`` (the default) guesses from the URL's path: empty, or just ``/store``,
        ``/query`` or ``/update`` -> Oxigraph; ending in ``/repositories/<id>`` -> GraphDB
        (and RDF4J); ``.../<ds>/query|sparql|update|data|get`` -> Fuseki dataset ``<ds>``
        (a ``query``/``sparql`` URL stays the query URL); anything else -> the URL itself
        for all three (what a Fuseki dataset URL accepts).

        Credentials: ``user`` (or ``http://user:password@host/`` in a URL); the password
        from the environment variable ``password_env``, else from ``~/.netrc``. Without
        a user, requests still applies ``~/.netrc`` for the host.

        >>> e = Endpoint.from_options("http://localhost:3030/ds", server="fuseki")
        >>> e.graph_store, e.query_url, e.update_url
        ('http://localhost:3030/ds/data', 'http://localhost:3030/ds/query', \
'http://localhost:3030/ds/update')
        >>> Endpoint.from_options("http://localhost:7878").graph_store
        'http://localhost:7878/store'
        """
        if server not in SERVERS:
            raise UsageError(f"unknown server kind {server!r} (use one of {', '.join(SERVERS)})")
        if timeout is not None and timeout <= 0:
            raise UsageError("--timeout must be positive")
        if retries < 0:
            raise UsageError("--retries must be 0 or more")
        found_user: str | None = None
        found_password: str | None = None

        def clean(value: str | None) -> str | None:
            nonlocal found_user, found_password
            if value is None:
                return None
            stripped, u, p = _strip_userinfo(value)
            if u and found_user is None:
                found_user, found_password = u, p
            return stripped

        base = clean(url)
        explicit = [clean(graph_store), clean(query_url), clean(update_url)]
        layout, gsp, query, update = (_derive(base, server) if base
                                      else ("generic", None, None, None))  # type: ignore[assignment]
        gsp, query, update = (explicit[0] or gsp, explicit[1] or query, explicit[2] or update)
        if not (gsp or query or update):
            raise UsageError("no server URL: give --endpoint (or --graph-store/--query/--update)")
        user = user or found_user
        password = found_password if (found_user and user == found_user) else None
        if user and password is None:
            password = os.environ.get(password_env) or None
        if user and password is None:
            password = _netrc_password(gsp or query or update or "", user)
            if password is None:
                host = urlsplit(gsp or query or update or "").hostname
                raise UsageError(f"no password for user {user}: set ${password_env} or add "
                                 f"'machine {host} login {user} password ...' to ~/.netrc")
        return cls(gsp, query, update, layout=layout, user=user, password=password,
                   timeout=timeout, retries=retries, backoff=backoff)

    # -- plumbing

    def __str__(self) -> str:
        return self.graph_store or self.query_url or self.update_url or "?"

    def _hide(self, text: str) -> str:
        return _redact(text, self.password)

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            import requests

            session = requests.Session()
            if self.user is not None:
                session.auth = (self.user, self.password or "")
            session.headers["User-Agent"] = "newskg"
            self._session = session
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def _request(self, method: str, url: str | None, what: str, *,
                 params: dict[str, str] | None = None, query: str = "", data: bytes | None = None,
                 headers: dict[str, str] | None = None, stream: bool = False,
                 timeout: float | None = None, missing_ok: bool = False) -> requests.Response:
        """Send with bounded retries: exponential backoff on connection errors, timeouts and
        5xx; none on 4xx (401/403 -> :class:`AuthError`). Every request we send is
        idempotent (PUT, merge POST, DROP+INSERT), so a retry never duplicates data."""
        import requests

        if not url:
            raise UsageError(f"no {what} URL for this server: give it with --{what}")
        full = url + (("&" if "?" in url else "?") + query if query else "")
        shown = self._hide(url)
        attempts = self.retries + 1
        failure = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(min(self.backoff * 2 ** (attempt - 1), 30.0))
            try:
                response = self.session.request(
                    method, full, params=params, data=data, headers=headers, stream=stream,
                    timeout=timeout or self.timeout)
            except requests.Timeout:
                failure = f"no answer within {timeout or self.timeout:g} s"
                continue
            except requests.ConnectionError as exc:
                failure = f"cannot connect ({_reason(exc)})"
                continue
            except requests.RequestException as exc:
                raise StoreError(self._hide(f"{method} {shown}: {_reason(exc)}")) from None
            status = response.status_code
            if status in (401, 403):
                response.close()
                raise AuthError(f"authentication failed for {shown} (HTTP {status})")
            if status >= 500:
                failure = f"HTTP {status} {response.reason or ''}".rstrip() + _snippet(response)
                response.close()
                continue
            if status == 404 and missing_ok:
                response.close()
                return None  # type: ignore[return-value]
            if status >= 400:
                hint = (" (is this the right URL? see --server, --graph-store, --query, --update)"
                        if status in (404, 405) else "")
                message = f"{method} {shown}: HTTP {status} {response.reason or ''}".rstrip()
                message += _snippet(response) + hint
                response.close()
                raise StoreError(self._hide(message))
            return response
        raise StoreError(self._hide(f"{method} {shown}: {failure} (gave up after {attempts} "
                                    f"attempt{'s' if attempts > 1 else ''})"))

    @staticmethod
    def _graph_query(graph: Graph | str | None) -> str:
        from urllib.parse import quote

        if graph is None or isinstance(graph, ox.DefaultGraph):
            return "default"
        iri = graph if isinstance(graph, str) else graph.value
        if isinstance(graph, ox.BlankNode):
            raise InputError(f"graph {graph} is a blank node: a server cannot address it")
        return "graph=" + quote(iri, safe="")

    # -- Graph Store Protocol

    def put_graph(self, graph: Graph | str | None, ntriples: bytes) -> None:
        """Replace ``graph`` (``None``: the default graph) with N-Triples ``ntriples``."""
        self._request("PUT", self.graph_store, "graph-store", query=self._graph_query(graph),
                      data=ntriples, headers={"Content-Type": "application/n-triples"}).close()

    def post_graph(self, graph: Graph | str | None, ntriples: bytes) -> None:
        """Merge N-Triples ``ntriples`` into ``graph``."""
        self._request("POST", self.graph_store, "graph-store", query=self._graph_query(graph),
                      data=ntriples, headers={"Content-Type": "application/n-triples"}).close()

    def get_graph(self, graph: Graph | str | None) -> Iterator[ox.Triple]:
        """Stream the triples of ``graph`` (empty when the server does not know it)."""
        response = self._request(
            "GET", self.graph_store, "graph-store", query=self._graph_query(graph),
            headers={"Accept": "application/n-triples"}, stream=True, missing_ok=True)
        if response is None:
            return
        yield from self._parse_response(response, ox.RdfFormat.N_TRIPLES)

    def _parse_response(self, response: requests.Response, default: ox.RdfFormat
                        ) -> Iterator[Any]:
        import requests
        import urllib3

        try:
            media = response.headers.get("Content-Type", "").split(";")[0].strip()
            fmt = (ox.RdfFormat.from_media_type(media) if media else None) or default
            response.raw.decode_content = True
            yield from ox.parse(input=response.raw, format=fmt)
        except SyntaxError as exc:
            raise StoreError(self._hide(f"the server sent invalid RDF: {exc}")) from None
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise StoreError(self._hide(f"the server broke off the download: {_reason(exc)}")
                             ) from None
        finally:
            response.close()

    def dataset(self) -> Iterator[ox.Quad]:
        """Every quad on the server: the default graph, then each named graph.

        Named graphs are listed with ``SELECT DISTINCT ?g WHERE { GRAPH ?g {} }`` and
        fetched one GSP ``GET`` each; an Oxigraph server gives the whole dataset in one
        ``GET`` (N-Quads).
        """
        if self.layout == "oxigraph":
            response = self._request("GET", self.graph_store, "graph-store",
                                     headers={"Accept": "application/n-quads"}, stream=True)
            yield from self._parse_response(response, ox.RdfFormat.N_QUADS)
            return
        for triple in self.get_graph(None):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph())
        for iri in self.named_graphs():
            graph = ox.NamedNode(iri)
            for triple in self.get_graph(graph):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)

    # -- SPARQL

    def query(self, sparql: str, accept: str = "application/sparql-results+json", *,
              timeout: float | None = None) -> QueryResponse:
        """POST ``sparql`` (``application/sparql-query``); the result is streamed."""
        response = self._request(
            "POST", self.query_url, "query", data=sparql.encode("utf-8"), stream=True,
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
            timeout=timeout)
        return QueryResponse(response.headers.get("Content-Type", ""), response, self._hide)

    def update(self, sparql: str) -> None:
        """POST a SPARQL 1.1 Update (one transaction on Oxigraph, Fuseki and GraphDB)."""
        self._request("POST", self.update_url, "update", data=sparql.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-update"}).close()

    def named_graphs(self) -> list[str]:
        """IRIs of the server's named graphs."""
        import json

        with self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }") as result:
            try:
                rows = json.loads(result.content)["results"]["bindings"]
            except (ValueError, KeyError, TypeError):
                raise StoreError(f"{self._hide(self.query_url or '')}: not a SPARQL JSON "
                                 "result") from None
        return [row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"]

    def count(self) -> int:
        """Number of quads on the server (default graph plus named graphs)."""
        import json

        sparql = ("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                  "{ GRAPH ?g { ?s ?p ?o } } }")
        with self.query(sparql) as result:
            return int(json.loads(result.content)["results"]["bindings"][0]["n"]["value"])


def _netrc_password(url: str, user: str) -> str | None:
    host = urlsplit(url).hostname
    try:
        entry = netrc.netrc().authenticators(host) if host else None
    except (OSError, netrc.NetrcParseError):
        return None
    if entry and (not entry[0] or entry[0] == user):
        return entry[2]
    return None


def _reason(exc: BaseException) -> str:
    """A short reason for a requests/urllib3 error (they nest long reprs)."""
    text = str(exc)
    for pattern in (r"\[Errno -?\d+\] ([^'\")\]]+)", r"RemoteDisconnected\('([^']+)'",
                    r"(Connection (?:aborted|reset|refused)[^'\")]*)", r"(Read timed out)"):
        match = re.search(pattern, text)
        if match:
            return match.group(1).strip().rstrip(".")
    return " ".join(text.split())[:200] or type(exc).__name__


def _snippet(response: requests.Response) -> str:
    try:
        text = response.text
    except Exception:  # noqa: BLE001 - a body we cannot read is no reason to fail differently
        return ""
    first = " ".join(text.strip().split())[:200]
    return f": {first}" if first else ""


# ------------------------------------------------------------------ remote loading


@dataclass
class _Piece:
    """Some triples of one graph, sent in one request."""

    graph: Graph
    triples: list[ox.Triple]
    first: bool  # the graph's first piece: it carries the replace (PUT / DROP)
    replace: bool


@dataclass
class _Request:
    pieces: list[_Piece]
    completed: list[Graph]  # graphs whose last piece is in this request

    @property
    def size(self) -> int:
        return sum(len(p.triples) for p in self.pieces)


def _batches(groups: Iterable[tuple[Graph, Iterable[ox.Triple]]], limit: int, *,
             one_graph_per_request: bool, unsplittable: set[Graph]) -> Iterator[_Request]:
    """Pack graphs into requests of at most ``limit`` triples.

    A graph larger than ``limit`` is split into several requests (its first piece replaces,
    the rest merge) unless it holds blank nodes, whose labels only mean something within
    one request. Memory: one request's triples.
    """
    pieces: list[_Piece] = []
    done: list[Graph] = []
    size = 0
    for graph, triples in groups:
        if one_graph_per_request and pieces:
            yield _Request(pieces, done)
            pieces, done, size = [], [], 0
        piece = _Piece(graph, [], first=True, replace=is_article_graph(graph))
        for triple in triples:
            if size >= limit and (not piece.triples or graph not in unsplittable):
                if piece.triples:
                    pieces.append(piece)
                    piece = _Piece(graph, [], first=False, replace=piece.replace)
                if pieces:
                    yield _Request(pieces, done)
                pieces, done, size = [], [], 0
            piece.triples.append(triple)
            size += 1
        if piece.triples:
            pieces.append(piece)
            done.append(graph)
    if pieces:
        yield _Request(pieces, done)


@contextlib.contextmanager
def _grouped(file: Path, scan: _Scan, order: list[Graph]
             ) -> Iterator[Iterator[tuple[Graph, Iterator[ox.Triple]]]]:
    """The file's triples graph by graph, merged graphs first.

    A file whose graphs each form one run (what newskg and pyoxigraph write) is streamed:
    one parse per phase, memory flat. Otherwise the quads are first bulk-loaded into a
    temporary on-disk Oxigraph store (memory flat too; disk ≈ the file's size).
    """
    merged = {g for g in order if not is_article_graph(g)}
    replaced = set(order) - merged
    if scan.contiguous:
        def stream() -> Iterator[tuple[Graph, Iterator[ox.Triple]]]:
            for phase in (merged, replaced):
                if not phase:
                    continue
                wanted = (q for q in _parse(file, scan.fmt) if q.graph_name in phase)
                for graph, quads in itertools.groupby(wanted, key=lambda q: q.graph_name):
                    yield graph, (q.triple for q in quads)
        yield stream()
        return
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        staging: ox.Store | None = ox.Store(str(Path(tmp) / "store"))
        try:
            assert staging is not None
            staging.bulk_load(path=str(file), format=scan.fmt.rdf_format)
            store = staging

            def from_store() -> Iterator[tuple[Graph, Iterator[ox.Triple]]]:
                for graph in [g for g in order if g in merged] + \
                             [g for g in order if g in replaced]:
                    yield graph, (q.triple for q in
                                  store.quads_for_pattern(None, None, None, graph))
            yield from_store()
        finally:
            staging = None
            store = None  # noqa: F841 - close RocksDB before the directory goes


def _request_body(request: _Request, protocol: str) -> bytes:
    if protocol == "gsp":
        (piece,) = request.pieces
        return ox.serialize(piece.triples, format=ox.RdfFormat.N_TRIPLES)
    parts = []
    for piece in request.pieces:
        body = ox.serialize(piece.triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        if isinstance(piece.graph, ox.DefaultGraph):
            parts.append(f"INSERT DATA {{\n{body}}}")
            continue
        if piece.replace and piece.first:
            parts.append(f"DROP SILENT GRAPH {piece.graph}")
        parts.append(f"INSERT DATA {{ GRAPH {piece.graph} {{\n{body}}} }}")
    return " ;\n".join(parts).encode("utf-8")


def _load_remote(file: Path, scan: _Scan, endpoint: Endpoint, progress: Progress | None,
                 protocol: str, batch_size: int) -> LoadResult:
    """Send ``file`` to ``endpoint``; see :func:`load`."""
    started = time.monotonic()
    for graph in scan.counts:
        if isinstance(graph, ox.BlankNode):
            raise InputError(f"{file}: graph {graph} is a blank node; a server cannot address it")
    order = list(scan.counts)
    loaded: list[Graph] = []
    requests_sent = 0
    with _grouped(file, scan, order) as groups:
        batches = _batches(groups, batch_size, one_graph_per_request=protocol == "gsp",
                           unsplittable=scan.bnode_graphs)
        for request in batches:
            try:
                if protocol == "gsp":
                    piece = request.pieces[0]
                    body = _request_body(request, protocol)
                    target = None if isinstance(piece.graph, ox.DefaultGraph) else piece.graph
                    if piece.replace and piece.first:
                        endpoint.put_graph(target, body)
                    else:
                        endpoint.post_graph(target, body)
                else:
                    endpoint.update(_request_body(request, protocol).decode("utf-8"))
            except StoreError as exc:
                if isinstance(exc, AuthError) and not loaded:
                    raise
                failed = request.pieces[0]
                partly = not failed.first and failed.replace
                done = set(loaded)
                pending = [_graph_name(g) for g in order if g not in done]
                message = (f"loaded {len(loaded)} of {len(order)} graphs; failed at "
                           f"{_graph_name(failed.graph)}: {exc}; rerun to complete")
                if partly:
                    message += f" ({_graph_name(failed.graph)} stays partly written until then)"
                raise PartialLoad(endpoint._hide(message), loaded=[_graph_name(g) for g in loaded],
                                  failed=_graph_name(failed.graph), pending=pending,
                                  partly_written=partly) from None
            requests_sent += 1
            loaded.extend(request.completed)
            if progress is not None:
                progress(request.size)
    target = (endpoint.update_url if protocol == "update" else endpoint.graph_store) or ""
    return LoadResult(Path(file), endpoint._hide(target), scan.total, len(loaded),
                      requests=requests_sent, seconds=time.monotonic() - started)


# ------------------------------------------------------------------------- load


def load(file: Path, *, store_dir: Path | None = None, endpoint: Endpoint | None = None,
         progress: Progress | None = None, on_total: Callable[[int], None] | None = None,
         protocol: str = "gsp", batch_size: int = DEFAULT_BATCH,
         lock_timeout: float = _LOCK_TIMEOUT) -> LoadResult:
    """Load a graph file (format from its suffix) into an embedded store or a server.

    The file is parsed completely first (syntax errors: :class:`InputError` with line and
    column, nothing written). Triples of ``.ttl``/``.nt`` files go to the default graph;
    ``.trig``/``.nq`` keep their graph names. Article graphs in the file *replace* the
    stored ones; every other graph is merged. Loading the same file twice leaves the
    same triples.

    * ``store_dir``: all or nothing (copy-on-write, published atomically). Memory flat.
    * ``endpoint``: ``protocol="gsp"`` sends one GSP ``PUT ?graph=`` per article graph
      (a ``POST`` per ≤ ``batch_size`` triples of merged graphs); ``protocol="update"``
      packs several whole graphs into one SPARQL Update of ≤ ``batch_size`` triples
      (``DROP SILENT GRAPH`` + ``INSERT DATA``: atomic per request; ~2x faster on
      Oxigraph). An article graph larger than ``batch_size`` is replaced by its first
      request and completed by the next ones: it is the one case where a failure leaves
      a graph partly written (reported; a rerun replaces it). On failure a
      :class:`PartialLoad` names the graphs loaded and the one it failed at.

    ``progress(n)`` is called with the number of quads just loaded; ``on_total(n)`` once
    with the file's quad count.
    """
    if (store_dir is None) == (endpoint is None):
        raise UsageError("give exactly one of store_dir or endpoint")
    if protocol not in ("gsp", "update"):
        raise UsageError(f"unknown protocol {protocol!r} (use gsp or update)")
    if batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    scan = _scan(Path(file))
    if on_total is not None:
        on_total(scan.total)
    if store_dir is not None:
        return _load_embedded(Path(file), scan, Path(store_dir), progress, lock_timeout)
    assert endpoint is not None
    return _load_remote(Path(file), scan, endpoint, progress, protocol, batch_size)


# ----------------------------------------------------------------------- export


def export(source: Path | Endpoint, output: Path) -> int:
    """Write a store's or a server's content to ``output`` (format from its suffix).

    ``.trig``/``.nq`` keep the named graphs; ``.ttl``/``.nt``/``.jsonld`` get the
    de-duplicated union of all graphs. Written to a temporary file beside ``output`` and
    renamed, so ``output`` is never half-written. Returns the number of quads (dataset
    formats) or triples (graph formats) written.

    Memory: dataset formats stream (flat). The union of a store with named graphs is a
    SPARQL ``CONSTRUCT`` whose de-duplication keeps a set of the distinct triples in
    memory; from a server, the triples are first copied into a temporary on-disk store.
    """
    output = Path(output)
    fmt = format_for(output)
    if isinstance(source, Endpoint):
        if fmt.dataset:
            return _write_atomically(output, lambda out: _serialize(source.dataset(), out, fmt))
        with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
            staging: ox.Store | None = ox.Store(str(Path(tmp) / "store"))
            try:
                assert staging is not None
                staging.bulk_extend(source.dataset())
                return _write_store(staging, output, fmt)
            except OSError as exc:
                raise StoreError(f"cannot stage the export: {_oneline(exc)}") from None
            finally:
                staging = None
    store: ox.Store | None = open_store(Path(source))
    try:
        assert store is not None
        return _write_store(store, output, fmt)
    finally:
        store = None


def _prefixes(fmt: RdfFileFormat) -> dict[str, str] | None:
    return PREFIXES if fmt.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None


def _serialize(items: Iterable[Any], out: Any, fmt: RdfFileFormat) -> int:
    count = 0

    def counted() -> Iterator[Any]:
        nonlocal count
        for item in items:
            count += 1
            yield item

    ox.serialize(counted(), out, format=fmt.rdf_format, prefixes=_prefixes(fmt))
    return count


def _write_store(store: ox.Store, output: Path, fmt: RdfFileFormat) -> int:
    def write(out: Any) -> int:
        if fmt.dataset:
            store.dump(out, format=fmt.rdf_format, prefixes=_prefixes(fmt))
            return len(store)
        if not list(itertools.islice(store.named_graphs(), 1)):
            store.dump(out, format=fmt.rdf_format, from_graph=ox.DefaultGraph(),
                       prefixes=_prefixes(fmt))
            return len(store)
        union = store.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return _serialize(union, out, fmt)  # CONSTRUCT results are de-duplicated

    return _write_atomically(output, write)


def _write_atomically(output: Path, write: Callable[[Any], int]) -> int:
    """Run ``write(file)`` on a temporary file beside ``output``, then rename it."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {output.parent}: {_oneline(exc)}") from None
    tmp = output.parent / f".{output.name}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "wb") as out:
            count = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, output)
    except OSError as exc:
        _remove(tmp)
        raise StoreError(f"cannot write {output}: {_oneline(exc)}") from None
    except BaseException:
        _remove(tmp)
        raise
    _fsync_dir(output.parent)
    return count

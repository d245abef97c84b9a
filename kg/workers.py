"""The per-article side of a build: what one article contributes (:class:`ArticleResult`, also
what the cache stores), and the workers that extract, map and validate batches of articles
in this process, in a pool of processes or on a Dask cluster (:mod:`kg.cluster`).

One article never stops the others: an input the library refuses on purpose skips it; any
other exception is a bug, kept with its traceback for the build to report (exit 3).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import multiprocessing
import signal
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing import resource_tracker
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.graph import ReadOnlyGraphAggregate

from kg import kinds as fact_kinds
from kg import mapping, write
from kg.errors import KgError
from kg.models import (
    Article,
    CourtOrder,
    DateValue,
    Entity,
    Evidence,
    Extraction,
    Issue,
    Metric,
    Sanction,
)

if TYPE_CHECKING:  # pragma: no cover
    from multiprocessing.pool import Pool


@dataclass(frozen=True)
class ArticleResult:
    """What one article contributes to the build (also what the cache stores)."""

    id: str
    path: str
    nquads: str
    entities: tuple[Entity, ...]
    issues: tuple[Issue, ...]
    counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict, compare=False)
    cached: bool = False
    error: str | None = None  # why the article could not be processed (never cached)
    crash: str | None = None  # the traceback of an internal error (a bug) on this article
    # the extraction's facts as JSON (extraction_to_json): when resolution renames one of the
    # article's entities or a judgement is about one of its facts, the build maps it again
    extraction: str = ""

    def to_json(self) -> str:
        return json.dumps({
            "id": self.id, "path": self.path, "nquads": self.nquads, "counts": self.counts,
            "entities": [dataclasses.asdict(e) for e in self.entities],
            "issues": [dataclasses.asdict(i) for i in self.issues],
            "extraction": self.extraction,
        }, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ArticleResult:
        data = json.loads(text)
        return cls(
            id=data["id"], path=data["path"], nquads=data["nquads"], counts=data["counts"],
            entities=tuple(_entity(e) for e in data["entities"]),
            issues=tuple(Issue(**i) for i in data["issues"]), cached=True,
            extraction=data["extraction"],
        )


def _entity(data: dict) -> Entity:
    return Entity(**{**data, "aliases": tuple(data["aliases"])})


def extraction_to_json(x: Extraction) -> str:
    """What the build needs to map an extraction again: its entities and facts (the
    article itself is read again from its file)."""
    return json.dumps({
        "entities": [dataclasses.asdict(e) for e in x.entities],
        "sanctions": [dataclasses.asdict(f) for f in x.sanctions],
        "court_orders": [dataclasses.asdict(f) for f in x.court_orders],
        "metrics": [dataclasses.asdict(f) for f in x.metrics],
    }, sort_keys=True)


def extraction_from_json(article: Article, text: str) -> Extraction:
    """The inverse of :func:`extraction_to_json`, for ``article``."""
    data = json.loads(text)

    def evidence(items: list[dict]) -> tuple[Evidence, ...]:
        return tuple(Evidence(**e) for e in items)

    def date(value: dict | None) -> DateValue | None:
        return DateValue(**value) if value else None

    return Extraction(
        article=article,
        entities=tuple(_entity(e) for e in data["entities"]),
        sanctions=tuple(Sanction(**{**f, "evidence": evidence(f["evidence"]), "start_date": date(f["start_date"]),
                                    "end_date": date(f["end_date"])}) for f in data["sanctions"]),
        court_orders=tuple(CourtOrder(**{**f, "evidence": evidence(f["evidence"]), "date": date(f["date"]),
                                         "concerns": tuple(f["concerns"]) if f["concerns"] is not None else None})
                           for f in data["court_orders"]),
        metrics=tuple(Metric(**{**f, "evidence": evidence(f["evidence"])}) for f in data["metrics"]),
    )


@dataclass
class Cluster:
    """A Dask distributed client the build sends its batches to (:mod:`kg.cluster`)."""

    client: object
    threads: int  # worker threads of the cluster


# --------------------------------------------------------------------------- workers

_WORKER: dict[str, object] = {}


def _init_worker(model: str | None, base: str) -> None:
    from kg.extract import nlp as nlp_mod
    from kg.validate import load_shapes

    _WORKER["nlp"] = nlp_mod.load(model)
    _WORKER["base"] = base
    load_shapes()


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back while worker processes start, and act on it once they have.

    The block is inherited by the processes started meanwhile, so a worker still importing
    spaCy never prints a traceback of its own; this process notes a Ctrl-C that came
    meanwhile (any of its threads may take it) and hands it to the previous handler after
    the block: KeyboardInterrupt. Ignoring the signal instead lost it, and the build ran on.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: came.append(signum))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # one still pending is noted now
        signal.signal(signal.SIGINT, previous)
    if came:
        if callable(previous):
            previous(signal.SIGINT, None)
        else:
            signal.raise_signal(signal.SIGINT)


def _init_pool_worker(model: str | None, base: str) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool; a worker that
    # raised KeyboardInterrupt too would print its own traceback. It started with the
    # signal blocked (_sigint_held): ignored first, a Ctrl-C pending since is dropped.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _init_worker(model, base)


# Articles per worker task. spaCy's nlp.pipe runs over a batch at once (≈ 15 % less model
# time than one call per article, PERF: benchmarks/RESULTS.md); its results do not depend
# on the batch, and batches never depend on --jobs, so every --jobs gives the same output.
BATCH = 8


def _process_batch(batch: Sequence[Article]) -> list[ArticleResult]:
    """Extract a batch with one ``nlp.pipe``, then map and validate each article.

    If the batch fails, each article is processed on its own, so the failure is reported
    for the article that caused it.
    """
    from kg.extract import extract_many

    t0 = time.perf_counter()
    try:
        extractions = list(extract_many(batch, _WORKER["nlp"], batch_size=len(batch)))  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - retried article by article below, which reports it
        return [_process(article) for article in batch]
    seconds = (time.perf_counter() - t0) / max(1, len(batch))
    return [_process(article, x, seconds) for article, x in zip(batch, extractions)]


def _process(article: Article, x: Extraction | None = None, extract_seconds: float = 0.0) -> ArticleResult:
    """Extract (unless ``x`` is given), map and validate one article (in a worker or in process).

    One article never stops the others. An input the library refuses on purpose
    (:class:`~kg.errors.KgError`) skips the article like an unreadable one; any other
    exception is a bug: the article is left out with its traceback (``crash``), and the
    build reports it as an internal error (exit 3), never as bad input.
    """
    try:
        return _process_one(article, x, extract_seconds)
    except KgError as exc:
        return ArticleResult(
            id=article.id, path=article.path, nquads="", entities=(), issues=(), counts={},
            error=f"could not be processed ({_one_line(exc)})")
    except Exception as exc:  # noqa: BLE001 - a bug: kept with its traceback, build goes on
        return ArticleResult(
            id=article.id, path=article.path, nquads="", entities=(), issues=(), counts={},
            error=f"{type(exc).__name__}: {_one_line(exc)}", crash=traceback.format_exc())


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _process_one(article: Article, x: Extraction | None, extract_seconds: float) -> ArticleResult:
    from kg.extract import extract
    from kg.validate import validate_graph

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if x is None:
        x = extract(article, _WORKER["nlp"])  # type: ignore[arg-type]
    t1 = time.perf_counter()
    minter = mapping.Minter(str(_WORKER["base"]))
    kinds = {e.key: e for e in x.entities}
    graph = mapping.article_graph(x, kinds, minter)
    entities = mapping.entity_graph(x.entities, minter)
    t2 = time.perf_counter()
    # validate_graph copies its input; a read-only view of the two graphs spares a copy
    report = validate_graph(ReadOnlyGraphAggregate([graph, entities]))
    t3 = time.perf_counter()
    nquads = ox.serialize(write.graph_quads(graph), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    issues = tuple(dataclasses.replace(i, article=i.article or article.id) for i in report.issues)
    timings.update(extract=t1 - t0 + extract_seconds, map=t2 - t1 + time.perf_counter() - t3,
                   validate=t3 - t2)
    return ArticleResult(
        id=article.id, path=article.path, nquads=nquads, entities=x.entities, issues=issues,
        counts=fact_kinds.counts(x),
        timings=timings, extraction=extraction_to_json(x),
    )


def _uses_pool(jobs: int, articles: int) -> bool:
    return jobs > 1 and articles >= 4


def _start_pool(jobs: int, articles: int, model: str | None, base: str) -> Pool | None:
    """Worker processes for up to ``articles`` articles, or None when one process does.

    The build starts them before it reads the articles: each worker spends a second or
    two importing spaCy and loading the model, which then overlaps the reading, hashing
    and cache lookups in this process.
    """
    if not _uses_pool(jobs, articles):
        return None
    ctx = multiprocessing.get_context("spawn")
    # The pool's locks would start CPython's resource tracker, which unblocks Ctrl-C once
    # it has started it: started first, it leaves the block below alone.
    resource_tracker.ensure_running()
    pool = None
    try:
        with _sigint_held():  # inherited: a worker still starting up holds Ctrl-C back too
            pool = ctx.Pool(min(jobs, -(-articles // BATCH)), initializer=_init_pool_worker,
                            initargs=(model, base))
    except KeyboardInterrupt:  # came while the workers started: raised once they have
        if pool is not None:
            pool.terminate()
        raise
    return pool


def _run(articles: Sequence[Article], jobs: int, model: str | None, base: str,
         pool: Pool | None = None, cluster: Cluster | None = None) -> Iterator[ArticleResult]:
    """Results of ``articles`` in input order, from the Dask ``cluster`` if given, from
    ``pool`` (which this closes) if one was started for them, else from a pool of its own
    or this process. The batches are the same whichever runs them."""
    if not articles:
        if pool is not None:
            pool.terminate()
        return
    batches = [articles[i:i + BATCH] for i in range(0, len(articles), BATCH)]
    if cluster is not None:
        from kg import cluster as cluster_mod

        yield from cluster_mod.run(cluster.client, batches, model, base, cluster.threads)
        return
    if pool is None and not _uses_pool(jobs, len(articles)):
        _init_worker(model, base)
        for batch in batches:
            yield from _process_batch(batch)
        return
    if pool is None:
        pool = _start_pool(jobs, len(articles), model, base)
    with pool:
        for results in pool.imap(_process_batch, batches):
            yield from results


def _read_cached(path: Path) -> ArticleResult | None:
    try:
        return ArticleResult.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _process_here(article: Article, model: str | None, base: str) -> ArticleResult:
    """An article whose cache entry could not be read: processed in this process."""
    if "nlp" not in _WORKER:
        _init_worker(model, base)
    return _process(article)


# ------------------------------------------------------------------------ cache key


def cache_key(article: Article, model: str | None, base: str) -> str:
    from kg.extract import EXTRACTOR_VERSION
    from kg.extract.nlp import model_name
    from kg.validate import ontology_dir

    h = hashlib.sha256()
    for part in (EXTRACTOR_VERSION, model_name(model), base, _ontology_hash(str(ontology_dir())),
                 article.id, article.text, article.title, article.url or "", article.published or "",
                 article.publisher or "", article.language or ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


_HASHES: dict[str, str] = {}


def _ontology_hash(folder: str) -> str:
    if folder not in _HASHES:
        h = hashlib.sha256()
        for path in sorted(Path(folder).glob("*.ttl")):
            h.update(path.read_bytes())
        package = Path(__file__).resolve().parent
        # the gazetteer and the code that turns text into triples: editing either without
        # bumping EXTRACTOR_VERSION must not serve stale cache entries
        for path in [package / "data" / "gazetteer.yaml", package / "mapping.py", package / "models.py",
                     package / "resolve.py",
                     *sorted((package / "extract").rglob("*.py")), *sorted((package / "extract").rglob("*.yml"))]:
            h.update(path.read_bytes())
        _HASHES[folder] = h.hexdigest()
    return _HASHES[folder]

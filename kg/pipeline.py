"""``build()``: ingest → extract → map → validate → write (and load the embedded store).

Each article is extracted, mapped to its own small graph and validated with the
entity descriptions it references — in worker processes when there are several —
and its result is cached under its content hash. The merged graph is never held in
rdflib: per-article N-Quads stream to a spool file, and pyoxigraph serializes the
output and loads the store from it.

>>> result = build(["seeds"], output="build/graph.ttl")   # doctest: +SKIP
>>> print(result.summary())                                # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from filelock import FileLock, Timeout
from rdflib.graph import ReadOnlyGraphAggregate

from kg import curation as curation_mod
from kg import ingest, mapping, resolve, write
from kg import kinds as fact_kinds
from kg.buildresult import (  # noqa: F401 - re-exported: part of build()'s interface
    BuildResult,
    Review,
    _size_warning,
    _write_crash_log,
    crash_log_path,
)
from kg.errors import ArticleError, BuildLocked, InputError, InternalError, UsageError
from kg.models import (
    Article,
    Entity,
    Extraction,
    Issue,
    Report,
)
from kg.vocab import DEFAULT_BASE
from kg.workers import (  # noqa: F401 - re-exported: kg.cluster and the tests use them from here
    _WORKER,
    BATCH,
    ArticleResult,
    Cluster,
    _init_worker,
    _ontology_hash,
    _process_batch,
    _process_here,
    _read_cached,
    _run,
    _start_pool,
    _uses_pool,
    cache_key,
    extraction_from_json,
    extraction_to_json,
)

if TYPE_CHECKING:  # pragma: no cover
    from multiprocessing.pool import Pool


CACHE_DIR = ".cache"
# Articles above this size are built with a warning (a 1 MB article peaks near 0.7 GB).
MAX_ARTICLE_BYTES = 2_000_000
STAGES = ("ingest", "extract", "map", "validate", "write", "load")


# ------------------------------------------------------------------------------ build


def build(
    inputs: Iterable[Path | str],
    output: Path | str = "build/graph.ttl",
    *,
    store_dir: Path | str | None = None,
    report_path: Path | str | None = None,
    base: str | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    model: str | None = None,
    on_warning: Callable[[str], None] | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    answer_ahead: bool = True,
    curation: Path | str | None = None,
    max_article_bytes: int | None = MAX_ARTICLE_BYTES,
    scheduler: str | None = None,
    create_folder: bool = True,
    add: bool = False,
) -> BuildResult:
    """Build the graph of ``inputs`` (files or folders) into ``output``.

    Unreadable articles are reported (``on_warning``) and skipped; the output file and
    the store are replaced atomically, so an interrupted build leaves the previous
    ones intact. ``progress(n)`` is called as each article's result comes in, after
    ``on_total(count)`` once the readable articles are known. Two builds into the same folder at once: the second raises
    :class:`~kg.errors.BuildLocked`.

    With a store, ``answer_ahead`` then runs the stored queries that need no parameter
    on the new version and keeps their output (:func:`kg.queries.keep_answers`), so
    the first ``kg query`` after a build is a file read; its time is ``timings["answers"]``.

    ``curation`` is the curation file (:mod:`kg.curation`) whose judgements the build
    applies; a file that does not exist applies none. ``result.review`` says what they did,
    which judgements are stale and which facts nobody reviewed.

    An article larger than ``max_article_bytes`` is built, with a warning: extraction needs
    about 0.7 GB of memory per MB of text (None: no limit).

    ``scheduler`` (``tcp://HOST:8786``) runs extraction, mapping and per-article validation
    on the workers of that Dask distributed scheduler instead of ``jobs`` local processes
    (:mod:`kg.cluster`); the output is the same, byte for byte.

    ``add=True`` loads this build's graphs into the existing store instead of replacing it:
    the store keeps the article graphs of earlier builds as they are (the entities graph
    is merged); ``output`` holds this build's articles only. Without it, a store holding
    articles this build does not contain is replaced with a warning saying how many.

    ``create_folder=False`` creates at most the output's own folder: an output whose
    folder's parent is missing too (a mistyped ``-o`` path) is refused, not created.
    """
    output = Path(output)
    fmt = write.format_for(output)
    base, jobs = _checked_options(base, jobs)
    warn = on_warning or (lambda message: None)
    judged = curation_mod.load(curation, base)  # a bad curation file fails before any work
    inputs = list(inputs)
    paths = ingest.discover(inputs)  # a missing input fails before anything is written
    if not paths:
        raise UsageError("no articles found in " + ", ".join(str(i) for i in inputs))
    # one new folder for the output is fine ("-o out/g.ttl"); a path whose parents are
    # missing too is a mistyped one ("-o /nonexistent/dir/g.ttl") and is never created
    if not create_folder and not output.parent.exists() and not output.parent.parent.is_dir():
        raise UsageError(f"cannot write {output}: its folder {output.parent}/ does not exist")
    lock_path = lock_path_for(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        lock_path.touch()
    except OSError as exc:
        raise UsageError(f"cannot write into {output.parent}/ ({exc.strerror or exc})") from None
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(f"another kg build is writing {output} "
                          f"(lock {lock_path}); try again when it ends") from None
    pool: Pool | None = None
    cluster: Cluster | None = None
    try:
        if scheduler:
            from kg import cluster as cluster_mod

            client = cluster_mod.connect(scheduler)
            try:
                cluster = Cluster(client, cluster_mod.check_workers(client, model))
            finally:
                if cluster is None:
                    client.close()
        else:
            pool = _start_pool(jobs, len(paths), model, base)
        _remove_leftovers(output)
        result = _build(paths, output, fmt, Path(store_dir) if store_dir else None,
                        Path(report_path) if report_path else None, base, jobs, use_cache, model,
                        _size_warning(warn, max_article_bytes), progress, pool, judged, cluster, on_total, add)
        if result.store_dir is not None and answer_ahead:
            from kg.queries import keep_answers

            t0 = time.perf_counter()
            result.answers = keep_answers(result.store_dir, jobs=jobs)
            result.timings["answers"] = time.perf_counter() - t0
            result.timings["total"] += result.timings["answers"]
        return result
    finally:
        if pool is not None:  # already closed unless the build failed before using it
            pool.terminate()
        if cluster is not None:
            cluster.client.close()  # type: ignore[attr-defined]
        lock.release()


def _checked_options(base: str | None, jobs: int | None) -> tuple[str, int]:
    """The base IRI and the number of workers, or a one-line error saying what is wrong."""
    base = base or DEFAULT_BASE
    if not base.endswith(("/", "#")):
        raise UsageError(f"--base {base!r} must end with '/' or '#'")
    try:
        ox.NamedNode(base)
    except ValueError as exc:
        raise UsageError(f"--base {base!r} is not an absolute IRI ({exc})") from None
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {jobs}")
    return base, jobs


def _warm_up_validation() -> threading.Thread:
    """Import the validator and compile the shapes in a thread of this process (≈ 0.2 s
    the merged entities graph's validation would otherwise add at the end). Started while
    the workers finish their last batches, when a core is about to be idle. (Not at a
    lower priority: a starved thread holding the GIL would stall this process.)"""
    def work() -> None:
        with contextlib.suppress(Exception):  # only a head start: the build does it again
            from rdflib import Graph

            from kg.validate import validate_graph

            validate_graph(Graph())

    thread = threading.Thread(target=work, name="kg-warm-up", daemon=True)
    thread.start()
    return thread


def lock_path_for(output: Path) -> Path:
    """The lock of the builds writing ``output``: one per output file, so builds of other
    outputs in the same folder run at the same time."""
    return output.parent / f".{output.name}.lock"


def _remove_leftovers(output: Path) -> None:
    """Delete the temporary files of a build of ``output`` that was killed (``kill -9``,
    power loss): its spool and half-written output, and cache files half-written more than
    a minute ago. Only a build holding the output's lock writes the first two, and the
    caller holds it now; a build of another output in the folder may be writing a cache
    entry this moment (``.graph-*.nq``: spools named before locks were per output)."""
    folders = [(output.parent, (f".{output.name}.", ".graph-"), (".tmp", ".nq"), 0.0),
               (output.parent / CACHE_DIR, (".",), (".json.tmp", ".tmp"), 60.0)]
    now = time.time()
    for folder, prefixes, suffixes, age in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.name.startswith(prefixes) and path.name.endswith(suffixes) and path.is_file():
                with contextlib.suppress(OSError):
                    if not age or now - path.stat().st_mtime > age:
                        path.unlink()


def _build(paths: list[Path], output: Path, fmt: write.Format, store_dir: Path | None,
           report_path: Path | None, base: str, jobs: int, use_cache: bool, model: str | None,
           warn: Callable[[str], None], progress: Callable[[int], None] | None,
           pool: Pool | None = None, judged: curation_mod.Curation | None = None,
           cluster: Cluster | None = None, on_total: Callable[[int], None] | None = None,
           add: bool = False) -> BuildResult:
    """The build's steps, in order: read the articles, look them up in the cache, extract the
    rest (``_collect``), resolve entities and apply the curation file over the whole corpus
    while writing the spool (``_spool``), validate the entities, write the output and load
    the store."""
    run = _Run(output=output, store_dir=store_dir, report_path=report_path, base=base, jobs=jobs,
               use_cache=use_cache, model=model, warn=warn, progress=progress, pool=pool, cluster=cluster,
               judged=judged or curation_mod.Curation(base=base), add=add)
    t0 = time.perf_counter()
    run.read(paths)
    if on_total:
        on_total(len(run.articles))
    run.timings["ingest"] = time.perf_counter() - t0
    run.look_up_cache()
    spool_fd, spool_name = tempfile.mkstemp(prefix=f".{output.name}.spool-", suffix=".nq", dir=output.parent)
    spool = Path(spool_name)
    # each article's graph and extraction as it came from its worker (or the cache), before
    # resolution and curation: the spool proper is written from it once the corpus is known
    raw_fd, raw_name = tempfile.mkstemp(prefix=f".{output.name}.spool-", suffix=".raw.nq", dir=output.parent)
    raw = Path(raw_name)
    os.close(raw_fd)
    try:
        run.collect(raw)
        t_merge = time.perf_counter()
        run.spool(spool_fd, raw)
        run.timings["map"] += time.perf_counter() - t_merge
        run.validate_entities()
        run.write(spool)
    finally:
        for leftover in (spool, raw):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    run.timings["total"] = time.perf_counter() - t0
    return run.result()


@dataclass
class _Run:
    """One build while it runs: its options and what each step has found so far."""

    output: Path
    store_dir: Path | None
    report_path: Path | None
    base: str
    jobs: int
    use_cache: bool
    model: str | None
    warn: Callable[[str], None]
    progress: Callable[[int], None] | None
    pool: Pool | None
    cluster: Cluster | None
    judged: curation_mod.Curation
    add: bool = False
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    articles: list[Article] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # article id -> cache key
    cached: dict[str, Path] = field(default_factory=dict)  # article id -> its cache entry
    todo: list[Article] = field(default_factory=list)  # articles to extract in this run
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(fact_kinds.NAMES, 0))
    failed: int = 0
    crashed: list[tuple[str, str]] = field(default_factory=list)
    tracebacks: list[tuple[str, str]] = field(default_factory=list)
    warm: threading.Thread | None = None
    # article id -> (offset and length of its N-Quads, then of its extraction) in the raw file
    held: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    entity_groups: list[tuple[str, tuple[Entity, ...]]] = field(default_factory=list)
    issues_of: dict[str, list[Issue]] = field(default_factory=dict)
    # where each named graph lies in the spool, with a digest of its N-Quads: the store then
    # replaces only the graphs that changed since the build that made it
    sections: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    applied: curation_mod.Applied = field(default_factory=curation_mod.Applied)
    facts: set[str] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)
    resolution: Any = None
    entities_graph: Any = None
    report: Report | None = None
    quads: int = 0

    @property
    def crash_log(self) -> Path:
        return crash_log_path(self.output)

    @property
    def minter(self) -> mapping.Minter:
        return mapping.Minter(self.base)

    # ---------------------------------------------------------------- read and cache

    def read(self, paths: list[Path]) -> None:
        for item in ingest.read_articles(paths):
            if isinstance(item, ArticleError):
                self.skipped.append((item.path, item.reason))
                self.warn(f"warning: skipped {item.path}: {item.reason}")
                continue
            for message in item.warnings:
                self.warnings.append(message)
                self.warn(f"warning: {message}")
            getattr(self.warn, "article", lambda a: None)(item)
            self.articles.append(item)
        if not self.articles:
            raise InputError(f"no readable article among {len(paths)} file(s); first problem: "
                             f"{self.skipped[0][0]}: {self.skipped[0][1]}")

    def look_up_cache(self) -> None:
        """Cache hits are read one at a time later, so memory does not grow with the corpus;
        one that cannot be read after all is processed then instead."""
        cache = self.output.parent / CACHE_DIR
        self.keys = {a.id: cache_key(a, self.model, self.base) for a in self.articles}
        if self.use_cache and cache.is_dir():
            for a in self.articles:
                hit = cache / f"{self.keys[a.id]}.json"
                if hit.is_file():
                    self.cached[a.id] = hit
        self.todo = [a for a in self.articles if a.id not in self.cached]

    # ------------------------------------------------------------------- extract

    def collect(self, raw: Path) -> None:
        """Every article's result, in input order: fresh from the workers or from the cache,
        written to ``raw``; failures reported (internal errors kept with their traceback)."""
        # the pool started for every article is used if the cache leaves enough to do
        if self.pool is not None and not _uses_pool(self.jobs, len(self.todo)):
            self.pool.terminate()
            self.pool = None
        fresh = _run(self.todo, self.jobs, self.model, self.base, self.pool, self.cluster)
        pending = {a.id for a in self.todo}
        received = 0
        with raw.open("wb") as raw_out:
            for a in self.articles:
                if a.id in pending:
                    r = next(fresh)
                    assert r.id == a.id, "results arrive in input order"
                    received += 1
                    self._fresh_result(a, r, received)
                else:
                    r = _read_cached(self.cached[a.id]) or _process_here(a, self.model, self.base)
                if r.error:
                    self._failed(a, r)
                else:
                    self._hold(a, r, raw_out)
                if self.progress:
                    self.progress(1)
            fresh.close()  # every result is in: stop the worker processes before the merge and write
        _write_crash_log(self.crash_log, self.tracebacks)
        if self.failed == len(self.articles):
            if self.crashed:
                raise InternalError(f"internal error on every article ({len(self.crashed)} of them; "
                                    f"first: {self.crashed[0][0]}: {self.crashed[0][1]}); tracebacks in "
                                    f"{self.crash_log}")
            raise InputError(f"no article could be processed among {len(self.articles)}; first "
                             f"problem: {self.skipped[-self.failed][0]}: {self.skipped[-self.failed][1]}")

    def _fresh_result(self, a: Article, r: ArticleResult, received: int) -> None:
        # once only the last batch of each worker is left, a core is soon idle
        todo = len(self.todo)
        warm_at = (todo - self.cluster.threads * BATCH if self.cluster is not None
                   else todo - self.jobs * BATCH if _uses_pool(self.jobs, todo) else None)
        if self.warm is None and warm_at is not None and received >= warm_at:
            self.warm = _warm_up_validation()
        for stage, seconds in r.timings.items():
            self.timings[stage] += seconds
        if self.use_cache and not r.error:
            cache = self.output.parent / CACHE_DIR
            cache.mkdir(exist_ok=True)
            with write.atomic_file(cache / f"{self.keys[a.id]}.json") as handle:
                handle.write(r.to_json().encode("utf-8"))

    def _failed(self, a: Article, r: ArticleResult) -> None:
        """One article broke a stage: report it, build the others."""
        self.failed += 1
        if r.crash:
            self.crashed.append((a.path, r.error or ""))
            self.tracebacks.append((a.path, r.crash))
            self.warn(f"error: internal error on {a.path}: {r.error} (traceback in {self.crash_log})")
        else:
            self.skipped.append((a.path, r.error or ""))
            self.warn(f"warning: skipped {a.path}: {r.error}")

    def _hold(self, a: Article, r: ArticleResult, raw_out: Any) -> None:
        nq, xj = r.nquads.encode("utf-8"), r.extraction.encode("utf-8")
        start = raw_out.tell()
        raw_out.write(nq)
        raw_out.write(xj)
        self.held[a.id] = (start, len(nq), start + len(nq), len(xj))
        self.entity_groups.append((a.id, r.entities))
        self.issues_of[a.id] = list(r.issues)
        for k in self.counts:
            self.counts[k] += r.counts.get(k, 0)

    # ------------------------------------------------- resolve, curate, spool

    def spool(self, spool_fd: int, raw: Path) -> None:
        """Resolve entities over the whole corpus, then write each article's graph to the
        spool: as extracted, or mapped again where resolution renamed one of its entities
        or a judgement touches one of its facts."""
        minter = self.minter
        self.resolution = resolve.resolve(
            self.entity_groups, {a.id: a.text for a in self.articles if a.id in self.held},
            self.judged.identities())
        self.entities_graph = mapping.entity_graph(self.resolution.entities.values(), minter)
        judged_facts = set(self.judged.by_fact())
        remapped = 0
        with os.fdopen(spool_fd, "wb") as spool_out, raw.open("rb") as raw_in:

            def section(graph: str, data: bytes) -> None:
                start = spool_out.tell()
                spool_out.write(data)
                self.sections[graph] = (start, len(data), hashlib.blake2b(data, digest_size=16).hexdigest())

            for a in self.articles:
                if a.id in self.held:
                    data, again = self._article_quads(a, raw_in, judged_facts)
                    remapped += again
                    section(str(minter.article_graph(a.id)), data)
            section(str(minter.entities_graph),
                    ox.serialize(write.graph_quads(self.entities_graph), format=ox.RdfFormat.N_QUADS))
            if self.judged.judgements:
                section(curation_mod.graph_iri(self.base),
                        ox.serialize(write.graph_quads(self.judged.to_graph()), format=ox.RdfFormat.N_QUADS))
        self.issues = [i for a in self.articles for i in self.issues_of.get(a.id, ())]
        self.counts["entities"] = len(self.resolution.entities)
        self.counts["remapped"] = remapped

    def _article_quads(self, a: Article, raw_in: Any, judged_facts: set[str]) -> tuple[bytes, int]:
        start, length, x_start, x_length = self.held[a.id]
        raw_in.seek(start)
        data = raw_in.read(length)
        renames = self.resolution.key_map(a.id)
        own = curation_mod.facts_in_nquads(data.decode("utf-8")) if not renames else set()
        if not renames and not own & judged_facts:
            self.facts |= own
            return data, 0
        raw_in.seek(x_start)
        x = resolve.rename(extraction_from_json(a, raw_in.read(x_length).decode("utf-8")), renames)
        data, self.issues_of[a.id] = _map_again(x, self.minter, self.judged, self.applied, self.facts,
                                                self.resolution.entities)
        return data, 1

    # ---------------------------------------------------- validate, write, load

    def validate_entities(self) -> None:
        t_val = time.perf_counter()
        if self.warm is not None:
            self.warm.join()
        from kg.validate import validate_graph

        self.issues.extend(validate_graph(self.entities_graph).issues)
        self.timings["validate"] += time.perf_counter() - t_val

    def write(self, spool: Path) -> None:
        t_write = time.perf_counter()
        # subjects whose triples several graphs can hold: facts stated by several articles,
        # and entities that several articles describe (kg:describedAs)
        shared = [self.base + p for p in ("sanction/", "order/", "metric/", "org/", "person/", "list/")]
        self.quads = write.write_graph(ox.parse(path=str(spool), format=ox.RdfFormat.N_QUADS), self.output,
                                       shared, self.base)
        issues = sorted(set(self.issues), key=lambda i: (i.article or "", i.focus, i.path or "", i.message))
        self.report = Report(conforms=not any(i.severity == "Violation" for i in issues), issues=tuple(issues))
        if self.report_path:
            _write_report(self.report, self.report_path, self.articles, self.cached, self.todo)
        self.timings["write"] = time.perf_counter() - t_write
        if self.store_dir is not None:
            t_load = time.perf_counter()
            from kg import store

            sections = self.sections
            if self.add:
                store.load(spool, store_dir=self.store_dir)
                self.timings["load"] = time.perf_counter() - t_load
                return
            others = store.article_graphs(self.store_dir) - set(sections)
            if others:
                self.warn(f"warning: replacing {self.store_dir}, which held {len(others)} article(s) "
                          "not in this build; use --add to keep them")
            store.replace_store(self.store_dir, ox.parse(path=str(spool), format=ox.RdfFormat.N_QUADS),
                                graphs={g: digest for g, (_, _, digest) in sections.items()},
                                quads_of=lambda wanted: _spool_quads(spool, sections, wanted))
            self.timings["load"] = time.perf_counter() - t_load

    def result(self) -> BuildResult:
        applied, base = self.applied, self.base
        self.facts -= applied.rejected
        reviewed = applied.accepted | applied.corrected
        review = Review(
            judgements=len(self.judged.judgements), curation=self.judged.path,
            rejected=sorted(applied.rejected), corrected=sorted(applied.corrected),
            accepted=sorted(applied.accepted), unreviewed=sorted(self.facts - reviewed),
            stale=[j.describe(base) for j in curation_mod.stale(self.judged, applied.found | self.facts)]
            + [_describe_identity(j, "stale") for j in self.resolution.stale]
            + [_describe_identity(j, "conflict") for j in self.resolution.conflicts],
        )
        assert self.report is not None
        return BuildResult(
            output=self.output, report=self.report, articles=len(self.articles) - self.failed,
            skipped=self.skipped, warnings=self.warnings, quads=self.quads, counts=self.counts,
            timings=self.timings, store_dir=self.store_dir, extracted=len(self.todo) - self.failed,
            crashed=self.crashed, crash_log=self.crash_log if self.crashed else None, review=review,
        )


def _describe_identity(j: resolve.Identity, what: str) -> str:
    kind = "same" if j.same else "different"
    if what == "stale":
        return f"{kind} {j.a.describe()!r} {j.b.describe()!r} (no entity by that name or IRI)"
    return f"{kind} {j.a.describe()!r} {j.b.describe()!r} (conflicts with a 'different' judgement; not applied)"


def _map_again(x: Extraction, minter: mapping.Minter, judged: curation_mod.Curation,
               applied: curation_mod.Applied, facts: set[str], merged: dict[str, Entity]
               ) -> tuple[bytes, list[Issue]]:
    """An article's graph mapped again with the corpus's entity keys and the judgements
    applied, validated with the entity descriptions it references."""
    from kg.validate import validate_graph

    graph = mapping.article_graph(x, {e.key: e for e in x.entities}, minter)
    facts |= {str(f) for t in curation_mod.FACT_PREFIXES.values() for f in graph.subjects(mapping.RDF.type, t)}
    curation_mod.apply_to_graph(graph, judged, applied)
    described = {resolve.entity_path(e) for e in x.entities}
    # a corrected value may name an entity the article does not: describe it too
    named = {str(o)[len(minter.base):] for o in graph.objects() if str(o).startswith(minter.base)}
    extra = [merged[p] for p in sorted(named - described) if p in merged]
    entities = mapping.entity_graph([*x.entities, *extra], minter)
    report = validate_graph(ReadOnlyGraphAggregate([graph, entities]))
    issues = [dataclasses.replace(i, article=i.article or x.article.id) for i in report.issues]
    return ox.serialize(write.graph_quads(graph), format=ox.RdfFormat.N_QUADS), issues


def _spool_quads(spool: Path, sections: dict[str, tuple[int, int, str]],
                 graphs: set[str]) -> Iterator[ox.Quad]:
    """The quads of ``graphs``, read from their sections of the spool, in spool order."""
    with spool.open("rb") as handle:
        for start, length, _ in sorted(sections[g] for g in graphs):
            handle.seek(start)
            yield from ox.parse(handle.read(length), format=ox.RdfFormat.N_QUADS)


def _write_report(report: Report, path: Path, *_: object) -> None:
    """The machine-readable report: one sh:ValidationReport over all issues."""
    from kg.validate import write_report

    write_report(report, path)

"""Extraction on many machines: ``kg build --scheduler tcp://HOST:8786`` runs the per-article
work of :mod:`kg.pipeline` (:func:`~kg.pipeline._process_batch`: extract, map, validate) on
the workers of a Dask distributed cluster instead of local processes.

Everything else stays where the build runs: reading the articles, the per-article cache
(hits are never sent), the corpus-wide resolution, curation, the merge and the output. The
results come back in input order and go through the same code as a local build's, so the
output is byte-identical to ``kg build --jobs N`` (tests/test_cluster.py, against a real
scheduler and two workers on 127.0.0.1). Setting up a cluster: docs/scale.md.

Workers must run the same newskg, model, gazetteer and ontology as the build: before any
work, each worker's fingerprint (the inputs of the cache key that are not the article) is
compared with the build's, and a mismatch is a one-line error naming the worker.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from kg.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from kg.models import Article
    from kg.pipeline import ArticleResult

# one batch at a time per worker process: spaCy pipelines and the validator's caches are
# not shared between threads (a worker started with --nthreads 2 runs its batches in turn)
_LOCK = threading.Lock()


def fingerprint(model: str | None) -> tuple[str, str, str]:
    """What a worker must share with the build for its results to be the build's own."""
    from kg import pipeline
    from kg.extract import EXTRACTOR_VERSION
    from kg.extract.nlp import model_name
    from kg.validate import ontology_dir

    return EXTRACTOR_VERSION, model_name(model), pipeline._ontology_hash(str(ontology_dir()))


def _worker_fingerprint(model: str | None) -> tuple[str, str, str]:
    """Run on a worker (sent by name: the worker's own :func:`fingerprint` answers)."""
    return fingerprint(model)


def process_batch(batch: Sequence[Article], model: str | None, base: str) -> list[ArticleResult]:
    """Run on a worker: :func:`kg.pipeline._process_batch`, after loading the model once per
    worker process (for this model and base)."""
    from kg import pipeline

    with _LOCK:
        if pipeline._WORKER.get("key") != (model, base):
            pipeline._init_worker(model, base)
            pipeline._WORKER["key"] = (model, base)
        return pipeline._process_batch(batch)


def connect(address: str) -> Any:
    """A Dask client of the scheduler at ``address`` (e.g. ``tcp://10.0.0.5:8786``)."""
    try:
        from distributed import Client
        from distributed.comm import get_address_host_port
    except ImportError:
        raise UsageError("--scheduler needs Dask distributed: pip install 'newskg[distributed]'") from None
    try:
        get_address_host_port(address)
    except (ValueError, KeyError) as exc:
        raise UsageError(f"--scheduler {address!r} is not a scheduler address such as tcp://10.0.0.5:8786 "
                         f"({' '.join(str(exc).split())})") from None
    try:
        return Client(address, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise UsageError(f"cannot reach the Dask scheduler at {address} ({reason[:300]})") from None


def check_workers(client: Any, model: str | None) -> int:
    """The number of worker threads; a worker that runs other code or data is an error."""
    workers = client.scheduler_info(n_workers=-1)["workers"] if _takes_n_workers(client) \
        else client.scheduler_info()["workers"]
    if not workers:
        raise UsageError(f"the Dask scheduler at {client.scheduler.address} has no workers")
    mine = fingerprint(model)
    try:
        theirs = client.run(_worker_fingerprint, model)
    except Exception as exc:  # noqa: BLE001 - any failure to import kg there says the same
        raise UsageError(f"a Dask worker cannot run newskg ({type(exc).__name__}: "
                         f"{' '.join(str(exc).split())[:200]}); install the same newskg on every worker") from None
    for address, print_ in sorted(theirs.items()):
        if tuple(print_) != mine:
            raise UsageError(f"Dask worker {address} runs another newskg, model or ontology "
                             f"({_differs(mine, tuple(print_))}); install the build's version on every worker")
    return sum(int(w.get("nthreads", 1)) for w in workers.values())


def _takes_n_workers(client: Any) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters


def _differs(mine: tuple[str, ...], theirs: tuple[str, ...]) -> str:
    names = ("extractor version", "model", "ontology, gazetteer and mapping code")
    return "; ".join(f"{n}: {a[:16]!r} here, {b[:16]!r} there"
                     for n, a, b in zip(names, mine, theirs) if a != b)


def run(client: Any, batches: Sequence[Sequence[Article]], model: str | None, base: str,
        threads: int) -> Iterator[ArticleResult]:
    """The results of ``batches`` in input order, computed on the cluster.

    At most ``2 × threads`` batches (and at least 4) are in flight, so the articles of a
    large corpus are sent as workers free up rather than all at once, and results are
    handed on (and their memory freed) as soon as all earlier ones are in.
    """
    window = max(4, 2 * threads)
    pending: deque[Any] = deque()
    todo = iter(batches)

    def submit() -> None:
        batch = next(todo, None)
        if batch is not None:
            # pure=False: a batch is one task even if the same articles come again
            pending.append(client.submit(process_batch, list(batch), model, base, pure=False))

    for _ in range(window):
        submit()
    try:
        while pending:
            future = pending.popleft()
            results = future.result()
            submit()
            yield from results
    finally:
        for future in pending:
            future.cancel()

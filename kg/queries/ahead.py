"""Answers ahead: after a build (or ``kg load --store``), every stored query that needs no
parameter runs once on the new store version and its output is kept in every format
(:mod:`kg.results`), so ``kg query NAME`` answers from a file even the first time.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.queries.backends import DEFAULT_STORE, Backend, Result, detect_base, from_pyoxigraph, open_backend
from kg.queries.render import Context, Render, renderer_for
from kg.queries.run import VOLATILE, kept_key, prepare, result_cache
from kg.queries.stored import StoredQuery, list_queries
from kg.queries.worker import Emit, pulled
from kg.results import MAX_ENTRY_BYTES, ResultCache

#: The formats whose output a build keeps for every stored query without parameters.
AHEAD_FORMATS = ("table", "csv", "tsv", "json")
#: A query with more rows than this is left to run when asked (its answer would be
#: held in memory while the formats are written).
AHEAD_MAX_ROWS = 250_000


@dataclass(frozen=True)
class KeptAnswer:
    """What :func:`keep_answers` did with one stored query."""

    query: str
    kept: tuple[str, ...]  # formats written now
    rows: int | None
    seconds: float
    note: str = ""  # why nothing was kept, or "already kept"


def keep_answers(store_dir: Path | str | None = None, *, jobs: int = 1,
                 formats: Iterable[str] = AHEAD_FORMATS, max_rows: int = AHEAD_MAX_ROWS,
                 directory: Path | None = None) -> list[KeptAnswer]:
    """Run every stored query that needs no parameter on the current version of the
    embedded store and keep its output in ``formats``.

    Each query is evaluated once and rendered in every format; ``jobs`` queries run at
    once (Oxigraph evaluates without holding the GIL). Best effort: a query that fails,
    changes from run to run (``NOW()``) or has more than ``max_rows`` rows is reported
    in its :class:`KeptAnswer` and left to run when asked; this never raises for one.
    Tables are kept as output to a file gets them (no cell cut).
    """
    if jobs < 1:
        raise UsageError(f"jobs must be 1 or more, not {jobs}")
    wanted = [q for q in list_queries(directory) if not any(p.required for p in q.parameters)]
    backend = open_backend(None, Path(store_dir or DEFAULT_STORE), None, timeout=None,
                           user=None, password_env="")
    try:
        kept = result_cache(backend)
        if kept is None or not wanted:
            return []
        base = detect_base(backend)
        fmts = tuple(formats)

        def one(query: StoredQuery) -> KeptAnswer:
            return _keep_one(query, backend, kept, base, fmts, max_rows)

        # the longest texts first (the costliest, as a rule): the last to finish is then a
        # short one, not current-status started when the others are done
        order = sorted(wanted, key=lambda q: (-len(q.text), q.name))
        with ThreadPoolExecutor(max_workers=min(jobs, len(wanted))) as pool:
            done = {a.query: a for a in pool.map(one, order)}
        return [done[q.name] for q in wanted]
    finally:
        backend.close()


def answers_summary(answers: Iterable[KeptAnswer], seconds: float | None = None) -> list[str]:
    """``7 of 7 stored queries answered ahead (5.7 s)``, then one line per query not kept."""
    answers = list(answers)
    done = sum(1 for a in answers if a.kept or a.note == "already kept")
    took = f" ({seconds:.1f} s)" if seconds is not None else ""
    return ([f"{done} of {len(answers)} stored queries answered ahead{took}"]
            + [f"  {a.query}: {a.note}" for a in answers if a.note.startswith("not kept")])


class _NotKept(Exception):
    """Why an answer is not kept (the note's text)."""


_Output = tuple[str, Render, Context, str]  # format, renderer, context, key


def _keep_one(query: StoredQuery, backend: Backend, kept: ResultCache, base: str,
              formats: tuple[str, ...], max_rows: int) -> KeptAnswer:
    t0 = time.perf_counter()

    def answer(done: tuple[str, ...] = (), rows: int | None = None, note: str = "") -> KeptAnswer:
        return KeptAnswer(query.name, done, rows, round(time.perf_counter() - t0, 3), note)

    try:
        query.check_syntax()
        todo = _outputs(query, backend, kept, base, formats)
        if not todo:
            return answer(note="already kept")
        done: list[str] = []
        rows: int | None = None
        for sparql, outputs in todo.items():
            replay, rows = _replayable(query.execute(backend, sparql), max_rows)
            for fmt, render, ctx, key in outputs:
                # made and rendered in the worker: pyoxigraph's results stay in one thread
                for _ in kept.tee(key, pulled(functools.partial(_replay_into, render, replay, ctx),
                                              timeout=None, what=f"query {query.name}")):
                    pass
                done.append(fmt)
        return answer(tuple(done), rows)
    except _NotKept as why:
        return answer(note=f"not kept: {why}")
    except (KgError, OSError, ValueError, RuntimeError, SyntaxError) as exc:
        return answer(note=f"not kept: {_oneline(exc)}")


def _replay_into(render: Render, replay: Callable[[], Result], ctx: Context, emit: Emit) -> None:
    render(replay(), ctx, emit)


def _outputs(query: StoredQuery, backend: Backend, kept: ResultCache, base: str,
             formats: tuple[str, ...]) -> dict[str, list[_Output]]:
    """The outputs still to keep, grouped by the query text they need."""
    todo: dict[str, list[_Output]] = {}
    for fmt in formats:
        try:
            render = renderer_for(fmt, query.form)
        except UsageError:
            continue
        sparql, ctx = prepare(query, {}, fmt, lambda: base, backend.prefixes)
        if VOLATILE.search(sparql):
            raise _NotKept("its answer changes from run to run")
        key = kept_key(kept, sparql, fmt, ctx)
        if not kept.has(key):
            todo.setdefault(sparql, []).append((fmt, render, ctx, key))
    return todo


class _Capped:
    """A bytes sink that refuses more than ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        if len(self.data) > self.limit:
            raise _NotKept(f"its answer is over {self.limit >> 20} MB")
        return len(chunk)

    def flush(self) -> None:
        pass


def _replayable(result: Result, max_rows: int) -> tuple[Callable[[], Result], int | None]:
    """A way to get ``result`` again for each format, and its row count. A SELECT or ASK
    answer is kept once as SPARQL JSON results (pyoxigraph's serializer) and parsed again
    for each format (pyoxigraph's results are used in the thread that made them); a
    graph is kept as its triples."""
    if result.kind == "graph":
        triples = list(itertools.islice(result.triples, max_rows + 1))
        if len(triples) > max_rows:
            raise _NotKept(f"more than {max_rows:,} rows")
        return lambda: Result("graph", triples=iter(triples)), len(triples)
    sink = _Capped(MAX_ENTRY_BYTES)
    result.solutions.serialize(sink, format=ox.QueryResultsFormat.JSON)
    data = bytes(sink.data)

    def again() -> Result:
        return from_pyoxigraph(ox.parse_query_results(data, ox.QueryResultsFormat.JSON))

    if result.kind == "boolean":
        return again, None
    rows = sum(1 for _ in again().solutions)
    if rows > max_rows:
        raise _NotKept(f"more than {max_rows:,} rows")
    return again, rows


def _oneline(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"

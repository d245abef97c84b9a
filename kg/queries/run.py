"""Running a stored query: check everything that can be checked, bind the parameters,
open the back end, and stream the rendered output, from the kept answers of the store
version (:mod:`kg.results`) when it answered the same query before.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.prefixes import DEFAULT_BASE
from kg.queries.backends import Backend, detect_base, invalid_result, open_backend
from kg.queries.params import PREFIXES
from kg.queries.render import Context, Render, renderer_for
from kg.queries.stored import StoredQuery, find_query
from kg.queries.worker import pulled
from kg.results import ResultCache

# Functions whose value changes from one run to the next: such a query is never kept.
VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def run_query(name_or_path: str, *, params: Mapping[str, str] | None = None,
              data: Path | None = None, store_dir: Path | None = None,
              endpoint: str | None = None, fmt: str = "table", timeout: float | None = None,
              user: str | None = None, password_env: str = "KG_PASSWORD",
              cache: bool = True, width: int | None = None,
              columns: Sequence[str] = ()) -> Iterator[str]:
    """Run a stored query (by name, or a ``.rq`` path) and return its rendered output as
    an iterator of text chunks.

    Everything that can be checked before running (the query, its syntax, parameter
    names and types, the format, the back end) is checked now and raised as
    :class:`QueryError`/:class:`UsageError`/:class:`InputError`/``StoreError``; the
    query itself runs as the iterator is consumed, within ``timeout`` seconds.

    Back ends: ``data`` (a graph file, loaded in memory), ``store_dir`` (the embedded
    store; the default ``build/store`` when none is given) or ``endpoint`` (a SPARQL
    endpoint URL; ``user`` with the password in ``$password_env`` for basic auth).

    Tables: ``width`` fits them to a terminal that wide (long cells cut); None keeps
    every cell whole. ``columns`` picks the columns a table shows.

    Output from a published version of the embedded store is kept beside it
    (:mod:`kg.results`) and served again until a build publishes the next version;
    ``cache=False`` neither reads nor writes it.
    """
    query = find_query(name_or_path)
    query.check_syntax()
    render = renderer_for(fmt, query.form)
    values = dict(params or {})
    query.check_names(values)
    # type errors before touching a back end (resolved again below with the graph's base);
    # company names are looked up in the graph itself
    companies = {p.name for p in query.parameters if p.name == "company" and p.kind == "iri" and p.name in values}
    query.bindings({**values, **dict.fromkeys(companies, "x")})
    if timeout is not None and timeout <= 0:
        from kg.errors import UsageError

        raise UsageError("--timeout must be positive")
    backend = open_backend(data, store_dir, endpoint, timeout=timeout, user=user,
                           password_env=password_env)
    try:
        if companies:
            from kg.queries.companies import resolve_companies

            values.update(resolve_companies(backend, {n: values[n] for n in companies}, timeout))
        sparql, ctx = prepare(query, values, fmt, lambda: _first(pulled(
            lambda emit: emit(detect_base(backend)), timeout=timeout, what=f"query {query.name}")),
            backend.prefixes)
    except BaseException:
        backend.close()
        raise
    ctx.width, ctx.columns = width, tuple(columns)
    kept = result_cache(backend) if cache and not VOLATILE.search(sparql) else None
    if kept is None:
        return stream(query, backend, sparql, render, ctx, timeout)
    key = kept_key(kept, sparql, fmt, ctx)
    hit = kept.get(key)
    if hit is not None:
        backend.close()
        return hit
    return kept.tee(key, stream(query, backend, sparql, render, ctx, timeout))


def _first(items: Iterator[Any]) -> Any:
    try:
        return next(items)
    finally:
        items.close()  # type: ignore[attr-defined]


def prepare(query: StoredQuery, values: Mapping[str, str], fmt: str,
            base_of: Callable[[], str], backend_prefixes: Mapping[str, str]
            ) -> tuple[str, Context]:
    """The bound query text and the renderer's context for ``fmt``: the graph's base is
    looked up (``base_of``) only when the output or an IRI parameter needs it."""
    needs_base = fmt in ("table", "turtle") or any(
        p.kind == "iri" and (values.get(p.name) or p.default) for p in query.parameters)
    base = base_of() if needs_base else DEFAULT_BASE
    sparql = query.bound_text(query.bindings(values, base=base))
    return sparql, Context(prefixes={**PREFIXES, **query.prefixes, **backend_prefixes, "": base})


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The source of the query package: kept output changes when the code does."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def kept_key(kept: ResultCache, sparql: str, fmt: str, ctx: Context) -> str:
    return kept.key(code_digest(), sparql, fmt, json.dumps(sorted(ctx.prefixes.items())),
                    ctx.key() if fmt == "table" else "")


def result_cache(backend: Backend) -> ResultCache | None:
    version = getattr(backend, "version", None)
    return None if version is None else ResultCache.for_version(version)


def stream(query: StoredQuery, backend: Backend, sparql: str, render: Render, ctx: Context,
           timeout: float | None) -> Iterator[str]:
    """Evaluate and render in a worker thread (see :mod:`kg.queries.worker`); the back end
    is closed when the output ends, fails or is abandoned."""
    def work(emit: Callable[[Any], None]) -> None:
        render(query.execute(backend, sparql), ctx, emit)

    try:
        yield from pulled(work, timeout=timeout, what=f"query {query.name}")
    except KgError:
        raise
    except SyntaxError as exc:  # a remote result pyoxigraph could not parse, met while streaming
        raise invalid_result(exc) from None
    finally:
        backend.close()

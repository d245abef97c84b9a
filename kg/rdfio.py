"""Reading RDF files: one parser (pyoxigraph's, streaming), one set of one-line errors.

``kg validate``, ``kg load``, ``kg query --data`` and the store all read graph files
here, so the same broken file gives the same message everywhere::

    <file>: syntax error at line 1, column 35: . is not a valid RDF object
    <file>: no such file            (or: symbolic link loop, broken symbolic link (to X))
    <file>: is a directory, not an RDF file
    <file>: cannot read (Permission denied)

The format follows the suffix (:func:`kg.write.format_for`, the one registry of formats).
Relative IRIs resolve against the file's own ``file:`` URI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import InputError
from kg.files import missing_reason, reason
from kg.write import Format, format_for

if TYPE_CHECKING:  # rdflib only where an rdflib graph is wanted (kg query never is)
    from rdflib import Graph

_PARSER_PREFIX = re.compile(r"^Parser error(?: at line \d+ column \d+)?: ")


def check_file(path: Path | str) -> Format:
    """The file's format, once it is known to be a readable file (else :class:`InputError`)."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an RDF file")
    if not path.is_file():
        raise InputError(f"{path}: {missing_reason(path)}")
    return format_for(path)


def parse(path: Path | str, fmt: Format | None = None) -> Iterator[ox.Quad]:
    """Stream the quads of ``path``; every failure is an :class:`InputError` naming it."""
    path = Path(path)
    fmt = fmt or check_file(path)

    def quads() -> Iterator[ox.Quad]:
        yield from ox.parse(path=str(path), format=fmt.rdf_format, base_iri=_base(path))

    return _guarded(quads(), path, fmt)


def syntax_message(path: Path | str, exc: SyntaxError) -> str:
    """``<file>: syntax error at line L, column C: <reason>`` from pyoxigraph's error."""
    text = _PARSER_PREFIX.sub("", _one_line(str(exc.msg or exc)))
    if exc.lineno:
        return f"{path}: syntax error at line {exc.lineno}, column {exc.offset or 0}: {text[:200]}"
    return f"{path}: syntax error: {text[:200]}"


def read_graph(path: Path | str) -> Graph:
    """The union of the file's graphs as one plain rdflib Graph (for pySHACL)."""
    from rdflib import Graph

    from kg.terms import to_rdflib

    graph = Graph()
    try:
        graph.addN((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph)
                   for q in parse(path))
    except ValueError as exc:  # an RDF-star triple term
        raise InputError(f"{path}: {_one_line(str(exc))}") from None
    return graph


def read_store(path: Path | str) -> tuple[ox.Store, dict[str, str]]:
    """The file in an in-memory store, with the prefixes it declares.

    Dataset formats (.trig, .nq) keep their named graphs; the triples of a graph format
    (.ttl, .nt, .jsonld) go into one named graph named after the file, so that queries
    written with ``GRAPH ?g`` still match them.
    """
    path = Path(path)
    fmt = check_file(path)
    try:
        parser = ox.parse(path=str(path), format=fmt.rdf_format, base_iri=_base(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({reason(exc)})") from None
    graph = None if fmt.dataset else ox.NamedNode(path.resolve().as_uri())
    store = ox.Store()

    def quads() -> Iterator[ox.Quad]:
        for q in _guarded(parser, path, fmt):
            yield q if graph is None else ox.Quad(q.subject, q.predicate, q.object, graph)

    store.bulk_extend(quads())
    return store, dict(getattr(parser, "prefixes", None) or {})


def _guarded(quads: Iterator[ox.Quad], path: Path, fmt: Format) -> Iterator[ox.Quad]:
    try:
        yield from quads
    except SyntaxError as exc:
        raise InputError(syntax_message(path, exc)) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not valid {fmt.suffix} ({_one_line(str(exc))})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({reason(exc)})") from None


def _base(path: Path) -> str:
    return path.resolve().as_uri()


def _one_line(text: str) -> str:
    return " ".join(text.split())

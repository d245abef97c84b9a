"""Stored SPARQL queries (``queries/*.rq``): parse, bind parameters as RDF terms, run, render.

One job per module:

=================  ==============================================================
``sparql``         SPARQL text: tokens, the WHERE group, sub-SELECTs, syntax errors
``params``         typed parameters (``?_name_iri`` ...) and values as RDF terms
``stored``         ``.rq`` files with grlc headers; finding them; ``VALUES`` binding
``backends``       a graph file, the embedded store or an endpoint; one result type
``worker``         evaluation and rendering in a thread, within a deadline
``render``         the output formats (a registry): table, CSV, TSV, JSON, Turtle
``run``            :func:`run_query`: check, bind, run, keep (:mod:`kg.results`)
``ahead``          :func:`keep_answers`: answers kept after a build
=================  ==============================================================

The names below are the package's API; import them from ``kg.queries``.
"""

from __future__ import annotations

from kg.queries.ahead import AHEAD_FORMATS, AHEAD_MAX_ROWS, KeptAnswer, answers_summary, keep_answers
from kg.queries.backends import DEFAULT_STORE
from kg.queries.params import KINDS, PREFIXES, XSD, Parameter, resolve_iri
from kg.queries.render import RENDERERS, Renderer, human_number
from kg.queries.run import run_query
from kg.queries.sparql import FORMS
from kg.queries.stored import (
    QUERIES_ENV,
    StoredQuery,
    find_query,
    format_query_list,
    list_queries,
    queries_dir,
)

__all__ = [
    "AHEAD_FORMATS",
    "AHEAD_MAX_ROWS",
    "DEFAULT_STORE",
    "FORMS",
    "KINDS",
    "PREFIXES",
    "QUERIES_ENV",
    "RENDERERS",
    "XSD",
    "KeptAnswer",
    "Parameter",
    "Renderer",
    "StoredQuery",
    "answers_summary",
    "find_query",
    "format_query_list",
    "human_number",
    "keep_answers",
    "list_queries",
    "queries_dir",
    "resolve_iri",
    "run_query",
]
